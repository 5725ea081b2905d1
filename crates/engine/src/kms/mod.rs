//! Key Protect: the model of keys and what surrounds them (`model`), every operation by concern
//! (`lifecycle`, `wrap`, `policies`, `registrations`, `key_rings`, listing in `list`), who may run
//! them (`access`), the dispatcher that logs them (`ops`), and the API v2 request face (`api`,
//! `api_body`). May use the engine's core (sandbox, command, events, crypto, crn, time, rng,
//! errors); knows nothing of IAM policies or databases beyond telling registered services of key
//! events (`Sandbox::key_changed`).

mod access;
mod api;
mod api_body;
mod api_query;
mod instances;
mod key_rings;
mod lifecycle;
mod list;
pub mod model;
mod ops;
mod policies;
mod registrations;
mod wrap;

pub use access::{Need, OpInfo};
pub use api::error_response;
pub use model::*;
