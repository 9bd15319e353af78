//! The test PKI: a test IGC Santé root with its PERSONNES (card holders) and ORGANISATIONS (ORG
//! certificates) intermediate CAs, made once per directory with the `openssl` command. Every name
//! carries TEST, as the real test CAs do.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Subject of the test root.
pub const ROOT_SUBJECT: &str =
    "/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN=TEST AC RACINE IGC-SANTE ELEMENTAIRE";
/// Subject of the test PERSONNES CA (issues card holder certificates).
pub const PERSONNES_SUBJECT: &str = "/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN=TEST AC IGC-SANTE ELEMENTAIRE PERSONNES";
/// Subject of the test ORGANISATIONS CA (issues ORG certificates).
pub const ORGANISATIONS_SUBJECT: &str = "/C=FR/O=ASIP-SANTE/OU=0002 187512751/OU=IGC-SANTE TEST/CN=TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS";

/// The files of the test PKI in one directory.
#[derive(Debug, Clone)]
pub struct TestPki {
    /// The directory.
    pub dir: PathBuf,
}

impl TestPki {
    /// Path of `name` in the PKI directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
    /// Root certificate (PEM).
    pub fn root_cert(&self) -> PathBuf {
        self.file("root.pem")
    }
    /// PERSONNES CA certificate (PEM).
    pub fn personnes_cert(&self) -> PathBuf {
        self.file("personnes.pem")
    }
    /// PERSONNES CA key (PEM).
    pub fn personnes_key(&self) -> PathBuf {
        self.file("personnes.key")
    }
    /// ORGANISATIONS CA certificate (PEM).
    pub fn organisations_cert(&self) -> PathBuf {
        self.file("organisations.pem")
    }
    /// ORGANISATIONS CA key (PEM, PKCS#8).
    pub fn organisations_key(&self) -> PathBuf {
        self.file("organisations.key")
    }
    /// PERSONNES CA + root, the chain a card holder certificate verifies against (PEM).
    pub fn personnes_chain(&self) -> PathBuf {
        self.file("personnes-chain.pem")
    }

    /// Opens the PKI in `dir`, creating it the first time.
    pub fn open_or_create(dir: &Path) -> Result<TestPki> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let pki = TestPki {
            dir: dir.to_path_buf(),
        };
        if pki.file("complete").exists() {
            return Ok(pki);
        }
        let ca_ext = pki.file("ca.ext");
        std::fs::write(
            &ca_ext,
            "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
        )?;
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-utf8",
            "-keyout",
            &s(&pki.file("root.key")),
            "-out",
            &s(&pki.root_cert()),
            "-subj",
            ROOT_SUBJECT,
            "-days",
            "7300",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ])?;
        for (name, subject) in [
            ("personnes", PERSONNES_SUBJECT),
            ("organisations", ORGANISATIONS_SUBJECT),
        ] {
            let key = pki.file(&format!("{name}.key"));
            let csr = pki.file(&format!("{name}.csr"));
            openssl(&[
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-utf8",
                "-keyout",
                &s(&key),
                "-out",
                &s(&csr),
                "-subj",
                subject,
            ])?;
            openssl(&[
                "x509",
                "-req",
                "-in",
                &s(&csr),
                "-CA",
                &s(&pki.root_cert()),
                "-CAkey",
                &s(&pki.file("root.key")),
                "-CAcreateserial",
                "-days",
                "3650",
                "-extfile",
                &s(&ca_ext),
                "-out",
                &s(&pki.file(&format!("{name}.pem"))),
            ])?;
        }
        let chain = [
            std::fs::read_to_string(pki.personnes_cert())?,
            std::fs::read_to_string(pki.root_cert())?,
        ]
        .concat();
        std::fs::write(pki.personnes_chain(), chain)?;
        std::fs::write(pki.file("complete"), "")?;
        Ok(pki)
    }
}

/// A path as a string argument.
pub fn s(p: &Path) -> String {
    p.display().to_string()
}

/// Runs `openssl` with `args`; its stderr is returned in the error.
pub fn openssl(args: &[&str]) -> Result<Vec<u8>> {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .context("running openssl (install the openssl package)")?;
    if !out.status.success() {
        bail!(
            "openssl {} failed: {}",
            args.first().copied().unwrap_or(""),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(out.stdout)
}
