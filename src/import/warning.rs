//! What an install warns about: a certificate that was installed although something in it is
//! not what IGC Santé issues ([`CertWarning`]). Typed: it says its text in the language of the run
//! ([`Localize`]); in JSON (`agent import --json`, `agent enroll --json`) it is its English text.

use crate::i18n::Localize;
use crate::tr;
use std::fmt;

use serde::Serialize;

use crate::ids::IdWarning;
use crate::profile::{OddValidity, ServiceProblem, UsageWarning};

/// A warning about one certificate that was installed anyway.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertWarning {
    /// Its CN is not the procedure's service applicatif, adopted as it is (`--adopt`).
    Adopted {
        /// The certificate's serial.
        serial: String,
        /// What the CN check found.
        reason: ServiceProblem,
    },
    /// Its keyUsage or extendedKeyUsage has more than the profile, or keyUsage is not critical.
    Usage {
        /// The certificate's serial.
        serial: String,
        /// What the profile check found.
        reason: UsageWarning,
    },
    /// Its validity is not the usual length.
    Validity {
        /// The certificate's serial.
        serial: String,
        /// What the validity check found.
        reason: OddValidity,
    },
    /// Its OU is an identifier of the test platform, accepted by `--allow-test-ids`.
    TestIdentifier {
        /// The certificate's serial.
        serial: String,
        /// The OU.
        ou: String,
        /// The rule the identifier breaks.
        warning: IdWarning,
    },
}

/// A warning about an installed certificate in the language of the run.
impl Localize for CertWarning {
    fn localize(&self) -> String {
        match self {
            CertWarning::Adopted { serial, reason } => tr!(
                "cert-warn-adopted",
                serial = serial,
                reason = reason.localize()
            ),
            CertWarning::Usage { serial, reason } => tr!(
                "cert-warn-usage",
                serial = serial,
                reason = reason.localize()
            ),
            CertWarning::Validity { serial, reason } => tr!(
                "cert-warn-validity",
                serial = serial,
                reason = tr!("odd-validity", days = reason.days)
            ),
            CertWarning::TestIdentifier {
                serial,
                ou,
                warning,
            } => tr!(
                "cert-warn-test-id",
                serial = serial,
                ou = ou,
                reason = warning.localize()
            ),
        }
    }
}

impl fmt::Display for CertWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertWarning::Adopted { serial, reason } => write!(
                f,
                "certificate {serial}: {reason}; it is adopted as it is, and `agent renew` orders its successor with the mandatory name"
            ),
            CertWarning::Usage { serial, reason } => write!(f, "certificate {serial}: {reason}"),
            CertWarning::Validity { serial, reason } => {
                write!(f, "certificate {serial} is {reason}")
            }
            CertWarning::TestIdentifier {
                serial,
                ou,
                warning,
            } => write!(
                f,
                "certificate {serial}: OU {ou} is a test identifier ({warning}), accepted by --allow-test-ids"
            ),
        }
    }
}

/// Its English text, as JSON always had it.
impl Serialize for CertWarning {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Serializes a list as the English texts of its items (`Installed::target_errors`).
pub(super) fn texts<T: fmt::Display, S: serde::Serializer>(
    items: &[T],
    s: S,
) -> Result<S::Ok, S::Error> {
    s.collect_seq(items.iter().map(|i| i.to_string()))
}
