//! IAM: users with their tokens, Key Protect roles and platform roles; service-to-service
//! authorizations (`ops`) and the IAM Policy Management request face (`api`). May use the engine's
//! core; Key Protect and Cloud Databases ask it who may do what.

pub(crate) mod api;
pub mod model;
mod ops;
pub mod token;
mod users;

pub use model::*;
