//! The instructions to bidders, the forms, and the participation pack
//! (`pack --stage participation`) of a tender with a participation stage.

use std::collections::BTreeMap;
use std::path::Path;

use crate::support::*;

/// Runs `pack` with `args` and returns its output.
fn pack(inputs: &Path, out: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    outsec()
        .args(["pack", "-i"])
        .arg(inputs)
        .arg("-o")
        .arg(out)
        .args(args)
        .assert()
}

/// Every file of the folder `folder` of the output folder `out`, as text.
fn texts(out: &Path, folder: &str) -> BTreeMap<String, String> {
    snapshot_tree(&out.join(folder))
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(&bytes).into_owned()))
        .collect()
}

/// A released copy of an example project, with its input folder.
fn released(inputs: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("inputs");
    released_copy(inputs, &dir);
    (tmp, dir)
}

#[test]
fn the_participation_pack_holds_what_candidates_need_and_nothing_of_the_bids() {
    let (_tmp, inputs) = released_example();
    let out = tempfile::tempdir().unwrap();
    let assert = pack(&inputs, out.path(), &["--stage", "participation"]).code(0);
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    let zip = "participation-pack-SWW-CIS-2026-1.0.zip";
    assert!(stdout.contains(zip), "pack prints the zip: {stdout}");
    assert!(out.path().join(zip).is_file());
    assert!(!out.path().join("tender-pack").exists());
    assert!(!out.path().join("tender-pack-nda").exists());

    let files = texts(out.path(), "participation-pack");
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "MANIFEST.sha256",
            "cover.html",
            "cover.md",
            "forms.html",
            "forms.md",
            "instructions.html",
            "instructions.md"
        ],
        "cover, instructions and forms: no tender, questionnaire or NDA material"
    );

    // Candidates and their requests to participate, not bidders and bids.
    let instructions = &files["instructions.md"];
    assert!(instructions.starts_with("# Instructions to candidates: participation stage"));
    assert!(instructions.contains("## 5 Contents of a request to participate"));
    assert!(instructions.contains("A complete request to participate contains:"));
    assert!(!instructions.contains("A complete bid contains"));
    assert!(!instructions.contains("questionnaire.xlsx"));
    assert!(instructions.contains(
        "A request to participate that arrives after the deadline for requests is excluded"
    ));
    assert!(instructions.contains("These instructions belong to the participation stage"));
    // The suitability criteria, assessed on the requests.
    assert!(instructions.contains("| SC-ISMS | Certified information security management |"));
    assert!(instructions.contains(
        "The suitability of the candidates is assessed on their requests to participate"
    ));
    assert!(
        instructions.contains("SWW invites at least three and at most five suitable candidates")
    );
    // The forms of the participation stage only.
    let forms = &files["forms.md"];
    assert!(forms.starts_with("# Forms for the request to participate"));
    for id in ["DECL-EXCLUSION", "DECL-SANCTIONS", "DECL-CONSORTIUM"] {
        assert!(forms.contains(&format!("({id})")), "forms lack {id}");
        assert!(
            instructions.contains(&format!("the form {id} ")),
            "instructions lack {id}"
        );
    }
    for id in ["DECL-BID", "DECL-NDA", "DECL-SUBCONTRACTORS"] {
        assert!(!forms.contains(id), "the participation forms hold {id}");
    }
    assert!(forms.contains("submit it with the request to participate"));
    // The cover lists what the pack holds, and nothing else.
    let cover = &files["cover.md"];
    assert!(cover.starts_with("# Participation pack: cover page for candidates"));
    assert!(cover.contains("| `instructions.md`, `instructions.html` | Instructions to candidates: participation stage |"));
    assert!(cover.contains("| `forms.md`, `forms.html` | Forms for the request to participate |"));
    assert!(!cover.contains("`questionnaire"));
    assert!(!cover.contains("`tender.md"));
    assert!(!cover.contains("`tender-nda"));
    assert!(cover.contains("## 4 Submitting a request to participate"));
    assert!(files["MANIFEST.sha256"].contains("  instructions.md\n"));

    insta::assert_snapshot!("participation-instructions.md", instructions);
    insta::assert_snapshot!("participation-forms.md", forms);
    insta::assert_snapshot!("participation-cover.md", cover);
}

#[test]
fn the_packs_of_both_stages_live_side_by_side() {
    let (_tmp, inputs) = released_example();
    let out = tempfile::tempdir().unwrap();
    pack(&inputs, out.path(), &["--stage", "participation"]).code(0);
    let participation = snapshot_tree(&out.path().join("participation-pack"));
    pack(&inputs, out.path(), &[]).code(0);
    // The bid pack came, the participation pack stayed as it was.
    assert_eq!(
        snapshot_tree(&out.path().join("participation-pack")),
        participation
    );
    assert!(
        out.path()
            .join("participation-pack-SWW-CIS-2026-1.0.zip")
            .is_file()
    );
    assert!(
        out.path()
            .join("tender-pack-SWW-CIS-2026-1.0.zip")
            .is_file()
    );
    let record = read(out.path(), "pack-manifest.json");
    for path in [
        "participation-pack/instructions.md",
        "participation-pack-SWW-CIS-2026-1.0.zip",
        "tender-pack/instructions.md",
        "tender-pack/forms.md",
        "tender-pack-SWW-CIS-2026-1.0.zip",
        "tender-pack-nda/tender-nda.md",
    ] {
        assert!(
            record.contains(&format!("\"{path}\"")),
            "the record lacks {path}"
        );
    }
    // And the other way round: the participation pack again leaves the
    // bid pack alone, byte for byte.
    let bids = snapshot_tree(&out.path().join("tender-pack"));
    let again = pack(&inputs, out.path(), &["--stage", "participation"]).code(0);
    let stderr = String::from_utf8_lossy(&again.get_output().stderr).into_owned();
    assert!(stderr.contains("wrote participation-pack in"), "{stderr}");
    assert!(stderr.contains("candidates check a pack"), "{stderr}");
    assert!(!stderr.contains("removed"), "{stderr}");
    assert_eq!(snapshot_tree(&out.path().join("tender-pack")), bids);

    // The bid pack: instructions and forms of the bid stage.
    let files = texts(out.path(), "tender-pack");
    let instructions = &files["instructions.md"];
    assert!(instructions.starts_with("# Instructions to bidders"));
    assert!(instructions.contains("These instructions belong to the bid stage"));
    assert!(instructions.contains("## 5 Contents of a bid"));
    let forms = &files["forms.md"];
    for id in ["DECL-BID", "DECL-NDA", "DECL-SUBCONTRACTORS"] {
        assert!(
            forms.contains(&format!("({id})")),
            "the bid forms lack {id}"
        );
    }
    for id in ["DECL-EXCLUSION", "DECL-SANCTIONS", "DECL-CONSORTIUM"] {
        assert!(
            !forms.contains(id),
            "the bid forms hold {id} of the participation stage"
        );
    }
    let cover = &files["cover.md"];
    assert!(cover.contains("| `instructions.md`, `instructions.html` | Instructions to bidders |"));
    assert!(cover.contains("| `forms.md`, `forms.html` | Forms for the bid |"));
    // Released with the tender, the pack has no answers to questions yet:
    // they come with pack 1.1 (`procurement.rs`).
    assert!(!cover.contains("clarifications.md"));
}

#[test]
fn a_tender_without_a_participation_stage_has_no_participation_pack() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let assert = pack(
        &fixture("valid/private-entity"),
        &target,
        &["--stage", "participation"],
    )
    .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(
        stderr.contains("this tender has no participation stage (no deadline of kind `requests`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: cut the tender pack with `outsec pack`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!target.exists(), "nothing was written");
    // A stage outsec does not know is a usage error too.
    pack(
        &fixture("valid/private-entity"),
        &target,
        &["--stage", "offers"],
    )
    .code(2);
}

#[test]
fn each_stage_refuses_inputs_after_the_release() {
    // The example holds the award: neither stage's pack is cut from it.
    for stage in ["participation", "bids"] {
        let out = tempfile::tempdir().unwrap();
        let assert = pack(&example(), out.path(), &["--stage", stage]).code(1);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert!(
            stderr.contains(
                "no tender pack was cut, because the inputs already hold the award decision"
            ),
            "{stage}: {stderr}"
        );
        assert!(
            snapshot_tree(out.path()).is_empty(),
            "{stage}: nothing written"
        );
    }
}

#[test]
fn the_german_participation_pack_addresses_bewerber() {
    let (_tmp, inputs) = released(&root().join("example-de/inputs"));
    let out = tempfile::tempdir().unwrap();
    pack(&inputs, out.path(), &["--stage", "participation"]).code(0);
    let files = texts(out.path(), "participation-pack");
    let instructions = &files["instructions.md"];
    assert!(instructions.starts_with("# Bewerbungsbedingungen: Teilnahmewettbewerb"));
    assert!(instructions.contains("## 5 Inhalt des Teilnahmeantrags"));
    assert!(
        instructions.contains("Teilnahmeanträge von Bewerbern, die ein Kriterium nicht erfüllen")
    );
    assert!(
        instructions
            .contains("Zuständige Vergabekammer ist die 1. Vergabekammer des Freistaates Sachsen")
    );
    assert!(instructions.contains("(Vorabinformation nach § 134 GWB)"));
    assert!(instructions.contains("15 Kalendertagen"));
    assert!(!instructions.contains("Ein vollständiges Angebot enthält"));
    let cover = &files["cover.md"];
    assert!(cover.starts_with("# Teilnahmeunterlagen: Deckblatt für Bewerber"));
    assert!(cover.contains("## 4 Abgabe des Teilnahmeantrags"));
    insta::assert_snapshot!("participation-de-instructions.md", instructions);
    insta::assert_snapshot!("participation-de-forms.md", &files["forms.md"]);
}

/// Every file of the bid pack and its NDA part of a fixture, as text.
fn bid_pack(inputs: &Path) -> BTreeMap<String, String> {
    let out = tempfile::tempdir().unwrap();
    pack(inputs, out.path(), &[]).code(0);
    let mut files = BTreeMap::new();
    for folder in ["tender-pack", "tender-pack-nda"] {
        for (name, text) in texts(out.path(), folder) {
            files.insert(format!("{folder}/{name}"), text);
        }
    }
    files
}

#[test]
fn a_private_client_s_instructions_and_forms_cite_no_procurement_law() {
    let files = bid_pack(&fixture("valid/private-entity"));
    assert!(files.contains_key("tender-pack/instructions.md"));
    assert!(files.contains_key("tender-pack/forms.md"));
    for (name, text) in &files {
        for word in [
            "GWB",
            "VgV",
            "SektVO",
            "§",
            "Wartefrist",
            "Vorabinformation",
            "Vergabekammer",
        ] {
            assert!(!text.contains(word), "{name} says `{word}`");
        }
    }
    let instructions = &files["tender-pack/instructions.md"];
    assert!(
        instructions.contains(
            "Der Auftraggeber ist bei diesem Auftrag nicht an das Vergaberecht gebunden."
        )
    );
    assert!(instructions.contains("Sie begründet keinen Anspruch auf Abschluss eines Vertrags"));
    assert!(instructions.contains(
        "Der Auftraggeber teilt jedem Bieter in Textform mit, ob sein Angebot angenommen wird."
    ));
    // No self-declaration on the grounds of the GWB: only the bid letter and
    // the non-disclosure agreement.
    let forms = &files["tender-pack/forms.md"];
    assert!(forms.contains("## 2 Angebotsschreiben (DECL-BID)"));
    assert!(forms.contains("## 3 Vertraulichkeitsvereinbarung (DECL-NDA)"));
    assert!(!forms.contains("DECL-EXCLUSION"));
    assert!(forms.contains("Wir sind bis zum Ablauf des 31.05.2027 an unser Angebot gebunden."));
    assert!(forms.contains("- Netzplan\n"));
    insta::assert_snapshot!("private-instructions.md", instructions);
    insta::assert_snapshot!("private-forms.md", forms);
}

#[test]
fn equal_totals_are_broken_by_the_published_rule_never_by_bidder_id() {
    for inputs in [example(), root().join("example-de/inputs")] {
        let (_tmp, out) = build(&inputs);
        let text = read(&out, "instructions.md");
        assert!(
            text.contains("ranked by their scores on the award criterion with the highest weight on which their scores differ")
                || text.contains("nach ihrer Punktzahl im höchstgewichteten Zuschlagskriterium gereiht, in dem sich ihre Punktzahlen unterscheiden"),
            "{}", inputs.display()
        );
        assert!(text.contains("by lot") || text.contains("durch Los"));
        assert!(!text.contains("bidder id") && !text.contains("Bieterkennung"));
    }
}

#[test]
fn a_public_client_s_forms_follow_the_instructions() {
    // The private fixture as a public contracting authority that admits no
    // consortia, with its own bid letter.
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("valid/private-entity"), tmp.path());
    edit_input(&tmp.path().join("tender.yaml"), |v| {
        let t = &mut v["tender"];
        t["contracting_entity"] = "public".into();
        t["instructions"] = serde_json::json!({
            "consortia": "not-allowed",
            "variants": "allowed",
            "missing_documents": "not-requested",
            "price_formula": {
                "criterion": "AC-PRICE",
                "method": "linear",
                "zero_at": 150,
                "basis": "der Gesamtpreis über die Mindestlaufzeit"
            }
        });
        t["declarations"] = serde_json::json!([{
            "id": "DECL-BID",
            "title": "Angebotsschreiben der Sparkasse",
            "text": "Wir bieten verbindlich an: <b>alles</b>.",
            "signers": ["bidder", "consortium-member"]
        }]);
    });
    let files = bid_pack(tmp.path());
    let forms = &files["tender-pack/forms.md"];
    // The built-in self-declaration on grounds for exclusion, without the
    // consortium members the instructions rule out.
    assert!(forms.contains("## 2 Eigenerklärung zu Ausschlussgründen (DECL-EXCLUSION)"));
    assert!(forms.contains("keiner der zwingenden Ausschlussgründe des § 123 GWB"));
    assert!(!forms.contains("Mitglied einer Bewerber- oder Bietergemeinschaft"));
    // The project's bid letter in place of the built-in one, its text escaped.
    assert!(forms.contains("## 3 Angebotsschreiben der Sparkasse (DECL-BID)"));
    assert!(forms.contains("Wir bieten verbindlich an: &lt;b>alles&lt;/b>."));
    assert!(
        files["tender-pack/forms.html"]
            .contains("Wir bieten verbindlich an: &lt;b&gt;alles&lt;/b&gt;.")
    );
    assert!(!forms.contains("Wir geben ein verbindliches Angebot"));
    let instructions = &files["tender-pack/instructions.md"];
    assert!(instructions.contains("Bewerber- und Bietergemeinschaften sind nicht zugelassen"));
    assert!(instructions.contains("Nebenangebote sind neben einem Hauptangebot zugelassen."));
    assert!(
        instructions.contains("Fehlende Erklärungen oder Nachweise werden nicht nachgefordert")
    );
    assert!(instructions.contains(
        "ein Angebot, dessen Wertungspreis 150 % des niedrigsten oder mehr beträgt, erhält 0 Punkte"
    ));
    assert!(instructions.contains(
        "Teil 4 des Gesetzes gegen Wettbewerbsbeschränkungen (GWB) und der Vergabeverordnung (VgV)"
    ));
}
