//! Languages: one message catalogue per language (`assets/i18n/en.yaml`,
//! `assets/i18n/de.yaml`), embedded at compile time. Templates fetch their fixed
//! phrases with `t(key="…")` and labels with the `label` filter; dates (the
//! `date` filter), durations and percentages (the `amount` filter) are
//! written the way each language writes them. The model serialises them the
//! same way whatever the language; only these filters know it.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::model::project::Language;
use crate::model::types::{Duration, Percent, Unit};

const EN: &str = include_str!("../assets/i18n/en.yaml");
const DE: &str = include_str!("../assets/i18n/de.yaml");

fn catalogue(lang: Language) -> &'static BTreeMap<String, String> {
    static EN_MAP: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static DE_MAP: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    let (cell, text) = match lang {
        Language::En => (&EN_MAP, EN),
        Language::De => (&DE_MAP, DE),
    };
    cell.get_or_init(|| {
        serde_saphyr::from_str(text)
            .unwrap_or_else(|e| panic!("built-in message catalogue is invalid: {e}"))
    })
}

/// The built-in message for `key` in `lang`, falling back to English (empty
/// for an unknown key, which `t()` refuses before it asks).
/// Documents take their phrases through [`Messages`], which adds a
/// project's own.
fn builtin_text(lang: Language, key: &str) -> &'static str {
    catalogue(lang)
        .get(key)
        .or_else(|| catalogue(Language::En).get(key))
        .map_or("", String::as_str)
}

/// Whether a message exists (in English, which every key must have).
pub fn has(key: &str) -> bool {
    catalogue(Language::En).contains_key(key)
}

/// Every key of a language's catalogue.
pub fn keys(lang: Language) -> impl Iterator<Item = &'static str> {
    catalogue(lang).keys().map(String::as_str)
}

/// Fills `{name}` placeholders from `args` in one pass over the message: a
/// value is never read for placeholders again, so a client named
/// `ACME {procedure}` stays that. A placeholder without a value, and a brace
/// that opens none, stay as written.
pub fn fill(template: &str, args: &[(String, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = args.iter().find(|(n, _)| n == name)?;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The messages a project's documents are written with: the built-in
/// catalogue of its language, with the phrases that the project's own
/// `messages.<language>.yaml` in its templates folder replaces.
#[derive(Clone, Debug)]
pub struct Messages {
    lang: Language,
    own: BTreeMap<String, String>,
    /// The wording variant of the project (`private`, `sector`, `unset`):
    /// a message `key.<variant>`, where the catalogue has one, stands in for
    /// `key`. See [`Messages::with_variant`].
    variant: Option<&'static str>,
}

impl Messages {
    /// The built-in catalogue of `lang` alone.
    pub fn builtin(lang: Language) -> Self {
        Messages {
            lang,
            own: BTreeMap::new(),
            variant: None,
        }
    }

    /// The file in a templates folder that replaces phrases of `lang`.
    pub fn file_name(lang: Language) -> String {
        format!("messages.{}.yaml", lang_code(lang))
    }

    /// The built-in catalogue of `lang` with the phrases of `text` (the
    /// file [`Messages::file_name`]) in place of its own. Every key must be
    /// one of the catalogue's, each value text, and a phrase may use only
    /// the placeholders (`{client}`) of the phrase it replaces; otherwise
    /// the error says which key and why.
    pub fn with_own(lang: Language, text: &str) -> Result<Self, String> {
        let own: BTreeMap<String, String> = if text.trim().is_empty() {
            BTreeMap::new()
        } else {
            serde_saphyr::from_str::<Option<BTreeMap<String, String>>>(text)
                .map_err(|e| {
                    format!(
                        "it is not a list of `key: text` lines ({})",
                        e.to_string().lines().next().unwrap_or_default()
                    )
                })?
                .unwrap_or_default()
        };
        for (key, phrase) in &own {
            if !has(key) {
                let near = keys(Language::En)
                    .map(|k| (strsim::jaro_winkler(k, key), k))
                    .filter(|(score, _)| *score > 0.85)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, k)| format!("; did you mean `{k}`?"))
                    .unwrap_or_default();
                return Err(format!(
                    "`{key}` is no message of the catalogue{near} (`outsec templates export` writes the templates, which name the keys they use)"
                ));
            }
            let allowed = placeholders(builtin_text(lang, key));
            if let Some(extra) = placeholders(phrase)
                .into_iter()
                .find(|p| !allowed.contains(p))
            {
                let list = if allowed.is_empty() {
                    "none".to_string()
                } else {
                    allowed
                        .iter()
                        .map(|p| format!("`{{{p}}}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(format!(
                    "the phrase for `{key}` uses `{{{extra}}}`, which that message does not fill (it fills {list})"
                ));
            }
        }
        Ok(Messages {
            lang,
            own,
            variant: None,
        })
    }

    pub fn lang(&self) -> Language {
        self.lang
    }

    /// The same messages in a wording variant: where the catalogue has a
    /// message `key.<variant>` (such as `tender.authority.private`), it is
    /// the text of `key`. The kind of contracting entity picks the variant
    /// (`sector`, `private`, or `unset` when the inputs do not say; a public
    /// contracting authority uses the messages as they are), so that one
    /// template names the client and its rules as each kind of client must
    /// be named. A phrase of the project's own for `key.<variant>` comes
    /// first, then its own for `key`, then the built-in variant.
    pub fn with_variant(mut self, variant: Option<&'static str>) -> Self {
        self.variant = variant;
        self
    }

    /// The phrase for `key`: the project's own, else the built-in one (in
    /// the wording variant, if the catalogue has one for `key`).
    pub fn text(&self, key: &str) -> &str {
        if let Some(variant) = self.variant {
            let special = format!("{key}.{variant}");
            if let Some(own) = self.own.get(&special).or_else(|| self.own.get(key)) {
                return own;
            }
            if has(&special) {
                return builtin_text(self.lang, &special);
            }
        }
        self.own
            .get(key)
            .map_or_else(|| builtin_text(self.lang, key), String::as_str)
    }

    /// The label of an enumerated value (`must`, `audit-rights`, …).
    pub fn label(&self, value: &str) -> String {
        let key = format!("label.{value}");
        match self.own.get(&key) {
            Some(own) => own.clone(),
            None => label(self.lang, value),
        }
    }
}

/// The language's code in file names: `en`, `de`.
fn lang_code(lang: Language) -> &'static str {
    match lang {
        Language::En => "en",
        Language::De => "de",
    }
}

/// The names of the `{name}` placeholders in a message.
fn placeholders(message: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some(close) = rest.find('}') {
            let name = &rest[..close];
            if !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                out.push(name);
            }
        }
    }
    out
}

/// The label of an enumerated value (`must`, `audit-rights`, …).
pub fn label(lang: Language, value: &str) -> String {
    let key = format!("label.{value}");
    match catalogue(lang)
        .get(&key)
        .or_else(|| catalogue(Language::En).get(&key))
    {
        Some(l) => l.clone(),
        None => value.to_string(),
    }
}

/// A date as the language writes it: `2027-03-01` in English documents
/// (unambiguous in international use), `01.03.2027` in German ones.
pub fn date(lang: Language, iso: &str) -> String {
    match (lang, iso.split('-').collect::<Vec<_>>().as_slice()) {
        (Language::De, [y, m, d]) if y.len() == 4 => format!("{d}.{m}.{y}"),
        _ => iso.to_string(),
    }
}

/// A duration or a percentage as the language writes it, from the form the
/// model serialises it in (`4 hours`, `1 hour`, `99.8%`): German documents
/// write `4 Stunden`, `1 Stunde`, `99,8 %`; English ones keep it. Any other
/// text, such as a service level's free-text target (`every working day by
/// 09:00`), is returned as it is.
pub fn amount(lang: Language, text: &str) -> String {
    match lang {
        Language::En => text.to_string(),
        Language::De => {
            if let Some(duration) = canonical::<Duration>(text) {
                german_duration(duration)
            } else if let Some(Percent(value)) = canonical::<Percent>(text) {
                format!("{value} %").replace('.', ",")
            } else {
                text.to_string()
            }
        }
    }
}

/// The value that `text` is the serialised form of, and only that: text
/// that merely reads as one (`4h`, `5e1%`) is no such form.
fn canonical<T: std::str::FromStr + std::fmt::Display>(text: &str) -> Option<T> {
    text.parse::<T>().ok().filter(|v| v.to_string() == text)
}

/// A duration as German documents write it: `4 Stunden`, `1 Tag`, `1.000 Tage`.
fn german_duration(duration: Duration) -> String {
    let one = duration.amount == 1;
    let unit = match duration.unit {
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
    format!("{} {unit}", group_thousands(&duration.amount.to_string()))
}

/// A number as the language writes it, in the shortest form that reads
/// back as the same number: `8.6`, `1000` in English (as before); `8,6`,
/// `1.000`, `1.234,5` in German, with a decimal comma and the thousands of
/// the whole part grouped by points.
pub fn number(lang: Language, x: f64) -> String {
    let plain = x.to_string();
    match lang {
        Language::En => plain,
        Language::De => {
            let (sign, digits) = match plain.strip_prefix('-') {
                Some(rest) => ("-", rest),
                None => ("", plain.as_str()),
            };
            let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
            let mut out = String::with_capacity(plain.len() + whole.len() / 3);
            out.push_str(sign);
            out.push_str(&group_thousands(whole));
            if !fraction.is_empty() {
                out.push(',');
                out.push_str(fraction);
            }
            out
        }
    }
}

/// A whole number's digits in groups of three from the right, joined by
/// points, as German writes them (`1.000`, `25.000`); shorter ones as they are.
pub fn group_thousands(digits: &str) -> String {
    if digits.len() <= 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A number as a percentage: `84.4%` in English, `84,4 %` in German (with
/// a space before the sign, as German writes it and as outsec writes the
/// percentages of the inputs).
pub fn percent(lang: Language, x: f64) -> String {
    match lang {
        Language::En => format!("{}%", number(lang, x)),
        Language::De => format!("{} %", number(lang, x)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_german_key_exists_in_english_and_the_reverse() {
        let en: Vec<&str> = keys(Language::En).collect();
        let de: Vec<&str> = keys(Language::De).collect();
        let missing_de: Vec<&&str> = en.iter().filter(|k| !de.contains(k)).collect();
        let missing_en: Vec<&&str> = de.iter().filter(|k| !en.contains(k)).collect();
        assert!(
            missing_de.is_empty(),
            "keys without German text: {missing_de:?}"
        );
        assert!(
            missing_en.is_empty(),
            "German keys unknown in English: {missing_en:?}"
        );
    }

    /// The private variants that only say `Ausschreibungsunterlagen` where
    /// the public wording says `Vergabeunterlagen` stay in step with their
    /// base message: a change to the base must be made to the variant too.
    #[test]
    fn private_variants_follow_their_base_message() {
        let de = catalogue(Language::De);
        let en = catalogue(Language::En);
        let mut seen = 0;
        for (key, base) in de {
            let Some(variant) = de.get(&format!("{key}.private")) else {
                continue;
            };
            if !base.contains("Vergabeunterlagen") {
                continue;
            }
            seen += 1;
            assert_eq!(
                variant,
                &base.replace("Vergabeunterlagen", "Ausschreibungsunterlagen"),
                "{key}.private"
            );
            assert_eq!(en[&format!("{key}.private")], en[key], "{key}.private");
        }
        assert!(seen >= 10, "{seen}");
    }

    #[test]
    fn a_variant_stands_in_for_its_key() {
        let m = Messages::builtin(Language::De);
        assert_eq!(m.text("tender.authority"), "Öffentlicher Auftraggeber");
        let private = m.clone().with_variant(Some("private"));
        assert_eq!(private.text("tender.authority"), "Auftraggeber");
        assert_eq!(private.text("tender.h.award"), m.text("tender.h.award"));
        assert_eq!(
            m.with_variant(Some("sector")).text("tender.authority"),
            "Sektorenauftraggeber"
        );
        // A phrase of the project's own for the key wins over the built-in variant.
        let own = Messages::with_own(Language::En, "tender.authority: 'Awarding bank'")
            .unwrap()
            .with_variant(Some("private"));
        assert_eq!(own.text("tender.authority"), "Awarding bank");
    }

    #[test]
    fn numbers_as_each_language_writes_them() {
        let de = |x| number(Language::De, x);
        let en = |x| number(Language::En, x);
        assert_eq!((en(8.6), de(8.6)), ("8.6".to_string(), "8,6".to_string()));
        assert_eq!((en(1000.0), de(1000.0)), ("1000".into(), "1.000".into()));
        assert_eq!(de(844.0), "844");
        assert_eq!(de(1234567.25), "1.234.567,25");
        assert_eq!(de(-1234.5), "-1.234,5");
        assert_eq!(de(0.0), "0");
        assert_eq!(percent(Language::De, 84.4), "84,4 %");
        assert_eq!(percent(Language::En, 84.4), "84.4%");
        assert_eq!(percent(Language::De, 40.0), "40 %");
        assert_eq!(group_thousands("25000"), "25.000");
        assert_eq!(group_thousands("100"), "100");
    }

    #[test]
    fn durations_and_percentages_in_each_language() {
        for (text, de) in [
            ("4 hours", "4 Stunden"),
            ("1 hour", "1 Stunde"),
            ("30 minutes", "30 Minuten"),
            ("1 minute", "1 Minute"),
            ("1 day", "1 Tag"),
            ("2 days", "2 Tage"),
            ("3 weeks", "3 Wochen"),
            ("1 month", "1 Monat"),
            ("6 months", "6 Monate"),
            ("1 year", "1 Jahr"),
            ("10 years", "10 Jahre"),
            ("99.8%", "99,8 %"),
            ("100%", "100 %"),
            ("0%", "0 %"),
            // Free text, and text that only reads as a duration or a
            // percentage, stays as written.
            ("every working day by 09:00", "every working day by 09:00"),
            ("4h", "4h"),
            ("4 Hours", "4 Hours"),
            ("5e1%", "5e1%"),
            ("", ""),
        ] {
            assert_eq!(amount(Language::De, text), de, "{text}");
            assert_eq!(amount(Language::En, text), text, "{text}");
        }
    }

    #[test]
    fn dates_and_placeholders() {
        assert_eq!(date(Language::De, "2026-11-27"), "27.11.2026");
        assert_eq!(date(Language::En, "2026-11-27"), "2026-11-27");
        assert_eq!(
            fill(
                "{a} and {b}",
                &[("a".into(), "x".into()), ("b".into(), "y".into())]
            ),
            "x and y"
        );
        // A value is not read for placeholders again.
        assert_eq!(
            fill(
                "{client} runs {procedure}, {missing} {",
                &[
                    ("client".into(), "ACME {procedure} {client}".into()),
                    ("procedure".into(), "P-1".into())
                ]
            ),
            "ACME {procedure} {client} runs P-1, {missing} {"
        );
    }
}
