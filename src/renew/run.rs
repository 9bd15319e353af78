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

/// What `agent renew` is asked to do: its window and deploy hook (`None`: `[renew]`'s), the
/// structures it is limited to (all when empty), whether it only plans, and its platform.
pub(crate) struct RunRequest<'a> {
    /// `--within`, else `[renew] within`.
    pub within: Option<&'a str>,
    /// The structures, as given (the store's directory names).
    pub structures: Vec<String>,
    /// Only the plan.
    pub dry_run: bool,
    /// `--deploy-hook`, else `[renew] deploy_hook`.
    pub deploy_hook: Option<&'a str>,
    /// The EST URL of the run; `None`: the portal.
    pub est_url: Option<String>,
    /// What key store tokens need that their URI does not say.
    pub tokens: super::TokenDefaults,
    /// The time of the run.
    pub now: OffsetDateTime,
}

/// What a renewal run tells its caller while it goes, in this order.
pub(crate) enum RunEvent<'a> {
    /// An install target of an earlier run still fails (this message, in the language of the run).
    TargetFailed(String),
    /// The orders of this many due certificates and structures are being prepared.
    Preparing {
        /// Due certificates.
        due: usize,
        /// Structures (one order each).
        structures: usize,
    },
    /// This order is left for the portal (its steps to show).
    Portal(&'a PendingOrder),
    /// What the deploy hook is doing.
    Hook(HookEvent<'a>),
    /// The earlier failure record of an installed usage could not be cleared (a warning, told
    /// before the run's failures are alerted).
    NotCleared(&'a crate::notify::NotifyError),
    /// Nothing more is in progress (a spinner can go).
    Finished,
}

impl crate::i18n::Localize for RunEvent<'_> {
    fn localize(&self) -> String {
        match self {
            RunEvent::TargetFailed(m) => m.clone(),
            RunEvent::Preparing { due, structures } => {
                crate::tr!("renew-preparing", due = *due, structures = *structures)
            }
            RunEvent::Portal(o) => crate::order::portal_text(o),
            RunEvent::Hook(e) => e.localize(),
            RunEvent::NotCleared(e) => e.to_string(),
            RunEvent::Finished => String::new(),
        }
    }
}

/// What a renewal run did.
pub(crate) enum RenewRun {
    /// `--dry-run`: the plan, nothing changed.
    DryRun {
        /// The window of the run.
        window: super::plan::Window,
        /// How many certificates were checked.
        checked: usize,
        /// What is due.
        due: Vec<Due>,
        /// The EST URL (`None`: the portal).
        est_url: Option<String>,
        /// The deploy hook.
        hook: Option<String>,
    },
    /// The run could not start (no PIN source, no card, platform settings): every due usage
    /// failed with `error`, recorded and alerted (`alerted`).
    NotStarted {
        /// Why.
        error: crate::Error,
        /// What became of the alerts.
        alerted: Alerted,
    },
    /// The run went (or had nothing due).
    Done(Renewal),
}

impl RenewRun {
    /// The dry-run plan, for a [`RenewRun::DryRun`].
    pub(crate) fn plan(&self) -> Option<super::plan::Plan<'_>> {
        match self {
            RenewRun::DryRun {
                window,
                checked,
                due,
                est_url,
                hook,
            } => Some(super::plan::Plan::new(
                window,
                *checked,
                due,
                est_url.as_deref(),
                hook.clone(),
            )),
            _ => None,
        }
    }
}

/// A renewal run that went.
pub(crate) struct Renewal {
    /// The window of the run.
    pub window: super::plan::Window,
    /// How many certificates were checked.
    pub checked: usize,
    /// How many were due (0: nothing was ordered).
    pub due: usize,
    /// One per due usage.
    pub outcomes: Vec<Outcome>,
    /// Why deploy hooks failed.
    pub hook_failures: Vec<String>,
    /// The install targets of earlier runs that still fail.
    pub target_failures: Vec<(String, Usage, crate::store::targets::TargetFailure)>,
    /// What became of the alerts of the run's failures.
    pub alerted: Alerted,
}

impl Renewal {
    /// The JSON summary.
    pub(crate) fn summary(&self) -> super::plan::Summary<'_> {
        super::plan::Summary {
            checked: self.checked,
            due: self.due,
            outcomes: &self.outcomes,
            hook_failures: &self.hook_failures,
        }
    }
}

/// A renewal run, as `agent renew` does it (certbot's `renew`): what is due in the window; for a
/// dry run, the plan. Otherwise the install targets earlier runs could not write are tried again
/// (with the options `import_options` makes); when something is due and the run has an EST URL,
/// `connect` readies the platform and the card (it fails fast, and every due usage is then
/// recorded as failed and alerted); each structure's order is prepared and submitted (or left for
/// the portal), the deploy hook run after each install, and the run's failures remembered for
/// `agent notify` and alerted. `on_event` is told what happens as it happens.
pub(crate) fn renew_all<S>(
    home: &Path,
    config: &crate::config::Config,
    req: RunRequest<'_>,
    import_options: &dyn Fn() -> crate::Result<ImportOptions>,
    connect: impl FnOnce(&str) -> crate::Result<(EstClient, S)>,
    on_event: &dyn Fn(RunEvent<'_>),
    progress: &dyn Progress,
) -> crate::Result<RenewRun> {
    let window = super::plan::Window::of_run(req.within, config)?;
    let hook = super::plan::deploy_hook_of_run(req.deploy_hook, config);
    let now = req.now;
    // The structures filter what the store holds (its directory names), as given: one with
    // nothing installed or ordered is reported by the scan (exit 3), as `agent status` does.
    let (due, checked) = super::due(home, window.duration, &req.structures, now)?;
    if req.dry_run {
        return Ok(RenewRun::DryRun {
            window,
            checked,
            due,
            est_url: req.est_url,
            hook,
        });
    }
    // Targets (NSS, export directory) an earlier run could not write are tried again first.
    let target_failures = retry_targets(home, &req.structures, import_options)?;
    for (structure, usage, e) in &target_failures {
        on_event(RunEvent::TargetFailed(super::plan::target_failure_message(
            structure, *usage, e,
        )));
    }
    let mut run = Renewal {
        window,
        checked,
        due: due.len(),
        outcomes: Vec::new(),
        hook_failures: Vec::new(),
        target_failures,
        alerted: Alerted::Nothing,
    };
    if due.is_empty() {
        return Ok(RenewRun::Done(run));
    }
    // Fail fast when nothing can work unattended: no PIN source, no card.
    let client = match &req.est_url {
        Some(u) => {
            let ready = (|| {
                let opts = import_options()?;
                let (est, session) = connect(u)?;
                Ok::<_, crate::Error>((est, session, opts))
            })();
            match ready {
                Ok(c) => Some(c),
                Err(error) => {
                    on_event(RunEvent::Finished);
                    let alerted =
                        alert_failures(home, config, all_failed(&due, &error.to_string()), now);
                    return Ok(RenewRun::NotStarted { error, alerted });
                }
            }
        }
        None => None,
    };
    // One order per structure with its due usages: keys are made first (in parallel for software
    // key stores), then submitted one by one over the single card session.
    let by_structure = super::by_structure(&due);
    on_event(RunEvent::Preparing {
        due: due.len(),
        structures: by_structure.len(),
    });
    let orders = super::prepare_renewals(home, &by_structure, &req.tokens, progress);
    let mut show_portal = |order: &PendingOrder| on_event(RunEvent::Portal(order));
    let platform = match &client {
        Some((est, _, opts)) => Platform::Est(est, opts),
        None => Platform::Portal(&mut show_portal),
    };
    let on_hook = |e: HookEvent<'_>| on_event(RunEvent::Hook(e));
    let hook_of_run = hook.as_deref().map(|command| DeployHook {
        command,
        on_event: &on_hook,
    });
    let renewed = submit_renewals(home, &due, orders, platform, hook_of_run, now, progress);
    on_event(RunEvent::Finished);
    run.outcomes = renewed.outcomes;
    run.hook_failures = renewed.hook_failures;
    // Renewal failures are remembered for `agent notify` and, with [notify] configured, sent now.
    let (failures, problems) = results_for_notify(home, &due, &run.outcomes);
    for e in &problems {
        on_event(RunEvent::NotCleared(e));
    }
    run.alerted = alert_failures(home, config, failures, now);
    Ok(RenewRun::Done(run))
}
