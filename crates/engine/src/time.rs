//! Instants and durations on the sandbox's virtual clock.
//!
//! The engine never reads a real clock: every instant is a count of seconds since the Unix epoch that
//! the sandbox's clock hands out. Formatting and parsing follow RFC 3339 in UTC (`2026-01-01T00:00:00Z`),
//! the form Key Protect uses for every date field.

use std::fmt;

/// An instant on the virtual clock, in whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

/// A span of virtual time in whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Duration(pub i64);

impl Duration {
    pub const ZERO: Duration = Duration(0);
    pub const SECOND: Duration = Duration(1);
    pub const MINUTE: Duration = Duration(60);
    pub const HOUR: Duration = Duration(3_600);
    pub const DAY: Duration = Duration(86_400);

    pub const fn seconds(n: i64) -> Duration {
        Duration(n)
    }
    pub const fn minutes(n: i64) -> Duration {
        Duration(n * 60)
    }
    pub const fn hours(n: i64) -> Duration {
        Duration(n * 3_600)
    }
    pub const fn days(n: i64) -> Duration {
        Duration(n * 86_400)
    }

    /// Parses the sandbox's duration syntax: one or more `<number><unit>` parts with units
    /// `d`, `h`, `m`, `s` (and `w` for weeks), e.g. `9d`, `30s`, `4h`, `1d12h`.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("a duration is empty; write e.g. 30s, 4h, 9d or 1d12h".into());
        }
        let mut total: i64 = 0;
        let mut digits = String::new();
        for c in text.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let unit = match c {
                'w' => 7 * 86_400,
                'd' => 86_400,
                'h' => 3_600,
                'm' => 60,
                's' => 1,
                _ => {
                    return Err(format!(
                        "'{text}' is not a duration: unknown unit '{c}' (use d, h, m, s or w)"
                    ))
                }
            };
            if digits.is_empty() {
                return Err(format!(
                    "'{text}' is not a duration: unit '{c}' has no number before it"
                ));
            }
            let n: i64 = digits
                .parse()
                .map_err(|_| format!("'{text}' is not a duration: the number is too large"))?;
            total = n
                .checked_mul(unit)
                .and_then(|s| total.checked_add(s))
                .ok_or_else(|| format!("'{text}' is not a duration: it is too long"))?;
            digits.clear();
        }
        if !digits.is_empty() {
            return Err(format!(
                "'{text}' is not a duration: '{digits}' has no unit (d, h, m, s or w)"
            ));
        }
        Ok(Duration(total))
    }
}

impl fmt::Display for Duration {
    /// Writes the shortest form that parses back, e.g. `1d12h`, `4h0m0s` style is left to callers.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        if rest == 0 {
            return f.write_str("0s");
        }
        if rest < 0 {
            f.write_str("-")?;
            rest = -rest;
        }
        for (unit, name) in [(86_400, "d"), (3_600, "h"), (60, "m"), (1, "s")] {
            if rest >= unit {
                write!(f, "{}{name}", rest / unit)?;
                rest %= unit;
            }
        }
        Ok(())
    }
}

impl std::ops::Add<Duration> for Timestamp {
    type Output = Timestamp;
    fn add(self, d: Duration) -> Timestamp {
        Timestamp(self.0.saturating_add(d.0))
    }
}

impl std::ops::Sub<Timestamp> for Timestamp {
    type Output = Duration;
    fn sub(self, other: Timestamp) -> Duration {
        Duration(self.0 - other.0)
    }
}

impl Timestamp {
    /// The instant a new sandbox's clock starts at.
    pub const START: Timestamp = Timestamp(1_767_225_600); // 2026-01-01T00:00:00Z

    /// Parses an RFC 3339 date-time (`2026-01-01T00:00:00Z`, fractional seconds and `+hh:mm` offsets
    /// accepted); fractions are dropped since the clock counts whole seconds.
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        let b = text.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return None;
        }
        if b[13] != b':' || b[16] != b':' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(r)?;
            if !s.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            s.parse().ok()
        };
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
            || hour > 23
            || minute > 59
            || second > 60
        {
            return None;
        }
        let mut rest = &text[19..];
        if let Some(frac) = rest.strip_prefix('.') {
            let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 {
                return None;
            }
            rest = &frac[digits..];
        }
        let offset = match rest {
            "Z" | "z" => 0,
            _ => {
                let rb = rest.as_bytes();
                if rb.len() != 6 || rb[3] != b':' || !matches!(rb[0], b'+' | b'-') {
                    return None;
                }
                let h: i64 = rest[1..3].parse().ok()?;
                let m: i64 = rest[4..6].parse().ok()?;
                let sign = if rb[0] == b'-' { -1 } else { 1 };
                sign * (h * 3_600 + m * 60)
            }
        };
        let days = days_from_civil(year, month, day);
        Some(Timestamp(
            days * 86_400 + hour * 3_600 + minute * 60 + second - offset,
        ))
    }

    /// The calendar date (year, month 1-12, day 1-31) and the seconds since that day's midnight, UTC.
    pub fn civil(self) -> (i64, i64, i64, i64) {
        let (y, m, d) = civil_from_days(self.0.div_euclid(86_400));
        (y, m, d, self.0.rem_euclid(86_400))
    }

    /// Midnight UTC of a calendar date; a day past the month's end rolls into the next month.
    pub fn from_civil(year: i64, month: i64, day: i64) -> Timestamp {
        Timestamp(days_from_civil(year, month, day) * 86_400)
    }

    /// The same wall-clock time `months` calendar months later; the day is clamped to the
    /// month's length (Jan 31 + 1 month = Feb 28 or 29).
    pub fn add_months(self, months: u32) -> Timestamp {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let total = y * 12 + (m - 1) + months as i64;
        let (ny, nm) = (total.div_euclid(12), total.rem_euclid(12) + 1);
        let nd = d.min(days_in_month(ny, nm));
        Timestamp(days_from_civil(ny, nm, nd) * 86_400 + secs)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0.div_euclid(86_400);
        let secs = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(
            f,
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            secs / 3_600,
            secs % 3_600 / 60,
            secs % 60
        )
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(y) => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_formats_as_rfc3339() {
        assert_eq!(Timestamp::START.to_string(), "2026-01-01T00:00:00Z");
        assert_eq!(
            Timestamp::parse_rfc3339("2026-01-01T00:00:00Z"),
            Some(Timestamp::START)
        );
    }

    #[test]
    fn parse_round_trips_and_rejects_nonsense() {
        for s in [
            "1999-12-31T23:59:59Z",
            "2028-02-29T12:00:00Z",
            "2026-07-04T08:09:10Z",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(s).unwrap().to_string(), s);
        }
        let t = Timestamp::parse_rfc3339("2026-01-01T02:00:00.123+02:00").unwrap();
        assert_eq!(t, Timestamp::START);
        for s in [
            "2026-02-30T00:00:00Z",
            "2026-01-01",
            "2026-01-01T00:00:00",
            "tomorrow",
            "2026-13-01T00:00:00Z",
        ] {
            assert_eq!(Timestamp::parse_rfc3339(s), None, "{s}");
        }
    }

    #[test]
    fn months_clamp_to_the_end_of_short_months() {
        let jan31 = Timestamp::parse_rfc3339("2026-01-31T10:00:00Z").unwrap();
        assert_eq!(jan31.add_months(1).to_string(), "2026-02-28T10:00:00Z");
        assert_eq!(jan31.add_months(13).to_string(), "2027-02-28T10:00:00Z");
        assert_eq!(jan31.add_months(12).to_string(), "2027-01-31T10:00:00Z");
    }

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(Duration::parse("9d"), Ok(Duration::days(9)));
        assert_eq!(Duration::parse("1d12h"), Ok(Duration::hours(36)));
        assert_eq!(Duration::parse("30s"), Ok(Duration::seconds(30)));
        assert_eq!(Duration::parse("2w"), Ok(Duration::days(14)));
        assert_eq!(Duration::hours(36).to_string(), "1d12h");
        assert!(Duration::parse("9x")
            .unwrap_err()
            .contains("unknown unit 'x'"));
        assert!(Duration::parse("12").unwrap_err().contains("has no unit"));
        assert!(Duration::parse("d").unwrap_err().contains("no number"));
        assert!(Duration::parse("").is_err());
    }
}
