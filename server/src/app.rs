//! What every handler shares: the live sandbox behind its lock, the server's address and token
//! lifetime, the machine's clock, and how a JSON body names a seed. `routes` and `control` both
//! build on it, and on nothing of each other's but `control::route`.

use std::sync::{Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use byok_engine::Duration;
use serde_json::Value;

use crate::live::Live;

pub struct App {
    pub live: Mutex<Live>,
    pub url: String,
    /// How long issued access tokens last.
    pub token_ttl: Duration,
}

impl App {
    /// The live sandbox. A panic while it was held (which the server answers with a 500) leaves
    /// it usable: each change is whole or absent.
    pub fn live(&self) -> MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Seconds since the Unix epoch by the machine's clock: what `iat` and `exp` count in.
pub fn wall_clock() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// A JSON body's field as a seed: a number or a decimal string (seeds go past what JSON numbers
/// hold exactly).
pub fn seed_field(body: &Value) -> Result<Option<u64>, String> {
    match body.get("seed") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("'seed' must be a whole number from 0 to 2^64-1, not {n}")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("'seed' must be a whole number, not '{s}'")),
        Some(other) => Err(format!("'seed' must be a whole number, not {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn seeds_are_numbers_or_decimal_strings() {
        assert_eq!(seed_field(&json!({})), Ok(None));
        assert_eq!(seed_field(&json!({ "seed": 7 })), Ok(Some(7)));
        assert_eq!(
            seed_field(&json!({ "seed": "18446744073709551615" })),
            Ok(Some(u64::MAX))
        );
        assert!(seed_field(&json!({ "seed": -1 })).is_err());
        assert!(seed_field(&json!({ "seed": 1.5 })).is_err());
        assert!(seed_field(&json!({ "seed": [] })).is_err());
    }
}
