//! Text as every output format receives it: [`tidy`] for generated
//! documents, [`clean`] for input text before a filter or writer handles
//! it, and [`forbidden`], the characters neither may hold.

/// Normalises generated text: no trailing spaces, at most one blank line in
/// a row, exactly one newline at the end. Templates can then be written for
/// readability without their whitespace reaching the diff.
///
/// Control characters other than tab and line break (an escape sequence
/// pasted from a terminal, a stray form feed), the code points that HTML
/// forbids, and the invisible characters that reorder or split text (see
/// [`forbidden`]) are dropped: they are invisible in print, can rewrite a
/// terminal that shows the Markdown, make the HTML invalid, or make a
/// reader see something other than what is written.
pub fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = 0;
    let mut cleaned = String::new();
    for line in text.lines() {
        // Most lines are printable ASCII, which needs no closer look.
        let suspect = line.bytes().any(|b| (b < b' ' && b != b'\t') || b >= 0x7f);
        let line = if suspect && line.contains(forbidden) {
            cleaned.clear();
            cleaned.extend(line.chars().filter(|&c| !forbidden(c)));
            cleaned.as_str()
        } else {
            line
        };
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Characters that never belong in a document: C0 controls but tab (line
/// breaks are handled by the caller), DEL, C1 controls, noncharacters, and
/// the invisible characters that change how text reads without showing:
/// the bidirectional embeddings, overrides, isolates and marks (U+202A–E,
/// U+2066–9, U+200E–F, U+061C), with which `abc` can be shown as `cba` or a
/// line can hide part of itself; the zero-width characters (U+200B–D,
/// U+2060–4, U+FEFF, U+180E), with which two texts that look the same
/// differ; the tag characters (U+E0000–7F), invisible copies of ASCII;
/// and every other code point that Unicode lists as default ignorable
/// (`Default_Ignorable_Code_Point`: the soft hyphen, the combining grapheme
/// joiner, the Hangul fillers, the Khmer inherent vowels, the Mongolian
/// free variation selectors, the deprecated format characters U+206A–F,
/// the shorthand format controls, the musical beam and slur controls, and
/// the reserved ranges U+2065, U+FFF0–8 and U+E0080–E0FFF), which a
/// viewer shows as nothing at all. The interlinear annotation characters
/// (U+FFF9–B), which are not for interchange and can hide text, go too.
/// The variation selectors (U+FE00–F, U+E0100–E01EF) stay: emoji and some
/// scripts need them, and they change only the look of the character
/// before them.
#[inline]
pub fn forbidden(c: char) -> bool {
    if c.is_ascii() {
        return (c < ' ' && c != '\t') || c == '\x7f';
    }
    c.is_control()
        || matches!(
            c as u32,
            0x00AD
                | 0x034F
                | 0x061C
                | 0x115F..=0x1160
                | 0x17B4..=0x17B5
                | 0x180B..=0x180F
                | 0x200B..=0x200F
                | 0x202A..=0x202E
                | 0x2060..=0x206F
                | 0x3164
                | 0xFDD0..=0xFDEF
                | 0xFEFF
                | 0xFFA0
                | 0xFFF0..=0xFFFB
                | 0x1BCA0..=0x1BCA3
                | 0x1D173..=0x1D17A
                | 0xE0000..=0xE00FF
                | 0xE01F0..=0xE0FFF
        )
        || (c as u32 & 0xFFFE) == 0xFFFE
}

/// A text from the inputs as every output format receives it: line breaks
/// as `\n` (from `\r\n` and a lone `\r` too), and no [`forbidden`]
/// character. The filters that put input text into a document and the CSV
/// writer start with this, so that nothing [`tidy`] would drop later can
/// hide markup from them: `<\u{200B}script>` is `<script>` once the
/// zero-width space is gone.
pub fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let suspect = text
        .bytes()
        .any(|b| (b < b' ' && !matches!(b, b'\t' | b'\n')) || b >= 0x7f);
    if !suspect || !text.contains(|c: char| c != '\n' && forbidden(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' => out.push('\n'),
            c if forbidden(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{forbidden, tidy};

    #[test]
    fn every_default_ignorable_code_point_but_the_variation_selectors_is_forbidden() {
        // Default_Ignorable_Code_Point, DerivedCoreProperties.txt (Unicode 16).
        const IGNORABLE: [(u32, u32); 17] = [
            (0x00AD, 0x00AD),
            (0x034F, 0x034F),
            (0x061C, 0x061C),
            (0x115F, 0x1160),
            (0x17B4, 0x17B5),
            (0x180B, 0x180F),
            (0x200B, 0x200F),
            (0x202A, 0x202E),
            (0x2060, 0x206F),
            (0x3164, 0x3164),
            (0xFE00, 0xFE0F),
            (0xFEFF, 0xFEFF),
            (0xFFA0, 0xFFA0),
            (0xFFF0, 0xFFF8),
            (0x1BCA0, 0x1BCA3),
            (0x1D173, 0x1D17A),
            (0xE0000, 0xE0FFF),
        ];
        for (first, last) in IGNORABLE {
            for n in first..=last {
                let selector = (0xFE00..=0xFE0F).contains(&n) || (0xE0100..=0xE01EF).contains(&n);
                let c = char::from_u32(n).unwrap();
                assert_eq!(forbidden(c), !selector, "U+{n:04X}");
            }
        }
        for c in [
            'a',
            'ß',
            '\t',
            ' ',
            '\u{A0}',
            '\u{2764}',
            '\u{1F600}',
            '\u{E000}',
            '\u{845B}',
        ] {
            assert!(!forbidden(c), "U+{:04X}", c as u32);
        }
        assert_eq!(
            tidy("a\u{AD}b\u{3164}c\u{1D173}d \u{2764}\u{FE0F} \u{845B}\u{E0100}\n"),
            "abcd \u{2764}\u{FE0F} \u{845B}\u{E0100}\n"
        );
    }

    #[test]
    fn tidy_drops_trailing_space_extra_blank_lines_and_control_characters() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\t\n\n"), "a\n\nb\n");
        assert_eq!(
            tidy("red \u{1b}[31mtext\u{7}\u{7f}\u{85} and\u{fffe} more\u{c}\n"),
            "red [31mtext and more\n"
        );
        assert_eq!(
            tidy("tab\tstays\r\nCRLF ends\r\n"),
            "tab\tstays\nCRLF ends\n"
        );
    }
}
