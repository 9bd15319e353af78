//! What is installed, read back: a live pair re-exported as a PKCS#12 bundle (`agent export`),
//! a slot switched back to its previous version (`agent rollback`), the list of live versions
//! (`agent list`).

use std::path::{Path, PathBuf};

use secrecy::SecretString;
use serde::Serialize;

use crate::certificate::CertSummary;
use crate::csr::Usage;
use crate::error::{Error, Result};
use crate::ids::StructureId;
use crate::store::p12::{self, PassphraseStore};
use crate::store::{files, Store, StoreError, VersionMeta};
use crate::tr;

/// The passphrase of an exported bundle.
pub enum ExportPassphrase {
    /// Given by the caller.
    Given(SecretString),
    /// The store's passphrase of the slot, kept as the store keeps it.
    Store(PassphraseStore),
}

impl ExportPassphrase {
    /// The passphrase of a run: read from `file` when given, else the store's
    /// (`[store] p12_passphrase`, a file by default).
    pub fn of_run(file: Option<&Path>, config: &crate::config::Config) -> Result<ExportPassphrase> {
        Ok(match file {
            Some(f) => ExportPassphrase::Given(
                crate::pin::SecretSource::File(f.to_path_buf()).read("passphrase", "")?,
            ),
            None => ExportPassphrase::Store(PassphraseStore::parse(
                config.store.p12_passphrase.as_deref().unwrap_or("file"),
            )?),
        })
    }
}

/// A bundle made by [`export_p12`].
pub struct Exported {
    /// The PKCS#12 bundle.
    pub bundle: Vec<u8>,
    /// With [`ExportPassphrase::Store`]: the file that holds the passphrase.
    pub passphrase_file: Option<PathBuf>,
}

impl Exported {
    /// Writes the bundle to `path` (mode 0600).
    pub(crate) fn write(&self, path: &Path) -> Result<()> {
        crate::fsutil::write_atomic(path, &self.bundle, crate::fsutil::SECRET_FILE_MODE)?;
        Ok(())
    }
}

fn read_pems(path: &Path) -> Result<Vec<Vec<u8>>> {
    let t = std::fs::read(path).map_err(|e| Error::io("cannot read", path, e))?;
    Ok(pem::parse_many(t)
        .map_err(|e| Error::InvalidInput(format!("{}: {e}", path.display())))?
        .into_iter()
        .map(|b| b.into_contents())
        .collect())
}

/// The live certificate of a structure's usage and its software key as a PKCS#12 bundle (key,
/// certificate, chain). A key on a token cannot leave it: refused, naming its URI.
pub fn export_p12(
    home: &Path,
    structure: &StructureId,
    usage: Usage,
    passphrase: ExportPassphrase,
    legacy: bool,
) -> Result<Exported> {
    let slot = Store::new(home).slot(&structure.to_string(), usage);
    slot.check_live()?;
    let live = slot.live();
    let key_path = live.join(files::KEY);
    if !key_path.exists() {
        return Err(Error::InvalidInput(tr!(
            "export-key-on-token",
            structure = structure.to_string(),
            usage = usage.name(),
            uri = std::fs::read_to_string(live.join(files::KEY_URI))
                .unwrap_or_default()
                .trim()
        )));
    }
    // The key is read into zeroizing buffers only (not through the pem crate).
    let key = {
        let text = zeroize::Zeroizing::new(
            std::fs::read_to_string(&key_path)
                .map_err(|e| Error::io("cannot read", &key_path, e))?,
        );
        crate::keys::software::pem_decode(&text, crate::keys::software::PKCS8_PEM_LABEL)
            .map_err(|e| Error::InvalidInput(format!("{}: {e}", key_path.display())))?
    };
    let leaf = read_pems(&live.join(files::CERT))?
        .into_iter()
        .next()
        .unwrap_or_default();
    let chain = read_pems(&live.join(files::CHAIN))?;
    let (pass, passphrase_file) = match passphrase {
        ExportPassphrase::Given(p) => (p, None),
        ExportPassphrase::Store(store) => (
            p12::passphrase(
                &slot.dir,
                &format!("{structure}/{}", usage.name().to_lowercase()),
                store,
            )?,
            Some(p12::passphrase_file(&slot.dir)),
        ),
    };
    let bundle = p12::build(
        &key,
        &leaf,
        &chain,
        &crate::store::targets::nss_nickname(&structure.to_string(), usage.name()),
        &pass,
        legacy,
    )?;
    Ok(Exported {
        bundle,
        passphrase_file,
    })
}

/// A rollback done by [`rollback`].
pub struct RolledBack {
    /// The version that was live.
    pub from: u32,
    /// The version live now.
    pub to: u32,
    /// What the live version now holds.
    pub meta: VersionMeta,
    /// Its certificate.
    pub cert: CertSummary,
}

/// Switches a structure's usage back to its previous version, under the store's lock.
pub fn rollback(home: &Path, structure: &StructureId, usage: Usage) -> Result<RolledBack> {
    let store = Store::new(home);
    let lock = store.lock(std::time::Duration::from_secs(60))?;
    let slot = store.slot(&structure.to_string(), usage);
    let (from, to) = slot.rollback(&lock)?;
    let (meta, cert) = slot.check_live()?;
    Ok(RolledBack {
        from,
        to,
        meta,
        cert,
    })
}

/// One live version (`agent list`).
#[derive(Debug, Serialize)]
pub struct ListEntry {
    /// National structure id.
    pub structure: StructureId,
    /// Raison sociale.
    pub raison_sociale: String,
    /// The usage.
    pub usage: Usage,
    /// The live version.
    pub version: Option<u32>,
    /// Every version kept.
    pub versions: Vec<u32>,
    /// Serial number, hex.
    pub serial: String,
    /// End of validity.
    #[serde(with = "::time::serde::rfc3339")]
    pub not_after: ::time::OffsetDateTime,
    /// The live directory.
    pub live: PathBuf,
}

/// The live versions of the store, and the slots whose live version cannot be read.
pub fn list(store: &Store) -> Result<(Vec<ListEntry>, Vec<StoreError>)> {
    let mut out = Vec::new();
    let mut unreadable = Vec::new();
    for slot in store.slots()? {
        match slot.live_meta() {
            Ok(meta) => out.push(ListEntry {
                structure: meta.structure,
                raison_sociale: meta.raison_sociale,
                usage: meta.usage,
                version: slot.live_version(),
                versions: slot.versions()?,
                serial: meta.serial,
                not_after: meta.not_after,
                live: slot.live(),
            }),
            Err(e) => unreadable.push(e),
        }
    }
    Ok((out, unreadable))
}
