//! The IGC Santé ORG profile per usage, and the PKCS#10 requests the agent builds for it.
//!
//! One table, [`ORG_PROFILES`]: usage → product, service applicatif (the CN), requested keyUsage
//! and extendedKeyUsage. The subject is always, in this order:
//!
//! `C=FR, ST=<Département (NN)>, O=<raison sociale>, OU=<national structure id>, CN=<service applicatif>`
//!
//! with `C` a PrintableString and the others UTF8String; `ST` is left out (with a warning) when the
//! département is not known. The request names nothing else: no e-mail, no subjectAltName, no
//! challenge password. It is signed with SHA-256 (RSA PKCS#1 v1.5 or ECDSA) by an [`AgentKey`](crate::keys::AgentKey),
//! through rcgen's `SigningKey` trait, so the key may live in software or on a token.
//!
//! [`inspect_der`] reads a CSR or a certificate back and says, check by check, whether it fits the
//! ORG profile of its usage; [`build_csr`] runs it on every request it builds.

mod builder;
mod inspect;
mod inspect_detail;
mod profile;

use crate::i18n::Localize;
pub use crate::profile::{ExtKeyUsage, KeyUsageBit, OrgProfile, Usage, UsageError, ORG_PROFILES};
use crate::tr;
pub use builder::{build_csr, Csr};
pub use inspect::{
    inspect_bytes, inspect_der, subject_fields, Check, CheckStatus, InspectDetail, Inspection,
    KeyInfo, ObjectKind, SubjectField,
};
pub use inspect_detail::inspect_name;
pub use profile::{
    check_raison_sociale, check_service, OrgSubject, MAX_RAISON_SOCIALE, MAX_SERVICE,
};

use crate::keys::KeyError;

/// CSR and profile errors. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum CsrError {
    /// An unknown or repeated usage in `--usage`.
    #[error(transparent)]
    Usage(#[from] UsageError),
    /// The raison sociale is empty.
    #[error("the raison sociale (--name) is empty: give the structure's name as the directory or the form 413 has it")]
    EmptyName,
    /// The raison sociale is too long.
    #[error("the raison sociale (--name) has {len} characters; IGC Santé subjects allow at most {max} (X.520 organizationName): use the short form the structure registered")]
    NameTooLong {
        /// Its length in characters.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// A control character in a subject field.
    #[error("the {field} contains a control character (tab, newline…): give it on one line")]
    ControlCharacter {
        /// Which field.
        field: &'static str,
    },
    /// CONF was asked without a service applicatif.
    #[error("the DMP procedure names no service applicatif for CONF (the DMP uses only AUTH_CLI and SIGN): give the name you will type on the portal with --conf-service NAME")]
    NoConfService,
    /// A bad service applicatif name.
    #[error("the service applicatif {0:?} is empty or longer than 64 characters")]
    BadService(String),
    /// rcgen refused to build the request.
    #[error("cannot build the certificate request: {0}")]
    Build(String),
    /// The key failed.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A request the agent built does not fit the profile (a bug: report it).
    #[error("the request built for {usage} does not fit the ORG profile ({detail}); nothing was written. Please report this")]
    SelfCheck {
        /// The usage.
        usage: Usage,
        /// The failed checks.
        detail: String,
    },
    /// A file given to `--show`/`inspect` is neither a CSR nor a certificate.
    #[error("{0}")]
    NotCsrOrCertificate(String),
}

impl Localize for CsrError {
    fn localize(&self) -> String {
        use crate::i18n::quote;
        match self {
            CsrError::Usage(UsageError::Unknown(u)) => {
                tr!("err-csr-unknown-usage", value = quote(u))
            }
            CsrError::Usage(UsageError::Duplicate(u)) => {
                tr!("err-csr-duplicate-usage", usage = u.to_string())
            }
            CsrError::EmptyName => tr!("err-csr-empty-name"),
            CsrError::NameTooLong { len, max } => {
                tr!("err-csr-name-too-long", len = *len, max = *max)
            }
            CsrError::ControlCharacter { field } => {
                tr!("err-csr-control-character", field = field)
            }
            CsrError::NoConfService => tr!("err-csr-no-conf-service"),
            CsrError::BadService(s) => tr!("err-csr-bad-service", value = quote(s)),
            CsrError::Build(m) => tr!("err-csr-build", reason = m),
            CsrError::Key(e) => e.localize(),
            CsrError::SelfCheck { usage, detail } => tr!(
                "err-csr-self-check",
                usage = usage.to_string(),
                reason = detail
            ),
            CsrError::NotCsrOrCertificate(m) => m.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::departement::Departement;
    use crate::keys::software::SoftwareKey;
    use crate::keys::KeyAlgorithm;

    fn subject(dept: Option<&str>) -> OrgSubject {
        OrgSubject {
            departement: dept.map(|d| Departement::from_code(d).unwrap()),
            raison_sociale: "PHARMACIE DE LA GARE".into(),
            structure: "1750000010".parse().unwrap(),
            conf_service: None,
        }
    }

    #[test]
    fn table() {
        for u in Usage::ALL {
            assert_eq!(u.profile().usage, u);
            assert_eq!(u.name().parse::<Usage>().unwrap(), u);
        }
        assert_eq!(
            Usage::AuthCli.profile().service,
            Some("DMP AUTHENTIFICATION")
        );
        assert_eq!(Usage::Sign.profile().service, Some("DMP SIGNATURE"));
        assert_eq!(
            Usage::parse_list("auth_cli, SIGN").unwrap(),
            vec![Usage::AuthCli, Usage::Sign]
        );
        assert!(Usage::parse_list("auth_cli,auth").is_err());
        assert!(Usage::parse_list("sign,sign").is_err());
        assert!(Usage::parse_list("").is_err());
    }

    #[test]
    fn raison_sociale_limits() {
        assert_eq!(check_raison_sociale("  A  ").unwrap(), "A");
        assert!(matches!(
            check_raison_sociale(" "),
            Err(CsrError::EmptyName)
        ));
        assert!(check_raison_sociale(&"É".repeat(64)).is_ok());
        assert!(matches!(
            check_raison_sociale(&"É".repeat(65)),
            Err(CsrError::NameTooLong { len: 65, .. })
        ));
        assert!(check_raison_sociale("A\nB").is_err());
    }

    #[test]
    fn builds_and_fits() {
        let key = SoftwareKey::generate(KeyAlgorithm::Rsa2048).unwrap();
        for u in [Usage::AuthCli, Usage::Sign] {
            let csr = build_csr(&key, u, &subject(Some("2A"))).unwrap();
            let i = inspect_der(&csr.der).unwrap();
            assert!(i.fits_profile, "{:?}", i.checks);
            assert_eq!(i.usage, Some(u));
            assert_eq!(
                i.subject_line,
                format!(
                    "C=FR, ST=Corse-du-Sud (2A), O=PHARMACIE DE LA GARE, OU=1750000010, CN={}",
                    u.profile().service.unwrap()
                )
            );
            assert_eq!(i.subject[0].string_type, "PrintableString");
            assert!(i.subject[1..].iter().all(|f| f.string_type == "UTF8String"));
            assert!(i.checks.iter().all(|c| c.status == CheckStatus::Ok));
        }
        // No ST: fits with a warning.
        let csr = build_csr(&key, Usage::Sign, &subject(None)).unwrap();
        let i = inspect_der(&csr.der).unwrap();
        assert!(i.fits_profile);
        assert!(i
            .checks
            .iter()
            .any(|c| c.name == "ST" && c.status == CheckStatus::Warn));
        // CONF needs a service name.
        assert!(matches!(
            build_csr(&key, Usage::Conf, &subject(None)),
            Err(CsrError::NoConfService)
        ));
        let mut s = subject(Some("75"));
        s.conf_service = Some("CHIFFREMENT".into());
        let csr = build_csr(&key, Usage::Conf, &s).unwrap();
        let i = inspect_der(&csr.der).unwrap();
        assert_eq!(i.usage, Some(Usage::Conf));
        assert_eq!(i.key_usage, ["keyEncipherment"]);
        assert!(i.extended_key_usage.is_empty());
    }

    #[test]
    fn p256_warns() {
        let key = SoftwareKey::generate(KeyAlgorithm::P256).unwrap();
        let csr = build_csr(&key, Usage::AuthCli, &subject(Some("75"))).unwrap();
        let i = inspect_der(&csr.der).unwrap();
        assert!(i.fits_profile);
        assert_eq!(i.signature_algorithm, "ecdsa-with-SHA256");
        assert!(i
            .checks
            .iter()
            .any(|c| c.name == "key" && c.status == CheckStatus::Warn));
    }

    #[test]
    fn foreign_csr_does_not_fit() {
        // rcgen's defaults: a CN-only subject and a SAN.
        let kp = rcgen::KeyPair::generate_for(&rcgen::PKCS_RSA_SHA256).unwrap();
        let params = rcgen::CertificateParams::new(vec!["example.org".to_string()]).unwrap();
        let csr = params.serialize_request(&kp).unwrap();
        let i = inspect_der(csr.der()).unwrap();
        assert!(!i.fits_profile);
        assert!(i.other_extensions.contains(&"subjectAltName".to_string()));
        assert!(inspect_bytes(b"not a csr").is_err());
    }
}
