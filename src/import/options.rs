//! The options of an import from the configuration and the run's choices.

use std::path::PathBuf;

use crate::certificate::chain::TrustAnchors;
use crate::config::Config;
use crate::error::Result;
use crate::ids::StructureId;
use crate::store::p12::PassphraseStore;
use crate::store::targets::ExportOptions;

use super::ImportOptions;

/// What a run asks of the install targets, over the `[store]` section of the configuration.
#[derive(Debug, Clone, Default)]
pub struct InstallChoices {
    /// Legacy 3DES/SHA-1 PKCS#12 bundles (also `[store] p12_legacy`).
    pub p12_legacy: bool,
    /// An NSS database to import into (else `[store] nss_db`).
    pub nss_db: Option<String>,
    /// A directory to copy the live files into (else `[store] export_dir`).
    pub export_dir: Option<PathBuf>,
    /// Owner of the exported files (else `[store] export_owner`).
    pub export_owner: Option<String>,
    /// Group of the exported files (else `[store] export_group`).
    pub export_group: Option<String>,
    /// Mode of the exported files (else `[store] export_mode`).
    pub export_mode: Option<String>,
}

impl ImportOptions {
    /// The options of an import in this run: the choices given, then the configuration; checks
    /// made now (`adopt`, `key_file` and `usage` unset).
    pub fn for_run(
        config: &Config,
        structure: Option<StructureId>,
        anchors: TrustAnchors,
        install: &InstallChoices,
        pkcs11_module: Option<PathBuf>,
    ) -> Result<ImportOptions> {
        let store = &config.store;
        Ok(ImportOptions {
            structure,
            anchors,
            p12_legacy: install.p12_legacy || store.p12_legacy.unwrap_or(false),
            passphrase_store: PassphraseStore::parse(
                store.p12_passphrase.as_deref().unwrap_or("file"),
            )?,
            nss_db: install.nss_db.clone().or_else(|| store.nss_db.clone()),
            export_dir: install
                .export_dir
                .clone()
                .or_else(|| store.export_dir.clone())
                .map(|dir| {
                    ExportOptions::parse(
                        dir,
                        install
                            .export_owner
                            .as_deref()
                            .or(store.export_owner.as_deref()),
                        install
                            .export_group
                            .as_deref()
                            .or(store.export_group.as_deref()),
                        install
                            .export_mode
                            .as_deref()
                            .or(store.export_mode.as_deref()),
                    )
                })
                .transpose()?,
            now: ::time::OffsetDateTime::now_utc(),
            pkcs11_module,
            adopt: false,
            key_file: None,
            usage: None,
            allow_test_ids: config.annuaire.allow_test_ids.unwrap_or(false),
            key_store_pin_file: config.key_store.pin_file.clone(),
        })
    }
}
