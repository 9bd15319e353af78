//! What an order says to a person: the requests prepared with the portal steps to order them
//! (`agent csr`, `agent enroll --portal`, `agent renew` without EST), and one line per outcome.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::csr::Usage;
use crate::i18n::Localize;
use crate::keys::KeyAlgorithm;
use crate::pending::PendingOrder;
use crate::tr;

use super::{Outcome, OutcomeState};

/// The IGC Santé certificate platform, where the administrator orders with the CPx card.
pub const PORTAL_URL: &str = "https://pfc.eservices.esante.gouv.fr";

/// One prepared request, as printed.
#[derive(Debug, Serialize)]
pub struct Prepared {
    usage: Usage,
    product: String,
    service: String,
    subject: String,
    csr: PathBuf,
    key: String,
    key_algorithm: KeyAlgorithm,
    public_key_sha256: String,
}

/// The JSON document of `agent csr --json`; its text ([`Localize`]) is the portal steps.
#[derive(Debug, Serialize)]
pub struct OrderReport {
    structure: String,
    raison_sociale: String,
    dept: Option<String>,
    key_store: String,
    pending_dir: PathBuf,
    requests: Vec<Prepared>,
}

/// What `order` prepared, with the request paths in `out_dir` when given.
pub fn order_report(order: &PendingOrder, out_dir: Option<&Path>) -> OrderReport {
    let requests: Vec<Prepared> = order
        .usages
        .iter()
        .map(|u| Prepared {
            usage: u.usage,
            product: u.product.clone(),
            service: u.service.clone(),
            subject: u.subject.clone(),
            csr: match out_dir {
                Some(d) => d.join(&u.csr),
                None => order.csr_path(u),
            },
            key: order.key_location(u).to_string(),
            key_algorithm: u.key_algorithm,
            public_key_sha256: u.public_key_sha256.clone(),
        })
        .collect();
    OrderReport {
        structure: order.structure.to_string(),
        raison_sociale: order.raison_sociale.clone(),
        dept: order.dept.clone(),
        key_store: order.key_store.clone(),
        pending_dir: order.dir().to_path_buf(),
        requests,
    }
}

/// The portal steps to order what `order` prepared (product, service applicatif, CSR file).
pub fn portal_text(order: &PendingOrder) -> String {
    order_report(order, None).localize()
}

/// The portal steps of a report.
impl Localize for OrderReport {
    fn localize(&self) -> String {
        let r = self;
        let mut s = format!(
            "{}\n\n",
            tr!(
                "portal-prepared",
                structure = r.structure,
                name = r.raison_sociale,
                dir = r.pending_dir
            )
        );
        for (n, p) in r.requests.iter().enumerate() {
            s += &format!(
                "{}. {}\n",
                n + 1,
                tr!("portal-request", product = p.product, file = p.csr)
            );
            s += &format!("   {}\n", tr!("portal-subject", subject = p.subject));
            s += &format!("   a. {}\n", tr!("portal-step-login", url = PORTAL_URL));
            s += &format!(
                "   b. {}\n",
                tr!(
                    "portal-step-order",
                    product = p.product,
                    structure = r.structure
                )
            );
            s += &format!(
                "   c. {}\n",
                tr!("portal-step-service", service = p.service)
            );
            s += &format!(
                "   d. {}\n",
                tr!(
                    "portal-step-csr",
                    file = p
                        .csr
                        .file_name()
                        .map(|f| f.to_string_lossy().into_owned())
                        .unwrap_or_default()
                )
            );
            s += &format!("   e. {}\n", tr!("portal-step-import"));
            s += &format!("   {}\n\n", tr!("portal-key", key = p.key));
        }
        s
    }
}

impl Outcome {
    /// The outcome's line in the language of the run (structure, usage, state, serial, expiry and
    /// live directory, or why it failed).
    pub fn row(&self) -> String {
        let o = self;
        match o.state {
            OutcomeState::Installed | OutcomeState::AlreadyInstalled => {
                let state = if o.state == OutcomeState::Installed {
                    tr!("outcome-installed")
                } else {
                    tr!("outcome-already-installed")
                };
                let width = tr!("outcome-installed")
                    .chars()
                    .count()
                    .max(tr!("outcome-already-installed").chars().count());
                format!(
                    "{:<16} {:<9} {state:<width$}  {}  {}  {}",
                    o.structure.to_string(),
                    o.usage.name(),
                    tr!("list-serial", serial = o.serial.as_deref().unwrap_or("-")),
                    tr!(
                        "list-expires",
                        date = o
                            .not_after
                            .map(|d| d.date().to_string())
                            .unwrap_or_default()
                    ),
                    o.live
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                )
            }
            OutcomeState::Pending => format!(
                "{:<16} {:<9} {}",
                o.structure.to_string(),
                o.usage.name(),
                tr!("outcome-pending", seconds = o.retry_after.unwrap_or(0))
            ),
            OutcomeState::OrderedOnPortal => format!(
                "{:<16} {:<9} {}",
                o.structure.to_string(),
                o.usage.name(),
                tr!("outcome-portal")
            ),
            OutcomeState::Failed => format!(
                "{:<16} {:<9} {}",
                o.structure.to_string(),
                o.usage.name(),
                tr!("outcome-failed", reason = o.localize())
            ),
        }
    }

    /// What went wrong after the install of an installed outcome (an install target not
    /// written), in the language of the run.
    pub fn error_message(&self) -> Option<String> {
        (self.state.is_installed() && self.error.is_some()).then(|| {
            tr!(
                "outcome-structure-error",
                structure = self.structure.to_string(),
                usage = self.usage.name(),
                reason = self.localize()
            )
        })
    }
}
