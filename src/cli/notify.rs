//! `agent notify`: send the alerts that are due, by the channels of `[notify]`.

use clap::Args;

use super::args::TrustArgs;
use super::exit;
use super::output::{note, print_json, warn};
use super::Context;
use crate::certificate::chain::TrustAnchors;
use crate::error::Result;
use crate::notify::{self, NotifyOptions, Outcome, Scope, Settings};
use crate::tr;

/// Options of `agent notify`.
#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Print what would be sent (new alerts and alerts kept from a failed run) and send nothing;
    /// nothing is remembered either
    #[arg(long)]
    pub dry_run: bool,
    /// Print a JSON summary: {"checked", "dry_run", "alerts": [{alert, new, subject, deliveries,
    /// pending}], "kept"}
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub trust: TrustArgs,
}

/// Runs `agent notify`.
pub fn run(ctx: &Context, a: NotifyArgs) -> Result<u8> {
    let settings = Settings::from_config(&ctx.config)?;
    let anchors: Option<TrustAnchors> =
        if ctx.config.pki.trust_anchors.is_empty() && a.trust.trust_anchor.is_empty() {
            None
        } else {
            Some(a.trust.anchors(ctx)?)
        };
    if !settings.is_configured() && !a.dry_run {
        note(tr!("notify-no-channel"));
        if a.json {
            print_json(&Outcome::nothing())?;
        }
        return Ok(exit::OK);
    }
    let opts = NotifyOptions {
        now: ::time::OffsetDateTime::now_utc(),
        dry_run: a.dry_run,
        scope: Scope::All,
        anchors: anchors.as_ref(),
    };
    let outcome = notify::run(&ctx.home, &settings, &opts)?;
    if a.json {
        print_json(&outcome)?;
    } else {
        println!(
            "{}",
            notify::text::render(&outcome, settings.is_configured())
        );
    }
    if outcome.channel_failed() {
        warn(tr!(
            "notify-channel-failed",
            kept = outcome.kept,
            code = exit::NOTIFY
        ));
    }
    Ok(exit::of_notify(&outcome))
}
