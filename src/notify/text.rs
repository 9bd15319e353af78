//! What `agent notify` says to the person who runs it, in the language of the run (the mails'
//! own texts are [`super::message`]'s).

use super::{message, Outcome, Report, SendError};
use crate::i18n::{quote, Localize};
use crate::tr;

/// Why a channel did not deliver, in the language of the run (the peer's and the system's texts
/// inside are as they came).
impl Localize for SendError {
    fn localize(&self) -> String {
        match self {
            SendError::Transport(m) => m.clone(),
            SendError::Refused {
                url,
                status,
                answer,
            } => tr!(
                "notify-send-refused",
                url = url,
                status = status,
                answer = answer
            ),
            SendError::CommandNotRun { run, reason } => tr!(
                "notify-send-command-not-run",
                run = quote(run),
                reason = reason
            ),
            SendError::CommandFailed { run, status } => tr!(
                "notify-send-command-failed",
                run = quote(run),
                status = status
            ),
        }
    }
}

/// The report's subject is English (a JSON value): people read it in the run's language.
fn subject(r: &Report) -> String {
    message::subject_of(&r.alert, crate::i18n::current())
}

/// The text of a run of `agent notify`: what would be sent (dry run) or what was sent and what
/// was not, then the summary line. `configured`: whether a channel is configured.
pub fn render(o: &Outcome, configured: bool) -> String {
    let mut lines = Vec::new();
    if o.dry_run {
        lines.push(tr!("notify-dry-run"));
        if !configured {
            lines.push(tr!("notify-dry-run-no-channel"));
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
            lines.push(format!("  {line}"));
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
                lines.push(format!(
                    "  {}",
                    tr!(
                        "notify-sent",
                        channels = sent.join(", "),
                        subject = subject(r)
                    )
                ));
            }
            for d in r.deliveries.iter().filter(|d| d.error.is_some()) {
                lines.push(format!(
                    "  {}",
                    tr!(
                        "notify-not-sent",
                        channel = d.channel,
                        subject = subject(r),
                        reason = match &d.failure {
                            Some(f) => f.localize(),
                            None => d.error.clone().unwrap_or_default(),
                        }
                    )
                ));
            }
        }
    }
    let new = o.alerts.iter().filter(|r| r.new).count();
    lines.push(tr!(
        "notify-summary",
        checked = o.checked,
        new = new,
        kept = o.kept
    ));
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The English catalogue says what the library's Display says.
    #[test]
    fn english_send_errors_are_the_library_display() {
        for e in [
            SendError::Transport("SMTP x:25: refused".into()),
            SendError::Refused {
                url: "https://h/agent".into(),
                status: "500 Internal Server Error".into(),
                answer: "no".into(),
            },
            SendError::CommandNotRun {
                run: "x".into(),
                reason: "r".into(),
            },
            SendError::CommandFailed {
                run: "exit 3".into(),
                status: "exit status: 3".into(),
            },
        ] {
            assert_eq!(e.localize(), e.to_string(), "{e:?}");
        }
    }
}
