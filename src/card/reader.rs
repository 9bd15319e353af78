//! PC/SC: readers, card presence, the ATR and the card model it identifies.

use std::ffi::{CStr, CString};
use std::time::{Duration, Instant};

use pcsc::{Context, ReaderState, Scope, State};
use serde::Serialize;

use super::CardError;

/// The CPS3 contact ATR (Cryptolib CPS documentation).
pub const ATR_CPS3: [u8; 17] = [
    0x3B, 0xAC, 0x00, 0x40, 0x2A, 0x00, 0x12, 0x25, 0x00, 0x64, 0x80, 0x00, 0x03, 0x10, 0x00, 0x90,
    0x00,
];
/// The CPS4 ATR.
pub const ATR_CPS4: [u8; 17] = [
    0x3B, 0x9B, 0x18, 0x80, 0x01, 0x00, 0x12, 0x25, 0x00, 0x64, 0x80, 0x04, 0x01, 0x00, 0x00, 0x90,
    0x44,
];

/// The card model an ATR identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CardModel {
    /// CPS3 (IAS-ECC v3 CPx cards).
    #[serde(rename = "CPS3")]
    Cps3,
    /// CPS4 (cards issued from 2023).
    #[serde(rename = "CPS4")]
    Cps4,
    /// Not a known CPx card.
    #[serde(rename = "unknown")]
    Unknown,
}

impl CardModel {
    /// Identifies a card model from its ATR.
    pub fn from_atr(atr: &[u8]) -> CardModel {
        if atr == ATR_CPS3 {
            CardModel::Cps3
        } else if atr == ATR_CPS4 {
            CardModel::Cps4
        } else {
            CardModel::Unknown
        }
    }
}

impl std::fmt::Display for CardModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CardModel::Cps3 => "CPS3",
            CardModel::Cps4 => "CPS4",
            CardModel::Unknown => "unknown",
        })
    }
}

/// One reader and what is in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReaderInfo {
    /// The reader's PC/SC name.
    pub name: String,
    /// Whether a card is present.
    pub card_present: bool,
    /// The ATR in upper-case hex with spaces, when a card is present.
    pub atr: Option<String>,
    /// The model that ATR identifies, when a card is present.
    pub model: Option<CardModel>,
}

/// Formats an ATR as upper-case hex bytes separated by spaces.
pub fn atr_hex(atr: &[u8]) -> String {
    atr.iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn map_err(e: pcsc::Error) -> CardError {
    match e {
        pcsc::Error::NoReadersAvailable => CardError::NoReader,
        pcsc::Error::NoService | pcsc::Error::ServiceStopped => CardError::NoPcscService,
        other => CardError::Pcsc(other.to_string()),
    }
}

fn establish() -> Result<Context, CardError> {
    Context::establish(Scope::User).map_err(map_err)
}

fn reader_names(ctx: &Context) -> Result<Vec<CString>, CardError> {
    match ctx.list_readers_owned() {
        Ok(names) => Ok(names),
        Err(pcsc::Error::NoReadersAvailable) => Ok(Vec::new()),
        Err(e) => Err(map_err(e)),
    }
}

fn info_from_state(state: &ReaderState) -> ReaderInfo {
    let present = state.event_state().contains(State::PRESENT);
    let atr = present
        .then(|| state.atr().to_vec())
        .filter(|a| !a.is_empty());
    ReaderInfo {
        name: state.name().to_string_lossy().into_owned(),
        card_present: present,
        model: atr.as_deref().map(CardModel::from_atr),
        atr: atr.as_deref().map(atr_hex),
    }
}

fn current_states(ctx: &Context, names: &[CString]) -> Result<Vec<ReaderState>, CardError> {
    let mut states: Vec<ReaderState> = names
        .iter()
        .map(|n| ReaderState::new(n.as_c_str(), State::UNAWARE))
        .collect();
    if !states.is_empty() {
        ctx.get_status_change(Duration::ZERO, &mut states)
            .map_err(map_err)?;
    }
    Ok(states)
}

/// Lists the PC/SC readers and what is in each (an empty list when no reader is connected).
pub fn list_readers() -> Result<Vec<ReaderInfo>, CardError> {
    let ctx = establish()?;
    let names = reader_names(&ctx)?;
    Ok(current_states(&ctx, &names)?
        .iter()
        .map(info_from_state)
        .collect())
}

/// What [`wait_for_card`] tells its caller when it has to wait (the caller words it for the user;
/// `Display` gives the English sentence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Waiting {
    /// How long it waits at most, in seconds.
    pub seconds: u64,
    /// Whether a reader is connected (else it waits for a reader and a card).
    pub reader_present: bool,
}

impl std::fmt::Display for Waiting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.reader_present {
            write!(
                f,
                "waiting up to {} s for a CPx card to be inserted…",
                self.seconds
            )
        } else {
            write!(
                f,
                "waiting up to {} s for a reader and a CPx card…",
                self.seconds
            )
        }
    }
}

/// Waits up to `timeout` for a card to be present in any reader (readers plugged in while waiting
/// count too), and returns that reader. `on_wait` is called once if the agent has to wait.
pub fn wait_for_card(
    timeout: Duration,
    mut on_wait: impl FnMut(Waiting),
) -> Result<ReaderInfo, CardError> {
    let ctx = establish()?;
    let deadline = Instant::now() + timeout;
    let mut told = false;
    loop {
        let names = reader_names(&ctx)?;
        let mut states = current_states(&ctx, &names)?;
        if let Some(found) = states.iter().map(info_from_state).find(|r| r.card_present) {
            return Ok(found);
        }
        let now = Instant::now();
        if now >= deadline {
            return Err(CardError::WaitTimeout {
                seconds: timeout.as_secs(),
            });
        }
        if !told {
            on_wait(Waiting {
                seconds: timeout.as_secs(),
                reader_present: !names.is_empty(),
            });
            told = true;
        }
        // Wait for a change on the known readers or a new reader (PnP notification), at most
        // until the deadline; re-list after each change.
        for s in states.iter_mut() {
            s.sync_current_state();
        }
        let pnp: &CStr = pcsc::PNP_NOTIFICATION();
        states.push(ReaderState::new(pnp, State::UNAWARE));
        let wait = (deadline - now).min(Duration::from_millis(500));
        match ctx.get_status_change(wait, &mut states) {
            Ok(()) | Err(pcsc::Error::Timeout) => {}
            Err(pcsc::Error::UnknownReader) => {}
            Err(e) => return Err(map_err(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_atrs() {
        assert_eq!(CardModel::from_atr(&ATR_CPS3), CardModel::Cps3);
        assert_eq!(CardModel::from_atr(&ATR_CPS4), CardModel::Cps4);
        assert_eq!(CardModel::from_atr(&[0x3B, 0x00]), CardModel::Unknown);
        assert_eq!(
            atr_hex(&ATR_CPS4),
            "3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44"
        );
    }
}
