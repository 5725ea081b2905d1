//! Words for what the pages show: times relative to the clock, a key's state, a short id.

use byok_engine::Timestamp;

/// "in 4h", "3d ago", "now".
pub fn relative(at: Timestamp, now: Timestamp) -> String {
    let d = at - now;
    match d.0 {
        0 => "now".into(),
        s if s > 0 => format!("in {d}"),
        _ => format!("{} ago", byok_engine::Duration(-d.0)),
    }
}

pub fn state_name(code: u8) -> &'static str {
    match code {
        0 => "Pre-activation",
        1 => "Active",
        2 => "Suspended",
        3 => "Deactivated",
        5 => "Destroyed",
        _ => "?",
    }
}

/// An id's first eight characters (a version's, a backup's).
pub fn short(id: &str) -> String {
    id.chars().take(8).collect()
}
