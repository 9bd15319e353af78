//! What `agent renew` decides before it renews and says after: the window and the deploy hook of
//! the run (flag, then `[renew]`), the dry-run plan and the summary, as JSON documents and in the
//! language of the run.

use serde::Serialize;

use crate::config::{parse_duration, Config};
use crate::error::Result;
use crate::i18n::{quote, Localize};
use crate::keys::KeyAlgorithm;
use crate::order::Outcome;
use crate::tr;

use super::{Due, DueReason};

/// The default renewal window, as `--within` takes it.
pub const DEFAULT_WITHIN: &str = "60d";

/// The renewal window of a run: `--within`, else `[renew] within`, else [`DEFAULT_WITHIN`]; the
/// text as given (for the messages) and the duration.
pub(crate) struct Window {
    /// The window as given.
    pub text: String,
    /// The window.
    pub duration: std::time::Duration,
}

impl Window {
    /// The window of this run.
    pub(crate) fn of_run(flag: Option<&str>, config: &Config) -> Result<Window> {
        let text = flag
            .map(str::to_string)
            .or_else(|| config.renew.within.clone())
            .unwrap_or_else(|| DEFAULT_WITHIN.to_string());
        let duration = parse_duration("--within", &text)?;
        Ok(Window { text, duration })
    }
}

/// The deploy hook of a run: `--deploy-hook`, else `[renew] deploy_hook`.
pub(crate) fn deploy_hook_of_run(flag: Option<&str>, config: &Config) -> Option<String> {
    flag.map(str::to_string)
        .or_else(|| config.renew.deploy_hook.clone())
}

/// The platform of a run as the JSON plan says it (scripts read it: the same in every language).
pub(crate) fn platform_of_run(url: Option<&str>) -> String {
    match url {
        Some(u) => format!("EST {u} (simplereenroll)"),
        None => "portal (no EST URL configured): requests are prepared for the portal".to_string(),
    }
}

/// The dry-run plan of `agent renew --dry-run`: its JSON document, and its text
/// ([`Localize`]).
#[derive(Serialize)]
pub(crate) struct Plan<'a> {
    /// Always true.
    pub dry_run: bool,
    /// The window in days.
    pub within_days: u64,
    /// How many certificates were checked.
    pub checked: usize,
    /// What is due.
    pub due: &'a [Due],
    /// [`platform_of_run`].
    pub platform: String,
    /// The deploy hook of the run.
    pub deploy_hook: Option<String>,
    /// The window as given.
    #[serde(skip)]
    pub within_text: String,
    /// Whether the run has an EST URL.
    #[serde(skip)]
    pub est: bool,
}

impl<'a> Plan<'a> {
    /// The dry-run plan of a run: its window, what was checked and is due, its platform (the EST
    /// URL, `None`: the portal) and its deploy hook.
    pub(crate) fn new(
        window: &Window,
        checked: usize,
        due: &'a [Due],
        est_url: Option<&str>,
        deploy_hook: Option<String>,
    ) -> Plan<'a> {
        Plan {
            dry_run: true,
            within_days: window.duration.as_secs() / 86_400,
            checked,
            due,
            platform: platform_of_run(est_url),
            deploy_hook,
            within_text: window.text.clone(),
            est: est_url.is_some(),
        }
    }
}

impl Localize for Plan<'_> {
    fn localize(&self) -> String {
        let mut lines = vec![
            tr!("renew-dry-run"),
            tr!(
                "renew-checked",
                checked = self.checked,
                within = self.within_text,
                due = self.due.len()
            ),
        ];
        for d in self.due {
            lines.push(format!("  {}", due_line(d)));
            lines.extend(new_request_lines(d).into_iter().map(|l| format!("    {l}")));
        }
        let platform = if self.est {
            self.platform.clone()
        } else {
            tr!("renew-platform-portal")
        };
        lines.push(tr!("renew-platform", platform = platform));
        lines.push(tr!(
            "renew-deploy-hook",
            hook = self
                .deploy_hook
                .clone()
                .unwrap_or_else(|| tr!("renew-no-hook"))
        ));
        lines.join("\n")
    }
}

/// The plan's line of one due certificate.
fn due_line(d: &Due) -> String {
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
        reason = d.reason.localize(),
        store = d.key_store.to_string()
    )
}

/// What the new request of a due certificate changes: its CN, its key algorithm.
fn new_request_lines(d: &Due) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(service) = d.service {
        match d.cn.as_deref() {
            Some(cn) if cn != service => lines.push(tr!(
                "renew-new-cn-differs",
                service = quote(service),
                cn = quote(cn)
            )),
            _ => lines.push(tr!("renew-new-cn", service = quote(service))),
        }
    } else if let Some(service) = &d.own_service {
        // CONF: the name it was ordered with.
        lines.push(tr!("renew-new-cn", service = quote(service)));
    }
    if d.key_algorithm != KeyAlgorithm::Rsa2048 {
        lines.push(tr!(
            "renew-new-key",
            algorithm = d.key_algorithm.to_string()
        ));
    }
    lines
}

impl Localize for DueReason {
    fn localize(&self) -> String {
        match self {
            DueReason::Expiring => tr!("renew-reason-expiring"),
            DueReason::Expired => tr!("renew-reason-expired"),
            DueReason::Invalid => tr!("renew-reason-invalid"),
        }
    }
}

/// What the deploy hook is doing, in the language of the run (a progress step while it runs, a
/// warning when it failed).
impl Localize for super::HookEvent<'_> {
    fn localize(&self) -> String {
        match self {
            super::HookEvent::Running(out) => tr!(
                "renew-running-hook",
                structure = out.structure.to_string(),
                usage = out.usage.name()
            ),
            super::HookEvent::Failed(reason) => tr!("renew-hook-failed", reason = *reason),
        }
    }
}

/// An install target an earlier run could not write and this one could not either, in the
/// language of the run.
pub(crate) fn target_failure_message(
    structure: &str,
    usage: crate::csr::Usage,
    e: &crate::store::targets::TargetFailure,
) -> String {
    tr!(
        "outcome-structure-error",
        structure = structure,
        usage = usage.name(),
        reason = crate::sanitize::terminal_text(&e.localize())
    )
}

impl super::Alerted {
    /// What went wrong with the alerts of renewal failures, in the language of the run.
    pub(crate) fn warning(&self) -> Option<String> {
        use super::Alerted;
        match self {
            Alerted::Nothing | Alerted::Sent(_) => None,
            Alerted::NotRecorded(e) => Some(tr!("renew-cannot-record", reason = e.localize())),
            Alerted::NotSent(e) => Some(tr!("renew-alert-not-sent", reason = e.localize())),
            Alerted::ChannelFailed(kept) => Some(tr!("renew-alert-channel-failed", kept = *kept)),
        }
    }

    /// The alerts sent, one note each, in the language of the run.
    pub(crate) fn notes(&self) -> Vec<String> {
        match self {
            super::Alerted::Sent(subjects) => subjects
                .iter()
                .map(|s| tr!("renew-alert-sent", subject = s))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The JSON summary of `agent renew --json`.
#[derive(Serialize)]
pub(crate) struct Summary<'a> {
    /// How many certificates were checked.
    pub checked: usize,
    /// How many were due.
    pub due: usize,
    /// What became of each.
    pub outcomes: &'a [Outcome],
    /// The deploy hook's failures.
    pub hook_failures: &'a [String],
}

/// The line of a run with nothing due.
pub(crate) fn nothing_due(checked: usize, window: &Window) -> String {
    tr!("renew-nothing-due", checked = checked, within = window.text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_and_hook_follow_flag_then_config() {
        let mut config = Config::default();
        let w = Window::of_run(None, &config).unwrap();
        assert_eq!(
            (w.text.as_str(), w.duration.as_secs()),
            ("60d", 60 * 86_400)
        );
        config.renew.within = Some("30d".into());
        config.renew.deploy_hook = Some("systemctl reload dmp".into());
        assert_eq!(Window::of_run(None, &config).unwrap().text, "30d");
        assert_eq!(Window::of_run(Some("7d"), &config).unwrap().text, "7d");
        assert!(Window::of_run(Some("soon"), &config).is_err());
        assert_eq!(
            deploy_hook_of_run(None, &config).as_deref(),
            Some("systemctl reload dmp")
        );
        assert_eq!(deploy_hook_of_run(Some("x"), &config).as_deref(), Some("x"));
    }

    #[test]
    fn platform_of_the_json_plan() {
        assert_eq!(
            platform_of_run(Some("https://pfc.example/.well-known/est")),
            "EST https://pfc.example/.well-known/est (simplereenroll)"
        );
        assert!(platform_of_run(None).starts_with("portal"));
    }
}
