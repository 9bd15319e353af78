//! `agent renew`: renew what is due, from scripts.

use clap::Args;

use super::args::{
    est_client, import_options, login_card, structure_arg, InstallArgs, LoginArgs, PlatformArgs,
    StructureArg, TrustArgs,
};
use super::exit;
use super::output::{note, print_json, print_outcomes, warn, Progress};
use super::Context;
use crate::error::{Error, Result};
use crate::i18n::Localize;
use crate::order::portal_text;
use crate::renew::plan::{
    deploy_hook_of_run, nothing_due, target_failure_message, Plan, Summary, Window,
};
use crate::renew::{
    alert_failures, all_failed, by_structure, due, prepare_renewals, results_for_notify,
    retry_targets, submit_renewals, DeployHook, Failure, HookEvent, Platform, Renewed,
    TokenDefaults,
};
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
    let window = Window::of_run(a.within.as_deref(), &ctx.config)?;
    let within = window.duration;
    let hook = deploy_hook_of_run(a.deploy_hook.as_deref(), &ctx.config);
    let now = ::time::OffsetDateTime::now_utc();
    // The structures filter what the store holds (its directory names), as given: one with
    // nothing installed or ordered is reported by the scan (exit 3), as `agent status` does.
    let structures: Vec<String> = a
        .structures
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    let (due_list, checked) = due(&ctx.home, within, &structures, now)?;
    let url = a.platform.url(ctx);
    if a.dry_run {
        let plan = Plan::new(&window, checked, &due_list, url.as_deref(), hook);
        if a.json {
            print_json(&plan)?;
        } else {
            println!("{}", plan.localize());
        }
        return Ok(exit::OK);
    }
    // Targets (NSS, export directory) an earlier run could not write are tried again first.
    let target_failures = retry_targets(&ctx.home, &structures, || {
        import_options(ctx, None, &a.trust, &a.install)
    })?;
    for (structure, usage, e) in &target_failures {
        let message = target_failure_message(structure, *usage, e);
        eprintln!("{}", tr!("error-line", message = message));
    }
    let targets_code = if target_failures.is_empty() {
        exit::OK
    } else {
        exit::IO
    };
    if due_list.is_empty() {
        if a.json {
            print_json(&Summary {
                checked,
                due: 0,
                outcomes: &[],
                hook_failures: &[],
            })?;
        } else {
            println!("{}", nothing_due(checked, &window));
        }
        return Ok(targets_code);
    }
    let progress = Progress::new();
    // Fail fast when nothing can work unattended: no PIN source, no card.
    let client = match &url {
        Some(u) => {
            let ready = (|| {
                let opts = import_options(ctx, None, &a.trust, &a.install)?;
                let platform = a.platform.prepare(ctx, u)?;
                let session = login_card(ctx, &a.login, &progress)?;
                Ok::<_, Error>((est_client(platform, &session)?, session, opts))
            })();
            match ready {
                Ok(c) => Some(c),
                Err(e) => {
                    progress.finish();
                    alert(ctx, all_failed(&due_list, &e.to_string()), now);
                    return Err(e);
                }
            }
        }
        None => None,
    };
    // One order per structure with its due usages: keys are made first (in parallel for software
    // key stores), then submitted one by one over the single card session.
    let by_structure = by_structure(&due_list);
    progress.step(tr!(
        "renew-preparing",
        due = due_list.len(),
        structures = by_structure.len()
    ));
    let tokens = TokenDefaults {
        module: ctx.pkcs11_module.clone(),
        pin_file: ctx.config.key_store.pin_file.clone(),
    };
    let orders = prepare_renewals(&ctx.home, &by_structure, &tokens, &progress);
    let mut show_portal = |order: &crate::pending::PendingOrder| {
        if !a.json {
            print!("{}", portal_text(order));
        }
    };
    let platform = match &client {
        Some((est, _, opts)) => Platform::Est(est, opts),
        None => Platform::Portal(&mut show_portal),
    };
    let on_hook = |e: HookEvent<'_>| match e {
        HookEvent::Running(_) => progress.step(e.localize()),
        HookEvent::Failed(_) => warn(e.localize()),
    };
    let hook_of_run = hook.as_deref().map(|command| DeployHook {
        command,
        on_event: &on_hook,
    });
    let Renewed {
        outcomes,
        hook_failures,
    } = submit_renewals(
        &ctx.home,
        &due_list,
        orders,
        platform,
        hook_of_run,
        now,
        &progress,
    );
    progress.finish();
    // Renewal failures are remembered for `agent notify` and, with [notify] configured, sent now.
    let (failures, problems) = results_for_notify(&ctx.home, &due_list, &outcomes);
    for e in problems {
        warn(e);
    }
    alert(ctx, failures, now);
    let code = if a.json {
        print_json(&Summary {
            checked,
            due: due_list.len(),
            outcomes: &outcomes,
            hook_failures: &hook_failures,
        })?;
        exit::of_outcomes(&outcomes)
    } else {
        print_outcomes(&outcomes, false)?
    };
    if code == exit::OK && !hook_failures.is_empty() {
        note(tr!("renew-hook-failed-exit"));
        return Ok(exit::FAILURE);
    }
    if code == exit::OK {
        return Ok(targets_code);
    }
    Ok(code)
}

/// Records renewal failures for `agent notify` and sends their alerts when `[notify]` has a
/// channel; what went wrong there is a warning.
fn alert(ctx: &Context, failures: Vec<Failure>, now: ::time::OffsetDateTime) {
    let alerted = alert_failures(&ctx.home, &ctx.config, failures, now);
    if let Some(w) = alerted.warning() {
        warn(w);
    }
    for n in alerted.notes() {
        note(n);
    }
}
