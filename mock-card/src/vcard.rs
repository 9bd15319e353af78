//! The virtual card behind the vpcd reader: an ATR, and a PIN with a 3-try counter.
//!
//! It answers ISO 7816-4 commands the way a CPx card's PIN does:
//!
//! | command | answer |
//! |---|---|
//! | VERIFY (`00 20 00 P2`) with the right PIN | `90 00`, counter back to 3 |
//! | VERIFY with a wrong PIN | `63 Cx`, x = tries left (`63 C0` for the one that blocks) |
//! | VERIFY without data (tries-left query) | `63 Cx`, or `69 83` when blocked |
//! | VERIFY (any) once blocked | `69 83` |
//! | SELECT (`A4`) | `90 00` (no file system is emulated) |
//! | other instructions | `6D 00`; other classes `6E 00`; malformed APDUs `67 00` |
//!
//! The PIN reference (P2) is not checked, and trailing `FF` padding of the PIN data is ignored
//! (cards pad the PIN block to 8 bytes). The counter lives in [`CardState`], which outlives an
//! insertion: removing and inserting the card keeps it, like a real card.

use std::sync::{Arc, Mutex};

use anyhow::{bail, Context, Result};

/// The CPS3 contact ATR (design.md, "ATRs"), the emulator's own copy.
pub const ATR_CPS3: [u8; 17] = [
    0x3B, 0xAC, 0x00, 0x40, 0x2A, 0x00, 0x12, 0x25, 0x00, 0x64, 0x80, 0x00, 0x03, 0x10, 0x00, 0x90,
    0x00,
];
/// The CPS4 ATR (design.md, "ATRs").
pub const ATR_CPS4: [u8; 17] = [
    0x3B, 0x9B, 0x18, 0x80, 0x01, 0x00, 0x12, 0x25, 0x00, 0x64, 0x80, 0x04, 0x01, 0x00, 0x00, 0x90,
    0x44,
];

/// Status word: success.
pub const SW_OK: [u8; 2] = [0x90, 0x00];
/// Status word: authentication method blocked.
pub const SW_BLOCKED: [u8; 2] = [0x69, 0x83];
/// Status word: wrong length.
pub const SW_WRONG_LENGTH: [u8; 2] = [0x67, 0x00];
/// Status word: incorrect P1/P2.
pub const SW_WRONG_P1P2: [u8; 2] = [0x6B, 0x00];
/// Status word: instruction not supported.
pub const SW_INS_NOT_SUPPORTED: [u8; 2] = [0x6D, 0x00];
/// Status word: class not supported.
pub const SW_CLA_NOT_SUPPORTED: [u8; 2] = [0x6E, 0x00];

/// INS of VERIFY.
pub const INS_VERIFY: u8 = 0x20;
/// INS of SELECT.
pub const INS_SELECT: u8 = 0xA4;

/// Parses `cps3`, `cps4` or an ATR in hex (spaces and colons allowed).
pub fn parse_atr(s: &str) -> Result<Vec<u8>> {
    match s.to_ascii_lowercase().as_str() {
        "cps3" => return Ok(ATR_CPS3.to_vec()),
        "cps4" => return Ok(ATR_CPS4.to_vec()),
        _ => {}
    }
    let hex_digits: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    let atr = hex::decode(&hex_digits)
        .with_context(|| format!("ATR {s:?} is neither cps3, cps4 nor hex bytes"))?;
    if !(2..=33).contains(&atr.len()) {
        bail!("an ATR has 2 to 33 bytes, {s:?} has {}", atr.len());
    }
    Ok(atr)
}

/// The card's persistent state: what survives removal and insertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardState {
    /// The ATR sent on the next insertion.
    pub atr: Vec<u8>,
    /// The right PIN.
    pub pin: Vec<u8>,
    /// Tries before blocking.
    pub max_tries: u8,
    /// Tries left (0 = blocked).
    pub tries_left: u8,
}

impl CardState {
    /// A new card with a full counter.
    pub fn new(atr: Vec<u8>, pin: &str, max_tries: u8) -> Self {
        CardState {
            atr,
            pin: pin.as_bytes().to_vec(),
            max_tries,
            tries_left: max_tries,
        }
    }

    /// Whether the PIN is blocked.
    pub fn blocked(&self) -> bool {
        self.tries_left == 0
    }

    /// Resets the counter (what a PUK unblock does).
    pub fn unblock(&mut self) {
        self.tries_left = self.max_tries;
    }

    fn tries_sw(&self) -> Vec<u8> {
        if self.blocked() {
            SW_BLOCKED.to_vec()
        } else {
            vec![0x63, 0xC0 | self.tries_left.min(15)]
        }
    }

    /// Executes one command APDU and returns the response APDU.
    pub fn execute(&mut self, apdu: &[u8]) -> Vec<u8> {
        let Some(cmd) = Apdu::parse(apdu) else {
            return SW_WRONG_LENGTH.to_vec();
        };
        if cmd.cla & 0xF0 != 0x00 {
            // Only the interindustry class (no secure messaging, no chaining) is emulated.
            return SW_CLA_NOT_SUPPORTED.to_vec();
        }
        match cmd.ins {
            INS_VERIFY => self.verify(&cmd),
            INS_SELECT => SW_OK.to_vec(),
            _ => SW_INS_NOT_SUPPORTED.to_vec(),
        }
    }

    fn verify(&mut self, cmd: &Apdu) -> Vec<u8> {
        if cmd.p1 != 0x00 {
            return SW_WRONG_P1P2.to_vec();
        }
        if self.blocked() || cmd.data.is_empty() {
            return self.tries_sw();
        }
        let mut given = cmd.data;
        while let [rest @ .., 0xFF] = given {
            given = rest;
        }
        if given == self.pin.as_slice() {
            self.tries_left = self.max_tries;
            SW_OK.to_vec()
        } else {
            self.tries_left = self.tries_left.saturating_sub(1);
            vec![0x63, 0xC0 | self.tries_left.min(15)]
        }
    }
}

/// A short command APDU.
#[derive(Debug, PartialEq, Eq)]
struct Apdu<'a> {
    cla: u8,
    ins: u8,
    p1: u8,
    p2: u8,
    data: &'a [u8],
}

impl<'a> Apdu<'a> {
    /// Parses cases 1 to 4 of short APDUs (extended length is not emulated).
    fn parse(b: &'a [u8]) -> Option<Apdu<'a>> {
        let (&[cla, ins, p1, p2], body) = (b.first_chunk::<4>()?, &b[4..]);
        let data: &[u8] = match body {
            [] | [_] => &[], // case 1, or case 2 (Le only)
            [lc, rest @ ..] => {
                let lc = usize::from(*lc);
                // Case 3 (Lc data) or case 4 (Lc data Le); Lc = 0 would be extended length.
                if lc == 0 || !(rest.len() == lc || rest.len() == lc + 1) {
                    return None;
                }
                &rest[..lc]
            }
        };
        Some(Apdu {
            cla,
            ins,
            p1,
            p2,
            data,
        })
    }
}

/// The card as vpicc drives it while it is inserted: a snapshot of the ATR and the shared state.
pub struct InsertedCard {
    atr: Vec<u8>,
    state: Arc<Mutex<CardState>>,
}

impl InsertedCard {
    /// The card for one insertion (the ATR is the state's at this moment).
    pub fn new(state: Arc<Mutex<CardState>>) -> Self {
        let atr = lock(&state).atr.clone();
        InsertedCard { atr, state }
    }
}

/// Locks the state, surviving a poisoned lock (a panicked card thread must not stop the reader).
pub fn lock(state: &Mutex<CardState>) -> std::sync::MutexGuard<'_, CardState> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl vpicc::VSmartCard for InsertedCard {
    fn atr(&self) -> &[u8] {
        &self.atr
    }

    fn execute(&mut self, msg: &[u8]) -> Vec<u8> {
        let response = lock(&self.state).execute(msg);
        eprintln!(
            "mock-card reader: APDU {} -> {}",
            redact(msg),
            hex::encode_upper(&response)
        );
        response
    }
}

/// An APDU for the log, with VERIFY data (the PIN) masked.
fn redact(apdu: &[u8]) -> String {
    if apdu.get(1) == Some(&INS_VERIFY) && apdu.len() > 5 {
        format!(
            "{} <PIN {} bytes>",
            hex::encode_upper(&apdu[..5]),
            apdu.len() - 5
        )
    } else {
        hex::encode_upper(apdu)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verify(pin: &[u8]) -> Vec<u8> {
        let mut a = vec![0x00, 0x20, 0x00, 0x80, pin.len() as u8];
        a.extend_from_slice(pin);
        a
    }

    #[test]
    fn counter_blocks_after_three_and_resets_on_success() {
        let mut c = CardState::new(ATR_CPS3.to_vec(), "1234", 3);
        let query = [0x00, 0x20, 0x00, 0x80];
        assert_eq!(c.execute(&query), [0x63, 0xC3]);
        assert_eq!(c.execute(&verify(b"0000")), [0x63, 0xC2]);
        assert_eq!(c.execute(&verify(b"1234\xFF\xFF\xFF\xFF")), SW_OK);
        assert_eq!(c.execute(&query), [0x63, 0xC3]);
        assert_eq!(c.execute(&verify(b"0000")), [0x63, 0xC2]);
        assert_eq!(c.execute(&verify(b"0000")), [0x63, 0xC1]);
        assert_eq!(c.execute(&verify(b"0000")), [0x63, 0xC0]);
        assert_eq!(c.execute(&verify(b"1234")), SW_BLOCKED);
        assert_eq!(c.execute(&query), SW_BLOCKED);
        c.unblock();
        assert_eq!(c.execute(&verify(b"1234")), SW_OK);
    }

    #[test]
    fn malformed_and_unknown() {
        let mut c = CardState::new(ATR_CPS4.to_vec(), "1234", 3);
        assert_eq!(c.execute(&[0x00, 0x20]), SW_WRONG_LENGTH);
        assert_eq!(
            c.execute(&[0x00, 0x20, 0x00, 0x80, 0x04, 0x31]),
            SW_WRONG_LENGTH
        );
        assert_eq!(
            c.execute(&[0x00, 0xB0, 0x00, 0x00, 0x00]),
            SW_INS_NOT_SUPPORTED
        );
        assert_eq!(c.execute(&[0x80, 0x20, 0x00, 0x80]), SW_CLA_NOT_SUPPORTED);
        assert_eq!(
            c.execute(&[0x00, 0xA4, 0x04, 0x00, 0x02, 0x3F, 0x00, 0x00]),
            SW_OK
        );
        assert_eq!(c.tries_left, 3, "no counter change on other commands");
    }

    #[test]
    fn atr_parsing() {
        assert_eq!(parse_atr("CPS3").unwrap(), ATR_CPS3);
        assert_eq!(parse_atr("cps4").unwrap(), ATR_CPS4);
        assert_eq!(parse_atr("3B 02 14 50").unwrap(), [0x3B, 0x02, 0x14, 0x50]);
        assert_eq!(parse_atr("3b:02").unwrap(), [0x3B, 0x02]);
        assert!(parse_atr("3B").is_err());
        assert!(parse_atr("zz").is_err());
    }

    #[test]
    fn pin_not_logged() {
        assert!(!redact(&verify(b"1234")).contains("31323334"));
    }
}
