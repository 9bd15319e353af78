//! What the workflow tells its caller while it runs, typed: the [`Step`] in progress and the
//! [`Warning`]s that did not stop it, and why an [`Outcome`](super::Outcome) failed
//! ([`Failure`]). Each has an English `Display` (for logs and library users) and says its text
//! from the catalogue in the language of the run ([`Localize`]); the CLI only prints it.

use crate::i18n::Localize;
use crate::tr;
use std::fmt;
use std::sync::Arc;

use super::{OrderError, Submission};
use crate::csr::Usage;
use crate::ids::StructureId;
use crate::keys::{KeyAlgorithm, KeyError};

/// How a workflow step tells the user what it is doing. The CLI implements it with a spinner on a
/// terminal and plain lines on stderr otherwise; a library user may ignore it ([`Silent`]).
pub trait Progress: Sync {
    /// The step in progress.
    fn step(&self, step: &Step);
    /// Something that may be wrong, which did not stop the step.
    fn warn(&self, warning: &Warning);
    /// The run's steps are over (the CLI clears its spinner).
    fn finish(&self) {}
}

/// A [`Progress`] that says nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Silent;

impl Progress for Silent {
    fn step(&self, _: &Step) {}
    fn warn(&self, _: &Warning) {}
}

/// A step of the workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// A usage's certificate was fetched by an earlier run (`issued-<usage>.pem`): it is used
    /// instead of asking the platform again.
    UsingFetched {
        /// The structure.
        structure: StructureId,
        /// The usage.
        usage: Usage,
    },
    /// A usage's request goes to the platform.
    Sending {
        /// The structure.
        structure: StructureId,
        /// The usage.
        usage: Usage,
        /// `simpleenroll` or `simplereenroll`.
        submission: Submission,
    },
    /// The issued certificate came without its CA certificates: they are asked for at the
    /// platform's `/cacerts`.
    CompletingChain,
    /// What the platform issued for a structure is checked and installed.
    Installing {
        /// The structure.
        structure: StructureId,
    },
}

/// A step of the order workflow in the language of the run.
impl Localize for Step {
    fn localize(&self) -> String {
        match self {
            Step::UsingFetched { structure, usage } => tr!(
                "order-step-using-fetched",
                structure = structure.to_string(),
                usage = usage.name()
            ),
            Step::Sending {
                structure,
                usage,
                submission,
            } => tr!(
                "order-step-sending",
                structure = structure.to_string(),
                usage = usage.name(),
                operation = submission.operation()
            ),
            Step::CompletingChain => tr!("order-step-completing-chain"),
            Step::Installing { structure } => {
                tr!("order-step-installing", structure = structure.to_string())
            }
        }
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Step::UsingFetched { structure, usage } => write!(
                f,
                "{structure} {}: using the certificate already fetched",
                usage.name()
            ),
            Step::Sending {
                structure,
                usage,
                submission,
            } => write!(
                f,
                "{structure} {}: sending the request to the platform ({})",
                usage.name(),
                submission.operation()
            ),
            Step::CompletingChain => {
                f.write_str("completing the chain with the platform's CA certificates (/cacerts)")
            }
            Step::Installing { structure } => {
                write!(f, "{structure}: checking and installing what was issued")
            }
        }
    }
}

/// Something that may be wrong, which did not stop the workflow.
#[derive(Debug)]
#[non_exhaustive]
pub enum Warning {
    /// The keys asked for are not the platform's ORG key type (RSA 2048).
    KeyAlgorithm(KeyAlgorithm),
    /// A key made on the token for a failed order could not be deleted again.
    UnusedTokenKey {
        /// The key's PKCS#11 URI.
        uri: String,
        /// Why.
        error: KeyError,
    },
}

/// A warning of the order workflow in the language of the run.
impl Localize for Warning {
    fn localize(&self) -> String {
        match self {
            Warning::KeyAlgorithm(alg) => {
                tr!("order-warn-key-algorithm", algorithm = alg.to_string())
            }
            Warning::UnusedTokenKey { uri, error } => tr!(
                "order-warn-unused-token-key",
                uri = uri,
                reason = error.localize()
            ),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::KeyAlgorithm(alg) => write!(
                f,
                "{alg} keys were asked for: the platform's ORG products are RSA 2048, and it may refuse other keys"
            ),
            Warning::UnusedTokenKey { uri, error } => write!(
                f,
                "could not delete the unused key {uri} from the token: {error}"
            ),
        }
    }
}

/// Why an [`Outcome`](super::Outcome) failed, typed (its `error` is the English text of it, for
/// JSON). Cheap to clone: one error may fail several usages.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Failure {
    /// The usage failed.
    Error(Arc<OrderError>),
    /// The certificate is installed in the store, but install targets (NSS database, export
    /// directory) could not be written: each one's reason.
    Targets(Vec<crate::store::targets::TargetFailure>),
}

/// Why an outcome failed, in the language of the run.
impl Localize for Failure {
    fn localize(&self) -> String {
        match self {
            Failure::Error(e) => e.localize(),
            Failure::Targets(t) => {
                let reasons: Vec<String> = t.iter().map(|t| t.localize()).collect();
                tr!("order-failed-targets", reasons = reasons.join("; "))
            }
        }
    }
}

impl Failure {
    /// The error, when the usage failed.
    pub fn error(&self) -> Option<&OrderError> {
        match self {
            Failure::Error(e) => Some(e),
            Failure::Targets(_) => None,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Error(e) => e.fmt(f),
            Failure::Targets(t) => {
                let reasons: Vec<String> = t.iter().map(|t| t.to_string()).collect();
                write!(f, "installed, but {}", reasons.join("; "))
            }
        }
    }
}

impl From<OrderError> for Failure {
    fn from(e: OrderError) -> Self {
        Failure::Error(Arc::new(e))
    }
}

impl From<&Failure> for Failure {
    fn from(f: &Failure) -> Self {
        f.clone()
    }
}
