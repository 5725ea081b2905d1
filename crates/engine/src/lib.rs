//! The engine: Key Protect (and, later, IAM and Cloud Databases) simulated on a virtual clock.
//!
//! Pure Rust with no browser import: it never reads a real clock (every instant comes from the
//! sandbox's clock) and draws all randomness from one seeded source, so a seed and a list of
//! commands replay exactly, natively and in wasm.

pub mod activity;
mod advance;
/// Benchmark bodies, shared by the native runner and the browser (the JS class's `bench` feature).
pub mod bench;
pub mod clock;
pub mod command;
pub mod crn;
pub mod crypto;
pub mod databases;
pub mod error;
pub mod events;
pub mod iam;
pub mod kms;
mod platform;
pub mod request;
pub mod rng;
pub mod sandbox;
mod shape;
pub mod snapshot;
pub mod sort;
pub mod time;

pub use command::{Command, KmsOp, Outcome};
pub use error::ApiError;
pub use iam::token::{Verified, TOKEN_LIFETIME};
pub use iam::{Actor, KpRole};
pub use request::{Request, Response};
pub use sandbox::Sandbox;
pub use time::{Duration, Timestamp};
