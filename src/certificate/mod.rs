//! Certificates as the agent reads them: the fields the ORG profile cares about, the files the
//! platform delivers ([`formats`]), chain verification up to the trust anchors ([`chain`]) and the
//! IGC Santé CA certificates built into the agent ([`builtin`]).

pub mod builtin;
pub mod chain;
pub mod formats;
mod reason;

use crate::i18n::Localize;
use crate::tr;
pub use reason::{ChainReason, CheckReason, USAGE_LINES};

use ::time::OffsetDateTime;
use serde::Serialize;
use x509_parser::prelude::*;

use crate::profile;

/// Certificate errors. Each message names the check and what to do.
#[derive(Debug, thiserror::Error)]
pub enum CertError {
    /// Not a readable certificate.
    #[error("{what} is not a valid X.509 certificate: {reason}")]
    Malformed {
        /// The file or object.
        what: String,
        /// The parser's message.
        reason: String,
    },
    /// A file is not one of the accepted formats.
    #[error("{file}: not a certificate, PKCS#7 (.p7b/.p7c) or PKCS#12 (.p12/.pfx) file, in PEM or DER ({reason}); was the download complete?")]
    UnknownFormat {
        /// The file.
        file: String,
        /// What was found.
        reason: String,
    },
    /// The PKCS#12 password is wrong (or the file is corrupt).
    #[error("{file}: cannot open the PKCS#12 file: wrong password, or the file is damaged")]
    P12Password {
        /// The file.
        file: String,
    },
    /// A PKCS#12 holds more than one key.
    #[error("{file}: the PKCS#12 file holds {count} private keys; the agent installs one key per certificate: export each certificate with its key separately")]
    P12TooManyKeys {
        /// The file.
        file: String,
        /// How many keys.
        count: usize,
    },
    /// A check failed.
    #[error("certificate {serial} ({subject}): {reason}")]
    Check {
        /// Serial number (hex).
        serial: String,
        /// Subject line.
        subject: String,
        /// Which check failed and how (boxed: it is large, and errors travel by value).
        reason: Box<CheckReason>,
    },
    /// The chain does not verify.
    #[error("certificate {serial} ({subject}): the chain does not verify up to a trusted IGC Santé root: {reason}")]
    Chain {
        /// Serial number (hex).
        serial: String,
        /// Subject line.
        subject: String,
        /// Why.
        reason: ChainReason,
    },
    /// No trust anchor at all: the built-in ones are turned off and none is configured.
    #[error("no trust anchor: the built-in IGC Santé roots are turned off (--no-builtin-anchors or pki.builtin_anchors = false) and none is configured; give --trust-anchor FILE (PEM) or set pki.trust_anchors, or use the built-in ones (see docs/install.md)")]
    NoTrustAnchor,
    /// A trust anchor file is unusable.
    #[error("trust anchor {file}: {reason}")]
    BadTrustAnchor {
        /// The file.
        file: String,
        /// Why.
        reason: String,
    },
}

impl Localize for CertError {
    fn localize(&self) -> String {
        match self {
            CertError::Malformed { what, reason } => {
                tr!("err-cert-malformed", what = what, reason = reason)
            }
            CertError::UnknownFormat { file, reason } => {
                tr!("err-cert-unknown-format", file = file, reason = reason)
            }
            CertError::P12Password { file } => tr!("err-p12-password", file = file),
            CertError::P12TooManyKeys { file, count } => {
                tr!("err-p12-too-many-keys", file = file, count = *count)
            }
            CertError::Check {
                serial,
                subject,
                reason,
            } => tr!(
                "err-cert-check",
                serial = serial,
                subject = subject,
                reason = reason.localize()
            ),
            CertError::Chain {
                serial,
                subject,
                reason,
            } => tr!(
                "err-cert-chain",
                serial = serial,
                subject = subject,
                reason = reason.localize()
            ),
            CertError::NoTrustAnchor => tr!("err-no-trust-anchor"),
            CertError::BadTrustAnchor { file, reason } => {
                tr!("err-bad-trust-anchor", file = file, reason = reason)
            }
        }
    }
}

/// What the agent needs to know about a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertSummary {
    /// Subject, RFC 4514 style.
    pub subject: String,
    /// Issuer, RFC 4514 style.
    pub issuer: String,
    /// Serial number, upper-case hex.
    pub serial: String,
    /// CN.
    pub cn: Option<String>,
    /// OU (the national structure id on an ORG certificate).
    pub ou: Option<String>,
    /// O (raison sociale).
    pub o: Option<String>,
    /// ST (département).
    pub st: Option<String>,
    /// C.
    pub c: Option<String>,
    /// Start of validity.
    #[serde(with = "::time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// End of validity.
    #[serde(with = "::time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// keyUsage bits by their RFC 5280 names.
    pub key_usage: Vec<String>,
    /// Whether keyUsage is critical (`None` without keyUsage).
    pub key_usage_critical: Option<bool>,
    /// extendedKeyUsage by short names (clientAuth, emailProtection…) or dotted OIDs.
    pub ext_key_usage: Vec<String>,
    /// basicConstraints cA.
    pub is_ca: bool,
    /// SubjectPublicKeyInfo DER.
    #[serde(skip)]
    pub spki: Vec<u8>,
    /// Raw subject DER.
    #[serde(skip)]
    pub subject_der: Vec<u8>,
    /// Raw issuer DER.
    #[serde(skip)]
    pub issuer_der: Vec<u8>,
}

fn first_attr(name: &X509Name<'_>, oid: &x509_parser::der_parser::oid::Oid<'_>) -> Option<String> {
    name.iter_by_oid(oid)
        .next()
        .and_then(|a| a.as_str().ok())
        .map(str::to_string)
}

fn ts(t: ASN1Time) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

impl CertSummary {
    /// Parses a DER certificate; `what` names it in errors.
    pub fn parse(der: &[u8], what: &str) -> Result<CertSummary, CertError> {
        let (rest, cert) = X509Certificate::from_der(der).map_err(|e| CertError::Malformed {
            what: what.to_string(),
            reason: e.to_string(),
        })?;
        if !rest.is_empty() {
            return Err(CertError::Malformed {
                what: what.to_string(),
                reason: format!("{} bytes of trailing data", rest.len()),
            });
        }
        use x509_parser::oid_registry::*;
        let s = cert.subject();
        let usages = profile::UsageExtensions::of_certificate(&cert);
        let is_ca = matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca);
        Ok(CertSummary {
            subject: s.to_string(),
            issuer: cert.issuer().to_string(),
            serial: cert.raw_serial_as_string().replace(':', "").to_uppercase(),
            cn: first_attr(s, &OID_X509_COMMON_NAME),
            ou: first_attr(s, &OID_X509_ORGANIZATIONAL_UNIT),
            o: first_attr(s, &OID_X509_ORGANIZATION_NAME),
            st: first_attr(s, &OID_X509_STATE_OR_PROVINCE_NAME),
            c: first_attr(s, &OID_X509_COUNTRY_NAME),
            not_before: ts(cert.validity().not_before),
            not_after: ts(cert.validity().not_after),
            key_usage: usages.key_usage,
            key_usage_critical: usages.key_usage_critical,
            ext_key_usage: usages.ext_key_usage,
            is_ca,
            spki: cert.public_key().raw.to_vec(),
            subject_der: cert.subject().as_raw().to_vec(),
            issuer_der: cert.issuer().as_raw().to_vec(),
        })
    }

    /// A check failure about this certificate.
    pub fn fail(&self, reason: impl Into<CheckReason>) -> CertError {
        CertError::Check {
            serial: self.serial.clone(),
            subject: self.subject.clone(),
            reason: Box::new(reason.into()),
        }
    }

    /// Its keyUsage and extendedKeyUsage, for [`profile::check_usage`].
    pub fn usages(&self) -> profile::UsageExtensions {
        profile::UsageExtensions {
            key_usage: self.key_usage.clone(),
            key_usage_critical: self.key_usage_critical,
            ext_key_usage: self.ext_key_usage.clone(),
        }
    }

    /// The usage its keyUsage and extendedKeyUsage say ([`profile::usage_of`]).
    pub fn usage(&self) -> Option<crate::profile::Usage> {
        profile::usage_of(&self.usages())
    }

    /// Whole days from `now` to expiry (negative once expired).
    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.not_after - now).whole_days()
    }
}

/// PEM text of a DER certificate.
pub fn cert_pem(der: &[u8]) -> String {
    ::pem::encode_config(
        &::pem::Pem::new("CERTIFICATE", der.to_vec()),
        ::pem::EncodeConfig::new().set_line_ending(::pem::LineEnding::LF),
    )
}
