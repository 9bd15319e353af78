//! The host store: installed ORG certificates with their keys, versioned, switched atomically.
//!
//! ```text
//! <home>/store/                                   0700
//!   .lock                                         held while a command changes the store
//!   .<structure>.lock                             held by enroll/renew for one structure's order
//!   <national structure id>/<usage>/              0700 (usage: auth_cli, sign, conf)
//!     live -> versions/v0002                      the stable path DMP software reads (symlink)
//!     versions/v0001/ v0002/ …                    one directory per install, never modified
//!       privkey.pem    (0600, software keys)  or  key.uri (PKCS#11 URI of a key on a token)
//!       cert.pem  chain.pem  fullchain.pem        leaf, intermediates, leaf + intermediates
//!       bundle.p12     (0600, software keys)      key + leaf + chain, encrypted
//!       meta.json                                 what was installed, when, from where
//!     p12.pass         (0600)                     the PKCS#12 passphrase (file mode)
//! ```
//!
//! An install writes a complete version in a temporary directory, syncs it, renames it into
//! `versions/`, then replaces the `live` symlink by renaming a new symlink over it: a crash at any
//! moment leaves `live` on the old complete version or the new one, never a mix, never nothing.

pub mod p12;
pub mod reader;
pub mod targets;

use crate::i18n::Localize;
use crate::tr;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ::time::OffsetDateTime;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::card::uri::Pkcs11Uri;
use crate::certificate::{cert_pem, CertSummary};
use crate::csr::Usage;
use crate::fsutil::{
    ensure_private_dir, sync_dir, write_atomic, PUBLIC_FILE_MODE, SECRET_FILE_MODE,
};
use crate::ids::StructureId;

/// File names inside a version directory (certbot's names, which DMP integrators know).
pub mod files {
    /// Software private key, PKCS#8 PEM.
    pub const KEY: &str = "privkey.pem";
    /// RFC 7512 URI of a key kept on a PKCS#11 token.
    pub const KEY_URI: &str = "key.uri";
    /// The leaf certificate.
    pub const CERT: &str = "cert.pem";
    /// The intermediate CA certificates.
    pub const CHAIN: &str = "chain.pem";
    /// Leaf then intermediates.
    pub const FULLCHAIN: &str = "fullchain.pem";
    /// PKCS#12 bundle (key + leaf + chain).
    pub const P12: &str = "bundle.p12";
    /// What was installed.
    pub const META: &str = "meta.json";
}

/// Store errors.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another agent holds the lock.
    #[error("the store {} is locked by another agent run (waited {waited} s): wait for it to finish and try again", root.display())]
    Locked {
        /// The store.
        root: PathBuf,
        /// Seconds waited.
        waited: u64,
    },
    /// Nothing installed for that structure and usage.
    #[error("nothing is installed for structure {structure}, usage {usage}")]
    NothingInstalled {
        /// The structure.
        structure: String,
        /// The usage.
        usage: String,
    },
    /// No earlier version to roll back to.
    #[error("structure {structure}, usage {usage}: there is no earlier version to roll back to")]
    NoPreviousVersion {
        /// The structure.
        structure: String,
        /// The usage.
        usage: String,
    },
    /// A version directory is damaged.
    #[error("{}: {reason}", dir.display())]
    Damaged {
        /// The version directory.
        dir: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A file or directory of the store could not be read or written.
    #[error(transparent)]
    Io(#[from] crate::fsutil::IoError),
    /// A value given for the store (a structure name, an install target setting) is not usable.
    #[error("{0}")]
    Invalid(String),
    /// The installed certificate could not be read.
    #[error(transparent)]
    Cert(#[from] crate::certificate::CertError),
    /// A key could not be read or used (software key file, token key).
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// A passphrase could not be read.
    #[error(transparent)]
    Pin(#[from] crate::pin::PinError),
}

impl Localize for StoreError {
    fn localize(&self) -> String {
        match self {
            StoreError::Locked { root, waited } => {
                tr!("err-store-locked", root = root, waited = *waited)
            }
            StoreError::NothingInstalled { structure, usage } => {
                tr!(
                    "err-nothing-installed",
                    structure = structure,
                    usage = usage
                )
            }
            StoreError::NoPreviousVersion { structure, usage } => {
                tr!(
                    "err-no-previous-version",
                    structure = structure,
                    usage = usage
                )
            }
            StoreError::Damaged { dir, reason } => {
                tr!("err-store-damaged", dir = dir, reason = reason)
            }
            StoreError::Io(e) => e.localize(),
            // Built with the library's English text.
            StoreError::Invalid(m) => m.clone(),
            StoreError::Cert(e) => e.localize(),
            StoreError::Key(e) => e.localize(),
            StoreError::Pin(e) => e.localize(),
        }
    }
}

/// The store's result type.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Shorthand: an I/O failure of `action` on `path`.
pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>, e: std::io::Error) -> StoreError {
    StoreError::Io(crate::fsutil::IoError::new(action, path, e))
}

/// What `meta.json` records about an installed version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionMeta {
    /// National structure id (test identifiers accepted when read back: the agent wrote it).
    #[serde(deserialize_with = "StructureId::deserialize_written")]
    pub structure: StructureId,
    /// Raison sociale (the certificate's O).
    pub raison_sociale: String,
    /// The ORG usage.
    pub usage: Usage,
    /// Serial number, hex.
    pub serial: String,
    /// Start of validity.
    #[serde(with = "::time::serde::rfc3339")]
    pub not_before: OffsetDateTime,
    /// End of validity.
    #[serde(with = "::time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// When it was installed.
    #[serde(with = "::time::serde::rfc3339")]
    pub installed_at: OffsetDateTime,
    /// `software` or the PKCS#11 URI of the key.
    pub key_store: String,
    /// The files it came from.
    pub source: Vec<String>,
    /// The renewal parameters, what the order that made this version asked for, so that a
    /// renewal replays them. Absent from versions installed by older agents: renewal then falls
    /// back to the certificate's ST, RSA 2048 and the usage's mandatory service name (or, for
    /// CONF, the certificate's CN).
    ///
    /// The département code of ST (`75`, `2A`, `971`), when the request carried one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dept: Option<String>,
    /// The key algorithm of the order's key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_algorithm: Option<crate::keys::KeyAlgorithm>,
    /// The service applicatif (CN) the order asked for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
}

/// The key of a version.
pub enum KeyMaterial {
    /// A software key, PKCS#8 DER.
    Software(Zeroizing<Vec<u8>>),
    /// A key on a PKCS#11 token.
    Token(Pkcs11Uri),
}

/// Everything one install writes.
pub struct VersionContent {
    /// The key.
    pub key: KeyMaterial,
    /// The leaf certificate, DER.
    pub leaf: Vec<u8>,
    /// Intermediates, DER, leaf's issuer first.
    pub chain: Vec<Vec<u8>>,
    /// The PKCS#12 bundle (software keys).
    pub p12: Option<Vec<u8>>,
    /// The metadata.
    pub meta: VersionMeta,
}

/// The store under an agent home.
#[derive(Debug, Clone)]
pub struct Store {
    root: PathBuf,
}

/// The store lock; held until dropped.
#[derive(Debug)]
pub struct StoreLock {
    _file: fs::File,
}

/// One structure and usage in the store.
#[derive(Debug, Clone)]
pub struct Slot {
    /// National structure id.
    pub structure: String,
    /// The usage.
    pub usage: Usage,
    /// `<store>/<structure>/<usage>`.
    pub dir: PathBuf,
}

/// Test hook (`AGENT_TEST_STEP_DELAY_MS`): widens the windows between the steps of an install or
/// an order so that crash and signal tests can strike inside them.
pub fn step_pause() {
    if let Some(ms) = std::env::var("AGENT_TEST_STEP_DELAY_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// The English line of [`set_wait_notice`]'s default, after the `agent: ` prefix.
pub const WAITING: &str = "another agent run is changing the store; waiting…";

/// What tells the user that a run waits for another one's lock.
pub type WaitNotice = fn();

static WAIT_NOTICE: std::sync::OnceLock<WaitNotice> = std::sync::OnceLock::new();

/// Sets, once per process, how a run that waits for another run's store or order lock tells the
/// user (the CLI says it in the language of the run). Without it, the English line
/// `agent: another agent run is changing the store; waiting…` goes to stderr.
pub fn set_wait_notice(notice: WaitNotice) {
    let _ = WAIT_NOTICE.set(notice);
}

/// Checks that no other user can write the agent's `home`, its store and its pending area (as
/// ssh's StrictModes does: [`crate::fsutil::check_private_tree`]); a home another user can write
/// is refused before anything is read from it.
pub fn check_home(home: &Path) -> std::result::Result<(), crate::fsutil::UnsafeDir> {
    for dir in [
        home.to_path_buf(),
        Store::new(home).root,
        crate::pending::pending_root(home),
    ] {
        crate::fsutil::check_private_tree(&dir)?;
    }
    Ok(())
}

impl Store {
    /// The store of `home`.
    pub fn new(home: &Path) -> Store {
        Store {
            root: home.join("store"),
        }
    }

    /// The store directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Takes the store lock, waiting up to `wait` for another agent to release it (telling the
    /// user once: [`set_wait_notice`]).
    pub fn lock(&self, wait: Duration) -> Result<StoreLock> {
        self.lock_file(".lock", wait)
    }

    /// Takes the lock of one structure's whole order (`store/.<structure>.lock`): held from the
    /// first request to the platform to the install, so that two overlapping runs (a timer and a
    /// hand-started `agent renew`) cannot submit the same order twice. The second run waits, then
    /// finds the certificates installed. Independent of the store lock, which installs take inside.
    pub fn lock_structure(&self, structure: &str, wait: Duration) -> Result<StoreLock> {
        check_structure_name(structure)?;
        self.lock_file(&format!(".{structure}.lock"), wait)
    }

    fn lock_file(&self, name: &str, wait: Duration) -> Result<StoreLock> {
        ensure_private_dir(&self.root)?;
        let path = self.root.join(name);
        let file = fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io("cannot open", &path, e))?;
        let start = Instant::now();
        let mut told = false;
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(StoreLock { _file: file }),
                Err(fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Err(StoreError::Locked {
                            root: self.root.clone(),
                            waited: wait.as_secs(),
                        });
                    }
                    if !told {
                        match WAIT_NOTICE.get() {
                            Some(notice) => notice(),
                            None => eprintln!("agent: {WAITING}"),
                        }
                        told = true;
                    }
                    std::thread::sleep(Duration::from_millis(100));
                }
                Err(fs::TryLockError::Error(e)) => return Err(io("cannot lock", &path, e)),
            }
        }
    }

    /// The slot of a structure and usage.
    pub fn slot(&self, structure: &str, usage: Usage) -> Slot {
        Slot {
            structure: structure.to_string(),
            usage,
            dir: self.root.join(structure).join(usage.name().to_lowercase()),
        }
    }

    /// Every slot that has a `live` link, sorted by structure then usage.
    pub fn slots(&self) -> Result<Vec<Slot>> {
        let mut out = Vec::new();
        let mut structures =
            reader::structure_dirs(&self.root).map_err(|e| io("cannot read", &self.root, e))?;
        structures.sort();
        for s in structures {
            for usage in Usage::ALL {
                let slot = self.slot(&s, usage);
                if fs::symlink_metadata(slot.live()).is_ok() {
                    out.push(slot);
                }
            }
        }
        Ok(out)
    }
}

/// Fails unless `name` is a national structure id in its canonical form (test identifiers
/// accepted), so that it can name a directory of the store or the export directory.
pub fn check_structure_name(name: &str) -> Result<()> {
    use crate::ids::{ParseMode, StructureId};
    match StructureId::parse_with(name, ParseMode::AllowTestIds) {
        Ok(p) if p.value.to_string() == name => Ok(()),
        Ok(_) => Err(StoreError::Invalid(format!(
            "{:?} is not a national structure id in its canonical form: it cannot name a store directory",
            name
        ))),
        Err(e) => Err(StoreError::Invalid(format!(
            "{name:?} is not a national structure id ({e}): it cannot name a store directory"
        ))),
    }
}

impl Slot {
    /// The stable live path (a symlink to the current version).
    pub fn live(&self) -> PathBuf {
        self.dir.join("live")
    }

    fn versions_dir(&self) -> PathBuf {
        self.dir.join("versions")
    }

    /// Directory of version `n`.
    pub fn version_dir(&self, n: u32) -> PathBuf {
        self.versions_dir().join(format!("v{n:04}"))
    }

    /// Installed versions, ascending.
    pub fn versions(&self) -> Result<Vec<u32>> {
        let dir = self.versions_dir();
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io("cannot read", &dir, e)),
        };
        let mut v: Vec<u32> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                e.file_name()
                    .to_str()
                    .and_then(|n| n.strip_prefix('v'))
                    .and_then(|n| n.parse().ok())
            })
            .collect();
        v.sort_unstable();
        Ok(v)
    }

    /// The version `live` points to, if any.
    pub fn live_version(&self) -> Option<u32> {
        fs::read_link(self.live())
            .ok()?
            .file_name()?
            .to_str()?
            .strip_prefix('v')?
            .parse()
            .ok()
    }

    /// Reads the metadata of the live version.
    pub fn live_meta(&self) -> Result<VersionMeta> {
        let path = self.live().join(files::META);
        let text = fs::read_to_string(&path).map_err(|e| io("cannot read", &path, e))?;
        let meta: VersionMeta = serde_json::from_str(&text).map_err(|e| StoreError::Damaged {
            dir: self.live(),
            reason: format!("meta.json: {e}"),
        })?;
        // A structure read from a file is parsed before it can name a directory.
        if meta.structure.to_string() != self.structure {
            return Err(StoreError::Damaged {
                dir: self.live(),
                reason: format!(
                    "meta.json names structure {:?}, not {}",
                    meta.structure.to_string(),
                    self.structure
                ),
            });
        }
        Ok(meta)
    }

    /// Writes a new version and switches `live` to it. The caller holds the store lock.
    pub fn install(&self, _lock: &StoreLock, content: &VersionContent) -> Result<u32> {
        // The structure names a directory: only a national structure id may (never `..`, `/`).
        check_structure_name(&self.structure)?;
        ensure_private_dir(&self.versions_dir())?;
        self.clean_leftovers();
        let next = self.versions()?.last().copied().unwrap_or(0) + 1;
        let staging = tempfile::Builder::new()
            .prefix(".tmp-")
            .tempdir_in(self.versions_dir())
            .map_err(|e| io("cannot create a directory in", self.versions_dir(), e))?;
        let sd = staging.path();
        fs::set_permissions(sd, std::os::unix::fs::PermissionsExt::from_mode(0o700))
            .map_err(|e| io("cannot set permissions on", sd, e))?;
        match &content.key {
            KeyMaterial::Software(pkcs8) => {
                let pem = Zeroizing::new(pem::encode_config(
                    &pem::Pem::new("PRIVATE KEY", pkcs8.to_vec()),
                    pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
                ));
                write_atomic(&sd.join(files::KEY), pem.as_bytes(), SECRET_FILE_MODE)?;
            }
            KeyMaterial::Token(uri) => {
                write_atomic(
                    &sd.join(files::KEY_URI),
                    format!("{uri}\n").as_bytes(),
                    PUBLIC_FILE_MODE,
                )?;
            }
        }
        step_pause();
        let leaf = cert_pem(&content.leaf);
        let chain: String = content.chain.iter().map(|c| cert_pem(c)).collect();
        write_atomic(&sd.join(files::CERT), leaf.as_bytes(), PUBLIC_FILE_MODE)?;
        step_pause();
        write_atomic(&sd.join(files::CHAIN), chain.as_bytes(), PUBLIC_FILE_MODE)?;
        write_atomic(
            &sd.join(files::FULLCHAIN),
            format!("{leaf}{chain}").as_bytes(),
            PUBLIC_FILE_MODE,
        )?;
        if let Some(p12) = &content.p12 {
            write_atomic(&sd.join(files::P12), p12, SECRET_FILE_MODE)?;
        }
        step_pause();
        let meta = serde_json::to_vec_pretty(&content.meta)
            .map_err(|e| StoreError::Invalid(format!("cannot encode meta.json: {e}")))?;
        write_atomic(&sd.join(files::META), &meta, PUBLIC_FILE_MODE)?;
        let target = self.version_dir(next);
        let staged = staging.keep();
        fs::rename(&staged, &target).map_err(|e| io("cannot rename into", &target, e))?;
        sync_dir(&self.versions_dir())?;
        step_pause();
        self.switch_to(_lock, next)?;
        Ok(next)
    }

    /// Points `live` at version `n` in one atomic rename.
    pub fn switch_to(&self, _lock: &StoreLock, n: u32) -> Result<()> {
        let target = self.version_dir(n);
        if !target.join(files::META).exists() {
            return Err(StoreError::Damaged {
                dir: target,
                reason: "incomplete version (no meta.json)".into(),
            });
        }
        let tmp = self.dir.join(format!(".live.tmp-{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        symlink(format!("versions/v{n:04}"), &tmp)
            .map_err(|e| io("cannot create symlink", &tmp, e))?;
        fs::rename(&tmp, self.live()).map_err(|e| io("cannot switch", self.live(), e))?;
        Ok(sync_dir(&self.dir)?)
    }

    /// Removes what killed runs left: staging directories and temporary links.
    fn clean_leftovers(&self) {
        for dir in [self.versions_dir(), self.dir.clone()] {
            let Ok(entries) = fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.filter_map(|e| e.ok()) {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(".tmp-") {
                    let _ = fs::remove_dir_all(e.path());
                } else if name.starts_with(".live.tmp-") {
                    let _ = fs::remove_file(e.path());
                }
            }
        }
    }

    /// Switches `live` back to the version before the current one.
    pub fn rollback(&self, lock: &StoreLock) -> Result<(u32, u32)> {
        let current = self
            .live_version()
            .ok_or_else(|| StoreError::NothingInstalled {
                structure: self.structure.clone(),
                usage: self.usage.name().to_string(),
            })?;
        let previous = self
            .versions()?
            .into_iter()
            .filter(|v| *v < current && self.version_dir(*v).join(files::META).exists())
            .max()
            .ok_or_else(|| StoreError::NoPreviousVersion {
                structure: self.structure.clone(),
                usage: self.usage.name().to_string(),
            })?;
        self.switch_to(lock, previous)?;
        Ok((current, previous))
    }

    /// Reads and checks the live version: the certificate parses and the key matches it.
    pub fn check_live(&self) -> Result<(VersionMeta, CertSummary)> {
        let meta = self.live_meta()?;
        let dir = self.live();
        let damaged = |reason: String| StoreError::Damaged {
            dir: dir.clone(),
            reason,
        };
        let cert_path = dir.join(files::CERT);
        let text = fs::read(&cert_path).map_err(|e| io("cannot read", &cert_path, e))?;
        let der = pem::parse(&text)
            .map_err(|e| damaged(format!("cert.pem: {e}")))?
            .into_contents();
        let summary = CertSummary::parse(&der, &cert_path.display().to_string())?;
        let key_path = dir.join(files::KEY);
        if key_path.exists() {
            let spki = crate::keys::software::SoftwareKey::load(&key_path)
                .map(|k| crate::keys::AgentKey::public_key_spki(&k).to_vec())
                .map_err(|e| damaged(format!("privkey.pem: {e}")))?;
            if spki != summary.spki {
                return Err(damaged("privkey.pem does not match cert.pem".into()));
            }
        } else if !dir.join(files::KEY_URI).exists() {
            return Err(damaged("no private key (privkey.pem or key.uri)".into()));
        }
        Ok((meta, summary))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `meta.json` as an older agent wrote it: no renewal parameters.
    const OLDER: &str = r#"{"structure":"39999999800514","raison_sociale":"PHARMACIE TEST","usage":"auth_cli","serial":"0A","not_before":"2026-01-01T00:00:00Z","not_after":"2029-01-01T00:00:00Z","installed_at":"2026-01-02T00:00:00Z","key_store":"software","source":["issued.pem"]}"#;

    #[test]
    fn meta_json_with_a_test_id_reads_back_and_writes_the_same_text() {
        let meta: VersionMeta = serde_json::from_str(OLDER).unwrap();
        assert_eq!(meta.structure.to_string(), "39999999800514");
        assert!(meta.structure.is_test());
        assert_eq!(meta.dept, None);
        assert_eq!(serde_json::to_string(&meta).unwrap(), OLDER);
    }

    #[test]
    fn meta_json_with_an_invalid_structure_is_refused() {
        let bad = OLDER.replace("39999999800514", "9../x");
        let e = serde_json::from_str::<VersionMeta>(&bad).unwrap_err();
        assert!(e.to_string().starts_with("structure: "), "{e}");
    }
}
