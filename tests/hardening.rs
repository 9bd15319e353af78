//! Hardening (issue 11): hostile or broken input and install targets that cannot be written.
//! Certificates come from an independent openssl CA (tests/common/orgca.rs), NSS databases are
//! made and read with NSS's own certutil, and what the agent must not touch is checked on disk.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::orgca::OrgCa;
use common::{agent, run, stderr, stdout};

const FINESS_ID: &str = "1010000024";

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn openssl(args: &[&str], cwd: &Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

/// A PKCS#12 (openssl's default encryption, password `pw`) holding a fresh key and an AUTH_CLI
/// certificate issued for it by `ca` with the subject `subj` (openssl `-subj` syntax).
fn p12_with_subject(ca: &OrgCa, work: &Path, subj: &str) -> PathBuf {
    openssl(
        &[
            "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.csr",
            "-subj", subj,
        ],
        work,
    );
    let cert = ca.issue_days(&work.join("c.csr"), "auth_cli", 0, 1095, &work.join("c.pem"));
    openssl(
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "k.pem",
            "-in",
            &s(&cert),
            "-certfile",
            &s(&ca.intermediate()),
            "-out",
            "b.p12",
            "-passout",
            "pass:pw",
        ],
        work,
    );
    work.join("b.p12")
}

/// A PKCS#12 whose certificate names a path as its structure (OU) is refused with exit 40 (a
/// certificate check: the file itself reads fine) and nothing is written outside the store, nor
/// in it.
#[test]
fn pkcs12_with_a_path_as_ou_writes_nothing() {
    for ou in ["..\\/..\\/x", "\\/tmp\\/agent-ou-abs", "1010000024\\/..\\/..\\/..\\/y"] {
        let top = tempfile::tempdir().unwrap();
        let home = top.path().join("a").join("home");
        std::fs::create_dir_all(&home).unwrap();
        let work = tempfile::tempdir().unwrap();
        let ca = OrgCa::new();
        let p12 = p12_with_subject(
            &ca,
            work.path(),
            &format!("/C=FR/O=EVIL/OU={ou}/CN=DMP AUTHENTIFICATION"),
        );
        let pw = work.path().join("pw");
        std::fs::write(&pw, "pw\n").unwrap();
        let before = common::tree(top.path());
        let out = run(agent(&home).args([
            "import",
            &s(&p12),
            "--p12-password-file",
            &s(&pw),
            "--trust-anchor",
            &s(&ca.root()),
            "--test-pki",
        ]));
        assert_eq!(out.status.code(), Some(40), "OU {ou}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is not a national structure id"),
            "{}",
            stderr(&out)
        );
        // Only the config file agent() created may be new; no store, no directory outside.
        let after = common::tree(top.path());
        let new: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        assert!(
            new.iter().all(|k| k.ends_with("config.toml")),
            "OU {ou}: new files {new:?}"
        );
        assert!(!Path::new("/tmp/agent-ou-abs").exists());
    }
}
