//! The test platform's identifiers (a letter in the FINESS or ADELI: `0B1234567`, so the national
//! id `10B1234567`) through csr → import → status, an adopted certificate and the directory, with
//! and without `--allow-test-ids`.

mod common;

use std::path::Path;
use std::process::Command;

use common::world::{Order, World};
use common::{run, stderr, stdout};
use serde_json::Value;

const TEST_ID: &str = "10B1234567";

fn s(p: &Path) -> String {
    p.display().to_string()
}

/// `agent csr` for the test platform's pharmacy, then `extra`.
fn csr(w: &World, extra: &[&str]) -> std::process::Output {
    let order = Order::new(TEST_ID, "PHARMACIE DE LA PLATEFORME").dept(Some("01"));
    run(&mut w.csr_cmd(&order, extra))
}

#[test]
fn a_finess_with_a_letter_goes_through_csr_import_and_status_with_the_switch() {
    let w = World::new().with_pki();
    let (home, ca) = (&w.home, w.ca());
    // Without the switch: refused, the message names it, nothing written.
    let out = csr(&w, &[]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--allow-test-ids"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("position 2"), "{}", stderr(&out));
    assert!(!home.path().join("pending").join(TEST_ID).exists());
    // With it: accepted with a warning, and the requests carry the id as OU.
    let out = csr(&w, &["--allow-test-ids"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("accepted as a test identifier"),
        "{}",
        stderr(&out)
    );
    let pending = home.path().join("pending").join(TEST_ID);
    let mut issued = Vec::new();
    for usage in ["auth_cli", "sign"] {
        let req = pending.join(format!("{usage}.csr.pem"));
        let subject = String::from_utf8(
            Command::new("openssl")
                .args(["req", "-noout", "-subject", "-nameopt", "RFC2253", "-in"])
                .arg(&req)
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap();
        assert!(subject.contains(&format!("OU={TEST_ID}")), "{subject}");
        issued.push(ca.issue_days(
            &req,
            usage,
            0,
            1095,
            &home.path().join(format!("{usage}.pem")),
        ));
    }
    let out = w.import_with(&[&issued[0], &issued[1], &ca.intermediate()], &["--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert!(v
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["structure"] == TEST_ID));
    let out = run(w
        .agent()
        .args(["status", "--json", "--test-pki", "--structure", TEST_ID])
        .arg("--trust-anchor")
        .arg(ca.root()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert!(rows
        .iter()
        .all(|r| r["state"] == "ok" && r["structure"] == TEST_ID));
}

#[test]
fn an_adopted_certificate_of_the_test_platform_needs_the_switch() {
    let w = World::new().with_pki();
    let (home, ca, work) = (&w.home, w.ca(), &w.work);
    let key = work.path().join("k.pem");
    let req = work.path().join("r.csr");
    assert!(Command::new("openssl")
        .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout"])
        .arg(&key)
        .arg("-subj")
        .arg(format!(
            "/C=FR/O=PHARMACIE DE LA PLATEFORME/OU={TEST_ID}/CN=LOGICIEL"
        ))
        .arg("-out")
        .arg(&req)
        .status()
        .unwrap()
        .success());
    let cert = ca.issue_days(&req, "auth_cli", 0, 1095, &work.path().join("c.pem"));
    let inter = ca.intermediate();
    let files = [cert.as_path(), inter.as_path()];
    let out = w.import_with(&files, &["--adopt", "--key", &s(&key)]);
    assert_eq!(out.status.code(), Some(40), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--allow-test-ids"),
        "{}",
        stderr(&out)
    );
    assert!(
        !home.path().join("store").exists() || common::tree(&home.path().join("store")).is_empty()
    );
    let out = w.import_with(&files, &["--adopt", "--key", &s(&key), "--allow-test-ids"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("OU 10B1234567 is a test identifier"),
        "{}",
        stderr(&out)
    );
    assert!(home
        .path()
        .join("store")
        .join(TEST_ID)
        .join("auth_cli/live/cert.pem")
        .exists());
}

#[test]
fn the_directory_gives_test_platform_ids_with_a_warning_and_prod_refuses_them() {
    let t = tempfile::tempdir().unwrap();
    let ldif = t.path().join("test-platform.ldif");
    let entry = |branch: &str| {
        format!(
            "dn: cn=810000123454+ou={TEST_ID},{branch}\nobjectClass: cpsActivite\ncn: 810000123454\nou: {TEST_ID}\nraisonSociale: PHARMACIE DE LA PLATEFORME\npostalAddress: PHARMACIE DE LA PLATEFORME$1 RUE DU TEST$01000 BOURG\nsectActRPPS: SA33\n\n"
        )
    };
    std::fs::write(
        &ldif,
        format!("{}{}", entry("o=TEST,c=fr"), entry("o=GIP-CPS,c=fr")),
    )
    .unwrap();
    let w = World::new().with_directory(&[ldif]);
    let lookup = |extra: &[&str]| {
        let o = run(w
            .agent()
            .args([
                "lookup",
                "--ldap-url",
                &w.directory().url,
                "--rpps",
                "10000123454",
                "--json",
            ])
            .args(extra));
        assert!(o.status.success(), "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        v.as_array().unwrap()[0].clone()
    };
    // Test branch: accepted (the branch's documented default), with a warning.
    let x = lookup(&["--branch", "test"]);
    assert_eq!(x["kind"], "pharmacy", "{x:#}");
    assert!(
        x["warnings"].to_string().contains("test identifier"),
        "{x:#}"
    );
    // Production branch: malformed, and the warning names the switch.
    let x = lookup(&["--branch", "prod"]);
    assert_eq!(x["kind"], "malformed", "{x:#}");
    assert!(
        x["warnings"].to_string().contains("--allow-test-ids"),
        "{x:#}"
    );
    let x = lookup(&["--branch", "prod", "--allow-test-ids"]);
    assert_eq!(x["kind"], "pharmacy", "{x:#}");
}
