//! `agent card status` and `agent card login` against CPx cards emulated on SoftHSM2.
//! SoftHSM never locks a PIN: lock-out is tested through the fault-injecting module (card_pin.rs).

mod common;

use common::card::Card;
use common::world::World;
use common::{run, stderr, stdout};
use serde_json::Value;
use std::process::Command;

fn status_json(card: &Card) -> Value {
    let w = World::new();
    let out = run(card.agent(w.home()).args(["card", "status", "--json"]));
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("one JSON object on stdout")
}

#[test]
fn cps_status_reports_the_provisioned_holder() {
    let card = Card::provision("cps", &[]);
    let j = status_json(&card);
    let h = &j["holder"];
    assert_eq!(h["kind"], "CPS");
    assert_eq!(h["national_id"], "899700270616");
    assert_eq!(h["last_name"], card.get("last_name"));
    assert_eq!(h["first_name"], card.get("first_name"));
    assert_eq!(h["title"], "Médecin");
    assert_eq!(h["card_number"], card.get("card_number"));
    // not_after is RFC 3339 and about 3 years away.
    let na = time::OffsetDateTime::parse(
        h["not_after"].as_str().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    let days = (na - time::OffsetDateTime::now_utc()).whole_days();
    assert!((1090..=1096).contains(&days), "not_after in {days} days");
    let t = &j["token"];
    assert_eq!(t["label"], card.get("token_label"));
    assert!(t["serial"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(t["pin_count_low"], false);
    assert_eq!(t["pin_final_try"], false);
    assert_eq!(t["pin_locked"], false);
    assert!(j["readers"].is_array());
    // Changed openly: the document gained `modules` and `diagnosis` (additive); `error` appears
    // only when the exit is not 0.
    let keys: Vec<&str> = j.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["diagnosis", "holder", "modules", "readers", "token"]);
    assert_eq!(j["diagnosis"], serde_json::json!([]));
    // The middleware's identity (C_GetInfo) is what pkcs11-tool -I, an independent reader, shows.
    let m = &j["modules"].as_array().expect("modules")[..];
    assert_eq!(m.len(), 1, "{j}");
    assert_eq!(m[0]["path"], card.get("module"));
    let info = std::process::Command::new("pkcs11-tool")
        .arg("--module")
        .arg(card.get("module"))
        .arg("-I")
        .env("SOFTHSM2_CONF", card.conf())
        .output()
        .expect("pkcs11-tool (opensc package)");
    let text = String::from_utf8_lossy(&info.stdout);
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("no {name} in pkcs11-tool -I: {text}"))
            .to_string()
    };
    assert_eq!(m[0]["manufacturer"], field("Manufacturer"));
    assert_eq!(m[0]["cryptoki_version"], field("Cryptoki version"));
    let library = field("Library");
    assert_eq!(
        library,
        format!(
            "{} (ver {})",
            m[0]["description"].as_str().unwrap(),
            m[0]["library_version"].as_str().unwrap()
        )
    );
    let slots = m[0]["slots"].as_array().expect("slots");
    assert!(
        slots
            .iter()
            .any(|s| s["token_present"] == true && s["token_label"] == card.get("token_label")),
        "{j}"
    );
}

#[test]
fn cpe_and_cpa_kinds() {
    let cpe = Card::provision("cpe", &["--finess", "010000024", "--internal-id", "42"]);
    let j = status_json(&cpe);
    assert_eq!(j["holder"]["kind"], "CPE");
    assert_eq!(j["holder"]["national_id"], "3010000024/42");
    assert_eq!(j["holder"]["title"], Value::Null);

    let cpa = Card::provision(
        "cpa",
        &["--siret", "73282932000074", "--last-name", "TECHNICIEN"],
    );
    let j = status_json(&cpa);
    assert_eq!(j["holder"]["kind"], "CPA");
    assert_eq!(j["holder"]["national_id"], "373282932000074/0000123");
    assert_eq!(j["holder"]["last_name"], "TECHNICIEN");
}

#[test]
fn human_status_names_the_holder() {
    let card = Card::provision("cps", &["--last-name", "DURAND", "--first-name", "Élodie"]);
    let w = World::new();
    let out = run(card.agent(w.home()).args(["card", "status"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("DURAND Élodie"), "{text}");
    assert!(text.contains("card kind    CPS"), "{text}");
}

#[test]
fn token_selected_by_rfc7512_uri_among_several() {
    let dir = tempfile::tempdir().unwrap();
    let first = Card::provision_in(dir, "cps", &["--label", "CPS ONE", "--rpps", "10000000008"]);
    let dir2 = first.dir;
    let second = Card::provision_in(
        dir2,
        "cps",
        &["--label", "CPS TWO", "--last-name", "SECOND"],
    );
    let w = World::new();
    // Two CPx tokens and no selection: the agent asks which.
    let out = run(second
        .agent(w.home())
        .env_remove("AGENT_TOKEN")
        .args(["card", "status", "--json"]));
    assert_eq!(out.status.code(), Some(21), "{}", stderr(&out));
    assert!(stderr(&out).contains("CPS ONE") && stderr(&out).contains("CPS TWO"));
    let out = run(second
        .agent(w.home())
        .env("AGENT_TOKEN", "pkcs11:token=CPS%20TWO")
        .args(["card", "status", "--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["holder"]["last_name"], "SECOND");
    // An unknown label: token not found, exit 21, and the labels present are listed.
    let out = run(second
        .agent(w.home())
        .args(["--token", "NOPE", "card", "status"]));
    assert_eq!(out.status.code(), Some(21));
    assert!(stderr(&out).contains("CPS ONE"), "{}", stderr(&out));
}

#[test]
fn login_right_and_wrong_pin() {
    let card = Card::provision("cps", &["--pin", "4321"]);
    let w = World::new();
    let good = card.pin_file("4321");
    let out = run(card
        .agent(w.home())
        .args(["card", "login", "--json", "--pin-file"])
        .arg(&good));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["ok"], true);
    assert_eq!(j["holder"]["national_id"], "899700270616");

    let bad = card.pin_file("1111");
    let out = run(card
        .agent(w.home())
        .args(["card", "login", "--pin-file"])
        .arg(&bad));
    assert_eq!(out.status.code(), Some(22));
    let err = stderr(&out);
    assert!(err.contains("wrong PIN"), "{err}");
    assert!(!err.contains("1111") && !stdout(&out).contains("1111"));

    // The PIN from an inherited descriptor (here stdin, descriptor 0).
    let out = card
        .agent(w.home())
        .args(["card", "login", "--pin-fd", "0"])
        .stdin(std::fs::File::open(&good).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn no_pin_source_fails_fast_without_terminal() {
    let card = Card::provision("cps", &[]);
    let w = World::new();
    let out = run(card.agent(w.home()).args(["card", "login"]));
    assert_eq!(out.status.code(), Some(24));
    assert!(stderr(&out).contains("--pin-file"));
}

#[test]
fn pin_is_never_accepted_in_argv() {
    let w = World::new();
    let out = run(w.agent().args(["card", "login", "--pin", "1234"]));
    assert_eq!(out.status.code(), Some(2));
    let out = run(w
        .agent()
        .args(["--token", "pkcs11:token=X?pin-value=1234", "card", "status"]));
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("1234"), "{}", stderr(&out));
}

#[test]
fn module_not_found_lists_what_was_tried() {
    let w = World::new();
    let out = run(w
        .agent()
        .env("AGENT_PKCS11_MODULE", "/nonexistent/libcps.so")
        .args(["card", "login", "--pin-file", "/dev/null"]));
    assert_eq!(out.status.code(), Some(20), "{}", stderr(&out));
    assert!(stderr(&out).contains("/nonexistent/libcps.so"));
}

#[test]
fn independent_tools_see_what_the_provisioner_made() {
    let card = Card::provision("cps", &[]);
    // pkcs11-tool lists both key pairs and certificates with CPS labels.
    let out = Command::new("pkcs11-tool")
        .args([
            "--module",
            &card.get("module"),
            "--token-label",
            &card.get("token_label"),
        ])
        .args(["--login", "--pin", &card.get("pin"), "--list-objects"])
        .env("SOFTHSM2_CONF", card.conf())
        .output()
        .expect("pkcs11-tool (package opensc)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("Certificat d'Authentification CPS"), "{text}");
    assert!(text.contains("Certificat de Signature CPS"), "{text}");
    assert_eq!(text.matches("Private Key Object; RSA").count(), 2, "{text}");
    assert_eq!(
        text.matches("never extractable").count(),
        2,
        "private keys must not be extractable: {text}"
    );
    // openssl verifies the holder certificate against the test PERSONNES CA and root.
    for cert in ["auth_cert", "sign_cert"] {
        let out = Command::new("openssl")
            .args(["verify", "-CAfile", &card.get("ca_cert"), "-untrusted"])
            .arg(card.get("personnes_ca_cert"))
            .arg(card.get(cert))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = Command::new("openssl")
        .args([
            "x509",
            "-noout",
            "-subject",
            "-nameopt",
            "RFC2253,-esc_msb",
            "-in",
        ])
        .arg(card.get("auth_cert"))
        .output()
        .unwrap();
    let subject = String::from_utf8_lossy(&out.stdout);
    assert!(subject.contains("CN=899700270616"), "{subject}");
    assert!(subject.contains("SN=MAXIMAXIMAXIMAXIM"), "{subject}");
    assert!(subject.contains("title=Médecin,C=FR"), "{subject}");
    let ca = String::from_utf8_lossy(
        &Command::new("openssl")
            .args([
                "x509",
                "-noout",
                "-subject",
                "-in",
                &card.get("personnes_ca_cert"),
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .into_owned();
    assert!(ca.contains("TEST"), "{ca}");
}

/// `--token pkcs11:slot-id=N` selects the card in slot N of two SoftHSM2 CPx tokens (each in
/// turn, whichever the slot list gives first); a slot with no token is "not found" (exit 21).
#[test]
fn token_selected_by_slot_id_among_two() {
    let dir = tempfile::tempdir().unwrap();
    let first = Card::provision_in(
        dir,
        "cps",
        &["--label", "CPS ONE", "--last-name", "PREMIER"],
    );
    let second = Card::provision_in(
        first.dir,
        "cps",
        &["--label", "CPS TWO", "--last-name", "SECOND"],
    );
    let w = World::new();
    let one = common::softhsm_slot_of(&second.conf(), "CPS ONE");
    let two = common::softhsm_slot_of(&second.conf(), "CPS TWO");
    assert_ne!(one, two);
    for (slot, label, last_name) in [(two, "CPS TWO", "SECOND"), (one, "CPS ONE", "PREMIER")] {
        let out = run(second
            .agent(w.home())
            .env_remove("AGENT_TOKEN")
            .args(["--token", &format!("pkcs11:slot-id={slot}")])
            .args(["card", "status", "--json"]));
        assert_eq!(out.status.code(), Some(0), "slot {slot}: {}", stderr(&out));
        let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(j["holder"]["last_name"], last_name, "slot {slot}: {j}");
        assert!(j.to_string().contains(label), "slot {slot}: {j}");
    }
    let out = run(second.agent(w.home()).env_remove("AGENT_TOKEN").args([
        "--token",
        "pkcs11:slot-id=4242",
        "card",
        "status",
    ]));
    assert_eq!(out.status.code(), Some(21), "{}", stderr(&out));
    assert!(stderr(&out).contains("CPS ONE"), "{}", stderr(&out));
}
