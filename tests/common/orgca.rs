//! An independent ORG certificate authority made with the `openssl` command in the test: a TEST
//! root and a TEST ORGANISATIONS intermediate, issuing ORG AUTH_CLI / SIGN certificates from the
//! agent's requests with chosen validity dates (`openssl ca -startdate/-enddate`).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The CA's directory and files.
pub struct OrgCa {
    /// Temporary directory.
    pub dir: tempfile::TempDir,
}

fn openssl(args: &[&str], cwd: &Path) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("openssl (package openssl)");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

const EXTENSIONS: &str = r#"
[ auth_cli ]
keyUsage = critical,digitalSignature
extendedKeyUsage = clientAuth
basicConstraints = critical,CA:FALSE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ sign ]
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
basicConstraints = critical,CA:FALSE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ conf ]
keyUsage = critical,keyEncipherment
basicConstraints = critical,CA:FALSE
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"#;

impl OrgCa {
    /// Creates the root and the ORGANISATIONS CA.
    pub fn new() -> OrgCa {
        Self::with_names(
            "TEST AC RACINE IGC-SANTE ELEMENTAIRE",
            "TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS",
        )
    }

    /// Creates a CA pair with the given common names.
    pub fn with_names(root_cn: &str, org_cn: &str) -> OrgCa {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        std::fs::create_dir_all(d.join("newcerts")).unwrap();
        std::fs::write(d.join("index.txt"), "").unwrap();
        std::fs::write(d.join("serial"), "1000\n").unwrap();
        let conf = format!(
            "[ ca ]\ndefault_ca = CA_default\n[ CA_default ]\ndir = {}\ndatabase = $dir/index.txt\nnew_certs_dir = $dir/newcerts\nserial = $dir/serial\ndefault_md = sha256\npolicy = policy_any\nunique_subject = no\ncopy_extensions = none\nemail_in_dn = no\n[ policy_any ]\ncountryName = optional\nstateOrProvinceName = optional\norganizationName = optional\norganizationalUnitName = optional\ncommonName = supplied\n{EXTENSIONS}",
            d.display()
        );
        std::fs::write(d.join("ca.cnf"), conf).unwrap();
        let root_subj =
            format!("/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN={root_cn}");
        let org_subj =
            format!("/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN={org_cn}");
        openssl(
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "root.key",
                "-out",
                "root.pem",
                "-subj",
                &root_subj,
                "-days",
                "7300",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign,cRLSign",
            ],
            d,
        );
        openssl(
            &[
                "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "org.key", "-out",
                "org.csr", "-subj", &org_subj,
            ],
            d,
        );
        openssl(
            &[
                "x509",
                "-req",
                "-in",
                "org.csr",
                "-CA",
                "root.pem",
                "-CAkey",
                "root.key",
                "-CAcreateserial",
                "-days",
                "3650",
                "-extfile",
                "ca.cnf",
                "-extensions",
                "v3_ca",
                "-out",
                "org.pem",
            ],
            d,
        );
        OrgCa { dir }
    }

    /// The root certificate (the trust anchor).
    pub fn root(&self) -> PathBuf {
        self.dir.path().join("root.pem")
    }

    /// The ORGANISATIONS CA certificate.
    pub fn intermediate(&self) -> PathBuf {
        self.dir.path().join("org.pem")
    }

    /// Issues a certificate from `csr` with the extensions of `profile` (`auth_cli`, `sign`,
    /// `conf`) valid from `start` to `end` (`YYYYMMDDHHMMSSZ`). Returns the PEM path.
    pub fn issue(&self, csr: &Path, profile: &str, start: &str, end: &str, out: &Path) -> PathBuf {
        let d = self.dir.path();
        openssl(
            &[
                "ca",
                "-config",
                "ca.cnf",
                "-batch",
                "-notext",
                "-preserveDN",
                "-utf8",
                "-cert",
                "org.pem",
                "-keyfile",
                "org.key",
                "-extensions",
                profile,
                "-startdate",
                start,
                "-enddate",
                end,
                "-in",
                &csr.display().to_string(),
                "-out",
                &out.display().to_string(),
            ],
            d,
        );
        out.to_path_buf()
    }

    /// Issues a certificate valid from `days_from` to `days_to` days relative to now.
    pub fn issue_days(
        &self,
        csr: &Path,
        profile: &str,
        days_from: i64,
        days_to: i64,
        out: &Path,
    ) -> PathBuf {
        // One second before "now + days": the agent runs later, in the same second at the
        // soonest, so a certificate issued for N days always shows N - 1 whole days left
        // (`days_until` counts whole seconds) instead of N when the run is fast.
        let now = time::OffsetDateTime::now_utc() - time::Duration::seconds(1);
        let fmt = |days: i64| super::openssl_time(now + time::Duration::days(days));
        self.issue(csr, profile, &fmt(days_from), &fmt(days_to), out)
    }
}
