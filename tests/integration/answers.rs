//! `questionnaire.xlsx` in the pack, and `outsec answers import`: the
//! workbook is the same bytes on every run, protected but for the answer
//! cells, in the project's language; a filled-in questionnaire (XLSX or CSV,
//! English or German) comes back as `answers/<bidder>.yaml` that the
//! evaluation uses; hostile files are refused with a located error and
//! nothing written.

use std::collections::BTreeMap;
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use calamine::Reader as _;

use crate::support::*;

/// Packs `inputs`, as they were when the tender was released (`pack`
/// refuses the award and later revisions), into a new temporary folder.
fn packed(inputs: &Path) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let released = tempfile::tempdir().unwrap();
    let released = released.path().join("inputs");
    released_copy(inputs, &released);
    outsec()
        .args(["pack", "-i"])
        .arg(&released)
        .arg("-o")
        .arg(out.path())
        .assert()
        .code(0);
    out
}

/// A copy of the example's inputs (`inputs` or `example-de/inputs`).
fn copy_of(inputs: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("inputs");
    copy_tree(inputs, &dir);
    (tmp, dir)
}

/// Every part of a zip (an XLSX), unpacked.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        part.read_to_end(&mut data).unwrap();
        out.insert(part.name().unwrap().to_string(), data);
    }
    out
}

/// A zip of `parts`, deflated.
fn zipped(parts: &BTreeMap<String, Vec<u8>>) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(name.as_str(), options).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The cells of the first sheet of an XLSX, as text, row by row, and the
/// sheet's name.
fn cells(bytes: &[u8]) -> (String, Vec<Vec<String>>) {
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let name = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&name).unwrap();
    let rows = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    (name, rows)
}

/// What a bidder writes into a row: compliance, answer, evidence.
type Fill<'a> = &'a dyn Fn(usize, &str) -> [String; 3];

/// The questionnaire filled in as a bidder's spreadsheet program would save
/// it: the same sheet, cells and texts, the last three columns filled.
fn filled_xlsx(sent: &[u8], fill: Fill) -> Vec<u8> {
    let (name, rows) = cells(sent);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(&name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate().take(8) {
            if r > 0 && c == 0 {
                sheet
                    .write_number(r as u32, 0, text.parse::<f64>().unwrap())
                    .unwrap();
            } else {
                sheet.write_string(r as u32, c as u16, text).unwrap();
            }
        }
        if r == 0 {
            for (c, text) in row.iter().enumerate().skip(8) {
                sheet.write_string(0, c as u16, text).unwrap();
            }
        } else {
            for (k, text) in fill(r, &row[1]).iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(r as u32, 8 + k as u16, text).unwrap();
                }
            }
        }
    }
    book.save_to_buffer().unwrap()
}

/// The questionnaire CSV filled in, written back in the same form.
fn filled_csv(sent: &[u8], delimiter: u8, fill: Fill) -> Vec<u8> {
    let text = std::str::from_utf8(&sent[3..]).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    for (r, record) in reader.records().enumerate() {
        let mut record: Vec<String> = record.unwrap().iter().map(String::from).collect();
        if r > 0 {
            let [c, a, e] = fill(r, &record[1].clone());
            record[8] = c;
            record[9] = a;
            record[10] = e;
        }
        w.write_record(&record).unwrap();
    }
    w.into_inner().unwrap()
}

/// `answers import` of `file` for `bidder` into `inputs`.
fn import(inputs: &Path, file: &Path, bidder: &str) -> assert_cmd::assert::Assert {
    outsec()
        .args(["answers", "import"])
        .arg(file)
        .args(["--bidder", bidder, "-i"])
        .arg(inputs)
        .assert()
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).into_owned()
}

fn all_yes(_: usize, id: &str) -> [String; 3] {
    [
        "yes".into(),
        format!("We meet {id} in full."),
        "Security concept, chapter 3".into(),
    ]
}

#[test]
fn the_questionnaire_xlsx_is_the_same_bytes_on_every_run_and_locked_but_for_the_answers() {
    let a = packed(&example());
    let b = packed(&example());
    let xlsx = std::fs::read(a.path().join("tender-pack/questionnaire.xlsx")).unwrap();
    assert_eq!(
        xlsx,
        std::fs::read(b.path().join("tender-pack/questionnaire.xlsx")).unwrap(),
        "byte-reproducible"
    );
    // In the manifest and the zip like every other file of the pack.
    let manifest = read(&a.path().join("tender-pack"), "MANIFEST.sha256");
    assert!(manifest.contains(&format!(
        "{}  questionnaire.xlsx",
        outsec::output::sha256_hex(&xlsx)
    )));
    let zip = std::fs::read(a.path().join("tender-pack-SWW-CIS-2026-1.0.zip")).unwrap();
    assert_eq!(parts(&zip)["tender-pack/questionnaire.xlsx"], xlsx);
    // The NDA part has no questionnaire, as it has no CSV.
    assert!(!a.path().join("tender-pack-nda/questionnaire.xlsx").exists());

    let p = parts(&xlsx);
    let core = String::from_utf8_lossy(&p["docProps/core.xml"]).into_owned();
    assert!(
        core.contains("<dcterms:created xsi:type=\"dcterms:W3CDTF\">2026-01-09T00:00:00Z"),
        "created on the project's date: {core}"
    );
    let sheet = String::from_utf8_lossy(&p["xl/worksheets/sheet1.xml"]).into_owned();
    for wanted in [
        "<sheetProtection",
        "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>",
        "type=\"list\"",
        "<formula1>\"yes,partly,no\"</formula1>",
        "orientation=\"landscape\"",
        "fitToHeight=\"0\"",
        "<oddHeader>&amp;C&amp;\"-,Bold\"Confidential",
    ] {
        assert!(sheet.contains(wanted), "{wanted} in the sheet:\n{sheet}");
    }
    assert!(
        !sheet.contains("password"),
        "no password needed to fill it in"
    );
    let workbook = String::from_utf8_lossy(&p["xl/workbook.xml"]).into_owned();
    assert!(
        workbook.contains("_xlnm.Print_Titles"),
        "header row on every page"
    );
    let styles = String::from_utf8_lossy(&p["xl/styles.xml"]).into_owned();
    assert!(
        styles.contains("<protection locked=\"0\"/>"),
        "answer cells unlocked"
    );
    assert!(!sheet.contains("<f>"), "no formula anywhere");

    // The same rows as the CSV.
    let (name, rows) = cells(&xlsx);
    assert_eq!(name, "Questionnaire");
    let csv_bytes = std::fs::read(a.path().join("tender-pack/questionnaire.csv")).unwrap();
    let csv_text = std::str::from_utf8(&csv_bytes[3..]).unwrap();
    let csv_rows: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv_text.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), csv_rows.len());
    for (x, c) in rows.iter().zip(&csv_rows) {
        assert_eq!(x.len(), 11);
        for (i, cell) in x.iter().enumerate() {
            assert_eq!(cell, c[i].trim_start_matches('\''), "{x:?} / {c:?}");
        }
    }
}

#[test]
fn the_german_pack_has_a_german_questionnaire_xlsx() {
    let out = packed(&root().join("example-de/inputs"));
    let xlsx = std::fs::read(out.path().join("tender-pack/questionnaire.xlsx")).unwrap();
    let (name, rows) = cells(&xlsx);
    assert_eq!(name, "Fragebogen");
    assert_eq!(rows[0][0], "Nr.");
    assert_eq!(rows[0][8], "Erfüllung (ja/teilweise/nein)");
    let kinds: std::collections::BTreeSet<&str> = rows[1..].iter().map(|r| r[2].as_str()).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["Anforderung", "Frage"]
    );
    let p = parts(&xlsx);
    let sheet = String::from_utf8_lossy(&p["xl/worksheets/sheet1.xml"]).into_owned();
    assert!(
        sheet.contains("<formula1>\"ja,teilweise,nein\"</formula1>"),
        "{sheet}"
    );
    assert!(sheet.contains("Seite &amp;P von &amp;N"), "{sheet}");
    assert!(sheet.contains("VS-NUR FÜR DEN DIENSTGEBRAUCH") || sheet.contains("<oddHeader>"));
    let text: String = p
        .iter()
        .filter(|(n, _)| n.ends_with(".xml"))
        .map(|(_, d)| String::from_utf8_lossy(d).into_owned())
        .collect();
    for english in [
        "Questionnaire",
        "Requirement",
        "Answer",
        "MUST",
        "Page &amp;P",
    ] {
        assert!(!text.contains(english), "{english} in the German workbook");
    }
}

#[test]
fn a_filled_in_xlsx_comes_back_as_answers_that_the_evaluation_shows() {
    let (_tmp, inputs) = copy_of(&example());
    let out = packed(&inputs);
    let sent = std::fs::read(out.path().join("tender-pack/questionnaire.xlsx")).unwrap();
    let (_, rows) = cells(&sent);
    let first_id = rows[1][1].clone();
    let returned = filled_xlsx(&sent, &|r, id| {
        if r == 1 {
            // Written as a bidder may write it, in either language and case.
            ["Ja".into(), "=1+1 stays text".into(), String::new()]
        } else {
            all_yes(r, id)
        }
    });
    let file = out.path().join("HDO-questionnaire.xlsx");
    std::fs::write(&file, &returned).unwrap();
    let assert = import(&inputs, &file, "HDO").code(0);
    let said = stderr(&assert);
    assert!(said.contains("answers/HDO.yaml"), "{said}");
    let yaml = read(&inputs.join("answers"), "HDO.yaml");
    assert!(
        yaml.starts_with("# outsec answers import, sha256:"),
        "{yaml}"
    );
    assert!(yaml.contains(&format!(
        "sha256: \"{}\"",
        outsec::output::sha256_hex(&returned)
    )));
    assert!(yaml.contains(&format!("      - id: \"{first_id}\"\n        compliance: \"yes\"\n        answer: \"=1+1 stays text\"\n")), "{yaml}");
    assert_eq!(
        yaml.matches("      - id: ").count(),
        rows.len() - 1,
        "one entry per row"
    );
    // The inputs still check clean, and the evaluation shows the matrix.
    outsec().args(["check", "-i"]).arg(&inputs).assert().code(0);
    let (_b, built) = build(&inputs);
    let eval = read(&built, "provider-evaluation.md");
    assert!(
        eval.contains("## 3 Compliance with the requirements"),
        "{eval}"
    );
    assert!(eval.contains("Hanseatic Data Operations AG"), "{eval}");

    // Importing the same file again replaces what outsec wrote.
    let again = import(&inputs, &file, "HDO").code(0);
    assert!(stderr(&again).contains("replaced"));
}

#[test]
fn csv_comes_back_in_english_and_in_german() {
    for (inputs, delimiter, bidder, yes) in [
        (example(), b',', "HDO", "yes"),
        (root().join("example-de/inputs"), b';', "NOIT", "ja"),
    ] {
        let (_tmp, inputs) = copy_of(&inputs);
        let out = packed(&inputs);
        let sent = std::fs::read(out.path().join("tender-pack/questionnaire.csv")).unwrap();
        let returned = filled_csv(&sent, delimiter, &|_, id| {
            [
                yes.into(),
                format!("=cmd|' /C calc'!A0 {id}"),
                String::new(),
            ]
        });
        let file = out.path().join("returned.csv");
        std::fs::write(&file, &returned).unwrap();
        let assert = import(&inputs, &file, bidder).code(0);
        let yaml = read(&inputs.join("answers"), &format!("{bidder}.yaml"));
        // The CSV injection is kept as the text it is, quoted in the YAML.
        assert!(
            yaml.contains("answer: \"=cmd|' /C calc'!A0 "),
            "{yaml}\n{}",
            stderr(&assert)
        );
        assert!(yaml.contains("compliance: \"yes\""), "{yaml}");
        let (_b, built) = build(&inputs);
        let eval = read(&built, "provider-evaluation.md");
        assert!(!eval.contains("\n=cmd"), "{eval}");
    }
}

/// Imports `bytes` as `name`, expects exit `code`, and that nothing was written.
fn refused(inputs: &Path, name: &str, bytes: &[u8], code: i32) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).unwrap();
    let before = snapshot_tree(inputs);
    let assert = import(inputs, &file, "HDO").code(code);
    assert_eq!(snapshot_tree(inputs), before, "nothing written for {name}");
    stderr(&assert)
}

#[test]
fn hostile_files_are_refused_with_a_located_error_and_nothing_written() {
    let (_tmp, inputs) = copy_of(&example());
    let out = packed(&inputs);
    let sent = std::fs::read(out.path().join("tender-pack/questionnaire.xlsx")).unwrap();
    let good = filled_xlsx(&sent, &all_yes);

    // A zip bomb: a sheet that unpacks to 4 GiB, told by its declared size
    // before anything is unpacked.
    let mut p = parts(&good);
    p.insert("xl/worksheets/sheet1.xml".into(), vec![b' '; 1024 * 1024]);
    let mut bomb = zipped(&p);
    declare_size(&mut bomb, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0);
    let said = refused(&inputs, "bomb.xlsx", &bomb, 1);
    assert!(
        said.contains("zip bomb") && said.contains("xl/worksheets/sheet1.xml"),
        "{said}"
    );

    // A part that unpacks to more than it declares stops at the declared size.
    let mut p = parts(&good);
    let mut sheet = p["xl/worksheets/sheet1.xml"].clone();
    sheet.extend(std::iter::repeat_n(b' ', 4 * 1024 * 1024));
    p.insert("xl/worksheets/sheet1.xml".into(), sheet);
    let mut liar = zipped(&p);
    declare_size(&mut liar, "xl/worksheets/sheet1.xml", 4096);
    let said = refused(&inputs, "liar.xlsx", &liar, 1);
    assert!(said.contains("cannot be read"), "{said}");

    // A sheet that declares two million rows.
    let mut p = parts(&good);
    let sheet = String::from_utf8(p["xl/worksheets/sheet1.xml"].clone()).unwrap();
    let start = sheet.find("<dimension ref=\"").unwrap();
    let end = start + sheet[start..].find("/>").unwrap() + 2;
    let sheet = format!(
        "{}<dimension ref=\"A1:K2000000\"/>{}",
        &sheet[..start],
        &sheet[end..]
    );
    p.insert("xl/worksheets/sheet1.xml".into(), sheet.into_bytes());
    let said = refused(&inputs, "huge.xlsx", &zipped(&p), 1);
    assert!(
        said.contains("2000000 rows") && said.contains("sheet Questionnaire"),
        "{said}"
    );

    // A formula in an answer cell.
    let formula = {
        let (name, rows) = cells(&sent);
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.set_name(&name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate().take(8) {
                if r > 0 && c == 0 {
                    sheet
                        .write_number(r as u32, 0, text.parse::<f64>().unwrap())
                        .unwrap();
                } else {
                    sheet.write_string(r as u32, c as u16, text).unwrap();
                }
            }
            if r == 0 {
                for (c, text) in row.iter().enumerate().skip(8) {
                    sheet.write_string(0, c as u16, text).unwrap();
                }
            } else {
                sheet.write_string(r as u32, 8, "yes").unwrap();
            }
        }
        sheet
            .write_formula(3, 9, "=HYPERLINK(\"https://evil.example/\",\"see here\")")
            .unwrap();
        book.save_to_buffer().unwrap()
    };
    let said = refused(&inputs, "formula.xlsx", &formula, 1);
    assert!(
        said.contains("sheet Questionnaire, row 4, column J (Answer)") && said.contains("formula"),
        "{said}"
    );

    // A link to another workbook.
    let mut p = parts(&good);
    p.insert(
        "xl/externalLinks/externalLink1.xml".into(),
        b"<externalLink xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"
            .to_vec(),
    );
    let said = refused(&inputs, "linked.xlsx", &zipped(&p), 1);
    assert!(said.contains("links to other workbooks"), "{said}");

    // Random bytes.
    let mut x: u32 = 7;
    let noise: Vec<u8> = (0..4096)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (x >> 16) as u8
        })
        .collect();
    let said = refused(&inputs, "noise.xlsx", &noise, 1);
    assert!(
        said.contains("neither an XLSX workbook nor a CSV file"),
        "{said}"
    );

    // An old Excel file.
    let mut xls = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    xls.extend([0; 504]);
    let said = refused(&inputs, "old.xls", &xls, 1);
    assert!(said.contains("Excel 97–2003"), "{said}");

    // Rows moved, a value not in the list, a text changed.
    let moved = filled_xlsx(&sent, &|r, id| {
        if r == 2 {
            ["vielleicht".into(), String::new(), String::new()]
        } else {
            all_yes(r, id)
        }
    });
    let said = refused(&inputs, "value.xlsx", &moved, 1);
    assert!(
        said.contains("sheet Questionnaire, row 3, column I")
            && said.contains("`vielleicht` is no compliance value"),
        "{said}"
    );
    let csv_sent = std::fs::read(out.path().join("tender-pack/questionnaire.csv")).unwrap();
    let csv_text = String::from_utf8(csv_sent[3..].to_vec()).unwrap();
    let mut lines: Vec<&str> = csv_text.split("\r\n").collect();
    lines.swap(1, 2);
    let swapped = lines.join("\r\n");
    let said = refused(&inputs, "swapped.csv", swapped.as_bytes(), 1);
    assert!(
        said.contains("swapped.csv, row 2, column B (ID)") && said.contains("row 3"),
        "{said}"
    );
}

/// Sets the uncompressed size that a zip declares for `name`, in its local
/// header and its central directory.
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let name = name.as_bytes();
    let mut i = 0;
    while i + 46 <= zip.len() {
        let sig = &zip[i..i + 4];
        if sig == b"PK\x03\x04" {
            let len = u16::from_le_bytes([zip[i + 26], zip[i + 27]]) as usize;
            if zip.get(i + 30..i + 30 + len) == Some(name) {
                zip[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            }
        } else if sig == b"PK\x01\x02" {
            let len = u16::from_le_bytes([zip[i + 28], zip[i + 29]]) as usize;
            if zip.get(i + 46..i + 46 + len) == Some(name) {
                zip[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            }
        }
        i += 1;
    }
}

#[test]
fn the_bidder_must_be_one_and_a_file_the_user_wrote_is_never_replaced() {
    let (_tmp, inputs) = copy_of(&example());
    let out = packed(&inputs);
    let sent = std::fs::read(out.path().join("tender-pack/questionnaire.xlsx")).unwrap();
    let file = out.path().join("returned.xlsx");
    std::fs::write(&file, filled_xlsx(&sent, &all_yes)).unwrap();

    let said = stderr(&import(&inputs, &file, "HD0").code(2));
    assert!(said.contains("did you mean `HDO`?"), "{said}");
    let said = stderr(&import(&inputs, &file, "WLC").code(2));
    assert!(
        said.contains("role `carrier`") && said.contains("HDO"),
        "{said}"
    );

    // A file the user wrote stays, unless --force.
    std::fs::create_dir_all(inputs.join("answers")).unwrap();
    let mine = "# my own notes\nanswers:\n  - bidder: HDO\n    rows: []\n";
    std::fs::write(inputs.join("answers/HDO.yaml"), mine).unwrap();
    let said = stderr(&import(&inputs, &file, "HDO").code(2));
    assert!(
        said.contains("was not written by `outsec answers import`"),
        "{said}"
    );
    assert_eq!(read(&inputs.join("answers"), "HDO.yaml"), mine);
    outsec()
        .args(["answers", "import"])
        .arg(&file)
        .args(["--bidder", "HDO", "--force", "-i"])
        .arg(&inputs)
        .assert()
        .code(0);
    // Once edited, the import stops again.
    let written = read(&inputs.join("answers"), "HDO.yaml");
    std::fs::write(
        inputs.join("answers/HDO.yaml"),
        written.replace("We meet", "They meet"),
    )
    .unwrap();
    let said = stderr(&import(&inputs, &file, "HDO").code(2));
    assert!(said.contains("was edited since outsec wrote it"), "{said}");

    // Answers of the bidder kept in another file stop the import.
    std::fs::remove_file(inputs.join("answers/HDO.yaml")).unwrap();
    std::fs::write(inputs.join("hdo-answers.yaml"), mine).unwrap();
    let said = stderr(&import(&inputs, &file, "HDO").code(2));
    assert!(said.contains("hdo-answers.yaml"), "{said}");

    // A missing file is an I/O error.
    std::fs::remove_file(inputs.join("hdo-answers.yaml")).unwrap();
    let said = stderr(&import(&inputs, &out.path().join("nope.xlsx"), "HDO").code(2));
    assert!(said.contains("nope.xlsx"), "{said}");
}

#[test]
fn a_must_answered_no_excludes_the_bid_and_an_excluded_bid_is_not_scored() {
    let (_tmp, inputs) = copy_of(&example());
    let out = packed(&inputs);
    let sent = std::fs::read(out.path().join("tender-pack/questionnaire.xlsx")).unwrap();
    let (_, rows) = cells(&sent);
    let must = rows[1..]
        .iter()
        .find(|r| r[3] == "MUST")
        .map(|r| r[1].clone())
        .unwrap();
    let returned = filled_xlsx(&sent, &|r, id| {
        if id == must {
            ["no".into(), "Not offered.".into(), String::new()]
        } else {
            all_yes(r, id)
        }
    });
    let file = out.path().join("returned.xlsx");
    std::fs::write(&file, returned).unwrap();
    import(&inputs, &file, "HDO").code(0);
    let check = outsec()
        .args(["check", "--format", "json", "-i"])
        .arg(&inputs)
        .assert()
        .code(1);
    let said = String::from_utf8_lossy(&check.get_output().stdout).into_owned();
    assert!(
        said.contains("OS-EVAL-011") && said.contains(&must),
        "{said}"
    );

    // Excluded: no error, no score row, no scores demanded.
    let eval_path = inputs.join("evaluation.yaml");
    let eval = std::fs::read_to_string(&eval_path).unwrap();
    let hdo = eval.find("    - bidder: HDO\n").unwrap();
    let scores = hdo + eval[hdo..].find("      scores:\n").unwrap();
    let notes = hdo + eval[hdo..].find("      notes:").unwrap();
    let eval = format!(
        "{}      excluded:\n        reason: {must} (MUST) is not met.\n{}",
        &eval[..scores],
        &eval[notes..]
    );
    std::fs::write(&eval_path, eval).unwrap();
    outsec().args(["check", "-i"]).arg(&inputs).assert().code(0);
    let (_b, built) = build(&inputs);
    let doc = read(&built, "provider-evaluation.md");
    let scores = doc
        .split("## 4 ")
        .nth(1)
        .unwrap()
        .split("## 5 ")
        .next()
        .unwrap();
    assert!(
        !scores.contains("| Hanseatic Data Operations AG |"),
        "{scores}"
    );
    assert!(
        scores
            .lines()
            .any(|l| l.starts_with("Excluded bids are not scored (")
                && l.contains("Hanseatic Data Operations AG")),
        "{scores}"
    );
    assert!(!doc.contains("0 → 0"), "{doc}");
    assert!(doc.contains(&format!("{must} (MUST) is not met.")), "{doc}");
}
