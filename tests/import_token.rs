//! Keys generated on a PKCS#11 token (a SoftHSM2 token standing in for a structure's HSM) stay
//! there: the store records the key's URI and the certificate is also written on the token.

mod common;

use std::process::Command;

use common::orgca::OrgCa;
use common::{agent, run, stderr};

#[test]
fn token_keys_stay_on_the_token_and_the_certificate_joins_them() {
    let hsm = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(hsm.path().join("tokens")).unwrap();
    let conf = hsm.path().join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            hsm.path().join("tokens").display()
        ),
    )
    .unwrap();
    let init = Command::new("softhsm2-util")
        .args([
            "--init-token",
            "--free",
            "--label",
            "HSM STRUCTURE",
            "--pin",
            "5678",
            "--so-pin",
            "12345678",
        ])
        .env("SOFTHSM2_CONF", &conf)
        .output()
        .expect("softhsm2-util (package softhsm2)");
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let pin = hsm.path().join("pin");
    std::fs::write(&pin, "5678\n").unwrap();

    let home = tempfile::tempdir().unwrap();
    let ca = OrgCa::new();
    let a = |args: &[&str]| {
        let mut c = agent(home.path());
        c.env("SOFTHSM2_CONF", &conf)
            .env("AGENT_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
            .arg("--pin-file")
            .arg(&pin)
            .args(args);
        run(&mut c)
    };
    let out = a(&[
        "csr",
        "--structure",
        "1010000024",
        "--name",
        "PHARMACIE DU TEST",
        "--dept",
        "01",
        "--usage",
        "auth_cli",
        "--key-store",
        "pkcs11:token=HSM%20STRUCTURE",
    ]);
    assert_eq!(out.status.code(), Some(0), "csr: {}", stderr(&out));
    let csr = home.path().join("pending/1010000024/auth_cli.csr.pem");
    let cert = home.path().join("auth.pem");
    ca.issue_days(&csr, "auth_cli", 0, 1095, &cert);
    let out = a(&[
        "import",
        &cert.display().to_string(),
        &ca.intermediate().display().to_string(),
        "--trust-anchor",
        &ca.root().display().to_string(),
        "--test-pki",
    ]);
    assert_eq!(out.status.code(), Some(0), "import: {}", stderr(&out));

    let live = home.path().join("store/1010000024/auth_cli/live");
    assert!(
        !live.join("privkey.pem").exists(),
        "a token key must not be written to disk"
    );
    assert!(!live.join("bundle.p12").exists());
    let uri = std::fs::read_to_string(live.join("key.uri")).unwrap();
    assert!(
        uri.starts_with("pkcs11:") && uri.contains("token=HSM%20STRUCTURE"),
        "{uri}"
    );
    assert!(uri.contains("id="), "{uri}");

    // pkcs11-tool sees the certificate next to the key, with the same CKA_ID.
    let list = Command::new("pkcs11-tool")
        .args([
            "--module",
            "/usr/lib/softhsm/libsofthsm2.so",
            "--token-label",
            "HSM STRUCTURE",
            "--login",
            "--pin",
            "5678",
            "--list-objects",
        ])
        .env("SOFTHSM2_CONF", &conf)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("Certificate Object"), "{text}");
    assert!(text.contains("1010000024 AUTH_CLI"), "{text}");
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("ID:"))
        .map(str::trim)
        .collect();
    assert!(
        ids.len() >= 2 && ids.iter().all(|i| *i == ids[0]),
        "key and certificate IDs differ: {ids:?}\n{text}"
    );
    // The certificate on the token is the live one.
    let read = Command::new("pkcs11-tool")
        .args([
            "--module",
            "/usr/lib/softhsm/libsofthsm2.so",
            "--token-label",
            "HSM STRUCTURE",
            "--read-object",
            "--type",
            "cert",
            "--id",
            ids[0],
        ])
        .env("SOFTHSM2_CONF", &conf)
        .output()
        .unwrap();
    let live_der = pem::parse(std::fs::read(live.join("cert.pem")).unwrap())
        .unwrap()
        .into_contents();
    assert_eq!(read.stdout, live_der);
}
