//! Activity: every CADF event, newest first, filtered, each expandable to its JSON, exportable.
//! The page (`page`) reads the events through an index kept up to date as the log grows (`index`).

pub mod index;
pub mod page;

pub use page::ActivityPage;
