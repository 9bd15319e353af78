//! Submitting an order: each usage not live yet goes to the platform (EST `simpleenroll`, or
//! `simplereenroll` for a renewal), what comes back is kept in the order's directory
//! (`issued-<usage>.pem`, so a re-run resumes without asking twice), then checked and installed
//! exactly as `agent import` does; what the checks refuse is set aside (`rejected-<usage>-<t>.pem`).

use std::path::{Path, PathBuf};

use super::{Failure, OrderError, Outcome, OutcomeState, Progress, Step};
use crate::certificate::cert_pem;
use crate::certificate::chain::{self, TrustAnchors};
use crate::certificate::formats::{Delivery, Format};
use crate::csr::Usage;
use crate::enroll::est::{EnrollOutcome, EstClient};
use crate::error::Error;
use crate::fsutil::{write_atomic, PUBLIC_FILE_MODE};
use crate::import::{install_deliveries, ImportOptions};
use crate::pending::PendingOrder;
use crate::store::Store;

/// Which EST operation submits an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submission {
    /// A first order (`/simpleenroll`).
    Enroll,
    /// A renewal (`/simplereenroll`).
    Reenroll,
}

impl Submission {
    /// The EST operation's name (`simpleenroll`, `simplereenroll`).
    pub fn operation(self) -> &'static str {
        match self {
            Submission::Enroll => "simpleenroll",
            Submission::Reenroll => "simplereenroll",
        }
    }
}

fn issued_file(order: &PendingOrder, usage: Usage) -> PathBuf {
    order
        .dir()
        .join(format!("issued-{}.pem", usage.name().to_lowercase()))
}

/// The import options for one order: `opts` with only that order's structure accepted.
pub fn import_options_for(opts: &ImportOptions, order: &PendingOrder) -> ImportOptions {
    ImportOptions {
        structure: Some(order.structure.clone()),
        anchors: opts.anchors.clone(),
        p12_legacy: opts.p12_legacy,
        passphrase_store: opts.passphrase_store,
        nss_db: opts.nss_db.clone(),
        export_dir: opts.export_dir.clone(),
        now: ::time::OffsetDateTime::now_utc(),
        pkcs11_module: opts.pkcs11_module.clone(),
        adopt: false,
        key_file: None,
        usage: None,
        allow_test_ids: opts.allow_test_ids,
        key_store_pin_file: opts.key_store_pin_file.clone(),
    }
}

/// The certificates kept from an earlier run (`issued-<usage>.pem`).
fn read_issued(issued: &Path) -> Result<Vec<Vec<u8>>, Error> {
    let text = std::fs::read(issued).map_err(|e| Error::io("cannot read", issued, e))?;
    let blocks = pem::parse_many(text)
        .map_err(|e| Error::InvalidInput(format!("{}: {e}", issued.display())))?;
    Ok(blocks.into_iter().map(|b| b.into_contents()).collect())
}

/// The request of a usage, DER.
fn read_csr(order: &PendingOrder, u: &crate::pending::PendingUsage) -> Result<Vec<u8>, Error> {
    let path = order.csr_path(u);
    let text = std::fs::read(&path).map_err(|e| Error::io("cannot read", &path, e))?;
    let block = pem::parse(text).map_err(|e| Error::InvalidInput(format!("request: {e}")))?;
    Ok(block.into_contents())
}

/// Submits every usage of `order` that is not live yet, keeps what the platform returns in the
/// order's directory, then checks and installs it. One outcome per usage; a usage's failure is
/// its outcome, not the run's end.
pub fn submit(
    home: &Path,
    est: &EstClient,
    order: &PendingOrder,
    submission: Submission,
    opts: &ImportOptions,
    progress: &dyn Progress,
) -> Vec<Outcome> {
    let reenroll = submission == Submission::Reenroll;
    let structure = order.structure.clone();
    let dir_name = structure.to_string();
    let failed = |usage: Usage, e: Error| Outcome::failed(&structure, usage, OrderError::from(e));
    let store = Store::new(home);
    // One run at a time per structure, from submission to install: a second run waits here, then
    // finds the usages installed below instead of submitting the order again.
    let _order_lock = match store.lock_structure(&dir_name, std::time::Duration::from_secs(15 * 60))
    {
        Ok(l) => l,
        Err(e) => {
            let e = Failure::from(OrderError::from(e));
            return order
                .usages
                .iter()
                .map(|u| Outcome::failed(&structure, u.usage, &e))
                .collect();
        }
    };
    let mut outcomes = Vec::new();
    let mut deliveries = Vec::new();
    let mut fetched = Vec::new();
    for u in &order.usages {
        let slot = store.slot(&dir_name, u.usage);
        if let Ok((_, live)) = slot.check_live() {
            if live.spki == u.public_key_spki() {
                let mut o = Outcome::new(&structure, u.usage, OutcomeState::AlreadyInstalled);
                o.serial = Some(live.serial);
                o.not_after = Some(live.not_after);
                o.live = Some(slot.live());
                outcomes.push(o);
                continue;
            }
        }
        let issued = issued_file(order, u.usage);
        let certs = if issued.exists() {
            progress.step(&Step::UsingFetched {
                structure: structure.clone(),
                usage: u.usage,
            });
            match read_issued(&issued) {
                Ok(c) => c,
                Err(e) => {
                    outcomes.push(failed(u.usage, e));
                    continue;
                }
            }
        } else {
            progress.step(&Step::Sending {
                structure: structure.clone(),
                usage: u.usage,
                submission,
            });
            let csr = match read_csr(order, u) {
                Ok(c) => c,
                Err(e) => {
                    outcomes.push(failed(u.usage, e));
                    continue;
                }
            };
            match est.enroll(&csr, reenroll) {
                Ok(EnrollOutcome::Enrolled(e)) => {
                    let mut all = vec![e.leaf.clone()];
                    all.extend(e.chain.iter().cloned());
                    let text: String = all.iter().map(|c| cert_pem(c)).collect();
                    if let Err(err) = write_atomic(&issued, text.as_bytes(), PUBLIC_FILE_MODE) {
                        outcomes.push(failed(u.usage, err.into()));
                        continue;
                    }
                    all
                }
                Ok(EnrollOutcome::Pending { retry_after }) => {
                    let mut o = Outcome::new(&structure, u.usage, OutcomeState::Pending);
                    o.retry_after = Some(retry_after.as_secs());
                    outcomes.push(o);
                    continue;
                }
                Err(e) => {
                    outcomes.push(Outcome::failed(&structure, u.usage, OrderError::from(e)));
                    continue;
                }
            }
        };
        // RFC 7030 §4.2.3: the answer may hold the issued certificate only; the CA certificates
        // come from /cacerts (§4.1), fetched once per run over the same connection. They only
        // help build the path: it must still verify up to a trust anchor of the run.
        let certs = match complete_chain(est, certs, &opts.anchors, progress) {
            Ok(c) => c,
            Err(e) => {
                outcomes.push(Outcome::failed(&structure, u.usage, OrderError::from(e)));
                continue;
            }
        };
        deliveries.push((
            issued.display().to_string(),
            Delivery {
                format: Format::Pem,
                certs,
                key: None,
            },
        ));
        fetched.push((u.usage, issued));
    }
    if deliveries.is_empty() {
        return outcomes;
    }
    progress.step(&Step::Installing {
        structure: structure.clone(),
    });
    match install_deliveries(home, deliveries, opts) {
        Ok(done) => {
            for d in done {
                let mut o = Outcome::new(
                    &structure,
                    d.usage,
                    if d.changed {
                        OutcomeState::Installed
                    } else {
                        OutcomeState::AlreadyInstalled
                    },
                );
                o.serial = Some(d.serial);
                o.not_after = Some(d.not_after);
                o.live = Some(d.live);
                o.warnings = d.warnings;
                if !d.target_errors.is_empty() {
                    // Installed in the store, but a target the DMP software reads is stale.
                    o.set_failure(Failure::Targets(d.target_errors));
                }
                outcomes.push(o);
            }
        }
        Err(e) => {
            // What the platform returned is refused: keep it aside for inspection and ask again
            // next time.
            let e = Failure::from(OrderError::from(e));
            for (usage, issued) in fetched {
                let stamp = ::time::OffsetDateTime::now_utc().unix_timestamp();
                let _ = std::fs::rename(
                    &issued,
                    issued.with_file_name(format!(
                        "rejected-{}-{stamp}.pem",
                        usage.name().to_lowercase()
                    )),
                );
                outcomes.push(Outcome::failed(&structure, usage, &e));
            }
        }
    }
    outcomes
}

/// `certs` (the issued certificate first, then what came with it) completed with the platform's
/// `/cacerts` when they do not verify up to a trust anchor by themselves. The CA certificates are
/// asked for at most once per run (the client keeps them).
fn complete_chain(
    est: &EstClient,
    mut certs: Vec<Vec<u8>>,
    anchors: &TrustAnchors,
    progress: &dyn Progress,
) -> Result<Vec<Vec<u8>>, crate::enroll::EnrollError> {
    let Some((leaf, rest)) = certs.split_first() else {
        return Ok(certs);
    };
    if chain::completes(leaf, rest, anchors) {
        return Ok(certs);
    }
    progress.step(&Step::CompletingChain);
    for c in est.ca_certificates()? {
        if !certs.contains(&c) {
            certs.push(c);
        }
    }
    Ok(certs)
}
