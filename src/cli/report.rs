//! What the user reads when a command fails, and the exit code it ends with: the one place
//! where an [`Error`] becomes a process exit code (docs/exit-codes.md) and a message in the
//! language of the run (the catalogue's `err-*` messages). The library's `Display` (thiserror)
//! stays for library users and logs; the CLI renders through here.
//!
//! Every variant of every error has its arm (no wildcard), so that a new variant cannot reach
//! the user without its message in every language. Free-text details the library or the system
//! produced (an I/O error, a parser's reason, the platform's answer) are passed through as they
//! are.

use crate::annuaire::AnnuaireError;
use crate::card::CardError;
use crate::certificate::CertError;
use crate::config::ConfigError;
use crate::csr::CsrError;
use crate::departement::DepartementError;
use crate::enroll::EnrollError;
use crate::error::Error;
use crate::form413::Form413Error;
use crate::fsutil::UnsafeDir;
use crate::ids::{IdError, IdKind};
use crate::keys::KeyError;
use crate::notify::NotifyError;
use crate::order::OrderError;
use crate::pending::PendingError;
use crate::pin::PinError;
use crate::profile::UsageError;
use crate::status::StatusError;
use crate::store::StoreError;
use crate::tr;

use crate::i18n::{self, Lang};

/// A failed command as the user meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The process exit code (docs/exit-codes.md).
    pub code: u8,
    /// The message, in the language of the run, without the `agent: error:` prefix.
    pub message: String,
}

/// The exit code and message of an error.
pub fn report(e: &Error) -> Report {
    Report {
        code: super::exit::code(e),
        message: message(e),
    }
}

/// The line printed on stderr for a failed command: `agent: error: …` (French: `agent : erreur : …`).
pub fn error_line(e: &Error) -> String {
    tr!(
        "error-line",
        message = crate::sanitize::terminal_text(&message(e))
    )
}

/// A quoted value: `"x"` (Rust debug quoting, as the English messages always had) or « x ».
pub fn quote(s: &str) -> String {
    i18n::quote(s)
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        tr!("word-none")
    } else {
        items.join(", ")
    }
}

fn duration(d: std::time::Duration) -> String {
    humantime::format_duration(d).to_string()
}

/// The message of an error in the language of the run.
pub fn message(e: &Error) -> String {
    match e {
        Error::Card(e) => card(e),
        Error::Pin(e) => pin(e),
        Error::Config(e) => config(e),
        Error::Annuaire(e) => annuaire(e),
        Error::Key(e) => key(e),
        Error::Departement(e) => departement(e),
        Error::Csr(e) => csr(e),
        Error::Pending(e) => pending(e),
        Error::Form413(e) => form413(e),
        Error::Id(e) => id(e),
        Error::Cert(e) => cert(e),
        Error::Store(e) => store(e),
        Error::Status(e) => status(e),
        Error::Enroll(e) => enroll(e),
        Error::UnsafeDir(e) => unsafe_dir(e),
        Error::Notify(e) => notify(e),
        // Built by the CLI with their text already in the language of the run.
        Error::Usage(s) | Error::InvalidInput(s) => s.clone(),
        Error::Io(e) => io(e),
    }
}

/// The message of an order's error (an outcome's failure) in the language of the run.
pub fn order(e: &OrderError) -> String {
    match e {
        OrderError::Csr(e) => csr(e),
        OrderError::Key(e) => key(e),
        OrderError::Pending(e) => pending(e),
        OrderError::Enroll(e) => enroll(e),
        OrderError::Store(e) => store(e),
        OrderError::Cert(e) => cert(e),
        OrderError::Id(e) => id(e),
        OrderError::Io(e) => io(e),
        OrderError::KeyStore(t) => tr!("err-key-store-spec", value = quote(t)),
        OrderError::Other(e) => message(e),
    }
}

fn io(e: &crate::fsutil::IoError) -> String {
    tr!(
        "err-io",
        action = io_action(e.action),
        path = e.path,
        reason = e.source.to_string()
    )
}

/// The catalogue text of an [`Error::Io`] action ("cannot write"…): the library names it with a
/// fixed English phrase.
fn io_action(action: &str) -> String {
    let id = match action {
        "cannot read" => "io-cannot-read",
        "cannot write" => "io-cannot-write",
        "cannot create directory" => "io-cannot-create-directory",
        "cannot create" => "io-cannot-create",
        "cannot remove" => "io-cannot-remove",
        "cannot rename" => "io-cannot-rename",
        "cannot render man page" => "io-cannot-render-man-page",
        _ => return action.to_string(),
    };
    tr!(id)
}

pub(crate) fn card(e: &CardError) -> String {
    match e {
        CardError::NoPcscService => tr!("err-no-pcsc"),
        CardError::NoReader => tr!("err-no-reader"),
        CardError::NoCard { reader: None } => tr!("err-no-card"),
        CardError::NoCard { reader: Some(r) } => tr!("err-no-card-in-reader", reader = quote(r)),
        CardError::WaitTimeout { seconds } => tr!("err-wait-timeout", seconds = *seconds),
        CardError::UnknownCard { reader, atr } => {
            tr!("err-unknown-card", reader = quote(reader), atr = atr)
        }
        CardError::Pcsc(m) => tr!("err-pcsc", reason = m),
        CardError::ModuleNotFound { tried } => {
            let tried: Vec<String> = tried.iter().map(|p| p.display().to_string()).collect();
            tr!("err-module-not-found", tried = tried.join(", "))
        }
        CardError::ModuleLoad { path, message } => {
            tr!("err-module-load", path = path, reason = message)
        }
        CardError::TokenNotFound { wanted, present } => tr!(
            "err-token-not-found",
            wanted = wanted,
            present = list_or_none(present)
        ),
        CardError::CardNotReadable {
            reader,
            model,
            atr,
            middleware,
        } => tr!(
            "err-card-not-readable",
            reader = quote(reader),
            model = model,
            atr = atr,
            middleware = if middleware.is_empty() {
                tr!("word-none-loaded")
            } else {
                middleware.clone()
            }
        ),
        CardError::AmbiguousToken { labels } => {
            tr!("err-ambiguous-token", labels = labels.join(", "))
        }
        CardError::BadUri { uri, reason } => tr!("err-bad-uri", uri = quote(uri), reason = reason),
        CardError::WrongPin { remaining: None } => tr!("err-wrong-pin"),
        CardError::WrongPin { remaining: Some(n) } => tr!("err-wrong-pin-tries", tries = *n),
        CardError::PinLocked => tr!("err-pin-locked"),
        CardError::FinalTry => tr!("err-final-try"),
        CardError::Pkcs11 { operation, message } => {
            tr!("err-card-pkcs11", operation = operation, reason = message)
        }
        CardError::NoHolderCertificate => tr!("err-no-holder-certificate"),
        CardError::BadHolderCertificate(m) => tr!("err-bad-holder-certificate", reason = m),
    }
}

/// "PIN" or "passphrase", as the library names the secret.
fn secret_word(what: &str) -> String {
    match what {
        "PIN" => tr!("word-pin"),
        "passphrase" => tr!("word-passphrase"),
        "password" => tr!("word-password"),
        other => other.to_string(),
    }
}

/// Where a secret was read from: a path, `file descriptor N` or `the terminal`.
fn secret_from(from: &str) -> String {
    if from == "the terminal" {
        tr!("word-the-terminal")
    } else if let Some(fd) = from.strip_prefix("file descriptor ") {
        tr!("word-file-descriptor", fd = fd)
    } else {
        from.to_string()
    }
}

fn pin(e: &PinError) -> String {
    match e {
        PinError::NoSource => tr!("err-no-pin-source"),
        PinError::Read { what, from, source } => tr!(
            "err-secret-read",
            what = secret_word(what),
            from = secret_from(from),
            reason = source.to_string()
        ),
        PinError::Empty { what, from } => tr!(
            "err-secret-empty",
            what = secret_word(what),
            from = secret_from(from)
        ),
        PinError::TooOpen { what, path, mode } => tr!(
            "err-pin-file-open",
            what = secret_word(what),
            path = path,
            mode = format!("{mode:04o}")
        ),
        PinError::TooLong { what, from } => tr!(
            "err-secret-too-long",
            what = secret_word(what),
            from = secret_from(from),
            max = crate::pin::MAX_SECRET_LINE
        ),
        PinError::Malformed { from } => tr!("err-pin-malformed", from = secret_from(from)),
    }
}

fn config(e: &ConfigError) -> String {
    match e {
        ConfigError::Read { path, source } => {
            tr!("err-config-read", path = path, reason = source.to_string())
        }
        ConfigError::Parse { path, message } => {
            tr!("err-config-parse", path = path, reason = message)
        }
        ConfigError::Value { key, message } => {
            tr!("err-config-value", key = key, reason = message)
        }
    }
}

fn annuaire(e: &AnnuaireError) -> String {
    match e {
        AnnuaireError::BadUrl { url, message } => {
            tr!("err-ldap-bad-url", url = quote(url), reason = message)
        }
        AnnuaireError::Unreachable { url, message } => {
            tr!("err-ldap-unreachable", url = url, reason = message)
        }
        AnnuaireError::ConnectTimeout { url, timeout } => {
            tr!(
                "err-ldap-connect-timeout",
                url = url,
                timeout = duration(*timeout)
            )
        }
        AnnuaireError::SearchTimeout { url, timeout } => {
            tr!(
                "err-ldap-search-timeout",
                url = url,
                timeout = duration(*timeout)
            )
        }
        AnnuaireError::Refused {
            url,
            base,
            code,
            message,
        } => tr!(
            "err-ldap-refused",
            url = url,
            base = base,
            code = code.to_string(),
            reason = message
        ),
        AnnuaireError::NoEntry { rpps, base, url } => {
            tr!("err-ldap-no-entry", rpps = rpps, base = base, url = url)
        }
        AnnuaireError::TooLarge { url, what } => {
            tr!("err-ldap-too-large", url = url, what = what)
        }
        AnnuaireError::Config(e) => config(e),
        AnnuaireError::Runtime(m) => tr!("err-runtime", reason = m),
    }
}

pub(crate) fn key(e: &KeyError) -> String {
    match e {
        KeyError::UnknownAlgorithm(a) => tr!("err-key-unknown-algorithm", value = quote(a)),
        KeyError::Generate(m) => tr!("err-key-generate", reason = m),
        KeyError::UnsupportedScheme { algorithm, scheme } => tr!(
            "err-key-scheme",
            algorithm = algorithm.to_string(),
            scheme = format!("{scheme:?}")
        ),
        KeyError::Sign(m) => tr!("err-key-sign", reason = m),
        KeyError::BadKeyFile { path, reason } => {
            tr!("err-key-bad-file", path = path, reason = reason)
        }
        KeyError::CpxToken { label, kind } => {
            tr!("err-key-cpx-token", label = quote(label), kind = kind)
        }
        KeyError::NoTokenInUri(u) => tr!("err-key-no-token-in-uri", uri = u),
        KeyError::KeyStoreAttribute { uri, attributes } => tr!(
            "err-key-store-attribute",
            uri = uri,
            attributes = attributes
        ),
        KeyError::StoreTokenNotFound { wanted, present } => tr!(
            "err-key-token-not-found",
            wanted = wanted,
            present = list_or_none(present)
        ),
        KeyError::NoMechanism {
            label,
            what,
            mechanism,
        } => tr!(
            "err-key-no-mechanism",
            label = quote(label),
            what = what,
            mechanism = mechanism
        ),
        KeyError::ReadOnlyToken(l) => tr!("err-key-read-only", label = quote(l)),
        KeyError::KeyNotFound(k) => tr!("err-key-not-found", key = k),
        KeyError::Pkcs11 { operation, message } => {
            tr!("err-key-pkcs11", operation = operation, reason = message)
        }
        KeyError::NoStorePinSource { label } => {
            tr!("err-key-no-pin-source", label = quote(label))
        }
        KeyError::BadPinSource(s) => tr!("err-key-bad-pin-source", value = quote(s)),
        KeyError::StoreWrongPin { label, from } => {
            tr!("err-key-wrong-pin", label = quote(label), from = from)
        }
        KeyError::StorePinRefused { label } => {
            tr!("err-key-pin-refused", label = quote(label))
        }
        KeyError::Card(e) => card(e),
        KeyError::Pin(e) => pin(e),
        KeyError::Io(e) => io(e),
    }
}

pub(crate) fn departement(e: &DepartementError) -> String {
    match e {
        DepartementError::UnknownCode(c) => tr!("err-dept-unknown", value = quote(c)),
        DepartementError::Corsica => tr!("err-dept-corsica"),
        DepartementError::PostalCodeShape(c) => tr!("err-postal-code-shape", value = quote(c)),
        DepartementError::NotADepartement(c) => tr!("err-postal-code-not-dept", value = c),
        DepartementError::UnknownPostalCode(c) => tr!("err-postal-code-unknown", value = c),
        DepartementError::BadStateName(s) => tr!("err-dept-bad-state-name", value = quote(s)),
    }
}

pub(crate) fn id(e: &IdError) -> String {
    match e {
        IdError::Length {
            kind,
            value,
            found,
            expected,
        } => tr!(
            "err-id-length",
            kind = id_kind(*kind),
            value = quote(value),
            found = *found,
            expected = id_fragment(expected)
        ),
        IdError::Character {
            kind,
            value,
            position,
            found,
            allowed,
        } => tr!(
            "err-id-character",
            kind = id_kind(*kind),
            value = quote(value),
            position = *position,
            found = quote_char(*found),
            allowed = id_fragment(allowed)
        ),
        IdError::CheckKey { kind, value, rule } => tr!(
            "err-id-check-key",
            kind = id_kind(*kind),
            value = quote(value),
            rule = id_fragment(rule)
        ),
        IdError::TypeDigit {
            kind,
            value,
            digit,
            expected,
        } => tr!(
            "err-id-type-digit",
            kind = id_kind(*kind),
            value = quote(value),
            digit = quote_char(*digit),
            expected = id_fragment(expected)
        ),
    }
}

/// The name of an identifier kind: the register's own name (FINESS, SIRET…) in every language,
/// the agent's words for the others.
fn id_kind(kind: IdKind) -> String {
    match kind {
        IdKind::CardNumber => tr!("id-kind-card-number"),
        IdKind::StructureId => tr!("id-kind-structure-id"),
        IdKind::PersonId => tr!("id-kind-person-id"),
        other => other.to_string(),
    }
}

fn quote_char(c: char) -> String {
    match i18n::current() {
        Lang::En => format!("{c:?}"),
        Lang::Fr => format!("«\u{a0}{c}\u{a0}»"),
    }
}

/// The fixed phrases of the identifier rules (src/ids.rs) in the language of the run.
fn id_fragment(s: &str) -> String {
    if i18n::current() == Lang::En {
        return s.to_string();
    }
    let id = match s {
        "9 characters (department, 6 digits, key)" => "id-rule-finess-length",
        "9 digits" => "id-rule-9-digits",
        "14 digits (SIREN + NIC)" => "id-rule-siret-length",
        "11 digits" => "id-rule-11-digits",
        "14 digits (RPPS + 3-digit rang)" => "id-rule-rpps-rang-length",
        "9 characters" => "id-rule-9-characters",
        "11 characters (ADELI + 2-digit rang)" => "id-rule-adeli-rang-length",
        "10 digits" => "id-rule-10-digits",
        "a type digit and an identifier" => "id-rule-type-and-id",
        "8 RPPS, 0 ADELI" => "id-rule-8-rpps-0-adeli",
        "digits only" => "id-rule-digits-only",
        "digits only, except 2A or 2B (Corsica) in front" => "id-rule-department-digits",
        "digits only, except 2A or 2B (Corsica) in front; a letter there is the test platform's" => {
            "id-rule-department-test-letter"
        }
        "La Poste: the sum of the digits must be a multiple of 5" => "id-rule-la-poste",
        "Luhn on the 11-digit RPPS part" => "id-rule-luhn-rpps",
        _ => return s.to_string(),
    };
    tr!(id)
}

pub(crate) fn cert(e: &CertError) -> String {
    match e {
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
            reason = super::details::check_reason(reason)
        ),
        CertError::Chain {
            serial,
            subject,
            reason,
        } => tr!(
            "err-cert-chain",
            serial = serial,
            subject = subject,
            reason = super::details::chain_reason(reason)
        ),
        CertError::NoTrustAnchor => tr!("err-no-trust-anchor"),
        CertError::BadTrustAnchor { file, reason } => {
            tr!("err-bad-trust-anchor", file = file, reason = reason)
        }
    }
}

pub(crate) fn store(e: &StoreError) -> String {
    match e {
        StoreError::Locked { root, waited } => {
            tr!("err-store-locked", root = root, waited = *waited)
        }
        StoreError::NothingInstalled { structure, usage } => {
            tr!(
                "err-nothing-installed",
                structure = structure,
                usage = usage
            )
        }
        StoreError::NoPreviousVersion { structure, usage } => {
            tr!(
                "err-no-previous-version",
                structure = structure,
                usage = usage
            )
        }
        StoreError::Damaged { dir, reason } => {
            tr!("err-store-damaged", dir = dir, reason = reason)
        }
        StoreError::Io(e) => io(e),
        // Built with the library's English text.
        StoreError::Invalid(m) => m.clone(),
        StoreError::Cert(e) => cert(e),
        StoreError::Key(e) => key(e),
        StoreError::Pin(e) => pin(e),
    }
}

fn status(e: &StatusError) -> String {
    match e {
        StatusError::StoreUnreadable { path, source } => {
            tr!(
                "err-store-unreadable",
                path = path,
                reason = source.to_string()
            )
        }
        StatusError::NothingToCheck { home } => tr!("err-nothing-to-check", home = home),
        StatusError::UnknownStructure { structure, home } => {
            tr!("err-unknown-structure", structure = structure, home = home)
        }
        StatusError::BadStructure(s) => tr!("err-bad-structure", value = quote(s)),
        StatusError::BadWindow { value, reason } => {
            tr!("err-bad-window", value = quote(value), reason = reason)
        }
    }
}

fn notify(e: &NotifyError) -> String {
    match e {
        NotifyError::Config { key, message } => {
            tr!("err-notify-config", key = key, reason = message)
        }
        NotifyError::SecretFile { path, reason } => {
            tr!("err-notify-secret-file", path = path, reason = reason)
        }
        NotifyError::StateDamaged { path, reason } => {
            tr!("err-notify-state-damaged", path = path, reason = reason)
        }
        NotifyError::Locked { path, waited } => {
            tr!("err-notify-locked", path = path, waited = *waited)
        }
        NotifyError::Configuration(e) => config(e),
        NotifyError::Status(e) => status(e),
        NotifyError::Io(e) => io(e),
        NotifyError::Secret(e) => pin(e),
        NotifyError::Tls(e) => enroll(e),
        // Built with the library's English text.
        NotifyError::Setup(m) => m.clone(),
    }
}

fn form413(e: &Form413Error) -> String {
    match e {
        Form413Error::Invalid { errors } => {
            let lines: Vec<String> = errors
                .iter()
                .map(|e| format!("  - {}", super::details::field_error(e)))
                .collect();
            tr!(
                "err-form413-invalid",
                count = errors.len(),
                problems = lines.join("\n")
            )
        }
        Form413Error::Read { path, source } => {
            tr!("err-form413-read", path = path, reason = source.to_string())
        }
        Form413Error::Parse { path, message } => {
            tr!("err-form413-parse", path = path, reason = message)
        }
        Form413Error::Pdf(m) => tr!("err-form413-pdf", reason = m),
    }
}

fn pending(e: &PendingError) -> String {
    match e {
        PendingError::NotFound { structure, dir } => {
            tr!("err-pending-not-found", structure = structure, dir = dir)
        }
        PendingError::Exists {
            structure,
            dir,
            created_at,
            usages,
        } => tr!(
            "err-pending-exists",
            structure = structure,
            dir = dir,
            created = created_at,
            usages = usages
        ),
        PendingError::Corrupt { path, reason } => {
            tr!("err-pending-corrupt", path = path, reason = reason)
        }
        PendingError::Io(e) => io(e),
        // Built with the library's English text.
        PendingError::Encode(m) => m.clone(),
    }
}

fn unsafe_dir(e: &UnsafeDir) -> String {
    tr!(
        "err-unsafe-dir",
        path = e.path,
        reason = e.reason,
        fix = e.fix
    )
}

fn csr(e: &CsrError) -> String {
    match e {
        CsrError::Usage(UsageError::Unknown(u)) => {
            tr!("err-csr-unknown-usage", value = quote(u))
        }
        CsrError::Usage(UsageError::Duplicate(u)) => {
            tr!("err-csr-duplicate-usage", usage = u.to_string())
        }
        CsrError::EmptyName => tr!("err-csr-empty-name"),
        CsrError::NameTooLong { len, max } => {
            tr!("err-csr-name-too-long", len = *len, max = *max)
        }
        CsrError::ControlCharacter { field } => {
            tr!("err-csr-control-character", field = field)
        }
        CsrError::NoConfService => tr!("err-csr-no-conf-service"),
        CsrError::BadService(s) => tr!("err-csr-bad-service", value = quote(s)),
        CsrError::Build(m) => tr!("err-csr-build", reason = m),
        CsrError::Key(e) => key(e),
        CsrError::SelfCheck { usage, detail } => tr!(
            "err-csr-self-check",
            usage = usage.to_string(),
            reason = detail
        ),
        CsrError::NotCsrOrCertificate(m) => m.clone(),
    }
}

fn tries(n: u32) -> u32 {
    n
}

fn enroll(e: &EnrollError) -> String {
    match e {
        EnrollError::TrustAnchors { path, reason } => {
            tr!("err-est-trust-anchors", path = path, reason = reason)
        }
        EnrollError::NoTrustAnchors => tr!("err-est-no-trust-anchors"),
        EnrollError::ClientCredentials { path, reason } => {
            tr!("err-est-client-credentials", path = path, reason = reason)
        }
        EnrollError::CardKey { reason } => tr!("err-est-card-key", reason = reason),
        EnrollError::Card(e) => card(e),
        EnrollError::BadUrl { url, reason } => {
            tr!("err-est-bad-url", url = quote(url), reason = reason)
        }
        EnrollError::TlsSetup(m) => tr!("err-est-tls-setup", reason = m),
        EnrollError::ServerNotTrusted { url, reason } => {
            tr!("err-est-server-not-trusted", url = url, reason = reason)
        }
        EnrollError::ClientCertRejected { url, reason } => {
            tr!("err-est-client-rejected", url = url, reason = reason)
        }
        EnrollError::Tls { url, reason } => tr!("err-est-tls", url = url, reason = reason),
        EnrollError::Unreachable {
            url,
            tries: n,
            reason,
        } => tr!(
            "err-est-unreachable",
            url = url,
            tries = tries(*n),
            reason = reason
        ),
        EnrollError::Timeout {
            url,
            tries: n,
            timeout,
        } => tr!(
            "err-est-timeout",
            url = url,
            tries = tries(*n),
            timeout = duration(*timeout)
        ),
        EnrollError::ServerError {
            url,
            status,
            tries: n,
            message,
        } => tr!(
            "err-est-server-error",
            url = url,
            status = status.to_string(),
            tries = tries(*n),
            reason = message
        ),
        EnrollError::NotHabilitated { status, message } => tr!(
            "err-est-not-habilitated",
            status = status.to_string(),
            reason = message
        ),
        EnrollError::Refused { message } => tr!("err-est-refused", reason = message),
        EnrollError::UnexpectedStatus {
            url,
            status,
            message,
        } => tr!(
            "err-est-unexpected-status",
            url = url,
            status = status.to_string(),
            reason = message
        ),
        EnrollError::BadResponse { url, reason } => {
            tr!("err-est-bad-response", url = url, reason = reason)
        }
        EnrollError::BadCsr(m) => tr!("err-est-bad-csr", reason = m),
        EnrollError::Pending { retry_after } => {
            tr!("err-est-pending", retry = duration(*retry_after))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
            assert_eq!(message(e), e.to_string(), "{e:?}");
        }
        for bad in ["9x", "1920008058", "19200080", "31234567890123"] {
            let e = bad
                .parse::<crate::ids::StructureId>()
                .expect_err("invalid structure id");
            assert_eq!(message(&e.clone().into()), e.to_string(), "{bad}");
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
