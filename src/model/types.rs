//! Value types shared by every input section: located values, durations,
//! percentages, dates and protection levels.

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
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

/// In the input a located value is written as the bare value, so its schema is
/// exactly the schema of `T` (same name and id, so both share one definition).
impl<T: JsonSchema> JsonSchema for Located<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> Cow<'static, str> {
        T::schema_id()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
}

/// An identifier, or a reference to one, with its location.
pub type Id = Located<String>;

/// A calendar date written as `2027-03-01`. It serialises as jiff's date
/// does; it is read by outsec so that a date that is not one is reported as
/// an [`InvalidValue`] of [`ValueKind::Date`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl std::ops::Deref for Date {
    type Target = jiff::civil::Date;
    fn deref(&self) -> &jiff::civil::Date {
        &self.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::str::FromStr for Date {
    type Err = jiff::Error;
    fn from_str(text: &str) -> Result<Self, jiff::Error> {
        text.parse().map(Date)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e| InvalidValue::error(ValueKind::Date, e))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// The kinds of value that outsec reads with parsers of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    Duration,
    Percent,
    Date,
}

impl ValueKind {
    const ALL: [ValueKind; 3] = [ValueKind::Duration, ValueKind::Percent, ValueKind::Date];

    /// The name that marks the kind in an error's message.
    fn tag(self) -> &'static str {
        match self {
            ValueKind::Duration => "duration",
            ValueKind::Percent => "percentage",
            ValueKind::Date => "date",
        }
    }
}

/// A value that one of outsec's own parsers (of a [`Duration`], a
/// [`Percent`], a [`Date`]) did not accept, and why, in words for the
/// author. serde passes such an error on as text only
/// (`de::Error::custom`), so the kind travels in front of the text, after
/// [`InvalidValue::MARK`]: [`InvalidValue::error`] writes it and
/// [`InvalidValue::from_message`] reads it, so that whoever reports the
/// error knows what it is without reading the words (see `load.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidValue {
    pub kind: ValueKind,
    pub message: String,
}

impl InvalidValue {
    /// What starts the message of an [`InvalidValue`].
    const MARK: &str = "outsec: invalid ";

    /// The error that reports `message` about a value of `kind`.
    pub fn error<E: de::Error>(kind: ValueKind, message: impl fmt::Display) -> E {
        E::custom(format_args!("{}{}: {message}", Self::MARK, kind.tag()))
    }

    /// The invalid value a custom error message reports, if one of
    /// outsec's own parsers wrote it.
    pub fn from_message(message: &str) -> Option<InvalidValue> {
        let rest = message.strip_prefix(Self::MARK)?;
        ValueKind::ALL.into_iter().find_map(|kind| {
            let text = rest.strip_prefix(kind.tag())?.strip_prefix(": ")?;
            Some(InvalidValue {
                kind,
                message: text.to_string(),
            })
        })
    }
}

/// The schema of a [`Date`]: schemars knows no jiff 1 types, so date fields
/// say `#[schemars(with = "DateSchema")]`.
pub struct DateSchema;

impl JsonSchema for DateSchema {
    fn schema_name() -> Cow<'static, str> {
        "Date".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "outsec::Date".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A calendar date written as year-month-day, for example `2027-03-01`.",
            "type": "string",
            "format": "date",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
            "patternErrorMessage": "write a date as year-month-day, for example `2027-03-01`",
            "examples": ["2027-03-01"],
        })
    }
}

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

/// Every way of writing a unit (lower case; the input may use any case),
/// in English and German. A bare `m` is not accepted: it would be minutes
/// to one reader and months (Monate) to another.
const UNIT_NAMES: [(&str, Unit); 35] = [
    ("min", Unit::Minutes),
    ("mins", Unit::Minutes),
    ("minute", Unit::Minutes),
    ("minutes", Unit::Minutes),
    ("minuten", Unit::Minutes),
    ("std", Unit::Hours),
    ("stunde", Unit::Hours),
    ("stunden", Unit::Hours),
    ("tag", Unit::Days),
    ("tage", Unit::Days),
    ("woche", Unit::Weeks),
    ("wochen", Unit::Weeks),
    ("monat", Unit::Months),
    ("monate", Unit::Months),
    ("jahr", Unit::Years),
    ("jahre", Unit::Years),
    ("h", Unit::Hours),
    ("hr", Unit::Hours),
    ("hrs", Unit::Hours),
    ("hour", Unit::Hours),
    ("hours", Unit::Hours),
    ("d", Unit::Days),
    ("day", Unit::Days),
    ("days", Unit::Days),
    ("w", Unit::Weeks),
    ("wk", Unit::Weeks),
    ("week", Unit::Weeks),
    ("weeks", Unit::Weeks),
    ("mo", Unit::Months),
    ("month", Unit::Months),
    ("months", Unit::Months),
    ("y", Unit::Years),
    ("yr", Unit::Years),
    ("year", Unit::Years),
    ("years", Unit::Years),
];

impl Unit {
    fn parse(s: &str) -> Option<Unit> {
        UNIT_NAMES
            .iter()
            .find(|(name, _)| *name == s)
            .map(|&(_, unit)| unit)
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

impl Duration {
    /// The duration as German documents write it: `4 Stunden`, `1 Tag`.
    pub fn german(&self) -> String {
        let one = self.amount == 1;
        let unit = match self.unit {
            Unit::Minutes if one => "Minute",
            Unit::Minutes => "Minuten",
            Unit::Hours if one => "Stunde",
            Unit::Hours => "Stunden",
            Unit::Days if one => "Tag",
            Unit::Days => "Tage",
            Unit::Weeks if one => "Woche",
            Unit::Weeks => "Wochen",
            Unit::Months if one => "Monat",
            Unit::Months => "Monate",
            Unit::Years if one => "Jahr",
            Unit::Years => "Jahre",
        };
        format!(
            "{} {unit}",
            crate::i18n::group_thousands(&self.amount.to_string())
        )
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e: String| InvalidValue::error(ValueKind::Duration, e))
    }
}

/// Serialised for templates in the language of the document being rendered.
impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match crate::i18n::current() {
            crate::model::project::Language::De => s.serialize_str(&self.german()),
            crate::model::project::Language::En => s.collect_str(self),
        }
    }
}

impl Duration {
    /// A regular expression (ECMA 262, as JSON Schema uses) for exactly the
    /// texts [`Duration::from_str`](std::str::FromStr) accepts: a whole
    /// number, optional spaces, and a unit in any case.
    pub fn pattern() -> String {
        // JSON Schema patterns have no case-insensitive flag: `[mM][iI][nN]`.
        let mut names: Vec<&str> = UNIT_NAMES.iter().map(|(name, _)| *name).collect();
        // Longest first, so that the alternation reads naturally.
        names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        let units: Vec<String> = names
            .iter()
            .map(|name| {
                name.chars()
                    .map(|c| format!("[{c}{}]", c.to_ascii_uppercase()))
                    .collect()
            })
            .collect();
        format!(r"^\s*[0-9]+\s*({})\s*$", units.join("|"))
    }
}

const DURATION_HINT: &str = "write a whole number and a unit, for example `30min`, `4h`, `2d`, `3 weeks`, `6 months` or `1 year`";

impl JsonSchema for Duration {
    fn schema_name() -> Cow<'static, str> {
        "Duration".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "outsec::Duration".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A span of time: a whole number and a unit, for example `30min`, `4h`, `2d`, `3 weeks`, `6 months` or `1 year`. Units: `min`/`minutes`, `h`/`hours`, `d`/`days`, `w`/`weeks`, `mo`/`months`, `y`/`years` (singular and short forms such as `hr`, `wk`, `yr` work too, in any case). A month counts as 30 days and a year as 365 days.",
            "type": "string",
            "pattern": Duration::pattern(),
            "patternErrorMessage": DURATION_HINT,
            "examples": ["30min", "4h", "2d", "3 weeks", "6 months", "1 year"],
        })
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
        // A decimal comma, as German writes it (`99,5 %`), is accepted too.
        let value: f64 = number.trim().replace(',', ".").parse().map_err(|_| {
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
        text.parse()
            .map_err(|e: String| InvalidValue::error(ValueKind::Percent, e))
    }
}

/// Serialised for templates in the language of the document being rendered:
/// `99.8%`, or `99,8 %` in German.
impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match crate::i18n::current() {
            crate::model::project::Language::De => {
                s.serialize_str(&format!("{} %", self.0).replace('.', ","))
            }
            crate::model::project::Language::En => s.collect_str(self),
        }
    }
}

impl Percent {
    /// A regular expression for the usual ways of writing a percentage from
    /// 0% to 100% (`99.8%`, `100 %`). [`Percent::from_str`](std::str::FromStr)
    /// also takes rarer spellings such as `5e1%`; the schema flags those.
    pub const PATTERN: &str = r"^\s*(100(\.0+)?|[0-9]{1,2}(\.[0-9]+)?)\s*%\s*$";
}

const PERCENT_HINT: &str = "write a number from 0 to 100 followed by `%`, for example `99.8%`";

impl JsonSchema for Percent {
    fn schema_name() -> Cow<'static, str> {
        "Percent".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "outsec::Percent".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A percentage from 0% to 100%: a number followed by `%`, for example `99.8%`.",
            "type": "string",
            "pattern": Percent::PATTERN,
            "patternErrorMessage": PERCENT_HINT,
            "examples": ["99.8%"],
        })
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
            return text
                .parse()
                .map(Target::Percent)
                .map_err(|e: String| InvalidValue::error(ValueKind::Percent, e));
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

impl JsonSchema for Target {
    fn schema_name() -> Cow<'static, str> {
        "Target".into()
    }

    fn schema_id() -> Cow<'static, str> {
        "outsec::Target".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        // Any text is a target, but text ending in `%` must be a percentage.
        json_schema!({
            "description": "A service-level target: a percentage (`99.8%`), a duration (`4h`, `30min`) or free text such as `every working day by 09:00`.",
            "type": "string",
            "if": { "pattern": r"%\s*$" },
            "then": { "pattern": Percent::PATTERN, "patternErrorMessage": PERCENT_HINT },
            "examples": ["99.8%", "4h", "every working day by 09:00"],
        })
    }
}

/// Protection need of a process or system for one security objective, as the
/// BSI protection-needs assessment defines the categories.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Protection {
    /// The impact of damage is limited and manageable.
    Normal,
    /// The impact of damage can be considerable.
    High,
    /// The impact of damage can reach an existentially threatening,
    /// catastrophic level.
    VeryHigh,
}

/// Protection needs for confidentiality, integrity and availability.
#[derive(Clone, Debug, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProtectionNeeds {
    /// Protection need for confidentiality (harm if the information is
    /// disclosed): `normal`, `high` or `very-high`.
    pub confidentiality: Protection,
    /// Protection need for integrity (harm if the information or processing
    /// is altered or wrong): `normal`, `high` or `very-high`.
    pub integrity: Protection,
    /// Protection need for availability (harm if the process or system is
    /// unavailable): `normal`, `high` or `very-high`.
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
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Frequency {
    /// All the time, for example automated monitoring.
    Continuous,
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every three months.
    Quarterly,
    /// Every six months.
    SemiAnnually,
    /// Once a year.
    Annually,
    /// Every two years.
    Biennially,
    /// Whenever a triggering event occurs, for example after an incident or
    /// a major change.
    OnEvent,
}

impl Frequency {
    /// Every frequency, most frequent first (the order of the calendar in
    /// the operations plan).
    pub const ALL: [Frequency; 9] = [
        Frequency::Continuous,
        Frequency::Daily,
        Frequency::Weekly,
        Frequency::Monthly,
        Frequency::Quarterly,
        Frequency::SemiAnnually,
        Frequency::Annually,
        Frequency::Biennially,
        Frequency::OnEvent,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequency_all_lists_every_value_in_order() {
        let schema = serde_json::to_value(schemars::schema_for!(Frequency)).unwrap();
        let names: Vec<String> = schema["oneOf"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v["const"].as_str().or_else(|| v["enum"][0].as_str()))
            .map(str::to_string)
            .collect();
        let all: Vec<String> = Frequency::ALL
            .iter()
            .map(|f| {
                serde_json::to_value(f)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(all, names, "Frequency::ALL misses or misorders a value");
        assert!(Frequency::ALL.is_sorted());
    }

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
        assert_eq!("4 Stunden".parse::<Duration>().unwrap().minutes(), 240);
        assert_eq!(
            "6 Monate".parse::<Duration>().unwrap().to_string(),
            "6 months"
        );
        assert!(
            "6m".parse::<Duration>().is_err(),
            "minutes or months? neither"
        );
        assert!("4 fortnights".parse::<Duration>().is_err());
        assert!("-4h".parse::<Duration>().is_err());
    }

    #[test]
    fn percentages_parse_and_print_without_noise() {
        assert_eq!("99.8%".parse::<Percent>().unwrap().to_string(), "99.8%");
        assert_eq!("100 %".parse::<Percent>().unwrap().to_string(), "100%");
        assert!("99.8".parse::<Percent>().is_err());
        assert!("101%".parse::<Percent>().is_err());
        assert_eq!("99,5 %".parse::<Percent>().unwrap().0, 99.5);
    }

    #[test]
    fn an_invalid_value_keeps_its_kind_through_a_custom_error() {
        #[derive(Debug)]
        struct Custom(String);
        impl fmt::Display for Custom {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl std::error::Error for Custom {}
        impl de::Error for Custom {
            fn custom<T: fmt::Display>(msg: T) -> Self {
                Custom(msg.to_string())
            }
        }
        for kind in ValueKind::ALL {
            let Custom(message) = InvalidValue::error(kind, "`x`: not one: write `4h`");
            assert_eq!(
                InvalidValue::from_message(&message),
                Some(InvalidValue {
                    kind,
                    message: "`x`: not one: write `4h`".to_string()
                })
            );
        }
        assert_eq!(InvalidValue::from_message("invalid date"), None);
        assert_eq!(
            InvalidValue::from_message("outsec: invalid colour: red"),
            None
        );
    }

    #[test]
    fn dates_read_and_serialise_as_jiff_writes_them() {
        let date: Date = "2027-03-01".parse().unwrap();
        assert_eq!(date.to_string(), "2027-03-01");
        assert_eq!(serde_json::to_string(&date).unwrap(), "\"2027-03-01\"");
        assert!("2027-02-30".parse::<Date>().is_err());
    }
}
