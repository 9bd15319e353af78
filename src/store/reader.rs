//! Reading the store fast: the structure directories, directories opened relative to the store
//! (one path walk each, then `openat`), and the pending orders. `agent status` (and through it
//! `renew` and `notify`) and [`Store::slots`](super::Store::slots) read the store through it.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::pending::{PendingOrder, ORDER_FILE};

/// The structure directory names under the store root `root`, unsorted: hidden names are skipped
/// and a linked structure directory counts too. A store that does not exist yet has none.
pub fn structure_dirs(root: &Path) -> io::Result<Vec<String>> {
    let rd = match std::fs::read_dir(root) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut v = Vec::new();
    for e in rd {
        let e = e?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        // file_type() does not follow links: a linked structure directory counts too.
        let is_dir = match e.file_type() {
            Ok(t) if t.is_dir() => true,
            Ok(t) if t.is_symlink() => e.path().is_dir(),
            _ => false,
        };
        if is_dir {
            v.push(name);
        }
    }
    Ok(v)
}

/// The pending orders of `home` by structure (only those of `only` when it is not empty), and a
/// warning per order that could not be read.
pub fn pending_orders(
    home: &Path,
    only: &[String],
) -> (BTreeMap<String, PendingOrder>, Vec<String>) {
    let root = crate::pending::pending_root(home);
    let mut out = BTreeMap::new();
    let mut warnings = Vec::new();
    let dirs: Vec<PathBuf> = if only.is_empty() {
        match std::fs::read_dir(&root) {
            Ok(rd) => rd
                .filter_map(|e| e.ok())
                .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
                .map(|e| e.path())
                .collect(),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                warnings.push(format!(
                    "cannot read the pending area {}: {e}",
                    root.display()
                ));
                Vec::new()
            }
        }
    } else {
        only.iter().map(|s| root.join(s)).collect()
    };
    for d in dirs {
        if !d.join(ORDER_FILE).is_file() {
            continue;
        }
        match PendingOrder::load_dir(&d) {
            Ok(o) => {
                out.insert(o.structure.to_string(), o);
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
    (out, warnings)
}

/// An open directory (the store, a `live` directory): files are opened relative to it, so the long
/// path is walked once, not once per file.
pub(crate) struct LiveDir {
    fd: std::os::fd::OwnedFd,
}

impl LiveDir {
    pub(crate) fn open(path: &Path) -> io::Result<LiveDir> {
        use std::os::fd::FromRawFd;
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(path.as_os_str().as_bytes())
            .map_err(|_| io::Error::from(io::ErrorKind::InvalidInput))?;
        // SAFETY: `c` is a NUL-terminated path; open has no other precondition.
        let fd = unsafe {
            libc::open(
                c.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened and belongs to nothing else.
        Ok(LiveDir {
            fd: unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) },
        })
    }

    /// Opens the directory `rel` (relative to this one; links followed).
    pub(crate) fn open_dir(&self, rel: &std::ffi::CStr) -> io::Result<LiveDir> {
        use std::os::fd::{AsRawFd, FromRawFd};
        // SAFETY: `rel` is NUL-terminated and `self.fd` is an open directory.
        let fd = unsafe {
            libc::openat(
                self.fd.as_raw_fd(),
                rel.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened and belongs to nothing else.
        Ok(LiveDir {
            fd: unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) },
        })
    }

    /// Whether `rel` exists, itself (a link that points nowhere counts).
    pub(crate) fn has_entry(&self, rel: &std::ffi::CStr) -> bool {
        use std::os::fd::AsRawFd;
        // SAFETY: an all-zero stat is a valid value for fstatat to overwrite.
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: `rel` is NUL-terminated, `st` is writable, `self.fd` is an open directory.
        unsafe {
            libc::fstatat(
                self.fd.as_raw_fd(),
                rel.as_ptr(),
                &mut st,
                libc::AT_SYMLINK_NOFOLLOW,
            ) == 0
        }
    }

    /// Reads the file `name` of this directory into `buf` (replacing its content).
    pub(crate) fn read(&self, name: &std::ffi::CStr, buf: &mut Vec<u8>) -> io::Result<()> {
        use std::io::Read;
        use std::os::fd::{AsRawFd, FromRawFd};
        // SAFETY: `name` is NUL-terminated and `self.fd` is an open directory.
        let fd = unsafe {
            libc::openat(
                self.fd.as_raw_fd(),
                name.as_ptr(),
                libc::O_RDONLY | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: `fd` was just opened and belongs to nothing else.
        let f = unsafe { std::fs::File::from_raw_fd(fd) };
        // Through `take`: File::read_to_end would stat the file first to size the buffer; the
        // files are small (a few KiB) and the buffer is reused. 1 MiB is far more than any of them.
        buf.clear();
        (&f).take(1 << 20).read_to_end(buf)?;
        Ok(())
    }
}
