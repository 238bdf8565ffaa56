//! Markdown fields from the inputs, made safe to stand in a document.
//!
//! A document's Markdown is the templates' text with the inputs' fields in
//! it. It is read as Markdown (on GitHub or GitLab, which render raw HTML,
//! and by bidders in whatever viewer they have) and as the HTML outsec
//! makes of it. So each field is made safe on its own, from its own parse,
//! before it joins the document:
//!
//! - raw HTML, block or inline, is escaped and shows as the text it is;
//! - every `<` that is text is written `&lt;`, never `\<`: GitHub takes a
//!   backslash right after a bare address into the address, and the `<`
//!   after it would start a tag; a bare address that would run into a
//!   `<` of a code span (or anything but an autolink) is kept from being a
//!   link on GitHub (see `Walker::bare_links`);
//! - a link whose address `markdown::link_allowed` refuses (`javascript:`,
//!   `data:`, `//host` …, however spelt: with character references, or
//!   invisible characters that the document loses later) is reduced to its
//!   text, an autolink to such an address to its text in angle brackets;
//! - an image is kept only when it is embedded in its address (a `data:`
//!   PNG, JPEG, GIF or WebP); any other image becomes a link reading
//!   "address: description", so that opening a document never loads
//!   anything, or its description alone when the address is refused too;
//! - link reference definitions are removed and the links that used them
//!   written inline, because a definition applies to the whole document: no
//!   field can define `[x]` for a link in another field;
//! - footnotes, whose labels are document-wide too, show as text;
//! - headings (`#` and underlined) become bold text, so that a field adds
//!   no chapter and no entry to a table of contents;
//! - a fenced code block left open is closed, and the field ends with no
//!   block open that could take in what follows it (checked by parsing the
//!   field with a paragraph after it, which must stay a paragraph of its
//!   own);
//! - a character reference to a character that documents lose
//!   (`&#x202E;`, `&shy;`, `&ZeroWidthSpace;` …) goes, outside code, as
//!   the character itself goes.
//!
//! Text that is safe already is kept as written, byte for byte, so that the
//! documents and their diffs do not change for it. The result is parsed
//! again, and changed again, until a parse finds nothing to change; a field
//! that does not get there within [`MAX_PASSES`] parses is shown as text
//! with every ASCII punctuation character escaped.
//!
//! Every function starts with [`clean`], which drops control, bidi,
//! zero-width and other invisible characters ([`forbidden`]): `tidy` drops
//! them from the document anyway, and `<\u{200B}script>` must not turn into
//! `<script>` after the check.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Parser, Tag, TagEnd};

use crate::markdown::{char_ref, embeddable_image, link_allowed, options, overlong_numeric_ref};
use crate::text::{clean, forbidden};

/// Most parses of one field; each parse that finds something changes it.
/// Safe text needs one, a field with HTML or links two or three; only
/// text written to defeat the check (dozens of definitions of one
/// reference) needs more, and is then shown as escaped text.
pub const MAX_PASSES: usize = 16;

/// A paragraph parsed after a block field: it must stay a paragraph of its
/// own at the top level, or the field leaves something open. Private-use
/// characters, so that no template or escape writes them; its place, not
/// its text, is what is checked.
const SENTINEL: &str = "\u{E000}outsec:after-the-field\u{E000}";

/// A Markdown field as a block of its own (see the module documentation).
pub fn block(text: &str) -> String {
    let text = clean(text);
    let text = text.trim();
    if quiet_block(text) {
        return text.to_string();
    }
    converge(text.to_string(), block_pass).unwrap_or_else(|| escaped_block(text))
}

/// Whether a block field certainly needs no change, without a parse: it
/// has no character that starts raw HTML, a link, image, definition or
/// footnote (`<`, `[`), a character reference (`&`), a heading (`#`, or a
/// line of `=` or `-` under another: any line that starts with them, after
/// spaces and quote marks), or a fenced code block. Most fields are like
/// that.
fn quiet_block(text: &str) -> bool {
    !text.contains(['<', '[', '#', '&'])
        && !has_xmpp(text)
        && !text.contains("```")
        && !text.contains("~~~")
        && !text.lines().skip(1).any(|line| {
            line.trim_start_matches(|c: char| c.is_whitespace() || c == '>')
                .starts_with(['=', '-'])
        })
}

/// Whether one line of text certainly needs no change as inline text,
/// without a parse: it starts with a letter (so no block), and has no
/// character that starts raw HTML, a link, footnote or character
/// reference, no pipe and no backslash.
fn quiet_line(text: &str) -> bool {
    text.starts_with(char::is_alphabetic)
        && !text.contains(['<', '[', '|', '\\', '&'])
        && !has_xmpp(text)
}

/// Whether `text` has a bare `xmpp:` in it (see [`ends_with_xmpp`]).
fn has_xmpp(text: &str) -> bool {
    text.as_bytes()
        .windows(5)
        .any(|w| w.eq_ignore_ascii_case(b"xmpp:"))
}

/// A Markdown field as inline text on one line, for a table cell or a
/// sentence: line breaks and tabs become one space, pipes are escaped, and
/// the text cannot start a block (a heading, list, quote, code block or
/// reference definition) even at the start of a line; otherwise as
/// [`block`].
pub fn inline(text: &str) -> String {
    let line = one_line(&clean(text));
    if quiet_line(&line) {
        return line;
    }
    converge(line.clone(), inline_pass).unwrap_or_else(|| escape_all(&line))
}

/// Plain text for inline Markdown: every character that could start
/// emphasis, code, a link, raw HTML or a table cell is escaped (`<` as
/// `&lt;`, see the module documentation), line breaks become spaces, and the text
/// cannot start a block.
pub fn plain(text: &str) -> String {
    let text = clean(text);
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '>' | '|' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '\n' => out.push(' '),
            ':' if ends_with_xmpp(&out) => out.push_str("\\:"),
            _ => out.push(c),
        }
    }
    // Escaped like this, text that starts with a letter cannot start a
    // block or hold anything else the parse would find, but for a
    // character reference (`&shy;`) to a character that documents lose.
    if out.starts_with(char::is_alphabetic) && !text.contains('&') {
        return out;
    }
    converge(out, inline_pass).unwrap_or_else(|| escape_all(&one_line(&text)))
}

/// One line: trimmed, every run of spaces that holds a line break or tab
/// as one space.
fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last_space = false;
    for c in text.trim().chars() {
        if matches!(c, '\n' | '\t') {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = c == ' ';
        }
    }
    out
}

/// What one parse found.
enum Pass {
    /// Nothing to change.
    Clean,
    /// Changes to make before the next parse.
    Edit(Vec<Edit>),
    /// Something the rules do not know how to mend.
    GiveUp,
}

/// Replace the text at `range` (of the field) with `with`.
struct Edit {
    range: Range<usize>,
    with: String,
}

/// Parses and changes until a parse finds nothing to change.
fn converge(mut text: String, pass: fn(&str) -> Pass) -> Option<String> {
    for _ in 0..MAX_PASSES {
        match pass(&text) {
            Pass::Clean => return Some(text),
            Pass::Edit(edits) => text = apply(&text, edits),
            Pass::GiveUp => return None,
        }
    }
    None
}

/// Makes the edits, in order. An edit that overlaps one before it is left
/// for the next parse, which finds its cause again if it is still there.
fn apply(text: &str, mut edits: Vec<Edit>) -> String {
    // Insertions before replacements at the same place, longer
    // replacements before those they contain.
    edits.sort_by_key(|e| {
        (
            e.range.start,
            !e.range.is_empty(),
            std::cmp::Reverse(e.range.end),
        )
    });
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for edit in edits {
        if edit.range.start < at {
            continue;
        }
        out.push_str(&text[at..edit.range.start]);
        out.push_str(&edit.with);
        at = edit.range.end;
    }
    out.push_str(&text[at..]);
    out
}

/// One parse of a block field, followed by a blank line and the sentinel
/// paragraph.
fn block_pass(text: &str) -> Pass {
    let limit = text.len();
    let mut source = String::with_capacity(limit + 2 + SENTINEL.len());
    source.push_str(text);
    source.push_str("\n\n");
    let sentinel_at = source.len();
    source.push_str(SENTINEL);

    let mut walker = Walker::new(&source, limit);
    // Space that a removed definition left at either end goes, as it goes
    // from the field as written.
    let lead = text.len() - text.trim_start().len();
    if lead > 0 {
        walker.replace(0..lead, String::new());
    }
    let trail = text.trim_end().len();
    if trail < limit {
        walker.replace(trail..limit, String::new());
    }
    let mut depth = 0usize;
    let mut closed_off = false;
    let mut open_fence = None;
    let mut events = Parser::new_ext(&source, options()).into_offset_iter();
    for (event, range) in events.by_ref() {
        match &event {
            Event::Start(Tag::Paragraph) if depth == 0 && range.start == sentinel_at => {
                closed_off = true;
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_)))
                if depth == 0 && range.end > limit =>
            {
                open_fence = Some(range.start);
            }
            _ => {}
        }
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        walker.event(event, range);
    }
    for (_, definition) in events.reference_definitions().iter() {
        walker.replace(definition.span.clone(), String::new());
    }
    if !closed_off {
        match open_fence {
            Some(start) => {
                let fence = fence_of(&source[start..limit]);
                walker.replace(limit..limit, format!("\n{fence}"));
            }
            // Raw HTML that takes in the paragraph is escaped by this
            // pass; anything else is beyond these rules.
            None if walker.edits.is_empty() => return Pass::GiveUp,
            None => {}
        }
    }
    walker.finish()
}

/// The fence (a run of backticks or tildes) that opens a fenced code block.
fn fence_of(block: &str) -> &str {
    let line = block.trim_start_matches(' ');
    let Some(c) = line.chars().next().filter(|c| matches!(c, '`' | '~')) else {
        return "```";
    };
    let len = line.find(|x| x != c).unwrap_or(line.len());
    &line[..len]
}

/// One parse of an inline field.
fn inline_pass(text: &str) -> Pass {
    // A pipe ends a table cell unless a backslash escapes it, and a
    // backslash escaped by another does not: `\|` stays, `|` and `\\|`
    // get one more.
    let pipes: Vec<Edit> = text
        .match_indices('|')
        .filter(|&(i, _)| backslashes_before(text, i).is_multiple_of(2))
        .map(|(i, _)| Edit {
            range: i..i,
            with: "\\".to_string(),
        })
        .collect();
    if !pipes.is_empty() {
        return Pass::Edit(pipes);
    }
    let mut walker = Walker::new(text, text.len());
    // Space that a removed link left at either end goes.
    let lead = text.len() - text.trim_start().len();
    if lead > 0 {
        walker.replace(0..lead, String::new());
    }
    let trail = text.trim_end().len();
    if trail < text.len() && trail >= lead {
        walker.replace(trail..text.len(), String::new());
    }
    let mut events = Parser::new_ext(text, options()).into_offset_iter();
    let mut paragraph = text.is_empty();
    let mut first = true;
    for (event, range) in events.by_ref() {
        if first {
            paragraph = matches!(event, Event::Start(Tag::Paragraph));
            first = false;
        }
        walker.event(event, range);
    }
    // A line of `=` or `-` alone is a paragraph, but under a line of text
    // it would make that line a heading.
    let underline = !text.is_empty()
        && (text.trim_end().chars().all(|c| c == '=') || text.trim_end().chars().all(|c| c == '-'));
    if !paragraph || underline || events.reference_definitions().iter().next().is_some() {
        return escape_start(text);
    }
    // A backslash at the very end would escape what the template writes
    // after the text.
    if backslashes_before(text, text.len()) % 2 == 1 {
        walker.replace(text.len()..text.len(), "\\".to_string());
    }
    walker.finish()
}

/// The number of backslashes right before byte `i`.
fn backslashes_before(text: &str, i: usize) -> usize {
    text.as_bytes()[..i]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count()
}

/// Escapes what makes a one-line text start a block rather than a
/// paragraph: its first character, or the `.` or `)` after the number of
/// an ordered list.
fn escape_start(text: &str) -> Pass {
    let at = match text.chars().next() {
        Some(c) if c.is_ascii_punctuation() => 0,
        Some(c) if c.is_ascii_digit() => match text.find(|c: char| !c.is_ascii_digit()) {
            Some(i) if text[i..].starts_with(['.', ')']) => i,
            _ => return Pass::GiveUp,
        },
        _ => return Pass::GiveUp,
    };
    Pass::Edit(vec![Edit {
        range: at..at,
        with: "\\".to_string(),
    }])
}

/// A link, image or heading whose end has not been seen yet.
struct Frame<'a> {
    kind: Kind<'a>,
    range: Range<usize>,
    /// Where the first event inside starts.
    first: Option<usize>,
    /// Where the last event inside ends.
    last: usize,
    /// The text inside, for a link that must be replaced whole.
    text: String,
}

enum Kind<'a> {
    Link {
        image: bool,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
    },
    Heading,
}

/// Goes through the events of one parse and notes the edits they need.
struct Walker<'a> {
    source: &'a str,
    /// The end of the field in `source`; nothing after it is edited.
    limit: usize,
    edits: Vec<Edit>,
    frames: Vec<Frame<'a>>,
    /// How many code blocks are open (their text is shown as written).
    code: usize,
    /// Where each autolink (`<https://…>`, `<a@b.example>`) starts.
    autolinks: Vec<usize>,
    /// The text outside code and autolinks, where GitHub looks for bare
    /// addresses (see [`Walker::bare_links`]).
    texts: Vec<Range<usize>>,
}

impl<'a> Walker<'a> {
    fn new(source: &'a str, limit: usize) -> Self {
        Walker {
            source,
            limit,
            edits: Vec::new(),
            frames: Vec::new(),
            code: 0,
            autolinks: Vec::new(),
            texts: Vec::new(),
        }
    }

    fn finish(mut self) -> Pass {
        // Bare addresses are judged in the text as it will be written,
        // once nothing else changes.
        if self.edits.is_empty() {
            self.bare_links();
        }
        if self.edits.is_empty() {
            Pass::Clean
        } else {
            Pass::Edit(self.edits)
        }
    }

    /// Notes an edit of the field. What follows the field in `source` is
    /// not edited: an edit that starts after its end is not made, one that
    /// reaches past it (a line break) ends with it.
    fn replace(&mut self, range: Range<usize>, with: String) {
        if range.start <= self.limit {
            let end = range.end.min(self.limit);
            self.edits.push(Edit {
                range: range.start..end,
                with,
            });
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        let ends_frame = matches!(
            event,
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_))
        );
        if !ends_frame && let Some(frame) = self.frames.last_mut() {
            frame.first.get_or_insert(range.start);
            frame.last = frame.last.max(range.end);
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => self.open(false, link_type, dest_url, title, range),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                ..
            }) => self.open(true, link_type, dest_url, title, range),
            Event::Start(Tag::Heading { .. }) => self.frames.push(Frame {
                kind: Kind::Heading,
                last: range.start,
                range,
                first: None,
                text: String::new(),
            }),
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::Heading(_)) => {
                if let Some(frame) = self.frames.pop() {
                    if let Some(parent) = self.frames.last_mut() {
                        parent.text.push_str(&frame.text);
                    }
                    self.close(frame);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                self.code += 1;
                // The info string of a fence is read with its character
                // references decoded.
                if let CodeBlockKind::Fenced(info) = kind
                    && info.contains(forbidden)
                {
                    let line = &self.source[range.start..range.end.min(self.limit)];
                    let line = &line[..line.find('\n').unwrap_or(line.len())];
                    if let Some(kept) = without_hidden_refs(line) {
                        self.replace(range.start..range.start + line.len(), kept);
                    }
                }
            }
            Event::End(TagEnd::CodeBlock) => self.code = self.code.saturating_sub(1),
            Event::Html(_) | Event::InlineHtml(_) => self.html(range),
            Event::Text(text) => {
                let autolink = matches!(
                    self.frames.last(),
                    Some(Frame {
                        kind: Kind::Link {
                            link_type: LinkType::Autolink | LinkType::Email,
                            ..
                        },
                        ..
                    })
                );
                if self.code == 0 && !autolink {
                    self.text(range, &text);
                }
                if let Some(frame) = self.frames.last_mut() {
                    frame.text.push_str(&text);
                }
            }
            Event::Code(text) => {
                if let Some(frame) = self.frames.last_mut() {
                    frame.text.push_str(&text);
                }
            }
            Event::FootnoteReference(_) | Event::Start(Tag::FootnoteDefinition(_)) => {
                self.replace(range.start..range.start, "\\".to_string());
            }
            _ => {}
        }
    }

    fn open(
        &mut self,
        image: bool,
        link_type: LinkType,
        dest: CowStr<'a>,
        title: CowStr<'a>,
        range: Range<usize>,
    ) {
        if matches!(link_type, LinkType::Autolink | LinkType::Email) {
            self.autolinks.push(range.start);
        }
        self.frames.push(Frame {
            kind: Kind::Link {
                image,
                link_type,
                dest,
                title,
            },
            last: range.start + if image { 2 } else { 1 },
            range,
            first: None,
            text: String::new(),
        });
    }

    /// Raw HTML shows as text: each `<` written `&lt;` (see
    /// [`Walker::text`]), and each backslash (which HTML keeps as it is)
    /// escaped.
    fn html(&mut self, range: Range<usize>) {
        if range.start >= self.limit {
            return;
        }
        let range = range.start..range.end.min(self.limit);
        let raw = &self.source[range.clone()];
        let mut with = String::with_capacity(raw.len() + 8);
        for c in raw.chars() {
            match c {
                '<' => with.push_str("&lt;"),
                '\\' => with.push_str("\\\\"),
                c => with.push(c),
            }
        }
        self.replace(range, with);
    }

    /// Text, as the parse read it:
    ///
    /// - a character reference to a character that documents lose
    ///   ([`forbidden`]: `&#x202E;`, `&shy;`, `&ZeroWidthSpace;` …) goes,
    ///   as the character itself would;
    /// - every `<` is written `&lt;`, a `\<` too. Another Markdown parser
    ///   might read a `<` as the start of a tag; and GitHub takes a
    ///   backslash right after a bare address into the address, so that
    ///   in `https://example.org\<img src=x onerror=…>` the `<` starts a
    ///   tag. A character reference is text to every parser.
    fn text(&mut self, range: Range<usize>, text: &str) {
        let raw = &self.source[range.clone()];
        if raw.starts_with('&')
            && text.contains(forbidden)
            && char_ref(raw).is_some_and(|(len, _)| len == raw.len())
        {
            self.replace(range, String::new());
            return;
        }
        self.texts.push(range.clone());
        let tags: Vec<usize> = raw
            .match_indices('<')
            .map(|(i, _)| range.start + i)
            .collect();
        for i in tags {
            if backslashes_before(self.source, i) % 2 == 1 {
                self.replace(i - 1..i + 1, "&lt;".to_string());
            } else {
                self.replace(i..i + 1, "&lt;".to_string());
            }
        }
        // A numeric reference with more digits than CommonMark's is text
        // here but a character to GitHub (`&#x0000202E;`): its `&` is
        // written `&amp;`, so that every renderer shows it as written.
        for (i, _) in raw.match_indices('&') {
            let at = range.start + i;
            if overlong_numeric_ref(&self.source[at..]) {
                self.replace(at..at + 1, "&amp;".to_string());
            }
        }
        for colon in xmpp_colons(raw) {
            let at = range.start + colon;
            self.replace(at..at, "\\".to_string());
        }
    }

    /// GitHub makes a link of a bare `http://`, `https://`, `ftp://` or
    /// `www.` address (the "extended autolink"), which runs to the next
    /// space or `<` over whatever Markdown is in the way: in
    /// ``https://example.org`<img src=x>` ``, it takes the backtick, and
    /// the code span's `<img src=x>` is raw HTML. Text has no `<` left (see
    /// [`Walker::text`]); where such a run ends at another `<` than one
    /// that starts an autolink (which GitHub reads as one too), the address
    /// is kept from being a link on GitHub: its `:`, or the `.` after
    /// `www`, is escaped. Other renderers read it as the same text.
    fn bare_links(&mut self) {
        let source = self.source;
        let bytes = source.as_bytes();
        let mut breaks = Vec::new();
        for range in &self.texts {
            let raw = &source[range.clone()];
            let urls = raw.match_indices("://").filter_map(|(i, _)| {
                let colon = range.start + i;
                let scheme_start = bytes[..colon]
                    .iter()
                    .rposition(|b| !b.is_ascii_alphabetic())
                    .map_or(0, |p| p + 1);
                let scheme = &source[scheme_start..colon];
                ["http", "https", "ftp"]
                    .iter()
                    .any(|s| scheme.eq_ignore_ascii_case(s))
                    .then_some((colon, colon))
            });
            let www = raw.match_indices("www.").filter_map(|(i, _)| {
                let at = range.start + i;
                let after = at == 0
                    || matches!(
                        bytes[at - 1],
                        b' ' | b'\t' | b'\n' | b'\r' | b'*' | b'_' | b'~' | b'('
                    );
                after.then_some((at, at + 3))
            });
            for (start, escape) in urls.chain(www) {
                let run = &source[start..];
                let run = &run[..run.find([' ', '\t', '\n', '\r']).unwrap_or(run.len())];
                if let Some(lt) = run.find('<')
                    && !self.autolinks.contains(&(start + lt))
                {
                    breaks.push(escape);
                }
            }
        }
        for at in breaks {
            self.replace(at..at, "\\".to_string());
        }
    }

    fn close(&mut self, frame: Frame<'a>) {
        let Range { start, end } = frame.range;
        match frame.kind {
            Kind::Heading => {
                // The heading's own line(s), without the line break.
                let end = start + self.source[start..end].trim_end_matches(['\n', '\r']).len();
                match frame.first {
                    // The marks before and after the text (`## `, ` ##`,
                    // the underline) become `**`.
                    Some(first) => {
                        let last = frame.last.clamp(first, end);
                        self.replace(start..first, "**".to_string());
                        self.replace(last..end, "**".to_string());
                    }
                    None => self.replace(start..end, String::new()),
                }
            }
            Kind::Link {
                image,
                link_type,
                dest,
                title,
            } => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    if !link_allowed(link_type, &dest) {
                        self.replace(start..start + 1, "&lt;".to_string());
                    } else if let Some(kept) = without_hidden_refs(&self.source[start..end]) {
                        // Other renderers decode character references in
                        // an autolink.
                        self.replace(start..end, kept);
                    }
                    return;
                }
                let open = if image { 2 } else { 1 };
                // The `]` that ends the link's text.
                let bytes = self.source.as_bytes();
                let mut close = frame.last.max(start + open);
                while close < end && matches!(bytes[close], b' ' | b'\t' | b'\n' | b'\r' | b'>') {
                    close += 1;
                }
                if close >= end || bytes[close] != b']' {
                    self.replace(start..end, escape_inline(&frame.text));
                    return;
                }
                // A reference link is written inline; so is an inline link
                // whose address or title holds a `<` (see
                // [`Walker::bare_links`]) or a character that documents
                // lose (from a character reference), unless it is written
                // so already (`[x](<> "title")`).
                let inline_tail = || format!("]({})", inline_destination(&dest, &title));
                let hidden = |s: &str| s.contains(forbidden);
                let tail = &self.source[close..end];
                let rewrite = link_type != LinkType::Inline
                    || ((tail.contains('<') || hidden(&dest) || hidden(&title))
                        && inline_tail() != tail);
                if image && embeddable_image(&dest) {
                    if rewrite {
                        self.replace(close..end, inline_tail());
                    }
                } else if link_allowed(link_type, &dest) {
                    if image {
                        let mut lead = format!("[{}", escape_inline(&dest));
                        if frame.first.is_some() {
                            lead.push_str(": ");
                        }
                        self.replace(start..start + 2, lead);
                    }
                    if rewrite {
                        self.replace(close..end, inline_tail());
                    }
                } else {
                    self.replace(start..start + open, String::new());
                    self.replace(close..end, String::new());
                }
            }
        }
    }
}

/// A link's address and title as they are written inline:
/// `address "title"`, or `<> "title"` without an address. The address is not put in angle brackets, and a `<`
/// or `>` in it is percent-encoded, as renderers encode it anyway: a `<`
/// could start a tag where GitHub takes the link's start into a bare
/// address before it (see [`Walker::bare_links`]). Spaces are
/// percent-encoded too, parentheses and backslashes escaped, and a `&`
/// escaped, so that no renderer decodes a reference in it again. A `<` in
/// the title is written `&lt;`. Characters that documents lose
/// ([`forbidden`]) are left out.
fn inline_destination(dest: &str, title: &str) -> String {
    let mut out = String::with_capacity(dest.len() + title.len() + 5);
    // Without angle brackets, an empty address before a title would be
    // read as the address.
    if dest.is_empty() && !title.is_empty() {
        out.push_str("<>");
    }
    for c in dest.chars() {
        match c {
            '\\' | '&' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c if forbidden(c) => {}
            c if c.is_whitespace() => {
                for b in c.to_string().bytes() {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            c => out.push(c),
        }
    }
    if !title.is_empty() {
        out.push_str(" \"");
        for c in title.chars() {
            match c {
                '"' | '\\' | '&' => {
                    out.push('\\');
                    out.push(c);
                }
                '<' => out.push_str("&lt;"),
                '\n' | '\r' => out.push(' '),
                c if forbidden(c) => {}
                c => out.push(c),
            }
        }
        out.push('"');
    }
    out
}

/// Text for inside a link's brackets, shown as it is (`<` as `&lt;`, see
/// [`Walker::text`]), without the characters that documents lose.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '>' | '&' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '\n' | '\r' => out.push(' '),
            ':' if ends_with_xmpp(&out) => out.push_str("\\:"),
            c if forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` ends with the word `xmpp` (in any case): GitHub makes a
/// link of a bare `xmpp:name@host` (an "extended autolink"), a scheme that
/// documents do not link to, so the `:` after it is escaped.
fn ends_with_xmpp(text: &str) -> bool {
    text.len()
        .checked_sub(4)
        .and_then(|at| text.get(at..))
        .is_some_and(|word| word.eq_ignore_ascii_case("xmpp"))
}

/// Where in `text` the `:` of a bare `xmpp:` is (see [`ends_with_xmpp`]).
fn xmpp_colons(text: &str) -> Vec<usize> {
    text.match_indices(':')
        .filter(|(i, _)| ends_with_xmpp(&text[..*i]))
        .map(|(i, _)| i)
        .collect()
}

/// Text with every ASCII punctuation character escaped, and `<` written
/// `&lt;` (see [`Walker::text`]): Markdown shows it exactly as it is,
/// whatever it is.
fn escape_all(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c == '<' {
            out.push_str("&lt;");
            continue;
        }
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `text` without the character references in it that stand for a
/// character that documents lose ([`forbidden`]), or `None` when it has
/// none.
fn without_hidden_refs(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut dropped = false;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match char_ref(rest) {
            Some((len, decoded)) if decoded.contains(forbidden) => {
                dropped = true;
                rest = &rest[len..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    dropped.then_some(out)
}

/// A block field as escaped text, line by line (the last resort).
fn escaped_block(text: &str) -> String {
    text.lines()
        .map(|line| escape_all(line.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The Markdown as GitHub reads it, near enough to find raw HTML: a
/// bare `http://`, `https://`, `ftp://` or `www.` address (outside
/// brackets, by cmark-gfm's rules for where one starts) is a link that
/// runs to the next space or `<` over whatever is in the way; here it
/// is replaced by letters, so that a parse sees what GitHub parses
/// after it. For tests (here and in `tests/integration`), not for output.
#[doc(hidden)]
pub fn github_view(md: &str) -> String {
    let bytes = md.as_bytes();
    let mut out = bytes.to_vec();
    let mut starts = Vec::new();
    for (i, _) in md.match_indices("://") {
        let from = bytes[..i]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |p| p + 1);
        // Not in an autolink or a link's address, which GitHub reads
        // as such first.
        if !md[..from].ends_with('<')
            && !md[..from].ends_with("](")
            && ["http", "https", "ftp"]
                .iter()
                .any(|s| md[from..i].eq_ignore_ascii_case(s))
        {
            starts.push(from);
        }
    }
    for (i, _) in md.match_indices("www.") {
        if i == 0 || b" \t\n\r*_~(".contains(&bytes[i - 1]) {
            starts.push(i);
        }
    }
    for start in starts {
        let run = &md[start..];
        let end = run.find([' ', '\t', '\n', '\r']).unwrap_or(run.len());
        let end = run[..end].find('<').unwrap_or(end);
        for b in &mut out[start..start + end] {
            *b = b'x';
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::to_html;

    /// The field's HTML, as part of a document between two headings.
    fn in_document(field: &str) -> crate::markdown::Html {
        to_html(&format!(
            "# Title\n\n## 1 Before\n\n{}\n\n## 2 After\n\nend\n",
            block(field)
        ))
    }

    #[track_caller]
    fn holds(field: &str) -> String {
        let out = block(field);
        let h = in_document(field);
        let toc: Vec<&str> = h.toc.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(toc, ["1 Before", "2 After"], "{field:?} → {out:?}");
        assert!(
            h.body
                .ends_with("<h2 id=\"2-after\">2 After</h2>\n<p>end</p>\n"),
            "{field:?} → {out:?}\n{}",
            h.body
        );
        // The field is stable: a second round changes nothing.
        assert_eq!(block(&out), out, "{field:?}");
        out
    }

    #[test]
    fn safe_text_is_kept_as_written() {
        for text in [
            "plain text",
            "A *list*:\n\n- one\n- two `<b>`\n\n1. first\n2. second",
            "[a link](https://example.org/x?q=1 \"title\") and <https://example.net> and <a@b.de>",
            "```sh\necho '<script>' # not a heading\n```",
            "text\n\n    indented <code>\n\nafter",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "> quoted\n> text",
            "~~struck~~ and - [x] done",
            "![logo](data:image/png;base64,iVBORw0KGgo=)",
        ] {
            assert_eq!(holds(text), text);
        }
        // But for `<`, which is written `&lt;` wherever it is text.
        assert_eq!(
            holds("a < b and c > d, 3 <= 4"),
            "a &lt; b and c > d, 3 &lt;= 4"
        );
    }

    #[test]
    fn raw_html_shows_as_text() {
        assert_eq!(
            holds("x <img src=https://t.example/b.gif> y"),
            "x &lt;img src=https://t.example/b.gif> y"
        );
        assert_eq!(
            holds("<script>alert(1)</script>"),
            "&lt;script>alert(1)&lt;/script>"
        );
        assert_eq!(holds("<div>a\\b</div>"), "&lt;div>a\\\\b&lt;/div>");
        for text in [
            "<iframe src=x></iframe>",
            "a <!-- hidden --> b",
            "<!-- open comment\n\nswallows",
            "<pre>\n\n## not a heading\n\n",
            "<a href=\"javascript:x\">y</a>",
            "<a title=\"<img src=x>\">t</a>",
            "\\\\<img src=x>",
            "<![CDATA[ x ]]>",
            "<? php ?>",
            "<!DOCTYPE html>",
        ] {
            let out = holds(text);
            let h = in_document(text);
            for bad in ["<img", "<script", "<iframe", "<a ", "<!--", "<div", "<pre"] {
                assert!(!h.body.contains(bad), "{text:?} → {out:?}: {}", h.body);
            }
            let mut events = Parser::new_ext(&out, options());
            assert!(
                !events.any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_))),
                "{text:?} → {out:?}"
            );
        }
    }

    #[test]
    fn unsafe_links_keep_only_their_text() {
        assert_eq!(holds("[a](javascript:alert(1))"), "a");
        assert_eq!(holds("x [a *b*](JaVaScRiPt:x \"t\") y"), "x a *b* y");
        assert_eq!(holds("[a](<java\tscript:x>)"), "a");
        assert_eq!(holds("[a](data:text/html,x)"), "a");
        assert_eq!(holds("[a](//evil.example/x)"), "a");
        assert_eq!(holds("[a](\\\\\\\\evil.example\\x)"), "a");
        assert_eq!(holds("[a](/\\evil.example)"), "a");
        assert_eq!(holds("[](javascript:x)"), "");
        assert_eq!(holds("<javascript:alert(1)>"), "&lt;javascript:alert(1)>");
        // The outer brackets that the inner link's removal joins up are
        // checked again.
        assert_eq!(holds("[[x](javascript:a)](javascript:b)"), "x");
        assert_eq!(holds("[a\n  ](vbscript:x)"), "a");
    }

    #[test]
    fn images_never_load_anything() {
        assert_eq!(
            holds("![Plan](https://example.org/p.png \"t\")"),
            "[https://example.org/p.png: Plan](https://example.org/p.png \"t\")"
        );
        assert_eq!(
            holds("![](diagram_1.svg)"),
            "[diagram\\_1.svg](diagram_1.svg)"
        );
        assert_eq!(holds("![x](javascript:alert(1))"), "x");
        assert_eq!(holds("![x](//evil.example/p.png)"), "x");
        let h = in_document("![Plan](https://example.org/p.png)");
        assert!(
            h.body.contains(
                r#"<a rel="noopener noreferrer" href="https://example.org/p.png">https://example.org/p.png: Plan</a>"#
            ),
            "{}",
            h.body
        );
    }

    #[test]
    fn reference_definitions_stay_in_their_field() {
        assert_eq!(
            holds("see [q][x] and [x]\n\n[x]: https://a.example/ \"T\""),
            "see [q](https://a.example/ \"T\") and [x](https://a.example/ \"T\")"
        );
        assert_eq!(holds("[y][x]\n\n[x]: javascript:alert(1)"), "y");
        // A second definition of a label, ignored by the first parse.
        let out = holds("[x]: https://ok.example\n[x]: javascript:bad\n\n[y][x]");
        assert!(!out.contains("javascript"), "{out}");
        // A definition in one field does not reach a link in another.
        let doc = format!(
            "{}\n\n{}\n",
            block("[x]: javascript:alert(1)"),
            block("[y][x]")
        );
        assert!(!to_html(&doc).body.contains("href"), "{doc}");
        let doc = format!("{}\n\n{}\n", block("[^1]: note"), block("see[^1]"));
        assert!(!to_html(&doc).body.contains("href"), "{doc}");
    }

    #[test]
    fn headings_become_bold_text() {
        assert_eq!(holds("# Title"), "**Title**");
        assert_eq!(holds("## 1 Scope ##\ntext"), "**1 Scope**\ntext");
        assert_eq!(holds("Title\n====="), "**Title**");
        assert_eq!(holds("Two\nlines\n---"), "**Two\nlines**");
        assert_eq!(holds("> ## quoted\n> text"), "> **quoted**\n> text");
        assert_eq!(holds("- # in a list"), "- **in a list**");
        assert_eq!(holds("#"), "");
        assert_eq!(holds("# [a](javascript:x)"), "**a**");
        holds("#\u{200B} hidden");
        holds("# *");
    }

    #[test]
    fn nothing_stays_open_after_a_field() {
        assert_eq!(holds("```\ncode"), "```\ncode\n```");
        assert_eq!(
            holds("text\n\n~~~~ rust\ncode\n~~~"),
            "text\n\n~~~~ rust\ncode\n~~~\n~~~~"
        );
        assert_eq!(holds("   ````"), "````\n````");
        holds("- ```\n  open in a list");
        holds("> ```\n> open in a quote");
        holds("<script>\nno end");
        holds("<style>");
        holds("<!--");
        holds("<?");
        holds("<![CDATA[");
        holds("[^1]: a footnote\n\n    more");
        holds("| a |\n|---|\n| b");
        holds("text\\");
    }

    #[test]
    fn invisible_characters_are_dropped() {
        assert_eq!(
            block("a\u{202E}b\u{2066}c\u{200B}d\u{FEFF}e\u{200D}f\u{1b}g"),
            "abcdefg"
        );
        assert_eq!(block("<\u{200B}script>"), "&lt;script>");
        assert_eq!(inline("<\u{7}img src=x>"), "&lt;img src=x>");
        // Every default-ignorable code point but the variation selectors.
        let hidden = "\u{AD}\u{34F}\u{115F}\u{1160}\u{17B4}\u{17B5}\u{180B}\u{180F}\u{206A}\u{206F}\
                      \u{3164}\u{FFA0}\u{FFF0}\u{FFF8}\u{1BCA0}\u{1D173}\u{1D17A}\u{E0001}\u{E0FFF}";
        for f in [block, inline, plain] {
            assert_eq!(f(&format!("a{hidden}b")), "ab");
        }
        for f in [block, inline] {
            assert_eq!(f(&format!("[x](java{hidden}script:alert(1))")), "x");
        }
        assert_eq!(
            block("I \u{2764}\u{FE0F} \u{845B}\u{E0100}"),
            "I \u{2764}\u{FE0F} \u{845B}\u{E0100}"
        );
    }

    /// What no field may be on GitHub: raw HTML, or a `<` in text (from a
    /// `\<` too) that the next renderer might read as a tag.
    #[track_caller]
    fn no_raw_html_on_github(field: &str, out: &str) {
        for md in [out.to_string(), github_view(out)] {
            let mut code = 0;
            for (event, range) in Parser::new_ext(&md, options()).into_offset_iter() {
                match event {
                    Event::Html(_) | Event::InlineHtml(_) => {
                        panic!("{field:?} → {out:?}: raw HTML in {md:?}")
                    }
                    Event::Start(Tag::CodeBlock(_)) => code += 1,
                    Event::End(TagEnd::CodeBlock) => code -= 1,
                    Event::Text(_) if code == 0 => assert!(
                        !md[range].contains('<'),
                        "{field:?} → {out:?}: a `<` in text"
                    ),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn a_scheme_is_judged_as_the_renderer_reads_it() {
        for text in [
            "[p]: &#x200B;javascript:alert(1)\n\n[p]",
            "[q][p]\n\n[p]: &#x200B;javascript:alert(1)",
            "[q][p]\n\n[p]: <&shy;javascript:alert(1)> \"t\"",
            "[x](&#x200B;javascript:alert(1))",
            "[x](<&#x200B;javascript:alert(1)>)",
            "[x](\u{200B}javascript:alert(1))",
            "[x](\u{AD}javascript:alert(1))",
            "[x](\u{2060}\u{FEFF}\u{202E}javascript:alert(1))",
            "[x](&shy;javascript:alert(1))",
            "[x](&ZeroWidthSpace;javascript:alert(1))",
            "[x](&NoBreak;javascript:alert(1))",
            "[x](java&#x0A;script:alert(1))",
            "[x](java&#10;script:alert(1))",
            "[x](java&Tab;script:alert(1))",
            "[x](&#106;avascript:alert(1))",
            "[x](&#x6A;avascript:alert(1))",
            "[x](javascript&colon;alert(1))",
            "[x](JAVA&#x200B;SCRIPT&colon;alert(1))",
            "[x](&#x200B;vbscript:x)",
            "[x](&#x200B;data:text/html,x)",
            "[x](&#x200B;//evil.example/x)",
            "[x](&#47;&#47;evil.example/x)",
            "![x](&#x200B;javascript:alert(1))",
            "![x](&#x200B;data:image/svg+xml;base64,PHN2Zz4=)",
            "[![i](https://t.example/p.png)](&#x200B;javascript:alert(1))",
        ] {
            let out = holds(text);
            for out in [out, inline(text), plain(text)] {
                let out = crate::text::tidy(&out);
                for event in Parser::new_ext(&out, options()) {
                    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                        event
                    {
                        assert!(
                            dest_url.starts_with("https://t.example/"),
                            "{text:?} → {out:?}: {dest_url:?}"
                        );
                    }
                }
                let body = to_html(&out).body;
                for (i, _) in body.match_indices("href=") {
                    assert!(
                        body[i..].starts_with("href=\"https://t.example/"),
                        "{text:?} → {out:?}: {body}"
                    );
                }
            }
        }
        assert_eq!(holds("[p]: &#x200B;javascript:alert(1)\n\n[p]"), "p");
        assert_eq!(holds("[x](&#x200B;javascript:alert(1))"), "x");
        assert_eq!(holds("[x](java&#x0A;script:alert(1))"), "x");
    }

    #[test]
    fn no_lt_is_left_for_a_bare_address_to_run_into() {
        for text in [
            "https://example.org\\<img src=x onerror=alert(1)>",
            "www.example.org\\<img src=x onerror=alert(1)>",
            "HTTPS://example.org\\\\\\<img src=x>",
            "see https://example.org/a\\<script>alert(1)</script>",
            "https://example.org<img src=x onerror=alert(1)>",
            "https://example.org`<img src=x onerror=alert(1)>`",
            "www.example.org`<b>`",
            "(www.example.org`<b>`)",
            "ftp://example.org``<b>``",
            "**https://example.org**`<b>`",
            "*www.example.org`<b>`*",
            "https://example.org\u{A0}`<b>`",
            "https://example.org[a](<img src=x onerror=alert(1)>)",
            "https://example.org[a](<img src=x onerror=alert(1)> \"t\")",
            "https://example.org[a](x \"<img src=x onerror=alert(1)>\")",
            "https://example.org[a][r]\n\n[r]: <img src=x onerror=alert(1)>",
            "https://example.org[a][r]\n\n[r]: x \"<img src=x>\"",
            "https://example.org![a](y.png \"<img src=x>\")",
            "[https://example.org`<b>`](https://ok.example)",
            "https://example.org<!-- x -->",
            "https://example.org\\<!-- x -->",
            "https://example.org\\</p>",
            "x\n\nhttps://example.org\\<div>\n\nblock",
            "> https://example.org\\<img src=x>",
            "- www.example.org\\<img src=x>",
            "| https://example.org\\<b> |\n|---|\n| www.example.org`<b>` |",
            "# https://example.org\\<img src=x>",
            "https://example.org&lt;img src=x>",
            "a < b, c <d>, e\\<f>",
        ] {
            let out = holds(text);
            no_raw_html_on_github(text, &out);
            no_raw_html_on_github(text, &inline(text));
            no_raw_html_on_github(text, &plain(text));
        }
        assert_eq!(
            holds("https://example.org\\<img src=x onerror=alert(1)>"),
            "https://example.org&lt;img src=x onerror=alert(1)>"
        );
        assert_eq!(
            holds("https://example.org`<b>`"),
            "https\\://example.org`<b>`"
        );
        assert_eq!(holds("www.example.org`<b>`"), "www\\.example.org`<b>`");
        assert_eq!(
            holds("https://example.org[a](<b c>)"),
            "https://example.org[a](b%20c)"
        );
        assert_eq!(
            holds("[x](https://ok.example/a<b \"<t>\")"),
            "[x](https://ok.example/a%3Cb \"&lt;t>\")"
        );
        // An empty address is written in angle brackets only before a
        // title, and then stays so.
        assert_eq!(holds("[a]: <>\n\n[b][a] [c](<>)"), "[b]() [c]()");
        assert_eq!(holds("[d](<> \"t\")"), "[d](<> \"t\")");
        // Where no `<` is in the way, or the `<` starts an autolink, or a
        // space or a bracket comes first, nothing changes.
        for text in [
            "see https://example.org `<b>` and www.example.org, `<b>`",
            "https://example.org<https://example.net>",
            "www.example.org<a@b.example>",
            "`<b>` https://example.org/x?a=1&b=2",
            "awww.example.org`<b>`",
            "xhttps://example.org`<b>`",
            "[a](https://example.org) `<b>`",
            "[a](<https://example.org>)`<b>`",
        ] {
            assert_eq!(
                holds(text),
                text.replace("[a](<https://example.org>)", "[a](https://example.org)")
            );
            no_raw_html_on_github(text, &block(text));
        }
    }

    #[test]
    fn references_to_invisible_characters_are_dropped() {
        let refs = [
            "&#x202E;",
            "&#X202e;",
            "&#8238;",
            "&#0008238;",
            "&ZeroWidthSpace;",
            "&NegativeThinSpace;",
            "&lrm;",
            "&rlm;",
            "&zwj;",
            "&zwnj;",
            "&shy;",
            "&NoBreak;",
            "&af;",
            "&it;",
            "&InvisibleComma;",
            "&#x85;",
            "&#xFEFF;",
            "&#x180E;",
            "&#x2066;",
            "&#x34F;",
            "&#x3164;",
            "&#xE0041;",
            "&#x1D173;",
            "&#10;",
            "&#13;",
        ];
        for r in refs {
            let text = format!(
                "a{r}b *c{r}d* [e{r}f](https://x.example/{r} \"t{r}\") <https://x.example/{r}> \
                 ![i{r}](https://x.example/i{r}.png) [g][r{r}]\n\n[r{r}]: https://x.example/{r}\n\n\
                 ```{r}rust\ncode\n```"
            );
            let out = holds(&text);
            for out in [
                out,
                inline(&text),
                plain(&text),
                crate::render::md_email(&text),
            ] {
                let mut code = 0;
                for event in Parser::new_ext(&out, options()) {
                    match event {
                        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                            assert!(!info.contains(forbidden), "{r}: {out:?}");
                            code += 1;
                        }
                        Event::Start(Tag::CodeBlock(_)) => code += 1,
                        Event::End(TagEnd::CodeBlock) => code -= 1,
                        Event::Text(t) if code == 0 => {
                            assert!(!t.contains(forbidden), "{r}: {out:?}")
                        }
                        Event::Start(
                            Tag::Link {
                                dest_url, title, ..
                            }
                            | Tag::Image {
                                dest_url, title, ..
                            },
                        ) => assert!(
                            !dest_url.contains(forbidden)
                                && !title.contains(forbidden)
                                && !crate::markdown::decode_refs(&dest_url).contains(forbidden),
                            "{r}: {out:?}"
                        ),
                        _ => {}
                    }
                }
                let page = to_html(&out).body;
                assert!(!page.contains(|c| c != '\n' && forbidden(c)), "{r}: {page}");
            }
            // In code, a reference is text and stays as written.
            assert_eq!(holds(&format!("`{r}`")), format!("`{r}`"));
        }
        // Other references stay as written.
        for text in [
            "&amp; &lt; &copy; &#x41; &nbsp; &Tab; &#8212;",
            "R&D, A&B; &nosuch;",
        ] {
            assert_eq!(holds(text), text);
            assert_eq!(inline(text), text);
        }
        assert_eq!(holds("a&#x202E;b&shy;c"), "abc");
        assert_eq!(inline("&lrm;x"), "x");
        assert_eq!(plain("x&ZeroWidthSpace;y"), "xy");
        // A reference that a dropped one leaves behind goes too.
        assert_eq!(holds("a&zw&zwj;j;b"), "ab");
    }

    #[test]
    fn numeric_references_with_extra_zeros_are_text_to_every_renderer() {
        // GitHub's cmark-gfm decodes up to 8 digits; CommonMark 6 (hex)
        // or 7. Such a reference in a link's address is decoded before the
        // scheme is judged; in text, it is written so that no renderer
        // decodes it.
        for field in [
            "[d](&#x000006A;avascript:alert(1))",
            "[x](javascript&#x000003A;alert(1))",
            "[h](&#x0000002F;&#x0000002F;evil.example)",
            "[j](&#0000000106;avascript:x)",
        ] {
            assert_eq!(holds(field), field[1..2].to_string(), "{field}");
            assert_eq!(inline(field), field[1..2].to_string(), "{field}");
        }
        assert_eq!(holds("![x](&#x0000064;ata:image/svg+xml,x)"), "x");
        for field in ["RLO&#x0000202E;gnp.exe", "a&#00000173;b", "&#x000000041;"] {
            let out = holds(field);
            assert!(!out.contains("&#"), "{field} → {out}");
            assert_eq!(out, field.replace('&', "&amp;"));
            assert_eq!(inline(field), out);
        }
        // An ordinary reference stays as it is.
        assert_eq!(holds("caf&#xE9; &#233;"), "caf&#xE9; &#233;");
    }

    #[test]
    fn a_bare_xmpp_address_is_no_link_on_github() {
        for (field, out) in [
            (
                "Encrypt xmpp:evil@example.org",
                "Encrypt xmpp\\:evil@example.org",
            ),
            ("XMPP:a@b.example", "XMPP\\:a@b.example"),
        ] {
            assert_eq!(holds(field), out);
            assert_eq!(inline(field), out);
            assert_eq!(plain(field), out);
        }
        // In code it is code.
        assert_eq!(holds("`xmpp:a@b.example`"), "`xmpp:a@b.example`");
    }

    #[test]
    fn the_fallback_is_escaped_text() {
        let many: String = (0..40)
            .map(|i| format!("[x]: https://{i}.example\n"))
            .collect();
        let out = holds(&format!("{many}\n[y][x]"));
        assert!(out.starts_with("\\[x\\]\\: https\\:"), "{out}");
        assert_eq!(escaped_block(" # a <b> \n  - c"), "\\# a &lt;b\\>\n\\- c");
    }

    #[test]
    fn cells_are_one_line_of_inline_text() {
        assert_eq!(inline("a | b\nc"), "a \\| b c");
        assert_eq!(inline("a \\| b \\\\| c"), "a \\| b \\\\\\| c");
        assert_eq!(inline("<script>x</script>"), "&lt;script>x&lt;/script>");
        assert_eq!(inline("`a < b` and `<b>`"), "`a < b` and `<b>`");
        assert_eq!(
            inline("*keep* [link](https://x.example)"),
            "*keep* [link](https://x.example)"
        );
        assert_eq!(inline("[a](javascript:x) [b](//evil)"), "a b");
        assert_eq!(
            inline("![p](https://t.example/p.gif)"),
            "[https://t.example/p.gif: p](https://t.example/p.gif)"
        );
        assert_eq!(inline("ends in \\"), "ends in \\\\");
        // A footnote without its definition is text, and no field keeps one.
        assert_eq!(inline("[^1] note"), "[^1] note");
        assert_eq!(inline("a[^1]\n\n[^1]: b"), "a[^1] [^1]: b");
        for (text, out) in [
            ("# heading", "\\# heading"),
            ("- item", "\\- item"),
            ("1. item", "1\\. item"),
            ("12) item", "12\\) item"),
            ("> quote", "\\> quote"),
            ("```", "\\```"),
            ("~~~ x", "\\~~~ x"),
            ("---", "\\---"),
            ("[x]: javascript:y", "\\[x]: javascript:y"),
            ("<div>", "&lt;div>"),
            ("**bold** start", "**bold** start"),
            ("2024 was", "2024 was"),
        ] {
            assert_eq!(inline(text), out, "{text}");
        }
    }

    #[test]
    fn plain_text_cannot_start_markup() {
        assert_eq!(
            plain("*bold* [x](y) <b> ~~s~~"),
            "\\*bold\\* \\[x\\](y) &lt;b\\> \\~\\~s\\~\\~"
        );
        assert_eq!(plain("- a"), "\\- a");
        assert_eq!(plain("1. a"), "1\\. a");
        assert_eq!(plain("1.0 release"), "1.0 release");
        assert_eq!(plain("==="), "\\===");
        assert_eq!(plain("a\u{202E}b"), "ab");
    }

    /// Pieces of hostile and ordinary Markdown, combined in pairs below.
    const PIECES: [&str; 61] = [
        "text",
        "<img src=https://t.example/b.gif>",
        "<script>alert(1)</script>",
        "<iframe src=x>",
        "<!--",
        "-->",
        "<div>",
        "</div>",
        "<",
        "```",
        "~~~",
        "    code",
        "# heading",
        "heading\n===",
        "---",
        "[a](javascript:alert(1))",
        "[b](JaVaScRiPt:x)",
        "[c](<java\tscript:x>)",
        "[d](data:text/html;base64,PHNjcmlwdD4=)",
        "[e](//evil.example/x)",
        "[f][r]",
        "[r]",
        "[r]: javascript:alert(1)",
        "[r]: https://ok.example",
        "[r]:\n<javascript:x>",
        "<javascript:alert(1)>",
        "![i](https://t.example/p.png)",
        "![j](data:image/svg+xml;base64,PHN2Zz4=)",
        "![",
        "](javascript:x)",
        "[",
        "]",
        "[^n]",
        "[^n]: note",
        "> ",
        "- ",
        "1. ",
        "| a |\n|---|",
        "`",
        "\\",
        "&lt;img src=x&gt;",
        "\u{202E}\u{2066}\u{200B}\u{FEFF}",
        "\t",
        "*",
        "<custom-tag>",
        "<a href=x>",
        "<br>",
        "&#60;script&#62;",
        "[ok](https://ok.example \"<img src=x>\")",
        "> > ```",
        "<https://x.example onerror=y>",
        "[![x](https://t.example/p.png)](https://ok.example)",
        "&#x200B;javascript:alert(1)",
        "[s](&#x200B;javascript:x)",
        "[r]: &shy;javascript:x",
        "&shy;&#x202E;&ZeroWidthSpace;",
        "https://x.example",
        "www.x.example",
        "\\<img src=x>",
        "`<b>`",
        "&zw",
    ];

    /// What a safe block must be, checked by a parse of its own.
    fn check_block(field: &str, out: &str) {
        let doc = format!("{out}\n\n{SENTINEL}");
        let mut events = Parser::new_ext(&doc, options()).into_offset_iter();
        let mut depth = 0;
        let mut closed_off = false;
        for (event, range) in events.by_ref() {
            match &event {
                Event::Html(_)
                | Event::InlineHtml(_)
                | Event::Start(Tag::Heading { .. })
                | Event::Start(Tag::HtmlBlock)
                | Event::FootnoteReference(_)
                | Event::Start(Tag::FootnoteDefinition(_)) => {
                    panic!("{field:?} → {out:?}: {event:?}")
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => assert!(
                    link_allowed(*link_type, dest_url)
                        && matches!(
                            link_type,
                            LinkType::Inline | LinkType::Autolink | LinkType::Email
                        ),
                    "{field:?} → {out:?}: {event:?}"
                ),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    ..
                }) => assert!(
                    embeddable_image(dest_url) && *link_type == LinkType::Inline,
                    "{field:?} → {out:?}: {event:?}"
                ),
                Event::Start(Tag::Paragraph) if depth == 0 && range.start == out.len() + 2 => {
                    closed_off = true;
                }
                _ => {}
            }
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
        }
        assert!(
            events.reference_definitions().iter().next().is_none(),
            "{field:?} → {out:?}"
        );
        assert!(closed_off, "{field:?} → {out:?}");
        assert!(
            !out.contains(|c| c != '\n' && crate::text::forbidden(c)),
            "{field:?} → {out:?}"
        );
        no_raw_html_on_github(field, out);
        no_hidden_references(field, out);
    }

    /// No character reference outside code stands for a character that
    /// documents lose.
    #[track_caller]
    fn no_hidden_references(field: &str, out: &str) {
        let mut code = 0;
        for event in Parser::new_ext(out, options()) {
            match event {
                Event::Start(Tag::CodeBlock(_)) => code += 1,
                Event::End(TagEnd::CodeBlock) => code -= 1,
                Event::Text(t) if code == 0 => {
                    assert!(!t.contains(forbidden), "{field:?} → {out:?}")
                }
                _ => {}
            }
        }
    }

    /// What a safe inline text must be: one cell of a table, in any parse.
    fn check_inline(field: &str, out: &str) {
        assert!(!out.contains('\n'), "{field:?} → {out:?}");
        no_raw_html_on_github(field, out);
        no_hidden_references(field, out);
        no_raw_html_on_github(field, &format!("| {out} |\n|---|\n"));
        assert!(!out.contains(crate::text::forbidden), "{field:?} → {out:?}");
        let row = format!("| {out} |\n|---|\n");
        let mut cells = 0;
        for event in Parser::new_ext(&row, options()) {
            match &event {
                Event::Start(Tag::TableCell) => cells += 1,
                Event::Html(_) | Event::InlineHtml(_) | Event::FootnoteReference(_) => {
                    panic!("{field:?} → {out:?}: {event:?}")
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    ..
                }) => assert!(link_allowed(*link_type, dest_url), "{field:?} → {out:?}"),
                Event::Start(Tag::Image { dest_url, .. }) => {
                    assert!(embeddable_image(dest_url), "{field:?} → {out:?}")
                }
                _ => {}
            }
        }
        assert_eq!(cells, 1, "{field:?} → {out:?}");
        // Every pipe escaped by an odd number of backslashes, so that
        // GitHub's table parser, which pairs backslashes first, agrees.
        for (i, _) in out.match_indices('|') {
            assert_eq!(backslashes_before(out, i) % 2, 1, "{field:?} → {out:?}");
        }
        // At the start of a line, and under a line of text, it is still
        // one paragraph of its own.
        for doc in [out.to_string(), format!("text\n{out}"), format!("- {out}")] {
            let mut events = Parser::new_ext(&doc, options()).into_offset_iter();
            for (event, _) in events.by_ref() {
                assert!(
                    !matches!(
                        event,
                        Event::Start(
                            Tag::Heading { .. }
                                | Tag::HtmlBlock
                                | Tag::CodeBlock(_)
                                | Tag::BlockQuote(_)
                                | Tag::FootnoteDefinition(_)
                                | Tag::Table(_)
                        ) | Event::Rule
                    ),
                    "{doc:?}: {event:?}"
                );
            }
            assert!(
                events.reference_definitions().iter().next().is_none(),
                "{doc:?}"
            );
        }
    }

    /// What the quick checks let through, the parse would not change.
    fn quiet_paths_agree(field: &str) {
        let text = clean(field);
        let text = text.trim();
        if quiet_block(text) {
            assert!(matches!(block_pass(text), Pass::Clean), "{field:?}");
        }
        let line = one_line(&clean(field));
        if quiet_line(&line) {
            assert!(matches!(inline_pass(&line), Pass::Clean), "{field:?}");
        }
        let escaped = plain(field);
        if escaped.starts_with(char::is_alphabetic) {
            assert!(matches!(inline_pass(&escaped), Pass::Clean), "{field:?}");
        }
    }

    #[test]
    fn the_quick_checks_let_through_only_what_the_parse_keeps() {
        for text in [
            "Plain text, with - dashes - and = signs, 99.8% and a `code span`.",
            "Two\nlines\n\nand a paragraph\n\n- a list\n- of items\n\n> quoted",
            "Unicode: Überprüfung, 監査, ½",
            "Text\n  -- dashes",
            "Text\n> ===",
        ] {
            quiet_paths_agree(text);
        }
        assert!(quiet_block("Plain text\n\n1. item\n2. item"));
        assert!(!quiet_block("Text\n> ---"));
        assert!(quiet_line("Text with `code` and *emphasis*"));
        assert!(!quiet_line("1. item"));
    }

    #[test]
    fn every_pair_of_pieces_gives_safe_and_stable_markdown() {
        let mut cases = 0;
        for a in PIECES {
            for b in PIECES {
                for sep in ["", " ", "\n", "\n\n", "\n    "] {
                    let field = format!("{a}{sep}{b}");
                    quiet_paths_agree(&field);
                    let out = block(&field);
                    check_block(&field, &out);
                    assert_eq!(block(&out), out, "{field:?}");
                    let cell = inline(&field);
                    check_inline(&field, &cell);
                    assert_eq!(inline(&cell), cell, "{field:?}");
                    check_inline(&field, &plain(&field));
                    cases += 1;
                }
            }
        }
        assert_eq!(cases, PIECES.len() * PIECES.len() * 5);
    }
}
