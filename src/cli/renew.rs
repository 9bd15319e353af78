//! `agent renew`: renew what is due, from scripts.

use clap::Args;

use super::args::{
    est_client, import_options, login_card, structure_arg, InstallArgs, LoginArgs, PlatformArgs,
    StructureArg, TrustArgs,
};
use super::exit;
use super::output::{note, print_json, print_outcomes, warn, LazyProgress};
use super::Context;
use crate::error::Result;
use crate::i18n::Localize;
use crate::renew::plan::nothing_due;
use crate::renew::{renew_all, Alerted, HookEvent, RenewRun, RunEvent, RunRequest, TokenDefaults};
use crate::tr;

/// Options of `agent renew`.
#[derive(Debug, Args)]
pub struct RenewArgs {
    /// Renew what expires within this duration (e.g. 30d) [default: [renew] within, else 60d]
    #[arg(long, value_name = "DURATION")]
    pub within: Option<String>,
    /// Only these structures (repeatable)
    #[arg(long = "structure", value_name = "ID", value_parser = structure_arg)]
    pub structures: Vec<StructureArg>,
    /// Print the plan (certificates, key stores, platform, hooks) and change nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Command run after each successful install (also [renew] deploy_hook); it gets
    /// AGENT_STRUCTURE, AGENT_USAGE, AGENT_LIVE (= RENEWED_LINEAGE), AGENT_CERT, AGENT_KEY,
    /// AGENT_FULLCHAIN, AGENT_CHAIN, AGENT_P12, AGENT_SERIAL, AGENT_NOT_AFTER
    #[arg(long, value_name = "CMD")]
    pub deploy_hook: Option<String>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub platform: PlatformArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub login: LoginArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub trust: TrustArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub install: InstallArgs,
    /// Print a JSON summary
    #[arg(long)]
    pub json: bool,
}

/// Runs `agent renew`.
pub fn run(ctx: &Context, a: RenewArgs) -> Result<u8> {
    let req = RunRequest {
        within: a.within.as_deref(),
        structures: (a.structures.iter()).map(|s| s.as_str().into()).collect(),
        dry_run: a.dry_run,
        deploy_hook: a.deploy_hook.as_deref(),
        est_url: a.platform.url(ctx),
        tokens: TokenDefaults {
            module: ctx.pkcs11_module.clone(),
            pin_file: ctx.config.key_store.pin_file.clone(),
        },
        now: ::time::OffsetDateTime::now_utc(),
    };
    let progress = LazyProgress::default();
    let on_event = |e: RunEvent<'_>| match e {
        RunEvent::TargetFailed(_) => eprintln!("{}", tr!("error-line", message = e.localize())),
        RunEvent::Preparing { .. } | RunEvent::Hook(HookEvent::Running(_)) => {
            progress.get().step(e.localize())
        }
        RunEvent::Hook(HookEvent::Failed(_)) | RunEvent::NotCleared(_) => warn(e.localize()),
        RunEvent::Portal(_) if !a.json => print!("{}", e.localize()),
        RunEvent::Portal(_) => {}
        RunEvent::Finished => progress.finish(),
    };
    let import = || import_options(ctx, None, &a.trust, &a.install);
    let connect = |url: &str| {
        let platform = a.platform.prepare(ctx, url)?;
        let session = login_card(ctx, &a.login, progress.get())?;
        Ok((est_client(platform, &session)?, session))
    };
    let run = renew_all(
        &ctx.home,
        &ctx.config,
        req,
        &import,
        connect,
        &on_event,
        &progress,
    )?;
    let r = match run {
        RenewRun::DryRun { .. } => {
            let plan = run.plan().expect("a dry run has a plan");
            match a.json {
                true => print_json(&plan)?,
                false => println!("{}", plan.localize()),
            }
            return Ok(exit::OK);
        }
        RenewRun::NotStarted { error, alerted } => {
            show_alerts(&alerted);
            return Err(error);
        }
        RenewRun::Done(r) => r,
    };
    show_alerts(&r.alerted);
    let code = match (a.json, r.due) {
        (true, _) => print_json(&r.summary()).map(|()| exit::of_outcomes(&r.outcomes))?,
        (false, 0) => {
            println!("{}", nothing_due(r.checked, &r.window));
            exit::OK
        }
        (false, _) => print_outcomes(&r.outcomes, false)?,
    };
    if code == exit::OK && !r.hook_failures.is_empty() {
        note(tr!("renew-hook-failed-exit"));
    }
    Ok(exit::of_renewal(code, &r))
}

/// Shows what became of the alerts of the run's failures: a warning, or a note per alert sent.
fn show_alerts(alerted: &Alerted) {
    if let Some(w) = alerted.warning() {
        warn(w);
    }
    for n in alerted.notes() {
        note(n);
    }
}
