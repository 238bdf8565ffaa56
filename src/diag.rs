//! Diagnostics: what is wrong, where, and how to fix it, printed in the
//! manner of rustc (`file:line:column`, the source line and a caret).

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::Loc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One finding about the inputs.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Stable rule id, for example `OS-REF-001`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    pub loc: Option<Loc>,
    /// Other places that belong to the finding, each with a note.
    pub related: Vec<(Loc, String)>,
}

impl Diagnostic {
    pub fn error(rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            loc: None,
            related: Vec::new(),
        }
    }

    pub fn warning(rule: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(rule, message)
        }
    }

    pub fn at(mut self, loc: Loc) -> Self {
        self.loc = Some(loc);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn related(mut self, loc: Loc, note: impl Into<String>) -> Self {
        self.related.push((loc, note.into()));
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The text of every input file, so that diagnostics can quote it.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

#[derive(Debug)]
struct SourceFile {
    /// Path as shown to the user (relative to the working directory when possible).
    name: String,
    text: String,
}

impl Sources {
    /// Registers a file and returns its index.
    pub fn add(&mut self, name: String, text: String) -> u32 {
        self.files.push(SourceFile { name, text });
        u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX)
    }

    pub fn name(&self, file: u32) -> &str {
        self.files
            .get(file as usize)
            .map_or("<unknown>", |f| f.name.as_str())
    }

    pub fn text(&self, file: u32) -> &str {
        self.files
            .get(file as usize)
            .map_or("", |f| f.text.as_str())
    }

    fn line(&self, loc: Loc) -> Option<&str> {
        if loc.line == 0 {
            return None;
        }
        self.text(loc.file).lines().nth(loc.line as usize - 1)
    }

    /// `file:line:column`, or just the file when the line is unknown.
    pub fn position(&self, loc: Loc) -> String {
        if loc.line == 0 {
            self.name(loc.file).to_string()
        } else {
            format!("{}:{}:{}", self.name(loc.file), loc.line, loc.col)
        }
    }
}

/// Renders diagnostics for a person.
pub fn render_human(diags: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diags {
        let label = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}[{}]: {}", d.rule, d.message);
        // One gutter width for every snippet of the diagnostic, as rustc does.
        let width = d
            .loc
            .iter()
            .chain(d.related.iter().map(|(l, _)| l))
            .map(|l| l.line.to_string().len())
            .max()
            .unwrap_or(1);
        if let Some(loc) = d.loc {
            snippet(&mut out, sources, loc, None, width);
        }
        for (loc, note) in &d.related {
            snippet(&mut out, sources, *loc, Some(note), width);
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "{} = help: {help}", " ".repeat(width));
        }
        out.push('\n');
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    if !diags.is_empty() {
        let _ = writeln!(
            out,
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        );
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn snippet(out: &mut String, sources: &Sources, loc: Loc, note: Option<&str>, width: usize) {
    let pad = " ".repeat(width);
    let _ = writeln!(out, "{pad}--> {}", sources.position(loc));
    let Some(line) = sources.line(loc) else {
        if let Some(note) = note {
            let _ = writeln!(out, "{pad} = note: {note}");
        }
        return;
    };
    let number = format!("{:>width$}", loc.line);
    let col = (loc.col.max(1) - 1) as usize;
    let before: String = line
        .chars()
        .take(col)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let width = token_width(line, col);
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{number} | {line}");
    let _ = write!(out, "{pad} | {before}{}", "^".repeat(width));
    match note {
        Some(note) => {
            let _ = writeln!(out, " {note}");
        }
        None => out.push('\n'),
    }
}

/// Width of the token that starts at character `col`: up to the next
/// whitespace, comma, colon or bracket, at least one character.
fn token_width(line: &str, col: usize) -> usize {
    let rest: String = line.chars().skip(col).collect();
    let quoted = rest.starts_with('"') || rest.starts_with('\'');
    let n = if quoted {
        let q = rest.chars().next().unwrap_or('"');
        rest.chars()
            .skip(1)
            .position(|c| c == q)
            .map_or(rest.chars().count(), |p| p + 2)
    } else {
        rest.chars()
            .position(|c| c.is_whitespace() || matches!(c, ',' | ':' | ']' | '}' | '['))
            .unwrap_or(rest.chars().count())
    };
    n.max(1)
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    severity: Severity,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    message: &'a str,
    help: Option<&'a str>,
}

/// Renders diagnostics as JSON lines, one object per diagnostic.
pub fn render_json(diags: &[Diagnostic], sources: &Sources) -> String {
    let mut out = String::new();
    for d in diags {
        let j = JsonDiagnostic {
            rule: d.rule,
            severity: d.severity,
            file: d.loc.map(|l| sources.name(l.file)),
            line: d.loc.filter(|l| l.line > 0).map(|l| l.line),
            column: d.loc.filter(|l| l.line > 0).map(|l| l.col),
            message: &d.message,
            help: d.help.as_deref(),
        };
        if let Ok(line) = serde_json::to_string(&j) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        if score >= 0.8 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}
