//! `mockcps_pkcs11`: a test-only PKCS#11 module that behaves like a CPx card's PIN.
//!
//! SoftHSM2 never locks a PIN. A CPx card allows 3 wrong PINs, then locks (unlocked with the PUK),
//! and reports its state through the PKCS#11 token flags. This module loads the real SoftHSM2
//! module (`/usr/lib/softhsm/libsofthsm2.so`, or the path in `MOCKCPS_REAL_MODULE`) and exports a
//! copy of its function list where four entries are replaced:
//!
//! - `C_Login` (user or context-specific): refused with `CKR_PIN_LOCKED` *without calling SoftHSM*
//!   once 3 wrong PINs were entered; otherwise passed to SoftHSM, and the counter follows the result
//!   (`CKR_PIN_INCORRECT` adds one, `CKR_OK` resets it). The attempt that locks the PIN returns
//!   `CKR_PIN_INCORRECT` (the PIN was wrong); the next ones return `CKR_PIN_LOCKED`.
//! - `C_GetTokenInfo`: the `CKF_USER_PIN_COUNT_LOW` (≥ 1 wrong PIN), `CKF_USER_PIN_FINAL_TRY`
//!   (2 wrong PINs) and `CKF_USER_PIN_LOCKED` (3) flags follow the counter.
//! - `C_InitPIN` (the security officer sets a new user PIN, as a PUK unlock does): success resets
//!   the counter.
//! - `C_GetFunctionList` inside the list points back to this module.
//!
//! Two knobs reproduce what a real card middleware shows when it cannot read the card in the
//! reader (an unsupported model or version):
//!
//! - `MOCKCPS_EMPTY_SLOTS=1`: every slot is shown without a token, as PKCS#11 v2.40 §5.5 defines
//!   an empty slot: `C_GetSlotList(tokenPresent=CK_TRUE)` omits it, `C_GetSlotInfo` has no
//!   `CKF_TOKEN_PRESENT`, and `C_GetTokenInfo` / `C_OpenSession` return `CKR_TOKEN_NOT_PRESENT`.
//! - `MOCKCPS_LIBRARY_INFO=<manufacturer>|<description>|<major>.<minor>`: what `C_GetInfo` says of
//!   the library (e.g. an older Cryptolib CPS).
//!
//! A token gets its line in the state file the first time the shim reports it (`C_GetTokenInfo`),
//! so that "no line" means "never seen through the shim", not "no login".
//!
//! The counters are kept per token (by serial number) in the file named by `MOCKCPS_STATE`, so
//! that they persist across processes like a card's; without it, in this process's memory. The
//! file also counts the user logins that reached SoftHSM, so that a test can prove that a refused
//! login never reached the "card". `C_GetInterface` is not exported: PKCS#11 3.0 callers (cryptoki,
//! OpenSC's tools) then fall back to `C_GetFunctionList`.

#![allow(non_snake_case)] // PKCS#11 names its entry points C_Xxx.

pub mod state;

use std::ptr;
use std::sync::OnceLock;

use cryptoki_sys::{
    CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED, CKR_ARGUMENTS_BAD,
    CKR_FUNCTION_FAILED, CKR_FUNCTION_NOT_SUPPORTED, CKR_GENERAL_ERROR, CKR_OK, CKR_PIN_INCORRECT,
    CKR_PIN_LOCKED, CKR_USER_PIN_NOT_INITIALIZED, CKU_CONTEXT_SPECIFIC, CKU_USER, CK_FLAGS,
    CK_FUNCTION_LIST, CK_FUNCTION_LIST_PTR_PTR, CK_RV, CK_SESSION_HANDLE, CK_SESSION_INFO,
    CK_SLOT_ID, CK_TOKEN_INFO, CK_ULONG, CK_USER_TYPE, CK_UTF8CHAR_PTR,
};

use state::{Entry, Store, MAX_TRIES};

/// The environment variable naming the real module.
pub const REAL_MODULE_ENV: &str = "MOCKCPS_REAL_MODULE";
/// The real module when `MOCKCPS_REAL_MODULE` is not set (Debian's SoftHSM2).
pub const DEFAULT_REAL_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// The loaded real module and the two function lists.
struct Shim {
    /// Keeps the real module loaded for the life of the process (never unloaded).
    _lib: libloading::Library,
    /// The real module's function list (a copy).
    real: CK_FUNCTION_LIST,
    /// The list handed to applications: `real` with our entries.
    ours: CK_FUNCTION_LIST,
    /// Where the PIN counters live.
    store: Store,
    /// `MOCKCPS_EMPTY_SLOTS=1`: every slot shows no token.
    empty_slots: bool,
    /// `MOCKCPS_LIBRARY_INFO`: manufacturer, description, version for `C_GetInfo`.
    library_info: Option<(String, String, u8, u8)>,
}

/// The knob that shows every slot empty.
pub const EMPTY_SLOTS_ENV: &str = "MOCKCPS_EMPTY_SLOTS";
/// The knob that sets `C_GetInfo`'s identity.
pub const LIBRARY_INFO_ENV: &str = "MOCKCPS_LIBRARY_INFO";

/// Parses `<manufacturer>|<description>|<major>.<minor>`.
pub fn parse_library_info(v: &str) -> Result<(String, String, u8, u8), String> {
    let bad = || {
        format!("{LIBRARY_INFO_ENV}={v:?}: expected <manufacturer>|<description>|<major>.<minor>")
    };
    let mut parts = v.split('|');
    let (Some(m), Some(d), Some(ver), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let (a, b) = ver.split_once('.').ok_or_else(bad)?;
    Ok((
        m.to_string(),
        d.to_string(),
        a.parse().map_err(|_| bad())?,
        b.parse().map_err(|_| bad())?,
    ))
}

/// Copies `text` into a blank-padded PKCS#11 string field.
fn padded<const N: usize>(text: &str) -> [u8; N] {
    let mut out = [b' '; N];
    for (o, b) in out.iter_mut().zip(text.bytes()) {
        *o = b;
    }
    out
}

static SHIM: OnceLock<Result<Shim, String>> = OnceLock::new();

type GetFunctionListFn = unsafe extern "C" fn(CK_FUNCTION_LIST_PTR_PTR) -> CK_RV;

fn load() -> Result<Shim, String> {
    let path = std::env::var_os(REAL_MODULE_ENV)
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| DEFAULT_REAL_MODULE.into());
    let shown = std::path::Path::new(&path).display().to_string();
    // SAFETY: loading a PKCS#11 module runs its initialisers, as any PKCS#11 application does.
    let lib = unsafe { libloading::Library::new(&path) }
        .map_err(|e| format!("cannot load the real module {shown}: {e}"))?;
    // SAFETY: `C_GetFunctionList` has this signature in every PKCS#11 module; on success it stores
    // a pointer to a function list that stays valid while the module is loaded, which we copy.
    let real = unsafe {
        let get = lib
            .get::<GetFunctionListFn>(b"C_GetFunctionList\0")
            .map_err(|e| format!("{shown} has no C_GetFunctionList: {e}"))?;
        let mut list: *mut CK_FUNCTION_LIST = ptr::null_mut();
        let rv = get(&mut list);
        if rv != CKR_OK || list.is_null() {
            return Err(format!(
                "C_GetFunctionList of {shown} failed (CK_RV {rv:#x})"
            ));
        }
        *list
    };
    let mut ours = real;
    ours.C_GetFunctionList = Some(C_GetFunctionList);
    ours.C_Login = Some(login);
    ours.C_GetTokenInfo = Some(get_token_info);
    ours.C_InitPIN = Some(init_pin);
    let empty_slots = std::env::var_os(EMPTY_SLOTS_ENV).is_some_and(|v| v == "1");
    if empty_slots {
        ours.C_GetSlotList = Some(get_slot_list);
        ours.C_GetSlotInfo = Some(get_slot_info);
        ours.C_OpenSession = Some(open_session);
    }
    let library_info = match std::env::var(LIBRARY_INFO_ENV) {
        Ok(v) if !v.is_empty() => {
            ours.C_GetInfo = Some(get_info);
            Some(parse_library_info(&v)?)
        }
        _ => None,
    };
    Ok(Shim {
        _lib: lib,
        real,
        ours,
        store: Store::from_env(),
        empty_slots,
        library_info,
    })
}

fn shim() -> Option<&'static Shim> {
    SHIM.get_or_init(load).as_ref().ok()
}

/// The PIN flags a token with these counters shows.
pub fn pin_flags(e: &Entry) -> CK_FLAGS {
    let mut f = 0;
    if e.failures >= 1 {
        f |= CKF_USER_PIN_COUNT_LOW;
    }
    if e.failures == MAX_TRIES - 1 {
        f |= CKF_USER_PIN_FINAL_TRY;
    }
    if e.failures >= MAX_TRIES {
        f |= CKF_USER_PIN_LOCKED;
    }
    f
}

/// A token's key in the state file: its serial number (its label if it has none; `None` for an
/// uninitialised token, which has neither).
fn token_key(info: &CK_TOKEN_INFO) -> Option<String> {
    let serial = String::from_utf8_lossy(&info.serialNumber)
        .trim_end()
        .to_string();
    let key = if serial.is_empty() {
        String::from_utf8_lossy(&info.label)
            .trim_end()
            .replace(' ', "_")
    } else {
        serial
    };
    (!key.is_empty()).then_some(key)
}

fn io_failed(what: &str, e: std::io::Error) -> CK_RV {
    eprintln!("mockcps_pkcs11: cannot {what} the PIN counter state: {e}");
    CKR_FUNCTION_FAILED
}

impl Shim {
    /// The key of the token a session is open on, through the real module.
    fn token_of_session(&self, session: CK_SESSION_HANDLE) -> Result<String, CK_RV> {
        let (Some(get_session_info), Some(get_token_info)) =
            (self.real.C_GetSessionInfo, self.real.C_GetTokenInfo)
        else {
            return Err(CKR_FUNCTION_NOT_SUPPORTED);
        };
        let mut si = CK_SESSION_INFO::default();
        // SAFETY: real entry point called with a valid out-pointer to a local.
        let rv = unsafe { get_session_info(session, &mut si) };
        if rv != CKR_OK {
            return Err(rv);
        }
        let mut ti = CK_TOKEN_INFO::default();
        // SAFETY: as above.
        let rv = unsafe { get_token_info(si.slotID, &mut ti) };
        if rv != CKR_OK {
            return Err(rv);
        }
        token_key(&ti).ok_or(CKR_USER_PIN_NOT_INITIALIZED)
    }
}

/// The module's entry point: hands out SoftHSM's function list with our entries.
///
/// # Safety
/// `list` must be null or valid for a pointer write (PKCS#11 contract).
#[no_mangle]
pub unsafe extern "C" fn C_GetFunctionList(list: CK_FUNCTION_LIST_PTR_PTR) -> CK_RV {
    if list.is_null() {
        return CKR_ARGUMENTS_BAD;
    }
    match SHIM.get_or_init(load) {
        Ok(s) => {
            // SAFETY: checked non-null above; the caller only reads through the pointer, and the
            // list lives in a static for the rest of the process.
            unsafe { *list = ptr::addr_of!(s.ours).cast_mut() };
            CKR_OK
        }
        Err(msg) => {
            eprintln!("mockcps_pkcs11: {msg}");
            CKR_GENERAL_ERROR
        }
    }
}

/// `C_Login` with the card's 3-try counter.
unsafe extern "C" fn login(
    session: CK_SESSION_HANDLE,
    user: CK_USER_TYPE,
    pin: CK_UTF8CHAR_PTR,
    pin_len: CK_ULONG,
) -> CK_RV {
    let Some(s) = shim() else {
        return CKR_GENERAL_ERROR;
    };
    let Some(real_login) = s.real.C_Login else {
        return CKR_FUNCTION_NOT_SUPPORTED;
    };
    if user != CKU_USER && user != CKU_CONTEXT_SPECIFIC {
        // SAFETY: the caller's arguments, passed through unchanged.
        return unsafe { real_login(session, user, pin, pin_len) };
    }
    let key = match s.token_of_session(session) {
        Ok(k) => k,
        Err(rv) => return rv,
    };
    match s.store.get(&key) {
        Ok(e) if e.locked() => return CKR_PIN_LOCKED,
        Ok(_) => {}
        Err(e) => return io_failed("read", e),
    }
    // SAFETY: the caller's arguments, passed through unchanged.
    let rv = unsafe { real_login(session, user, pin, pin_len) };
    let updated = s.store.update(&key, |e| {
        e.real_logins += 1;
        match rv {
            CKR_OK => e.failures = 0,
            CKR_PIN_INCORRECT => e.failures = (e.failures + 1).min(MAX_TRIES),
            _ => {}
        }
    });
    if let Err(e) = updated {
        return io_failed("write", e);
    }
    rv
}

/// `C_GetTokenInfo` with the PIN flags of the counter.
unsafe extern "C" fn get_token_info(slot: CK_SLOT_ID, info: *mut CK_TOKEN_INFO) -> CK_RV {
    let Some(s) = shim() else {
        return CKR_GENERAL_ERROR;
    };
    let Some(real) = s.real.C_GetTokenInfo else {
        return CKR_FUNCTION_NOT_SUPPORTED;
    };
    if s.empty_slots {
        return cryptoki_sys::CKR_TOKEN_NOT_PRESENT;
    }
    // SAFETY: the caller's arguments, passed through unchanged.
    let rv = unsafe { real(slot, info) };
    if rv != CKR_OK || info.is_null() {
        return rv;
    }
    // SAFETY: non-null, and the real module just filled it in.
    let info = unsafe { &mut *info };
    let Some(key) = token_key(info) else {
        return CKR_OK;
    };
    match s.store.see(&key) {
        Ok(e) => {
            info.flags &= !(CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY | CKF_USER_PIN_LOCKED);
            info.flags |= pin_flags(&e);
            CKR_OK
        }
        Err(e) => io_failed("read", e),
    }
}

/// `C_GetSlotList` of a middleware that sees no token: with `tokenPresent` true, no slot at all
/// (PKCS#11 v2.40 §5.5); otherwise the real list.
unsafe extern "C" fn get_slot_list(
    token_present: cryptoki_sys::CK_BBOOL,
    list: *mut CK_SLOT_ID,
    count: *mut CK_ULONG,
) -> CK_RV {
    let Some(s) = shim() else {
        return CKR_GENERAL_ERROR;
    };
    let Some(real) = s.real.C_GetSlotList else {
        return CKR_FUNCTION_NOT_SUPPORTED;
    };
    if count.is_null() {
        return CKR_ARGUMENTS_BAD;
    }
    if token_present != 0 {
        // SAFETY: checked non-null; the caller owns it.
        unsafe { *count = 0 };
        return CKR_OK;
    }
    // SAFETY: the caller's arguments, passed through unchanged.
    unsafe { real(token_present, list, count) }
}

/// `C_GetSlotInfo` without `CKF_TOKEN_PRESENT`.
unsafe extern "C" fn get_slot_info(
    slot: CK_SLOT_ID,
    info: *mut cryptoki_sys::CK_SLOT_INFO,
) -> CK_RV {
    let Some(s) = shim() else {
        return CKR_GENERAL_ERROR;
    };
    let Some(real) = s.real.C_GetSlotInfo else {
        return CKR_FUNCTION_NOT_SUPPORTED;
    };
    // SAFETY: the caller's arguments, passed through unchanged.
    let rv = unsafe { real(slot, info) };
    if rv == CKR_OK && !info.is_null() {
        // SAFETY: non-null, filled in by the real module.
        unsafe { (*info).flags &= !cryptoki_sys::CKF_TOKEN_PRESENT };
    }
    rv
}

/// `C_OpenSession` on an empty slot: CKR_TOKEN_NOT_PRESENT.
unsafe extern "C" fn open_session(
    _slot: CK_SLOT_ID,
    _flags: CK_FLAGS,
    _app: *mut std::ffi::c_void,
    _notify: cryptoki_sys::CK_NOTIFY,
    _session: *mut CK_SESSION_HANDLE,
) -> CK_RV {
    cryptoki_sys::CKR_TOKEN_NOT_PRESENT
}

/// `C_GetInfo` with the identity of `MOCKCPS_LIBRARY_INFO`.
unsafe extern "C" fn get_info(info: *mut cryptoki_sys::CK_INFO) -> CK_RV {
    let Some(s) = shim() else {
        return CKR_GENERAL_ERROR;
    };
    let Some(real) = s.real.C_GetInfo else {
        return CKR_FUNCTION_NOT_SUPPORTED;
    };
    // SAFETY: the caller's arguments, passed through unchanged.
    let rv = unsafe { real(info) };
    if rv != CKR_OK || info.is_null() {
        return rv;
    }
    if let Some((m, d, major, minor)) = &s.library_info {
        // SAFETY: non-null, filled in by the real module.
        let info = unsafe { &mut *info };
        info.manufacturerID = padded(m);
        info.libraryDescription = padded(d);
        info.libraryVersion = cryptoki_sys::CK_VERSION {
            major: *major,
            minor: *minor,
        };
    }
    CKR_OK
}

/// `C_InitPIN`: a new user PIN set by the security officer unlocks the card (as the PUK does).
unsafe extern "C" fn init_pin(
    session: CK_SESSION_HANDLE,
    pin: CK_UTF8CHAR_PTR,
    pin_len: CK_ULONG,
) -> CK_RV {
    let Some(s) = shim() else {
        return CKR_GENERAL_ERROR;
    };
    let Some(real) = s.real.C_InitPIN else {
        return CKR_FUNCTION_NOT_SUPPORTED;
    };
    // SAFETY: the caller's arguments, passed through unchanged.
    let rv = unsafe { real(session, pin, pin_len) };
    if rv == CKR_OK {
        if let Ok(key) = s.token_of_session(session) {
            if let Err(e) = s.store.update(&key, |e| e.failures = 0) {
                return io_failed("write", e);
            }
        }
    }
    rv
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_follow_the_counter() {
        let e = |failures| Entry {
            failures,
            real_logins: 0,
        };
        assert_eq!(pin_flags(&e(0)), 0);
        assert_eq!(pin_flags(&e(1)), CKF_USER_PIN_COUNT_LOW);
        assert_eq!(
            pin_flags(&e(2)),
            CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_FINAL_TRY
        );
        assert_eq!(
            pin_flags(&e(3)),
            CKF_USER_PIN_COUNT_LOW | CKF_USER_PIN_LOCKED
        );
    }
}
