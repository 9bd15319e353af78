//! `agent renew`: renew what is due, from scripts.

use crate::i18n::Localize;
use clap::Args;
use serde::Serialize;

use super::args::{
    est_client, import_options, login_card, structure_arg, InstallArgs, LoginArgs, PlatformArgs,
    StructureArg, TrustArgs,
};
use super::exit;
use super::output::{note, portal_text, print_json, print_outcomes, warn, Progress};
use super::Context;
use crate::config::parse_duration;
use crate::error::{Error, Result};
use crate::order::Outcome;
use crate::renew::{
    alert_failures, all_failed, by_structure, due, prepare_renewals, results_for_notify,
    submit_renewals, Alerted, DeployHook, Due, DueReason, Failure, HookEvent, Platform, Renewed,
    TokenDefaults,
};
use crate::tr;

/// The default renewal window.
pub const DEFAULT_WITHIN: &str = "60d";

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

#[derive(Serialize)]
struct Plan<'a> {
    dry_run: bool,
    within_days: u64,
    checked: usize,
    due: &'a [Due],
    platform: String,
    deploy_hook: Option<String>,
}

#[derive(Serialize)]
struct Summary<'a> {
    checked: usize,
    due: usize,
    outcomes: &'a [Outcome],
    hook_failures: &'a [String],
}

/// Runs `agent renew`.
pub fn run(ctx: &Context, a: RenewArgs) -> Result<u8> {
    let within_text = a
        .within
        .clone()
        .or_else(|| ctx.config.renew.within.clone())
        .unwrap_or_else(|| DEFAULT_WITHIN.to_string());
    let within = parse_duration("--within", &within_text)?;
    let hook = a
        .deploy_hook
        .clone()
        .or_else(|| ctx.config.renew.deploy_hook.clone());
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
    let platform = match &url {
        Some(u) => format!("EST {u} (simplereenroll)"),
        // The JSON plan's value (scripts read it): the same in every language.
        None => "portal (no EST URL configured): requests are prepared for the portal".to_string(),
    };
    if a.dry_run {
        if a.json {
            print_json(&Plan {
                dry_run: true,
                within_days: within.as_secs() / 86_400,
                checked,
                due: &due_list,
                platform,
                deploy_hook: hook,
            })?;
        } else {
            println!("{}", tr!("renew-dry-run"));
            println!(
                "{}",
                tr!(
                    "renew-checked",
                    checked = checked,
                    within = within_text.to_string(),
                    due = due_list.len()
                )
            );
            for d in &due_list {
                println!(
                    "  {}",
                    tr!(
                        "renew-due-line",
                        structure = d.structure.to_string(),
                        usage = d.usage.name(),
                        name = d.raison_sociale,
                        serial = d.serial.as_deref().unwrap_or("-"),
                        expires = d
                            .not_after
                            .map(|t| t.date().to_string())
                            .unwrap_or_default(),
                        days = d.days_left.unwrap_or(0),
                        reason = due_reason(&d.reason),
                        store = d.key_store.to_string()
                    )
                );
                if let Some(service) = d.service {
                    match d.cn.as_deref() {
                        Some(cn) if cn != service => println!(
                            "    {}",
                            tr!(
                                "renew-new-cn-differs",
                                service = super::report::quote(service),
                                cn = super::report::quote(cn)
                            )
                        ),
                        _ => println!(
                            "    {}",
                            tr!("renew-new-cn", service = super::report::quote(service))
                        ),
                    }
                } else if let Some(service) = &d.own_service {
                    // CONF: the name it was ordered with.
                    println!(
                        "    {}",
                        tr!("renew-new-cn", service = super::report::quote(service))
                    );
                }
                if d.key_algorithm != crate::keys::KeyAlgorithm::Rsa2048 {
                    println!(
                        "    {}",
                        tr!("renew-new-key", algorithm = d.key_algorithm.to_string())
                    );
                }
            }
            let platform_text = match &url {
                Some(_) => platform.clone(),
                None => tr!("renew-platform-portal"),
            };
            println!("{}", tr!("renew-platform", platform = platform_text));
            println!(
                "{}",
                tr!(
                    "renew-deploy-hook",
                    hook = hook.clone().unwrap_or_else(|| tr!("renew-no-hook"))
                )
            );
        }
        return Ok(exit::OK);
    }
    // Targets (NSS, export directory) an earlier run could not write are tried again first.
    let target_failures =
        if crate::import::slots_with_failed_targets(&ctx.home, &structures)?.is_empty() {
            Vec::new()
        } else {
            let opts = import_options(ctx, None, &a.trust, &a.install)?;
            crate::import::retry_failed_targets(&ctx.home, &opts, &structures)?
        };
    for (structure, usage, e) in &target_failures {
        eprintln!(
            "{}",
            tr!(
                "error-line",
                message = tr!(
                    "outcome-structure-error",
                    structure = structure.to_string(),
                    usage = usage.name(),
                    reason = crate::sanitize::terminal_text(&e.localize())
                )
            )
        );
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
            println!(
                "{}",
                tr!(
                    "renew-nothing-due",
                    checked = checked,
                    within = within_text.to_string()
                )
            );
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
        HookEvent::Running(out) => progress.step(tr!(
            "renew-running-hook",
            structure = out.structure.to_string(),
            usage = out.usage.name()
        )),
        HookEvent::Failed(reason) => warn(tr!("renew-hook-failed", reason = reason)),
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
    match alert_failures(&ctx.home, &ctx.config, failures, now) {
        Alerted::Nothing => {}
        Alerted::NotRecorded(e) => warn(tr!("renew-cannot-record", reason = e.localize())),
        Alerted::NotSent(e) => warn(tr!("renew-alert-not-sent", reason = e.localize())),
        Alerted::ChannelFailed(kept) => warn(tr!("renew-alert-channel-failed", kept = kept)),
        Alerted::Sent(subjects) => {
            for s in &subjects {
                note(tr!("renew-alert-sent", subject = s));
            }
        }
    }
}

/// Why a certificate is due, in the language of the run.
fn due_reason(r: &DueReason) -> String {
    match r {
        DueReason::Expiring => tr!("renew-reason-expiring"),
        DueReason::Expired => tr!("renew-reason-expired"),
        DueReason::Invalid => tr!("renew-reason-invalid"),
    }
}
