//! Private, atomic file writes.
//!
//! Every file the agent writes goes through [`write_atomic`]: a temporary file in the same directory,
//! written, flushed to disk, then renamed over the target, so a reader (or a crash) sees the old file
//! or the new one, never half of one. Secret files are 0600 and their directories 0700.

use crate::i18n::Localize;
use crate::tr;
use std::fs;
use std::io::Write;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A file or directory operation that failed: what the agent was doing, on which path, and the
/// system's reason.
#[derive(Debug, thiserror::Error)]
#[error("{action} {}: {source}", path.display())]
pub struct IoError {
    /// What the agent was doing ("cannot write", "cannot read"…).
    pub action: &'static str,
    /// The file concerned.
    pub path: PathBuf,
    /// The system error.
    pub source: std::io::Error,
}

impl Localize for IoError {
    fn localize(&self) -> String {
        tr!(
            "err-io",
            action = io_action(self.action),
            path = self.path,
            reason = self.source.to_string()
        )
    }
}

/// The catalogue text of an I/O action ("cannot write"…): the library names it with a fixed
/// English phrase.
fn io_action(action: &str) -> String {
    let id = match action {
        "cannot read" => "io-cannot-read",
        "cannot write" => "io-cannot-write",
        "cannot create directory" => "io-cannot-create-directory",
        "cannot create" => "io-cannot-create",
        "cannot remove" => "io-cannot-remove",
        "cannot rename" => "io-cannot-rename",
        "cannot render man page" => "io-cannot-render-man-page",
        _ => return action.to_string(),
    };
    tr!(id)
}

impl IoError {
    /// An [`IoError`] for `action` on `path`.
    pub fn new(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        IoError {
            action,
            path: path.into(),
            source,
        }
    }
}

/// Reading an input file failed: it could not be read, or it is larger than its cap.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The file could not be read.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The file is larger than the agent's limit for it.
    #[error("{}: {reason}", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in words.
        reason: String,
    },
}

type Result<T, E = IoError> = std::result::Result<T, E>;

// Shorthand inside this module.
struct Error;
impl Error {
    fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> IoError {
        IoError::new(action, path, source)
    }
}

/// Mode of files that hold secrets (private keys, passphrases).
pub const SECRET_FILE_MODE: u32 = 0o600;
/// Mode of files anyone on the host may read (certificates, CSRs).
pub const PUBLIC_FILE_MODE: u32 = 0o644;
/// Mode of the agent's directories.
pub const PRIVATE_DIR_MODE: u32 = 0o700;

/// Creates `dir` and its missing parents with mode 0700, and tightens an existing `dir` to 0700.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(PRIVATE_DIR_MODE)
        .create(dir)
        .map_err(|e| Error::io("cannot create directory", dir, e))?;
    let meta = fs::metadata(dir).map_err(|e| Error::io("cannot read", dir, e))?;
    if meta.permissions().mode() & 0o777 != PRIVATE_DIR_MODE {
        fs::set_permissions(dir, fs::Permissions::from_mode(PRIVATE_DIR_MODE))
            .map_err(|e| Error::io("cannot set permissions on", dir, e))?;
    }
    Ok(())
}

/// Largest certificate file (`import`, `inspect`, trust anchors): PEM, DER, PKCS#7 or PKCS#12.
/// An IGC Santé delivery is a few KiB; a system CA bundle about 200 KiB.
pub const MAX_CERT_FILE: u64 = 1 << 20;
/// Largest TOML file (configuration, form 413 input).
pub const MAX_TOML_FILE: u64 = 1 << 20;

/// Reads a whole file, refusing one larger than `cap` bytes without reading past the cap (a
/// bigger file, or a device that never ends, gives an `InvalidData` error naming the limit).
pub fn read_capped(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let f = fs::File::open(path)?;
    let mut buf = Vec::new();
    f.take(cap + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > cap {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the file is larger than {} KiB, the agent's limit for it (docs/security.md)",
                cap / 1024
            ),
        ));
    }
    Ok(buf)
}

/// [`read_capped`] for text (UTF-8).
pub fn read_capped_string(path: &Path, cap: u64) -> std::io::Result<String> {
    String::from_utf8(read_capped(path, cap)?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.utf8_error()))
}

/// [`read_capped`] with the agent's error: too large is invalid input (exit 3), else an I/O
/// error (exit 4).
pub fn read_input(path: &Path, cap: u64) -> Result<Vec<u8>, InputError> {
    read_capped(path, cap).map_err(|e| {
        if e.kind() == std::io::ErrorKind::InvalidData {
            InputError::TooLarge {
                path: path.to_path_buf(),
                reason: e.to_string(),
            }
        } else {
            InputError::Io(IoError::new("cannot read", path, e))
        }
    })
}

/// Why a directory the agent works in is unsafe.
#[derive(Debug, thiserror::Error)]
#[error("refusing to work in {}: {reason}. Anyone who can write there can plant a pending order that would be submitted with your card, or replace a key. Fix it with `{fix}`", path.display())]
pub struct UnsafeDir {
    /// The directory.
    pub path: std::path::PathBuf,
    /// What is wrong.
    pub reason: String,
    /// The command that fixes it.
    pub fix: String,
}

impl Localize for UnsafeDir {
    fn localize(&self) -> String {
        tr!(
            "err-unsafe-dir",
            path = self.path,
            reason = self.reason,
            fix = self.fix
        )
    }
}

/// Checks, as ssh's StrictModes does, that `dir` (when it exists) belongs to this user and that
/// no other user can write to it, nor to a parent directory (a parent writable by others is
/// accepted only with the sticky bit, as `/tmp` has, and must belong to this user or root).
pub fn check_private_tree(dir: &Path) -> std::result::Result<(), UnsafeDir> {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no precondition.
    let me = unsafe { libc::geteuid() };
    let Ok(meta) = fs::metadata(dir) else {
        return Ok(());
    };
    let shown = dir.display().to_string();
    if meta.uid() != me {
        return Err(UnsafeDir {
            path: dir.to_path_buf(),
            reason: format!(
                "it belongs to uid {}, not to this user (uid {me}; run the agent as uid {} instead, or take the directory over)",
                meta.uid(),
                meta.uid()
            ),
            fix: format!("chown -R {me} {shown}"),
        });
    }
    if meta.mode() & 0o022 != 0 {
        return Err(UnsafeDir {
            path: dir.to_path_buf(),
            reason: format!(
                "other users can write to it (mode {:04o})",
                meta.mode() & 0o7777
            ),
            fix: format!("chmod go-w {shown}"),
        });
    }
    let abs = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    for parent in abs.ancestors().skip(1) {
        let Ok(m) = fs::metadata(parent) else {
            continue;
        };
        let shared = m.mode() & 0o022 != 0 && m.mode() & 0o1000 == 0;
        if shared || (m.uid() != me && m.uid() != 0) {
            return Err(UnsafeDir {
                path: dir.to_path_buf(),
                reason: format!(
                    "its parent {} {}",
                    parent.display(),
                    if shared {
                        format!(
                            "can be written by other users (mode {:04o}): they could rename it and put another in its place",
                            m.mode() & 0o7777
                        )
                    } else {
                        format!("belongs to uid {}, neither this user nor root", m.uid())
                    }
                ),
                fix: if shared {
                    format!("chmod go-w {}", parent.display())
                } else {
                    format!("chown {me} {}", parent.display())
                },
            });
        }
    }
    Ok(())
}

/// Writes `data` to `path` atomically with the given mode: on any error the target is unchanged and
/// no temporary file is left behind. The parent directory must exist.
pub fn write_atomic(path: &Path, data: &[u8], mode: u32) -> Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .permissions(fs::Permissions::from_mode(mode))
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temporary file in", dir, e))?;
    // The mode passed to the builder is filtered by the umask: set it exactly.
    tmp.as_file()
        .set_permissions(fs::Permissions::from_mode(mode))
        .map_err(|e| Error::io("cannot set permissions on", tmp.path(), e))?;
    tmp.write_all(data)
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io("cannot write", path, e))?;
    tmp.persist(path)
        .map_err(|e| Error::io("cannot replace", path, e.error))?;
    sync_dir(dir)
}

/// Flushes a directory's entries (a rename is durable only once its directory is synced).
pub fn sync_dir(dir: &Path) -> Result<()> {
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| Error::io("cannot sync directory", dir, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_sets_mode_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("a/b");
        ensure_private_dir(&sub).unwrap();
        assert_eq!(
            fs::metadata(&sub).unwrap().permissions().mode() & 0o777,
            0o700
        );
        let f = sub.join("key.pem");
        write_atomic(&f, b"secret", SECRET_FILE_MODE).unwrap();
        write_atomic(&f, b"secret2", SECRET_FILE_MODE).unwrap();
        assert_eq!(fs::read(&f).unwrap(), b"secret2");
        assert_eq!(
            fs::metadata(&f).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let names: Vec<_> = fs::read_dir(&sub)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn failed_write_leaves_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("missing-dir/x");
        assert!(write_atomic(&f, b"x", PUBLIC_FILE_MODE).is_err());
        assert!(!f.exists());
    }
}
