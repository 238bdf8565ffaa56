//! The bidder questionnaire as a spreadsheet: the columns and texts that
//! `questionnaire.csv` and `questionnaire.xlsx` of the tender pack share,
//! the compliance values as each language writes them, and the XLSX
//! writer. `answers import` reads a returned questionnaire against the same
//! [`table`].
//!
//! The workbook is the same bytes on every run and machine: its creation
//! date is the project's date (the one the pack's zip entries carry), and
//! nothing else in it depends on the clock or the machine.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format,
    FormatAlign, FormatBorder, ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use crate::derive::questionnaire;
use crate::i18n::Messages;
use crate::model::Model;
use crate::model::answers::Compliance;
use crate::model::project::Language;

/// The message keys of the columns, in their order (A to K).
pub const COLUMNS: [&str; 11] = [
    "q.no",
    "q.id",
    "concept.kind",
    "tender.priority",
    "q.title",
    "q.question_or_requirement",
    "q.evidence_requested",
    "q.requirements",
    "q.compliance",
    "q.answer",
    "q.evidence_reference",
];

/// Column of the row's id (B).
pub const COL_ID: usize = 1;
/// The columns the bidder fills in: compliance (I), answer (J), evidence (K).
pub const COL_COMPLIANCE: usize = 8;
pub const COL_ANSWER: usize = 9;
pub const COL_EVIDENCE: usize = 10;
/// The columns outsec fills in (A to H), which a returned questionnaire
/// must still hold as sent.
pub const FIXED: usize = 8;

/// Most characters a spreadsheet cell holds (Excel's limit). A longer text
/// (a requirement of several pages) is cut there in the XLSX, with `…` at
/// the end; the tender document has it in full.
pub const MAX_CELL_CHARS: usize = 32_767;

/// One row of the questionnaire as the spreadsheets show it: the texts of
/// the columns outsec fills in, after [`crate::text::clean`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub no: usize,
    pub id: String,
    /// `question` or `requirement`.
    pub kind: &'static str,
    /// Whether the row is a `must` requirement.
    pub must: bool,
    /// The texts of columns A to H.
    pub cells: [String; FIXED],
}

/// The header (the column titles in the project's language) and the rows.
pub fn table(model: &Model, messages: &Messages) -> (Vec<String>, Vec<Row>) {
    let header = COLUMNS
        .iter()
        .map(|k| messages.text(k).to_string())
        .collect();
    let rows = questionnaire(model)
        .into_iter()
        .map(|row| {
            let priority = row
                .priority
                .map(|p| messages.label(priority_key(p)))
                .unwrap_or_default();
            let text = row
                .text
                .clone()
                .unwrap_or_else(|| messages.text("q.text_in_nda").to_string());
            let cells = [
                row.no.to_string(),
                row.id.clone(),
                messages.label(row.kind),
                priority,
                row.title.unwrap_or_default(),
                text,
                row.evidence.unwrap_or_default(),
                row.requirements.join(", "),
            ]
            .map(|c| crate::text::clean(&c).into_owned());
            Row {
                no: row.no,
                id: row.id,
                kind: row.kind,
                must: row.priority == Some(crate::model::requirements::Priority::Must),
                cells,
            }
        })
        .collect();
    (header, rows)
}

fn priority_key(p: crate::model::requirements::Priority) -> &'static str {
    use crate::model::requirements::Priority;
    match p {
        Priority::Must => "must",
        Priority::Should => "should",
        Priority::May => "may",
    }
}

/// The compliance values as the project's language writes them, in the
/// order of the drop-down: `yes`, `partly`, `no` (`ja`, `teilweise`,
/// `nein`).
pub fn compliance_values(messages: &Messages) -> [String; 3] {
    Compliance::ALL.map(|c| messages.label(c.key()))
}

/// Reads a compliance value as a bidder may write it: the project's own
/// label, or the built-in one of either language, in any case, with spaces
/// around it ignored.
pub fn parse_compliance(text: &str, messages: &Messages) -> Option<Compliance> {
    let text = text.trim().to_lowercase();
    Compliance::ALL.into_iter().find(|c| {
        [
            messages.label(c.key()),
            crate::i18n::label(Language::En, c.key()),
            crate::i18n::label(Language::De, c.key()),
        ]
        .iter()
        .any(|l| l.to_lowercase() == text)
    })
}

/// `text`, cut to [`MAX_CELL_CHARS`] characters (the last one `…`) when
/// it is longer: what a cell of the XLSX holds.
pub fn fit_cell(text: &str) -> std::borrow::Cow<'_, str> {
    // Excel counts UTF-16 code units; a character outside the BMP is two.
    let units: usize = text.chars().map(char::len_utf16).sum();
    if units <= MAX_CELL_CHARS {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        if used + c.len_utf16() > MAX_CELL_CHARS - 1 {
            break;
        }
        used += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    std::borrow::Cow::Owned(out)
}

/// Most characters of the marking in the page header (Excel refuses a
/// header of more than 255 characters, codes included).
const MAX_MARKING: usize = 120;

/// A text for a page header or footer: `&` doubled (a single one starts a
/// code there), cut to `max` characters.
fn header_text(text: &str, max: usize) -> String {
    crate::text::clean(text)
        .replace('\n', " ")
        .chars()
        .take(max)
        .collect::<String>()
        .replace('&', "&&")
}

/// Widths of the columns, in characters.
const WIDTHS: [f64; 11] = [
    6.0, 16.0, 12.0, 11.0, 28.0, 60.0, 32.0, 18.0, 18.0, 60.0, 32.0,
];

/// `questionnaire.xlsx`: the rows of [`table`] on one protected sheet in
/// the project's language, the compliance cells with a drop-down of the
/// language's values, the answer and evidence cells unlocked (and set to
/// text, so that what a bidder types there never becomes a formula), the
/// header row frozen and repeated on every printed page, landscape A4
/// fitted to the page width, with the bidders' classification marking in
/// the page header. The sheet protection has no password: it keeps the
/// questions from being changed by mistake, not by intent (`answers
/// import` compares them with what was sent).
pub fn xlsx(model: &Model, messages: &Messages, marking: &str) -> Result<Vec<u8>, XlsxError> {
    let (header, rows) = table(model, messages);
    let mut workbook = Workbook::new();
    let date = model
        .project
        .control(crate::model::project::DocumentName::Questionnaire)
        .date;
    let created = ExcelDateTime::from_ymd(
        u16::try_from(date.year()).unwrap_or(1980).clamp(1900, 9999),
        date.month() as u8,
        date.day() as u8,
    )?;
    let title = format!(
        "{} – {}",
        messages.text("doc.questionnaire"),
        model.project.title
    );
    workbook.set_properties(
        &DocProperties::new()
            .set_title(crate::text::clean(&title))
            .set_subject(crate::text::clean(&model.project.id))
            .set_creation_datetime(&created),
    );
    let sheet = workbook.add_worksheet();
    sheet.set_name(messages.text("q.sheet"))?;
    fill(sheet, &header, &rows, messages)?;
    layout(sheet, rows.len(), messages, marking, &model.project.id);
    workbook.save_to_buffer()
}

fn fill(
    sheet: &mut Worksheet,
    header: &[String],
    rows: &[Row],
    messages: &Messages,
) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border(FormatBorder::Thin);
    let fixed = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_background_color(Color::RGB(0xF2F2F2));
    let input = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_num_format("@")
        .set_unlocked();
    for (col, title) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, fit_cell(title), &head)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_number_with_format(r, 0, row.no as f64, &fixed)?;
        for (col, text) in row.cells.iter().enumerate().skip(1) {
            sheet.write_string_with_format(r, col as u16, fit_cell(text), &fixed)?;
        }
        for col in [COL_COMPLIANCE, COL_ANSWER, COL_EVIDENCE] {
            sheet.write_blank(r, col as u16, &input)?;
        }
    }
    if !rows.is_empty() {
        let values = compliance_values(messages);
        let hint = crate::i18n::fill(
            messages.text("q.pick"),
            &[("values".to_string(), values.join(", "))],
        );
        let validation = DataValidation::new()
            .allow_list_strings(&values)?
            .ignore_blank(true)
            .set_input_title(short(messages.text("q.pick_title"), 32))?
            .set_input_message(short(&hint, 250))?
            .set_error_title(short(messages.text("q.pick_title"), 32))?
            .set_error_message(short(&hint, 250))?
            .set_error_style(DataValidationErrorStyle::Stop);
        let col = COL_COMPLIANCE as u16;
        sheet.add_data_validation(1, col, rows.len() as u32, col, &validation)?;
    }
    Ok(())
}

/// At most `max` characters of `text` (the limits Excel sets on the
/// texts of a drop-down's messages).
fn short(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn layout(sheet: &mut Worksheet, rows: usize, messages: &Messages, marking: &str, id: &str) {
    for (col, width) in WIDTHS.iter().enumerate() {
        let _ = sheet.set_column_width(col as u16, *width);
    }
    let _ = sheet.set_freeze_panes(1, 0);
    sheet.protect_with_options(&ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        // Wider columns and taller rows help to read and write long answers.
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    sheet.set_landscape();
    // A4.
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    let _ = sheet.set_repeat_rows(0, 0);
    if rows > 0 {
        let _ = sheet.set_print_area(0, 0, rows as u32, (COLUMNS.len() - 1) as u16);
    }
    let marking = header_text(marking, MAX_MARKING);
    sheet.set_header(format!("&C&\"-,Bold\"{marking}"));
    let page = messages
        .text("q.page")
        .replace('&', "&&")
        .replace("{page}", "&P")
        .replace("{pages}", "&N");
    sheet.set_footer(format!(
        "&L{}&C&\"-,Bold\"{marking}&R{page}",
        header_text(id, 64)
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_to_what_a_cell_holds() {
        assert_eq!(fit_cell("short"), "short");
        let long = "x".repeat(MAX_CELL_CHARS + 5);
        let cut = fit_cell(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS);
        assert!(cut.ends_with('…'));
        // Characters outside the BMP count twice, as Excel counts them.
        let wide = "😀".repeat(MAX_CELL_CHARS);
        let cut = fit_cell(&wide);
        assert!(cut.chars().map(char::len_utf16).sum::<usize>() <= MAX_CELL_CHARS);
    }

    #[test]
    fn header_text_escapes_codes() {
        assert_eq!(header_text("A&B\nC", 10), "A&&B C");
    }

    #[test]
    fn compliance_is_read_in_either_language() {
        let de = Messages::builtin(Language::De);
        assert_eq!(parse_compliance(" Ja ", &de), Some(Compliance::Yes));
        assert_eq!(parse_compliance("partly", &de), Some(Compliance::Partly));
        assert_eq!(parse_compliance("NEIN", &de), Some(Compliance::No));
        assert_eq!(parse_compliance("maybe", &de), None);
        assert_eq!(
            compliance_values(&de),
            ["ja".to_string(), "teilweise".into(), "nein".into()]
        );
    }
}
