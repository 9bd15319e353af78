//! Why a certificate fails a check ([`CheckReason`], the reason of
//! [`CertError::Check`](super::CertError::Check)) or its chain does not verify ([`ChainReason`]).
//! Typed: each says its text in the language of the run ([`Localize`]); `Display` is the English
//! text that logs, library users and JSON documents show.

use crate::i18n::Localize;
use crate::tr;
use std::fmt;

use ::time::OffsetDateTime;

use crate::ids::IdError;
use crate::profile::{ServiceProblem, Usage, UsageExtensions, UsageProblem};

/// Why a certificate fails one of the agent's checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckReason {
    /// An INSi CN: never a DMP certificate.
    Insi(ServiceProblem),
    /// Another CN than the procedure's, outside `--adopt`.
    ServiceNeedsAdopt(ServiceProblem),
    /// Its OU is another structure's.
    IssuedForStructure {
        /// The OU (empty when there is none).
        ou: String,
        /// The structure it was checked for.
        structure: String,
    },
    /// C is not FR.
    NotFr,
    /// Its keyUsage or extendedKeyUsage does not fit the usage.
    Usage(UsageProblem),
    /// notBefore is in the future.
    NotYetValid {
        /// notBefore.
        from: OffsetDateTime,
    },
    /// notAfter is in the past.
    Expired {
        /// notAfter.
        on: OffsetDateTime,
    },
    /// Its extensions say another usage than the one offered (`--usage`).
    OtherUsage {
        /// The usage its extensions say.
        found: Usage,
        /// Its extensions.
        exts: UsageExtensions,
        /// The usage offered.
        offered: Usage,
    },
    /// Its extensions fit no ORG usage.
    NoUsage {
        /// Its extensions.
        exts: UsageExtensions,
    },
    /// No OU.
    NoOu,
    /// The OU is not a national structure id.
    BadOu {
        /// Why.
        reason: IdError,
        /// Whether `--allow-test-ids` was off (the hint names it).
        test_ids_off: bool,
    },
    /// It is for another structure than `--structure`.
    OtherStructure {
        /// Its structure.
        found: String,
        /// The one asked for.
        wanted: String,
    },
    /// It matches the pending order of another structure than `--structure`.
    PendingOfOtherStructure {
        /// The order's structure.
        other: String,
        /// The one asked for.
        wanted: String,
    },
    /// `--adopt` without its key.
    KeyNotInFiles,
    /// Its key is no pending key.
    NoPendingKey,
    /// The pending key is not on disk.
    PendingKeyNotOnDisk,
    /// Ordered as another usage than `--usage`.
    OrderedAs {
        /// The usage of the order.
        ordered: Usage,
        /// The usage offered.
        offered: Usage,
    },
    /// Two certificates for one slot in one import.
    TwoForSlot {
        /// The structure.
        structure: String,
        /// The usage.
        usage: Usage,
    },
}

/// Why a certificate fails a check, in the language of the run.
impl Localize for CheckReason {
    fn localize(&self) -> String {
        use crate::i18n::quote;
        use crate::profile::product;
        match self {
            CheckReason::Insi(p) => p.localize(),
            CheckReason::ServiceNeedsAdopt(p) => {
                tr!("cr-service-needs-adopt", reason = p.localize())
            }
            CheckReason::IssuedForStructure { ou, structure } => tr!(
                "cr-issued-for-structure",
                ou = quote(ou),
                structure = structure
            ),
            CheckReason::NotFr => tr!("cr-not-fr"),
            CheckReason::Usage(p) => p.localize(),
            CheckReason::NotYetValid { from } => tr!("cr-not-yet-valid", from = from.to_string()),
            CheckReason::Expired { on } => tr!("cr-expired", on = on.to_string()),
            CheckReason::OtherUsage {
                found,
                exts,
                offered,
            } => tr!(
                "cr-other-usage",
                found = product(*found),
                exts = exts.localize(),
                offered = product(*offered),
                usage = found.name()
            ),
            CheckReason::NoUsage { exts } => tr!("cr-no-usage", exts = exts.localize()),
            CheckReason::NoOu => tr!("cr-no-ou"),
            CheckReason::BadOu {
                reason,
                test_ids_off: false,
            } => tr!("cr-bad-ou", reason = reason.localize()),
            CheckReason::BadOu {
                reason,
                test_ids_off: true,
            } => tr!("cr-bad-ou-test", reason = reason.localize()),
            CheckReason::OtherStructure { found, wanted } => {
                tr!("cr-other-structure", found = found, wanted = wanted)
            }
            CheckReason::PendingOfOtherStructure { other, wanted } => {
                tr!("cr-pending-other-structure", other = other, wanted = wanted)
            }
            CheckReason::KeyNotInFiles => tr!("cr-key-not-in-files"),
            CheckReason::NoPendingKey => tr!("cr-no-pending-key"),
            CheckReason::PendingKeyNotOnDisk => tr!("cr-pending-key-not-on-disk"),
            CheckReason::OrderedAs { ordered, offered } => tr!(
                "cr-ordered-as",
                ordered = product(*ordered),
                offered = product(*offered)
            ),
            CheckReason::TwoForSlot { structure, usage } => {
                tr!(
                    "cr-two-for-slot",
                    structure = structure,
                    usage = usage.name()
                )
            }
        }
    }
}

/// The usage lines of the ORG products, as the "fit no ORG usage" reason lists them.
pub const USAGE_LINES: &str = "AUTH_CLI: digitalSignature + clientAuth; SIGN: digitalSignature, nonRepudiation + emailProtection; CONF: keyEncipherment";

impl fmt::Display for CheckReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CheckReason::Insi(m) => write!(f, "{m}"),
            CheckReason::ServiceNeedsAdopt(m) => write!(
                f,
                "{m} (to bring a certificate that carries another name under management, import it with --adopt)"
            ),
            CheckReason::IssuedForStructure { ou, structure } => write!(
                f,
                "it was issued for structure {ou:?} (OU), not {structure}"
            ),
            CheckReason::NotFr => f.write_str("C is not FR"),
            CheckReason::Usage(p) => write!(f, "{p}"),
            CheckReason::NotYetValid { from } => write!(
                f,
                "it is not valid yet (from {from}); check the system clock"
            ),
            CheckReason::Expired { on } => write!(f, "it expired on {on}"),
            CheckReason::OtherUsage {
                found,
                exts,
                offered,
            } => write!(
                f,
                "it is an {} certificate ({}), not an {} one: import it as {}",
                found.profile().product,
                exts.describe(),
                offered.profile().product,
                found.name()
            ),
            CheckReason::NoUsage { exts } => write!(
                f,
                "its {} fit no ORG usage ({USAGE_LINES})",
                exts.describe()
            ),
            CheckReason::NoOu => f.write_str("no OU (national structure id)"),
            CheckReason::BadOu {
                reason,
                test_ids_off,
            } => write!(
                f,
                "its OU is not a national structure id: {reason}{}",
                if *test_ids_off {
                    " (an identifier of the test platform needs --allow-test-ids)"
                } else {
                    ""
                }
            ),
            CheckReason::OtherStructure { found, wanted } => {
                write!(f, "it is for structure {found}, not {wanted}")
            }
            CheckReason::PendingOfOtherStructure { other, wanted } => write!(
                f,
                "it matches the pending order of structure {other}, not {wanted}"
            ),
            CheckReason::KeyNotInFiles => f.write_str(
                "its private key is not in the files: give the PKCS#12 file that holds it, or --key FILE (PKCS#8 PEM)",
            ),
            CheckReason::NoPendingKey => f.write_str(
                "its public key matches no pending key: was it issued for a request made by `agent csr` in this home? (a certificate for another key cannot be installed; to bring an existing certificate under management with its own key, use --adopt with its PKCS#12 or --key FILE)",
            ),
            CheckReason::PendingKeyNotOnDisk => f.write_str("the pending key is not on disk"),
            CheckReason::OrderedAs { ordered, offered } => write!(
                f,
                "it was ordered as {}, not {}",
                ordered.profile().product,
                offered.profile().product
            ),
            CheckReason::TwoForSlot { structure, usage } => write!(
                f,
                "two certificates for structure {structure}, usage {} in one import: import them one at a time",
                usage.name()
            ),
        }
    }
}

impl From<UsageProblem> for CheckReason {
    fn from(p: UsageProblem) -> Self {
        CheckReason::Usage(p)
    }
}

/// Why a chain does not verify up to a trust anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainReason {
    /// Not signed by a trusted CA.
    UnknownIssuer {
        /// Its issuer is a TEST CA and the TEST anchors are off.
        test_issuer: bool,
    },
    /// A certificate of the chain has expired.
    Expired,
    /// A certificate of the chain is not valid yet.
    NotValidYet,
    /// A signature does not verify.
    BadSignature,
    /// The extended key usage does not fit.
    WrongEku,
    /// A CA certificate as the leaf.
    CaAsEndEntity,
    /// Another reason, as the verifier (rustls-webpki) names it.
    Other(String),
}

/// Why a chain does not verify, in the language of the run.
impl Localize for ChainReason {
    fn localize(&self) -> String {
        match self {
            ChainReason::UnknownIssuer { test_issuer: false } => tr!("chr-unknown-issuer"),
            ChainReason::UnknownIssuer { test_issuer: true } => tr!("chr-unknown-issuer-test"),
            ChainReason::Expired => tr!("chr-expired"),
            ChainReason::NotValidYet => tr!("chr-not-valid-yet"),
            ChainReason::BadSignature => tr!("chr-bad-signature"),
            ChainReason::WrongEku => tr!("chr-wrong-eku"),
            ChainReason::CaAsEndEntity => tr!("chr-ca-as-end-entity"),
            // The verifier's own name for it.
            ChainReason::Other(m) => m.clone(),
        }
    }
}

impl fmt::Display for ChainReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainReason::UnknownIssuer { test_issuer } => {
                f.write_str("it is not signed by a trusted CA (unknown issuer): check that the file comes from the IGC Santé platform and that the trust anchors are the IGC Santé roots")?;
                if *test_issuer {
                    f.write_str("; its issuer is a TEST certificate authority: the TEST platform's anchors are used only with --test-pki (or pki.test_pki = true)")?;
                }
                Ok(())
            }
            ChainReason::Expired => f.write_str("a certificate of the chain has expired"),
            ChainReason::NotValidYet => {
                f.write_str("a certificate of the chain is not valid yet (check the system clock)")
            }
            ChainReason::BadSignature => f.write_str(
                "a signature in the chain is invalid (the file was altered, or the chain is wrong)",
            ),
            ChainReason::WrongEku => {
                f.write_str("the extended key usage does not fit this ORG usage")
            }
            ChainReason::CaAsEndEntity => {
                f.write_str("this is a CA certificate, not an ORG certificate")
            }
            ChainReason::Other(m) => f.write_str(m),
        }
    }
}
