//! Synthetic outsec projects of any size, for benchmarks and tests.
//!
//! [`generate`] returns the input files of a valid project with `n`
//! requirements and everything else in proportion: contract clauses that
//! cover every `must` and `should` requirement (all 20 clause topics),
//! measures that implement every one of them, components, scenarios that
//! cover every system, operations checks, bidders with complete evaluations,
//! migration phases, and contacts with deputies and phones. Every applicable
//! catalogue item is cited, so the project checks without warnings.
//!
//! The output depends only on `n` and the seed: a small self-written PRNG
//! (SplitMix64) drives every choice, and nothing reads the clock or the
//! environment, so the same arguments give byte-identical files.
//!
//! Every file stays well below outsec's limit of 10 MiB, whatever `n` is.
//! List sections (`parties`, `contacts`, `requirements`) are split over
//! several files, requirements 100 to a file. Each mapping section
//! (`contract`, `security_concept`, …) is one file (`contract.yaml`) up to
//! [`PART_BYTES`]; a longer one is cut into parts in a folder
//! (`contract/1.yaml`, `contract/2.yaml`, …) that continue its lists
//! (`contract.clauses`, `security_concept.measures`, …), as outsec joins the
//! lists of a mapping section across files in path order (see [`cut`]).
//! A project of 100 000 requirements is some 90 MiB in about 1 030 files,
//! within outsec's limits for all inputs together (128 MiB, 100 000 files).
//!
//! Shared by `examples/synth.rs`, `benches/pipeline.rs` and the integration
//! test `tests/integration/synth.rs`, which include it with `#[path]`.

#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// Requirements per file under `requirements/`.
pub const REQUIREMENTS_PER_FILE: usize = 100;

/// The largest file of a mapping section, in bytes: a longer one is cut
/// into parts (see [`cut`]). Well below outsec's limit of 10 MiB per file;
/// reached at about 30 000 requirements (by `security_concept`).
pub const PART_BYTES: usize = 4 * 1024 * 1024;

/// The default seed of `cargo run --example synth`.
pub const DEFAULT_SEED: u64 = 7;

/// One generated input file: its path relative to the input folder, and its text.
pub struct File {
    pub path: String,
    pub text: String,
}

/// Writes `files` under `dir`, creating folders as needed. `dir` itself is
/// created if missing; files already there are overwritten, others left alone.
pub fn write(dir: &Path, files: &[File]) -> std::io::Result<()> {
    for f in files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &f.text)?;
    }
    Ok(())
}

/// SplitMix64: tiny, fast, and good enough to vary synthetic text.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// `true` with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

#[rustfmt::skip]
const NOUNS: &[&str] = &[
    "provider", "client", "backup", "key", "log", "account", "firewall", "network", "server",
    "database", "archive", "portal", "interface", "certificate", "administrator", "patch",
    "incident", "report", "audit", "contract", "service", "site", "copy", "record", "role",
    "right", "change", "test", "release", "token", "gateway", "tenant", "subcontractor",
    "vulnerability", "alarm", "schedule", "procedure", "concept", "deputy", "evidence", "location",
    "line", "carrier", "team", "workplace", "session", "export", "restore", "mirror", "hardware",
    "cluster", "partition", "directory", "password", "signature", "message",
];

#[rustfmt::skip]
const VERBS: &[&str] = &[
    "encrypts", "logs", "reviews", "separates", "reports", "restores", "tests", "monitors",
    "documents", "approves", "removes", "announces", "checks", "keeps", "hardens", "patches",
    "deletes", "mirrors", "rotates", "signs", "protects", "verifies", "records", "limits",
    "isolates", "scans", "escalates", "trains", "inspects", "updates",
];

#[rustfmt::skip]
const ADJECTIVES: &[&str] = &[
    "every", "each", "privileged", "critical", "separate", "monthly", "annual", "encrypted",
    "immutable", "external", "internal", "dedicated", "redundant", "current", "approved", "named",
    "secure", "complete", "independent", "signed", "regulated", "shared", "remote", "documented",
    "agreed", "written", "local", "central", "automated", "manual",
];

const ADVERBS: &[&str] = &[
    "within four hours",
    "before go-live",
    "at least once a year",
    "without delay",
    "on every change",
    "every working day",
    "after each release",
    "in both data centres",
    "for the whole contract term",
    "on request of the client",
    "as the security concept describes",
    "under the four-eyes principle",
];

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Anna", "Bernd", "Clara", "Dirk", "Elif", "Frank", "Greta", "Hakan", "Ines", "Jonas", "Katrin",
    "Lars", "Mira", "Nils", "Olga", "Paul", "Rita", "Sven", "Tanja", "Uwe", "Vera", "Willi",
    "Yasemin", "Zoe",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Albers", "Brandt", "Claasen", "Demir", "Engel", "Fischer", "Graf", "Hoffmann", "Iwanow",
    "Jansen", "Krüger", "Lehmann", "Möller", "Neumann", "Otto", "Peters", "Quast", "Richter",
    "Schulz", "Tietz", "Ullrich", "Vogel", "Wagner", "Yilmaz", "Zander",
];

const FUNCTIONS: &[&str] = &[
    "Information security officer",
    "Outsourcing manager",
    "Head of IT",
    "Service delivery manager",
    "Major incident manager",
    "Security operations lead",
    "Business continuity manager",
    "Data protection officer",
    "Contract manager",
    "Network operations lead",
    "Lead auditor",
    "Application owner",
];

const CATEGORIES: &[&str] = &[
    "infrastructure",
    "organisation",
    "personnel",
    "technology",
    "communication",
    "control",
];

const TOPICS: [&str; 20] = [
    "security-concept-duty",
    "compliance-with-law",
    "confidentiality",
    "data-location",
    "tenant-separation",
    "network-access",
    "provider-staff",
    "subcontracting",
    "change-management",
    "incident-reporting",
    "contingency-duty",
    "audit-rights",
    "adaptation",
    "ownership",
    "liability",
    "escrow",
    "insolvency-and-change-of-control",
    "termination",
    "exit-and-data-return",
    "deletion",
];

const FREQUENCIES: &[&str] = &[
    "continuous",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "semi-annually",
    "annually",
];

/// Every item of the built-in catalogues; each is cited at least once.
#[rustfmt::skip]
const CATALOG_ITEMS: &[&str] = &[
    "M2.250", "M2.251", "M2.252", "M2.253", "M2.254", "M2.255", "M2.256", "M2.307", "M6.83",
    "M2.226", "M3.33", "OPS.2.3.A1", "OPS.2.3.A2", "OPS.2.3.A3", "OPS.2.3.A4", "OPS.2.3.A5",
    "OPS.2.3.A6", "OPS.2.3.A7", "OPS.2.3.A8", "OPS.2.3.A9", "OPS.2.3.A10", "OPS.2.3.A11",
    "OPS.2.3.A12", "OPS.2.3.A13", "OPS.2.3.A14", "OPS.2.3.A15", "OPS.2.3.A16", "OPS.2.3.A17",
    "OPS.2.3.A18", "OPS.2.3.A19", "OPS.2.3.A20", "OPS.2.3.A21", "OPS.2.3.A22", "OPS.2.3.A23",
    "OPS.2.3.A24", "OPS.2.3.A25", "DORA.30.2.a", "DORA.30.2.b", "DORA.30.2.c", "DORA.30.2.d",
    "DORA.30.2.e", "DORA.30.2.f", "DORA.30.2.g", "DORA.30.2.h", "DORA.30.2.i", "DORA.30.3.a",
    "DORA.30.3.b", "DORA.30.3.c", "DORA.30.3.d", "DORA.30.3.e", "DORA.30.3.f", "ISO27001.A.5.19",
    "ISO27001.A.5.20", "ISO27001.A.5.21", "ISO27001.A.5.22", "ISO27001.A.5.23",
];

/// How many of each kind of item a project with `n` requirements gets.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub requirements: usize,
    pub processes: usize,
    pub systems: usize,
    pub components: usize,
    pub measures: usize,
    pub clauses: usize,
    pub scenarios: usize,
    pub checks: usize,
    pub contacts_per_party: usize,
    pub bidders: usize,
    pub phases: usize,
    pub questions: usize,
    pub risks: usize,
}

impl Sizes {
    pub fn for_requirements(n: usize) -> Sizes {
        let at_least = |min: usize, per: usize| (n / per).max(min);
        Sizes {
            requirements: n,
            processes: at_least(3, 200),
            systems: at_least(4, 100),
            components: at_least(6, 20),
            measures: n.div_ceil(3).max(1),
            clauses: n.div_ceil(4).max(TOPICS.len()),
            scenarios: at_least(4, 50),
            checks: at_least(5, 20),
            contacts_per_party: at_least(4, 100),
            bidders: at_least(3, 500),
            phases: at_least(3, 200),
            questions: at_least(3, 50),
            risks: at_least(3, 500),
        }
    }
}

/// Zero-padded ids of one kind: `REQ-00042`.
fn id(prefix: &str, i: usize, count: usize) -> String {
    let width = count.to_string().len().max(3);
    format!("{prefix}-{:0width$}", i + 1)
}

/// A double-quoted YAML string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A flow sequence of plain ids: `[A, B]`.
fn list(items: &[String]) -> String {
    format!("[{}]", items.join(", "))
}

/// Folded block scalar under `key`, wrapped at about 80 columns.
fn folded(out: &mut String, indent: usize, key: &str, text: &str) {
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}: >-");
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && indent + 2 + line.len() + 1 + word.len() > 80 {
            let _ = writeln!(out, "{pad}  {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        let _ = writeln!(out, "{pad}  {line}");
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One sentence: "The dedicated provider encrypts every backup within four hours."
fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "the {} {} {} {} {} {}",
        rng.pick(ADJECTIVES),
        rng.pick(NOUNS),
        rng.pick(VERBS),
        rng.pick(ADJECTIVES),
        rng.pick(NOUNS),
        rng.pick(ADVERBS)
    );
    if rng.chance(30) {
        let _ = write!(s, " and {} the {}", rng.pick(VERBS), rng.pick(NOUNS));
    }
    if rng.chance(10) {
        let _ = write!(s, " (see **{}**)", rng.pick(NOUNS));
    }
    format!("{}.", capitalise(&s))
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

fn title(rng: &mut Rng) -> String {
    capitalise(&format!(
        "{} {} {}",
        rng.pick(ADJECTIVES),
        rng.pick(NOUNS),
        rng.pick(&[
            "control",
            "rule",
            "duty",
            "protection",
            "handling",
            "review",
            "check"
        ])
    ))
}

fn person(rng: &mut Rng) -> String {
    format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES))
}

/// A date `days` after 2026-01-05, written as `YYYY-MM-DD`.
pub fn date(days: usize) -> String {
    // Civil-from-days (Howard Hinnant), from the day number of 2026-01-05.
    let z = 20_458 + days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The project, as ids and counts that every section refers to.
struct Project {
    s: Sizes,
    /// Priority of each requirement: `must`, `should` or `may`.
    priorities: Vec<&'static str>,
    processes: Vec<String>,
    systems: Vec<String>,
    components: Vec<String>,
    scenarios: Vec<String>,
    /// Contact ids by party: client, provider, carrier, auditor.
    client_contacts: Vec<String>,
    provider_contacts: Vec<String>,
    carrier_contacts: Vec<String>,
    auditor_contacts: Vec<String>,
    requirement_ids: Vec<String>,
}

impl Project {
    fn requirement(&self, i: usize) -> &str {
        &self.requirement_ids[i % self.s.requirements]
    }

    /// Requirements `from..from+count`, wrapped around.
    fn requirements(&self, from: usize, count: usize) -> Vec<String> {
        let count = count.min(self.s.requirements);
        (from..from + count)
            .map(|i| self.requirement(i).to_string())
            .collect()
    }
}

/// The input files of a valid project with `n` requirements (at least one).
pub fn generate(n: usize, seed: u64) -> Vec<File> {
    generate_in_parts(n, seed, PART_BYTES)
}

/// The input files of [`generate`], with each mapping section longer than
/// `part_bytes` cut into parts of at most that size (see [`cut`]). The
/// files hold the same text whatever `part_bytes` is, only cut otherwise.
pub fn generate_in_parts(n: usize, seed: u64, part_bytes: usize) -> Vec<File> {
    let n = n.max(1);
    let s = Sizes::for_requirements(n);
    let mut rng = Rng::new(seed);
    let priorities = (0..n)
        .map(|_| match rng.below(100) {
            0..45 => "must",
            45..80 => "should",
            _ => "may",
        })
        .collect();
    let contacts = |prefix: &str| -> Vec<String> {
        (0..s.contacts_per_party)
            .map(|i| id(prefix, i, s.contacts_per_party))
            .collect()
    };
    let p = Project {
        s,
        priorities,
        processes: (0..s.processes)
            .map(|i| id("PRC", i, s.processes))
            .collect(),
        systems: (0..s.systems).map(|i| id("SYS", i, s.systems)).collect(),
        components: (0..s.components)
            .map(|i| id("CMP", i, s.components))
            .collect(),
        scenarios: (0..s.scenarios)
            .map(|i| id("SCN", i, s.scenarios))
            .collect(),
        client_contacts: contacts("C"),
        provider_contacts: contacts("P"),
        carrier_contacts: (0..2).map(|i| id("K", i, 2)).collect(),
        auditor_contacts: (0..2).map(|i| id("A", i, 2)).collect(),
        requirement_ids: (0..n).map(|i| id("REQ", i, n)).collect(),
    };

    let mut files = vec![
        File {
            path: "project.yaml".into(),
            text: project(&p),
        },
        File {
            path: "parties/organisations.yaml".into(),
            text: parties(&p, &mut rng),
        },
        File {
            path: "parties/bidders.yaml".into(),
            text: bidders(&p, &mut rng),
        },
    ];
    for (name, party, ids) in [
        ("client", "CLIENT", &p.client_contacts),
        ("provider", "PROVIDER", &p.provider_contacts),
        ("carrier", "CARRIER", &p.carrier_contacts),
        ("auditor", "AUDITOR", &p.auditor_contacts),
    ] {
        files.push(File {
            path: format!("contacts/{name}.yaml"),
            text: contacts_file(party, ids, &mut rng),
        });
    }
    files.extend(cut("strategy.yaml", strategy(&p, &mut rng), part_bytes));
    for chunk in 0..n.div_ceil(REQUIREMENTS_PER_FILE) {
        let from = chunk * REQUIREMENTS_PER_FILE;
        let to = (from + REQUIREMENTS_PER_FILE).min(n);
        files.push(File {
            path: format!(
                "requirements/{}-{}.yaml",
                p.requirement_ids[from].trim_start_matches("REQ-"),
                p.requirement_ids[to - 1].trim_start_matches("REQ-")
            ),
            text: requirements(&p, from, to, &mut rng),
        });
    }
    for (path, text) in [
        ("tender.yaml", tender(&p, &mut rng)),
        ("evaluation.yaml", evaluation(&p, &mut rng)),
        ("contract.yaml", contract(&p, &mut rng)),
        ("security-concept.yaml", security_concept(&p, &mut rng)),
        ("migration.yaml", migration(&p, &mut rng)),
        ("operations.yaml", operations(&p, &mut rng)),
        ("contingency.yaml", contingency(&p, &mut rng)),
    ] {
        files.extend(cut(path, text, part_bytes));
    }
    files
}

/// The file `path` (`contract.yaml`) that holds one mapping section, as
/// `text`: comment lines, the section's key, and its keys indented by two
/// spaces. When the text is longer than `limit` bytes, it is cut into parts
/// instead, `contract/1.yaml`, `contract/2.yaml`, … (numbers padded to one
/// width, so that path order is their order), each at most `limit` bytes
/// unless one entry alone is longer.
///
/// A part ends before a key of the section or before an item of a list the
/// section holds (a line `    - ` under a key); the next part starts with
/// the section's key again and, inside a list, the list's key. outsec joins
/// the lists of a mapping section's definitions in path order, so the
/// parts mean what the whole text means; every other key is in one part.
/// The first part starts as the whole text does.
pub fn cut(path: &str, text: String, limit: usize) -> Vec<File> {
    if text.len() <= limit {
        return vec![File {
            path: path.into(),
            text,
        }];
    }
    // The comments and the section's key, and the section's entries.
    let mut head_len = 0;
    for line in text.split_inclusive('\n') {
        head_len += line.len();
        if !line.starts_with('#') {
            break;
        }
    }
    let (head, body) = text.split_at(head_len);
    let section = head.lines().last().unwrap_or_default();
    // The entries in pieces that may start a part: a key of the section
    // with what follows it up to the first item of its list, if it has
    // one; or an item of a list, with the list's key.
    let mut pieces: Vec<(&str, String)> = Vec::new();
    let mut key = "";
    let mut at_key = false;
    for line in body.split_inclusive('\n') {
        let is_key = line.starts_with("  ") && !line[2..].starts_with([' ', '-']);
        let is_item = line.starts_with("    - ") || line.trim_end() == "    -";
        if is_key {
            key = line;
            pieces.push(("", line.to_string()));
        } else if is_item && !at_key {
            pieces.push((key, line.to_string()));
        } else if let Some((_, piece)) = pieces.last_mut() {
            piece.push_str(line);
        }
        at_key = is_key;
    }
    // A part after the first starts so, then the list's key if in a list.
    let again = format!(
        "{HEADER}# Continues `{}` from the part before: outsec joins its lists across files.\n{section}\n",
        section.trim_end_matches(':')
    );
    let mut parts = vec![head.to_string()];
    for (k, (list, piece)) in pieces.into_iter().enumerate() {
        let full = parts
            .last()
            .is_some_and(|part| part.len() + piece.len() > limit);
        // Each part holds at least one entry, the first part too.
        if k > 0 && full {
            parts.push(format!("{again}{list}"));
        }
        if let Some(part) = parts.last_mut() {
            part.push_str(&piece);
        }
    }
    let stem = path.trim_end_matches(".yaml");
    let width = parts.len().to_string().len();
    parts
        .into_iter()
        .enumerate()
        .map(|(k, text)| File {
            path: format!("{stem}/{:0width$}.yaml", k + 1),
            text,
        })
        .collect()
}

const HEADER: &str = "# Synthetic project written by `cargo run --example synth`; do not edit.\n";

fn project(p: &Project) -> String {
    let mut o = String::from(HEADER);
    let c = &p.client_contacts;
    let _ = write!(
        o,
        "project:
  id: SYNTH-{n}
  title: {title}
  client: CLIENT
  language: en
  version: \"1.0\"
  date: 2026-12-18
  status: approved
  classification: Confidential
  authors: [{a0}, {a1}]
  approvers: [{a2}]
  revisions:
    - version: \"0.1\"
      date: 2026-01-12
      author: {a0}
      changes: First draft with strategy and requirements.
    - version: \"1.0\"
      date: 2026-12-18
      author: {a1}
      changes: Approved together with the contract.
  frameworks: [dora, iso27001]
  critical_function: true
",
        n = p.s.requirements,
        title = q(&format!(
            "Synthetic outsourcing project with {} requirements",
            p.s.requirements
        )),
        a0 = c[0],
        a1 = c[1],
        a2 = c[2],
    );
    folded(
        &mut o,
        2,
        "summary",
        "A generated project for benchmarks and tests. The client hands the operation of its platform to an external provider; every number in it scales with the number of requirements.",
    );
    o
}

fn parties(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("parties:\n");
    let mut party = |id: &str, name: &str, role: &str, rng: &mut Rng| {
        let _ = writeln!(o, "  - id: {id}\n    name: {}\n    role: {role}", q(name));
        let _ = writeln!(
            o,
            "    address: {}",
            q(&format!(
                "{} Straße {}, {} Stadt",
                rng.pick(LAST_NAMES),
                rng.range(1, 200),
                rng.range(10_000, 99_999)
            ))
        );
        folded(&mut o, 4, "description", &paragraph(rng, 2));
    };
    party("CLIENT", "Synthetic Client Authority", "client", rng);
    party("PROVIDER", "Synthetic Hosting GmbH", "provider", rng);
    party("CARRIER", "Synthetic Carrier AG", "carrier", rng);
    party("AUDITOR", "Synthetic Audit GmbH", "auditor", rng);
    party("SUB", "Synthetic Colocation GmbH", "subcontractor", rng);
    party(
        "AUTH",
        "Federal Office for Synthetic Security",
        "authority",
        rng,
    );
    let _ = p;
    o
}

fn bidder_id(i: usize, p: &Project) -> String {
    // Bidder 0 is the provider that won.
    if i == 0 {
        "PROVIDER".into()
    } else {
        id("BID", i - 1, p.s.bidders - 1)
    }
}

fn bidders(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("parties:\n");
    for i in 1..p.s.bidders {
        let _ = writeln!(
            o,
            "  - id: {}\n    name: {}\n    role: bidder\n    internal: true",
            bidder_id(i, p),
            q(&format!("{} Services {i}", rng.pick(LAST_NAMES)))
        );
        folded(&mut o, 4, "description", &paragraph(rng, 1));
    }
    o
}

fn contacts_file(party: &str, ids: &[String], rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("contacts:\n");
    for (i, cid) in ids.iter().enumerate() {
        let name = person(rng);
        let function = *rng.pick(FUNCTIONS);
        let _ = write!(
            o,
            "  - id: {cid}
    name: {}
    function: {}
    party: {party}
    phone: \"+49 30 555 {:04}\"
    email: {}
    deputy: {}
",
            q(&name),
            q(function),
            rng.below(10_000),
            q(&format!(
                "{}@{}.example",
                cid.to_lowercase(),
                party.to_lowercase()
            )),
            ids[(i + 1) % ids.len()],
        );
    }
    o
}

fn protection(rng: &mut Rng, at_least_high: bool) -> String {
    let levels = ["normal", "high", "very-high"];
    let lo = usize::from(at_least_high);
    format!(
        "{{ confidentiality: {}, integrity: {}, availability: {} }}",
        levels[rng.range(lo, 2)],
        levels[rng.range(lo, 2)],
        levels[rng.range(0, 2)]
    )
}

fn strategy(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("strategy:\n  objectives:\n");
    for _ in 0..3 {
        let _ = writeln!(o, "    - {}", q(&sentence(rng)));
    }
    o.push_str("  scope:\n    processes:\n");
    for (i, pid) in p.processes.iter().enumerate() {
        let systems: Vec<String> = (0..3)
            .map(|k| p.systems[(i * 2 + k) % p.systems.len()].clone())
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let _ = writeln!(
            o,
            "      - id: {pid}\n        name: {}\n        owner: {}\n        systems: {}\n        protection: {}",
            q(&title(rng)),
            p.client_contacts[i % p.client_contacts.len()],
            list(&systems),
            protection(rng, i == 0),
        );
        folded(&mut o, 8, "description", &paragraph(rng, 2));
    }
    o.push_str("    systems:\n");
    for sid in &p.systems {
        let _ = writeln!(
            o,
            "      - id: {sid}\n        name: {}\n        protection: {}",
            q(&title(rng)),
            protection(rng, false),
        );
        folded(&mut o, 8, "description", &paragraph(rng, 1));
    }
    o.push_str("  reasons:\n");
    for _ in 0..3 {
        let _ = writeln!(o, "    - {}", q(&sentence(rng)));
    }
    o.push_str("  legal_constraints:\n");
    for i in 0..3 {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      regulator: AUTH",
            id("LC", i, 3),
            q(&title(rng))
        );
        folded(&mut o, 6, "text", &paragraph(rng, 2));
    }
    folded(&mut o, 2, "cost_benefit", &paragraph(rng, 3));
    o.push_str("  risks:\n");
    for i in 0..p.s.risks {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}",
            id("RSK", i, p.s.risks),
            q(&title(rng))
        );
        folded(&mut o, 6, "text", &paragraph(rng, 2));
        folded(&mut o, 6, "mitigation", &paragraph(rng, 1));
    }
    o.push_str("  retained_capabilities:\n");
    for _ in 0..3 {
        let _ = writeln!(o, "    - {}", q(&sentence(rng)));
    }
    folded(&mut o, 2, "exit_strategy", &paragraph(rng, 3));
    folded(&mut o, 2, "security_analysis", &paragraph(rng, 3));
    o
}

fn requirements(p: &Project, from: usize, to: usize, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("requirements:\n");
    let n = p.s.requirements;
    for i in from..to {
        let scope = [
            p.processes[i % p.processes.len()].clone(),
            p.systems[i % p.systems.len()].clone(),
        ];
        // Item k of the catalogues is cited by requirement k mod n, so that
        // every item is cited whatever n is; plus one more at random.
        let mut refs: Vec<String> = (0..CATALOG_ITEMS.len())
            .filter(|k| k % n == i)
            .map(|k| CATALOG_ITEMS[k].to_string())
            .collect();
        if refs.is_empty() || rng.chance(50) {
            let extra = rng.pick(CATALOG_ITEMS).to_string();
            if !refs.contains(&extra) {
                refs.push(extra);
            }
        }
        let _ = writeln!(
            o,
            "  - id: {}\n    title: {}\n    category: {}\n    priority: {}",
            p.requirement_ids[i],
            q(&title(rng)),
            rng.pick(CATEGORIES),
            p.priorities[i],
        );
        let sentences = rng.range(2, 4);
        folded(&mut o, 4, "text", &paragraph(rng, sentences));
        folded(&mut o, 4, "rationale", &paragraph(rng, 1));
        let _ = writeln!(
            o,
            "    scope: {}\n    evidence: {}\n    refs: {}",
            list(&scope),
            q(&sentence(rng)),
            list(&refs)
        );
        if rng.chance(2) {
            o.push_str("    nda: true\n");
        }
        o.push('\n');
    }
    o
}

fn tender(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("tender:\n");
    folded(&mut o, 2, "procedure", &paragraph(rng, 2));
    let _ = writeln!(
        o,
        "  reference: SYNTH-T-{}\n  contact: {}",
        p.s.requirements, p.client_contacts[0]
    );
    o.push_str("  deadlines:\n");
    for (i, t) in [
        "Contract notice",
        "Questions",
        "Initial bids",
        "Final bids",
        "Award",
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      date: {}",
            id("DL", i, 5),
            q(t),
            date(7 + i * 21)
        );
        if i % 2 == 1 {
            o.push_str("      time: \"12:00 CET\"\n");
        }
    }
    o.push_str("  task_split:\n");
    for (i, who) in [
        "CLIENT", "CLIENT", "PROVIDER", "PROVIDER", "PROVIDER", "CARRIER",
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      responsible: {who}",
            id("TASK", i, 6),
            q(&title(rng))
        );
        folded(&mut o, 6, "text", &paragraph(rng, 1));
    }
    folded(&mut o, 2, "quality_level", &paragraph(rng, 3));
    o.push_str("  suitability_criteria:\n");
    for i in 0..4 {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      evidence: {}\n      refs: [OPS.2.3.A3]",
            id("SC", i, 4),
            q(&title(rng)),
            q(&sentence(rng))
        );
        folded(&mut o, 6, "text", &paragraph(rng, 1));
    }
    o.push_str("  award_criteria:\n");
    for (i, weight) in AWARD_WEIGHTS.iter().enumerate() {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      weight: {weight}\n      requirements: {}",
            id("AW", i, AWARD_WEIGHTS.len()),
            q(&title(rng)),
            list(&p.requirements(i * 7, 3))
        );
        folded(&mut o, 6, "text", &paragraph(rng, 1));
    }
    o.push_str("  scoring:\n    min: 0\n    max: 10\n");
    folded(&mut o, 4, "text", &paragraph(rng, 2));
    o.push_str("  questions:\n");
    for i in 0..p.s.questions {
        let _ = writeln!(
            o,
            "    - id: {}\n      requirements: {}",
            id("Q", i, p.s.questions),
            list(&p.requirements(i * 13, 2))
        );
        folded(&mut o, 6, "text", &paragraph(rng, 1));
    }
    o.push_str("  nda_items:\n");
    for i in 0..2 {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}",
            id("NDA", i, 2),
            q(&title(rng))
        );
        folded(&mut o, 6, "text", &paragraph(rng, 1));
        folded(&mut o, 6, "content", &paragraph(rng, 3));
    }
    folded(&mut o, 2, "submission", &paragraph(rng, 1));
    o
}

/// Award weights; they add up to 100.
const AWARD_WEIGHTS: [u32; 5] = [35, 25, 20, 12, 8];

fn evaluation(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("evaluation:\n  bids:\n");
    for b in 0..p.s.bidders {
        let _ = writeln!(
            o,
            "    - bidder: {}\n      received: {}\n      knockout:",
            bidder_id(b, p),
            date(70 + b % 3)
        );
        // The winner passes everything and scores best on every criterion,
        // so no shift of weights changes the result (no OS-EVAL-008).
        let fails = b > 0 && rng.chance(25);
        for k in 0..4 {
            let result = if fails && k == 3 { "failed" } else { "passed" };
            let _ = writeln!(
                o,
                "        - criterion: {}\n          result: {result}\n          note: {}",
                id("SC", k, 4),
                q(&sentence(rng))
            );
        }
        o.push_str("      scores:\n");
        for k in 0..AWARD_WEIGHTS.len() {
            let score = if b == 0 {
                "10".to_string()
            } else {
                let half_points = rng.range(4, 17);
                format!(
                    "{}.{}",
                    half_points / 2,
                    if half_points % 2 == 1 { 5 } else { 0 }
                )
            };
            let _ = writeln!(
                o,
                "        - criterion: {}\n          score: {score}\n          note: {}",
                id("AW", k, AWARD_WEIGHTS.len()),
                q(&sentence(rng))
            );
        }
        folded(&mut o, 6, "notes", &paragraph(rng, 1));
    }
    o.push_str("  chosen: PROVIDER\n");
    folded(&mut o, 2, "justification", &paragraph(rng, 2));
    o
}

fn contract(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    let services = 3;
    let _ = writeln!(
        o,
        "contract:\n  reference: SYNTH-C-{}\n  term:\n    start: 2027-03-01\n    minimum: 5 years\n    notice: 12 months\n    transition: 12 months\n  services:",
        p.s.requirements
    );
    for i in 0..services {
        let systems: Vec<String> = p
            .systems
            .iter()
            .enumerate()
            .filter(|(k, _)| k % services == i)
            .map(|(_, s)| s.clone())
            .collect();
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      systems: {}",
            id("SVC", i, services),
            q(&title(rng)),
            list(&systems)
        );
        folded(&mut o, 6, "text", &paragraph(rng, 2));
    }
    o.push_str("  service_levels:\n");
    for i in 0..services {
        let svc = id("SVC", i, services);
        let _ = write!(
            o,
            "    - id: {}
      service: {svc}
      metric: availability
      target: 99.5%
      period: 1 month
      measurement: {}
      reporting: monthly
      penalty: {}
    - id: {}
      service: {svc}
      metric: restore time
      target: 4h
      period: 1 month
      measurement: {}
      reporting: monthly
      penalty: {}
",
            id("SL", 2 * i, 2 * services),
            q(&sentence(rng)),
            q(&sentence(rng)),
            id("SL", 2 * i + 1, 2 * services),
            q(&sentence(rng)),
            q(&sentence(rng)),
        );
    }
    o.push_str("  incident_priorities:\n");
    for (i, (name, response, resolution)) in [
        ("Critical", "15min", "4h"),
        ("High", "30min", "8h"),
        ("Medium", "4h", "2d"),
        ("Low", "1d", "5d"),
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(
            o,
            "    - id: P{}\n      name: {name}\n      text: {}\n      response: {response}\n      resolution: {resolution}",
            i + 1,
            q(&sentence(rng))
        );
    }
    let _ = writeln!(
        o,
        "  incident_notification:\n    deadline: 4h\n    to: {}",
        p.client_contacts[0]
    );
    folded(&mut o, 4, "text", &paragraph(rng, 2));
    o.push_str("  data_locations:\n");
    for (i, (site, party)) in [
        ("Primary data centre, Frankfurt am Main", "PROVIDER"),
        ("Secondary data centre, Leipzig", "SUB"),
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(
            o,
            "    - id: {}\n      data: All client data\n      country: Germany\n      site: {}\n      party: {party}",
            id("LOC", i, 2),
            q(site)
        );
    }
    o.push_str("  clauses:\n");
    let n = p.s.requirements;
    for c in 0..p.s.clauses {
        // Clause c covers the requirements 4c..4c+4: every requirement once.
        let covers: Vec<String> = (4 * c..(4 * c + 4).min(n))
            .map(|i| p.requirement_ids[i].clone())
            .collect();
        let _ = writeln!(
            o,
            "    - id: {}\n      topic: {}\n      title: {}",
            id("CL", c, p.s.clauses),
            TOPICS[c % TOPICS.len()],
            q(&title(rng))
        );
        let sentences = rng.range(2, 4);
        folded(&mut o, 6, "text", &paragraph(rng, sentences));
        if !covers.is_empty() {
            let _ = writeln!(o, "      covers: {}", list(&covers));
        }
        if rng.chance(30) {
            let _ = writeln!(o, "      refs: [{}]", rng.pick(CATALOG_ITEMS));
        }
    }
    o.push_str("  contacts:\n");
    for (role, contact) in [
        ("contract manager (client)", &p.client_contacts[1]),
        ("contract manager (provider)", &p.provider_contacts[0]),
        ("security officer (client)", &p.client_contacts[0]),
    ] {
        let _ = writeln!(o, "    - role: {}\n      contact: {contact}", q(role));
    }
    o
}

fn security_concept(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("security_concept:\n");
    folded(&mut o, 2, "overview", &paragraph(rng, 4));
    o.push_str("  domains:\n");
    for key in ["client", "provider", "interfaces"] {
        folded(&mut o, 4, key, &paragraph(rng, 2));
    }
    o.push_str("    carrier: CARRIER\n  components:\n");
    let domains = ["client", "provider", "interface"];
    let operators = ["CLIENT", "PROVIDER", "CARRIER"];
    for (i, cid) in p.components.iter().enumerate() {
        let _ = writeln!(
            o,
            "    - id: {cid}\n      name: {}\n      domain: {}\n      operator: {}\n      systems: [{}]",
            q(&title(rng)),
            domains[i % 3],
            operators[i % 3],
            p.systems[i % p.systems.len()]
        );
        folded(&mut o, 6, "text", &paragraph(rng, 1));
    }
    o.push_str("  measures:\n");
    let n = p.s.requirements;
    let statuses = ["planned", "implemented", "verified"];
    for m in 0..p.s.measures {
        // Measure m implements the requirements 3m..3m+3: every requirement once.
        let implements: Vec<String> = (3 * m..(3 * m + 3).min(n))
            .map(|i| p.requirement_ids[i].clone())
            .collect();
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      component: {}\n      responsible: {}\n      implements: {}\n      status: {}",
            id("MSR", m, p.s.measures),
            q(&title(rng)),
            p.components[m % p.components.len()],
            if rng.chance(80) { "PROVIDER" } else { "CLIENT" },
            list(&implements),
            rng.pick(&statuses),
        );
        let sentences = rng.range(1, 3);
        folded(&mut o, 6, "text", &paragraph(rng, sentences));
        if rng.chance(30) {
            let _ = writeln!(o, "      refs: [{}]", rng.pick(CATALOG_ITEMS));
        }
        if rng.chance(5) {
            o.push_str("      internal: true\n");
        }
    }
    o.push_str("  residual_risks:\n");
    for i in 0..p.s.risks {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      accepted_by: {}\n      accepted_on: 2026-12-11",
            id("RR", i, p.s.risks),
            q(&title(rng)),
            p.client_contacts[2]
        );
        folded(&mut o, 6, "text", &paragraph(rng, 2));
        folded(&mut o, 6, "treatment", &paragraph(rng, 1));
    }
    o
}

fn migration(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("migration:\n  team:\n");
    for (contact, role) in [
        (&p.client_contacts[1], "Migration lead (client)"),
        (&p.provider_contacts[0], "Transition manager (provider)"),
        (&p.client_contacts[0], "Security officer"),
    ] {
        let _ = writeln!(o, "    - contact: {contact}\n      role: {}", q(role));
    }
    o.push_str("  phases:\n");
    // Phases of 14 days, one after the other with a day between them.
    let start = 365;
    let checks = p.s.phases * 2;
    for ph in 0..p.s.phases {
        let from = start + ph * 15;
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      start: {}\n      end: {}",
            id("PH", ph, p.s.phases),
            q(&title(rng)),
            date(from),
            date(from + 13)
        );
        folded(&mut o, 6, "text", &paragraph(rng, 2));
        o.push_str("      tasks:\n");
        for who in ["CLIENT", "PROVIDER", "PROVIDER"] {
            let _ = writeln!(
                o,
                "        - title: {}\n          responsible: {who}",
                q(&sentence(rng))
            );
        }
        o.push_str("      checks:\n");
        for k in 0..2 {
            let _ = writeln!(
                o,
                "        - id: {}\n          title: {}\n          acceptance: {}\n          requirements: {}",
                id("AC", ph * 2 + k, checks),
                q(&title(rng)),
                q(&sentence(rng)),
                list(&p.requirements((ph * 2 + k) * 11, 2))
            );
        }
    }
    let end = start + (p.s.phases - 1) * 15 + 13;
    folded(&mut o, 2, "test_data", &paragraph(rng, 2));
    folded(&mut o, 2, "fallback", &paragraph(rng, 2));
    o.push_str("  exceptions:\n");
    let exceptions = (p.s.requirements / 1000).max(1);
    for e in 0..exceptions {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      requirements: [{}]\n      approver: {}\n      expires: {}",
            id("EXC", e, exceptions),
            q(&title(rng)),
            p.requirement(e * 17),
            p.client_contacts[0],
            date(end - e % 10)
        );
        folded(&mut o, 6, "text", &paragraph(rng, 1));
    }
    o
}

fn operations(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    let _ = writeln!(
        o,
        "operations:\n  manager: {}\n  checks:",
        p.client_contacts[1]
    );
    for c in 0..p.s.checks {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      frequency: {}\n      responsible: {}\n      evidence: {}\n      requirements: {}\n      refs: [{}]",
            id("OC", c, p.s.checks),
            q(&title(rng)),
            rng.pick(FREQUENCIES),
            if rng.chance(70) { "CLIENT" } else { "AUDITOR" },
            q(&sentence(rng)),
            list(&p.requirements(c * 20 + rng.below(20), 3)),
            rng.pick(CATALOG_ITEMS),
        );
        folded(&mut o, 6, "text", &paragraph(rng, 2));
    }
    o.push_str("  meetings:\n");
    for (i, f) in ["weekly", "monthly", "quarterly"].iter().enumerate() {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      frequency: {f}\n      participants: [{}, {}]\n      agenda:",
            id("MTG", i, 3),
            q(&title(rng)),
            p.client_contacts[1],
            p.provider_contacts[0]
        );
        for _ in 0..3 {
            let _ = writeln!(o, "        - {}", q(&sentence(rng)));
        }
    }
    o.push_str("  reports:\n");
    for (i, f) in ["monthly", "quarterly", "annually"].iter().enumerate() {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      frequency: {f}\n      from: PROVIDER\n      to: {}\n      kpis:\n        - {}\n        - {}",
            id("RPT", i, 3),
            q(&title(rng)),
            p.client_contacts[1],
            q(&title(rng)),
            q(&title(rng))
        );
    }
    o.push_str("  audits:\n");
    for (i, f) in ["annually", "biennially"].iter().enumerate() {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      frequency: {f}\n      auditor: AUDITOR\n      scope: {}",
            id("AUD", i, 2),
            q(&title(rng)),
            q(&sentence(rng))
        );
    }
    o.push_str("  change_notifications:\n");
    for (i, notice) in ["4 weeks", "3 months", "6 months"].iter().enumerate() {
        let _ = writeln!(
            o,
            "    - id: {}\n      change: {}\n      notice: {notice}",
            id("CHG", i, 3),
            q(&sentence(rng))
        );
    }
    let _ = writeln!(
        o,
        "  agreement_review:\n    frequency: annually\n    responsible: {}",
        p.client_contacts[1]
    );
    folded(&mut o, 4, "text", &paragraph(rng, 2));
    o
}

fn contingency(p: &Project, rng: &mut Rng) -> String {
    let mut o = String::from(HEADER);
    o.push_str("contingency:\n  roles:\n");
    for (i, (t, contact)) in [
        ("Crisis lead", &p.client_contacts[2]),
        ("Emergency manager", &p.client_contacts[3]),
        ("Security incident lead", &p.client_contacts[0]),
        ("Provider major incident manager", &p.provider_contacts[1]),
    ]
    .iter()
    .enumerate()
    {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      contact: {contact}",
            id("ROLE", i, 4),
            q(t)
        );
        folded(&mut o, 6, "duties", &paragraph(rng, 2));
    }
    o.push_str("  escalation:\n");
    for (level, name, contacts, within) in [
        (
            1,
            "Incident",
            [&p.provider_contacts[1], &p.client_contacts[1]],
            "1h",
        ),
        (
            2,
            "Emergency",
            [&p.client_contacts[3], &p.provider_contacts[2]],
            "30min",
        ),
        (
            3,
            "Crisis",
            [&p.client_contacts[2], &p.carrier_contacts[0]],
            "1h",
        ),
    ] {
        let _ = writeln!(
            o,
            "    - level: {level}\n      name: {name}\n      criteria: {}\n      contacts: [{}, {}]\n      within: {within}",
            q(&sentence(rng)),
            contacts[0],
            contacts[1]
        );
    }
    o.push_str("  fault_localisation:\n");
    for (domain, contact) in [
        ("client", &p.client_contacts[1]),
        ("provider", &p.provider_contacts[1]),
        ("interface", &p.carrier_contacts[0]),
    ] {
        let _ = writeln!(
            o,
            "    - domain: {domain}\n      symptoms: {}\n      checks:\n        - {}\n        - {}\n      contact: {contact}",
            q(&sentence(rng)),
            q(&sentence(rng)),
            q(&sentence(rng))
        );
    }
    o.push_str("  scenarios:\n");
    let c = p.s.scenarios;
    for (j, sid) in p.scenarios.iter().enumerate() {
        // Every system belongs to scenario (k mod c), and every scenario
        // has at least one system.
        let mut systems: Vec<String> = (0..p.systems.len())
            .filter(|k| k % c == j)
            .map(|k| p.systems[k].clone())
            .collect();
        if systems.is_empty() {
            systems.push(p.systems[j % p.systems.len()].clone());
        }
        let _ = writeln!(
            o,
            "    - id: {sid}\n      title: {}\n      trigger: {}\n      level: {}\n      priority: P1\n      systems: {}\n      rto: {}\n      rpo: {}\n      owner: {}\n      requirements: {}\n      refs: [OPS.2.3.A20]",
            q(&title(rng)),
            q(&sentence(rng)),
            rng.range(1, 3),
            list(&systems),
            rng.pick(&["30min", "1h", "2h"]),
            rng.pick(&["15min", "1h", "4h"]),
            p.client_contacts[j % p.client_contacts.len()],
            list(&p.requirements(j * 50 + rng.below(50), 2)),
        );
        o.push_str("      immediate:\n");
        for _ in 0..rng.range(2, 4) {
            let _ = writeln!(o, "        - {}", q(&sentence(rng)));
        }
        o.push_str("      recovery:\n");
        for _ in 0..rng.range(2, 4) {
            let _ = writeln!(o, "        - {}", q(&sentence(rng)));
        }
    }
    o.push_str("  backups:\n");
    let backups = (p.s.requirements / 1000).max(2);
    for b in 0..backups {
        let _ = writeln!(
            o,
            "    - id: {}\n      data: {}\n      frequency: daily\n      retention: 30 days\n      location: {}\n      restore_test: {}\n      responsible: PROVIDER",
            id("BAK", b, backups),
            q(&title(rng)),
            q("Secondary data centre, separate per client"),
            q(&sentence(rng))
        );
    }
    o.push_str("  exercises:\n");
    let exercises = (p.s.requirements / 500).max(2);
    for e in 0..exercises {
        let _ = writeln!(
            o,
            "    - id: {}\n      title: {}\n      kind: {}\n      frequency: annually\n      scenarios: [{}]\n      participants: [CLIENT, PROVIDER]\n      next: {}",
            id("EXR", e, exercises),
            q(&title(rng)),
            rng.pick(&["tabletop", "failover test", "restore test", "alert drill"]),
            p.scenarios[e % c],
            date(400 + e * 7)
        );
    }
    o
}
