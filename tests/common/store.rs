//! A populated store, the way an administrator gets one: `agent csr`, then certificates issued by
//! an independent openssl CA (tests/common/orgca.rs) with chosen validity, then `agent import`.
//! Also helpers to damage a live version the way a disk or a hand edit would.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::orgca::OrgCa;
use super::{agent, run, stderr};

/// A valid national structure id of type FINESS (`1` + 9 digits with their Luhn key), distinct for
/// each `n` below 1,000,000.
pub fn finess_id(n: u32) -> String {
    let body = format!("01{n:06}");
    let key = (0..10)
        .find(|k| agent::ids::luhn_valid(&format!("{body}{k}")))
        .expect("a Luhn key digit");
    format!("1{body}{key}")
}

/// An agent home with an ORG CA beside it.
pub struct StoreWorld {
    /// The agent's home (its store is `home/store`).
    pub home: tempfile::TempDir,
    /// The CA that issues the certificates.
    pub ca: OrgCa,
    /// Scratch space for issued files.
    pub work: tempfile::TempDir,
}

/// A validity period relative to now.
#[derive(Debug, Clone, Copy)]
pub enum Validity {
    /// From `from` to `to` days from now.
    Days(i64, i64),
    /// Issued `from_days` ago (a negative number), ending `to_secs` seconds from now: import it,
    /// then wait for it to expire in place ([`StoreWorld::wait_until_expired`]).
    EndsInSeconds(i64, i64),
}

impl StoreWorld {
    /// A new empty home and a new CA.
    pub fn new() -> StoreWorld {
        StoreWorld {
            home: tempfile::tempdir().expect("tempdir"),
            ca: OrgCa::new(),
            work: tempfile::tempdir().expect("tempdir"),
        }
    }

    /// The home directory.
    pub fn home(&self) -> &Path {
        self.home.path()
    }

    /// An `agent` command for this home.
    pub fn agent(&self) -> Command {
        agent(self.home.path())
    }

    /// `agent status` with `args`, without the built-in IGC Santé anchors (the store holds
    /// certificates of the test's own CA: only `--trust-anchor` given here verifies them, and
    /// without one only the first link is checked). The default, built-in anchors, is tested
    /// with [`Self::status_default`].
    pub fn status(&self, args: &[&str]) -> Output {
        run(self
            .agent()
            .arg("status")
            .arg("--no-builtin-anchors")
            .args(args))
    }

    /// `agent status` with `args` and the default anchors (built-in ones).
    pub fn status_default(&self, args: &[&str]) -> Output {
        run(self.agent().arg("status").args(args))
    }

    /// `agent csr` for `structure` and `usages` (`auth_cli,sign`), replacing any earlier order.
    pub fn csr(&self, structure: &str, name: &str, usages: &str) {
        let out = run(self.agent().args([
            "csr",
            "--structure",
            structure,
            "--name",
            name,
            "--dept",
            "75",
            "--usage",
            usages,
            "--replace",
        ]));
        assert_eq!(out.status.code(), Some(0), "agent csr: {}", stderr(&out));
    }

    /// The path of a file in the pending order of `structure`.
    pub fn pending(&self, structure: &str, file: &str) -> PathBuf {
        self.home.path().join("pending").join(structure).join(file)
    }

    /// Issues the certificate of the pending request of `usage` (`auth_cli`, `sign`).
    pub fn issue(&self, structure: &str, usage: &str, validity: Validity) -> PathBuf {
        let csr = self.pending(structure, &format!("{usage}.csr.pem"));
        let out = self.work.path().join(format!(
            "{structure}-{usage}-{}.pem",
            time::OffsetDateTime::now_utc().unix_timestamp_nanos()
        ));
        match validity {
            Validity::Days(from, to) => self.ca.issue_days(&csr, usage, from, to, &out),
            Validity::EndsInSeconds(from_days, to_secs) => {
                let now = time::OffsetDateTime::now_utc();
                self.ca.issue(
                    &csr,
                    usage,
                    &super::openssl_time(now + time::Duration::days(from_days)),
                    &super::openssl_time(now + time::Duration::seconds(to_secs)),
                    &out,
                )
            }
        }
    }

    /// `agent import` of `files` with the CA's root as trust anchor.
    pub fn import(&self, files: &[&Path]) -> Output {
        run(self
            .agent()
            .arg("import")
            .args(files)
            .arg("--trust-anchor")
            .arg(self.ca.root())
            .arg("--test-pki"))
    }

    /// Orders and installs certificates for `structure`: one `(usage, validity)` per usage.
    pub fn install(&self, structure: &str, name: &str, certs: &[(&str, Validity)]) {
        let usages: Vec<&str> = certs.iter().map(|(u, _)| *u).collect();
        self.csr(structure, name, &usages.join(","));
        let mut files: Vec<PathBuf> = certs
            .iter()
            .map(|(u, v)| self.issue(structure, u, *v))
            .collect();
        files.push(self.ca.intermediate());
        let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
        let out = self.import(&refs);
        assert_eq!(out.status.code(), Some(0), "agent import: {}", stderr(&out));
    }

    /// The live directory of a slot.
    pub fn live(&self, structure: &str, usage: &str) -> PathBuf {
        self.home
            .path()
            .join("store")
            .join(structure)
            .join(usage)
            .join("live")
    }

    /// Replaces a file of a live version (the version directories are never modified by the
    /// agent: this is what a hand edit or a damaged disk does).
    pub fn damage(&self, structure: &str, usage: &str, file: &str, content: &[u8]) {
        let p = self.live(structure, usage).join(file);
        std::fs::write(&p, content).unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    }

    /// Sleeps until the live certificate of a slot has expired (one second past its notAfter, as
    /// openssl reads it).
    pub fn wait_until_expired(&self, structure: &str, usage: &str) {
        let not_after = openssl_not_after(&self.live(structure, usage).join("cert.pem"));
        loop {
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            if now > not_after {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(
                ((not_after - now + 1) * 1000) as u64,
            ));
        }
    }
}

/// The serial of a PEM certificate file, upper-case hex, as `openssl x509 -serial` prints it.
pub fn openssl_serial(cert: &Path) -> String {
    let out = Command::new("openssl")
        .args(["x509", "-noout", "-serial", "-in"])
        .arg(cert)
        .output()
        .expect("openssl (package openssl)");
    assert!(
        out.status.success(),
        "openssl x509 -serial {}",
        cert.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .trim_start_matches("serial=")
        .to_uppercase()
}

/// notAfter of a PEM certificate as Unix seconds, read by openssl (`-enddate`, then `date`-free
/// parsing of its `Mon DD HH:MM:SS YYYY GMT` form).
pub fn openssl_not_after(cert: &Path) -> i64 {
    let out = Command::new("openssl")
        .args(["x509", "-noout", "-enddate", "-dateopt", "iso_8601", "-in"])
        .arg(cert)
        .output()
        .expect("openssl (package openssl)");
    assert!(
        out.status.success(),
        "openssl x509 -enddate {}",
        cert.display()
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.trim().trim_start_matches("notAfter=");
    // "2027-01-02 03:04:05Z"
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]Z");
    time::PrimitiveDateTime::parse(v, &f)
        .unwrap_or_else(|e| panic!("openssl date {v:?}: {e}"))
        .assume_utc()
        .unix_timestamp()
}
