//! Settings (`page`): the sandbox's `timings`, keeping or sharing it (`share`: export and import),
//! the sandboxes saved in this browser (`sandboxes` does the work against the store,
//! `sandbox_list` draws them), the copies kept because they could not be read (`kept`), and reset
//! with a new or given seed.

pub mod kept;
pub mod page;
pub mod sandbox_list;
pub mod sandboxes;
pub mod share;
pub mod timings;

pub use page::SettingsPage;
pub use sandbox_list::{ListProps, SandboxList};
