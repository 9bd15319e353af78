//! SIGINT, SIGTERM and SIGHUP: a run that is interrupted destroys the key pairs it made on a
//! PKCS#11 token that no order holds yet ([`crate::keys::pkcs11::destroy_unfinished`]) and removes
//! the staging areas it created (half-written orders with their new keys) before it dies, then dies of the signal as it would
//! have without the agent's help (the parent sees the same signal). A run killed harder (SIGKILL,
//! power loss) leaves them behind: the next run removes staging areas older than
//! [`STALE_AFTER`].
//!
//! How: [`install`] blocks the three signals in the main thread before any other thread exists
//! (every thread inherits the mask; children get a clean one from `std::process`) and one thread
//! waits for them with `sigwait`, so the cleanup runs in ordinary code, not in a signal handler.
//! The token cleanup takes every key store session first (a PKCS#11 call in progress ends before),
//! and keeps them until the process dies. The step that makes an order final (writing it and
//! marking its token keys as kept) runs under [`hold_off`], so an interrupt sees the order either
//! unfinished (removed with its keys) or complete (kept with its keys).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Staging areas older than this are leftovers of a killed run.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

static CLEANUP: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Held by the main thread while an order becomes final, and by the signal thread while it
/// cleans up.
static CRITICAL: Mutex<()> = Mutex::new(());

/// Holds interrupts off while the guard lives: the cleanup of a signal waits for it. For the short
/// step that makes an order final (no waiting on a peer or a PIN inside).
pub fn hold_off() -> std::sync::MutexGuard<'static, ()> {
    CRITICAL.lock().unwrap_or_else(|p| p.into_inner())
}

const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP];

fn signal_set() -> libc::sigset_t {
    // SAFETY: sigemptyset/sigaddset initialise and fill a local set.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in SIGNALS {
            libc::sigaddset(&mut set, s);
        }
        set
    }
}

/// What an interrupted run cleaned up, for the notice printed before it dies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted {
    /// Unfinished orders (staging areas) removed.
    pub orders_removed: usize,
    /// Key pairs this run had made on a token, destroyed.
    pub keys_destroyed: usize,
    /// Key pairs this run had made on a token that could not be destroyed.
    pub keys_left: usize,
}

impl Interrupted {
    /// The notice of an interrupted run, in the language of the run: a line for what was cleaned
    /// up, and one for the key pairs that could not be destroyed.
    pub fn notice(self) -> Vec<String> {
        let mut v = Vec::new();
        if self.orders_removed > 0 || self.keys_destroyed > 0 {
            v.push(crate::tr!(
                "interrupted",
                count = self.orders_removed,
                keys = self.keys_destroyed
            ));
        }
        if self.keys_left > 0 {
            v.push(crate::tr!("interrupted-keys-left", count = self.keys_left));
        }
        v
    }
}

/// Starts the signal thread, with the caller's wording of the notice (the CLI gives it in the
/// language of the run): the lines printed before the process dies of the signal. Call once,
/// first thing in `main`, before any other thread.
pub fn install_with(notice: fn(Interrupted) -> Vec<String>) {
    let set = signal_set();
    // The terminal's state, to restore it if a signal comes during a no-echo PIN prompt.
    // SAFETY: an all-zero termios is a valid out-parameter; tcgetattr fills it or fails.
    let mut term: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: fd 0 and a valid pointer.
    let have_term = unsafe { libc::tcgetattr(0, &mut term) } == 0;
    // SAFETY: `set` is initialised; blocking signals in this thread has no other effect.
    if unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) } != 0 {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || loop {
            let mut sig: libc::c_int = 0;
            // SAFETY: `set` is initialised and `sig` a valid out-parameter.
            if unsafe { libc::sigwait(&set, &mut sig) } != 0 {
                continue;
            }
            // Held until the process dies: the order being made final stays as it is.
            std::mem::forget(hold_off());
            let keys = crate::keys::pkcs11::destroy_unfinished();
            let removed = clean_registered();
            if have_term {
                // SAFETY: restores the attributes read at start on fd 0.
                unsafe { libc::tcsetattr(0, libc::TCSANOW, &term) };
            }
            for line in notice(Interrupted {
                orders_removed: removed,
                keys_destroyed: keys.destroyed,
                keys_left: keys.left,
            }) {
                eprintln!("{line}");
            }
            // Die of the signal itself, as without the agent's handling.
            // SAFETY: resets the disposition, unblocks and raises the signal in this thread.
            unsafe {
                libc::signal(sig, libc::SIG_DFL);
                let mut one: libc::sigset_t = std::mem::zeroed();
                libc::sigemptyset(&mut one);
                libc::sigaddset(&mut one, sig);
                libc::pthread_sigmask(libc::SIG_UNBLOCK, &one, std::ptr::null_mut());
                libc::raise(sig);
            }
            std::process::exit(128 + sig);
        });
    if spawned.is_err() {
        // No thread: let the signals act as before.
        // SAFETY: as above.
        unsafe { libc::pthread_sigmask(libc::SIG_UNBLOCK, &set, std::ptr::null_mut()) };
    }
}

fn clean_registered() -> usize {
    let paths = match CLEANUP.lock() {
        Ok(mut v) => std::mem::take(&mut *v),
        Err(e) => std::mem::take(&mut *e.into_inner()),
    };
    let mut n = 0;
    for p in paths {
        if remove_while_written(&p) {
            n += 1;
        }
    }
    n
}

/// Removes `dir` although the main thread may still be writing into it (a file created during the
/// removal makes it fail with "directory not empty"): tries again, for up to a second.
fn remove_while_written(dir: &Path) -> bool {
    for _ in 0..100 {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => return true,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return false,
            Err(_) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
    false
}

/// A directory removed if the run is interrupted while the guard lives.
#[derive(Debug)]
pub struct CleanupGuard {
    path: PathBuf,
}

/// Registers `path` for removal on SIGINT/SIGTERM/SIGHUP until the guard is dropped.
pub fn remove_on_interrupt(path: &Path) -> CleanupGuard {
    if let Ok(mut v) = CLEANUP.lock() {
        v.push(path.to_path_buf());
    }
    CleanupGuard {
        path: path.to_path_buf(),
    }
}

impl Drop for CleanupGuard {
    fn drop(&mut self) {
        if let Ok(mut v) = CLEANUP.lock() {
            v.retain(|p| p != &self.path);
        }
    }
}

/// Removes entries of `dir` whose name starts with `prefix` and that were last modified more than
/// [`STALE_AFTER`] ago: what a killed run left. Returns how many were removed.
pub fn remove_stale(dir: &Path, prefix: &str) -> usize {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut n = 0;
    for e in rd.flatten() {
        if !e.file_name().to_string_lossy().starts_with(prefix) {
            continue;
        }
        let old = e
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if old && std::fs::remove_dir_all(e.path()).is_ok() {
            n += 1;
        }
    }
    n
}
