//! The time axis: instants to pixels, and which ticks a view draws at any zoom, from a minute to
//! decades. Ticks fall on round instants (the hour, midnight, a Monday, the first of a month, New
//! Year) and their labels never overlap: the step is the finest whose labels fit the width, with
//! text widths estimated from the character count (a view has no font metrics before it draws).

use byok_engine::{Duration, Timestamp};

/// A linear map from instants to x coordinates: `from` at `left`, `to` at `left + width`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    pub from: Timestamp,
    pub to: Timestamp,
    pub left: f64,
    pub width: f64,
}

impl Scale {
    pub fn x(&self, t: Timestamp) -> f64 {
        self.left + (t - self.from).0 as f64 * self.px_per_second()
    }

    /// The right edge, where `to` is drawn.
    pub fn right(&self) -> f64 {
        self.left + self.width
    }

    pub fn px_per_second(&self) -> f64 {
        self.width / (self.to - self.from).0.max(1) as f64
    }
}

/// How a view estimates text: `char_px` per character, `gap` between neighbouring labels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Metrics {
    pub char_px: f64,
    pub gap: f64,
}

impl Metrics {
    /// The app's 11 px axis and span labels: digits and lowercase letters of a sans-serif font are
    /// at most about 6.3 px wide there; 6.6 leaves a margin for wider system fonts.
    pub const APP: Metrics = Metrics {
        char_px: 6.6,
        gap: 10.0,
    };

    pub fn width(&self, text: &str) -> f64 {
        text.chars().count() as f64 * self.char_px
    }
}

/// One tick of the axis: a gridline at `x` and its label centred on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub at: Timestamp,
    pub x: f64,
    pub label: String,
    /// A day, month or year boundary among finer ticks, drawn darker.
    pub major: bool,
}

impl Tick {
    /// Where the label's text runs, under `m`'s estimate.
    pub fn extent(&self, m: &Metrics) -> (f64, f64) {
        let half = m.width(&self.label) / 2.0;
        (self.x - half, self.x + half)
    }
}

/// The distances between ticks a view may choose, finest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Weeks(i64),
    Months(i64),
    Years(i64),
}

pub const STEPS: [Step; 21] = [
    Step::Minutes(1),
    Step::Minutes(5),
    Step::Minutes(10),
    Step::Minutes(15),
    Step::Minutes(30),
    Step::Hours(1),
    Step::Hours(2),
    Step::Hours(3),
    Step::Hours(6),
    Step::Hours(12),
    Step::Days(1),
    Step::Days(2),
    Step::Weeks(1),
    Step::Weeks(2),
    Step::Months(1),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Step {
    /// The step's length, months and years taken at their shortest (for the first, quick test of
    /// whether labels could fit).
    pub fn shortest(self) -> Duration {
        match self {
            Step::Minutes(n) => Duration::minutes(n),
            Step::Hours(n) => Duration::hours(n),
            Step::Days(n) => Duration::days(n),
            Step::Weeks(n) => Duration::days(7 * n),
            Step::Months(n) => Duration::days(28 * n),
            Step::Years(n) => Duration::days(365 * n),
        }
    }

    /// Whether `t` is one of this step's round instants.
    pub fn is_round(self, t: Timestamp) -> bool {
        let (y, m, d, secs) = t.civil();
        let days = t.0.div_euclid(86_400);
        match self {
            Step::Minutes(n) => t.0.rem_euclid(60 * n) == 0,
            Step::Hours(n) => t.0.rem_euclid(3_600 * n) == 0,
            Step::Days(n) => secs == 0 && days.rem_euclid(n) == 0,
            // 1970-01-01 was a Thursday: day 4 since the epoch is a Monday.
            Step::Weeks(n) => secs == 0 && (days - 4).rem_euclid(7 * n) == 0,
            Step::Months(n) => secs == 0 && d == 1 && (m - 1) % n == 0,
            Step::Years(n) => secs == 0 && d == 1 && m == 1 && y.rem_euclid(n) == 0,
        }
    }

    /// The first round instant at or after `t`.
    fn first_at_or_after(self, t: Timestamp) -> Timestamp {
        let up = |unit: i64| {
            Timestamp(t.0.div_euclid(unit) * unit + i64::from(t.0.rem_euclid(unit) != 0) * unit)
        };
        match self {
            Step::Minutes(n) => up(60 * n),
            Step::Hours(n) => up(3_600 * n),
            Step::Days(n) => up(86_400 * n),
            Step::Weeks(n) => {
                // Shift so that Mondays are multiples of the week, round up, shift back.
                let monday = 4 * 86_400;
                let unit = 7 * 86_400 * n;
                let s = t.0 - monday;
                Timestamp(
                    s.div_euclid(unit) * unit + i64::from(s.rem_euclid(unit) != 0) * unit + monday,
                )
            }
            Step::Months(n) => {
                let (y, m, d, secs) = t.civil();
                let mut months = y * 12 + (m - 1);
                if d != 1 || secs != 0 {
                    months += 1;
                }
                months += (n - months.rem_euclid(12).rem_euclid(n)).rem_euclid(n);
                Timestamp::from_civil(months.div_euclid(12), months.rem_euclid(12) + 1, 1)
            }
            Step::Years(n) => {
                let (y, m, d, secs) = t.civil();
                let mut year = y + i64::from(m != 1 || d != 1 || secs != 0);
                year += (n - year.rem_euclid(n)).rem_euclid(n);
                Timestamp::from_civil(year, 1, 1)
            }
        }
    }

    /// The round instant after `t`, which is round.
    fn next(self, t: Timestamp) -> Timestamp {
        match self {
            Step::Minutes(_) | Step::Hours(_) | Step::Days(_) | Step::Weeks(_) => {
                t + self.shortest()
            }
            Step::Months(n) => t.add_months(n as u32),
            Step::Years(n) => t.add_months(12 * n as u32),
        }
    }

    /// A tick's label and whether it is major: finer than a day, "05:00" with "01-02" at
    /// midnight; days and weeks, "01-02" with the year at New Year; months, "Feb" with the year in
    /// January; years, "2027".
    fn label(self, t: Timestamp) -> (String, bool) {
        let (y, m, d, secs) = t.civil();
        match self {
            Step::Minutes(_) | Step::Hours(_) if secs != 0 => (
                format!("{:02}:{:02}", secs / 3_600, secs % 3_600 / 60),
                false,
            ),
            Step::Minutes(_) | Step::Hours(_) | Step::Days(_) | Step::Weeks(_) => {
                if m == 1 && d == 1 {
                    (format!("{y}"), true)
                } else {
                    (
                        format!("{m:02}-{d:02}"),
                        matches!(self, Step::Minutes(_) | Step::Hours(_)) || d == 1,
                    )
                }
            }
            Step::Months(_) if m == 1 => (format!("{y}"), true),
            Step::Months(_) => (MONTHS[(m - 1) as usize].to_string(), false),
            Step::Years(_) => (format!("{y}"), false),
        }
    }
}

/// The finest step whose labels all fit the scale without overlapping (a label may not reach past
/// `bounds`, the drawing's edges), and its ticks. A range too long even for the coarsest step keeps
/// what fits of it, so labels never overlap.
pub fn ticks(scale: &Scale, m: &Metrics, bounds: (f64, f64)) -> (Step, Vec<Tick>) {
    // Five characters ("05:00", "01-02", "2027") is the widest a label gets.
    let widest = m.width("00:00") + m.gap;
    let fits = |ticks: &[Tick]| {
        ticks.windows(2).all(|w| {
            let (_, end) = w[0].extent(m);
            let (start, _) = w[1].extent(m);
            start - end >= m.gap
        })
    };
    for step in STEPS {
        if (step.shortest().0 as f64) * scale.px_per_second() < widest {
            continue;
        }
        let ticks = step_ticks(step, scale, m, bounds);
        if fits(&ticks) {
            return (step, ticks);
        }
    }
    // Decades too close together: keep every tick that clears the last one kept.
    let mut kept: Vec<Tick> = Vec::new();
    for t in step_ticks(Step::Years(10), scale, m, bounds) {
        if kept
            .last()
            .is_none_or(|k| t.extent(m).0 - k.extent(m).1 >= m.gap)
        {
            kept.push(t);
        }
    }
    (Step::Years(10), kept)
}

/// Every round instant of `step` inside the scale whose label lies within `bounds`; at most 400.
fn step_ticks(step: Step, scale: &Scale, m: &Metrics, bounds: (f64, f64)) -> Vec<Tick> {
    let mut out = Vec::new();
    let mut t = step.first_at_or_after(scale.from);
    while t <= scale.to && out.len() < 400 {
        let (label, major) = step.label(t);
        let tick = Tick {
            at: t,
            x: scale.x(t),
            label,
            major,
        };
        let (a, b) = tick.extent(m);
        if a >= bounds.0 && b <= bounds.1 {
            out.push(tick);
        }
        t = step.next(t);
    }
    out
}

/// "01-10" for an instant on a long span, "01-01 04:30" on one shorter than two days, where the
/// hour matters.
pub fn short_instant(t: Timestamp, with_time: bool) -> String {
    let (_, m, d, secs) = t.civil();
    if with_time {
        format!("{m:02}-{d:02} {:02}:{:02}", secs / 3_600, secs % 3_600 / 60)
    } else {
        format!("{m:02}-{d:02}")
    }
}
