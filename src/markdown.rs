//! Markdown → HTML: heading anchors, a table of contents, and sanitising.
//!
//! Raw HTML in the Markdown (whether a template or an input wrote it) is shown
//! as text, never passed through, and the result is cleaned once more by
//! ammonia, so that nothing typed into the inputs becomes markup or script.

use std::collections::HashSet;

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

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_GFM
}

/// A GitHub-style anchor: lower case, punctuation dropped, spaces as `-`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if c == ' ' || c == '-' || c == '_' {
            out.push(if c == '_' { '_' } else { '-' });
        }
    }
    if out.is_empty() {
        "section".to_string()
    } else {
        out
    }
}

/// Converts a document's Markdown to sanitised HTML with heading ids.
pub fn to_html(markdown: &str) -> Html {
    let mut events: Vec<Event<'_>> = Parser::new_ext(markdown, options())
        .map(|event| match event {
            // Raw HTML is shown as the text it is.
            Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
            other => other,
        })
        .collect();

    let mut used = HashSet::new();
    let mut toc = Vec::new();
    let mut title = None;
    let mut split = None;
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level;
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let base = slug(&text);
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                id = format!("{base}-{n}");
                n += 1;
            }
            if level == HeadingLevel::H2
                && split.is_none()
                && text.starts_with(|c: char| c.is_ascii_digit())
            {
                split = Some(i);
            }
            if level == HeadingLevel::H1 && title.is_none() {
                title = Some(text.clone());
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                toc.push(TocEntry {
                    level: level as u8,
                    id: id.clone(),
                    text,
                });
            }
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
            i = end;
        }
        i += 1;
    }

    let chapters = events.split_off(split.unwrap_or(0));
    let render = |events: Vec<Event<'_>>| {
        let mut raw = String::with_capacity(markdown.len() * 3 / 2);
        html::push_html(&mut raw, events.into_iter());
        // Column headers say so, for screen readers.
        sanitise(&raw.replace("<th>", "<th scope=\"col\">"))
    };
    Html {
        cover: render(events),
        body: render(chapters),
        toc,
        title,
    }
}

/// Removes anything that is not plain document markup.
fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["scope"])
        .add_tags(["input"])
        .link_rel(Some("noopener noreferrer"))
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn slugs_follow_git_hosting_style() {
        assert_eq!(slug("3.2 Service levels (SLA)"), "32-service-levels-sla");
        assert_eq!(
            slug("REQ-ORG-01: Staff vetting"),
            "req-org-01-staff-vetting"
        );
    }
}
