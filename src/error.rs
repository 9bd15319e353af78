//! The agent's error type and the process exit codes it maps to.
//!
//! Each module has its own error enum with messages written for a technical administrator: what went
//! wrong, and what to do. [`Error`] gathers them; [`Error::exit_code`] gives the documented exit code
//! (table in `docs/exit-codes.md`, constants in [`exit`]).

use std::path::PathBuf;

/// Process exit codes shared by every command (except `agent status`, which follows the monitoring
/// plugin convention 0/1/2/3).
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// The operation failed for a reason not listed below.
    pub const FAILURE: u8 = 1;
    /// Command-line usage error (as clap reports it).
    pub const USAGE: u8 = 2;
    /// Invalid input data: identifier, configuration, form field, file format.
    pub const INVALID_INPUT: u8 = 3;
    /// Local I/O or store problem: permissions, full disk, lock held by another agent.
    pub const IO: u8 = 4;
    /// The PC/SC service (pcscd) is not running or not reachable.
    pub const NO_PCSC: u8 = 10;
    /// No smart-card reader is connected.
    pub const NO_READER: u8 = 11;
    /// No card in the reader (or none inserted before `--wait` ran out).
    pub const NO_CARD: u8 = 12;
    /// The card's ATR is not a known CPx card.
    pub const UNKNOWN_CARD: u8 = 13;
    /// The PKCS#11 module was not found or failed to load.
    pub const MODULE: u8 = 20;
    /// No token (card) matches the selection.
    pub const TOKEN_NOT_FOUND: u8 = 21;
    /// The PIN was refused by the card.
    pub const WRONG_PIN: u8 = 22;
    /// The PIN is locked, or only its final try is left and `--allow-final-try` was not given.
    pub const PIN_LOCKED: u8 = 23;
    /// No PIN source: not on a terminal and neither `--pin-file` nor `--pin-fd` given.
    pub const NO_PIN_SOURCE: u8 = 24;
    /// Other token errors (object missing, mechanism refused).
    pub const TOKEN: u8 = 25;
    /// The CPS directory (LDAP) could not be reached or timed out.
    pub const DIRECTORY: u8 = 30;
    /// The CPS directory has no entry for that practitioner.
    pub const DIRECTORY_NO_ENTRY: u8 = 31;
    /// A certificate failed a check (key, names, usages, chain, dates).
    pub const CERT_CHECK: u8 = 40;
    /// The certificate platform could not be reached, or its TLS failed.
    pub const PLATFORM: u8 = 50;
    /// The certificate platform refused the order (not habilitated, bad request).
    pub const PLATFORM_REFUSED: u8 = 51;
    /// The order is pending at the platform: run the command again later.
    pub const PENDING: u8 = 52;
    /// `agent notify`: a notification channel failed; its alerts are kept and sent on the next run.
    pub const NOTIFY: u8 = 60;
}

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
    /// The order workflow (prepare, submit) failed.
    #[error(transparent)]
    Order(Box<crate::order::OrderError>),
    /// The command line is inconsistent in a way clap cannot see.
    #[error("{0}")]
    Usage(String),
    /// Input data is invalid.
    #[error("{0}")]
    InvalidInput(String),
    /// A file could not be read or written.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What the agent was doing ("cannot write", "cannot read"…).
        action: &'static str,
        /// The file concerned.
        path: PathBuf,
        /// The system error.
        source: std::io::Error,
    },
}

impl Error {
    /// Shorthand for an [`Error::Io`].
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.into(),
            source,
        }
    }

    /// The process exit code for this error (see [`exit`]).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Card(e) => e.exit_code(),
            Error::Pin(e) => e.exit_code(),
            Error::Annuaire(e) => e.exit_code(),
            Error::Form413(e) => e.exit_code(),
            Error::Key(e) => e.exit_code(),
            Error::Departement(e) => e.exit_code(),
            Error::Csr(e) => e.exit_code(),
            Error::Pending(e) => e.exit_code(),
            Error::Cert(e) => e.exit_code(),
            Error::Store(e) => e.exit_code(),
            Error::Status(e) => e.exit_code(),
            Error::Enroll(e) => e.exit_code(),
            Error::Notify(e) => e.exit_code(),
            Error::Order(e) => e.exit_code(),
            Error::Config(_) | Error::InvalidInput(_) | Error::Id(_) => exit::INVALID_INPUT,
            Error::Usage(_) => exit::USAGE,
            Error::Io { .. } | Error::UnsafeDir(_) => exit::IO,
        }
    }
}

/// The agent's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
