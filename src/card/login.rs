//! The safe login.
//!
//! Rules (see `docs/card.md`):
//! 1. The token's PIN flags are read *before* the PIN is asked for: a locked PIN is never tried, and
//!    the final try is never spent unless the caller passes `allow_final_try`.
//! 2. One attempt per command. A wrong PIN is reported with the tries left, never retried.
//! 3. The PIN stays in a [`SecretString`] and is zeroized when dropped; it appears in no message.
//! 4. One login per run: the returned [`CardSession`] is kept for the whole command.

use cryptoki::error::{Error as CkError, RvError};
use cryptoki::session::{Session, UserType};
use secrecy::SecretString;

use super::holder::{self, HolderIdentity};
use super::token::{PinState, Token};
use super::CardError;

/// How many PIN tries a CPx card allows.
pub const CPX_PIN_TRIES: u8 = 3;

/// A logged-in session on the card, kept for the whole command.
pub struct CardSession {
    /// The token (module and slot).
    pub token: Token,
    /// The logged-in session.
    pub session: Session,
}

impl std::fmt::Debug for CardSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardSession")
            .field("token", &self.token)
            .finish()
    }
}

/// Checks the PIN flags before a login: `Err` when the agent must not try.
pub fn check_before_login(state: &PinState, allow_final_try: bool) -> Result<(), CardError> {
    if state.pin_locked {
        return Err(CardError::PinLocked);
    }
    if state.pin_final_try && !allow_final_try {
        return Err(CardError::FinalTry);
    }
    Ok(())
}

/// Tries left, as far as the flags tell on a 3-try CPx card.
pub fn tries_left(state: &PinState) -> Option<u8> {
    if state.pin_locked {
        Some(0)
    } else if state.pin_final_try {
        Some(1)
    } else if state.pin_count_low {
        Some(CPX_PIN_TRIES - 1)
    } else {
        None
    }
}

impl CardSession {
    /// Logs in once with the PIN from `read_pin`, which is called only after the PIN flags allow
    /// an attempt. The session is read-write when `read_write` (needed to create objects).
    pub fn login<E: From<CardError>>(
        token: Token,
        allow_final_try: bool,
        read_write: bool,
        read_pin: impl FnOnce() -> Result<SecretString, E>,
    ) -> Result<CardSession, E> {
        check_before_login(&token.pin_state()?, allow_final_try)?;
        let pin = read_pin()?;
        let session = if read_write {
            token.pkcs11.open_rw_session(token.slot)
        } else {
            token.pkcs11.open_ro_session(token.slot)
        }
        .map_err(|e| CardError::pkcs11("opening a session", e))?;
        match session.login(UserType::User, Some(&pin)) {
            Ok(()) => {}
            Err(CkError::Pkcs11(RvError::UserAlreadyLoggedIn, _)) => {}
            Err(CkError::Pkcs11(RvError::PinIncorrect, _)) => {
                let remaining = token.pin_state().ok().and_then(|s| tries_left(&s));
                return Err(match remaining {
                    Some(0) => CardError::PinLocked,
                    r => CardError::WrongPin { remaining: r },
                }
                .into());
            }
            Err(CkError::Pkcs11(RvError::PinLocked, _)) => return Err(CardError::PinLocked.into()),
            Err(CkError::Pkcs11(RvError::PinInvalid | RvError::PinLenRange, _)) => {
                return Err(CardError::WrongPin {
                    remaining: token.pin_state().ok().and_then(|s| tries_left(&s)),
                }
                .into())
            }
            Err(e) => return Err(CardError::pkcs11("logging in", e).into()),
        }
        drop(pin);
        Ok(CardSession { token, session })
    }

    /// The holder identity (readable from the logged-in session as well).
    pub fn identity(&self) -> Result<HolderIdentity, CardError> {
        holder::read_identity(&self.session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn st(low: bool, fin: bool, locked: bool) -> PinState {
        PinState {
            pin_count_low: low,
            pin_final_try: fin,
            pin_locked: locked,
        }
    }

    #[test]
    fn policy() {
        assert!(check_before_login(&st(false, false, false), false).is_ok());
        assert!(check_before_login(&st(true, false, false), false).is_ok());
        assert!(matches!(
            check_before_login(&st(true, true, false), false),
            Err(CardError::FinalTry)
        ));
        assert!(check_before_login(&st(true, true, false), true).is_ok());
        assert!(matches!(
            check_before_login(&st(false, false, true), true),
            Err(CardError::PinLocked)
        ));
        assert_eq!(tries_left(&st(true, false, false)), Some(2));
        assert_eq!(tries_left(&st(true, true, false)), Some(1));
        assert_eq!(tries_left(&st(false, false, false)), None);
    }
}
