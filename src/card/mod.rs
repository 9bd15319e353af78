//! The administrator's CPx card (CPS, CPE or CPA).
//!
//! - [`reader`]: PC/SC readers, card insertion and the ATR, which tells the card model (CPS3, CPS4).
//! - [`uri`]: RFC 7512 `pkcs11:` URIs naming tokens and objects.
//! - [`token`]: the PKCS#11 module (Cryptolib CPS, or any module), token selection and PIN state.
//! - [`login`]: the safe login: never spends the last PIN try unless asked, never retries.
//! - [`holder`]: the holder identity read from the card's authentication certificate.
//! - [`diagnosis`]: `agent card status`, everything readable and what a failure means.

pub mod diagnosis;
pub mod holder;
pub mod login;
pub mod reader;
pub mod token;
pub mod uri;
pub mod why;

use crate::i18n::Localize;
use crate::tr;
use std::path::PathBuf;

/// Card, reader and token errors. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum CardError {
    /// pcscd is not running.
    #[error("the smart-card service (pcscd) is not running or not reachable: start it (e.g. `systemctl start pcscd`) and try again")]
    NoPcscService,
    /// No reader connected.
    #[error("no smart-card reader found: connect a reader (and check that pcscd sees it with `pcsc_scan`)")]
    NoReader,
    /// No card in any reader.
    #[error("no card in the reader{}: insert the CPx card", reader.as_deref().map(|r| format!(" {r:?}")).unwrap_or_default())]
    NoCard {
        /// The reader, if one was named.
        reader: Option<String>,
    },
    /// `--wait` ran out.
    #[error("no card was inserted within {seconds} s: insert the CPx card and run the command again (or raise --wait)")]
    WaitTimeout {
        /// The wait, in seconds.
        seconds: u64,
    },
    /// The ATR is not a CPx card.
    #[error("the card in {reader:?} (ATR {atr}) is not a known CPx card (CPS3 or CPS4): insert the administrator's CPS, CPE or CPA card")]
    UnknownCard {
        /// The reader.
        reader: String,
        /// The ATR in hex.
        atr: String,
    },
    /// Another PC/SC error.
    #[error("smart-card reader error: {0}")]
    Pcsc(String),
    /// No PKCS#11 module found.
    #[error("no PKCS#11 module found; tried: {}. Install the Cryptolib CPS middleware or give --pkcs11-module PATH (AGENT_PKCS11_MODULE)", tried.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "))]
    ModuleNotFound {
        /// Every path that was tried.
        tried: Vec<PathBuf>,
    },
    /// The module exists but does not load or initialize.
    #[error("the PKCS#11 module {} could not be loaded: {message}", path.display())]
    ModuleLoad {
        /// The module.
        path: PathBuf,
        /// The loader's message.
        message: String,
    },
    /// No token matches.
    #[error("no card token matches {wanted}; tokens present: {}. Check --token (a label or a pkcs11: URI) and that the card is inserted", if present.is_empty() { "none".to_string() } else { present.join(", ") })]
    TokenNotFound {
        /// The selection, as given.
        wanted: String,
        /// Labels of the tokens seen.
        present: Vec<String>,
    },
    /// PC/SC sees a CPx card, but no PKCS#11 module shows a token for it.
    #[error("the {model} card in {reader:?} (ATR {atr}) is seen by PC/SC, but the card middleware ({}) shows no token for it: this middleware cannot read the card. Check that the Cryptolib CPS is installed and recent enough for this card (a CPS4 needs 5.2 or later); `agent card status` says more", if middleware.is_empty() { "none loaded" } else { middleware.as_str() })]
    CardNotReadable {
        /// The reader.
        reader: String,
        /// CPS3 or CPS4.
        model: String,
        /// The ATR in hex.
        atr: String,
        /// The middleware(s) loaded, with versions.
        middleware: String,
    },
    /// Several tokens match and none was selected.
    #[error("several tokens are present ({}): choose one with --token LABEL or a pkcs11: URI", labels.join(", "))]
    AmbiguousToken {
        /// Their labels.
        labels: Vec<String>,
    },
    /// An RFC 7512 URI could not be parsed.
    #[error("invalid PKCS#11 URI {uri:?}: {reason}")]
    BadUri {
        /// The URI.
        uri: String,
        /// Why.
        reason: String,
    },
    /// The card refused the PIN.
    #[error("wrong PIN: the card refused it{}. Nothing was retried; check the PIN before trying again", remaining.map(|n| format!(" ({n} {} left before the card locks)", if n == 1 { "try" } else { "tries" })).unwrap_or_default())]
    WrongPin {
        /// Tries left, where the card tells.
        remaining: Option<u8>,
    },
    /// The PIN is locked.
    #[error("the card's PIN is locked: it must be unlocked with the PUK (CPS cards: through the CPS management tool or the ANS); the agent will not try it")]
    PinLocked,
    /// One try left and the caller did not allow spending it.
    #[error("only one PIN try is left on this card: the agent does not spend it unless you add --allow-final-try (a wrong PIN would lock the card)")]
    FinalTry,
    /// Another PKCS#11 failure.
    #[error("card (PKCS#11) error during {operation}: {message}")]
    Pkcs11 {
        /// What the agent was doing.
        operation: &'static str,
        /// The module's error.
        message: String,
    },
    /// The card has no authentication certificate.
    #[error("the card holds no authentication certificate (\"Certificat d'Authentification CPS\"): is this a CPx card?")]
    NoHolderCertificate,
    /// The holder certificate could not be parsed.
    #[error("the card's authentication certificate cannot be read: {0}")]
    BadHolderCertificate(String),
}

impl Localize for CardError {
    fn localize(&self) -> String {
        use crate::i18n::quote;
        match self {
            CardError::NoPcscService => tr!("err-no-pcsc"),
            CardError::NoReader => tr!("err-no-reader"),
            CardError::NoCard { reader: None } => tr!("err-no-card"),
            CardError::NoCard { reader: Some(r) } => {
                tr!("err-no-card-in-reader", reader = quote(r))
            }
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
                present = crate::i18n::list_or(present, "word-none")
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
            CardError::BadUri { uri, reason } => {
                tr!("err-bad-uri", uri = quote(uri), reason = reason)
            }
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
}

impl CardError {
    /// A PKCS#11 failure during `operation`.
    pub fn pkcs11(operation: &'static str, e: cryptoki::error::Error) -> Self {
        CardError::Pkcs11 {
            operation,
            message: e.to_string(),
        }
    }
}
