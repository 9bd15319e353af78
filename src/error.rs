//! The agent's error type.
//!
//! Each module has its own error enum with messages written for a technical administrator: what went
//! wrong, and what to do. [`Error`] gathers them; the CLI decides their exit codes
//! (`cli::exit::code`, the table of `docs/exit-codes.md`).

use std::path::PathBuf;

/// Everything that can go wrong in the agent.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A card, reader or token problem.
    #[error(transparent)]
    Card(#[from] crate::card::CardError),
    /// A PIN could not be read.
    #[error(transparent)]
    Pin(#[from] crate::pin::PinError),
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] crate::config::ConfigError),
    /// The CPS directory could not answer.
    #[error(transparent)]
    Annuaire(#[from] crate::annuaire::AnnuaireError),
    /// A key could not be generated, found or used.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// A département or postal code is invalid.
    #[error(transparent)]
    Departement(#[from] crate::departement::DepartementError),
    /// A certificate request could not be made, or a CSR/certificate could not be read.
    #[error(transparent)]
    Csr(#[from] crate::csr::CsrError),
    /// The pending area (orders prepared by `agent csr`).
    #[error(transparent)]
    Pending(#[from] crate::pending::PendingError),
    /// Form 413 could not be prepared.
    #[error(transparent)]
    Form413(#[from] crate::form413::Form413Error),
    /// A national identifier is invalid.
    #[error(transparent)]
    Id(#[from] crate::ids::IdError),
    /// A certificate could not be read or failed a check.
    #[error(transparent)]
    Cert(#[from] crate::certificate::CertError),
    /// A store problem.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// `agent status` could not check.
    #[error(transparent)]
    Status(#[from] crate::status::StatusError),
    /// The certificate platform (EST) or its TLS failed, refused, or left the order pending.
    #[error(transparent)]
    Enroll(#[from] crate::enroll::EnrollError),
    /// The home, store or pending area is writable by, or belongs to, another user.
    #[error(transparent)]
    UnsafeDir(#[from] crate::fsutil::UnsafeDir),
    /// `agent notify` could not run (configuration, state file).
    #[error(transparent)]
    Notify(#[from] crate::notify::NotifyError),
    /// The command line is inconsistent in a way clap cannot see.
    #[error("{0}")]
    Usage(String),
    /// Input data is invalid.
    #[error("{0}")]
    InvalidInput(String),
    /// A file could not be read or written.
    #[error(transparent)]
    Io(#[from] crate::fsutil::IoError),
}

impl Error {
    /// Shorthand for an [`Error::Io`].
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io(crate::fsutil::IoError::new(action, path, source))
    }
}

impl From<crate::fsutil::InputError> for Error {
    fn from(e: crate::fsutil::InputError) -> Self {
        match e {
            crate::fsutil::InputError::Io(e) => Error::Io(e),
            e @ crate::fsutil::InputError::TooLarge { .. } => Error::InvalidInput(e.to_string()),
        }
    }
}

impl From<crate::profile::UsageError> for Error {
    fn from(e: crate::profile::UsageError) -> Self {
        Error::Csr(e.into())
    }
}

/// The agent's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
