//! `agent import`: check what the platform issued against what was ordered, then install it.
//!
//! Every delivered certificate is checked before anything is written: its public key matches a
//! pending key (or the key of its PKCS#12), CN is the service applicatif of that usage, OU the
//! structure's national id, keyUsage and extendedKeyUsage fit the usage, the chain verifies up to a
//! trust anchor, and it is valid now. A run installs all of its certificates or none.

pub mod check;
pub mod export;
mod options;
pub(crate) mod report;

pub use options::InstallChoices;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use ::time::OffsetDateTime;
use secrecy::SecretString;
use serde::Serialize;
use zeroize::Zeroizing;

use crate::certificate::chain::{self, RequiredEku, TrustAnchors};
use crate::certificate::formats::{read_delivery, Delivery, Format};
use crate::certificate::{CertError, CertSummary, CheckReason};
use crate::csr::Usage;
use crate::error::Result;
use crate::ids::StructureId;
use crate::keys::AgentKey;
use crate::pending::PendingOrder;
use crate::profile::{self, ServiceCheck};
use crate::store::p12::{self, PassphraseStore};
use crate::store::{files, targets, KeyMaterial, Store, VersionContent, VersionMeta};

mod warning;
pub use warning::CertWarning;

/// How far ahead of the local clock a certificate's start may be (platform and host clocks differ).
pub const CLOCK_SKEW: ::time::Duration = ::time::Duration::minutes(5);

/// Options of an import.
pub struct ImportOptions {
    /// Only accept certificates for this structure.
    pub structure: Option<StructureId>,
    /// Trust anchors.
    pub anchors: TrustAnchors,
    /// Write legacy (3DES/SHA-1) PKCS#12 bundles.
    pub p12_legacy: bool,
    /// Where the PKCS#12 passphrase is kept.
    pub passphrase_store: PassphraseStore,
    /// NSS database to import into.
    pub nss_db: Option<String>,
    /// Plain directory to copy the live files into, with the owner and mode of its files.
    pub export_dir: Option<targets::ExportOptions>,
    /// The time checks are made at.
    pub now: OffsetDateTime,
    /// PKCS#11 module for key store tokens (when the URI names none).
    pub pkcs11_module: Option<PathBuf>,
    /// Bring existing certificates under management (`--adopt`): a key not made by this agent (in
    /// the PKCS#12, or [`ImportOptions::key_file`]) and a CN that is not the procedure's service
    /// applicatif (a warning) are accepted; chain, validity and usage checks still apply.
    pub adopt: bool,
    /// The private key (PKCS#8 PEM) of a certificate delivered without it (`--key FILE`).
    pub key_file: Option<PathBuf>,
    /// The usage the certificates are offered for (`--usage`): each leaf's keyUsage and
    /// extendedKeyUsage must say it.
    pub usage: Option<Usage>,
    /// Accept test-platform identifiers in the OU (`--allow-test-ids`), with a warning.
    pub allow_test_ids: bool,
    /// PIN file of key store tokens (`[key_store] pin_file`), for a key URI without
    /// `pin-source`. The card's PIN source is never used for a key store token.
    pub key_store_pin_file: Option<PathBuf>,
}

/// One certificate installed (or found already installed).
#[derive(Debug, Clone, Serialize)]
pub struct Installed {
    /// National structure id.
    pub structure: String,
    /// Raison sociale.
    pub raison_sociale: String,
    /// Usage.
    pub usage: Usage,
    /// The certificate's CN (the service applicatif it carries).
    pub cn: Option<String>,
    /// Serial, hex.
    pub serial: String,
    /// Expiry.
    #[serde(with = "::time::serde::rfc3339")]
    pub not_after: OffsetDateTime,
    /// Store version number.
    pub version: u32,
    /// The live directory.
    pub live: PathBuf,
    /// False when this exact certificate was already live.
    pub changed: bool,
    /// Warnings (validity not close to 3 years…).
    pub warnings: Vec<CertWarning>,
    /// Install targets (NSS database, export directory) that could not be written: the store
    /// holds the new certificate, the DMP software may still read the old one (exit 4).
    #[serde(serialize_with = "warning::texts")]
    pub target_errors: Vec<targets::TargetFailure>,
}

/// A checked certificate, ready to install.
struct Plan {
    structure: String,
    raison_sociale: String,
    usage: Usage,
    summary: CertSummary,
    leaf: Vec<u8>,
    chain: Vec<Vec<u8>>,
    key: KeyMaterial,
    /// The pending order and key file to retire after install.
    pending: Option<(PathBuf, Option<PathBuf>)>,
    warnings: Vec<CertWarning>,
    sources: Vec<String>,
    /// What the order asked for (département, key algorithm, service), for `meta.json`.
    params: OrderParams,
}

/// A key delivered with its certificate: PKCS#8 DER, its SubjectPublicKeyInfo, the file it came
/// from, its algorithm.
type P12Key = (
    Zeroizing<Vec<u8>>,
    Vec<u8>,
    String,
    crate::keys::KeyAlgorithm,
);

/// The renewal parameters recorded in `meta.json`.
#[derive(Debug, Clone, Default)]
struct OrderParams {
    dept: Option<String>,
    key_algorithm: Option<crate::keys::KeyAlgorithm>,
    service: Option<String>,
}

/// Checks a leaf against the ORG profile of `usage` for `structure`: CN (the service applicatif:
/// `expected_service`, else the procedure's; with `adopt` another name is a warning, an INSi name
/// always refused), OU, C, keyUsage and extendedKeyUsage ([`profile::check_usage`]), dates and the
/// validity's length ([`profile::check_validity`]). Returns the warnings.
pub fn check_profile(
    s: &CertSummary,
    usage: Usage,
    structure: &str,
    expected_service: Option<&str>,
    adopt: bool,
    now: OffsetDateTime,
) -> Result<Vec<CertWarning>, CertError> {
    let mut warnings = Vec::new();
    match profile::check_cn(usage, s.cn.as_deref(), expected_service) {
        ServiceCheck::Mandatory => {}
        ServiceCheck::Insi(m) => return Err(s.fail(CheckReason::Insi(m))),
        ServiceCheck::Other(m) if adopt => warnings.push(CertWarning::Adopted {
            serial: s.serial.clone(),
            reason: m,
        }),
        ServiceCheck::Other(m) => return Err(s.fail(CheckReason::ServiceNeedsAdopt(m))),
    }
    if s.ou.as_deref() != Some(structure) {
        return Err(s.fail(CheckReason::IssuedForStructure {
            ou: s.ou.clone().unwrap_or_default(),
            structure: structure.to_string(),
        }));
    }
    if s.c.as_deref() != Some("FR") {
        return Err(s.fail(CheckReason::NotFr));
    }
    let fit = profile::check_usage(usage, &s.usages());
    if let Some(p) = fit.first_problem() {
        return Err(s.fail(p.clone()));
    }
    warnings.extend(fit.warnings.into_iter().map(|reason| CertWarning::Usage {
        serial: s.serial.clone(),
        reason,
    }));
    if now < s.not_before {
        return Err(s.fail(CheckReason::NotYetValid { from: s.not_before }));
    }
    if now > s.not_after {
        return Err(s.fail(CheckReason::Expired { on: s.not_after }));
    }
    if let Some(w) = profile::check_validity(s.not_before, s.not_after) {
        warnings.push(CertWarning::Validity {
            serial: s.serial.clone(),
            reason: w,
        });
    }
    Ok(warnings)
}

/// The usage of a leaf whose key came with it (PKCS#12 or `--key`): what its keyUsage and
/// extendedKeyUsage say, which must be the `offered` one when given.
fn leaf_usage(s: &CertSummary, offered: Option<Usage>) -> Result<Usage, CertError> {
    let found = s.usage();
    match (found, offered) {
        (Some(u), None) => Ok(u),
        (Some(u), Some(o)) if u == o => Ok(u),
        (Some(u), Some(o)) => Err(s.fail(CheckReason::OtherUsage {
            found: u,
            exts: s.usages(),
            offered: o,
        })),
        (None, _) => Err(s.fail(CheckReason::NoUsage { exts: s.usages() })),
    }
}

/// The structure id in a leaf's OU, parsed (test-platform ids only with `allow_test_ids`).
fn leaf_structure(
    s: &CertSummary,
    allow_test_ids: bool,
    warnings: &mut Vec<CertWarning>,
) -> Result<String, CertError> {
    let ou = s.ou.as_deref().ok_or_else(|| s.fail(CheckReason::NoOu))?;
    let parsed = StructureId::parse_with(ou, crate::ids::ParseMode::allow_test_ids(allow_test_ids))
        .map_err(|e| {
            s.fail(CheckReason::BadOu {
                reason: e,
                test_ids_off: !allow_test_ids,
            })
        })?;
    if let Some(warning) = parsed.warning {
        warnings.push(CertWarning::TestIdentifier {
            serial: s.serial.clone(),
            ou: ou.to_string(),
            warning,
        });
    }
    Ok(parsed.value.to_string())
}

fn required_eku(usage: Usage) -> RequiredEku {
    match usage {
        Usage::AuthCli => RequiredEku::ClientAuth,
        Usage::Sign => RequiredEku::EmailProtection,
        _ => RequiredEku::None,
    }
}

/// Reads, checks and installs the delivered files. Nothing is installed unless every certificate
/// passes.
pub fn import(
    home: &Path,
    files_in: &[PathBuf],
    opts: &ImportOptions,
    p12_password: &mut dyn FnMut() -> Result<SecretString>,
) -> Result<Vec<Installed>> {
    let mut deliveries = Vec::new();
    for f in files_in {
        deliveries.push((f.display().to_string(), read_delivery(f, p12_password)?));
    }
    if let Some(k) = &opts.key_file {
        let key = crate::keys::software::SoftwareKey::load(k)?;
        deliveries.push((
            k.display().to_string(),
            Delivery {
                format: Format::Pem,
                certs: Vec::new(),
                key: Some(pkcs8_der_of(&key)?),
            },
        ));
    }
    install_deliveries(home, deliveries, opts)
}

/// Checks and installs certificates already read (from files, or from the platform's answer):
/// `(source name, delivery)` pairs. Nothing is installed unless every certificate passes.
pub fn install_deliveries(
    home: &Path,
    deliveries: Vec<(String, Delivery)>,
    opts: &ImportOptions,
) -> Result<Vec<Installed>> {
    // 1. Gather certificates and PKCS#12 keys.
    let mut pool: Vec<Vec<u8>> = Vec::new();
    let mut p12_keys: Vec<P12Key> = Vec::new();
    let sources: Vec<String> = deliveries.iter().map(|(n, _)| n.clone()).collect();
    for (name, d) in deliveries {
        if let Some(k) = d.key {
            let key =
                crate::keys::software::SoftwareKey::from_pkcs8_der(k.clone()).map_err(|e| {
                    CertError::UnknownFormat {
                        file: name.clone(),
                        reason: format!("its private key cannot be read: {e}"),
                    }
                })?;
            let spki = key.public_key_spki().to_vec();
            p12_keys.push((k, spki, name.clone(), key.algorithm()));
        }
        for c in d.certs {
            if !pool.contains(&c) {
                pool.push(c);
            }
        }
    }
    let summaries: Vec<CertSummary> = pool
        .iter()
        .map(|d| CertSummary::parse(d, "a delivered certificate"))
        .collect::<Result<_, _>>()?;
    let leaves: Vec<usize> = (0..pool.len()).filter(|i| !summaries[*i].is_ca).collect();
    if leaves.is_empty() {
        return Err(crate::Error::InvalidInput(
            "the files hold no end-entity certificate (only CA certificates): import the ORG certificate itself".into(),
        ));
    }
    let intermediates: Vec<Vec<u8>> = (0..pool.len())
        .filter(|i| summaries[*i].is_ca)
        .map(|i| pool[i].clone())
        .collect();
    let orders = PendingOrder::list(home)?;
    let store = Store::new(home);

    // 2. Check every leaf.
    let mut plans = Vec::new();
    let mut unchanged = Vec::new();
    let mut seen_slots = BTreeSet::new();
    for i in leaves {
        let s = &summaries[i];
        let leaf = pool[i].clone();
        // Already the live certificate of its slot: a repeat, nothing to do, whatever else of
        // its order is still pending (the pending key of this usage is gone since it was
        // installed).
        if let Some(done) = already_live(&store, s)? {
            if let Some(wanted) = &opts.structure {
                if done.structure != wanted.to_string() {
                    return Err(s
                        .fail(CheckReason::OtherStructure {
                            found: done.structure.clone(),
                            wanted: wanted.to_string(),
                        })
                        .into());
                }
            }
            unchanged.push(done);
            continue;
        }
        let mut id_warnings = Vec::new();
        let (structure, raison_sociale, usage, key, pending, service, params) =
            if let Some((k, _, _, alg)) = p12_keys.iter().find(|(_, spki, _, _)| *spki == s.spki) {
                let usage = leaf_usage(s, opts.usage)?;
                let structure = leaf_structure(s, opts.allow_test_ids, &mut id_warnings)?;
                // Not ordered here: the certificate says the département, the key its algorithm.
                let params = OrderParams {
                    dept: s.st.as_deref().and_then(crate::departement::dept_from_st),
                    key_algorithm: Some(*alg),
                    service: None,
                };
                (
                    structure,
                    s.o.clone().unwrap_or_default(),
                    usage,
                    KeyMaterial::Software(k.clone()),
                    None,
                    None,
                    params,
                )
            } else {
                let candidates: Vec<&PendingOrder> = orders
                    .iter()
                    .filter(|o| opts.structure.as_ref().is_none_or(|id| o.structure == *id))
                    .collect();
                let found = candidates
                    .iter()
                    .find_map(|o| o.find_by_spki(&s.spki).map(|u| (*o, u)));
                let Some((order, pu)) = found else {
                    let other = orders
                        .iter()
                        .find_map(|o| o.find_by_spki(&s.spki).map(|_| o.structure.to_string()));
                    return Err(match (other, &opts.structure) {
                        (Some(other), Some(wanted)) => {
                            s.fail(CheckReason::PendingOfOtherStructure {
                                other,
                                wanted: wanted.to_string(),
                            })
                        }
                        _ if opts.adopt => s.fail(CheckReason::KeyNotInFiles),
                        _ => s.fail(CheckReason::NoPendingKey),
                    }
                    .into());
                };
                let key = match order.key_location(pu) {
                    crate::keys::KeyLocation::File(path) => {
                        let k = crate::keys::software::SoftwareKey::load(&path)?;
                        KeyMaterial::Software(pkcs8_der_of(&k)?)
                    }
                    crate::keys::KeyLocation::Pkcs11(uri) => KeyMaterial::Token(uri),
                    crate::keys::KeyLocation::Memory => {
                        return Err(s.fail(CheckReason::PendingKeyNotOnDisk).into())
                    }
                };
                let key_file = match order.key_location(pu) {
                    crate::keys::KeyLocation::File(p) => Some(p),
                    _ => None,
                };
                let params = OrderParams {
                    dept: order.dept.clone(),
                    key_algorithm: Some(pu.key_algorithm),
                    service: Some(pu.service.clone()),
                };
                (
                    order.structure.to_string(),
                    order.raison_sociale.clone(),
                    pu.usage,
                    key,
                    Some((order.dir().to_path_buf(), key_file)),
                    Some(pu.service.clone()),
                    params,
                )
            };
        if let Some(wanted) = &opts.structure {
            if structure != wanted.to_string() {
                return Err(s
                    .fail(CheckReason::OtherStructure {
                        found: structure.clone(),
                        wanted: wanted.to_string(),
                    })
                    .into());
            }
        }
        // A certificate issued a moment ago may start a second after our clock (or a few minutes,
        // with a clock slightly behind the platform's): tolerate CLOCK_SKEW.
        let now = opts.now.max(OffsetDateTime::now_utc());
        let at = if s.not_before > now && s.not_before - now <= CLOCK_SKEW {
            s.not_before
        } else {
            now
        };
        if let Some(offered) = opts.usage {
            if offered != usage {
                return Err(s
                    .fail(CheckReason::OrderedAs {
                        ordered: usage,
                        offered,
                    })
                    .into());
            }
        }
        let mut warnings = check_profile(s, usage, &structure, service.as_deref(), opts.adopt, at)?;
        warnings.extend(id_warnings);
        let chain = chain::verify(
            &leaf,
            &intermediates,
            &opts.anchors,
            required_eku(usage),
            at,
        )?;
        if !seen_slots.insert((structure.clone(), usage)) {
            return Err(s
                .fail(CheckReason::TwoForSlot {
                    structure: structure.clone(),
                    usage,
                })
                .into());
        }
        plans.push(Plan {
            raison_sociale: if raison_sociale.is_empty() {
                s.o.clone().unwrap_or_default()
            } else {
                raison_sociale
            },
            structure,
            usage,
            summary: s.clone(),
            leaf,
            chain,
            key,
            pending,
            warnings,
            sources: sources.clone(),
            params,
        });
    }

    // 3. Every key store token is opened, logged into (once per token) and its keys found before
    //    anything is installed: a token problem leaves the store as it was.
    let mut token_keys = Vec::new();
    for plan in &plans {
        token_keys.push(None);
        if let KeyMaterial::Token(uri) = &plan.key {
            let ks = crate::keys::pkcs11::Pkcs11KeyStore::open(
                uri,
                opts.pkcs11_module.as_deref(),
                false,
                opts.key_store_pin_file.as_deref(),
            )?;
            let key = ks.find(uri)?;
            token_keys.pop();
            token_keys.push(Some((ks, key)));
        }
    }

    // 4. Install, under the store lock.
    let lock = store.lock(std::time::Duration::from_secs(60))?;
    let mut done = unchanged;
    for d in done.iter_mut() {
        let slot = store.slot(&d.structure, d.usage);
        d.target_errors = retry_targets(&slot, opts)?;
    }
    for (plan, token_key) in plans.into_iter().zip(token_keys) {
        let slot = store.slot(&plan.structure, plan.usage);
        if slot
            .check_live()
            .map(|(_, live)| live.serial == plan.summary.serial && live.spki == plan.summary.spki)
            .unwrap_or(false)
        {
            // Already live: only targets a previous run could not write are tried again.
            let target_errors = retry_targets(&slot, opts)?;
            done.push(Installed {
                structure: plan.structure,
                raison_sociale: plan.raison_sociale,
                usage: plan.usage,
                cn: plan.summary.cn.clone(),
                serial: plan.summary.serial,
                not_after: plan.summary.not_after,
                version: slot.live_version().unwrap_or(0),
                live: slot.live(),
                changed: false,
                warnings: plan.warnings,
                target_errors,
            });
            continue;
        }
        let usage_dir = plan.usage.name().to_lowercase();
        let p12 = match &plan.key {
            KeyMaterial::Software(pkcs8) => {
                std::fs::create_dir_all(&slot.dir)
                    .map_err(|e| crate::Error::io("cannot create", &slot.dir, e))?;
                crate::fsutil::ensure_private_dir(&slot.dir)?;
                let pass = p12::passphrase(
                    &slot.dir,
                    &format!("{}/{usage_dir}", plan.structure),
                    opts.passphrase_store,
                )?;
                Some((
                    p12::build(
                        pkcs8,
                        &plan.leaf,
                        &plan.chain,
                        &targets::nss_nickname(&plan.structure, plan.usage.name()),
                        &pass,
                        opts.p12_legacy,
                    )?,
                    pass,
                ))
            }
            KeyMaterial::Token(_) => None,
        };
        let key_store = key_store_label(&plan.key);
        let content = VersionContent {
            key: plan.key,
            leaf: plan.leaf.clone(),
            chain: plan.chain.clone(),
            p12: p12.as_ref().map(|(b, _)| b.clone()),
            meta: VersionMeta {
                structure: StructureId::parse_with(
                    &plan.structure,
                    crate::ids::ParseMode::AllowTestIds,
                )?
                .value,
                raison_sociale: plan.raison_sociale.clone(),
                usage: plan.usage,
                serial: plan.summary.serial.clone(),
                not_before: plan.summary.not_before,
                not_after: plan.summary.not_after,
                installed_at: OffsetDateTime::now_utc(),
                key_store,
                source: plan.sources.clone(),
                dept: plan.params.dept.clone(),
                key_algorithm: plan.params.key_algorithm,
                service: plan.params.service.clone(),
            },
        };
        if let KeyMaterial::Token(_) = &content.key {
            // The certificate also goes on the token, beside its key (same CKA_ID).
            let Some((ks, key)) = &token_key else {
                return Err(crate::Error::InvalidInput(
                    "internal: a token key was not opened before the install".into(),
                ));
            };
            ks.store_certificate(
                key,
                &format!("{} {}", plan.structure, plan.usage.name().to_uppercase()),
                &content.leaf,
            )?;
        }
        let version = slot.install(&lock, &content)?;
        let target_errors = deploy_targets(&slot, opts, p12.as_ref().map(|(_, pass)| pass));
        if let Some((order_dir, key_file)) = &plan.pending {
            retire_pending(&store, order_dir, key_file.as_deref());
        }
        done.push(Installed {
            structure: plan.structure,
            raison_sociale: plan.raison_sociale,
            usage: plan.usage,
            cn: plan.summary.cn.clone(),
            serial: plan.summary.serial,
            not_after: plan.summary.not_after,
            version,
            live: slot.live(),
            changed: true,
            warnings: plan.warnings,
            target_errors,
        });
    }
    Ok(done)
}

/// The slots (among `structures`, or all when empty) whose last install left a target unwritten.
pub fn slots_with_failed_targets(
    home: &Path,
    structures: &[String],
) -> Result<Vec<crate::store::Slot>> {
    Ok(Store::new(home)
        .slots()?
        .into_iter()
        .filter(|s| structures.is_empty() || structures.contains(&s.structure))
        .filter(|s| !targets::recorded_failures(&s.dir).is_empty())
        .collect())
}

/// Writes the live version again to the targets of every slot whose last install could not write
/// them (see [`slots_with_failed_targets`]), under the store lock. Returns what still fails, as
/// `(structure, usage, failure)`.
pub fn retry_failed_targets(
    home: &Path,
    opts: &ImportOptions,
    structures: &[String],
) -> Result<Vec<(String, Usage, targets::TargetFailure)>> {
    let slots = slots_with_failed_targets(home, structures)?;
    if slots.is_empty() {
        return Ok(Vec::new());
    }
    let _lock = Store::new(home).lock(std::time::Duration::from_secs(60))?;
    let mut out = Vec::new();
    for slot in slots {
        let pass = live_passphrase(&slot, opts)?;
        for e in deploy_targets(&slot, opts, pass.as_ref()) {
            out.push((slot.structure.clone(), slot.usage, e));
        }
    }
    Ok(out)
}

/// The passphrase of the live bundle of `slot` (None for a key on a token: no bundle).
fn live_passphrase(
    slot: &crate::store::Slot,
    opts: &ImportOptions,
) -> Result<Option<SecretString>> {
    slot.live()
        .join(files::P12)
        .exists()
        .then(|| {
            p12::passphrase(
                &slot.dir,
                &format!("{}/{}", slot.structure, slot.usage.name().to_lowercase()),
                opts.passphrase_store,
            )
        })
        .transpose()
        .map_err(Into::into)
}

/// For a certificate already live: the install targets a previous run could not write are
/// written again (none when every target was written).
fn retry_targets(
    slot: &crate::store::Slot,
    opts: &ImportOptions,
) -> Result<Vec<targets::TargetFailure>> {
    if targets::recorded_failures(&slot.dir).is_empty() {
        return Ok(Vec::new());
    }
    let pass = live_passphrase(slot, opts)?;
    Ok(deploy_targets(slot, opts, pass.as_ref()))
}

/// Writes the live version of `slot` to the configured targets; what failed.
fn deploy_targets(
    slot: &crate::store::Slot,
    opts: &ImportOptions,
    pass: Option<&SecretString>,
) -> Vec<targets::TargetFailure> {
    let t = targets::Targets {
        nss_db: opts.nss_db.clone(),
        export: opts.export_dir.clone(),
    };
    targets::deploy(slot, &t, pass)
}

fn key_store_label(k: &KeyMaterial) -> String {
    match k {
        KeyMaterial::Software(_) => "software".to_string(),
        KeyMaterial::Token(uri) => uri.to_string(),
    }
}

fn pkcs8_der_of(k: &crate::keys::software::SoftwareKey) -> Result<Zeroizing<Vec<u8>>> {
    // Every copy of the key stays in a zeroizing buffer (the pem crate's would not).
    let pem = k.to_pkcs8_pem();
    crate::keys::software::pem_decode(&pem, crate::keys::software::PKCS8_PEM_LABEL)
        .map_err(|e| crate::Error::InvalidInput(format!("pending key: {e}")))
}

/// The live certificate of its slot, when `s` is it (same serial and key): importing it again
/// changes nothing.
fn already_live(store: &Store, s: &CertSummary) -> Result<Option<Installed>> {
    for slot in store.slots()? {
        if let Ok((meta, live)) = slot.check_live() {
            if live.spki == s.spki && live.serial == s.serial {
                return Ok(Some(Installed {
                    structure: meta.structure.to_string(),
                    raison_sociale: meta.raison_sociale,
                    usage: meta.usage,
                    cn: live.cn.clone(),
                    serial: live.serial,
                    not_after: live.not_after,
                    version: slot.live_version().unwrap_or(0),
                    live: slot.live(),
                    changed: false,
                    warnings: Vec::new(),
                    target_errors: Vec::new(),
                }));
            }
        }
    }
    Ok(None)
}

/// After an install: the pending key file of that usage is removed (the key now lives in the
/// store); when every usage of the order is live in the store, the whole order moves to
/// `pending/.installed/` (kept, never deleted).
fn retire_pending(store: &Store, order_dir: &Path, key_file: Option<&Path>) {
    if let Some(k) = key_file {
        let _ = std::fs::remove_file(k);
    }
    let Ok(order) = PendingOrder::load_dir(order_dir) else {
        return;
    };
    let all_live = order.usages.iter().all(|u| {
        store
            .slot(&order.structure.to_string(), u.usage)
            .check_live()
            .map(|(_, live)| live.spki == u.public_key_spki())
            .unwrap_or(false)
    });
    if all_live {
        if let (Some(root), Some(name)) = (order_dir.parent(), order_dir.file_name()) {
            let done = root.join(".installed");
            if crate::fsutil::ensure_private_dir(&done).is_ok() {
                let stamp = OffsetDateTime::now_utc().unix_timestamp();
                let _ = std::fs::rename(
                    order_dir,
                    done.join(format!("{}-{stamp}", name.to_string_lossy())),
                );
            }
        }
    }
}
