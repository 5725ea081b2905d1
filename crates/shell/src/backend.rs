//! What the shell runs commands against: the sandbox itself, or the app's journaling wrapper.

use byok_engine::{Duration, Request, Response, Sandbox};

/// What the shell runs commands against. The app implements it over its reducer (so every request
/// is journaled); tests and headless users use the plain Sandbox impl.
pub trait Backend {
    fn sandbox(&self) -> &Sandbox;
    fn request(&mut self, req: &Request) -> Response;
    fn advance(&mut self, d: Duration);
    /// `sandbox reset [--seed N]`: start a new sandbox (None = a random seed chosen by the caller).
    fn reset(&mut self, seed: Option<u64>);
}

impl Backend for Sandbox {
    fn sandbox(&self) -> &Sandbox {
        self
    }

    fn request(&mut self, req: &Request) -> Response {
        Sandbox::request(self, req)
    }

    fn advance(&mut self, d: Duration) {
        Sandbox::advance(self, d)
    }

    fn reset(&mut self, seed: Option<u64>) {
        *self = Sandbox::new(seed.unwrap_or(1));
    }
}
