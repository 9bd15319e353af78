//! The IGC Santé CA certificates compiled into the agent (`assets/igc-sante/`, sources and SHA-256
//! fingerprints in its README), as webpki-roots and certifi ship theirs: the production roots
//! (ELEMENTAIRE, STANDARD, FORT) are trust anchors by default, their ORGANISATIONS and PERSONNES
//! intermediates help build paths; the TEST ones only under the test switch (`--test-pki`,
//! `pki.test_pki`). `--no-builtin-anchors` / `pki.builtin_anchors = false` leaves them all out.

/// One built-in CA certificate.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinCa {
    /// Its file name under `assets/igc-sante/`.
    pub file: &'static str,
    /// The PEM text.
    pub pem: &'static [u8],
    /// A root (a trust anchor), else an intermediate (path building only).
    pub root: bool,
    /// A TEST platform CA (used only under the test switch).
    pub test: bool,
}

macro_rules! ca {
    ($file:literal, $root:expr, $test:expr) => {
        BuiltinCa {
            file: $file,
            pem: include_bytes!(concat!("../../assets/igc-sante/", $file)),
            root: $root,
            test: $test,
        }
    };
}

/// Every built-in CA certificate.
pub const ALL: &[BuiltinCa] = &[
    ca!("prod-acr-elementaire.pem", true, false),
    ca!("prod-acr-standard.pem", true, false),
    ca!("prod-acr-fort.pem", true, false),
    ca!("prod-aci-elementaire-organisations.pem", false, false),
    ca!("prod-aci-elementaire-personnes.pem", false, false),
    ca!("prod-aci-standard-organisations.pem", false, false),
    ca!("prod-aci-standard-personnes.pem", false, false),
    ca!("prod-aci-fort-organisations.pem", false, false),
    ca!("prod-aci-fort-personnes.pem", false, false),
    ca!("test-acr-elementaire.pem", true, true),
    ca!("test-aci-elementaire-organisations.pem", false, true),
    ca!("test-aci-elementaire-personnes.pem", false, true),
];

impl BuiltinCa {
    /// The DER certificate.
    pub fn der(&self) -> Vec<u8> {
        // The files are checked by the tests below: one CERTIFICATE block each.
        pem::parse(self.pem)
            .map(pem::Pem::into_contents)
            .unwrap_or_default()
    }
}

/// The built-in certificates of a run: production ones, and the TEST ones when `test_pki`.
pub fn selected(test_pki: bool) -> impl Iterator<Item = &'static BuiltinCa> {
    ALL.iter().filter(move |c| test_pki || !c.test)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificate::CertSummary;
    use sha2::Digest;

    /// The README's table: file → SHA-256 of the DER certificate.
    fn readme_fingerprints() -> Vec<(String, String)> {
        let readme = include_str!("../../assets/igc-sante/README.md");
        readme
            .lines()
            .filter(|l| l.starts_with("| `"))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                (
                    cells[1].trim_matches('`').to_string(),
                    cells[5].trim_matches('`').replace(':', "").to_lowercase(),
                )
            })
            .collect()
    }

    #[test]
    fn builtin_files_match_the_fingerprints() {
        let table = readme_fingerprints();
        assert_eq!(table.len(), ALL.len(), "one README row per embedded file");
        for c in ALL {
            let blocks = pem::parse_many(c.pem).unwrap();
            assert_eq!(blocks.len(), 1, "{}", c.file);
            assert_eq!(blocks[0].tag(), "CERTIFICATE", "{}", c.file);
            let sha = hex::encode(sha2::Sha256::digest(c.der()));
            let (_, want) = table
                .iter()
                .find(|(f, _)| f == c.file)
                .unwrap_or_else(|| panic!("{} is not in the README table", c.file));
            assert_eq!(&sha, want, "{}: SHA-256 differs from the README", c.file);
        }
    }

    #[test]
    fn names_roles_and_issuers() {
        for c in ALL {
            let s = CertSummary::parse(&c.der(), c.file).unwrap();
            assert!(s.is_ca, "{}", c.file);
            let cn = s.cn.clone().unwrap();
            assert_eq!(cn.starts_with("TEST "), c.test, "{}: {cn}", c.file);
            assert_eq!(c.file.starts_with("test-"), c.test, "{}", c.file);
            assert_eq!(
                s.subject_der == s.issuer_der,
                c.root,
                "{}: a root is self-issued, an intermediate is not",
                c.file
            );
            assert!(s.subject.contains("IGC-SANTE"), "{}", s.subject);
            if !c.root {
                // Each intermediate's issuer is a built-in root of the same platform.
                assert!(
                    ALL.iter().any(|r| r.root
                        && r.test == c.test
                        && CertSummary::parse(&r.der(), r.file).unwrap().subject_der
                            == s.issuer_der),
                    "{}",
                    c.file
                );
            }
        }
        // Anchor selection with the real certificates: each intermediate is signed by the key
        // of the built-in root its issuer names (and by no other root).
        use x509_parser::prelude::*;
        for c in ALL.iter().filter(|c| !c.root) {
            let der = c.der();
            let (_, x) = X509Certificate::from_der(&der).unwrap();
            let signers: Vec<&str> = ALL
                .iter()
                .filter(|r| r.root)
                .filter(|r| {
                    let rd = r.der();
                    let (_, root) = X509Certificate::from_der(&rd).unwrap();
                    x.verify_signature(Some(root.public_key())).is_ok()
                })
                .map(|r| r.file)
                .collect();
            assert_eq!(signers.len(), 1, "{}: {signers:?}", c.file);
            let level = c.file.split('-').nth(2).unwrap();
            assert!(
                signers[0].ends_with(&format!("acr-{level}.pem")),
                "{}: {signers:?}",
                c.file
            );
        }
        assert_eq!(selected(false).filter(|c| c.root).count(), 3);
        assert!(selected(false).all(|c| !c.test));
        assert_eq!(selected(true).count(), ALL.len());
    }
}
