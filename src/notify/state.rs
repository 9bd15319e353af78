//! What was raised and what is still owed: `<home>/notify/state.json`.
//!
//! One JSON file, written atomically ([`crate::fsutil::write_atomic`], 0600 in a 0700 directory)
//! under a lock (`<home>/notify/.lock`) that `agent notify` and `agent renew` share:
//! - `certs`: per slot (`structure/USAGE`), the serial the record is about, the tightest threshold
//!   already raised, and the other events raised; a new serial resets it;
//! - `outbox`: alerts raised and not yet taken by every channel, with the channels that still owe
//!   them;
//! - `renew_failures`: per slot, the last failure of `agent renew` for the live serial.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration as StdDuration, Instant};

use ::time::OffsetDateTime;
use serde::{Deserialize, Serialize};

use super::{Alert, EventKind, NotifyError, Renewal};
use crate::fsutil::IoError;

type Result<T, E = NotifyError> = std::result::Result<T, E>;
use crate::fsutil::{ensure_private_dir, write_atomic, SECRET_FILE_MODE};

/// The state file's format version.
pub const VERSION: u32 = 1;

/// The state directory of a home.
pub fn dir(home: &Path) -> PathBuf {
    home.join("notify")
}

/// The state file of a home.
pub fn path(home: &Path) -> PathBuf {
    dir(home).join("state.json")
}

/// What was raised for one slot's certificate.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertRecord {
    /// The serial this record is about.
    pub serial: Option<String>,
    /// The tightest threshold raised, in seconds before notAfter.
    pub threshold_seconds: Option<i64>,
    /// The other events raised.
    pub sent: BTreeSet<EventKind>,
}

/// A failure of `agent renew`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenewFailure {
    /// The live serial when it failed.
    pub serial: Option<String>,
    /// When.
    #[serde(with = "::time::serde::rfc3339")]
    pub at: OffsetDateTime,
    /// Why.
    pub error: String,
}

/// An alert in the outbox.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queued {
    /// `structure/USAGE/serial/event/threshold`.
    pub id: String,
    /// When it was raised.
    #[serde(with = "::time::serde::rfc3339")]
    pub raised_at: OffsetDateTime,
    /// The alert (the webhook body).
    pub alert: Alert,
    /// The live path.
    pub path: PathBuf,
    /// Why (status detail for `invalid`, the error for `renew_failed`).
    pub detail: Option<String>,
    /// How renewal works here, for the "what to do".
    pub renewal: Renewal,
    /// Channels that still owe it.
    pub pending: Vec<String>,
    /// The last channel error.
    pub last_error: Option<String>,
}

/// The whole state file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotifyState {
    /// [`VERSION`].
    pub version: u32,
    /// Per slot.
    pub certs: BTreeMap<String, CertRecord>,
    /// Alerts still owed.
    pub outbox: Vec<Queued>,
    /// Renewal failures, per slot.
    pub renew_failures: BTreeMap<String, RenewFailure>,
}

impl NotifyState {
    /// Loads the state of `home` (empty when there is none yet).
    pub fn load(home: &Path) -> Result<NotifyState> {
        let p = path(home);
        let text = match fs::read_to_string(&p) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(NotifyState {
                    version: VERSION,
                    ..Default::default()
                })
            }
            Err(e) => return Err(IoError::new("cannot read", p, e).into()),
        };
        let st: NotifyState =
            serde_json::from_str(&text).map_err(|e| NotifyError::StateDamaged {
                path: p.clone(),
                reason: e.to_string(),
            })?;
        if st.version != VERSION {
            return Err(NotifyError::StateDamaged {
                path: p,
                reason: format!("format version {} (this agent reads {VERSION})", st.version),
            });
        }
        Ok(st)
    }

    /// Writes the state atomically.
    pub fn save(&self, home: &Path) -> Result<()> {
        ensure_private_dir(&dir(home))?;
        let mut st = self.clone();
        st.version = VERSION;
        let mut text = serde_json::to_string_pretty(&st)
            .map_err(|e| NotifyError::Setup(format!("cannot write the notification state: {e}")))?;
        text.push('\n');
        Ok(write_atomic(
            &path(home),
            text.as_bytes(),
            SECRET_FILE_MODE,
        )?)
    }
}

/// The lock on a home's notification state (released on drop).
pub struct StateLock {
    _file: fs::File,
}

/// Takes the state lock, waiting up to a minute for another run.
pub fn lock(home: &Path) -> Result<StateLock> {
    let d = dir(home);
    ensure_private_dir(&d)?;
    let p = d.join(".lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&p)
        .map_err(|e| IoError::new("cannot open", &p, e))?;
    let wait = StdDuration::from_secs(60);
    let start = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(StateLock { _file: file }),
            Err(fs::TryLockError::WouldBlock) => {
                if start.elapsed() >= wait {
                    return Err(NotifyError::Locked {
                        path: p,
                        waited: wait.as_secs(),
                    });
                }
                std::thread::sleep(StdDuration::from_millis(100));
            }
            Err(fs::TryLockError::Error(e)) => {
                return Err(IoError::new("cannot lock", &p, e).into())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn round_trip_private_and_damage_is_an_error() {
        let home = tempfile::tempdir().unwrap();
        assert_eq!(NotifyState::load(home.path()).unwrap().outbox.len(), 0);
        let mut st = NotifyState::load(home.path()).unwrap();
        st.certs.insert(
            "1/AUTH_CLI".into(),
            CertRecord {
                serial: Some("AB".into()),
                threshold_seconds: Some(86_400),
                sent: [EventKind::Expired].into_iter().collect(),
            },
        );
        st.save(home.path()).unwrap();
        assert_eq!(NotifyState::load(home.path()).unwrap(), st);
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path(home.path())), 0o600);
        assert_eq!(mode(&dir(home.path())), 0o700);
        fs::write(path(home.path()), "{\"version\":1,\"certs\":").unwrap();
        let err = NotifyState::load(home.path()).unwrap_err();
        assert!(err.to_string().contains("damaged"), "{err}");
        assert!(matches!(err, NotifyError::StateDamaged { .. }), "{err:?}");
    }
}
