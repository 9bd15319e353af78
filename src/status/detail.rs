//! Why a row of `agent status` is `invalid`, `missing` or `pending`, typed: `Display` is the
//! English text of the row's `detail` (its JSON value, identical in every language); the CLI
//! renders the lines under the table from the catalogue. Texts the system or a parser produced
//! (an I/O error, a PEM or X.509 parser's reason) are passed through.

use crate::i18n::Localize;
use crate::tr;
use std::fmt;
use std::path::PathBuf;

use crate::certificate::ChainReason;
use crate::profile::{Usage, UsageProblem};

use super::usage_label;

/// One reason of a row's `detail`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Detail {
    /// The live directory cannot be opened.
    CannotOpen {
        /// The directory.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// A file cannot be read.
    CannotRead {
        /// The file.
        path: PathBuf,
        /// The system's reason.
        reason: String,
    },
    /// A PEM file holds no CERTIFICATE block.
    NoCertificateBlock {
        /// The file.
        file: String,
    },
    /// A file is not PEM.
    NotPem {
        /// The file.
        file: String,
        /// The parser's reason.
        reason: String,
    },
    /// A certificate cannot be parsed.
    NotACertificate {
        /// The file.
        file: String,
        /// The parser's reason.
        reason: String,
    },
    /// cert.pem's OU is another structure.
    OtherStructure {
        /// The OU.
        ou: String,
        /// The structure of the store directory.
        structure: String,
    },
    /// cert.pem is a CA certificate.
    CaCertificate,
    /// cert.pem's keyUsage or extendedKeyUsage does not fit its usage.
    Usage(UsageProblem),
    /// privkey.pem is another key's.
    KeyMismatch,
    /// privkey.pem cannot be read.
    KeyUnreadable(String),
    /// key.uri is not a pkcs11: URI.
    KeyUriNotPkcs11,
    /// Neither privkey.pem nor key.uri.
    NoPrivateKey,
    /// The chain does not verify up to an anchor.
    Chain {
        /// cert.pem's serial.
        serial: String,
        /// cert.pem's subject.
        subject: String,
        /// Why.
        reason: ChainReason,
    },
    /// Another failure of the chain check, as the library said it.
    Text(String),
    /// chain.pem does not start with cert.pem's issuer.
    ChainStartsWith {
        /// chain.pem's first subject.
        first: String,
        /// cert.pem's issuer.
        issuer: String,
    },
    /// chain.pem's first certificate did not sign cert.pem.
    ChainNotSigned,
    /// notBefore is in the future.
    NotValidBefore {
        /// notBefore, RFC 3339.
        from: String,
    },
    /// Installed, but install targets failed.
    TargetsFailed(Vec<String>),
    /// Ordered, not imported yet.
    Pending {
        /// When it was ordered (RFC 3339).
        created: String,
        /// The product.
        product: String,
    },
    /// One of AUTH_CLI and SIGN without the other.
    Missing {
        /// The usage that is there.
        have: Usage,
        /// The one that is not.
        need: Usage,
        /// The structure.
        structure: String,
    },
}

/// One reason under the table of `agent status`, in the language of the run.
impl Localize for Detail {
    fn localize(&self) -> String {
        match self {
            Detail::CannotOpen { path, reason } => {
                tr!("sd-cannot-open", path = path, reason = reason)
            }
            Detail::CannotRead { path, reason } => {
                tr!("sd-cannot-read", path = path, reason = reason)
            }
            Detail::NoCertificateBlock { file } => tr!("sd-no-certificate-block", file = file),
            Detail::NotPem { file, reason } => tr!("sd-not-pem", file = file, reason = reason),
            Detail::NotACertificate { file, reason } => {
                tr!("sd-not-a-certificate", file = file, reason = reason)
            }
            Detail::OtherStructure { ou, structure } => {
                tr!("sd-other-structure", ou = ou, structure = structure)
            }
            Detail::CaCertificate => tr!("sd-ca-certificate"),
            Detail::Usage(p) => tr!("sd-usage", reason = p.localize()),
            Detail::KeyMismatch => tr!("sd-key-mismatch"),
            Detail::KeyUnreadable(m) => tr!("sd-key-unreadable", reason = m),
            Detail::KeyUriNotPkcs11 => tr!("sd-key-uri-not-pkcs11"),
            Detail::NoPrivateKey => tr!("sd-no-private-key"),
            Detail::Chain {
                serial,
                subject,
                reason,
            } => tr!(
                "err-cert-chain",
                serial = serial,
                subject = subject,
                reason = reason.localize()
            ),
            Detail::Text(m) => m.clone(),
            Detail::ChainStartsWith { first, issuer } => {
                tr!("sd-chain-starts-with", first = first, issuer = issuer)
            }
            Detail::ChainNotSigned => tr!("sd-chain-not-signed"),
            Detail::NotValidBefore { from } => tr!("sd-not-valid-before", from = from),
            Detail::TargetsFailed(v) => {
                tr!("sd-targets-failed", failures = crate::i18n::join(v.clone()))
            }
            Detail::Pending { created, product } => {
                tr!("sd-pending", created = created, product = product)
            }
            Detail::Missing {
                have,
                need,
                structure,
            } => tr!(
                "sd-missing",
                have = usage_label(*have),
                need = usage_label(*need),
                structure = structure,
                usage = need.name()
            ),
        }
    }
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detail::CannotOpen { path, reason } => {
                write!(f, "cannot open {}: {reason}", path.display())
            }
            Detail::CannotRead { path, reason } => {
                write!(f, "cannot read {}: {reason}", path.display())
            }
            Detail::NoCertificateBlock { file } => write!(f, "{file}: no CERTIFICATE block"),
            Detail::NotPem { file, reason } => write!(f, "{file}: not PEM: {reason}"),
            Detail::NotACertificate { file, reason } => {
                write!(f, "{file}: not a valid certificate: {reason}")
            }
            Detail::OtherStructure { ou, structure } => write!(
                f,
                "cert.pem is for structure {ou} (its OU), not {structure}"
            ),
            Detail::CaCertificate => {
                f.write_str("cert.pem is a CA certificate, not an ORG certificate")
            }
            Detail::Usage(p) => write!(f, "cert.pem: {p}"),
            Detail::KeyMismatch => f.write_str("privkey.pem does not match cert.pem"),
            Detail::KeyUnreadable(m) => write!(f, "privkey.pem: {m}"),
            Detail::KeyUriNotPkcs11 => f.write_str("key.uri is not a pkcs11: URI"),
            Detail::NoPrivateKey => f.write_str("no private key (privkey.pem or key.uri)"),
            Detail::Chain {
                serial,
                subject,
                reason,
            } => write!(
                f,
                "{}",
                crate::certificate::CertError::Chain {
                    serial: serial.clone(),
                    subject: subject.clone(),
                    reason: reason.clone(),
                }
            ),
            Detail::Text(m) => f.write_str(m),
            Detail::ChainStartsWith { first, issuer } => write!(
                f,
                "chain.pem starts with {first}, not the issuer of cert.pem ({issuer})"
            ),
            Detail::ChainNotSigned => f.write_str(
                "the first certificate of chain.pem did not sign cert.pem (the file was altered, or the chain is wrong)",
            ),
            Detail::NotValidBefore { from } => {
                write!(f, "not valid before {from} (check the system clock)")
            }
            Detail::TargetsFailed(v) => write!(f, "installed, but {}", v.join("; ")),
            Detail::Pending { created, product } => write!(
                f,
                "ordered {created} ({product}); import the certificate with `agent import` once the platform has issued it"
            ),
            Detail::Missing {
                have,
                need,
                structure,
            } => write!(
                f,
                "{} is there but not {}: the DMP needs both; order it with `agent csr --structure {structure} --usage {}`",
                usage_label(*have),
                usage_label(*need),
                need.name()
            ),
        }
    }
}

/// The `detail` text of reasons: each one's English text, joined by `; `.
pub fn join(details: &[Detail]) -> Option<String> {
    (!details.is_empty()).then(|| {
        details
            .iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("; ")
    })
}
