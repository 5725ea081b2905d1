//! The timeline: the activity log redrawn as a lane per key and per deployment, with spans for the
//! waiting periods and markers for the events.
//!
//! The log is the history (see `engine::events`), so everything here is derived from
//! `Sandbox::events()`; the sandbox's current state is read only to label lanes and to give a lane to
//! a key or deployment that exists but has no event yet. That way a purged key or a reclaimed
//! deployment keeps its lane, labelled from its events, and the timeline can never disagree with the
//! activity view. The model is pure data: the web app draws it as SVG and zooms with
//! [`Timeline::visible`].

pub mod axis;
pub mod bench;
mod builder;
mod event;
mod fold;
mod hash;
pub mod layout;
mod model;
mod view;

pub use builder::{build, Builder};
pub use model::{Ending, Lane, LaneKind, Marker, Span, SpanKind, Timeline};
pub use view::LaneView;
