//! Key Protect: the keys table with the create / import form (`list`, `create`), and a key's page
//! (`page`) with its dates (`facts`), versions, policies and protected resources (`details`), and
//! every action the service offers with the dialogs that confirm the destructive ones (`actions`).

pub mod actions;
pub mod create;
pub mod details;
pub mod facts;
pub mod list;
pub mod page;

pub use list::KeysPage;
pub use page::{KeyPage, KeyProps};
