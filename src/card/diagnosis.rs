//! `agent card status`: everything the agent can read about the card, even when a part fails.
//!
//! PC/SC (readers, card presence, ATR → model) and PKCS#11 (each module loaded: its C_GetInfo
//! identity and slots; the token; the holder) are read independently. When the token cannot be
//! opened, the report keeps what was read and says what the failure most likely means: a CPx card
//! that PC/SC sees but the middleware shows as an empty slot (PKCS#11 v2.40 §5.5: the slot lacks
//! CKF_TOKEN_PRESENT) is a card that middleware cannot read, and a CPS4 needs Cryptolib CPS 5.2 or
//! later.

use std::path::Path;
use std::time::Duration;

use serde::Serialize;

use super::holder::{self, HolderIdentity};
use super::reader::{self, CardModel, ReaderInfo};
use super::token::{ModuleReport, Token, TokenSelector, TokenSummary};
use super::why::{CardWarning, Diagnosis};
use super::CardError;

/// The first Cryptolib CPS version that reads CPS4 cards.
pub const CRYPTOLIB_FOR_CPS4: (u8, u8) = (5, 2);

/// The error member of `agent card status --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorReport {
    /// The exit code.
    pub code: u8,
    /// The message, as printed on stderr.
    pub message: String,
}

/// The JSON document of `agent card status --json` (one object, whatever the exit code).
#[derive(Debug, Serialize)]
pub struct CardStatus {
    /// PC/SC readers (empty when PC/SC could not be read).
    pub readers: Vec<ReaderInfo>,
    /// Every PKCS#11 module loaded, with its identity (C_GetInfo) and slots.
    pub modules: Vec<ModuleReport>,
    /// The PKCS#11 token, if one was opened.
    pub token: Option<TokenSummary>,
    /// The holder, if the certificate could be read.
    pub holder: Option<HolderIdentity>,
    /// What the failures most likely mean, for the administrator (English: the English text of
    /// [`CardStatus::why`], identical in every language).
    pub diagnosis: Vec<String>,
    /// The same, typed (they localize themselves in the language of the run).
    #[serde(skip)]
    pub why: Vec<Diagnosis>,
    /// Present when the exit code is not 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorReport>,
}

/// Where to look for the card.
#[derive(Debug, Default)]
pub struct StatusRequest<'a> {
    /// The configured module, if any.
    pub module: Option<&'a Path>,
    /// The configured token, if any.
    pub selector: Option<&'a TokenSelector>,
    /// Wait that long for a card first.
    pub wait: Option<Duration>,
}

/// Reads everything that can be read; the error is the one that best explains a failure (the
/// report is complete either way). `warnings` are problems that did not stop the report.
pub fn card_status(
    req: &StatusRequest<'_>,
    mut on_wait: impl FnMut(reader::Waiting),
) -> (CardStatus, Vec<CardWarning>, Option<CardError>) {
    let mut warnings = Vec::new();
    let waited = match req.wait {
        Some(d) => reader::wait_for_card(d, &mut on_wait).err(),
        None => None,
    };
    let readers = reader::list_readers();
    let mut modules = Vec::new();
    let token = Token::probe(req.module, req.selector, &mut modules);
    let mut doc = CardStatus {
        readers: readers.as_ref().cloned().unwrap_or_default(),
        modules,
        token: None,
        holder: None,
        diagnosis: Vec::new(),
        why: Vec::new(),
        error: None,
    };
    let mut error = waited;
    match token {
        Ok(t) => {
            if let Err(pcsc) = &readers {
                warnings.push(CardWarning::PcscButToken(clone_pcsc(pcsc)));
            }
            match t.summary() {
                Ok(s) => doc.token = Some(s),
                Err(e) => {
                    error.get_or_insert(e);
                }
            }
            match t.pkcs11.open_ro_session(t.slot) {
                Ok(session) => match holder::read_identity(&session) {
                    Ok(h) => {
                        if let Some(t) = &h.test_rule {
                            warnings.push(CardWarning::TestHolderId {
                                id: h.national_id.clone().unwrap_or_default(),
                                warning: t.clone(),
                            });
                        }
                        doc.holder = Some(h)
                    }
                    Err(e) => warnings.push(CardWarning::Holder(e)),
                },
                Err(e) => {
                    error.get_or_insert(CardError::pkcs11("opening a session", e));
                }
            }
        }
        Err(e) => {
            let (explained, diagnosis) = explain(&readers, &doc.modules, e);
            doc.diagnosis = diagnosis.iter().map(|d| d.to_string()).collect();
            doc.why = diagnosis;
            error.get_or_insert(explained);
        }
    }
    (doc, warnings, error)
}

fn middleware_name(m: &ModuleReport) -> String {
    let desc = m
        .description
        .as_deref()
        .filter(|d| !d.is_empty())
        .or(m.manufacturer.as_deref())
        .unwrap_or("PKCS#11 module");
    match &m.library_version {
        Some(v) => format!("{desc} {v} ({})", m.path.display()),
        None => format!("{desc} ({})", m.path.display()),
    }
}

/// The error that best explains a token that could not be opened, and what it most likely means.
pub fn explain(
    readers: &Result<Vec<ReaderInfo>, CardError>,
    modules: &[ModuleReport],
    token_err: CardError,
) -> (CardError, Vec<Diagnosis>) {
    let mut why = Vec::new();
    let no_token =
        matches!(&token_err, CardError::TokenNotFound { present, .. } if present.is_empty());
    let loaded: Vec<&ModuleReport> = modules.iter().filter(|m| m.error.is_none()).collect();
    let readers = match readers {
        Err(pcsc) => {
            if no_token || matches!(token_err, CardError::ModuleNotFound { .. }) {
                why.push(Diagnosis::PcscUnreadable(clone_pcsc(pcsc)));
                return (
                    match token_err {
                        CardError::ModuleNotFound { .. } => token_err,
                        _ => clone_pcsc(pcsc),
                    },
                    why,
                );
            }
            return (token_err, why);
        }
        Ok(r) => r,
    };
    let cpx: Vec<&ReaderInfo> = readers
        .iter()
        .filter(|r| matches!(r.model, Some(CardModel::Cps3 | CardModel::Cps4)))
        .collect();
    if !no_token {
        if let CardError::ModuleNotFound { .. } = token_err {
            if let Some(r) = cpx.first() {
                why.push(Diagnosis::NoMiddleware {
                    model: r.model,
                    reader: r.name.clone(),
                });
            }
        }
        return (token_err, why);
    }
    if let Some(r) = cpx.first() {
        // PC/SC sees a CPx card; no module shows a token for it.
        let model = r.model.unwrap_or(CardModel::Unknown);
        for m in &loaded {
            let slot = m
                .slots
                .iter()
                .find(|s| s.description.contains(&r.name) || r.name.contains(&s.description));
            match slot {
                Some(s) if !s.token_present => why.push(Diagnosis::SlotEmpty {
                    middleware: middleware_name(m),
                    reader: r.name.clone(),
                }),
                Some(_) => why.push(Diagnosis::TokenWithoutCpx {
                    middleware: middleware_name(m),
                    reader: r.name.clone(),
                }),
                None if m.slots.iter().any(|s| !s.token_present) => {
                    why.push(Diagnosis::SlotsWithoutToken {
                        middleware: middleware_name(m),
                        count: m.slots.iter().filter(|s| !s.token_present).count(),
                    })
                }
                None => why.push(Diagnosis::NoSlotFor {
                    middleware: middleware_name(m),
                    reader: r.name.clone(),
                }),
            }
            if model == CardModel::Cps4 && m.is_cryptolib() {
                if let Some(v) = m.version() {
                    if v < CRYPTOLIB_FOR_CPS4 {
                        why.push(Diagnosis::OldCryptolib { version: v });
                    }
                }
            }
        }
        if model == CardModel::Cps4 && !loaded.iter().any(|m| m.is_cryptolib()) {
            why.push(Diagnosis::NoCryptolib);
        }
        let err = CardError::CardNotReadable {
            reader: r.name.clone(),
            model: model.to_string(),
            atr: r.atr.clone().unwrap_or_default(),
            middleware: loaded
                .iter()
                .map(|m| middleware_name(m))
                .collect::<Vec<_>>()
                .join(", "),
        };
        return (err, why);
    }
    if let Some(unknown) = readers.iter().find(|r| r.model == Some(CardModel::Unknown)) {
        why.push(Diagnosis::UnknownAtr {
            reader: unknown.name.clone(),
            atr: unknown.atr.clone().unwrap_or_else(|| "?".into()),
        });
        return (
            CardError::UnknownCard {
                reader: unknown.name.clone(),
                atr: unknown.atr.clone().unwrap_or_default(),
            },
            why,
        );
    }
    if readers.iter().all(|r| !r.card_present) {
        return (
            match readers.first() {
                None => CardError::NoReader,
                Some(first) => CardError::NoCard {
                    reader: Some(first.name.clone()),
                },
            },
            why,
        );
    }
    (token_err, why)
}

fn clone_pcsc(e: &CardError) -> CardError {
    match e {
        CardError::NoPcscService => CardError::NoPcscService,
        CardError::NoReader => CardError::NoReader,
        other => CardError::Pcsc(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::token::SlotReport;

    fn reader(model: CardModel, atr: &str) -> ReaderInfo {
        ReaderInfo {
            name: "Reader 0".into(),
            card_present: true,
            atr: Some(atr.into()),
            model: Some(model),
        }
    }

    fn module(desc: &str, version: &str) -> ModuleReport {
        ModuleReport {
            path: "/opt/santesocial/CPS/lib/libcps3_pkcs11_lux.so".into(),
            manufacturer: Some("ANS".into()),
            description: Some(desc.into()),
            library_version: Some(version.into()),
            cryptoki_version: Some("2.20".into()),
            slots: vec![SlotReport {
                id: 0,
                description: "Reader 0".into(),
                token_present: false,
                token_label: None,
            }],
            error: None,
        }
    }

    fn not_found() -> CardError {
        CardError::TokenNotFound {
            wanted: "any CPx card".into(),
            present: vec![],
        }
    }

    #[test]
    fn cps4_in_an_empty_slot_of_an_old_cryptolib() {
        let (e, why) = explain(
            &Ok(vec![reader(CardModel::Cps4, "3B 9B")]),
            &[module("Cryptolib CPS", "5.0")],
            not_found(),
        );
        assert!(matches!(e, CardError::CardNotReadable { .. }), "{e}");
        assert!(
            why[0]
                .to_string()
                .contains("shows the slot of reader \"Reader 0\" empty"),
            "{why:?}"
        );
        assert!(
            why[1]
                .to_string()
                .contains("needs Cryptolib CPS 5.2 or later; this one is 5.0"),
            "{why:?}"
        );
        let (_, why) = explain(
            &Ok(vec![reader(CardModel::Cps4, "3B 9B")]),
            &[module("Cryptolib CPS", "5.2")],
            not_found(),
        );
        assert_eq!(why.len(), 1, "{why:?}");
    }

    #[test]
    fn the_reader_explains_what_pkcs11_cannot() {
        let no_card = ReaderInfo {
            name: "Reader 0".into(),
            card_present: false,
            atr: None,
            model: None,
        };
        let (e, _) = explain(&Ok(vec![no_card]), &[], not_found());
        assert!(matches!(e, CardError::NoCard { .. }), "{e}");
        let (e, _) = explain(&Ok(vec![]), &[], not_found());
        assert!(matches!(e, CardError::NoReader), "{e}");
        let (e, _) = explain(
            &Ok(vec![reader(CardModel::Unknown, "3B 95")]),
            &[],
            not_found(),
        );
        assert!(matches!(e, CardError::UnknownCard { .. }), "{e}");
        let (e, why) = explain(&Err(CardError::NoPcscService), &[], not_found());
        assert!(matches!(e, CardError::NoPcscService), "{e}");
        assert!(why[0].to_string().contains("through pcscd"), "{why:?}");
        // A token that is there but not the one asked for stays that error.
        let other = CardError::TokenNotFound {
            wanted: "label \"X\"".into(),
            present: vec!["Y".into()],
        };
        let (e, _) = explain(&Ok(vec![reader(CardModel::Cps3, "3B AC")]), &[], other);
        assert!(matches!(e, CardError::TokenNotFound { .. }), "{e}");
    }
}
