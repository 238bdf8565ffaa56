//! Markdown → HTML: heading anchors, a table of contents, and sanitising.
//!
//! Nothing typed into the inputs becomes markup or script, and nothing in a
//! page makes a browser fetch anything, because the Markdown's events are
//! sanitised before pulldown-cmark writes them (which escapes every text and
//! attribute value it writes):
//!
//! - raw HTML, whether a template or an input wrote it, is shown as the text
//!   it is;
//! - a link whose address names any scheme but `http`, `https`, `mailto` or
//!   `tel` (`javascript:`, `data:`, `vbscript:`, `file:` …), or a host
//!   without a scheme (`//host/path`), is shown as its text without the
//!   link;
//! - an image is embedded only from a `data:image/png|jpeg|gif|webp` address;
//!   any other image (from the web or a relative path) becomes a link to its
//!   address with its description as text, so that a page never loads
//!   anything when it is opened and the tender pack stays self-contained.
//!
//! The fields of the inputs have been made safe on their own before they
//! joined the document's Markdown (see [`crate::field`]), so that the
//! Markdown itself is safe to read on GitHub and the like; this is the
//! second line of defence, and it covers the templates too.
//!
//! The pages were once cleaned again by ammonia, which parsed and
//! re-serialised every page to remove what the events already cannot
//! contain; that took a sixth of the build time of a large project and
//! most of its peak memory.

use std::collections::HashSet;
use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

/// One entry of the table of contents.
#[derive(Clone, Debug, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The HTML of a document and its headings.
pub struct Html {
    /// Everything before the first numbered chapter: the title and the
    /// document-control block, which open the printed document.
    pub cover: String,
    /// The chapters.
    pub body: String,
    pub toc: Vec<TocEntry>,
    /// Text of the first level-1 heading.
    pub title: Option<String>,
}

/// The Markdown dialect of every document (GitHub's, as far as
/// pulldown-cmark has it).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// A heading's id as GitHub makes it (github-slugger): the text in lower
/// case, with every character dropped that is not a letter, a mark (the
/// accent of a decomposed `é`), a digit, a connector (`_`, `‿`, `＿`), a
/// space or a hyphen, and each space written `-`.
pub fn slug(text: &str) -> String {
    use unicode_general_category::{GeneralCategory as G, get_general_category};
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars().flat_map(char::to_lowercase) {
        match get_general_category(c) {
            G::UppercaseLetter
            | G::LowercaseLetter
            | G::TitlecaseLetter
            | G::ModifierLetter
            | G::OtherLetter
            | G::NonspacingMark
            | G::SpacingMark
            | G::EnclosingMark
            | G::DecimalNumber
            | G::LetterNumber
            | G::OtherNumber
            | G::ConnectorPunctuation => out.push(c),
            _ if c == ' ' || c == '-' => out.push('-'),
            _ => {}
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// One heading of a document: its level, its place among the headings,
/// its text as read, and its id, unique in the document.
struct Heading {
    level: HeadingLevel,
    ordinal: usize,
    text: String,
    id: String,
}

/// The headings of a document in order, with ids as GitHub gives them: the
/// [`slug`] of the text, and `-1`, `-2` … after it when an earlier heading
/// has that id already.
fn headings<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Heading> {
    let mut used = HashSet::new();
    let mut out = Vec::new();
    let mut open: Option<(HeadingLevel, usize, String)> = None;
    for event in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some((level, out.len(), String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = &mut open {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, ordinal, text)) = open.take() else {
                    continue;
                };
                let base = slug(&text);
                let mut id = base.clone();
                let mut n = 1;
                while !used.insert(id.clone()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                out.push(Heading {
                    level,
                    ordinal,
                    text,
                    id,
                });
            }
            _ => {}
        }
    }
    out
}

/// Opens and closes a mark that the `anchor` filter leaves for
/// [`resolve_anchors`]: private-use characters, as for the body of a page.
const ANCHOR_OPEN: &str = "\u{E000}outsec:anchor:";
const ANCHOR_CLOSE: char = '\u{E000}';

/// What the `anchor` filter writes for the heading whose text is `text`
/// (Markdown, as the template writes it into the heading) at `level` (1–6;
/// 0: any): a mark that [`resolve_anchors`] replaces with the heading's id
/// once the whole document is there. The slug of the text alone is not
/// enough: `REQ-1.1 Backup` and `REQ-11 Backup` have the same slug, and the
/// second heading gets `-1` after it; so may a requirement `1` titled as the
/// first chapter is.
pub fn anchor_mark(text: &str, level: u8) -> String {
    let read = heading_text(text);
    let mut out = String::with_capacity(ANCHOR_OPEN.len() + 4 + 2 * read.len());
    out.push_str(ANCHOR_OPEN);
    out.push(char::from(b'0' + level.min(6)));
    out.push(':');
    for b in read.bytes() {
        let _ = write!(out, "{b:02x}");
    }
    out.push(ANCHOR_CLOSE);
    out
}

/// The text of a heading written as `text`, as [`headings`] reads it, with
/// runs of white space as one space.
fn heading_text(text: &str) -> String {
    let mut read = String::new();
    for event in Parser::new_ext(&format!("# {}", text.replace(['\n', '\r'], " ")), options()) {
        match event {
            Event::Text(t) | Event::Code(t) => read.push_str(&t),
            Event::End(TagEnd::Heading(_)) => break,
            _ => {}
        }
    }
    squeeze(&read)
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Replaces the marks of the `anchor` filter with the ids of the headings
/// they name: the heading with that text (at that level, when the mark says
/// one), the deepest such heading when there are several (chapters are
/// shallower than the items under them). A mark that names no heading gets
/// the slug of its text.
pub fn resolve_anchors(markdown: String) -> String {
    if !markdown.contains(ANCHOR_OPEN) {
        return markdown;
    }
    let heads = headings(sanitised(&markdown));
    replace_marks(&markdown, &heads)
}

/// A document's final Markdown (its anchor marks resolved, see
/// [`resolve_anchors`]) and its HTML (see [`to_html`]), reading the
/// headings once for both: the ids the marks become are those the HTML
/// gives its headings.
pub fn finish_document(markdown: String) -> (String, Html) {
    let mut heads = headings(sanitised(&markdown));
    let markdown = if markdown.contains(ANCHOR_OPEN) {
        let resolved = replace_marks(&markdown, &heads);
        // A mark inside a heading changes that heading's text.
        if heads.iter().any(|h| h.text.contains(ANCHOR_CLOSE)) {
            heads = headings(sanitised(&resolved));
        }
        resolved
    } else {
        markdown
    };
    let html = write_html(&markdown, heads);
    (markdown, html)
}

/// `markdown` with each anchor mark replaced by the id it stands for among
/// `heads`.
fn replace_marks(markdown: &str, heads: &[Heading]) -> String {
    let mut by_text: std::collections::HashMap<String, Vec<&Heading>> =
        std::collections::HashMap::new();
    for h in heads {
        by_text.entry(squeeze(&h.text)).or_default().push(h);
    }
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find(ANCHOR_OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + ANCHOR_OPEN.len()..];
        let Some((id, len)) = read_mark(after, &by_text) else {
            // Not a mark this filter wrote: left as it is.
            out.push_str(ANCHOR_OPEN);
            rest = after;
            continue;
        };
        out.push_str(&id);
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

/// The id a mark stands for, and the length of the mark after its opening.
fn read_mark(
    after: &str,
    by_text: &std::collections::HashMap<String, Vec<&Heading>>,
) -> Option<(String, usize)> {
    let end = after.find(ANCHOR_CLOSE)?;
    let (level, hex) = after[..end].split_once(':')?;
    let level: u8 = level.parse().ok().filter(|l| *l <= 6)?;
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect::<Option<Vec<u8>>>()?;
    let text = String::from_utf8(bytes).ok()?;
    let id = by_text
        .get(&text)
        .and_then(|found| {
            found
                .iter()
                .filter(|h| level == 0 || h.level as u8 == level)
                .max_by_key(|h| (h.level as u8, std::cmp::Reverse(h.ordinal)))
        })
        .map_or_else(|| slug(&text), |h| h.id.clone());
    Some((id, end + ANCHOR_CLOSE.len_utf8()))
}

/// Converts a document's Markdown to sanitised HTML with heading ids.
pub fn to_html(markdown: &str) -> Html {
    write_html(markdown, headings(sanitised(markdown)))
}

/// The HTML of `markdown`, whose headings are `heads`. The events are not
/// kept between reading the headings and writing: for a large document they
/// would take many times the memory of its text, so this parses again.
fn write_html(markdown: &str, heads: Vec<Heading>) -> Html {
    let title = heads
        .iter()
        .find(|h| h.level == HeadingLevel::H1)
        .map(|h| h.text.clone());
    // The cover ends where the first numbered chapter starts.
    let split = heads
        .iter()
        .find(|h| h.level == HeadingLevel::H2 && h.text.starts_with(|c: char| c.is_ascii_digit()))
        .map(|h| h.ordinal);
    let mut toc = Vec::new();
    let mut ids = Vec::with_capacity(heads.len());
    for h in heads {
        if matches!(h.level, HeadingLevel::H2 | HeadingLevel::H3) {
            toc.push(TocEntry {
                level: h.level as u8,
                id: h.id.clone(),
                text: h.text,
            });
        }
        ids.push(h.id);
    }

    let mut ids = ids.into_iter();
    let mut events = sanitised(markdown)
        .map(|event| match event {
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => Event::Start(Tag::Heading {
                level,
                id: ids.next().map(CowStr::from),
                classes,
                attrs,
            }),
            other => other,
        })
        .peekable();
    let mut cover = String::new();
    let mut seen = 0;
    // Without a numbered chapter, everything is body.
    let before_split = std::iter::from_fn(|| {
        let split = split?;
        if let Some(Event::Start(Tag::Heading { .. })) = events.peek() {
            if seen == split {
                return None;
            }
            seen += 1;
        }
        events.next()
    });
    html::push_html(&mut cover, before_split);
    let mut body = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut body, events);
    Html {
        cover: finish(&cover),
        body: finish(&body),
        toc,
        title,
    }
}

/// The last touches to the HTML pulldown-cmark writes: column headers say
/// so, for screen readers; void elements are written the HTML way (`<br>`,
/// not `<br />`); links to the web do not tell the site which page linked
/// to it (the address of an intranet copy of a confidential document).
/// Text and attribute values have their `<`, `>` and `"` escaped, so these
/// patterns occur only in tags.
fn finish(raw: &str) -> String {
    const EDITS: [(&str, &str); 4] = [
        ("<th>", "<th scope=\"col\">"),
        (" />", ">"),
        ("\"/>", "\">"),
        (
            "<a href=\"http",
            "<a rel=\"noopener noreferrer\" href=\"http",
        ),
    ];
    let mut out = String::with_capacity(raw.len() + raw.len() / 16);
    let mut rest = raw;
    while let Some(i) = rest.find(['<', ' ', '"']) {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match EDITS.iter().find(|(from, _)| rest.starts_with(from)) {
            Some((from, to)) => {
                out.push_str(to);
                rest = &rest[from.len()..];
            }
            None => {
                out.push_str(&rest[..1]);
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The events of a document with raw HTML turned into text, links with
/// unsafe addresses turned into their text, and images that would be loaded
/// from elsewhere turned into links (see the module documentation).
fn sanitised(markdown: &str) -> Sanitised<'_> {
    Sanitised {
        parser: Parser::new_ext(markdown, options()),
        queue: std::collections::VecDeque::new(),
        open: Vec::new(),
        colon: false,
    }
}

/// The iterator behind [`sanitised`].
struct Sanitised<'a> {
    parser: Parser<'a>,
    /// Events made from one event of the parser, still to be handed out.
    queue: std::collections::VecDeque<Event<'a>>,
    /// For each open link or image: what its end becomes (`None`: dropped).
    open: Vec<Option<Event<'a>>>,
    /// An image turned link reads "address: description"; the ": " waits
    /// until it is clear that a description follows.
    colon: bool,
}

impl<'a> Iterator for Sanitised<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        while self.queue.is_empty() {
            let event = self.parser.next()?;
            self.take(event);
        }
        self.queue.pop_front()
    }
}

impl<'a> Sanitised<'a> {
    fn take(&mut self, event: Event<'a>) {
        if std::mem::take(&mut self.colon) && !matches!(event, Event::End(TagEnd::Image)) {
            self.queue.push_back(Event::Text(CowStr::Borrowed(": ")));
        }
        match event {
            Event::Html(text) | Event::InlineHtml(text) => self.queue.push_back(Event::Text(text)),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if link_allowed(link_type, &dest_url) {
                    self.queue.push_back(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                    self.open.push(Some(Event::End(TagEnd::Link)));
                } else {
                    self.open.push(None);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if embeddable_image(&dest_url) {
                    self.queue.push_back(Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                    self.open.push(Some(Event::End(TagEnd::Image)));
                } else if link_allowed(link_type, &dest_url) {
                    // The description is the link's text; without one the
                    // address is.
                    let address = Event::Text(dest_url.clone());
                    self.queue.push_back(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                    self.queue.push_back(address);
                    self.colon = true;
                    self.open.push(Some(Event::End(TagEnd::Link)));
                } else {
                    self.open.push(None);
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if let Some(Some(end)) = self.open.pop() {
                    self.queue.push_back(end);
                }
            }
            other => self.queue.push_back(other),
        }
    }
}

/// Whether a link may keep its address: e-mail autolinks, addresses without
/// a scheme (relative, `#anchor`), and the schemes `http`, `https`,
/// `mailto` and `tel`. The address is judged as a renderer and a browser
/// will finally see it (see [`seen_as`]): `&#x200B;javascript:`,
/// `java&#x0A;script:`, `&#106;avascript:` and `javascript&colon;` are
/// all `javascript:`. An address that starts with two slashes (`//host/path`,
/// or backslashes, which browsers read as slashes) names a host without a
/// scheme: from a page opened from disk it is `file://host/path`, a share on
/// a server of anyone's choosing, so it is refused too.
pub(crate) fn link_allowed(link_type: pulldown_cmark::LinkType, dest: &str) -> bool {
    if link_type == pulldown_cmark::LinkType::Email {
        return true;
    }
    let seen = seen_as(dest);
    if scheme_relative(&seen) {
        return false;
    }
    match scheme(&seen) {
        None => true,
        Some(s) => ["http", "https", "mailto", "tel"].contains(&s),
    }
}

/// An address as it is finally read, for judging its scheme: character
/// references decoded (once more than the parse that gave the address
/// decoded them, in case another renderer decodes where this one did not),
/// then every character dropped that a document loses ([`forbidden`]: the
/// zero-width and bidi characters, the soft hyphen …), that browsers drop
/// (tabs and line breaks), or that is a space or control character
/// anywhere, and ASCII letters in lower case. It may read as a scheme
/// where a browser sees none (`java script:`); never the other way round.
///
/// [`forbidden`]: crate::text::forbidden
fn seen_as(url: &str) -> String {
    decode_refs(url)
        .chars()
        .filter(|&c| !(crate::text::forbidden(c) || c.is_whitespace() || c.is_control()))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Whether an address, as [`seen_as`] gives it, starts with two slashes or
/// backslashes, naming a host but no scheme.
fn scheme_relative(seen: &str) -> bool {
    let mut chars = seen.chars();
    matches!(
        (chars.next(), chars.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    )
}

/// The scheme of an address as [`seen_as`] gives it, if it has one.
fn scheme(seen: &str) -> Option<&str> {
    let end = seen.find([':', '/', '?', '#'])?;
    let candidate = &seen[..end];
    let valid = seen[end..].starts_with(':')
        && candidate.starts_with(|c: char| c.is_ascii_alphabetic())
        && candidate
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(candidate)
}

/// The character reference (`&amp;`, `&#106;`, `&#x6A;`) that `text`
/// starts with, as the most lenient renderer reads one: its length and what
/// it stands for. A reference needs its `;`; an unknown name is no
/// reference. A numeric reference may have more digits than CommonMark's 7
/// (6 in hex): cmark-gfm, GitHub's renderer, decodes `&#x000006A;` as `j`,
/// where pulldown-cmark shows it as written, so it is decoded here too.
pub(crate) fn char_ref(text: &str) -> Option<(usize, String)> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'&') {
        return None;
    }
    if bytes.get(1) == Some(&b'#') {
        let (hex, skip, n) = numeric_ref(text)?;
        let digits = &text[skip..];
        // Leading zeros count for nothing; a number too large for a
        // character, like a surrogate or zero, stands for U+FFFD.
        let significant = digits[..n].trim_start_matches('0');
        let value = if significant.len() > 8 {
            None
        } else {
            u32::from_str_radix(significant, if hex { 16 } else { 10 }).ok()
        };
        let c = value
            .filter(|v| *v != 0)
            .and_then(char::from_u32)
            .unwrap_or('\u{FFFD}');
        return Some((skip + n + 1, c.to_string()));
    }
    if !bytes.get(1)?.is_ascii_alphabetic() {
        return None;
    }
    // The longest name of the HTML list has 31 characters.
    let n = bytes[1..]
        .iter()
        .take(33)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if n > 32 {
        return None;
    }
    let len = 1 + n;
    if bytes.get(len) != Some(&b';') {
        return None;
    }
    let reference = &text[..=len];
    // The parser knows the names; a reference alone is one text event
    // that spans it, anything else is not a reference.
    let mut events = Parser::new(reference).into_offset_iter();
    let mut decoded = None;
    for (event, range) in events.by_ref() {
        match event {
            Event::Text(t) if range == (0..reference.len()) && *t != *reference => {
                decoded = Some(t.into_string())
            }
            Event::Text(_) => return None,
            _ => {}
        }
    }
    decoded.map(|d| (reference.len(), d))
}

/// Whether `text` starts with a numeric character reference that
/// pulldown-cmark leaves as written but a lenient renderer decodes (more
/// digits than CommonMark allows, see [`char_ref`]).
pub(crate) fn overlong_numeric_ref(text: &str) -> bool {
    numeric_ref(text).is_some_and(|(hex, _, n)| n > if hex { 6 } else { 7 })
}

/// The numeric character reference `text` starts with (`&#…;`, `&#x…;`,
/// with any number of digits): whether it is hex, where its digits start
/// and how many there are.
fn numeric_ref(text: &str) -> Option<(bool, usize, usize)> {
    let bytes = text.as_bytes();
    if !text.starts_with("&#") {
        return None;
    }
    let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
    let skip = if hex { 3 } else { 2 };
    let n = bytes
        .iter()
        .skip(skip)
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    (n > 0 && bytes.get(skip + n) == Some(&b';')).then_some((hex, skip, n))
}

/// `text` with every character reference decoded.
pub(crate) fn decode_refs(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match char_ref(rest) {
            Some((len, decoded)) => {
                out.push_str(&decoded);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// Whether an image is embedded in the page itself: a base64 `data:` address
/// of a raster format (not SVG, which can carry script).
pub(crate) fn embeddable_image(dest: &str) -> bool {
    // Only the header before the data matters; the data can be megabytes.
    let Some((header, _)) = dest.trim_start().split_once(',') else {
        return false;
    };
    matches!(
        header.to_ascii_lowercase().as_str(),
        "data:image/png;base64"
            | "data:image/jpeg;base64"
            | "data:image/jpg;base64"
            | "data:image/gif;base64"
            | "data:image/webp;base64"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_keep_what_github_keeps() {
        // A decomposed é keeps its accent; connectors stay; symbols go.
        assert_eq!(slug("1 Cafe\u{301}"), "1-cafe\u{301}");
        assert_eq!(slug("a\u{203f}b \u{ff3f} c_d"), "a\u{203f}b-\u{ff3f}-c_d");
        assert_eq!(slug("Äpfel & Birnen: 2 × 3²"), "äpfel--birnen-2--3²");
        assert_eq!(slug("REQ-PER-1.1 Backup"), "req-per-11-backup");
        assert_eq!(slug("!!!"), "section");
    }

    #[test]
    fn anchors_name_their_own_heading_when_slugs_collide() {
        let doc = format!(
            "# T\n\n## 1 Scope\n\n[a](#{}) [b](#{}) [c](#{}) [d](#{}) [e](#{})\n\n\
             ### R-1.1 Backup\n\n### R-11 Backup\n\n### 1 Scope\n",
            anchor_mark("R-11 Backup", 3),
            anchor_mark("R-1.1 Backup", 0),
            anchor_mark("1 Scope", 3),
            anchor_mark("1 Scope", 2),
            anchor_mark("Nowhere *at* all", 0),
        );
        let md = resolve_anchors(doc);
        assert!(
            md.contains(
                "[a](#r-11-backup-1) [b](#r-11-backup) [c](#1-scope-1) [d](#1-scope) [e](#nowhere-at-all)"
            ),
            "{md}"
        );
        // The HTML gives the headings the same ids.
        let html = to_html(&md).body;
        for id in ["r-11-backup", "r-11-backup-1", "1-scope-1"] {
            assert!(html.contains(&format!("id=\"{id}\"")), "{id} in {html}");
        }
        // Without a level, the deepest heading with the text.
        let md = resolve_anchors(format!(
            "## 1 Scope\n\n[x](#{})\n\n### 1 Scope\n",
            anchor_mark("1 Scope", 0)
        ));
        assert!(md.contains("[x](#1-scope-1)"), "{md}");
    }

    #[test]
    fn text_that_only_looks_like_an_anchor_mark_stays_as_it_is() {
        for text in [
            ANCHOR_OPEN.to_string(),
            format!("{ANCHOR_OPEN}3:zz{ANCHOR_CLOSE}"),
            format!("{ANCHOR_OPEN}9:41{ANCHOR_CLOSE}"),
            format!("{ANCHOR_OPEN}3:4{ANCHOR_CLOSE}"),
            format!("{ANCHOR_OPEN}3:ff{ANCHOR_CLOSE} {ANCHOR_OPEN}"),
        ] {
            assert_eq!(resolve_anchors(text.clone()), text);
        }
    }

    #[test]
    fn headings_get_unique_ids_and_enter_the_toc() {
        let h = to_html("# Title\n\n## Control\n\n## 1 Scope\n\n### Scope\n\ntext\n");
        assert_eq!(h.title.as_deref(), Some("Title"));
        assert!(
            h.cover.contains("<h1") && h.cover.contains("Control") && !h.cover.contains("1 Scope")
        );
        assert!(h.body.contains(r#"<h2 id="1-scope">"#), "{}", h.body);
        assert!(h.body.contains(r#"<h3 id="scope">"#), "{}", h.body);
        assert_eq!(h.toc.len(), 3);
        let t = to_html("| A | B |\n|---|---|\n| 1 | 2 |\n");
        assert!(t.body.contains(r#"<th scope="col">A</th>"#), "{}", t.body);
    }

    #[test]
    fn raw_html_and_script_urls_never_become_markup() {
        let h = to_html(
            "<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> [a](javascript:alert(1))\n",
        );
        assert!(!h.body.contains("<script"), "{}", h.body);
        assert!(!h.body.contains("<img"), "{}", h.body);
        assert!(!h.body.contains("javascript:"), "{}", h.body);
        assert!(h.body.contains("&lt;script&gt;"), "{}", h.body);
    }

    #[test]
    fn only_safe_links_keep_their_address() {
        let h = to_html(
            "[a](javascript:alert(1)) [b](<java\tscript:alert(2)>) [c](JaVaScRiPt:x) \
             [d](data:text/html,x) [e](vbscript:x) [f](file:///etc/passwd) \
             [g](https://example.org/?q=1) [h](#anchor) [i](mailto:a@b.de) [j](tel:+49) \
             [k](relative/path.md) <user@example.org> <https://example.net> \
             [l](//evil.example/x) [m](<\\\\\\\\evil.example\\share>) [n](/\\evil.example) \
             ![o](//evil.example/p.png)\n",
        );
        assert!(!h.body.contains("evil.example"), "{}", h.body);
        for bad in ["javascript", "script:", "data:", "vbscript", "file:"] {
            assert!(!h.body.to_lowercase().contains(bad), "{bad}: {}", h.body);
        }
        for text in ["a", "b", "c", "d", "e", "f"] {
            assert!(
                h.body.contains(&format!(" {text} ")) || h.body.contains(&format!(">{text} ")),
                "{text}: {}",
                h.body
            );
        }
        for good in [
            r#"<a rel="noopener noreferrer" href="https://example.org/?q=1">g</a>"#,
            r##"<a href="#anchor">h</a>"##,
            r#"<a href="mailto:a@b.de">i</a>"#,
            r#"<a href="tel:+49">j</a>"#,
            r#"<a href="relative/path.md">k</a>"#,
            r#"<a href="mailto:user@example.org">user@example.org</a>"#,
            r#"<a rel="noopener noreferrer" href="https://example.net">https://example.net</a>"#,
        ] {
            assert!(h.body.contains(good), "{good}: {}", h.body);
        }
    }

    #[test]
    fn schemes_are_judged_as_the_address_is_finally_read() {
        use pulldown_cmark::LinkType::{Autolink, Inline, Reference};
        for dest in [
            "\u{200B}javascript:alert(1)",
            "java\u{AD}script:alert(1)",
            "\u{FEFF}\u{2060}\u{202E}javascript:alert(1)",
            "java\u{3164}script:alert(1)",
            "java\u{E0041}script:alert(1)",
            "&#x200B;javascript:alert(1)",
            "&ZeroWidthSpace;javascript:alert(1)",
            "&shy;javascript:alert(1)",
            "java&#x0A;script:alert(1)",
            "java&NewLine;script:alert(1)",
            "java&Tab;script:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "javascript&colon;alert(1)",
            "JaVa\u{200D}ScRiPt:alert(1)",
            " \t\njavascript:alert(1)",
            "java script:alert(1)",
            "java\u{A0}script:alert(1)",
            "vbscript&#58;x",
            "\u{200B}data:text/html,x",
            "\u{200B}//evil.example/x",
            "/\u{AD}/evil.example/x",
            "&#47;/evil.example/x",
            "&#92;\\evil.example\\x",
        ] {
            for link_type in [Inline, Reference, Autolink] {
                assert!(!link_allowed(link_type, dest), "{dest:?}");
            }
        }
        for dest in [
            "https://example.org/?a=1&b=2",
            "HTTPS://EXAMPLE.ORG",
            "mailto:a@b.example",
            "tel:+49",
            "#anchor",
            "relative/path.md",
            "a/b:c",
            "?q=x:y",
            "",
        ] {
            assert!(link_allowed(Inline, dest), "{dest:?}");
        }
    }

    #[test]
    fn character_references_are_read_as_commonmark_reads_them() {
        assert_eq!(char_ref("&shy;x"), Some((5, "\u{AD}".to_string())));
        assert_eq!(char_ref("&#x202E;"), Some((8, "\u{202E}".to_string())));
        assert_eq!(char_ref("&#X202e;"), Some((8, "\u{202E}".to_string())));
        assert_eq!(char_ref("&#8238;"), Some((7, "\u{202E}".to_string())));
        assert_eq!(char_ref("&#0;"), Some((4, "\u{FFFD}".to_string())));
        assert_eq!(
            char_ref("&ZeroWidthSpace;"),
            Some((16, "\u{200B}".to_string()))
        );
        assert_eq!(char_ref("&amp;"), Some((5, "&".to_string())));
        for text in [
            "&shy",
            "&#8238",
            "&#x;",
            "&#;",
            "&nosuchname;",
            "& shy;",
            "shy;",
            "&",
        ] {
            assert_eq!(char_ref(text), None, "{text:?}");
        }
        assert_eq!(decode_refs("a&#106;b&shy&lt;&nosuch;"), "ajb&shy<&nosuch;");
        // More digits than CommonMark's, as GitHub reads them.
        assert_eq!(char_ref("&#x000006A;"), Some((11, "j".to_string())));
        assert_eq!(char_ref("&#0000000106;"), Some((13, "j".to_string())));
        assert_eq!(char_ref("&#12345678;"), Some((11, "\u{FFFD}".to_string())));
        assert_eq!(char_ref("&#x1234567;"), Some((11, "\u{FFFD}".to_string())));
        assert!(overlong_numeric_ref("&#x000006A;x"));
        assert!(overlong_numeric_ref("&#00000173;"));
        assert!(!overlong_numeric_ref("&#x6A;"));
        assert!(!overlong_numeric_ref("&#x000006A"));
    }

    #[test]
    fn the_same_payloads_never_become_links_or_markup_in_html() {
        let h = to_html(
            "[a](&#x200B;javascript:alert(1)) [b](java&#x0A;script:x) [c](&#106;avascript:x) \
             [d](javascript&colon;x) [e](&shy;javascript:x) [f][p] [g](&#x200B;//evil.example) \
             https://example.org\\<img src=x onerror=alert(1)> \
             ![h](&#x200B;javascript:x) a&#x202E;b&ZeroWidthSpace;c&lrm;d&shy;e\n\n\
             [p]: &#x200B;javascript:alert(1)\n",
        );
        let body = crate::text::tidy(&h.body);
        for bad in ["javascript", "evil.example", "<img", "href=\"&", "script:"] {
            assert!(!body.contains(bad), "{bad}: {body}");
        }
        assert!(
            !body.contains(|c| c != '\n' && crate::text::forbidden(c)),
            "{body}"
        );
        assert!(body.contains("abcde"), "{body}");
    }

    #[test]
    fn images_are_embedded_or_become_links() {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        let h = to_html(&format!(
            "![Logo]({png}) ![Plan](https://example.org/plan.png) ![](diagram.svg) \
             ![x](data:image/svg+xml;base64,PHN2Zz4=) ![y](javascript:alert(1))\n"
        ));
        assert!(
            h.body.contains(&format!(r#"<img src="{png}" alt="Logo">"#)),
            "{}",
            h.body
        );
        assert_eq!(h.body.matches("<img").count(), 1, "{}", h.body);
        assert!(
            h.body.contains(r#"<a rel="noopener noreferrer" href="https://example.org/plan.png">https://example.org/plan.png: Plan</a>"#),
            "{}",
            h.body
        );
        assert!(
            h.body.contains(r#"<a href="diagram.svg">diagram.svg</a>"#),
            "{}",
            h.body
        );
        assert!(!h.body.contains("data:image/svg"), "{}", h.body);
        assert!(!h.body.contains("javascript"), "{}", h.body);
    }

    #[test]
    fn void_elements_are_written_the_html_way() {
        let h = to_html("a  \nb\n\n---\n\n- [x] done\n");
        assert!(
            h.body.contains("<br>") && h.body.contains("<hr>"),
            "{}",
            h.body
        );
        assert!(!h.body.contains("/>"), "{}", h.body);
    }

    #[test]
    fn slugs_follow_git_hosting_style() {
        assert_eq!(slug("3.2 Service levels (SLA)"), "32-service-levels-sla");
        assert_eq!(
            slug("REQ-ORG-01: Staff vetting"),
            "req-org-01-staff-vetting"
        );
    }
}
