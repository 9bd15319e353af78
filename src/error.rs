//! The agent's error type.
//!
//! Each module has its own error enum with messages written for a technical administrator: what went
//! wrong, and what to do. [`Error`] gathers them; the CLI decides their exit codes
//! (`cli::exit::code`, the table of `docs/exit-codes.md`).

use crate::i18n::Localize;
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

/// The message of an error in the language of the run (the catalogue's `err-*` messages); the
/// `Display` (thiserror) stays the English text, for library users and logs.
///
/// Every variant of every error has its arm (no wildcard), so that a new variant cannot reach the
/// user without its message in every language. Free-text details the library or the system
/// produced (an I/O error, a parser's reason, the platform's answer) are passed through as they
/// are.
impl Localize for Error {
    fn localize(&self) -> String {
        match self {
            Error::Card(e) => e.localize(),
            Error::Pin(e) => e.localize(),
            Error::Config(e) => e.localize(),
            Error::Annuaire(e) => e.localize(),
            Error::Key(e) => e.localize(),
            Error::Departement(e) => e.localize(),
            Error::Csr(e) => e.localize(),
            Error::Pending(e) => e.localize(),
            Error::Form413(e) => e.localize(),
            Error::Id(e) => e.localize(),
            Error::Cert(e) => e.localize(),
            Error::Store(e) => e.localize(),
            Error::Status(e) => e.localize(),
            Error::Enroll(e) => e.localize(),
            Error::UnsafeDir(e) => e.localize(),
            Error::Notify(e) => e.localize(),
            // Built by the CLI with their text already in the language of the run.
            Error::Usage(s) | Error::InvalidInput(s) => s.clone(),
            Error::Io(e) => e.localize(),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annuaire::AnnuaireError;
    use crate::card::CardError;
    use crate::certificate::CertError;
    use crate::config::ConfigError;
    use crate::csr::CsrError;
    use crate::departement::DepartementError;
    use crate::enroll::EnrollError;
    use crate::form413::Form413Error;
    use crate::fsutil::UnsafeDir;
    use crate::i18n::{self, Lang};
    use crate::keys::KeyError;
    use crate::notify::NotifyError;
    use crate::pending::PendingError;
    use crate::pin::PinError;
    use crate::status::StatusError;
    use crate::store::StoreError;
    use std::path::PathBuf;
    use std::time::Duration;

    fn io() -> std::io::Error {
        std::io::Error::from(std::io::ErrorKind::PermissionDenied)
    }

    /// The English catalogue says what the library's Display says (the run's language is
    /// English in unit tests: nothing sets it).
    #[test]
    fn english_messages_are_the_library_display() {
        let errors: Vec<Error> = vec![
            CardError::NoPcscService.into(),
            CardError::NoReader.into(),
            CardError::NoCard { reader: None }.into(),
            CardError::NoCard {
                reader: Some("Virtual PCD 00 00".into()),
            }
            .into(),
            CardError::WaitTimeout { seconds: 5 }.into(),
            CardError::WrongPin { remaining: None }.into(),
            CardError::WrongPin { remaining: Some(1) }.into(),
            CardError::WrongPin { remaining: Some(2) }.into(),
            CardError::PinLocked.into(),
            CardError::FinalTry.into(),
            CardError::ModuleNotFound {
                tried: vec![PathBuf::from("/a.so"), PathBuf::from("/b.so")],
            }
            .into(),
            CardError::TokenNotFound {
                wanted: "X".into(),
                present: vec![],
            }
            .into(),
            CardError::NoHolderCertificate.into(),
            PinError::NoSource.into(),
            PinError::TooOpen {
                what: "PIN",
                path: "/p".into(),
                mode: 0o644,
            }
            .into(),
            PinError::TooOpen {
                what: "passphrase",
                path: "/p".into(),
                mode: 0o640,
            }
            .into(),
            KeyError::KeyStoreAttribute {
                uri: "pkcs11:token=A;object=x".into(),
                attributes: "object=".into(),
            }
            .into(),
            PinError::TooLong {
                what: "PIN",
                from: "/p".into(),
            }
            .into(),
            PinError::Empty {
                what: "passphrase",
                from: "the terminal".into(),
            }
            .into(),
            ConfigError::Value {
                key: "status.window",
                message: "bad".into(),
            }
            .into(),
            AnnuaireError::SearchTimeout {
                url: "ldap://x".into(),
                timeout: Duration::from_secs(30),
            }
            .into(),
            AnnuaireError::NoEntry {
                rpps: "1".into(),
                base: "o=TEST,c=fr".into(),
                url: "ldap://x".into(),
            }
            .into(),
            KeyError::StoreTokenNotFound {
                wanted: "pkcs11:token=A".into(),
                present: vec!["B".into(), "C".into()],
            }
            .into(),
            KeyError::NoStorePinSource { label: "K".into() }.into(),
            DepartementError::UnknownCode("99".into()).into(),
            DepartementError::Corsica.into(),
            DepartementError::PostalCodeShape("7501".into()).into(),
            CertError::Chain {
                serial: "01".into(),
                subject: "CN=x".into(),
                reason: crate::certificate::ChainReason::Other("r".into()),
            }
            .into(),
            CertError::NoTrustAnchor.into(),
            CertError::P12TooManyKeys {
                file: "f".into(),
                count: 2,
            }
            .into(),
            StoreError::Locked {
                root: "/s".into(),
                waited: 30,
            }
            .into(),
            StatusError::NothingToCheck { home: "/h".into() }.into(),
            StatusError::BadStructure("x".into()).into(),
            NotifyError::Locked {
                path: "/n".into(),
                waited: 3,
            }
            .into(),
            PendingError::NotFound {
                structure: "1".into(),
                dir: "/d".into(),
            }
            .into(),
            CsrError::NameTooLong { len: 70, max: 64 }.into(),
            CsrError::NoConfService.into(),
            EnrollError::Unreachable {
                url: "https://x".into(),
                tries: 1,
                reason: "r".into(),
            }
            .into(),
            EnrollError::Timeout {
                url: "https://x".into(),
                tries: 3,
                timeout: Duration::from_secs(30),
            }
            .into(),
            EnrollError::Pending {
                retry_after: Duration::from_secs(60),
            }
            .into(),
            EnrollError::NotHabilitated {
                status: 403,
                message: "m".into(),
            }
            .into(),
            Form413Error::Pdf("p".into()).into(),
            UnsafeDir {
                path: "/h".into(),
                reason: "r".into(),
                fix: "chmod 700 /h".into(),
            }
            .into(),
            Error::io("cannot write", "/x", io()),
        ];
        for e in &errors {
            assert_eq!(e.localize(), e.to_string(), "{e:?}");
        }
        for bad in ["9x", "1920008058", "19200080", "31234567890123"] {
            let e = bad
                .parse::<crate::ids::StructureId>()
                .expect_err("invalid structure id");
            assert_eq!(Error::from(e.clone()).localize(), e.to_string(), "{bad}");
        }
    }

    #[test]
    fn french_messages_use_the_french_catalogue() {
        let m = i18n::message_in(
            Lang::Fr,
            "err-wrong-pin-tries",
            &[("tries", fluent_bundle::FluentValue::from(2))],
        );
        assert_eq!(
            m,
            "code PIN faux\u{a0}: la carte l'a refusé (2 essais restants avant le blocage de la \
             carte). Rien n'a été réessayé\u{a0}; vérifiez le code PIN avant de recommencer"
        );
        let one = i18n::message_in(
            Lang::Fr,
            "err-wrong-pin-tries",
            &[("tries", fluent_bundle::FluentValue::from(1))],
        );
        assert!(one.contains("(1 essai restant avant"), "{one}");
    }
}
