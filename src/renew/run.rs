//! A renewal run after its orders are prepared: each submitted (EST `simplereenroll`) or left for
//! the portal, the deploy hook after each install, and the results remembered for `agent notify`
//! (failures recorded and alerted, successes clearing earlier failures).

use std::path::Path;

use ::time::OffsetDateTime;

use crate::csr::Usage;
use crate::enroll::est::EstClient;
use crate::ids::StructureId;
use crate::import::{ImportOptions, Installed};
use crate::order::Submission;
use crate::order::{import_options_for, submit, OrderError, Outcome, OutcomeState, Progress};
use crate::pending::PendingOrder;

use super::{run_deploy_hook, Due};

/// Where the renewal orders go.
pub enum Platform<'a> {
    /// Submitted over EST with this client, installed with these options.
    Est(&'a EstClient, &'a ImportOptions),
    /// Left for the portal: each order is handed to the caller (to print its steps).
    Portal(&'a mut dyn FnMut(&PendingOrder)),
}

/// What a deploy hook is doing, for the caller to show.
pub enum HookEvent<'a> {
    /// The hook is run after this install.
    Running(&'a Outcome),
    /// It failed, for this reason.
    Failed(&'a str),
}

/// The deploy hook of a run: its command, and how what it does is shown.
pub struct DeployHook<'a> {
    /// The command (`sh -c`).
    pub command: &'a str,
    /// Told when it runs and when it fails.
    pub on_event: &'a dyn Fn(HookEvent<'_>),
}

/// Tries again the install targets (NSS, export directory) an earlier run could not write, in the
/// slots of `structures` (all when empty), with the import options `opts` makes (only when there
/// is something to retry); what still fails, by structure and usage.
pub fn retry_targets(
    home: &Path,
    structures: &[String],
    opts: impl FnOnce() -> crate::Result<ImportOptions>,
) -> crate::Result<Vec<(String, Usage, crate::store::targets::TargetFailure)>> {
    if crate::import::slots_with_failed_targets(home, structures)?.is_empty() {
        return Ok(Vec::new());
    }
    crate::import::retry_failed_targets(home, &opts()?, structures)
}

/// What the orders of a renewal run gave.
#[derive(Debug, Default)]
pub struct Renewed {
    /// One per due usage.
    pub outcomes: Vec<Outcome>,
    /// Why deploy hooks failed.
    pub hook_failures: Vec<String>,
}

/// Submits the prepared renewal orders one by one (one card session), running `hook` after each
/// install. An order that could not be prepared fails its due usages.
pub fn submit_renewals(
    home: &Path,
    due: &[Due],
    orders: Vec<(StructureId, Result<PendingOrder, OrderError>)>,
    mut platform: Platform<'_>,
    hook: Option<DeployHook<'_>>,
    now: OffsetDateTime,
    progress: &dyn Progress,
) -> Renewed {
    let mut r = Renewed::default();
    for (structure, order) in orders {
        let order = match order {
            Ok(o) => o,
            Err(e) => {
                let e = crate::order::Failure::from(e);
                for d in due.iter().filter(|d| d.structure == structure) {
                    r.outcomes.push(Outcome::failed(&structure, d.usage, &e));
                }
                continue;
            }
        };
        match &mut platform {
            Platform::Portal(show) => {
                show(&order);
                for u in &order.usages {
                    r.outcomes.push(Outcome::portal(&structure, u.usage));
                }
            }
            Platform::Est(est, opts) => {
                let o = import_options_for(opts, &order);
                for out in submit(home, est, &order, Submission::Reenroll, &o, progress) {
                    if out.state == OutcomeState::Installed {
                        if let (Some(hook), Some(live)) = (&hook, &out.live) {
                            let installed = Installed {
                                structure: out.structure.to_string(),
                                raison_sociale: order.raison_sociale.clone(),
                                usage: out.usage,
                                cn: None,
                                serial: out.serial.clone().unwrap_or_default(),
                                not_after: out.not_after.unwrap_or(now),
                                version: 0,
                                live: live.clone(),
                                changed: true,
                                warnings: Vec::new(),
                                target_errors: Vec::new(),
                            };
                            (hook.on_event)(HookEvent::Running(&out));
                            if let Err(e) = run_deploy_hook(hook.command, &installed) {
                                (hook.on_event)(HookEvent::Failed(&e));
                                r.hook_failures.push(e);
                            }
                        }
                    }
                    r.outcomes.push(out);
                }
            }
        }
    }
    r
}

/// A renewal failure as `agent notify` records it: structure, usage label, serial, error.
pub type Failure = (String, String, Option<String>, String);

/// The failure of one due usage.
fn failure_of(
    structure: &StructureId,
    usage: Usage,
    serial: Option<String>,
    error: &str,
) -> Failure {
    (
        structure.to_string(),
        crate::status::usage_label(usage).to_string(),
        serial,
        error.to_string(),
    )
}

/// Every due usage failed with `error` (the run could not start: no card, no platform).
pub fn all_failed(due: &[Due], error: &str) -> Vec<Failure> {
    due.iter()
        .map(|d| failure_of(&d.structure, d.usage, d.serial.clone(), error))
        .collect()
}

/// The run's failures, for [`alert_failures`]; an install clears the earlier failure of its
/// usage (the problems doing so are returned, to be warned of).
pub fn results_for_notify(
    home: &Path,
    due: &[Due],
    outcomes: &[Outcome],
) -> (Vec<Failure>, Vec<crate::notify::NotifyError>) {
    let mut failures = Vec::new();
    let mut problems = Vec::new();
    for o in outcomes {
        let serial = due
            .iter()
            .find(|d| d.structure == o.structure && d.usage == o.usage)
            .and_then(|d| d.serial.clone());
        match o.state {
            OutcomeState::Failed => failures.push(failure_of(
                &o.structure,
                o.usage,
                serial,
                o.error.as_deref().unwrap_or("renewal failed"),
            )),
            OutcomeState::Installed => {
                if let Err(e) = crate::notify::clear_renew_failure(
                    home,
                    &o.structure.to_string(),
                    crate::status::usage_label(o.usage),
                ) {
                    problems.push(e);
                }
            }
            _ => {}
        }
    }
    (failures, problems)
}

/// What became of the alerts of a run's failures ([`alert_failures`]).
#[derive(Debug)]
pub enum Alerted {
    /// No failure, or no `[notify]` channel: recorded only.
    Nothing,
    /// The failures could not be recorded (nothing sent).
    NotRecorded(crate::Error),
    /// The alerts were sent, with these subjects (in the language of the run).
    Sent(Vec<String>),
    /// A channel failed; this many alerts are kept for the next `agent notify`.
    ChannelFailed(usize),
    /// The alerts could not be sent.
    NotSent(crate::Error),
}

/// Records renewal failures for `agent notify`, and sends their alerts at once when `[notify]`
/// has a channel. Problems here are reported, not raised: the renewal's own error is what the
/// run reports.
pub fn alert_failures(
    home: &Path,
    config: &crate::config::Config,
    failures: Vec<Failure>,
    now: OffsetDateTime,
) -> Alerted {
    if failures.is_empty() {
        return Alerted::Nothing;
    }
    if let Err(e) = crate::notify::record_renew_failures(home, &failures, now) {
        return Alerted::NotRecorded(e.into());
    }
    let settings = match crate::notify::Settings::from_config(config) {
        Ok(s) if s.is_configured() => s,
        Ok(_) => return Alerted::Nothing,
        Err(e) => return Alerted::NotSent(e.into()),
    };
    let opts = crate::notify::NotifyOptions {
        now,
        dry_run: false,
        scope: crate::notify::Scope::RenewFailures,
        anchors: None,
    };
    match crate::notify::run(home, &settings, &opts) {
        Ok(o) if o.channel_failed() => Alerted::ChannelFailed(o.kept),
        Ok(o) => Alerted::Sent(
            (o.alerts.iter())
                .map(|r| crate::notify::message::subject_of(&r.alert, crate::i18n::current()))
                .collect(),
        ),
        Err(e) => Alerted::NotSent(e.into()),
    }
}
