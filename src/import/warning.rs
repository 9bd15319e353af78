//! The warnings of an accepted certificate ([`ImportWarning`]), typed: `Display` is the English
//! text of [`Installed::warnings`](super::Installed) (JSON, logs); the CLI renders them from the
//! catalogue.

use std::fmt;

use crate::ids::IdWarning;
use crate::profile::{OddValidity, ServiceProblem, UsageWarning};

/// Something an administrator should know about a certificate that was accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportWarning {
    /// `--adopt` took a certificate whose CN is not the mandatory name.
    AdoptedService {
        /// Its serial.
        serial: String,
        /// How its CN differs.
        problem: ServiceProblem,
    },
    /// keyUsage / extendedKeyUsage beyond the profile, or not critical.
    Usage {
        /// Its serial.
        serial: String,
        /// What.
        warning: UsageWarning,
    },
    /// A validity that is not about 3 years.
    Validity {
        /// Its serial.
        serial: String,
        /// The validity.
        odd: OddValidity,
    },
    /// A test identifier in the OU, accepted by `--allow-test-ids`.
    TestOu {
        /// Its serial.
        serial: String,
        /// The OU.
        ou: String,
        /// The rule it breaks.
        warning: IdWarning,
    },
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportWarning::AdoptedService { serial, problem } => write!(
                f,
                "certificate {serial}: {problem}; it is adopted as it is, and `agent renew` orders its successor with the mandatory name"
            ),
            ImportWarning::Usage { serial, warning } => {
                write!(f, "certificate {serial}: {warning}")
            }
            ImportWarning::Validity { serial, odd } => write!(f, "certificate {serial} is {odd}"),
            ImportWarning::TestOu {
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
