//! Renewal: which installed certificates are due, the order that renews them (replaying what the
//! live version's `meta.json` recorded), and the deploy hook.
//!
//! The store is the truth: a certificate is due when `agent status` would call it `expiring` within
//! the renewal window, `expired` or `invalid` (the same scan, not a second reading of the rules). Renewal makes a new key and request with the same
//! profile (structure, raison sociale, département, key store, key algorithm, service name), gets it issued, and installs it
//! exactly as `agent import` does: the old pair stays live until the new one is verified and
//! installed.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use ::time::OffsetDateTime;
use serde::Serialize;

use crate::card::uri::Pkcs11Uri;
use crate::csr::Usage;
use crate::error::Result;
use std::collections::BTreeMap;

use crate::ids::StructureId;
use crate::import::Installed;
use crate::keys::KeyAlgorithm;
use crate::order::{KeyStoreSpec, OrderError, OrderRequest, Progress};
use crate::pending::PendingOrder;
use crate::status::{self, State, StatusError, StatusOptions};
use crate::store::{files, Store};

pub(crate) mod plan;
mod run;

pub(crate) use run::{renew_all, RenewRun, Renewal, RunEvent, RunRequest};
pub use run::{Alerted, HookEvent};

/// Why a certificate is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DueReason {
    /// It expires within the window.
    Expiring,
    /// It has expired.
    Expired,
    /// Its live pair is broken (unreadable, key mismatch).
    Invalid,
}

/// One certificate to renew.
#[derive(Debug, Clone, Serialize)]
pub struct Due {
    /// National structure id.
    pub structure: StructureId,
    /// Raison sociale.
    pub raison_sociale: String,
    /// Usage.
    pub usage: Usage,
    /// Serial of the live certificate.
    pub serial: Option<String>,
    /// Its expiry.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// Days left (negative once expired).
    pub days_left: Option<i64>,
    /// Why it is due.
    pub reason: DueReason,
    /// `software` or the token URI where the new key will be made (the same as the live key's).
    pub key_store: String,
    /// The département code for ST, from the live certificate.
    pub dept: Option<String>,
    /// What is wrong, for an invalid pair.
    pub detail: Option<String>,
    /// The live certificate's CN (an adopted certificate may carry an application name).
    pub cn: Option<String>,
    /// The CN the renewal orders with: the procedure's service applicatif for the usage, whatever
    /// the live certificate carries (`None` for CONF, which keeps the order's name).
    pub service: Option<&'static str>,
    /// The key algorithm of the new key: the one the live version's order used (`meta.json`),
    /// RSA 2048 for a version installed by an older agent.
    #[serde(skip)]
    pub key_algorithm: KeyAlgorithm,
    /// The service applicatif of a usage the procedure names none for (CONF): the live order's
    /// (`meta.json`), else the live certificate's CN.
    #[serde(skip)]
    pub own_service: Option<String>,
}

/// The configured renewal window: [`status::configured_window`].
pub fn configured_window(config: &crate::config::Config) -> Result<::time::Duration> {
    Ok(status::configured_window(config)?)
}

pub use crate::departement::dept_from_st;

/// The key store a renewal uses for a live key: `software`, or the token of the live key's URI
/// (without the object's label, id and type).
pub fn key_store_of(live_key_store: &str) -> String {
    if !live_key_store.starts_with("pkcs11:") {
        return "software".to_string();
    }
    match Pkcs11Uri::parse(live_key_store) {
        Ok(mut u) => {
            u.path.remove("object");
            u.path.remove("type");
            u.id = None;
            u.to_string()
        }
        Err(_) => live_key_store.to_string(),
    }
}

/// Every installed certificate due within `within` (filtered by structure when `structures` is
/// not empty), and how many installed certificates were checked. Due-ness is `agent status`'s:
/// `expiring` (within the window), `expired` or `invalid` rows are due.
pub fn due(
    home: &Path,
    within: Duration,
    structures: &[String],
    now: OffsetDateTime,
) -> Result<(Vec<Due>, usize)> {
    let window = ::time::Duration::try_from(within)
        .map_err(|e| crate::Error::InvalidInput(format!("renewal window {within:?}: {e}")))?;
    let opts = StatusOptions {
        now,
        window,
        anchors: None,
        structures: structures.to_vec(),
        threads: 0,
        renew_window: window,
    };
    let report = match status::scan(home, &opts) {
        Ok(r) => r,
        Err(StatusError::NothingToCheck { .. }) => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e.into()),
    };
    let store = Store::new(home);
    let installed = report
        .entries
        .iter()
        .filter(|e| !matches!(e.state, State::Missing | State::Pending));
    let mut checked = 0;
    let mut out = Vec::new();
    for e in installed {
        checked += 1;
        let reason = match e.state {
            State::Expiring => DueReason::Expiring,
            State::Expired => DueReason::Expired,
            State::Invalid => DueReason::Invalid,
            _ => continue,
        };
        // What the renewal needs beyond the row: what the live version's order asked for
        // (meta.json), else what older agents did (the certificate's ST, RSA 2048).
        let structure = e.structure.clone();
        let slot = store.slot(&structure.to_string(), e.usage);
        let meta = slot.live_meta().ok();
        let key_store = meta
            .as_ref()
            .map(|m| key_store_of(&m.key_store))
            .unwrap_or_else(|| "software".to_string());
        let recorded_dept = meta.as_ref().and_then(|m| m.dept.clone());
        let dept = match recorded_dept {
            Some(d) => Some(d),
            None => slot
                .check_live()
                .ok()
                .and_then(|(_, cert)| cert.st.as_deref().and_then(dept_from_st)),
        };
        let key_algorithm = meta
            .as_ref()
            .and_then(|m| m.key_algorithm)
            .unwrap_or(KeyAlgorithm::Rsa2048);
        let own_service = match e.usage.profile().service {
            Some(_) => None,
            None => meta
                .as_ref()
                .and_then(|m| m.service.clone())
                .or_else(|| e.cn.clone()),
        };
        out.push(Due {
            structure,
            raison_sociale: e.raison_sociale.clone().unwrap_or_default(),
            usage: e.usage,
            serial: e.serial.clone(),
            not_after: e.not_after,
            days_left: e.days_left,
            reason,
            key_store,
            dept,
            detail: e.detail.clone(),
            cn: e.cn.clone(),
            service: e.usage.profile().service,
            key_algorithm,
            own_service,
        });
    }
    Ok((out, checked))
}

/// The due certificates grouped by structure, in the order first seen: one order each.
pub fn by_structure(due: &[Due]) -> Vec<(StructureId, Vec<&Due>)> {
    let mut out: Vec<(StructureId, Vec<&Due>)> = Vec::new();
    for d in due {
        match out.iter_mut().find(|(s, _)| *s == d.structure) {
            Some((_, v)) => v.push(d),
            None => out.push((d.structure.clone(), vec![d])),
        }
    }
    out
}

/// What a key store token needs that its URI does not say: the PKCS#11 module when the URI names
/// none, and the PIN file when it has no `pin-source` (`[key_store] pin_file`).
#[derive(Debug, Clone, Default)]
pub struct TokenDefaults {
    /// The PKCS#11 module.
    pub module: Option<std::path::PathBuf>,
    /// The key store PIN file.
    pub pin_file: Option<std::path::PathBuf>,
}

/// The order request that renews `items` (the due usages of one structure) with what the live
/// versions recorded: raison sociale, département, key store, key algorithm, service names.
pub fn renewal_request(
    structure: StructureId,
    items: &[&Due],
    tokens: &TokenDefaults,
) -> Result<OrderRequest, OrderError> {
    let Some(first) = items.first() else {
        return Err(crate::Error::InvalidInput(format!(
            "nothing to renew for structure {structure}"
        ))
        .into());
    };
    let departement = first
        .dept
        .as_deref()
        .map(crate::departement::Departement::from_code)
        .transpose()?;
    let mut services = BTreeMap::new();
    for d in items {
        if let Some(s) = &d.own_service {
            services.insert(d.usage, s.clone());
        }
    }
    let raison_sociale = crate::csr::check_raison_sociale(&first.raison_sociale)?;
    Ok(OrderRequest {
        departement,
        services,
        key_store: KeyStoreSpec::parse(
            &first.key_store,
            tokens.module.as_deref(),
            tokens.pin_file.as_deref(),
            false,
        )?,
        key_algorithm: first.key_algorithm,
        ..OrderRequest::new(
            structure,
            raison_sociale,
            items.iter().map(|d| d.usage).collect(),
        )
    })
}

/// The renewal order of one structure: the pending one if an order is already under way (it is
/// resumed, never replaced), else new keys and requests with what the live versions recorded.
pub fn renewal_order(
    home: &Path,
    structure: &StructureId,
    items: &[&Due],
    tokens: &TokenDefaults,
    progress: &dyn Progress,
) -> Result<PendingOrder, OrderError> {
    if let Ok(order) = PendingOrder::load(home, structure) {
        return Ok(order);
    }
    let req = renewal_request(structure.clone(), items, tokens)?;
    crate::order::prepare(home, &req, progress)
}

/// The renewal orders of `by_structure` ([`by_structure`]): software keys in parallel (as many at
/// once as there are cores), token keys one by one (one session).
pub fn prepare_renewals(
    home: &Path,
    by_structure: &[(StructureId, Vec<&Due>)],
    tokens: &TokenDefaults,
    progress: &dyn Progress,
) -> Vec<(StructureId, Result<PendingOrder, OrderError>)> {
    let width = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let (software, token): (Vec<_>, Vec<_>) = by_structure
        .iter()
        .partition(|(_, items)| items.iter().all(|d| d.key_store == "software"));
    let mut out: Vec<_> = token
        .into_iter()
        .map(|(s, items)| (s.clone(), renewal_order(home, s, items, tokens, progress)))
        .collect();
    for batch in software.chunks(width) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|(s, items)| {
                    (
                        s,
                        scope.spawn(move || renewal_order(home, s, items, tokens, progress)),
                    )
                })
                .collect();
            for (s, h) in handles {
                let r = h.join().unwrap_or_else(|_| {
                    Err(OrderError::from(crate::Error::InvalidInput(
                        "key generation failed (thread panicked)".into(),
                    )))
                });
                out.push((s.clone(), r));
            }
        });
    }
    out
}

/// Runs the deploy hook after an install, with the environment naming what was installed
/// (`AGENT_STRUCTURE`, `AGENT_USAGE`, `AGENT_LIVE` and certbot's `RENEWED_LINEAGE`, `AGENT_CERT`,
/// `AGENT_KEY` or `AGENT_KEY_URI`, `AGENT_CHAIN`, `AGENT_FULLCHAIN`, `AGENT_P12`, `AGENT_SERIAL`,
/// `AGENT_NOT_AFTER`). Its output goes to the agent's stderr. Returns why it failed.
pub fn run_deploy_hook(cmd: &str, installed: &Installed) -> std::result::Result<(), String> {
    let live = &installed.live;
    let mut c = Command::new("sh");
    c.arg("-c").arg(cmd);
    c.env("AGENT_STRUCTURE", &installed.structure)
        .env("AGENT_RAISON_SOCIALE", &installed.raison_sociale)
        .env("AGENT_USAGE", installed.usage.name().to_uppercase())
        .env("AGENT_LIVE", live)
        .env("RENEWED_LINEAGE", live)
        .env("AGENT_CERT", live.join(files::CERT))
        .env("AGENT_CHAIN", live.join(files::CHAIN))
        .env("AGENT_FULLCHAIN", live.join(files::FULLCHAIN))
        .env("AGENT_SERIAL", &installed.serial)
        .env(
            "AGENT_NOT_AFTER",
            installed
                .not_after
                .format(&::time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        );
    if Path::new(&live.join(files::KEY)).exists() {
        c.env("AGENT_KEY", live.join(files::KEY))
            .env("AGENT_P12", live.join(files::P12));
    } else {
        c.env(
            "AGENT_KEY_URI",
            std::fs::read_to_string(live.join(files::KEY_URI))
                .unwrap_or_default()
                .trim(),
        );
    }
    c.stdout(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::inherit())
        .stdin(std::process::Stdio::null());
    match c.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!("the deploy hook {cmd:?} exited with {s}")),
        Err(e) => Err(format!("the deploy hook {cmd:?} could not run: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dept_codes() {
        assert_eq!(dept_from_st("Paris (75)").as_deref(), Some("75"));
        assert_eq!(dept_from_st("Corse-du-Sud (2A)").as_deref(), Some("2A"));
        assert_eq!(dept_from_st("Guadeloupe (971)").as_deref(), Some("971"));
        assert_eq!(dept_from_st("Paris"), None);
    }

    fn due(usage: Usage, meta: (Option<&str>, KeyAlgorithm, Option<&str>)) -> Due {
        Due {
            structure: StructureId::example(),
            raison_sociale: "PHARMACIE DU TEST".into(),
            usage,
            serial: None,
            not_after: None,
            days_left: None,
            reason: DueReason::Expiring,
            key_store: "software".into(),
            dept: meta.0.map(str::to_string),
            detail: None,
            cn: None,
            service: usage.profile().service,
            key_algorithm: meta.1,
            own_service: meta.2.map(str::to_string),
        }
    }

    #[test]
    fn renewal_request_replays_the_recorded_order() {
        let auth = due(Usage::AuthCli, (Some("2A"), KeyAlgorithm::P256, None));
        let conf = due(
            Usage::Conf,
            (Some("2A"), KeyAlgorithm::P256, Some("CHIFFREMENT")),
        );
        let r = renewal_request(
            auth.structure.clone(),
            &[&auth, &conf],
            &TokenDefaults::default(),
        )
        .unwrap();
        assert_eq!(r.key_algorithm, KeyAlgorithm::P256);
        assert_eq!(r.departement.map(|d| d.code), Some("2A"));
        assert_eq!(r.usages, [Usage::AuthCli, Usage::Conf]);
        assert_eq!(
            r.services.get(&Usage::Conf).map(String::as_str),
            Some("CHIFFREMENT")
        );
        assert_eq!(r.subject().service(Usage::Conf).unwrap(), "CHIFFREMENT");
        assert_eq!(
            r.subject().service(Usage::AuthCli).unwrap(),
            "DMP AUTHENTIFICATION"
        );
        assert!(r.key_store.is_software());
        let bad = due(Usage::AuthCli, (Some("20"), KeyAlgorithm::Rsa2048, None));
        assert!(
            renewal_request(bad.structure.clone(), &[&bad], &TokenDefaults::default()).is_err()
        );
    }

    #[test]
    fn key_store_keeps_the_token_only() {
        assert_eq!(key_store_of("software"), "software");
        let ks = key_store_of(
            "pkcs11:token=HSM;object=ORG%20AUTH;type=private;id=%01%02?module-path=/x.so",
        );
        assert!(
            ks.contains("token=HSM") && ks.contains("module-path"),
            "{ks}"
        );
        assert!(
            !ks.contains("object") && !ks.contains("id=") && !ks.contains("type"),
            "{ks}"
        );
    }
}
