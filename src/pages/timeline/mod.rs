//! The Timeline page: `byok_timeline` drawn as SVG on the virtual clock, fitted to the width it
//! has (a phone's or a desktop's). An axis of round instants, a lane per key and per deployment
//! (a deployment in its key's group), each lane's events as markers (close ones clustered with a
//! count: click to list them), its periods as bars in tracks below, each labelled with what ends it,
//! and the labelled "now" line; zoom, pan and a lane filter. Only what is in view is drawn, within
//! fixed bounds on lanes, bars and markers.
//!
//! Here: the page (`page`), its `toolbar`, the lanes drawn (`chart`), the cluster's list and the
//! event picked (`details`), the drawing's `width`, and its `words`.

pub mod chart;
pub mod details;
pub mod page;
pub mod toolbar;
pub mod width;
pub mod words;

pub use page::TimelinePage;
