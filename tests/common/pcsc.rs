//! PC/SC test helpers: the machine-wide pcscd lock and the virtual reader (`mock-card reader`).
//!
//! pcscd's socket is always `/run/pcscd/pcscd.comm`, so only one pcscd can run at a time: every
//! test that starts one (or needs none running) holds [`PcscdLock`], an `flock` on
//! [`LOCK_PATH`], which serialises them across threads and test binaries.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader};
use std::os::fd::AsRawFd;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The lock file that serialises the tests using pcscd.
pub const LOCK_PATH: &str = "/tmp/agent-tests-pcscd.lock";
/// pcscd's socket (fixed in Debian's pcsc-lite).
pub const PCSCD_SOCKET: &str = "/run/pcscd/pcscd.comm";
/// The reader the virtual card goes into.
pub const READER: &str = "Virtual PCD 00 00";
/// The CPS3 ATR as `agent card status` prints it.
pub const CPS3_ATR: &str = "3B AC 00 40 2A 00 12 25 00 64 80 00 03 10 00 90 00";
/// The CPS4 ATR as `agent card status` prints it.
pub const CPS4_ATR: &str = "3B 9B 18 80 01 00 12 25 00 64 80 04 01 00 00 90 44";
/// An ATR that is no CPx card (vsmartcard's default ATR).
pub const OTHER_ATR: &str = "3B 95 13 81 01 80 73 FF 01 00 0B";

/// Held while a test uses (or needs the absence of) pcscd.
pub struct PcscdLock {
    _file: File,
}

/// Whether a pcscd answers on its socket.
pub fn pcscd_running() -> bool {
    UnixStream::connect(PCSCD_SOCKET).is_ok()
}

/// Takes the pcscd lock (waits for other tests), then checks that no pcscd runs.
pub fn lock_pcscd() -> PcscdLock {
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(LOCK_PATH)
        .unwrap_or_else(|e| panic!("cannot open {LOCK_PATH}: {e}"));
    // SAFETY: flock on the descriptor `file` keeps open; the lock is released when it is closed.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
    assert_eq!(
        rc,
        0,
        "flock {LOCK_PATH}: {}",
        std::io::Error::last_os_error()
    );
    assert!(
        !pcscd_running(),
        "a pcscd that no test started is running ({PCSCD_SOCKET} answers): stop it; the tests run their own pcscd, one at a time"
    );
    PcscdLock { _file: file }
}

/// `mock-card reader start` (real pcscd + vpcd + the virtual card), stopped when dropped.
pub struct VirtualReader {
    child: Child,
    dir: tempfile::TempDir,
    /// The `ready` line `start` printed.
    pub ready: Value,
    _lock: PcscdLock,
}

fn check_packages() {
    for (path, package) in [
        (
            "/usr/lib/pcsc/drivers/serial/libifdvpcd.so",
            "vsmartcard-vpcd",
        ),
        ("/usr/sbin/pcscd", "pcscd"),
    ] {
        assert!(
            Path::new(path).exists(),
            "{path} is missing: install the Debian package {package} (scripts/setup does)"
        );
    }
}

impl VirtualReader {
    /// Starts pcscd with the vpcd reader; the card (`atr`: cps3, cps4 or hex) is inserted if
    /// `inserted`. Waits until pcscd lists the reader.
    pub fn start(atr: &str, inserted: bool) -> VirtualReader {
        check_packages();
        let lock = lock_pcscd();
        let dir = tempfile::tempdir().expect("temp dir");
        let log = File::create(dir.path().join("mock-card.log")).expect("log file");
        let mut cmd = Command::new(super::mock_card_bin());
        cmd.args(["reader", "start", "--state-dir"])
            .arg(dir.path())
            .args(["--atr", atr])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log);
        if inserted {
            cmd.arg("--inserted");
        }
        let mut child = cmd.spawn().expect("cannot start mock-card reader");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
        let mut reader = VirtualReader {
            child,
            dir,
            ready: Value::Null,
            _lock: lock,
        };
        match serde_json::from_str::<Value>(line.trim()) {
            Ok(v) if v["ready"] == Value::Bool(true) => reader.ready = v,
            _ => panic!(
                "mock-card reader start did not get ready (stdout {line:?}); its log:\n{}",
                reader.log()
            ),
        }
        reader
    }

    /// The state directory.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// mock-card's and pcscd's logs.
    pub fn log(&self) -> String {
        let read = |p: PathBuf| std::fs::read_to_string(p).unwrap_or_default();
        format!(
            "--- mock-card ---\n{}\n--- pcscd ---\n{}",
            read(self.dir.path().join("mock-card.log")),
            read(self.dir.path().join("pcscd.log"))
        )
    }

    /// Runs `mock-card reader <sub> --state-dir DIR <args>`.
    pub fn ctl(&self, sub: &str, args: &[&str]) -> Output {
        Command::new(super::mock_card_bin())
            .args(["reader", sub, "--state-dir"])
            .arg(self.dir.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("cannot run mock-card reader")
    }

    fn ctl_ok(&self, sub: &str, args: &[&str]) -> Value {
        let o = self.ctl(sub, args);
        assert!(
            o.status.success(),
            "mock-card reader {sub} {args:?} failed: {}\n{}",
            String::from_utf8_lossy(&o.stderr),
            self.log()
        );
        serde_json::from_slice(&o.stdout).expect("JSON reply")
    }

    /// Inserts the card (optionally with another ATR); returns when pcscd sees it.
    pub fn insert(&self, atr: Option<&str>) -> Value {
        match atr {
            Some(a) => self.ctl_ok("insert", &["--atr", a]),
            None => self.ctl_ok("insert", &[]),
        }
    }

    /// Removes the card; returns when pcscd sees it gone.
    pub fn remove(&self) -> Value {
        self.ctl_ok("remove", &[])
    }

    /// The card's state (inserted, atr, tries_left, blocked).
    pub fn status(&self) -> Value {
        self.ctl_ok("status", &[])
    }

    /// Resets the card's PIN counter.
    pub fn unblock(&self) -> Value {
        self.ctl_ok("unblock", &[])
    }
}

impl Drop for VirtualReader {
    fn drop(&mut self) {
        if let Ok(pid) = libc::pid_t::try_from(self.child.id()) {
            // SAFETY: kill(2) on our own child, not yet reaped.
            unsafe { libc::kill(pid, libc::SIGTERM) };
        }
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            match self.child.try_wait() {
                Ok(Some(_)) => break,
                Ok(None) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20))
                }
                _ => {
                    let _ = self.child.kill();
                    let _ = self.child.wait();
                    break;
                }
            }
        }
        // pcscd is gone before the lock is released (the lock field drops after this).
        if pcscd_running() && !std::thread::panicking() {
            panic!(
                "pcscd still runs after mock-card reader stopped:\n{}",
                self.log()
            );
        }
    }
}
