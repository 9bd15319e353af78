//! The pending area: what was ordered for a structure and not installed yet.
//!
//! ```text
//! <home>/pending/                       0700
//!   <national structure id>/            0700, one order per structure
//!     order.json                        what was ordered (see PendingOrder)
//!     auth_cli.key.pem  sign.key.pem    software keys: PKCS#8, 0600 (absent for a PKCS#11 key store)
//!     auth_cli.csr.pem  sign.csr.pem    the requests, 0644
//!   .replaced/<id>-<created_at>/        orders replaced by `agent csr --replace` (kept, never deleted)
//! ```
//!
//! An order is written in a staging directory next to its final place ([`Staging`]) and renamed into
//! place only once every key, request and `order.json` is on disk: a failed run leaves nothing
//! behind, and a reader sees a whole order or none. The later steps (import, enrollment) read an
//! order with [`PendingOrder::load`] / [`PendingOrder::list`] and match an issued certificate to its
//! key by public key ([`PendingOrder::find_by_spki`]).

use crate::i18n::Localize;
use crate::tr;
use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::card::uri::Pkcs11Uri;
use crate::csr::Usage;
use crate::fsutil::IoError;

/// The pending area's result type.
pub type Result<T, E = PendingError> = std::result::Result<T, E>;

fn io(
    action: &'static str,
    path: impl Into<std::path::PathBuf>,
    e: std::io::Error,
) -> PendingError {
    PendingError::Io(IoError::new(action, path, e))
}
use crate::fsutil::{ensure_private_dir, sync_dir, write_atomic, PUBLIC_FILE_MODE};
use crate::ids::StructureId;
use crate::keys::{spki_sha256, KeyAlgorithm, KeyLocation};

/// The name of the order description file.
pub const ORDER_FILE: &str = "order.json";
/// The format version written in `order.json`.
pub const ORDER_FORMAT: u32 = 1;
/// The `key_store` value of an order whose keys are software files.
pub const SOFTWARE_KEY_STORE: &str = "software";

/// Pending-area errors. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum PendingError {
    /// No order for that structure.
    #[error("no pending order for structure {structure} in {}: run `agent csr` for it first", dir.display())]
    NotFound {
        /// The structure.
        structure: String,
        /// Where it was looked for.
        dir: PathBuf,
    },
    /// An order already exists and `--replace` was not given.
    #[error("a pending order for structure {structure} already exists ({}, created {created_at}, usages {usages}); its keys are needed to install the certificates issued for it. Install them first, or run again with --replace to set it aside (it is kept under pending/.replaced/) and start a new order", dir.display())]
    Exists {
        /// The structure.
        structure: String,
        /// The order's directory.
        dir: PathBuf,
        /// When it was created.
        created_at: String,
        /// Its usages.
        usages: String,
    },
    /// `order.json` cannot be read.
    #[error("the pending order {} is damaged: {reason}; move it aside and run `agent csr` again", path.display())]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A file or directory of the pending area could not be read or written.
    #[error(transparent)]
    Io(#[from] IoError),
    /// The order could not be encoded.
    #[error("{0}")]
    Encode(String),
}

impl Localize for PendingError {
    fn localize(&self) -> String {
        match self {
            PendingError::NotFound { structure, dir } => {
                tr!("err-pending-not-found", structure = structure, dir = dir)
            }
            PendingError::Exists {
                structure,
                dir,
                created_at,
                usages,
            } => tr!(
                "err-pending-exists",
                structure = structure,
                dir = dir,
                created = created_at,
                usages = usages
            ),
            PendingError::Corrupt { path, reason } => {
                tr!("err-pending-corrupt", path = path, reason = reason)
            }
            PendingError::Io(e) => e.localize(),
            // Built with the library's English text.
            PendingError::Encode(m) => m.clone(),
        }
    }
}

/// One usage of an order: its key and request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingUsage {
    /// The usage.
    pub usage: Usage,
    /// The product to order on the portal (`ORG AUTH_CLI`).
    pub product: String,
    /// The service applicatif (the CN).
    pub service: String,
    /// The request's subject line.
    pub subject: String,
    /// The key algorithm.
    pub key_algorithm: KeyAlgorithm,
    /// The key: a file name in the order's directory, or the `pkcs11:` URI of the private key.
    pub key: String,
    /// The request's file name in the order's directory.
    pub csr: String,
    /// The public key, SubjectPublicKeyInfo DER in base64.
    pub public_key_spki: String,
    /// SHA-256 of the SubjectPublicKeyInfo DER, hex.
    pub public_key_sha256: String,
    #[serde(skip)]
    spki_der: Vec<u8>,
}

impl PendingUsage {
    /// Describes a usage of a new order.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        usage: Usage,
        service: String,
        subject: String,
        key_algorithm: KeyAlgorithm,
        key: &KeyLocation,
        csr_file: String,
        spki: &[u8],
    ) -> PendingUsage {
        let key = match key {
            KeyLocation::File(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            other => other.to_string(),
        };
        PendingUsage {
            usage,
            product: usage.profile().product.to_string(),
            service,
            subject,
            key_algorithm,
            key,
            csr: csr_file,
            public_key_spki: base64::engine::general_purpose::STANDARD.encode(spki),
            public_key_sha256: spki_sha256(spki),
            spki_der: spki.to_vec(),
        }
    }

    /// The public key, SubjectPublicKeyInfo DER.
    pub fn public_key_spki(&self) -> &[u8] {
        &self.spki_der
    }

    /// Whether the key is on a PKCS#11 token.
    pub fn key_on_token(&self) -> bool {
        self.key.starts_with("pkcs11:")
    }
}

/// What was ordered for one structure (`order.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingOrder {
    /// Format version ([`ORDER_FORMAT`]).
    pub format: u32,
    /// The national structure id (type digit + identifier), as in the requests' OU (test
    /// identifiers accepted when read back: the agent wrote it).
    #[serde(deserialize_with = "StructureId::deserialize_written")]
    pub structure: StructureId,
    /// The raison sociale (O).
    pub raison_sociale: String,
    /// The département code (ST), if the requests carry one.
    pub dept: Option<String>,
    /// `software`, or the `pkcs11:` URI of the token holding the keys.
    pub key_store: String,
    /// When the order was prepared.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// One entry per usage.
    pub usages: Vec<PendingUsage>,
    #[serde(skip)]
    dir: PathBuf,
}

/// `<home>/pending`.
pub fn pending_root(home: &Path) -> PathBuf {
    home.join("pending")
}

impl PendingOrder {
    /// A new order description (not written yet).
    pub fn new(
        structure: &StructureId,
        raison_sociale: String,
        dept: Option<String>,
        key_store: String,
        usages: Vec<PendingUsage>,
    ) -> PendingOrder {
        PendingOrder {
            format: ORDER_FORMAT,
            structure: structure.clone(),
            raison_sociale,
            dept,
            key_store,
            created_at: OffsetDateTime::now_utc()
                .replace_nanosecond(0)
                .unwrap_or_else(|_| OffsetDateTime::now_utc()),
            usages,
            dir: PathBuf::new(),
        }
    }

    /// `<home>/pending/<structure>`.
    pub fn dir_for(home: &Path, structure: &StructureId) -> PathBuf {
        pending_root(home).join(structure.to_string())
    }

    /// Loads the order of `structure`.
    pub fn load(home: &Path, structure: &StructureId) -> Result<PendingOrder> {
        let dir = Self::dir_for(home, structure);
        if !dir.join(ORDER_FILE).exists() {
            return Err(PendingError::NotFound {
                structure: structure.to_string(),
                dir,
            });
        }
        Self::load_dir(&dir)
    }

    /// Loads the order in `dir`.
    pub fn load_dir(dir: &Path) -> Result<PendingOrder> {
        let path = dir.join(ORDER_FILE);
        let text = fs::read_to_string(&path).map_err(|e| io("cannot read", &path, e))?;
        Self::from_json(&text, dir)
    }

    /// Parses and checks the text of an `order.json` found in `dir` (named in messages).
    pub fn from_json(text: &str, dir: &Path) -> Result<PendingOrder> {
        let path = dir.join(ORDER_FILE);
        let corrupt = |reason: String| PendingError::Corrupt {
            path: path.clone(),
            reason,
        };
        let mut order: PendingOrder =
            serde_json::from_str(text).map_err(|e| corrupt(e.to_string()))?;
        if order.format != ORDER_FORMAT {
            return Err(corrupt(format!(
                "format {} (this agent reads format {ORDER_FORMAT})",
                order.format
            )));
        }
        for u in &mut order.usages {
            u.spki_der = base64::engine::general_purpose::STANDARD
                .decode(&u.public_key_spki)
                .map_err(|e| corrupt(format!("{}: public_key_spki: {e}", u.usage)))?;
            if spki_sha256(&u.spki_der) != u.public_key_sha256 {
                return Err(corrupt(format!(
                    "{}: public_key_sha256 does not match public_key_spki",
                    u.usage
                )));
            }
        }
        order.dir = dir.to_path_buf();
        Ok(order)
    }

    /// Every pending order under `home`, by structure id. Set-aside orders (`.replaced`) and
    /// staging directories are skipped.
    pub fn list(home: &Path) -> Result<Vec<PendingOrder>> {
        let root = pending_root(home);
        let entries = match fs::read_dir(&root) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(io("cannot read", &root, e)),
        };
        let mut out = Vec::new();
        for e in entries {
            let e = e.map_err(|err| io("cannot read", &root, err))?;
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !e.path().join(ORDER_FILE).is_file() {
                continue;
            }
            out.push(Self::load_dir(&e.path())?);
        }
        out.sort_by_cached_key(|o| o.structure.to_string());
        Ok(out)
    }

    /// The order's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The national structure id (always `Some`: kept for callers of the text-typed order).
    pub fn structure_id(&self) -> Option<StructureId> {
        Some(self.structure.clone())
    }

    /// The key store token's URI, when the keys are on a token.
    pub fn key_store_uri(&self) -> Option<Pkcs11Uri> {
        Pkcs11Uri::parse(&self.key_store).ok()
    }

    /// The entry of a usage.
    pub fn usage(&self, usage: Usage) -> Option<&PendingUsage> {
        self.usages.iter().find(|u| u.usage == usage)
    }

    /// The entry whose public key is `spki` (SubjectPublicKeyInfo DER): how an issued certificate
    /// finds its key.
    pub fn find_by_spki(&self, spki: &[u8]) -> Option<&PendingUsage> {
        self.usages.iter().find(|u| u.spki_der == spki)
    }

    /// Where the key of a usage lives.
    pub fn key_location(&self, usage: &PendingUsage) -> KeyLocation {
        if usage.key_on_token() {
            match Pkcs11Uri::parse(&usage.key) {
                Ok(u) => KeyLocation::Pkcs11(u),
                Err(_) => KeyLocation::File(self.dir.join(&usage.key)),
            }
        } else {
            KeyLocation::File(self.dir.join(&usage.key))
        }
    }

    /// The path of a usage's request.
    pub fn csr_path(&self, usage: &PendingUsage) -> PathBuf {
        self.dir.join(&usage.csr)
    }
}

/// Fails with [`PendingError::Exists`] if `structure` has a pending order (unless `replace`).
pub fn check_no_order(home: &Path, structure: &StructureId, replace: bool) -> Result<()> {
    let dir = PendingOrder::dir_for(home, structure);
    if replace || !dir.exists() {
        return Ok(());
    }
    let (created_at, usages) = match PendingOrder::load_dir(&dir) {
        Ok(o) => (
            o.created_at
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
            o.usages
                .iter()
                .map(|u| u.usage.name())
                .collect::<Vec<_>>()
                .join(","),
        ),
        Err(_) => ("unknown (order.json unreadable)".into(), "unknown".into()),
    };
    Err(PendingError::Exists {
        structure: structure.to_string(),
        dir,
        created_at,
        usages,
    })
}

/// An order being written: a private directory next to its final place, removed if dropped before
/// [`Staging::commit`].
#[derive(Debug)]
pub struct Staging {
    dir: tempfile::TempDir,
    final_dir: PathBuf,
    /// Removes the directory on SIGINT/SIGTERM (a `TempDir` is not dropped then).
    _interrupt: crate::interrupt::CleanupGuard,
}

impl Staging {
    /// Creates `<home>/pending` (0700) and a staging directory in it for `structure`.
    pub fn new(home: &Path, structure: &StructureId) -> Result<Staging> {
        let root = pending_root(home);
        ensure_private_dir(&root)?;
        // What a killed run left (SIGKILL, power loss): old staging areas of any structure.
        crate::interrupt::remove_stale(&root, ".staging-");
        let dir = tempfile::Builder::new()
            .prefix(&format!(".staging-{structure}-"))
            .tempdir_in(&root)
            .map_err(|e| io("cannot create a directory in", &root, e))?;
        ensure_private_dir(dir.path())?;
        let guard = crate::interrupt::remove_on_interrupt(dir.path());
        Ok(Staging {
            dir,
            final_dir: PendingOrder::dir_for(home, structure),
            _interrupt: guard,
        })
    }

    /// The staging directory (write keys and requests here).
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Where the order will be once committed.
    pub fn final_dir(&self) -> &Path {
        &self.final_dir
    }

    /// Writes a request (`<usage>.csr.pem`, 0644) and returns its file name.
    pub fn write_csr(&self, usage: Usage, pem: &str) -> Result<String> {
        let name = csr_file_name(usage);
        write_atomic(
            &self.dir.path().join(&name),
            pem.as_bytes(),
            PUBLIC_FILE_MODE,
        )?;
        Ok(name)
    }

    /// Writes `order.json`, sets aside an existing order if `replace`, and renames the staging
    /// directory into place. Returns the order as loaded from its final place.
    pub fn commit(self, order: &PendingOrder, replace: bool) -> Result<PendingOrder> {
        let json = serde_json::to_vec_pretty(order)
            .map_err(|e| PendingError::Encode(format!("cannot encode order.json: {e}")))?;
        write_atomic(&self.dir.path().join(ORDER_FILE), &json, PUBLIC_FILE_MODE)?;
        let root = self
            .final_dir
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut set_aside: Option<PathBuf> = None;
        if self.final_dir.exists() {
            if !replace {
                return Err(io(
                    "another run created",
                    &self.final_dir,
                    std::io::Error::from(std::io::ErrorKind::AlreadyExists),
                ));
            }
            let archive = root.join(".replaced");
            ensure_private_dir(&archive)?;
            let stamp = PendingOrder::load_dir(&self.final_dir)
                .map(|o| o.created_at)
                .unwrap_or_else(|_| OffsetDateTime::now_utc());
            let name = format!(
                "{}-{:04}{:02}{:02}T{:02}{:02}{:02}Z",
                order.structure,
                stamp.year(),
                stamp.month() as u8,
                stamp.day(),
                stamp.hour(),
                stamp.minute(),
                stamp.second()
            );
            let mut target = archive.join(&name);
            let mut n = 1;
            while target.exists() {
                target = archive.join(format!("{name}.{n}"));
                n += 1;
            }
            fs::rename(&self.final_dir, &target)
                .map_err(|e| io("cannot set aside", &self.final_dir, e))?;
            set_aside = Some(target);
        }
        let staged = self.dir.keep();
        if let Err(e) = fs::rename(&staged, &self.final_dir) {
            // Put everything back as it was.
            if let Some(old) = &set_aside {
                let _ = fs::rename(old, &self.final_dir);
            }
            let _ = fs::remove_dir_all(&staged);
            return Err(io("cannot move the new order into", &self.final_dir, e));
        }
        sync_dir(&root)?;
        PendingOrder::load_dir(&self.final_dir)
    }
}

/// `<usage>.csr.pem`.
pub fn csr_file_name(usage: Usage) -> String {
    format!("{}.csr.pem", usage.name())
}

/// `<usage>.key.pem`.
pub fn key_file_name(usage: Usage) -> String {
    format!("{}.key.pem", usage.name())
}
