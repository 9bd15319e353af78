//! `agent enroll` end to end: a CPS emulated on SoftHSM2 (through the PIN lock-out module, which
//! also counts logins), the emulated platform `mock-card pfc` over real TLS authenticated by the
//! card, and openssl checking what was installed.

mod common;

use std::path::Path;
use std::process::Command;

use common::pfc::Pfc;
use common::world::{Order, World, FINESS_ID};
use common::{run, stderr, stdout};
use serde_json::Value;

const SIRET_ID: &str = "373282932000074";
const RANG_ID: &str = "499700270616029";

/// The order most tests enroll: FINESS_ID, PHARMACIE DU TEST, département 01.
fn order() -> Order {
    Order::pharmacie().dept(Some("01"))
}

/// What the enrollment tests do in their world (a CPS through the PIN lock-out shim).
impl World {
    /// `agent enroll` against `est_url` trusting `est_ca`, verifying with `anchor` (`--test-pki`),
    /// the card PIN read from `pin`, then `args`.
    fn enroll_with<S: AsRef<std::ffi::OsStr>>(
        &self,
        est_url: &str,
        est_ca: &str,
        anchor: &str,
        pin: &Path,
        args: &[S],
    ) -> std::process::Output {
        let mut c = self.agent();
        c.arg("enroll")
            .args(["--est-url", est_url, "--est-ca", est_ca])
            .args(["--trust-anchor", anchor, "--test-pki"])
            .arg("--pin-file")
            .arg(pin)
            .args(args);
        run(&mut c)
    }

    /// [`Self::enroll`] under the locale `lang`.
    fn enroll_in(&self, pfc: &Pfc, lang: &str, args: &[&str]) -> std::process::Output {
        let mut c = common::in_locale(self.agent(), lang);
        c.arg("enroll")
            .args(["--est-url", &pfc.url, "--est-ca", &s(&pfc.tls_ca)])
            .args(["--trust-anchor", &self.card_ca(), "--test-pki"])
            .arg("--pin-file")
            .arg(self.pin())
            .args(args);
        run(&mut c)
    }

    /// `agent enroll` against `pfc`, trusting its TLS CA and the card's test root.
    fn enroll<S: AsRef<std::ffi::OsStr>>(&self, pfc: &Pfc, args: &[S]) -> std::process::Output {
        self.enroll_with(&pfc.url, &s(&pfc.tls_ca), &self.card_ca(), self.pin(), args)
    }
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn openssl(args: &[&str]) -> String {
    let o = Command::new("openssl").args(args).output().unwrap();
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The live pair matches, chains to the test root, and has the ORG profile of its usage.
fn check_installed(w: &World, structure: &str, usage: &str, name: &str) {
    let live = w.live(structure, usage);
    let cert = s(&live.join("cert.pem"));
    assert_eq!(
        openssl(&["pkey", "-in", &s(&live.join("privkey.pem")), "-pubout"]),
        openssl(&["x509", "-in", &cert, "-noout", "-pubkey"]),
        "key and certificate differ"
    );
    openssl(&[
        "verify",
        "-CAfile",
        &w.card_ca(),
        "-untrusted",
        &s(&live.join("chain.pem")),
        &cert,
    ]);
    let subject = openssl(&[
        "x509",
        "-in",
        &cert,
        "-noout",
        "-subject",
        "-nameopt",
        "RFC2253,-esc_msb",
    ]);
    let service = if usage == "auth_cli" {
        "DMP AUTHENTIFICATION"
    } else {
        "DMP SIGNATURE"
    };
    assert!(
        subject.contains(&format!("CN={service},OU={structure},O={name},ST=")),
        "{subject}"
    );
    assert!(subject.trim_end().ends_with(",C=FR"), "{subject}");
    let ext = openssl(&[
        "x509",
        "-in",
        &cert,
        "-noout",
        "-ext",
        "keyUsage,extendedKeyUsage",
    ]);
    if usage == "auth_cli" {
        assert!(
            ext.contains("Digital Signature") && ext.contains("TLS Web Client Authentication"),
            "{ext}"
        );
        assert!(!ext.contains("Non Repudiation"), "{ext}");
    } else {
        assert!(
            ext.contains("Non Repudiation") && ext.contains("E-mail Protection"),
            "{ext}"
        );
    }
    let issuer = openssl(&["x509", "-in", &cert, "-noout", "-issuer"]);
    assert!(
        issuer.contains("TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS"),
        "{issuer}"
    );
    let dates = openssl(&["x509", "-in", &cert, "-noout", "-startdate", "-enddate"]);
    let year = |key: &str| -> i32 {
        dates
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap()
            .split_whitespace()
            .rev()
            .nth(1)
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(year("notAfter") - year("notBefore"), 3, "{dates}");
}

#[test]
fn three_structures_one_login_and_idempotent() {
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[FINESS_ID, SIRET_ID, RANG_ID], &[]);
    let list = w.home.path().join("structures.txt");
    std::fs::write(
        &list,
        format!("# the integrator's list\n{FINESS_ID};PHARMACIE DU TEST;01\n{SIRET_ID};SELARL IMAGERIE TEST;75\n{RANG_ID};CG MAXI0027061;971\n"),
    )
    .unwrap();
    let out = w.enroll(
        &pfc,
        &["--structures-file", &s(&list), "--allow-test-ids", "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let states: Vec<&str> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["installed"; 6], "{j}");
    for (id, name) in [
        (FINESS_ID, "PHARMACIE DU TEST"),
        (SIRET_ID, "SELARL IMAGERIE TEST"),
        (RANG_ID, "CG MAXI0027061"),
    ] {
        check_installed(&w, id, "auth_cli", name);
        check_installed(&w, id, "sign", name);
    }
    // One PIN entry for the whole run: exactly one login reached the card.
    assert_eq!(w.card().counters().real_logins, 1);
    let enrollments = pfc
        .requests()
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or("").ends_with("simpleenroll"))
        .count();
    assert_eq!(enrollments, 6);
    // The answers held the issued certificates only (RFC 7030 §4.2.3): the chains were
    // completed from /cacerts, asked once for the whole run.
    let cacerts = pfc
        .requests()
        .iter()
        .filter(|r| r["path"] == "/.well-known/est/cacerts")
        .count();
    assert_eq!(cacerts, 1, "one /cacerts per run, not per structure");

    // Again: nothing is ordered twice, nothing installed twice.
    let before: Vec<_> = std::fs::read_dir(
        w.home
            .path()
            .join("store")
            .join(FINESS_ID)
            .join("auth_cli/versions"),
    )
    .unwrap()
    .collect();
    let out = w.enroll(&pfc, &["--structures-file", &s(&list), "--allow-test-ids"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("nothing to order"),
        "{}",
        stderr(&out)
    );
    let after: Vec<_> = std::fs::read_dir(
        w.home
            .path()
            .join("store")
            .join(FINESS_ID)
            .join("auth_cli/versions"),
    )
    .unwrap()
    .collect();
    assert_eq!(before.len(), after.len());
    let enrollments = pfc
        .requests()
        .iter()
        .filter(|r| r["path"].as_str().unwrap_or("").ends_with("simpleenroll"))
        .count();
    assert_eq!(enrollments, 6, "no new request");
}

#[test]
fn hsm_key_store_one_login_per_token_for_a_multi_structure_enroll() {
    let w = World::new().with_card("1234");
    // The HSM: a second token in the card's SoftHSM (one SoftHSM instance per process), reached
    // through OpenSC's pkcs11-spy, which logs every call: the card goes through the shim.
    let conf = w.card().softhsm2_conf();
    let init = Command::new("softhsm2-util")
        .args(["--init-token", "--free", "--label", "HSM STRUCTURE"])
        .args(["--pin", "5678", "--so-pin", "12345678"])
        .env("SOFTHSM2_CONF", &conf)
        .output()
        .expect("softhsm2-util");
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let hsm_pin = w.home.path().join("hsm.pin");
    common::csr::write_pin(&hsm_pin, "5678");
    let spy = common::p11shim::spy_module().display().to_string();
    let spy_log = w.home.path().join("spy.log");
    let uri = format!(
        "pkcs11:token=HSM%20STRUCTURE?module-path={spy}&pin-source=file:{}",
        hsm_pin.display()
    );
    let pfc = w.platform(&[FINESS_ID, SIRET_ID], &[]);
    let list = w.home.path().join("structures.txt");
    std::fs::write(
        &list,
        format!("{FINESS_ID};PHARMACIE DU TEST;01\n{SIRET_ID};SELARL IMAGERIE TEST;75\n"),
    )
    .unwrap();
    let mut c = w.agent();
    c.env("PKCS11SPY", "/usr/lib/softhsm/libsofthsm2.so")
        .env("PKCS11SPY_OUTPUT", &spy_log)
        .arg("enroll")
        .args(["--est-url", &pfc.url, "--est-ca", &s(&pfc.tls_ca)])
        .args(["--trust-anchor", &w.card_ca(), "--test-pki"])
        .arg("--pin-file")
        .arg(w.pin())
        .args([
            "--structures-file",
            &s(&list),
            "--key-store",
            &uri,
            "--json",
        ]);
    let out = run(&mut c);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let states: Vec<&str> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["installed"; 4], "{j}");
    // One login on the card (shim counter), one on the HSM (spy log), with the HSM's own PIN:
    // for two structures, two usages each, keys, requests and installs.
    assert_eq!(w.card().counters().real_logins, 1);
    let log = std::fs::read_to_string(&spy_log).unwrap();
    let logins: Vec<&str> = log
        .split("\n\n")
        .filter(|call| {
            call.lines()
                .next()
                .is_some_and(|l| l.ends_with(": C_Login"))
        })
        .collect();
    assert_eq!(logins.len(), 1, "{logins:?}");
    assert!(
        logins[0].contains("35 36 37 38"),
        "the HSM's PIN 5678: {}",
        logins[0]
    );
    assert!(logins[0].contains("CKR_OK"), "{}", logins[0]);
    assert!(
        !log.contains("31 32 33 34"),
        "the card's PIN 1234 reached the HSM"
    );
    for id in [FINESS_ID, SIRET_ID] {
        for usage in ["auth_cli", "sign"] {
            let uri = std::fs::read_to_string(w.live(id, usage).join("key.uri")).unwrap();
            assert!(uri.contains("token=HSM%20STRUCTURE"), "{uri}");
            assert!(uri.contains("pin-source="), "{uri}");
            assert!(!w.live(id, usage).join("privkey.pem").exists());
        }
    }
}

#[test]
fn not_habilitated_installs_nothing() {
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[SIRET_ID], &[]);
    let out = w.enroll(&pfc, &order().args());
    assert_eq!(out.status.code(), Some(51), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("FAILED") && text.contains("habilitated"),
        "{text}"
    );
    assert!(!w.home.path().join("store").join(FINESS_ID).exists());
    // The order is kept (its keys are needed if the habilitation arrives).
    assert!(w
        .home
        .path()
        .join("pending")
        .join(FINESS_ID)
        .join("order.json")
        .exists());
}

#[test]
fn wrong_cn_forced_is_refused_with_the_platform_reason() {
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[FINESS_ID], &[]);
    let out = run(&mut w.csr_cmd(&order(), &[]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // Test hook: replace the pending AUTH_CLI request by one for the same key with a wrong CN.
    let dir = w.home.path().join("pending").join(FINESS_ID);
    openssl(&[
        "req",
        "-new",
        "-key",
        &s(&dir.join("auth_cli.key.pem")),
        "-utf8",
        "-subj",
        "/C=FR/ST=Ain (01)/O=PHARMACIE DU TEST/OU=1010000024/CN=DMP AUTHENTIFICATIONS",
        "-out",
        &s(&dir.join("auth_cli.csr.pem")),
    ]);
    let out = w.enroll(&pfc, &["--resume", "--json"]);
    assert_eq!(out.status.code(), Some(51), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let auth = j
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["usage"] == "auth_cli")
        .unwrap();
    assert_eq!(auth["state"], "failed");
    assert!(
        auth["error"]
            .as_str()
            .unwrap()
            .contains("DMP AUTHENTIFICATION"),
        "{auth}"
    );
    assert!(!w.live(FINESS_ID, "auth_cli").exists());
}

#[test]
fn untrusted_platform_and_platform_down() {
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[FINESS_ID], &[]);
    // The platform's certificate is checked against --est-ca: here the wrong roots.
    let out = w.enroll_with(
        &pfc.url,
        &w.card_ca(),
        &w.card_ca(),
        w.pin(),
        &order().args(),
    );
    assert_eq!(out.status.code(), Some(50), "{}", stdout(&out));
    assert!(stdout(&out).contains("trust"), "{}", stdout(&out));
    assert!(
        pfc.requests().is_empty(),
        "nothing may reach an untrusted platform"
    );
    assert!(!w.home.path().join("store").join(FINESS_ID).exists());
    // The platform is down.
    let url = pfc.url.clone();
    let ca = pfc.tls_ca.clone();
    let ca_copy = w.home.path().join("pfc-ca.pem");
    std::fs::copy(&ca, &ca_copy).unwrap();
    drop(pfc);
    let out = w.enroll_with(&url, &s(&ca_copy), &w.card_ca(), w.pin(), &["--resume"]);
    assert_eq!(out.status.code(), Some(50), "{}", stdout(&out));
    assert!(!w.home.path().join("store").join(FINESS_ID).exists());
}

#[test]
fn wrong_pin_sends_nothing_and_wastes_one_try_only() {
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[FINESS_ID], &[]);
    let bad = w.card().pin_file("9999");
    let out = w.enroll_with(
        &pfc.url,
        &s(&pfc.tls_ca),
        &w.card_ca(),
        &bad,
        &order().args(),
    );
    assert_eq!(out.status.code(), Some(22), "{}", stderr(&out));
    assert_eq!(w.card().counters().failures, 1, "exactly one try spent");
    assert!(pfc.requests().is_empty());
    assert!(
        !w.home.path().join("pending").join(FINESS_ID).exists(),
        "no order before the login"
    );
    assert!(!w.home.path().join("store").join(FINESS_ID).exists());
}

#[test]
fn pending_then_issued_on_resume() {
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[FINESS_ID], &["--pending", "1", "--retry-after", "1"]);
    let out = w.enroll(&pfc, &order().with(&["--json"]));
    assert_eq!(out.status.code(), Some(52), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert!(
        j.as_array()
            .unwrap()
            .iter()
            .all(|o| o["state"] == "pending"),
        "{j}"
    );
    assert!(!w.live(FINESS_ID, "auth_cli").exists());
    let out = w.enroll(&pfc, &["--resume"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_installed(&w, FINESS_ID, "auth_cli", "PHARMACIE DU TEST");
    check_installed(&w, FINESS_ID, "sign", "PHARMACIE DU TEST");
}

#[test]
fn portal_path_prepares_and_waits_for_import() {
    let w = World::new().with_card("1234");
    let out = run(w
        .card()
        .agent_softhsm(w.home())
        .args(["enroll", "--portal"])
        .args(order().args()));
    assert_eq!(out.status.code(), Some(52), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("DMP AUTHENTIFICATION")
            && text.contains("DMP SIGNATURE")
            && text.contains("agent import"),
        "{text}"
    );
    assert!(w
        .home
        .path()
        .join("pending")
        .join(FINESS_ID)
        .join("auth_cli.csr.pem")
        .exists());
    assert_eq!(
        w.card().counters().real_logins,
        0,
        "the portal path needs no card login"
    );
}

#[test]
fn an_unknown_usage_fails_before_anything_is_ordered() {
    let w = World::new().with_card("1234");
    let out = run(w
        .agent()
        .args(["enroll", "--portal"])
        .args(order().usage("auth_cli,bogus").args()));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stderr(&out).contains("unknown usage"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
    assert!(!w.home.path().join("pending").join(FINESS_ID).exists());
}

#[test]
fn answer_with_the_chain_needs_no_cacerts() {
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[FINESS_ID], &["--include-chain"]);
    let out = w.enroll(&pfc, &order().args());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    check_installed(&w, FINESS_ID, "auth_cli", "PHARMACIE DU TEST");
    check_installed(&w, FINESS_ID, "sign", "PHARMACIE DU TEST");
    assert!(
        !pfc.requests()
            .iter()
            .any(|r| r["path"] == "/.well-known/est/cacerts"),
        "the answers carried their chain"
    );
}

#[test]
fn cacerts_are_not_trusted_by_themselves() {
    // The platform's /cacerts chain up to its own root; the agent trusts another root (same
    // TEST name, another key): nothing is installed, whatever /cacerts says.
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[FINESS_ID], &[]);
    let other = common::orgca::OrgCa::new();
    let out = w.enroll_with(
        &pfc.url,
        &s(&pfc.tls_ca),
        &s(&other.root()),
        w.pin(),
        &order().args(),
    );
    assert_eq!(out.status.code(), Some(40), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("does not verify up to a trusted IGC Santé root"),
        "{}",
        stdout(&out)
    );
    assert!(!w.home.path().join("store").join(FINESS_ID).exists());
    let cacerts = pfc
        .requests()
        .iter()
        .filter(|r| r["path"] == "/.well-known/est/cacerts")
        .count();
    assert_eq!(cacerts, 1);
}

/// `agent enroll --usage …,conf`: CONF has no service applicatif in the procedure, so it is
/// ordered with the one given by --conf-service (as `agent csr`); without it, nothing is sent
/// and the message says what to give. With it, the three certificates are issued and installed.
#[test]
fn conf_is_enrolled_with_the_service_name_given() {
    let w = World::new().with_card("1234");
    let pfc = w.platform(&[FINESS_ID], &["--conf-service", "CHIFFREMENT CABINET"]);
    let base = Order::pharmacie().usage("auth_cli,sign,conf");
    let out = w.enroll(&pfc, &base.args());
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(stdout(&out).contains("--conf-service"), "{}", stdout(&out));
    assert!(!w.live(FINESS_ID, "auth_cli").exists(), "nothing installed");
    // The order is checked before the card is touched: no PIN entry spent on it.
    assert_eq!(
        w.card().counters().real_logins,
        0,
        "no card login for an order that cannot be made"
    );

    let out = w.enroll(
        &pfc,
        &base.with(&["--conf-service", "CHIFFREMENT CABINET", "--json"]),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let outcomes = j.as_array().unwrap();
    assert_eq!(outcomes.len(), 3, "{j}");
    assert!(outcomes.iter().all(|o| o["state"] == "installed"), "{j}");
    check_installed(&w, FINESS_ID, "auth_cli", "PHARMACIE DU TEST");
    check_installed(&w, FINESS_ID, "sign", "PHARMACIE DU TEST");
    let cert = s(&w.live(FINESS_ID, "conf").join("cert.pem"));
    let subject = openssl(&[
        "x509", "-in", &cert, "-noout", "-subject", "-nameopt", "RFC2253",
    ]);
    assert!(
        subject.contains(&format!(
            "CN=CHIFFREMENT CABINET,OU={FINESS_ID},O=PHARMACIE DU TEST,ST="
        )),
        "{subject}"
    );
    let ext = openssl(&["x509", "-in", &cert, "-noout", "-ext", "keyUsage"]);
    assert!(ext.contains("Key Encipherment"), "{ext}");
    let meta: Value = serde_json::from_str(
        &std::fs::read_to_string(w.live(FINESS_ID, "conf").join("meta.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(meta["service"], "CHIFFREMENT CABINET", "{meta}");
    assert_eq!(meta["dept"], "75", "{meta}");
    assert_eq!(meta["key_algorithm"], "rsa2048", "{meta}");
    assert_eq!(
        w.card().counters().real_logins,
        1,
        "one card login, for the run that could order"
    );
}

/// Under a French locale the workflow speaks French: its progress lines and the reason of a
/// failed usage; the JSON (its English `error`
/// included) is byte-identical to the English run's.
#[test]
fn french_progress_failures_and_warnings_same_json() {
    let w = World::new().with_card("1234");
    // A FINESS of the test platform whose check key is wrong.
    let test_id = "1010000025";
    let pfc = w.platform(&[test_id], &[]);
    // Not habilitated for FINESS_ID: each usage fails (the order is kept and resumed).
    let base = [
        "--structure",
        FINESS_ID,
        "--name",
        "PHARMACIE DU TEST",
        "--dept",
        "01",
    ];
    let json: Vec<&str> = base.iter().copied().chain(["--json"]).collect();
    let fr_json = w.enroll_in(&pfc, "fr_FR.UTF-8", &json);
    let en_json = w.enroll_in(&pfc, "C.UTF-8", &json);
    assert_eq!(fr_json.status.code(), Some(51), "{}", stderr(&fr_json));
    assert_eq!(en_json.status.code(), Some(51), "{}", stderr(&en_json));
    assert_eq!(
        stdout(&fr_json),
        stdout(&en_json),
        "JSON depends on the language"
    );
    let j: Value = serde_json::from_str(&stdout(&fr_json)).unwrap();
    assert!(
        j[0]["error"]
            .as_str()
            .unwrap()
            .contains("the card is not habilitated for this structure"),
        "{j}"
    );

    let fr = w.enroll_in(&pfc, "fr_FR.UTF-8", &base);
    assert_eq!(fr.status.code(), Some(51), "{}", stderr(&fr));
    let text = stdout(&fr);
    assert!(
        text.contains(&format!(
            "{FINESS_ID}       auth_cli  ÉCHEC\u{a0}: la plateforme a refusé la commande (HTTP 403)\u{a0}: \
             la carte n'est pas habilitée pour cette structure"
        )),
        "{text}"
    );
    assert!(
        !text.contains("FAILED") && !text.contains("the card is not habilitated for"),
        "{text}"
    );
    let err = stderr(&fr);
    assert!(
        err.contains(&format!(
            "agent: {FINESS_ID} auth_cli\u{a0}: envoi de la demande à la plateforme (simpleenroll)"
        )),
        "{err}"
    );
    assert!(!err.contains("sending the request"), "{err}");

    // Installed, for a test identifier: the steps are French.
    let fr = w.enroll_in(
        &pfc,
        "fr_FR.UTF-8",
        &[
            "--structure",
            test_id,
            "--name",
            "PHARMACIE DE TEST",
            "--dept",
            "01",
            "--allow-test-ids",
        ],
    );
    assert_eq!(fr.status.code(), Some(0), "{}", stderr(&fr));
    let err = stderr(&fr);
    for want in [
        "agent: complément de la chaîne avec les certificats d'AC de la plateforme (/cacerts)"
            .to_string(),
        format!(
            "agent: {test_id}\u{a0}: vérification et installation de ce que la plateforme a émis"
        ),
        format!("la structure {test_id} est acceptée comme identifiant de test\u{a0}: "),
    ] {
        assert!(err.contains(&want), "{want:?} not in\n{err}");
    }
    for english in [
        "completing the chain",
        "checking and installing",
        "test identifier",
        "accepted",
    ] {
        assert!(!err.contains(english), "{english:?} in\n{err}");
    }
    assert!(stdout(&fr).contains("  installé  "), "{}", stdout(&fr));
}
