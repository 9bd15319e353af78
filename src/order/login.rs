//! The card login of a run that talks to the platform: the reader checked (waiting for the card
//! if asked), then one login, its session shared by every request of the run.

use std::time::Duration;

use crate::card::login::CardSession;
use crate::card::reader::{self, Waiting};
use crate::card::token::Token;
use crate::enroll::tls::{self, SharedCardSession};
use crate::error::{Error, Result};
use crate::pin::SecretSource;
use crate::tr;

/// How the card is reached.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoginOptions {
    /// Wait this long for the card to be inserted.
    pub wait: Option<Duration>,
    /// Log in even when only one PIN try is left.
    pub allow_final_try: bool,
}

/// Checks the reader (waiting for the card if asked, telling each wait with `waiting`; `step`
/// shows the steps), opens
/// the token with `open` and logs in once. The PIN source is checked first, so that a script
/// without one fails at once.
pub fn login_card(
    open: impl FnOnce() -> Result<Token>,
    pin: &SecretSource,
    options: LoginOptions,
    waiting: impl Fn(Waiting) -> String,
    step: &dyn Fn(&str),
) -> Result<SharedCardSession> {
    pin.check_available()?;
    if let Some(wait) = options.wait {
        reader::wait_for_card(wait, |w| step(&waiting(w)))?;
    } else if let Ok(readers) = reader::list_readers() {
        for r in readers.iter().filter(|r| r.card_present) {
            step(&tr!(
                "login-card-in",
                reader = r.name,
                model = r.model.map(|m| m.to_string()).unwrap_or_default()
            ));
        }
    }
    let token = open()?;
    step(&tr!("login-logging-in"));
    let session = CardSession::login(token, options.allow_final_try, false, || {
        Ok::<_, Error>(pin.read_pin_prompt(&tr!("prompt-card-pin"))?)
    })?;
    if let Ok(id) = session.identity() {
        step(&tr!(
            "login-logged-in",
            first = id.first_name.unwrap_or_default(),
            last = id.last_name.unwrap_or_default(),
            kind = id.kind.map(|k| k.to_string()).unwrap_or_default()
        ));
    }
    Ok(tls::share(session))
}
