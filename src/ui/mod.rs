//! The pieces every page uses: reading form inputs, times relative to the clock, an API answer's
//! error shown with its real code and message and why, a pager for long lists, a hook for layout that depends on measured sizes, the "Download as a script" button, and
//! `Requester`,
//! the hook a page sends its requests through.

pub mod error;
pub mod format;
pub mod inputs;
pub mod measure;
pub mod pager;
pub mod request;
pub mod script;

pub use error::{explain, ErrorView, Outcome, ShownError};
pub use format::{relative, short, state_name};
pub use inputs::{input_value, select_value, textarea_value};
pub use measure::use_measure;
pub use pager::Pager;
pub use request::{use_requester, Requester};
pub use script::DownloadScript;
