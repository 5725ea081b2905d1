//! Where sandboxes are kept: the browser's store (`store.js`, IndexedDB and a channel between tabs,
//! and its typed face `store`), opening the sandbox the address names (`open`), making one again
//! from what is stored (`rebuild`), the open sandbox's sync with the store and the other tabs
//! (`session`), and the browser's odds and ends: files, the URL, the old storage (`persist`).

pub mod open;
pub mod persist;
pub mod rebuild;
pub mod session;
pub mod store;
