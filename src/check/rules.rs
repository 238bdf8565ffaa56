//! Every rule outsec checks, with what it checks, why, and how to fix a
//! finding. `outsec explain RULE` prints an entry.
//!
//! Each rule is a constant named after its id (`OS_REF_001` for
//! `OS-REF-001`); a finding is made with [`Diagnostic::new`], which takes
//! the rule and its severity together, so no id is written as text where a
//! finding is made.
//!
//! [`Diagnostic::new`]: crate::diag::Diagnostic::new

use std::fmt;

use crate::diag::Severity;

pub struct Rule {
    pub id: &'static str,
    /// Every finding of the rule has this severity.
    pub severity: Severity,
    pub title: &'static str,
    /// What the rule checks.
    pub checks: &'static str,
    /// Why it matters, with the guidance it comes from.
    pub why: &'static str,
    /// How to fix a finding.
    pub fix: &'static str,
}

/// Rules are told apart by their ids, which are unique.
impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.id == other.id
    }
}

impl Eq for Rule {}

/// A rule shows as its id: diagnostics print readably in test failures.
impl fmt::Debug for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

use Severity::{Error as E, Warning as W};

/// Whether a constant's name is its rule's id with `_` for `-`; checked
/// when the crate compiles.
const fn named_after(name: &str, id: &str) -> bool {
    let (name, id) = (name.as_bytes(), id.as_bytes());
    if name.len() != id.len() {
        return false;
    }
    let mut i = 0;
    while i < name.len() {
        let expected = if id[i] == b'-' { b'_' } else { id[i] };
        if name[i] != expected {
            return false;
        }
        i += 1;
    }
    true
}

macro_rules! rules {
    ($($name:ident $id:literal $sev:ident $title:literal; $checks:literal; $why:literal; $fix:literal;)*) => {
        $(
            #[doc = concat!("`", $id, "`: ", $title, ".")]
            pub static $name: Rule = Rule { id: $id, severity: $sev, title: $title, checks: $checks, why: $why, fix: $fix };
            const _: () = assert!(named_after(stringify!($name), $id), concat!("the constant of ", $id, " is not named after it"));
        )*
        /// Every rule, in the order `outsec explain` lists them.
        pub static RULES: &[&Rule] = &[$(&$name),*];
    };
}

rules! {
    OS_FILE_001 "OS-FILE-001" E "empty input folder";
        "The input folder holds at least one `*.yaml` or `*.yml` file.";
        "Without inputs there is nothing to check or render; an empty folder usually means a wrong `-i` path.";
        "Point `-i` at the project's input folder, or start a project with `outsec init DIR`.";
    OS_FILE_002 "OS-FILE-002" E "input file too large";
        "No input file is larger than 10 MiB.";
        "A larger file is almost certainly generated or pasted by mistake, and reading it would cost memory and time.";
        "Split the file: list sections such as `requirements`, and the lists of a mapping section such as `contract.clauses`, may be spread over many files.";
    OS_FILE_003 "OS-FILE-003" E "input file not UTF-8";
        "Every input file is valid UTF-8.";
        "Documents must show names and umlauts correctly; a file in another encoding would garble them.";
        "Save the file as UTF-8 in your editor. The diagnostic points at the first byte that is not UTF-8.";
    OS_FILE_004 "OS-FILE-004" W "symbolic link or special file skipped";
        "Every entry of the input folder named `*.yaml` or `*.yml` is a regular file (or a folder, whose files are read): a symbolic link is not followed, and a named pipe, socket or device is not read. A symbolic link to a folder, whatever its name, is not followed either, so the files in that folder are not read.";
        "The inputs are exactly what git stores, a link cannot pull in files from elsewhere, and reading a named pipe or device could block or never end.";
        "Copy the file into the input folder instead of linking it; remove a named pipe, socket or device, or rename it so that its name does not end in `.yaml` or `.yml`.";
    OS_FILE_005 "OS-FILE-005" E "input files too large together";
        "All input files together (those within the 10 MiB limit of one file) are at most 128 MiB, and the input folder holds at most 100 000 `*.yaml` and `*.yml` files. Both are told from the folder listing and the files' sizes, before any file is read.";
        "A build holds about 22 bytes in memory per byte of YAML, so a folder of many files, each below the limit of one file, could otherwise exhaust the machine's memory. A project of 50 000 requirements with everything around them is some 45 MiB; more usually means that `-i` names the wrong folder or that exported data lies in it.";
        "Check that `-i` names the project's input folder, and move data exports and generated files out of it.";
    OS_YAML_001 "OS-YAML-001" E "invalid YAML or wrong type";
        "Each file is valid YAML, holds one YAML document (no second document after a `---` or `...` line), uses no alias (`*name`) without its anchor (`&name`) earlier in the file, and each value has the type its key takes (text, whole number, date, duration, percentage).";
        "A value of the wrong type would make a document wrong or leave it incomplete; a second document in a file or a value taken from an anchor that is not there would leave out what the author wrote.";
        "Correct the syntax or the value at the place shown; `outsec schema` lists every key and its type. Text that starts with `*` or `&` goes in quotes.";
    OS_YAML_002 "OS-YAML-002" E "unknown key or section";
        "Every key is one the input model knows, at every level, including the top-level sections.";
        "A misspelt key would otherwise be ignored silently, and its content would be missing from the signed documents.";
        "Use the suggested spelling, or remove the key.";
    OS_YAML_003 "OS-YAML-003" E "key written twice";
        "No mapping has the same key twice.";
        "YAML forbids it, and parsers that accept it keep one of the two values silently; outsec will not guess which one you meant.";
        "Keep one of the two entries.";
    OS_YAML_004 "OS-YAML-004" E "required key missing";
        "Every item has the keys it needs, such as a requirement's `priority`.";
        "The documents cannot be complete without them.";
        "Add the key named in the message to the item shown.";
    OS_YAML_005 "OS-YAML-005" E "safety limit exceeded";
        "A file stays within the parser's budgets: at most 1 000 000 values (keys, list items and texts), nesting at most 64 levels deep, at most 1 000 merge keys (`<<`), and a bounded number of alias expansions.";
        "Alias bombs, very deep nesting and files of millions of tiny values can exhaust memory or time; no real project needs them (10 MiB of requirements are some 400 000 values).";
        "Split a file with too many values into several files; write the values out plainly instead of through nested aliases or merge keys, and flatten the structure.";
    OS_YAML_006 "OS-YAML-006" E "value not allowed";
        "Enumerated keys (priority, category, status, role, topic, frequency, …) hold one of their allowed values.";
        "Each allowed value has a defined meaning in the documents and in the checks.";
        "Use the suggested value or another from the list shown.";
    OS_MERGE_001 "OS-MERGE-001" E "mapping section key written twice";
        "A mapping section (`project`, `strategy`, `tender`, `evaluation`, `contract`, `security_concept`, `migration`, `operations`, `contingency`) may be written in several files, but only its lists continue there (such as `contract.clauses`, joined in path order): any other key is written in one of its definitions only, even with the same or an empty value. A section with keys it requires (`project`) is written in one file.";
        "Two values for one key would need a rule a reader cannot see to tell which one counts; a list has an obvious one (the items of each file, in path order), so that a long list such as the contract's clauses can be split like `requirements`.";
        "Write the key in one definition and delete it from the other; for `project`, move the keys of the second definition into the first and delete the second.";
    OS_MERGE_002 "OS-MERGE-002" E "no project section";
        "One input file has the `project` section.";
        "It holds the document control (id, version, date, status, classification) that every document opens with.";
        "Add a `project:` section; `outsec init` writes a commented one.";
    OS_MERGE_003 "OS-MERGE-003" W "section or file with no value";
        "Every top-level section that a file names has a value (`requirements:` alone, `~` or `null` is none), and every input file holds at least one section.";
        "An empty section adds nothing, so the entries the author meant to write (or indented wrongly, or commented out) are missing from the documents without a word; a second, empty definition of a mapping section such as `project:` is a leftover that hides where the section really is.";
        "Write the section's entries under its key, indented, or delete the key (or the file); for a mapping section defined in another file, delete the empty one.";
    OS_ID_001 "OS-ID-001" E "duplicate id";
        "Every id is unique across the whole project, whatever kind of item it names. Ids that differ only in upper and lower case (`REQ-1`, `req-1`) count as the same id.";
        "Documents refer to items by id, and a reader must be able to follow one id through every document; two ids that differ only in case look the same to readers and are the same on case-insensitive file systems and in many tools.";
        "Rename one of the two items and the references to it.";
    OS_ID_002 "OS-ID-002" E "invalid id";
        "Every id, and every reference to one, is 1 to 64 characters: the letters A to Z and a to z, the digits 0 to 9, `.`, `_` and `-`, starting with a letter or a digit. This holds for the project id and for the id of every item of every section (parties, contacts, requirements, criteria, questions, clauses, measures, phases, checks, scenarios, …).";
        "Ids appear in table cells, headings, links and file names of every document and of the tender pack. A `|` would split a table cell, a line break or `]` would break a table or a link, a space or an invisible character (zero-width or bidirectional override) would make two ids look the same while they differ, and `/` or `..` could name a file elsewhere.";
        "Write the id suggested in the message (spaces and other characters become `-`, umlauts are spelt out, invisible characters are dropped), and the same in every reference to it. References to an invalid id are not reported separately.";
    OS_REF_001 "OS-REF-001" E "unknown reference";
        "Every reference names an existing item of the right kind (party, contact, process, system, requirement, component, phase, scenario, criterion, …).";
        "A dangling reference leaves a gap in a signed document, such as a scenario without an owner or a clause that covers nothing.";
        "Use the suggested id, or define the item the reference names.";
    OS_REF_002 "OS-REF-002" E "outward item refers to an internal one";
        "An item that bidders or the provider see does not refer to an item marked `internal: true`.";
        "Internal items never leave internal documents, so the reference would be empty or would leak the internal item (M 2.252: only what bidders need goes out).";
        "Mark the referring item `internal: true` as well, or make the referenced item outward.";
    OS_COV_001 "OS-COV-001" E "MUST requirement without contract clause";
        "Every `must` requirement is in the `covers:` list of at least one contract clause.";
        "M 2.253 and OPS.2.3.A4/A14: what the client requires must be settled in writing, or it cannot be enforced.";
        "Add the requirement's id to the `covers:` of the clause that makes it binding, or write such a clause.";
    OS_COV_002 "OS-COV-002" E "MUST requirement without measure";
        "Every `must` requirement is in the `implements:` list of at least one security-concept measure.";
        "M 2.254 and OPS.2.3.A6: the security concept must show how each requirement is put into practice.";
        "Add the requirement's id to the `implements:` of the measure that realises it, or plan such a measure.";
    OS_COV_003 "OS-COV-003" W "SHOULD requirement without contract clause";
        "Every `should` requirement is covered by a contract clause.";
        "A `should` requirement that the contract does not mention is unlikely to be met (M 2.253).";
        "Cover it with a clause, or lower it to `may` if it is truly optional.";
    OS_COV_004 "OS-COV-004" W "SHOULD requirement without measure";
        "Every `should` requirement is implemented by a security-concept measure.";
        "M 2.254: the concept should show how expected requirements are met.";
        "Add it to a measure's `implements:`, or lower it to `may`.";
    OS_EVAL_001 "OS-EVAL-001" E "award weights do not add up to 100";
        "The weights of the award criteria add up to exactly 100.";
        "M 2.252: bidders must be told how bids are judged; weights that do not add up make the published method wrong.";
        "Adjust the `weight:` values.";
    OS_EVAL_002 "OS-EVAL-002" E "score outside the scale";
        "Every score lies within `tender.scoring` (`min` to `max`).";
        "A score off the published scale distorts the ranking and cannot be defended.";
        "Correct the score, or the scale.";
    OS_EVAL_003 "OS-EVAL-003" E "knock-out result missing";
        "Every bid has exactly one result (`passed`, `failed`, `missing`) for every suitability criterion.";
        "M 2.252, OPS.2.3.A3: suitability is checked for every bidder against every criterion before any scoring.";
        "Add the missing result under the bid's `knockout:`.";
    OS_EVAL_004 "OS-EVAL-004" E "award score missing";
        "Every bid has exactly one score for every award criterion.";
        "Without all scores the weighted totals cannot be compared.";
        "Add the missing score under the bid's `scores:`.";
    OS_EVAL_005 "OS-EVAL-005" E "chosen provider did not bid";
        "`evaluation.chosen` names a party that has a bid in `evaluation.bids`.";
        "The award must follow from the evaluation of the bids received.";
        "Choose one of the bidders, or add the missing bid.";
    OS_EVAL_006 "OS-EVAL-006" E "award decision not supported by the evaluation";
        "The chosen provider passed every knock-out criterion and has the best weighted score, or the evaluation states a justification for choosing another.";
        "M 2.252, OPS.2.3.A3: the award must be defensible; a provider that fails a suitability criterion is excluded.";
        "Choose the best suitable bidder, or write the reason in `evaluation.justification`.";
    OS_EVAL_007 "OS-EVAL-007" E "two bids from one bidder";
        "Each bidder has one entry in `evaluation.bids`.";
        "Two entries would make the ranking ambiguous.";
        "Merge the entries.";
    OS_EVAL_008 "OS-EVAL-008" W "fragile award decision";
        "The winner stays the same when any one award weight moves by 5 points up or down (the other weights making room in proportion).";
        "M 2.252: the award must be defensible. A result that a small change of weighting would overturn invites challenges from the other bidders.";
        "Check that the weights were fixed and published before the bids were opened, and document in `evaluation.justification` why the result stands; the provider-evaluation document shows which change flips it.";
    OS_EVAL_009 "OS-EVAL-009" E "award criterion marked internal";
        "No award criterion is marked `internal: true`.";
        "M 2.252 and public procurement law: bidders must know every award criterion and its weight before they bid. An internal criterion would be left out of the tender, so the published weights would not add up to 100 and bids would be judged by a criterion the bidders never saw.";
        "Remove `internal: true` from the criterion, or drop the criterion and share its weight among the others.";
    OS_EVAL_010 "OS-EVAL-010" E "suitability criterion marked internal";
        "No suitability (knock-out) criterion is marked `internal: true`.";
        "M 2.252 and public procurement law: bidders must know every suitability criterion and the evidence it asks for before they bid. An internal criterion would be left out of the tender and the pack, yet the evaluation would still exclude bids by it.";
        "Remove `internal: true` from the criterion, or drop the criterion and its results from `evaluation.bids`.";
    OS_EVAL_011 "OS-EVAL-011" E "MUST requirement not met, bid not excluded";
        "A bid whose questionnaire answers (`answers`) say `no` to a `must` requirement, or leave its compliance empty, is excluded: it failed a knock-out criterion, or its `excluded:` gives the reason.";
        "M 2.252, OPS.2.3.A3 and § 57 VgV: a bid that does not meet a minimum requirement of the service cannot be awarded, and the questionnaire tells every bidder so. Scoring it would rank a bid that must not win.";
        "Add `excluded: { reason: …, date: … }` to the bid in `evaluation.bids`; or, if the bidder has corrected the answer in writing, import the corrected questionnaire with `outsec answers import FILE --bidder ID --force`.";
    OS_EVAL_012 "OS-EVAL-012" E "`partly` without a note";
        "Every `partly` in the questionnaire answers of a bid that is not excluded has a note in the bid's `compliance_notes` (the row's id and how the answer was assessed).";
        "The evaluation is the award record: a bid that meets a requirement only in part stays in the competition only for a reason the record states (for a `must` requirement, how it will be met by the start of operation, as the questionnaire tells bidders). Without it the decision cannot be defended against a complaint (§ 97 GWB: transparency and equal treatment). It is an error rather than a warning because the documents would otherwise go out without that reason.";
        "Add `- { id: REQ-…, note: … }` under the bid's `compliance_notes:`, or exclude the bid with `excluded: { reason: … }`.";
    OS_EVAL_013 "OS-EVAL-013" E "two answer sets from one bidder";
        "Each bidder has one entry in `answers`.";
        "Two would make the compliance matrix ambiguous; usually one questionnaire was imported, or copied, into two files.";
        "Delete one of them (`outsec answers import` writes `answers/<bidder>.yaml`, and replaces it on a new import).";
    OS_EVAL_014 "OS-EVAL-014" W "answers do not match the questionnaire";
        "A bidder's answers have a row for every row of the questionnaire (every outward question and `must` or `should` requirement) and no row for anything else.";
        "A requirement added, or raised to `must`, after the questionnaire went out has no answer, and an answer to a row that is gone counts for nothing: the inputs changed after the tender was published, or the answers were edited.";
        "Tell all bidders of the change (a clarification) and import their answers again, or restore the questionnaire as published.";
    OS_EVAL_015 "OS-EVAL-015" W "scores for a bid that is not scored";
        "A bid excluded at the knock-out stage (a result `failed` or `missing`) or by `excluded:` has no `scores`.";
        "An excluded bid is not scored: the scoring follows the exclusions (§§ 57, 58 VgV). Scores recorded for it suggest that they counted; the evaluation shows no score row for it and leaves them out of the ranking.";
        "Remove the bid's `scores:`; write what was found in its `notes:` if it matters.";
    OS_CLAR_001 "OS-CLAR-001" W "clarification names a bidder";
        "The question and the answer of a clarification (`tender.clarifications`) do not contain the name of a party with the role `bidder`, nor of a contact of such a party.";
        "Public procurement law (§ 97 (1), (2) GWB: transparency and equal treatment) and good practice in any tender: questions are answered to every bidder without naming who asked, so the published text must not reveal a bidder. The clarifications document goes into the tender pack that every bidder receives.";
        "Rewrite the question (and the answer) without the name, as the question would read from any bidder; for example `a bidder asks whether …`.";
    OS_CLAR_002 "OS-CLAR-002" W "clarification answered too close to the bid deadline";
        "For a public or sector contracting entity (`tender.contracting_entity`), every clarification is answered at least 6 days before the next deadline for bids (a deadline with `kind: bids` on or after the day of the answer).";
        "§ 20 (3) VgV and § 16 (3) SektVO: when additional information that a bidder asked for in time is given later than 6 days before the end of the bid period (under the VgV, 4 days in an accelerated procedure), the bid period must be extended, so that every bidder can take the answer into account. Below the EU thresholds other rules apply (UVgO as introduced by budget law, Land law); outsec cannot tell which regime a tender falls under, so it checks the 6 days of the rules above the thresholds, and knows no accelerated procedure. A private client is not bound by these rules, and nothing is checked for it.";
        "Extend the bid deadline (and publish the new date to every bidder), or, where the question came after the published deadline for questions or the answer is not material to the bids, record the reason in the procurement file and accept the warning.";
    OS_CLAR_003 "OS-CLAR-003" E "clarification changes documents it does not name";
        "A clarification with `changes_documents: true` names the documents it changes in `documents`, and one that names documents says `changes_documents: true`.";
        "Bidders must be told plainly when an answer changes the tender documents, and which ones, so that every bid is made on the same documents; the clarifications document prints both.";
        "Set `changes_documents: true` and list the documents (`tender`, `questionnaire`, `tender-nda`, `contract-annex`) under `documents`, or remove both when the answer only explains.";
    OS_CLAR_004 "OS-CLAR-004" E "clarification answered after the date of its document";
        "No clarification is answered after the date of the clarifications document: its own (`project.documents.clarifications`) or, without one, the tender's.";
        "The clarifications document goes to bidders with a version and a date; an answer dated after it was not in the document of that date. Bidders, and a review body, compare what was published when.";
        "Publish the answers as a new version of the clarifications document: give it its own version and date under `project.documents.clarifications` (the day the latest answer was published) and a revision with `documents: [clarifications]`.";
    OS_TDR_001 "OS-TDR-001" W "tender without a deadline for bids";
        "A tender that names its kind of contracting entity (`tender.contracting_entity`) has a published deadline of `kind: bids` under `tender.deadlines`.";
        "The instructions to bidders tell candidates and bidders by when bids are due (§ 20 VgV, § 16 SektVO, and any request for proposals); a tender published without that date is incomplete, and the answers to clarification questions cannot be checked against it (OS-CLAR-002).";
        "Add the deadline for bids with `kind: bids` (for example `{ id: DL-BIDS, title: Bids due, date: 2027-03-01, time: \"12:00 CET\", kind: bids }`); for negotiated procedures, one for the initial and one for the final bids.";
    OS_TDR_002 "OS-TDR-002" W "no bid validity period";
        "A tender of a public or sector contracting entity has a published deadline of `kind: validity`: the end of the bid validity period (Bindefrist).";
        "Bidders must know until when their bids bind them; an award after that day is a new offer the bidder may refuse (§§ 148, 150 BGB). The instructions to bidders and the bid letter print the date.";
        "Add a deadline with `kind: validity`, after the last deadline for bids and after the planned award plus the standstill period.";
    OS_TDR_003 "OS-TDR-003" E "bid validity ends before the bids are due";
        "The end of the bid validity period (a deadline of `kind: validity`) is after every deadline for bids (`kind: bids`).";
        "Bids bind until the end of the validity period; a period that ends before or on the day bids are due leaves no time to evaluate them and to award the contract.";
        "Move the validity date after the last deadline for bids, with time for the evaluation, the information of the bidders and the standstill period, or correct the deadline for bids.";
    OS_TDR_004 "OS-TDR-004" E "requests to participate due after the bids";
        "In a tender with a participation stage, the deadline for requests to participate (`kind: requests`) comes before the first deadline for bids.";
        "In a procedure with a participation stage, only the candidates found suitable on their requests are invited to bid (§ 17 (4), § 42 (2) VgV; § 15 SektVO): the requests are due before any bid.";
        "Correct the dates, or the kinds of the deadlines.";
    OS_TDR_005 "OS-TDR-005" W "form for a participation stage the tender does not have";
        "A form under `tender.declarations` has `stage: participation` only in a tender with a deadline of `kind: requests`.";
        "Only a procedure with a participation stage has requests to participate. Without one, the form goes into the bid pack with every other form, which may not be what was meant.";
        "Remove `stage: participation` (the form is then submitted with the bid), or add the deadline for requests to participate with `kind: requests` if the procedure has a participation stage.";
    OS_TDR_006 "OS-TDR-006" E "price formula without its zero point";
        "A price formula with `method: linear` has `zero_at` above 100 (the price, in percent of the lowest, that earns the lowest points); one with `method: ratio` has none.";
        "The price formula is published before bids are due so that bidders can calculate their points; a linear formula without the price that earns no points cannot be calculated, and a `zero_at` that the method does not use says something the documents do not.";
        "For `linear`, set `zero_at`, for example `zero_at: 200` (twice the lowest price earns the lowest points); for `ratio`, remove `zero_at`.";
    OS_MIG_001 "OS-MIG-001" E "phase ends before it starts";
        "Every migration phase starts on or before its end date.";
        "M 2.255: the migration plan is a timeline the teams work to.";
        "Correct the dates.";
    OS_MIG_002 "OS-MIG-002" E "phases out of order";
        "Migration phases are listed in the order they start.";
        "Readers follow the plan from top to bottom.";
        "Reorder the phases.";
    OS_MIG_003 "OS-MIG-003" E "phases overlap";
        "A phase starts after the previous one ends, unless it is declared `parallel: true`.";
        "Unplanned overlaps hide resource conflicts and unclear responsibility during the critical migration (M 2.255).";
        "Move the dates, or declare the overlap with `parallel: true`.";
    OS_MIG_004 "OS-MIG-004" E "exception without approver";
        "Every temporary exception names its approver.";
        "M 2.255 / OPS.2.1.A13: departures from the requirements during migration need an accountable decision.";
        "Add `approver:` with the contact id of the person who accepted it.";
    OS_MIG_005 "OS-MIG-005" E "exception outlives the migration";
        "Every temporary exception expires no later than the end of the last migration phase.";
        "Temporary exceptions are revoked when the migration ends; one that runs on becomes a permanent gap.";
        "Set `expires:` to the end of the migration or earlier.";
    OS_CONT_001 "OS-CONT-001" W "RTO longer than the contract's resolution time";
        "A scenario's recovery time objective is not longer than the resolution time of its incident priority.";
        "M 6.83: the SLA sets the frame and the contingency plan details it; a plan that needs longer than the contract allows cannot be met.";
        "Shorten the RTO, assign the matching priority, or renegotiate the resolution time.";
    OS_CONT_002 "OS-CONT-002" W "RTO longer than the availability target allows";
        "A scenario's RTO is not longer than the outage that the strictest applicable availability target permits in its measurement period.";
        "A single incident that uses up more than the whole period's allowance breaks the service level by itself.";
        "Shorten the RTO, or accept the warning for catastrophic scenarios the contract treats separately.";
    OS_CONT_003 "OS-CONT-003" E "escalation contact without deputy or means of contact";
        "Every contact alerted at an escalation level has a deputy and a phone number or e-mail address.";
        "M 6.83: the alert chain must work when a person is away; a contact that cannot be reached breaks it.";
        "Add `deputy:` and `phone:` (or `email:`) to the contact.";
    OS_CONT_004 "OS-CONT-004" E "escalation level without contacts";
        "Every escalation level names at least one contact.";
        "A level nobody is alerted at is a dead end in the alert chain.";
        "List the contacts under the level's `contacts:`.";
    OS_CONT_005 "OS-CONT-005" E "scenario raises an undefined level";
        "A scenario's `level` is one of the defined escalation levels.";
        "Otherwise nobody knows whom to alert.";
        "Use a defined level, or define the missing one.";
    OS_CTR_001 "OS-CTR-001" E "no incident notification deadline";
        "The contract sets the deadline for reporting security incidents to the client.";
        "OPS.2.3.A14 and DORA Art. 30 ask for defined reporting duties; the client's own reporting duties depend on it.";
        "Add `contract.incident_notification` with `deadline:`.";
    OS_CTR_002 "OS-CTR-002" E "no data locations";
        "The contract names where the client's data is stored and processed.";
        "Data location decides which law applies and what the client may promise its own customers (M 2.252, DORA Art. 30(2)(b)).";
        "List the locations under `contract.data_locations`.";
    OS_PROT_001 "OS-PROT-001" E "high protection need without key clauses";
        "When a process in scope has a high or very high protection need, the contract has clauses on audit rights, subcontracting and exit with data return.";
        "M 2.253: the more protection the systems need, the more detailed the contract must be; OPS.2.3.A4 and A7 make these clauses basic.";
        "Add clauses with the missing topics.";
    OS_PROT_002 "OS-PROT-002" E "high protection need without contingency scenario";
        "Every system of a process with a high or very high protection need appears in at least one contingency scenario.";
        "M 6.83 and OPS.2.3.A20: the systems that matter most must have worked-out recovery procedures.";
        "Add the system to the `systems:` of the scenario that handles its failure.";
    OS_CAT_001 "OS-CAT-001" E "unknown catalogue reference";
        "Every entry in `refs:` and in `project.addressed_elsewhere` names an item of a loaded catalogue: the built-in B 1.11 measures, OPS.2.3, DORA Art. 30, ISO/IEC 27001 A.5.19–A.5.23, or an OSCAL catalogue given as `PREFIX=path`.";
        "A reference to an item that does not exist claims coverage that is not there, and auditors follow these references.";
        "Use the suggested id, or load the external catalogue that holds the item (`project.catalogs` or `--catalog`).";
    OS_CAT_002 "OS-CAT-002" W "applicable catalogue item not addressed";
        "Every catalogue item that applies to the project is addressed: cited in some `refs`, settled by a clause of the right topic, addressed by the input section that deals with it, or listed under `project.addressed_elsewhere`.";
        "Auditors ask which requirement of the guidance the project meets, and where; an unaddressed item is a gap in the outsourcing security concept (OPS.2.3, and DORA Art. 30 or ISO 27001 where the project names them).";
        "Cite the item on the input that meets it, add what is missing, or record where it is addressed outside these inputs.";
    OS_CAT_003 "OS-CAT-003" W "contract clause topic missing";
        "The contract has at least one clause for every required topic (escrow only where the elevated (erhöht) requirements apply).";
        "M 2.253 and OPS.2.3.A4/A7/A14 list what an outsourcing contract must settle; a missing topic is a matter left open until it causes a dispute.";
        "Add a clause with the missing `topic:`.";
    OS_CAT_004 "OS-CAT-004" E "external catalogue cannot be used";
        "Every OSCAL catalogue and profile in `project.catalogs` or on the command line can be read (a regular file of at most 32 MiB, not a named pipe or device, with at most 100 000 groups, controls, ids and other list entries), is valid JSON of the right kind, and every profile import resolves to a loaded catalogue.";
        "outsec never downloads anything, so a profile's import must match a catalogue file you give; a broken catalogue would make every reference to it look unknown.";
        "Fix the path or the file; give the catalogue a profile imports with `--catalog PREFIX=FILE` (matched by file name, or the only catalogue loaded).";
    OS_STAT_001 "OS-STAT-001" E "approved without a chosen provider";
        "An approved or released project names exactly one chosen provider in `evaluation.chosen`.";
        "The contract annex, concept and plan are signed with one provider.";
        "Set `evaluation.chosen`, or return the status to `draft` or `review`.";
    OS_STAT_002 "OS-STAT-002" E "approved without approvers";
        "An approved or released project names its approvers.";
        "Document control must show who approved the documents.";
        "List the approvers under `project.approvers`.";
    OS_STAT_003 "OS-STAT-003" E "approved version missing from the revision history";
        "An approved or released project has a revision entry for its current version, and so has every document with a version of its own (`project.documents`) that is approved or released: an entry with that version that concerns the document (one without `documents`, or one that names it).";
        "Readers must be able to see what changed in the version they sign; bidders must see the history of the tender they were sent.";
        "Add a revision with the current version, date, author and changes (and `documents: [STEM]` for a document's own version).";
    OS_STAT_004 "OS-STAT-004" W "document version not in step with its revisions";
        "A document with a version of its own (`project.documents`) has a revision that concerns it with that version and date, and no revision that names it is dated after it. (An approved or released document without any revision of its version is OS-STAT-003.)";
        "The document-control block and the revision history must tell the same story: a document for bidders shows no revision dated after its own date, so a revision that names the tender after the tender's date means the tender changed without a new version, or names the wrong document.";
        "Give the document and its revision the same version and date; when the document changed, raise its version and date under `project.documents`; otherwise take it out of the revision's `documents`.";
    OS_STAT_005 "OS-STAT-005" E "revision names no document";
        "A revision's `documents`, when given, names at least one document.";
        "A revision with `documents: []` concerns no document and would be shown nowhere, which is not what its author meant.";
        "Leave out `documents` for a revision that concerns every document, or name the documents it concerns, for example `documents: [tender]`.";
}

/// Looks a rule up by id, ignoring case.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .copied()
        .find(|r| r.id.eq_ignore_ascii_case(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = std::collections::BTreeSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "{} is registered twice", rule.id);
            let parts: Vec<&str> = rule.id.split('-').collect();
            assert!(
                matches!(parts.as_slice(), ["OS", area, n]
                    if !area.is_empty()
                        && area.bytes().all(|b| b.is_ascii_uppercase())
                        && n.len() == 3
                        && n.bytes().all(|b| b.is_ascii_digit())),
                "{}",
                rule.id
            );
        }
        assert_eq!(find("os-ref-001"), Some(&OS_REF_001));
    }
}
