//! Words and numbers for the drawing: instants to the minute, tick steps, the legend, lane labels
//! that fit, coordinates written without float printing.

use byok_engine::Timestamp;
use byok_timeline::axis::Step;
use byok_timeline::SpanKind;

/// "2026-01-01 00:30": an instant to the minute, for the range line.
pub fn minute(t: Timestamp) -> String {
    t.to_string()[..16].replace('T', " ")
}

pub fn step_name(step: Step) -> String {
    let (n, unit) = match step {
        Step::Minutes(n) => (n, "minute"),
        Step::Hours(n) => (n, "hour"),
        Step::Days(n) => (n, "day"),
        Step::Weeks(n) => (n, "week"),
        Step::Months(n) => (n, "month"),
        Step::Years(n) => (n, "year"),
    };
    if n == 1 {
        unit.to_string()
    } else {
        format!("{n} {unit}s")
    }
}

/// `v` held between `lo` and `hi`. Not `f64::clamp`: its panic message prints floats, and core's
/// float printing would add some 20 KB to the wasm (see `px`).
#[allow(clippy::manual_clamp)]
pub fn within(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi)
}

/// A coordinate to a tenth of a pixel ("12.5", "1180"), written with integer formatting: the only
/// floats the app prints are these, and core's float printing would add some 20 KB to the wasm.
pub fn px(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.abs() / 10, tenths.abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

pub fn legend(kind: SpanKind) -> &'static str {
    match kind {
        SpanKind::Provisioning => "provisioning",
        SpanKind::SoftDeletion => "soft-deletion period",
        SpanKind::PurgeWait => "4 h purge wait",
        SpanKind::RestoreWindow => "30-day restore window",
        SpanKind::PurgeSchedule => "90 days to purge",
        SpanKind::DualAuthWindow => "7-day dual-auth window",
        SpanKind::Propagation => "key event propagating",
        SpanKind::KmsSync => "syncing KMS state",
    }
}

pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max.max(2) - 1).collect::<String>())
    }
}

/// "orders-db · PostgreSQL" for "Databases for PostgreSQL orders-db": the name first, so it survives
/// the label column's width.
pub fn short_label(label: &str) -> String {
    for (_, display) in byok_engine::databases::SERVICES {
        if let Some(name) = label.strip_prefix(display).map(str::trim) {
            let short = display.rsplit(' ').next().unwrap_or(display);
            return format!("{name} · {short}");
        }
    }
    label.to_string()
}
