//! Diagnostics: what is wrong, where, and how to fix it, printed in the
//! manner of rustc (`file:line:column`, the source line and a caret).

use std::fmt::Write as _;

use serde::Serialize;

use crate::check::rules::Rule;
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
    /// The rule found broken, which gives the finding its id (for example
    /// `OS-REF-001`) and its severity.
    pub rule: &'static Rule,
    pub message: String,
    pub help: Option<String>,
    pub loc: Option<Loc>,
    /// Other places that belong to the finding, each with a note.
    pub related: Vec<(Loc, String)>,
}

impl Diagnostic {
    /// A finding of `rule`, with the rule's severity.
    pub fn new(rule: &'static Rule, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            message: message.into(),
            help: None,
            loc: None,
            related: Vec::new(),
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

    pub fn severity(&self) -> Severity {
        self.rule.severity
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
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
    /// Where each line starts, found when a snippet first needs it, so that
    /// many diagnostics in a long file do not each scan it from the top.
    lines: std::sync::OnceLock<Vec<usize>>,
}

impl Sources {
    /// Registers a file and returns its index.
    pub fn add(&mut self, name: String, text: String) -> u32 {
        self.files.push(SourceFile {
            name,
            text,
            lines: std::sync::OnceLock::new(),
        });
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

    /// The text of line `loc.line` (counted from 1), without its line end.
    /// Lines end as YAML's do: at a line feed, a carriage return, or both.
    fn line(&self, loc: Loc) -> Option<&str> {
        let file = self.files.get(loc.file as usize)?;
        let starts = file.lines.get_or_init(|| line_starts(&file.text));
        let start = *starts.get((loc.line as usize).checked_sub(1)?)?;
        let rest = &file.text[start..];
        Some(&rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())])
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
        let label = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{label}[{}]: {}", d.rule.id, terse(&d.message));
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
            let _ = writeln!(out, "{} = help: {}", " ".repeat(width), terse(help));
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

/// Where each line of `text` starts. As with [`str::lines`], a text that
/// ends with a line break has no empty line after it.
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(at) = bytes[i..].iter().position(|&b| b == b'\n' || b == b'\r') {
        i += at + 1;
        if bytes[i - 1] == b'\r' && bytes.get(i) == Some(&b'\n') {
            i += 1;
        }
        starts.push(i);
    }
    if starts.last() == Some(&text.len()) {
        starts.pop();
    }
    starts
}

fn snippet(out: &mut String, sources: &Sources, loc: Loc, note: Option<&str>, width: usize) {
    let pad = " ".repeat(width);
    // A file name is one line: a line break in it is shown as a symbol.
    let position = sources.position(loc).replace('\n', "\u{240a}");
    let _ = writeln!(out, "{pad}--> {}", clean(&position));
    let Some(line) = sources.line(loc) else {
        if let Some(note) = note {
            let _ = writeln!(out, "{pad} = note: {}", terse(note));
        }
        return;
    };
    let number = format!("{:>width$}", loc.line);
    let col = (loc.col.max(1) - 1) as usize;
    let excerpt = Excerpt::new(line, col, token_width(line, col));
    let _ = writeln!(out, "{pad} |");
    let _ = writeln!(out, "{number} | {}", excerpt.text);
    let _ = write!(
        out,
        "{pad} | {}{}",
        excerpt.before,
        "^".repeat(excerpt.caret)
    );
    match note {
        Some(note) => {
            let _ = writeln!(out, " {}", terse(note));
        }
        None => out.push('\n'),
    }
}

/// Most characters of a source line that a snippet shows: a longer line
/// (such as a 1 MiB string on one line) is cut around the column, with
/// [`ELLIPSIS`] where text was left out. Enough for the one-line mappings
/// of real input files (`- { id: …, name: …, phone: … }`) to stay whole.
pub const SNIPPET_CHARS: usize = 160;
/// Marks where a cut line goes on. Plain dots, as rustc shows them: one
/// column each in every terminal, so the caret stays aligned.
const ELLIPSIS: &str = "...";
/// Characters a cut line keeps before the column, for context.
const SNIPPET_BEFORE: usize = 60;

/// The part of a source line a snippet shows, and the caret under it.
struct Excerpt {
    /// The line, cut and with control characters made visible.
    text: String,
    /// What goes before the caret: a tab under each tab, else spaces.
    before: String,
    /// How many carets mark the token.
    caret: usize,
}

impl Excerpt {
    /// `col` and `len` count characters: the token starts at character
    /// `col` and is `len` characters long.
    fn new(line: &str, col: usize, len: usize) -> Excerpt {
        let total = line.chars().count();
        let (start, end) = if total <= SNIPPET_CHARS {
            (0, total)
        } else {
            let start = col
                .saturating_sub(SNIPPET_BEFORE)
                .min(total - SNIPPET_CHARS);
            (start, start + SNIPPET_CHARS)
        };
        let mut text = String::new();
        let mut before = String::new();
        let mut caret = 0;
        if start > 0 {
            text.push_str(ELLIPSIS);
            before.push_str("   ");
        }
        for (i, c) in line.chars().enumerate().skip(start).take(end - start) {
            let shown = visible(c);
            let width = shown.as_ref().map_or(1, |s| s.chars().count());
            match shown {
                Some(s) => text.push_str(&s),
                None => text.push(c),
            }
            if i < col {
                if c == '\t' {
                    before.push('\t');
                } else {
                    before.extend(std::iter::repeat_n(' ', width));
                }
            } else if i < col + len {
                caret += width;
            }
        }
        if end < total {
            text.push_str(ELLIPSIS);
        }
        Excerpt {
            text,
            before,
            caret: caret.max(1),
        }
    }
}

/// How a character that must not reach a terminal as it is is shown: C0
/// control characters (but tab) and DEL as their Unicode control pictures
/// (`␛` for ESC), C1 control characters, the bidirectional controls (which
/// can reorder what a terminal shows), the zero-width characters (which a
/// reader cannot see, so that two different ids would look the same) and
/// the Unicode line separators as `\u{…}`. `None` for every other
/// character, which is shown as it is.
fn visible(c: char) -> Option<String> {
    match c {
        '\t' => None,
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).map(String::from),
        '\x7f' => Some('␡'.to_string()),
        '\u{80}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => Some(format!("\\u{{{:x}}}", c as u32)),
        _ => None,
    }
}

/// Most characters of a value quoted in backticks that a message shows.
const QUOTED_CHARS: usize = 80;
/// Most characters of a message, note or help that is shown whole; a
/// longer one loses its middle.
const MESSAGE_CHARS: usize = 1000;

/// A message, note or help as a person sees it: control characters made
/// visible (see [`clean`]), a value quoted in backticks (such as a 1 MiB
/// id) cut after [`QUOTED_CHARS`] characters, and what is still longer than
/// [`MESSAGE_CHARS`] cut in the middle. `--format json` keeps the text whole.
fn terse(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len().min(MESSAGE_CHARS * 4));
    for (i, part) in text.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        if i % 2 == 1 && part.chars().nth(QUOTED_CHARS).is_some() {
            out.extend(part.chars().take(QUOTED_CHARS - ELLIPSIS.len()));
            out.push_str(ELLIPSIS);
        } else {
            out.push_str(part);
        }
    }
    let total = out.chars().count();
    if total <= MESSAGE_CHARS {
        return out;
    }
    let head: String = out.chars().take(MESSAGE_CHARS * 3 / 4).collect();
    let tail: String = out.chars().skip(total - MESSAGE_CHARS / 4).collect();
    format!("{head} {ELLIPSIS} {tail}")
}

/// Text from the inputs (in a message, note or file name) with control
/// characters made visible as in snippets; line breaks and tabs stay.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let keep = |c: char| c == '\n' || visible(c).is_none();
    if text.chars().all(keep) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match visible(c) {
            Some(s) if c != '\n' => out.push_str(&s),
            _ => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
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
            rule: d.rule.id,
            severity: d.severity(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules;

    /// The human rendering of one error at `line:col` of a file holding `text`.
    fn render(text: &str, line: u32, col: u32, message: &str) -> String {
        let mut sources = Sources::default();
        let file = sources.add("f.yaml".into(), text.into());
        let d = Diagnostic::new(&rules::OS_REF_001, message).at(Loc { file, line, col });
        render_human(&[d], &sources)
    }

    /// The source line and the caret line of a rendering.
    fn snippet_lines(out: &str) -> (&str, &str) {
        let lines: Vec<&str> = out.lines().collect();
        let at = lines.iter().position(|l| l.starts_with("1 | ")).unwrap();
        (&lines[at][4..], &lines[at + 1][4..])
    }

    /// The characters of `shown` above the carets.
    fn marked(shown: &str, carets: &str) -> String {
        let start = carets.find('^').unwrap();
        let n = carets.len() - start;
        shown.chars().skip(start).take(n).collect()
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let out = render("a: [x, bad, y]\n", 1, 8, "m");
        let (shown, carets) = snippet_lines(&out);
        assert_eq!(shown, "a: [x, bad, y]");
        assert_eq!(carets, "       ^^^");
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_and_the_caret_stays_on_the_token() {
        // Multi-byte characters on both sides of the token, 1 MiB in all.
        let side = "äöü€".repeat(1024 * 1024 / 4 / 4);
        let text = format!("k: \"{side}\" bad \"{side}\"\n");
        let col = 3 + 1 + side.chars().count() + 2 + 1;
        let out = render(&text, 1, col as u32, "m");
        assert!(out.len() < 1000, "{} bytes", out.len());
        let (shown, carets) = snippet_lines(&out);
        assert!(shown.starts_with(ELLIPSIS) && shown.ends_with(ELLIPSIS));
        assert_eq!(
            shown.chars().count(),
            SNIPPET_CHARS + 2 * ELLIPSIS.len(),
            "{shown}"
        );
        assert_eq!(marked(shown, carets), "bad");
        // At the very start and the very end of the line.
        let out = render(&text, 1, 1, "m");
        let (shown, carets) = snippet_lines(&out);
        assert!(shown.starts_with("k: \"äöü€") && shown.ends_with(ELLIPSIS));
        assert_eq!(marked(shown, carets), "k");
        let last = text.trim_end().chars().count();
        let out = render(&text, 1, last as u32, "m");
        let (shown, carets) = snippet_lines(&out);
        assert!(shown.starts_with(ELLIPSIS) && shown.ends_with("€\""));
        assert_eq!(marked(shown, carets), "\"");
        // A token longer than the window is marked to the window's end.
        let out = render(&text, 1, 4, "m");
        let (shown, carets) = snippet_lines(&out);
        assert_eq!(
            carets.trim_start().len(),
            shown.chars().count() - 3 - ELLIPSIS.len()
        );
    }

    #[test]
    fn control_characters_are_shown_as_pictures_and_the_caret_stays_aligned() {
        let out = render(
            "a: \"\x1b[31mred\x07\x7f\" bad\tx\n",
            1,
            17,
            "`\x1b[2J` m\u{9b}",
        );
        assert!(
            !out.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{out:?}"
        );
        let (shown, carets) = snippet_lines(&out);
        assert_eq!(shown, "a: \"␛[31mred␇␡\" bad\tx");
        assert_eq!(marked(shown, carets), "bad");
        assert!(
            out.starts_with("error[OS-REF-001]: `␛[2J` m\\u{9b}\n"),
            "{out}"
        );
        // C1 controls and bidirectional overrides take more room: the
        // caret follows.
        let out = render("a: \u{202e}\u{9b} bad\n", 1, 7, "m");
        let (shown, carets) = snippet_lines(&out);
        assert_eq!(shown, "a: \\u{202e}\\u{9b} bad");
        assert_eq!(marked(shown, carets), "bad");
        // Zero-width characters would hide a difference between two ids.
        let out = render("id: a\u{200b}b\u{feff} bad\n", 1, 10, "`a\u{200b}b`");
        let (shown, carets) = snippet_lines(&out);
        assert_eq!(shown, "id: a\\u{200b}b\\u{feff} bad");
        assert_eq!(marked(shown, carets), "bad");
        assert!(
            out.starts_with("error[OS-REF-001]: `a\\u{200b}b`\n"),
            "{out}"
        );
    }

    #[test]
    fn lines_end_at_line_feeds_carriage_returns_or_both() {
        for text in ["a\nbad\nc\n", "a\r\nbad\r\nc", "a\rbad\rc\r"] {
            let mut sources = Sources::default();
            let file = sources.add("f".into(), text.into());
            let line = |n| {
                sources.line(Loc {
                    file,
                    line: n,
                    col: 1,
                })
            };
            assert_eq!(
                (line(1), line(2), line(3), line(4)),
                (Some("a"), Some("bad"), Some("c"), None),
                "{text:?}"
            );
        }
        assert_eq!(line_starts("\n\n"), vec![0, 1]);
        assert_eq!(line_starts(""), Vec::<usize>::new());
    }

    #[test]
    fn long_quoted_values_and_messages_are_shortened() {
        let id = "x".repeat(1024 * 1024);
        let out = render("a\n", 1, 1, &format!("`{id}` names nothing"));
        let first = out.lines().next().unwrap();
        assert!(
            first.ends_with(&format!("{ELLIPSIS}` names nothing")),
            "{first}"
        );
        assert!(first.len() < 200);
        let long = "word ".repeat(1000);
        let out = render("a\n", 1, 1, &format!("start {long} end"));
        let first = out.lines().next().unwrap();
        assert!(first.contains("start") && first.ends_with("end") && first.len() < 1100);
        // JSON keeps the message whole.
        let mut sources = Sources::default();
        let file = sources.add("f".into(), "a\n".into());
        let d = Diagnostic::new(&rules::OS_REF_001, format!("`{id}`")).at(Loc {
            file,
            line: 1,
            col: 1,
        });
        assert!(render_json(&[d], &sources).contains(&id));
    }
}
