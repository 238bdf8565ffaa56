//! Value types shared by every input section: located values, durations,
//! percentages, dates and protection levels.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize, Serializer};

thread_local! {
    /// Index of the input file being parsed, stamped into every [`Located`]
    /// value so that a later check can name `file:line:column`.
    static CURRENT_FILE: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f` with `file` as the file index recorded by every [`Located`] value
/// deserialised inside it.
pub fn with_file<R>(file: u32, f: impl FnOnce() -> R) -> R {
    let previous = CURRENT_FILE.with(|c| c.replace(file));
    let result = f();
    CURRENT_FILE.with(|c| c.set(previous));
    result
}

/// A position in an input file: file index (into the loaded file list),
/// 1-based line and column. Line 0 means "unknown".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub file: u32,
    pub line: u32,
    pub col: u32,
}

/// A value together with where it was written. It serialises as the bare
/// value, so templates never see locations.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub value: T,
    pub loc: Loc,
}

impl<T> Located<T> {
    pub fn new(value: T, loc: Loc) -> Self {
        Located { value, loc }
    }
}

impl<T> std::ops::Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: PartialEq> PartialEq for Located<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Located<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(d)?;
        let at = spanned.referenced;
        let loc = Loc {
            file: CURRENT_FILE.with(Cell::get),
            line: u32::try_from(at.line()).unwrap_or(u32::MAX),
            col: u32::try_from(at.column()).unwrap_or(u32::MAX),
        };
        Ok(Located::new(spanned.value, loc))
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// An identifier, or a reference to one, with its location.
pub type Id = Located<String>;

/// A calendar date written as `2027-03-01`.
pub type Date = jiff::civil::Date;

/// Units a [`Duration`] can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Minutes,
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

impl Unit {
    fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "min" | "mins" | "minute" | "minutes" | "m" => Unit::Minutes,
            "h" | "hr" | "hrs" | "hour" | "hours" => Unit::Hours,
            "d" | "day" | "days" => Unit::Days,
            "w" | "wk" | "week" | "weeks" => Unit::Weeks,
            "mo" | "month" | "months" => Unit::Months,
            "y" | "yr" | "year" | "years" => Unit::Years,
            _ => return None,
        })
    }

    /// Length of one unit in minutes; a month counts as 30 days and a year
    /// as 365 days, which is what service-level arithmetic expects.
    fn minutes(self) -> u64 {
        match self {
            Unit::Minutes => 1,
            Unit::Hours => 60,
            Unit::Days => 24 * 60,
            Unit::Weeks => 7 * 24 * 60,
            Unit::Months => 30 * 24 * 60,
            Unit::Years => 365 * 24 * 60,
        }
    }

    fn name(self, amount: u32) -> &'static str {
        let one = amount == 1;
        match self {
            Unit::Minutes if one => "minute",
            Unit::Minutes => "minutes",
            Unit::Hours if one => "hour",
            Unit::Hours => "hours",
            Unit::Days if one => "day",
            Unit::Days => "days",
            Unit::Weeks if one => "week",
            Unit::Weeks => "weeks",
            Unit::Months if one => "month",
            Unit::Months => "months",
            Unit::Years if one => "year",
            Unit::Years => "years",
        }
    }
}

/// A span of time such as `30min`, `4h`, `2d`, `6 months`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Duration {
    pub amount: u32,
    pub unit: Unit,
}

impl Duration {
    pub fn minutes(self) -> u64 {
        u64::from(self.amount) * self.unit.minutes()
    }
}

impl std::str::FromStr for Duration {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let t = text.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(split);
        let hint = "write a whole number and a unit, for example `30min`, `4h`, `2d`, `3 weeks`, `6 months` or `1 year`";
        let amount: u32 = number
            .parse()
            .map_err(|_| format!("`{text}` is not a duration: {hint}"))?;
        let unit = Unit::parse(&unit.trim().to_ascii_lowercase())
            .ok_or_else(|| format!("`{text}` has no known unit: {hint}"))?;
        Ok(Duration { amount, unit })
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.amount, self.unit.name(self.amount))
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A percentage written as `99.8%`.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
pub struct Percent(pub f64);

impl std::str::FromStr for Percent {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        let number = text.trim().strip_suffix('%').ok_or_else(|| {
            format!(
                "`{text}` is not a percentage: write a number followed by `%`, for example `99.8%`"
            )
        })?;
        let value: f64 = number.trim().parse().map_err(|_| {
            format!(
                "`{text}` is not a percentage: write a number followed by `%`, for example `99.8%`"
            )
        })?;
        if !(0.0..=100.0).contains(&value) {
            return Err(format!("`{text}` is outside 0% to 100%"));
        }
        Ok(Percent(value))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Shortest form that round-trips: 99.8%, 100%, 99.95%.
        write!(f, "{}%", self.0)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(de::Error::custom)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A service-level target: a percentage, a duration, or free text such as
/// `every working day by 09:00`.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Percent(Percent),
    Duration(Duration),
    Text(String),
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if text.trim_end().ends_with('%') {
            return text.parse().map(Target::Percent).map_err(de::Error::custom);
        }
        Ok(match text.parse() {
            Ok(duration) => Target::Duration(duration),
            Err(_) => Target::Text(text),
        })
    }
}

impl Serialize for Target {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Target::Percent(p) => p.serialize(s),
            Target::Duration(d) => d.serialize(s),
            Target::Text(t) => s.serialize_str(t),
        }
    }
}

/// Protection need of a process or system for one security objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protection {
    Normal,
    High,
    VeryHigh,
}

/// Protection needs for confidentiality, integrity and availability.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProtectionNeeds {
    pub confidentiality: Protection,
    pub integrity: Protection,
    pub availability: Protection,
}

impl ProtectionNeeds {
    /// The highest of the three needs (the maximum principle).
    pub fn max(&self) -> Protection {
        self.confidentiality
            .max(self.integrity)
            .max(self.availability)
    }
}

/// How often something recurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    Continuous,
    Daily,
    Weekly,
    Monthly,
    Quarterly,
    SemiAnnually,
    Annually,
    Biennially,
    OnEvent,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_in_every_written_form() {
        for (text, minutes) in [
            ("30min", 30),
            ("4h", 240),
            ("2d", 2880),
            ("6 months", 6 * 30 * 24 * 60),
            ("1 week", 7 * 24 * 60),
            ("15 Minutes", 15),
            ("1y", 365 * 24 * 60),
        ] {
            let d: Duration = text.parse().unwrap();
            assert_eq!(d.minutes(), minutes, "{text}");
        }
        assert_eq!("4h".parse::<Duration>().unwrap().to_string(), "4 hours");
        assert_eq!("1 h".parse::<Duration>().unwrap().to_string(), "1 hour");
        assert!("four hours".parse::<Duration>().is_err());
        assert!("4 fortnights".parse::<Duration>().is_err());
        assert!("-4h".parse::<Duration>().is_err());
    }

    #[test]
    fn percentages_parse_and_print_without_noise() {
        assert_eq!("99.8%".parse::<Percent>().unwrap().to_string(), "99.8%");
        assert_eq!("100 %".parse::<Percent>().unwrap().to_string(), "100%");
        assert!("99.8".parse::<Percent>().is_err());
        assert!("101%".parse::<Percent>().is_err());
    }
}
