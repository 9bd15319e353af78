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
            print_json(&Outcome {
                checked: 0,
                dry_run: false,
                alerts: Vec::new(),
                kept: 0,
            })?;
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
        print_human(&outcome, &settings);
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

fn print_human(o: &Outcome, settings: &Settings) {
    // The report's subject is English (a JSON value): people read it in the run's language.
    let subject =
        |r: &notify::Report| notify::message::subject_of(&r.alert, crate::i18n::current());
    if o.dry_run {
        println!("{}", tr!("notify-dry-run"));
        if !settings.is_configured() {
            println!("{}", tr!("notify-dry-run-no-channel"));
        }
        for r in &o.alerts {
            let to = if r.pending.is_empty() {
                tr!("notify-no-channel-short")
            } else {
                r.pending.join(", ")
            };
            let line = if r.new {
                tr!("notify-would-send", subject = subject(r), to = to)
            } else {
                tr!("notify-would-send-kept", subject = subject(r), to = to)
            };
            println!("  {line}");
        }
    } else {
        for r in &o.alerts {
            let sent: Vec<&str> = r
                .deliveries
                .iter()
                .filter(|d| d.error.is_none())
                .map(|d| d.channel.as_str())
                .collect();
            if !sent.is_empty() {
                println!(
                    "  {}",
                    tr!(
                        "notify-sent",
                        channels = sent.join(", "),
                        subject = subject(r)
                    )
                );
            }
            for d in r.deliveries.iter().filter(|d| d.error.is_some()) {
                println!(
                    "  {}",
                    tr!(
                        "notify-not-sent",
                        channel = d.channel,
                        subject = subject(r),
                        reason = match &d.failure {
                            Some(f) => send_error_text(f),
                            None => d.error.clone().unwrap_or_default(),
                        }
                    )
                );
            }
        }
    }
    let new = o.alerts.iter().filter(|r| r.new).count();
    println!(
        "{}",
        tr!(
            "notify-summary",
            checked = o.checked,
            new = new,
            kept = o.kept
        )
    );
}

/// Why a channel did not deliver, in the language of the run (the peer's and the system's texts
/// inside are as they came).
pub fn send_error_text(e: &notify::SendError) -> String {
    use super::report::quote;
    match e {
        notify::SendError::Transport(m) => m.clone(),
        notify::SendError::Refused {
            url,
            status,
            answer,
        } => tr!(
            "notify-send-refused",
            url = url,
            status = status,
            answer = answer
        ),
        notify::SendError::CommandNotRun { run, reason } => tr!(
            "notify-send-command-not-run",
            run = quote(run),
            reason = reason
        ),
        notify::SendError::CommandFailed { run, status } => tr!(
            "notify-send-command-failed",
            run = quote(run),
            status = status
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English catalogue says what the library's Display says.
    #[test]
    fn english_send_errors_are_the_library_display() {
        for e in [
            notify::SendError::Transport("SMTP x:25: refused".into()),
            notify::SendError::Refused {
                url: "https://h/agent".into(),
                status: "500 Internal Server Error".into(),
                answer: "no".into(),
            },
            notify::SendError::CommandNotRun {
                run: "x".into(),
                reason: "r".into(),
            },
            notify::SendError::CommandFailed {
                run: "exit 3".into(),
                status: "exit status: 3".into(),
            },
        ] {
            assert_eq!(send_error_text(&e), e.to_string(), "{e:?}");
        }
    }
}
