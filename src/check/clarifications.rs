//! OS-CLAR: the answers to bidders' clarification questions
//! (`tender.clarifications`), which every bidder receives.

use crate::check::rules;
use crate::diag::Diagnostic;
use crate::model::Model;
use crate::model::parties::Role;
use crate::model::project::DocumentName;
use crate::model::tender::{ContractingEntity, DeadlineKind};

/// The days before the bid deadline by which an answer must be given, or
/// the deadline extended (§ 20 (3) VgV, § 16 (3) SektVO). outsec knows no
/// accelerated procedure, whose 4 days would be shorter.
pub const ANSWER_DAYS_BEFORE_BIDS: i32 = 6;

pub fn run(m: &Model, out: &mut Vec<Diagnostic>) {
    let clarifications = &m.tender.clarifications;
    if clarifications.is_empty() {
        return;
    }
    let names = bidder_names(m);
    for c in clarifications {
        // OS-CLAR-001: the published text names no bidder.
        for (field, text) in [("question", &c.question), ("answer", &c.answer)] {
            if let Some(name) = names.iter().find(|n| mentions(text, n)) {
                out.push(
                    Diagnostic::new(
                        &rules::OS_CLAR_001,
                        format!(
                            "the {field} of the clarification `{}` names `{name}`, a bidder, but every bidder receives it",
                            c.id.value
                        ),
                    )
                    .at(c.id.loc)
                    .help(format!(
                        "rewrite the {field} without the name, as it would read from any bidder (for example `a bidder asks whether …`)"
                    )),
                );
            }
        }
        // OS-CLAR-003: a change to the documents names them.
        if c.changes_documents && c.documents.is_empty() {
            out.push(
                Diagnostic::new(
                    &rules::OS_CLAR_003,
                    format!(
                        "the clarification `{}` changes the documents (`changes_documents: true`) but names none",
                        c.id.value
                    ),
                )
                .at(c.id.loc)
                .help("list the documents the answer changes under `documents`, for example `documents: [tender, questionnaire]`"),
            );
        } else if !c.changes_documents
            && let Some(first) = c.documents.first()
        {
            out.push(
                Diagnostic::new(
                    &rules::OS_CLAR_003,
                    format!(
                        "the clarification `{}` names documents it changes, but does not say `changes_documents: true`",
                        c.id.value
                    ),
                )
                .at(first.loc)
                .help("add `changes_documents: true` when the answer changes these documents, or remove `documents` when it only explains"),
            );
        }
    }
    published(m, out);
    answer_deadlines(m, out);
}

/// OS-CLAR-004: the clarifications document is dated no earlier than its
/// latest answer.
fn published(m: &Model, out: &mut Vec<Diagnostic>) {
    let control = m.project.control(DocumentName::Clarifications);
    let own = m.project.documents.clarifications.is_some();
    // One finding for the one mistake: at the latest answer.
    let latest = m
        .tender
        .clarifications
        .iter()
        .max_by_key(|c| c.answered.value);
    if let Some(c) = latest
        && c.answered.value > control.date
    {
        let whose = if own {
            "of the clarifications document (`project.documents.clarifications`)"
        } else {
            "of the tender, which the clarifications document takes without an entry of its own"
        };
        out.push(
            Diagnostic::new(
                &rules::OS_CLAR_004,
                format!(
                    "the clarification `{}` is answered on {}, after the date {} {whose}",
                    c.id.value, c.answered.value, control.date
                ),
            )
            .at(c.answered.loc)
            .help(format!(
                "under `project.documents`, give the clarifications document its own version and the date the answers were published (`clarifications: {{ version: \"1.1\", date: {} }}`), and add a revision with `documents: [clarifications]`",
                c.answered.value
            )),
        );
    }
}

/// OS-CLAR-002: for a public or sector contracting entity, each answer comes
/// at least [`ANSWER_DAYS_BEFORE_BIDS`] days before the next bid deadline.
fn answer_deadlines(m: &Model, out: &mut Vec<Diagnostic>) {
    let t = &m.tender;
    let Some(entity) = t.contracting_entity.as_deref() else {
        return;
    };
    let rule = match entity {
        ContractingEntity::Public => "§ 20 (3) VgV",
        ContractingEntity::Sector => "§ 16 (3) SektVO",
        ContractingEntity::Private => return,
    };
    let of_kind = |kind: DeadlineKind| {
        t.deadlines
            .iter()
            .filter(move |d| d.kind.as_deref() == Some(&kind))
    };
    let mut bids: Vec<&crate::model::tender::Deadline> = of_kind(DeadlineKind::Bids).collect();
    if bids.is_empty() {
        return;
    }
    bids.sort_by_key(|d| d.date);
    let questions_until = of_kind(DeadlineKind::Questions).map(|d| d.date).max();
    for c in &t.clarifications {
        let answered = c.answered.value;
        // A question received after the published deadline for questions
        // need not be answered in time to bid.
        if let (Some(received), Some(until)) = (c.received, questions_until)
            && received > until
        {
            continue;
        }
        let Some(next) = bids.iter().find(|d| d.date >= answered) else {
            let last = bids.last().expect("bid deadlines are not empty");
            out.push(
                Diagnostic::new(
                    &rules::OS_CLAR_002,
                    format!(
                        "the clarification `{}` was answered on {answered}, after the last deadline for bids (`{}`, {})",
                        c.id.value, last.id.value, last.date
                    ),
                )
                .at(c.answered.loc)
                .related(last.id.loc, "deadline for bids")
                .help("check the date of the answer; if the bids are still open, set a new deadline for bids and publish it to every bidder"),
            );
            continue;
        };
        let days = answered
            .until(next.date.0)
            .map(|span| span.get_days())
            .unwrap_or(i32::MAX);
        if days < ANSWER_DAYS_BEFORE_BIDS {
            let when = if days == 0 {
                "on the day of".to_string()
            } else if days == 1 {
                "1 day before".to_string()
            } else {
                format!("{days} days before")
            };
            out.push(
                Diagnostic::new(
                    &rules::OS_CLAR_002,
                    format!(
                        "the clarification `{}` was answered on {answered}, {when} the deadline for bids `{}` ({}); {rule} asks for an answer at least {ANSWER_DAYS_BEFORE_BIDS} days before it, or a longer bid period",
                        c.id.value, next.id.value, next.date
                    ),
                )
                .at(c.answered.loc)
                .related(next.id.loc, "deadline for bids")
                .help("extend the deadline for bids so that every bidder can take the answer into account, and publish the new date; if the question came late or the answer is not material to the bids, record why in the procurement file"),
            );
        }
    }
}

/// The names a clarification must not contain: every party that bids (role
/// `bidder`, or named in `evaluation.bids`), with and without its legal
/// form, and the people of those parties. Longest first, so that a message
/// quotes the whole name.
fn bidder_names(m: &Model) -> Vec<String> {
    let bidding: Vec<&crate::model::Party> = m
        .parties
        .iter()
        .filter(|p| {
            p.role == Role::Bidder
                || m.evaluation
                    .bids
                    .iter()
                    .any(|b| b.bidder.value == p.id.value)
        })
        .collect();
    let mut names: Vec<String> = Vec::new();
    for p in &bidding {
        names.push(p.name.trim().to_string());
        if let Some(core) = without_legal_form(&p.name) {
            names.push(core);
        }
    }
    for c in &m.contacts {
        if bidding.iter().any(|p| p.id.value == c.party.value) {
            names.push(c.name.trim().to_string());
        }
    }
    names.retain(|n| n.chars().filter(|c| c.is_alphanumeric()).count() >= 3);
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    names.dedup();
    names
}

/// A company name without the legal form at its end (`Nordost IT-Services`
/// for `Nordost IT-Services AG`), when what remains is distinctive enough
/// to search for: two words or more, or one of eight letters or more.
fn without_legal_form(name: &str) -> Option<String> {
    const FORMS: &[&str] = &[
        "gmbh & co. kg",
        "gmbh & co kg",
        "ag & co. kg",
        "(haftungsbeschränkt)",
        "gmbh",
        "mbh",
        "ag",
        "se",
        "kg",
        "kgaa",
        "ohg",
        "gbr",
        "e.v.",
        "eg",
        "ug",
        "b.v.",
        "n.v.",
        "ltd.",
        "ltd",
        "limited",
        "inc.",
        "inc",
        "llc",
        "plc",
        "s.a.",
        "s.a.r.l.",
        "sarl",
    ];
    let mut core = name.trim().to_string();
    loop {
        let lower = core.to_lowercase();
        let Some(form) = FORMS.iter().find(|f| {
            lower.ends_with(*f)
                && lower[..lower.len() - f.len()]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_whitespace() || c == ',')
        }) else {
            break;
        };
        // Lower-casing keeps the byte length of these forms' letters.
        let cut = core.len() - form.len();
        core = core[..cut].trim_end_matches([' ', ',']).to_string();
    }
    let words = core.split_whitespace().count();
    let distinctive = words >= 2 || core.chars().count() >= 8;
    (core != name.trim() && distinctive).then_some(core)
}

/// Whether `text` contains `name` as whole words, ignoring case.
fn mentions(text: &str, name: &str) -> bool {
    let text = text.to_lowercase();
    let name = name.to_lowercase();
    let mut from = 0;
    while let Some(at) = text[from..].find(&name) {
        let start = from + at;
        let end = start + name.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let apart = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if apart(before) && apart(after) {
            return true;
        }
        from = start + name.chars().next().map_or(1, char::len_utf8);
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_forms_come_off_distinctive_names_only() {
        assert_eq!(
            without_legal_form("Nordost IT-Services AG").as_deref(),
            Some("Nordost IT-Services")
        );
        assert_eq!(
            without_legal_form("CloudBridge Hosting Europe B.V.").as_deref(),
            Some("CloudBridge Hosting Europe")
        );
        assert_eq!(
            without_legal_form("Muster GmbH & Co. KG").as_deref(),
            None,
            "one short word is not distinctive"
        );
        assert_eq!(
            without_legal_form("Beispielbau GmbH & Co. KG").as_deref(),
            Some("Beispielbau")
        );
        assert_eq!(without_legal_form("Stadtwerke Westerbrück"), None);
    }

    #[test]
    fn names_are_found_as_whole_words_in_any_case() {
        assert!(mentions(
            "Kann die NORDOST IT-Services AG …",
            "Nordost IT-Services AG"
        ));
        assert!(mentions("(Nordost IT-Services)", "Nordost IT-Services"));
        assert!(!mentions("Nordost IT-ServicesX", "Nordost IT-Services"));
        assert!(!mentions("Ein Bieter fragt …", "Nordost IT-Services"));
    }
}
