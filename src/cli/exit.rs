//! Process exit codes, decided once: the constants and the one mapping from the library's typed
//! errors, outcomes and states to them. The table is docs/exit-codes.md.
//!
//! Every command but `agent status` uses the table ([`code`] for an error, [`of_outcomes`] for an
//! order run, `of_notify` for `agent notify`); `agent status` follows the monitoring-plugin
//! convention 0/1/2/3 ([`status`], `of_entries`). The library's errors carry no code: the matches
//! below have no wildcard arm, so that a new variant must be given its code here.

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

/// The exit codes of `agent status` (the monitoring-plugin convention: Nagios, Icinga, Zabbix…).
pub mod status {
    /// Nothing within the window: every certificate shown is `ok` (or `pending`).
    pub const OK: u8 = 0;
    /// Something is `expiring` within the window, or a needed usage is `missing`.
    pub const WARNING: u8 = 1;
    /// Something is `expired` or `invalid`.
    pub const CRITICAL: u8 = 2;
    /// The agent could not check: store unreadable, bad option or configuration, nothing to check.
    pub const UNKNOWN: u8 = 3;
}

use crate::annuaire::AnnuaireError;
use crate::card::CardError;
use crate::certificate::CertError;
use crate::csr::CsrError;
use crate::departement::DepartementError;
use crate::enroll::EnrollError;
use crate::form413::Form413Error;
use crate::keys::KeyError;
use crate::notify::NotifyError;
use crate::order::{Failure, OrderError, Outcome, OutcomeState};
use crate::pending::PendingError;
use crate::pin::PinError;
use crate::status::{Entry, State, StatusError};
use crate::store::StoreError;
use crate::Error;

/// The process exit code of an error (docs/exit-codes.md).
pub fn code(e: &Error) -> u8 {
    match e {
        Error::Card(e) => card(e),
        Error::Pin(e) => pin(e),
        Error::Annuaire(e) => annuaire(e),
        Error::Form413(e) => form413(e),
        Error::Key(e) => key(e),
        Error::Departement(e) => departement(e),
        Error::Csr(e) => csr(e),
        Error::Pending(e) => pending(e),
        Error::Cert(e) => cert(e),
        Error::Store(e) => store(e),
        Error::Status(e) => status_error(e),
        Error::Enroll(e) => enroll(e),
        Error::Notify(e) => notify(e),
        Error::Config(_) | Error::InvalidInput(_) | Error::Id(_) => INVALID_INPUT,
        Error::Usage(_) => USAGE,
        Error::Io(_) | Error::UnsafeDir(_) => IO,
    }
}

/// The exit code of an order's error (the same as once flattened into [`Error`]).
pub fn order(e: &OrderError) -> u8 {
    match e {
        OrderError::Csr(e) => csr(e),
        OrderError::Key(e) => key(e),
        OrderError::Pending(e) => pending(e),
        OrderError::Enroll(e) => enroll(e),
        OrderError::Store(e) => store(e),
        OrderError::Cert(e) => cert(e),
        OrderError::Id(_) => INVALID_INPUT,
        OrderError::Io(_) => IO,
        OrderError::KeyStore(_) => USAGE,
        OrderError::Other(e) => code(e),
    }
}

fn card(e: &CardError) -> u8 {
    match e {
        CardError::NoPcscService => NO_PCSC,
        CardError::NoReader => NO_READER,
        CardError::NoCard { .. } | CardError::WaitTimeout { .. } => NO_CARD,
        CardError::UnknownCard { .. } => UNKNOWN_CARD,
        CardError::Pcsc(_) => FAILURE,
        CardError::ModuleNotFound { .. } | CardError::ModuleLoad { .. } => MODULE,
        CardError::TokenNotFound { .. }
        | CardError::AmbiguousToken { .. }
        | CardError::CardNotReadable { .. } => TOKEN_NOT_FOUND,
        CardError::BadUri { .. } => USAGE,
        CardError::WrongPin { .. } => WRONG_PIN,
        CardError::PinLocked | CardError::FinalTry => PIN_LOCKED,
        CardError::Pkcs11 { .. }
        | CardError::NoHolderCertificate
        | CardError::BadHolderCertificate(_) => TOKEN,
    }
}

fn pin(e: &PinError) -> u8 {
    match e {
        PinError::NoSource => NO_PIN_SOURCE,
        PinError::Read { .. }
        | PinError::Empty { .. }
        | PinError::TooOpen { .. }
        | PinError::TooLong { .. }
        | PinError::Malformed { .. } => INVALID_INPUT,
    }
}

fn annuaire(e: &AnnuaireError) -> u8 {
    match e {
        AnnuaireError::BadUrl { .. } | AnnuaireError::Config(_) => INVALID_INPUT,
        AnnuaireError::NoEntry { .. } => DIRECTORY_NO_ENTRY,
        AnnuaireError::Runtime(_) => FAILURE,
        AnnuaireError::Unreachable { .. }
        | AnnuaireError::ConnectTimeout { .. }
        | AnnuaireError::SearchTimeout { .. }
        | AnnuaireError::Refused { .. }
        | AnnuaireError::TooLarge { .. } => DIRECTORY,
    }
}

fn form413(e: &Form413Error) -> u8 {
    match e {
        Form413Error::Pdf(_) => FAILURE,
        Form413Error::Invalid { .. } | Form413Error::Read { .. } | Form413Error::Parse { .. } => {
            INVALID_INPUT
        }
    }
}

fn key(e: &KeyError) -> u8 {
    match e {
        KeyError::UnknownAlgorithm(_) | KeyError::BadKeyFile { .. } => INVALID_INPUT,
        KeyError::NoTokenInUri(_)
        | KeyError::BadPinSource(_)
        | KeyError::KeyStoreAttribute { .. } => USAGE,
        KeyError::NoStorePinSource { .. } => NO_PIN_SOURCE,
        KeyError::StoreWrongPin { .. } | KeyError::StorePinRefused { .. } => WRONG_PIN,
        KeyError::Card(e) => card(e),
        KeyError::Pin(e) => pin(e),
        KeyError::Io(_) => IO,
        KeyError::StoreTokenNotFound { .. } => TOKEN_NOT_FOUND,
        KeyError::CpxToken { .. }
        | KeyError::NoMechanism { .. }
        | KeyError::ReadOnlyToken(_)
        | KeyError::KeyNotFound(_)
        | KeyError::Pkcs11 { .. } => TOKEN,
        KeyError::Generate(_) | KeyError::UnsupportedScheme { .. } | KeyError::Sign(_) => FAILURE,
    }
}

fn departement(e: &DepartementError) -> u8 {
    match e {
        DepartementError::UnknownCode(_)
        | DepartementError::Corsica
        | DepartementError::PostalCodeShape(_)
        | DepartementError::NotADepartement(_)
        | DepartementError::UnknownPostalCode(_)
        | DepartementError::BadStateName(_) => INVALID_INPUT,
    }
}

fn csr(e: &CsrError) -> u8 {
    match e {
        CsrError::Key(e) => key(e),
        CsrError::Build(_) | CsrError::SelfCheck { .. } => FAILURE,
        CsrError::Usage(_)
        | CsrError::EmptyName
        | CsrError::NameTooLong { .. }
        | CsrError::ControlCharacter { .. }
        | CsrError::NoConfService
        | CsrError::BadService(_)
        | CsrError::NotCsrOrCertificate(_) => INVALID_INPUT,
    }
}

fn pending(e: &PendingError) -> u8 {
    match e {
        PendingError::NotFound { .. } | PendingError::Exists { .. } => INVALID_INPUT,
        PendingError::Corrupt { .. } | PendingError::Io(_) => IO,
        PendingError::Encode(_) => INVALID_INPUT,
    }
}

fn cert(e: &CertError) -> u8 {
    match e {
        CertError::Malformed { .. }
        | CertError::UnknownFormat { .. }
        | CertError::P12Password { .. }
        | CertError::P12TooManyKeys { .. }
        | CertError::NoTrustAnchor
        | CertError::BadTrustAnchor { .. } => INVALID_INPUT,
        CertError::Check { .. } | CertError::Chain { .. } => CERT_CHECK,
    }
}

fn store(e: &StoreError) -> u8 {
    match e {
        StoreError::Locked { .. } => IO,
        StoreError::NothingInstalled { .. } | StoreError::NoPreviousVersion { .. } => FAILURE,
        StoreError::Damaged { .. } => CERT_CHECK,
        StoreError::Io(_) => IO,
        StoreError::Invalid(_) => INVALID_INPUT,
        StoreError::Cert(e) => cert(e),
        StoreError::Key(e) => key(e),
        StoreError::Pin(e) => pin(e),
    }
}

/// For commands other than `agent status` (which always exits [`status::UNKNOWN`] on these).
fn status_error(e: &StatusError) -> u8 {
    match e {
        StatusError::StoreUnreadable { .. } => IO,
        StatusError::NothingToCheck { .. } | StatusError::UnknownStructure { .. } => FAILURE,
        StatusError::BadStructure(_) | StatusError::BadWindow { .. } => INVALID_INPUT,
    }
}

fn enroll(e: &EnrollError) -> u8 {
    match e {
        EnrollError::TrustAnchors { .. }
        | EnrollError::NoTrustAnchors
        | EnrollError::ClientCredentials { .. }
        | EnrollError::BadUrl { .. }
        | EnrollError::BadCsr(_) => INVALID_INPUT,
        EnrollError::CardKey { .. } => TOKEN,
        EnrollError::Card(e) => card(e),
        EnrollError::TlsSetup(_)
        | EnrollError::ServerNotTrusted { .. }
        | EnrollError::Tls { .. }
        | EnrollError::Unreachable { .. }
        | EnrollError::Timeout { .. }
        | EnrollError::ServerError { .. }
        | EnrollError::UnexpectedStatus { .. }
        | EnrollError::BadResponse { .. } => PLATFORM,
        EnrollError::ClientCertRejected { .. }
        | EnrollError::NotHabilitated { .. }
        | EnrollError::Refused { .. } => PLATFORM_REFUSED,
        EnrollError::Pending { .. } => PENDING,
    }
}

fn notify(e: &NotifyError) -> u8 {
    match e {
        NotifyError::Config { .. } | NotifyError::SecretFile { .. } => INVALID_INPUT,
        NotifyError::StateDamaged { .. } | NotifyError::Locked { .. } => IO,
        NotifyError::Configuration(_) | NotifyError::Setup(_) => INVALID_INPUT,
        NotifyError::Status(e) => status_error(e),
        NotifyError::Io(_) => IO,
        NotifyError::Secret(e) => pin(e),
        NotifyError::Tls(e) => enroll(e),
    }
}

/// The exit code of one outcome's failure: its error's, [`IO`] for install targets not written,
/// [`OK`] without a failure.
fn of_failure(o: &Outcome) -> u8 {
    match &o.failure {
        None => OK,
        Some(Failure::Error(e)) => order(e),
        Some(Failure::Targets(_)) => IO,
    }
}

/// The exit code of a run's outcomes: the first failure's code; else an install target's (the
/// certificate is installed, a target was not written); else [`PENDING`] when something is pending
/// or left for the portal; else [`OK`].
pub fn of_outcomes(outcomes: &[Outcome]) -> u8 {
    if let Some(f) = outcomes.iter().find(|o| o.state == OutcomeState::Failed) {
        return of_failure(f).max(FAILURE);
    }
    if let Some(code) = outcomes
        .iter()
        .filter(|o| o.state.is_installed())
        .map(of_failure)
        .find(|&c| c != OK)
    {
        return code;
    }
    if outcomes.iter().any(|o| {
        matches!(
            o.state,
            OutcomeState::Pending | OutcomeState::OrderedOnPortal
        )
    }) {
        return PENDING;
    }
    OK
}

/// The code of an `agent renew` run whose outcomes gave `outcomes` (their [`of_outcomes`]): when
/// they all went, a failed deploy hook is [`FAILURE`], then an install target of an earlier run
/// that still fails is [`IO`].
pub(crate) fn of_renewal(outcomes: u8, run: &crate::renew::Renewal) -> u8 {
    if outcomes != OK {
        outcomes
    } else if !run.hook_failures.is_empty() {
        FAILURE
    } else if !run.target_failures.is_empty() {
        IO
    } else {
        OK
    }
}

/// The `agent status` code one state alone gives.
pub(crate) fn of_state(s: State) -> u8 {
    match s {
        State::Ok | State::Pending => status::OK,
        State::Expiring | State::Missing => status::WARNING,
        State::Expired | State::Invalid => status::CRITICAL,
    }
}

/// The `agent status` code of a set of rows: the worst state's; a row whose install targets (what
/// the DMP software reads) were not updated is at least a warning.
pub(crate) fn of_entries(entries: &[Entry]) -> u8 {
    entries
        .iter()
        .map(|e| {
            let c = of_state(e.state);
            if e.target_errors.is_empty() {
                c
            } else {
                c.max(status::WARNING)
            }
        })
        .max()
        .unwrap_or(status::OK)
}

/// The exit code of `agent notify`: [`NOTIFY`] when a channel failed, else [`OK`].
pub(crate) fn of_notify(o: &crate::notify::Outcome) -> u8 {
    if o.channel_failed() {
        NOTIFY
    } else {
        OK
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use super::*;
    use crate::csr::Usage;
    use crate::ids::StructureId;

    #[test]
    fn of_outcomes_from_typed_states() {
        let s = StructureId::example();
        let ok = Outcome::new(&s, Usage::AuthCli, OutcomeState::Installed);
        assert_eq!(of_outcomes(std::slice::from_ref(&ok)), OK);
        let portal = Outcome::portal(&s, Usage::Sign);
        assert_eq!(of_outcomes(&[ok.clone(), portal.clone()]), PENDING);
        let mut target = Outcome::new(&s, Usage::Sign, OutcomeState::AlreadyInstalled);
        target.set_failure(Failure::Targets(vec![
            crate::store::targets::TargetFailure {
                target: "nss".into(),
                path: "/nss".into(),
                error: "read-only".into(),
                at: "2026-01-01T00:00:00Z".into(),
            },
        ]));
        assert_eq!(of_outcomes(&[portal.clone(), target]), IO);
        let failed = Outcome::failed(
            &s,
            Usage::Conf,
            OrderError::Csr(crate::csr::CsrError::NoConfService),
        );
        assert_eq!(of_failure(&failed), INVALID_INPUT);
        assert_eq!(of_outcomes(&[ok, portal, failed]), INVALID_INPUT);
    }

    #[test]
    fn order_errors_keep_their_code_across_the_crate_error() {
        let e = OrderError::KeyStore("hsm".into());
        assert_eq!(order(&e), USAGE);
        let e = OrderError::Csr(crate::csr::CsrError::NoConfService);
        assert_eq!(order(&e), INVALID_INPUT);
        assert_eq!(code(&e.into()), INVALID_INPUT);
    }

    #[test]
    fn enroll_codes() {
        let refused = EnrollError::NotHabilitated {
            status: 403,
            message: "x".into(),
        };
        assert_eq!(code(&refused.into()), PLATFORM_REFUSED);
        let pending = EnrollError::Pending {
            retry_after: Duration::from_secs(3),
        };
        assert_eq!(code(&pending.into()), PENDING);
        let unreachable = EnrollError::Unreachable {
            url: "u".into(),
            tries: 3,
            reason: "r".into(),
        };
        assert_eq!(code(&unreachable.into()), PLATFORM);
    }

    #[test]
    fn card_and_notify_codes() {
        let unreadable = CardError::CardNotReadable {
            reader: "Reader 0".into(),
            model: "CPS4".into(),
            atr: "3B 9B".into(),
            middleware: "Cryptolib CPS 5.0".into(),
        };
        assert_eq!(code(&unreadable.into()), TOKEN_NOT_FOUND);
        let secret = NotifyError::SecretFile {
            path: "/etc/agent/smtp.pw".into(),
            reason: "chmod 600".into(),
        };
        assert_eq!(code(&secret.into()), INVALID_INPUT);
        let damaged = NotifyError::StateDamaged {
            path: "/var/lib/agent/notify.json".into(),
            reason: "EOF".into(),
        };
        assert_eq!(code(&damaged.into()), IO);
    }

    #[test]
    fn status_is_the_worst_state() {
        let e = |state| {
            Entry::new(
                &StructureId::example(),
                Usage::AuthCli,
                state,
                PathBuf::new(),
            )
        };
        assert_eq!(of_entries(&[]), 0);
        assert_eq!(of_entries(&[e(State::Ok), e(State::Pending)]), 0);
        assert_eq!(of_entries(&[e(State::Ok), e(State::Missing)]), 1);
        assert_eq!(of_entries(&[e(State::Expiring), e(State::Ok)]), 1);
        assert_eq!(of_entries(&[e(State::Expiring), e(State::Expired)]), 2);
        assert_eq!(of_entries(&[e(State::Invalid)]), 2);
    }
}
