//! What `agent card status` says a failure most likely means ([`Diagnosis`]), and the problems
//! that did not stop its report ([`CardWarning`]), typed: `Display` is the English text (the
//! `diagnosis` of its JSON, identical in every language); [`Localize`] says them from the
//! catalogue.

use crate::i18n::Localize;
use crate::tr;
use std::fmt;

use super::diagnosis::CRYPTOLIB_FOR_CPS4;
use super::reader::CardModel;
use super::CardError;
use crate::ids::IdWarning;

/// One line of the diagnosis.
#[derive(Debug)]
pub enum Diagnosis {
    /// PC/SC cannot be read, so middlewares see no card.
    PcscUnreadable(CardError),
    /// A CPx card, and no middleware.
    NoMiddleware {
        /// The card's model.
        model: Option<CardModel>,
        /// The reader.
        reader: String,
    },
    /// The middleware shows the card's slot empty.
    SlotEmpty {
        /// The middleware (name, version, path).
        middleware: String,
        /// The reader.
        reader: String,
    },
    /// The middleware shows a token without a CPx certificate.
    TokenWithoutCpx {
        /// The middleware.
        middleware: String,
        /// The reader.
        reader: String,
    },
    /// The middleware shows slots without a token.
    SlotsWithoutToken {
        /// The middleware.
        middleware: String,
        /// How many.
        count: usize,
    },
    /// The middleware has no slot for the reader.
    NoSlotFor {
        /// The middleware.
        middleware: String,
        /// The reader.
        reader: String,
    },
    /// A CPS4 with a Cryptolib older than 5.2.
    OldCryptolib {
        /// The version found.
        version: (u8, u8),
    },
    /// A CPS4 and no Cryptolib among the modules.
    NoCryptolib,
    /// An ATR that is neither CPS3 nor CPS4.
    UnknownAtr {
        /// The reader.
        reader: String,
        /// The ATR (`?` when unknown).
        atr: String,
    },
}

/// One line of the diagnosis of `agent card status`, in the language of the run.
impl Localize for Diagnosis {
    fn localize(&self) -> String {
        use crate::i18n::quote;
        let need = || {
            let (a, b) = CRYPTOLIB_FOR_CPS4;
            format!("{a}.{b}")
        };
        match self {
            Diagnosis::PcscUnreadable(e) => tr!("cd-pcsc-unreadable", reason = e.localize()),
            Diagnosis::NoMiddleware { model, reader } => {
                let id = if *model == Some(CardModel::Cps4) {
                    "cd-no-middleware-cps4"
                } else {
                    "cd-no-middleware"
                };
                tr!(
                    id,
                    model = model.map(|m| m.to_string()).unwrap_or_default(),
                    reader = quote(reader)
                )
            }
            Diagnosis::SlotEmpty { middleware, reader } => tr!(
                "cd-slot-empty",
                middleware = middleware,
                reader = quote(reader)
            ),
            Diagnosis::TokenWithoutCpx { middleware, reader } => tr!(
                "cd-token-without-cpx",
                middleware = middleware,
                reader = quote(reader)
            ),
            Diagnosis::SlotsWithoutToken { middleware, count } => tr!(
                "cd-slots-without-token",
                middleware = middleware,
                count = *count
            ),
            Diagnosis::NoSlotFor { middleware, reader } => tr!(
                "cd-no-slot-for",
                middleware = middleware,
                reader = quote(reader)
            ),
            Diagnosis::OldCryptolib { version } => tr!(
                "cd-old-cryptolib",
                need = need(),
                version = format!("{}.{}", version.0, version.1)
            ),
            Diagnosis::NoCryptolib => tr!("cd-no-cryptolib", need = need()),
            Diagnosis::UnknownAtr { reader, atr } => {
                tr!("cd-unknown-atr", reader = quote(reader), atr = atr)
            }
        }
    }
}

impl fmt::Display for Diagnosis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (need_major, need_minor) = CRYPTOLIB_FOR_CPS4;
        match self {
            Diagnosis::PcscUnreadable(pcsc) => write!(
                f,
                "PC/SC could not be read ({pcsc}); card middlewares (Cryptolib CPS, OpenSC) reach the card through pcscd, so they see no card without it"
            ),
            Diagnosis::NoMiddleware { model, reader } => write!(
                f,
                "a {} card is in {reader:?}, but no card middleware was found: install Cryptolib CPS ({}) or give --pkcs11-module",
                model.map(|m| m.to_string()).unwrap_or_default(),
                if *model == Some(CardModel::Cps4) {
                    "5.2 or later for a CPS4"
                } else {
                    "the ANS middleware"
                }
            ),
            Diagnosis::SlotEmpty { middleware, reader } => write!(
                f,
                "the middleware {middleware} shows the slot of reader {reader:?} empty: the card is not readable by this middleware"
            ),
            Diagnosis::TokenWithoutCpx { middleware, reader } => write!(
                f,
                "the middleware {middleware} shows a token in reader {reader:?} that holds no CPx card certificate"
            ),
            Diagnosis::SlotsWithoutToken { middleware, count } => write!(
                f,
                "the middleware {middleware} shows {count} slot(s) without a token: the card is not readable by this middleware"
            ),
            Diagnosis::NoSlotFor { middleware, reader } => write!(
                f,
                "the middleware {middleware} has no slot for reader {reader:?}"
            ),
            Diagnosis::OldCryptolib { version } => write!(
                f,
                "a CPS4 card needs Cryptolib CPS {need_major}.{need_minor} or later; this one is {}.{}: update the middleware (ANS, espace CPS)",
                version.0, version.1
            ),
            Diagnosis::NoCryptolib => write!(
                f,
                "a CPS4 card is read by the Cryptolib CPS middleware {need_major}.{need_minor} or later, which was not among the modules loaded: install it, or give its path with --pkcs11-module"
            ),
            Diagnosis::UnknownAtr { reader, atr } => write!(
                f,
                "the card in {reader:?} has ATR {atr}, which is neither a CPS3 nor a CPS4"
            ),
        }
    }
}

/// A problem that did not stop the report of `agent card status`.
#[derive(Debug)]
pub enum CardWarning {
    /// PC/SC failed, but the PKCS#11 token was found anyway.
    PcscButToken(CardError),
    /// The holder's national id is a test-platform identifier.
    TestHolderId {
        /// The national id.
        id: String,
        /// The rule it breaks.
        warning: IdWarning,
    },
    /// The holder could not be read.
    Holder(CardError),
}

/// A warning of `agent card status`, in the language of the run.
impl Localize for CardWarning {
    fn localize(&self) -> String {
        match self {
            CardWarning::PcscButToken(e) => tr!("cw-pcsc-but-token", reason = e.localize()),
            CardWarning::TestHolderId { id, warning } => tr!(
                "cw-test-holder-id",
                id = id,
                rule = tr!("id-test-accepted", rule = warning.0.localize())
            ),
            CardWarning::Holder(e) => e.localize(),
        }
    }
}

impl fmt::Display for CardWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CardWarning::PcscButToken(e) => {
                write!(f, "{e} (the PKCS#11 token was found anyway)")
            }
            CardWarning::TestHolderId { id, warning } => write!(
                f,
                "the holder's national id {id} is a test-platform identifier ({warning}): commands that use it need --allow-test-ids"
            ),
            CardWarning::Holder(e) => write!(f, "{e}"),
        }
    }
}
