//! Every id the project defines and every reference to one, with the kind
//! of item each reference expects. Both are found by one walk over the
//! model ([`crate::model::visit`]): a reference field is typed with what it
//! names (`Ref<Contact>`), so no list here has to name the fields.

use crate::model::visit::{Place, Sink, Visitor};
use crate::model::{Id, Model};

pub use crate::model::visit::Kind;

/// An id definition: the id, what it names, and whether the item is internal.
#[derive(Clone, Copy)]
pub struct Def<'a> {
    pub id: &'a Id,
    pub kind: Kind,
    pub internal: bool,
}

/// A reference: the id written, the kinds it may name, what holds it (the
/// field path, as `contract.clauses.covers`), and whether that holder is
/// itself internal (seen only in internal documents).
pub struct Ref<'a> {
    pub id: &'a Id,
    pub expects: &'static [Kind],
    pub field: &'static str,
    pub from_internal: bool,
}

/// The id definitions a walk over the model finds.
#[derive(Default)]
struct Defs<'a>(Vec<Def<'a>>);

impl<'a> Sink<'a> for Defs<'a> {
    fn definition(&mut self, at: &Place, id: &'a Id, kind: Kind) {
        self.0.push(Def {
            id,
            kind,
            internal: at.internal(),
        });
    }
}

/// The references a walk over the model finds.
#[derive(Default)]
struct Refs<'a>(Vec<Ref<'a>>);

impl<'a> Sink<'a> for Refs<'a> {
    fn reference(&mut self, at: &Place, id: &'a Id, expects: &'static [Kind]) {
        self.0.push(Ref {
            id,
            expects,
            field: at.path(),
            from_internal: at.internal(),
        });
    }
}

/// Every id definition, by kind (in the order of [`Kind`]) and within a kind
/// in input order: the first of two equal ids is the one reported as
/// "first used here".
pub fn definitions(m: &Model) -> Vec<Def<'_>> {
    let mut defs = Defs::default();
    Visitor::walk(&mut defs, m);
    // Stable: input order stays within a kind.
    defs.0.sort_by_key(|d| d.kind);
    defs.0
}

/// Every reference, in the order of the model's fields and, within a list,
/// of its items.
pub fn references(m: &Model) -> Vec<Ref<'_>> {
    let mut refs = Refs::default();
    Visitor::walk(&mut refs, m);
    refs.0
}

/// The most characters an id may have.
pub const MAX_ID_CHARS: usize = 64;

/// The id syntax in words, for help texts and the README.
pub const ID_SYNTAX: &str = "ids are 1 to 64 characters long, made of the letters A to Z and a to z, the digits 0 to 9, `.`, `_` and `-`, and start with a letter or a digit";

/// Whether `id` is a valid id: 1 to [`MAX_ID_CHARS`] characters of
/// `A–Z a–z 0–9 . _ -`, starting with a letter or digit. Ids are ASCII, so
/// they can name anchors, table cells and file names without escaping.
pub fn is_valid(id: &str) -> bool {
    let b = id.as_bytes();
    !b.is_empty()
        && b.len() <= MAX_ID_CHARS
        && b[0].is_ascii_alphanumeric()
        && b.iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-'))
}

/// The key under which two ids count as the same: ids that differ only in
/// case are duplicates. Meant for valid (ASCII) ids.
pub fn fold(id: &str) -> String {
    id.to_ascii_lowercase()
}

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')
}

/// Characters that take no room on screen or change the order in which the
/// text around them is shown: a reader cannot see them in an id.
fn invisible(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{00ad}' => "soft hyphen",
        '\u{034f}' => "combining grapheme joiner",
        '\u{061c}' => "Arabic letter mark",
        '\u{180e}' => "Mongolian vowel separator",
        '\u{200b}' => "zero-width space",
        '\u{200c}' => "zero-width non-joiner",
        '\u{200d}' => "zero-width joiner",
        '\u{200e}' => "left-to-right mark",
        '\u{200f}' => "right-to-left mark",
        '\u{202a}' => "left-to-right embedding",
        '\u{202b}' => "right-to-left embedding",
        '\u{202c}' => "pop directional formatting",
        '\u{202d}' => "left-to-right override",
        '\u{202e}' => "right-to-left override",
        '\u{2060}' => "word joiner",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{feff}' => "zero-width no-break space",
        _ => return None,
    })
}

/// A character that is not allowed in an id, described for a person.
fn describe(c: char) -> String {
    if let Some(name) = invisible(c) {
        let effect = if matches!(c, '\u{200e}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{061c}')
        {
            "which cannot be seen and changes the order in which text is shown"
        } else {
            "which cannot be seen"
        };
        return format!("the character U+{:04X} ({name}), {effect}", u32::from(c));
    }
    match c {
        ' ' => "a space".to_string(),
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => "a line break".to_string(),
        '\t' => "a tab".to_string(),
        '`' => "a backtick".to_string(),
        c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        c if c.is_whitespace() => format!("the space character U+{:04X}", u32::from(c)),
        c if c.is_ascii() => format!("`{c}`"),
        c => format!("`{c}` (U+{:04X})", u32::from(c)),
    }
}

/// What is wrong with `id`, in words, or `None` when it is a valid id.
pub fn problem(id: &str) -> Option<String> {
    if is_valid(id) {
        return None;
    }
    if id.is_empty() {
        return Some("it is empty".to_string());
    }
    if id.trim().is_empty() {
        return Some("it holds only blank characters".to_string());
    }
    let mut bad: Vec<char> = Vec::new();
    for c in id.chars().filter(|&c| !allowed(c)) {
        if !bad.contains(&c) {
            bad.push(c);
        }
    }
    let mut found = Vec::new();
    if !bad.is_empty() {
        let mut names: Vec<String> = bad.iter().take(3).map(|&c| describe(c)).collect();
        match bad.len() {
            0..=3 => {}
            4 => names.push("1 other character".to_string()),
            n => names.push(format!("{} other characters", n - 3)),
        }
        let list = match names.len() {
            1 => names.remove(0),
            n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
        };
        let letters = if bad.iter().any(|c| c.is_alphabetic()) {
            ", but the only letters allowed are A to Z and a to z, without accents"
        } else {
            ""
        };
        found.push(format!("it contains {list}{letters}"));
    } else if let Some(first) = id.chars().next().filter(|c| !c.is_ascii_alphanumeric()) {
        found.push(format!(
            "it starts with `{first}`, not with a letter or a digit"
        ));
    }
    let chars = id.chars().count();
    if chars > MAX_ID_CHARS {
        found.push(format!(
            "it is {chars} characters long, more than {MAX_ID_CHARS}"
        ));
    }
    Some(found.join("; "))
}

/// `id` as a message shows it: every character that would be invisible,
/// break the line or reorder the text written as `\u{…}` (`\n` for a line
/// feed), so that the reader sees exactly what is there.
pub fn shown(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for c in id.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || invisible(c).is_some() || (c.is_whitespace() && c != ' ') => {
                out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// A valid id made from `id`, to suggest as a fix: German umlauts and
/// common accented letters spelt in ASCII, invisible characters dropped,
/// every other character that is not allowed (spaces, `|`, `/`, …) turned
/// into `-`, leading characters that are not letters or digits dropped, and
/// cut to [`MAX_ID_CHARS`]. `None` when nothing usable is left.
pub fn cleaned(id: &str) -> Option<String> {
    let mut out = String::new();
    let dash = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    };
    for c in id.chars() {
        if allowed(c) {
            if out.is_empty() && !c.is_ascii_alphanumeric() {
                continue;
            }
            out.push(c);
        } else if invisible(c).is_some() || (c.is_control() && !c.is_whitespace()) {
            continue;
        } else if let Some(ascii) = ascii_letter(c) {
            out.push_str(ascii);
        } else {
            dash(&mut out);
        }
    }
    let mut out: String = out.chars().take(MAX_ID_CHARS).collect();
    while out.ends_with(['-', '.', '_']) {
        out.pop();
    }
    is_valid(&out).then_some(out)
}

/// The usual ASCII spelling of a Latin letter with umlaut or accent.
fn ascii_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'ä' => "ae",
        'ö' => "oe",
        'ü' => "ue",
        'Ä' => "Ae",
        'Ö' => "Oe",
        'Ü' => "Ue",
        'ß' => "ss",
        'à' | 'á' | 'â' | 'ã' | 'å' => "a",
        'À' | 'Á' | 'Â' | 'Ã' | 'Å' => "A",
        'æ' => "ae",
        'Æ' => "AE",
        'ç' => "c",
        'Ç' => "C",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'È' | 'É' | 'Ê' | 'Ë' => "E",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'Ì' | 'Í' | 'Î' | 'Ï' => "I",
        'ñ' => "n",
        'Ñ' => "N",
        'ò' | 'ó' | 'ô' | 'õ' | 'ø' => "o",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ø' => "O",
        'ù' | 'ú' | 'û' => "u",
        'Ù' | 'Ú' | 'Û' => "U",
        'ý' | 'ÿ' => "y",
        'Ý' => "Y",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The references `check/ids.rs` listed by hand before the walk found
    /// them: path, kinds it may name, and whether the holder is always
    /// (`Some(true)`), never (`Some(false)`) or when marked (`None`)
    /// internal. Kept once, here, so that a field the walk stops finding
    /// (or a kind or internal rule that changes) shows.
    const LISTED: &[(&str, &[Kind], Option<bool>)] = {
        use Kind::*;
        const PARTY: &[Kind] = &[Party];
        const CONTACT: &[Kind] = &[Contact];
        const SYSTEM: &[Kind] = &[System];
        const REQUIREMENT: &[Kind] = &[Requirement];
        &[
            ("project.client", PARTY, Some(false)),
            ("project.authors", CONTACT, Some(false)),
            ("project.approvers", CONTACT, Some(false)),
            ("project.revisions.author", CONTACT, None),
            ("contacts.party", PARTY, None),
            ("contacts.deputy", CONTACT, None),
            ("strategy.scope.processes.owner", CONTACT, None),
            ("strategy.scope.processes.systems", SYSTEM, None),
            ("strategy.legal_constraints.regulator", PARTY, Some(true)),
            ("requirements.scope", &[Process, System], None),
            ("tender.contact", CONTACT, Some(false)),
            ("tender.task_split.responsible", PARTY, None),
            ("tender.award_criteria.requirements", REQUIREMENT, None),
            ("tender.questions.requirements", REQUIREMENT, None),
            ("evaluation.bids.bidder", PARTY, Some(true)),
            (
                "evaluation.bids.knockout.criterion",
                &[SuitabilityCriterion],
                Some(true),
            ),
            (
                "evaluation.bids.scores.criterion",
                &[AwardCriterion],
                Some(true),
            ),
            ("evaluation.chosen", PARTY, Some(true)),
            ("contract.services.systems", SYSTEM, None),
            ("contract.service_levels.service", &[Service], None),
            ("contract.incident_notification.to", CONTACT, Some(false)),
            ("contract.data_locations.party", PARTY, None),
            ("contract.clauses.covers", REQUIREMENT, None),
            ("contract.contacts.contact", CONTACT, Some(false)),
            ("security_concept.domains.carrier", PARTY, Some(false)),
            ("security_concept.components.operator", PARTY, None),
            ("security_concept.components.systems", SYSTEM, None),
            ("security_concept.measures.component", &[Component], None),
            ("security_concept.measures.responsible", PARTY, None),
            ("security_concept.measures.implements", REQUIREMENT, None),
            ("security_concept.residual_risks.accepted_by", CONTACT, None),
            ("migration.team.contact", CONTACT, Some(false)),
            ("migration.phases.tasks.responsible", PARTY, None),
            ("migration.phases.checks.requirements", REQUIREMENT, None),
            ("migration.exceptions.requirements", REQUIREMENT, None),
            ("migration.exceptions.approver", CONTACT, None),
            ("operations.manager", CONTACT, Some(false)),
            ("operations.checks.responsible", PARTY, None),
            ("operations.checks.requirements", REQUIREMENT, None),
            ("operations.meetings.participants", CONTACT, None),
            ("operations.reports.from", PARTY, None),
            ("operations.reports.to", CONTACT, None),
            ("operations.audits.auditor", PARTY, None),
            (
                "operations.agreement_review.responsible",
                CONTACT,
                Some(false),
            ),
            ("contingency.roles.contact", CONTACT, Some(false)),
            ("contingency.escalation.contacts", CONTACT, Some(false)),
            (
                "contingency.fault_localisation.contact",
                CONTACT,
                Some(false),
            ),
            ("contingency.scenarios.priority", &[IncidentPriority], None),
            ("contingency.scenarios.systems", SYSTEM, None),
            ("contingency.scenarios.owner", CONTACT, None),
            ("contingency.scenarios.requirements", REQUIREMENT, None),
            ("contingency.backups.responsible", PARTY, None),
            ("contingency.exercises.scenarios", &[Scenario], None),
            ("contingency.exercises.participants", PARTY, None),
        ]
    };

    fn example() -> Model {
        let loaded = crate::load::load(std::path::Path::new("inputs")).unwrap();
        loaded.model.expect("the example inputs load")
    }

    #[test]
    fn the_walk_finds_every_reference_the_old_list_named() {
        let model = example();
        let refs = references(&model);
        for &(field, kinds, internal) in LISTED {
            let at: Vec<&Ref<'_>> = refs.iter().filter(|r| r.field == field).collect();
            assert!(
                !at.is_empty(),
                "no reference found at `{field}` in the example"
            );
            for r in at {
                assert_eq!(r.expects, kinds, "{field}");
                if let Some(internal) = internal {
                    assert_eq!(r.from_internal, internal, "{field} `{}`", r.id.value);
                }
            }
        }
    }

    #[test]
    fn an_internal_revision_refers_from_internal() {
        // The hand-written list took every revision as shown to bidders;
        // an internal revision is left out of their documents, so its
        // author may be an internal contact.
        let mut model = example();
        model.project.revisions[0].internal = true;
        let refs = references(&model);
        let authors: Vec<bool> = refs
            .iter()
            .filter(|r| r.field == "project.revisions.author")
            .map(|r| r.from_internal)
            .collect();
        assert_eq!(authors.first(), Some(&true));
        assert!(authors[1..].iter().all(|internal| !internal));
    }

    #[test]
    fn definitions_come_by_kind_in_input_order_with_what_is_internal() {
        let model = example();
        let defs = definitions(&model);
        assert!(defs.is_sorted_by_key(|d| d.kind));
        let kinds: std::collections::BTreeSet<Kind> = defs.iter().map(|d| d.kind).collect();
        assert_eq!(kinds.len(), 35, "the example defines an id of every kind");
        let of = |kind| defs.iter().filter(move |d: &&Def<'_>| d.kind == kind);
        assert!(of(Kind::LegalConstraint).all(|d| d.internal));
        assert!(of(Kind::Risk).all(|d| d.internal));
        assert!(of(Kind::ContingencyRole).all(|d| !d.internal));
        let requirements: Vec<&str> = of(Kind::Requirement).map(|d| d.id.as_str()).collect();
        let written: Vec<&str> = model.requirements.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(requirements, written);
        for d in of(Kind::Requirement) {
            let r = model.requirements.iter().find(|r| r.id == *d.id).unwrap();
            assert_eq!(d.internal, r.internal, "{}", r.id.value);
        }
        // An acceptance check is as internal as its phase.
        for phase in &model.migration.phases {
            for check in &phase.checks {
                let d = of(Kind::AcceptanceCheck)
                    .find(|d| d.id == &check.id)
                    .unwrap();
                assert_eq!(d.internal, phase.internal, "{}", check.id.value);
            }
        }
    }

    #[test]
    fn the_id_syntax_takes_what_the_examples_use_and_nothing_else() {
        for ok in ["REQ-1", "a", "9", "M2.253", "REQ_ENC.v2", &"x".repeat(64)] {
            assert!(is_valid(ok), "{ok}");
            assert_eq!(problem(ok), None);
        }
        for bad in [
            "",
            "   ",
            "REQ|1",
            "REQ\n1",
            "REQ]1",
            "REQ 1",
            "-REQ",
            ".REQ",
            "_REQ",
            "REQ\u{200b}1",
            "REQ\u{202e}1",
            "ÄNDERUNG",
            "../x",
            "REQ-1\t",
            &"x".repeat(65),
        ] {
            assert!(!is_valid(bad), "{bad:?}");
            let why = problem(bad).unwrap();
            assert!(!why.is_empty(), "{bad:?}");
        }
    }

    #[test]
    fn problems_name_the_characters_in_words() {
        assert_eq!(problem("").unwrap(), "it is empty");
        assert_eq!(problem(" \n ").unwrap(), "it holds only blank characters");
        assert_eq!(problem("REQ|1").unwrap(), "it contains `|`");
        assert_eq!(problem("REQ 1|2").unwrap(), "it contains a space and `|`");
        assert!(
            problem("A\u{200b}")
                .unwrap()
                .contains("U+200B (zero-width space)")
        );
        assert!(problem("A\u{202e}").unwrap().contains("changes the order"));
        assert_eq!(
            problem("Größe").unwrap(),
            "it contains `ö` (U+00F6) and `ß` (U+00DF), but the only letters allowed are A to Z and a to z, without accents"
        );
        assert_eq!(
            problem("-R").unwrap(),
            "it starts with `-`, not with a letter or a digit"
        );
        assert_eq!(
            problem(&"x".repeat(65)).unwrap(),
            "it is 65 characters long, more than 64"
        );
        assert_eq!(
            problem("a|b c\td]e[f").unwrap(),
            "it contains `|`, a space, a tab and 2 other characters"
        );
    }

    #[test]
    fn cleaned_ids_are_valid_and_close_to_what_was_written() {
        for (raw, want) in [
            ("REQ|1", Some("REQ-1")),
            ("REQ 1", Some("REQ-1")),
            ("REQ\n1", Some("REQ-1")),
            ("REQ\u{200b}1", Some("REQ1")),
            ("REQ\u{202e}1", Some("REQ1")),
            ("-REQ", Some("REQ")),
            ("../x", Some("x")),
            ("Größe Ä", Some("Groesse-Ae")),
            ("  ", None),
            ("", None),
            ("|||", None),
        ] {
            assert_eq!(cleaned(raw).as_deref(), want, "{raw:?}");
        }
        let long = cleaned(&"y".repeat(100)).unwrap();
        assert_eq!(long.len(), MAX_ID_CHARS);
    }

    #[test]
    fn shown_makes_every_hidden_character_visible() {
        assert_eq!(shown("a\nb"), "a\\nb");
        assert_eq!(shown("a\u{200b}b\u{202e}"), "a\\u{200b}b\\u{202e}");
        assert_eq!(shown("a b"), "a b");
    }
}
