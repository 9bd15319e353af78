//! The PIN counters, per token, in a state file shared by every process (like a real card, whose
//! counter lives on the card), or in memory when `MOCKCPS_STATE` is not set.
//!
//! File format, one token a line (comment lines start with `#`):
//!
//! ```text
//! <token serial> <wrong PIN tries since the last good one> <C_Login calls passed to SoftHSM>
//! ```

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// How many wrong PINs lock a CPx card.
pub const MAX_TRIES: u32 = 3;

/// The environment variable naming the state file.
pub const STATE_ENV: &str = "MOCKCPS_STATE";

/// One token's counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Entry {
    /// Wrong PINs since the last good one (3 = locked).
    pub failures: u32,
    /// How many times C_Login reached the real module for a user login.
    pub real_logins: u32,
}

impl Entry {
    /// Tries left before the PIN locks.
    pub fn tries_left(&self) -> u32 {
        MAX_TRIES.saturating_sub(self.failures)
    }

    /// Whether the PIN is locked.
    pub fn locked(&self) -> bool {
        self.failures >= MAX_TRIES
    }
}

/// All tokens' counters.
pub type Table = BTreeMap<String, Entry>;

/// Parses a state file.
pub fn parse(text: &str) -> Table {
    let mut t = Table::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.split_whitespace();
        if let (Some(serial), Some(failures), Some(real)) = (f.next(), f.next(), f.next()) {
            if let (Ok(failures), Ok(real_logins)) = (failures.parse(), real.parse()) {
                t.insert(
                    serial.to_string(),
                    Entry {
                        failures,
                        real_logins,
                    },
                );
            }
        }
    }
    t
}

/// Formats a state file.
pub fn format(t: &Table) -> String {
    let mut s = String::from(
        "# mockcps_pkcs11 PIN counters: <token serial> <wrong tries since the last good PIN> <C_Login calls passed to SoftHSM>\n",
    );
    for (serial, e) in t {
        s.push_str(&format!("{serial} {} {}\n", e.failures, e.real_logins));
    }
    s
}

/// Where the counters live.
pub enum Store {
    /// A file shared by processes (flock'ed while read and rewritten).
    File(PathBuf),
    /// This process only.
    Memory(Mutex<Table>),
}

impl Store {
    /// The store named by `MOCKCPS_STATE`, or memory.
    pub fn from_env() -> Store {
        match std::env::var_os(STATE_ENV) {
            Some(p) if !p.is_empty() => Store::File(PathBuf::from(p)),
            _ => Store::Memory(Mutex::new(Table::new())),
        }
    }

    /// Reads one token's counters.
    pub fn get(&self, serial: &str) -> io::Result<Entry> {
        self.update(serial, |_| {})
    }

    /// Records that the token exists (a line with zero counters if it has none yet), so that a
    /// reader of the file can tell "no login" from "never seen".
    pub fn see(&self, serial: &str) -> io::Result<Entry> {
        match self {
            Store::Memory(_) => self.update(serial, |_| {}),
            Store::File(path) => update_file(path, serial, true, |_| {}),
        }
    }

    /// Changes one token's counters atomically (with respect to other processes using the same
    /// file) and returns the new value.
    pub fn update(&self, serial: &str, f: impl FnOnce(&mut Entry)) -> io::Result<Entry> {
        match self {
            Store::Memory(m) => {
                let mut t = m.lock().unwrap_or_else(|p| p.into_inner());
                let e = t.entry(serial.to_string()).or_default();
                f(e);
                Ok(*e)
            }
            Store::File(path) => update_file(path, serial, false, f),
        }
    }
}

fn update_file(
    path: &Path,
    serial: &str,
    ensure: bool,
    f: impl FnOnce(&mut Entry),
) -> io::Result<Entry> {
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)?;
    lock_exclusive(&file)?;
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    let mut table = parse(&text);
    let known = table.contains_key(serial);
    let before = table.get(serial).copied().unwrap_or_default();
    let mut after = before;
    f(&mut after);
    if before != after || (ensure && !known) {
        table.insert(serial.to_string(), after);
        file.seek(SeekFrom::Start(0))?;
        file.set_len(0)?;
        file.write_all(format(&table).as_bytes())?;
        file.sync_all()?;
    }
    Ok(after)
}

/// Takes an exclusive `flock` on the file; it is released when the file is closed.
fn lock_exclusive(file: &File) -> io::Result<()> {
    // SAFETY: flock on a file descriptor that `file` keeps open.
    let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_update() {
        let dir = std::env::temp_dir().join(format!("mockcps-state-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state");
        let s = Store::File(path.clone());
        assert_eq!(s.get("abc").unwrap(), Entry::default());
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "",
            "a read writes nothing"
        );
        let e = s.update("abc", |e| e.failures += 2).unwrap();
        assert_eq!(e.tries_left(), 1);
        s.update("def", |e| e.real_logins = 7).unwrap();
        let t = parse(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(t["abc"].failures, 2);
        assert_eq!(t["def"].real_logins, 7);
        assert!(!t["abc"].locked());
        s.see("ghi").unwrap();
        let t = parse(&std::fs::read_to_string(&path).unwrap());
        assert_eq!(t["ghi"], Entry::default(), "a token seen gets a line");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
