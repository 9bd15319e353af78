//! `agent import --adopt`: bringing the IGC Santé ORG certificates a structure already has under
//! management, although their keys were not made by this agent and their CN is an application
//! name (as on the real test platform). The certificates come from an independent CA made with
//! `openssl ca` (tests/common/orgca.rs); the PKCS#12 files are made with `openssl pkcs12 -export
//! -legacy` in the platform's shape (key, leaf, intermediate, root; 3DES, SHA-1 MAC).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::world::{World, FINESS_ID, PHARMACIE};
use common::{run, stderr, stdout};
use serde_json::Value;

const NAME: &str = PHARMACIE;
const P12_PASS: &str = "mot de passe du portail";

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn ok(c: &mut Command) -> String {
    let out = c.output().expect("runs");
    assert!(
        out.status.success(),
        "{c:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What the adoption tests do in their world (an ORG CA beside the home).
impl World {
    /// A key and certificate made outside the agent: `openssl req` with `cn`, issued by the CA
    /// with the extensions of `profile`. Returns (key, certificate).
    fn outside(&self, tag: &str, cn: &str, profile: &str) -> (PathBuf, PathBuf) {
        let key = self.work.path().join(format!("{tag}.key"));
        let csr = self.work.path().join(format!("{tag}.csr"));
        ok(Command::new("openssl")
            .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-utf8"])
            .arg("-keyout")
            .arg(&key)
            .arg("-subj")
            .arg(format!("/C=FR/ST=Ain (01)/O={NAME}/OU={FINESS_ID}/CN={cn}"))
            .arg("-out")
            .arg(&csr));
        let cert = self.ca().issue_days(
            &csr,
            profile,
            0,
            1095,
            &self.work.path().join(format!("{tag}.pem")),
        );
        (key, cert)
    }

    /// The platform's PKCS#12: key, leaf, intermediate, root, legacy encryption.
    fn p12(&self, tag: &str, key: &Path, cert: &Path) -> PathBuf {
        let chain = self.work.path().join("chain.pem");
        let mut text = std::fs::read(self.ca().intermediate()).unwrap();
        text.extend(std::fs::read(self.ca().root()).unwrap());
        std::fs::write(&chain, text).unwrap();
        let out = self
            .work
            .path()
            .join(format!("asip-p12-EL-TEST-ORG-{tag}-20260101-120000.p12"));
        ok(Command::new("openssl")
            .args(["pkcs12", "-export", "-legacy", "-inkey"])
            .arg(key)
            .arg("-in")
            .arg(cert)
            .arg("-certfile")
            .arg(&chain)
            .args(["-passout", &format!("pass:{P12_PASS}"), "-out"])
            .arg(&out));
        // The platform's shape, checked with openssl itself.
        let info = Command::new("openssl")
            .args(["pkcs12", "-info", "-noout", "-legacy", "-in"])
            .arg(&out)
            .args(["-passin", &format!("pass:{P12_PASS}")])
            .output()
            .unwrap();
        let info = String::from_utf8_lossy(&info.stderr);
        assert!(info.contains("pbeWithSHA1And3-KeyTripleDES-CBC"), "{info}");
        assert!(info.contains("MAC: sha1"), "{info}");
        out
    }

    /// `agent import` of `files` with the portal's PKCS#12 password file, then `extra`.
    fn import_p12(&self, files: &[&Path], extra: &[&str]) -> std::process::Output {
        let pw = self.secret("p12pass", format!("{P12_PASS}\n").as_bytes());
        let mut args = vec!["--p12-password-file", pw.to_str().expect("UTF-8 path")];
        args.extend(extra);
        self.import_with(files, &args)
    }
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(out), stderr(out)))
}

#[test]
fn an_existing_pkcs12_with_an_application_cn_is_adopted_then_renewed_with_the_dmp_names() {
    let w = World::new().with_pki();
    let (auth_key, auth) = w.outside("auth", "LOGICIEL OFFICINE AUTH", "auth_cli");
    let (sign_key, sign) = w.outside("sign", "LOGICIEL OFFICINE SIGN", "sign");
    let auth_p12 = w.p12("AUTH_CLI", &auth_key, &auth);
    let sign_p12 = w.p12("SIGN", &sign_key, &sign);

    // Without --adopt: today's strict check, and the message names the way out.
    let out = w.import_p12(&[&auth_p12], &[]);
    assert_eq!(out.status.code(), Some(40), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "the CN is \"LOGICIEL OFFICINE AUTH\", the procedure requires \"DMP AUTHENTIFICATION\""
        ),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("--adopt"), "{}", stderr(&out));
    assert!(w.store_tree().is_empty(), "nothing written without --adopt");

    // With --adopt: installed, the usage read from the extensions, a warning about the CN.
    let out = w.import_p12(&[&auth_p12], &["--adopt", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let v = json(&out);
    assert_eq!(v[0]["usage"], "auth_cli");
    assert_eq!(v[0]["structure"], FINESS_ID);
    assert_eq!(v[0]["cn"], "LOGICIEL OFFICINE AUTH");
    assert_eq!(v[0]["changed"], true);
    assert!(
        stderr(&out).contains("the procedure requires \"DMP AUTHENTIFICATION\"")
            && stderr(&out).contains("adopted"),
        "{}",
        stderr(&out)
    );
    let out = w.import_p12(&[&sign_p12], &["--adopt", "--usage", "sign"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("Installed ORG SIGN (CN LOGICIEL OFFICINE SIGN) for 1010000024"),
        "{}",
        stdout(&out)
    );

    // The live files are the delivered ones: the key is the PKCS#12's, chain.pem the verified
    // path (intermediate first).
    let live = w
        .home
        .path()
        .join("store")
        .join(FINESS_ID)
        .join("auth_cli/live");
    let mod_of = |args: &[&str], f: &Path| {
        ok(Command::new("openssl")
            .args(args)
            .arg(f)
            .arg("-noout")
            .arg("-modulus"))
    };
    assert_eq!(
        mod_of(&["rsa", "-in"], &live.join("privkey.pem")),
        mod_of(&["rsa", "-in"], &auth_key)
    );
    assert_eq!(
        mod_of(&["x509", "-in"], &live.join("cert.pem")),
        mod_of(&["x509", "-in"], &auth)
    );
    ok(Command::new("openssl")
        .args(["verify", "-CAfile"])
        .arg(w.ca().root())
        .arg("-untrusted")
        .arg(live.join("chain.pem"))
        .arg(live.join("cert.pem")));

    // status: both ok (the CN is not a status problem; the usage fits the slot).
    let out = run(w
        .agent()
        .args(["status", "--json", "--test-pki"])
        .arg("--trust-anchor")
        .arg(w.ca().root()));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows = json(&out);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 2, "{rows:#?}");
    for (usage, cn) in [
        ("AUTH_CLI", "LOGICIEL OFFICINE AUTH"),
        ("SIGN", "LOGICIEL OFFICINE SIGN"),
    ] {
        let r = rows
            .iter()
            .find(|r| r["usage"] == usage)
            .unwrap_or_else(|| panic!("{usage}: {rows:#?}"));
        assert_eq!(r["state"], "ok", "{r:#?}");
        assert_eq!(r["cn"], cn);
    }
    // list and export treat them like any other.
    let out = run(w.agent().args(["list", "--json"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("1010000024"), "{}", stdout(&out));
    let pw = w.work.path().join("exportpw");
    common::write_secret(&pw, b"export pass\n");
    let exported = w.work.path().join("out.p12");
    let out = run(w.agent().args([
        "export",
        "--structure",
        FINESS_ID,
        "--usage",
        "sign",
        "--p12",
        &s(&exported),
        "--passphrase-file",
        &s(&pw),
    ]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = ok(Command::new("openssl")
        .args([
            "pkcs12",
            "-nokeys",
            "-clcerts",
            "-passin",
            "pass:export pass",
            "-in",
        ])
        .arg(&exported));
    assert!(
        text.contains("CN=LOGICIEL OFFICINE SIGN") || text.contains("CN = LOGICIEL OFFICINE SIGN"),
        "{text}"
    );

    // renew --dry-run: the next order carries the mandatory DMP names.
    let out = run(w.agent().args(["renew", "--dry-run", "--within", "1200d"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("new request CN \"DMP AUTHENTIFICATION\" (the procedure's name; the live certificate carries \"LOGICIEL OFFICINE AUTH\")"),
        "{text}"
    );
    assert!(
        text.contains("new request CN \"DMP SIGNATURE\" (the procedure's name; the live certificate carries \"LOGICIEL OFFICINE SIGN\")"),
        "{text}"
    );
    let out = run(w
        .agent()
        .args(["renew", "--dry-run", "--within", "1200d", "--json"]));
    let v = json(&out);
    let due = v["due"].as_array().unwrap();
    assert_eq!(due.len(), 2, "{v:#}");
    for d in due {
        let want = if d["usage"] == "auth_cli" {
            "DMP AUTHENTIFICATION"
        } else {
            "DMP SIGNATURE"
        };
        assert_eq!(d["service"], want, "{d:#}");
    }
    // And the renewal order really is made with them (portal path: no EST URL).
    let out = run(w.agent().args(["renew", "--within", "1200d"]));
    assert!(out.status.code().is_some(), "{}", stderr(&out));
    for (usage, cn) in [
        ("auth_cli", "DMP AUTHENTIFICATION"),
        ("sign", "DMP SIGNATURE"),
    ] {
        let csr = w
            .home
            .path()
            .join("pending")
            .join(FINESS_ID)
            .join(format!("{usage}.csr.pem"));
        let subject = ok(Command::new("openssl")
            .args(["req", "-noout", "-subject", "-nameopt", "RFC2253", "-in"])
            .arg(&csr));
        assert!(
            subject.contains(&format!("CN={cn},OU={FINESS_ID}")),
            "{usage}: {subject} ({})",
            stderr(&out)
        );
    }
}

#[test]
fn a_pem_certificate_is_adopted_with_its_key_file() {
    let w = World::new().with_pki();
    let (key, cert) = w.outside("auth", "MON LOGICIEL", "auth_cli");
    // Without --key, the key is missing: said so.
    let out = w.import_p12(&[&cert, &w.ca().intermediate()], &["--adopt"]);
    assert_eq!(out.status.code(), Some(40), "{}", stderr(&out));
    assert!(stderr(&out).contains("--key FILE"), "{}", stderr(&out));
    assert!(w.store_tree().is_empty());
    let out = w.import_p12(
        &[&cert, &w.ca().intermediate()],
        &["--adopt", "--key", &s(&key)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = run(w
        .agent()
        .args(["status", "--json", "--test-pki"])
        .arg("--trust-anchor")
        .arg(w.ca().root()));
    let rows = json(&out);
    let r = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["usage"] == "AUTH_CLI")
        .cloned()
        .unwrap_or_else(|| panic!("{rows:#}"));
    assert_eq!(r["state"], "ok", "{r:#}");
}

#[test]
fn insi_and_a_sign_certificate_as_auth_cli_are_refused() {
    let w = World::new().with_pki();
    for cn in ["INSI-AUTO", "INSI-MANU"] {
        let (key, cert) = w.outside(cn, cn, "auth_cli");
        let p12 = w.p12(cn, &key, &cert);
        let out = w.import_p12(&[&p12], &["--adopt"]);
        assert_eq!(out.status.code(), Some(40), "{cn}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("this is an INSi certificate")
                && stderr(&out).contains("not a DMP certificate"),
            "{cn}: {}",
            stderr(&out)
        );
        assert!(w.store_tree().is_empty(), "{cn}: the store changed");
    }
    // A SIGN certificate offered for adoption as AUTH_CLI.
    let (key, cert) = w.outside("sign", "LOGICIEL SIGNATURE", "sign");
    let p12 = w.p12("AUTH_CLI", &key, &cert);
    let out = w.import_p12(&[&p12], &["--adopt", "--usage", "auth_cli"]);
    assert_eq!(out.status.code(), Some(40), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("it is an ORG SIGN certificate (keyUsage digitalSignature, nonRepudiation, extendedKeyUsage emailProtection), not an ORG AUTH_CLI one"),
        "{}",
        stderr(&out)
    );
    assert!(w.store_tree().is_empty());
    // Without --usage the same file is adopted for what its extensions say: SIGN, whatever
    // the file name claims.
    let out = w.import_p12(&[&p12], &["--adopt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(w
        .home
        .path()
        .join("store")
        .join(FINESS_ID)
        .join("sign/live/cert.pem")
        .exists());
    assert!(!w
        .home
        .path()
        .join("store")
        .join(FINESS_ID)
        .join("auth_cli")
        .exists());
}
