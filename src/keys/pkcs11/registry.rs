//! The run's registry of key store tokens (one session and one login per token per run) and of
//! the key pairs it made that no order holds yet (destroyed if the run is interrupted).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use cryptoki::object::ObjectHandle;
use cryptoki::session::Session;

use super::Pkcs11KeyStore;

/// A key store token as the registry names it: its module and slot, label and serial.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StoreKey {
    pub(super) module: PathBuf,
    pub(super) slot: u64,
    pub(super) label: String,
    pub(super) serial: String,
}

/// What happened to each key store token this run.
pub(super) enum Opened {
    /// Logged in (or no login needed): shared by every later use.
    Open(Pkcs11KeyStore),
    /// The token refused the PIN: nothing more is tried on it.
    PinRefused,
}

pub(super) static OPENED: Mutex<Vec<(StoreKey, Opened)>> = Mutex::new(Vec::new());

pub(super) fn opened() -> std::sync::MutexGuard<'static, Vec<(StoreKey, Opened)>> {
    OPENED.lock().unwrap_or_else(|p| p.into_inner())
}

/// Closes every key store session of this run (logs out with the session). Call before
/// [`crate::card::token::finalize_all`].
pub fn close_all() {
    let all = std::mem::take(&mut *opened());
    drop(all);
}

/// A key pair made on a token by this run that no order holds yet.
pub(super) struct Unfinished {
    pub(super) session: Arc<Mutex<Session>>,
    pub(super) private: ObjectHandle,
    pub(super) public: Option<ObjectHandle>,
}

pub(super) static UNFINISHED: Mutex<Vec<Unfinished>> = Mutex::new(Vec::new());

/// Lock order: a session, then this list (never the other way).
pub(super) fn unfinished() -> std::sync::MutexGuard<'static, Vec<Unfinished>> {
    UNFINISHED.lock().unwrap_or_else(|p| p.into_inner())
}

pub(super) fn forget_unfinished(session: &Arc<Mutex<Session>>, private: ObjectHandle) {
    unfinished().retain(|u| !(Arc::ptr_eq(&u.session, session) && u.private == private));
}

/// How long an interrupt waits for a PKCS#11 call in progress before it gives up on a token.
pub(super) const INTERRUPT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// What [`destroy_unfinished`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct InterruptCleanup {
    /// Key pairs destroyed.
    pub destroyed: usize,
    /// Key pairs that could not be destroyed (the token refused, or stayed busy).
    pub left: usize,
}

/// For the interrupt path ([`crate::interrupt`]), in the signal thread: takes every key store
/// session of the run (waiting up to 10 s for a call in progress to end, so that a key being
/// generated is registered first), destroys every key pair no order holds yet (see
/// [`Pkcs11KeyStore::generate`]), and keeps the sessions locked, so that the rest of the run makes
/// no further PKCS#11 call before the process ends. Call only when the process is about to end.
pub fn destroy_unfinished() -> InterruptCleanup {
    let sessions: Vec<Arc<Mutex<Session>>> = opened()
        .iter()
        .filter_map(|(_, o)| match o {
            Opened::Open(store) => Some(store.session.clone()),
            Opened::PinRefused => None,
        })
        .collect();
    // Leaked on purpose: the guards must outlive this function (the process is ending).
    let sessions: &'static [Arc<Mutex<Session>>] = Box::leak(sessions.into_boxed_slice());
    let mut held = Vec::new();
    for m in sessions {
        let deadline = std::time::Instant::now() + INTERRUPT_WAIT;
        loop {
            match m.try_lock() {
                Ok(g) => break held.push((m, g)),
                Err(std::sync::TryLockError::Poisoned(p)) => break held.push((m, p.into_inner())),
                Err(std::sync::TryLockError::WouldBlock) => {
                    if std::time::Instant::now() > deadline {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
            }
        }
    }
    let mut done = InterruptCleanup::default();
    for u in std::mem::take(&mut *unfinished()) {
        let Some((_, s)) = held.iter().find(|(m, _)| Arc::ptr_eq(m, &u.session)) else {
            done.left += 1;
            continue;
        };
        let ok = s.destroy_object(u.private).is_ok()
            & u.public.is_none_or(|p| s.destroy_object(p).is_ok());
        if ok {
            done.destroyed += 1;
        } else {
            done.left += 1;
        }
    }
    std::mem::forget(held);
    done
}
