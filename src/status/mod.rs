//! `agent status`: what is installed in the store, and how long it has left.
//!
//! The store is the truth: every run reads the live files of every slot (`cert.pem`, `chain.pem`,
//! `privkey.pem` or `key.uri`) and the pending orders; nothing is cached between runs, so the
//! report cannot drift from what the DMP software actually reads. `meta.json` is not used for
//! dates: the certificate is.
//!
//! One [`Entry`] per structure and usage, in one of six [`State`]s:
//!
//! | state | meaning |
//! |---|---|
//! | `ok` | installed, valid, key matches, expires after the window |
//! | `expiring` | installed and valid, expires within the window |
//! | `expired` | installed, its notAfter has passed |
//! | `invalid` | installed but unusable: a file unreadable or malformed, the key does not match the certificate, the chain does not verify, the certificate is for another structure, or not valid yet |
//! | `missing` | nothing installed and nothing ordered for a usage that the structure needs: AUTH_CLI and SIGN go together for the DMP, so when one of them is installed (or ordered) the other is expected |
//! | `pending` | a pending order (`agent csr`) lists the usage and its key is not the live one: ordered, not issued or not imported yet. A renewal in progress shows as a `pending` row next to the live certificate's row |
//!
//! Chain check ([`ChainCheck`]): with trust anchors configured, the full path up to an anchor is
//! verified with [`chain::verify`] (signatures, dates, constraints, extended key usage); without
//! anchors only the first link is checked (the first certificate of `chain.pem` signed
//! `cert.pem`), and the row says so (`issuer`), or `unchecked` when `chain.pem` holds nothing.
//!
//! Work is spread over a few threads, one structure at a time; each certificate is parsed once.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use ::time::{Duration, OffsetDateTime};
use serde::{Serialize, Serializer};
use x509_parser::prelude::*;

use crate::certificate::chain::{self, AnchorInfo, RequiredEku, TrustAnchors};
use crate::certificate::profile;
use crate::csr::Usage;
use crate::error::exit as agent_exit;
use crate::pending::{PendingOrder, ORDER_FILE};
use crate::store::files;

mod read;
mod render;

use read::*;
use render::rfc3339;
pub use render::{
    escape_label, render_json, render_prometheus, render_table, render_table_text, TableText,
};

/// The exit codes of `agent status` (the monitoring-plugin convention: Nagios, Icinga, Zabbix…).
pub mod exit {
    /// Nothing within the window: every certificate shown is `ok` (or `pending`).
    pub const OK: u8 = 0;
    /// Something is `expiring` within the window, or a needed usage is `missing`.
    pub const WARNING: u8 = 1;
    /// Something is `expired` or `invalid`.
    pub const CRITICAL: u8 = 2;
    /// The agent could not check: store unreadable, bad option or configuration, nothing to check.
    pub const UNKNOWN: u8 = 3;
}

/// The default expiry window: 60 days.
pub const DEFAULT_WINDOW: Duration = Duration::days(60);

/// The default renewal window (`[renew] within`): 60 days.
pub const DEFAULT_RENEW_WINDOW: Duration = Duration::days(60);

/// What is left of `not_before..not_after` at `now`, in percent, clamped to 0..=100 and rounded to
/// two decimals.
pub fn percent_left(
    not_before: OffsetDateTime,
    not_after: OffsetDateTime,
    now: OffsetDateTime,
) -> f64 {
    let total = (not_after - not_before).whole_seconds();
    if total <= 0 {
        return if now < not_after { 100.0 } else { 0.0 };
    }
    let left = (not_after - now).whole_seconds().clamp(0, total);
    (left as f64 * 10_000.0 / total as f64).round() / 100.0
}

/// Why `agent status` could not check.
#[derive(Debug, thiserror::Error)]
pub enum StatusError {
    /// The store directory cannot be listed.
    #[error("cannot read the store {}: {source}; check --home (AGENT_HOME) and that this user may read it", path.display())]
    StoreUnreadable {
        /// The directory.
        path: PathBuf,
        /// The system error.
        source: io::Error,
    },
    /// Nothing installed and nothing ordered.
    #[error("nothing is installed or ordered in {}: nothing to check (is --home right? run `agent csr` and `agent import` first)", home.display())]
    NothingToCheck {
        /// The agent home.
        home: PathBuf,
    },
    /// A `--structure` has nothing in this home.
    #[error("structure {structure}: nothing is installed or ordered for it in {}; check the identifier and --home", home.display())]
    UnknownStructure {
        /// The structure asked for.
        structure: String,
        /// The agent home.
        home: PathBuf,
    },
    /// A `--structure` value that cannot be a directory name.
    #[error("{0:?} is not a national structure id")]
    BadStructure(String),
    /// A bad window.
    #[error("invalid expiry window {value:?}: {reason} (use a duration such as 30d, 8w or 1440h)")]
    BadWindow {
        /// The value.
        value: String,
        /// Why.
        reason: String,
    },
}

impl StatusError {
    /// The exit code for commands other than `agent status` (which always exits 3 on these).
    pub fn exit_code(&self) -> u8 {
        match self {
            StatusError::StoreUnreadable { .. } => agent_exit::IO,
            StatusError::NothingToCheck { .. } | StatusError::UnknownStructure { .. } => {
                agent_exit::FAILURE
            }
            StatusError::BadStructure(_) | StatusError::BadWindow { .. } => {
                agent_exit::INVALID_INPUT
            }
        }
    }
}

/// The state of one structure and usage.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Valid, expires after the window.
    Ok,
    /// Valid, expires within the window.
    Expiring,
    /// Past its notAfter.
    Expired,
    /// Unusable (file, key, chain, structure or dates).
    Invalid,
    /// Needed but neither installed nor ordered.
    Missing,
    /// Ordered, not installed yet.
    Pending,
}

impl State {
    /// Every state, in report order.
    pub const ALL: [State; 6] = [
        State::Ok,
        State::Expiring,
        State::Expired,
        State::Invalid,
        State::Missing,
        State::Pending,
    ];

    /// The name used in JSON, tables and metrics.
    pub fn name(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Expiring => "expiring",
            State::Expired => "expired",
            State::Invalid => "invalid",
            State::Missing => "missing",
            State::Pending => "pending",
        }
    }

    /// The exit code this state alone gives.
    pub fn exit_code(self) -> u8 {
        match self {
            State::Ok | State::Pending => exit::OK,
            State::Expiring | State::Missing => exit::WARNING,
            State::Expired | State::Invalid => exit::CRITICAL,
        }
    }
}

impl std::fmt::Display for State {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How far the chain was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChainCheck {
    /// Verified up to a configured trust anchor.
    Verified,
    /// No anchors configured: the first certificate of `chain.pem` signed `cert.pem`.
    Issuer,
    /// No anchors configured and `chain.pem` holds no certificate.
    Unchecked,
    /// The check failed (the row is `invalid`).
    Failed,
}

/// Where the key lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyKind {
    /// `privkey.pem` (checked against the certificate).
    Software,
    /// `key.uri`: a key on a PKCS#11 token (not checked: the token is not opened).
    Pkcs11,
}

/// One row of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// National structure id (the store directory; the certificate's OU).
    pub structure: String,
    /// Raison sociale (the certificate's O, or the order's).
    pub raison_sociale: Option<String>,
    /// `AUTH_CLI`, `SIGN` or `CONF`.
    #[serde(serialize_with = "usage_upper")]
    pub usage: Usage,
    /// The certificate's CN (the service applicatif; the requested one for `pending`).
    pub cn: Option<String>,
    /// Serial number, upper-case hex.
    pub serial: Option<String>,
    /// Start of validity.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_before: Option<OffsetDateTime>,
    /// End of validity.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// Whole days until notAfter, rounded down (negative once expired).
    pub days_left: Option<i64>,
    /// The state.
    pub state: State,
    /// The live path (`<store>/<structure>/<usage>/live`); for `pending`, the order's directory;
    /// for `missing`, where the live path will be.
    pub path: PathBuf,
    /// How far the chain was checked (installed rows).
    pub chain: Option<ChainCheck>,
    /// The trust anchor the chain was verified up to (`chain` = `verified`).
    pub anchor: Option<AnchorInfo>,
    /// Where the key lives (installed rows).
    pub key: Option<KeyKind>,
    /// Why the row is `invalid`, `missing` or `pending`; for an installed row whose install
    /// targets failed, that failure.
    pub detail: Option<String>,
    /// Install targets (NSS database, export directory) the last install of this row could not
    /// write: the DMP software may read an older certificate than the store's. Not empty makes
    /// the exit code at least 1 (warning) until a run writes them.
    pub target_errors: Vec<String>,
    /// When renewal is due: notAfter minus the renewal window (`[renew] within`, 60 days by
    /// default); rows with a readable certificate.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub renew_after: Option<OffsetDateTime>,
    /// What is left of the validity period, in percent (0 once expired, 100 before notBefore),
    /// rounded to two decimals; rows with a readable certificate.
    pub percent_left: Option<f64>,
    /// A file could not be read or parsed (counts as a read error in the metrics).
    #[serde(skip)]
    pub read_error: bool,
    #[serde(skip)]
    spki: Option<Vec<u8>>,
}

impl Entry {
    /// A row with only its structure, usage, state and path (every other field empty).
    pub fn new(structure: &str, usage: Usage, state: State, path: PathBuf) -> Entry {
        Entry {
            structure: structure.to_string(),
            raison_sociale: None,
            usage,
            cn: None,
            serial: None,
            not_before: None,
            not_after: None,
            days_left: None,
            state,
            path,
            chain: None,
            anchor: None,
            key: None,
            detail: None,
            target_errors: Vec::new(),
            renew_after: None,
            percent_left: None,
            read_error: false,
            spki: None,
        }
    }
}

fn usage_upper<S: Serializer>(u: &Usage, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(usage_label(*u))
}

/// `AUTH_CLI`, `SIGN`, `CONF`.
pub fn usage_label(u: Usage) -> &'static str {
    match u {
        Usage::AuthCli => "AUTH_CLI",
        Usage::Sign => "SIGN",
        Usage::Conf => "CONF",
    }
}

/// What to check and how.
#[derive(Debug, Clone)]
pub struct StatusOptions<'a> {
    /// The time of the check.
    pub now: OffsetDateTime,
    /// The expiry window.
    pub window: Duration,
    /// Trust anchors; `None` checks only the first link of the chain.
    pub anchors: Option<&'a TrustAnchors>,
    /// Only these structures (empty: all).
    pub structures: Vec<String>,
    /// Worker threads (0: one per core).
    pub threads: usize,
    /// The renewal window (`[renew] within`), for each row's `renew_after`.
    pub renew_window: Duration,
}

/// The result of a scan.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every row, by structure, then usage, installed before pending.
    pub entries: Vec<Entry>,
    /// Problems that are no row (a damaged pending order).
    pub warnings: Vec<String>,
    /// Pending orders that could not be read.
    pub order_errors: usize,
}

impl Report {
    /// Rows with a read error plus unreadable orders.
    pub fn read_errors(&self) -> usize {
        self.entries.iter().filter(|e| e.read_error).count() + self.order_errors
    }
}

/// Parses an expiry window (humantime: `30d`, `8w`, `1440h`).
pub fn parse_window(value: &str) -> Result<Duration, StatusError> {
    let d = humantime::parse_duration(value.trim()).map_err(|e| StatusError::BadWindow {
        value: value.to_string(),
        reason: e.to_string(),
    })?;
    Duration::try_from(d).map_err(|e| StatusError::BadWindow {
        value: value.to_string(),
        reason: e.to_string(),
    })
}

fn is_plain_name(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('.') && !s.contains('/') && !s.contains('\0')
}

/// Reads the store and the pending area of `home` and computes every row.
pub fn scan(home: &Path, opts: &StatusOptions<'_>) -> Result<Report, StatusError> {
    let root = home.join("store");
    for s in &opts.structures {
        if !is_plain_name(s) {
            return Err(StatusError::BadStructure(s.clone()));
        }
    }
    // Structures with a store directory.
    let mut structures: Vec<String> = if opts.structures.is_empty() {
        match std::fs::read_dir(&root) {
            Ok(rd) => {
                let mut v = Vec::new();
                for e in rd {
                    let e = e.map_err(|source| StatusError::StoreUnreadable {
                        path: root.clone(),
                        source,
                    })?;
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
                v
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(source) => {
                return Err(StatusError::StoreUnreadable {
                    path: root.clone(),
                    source,
                })
            }
        }
    } else {
        opts.structures
            .iter()
            .filter(|s| root.join(s).is_dir())
            .cloned()
            .collect()
    };

    // Pending orders, by structure.
    let (orders, warnings) = load_orders(home, &opts.structures);
    let order_errors = warnings.len();
    for s in orders.keys() {
        if !structures.contains(s) {
            structures.push(s.clone());
        }
    }
    structures.sort();
    structures.dedup();

    if let Some(s) = opts
        .structures
        .iter()
        .find(|s| structures.binary_search(s).is_err())
    {
        return Err(StatusError::UnknownStructure {
            structure: s.clone(),
            home: home.to_path_buf(),
        });
    }

    // One structure per work item, spread over a few threads.
    let threads = match opts.threads {
        0 => std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1),
        n => n,
    }
    .clamp(1, 16)
    .min(structures.len().div_ceil(64).max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Vec<Entry>)>> = Mutex::new(Vec::with_capacity(structures.len()));
    let shortcut = opts.anchors.is_some_and(|a| !anchors_constrain_names(a));
    // Slots are opened relative to the store directory: a short path walk each.
    let root_dir = LiveDir::open(&root).ok();
    let work = |_: usize| {
        let mut local = Vec::new();
        let mut worker = Worker::new(opts, shortcut);
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(s) = structures.get(i) else { break };
            local.push((
                i,
                structure_entries(&root, root_dir.as_ref(), s, orders.get(s), &mut worker),
            ));
        }
        if let Ok(mut r) = results.lock() {
            r.extend(local);
        }
    };
    if threads == 1 {
        work(0);
    } else {
        std::thread::scope(|scope| {
            for t in 0..threads {
                let work = &work;
                scope.spawn(move || work(t));
            }
        });
    }
    let mut results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    results.sort_by_key(|(i, _)| *i);
    let entries: Vec<Entry> = results.into_iter().flat_map(|(_, v)| v).collect();
    if entries.is_empty() && opts.structures.is_empty() && order_errors == 0 {
        return Err(StatusError::NothingToCheck {
            home: home.to_path_buf(),
        });
    }
    Ok(Report {
        entries,
        warnings,
        order_errors,
    })
}

fn load_orders(home: &Path, only: &[String]) -> (BTreeMap<String, PendingOrder>, Vec<String>) {
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
                out.insert(o.structure.clone(), o);
            }
            Err(e) => warnings.push(e.to_string()),
        }
    }
    (out, warnings)
}

/// The rows of one structure: installed usages, then missing companions and pending usages.
fn structure_entries(
    root: &Path,
    root_dir: Option<&LiveDir>,
    structure: &str,
    order: Option<&PendingOrder>,
    w: &mut Worker<'_>,
) -> Vec<Entry> {
    let mut rows: Vec<Entry> = Vec::new();
    for usage in Usage::ALL {
        let live = root
            .join(structure)
            .join(usage.name().to_lowercase())
            .join("live");
        let Some(root_dir) = root_dir else { break };
        let Ok(rel) = std::ffi::CString::new(format!("{structure}/{}/live", usage.name())) else {
            continue;
        };
        match root_dir.open_dir(&rel) {
            Ok(dir) => rows.push(w.check_slot(structure, usage, live, Ok(dir))),
            // A `live` link that points nowhere is a broken install; no `live` at all is nothing.
            Err(err) if root_dir.has_entry(&rel) => {
                rows.push(w.check_slot(structure, usage, live, Err(err)))
            }
            Err(_) => {}
        }
    }
    // Install targets the last install could not write (recorded beside the slot).
    for r in rows.iter_mut() {
        let slot_dir = root.join(structure).join(r.usage.name().to_lowercase());
        r.target_errors = crate::store::targets::recorded_failures(&slot_dir)
            .iter()
            .map(|f| f.to_string())
            .collect();
        if !r.target_errors.is_empty() && r.detail.is_none() {
            r.detail = Some(format!("installed, but {}", r.target_errors.join("; ")));
        }
    }
    let name = rows
        .iter()
        .find_map(|r| r.raison_sociale.clone())
        .or_else(|| order.map(|o| o.raison_sociale.clone()));
    // Pending usages: listed in the order, key not the live one.
    let mut pending = Vec::new();
    if let Some(o) = order {
        for pu in &o.usages {
            let live_spki = rows
                .iter()
                .find(|r| r.usage == pu.usage)
                .and_then(|r| r.spki.as_deref());
            if live_spki == Some(pu.public_key_spki()) {
                continue;
            }
            let created = o
                .created_at
                .format(&::time::format_description::well_known::Rfc3339)
                .unwrap_or_default();
            pending.push(Entry {
                raison_sociale: Some(o.raison_sociale.clone()),
                cn: Some(pu.service.clone()),
                detail: Some(format!(
                    "ordered {created} ({}); import the certificate with `agent import` once the platform has issued it",
                    pu.product
                )),
                ..Entry::new(structure, pu.usage, State::Pending, o.dir().to_path_buf())
            });
        }
    }
    // AUTH_CLI and SIGN go together: one without the other (neither installed nor ordered) is missing.
    let present =
        |u: Usage| rows.iter().any(|r| r.usage == u) || pending.iter().any(|r| r.usage == u);
    let mut missing = Vec::new();
    for (have, need) in [(Usage::AuthCli, Usage::Sign), (Usage::Sign, Usage::AuthCli)] {
        if present(have) && !present(need) {
            let live = root
                .join(structure)
                .join(need.name().to_lowercase())
                .join("live");
            missing.push(Entry {
                raison_sociale: name.clone(),
                cn: need.profile().service.map(str::to_string),
                detail: Some(format!(
                    "{} is there but not {}: the DMP needs both; order it with `agent csr --structure {structure} --usage {}`",
                    usage_label(have),
                    usage_label(need),
                    need.name()
                )),
                ..Entry::new(structure, need, State::Missing, live)
            });
        }
    }
    rows.extend(missing);
    rows.extend(pending);
    let order_key = |e: &Entry| {
        (
            e.usage,
            matches!(e.state, State::Pending | State::Missing) as u8,
        )
    };
    rows.sort_by_key(order_key);
    rows
}

/// An open directory (the store, a `live` directory): files are opened relative to it, so the long
/// path is walked once, not once per file.
struct LiveDir {
    fd: std::os::fd::OwnedFd,
}

impl LiveDir {
    fn open(path: &Path) -> io::Result<LiveDir> {
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
    fn open_dir(&self, rel: &std::ffi::CStr) -> io::Result<LiveDir> {
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
    fn has_entry(&self, rel: &std::ffi::CStr) -> bool {
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
    fn read(&self, name: &std::ffi::CStr, buf: &mut Vec<u8>) -> io::Result<()> {
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

fn attr(name: &X509Name<'_>, oid: &x509_parser::der_parser::oid::Oid<'_>) -> Option<String> {
    name.iter_by_oid(oid)
        .next()
        .and_then(|a| a.as_str().ok())
        .map(str::to_string)
}

fn ts(t: ASN1Time) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(t.timestamp()).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Floor of whole days from `now` to `t`.
pub fn days_until(t: OffsetDateTime, now: OffsetDateTime) -> i64 {
    (t.unix_timestamp() - now.unix_timestamp()).div_euclid(86_400)
}

fn required_eku(u: Usage) -> RequiredEku {
    match u {
        Usage::AuthCli => RequiredEku::ClientAuth,
        Usage::Sign => RequiredEku::EmailProtection,
        Usage::Conf => RequiredEku::None,
    }
}

/// How many distinct `chain.pem` contents a worker keeps parsed (a store has one per CA
/// generation: a handful at most).
const CHAIN_MEMO: usize = 8;

/// The first certificate of a `chain.pem`: what checking a leaf against it needs.
struct IssuerInfo {
    subject_raw: Vec<u8>,
    subject_text: String,
    spki_raw: Vec<u8>,
    /// The key ready for sha256WithRSAEncryption signatures (the ORG profile's), when RSA.
    rsa_sha256: Option<aws_lc_rs::signature::ParsedPublicKey>,
}

/// One `chain.pem` content, parsed once per run and worker. Every leaf is still checked on its own
/// (signature, dates, key); only the parse of identical chain files is shared.
struct ChainEntry {
    bytes: Vec<u8>,
    /// Its certificates, or why it is not PEM.
    ders: Result<Vec<Vec<u8>>, String>,
    /// The first certificate, parsed (`None` when the file holds none).
    first: Option<Result<IssuerInfo, String>>,
    /// For each required EKU, the issuing CA as a trust anchor once [`chain::verify`] verified this
    /// chain up to a configured anchor at the time of the run.
    verified: Vec<(u8, rustls::pki_types::TrustAnchor<'static>, AnchorInfo)>,
}

impl ChainEntry {
    fn new(bytes: Vec<u8>) -> ChainEntry {
        let ders = pem_blocks(&bytes, "CERTIFICATE");
        let first = match &ders {
            Ok(d) => d.first().map(|der| {
                let (_, c) = X509Certificate::from_der(der)
                    .map_err(|e| format!("chain.pem: not a valid certificate: {e}"))?;
                let pk = c.public_key();
                let rsa_sha256 = (pk.algorithm.algorithm
                    == x509_parser::oid_registry::OID_PKCS1_RSAENCRYPTION)
                    .then(|| {
                        aws_lc_rs::signature::ParsedPublicKey::new(
                            &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
                            &pk.subject_public_key.data,
                        )
                        .ok()
                    })
                    .flatten();
                Ok(IssuerInfo {
                    subject_raw: c.subject().as_raw().to_vec(),
                    subject_text: c.subject().to_string(),
                    spki_raw: pk.raw.to_vec(),
                    rsa_sha256,
                })
            }),
            Err(_) => None,
        };
        ChainEntry {
            bytes,
            ders,
            first,
            verified: Vec::new(),
        }
    }
}

fn eku_tag(e: RequiredEku) -> u8 {
    match e {
        RequiredEku::ClientAuth => 1,
        RequiredEku::EmailProtection => 2,
        RequiredEku::None => 0,
    }
}

/// Whether a trust anchor carries name constraints. The per-leaf shortcut of [`Worker`] starts the
/// path at the issuing CA, so it is used only when no anchor constrains names.
fn anchors_constrain_names(anchors: &TrustAnchors) -> bool {
    anchors.files().iter().any(|f| {
        let Ok(text) = std::fs::read(f) else {
            return true;
        };
        let Ok(ders) = pem_blocks(&text, "CERTIFICATE") else {
            return true;
        };
        ders.iter().any(|d| match X509Certificate::from_der(d) {
            Ok((_, c)) => !matches!(c.name_constraints(), Ok(None)),
            Err(_) => true,
        })
    })
}

/// One thread's state: a read buffer and the parsed chain files.
struct Worker<'a> {
    opts: &'a StatusOptions<'a>,
    buf: zeroize::Zeroizing<Vec<u8>>,
    chains: Vec<ChainEntry>,
    shortcut: bool,
    algs: &'static [&'static dyn rustls::pki_types::SignatureVerificationAlgorithm],
}

impl<'a> Worker<'a> {
    fn new(opts: &'a StatusOptions<'a>, shortcut: bool) -> Worker<'a> {
        Worker {
            opts,
            buf: zeroize::Zeroizing::new(Vec::with_capacity(8192)),
            chains: Vec::new(),
            shortcut,
            algs: rustls::crypto::aws_lc_rs::default_provider()
                .signature_verification_algorithms
                .all,
        }
    }

    /// The entry for the chain file content now in `self.buf`.
    fn chain_entry(&mut self) -> usize {
        if let Some(i) = self.chains.iter().position(|c| c.bytes[..] == self.buf[..]) {
            return i;
        }
        if self.chains.len() >= CHAIN_MEMO {
            self.chains.remove(0);
        }
        self.chains.push(ChainEntry::new(self.buf.to_vec()));
        self.chains.len() - 1
    }

    /// Verifies `leaf_der` with the issuing CA of an already verified chain as the anchor: the
    /// leaf's signature, validity, extensions and extended key usage, as webpki checks them.
    fn verify_from_issuer(
        &self,
        leaf_der: &[u8],
        anchor: &rustls::pki_types::TrustAnchor<'static>,
        eku: RequiredEku,
    ) -> bool {
        let leaf = rustls::pki_types::CertificateDer::from(leaf_der);
        let Ok(ee) = webpki::EndEntityCert::try_from(&leaf) else {
            return false;
        };
        let usage = match eku {
            RequiredEku::EmailProtection => {
                webpki::KeyUsage::required_if_present(chain::EKU_EMAIL_PROTECTION)
            }
            _ => webpki::KeyUsage::required_if_present(chain::EKU_CLIENT_AUTH),
        };
        let time = rustls::pki_types::UnixTime::since_unix_epoch(std::time::Duration::from_secs(
            self.opts.now.unix_timestamp().max(0) as u64,
        ));
        ee.verify_for_usage(
            self.algs,
            std::slice::from_ref(anchor),
            &[],
            time,
            usage,
            None,
            None,
        )
        .is_ok()
    }

    /// Reads and checks one live slot.
    fn check_slot(
        &mut self,
        structure: &str,
        usage: Usage,
        live: PathBuf,
        dir: io::Result<LiveDir>,
    ) -> Entry {
        let opts = self.opts;
        let mut e = Entry::new(structure, usage, State::Invalid, live);
        let unreadable = |mut e: Entry, what: String| {
            e.read_error = true;
            e.state = State::Invalid;
            e.detail = Some(what);
            e
        };
        let dir = match dir {
            Ok(d) => d,
            Err(err) => {
                let what = format!("cannot open {}: {err}", e.path.display());
                return unreadable(e, what);
            }
        };
        // The certificate.
        let cert_path = || e.path.join(files::CERT);
        if let Err(err) = dir.read(c"cert.pem", &mut self.buf) {
            let what = format!("cannot read {}: {err}", cert_path().display());
            return unreadable(e, what);
        }
        let leaf_der = match pem_blocks(&self.buf, "CERTIFICATE") {
            Ok(mut v) if !v.is_empty() => v.swap_remove(0),
            Ok(_) => {
                let what = format!("{}: no CERTIFICATE block", cert_path().display());
                return unreadable(e, what);
            }
            Err(err) => {
                let what = format!("{}: not PEM: {err}", cert_path().display());
                return unreadable(e, what);
            }
        };
        let cert = match X509Certificate::from_der(&leaf_der) {
            Ok((_, c)) => c,
            Err(err) => {
                let what = format!("{}: not a valid certificate: {err}", cert_path().display());
                return unreadable(e, what);
            }
        };
        use x509_parser::oid_registry::{
            OID_X509_COMMON_NAME, OID_X509_ORGANIZATIONAL_UNIT, OID_X509_ORGANIZATION_NAME,
        };
        let subject = cert.subject();
        e.raison_sociale = attr(subject, &OID_X509_ORGANIZATION_NAME);
        e.cn = attr(subject, &OID_X509_COMMON_NAME);
        e.serial = Some(hex::encode_upper(cert.raw_serial()));
        let not_before = ts(cert.validity().not_before);
        let not_after = ts(cert.validity().not_after);
        e.not_before = Some(not_before);
        e.not_after = Some(not_after);
        e.days_left = Some(days_until(not_after, opts.now));
        e.renew_after = Some(not_after - opts.renew_window);
        e.percent_left = Some(percent_left(not_before, not_after, opts.now));
        e.spki = Some(cert.public_key().raw.to_vec());

        // Problems, in the order an administrator should fix them.
        let mut problems: Vec<String> = Vec::new();
        if let Some(ou) = attr(subject, &OID_X509_ORGANIZATIONAL_UNIT) {
            if ou != structure {
                problems.push(format!(
                    "cert.pem is for structure {ou} (its OU), not {structure}"
                ));
            }
        }
        if matches!(cert.basic_constraints(), Ok(Some(bc)) if bc.value.ca) {
            problems.push("cert.pem is a CA certificate, not an ORG certificate".into());
        }
        // The usage is the extensions', never the CN's: an adopted certificate keeps its own CN.
        let fit = profile::check_usage(usage, &profile::UsageExtensions::of_certificate(&cert));
        problems.extend(fit.problems.into_iter().map(|p| format!("cert.pem: {p}")));

        // The key.
        match dir.read(c"privkey.pem", &mut self.buf) {
            Ok(()) => {
                e.key = Some(KeyKind::Software);
                match key_matches(&self.buf, cert.public_key()) {
                    Ok(true) => {}
                    Ok(false) => problems.push("privkey.pem does not match cert.pem".into()),
                    Err(err) => {
                        e.read_error = true;
                        problems.push(format!("privkey.pem: {err}"));
                    }
                }
            }
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                match dir.read(c"key.uri", &mut self.buf) {
                    Ok(()) => {
                        e.key = Some(KeyKind::Pkcs11);
                        let text = String::from_utf8_lossy(&self.buf);
                        if crate::card::uri::Pkcs11Uri::parse(text.trim()).is_err() {
                            e.read_error = true;
                            problems.push("key.uri is not a pkcs11: URI".into());
                        }
                    }
                    Err(err) if err.kind() == io::ErrorKind::NotFound => {
                        e.read_error = true;
                        problems.push("no private key (privkey.pem or key.uri)".into());
                    }
                    Err(err) => {
                        e.read_error = true;
                        problems.push(format!(
                            "cannot read {}: {err}",
                            e.path.join(files::KEY_URI).display()
                        ));
                    }
                }
            }
            Err(err) => {
                e.read_error = true;
                problems.push(format!(
                    "cannot read {}: {err}",
                    e.path.join(files::KEY).display()
                ));
            }
        }

        // The chain.
        let chain_idx = match dir.read(c"chain.pem", &mut self.buf) {
            Ok(()) => Some(self.chain_entry()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => {
                self.buf.clear();
                Some(self.chain_entry())
            }
            Err(err) => {
                e.read_error = true;
                problems.push(format!(
                    "cannot read {}: {err}",
                    e.path.join(files::CHAIN).display()
                ));
                None
            }
        };
        e.chain = match chain_idx {
            None => Some(ChainCheck::Failed),
            Some(i) => match (&self.chains[i].ders, opts.anchors) {
                (Err(err), _) => {
                    e.read_error = true;
                    problems.push(format!("chain.pem: not PEM: {err}"));
                    Some(ChainCheck::Failed)
                }
                (Ok(_), Some(anchors)) => {
                    let eku = required_eku(usage);
                    // Verify at a time inside the leaf's validity: an expired certificate is
                    // reported as `expired`, and the chain check still tells whether its
                    // signatures hold.
                    let latest = if not_after > not_before {
                        not_after - Duration::seconds(1)
                    } else {
                        not_before
                    };
                    let at = if opts.now < not_before {
                        not_before
                    } else if opts.now > latest {
                        latest
                    } else {
                        opts.now
                    };
                    let fast = if at == opts.now && self.shortcut {
                        self.chains[i]
                            .verified
                            .iter()
                            .find(|(t, _, _)| *t == eku_tag(eku))
                            .filter(|(_, anchor, _)| {
                                self.verify_from_issuer(&leaf_der, anchor, eku)
                            })
                            .map(|(_, _, info)| info.clone())
                    } else {
                        None
                    };
                    if let Some(info) = fast {
                        e.anchor = Some(info);
                        Some(ChainCheck::Verified)
                    } else {
                        let ders = self.chains[i]
                            .ders
                            .as_ref()
                            .map(Vec::as_slice)
                            .unwrap_or(&[]);
                        match chain::verify_detailed(&leaf_der, ders, anchors, eku, at) {
                            Ok(chain::Verified { path, anchor }) => {
                                e.anchor = Some(anchor.clone());
                                if at == opts.now {
                                    if let Some(issuer) = path.first() {
                                        let der = rustls::pki_types::CertificateDer::from(
                                            issuer.as_slice(),
                                        );
                                        if let Ok(a) = webpki::anchor_from_trusted_cert(&der) {
                                            let entry = &mut self.chains[i];
                                            if !entry
                                                .verified
                                                .iter()
                                                .any(|(t, _, _)| *t == eku_tag(eku))
                                            {
                                                entry.verified.push((
                                                    eku_tag(eku),
                                                    a.to_owned(),
                                                    anchor,
                                                ));
                                            }
                                        }
                                    }
                                }
                                Some(ChainCheck::Verified)
                            }
                            Err(err) => {
                                problems.push(err.to_string());
                                Some(ChainCheck::Failed)
                            }
                        }
                    }
                }
                (Ok(_), None) => match &self.chains[i].first {
                    None => Some(ChainCheck::Unchecked),
                    Some(Err(err)) => {
                        e.read_error = true;
                        problems.push(err.clone());
                        Some(ChainCheck::Failed)
                    }
                    Some(Ok(issuer)) => {
                        if issuer.subject_raw != cert.issuer().as_raw() {
                            problems.push(format!(
                                "chain.pem starts with {}, not the issuer of cert.pem ({})",
                                issuer.subject_text,
                                cert.issuer()
                            ));
                            Some(ChainCheck::Failed)
                        } else if !issuer_signed(issuer, &cert) {
                            problems.push(
                                "the first certificate of chain.pem did not sign cert.pem (the file was altered, or the chain is wrong)"
                                    .into(),
                            );
                            Some(ChainCheck::Failed)
                        } else {
                            Some(ChainCheck::Issuer)
                        }
                    }
                },
            },
        };

        if opts.now < not_before {
            problems.push(format!(
                "not valid before {} (check the system clock)",
                rfc3339(not_before)
            ));
        }
        e.state = if !problems.is_empty() {
            e.detail = Some(problems.join("; "));
            State::Invalid
        } else if not_after <= opts.now {
            State::Expired
        } else if not_after <= opts.now + opts.window {
            State::Expiring
        } else {
            State::Ok
        };
        e
    }
}

/// Keeps the rows that need attention within the window: `expiring`, `expired`, and `invalid`
/// (a broken certificate is always shown).
pub fn only_expiring(entries: Vec<Entry>) -> Vec<Entry> {
    entries
        .into_iter()
        .filter(|e| matches!(e.state, State::Expiring | State::Expired | State::Invalid))
        .collect()
}

/// The exit code of a set of rows: the worst state's.
pub fn exit_code(entries: &[Entry]) -> u8 {
    entries
        .iter()
        .map(|e| {
            let c = e.state.exit_code();
            // A target the DMP software reads was not updated: at least a warning.
            if e.target_errors.is_empty() {
                c
            } else {
                c.max(exit::WARNING)
            }
        })
        .max()
        .unwrap_or(exit::OK)
}

/// How many rows are in each state.
pub fn counts(entries: &[Entry]) -> BTreeMap<State, usize> {
    let mut m = BTreeMap::new();
    for e in entries {
        *m.entry(e.state).or_insert(0) += 1;
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_down() {
        let now = OffsetDateTime::from_unix_timestamp(1_000_000).unwrap();
        assert_eq!(days_until(now + Duration::hours(47), now), 1);
        assert_eq!(days_until(now + Duration::hours(48), now), 2);
        assert_eq!(days_until(now - Duration::hours(1), now), -1);
        assert_eq!(days_until(now, now), 0);
    }

    #[test]
    fn label_escaping() {
        assert_eq!(escape_label(r#"a\b"c"#), r#"a\\b\"c"#);
        assert_eq!(escape_label("x\ny"), "x\\ny");
        assert_eq!(escape_label("L'ÉGLISE"), "L'ÉGLISE");
    }

    #[test]
    fn pem_blocks_like_the_pem_crate() {
        let a = crate::certificate::cert_pem(b"\x30\x03\x02\x01\x01");
        let b = crate::certificate::cert_pem(&[7u8; 300]);
        let text =
            format!("junk\n{a}-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{b}");
        let got = pem_blocks(text.as_bytes(), "CERTIFICATE").unwrap();
        let want: Vec<Vec<u8>> = ::pem::parse_many(text.as_bytes())
            .unwrap()
            .into_iter()
            .filter(|p| p.tag() == "CERTIFICATE")
            .map(|p| p.into_contents())
            .collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), 2);
        assert_eq!(
            pem_blocks(text.as_bytes(), "PRIVATE KEY").unwrap(),
            vec![vec![0u8; 3]]
        );
        assert!(pem_blocks(
            b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
            "CERTIFICATE"
        )
        .is_err());
        assert!(pem_blocks(b"-----BEGIN CERTIFICATE-----\nAAAA\n", "CERTIFICATE").is_err());
        assert!(pem_blocks(b"nothing", "CERTIFICATE").unwrap().is_empty());
        // CRLF line ends and blanks inside a line (hand edits) are accepted.
        let edited = a.replace('\n', "\r\n").replacen("MA", "M A", 1);
        assert_eq!(
            pem_blocks(edited.as_bytes(), "CERTIFICATE").unwrap(),
            vec![vec![0x30, 3, 2, 1, 1]]
        );
    }

    #[test]
    fn file_names_match_the_store() {
        assert_eq!(c"cert.pem".to_str(), Ok(files::CERT));
        assert_eq!(c"chain.pem".to_str(), Ok(files::CHAIN));
        assert_eq!(c"privkey.pem".to_str(), Ok(files::KEY));
        assert_eq!(c"key.uri".to_str(), Ok(files::KEY_URI));
    }

    #[test]
    fn percent_left_is_clamped_and_rounded() {
        let nb = OffsetDateTime::from_unix_timestamp(1_000_000).unwrap();
        let na = nb + Duration::days(1095);
        assert_eq!(percent_left(nb, na, nb), 100.0);
        assert_eq!(percent_left(nb, na, nb - Duration::days(1)), 100.0);
        assert_eq!(percent_left(nb, na, na), 0.0);
        assert_eq!(percent_left(nb, na, na + Duration::days(3)), 0.0);
        assert_eq!(percent_left(nb, na, na - Duration::days(95)), 8.68);
        assert_eq!(percent_left(nb, nb, nb), 0.0);
    }

    #[test]
    fn windows() {
        assert_eq!(parse_window("30d").unwrap(), Duration::days(30));
        assert_eq!(parse_window("2w").unwrap(), Duration::days(14));
        assert!(parse_window("soon").is_err());
    }

    #[test]
    fn exit_is_the_worst_state() {
        let e = |state| Entry::new("1", Usage::AuthCli, state, PathBuf::new());
        assert_eq!(exit_code(&[]), 0);
        assert_eq!(exit_code(&[e(State::Ok), e(State::Pending)]), 0);
        assert_eq!(exit_code(&[e(State::Ok), e(State::Missing)]), 1);
        assert_eq!(exit_code(&[e(State::Expiring), e(State::Ok)]), 1);
        assert_eq!(exit_code(&[e(State::Expiring), e(State::Expired)]), 2);
        assert_eq!(exit_code(&[e(State::Invalid)]), 2);
    }

    #[test]
    fn pkcs8_public_part_matches_aws_lc() {
        use crate::keys::software::SoftwareKey;
        use crate::keys::{AgentKey, KeyAlgorithm};
        for alg in [KeyAlgorithm::Rsa2048, KeyAlgorithm::P256] {
            let k = SoftwareKey::generate(alg).unwrap();
            let pem = k.to_pkcs8_pem();
            let der = pem_blocks(pem.as_bytes(), "PRIVATE KEY").unwrap().remove(0);
            assert!(pkcs8_public(&der).is_some());
            let spki_der = AgentKey::public_key_spki(&k).to_vec();
            let (_, spki) = SubjectPublicKeyInfo::from_der(&spki_der).unwrap();
            assert!(key_matches(pem.as_bytes(), &spki).unwrap(), "{alg:?}");
            let other = SoftwareKey::generate(alg).unwrap();
            assert!(
                !key_matches(other.to_pkcs8_pem().as_bytes(), &spki).unwrap(),
                "{alg:?}"
            );
        }
    }
}
