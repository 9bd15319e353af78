//! Output helpers shared by commands: JSON on stdout, progress and notes on stderr, the portal
//! steps of an order and the lines of order outcomes. The library's steps, warnings and failures
//! say their own text in the language of the run ([`Localize`]); this module only prints them.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::csr::Usage;
use crate::error::{Error, Result};
use crate::i18n::Localize;
use crate::keys::KeyAlgorithm;
use crate::order::{Outcome, OutcomeState, Step, Warning};
use crate::pending::PendingOrder;
use crate::sanitize::terminal_text;

/// Prints one JSON value on stdout, followed by a newline.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(value).map_err(|e| {
        Error::InvalidInput(crate::tr!("json-cannot-encode", reason = e.to_string()))
    })?;
    println!("{s}");
    Ok(())
}

/// Prints a note for the user on stderr (never on stdout, which scripts read).
pub fn note(msg: impl std::fmt::Display) {
    eprintln!("agent: {}", terminal_text(&msg.to_string()));
}

/// Prints a warning on stderr (`agent: warning: …`, French `agent: avertissement : …`).
pub fn warn(msg: impl std::fmt::Display) {
    eprintln!(
        "{}",
        crate::tr!("warning-line", message = terminal_text(&msg.to_string()))
    );
}

/// Progress of a slow command, always on stderr (stdout stays for the summary or the JSON
/// document): a spinner on a terminal, plain lines otherwise.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress {
    /// A progress display for this run.
    pub fn new() -> Progress {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            b.enable_steady_tick(std::time::Duration::from_millis(120));
            b
        });
        Progress { bar }
    }

    /// Shows the step in progress.
    pub fn step(&self, msg: impl std::fmt::Display) {
        match &self.bar {
            Some(b) => {
                b.println(format!("  {msg}"));
                b.set_message(msg.to_string());
            }
            None => eprintln!("agent: {msg}"),
        }
    }

    /// Clears the spinner.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

impl crate::order::Progress for Progress {
    fn step(&self, step: &Step) {
        Progress::step(self, step.localize())
    }

    fn warn(&self, warning: &Warning) {
        let text = warning.localize();
        match &self.bar {
            Some(b) => b.suspend(|| warn(&text)),
            None => warn(&text),
        }
    }
}

/// Warnings on stderr, for a command without a progress display (steps are not shown).
pub struct Notes;

impl crate::order::Progress for Notes {
    fn step(&self, _: &Step) {}

    fn warn(&self, warning: &Warning) {
        warn(warning.localize())
    }
}

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

/// The JSON document of `agent csr --json`.
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
    portal_steps(&order_report(order, None))
}

/// The portal steps of a report.
pub fn portal_steps(r: &OrderReport) -> String {
    let mut s = format!(
        "{}\n\n",
        crate::tr!(
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
            crate::tr!("portal-request", product = p.product, file = p.csr)
        );
        s += &format!("   {}\n", crate::tr!("portal-subject", subject = p.subject));
        s += &format!(
            "   a. {}\n",
            crate::tr!("portal-step-login", url = PORTAL_URL)
        );
        s += &format!(
            "   b. {}\n",
            crate::tr!(
                "portal-step-order",
                product = p.product,
                structure = r.structure
            )
        );
        s += &format!(
            "   c. {}\n",
            crate::tr!("portal-step-service", service = p.service)
        );
        s += &format!(
            "   d. {}\n",
            crate::tr!(
                "portal-step-csr",
                file = p
                    .csr
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default()
            )
        );
        s += &format!("   e. {}\n", crate::tr!("portal-step-import"));
        s += &format!("   {}\n\n", crate::tr!("portal-key", key = p.key));
    }
    s
}

/// Prints the outcomes (a JSON array, or one line each) and returns the exit code
/// ([`super::exit::of_outcomes`]).
pub fn print_outcomes(outcomes: &[Outcome], json: bool) -> Result<u8> {
    if json {
        print_json(outcomes)?;
    } else {
        for o in outcomes {
            match o.state {
                OutcomeState::Installed | OutcomeState::AlreadyInstalled => {
                    let state = if o.state == OutcomeState::Installed {
                        crate::tr!("outcome-installed")
                    } else {
                        crate::tr!("outcome-already-installed")
                    };
                    let width = crate::tr!("outcome-installed")
                        .chars()
                        .count()
                        .max(crate::tr!("outcome-already-installed").chars().count());
                    println!(
                        "{:<16} {:<9} {state:<width$}  {}  {}  {}",
                        o.structure.to_string(),
                        o.usage.name(),
                        crate::tr!("list-serial", serial = o.serial.as_deref().unwrap_or("-")),
                        crate::tr!(
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
                OutcomeState::Pending => println!(
                    "{:<16} {:<9} {}",
                    o.structure.to_string(),
                    o.usage.name(),
                    crate::tr!("outcome-pending", seconds = o.retry_after.unwrap_or(0))
                ),
                OutcomeState::OrderedOnPortal => println!(
                    "{:<16} {:<9} {}",
                    o.structure.to_string(),
                    o.usage.name(),
                    crate::tr!("outcome-portal")
                ),
                OutcomeState::Failed => println!(
                    "{:<16} {:<9} {}",
                    o.structure.to_string(),
                    o.usage.name(),
                    crate::tr!("outcome-failed", reason = o.localize())
                ),
            }
            for w in &o.warnings {
                warn(w.localize());
            }
            if o.state.is_installed() && o.error.is_some() {
                eprintln!(
                    "{}",
                    crate::tr!(
                        "error-line",
                        message = crate::tr!(
                            "outcome-structure-error",
                            structure = o.structure.to_string(),
                            usage = o.usage.name(),
                            reason = o.localize()
                        )
                    )
                );
            }
        }
    }
    Ok(super::exit::of_outcomes(outcomes))
}
