//! Install targets beside the store that the DMP software reads: an NSS database and a plain
//! export directory. A target that cannot be written is a failure of the run (exit 4), recorded
//! in `<slot>/target-failures.json` so that `agent status` reports it until a later run writes
//! the target (`agent import` of the live certificate, or the next `agent renew`, retries it).
//!
//! - NSS (`--nss-db sql:DIR`, `[store] nss_db`): the PKCS#12 bundle is imported with NSS's own
//!   `pk12util` (package libnss3-tools), and the certificate's nickname is
//!   `<national structure id> <USAGE>` (e.g. `1010000024 AUTH_CLI`). The new bundle is imported
//!   first; only once it is in the database are the older keys with that nickname (and their
//!   certificates) removed, by key id. When the import fails the old certificate stays. The
//!   database must have an empty password.
//! - Export directory (`--export-dir DIR`, `[store] export_dir`): `DIR/<structure>/<usage>/` gets
//!   copies of the live files, each written atomically, with the owner, group and mode of
//!   [`ExportOptions`] (default: the agent's user, files 0600, directories 0700). The two
//!   directories below `DIR` are opened one component at a time without following symlinks, files
//!   are created with `O_NOFOLLOW` and renamed over the old ones (a planted symlink is replaced,
//!   never followed), and modes and owners are set on the opened descriptors only: nothing outside
//!   `DIR/<structure>/<usage>/` is ever changed. `DIR` itself is created if missing, never
//!   changed if present.

use crate::i18n::Localize;
use crate::tr;
use std::ffi::CString;
use std::fs;
use std::io::Write;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{files, Slot};
use super::{io, Result, StoreError};
use crate::fsutil::{write_atomic, SECRET_FILE_MODE};

/// The file in a slot directory that records the targets the last install could not write.
pub const FAILURES_FILE: &str = "target-failures.json";

/// The NSS nickname of an installed certificate.
pub fn nss_nickname(structure: &str, usage_name: &str) -> String {
    format!("{structure} {}", usage_name.to_uppercase())
}

/// Where installs also go, beside the store.
#[derive(Debug, Clone, Default)]
pub struct Targets {
    /// NSS database (`sql:DIR`).
    pub nss_db: Option<String>,
    /// Export directory and how its files are written.
    pub export: Option<ExportOptions>,
}

/// Owner, group and mode of the exported files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportOptions {
    /// The export directory (`DIR`).
    pub dir: PathBuf,
    /// Owner of the exported files and of the directories the agent makes (None: the agent's).
    pub uid: Option<u32>,
    /// Group of the same (None: the agent's).
    pub gid: Option<u32>,
    /// Mode of every exported file (default 0600); directories get it plus the search bits.
    pub mode: u32,
}

impl ExportOptions {
    /// The default, private export: the agent's user, files 0600, directories 0700.
    pub fn private(dir: PathBuf) -> ExportOptions {
        ExportOptions {
            dir,
            uid: None,
            gid: None,
            mode: SECRET_FILE_MODE,
        }
    }

    /// Builds the options from the user's values: `owner` and `group` are names or numeric ids,
    /// `mode` an octal mode (`0640`) of at most owner read-write and group read.
    pub fn parse(
        dir: PathBuf,
        owner: Option<&str>,
        group: Option<&str>,
        mode: Option<&str>,
    ) -> Result<ExportOptions> {
        let mut o = ExportOptions::private(dir);
        o.uid = owner.map(user_id).transpose()?;
        o.gid = group.map(group_id).transpose()?;
        if let Some(m) = mode {
            let digits = m.trim().trim_start_matches("0o");
            let v = u32::from_str_radix(digits, 8).map_err(|_| {
                StoreError::Invalid(format!(
                    "export mode {m:?} is not an octal file mode such as 0600 or 0640"
                ))
            })?;
            if v & !0o640 != 0 || v & 0o400 == 0 {
                return Err(StoreError::Invalid(format!(
                    "export mode {m:?} is refused: the exported files hold a private key, so at most the owner may read and write them and the group read them (0600 or 0640); others never"
                )));
            }
            o.mode = v;
        }
        Ok(o)
    }

    fn dir_mode(&self) -> u32 {
        // Read bits get their search bit: 0600 → 0700, 0640 → 0750.
        self.mode | ((self.mode & 0o444) >> 2) | 0o700
    }
}

fn user_id(name: &str) -> Result<u32> {
    if let Ok(n) = name.parse::<u32>() {
        return Ok(n);
    }
    let c = CString::new(name)
        .map_err(|_| StoreError::Invalid(format!("export owner {name:?}: not a user name")))?;
    let mut buf = vec![0 as libc::c_char; 16384];
    // SAFETY: an all-zero passwd is a valid out-parameter for getpwnam_r.
    let mut pw: libc::passwd = unsafe { std::mem::zeroed() };
    let mut res: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and `buf` outlives it.
    let rc =
        unsafe { libc::getpwnam_r(c.as_ptr(), &mut pw, buf.as_mut_ptr(), buf.len(), &mut res) };
    if rc != 0 || res.is_null() {
        return Err(StoreError::Invalid(format!(
            "export owner {name:?}: no such user on this host"
        )));
    }
    Ok(pw.pw_uid)
}

fn group_id(name: &str) -> Result<u32> {
    if let Ok(n) = name.parse::<u32>() {
        return Ok(n);
    }
    let c = CString::new(name)
        .map_err(|_| StoreError::Invalid(format!("export group {name:?}: not a group name")))?;
    let mut buf = vec![0 as libc::c_char; 16384];
    // SAFETY: an all-zero group is a valid out-parameter for getgrnam_r.
    let mut gr: libc::group = unsafe { std::mem::zeroed() };
    let mut res: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call and `buf` outlives it.
    let rc =
        unsafe { libc::getgrnam_r(c.as_ptr(), &mut gr, buf.as_mut_ptr(), buf.len(), &mut res) };
    if rc != 0 || res.is_null() {
        return Err(StoreError::Invalid(format!(
            "export group {name:?}: no such group on this host"
        )));
    }
    Ok(gr.gr_gid)
}

/// One target an install could not write.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetFailure {
    /// `nss` or `export`.
    pub target: String,
    /// The database or directory.
    pub path: String,
    /// What went wrong and what to do.
    pub error: String,
    /// When, RFC 3339.
    pub at: String,
}

/// An install target that was not written, in the language of the run (the reason inside is the
/// tool's or the system's).
impl Localize for TargetFailure {
    fn localize(&self) -> String {
        if self.target == "nss" {
            tr!("target-failed-nss", path = self.path, reason = self.error)
        } else {
            tr!(
                "target-failed-export",
                path = self.path,
                reason = self.error
            )
        }
    }
}

impl std::fmt::Display for TargetFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.target == "nss" {
            "the NSS database"
        } else {
            "the export directory"
        };
        write!(f, "{what} {} was not updated: {}", self.path, self.error)
    }
}

/// The failures recorded for a slot by the last install (empty when every target was written).
pub fn recorded_failures(slot_dir: &Path) -> Vec<TargetFailure> {
    fs::read(slot_dir.join(FAILURES_FILE))
        .ok()
        .filter(|b| b.len() <= 1 << 20)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn record_failures(slot_dir: &Path, failures: &[TargetFailure]) -> Result<()> {
    let path = slot_dir.join(FAILURES_FILE);
    if failures.is_empty() {
        match fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(io("cannot remove", &path, e))
            }
            _ => Ok(()),
        }
    } else {
        let json = serde_json::to_vec_pretty(failures)
            .map_err(|e| StoreError::Invalid(format!("cannot encode {FAILURES_FILE}: {e}")))?;
        Ok(write_atomic(&path, &json, crate::fsutil::PUBLIC_FILE_MODE)?)
    }
}

/// Writes the live version of `slot` to every target and records what failed (see
/// [`recorded_failures`]). `p12_passphrase` is the bundle's (software keys; NSS needs it).
pub fn deploy(
    slot: &Slot,
    targets: &Targets,
    p12_passphrase: Option<&SecretString>,
) -> Vec<TargetFailure> {
    let now = ::time::OffsetDateTime::now_utc()
        .format(&::time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let mut failures = Vec::new();
    let live = slot.live();
    if let (Some(db), Some(pass)) = (&targets.nss_db, p12_passphrase) {
        let leaf = fs::read(live.join(files::CERT))
            .ok()
            .and_then(|t| pem::parse(t).ok())
            .map(|p| p.into_contents())
            .unwrap_or_default();
        if let Err(e) = nss_import(
            db,
            &live.join(files::P12),
            &leaf,
            pass,
            &nss_nickname(&slot.structure, slot.usage.name()),
        ) {
            failures.push(TargetFailure {
                target: "nss".into(),
                path: db.clone(),
                error: format!("{e}; the database keeps its previous certificate. Make it writable by the agent (for the systemd unit: ReadWritePaths=), then run `agent renew` or `agent import {}` again", live.join(files::CERT).display()),
                at: now.clone(),
            });
        }
    }
    if let Some(export) = &targets.export {
        if let Err(e) = export_dir(
            &live,
            export,
            &slot.structure,
            &slot.usage.name().to_lowercase(),
        ) {
            failures.push(TargetFailure {
                target: "export".into(),
                path: export.dir.display().to_string(),
                error: format!("{e}; make it writable by the agent (for the systemd unit: ReadWritePaths=), then run `agent renew` or `agent import {}` again", live.join(files::CERT).display()),
                at: now,
            });
        }
    }
    if let Err(e) = record_failures(&slot.dir, &failures) {
        failures.push(TargetFailure {
            target: "store".into(),
            path: slot.dir.display().to_string(),
            error: format!("the failure record could not be updated: {e}"),
            at: String::new(),
        });
    }
    failures
}

fn run(cmd: &mut Command, what: &str) -> Result<String> {
    let out = cmd.output().map_err(|e| {
        StoreError::Invalid(format!(
            "cannot run {what} (install the libnss3-tools package): {e}"
        ))
    })?;
    if !out.status.success() {
        return Err(StoreError::Invalid(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The certificates (DER) NSS lists under `nickname` (none when the nickname is unknown).
fn nss_certs(db: &str, nickname: &str) -> Result<Vec<Vec<u8>>> {
    let out = Command::new("certutil")
        .args(["-L", "-d", db, "-n", nickname, "-a"])
        .output()
        .map_err(|e| {
            StoreError::Invalid(format!(
                "cannot run certutil -L (install the libnss3-tools package): {e}"
            ))
        })?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        if err.contains("not found") || err.contains("Could not find") {
            return Ok(Vec::new());
        }
        return Err(StoreError::Invalid(format!(
            "certutil -L -n {nickname:?} failed: {}",
            err.trim()
        )));
    }
    Ok(pem::parse_many(&out.stdout)
        .map_err(|e| StoreError::Invalid(format!("certutil -L -a: {e}")))?
        .into_iter()
        .map(|p| p.into_contents())
        .collect())
}

/// NSS's id of the key of a certificate (CKA_ID): SHA-1 of the RSA modulus, without leading
/// zeros, in hex, as `certutil -K` lists it.
fn nss_key_id(cert_der: &[u8]) -> Option<String> {
    use x509_parser::prelude::*;
    let (_, cert) = X509Certificate::from_der(cert_der).ok()?;
    let modulus = match cert.public_key().parsed().ok()? {
        x509_parser::public_key::PublicKey::RSA(rsa) => rsa.modulus,
        _ => return None,
    };
    let start = modulus
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(modulus.len());
    let d = aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY,
        &modulus[start..],
    );
    Some(hex::encode(d.as_ref()))
}

/// Imports a PKCS#12 bundle (whose leaf is `leaf`, DER) into an NSS database under `nickname`,
/// then removes the older keys and certificates with that nickname. Nothing is removed unless the
/// new certificate is in the database under that nickname.
pub fn nss_import(
    db: &str,
    p12: &Path,
    leaf: &[u8],
    passphrase: &SecretString,
    nickname: &str,
) -> Result<()> {
    let old_certs: Vec<Vec<u8>> = nss_certs(db, nickname)?
        .into_iter()
        .filter(|c| c != leaf)
        .collect();
    let dir =
        tempfile::tempdir().map_err(|e| io("cannot create a temporary directory", "/tmp", e))?;
    let pw = dir.path().join("pw");
    let line = Zeroizing::new(format!("{}\n", passphrase.expose_secret()));
    write_atomic(&pw, line.as_bytes(), SECRET_FILE_MODE)?;
    let before = run(
        Command::new("certutil").args(["-L", "-d", db]),
        "certutil -L",
    )?;
    run(
        Command::new("pk12util")
            .args(["-i"])
            .arg(p12)
            .args(["-d", db, "-K", "", "-w"])
            .arg(&pw),
        "pk12util -i",
    )?;
    let after = run(
        Command::new("certutil").args(["-L", "-d", db]),
        "certutil -L",
    )?;
    // The imported nickname is the bundle's friendly name (or the one NSS already gives that
    // subject): find a new line and rename it.
    let old: Vec<&str> = before.lines().collect();
    if let Some(new_line) = after.lines().find(|l| !old.contains(l) && l.contains(',')) {
        let imported = new_line
            .rsplit_once(char::is_whitespace)
            .map(|(n, _)| n.trim().to_string())
            .unwrap_or_default();
        if !imported.is_empty() && imported != nickname {
            run(
                Command::new("certutil")
                    .args(["--rename", "-d", db, "-n", &imported, "--new-n", nickname]),
                "certutil --rename",
            )?;
        }
    }
    if !nss_certs(db, nickname)?.iter().any(|c| c == leaf) {
        return Err(StoreError::Invalid(format!(
            "pk12util reported success but the new certificate is not listed under {nickname:?}"
        )));
    }
    // The new certificate is in: remove the older keys with their certificates (a re-import of
    // the same key keeps it).
    let new_id = nss_key_id(leaf);
    for id in old_certs.iter().filter_map(|c| nss_key_id(c)) {
        if Some(&id) != new_id.as_ref() {
            // By PKCS#11 URI (RFC 7512, the object's CKA_ID): a nickname would be ambiguous
            // while two certificates share it, and `certutil -D -n` may pick the new one.
            let pct: String = id
                .as_bytes()
                .chunks(2)
                .map(|b| format!("%{}", String::from_utf8_lossy(b)))
                .collect();
            let uri = format!("pkcs11:token=NSS%20Certificate%20DB;id={pct}");
            run(
                Command::new("certutil").args(["-F", "-d", db, "-n", &uri]),
                "certutil -F (removing the previous key and certificate)",
            )?;
        }
    }
    Ok(())
}

fn cstr(name: &str) -> Result<CString> {
    CString::new(name).map_err(|_| StoreError::Invalid(format!("{name:?}: not a file name")))
}

fn errno_err(action: &'static str, path: &Path) -> StoreError {
    io(action, path, std::io::Error::last_os_error())
}

/// Opens (creating it if missing) the directory `name` inside `parent` without following a
/// symlink, and gives it the export's owner and mode through its descriptor.
fn open_child_dir(
    parent: &OwnedFd,
    parent_path: &Path,
    name: &str,
    o: &ExportOptions,
) -> Result<(OwnedFd, PathBuf)> {
    let path = parent_path.join(name);
    let c = cstr(name)?;
    let flags = libc::O_RDONLY | libc::O_DIRECTORY | libc::O_NOFOLLOW | libc::O_CLOEXEC;
    // SAFETY: `parent` is an open directory and `c` a NUL-terminated name.
    let mut fd = unsafe { libc::openat(parent.as_raw_fd(), c.as_ptr(), flags) };
    if fd < 0 && std::io::Error::last_os_error().kind() == std::io::ErrorKind::NotFound {
        // SAFETY: as above.
        if unsafe { libc::mkdirat(parent.as_raw_fd(), c.as_ptr(), 0o700) } != 0
            && std::io::Error::last_os_error().kind() != std::io::ErrorKind::AlreadyExists
        {
            return Err(errno_err("cannot create directory", &path));
        }
        // SAFETY: as above.
        fd = unsafe { libc::openat(parent.as_raw_fd(), c.as_ptr(), flags) };
    }
    if fd < 0 {
        let e = std::io::Error::last_os_error();
        if e.raw_os_error() == Some(libc::ELOOP) || e.raw_os_error() == Some(libc::ENOTDIR) {
            return Err(StoreError::Invalid(format!(
                "{} is a symlink or not a directory: the agent never follows links inside the export directory; remove it",
                path.display()
            )));
        }
        return Err(io("cannot open directory", &path, e));
    }
    // SAFETY: `fd` was just opened and belongs to nothing else.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    let dir = fs::File::from(fd);
    set_owner_mode(&dir, o, o.dir_mode(), &path)?;
    Ok((dir.into(), path))
}

fn set_owner_mode(f: &fs::File, o: &ExportOptions, mode: u32, path: &Path) -> Result<()> {
    if o.uid.is_some() || o.gid.is_some() {
        std::os::unix::fs::fchown(f, o.uid, o.gid)
            .map_err(|e| io("cannot change the owner of", path, e))?;
    }
    f.set_permissions(fs::Permissions::from_mode(mode))
        .map_err(|e| io("cannot set permissions on", path, e))
}

/// Writes `data` as `name` inside the directory `dir` atomically: a new file (`O_EXCL`,
/// `O_NOFOLLOW`) renamed over the old name, which replaces a symlink there instead of following it.
fn write_in(
    dir: &OwnedFd,
    dir_path: &Path,
    name: &str,
    data: &[u8],
    o: &ExportOptions,
) -> Result<()> {
    let path = dir_path.join(name);
    let tmp_name = format!(".tmp-{}-{name}", std::process::id());
    let tmp = cstr(&tmp_name)?;
    let target = cstr(name)?;
    // SAFETY: `dir` is open; names are NUL-terminated.
    unsafe { libc::unlinkat(dir.as_raw_fd(), tmp.as_ptr(), 0) };
    // SAFETY: as above.
    let fd = unsafe {
        libc::openat(
            dir.as_raw_fd(),
            tmp.as_ptr(),
            libc::O_WRONLY | libc::O_CREAT | libc::O_EXCL | libc::O_NOFOLLOW | libc::O_CLOEXEC,
            0o600 as libc::c_uint,
        )
    };
    if fd < 0 {
        return Err(errno_err("cannot create a temporary file for", &path));
    }
    // SAFETY: `fd` was just opened and belongs to nothing else.
    let mut f = fs::File::from(unsafe { OwnedFd::from_raw_fd(fd) });
    let result = f
        .write_all(data)
        .and_then(|_| f.sync_all())
        .map_err(|e| io("cannot write", &path, e))
        .and_then(|_| set_owner_mode(&f, o, o.mode, &path))
        .and_then(|_| {
            // SAFETY: as above.
            let rc = unsafe {
                libc::renameat(
                    dir.as_raw_fd(),
                    tmp.as_ptr(),
                    dir.as_raw_fd(),
                    target.as_ptr(),
                )
            };
            if rc != 0 {
                Err(errno_err("cannot replace", &path))
            } else {
                Ok(())
            }
        });
    if result.is_err() {
        // SAFETY: as above.
        unsafe { libc::unlinkat(dir.as_raw_fd(), tmp.as_ptr(), 0) };
    }
    result
}

fn open_root(dir: &Path, o: &ExportOptions) -> Result<OwnedFd> {
    if !dir.exists() {
        fs::DirBuilder::new()
            .recursive(true)
            .mode(o.dir_mode())
            .create(dir)
            .map_err(|e| io("cannot create directory", dir, e))?;
    }
    let c = CString::new(dir.as_os_str().as_bytes())
        .map_err(|_| StoreError::Invalid(format!("{}: not a path", dir.display())))?;
    // The root is the administrator's choice (it may be a link they made); below it, nothing is
    // followed.
    // SAFETY: `c` is a NUL-terminated path.
    let fd = unsafe {
        libc::open(
            c.as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return Err(errno_err("cannot open directory", dir));
    }
    // SAFETY: `fd` was just opened and belongs to nothing else.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// Copies the files of a live version into `export/<structure>/<usage>/` (see the module doc).
pub fn export_dir(live: &Path, o: &ExportOptions, structure: &str, usage_dir: &str) -> Result<()> {
    super::check_structure_name(structure)?;
    let root = open_root(&o.dir, o)?;
    let (sdir, spath) = open_child_dir(&root, &o.dir, structure, o)?;
    let (udir, upath) = open_child_dir(&sdir, &spath, usage_dir, o)?;
    for name in [
        files::KEY,
        files::KEY_URI,
        files::CERT,
        files::CHAIN,
        files::FULLCHAIN,
        files::P12,
    ] {
        let src = live.join(name);
        if !src.exists() {
            continue;
        }
        let data = Zeroizing::new(fs::read(&src).map_err(|e| io("cannot read", &src, e))?);
        write_in(&udir, &upath, name, &data, o)?;
    }
    // SAFETY: `udir` is open.
    if unsafe { libc::fsync(udir.as_raw_fd()) } != 0 {
        return Err(errno_err("cannot sync directory", &upath));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_modes() {
        let d = PathBuf::from("/x");
        assert_eq!(ExportOptions::private(d.clone()).dir_mode(), 0o700);
        let o = ExportOptions::parse(d.clone(), Some("0"), Some("0"), Some("0640")).unwrap();
        assert_eq!(
            (o.uid, o.gid, o.mode, o.dir_mode()),
            (Some(0), Some(0), 0o640, 0o750)
        );
        for bad in ["0644", "0660", "0666", "0200", "9", "rw"] {
            assert!(
                ExportOptions::parse(d.clone(), None, None, Some(bad)).is_err(),
                "{bad}"
            );
        }
        assert!(ExportOptions::parse(d, Some("no-such-user-here"), None, None).is_err());
    }
}
