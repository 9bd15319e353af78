//! `agent form413`: the procedure's rules (FINESS in b, SIRET in c, RPPS rang in d by four), the
//! PDF read back by an independent reader (`pdftotext`, poppler-utils), the JSON twin, validation
//! of every field at once, the annuaire CPS as a source (real slapd) and the card as the
//! administrator (SoftHSM).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::world::World;
use common::{run, stderr, stdout};
use serde_json::Value;

fn example_toml() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/form413.example.toml")
}

/// The text of a PDF as poppler's pdftotext reads it, blanks and line breaks collapsed to one
/// space (a long value wraps inside its cell).
fn pdf_text(pdf: &Path) -> String {
    assert!(
        common::have("pdftotext"),
        "pdftotext is missing: install the Debian package poppler-utils"
    );
    let o = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("running pdftotext");
    assert!(o.status.success(), "pdftotext failed on {}", pdf.display());
    String::from_utf8(o.stdout)
        .expect("UTF-8 text")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn forms_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The flags of sections 3.2, 4.1 and 4.2, as an administrator would type them.
const PEOPLE: &[&str] = &[
    "--rep-qualite",
    "responsable-legal",
    "--rep-nom",
    "LEFÈVRE",
    "--rep-prenom",
    "Hélène",
    "--rep-telephone",
    "03 20 12 34 56",
    "--rep-email",
    "helene.lefevre@cabinet-etienne.example",
    "--rep-carte",
    "2100000789",
    "--admin",
    "carte=3100000456;nom=MARTIN;prenom=François;telephone=06 12 34 56 78;email=f.martin@editeur.example",
    "--editeur",
    "ÉDITIONS MÉDICALES",
    "--solution",
    "RadioDMP",
    "--solution-version",
    "4.2.0",
];

#[test]
fn example_toml_gives_one_pharmacy_form() {
    let w = World::new();
    let h = &w.home;
    let out = h.path().join("forms");
    let o = run(w
        .agent()
        .args(["form413", "--input"])
        .arg(example_toml())
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(forms_in(&out), ["form413-1.json", "form413-1.pdf"]);
    assert!(stdout(&o).contains("monserviceclient.certificats@asipsante.fr"));

    let j = json(&out.join("form413-1.json"));
    assert_eq!(j["champ_identifiant"], "b");
    assert_eq!(j["structure"]["denomination"], "PHARMACIE DES ÉCOLES");
    assert_eq!(j["structure"]["finess_geographique"], "920008059");
    assert_eq!(j["structure"]["siret"], Value::Null);
    assert_eq!(j["structure"]["rpps_rang"], serde_json::json!([]));
    assert_eq!(j["representant"]["qualite"], "responsable_legal");
    assert_eq!(
        j["usage"]["precisions"],
        "authentification et signature sur le DMP"
    );
    assert_eq!(j["type_certificat"]["coche"], true);
    assert_eq!(j["envoi"], "monserviceclient.certificats@asipsante.fr");

    let t = pdf_text(&out.join("form413-1.pdf"));
    for v in [
        "PHARMACIE DES ÉCOLES",
        "920008059",
        "☒ Responsable légal",
        "☐ Mandataire",
        "DUPONT",
        "Jeanne",
        "01 23 45 67 89",
        "jeanne.dupont@pharmacie-des-ecoles.example",
        "2100000123",
        "3100000456",
        "MARTIN",
        "Paul",
        "06 12 34 56 78",
        "paul.martin@editeur.example",
        "« authentification et signature sur le DMP »",
        "ÉDITEUR EXEMPLE",
        "Officine Plus, version 5.2.1",
        "☒ Certificat ORG (Personne morale) usage AUTH_CLI, SIGN, CONF",
        "3.1 Identification de la structure",
        "3.2 Identification du représentant légal ou du mandataire",
        "4.1 Déclaration des administrateurs techniques",
        "4.2 Usage des certificats et solution utilisée",
        "4.3 Type de certificats souhaités",
        "Signature du représentant légal",
        "monserviceclient.certificats@asipsante.fr",
    ] {
        assert!(t.contains(v), "{v:?} not in the PDF text:\n{t}");
    }
    // Two pages (the form's two pages), A4.
    let info = Command::new("pdfinfo")
        .arg(out.join("form413-1.pdf"))
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("Pages:           2"), "{info}");
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
}

#[test]
fn directory_practitioner_with_five_cabinets() {
    let w = World::new().with_test_directory();
    let h = &w.home;
    let out = h.path().join("out");
    let o = run(w
        .agent()
        .args([
            "form413",
            "--rpps",
            "10000123454",
            "--ldap-url",
            &w.directory().url,
            "--json",
        ])
        .args(PEOPLE)
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    // The excluded structures are named with their procedure, the malformed ones skipped.
    assert!(
        err.contains("GIE (SA04), follow ANS_Procedure_commande_CL_DMP_structures_salariees"),
        "{err}"
    );
    assert!(
        err.contains("GCS (SA30), follow ANS_Procedure_commande_CL_DMP_structures_salariees"),
        "{err}"
    );
    assert!(
        err.contains("follow ANS_Procedure_commande_CL_DMP_LBM"),
        "{err}"
    );
    assert!(err.contains("directory entry 7000000001 skipped"), "{err}");

    let summary: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        summary["send_to"],
        "monserviceclient.certificats@asipsante.fr"
    );
    // 1 FINESS + 1 SIRET + 5 RPPS rang (4 + 1) = 4 forms.
    assert_eq!(summary["forms"].as_array().unwrap().len(), 4);
    assert_eq!(forms_in(&out).len(), 8);

    let f1 = json(&out.join("form413-1.json"));
    assert_eq!(f1["champ_identifiant"], "b");
    assert_eq!(f1["structure"]["finess_geographique"], "920008059");
    let f2 = json(&out.join("form413-2.json"));
    assert_eq!(f2["champ_identifiant"], "c");
    assert_eq!(f2["structure"]["siret"], "73282932000074");
    assert_eq!(f2["structure"]["finess_geographique"], Value::Null);
    let f3 = json(&out.join("form413-3.json"));
    assert_eq!(f3["champ_identifiant"], "d");
    assert_eq!(
        f3["structure"]["rpps_rang"],
        serde_json::json!([
            "10000123454001",
            "10000123454002",
            "10000123454003",
            "10000123454004"
        ])
    );
    let f4 = json(&out.join("form413-4.json"));
    assert_eq!(
        f4["structure"]["rpps_rang"],
        serde_json::json!(["10000123454005"])
    );
    for f in [&f1, &f2, &f3, &f4] {
        assert_eq!(f["total"], 4);
    }

    // The PDFs, read back: the right RPPS rang on each form, and only those.
    let t3 = pdf_text(&out.join("form413-3.pdf"));
    let t4 = pdf_text(&out.join("form413-4.pdf"));
    for r in 1..=4 {
        let rang = format!("{}. 10000123454{r:03}", r);
        assert!(t3.contains(&rang), "{rang} not on form 3:\n{t3}");
        assert!(
            !t4.contains(&format!("10000123454{r:03}")),
            "rang {r} on form 4"
        );
    }
    assert!(t4.contains("1. 10000123454005"), "{t4}");
    assert!(!t3.contains("10000123454005"));
    // Field a for several cabinets: their names; same name once.
    assert!(
        t3.contains("CABINET DU DR ÉTIENNE / SCM RADIOLOGIE DES FLANDRES / SCM"),
        "{t3}"
    );
    assert!(t4.contains("CABINET SECONDAIRE DU DR ÉTIENNE"));
    // Every value of 3.2, 4.1, 4.2 on every form.
    for t in [
        pdf_text(&out.join("form413-1.pdf")),
        pdf_text(&out.join("form413-2.pdf")),
        t3,
        t4,
    ] {
        for v in [
            "LEFÈVRE",
            "Hélène",
            "03 20 12 34 56",
            "helene.lefevre@cabinet-etienne.example",
            "2100000789",
            "3100000456",
            "MARTIN",
            "François",
            "06 12 34 56 78",
            "f.martin@editeur.example",
            "ÉDITIONS MÉDICALES",
            "RadioDMP, version 4.2.0",
            "authentification et signature sur le DMP",
            "☒ Certificat ORG (Personne morale) usage AUTH_CLI, SIGN, CONF",
        ] {
            assert!(t.contains(v), "{v:?} missing:\n{t}");
        }
    }
    assert!(pdf_text(&out.join("form413-2.pdf")).contains("SELARL IMAGERIE DU PARC"));
}

#[test]
fn procedure_example_and_selected_activities() {
    let w = World::new().with_test_directory();
    let h = &w.home;
    let out = h.path().join("out");
    // The procedure's practitioner: the 13-digit SIRET is test data, accepted in the test branch.
    let o = run(w
        .agent()
        .args([
            "form413",
            "--rpps",
            "99700270616",
            "--ldap-url",
            &w.directory().url,
        ])
        .args(PEOPLE)
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("test identifier accepted"),
        "{}",
        stderr(&o)
    );
    let f1 = json(&out.join("form413-1.json"));
    assert_eq!(f1["structure"]["siret"], "9999999800514");
    let f2 = json(&out.join("form413-2.json"));
    assert_eq!(
        f2["structure"]["rpps_rang"].as_array().unwrap().len(),
        3,
        "{f2}"
    );
    assert!(!out.join("form413-3.json").exists());

    // Only some activities.
    let out2 = h.path().join("out2");
    let o = run(w
        .agent()
        .args([
            "form413",
            "--rpps",
            "99700270616",
            "--ldap-url",
            &w.directory().url,
            "--ou",
            "499700270616029",
        ])
        .args(PEOPLE)
        .arg("--out")
        .arg(&out2));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(forms_in(&out2), ["form413-1.json", "form413-1.pdf"]);
    let f = json(&out2.join("form413-1.json"));
    assert_eq!(
        f["structure"]["rpps_rang"],
        serde_json::json!(["99700270616029"])
    );
    assert_eq!(f["structure"]["denomination"], "CG MAXI0027061");

    // An ou that is not there.
    let o = run(w
        .agent()
        .args([
            "form413",
            "--rpps",
            "99700270616",
            "--ldap-url",
            &w.directory().url,
            "--ou",
            "499700270616999",
        ])
        .args(PEOPLE)
        .arg("--out")
        .arg(h.path().join("out3")));
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).contains("ou: 499700270616999 is not among"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn nine_cabinets_by_flags_make_three_forms() {
    let w = World::new();
    let h = &w.home;
    let out = h.path().join("out");
    let mut cmd = w.agent();
    cmd.args(["form413", "--raison-sociale", "CABINET MULTI-SITES"]);
    for r in 1..=9 {
        cmd.arg("--structure").arg(format!("410000123454{r:03}"));
    }
    let o = run(cmd.args(PEOPLE).arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let rangs: Vec<Value> = (1..=3)
        .map(|n| json(&out.join(format!("form413-{n}.json")))["structure"]["rpps_rang"].clone())
        .collect();
    assert_eq!(rangs[0].as_array().unwrap().len(), 4);
    assert_eq!(rangs[1][0], "10000123454005");
    assert_eq!(rangs[1][3], "10000123454008");
    assert_eq!(rangs[2], serde_json::json!(["10000123454009"]));
    assert!(!out.join("form413-4.pdf").exists());
    let t2 = pdf_text(&out.join("form413-2.pdf"));
    assert!(
        t2.contains("1. 10000123454005") && t2.contains("4. 10000123454008"),
        "{t2}"
    );
    assert!(t2.contains("formulaire 2 sur 3"), "{t2}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let w = World::new();
    let h = &w.home;
    let input = h.path().join("bad.toml");
    std::fs::write(
        &input,
        r#"
[[structure]]
id = "1920008058"
raison_sociale = "PHARMACIE À LA CLÉ FAUSSE"

[[structure]]
id = "1010003820"
raison_sociale = "GIE IRM"
secteur = "SA04"

[[structure]]
id = "2732829320"
raison_sociale = "UN SIREN"

[representant]
qualite = "gérant"
nom = "DUPONT"
telephone = "12 34"
email = "jeanne.dupont"
carte = "21000"

[[administrateur]]
carte = "3100000456"
nom = "MARTIN"
prenom = "Paul"
email = "paul.martin@editeur.example"

[solution]
editeur = "X"
"#,
    )
    .unwrap();
    let out = h.path().join("out");
    let o = run(w
        .agent()
        .args(["form413", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let e = stderr(&o);
    for field in [
        "structure[1].id: invalid FINESS \"920008058\": wrong check key",
        "structure[2].id: FINESS 010003820: GIE (SA04) structures do not use this procedure, follow ANS_Procedure_commande_CL_DMP_structures_salariees",
        "structure[3].id",
        "representant.qualite",
        "representant.prenom: prénom is required",
        "representant.telephone",
        "representant.email",
        "representant.carte: invalid card number",
        "administrateur[1].telephone: téléphone is required",
        "solution.nom",
        "solution.version",
    ] {
        assert!(e.contains(field), "{field:?} not reported:\n{e}");
    }
    assert!(e.contains("11 problem(s)"), "{e}");
    assert!(!out.exists(), "nothing is written when the form is invalid");

    // An unknown key is refused with its name.
    std::fs::write(&input, "[representant]\ntelefone = \"01\"\n").unwrap();
    let o = run(w
        .agent()
        .args(["form413", "--input"])
        .arg(&input)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("telefone"), "{}", stderr(&o));
}

#[test]
fn flags_override_the_file_and_test_ids_need_the_option() {
    let w = World::new();
    let h = &w.home;
    let out = h.path().join("out");
    // Mandataire instead of the file's responsable légal; a test SIRET (13 digits).
    let base = |out: &Path| {
        let mut c = w.agent();
        c.args(["form413", "--input"])
            .arg(example_toml())
            .args([
                "--rep-qualite",
                "mandataire",
                "--rep-nom",
                "ROBERT",
                "--structure",
                "39999999800514=SOCIETE MAXI",
            ])
            .arg("--out")
            .arg(out);
        c
    };
    let o = run(&mut base(&out));
    assert_eq!(o.status.code(), Some(3));
    assert!(stderr(&o).contains("--allow-test-ids"), "{}", stderr(&o));
    let o = run(base(&out).arg("--allow-test-ids"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("test identifier accepted"));
    let f1 = json(&out.join("form413-1.json"));
    assert_eq!(f1["representant"]["qualite"], "mandataire");
    assert_eq!(f1["representant"]["nom"], "ROBERT");
    assert_eq!(f1["representant"]["prenom"], "Jeanne");
    let f2 = json(&out.join("form413-2.json"));
    assert_eq!(f2["structure"]["siret"], "9999999800514");
    let t = pdf_text(&out.join("form413-1.pdf"));
    assert!(
        t.contains("☐ Responsable légal") && t.contains("☒ Mandataire"),
        "{t}"
    );
    assert!(t.contains("mandataire du représentant légal"), "{t}");
}

#[test]
fn administrator_from_the_card() {
    let card = common::card::Card::provision(
        "cps",
        &[
            "--last-name",
            "LÉGER",
            "--first-name",
            "Anaïs",
            "--card-number",
            "2199887766",
        ],
    );
    let w = World::new();
    let h = &w.home;
    let out = h.path().join("out");
    let o = run(card
        .agent(h.path())
        .args(["form413", "--input"])
        .arg(example_toml())
        .args([
            "--admin-from-card",
            "--admin-telephone",
            "07 11 22 33 44",
            "--admin-email",
            "anais.leger@pharmacie.example",
        ])
        .arg("--out")
        .arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let j = json(&out.join("form413-1.json"));
    let admins = j["administrateurs"].as_array().unwrap();
    assert_eq!(admins.len(), 2, "the file's administrator and the card's");
    assert_eq!(admins[1]["carte"], "2199887766");
    assert_eq!(admins[1]["nom"], "LÉGER");
    assert_eq!(admins[1]["prenom"], "Anaïs");
    let t = pdf_text(&out.join("form413-1.pdf"));
    for v in [
        "2199887766",
        "LÉGER",
        "Anaïs",
        "07 11 22 33 44",
        "anais.leger@pharmacie.example",
    ] {
        assert!(t.contains(v), "{v} missing:\n{t}");
    }

    // Without phone and e-mail, the validation names the card administrator's fields.
    let o = run(card
        .agent(h.path())
        .args(["form413", "--input"])
        .arg(example_toml())
        .arg("--admin-from-card")
        .arg("--out")
        .arg(h.path().join("out2")));
    assert_eq!(o.status.code(), Some(3));
    let e = stderr(&o);
    assert!(
        e.contains("administrateur[2].telephone") && e.contains("administrateur[2].email"),
        "{e}"
    );
}

#[test]
fn many_administrators_continue_on_more_pages() {
    let w = World::new();
    let h = &w.home;
    let out = h.path().join("out");
    let mut cmd = w.agent();
    cmd.args(["form413", "--input"]).arg(example_toml());
    for i in 10..70 {
        cmd.arg("--admin").arg(format!(
            "carte=31000005{i};nom=NOM{i};prenom=Prénom{i};telephone=06 12 34 56 {i};email=admin{i}@editeur.example"
        ));
    }
    let o = run(cmd.arg("--out").arg(&out));
    assert!(o.status.success(), "{}", stderr(&o));
    let pdf = out.join("form413-1.pdf");
    let t = pdf_text(&pdf);
    for i in 10..70 {
        assert!(
            t.contains(&format!("31000005{i} NOM{i} Prénom{i}")),
            "admin {i} missing"
        );
        assert!(t.contains(&format!("admin{i}@editeur.example")));
    }
    assert!(t.contains("(suite des administrateurs techniques page suivante)"));
    assert!(t.contains("4.1 Déclaration des administrateurs techniques (suite)"));
    // The signature box comes once, after every administrator.
    let sig = t.find("Signature du représentant légal").unwrap();
    assert!(sig > t.find("admin69@editeur.example").unwrap());
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let pages: usize = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
        .unwrap();
    assert!(pages >= 3, "{pages} pages");
    assert!(t.contains(&format!("page {pages}/{pages}")));
}

#[test]
fn the_directory_path_validates_the_people_like_the_others_and_writes_nothing() {
    // Issue 10: with the structures from the directory (test branch: test ids allowed), an
    // invalid administrator card number was accepted and the forms written.
    let w = World::new().with_test_directory();
    let h = &w.home;
    let out = h.path().join("out");
    let people = |bad_email: bool| -> Vec<&str> {
        PEOPLE
            .iter()
            .map(|p| {
                if p.starts_with("carte=3100000456;") {
                    // 9 digits: a card number has 10.
                    "carte=310000045;nom=MARTIN;prenom=François;telephone=06 12 34 56 78;email=f.martin@editeur.example"
                } else if bad_email && *p == "helene.lefevre@cabinet-etienne.example" {
                    "not an e-mail"
                } else {
                    p
                }
            })
            .collect()
    };
    for directory in [
        vec!["--rpps", "10000123454"],
        vec!["--rpps", "10000123454", "--allow-test-ids"],
    ] {
        for bad_email in [false, true] {
            let o = run(w
                .agent()
                .arg("form413")
                .args(&directory)
                .args(["--ldap-url", &w.directory().url])
                .args(people(bad_email))
                .arg("--out")
                .arg(&out));
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(3), "{directory:?}: {err}");
            assert!(err.contains("administrateur[1].carte"), "{err}");
            assert!(err.contains("10 digits"), "{err}");
            // Every problem at once, each naming its field.
            assert_eq!(err.contains("representant.email"), bad_email, "{err}");
            assert!(!out.exists(), "{directory:?}: something was written");
        }
    }
    let people = people(true);
    // The same file of people by flags with structures given by id: the same refusal.
    let o = run(w
        .agent()
        .args(["form413", "--structure", "1920008059=PHARMACIE DES ÉCOLES"])
        .args(&people)
        .arg("--out")
        .arg(&out));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("administrateur[1].carte"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
    // An unknown `ou` and a bad card: reported together.
    let o = run(w
        .agent()
        .args(["form413", "--rpps", "10000123454", "--ou", "1999999999"])
        .args(["--ldap-url", &w.directory().url])
        .args(&people)
        .arg("--out")
        .arg(&out));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(err.contains("1999999999 is not among"), "{err}");
    assert!(err.contains("administrateur[1].carte"), "{err}");
    assert!(!out.exists());
}

#[test]
fn a_test_platform_finess_with_a_letter_needs_the_switch() {
    let w = World::new();
    let h = &w.home;
    let out = h.path().join("out");
    let form = |extra: &[&str]| {
        run(w
            .agent()
            .args([
                "form413",
                "--structure",
                "10B1234567=PHARMACIE DE LA PLATEFORME",
            ])
            .args(PEOPLE)
            .args(extra)
            .arg("--out")
            .arg(&out))
    };
    let o = form(&[]);
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(stderr(&o).contains("--allow-test-ids"), "{}", stderr(&o));
    assert!(!out.exists());
    let o = form(&["--allow-test-ids"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("test platform"), "{}", stderr(&o));
    let f1 = json(&out.join("form413-1.json"));
    assert_eq!(f1["structure"]["finess_geographique"], "0B1234567");
}
