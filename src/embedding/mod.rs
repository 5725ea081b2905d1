//! The live sandbox for the page around the app: `window.byokSandbox` for scripts on the same page
//! (`jsapi`), and postMessage for a page that embeds the app in an iframe (`embed`, which also
//! decides which origins may use it). Both act through the app's reducer.

pub mod embed;
pub mod jsapi;
pub mod outbox;
pub mod theme;
