//! Alerts: `agent notify` tells the technical administrator, by e-mail, webhook or command, that a
//! certificate crossed a days-left threshold, expired, became unusable, failed to renew, or could
//! not be written where the DMP software reads it.
//!
//! One job, three parts:
//! - [`events`]: what each installed certificate deserves now (the tightest threshold crossed,
//!   `expired`, `invalid`, `renew_failed`, `target_failed`), from the same scan as `agent status`;
//! - [`state`]: what was already raised, remembered in `<home>/notify/state.json` (atomic writes,
//!   0600 in a 0700 directory), with the outbox of alerts a channel still owes;
//! - [`channel`]: the channels behind one small trait ([`channel::Channel`]), and [`message`] the
//!   texts they send.
//!
//! The rules: **one alert per certificate and event**, raised once (a certificate at 5 days that
//! crosses 60, 30 and 7 at once gets the 7-day alert only); a renewed certificate (new serial)
//! starts afresh; an alert is queued in the state file before any channel is tried, and leaves the
//! outbox only once every channel has taken it: a failing channel keeps it for the next run, the
//! channels that took it are not asked again.

pub mod channel;
pub mod message;
pub mod state;

use crate::i18n::Localize;
use crate::tr;
use std::path::{Path, PathBuf};

use ::time::{Duration, OffsetDateTime};
use serde::{Deserialize, Serialize};

use crate::certificate::chain::TrustAnchors;
use crate::config::Config;
use crate::status::{self, Entry, State, StatusError, StatusOptions};

type Result<T, E = NotifyError> = std::result::Result<T, E>;

pub use channel::{Channel, SendError};
pub use state::{NotifyState, Queued};

/// The default thresholds: 60, 30, 7 and 1 day(s) before notAfter.
pub const DEFAULT_THRESHOLDS: [&str; 4] = ["60d", "30d", "7d", "1d"];

/// Why `agent notify` could not run (a failing channel is not an error: see [`Outcome`]).
#[derive(Debug, thiserror::Error)]
pub enum NotifyError {
    /// A `[notify]` value is wrong.
    #[error("invalid configuration value for notify.{key}: {message}")]
    Config {
        /// The key, under `notify.`.
        key: &'static str,
        /// What is wrong and what to write instead.
        message: String,
    },
    /// A secret file (SMTP password, bearer token) is unreadable or too open.
    #[error("{}: {reason}", path.display())]
    SecretFile {
        /// The file.
        path: PathBuf,
        /// What is wrong and what to do.
        reason: String,
    },
    /// The state file is not what the agent wrote.
    #[error("the notification state {} is damaged: {reason}; move it aside to start afresh (alerts already sent may then be sent again)", path.display())]
    StateDamaged {
        /// The file.
        path: PathBuf,
        /// What the parser said.
        reason: String,
    },
    /// Another `agent notify` or `agent renew` holds the state.
    #[error("another agent run is updating {} (waited {waited} s); try again later", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// Seconds waited.
        waited: u64,
    },
    /// The configuration outside `[notify]` (`[renew] within`) is wrong.
    #[error(transparent)]
    Configuration(#[from] crate::config::ConfigError),
    /// The store could not be checked.
    #[error(transparent)]
    Status(#[from] crate::status::StatusError),
    /// A file of the agent could not be read or written.
    #[error(transparent)]
    Io(#[from] crate::fsutil::IoError),
    /// A secret file could not be read (PIN-file rules: first line, size cap, mode).
    #[error(transparent)]
    Secret(#[from] crate::pin::PinError),
    /// The webhook's trust anchors could not be loaded.
    #[error(transparent)]
    Tls(#[from] crate::enroll::EnrollError),
    /// A channel could not be set up (its runtime, or the state could not be encoded).
    #[error("{0}")]
    Setup(String),
}

impl Localize for NotifyError {
    fn localize(&self) -> String {
        match self {
            NotifyError::Config { key, message } => {
                tr!("err-notify-config", key = key, reason = message)
            }
            NotifyError::SecretFile { path, reason } => {
                tr!("err-notify-secret-file", path = path, reason = reason)
            }
            NotifyError::StateDamaged { path, reason } => {
                tr!("err-notify-state-damaged", path = path, reason = reason)
            }
            NotifyError::Locked { path, waited } => {
                tr!("err-notify-locked", path = path, waited = *waited)
            }
            NotifyError::Configuration(e) => e.localize(),
            NotifyError::Status(e) => e.localize(),
            NotifyError::Io(e) => e.localize(),
            NotifyError::Secret(e) => e.localize(),
            NotifyError::Tls(e) => e.localize(),
            // Built with the library's English text.
            NotifyError::Setup(m) => m.clone(),
        }
    }
}

/// A days-left threshold, as configured (`30d`) and as a duration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    /// The text of the configuration (`30d`), used in alerts and in the state.
    pub name: String,
    /// The duration before notAfter.
    pub before: Duration,
}

/// Parses the thresholds (humantime, positive, distinct), tightest last.
pub fn parse_thresholds(values: &[String]) -> Result<Vec<Threshold>, NotifyError> {
    let mut out: Vec<Threshold> = Vec::new();
    for v in values {
        let bad = |m: String| NotifyError::Config {
            key: "thresholds",
            message: format!("{v:?}: {m} (use durations such as \"30d\", \"7d\", \"12h\")"),
        };
        let d = humantime::parse_duration(v.trim()).map_err(|e| bad(e.to_string()))?;
        let before = Duration::try_from(d).map_err(|e| bad(e.to_string()))?;
        if before <= Duration::ZERO {
            return Err(bad("a threshold must be longer than zero".into()));
        }
        if out.iter().any(|t| t.before == before) {
            return Err(bad("given twice".into()));
        }
        out.push(Threshold {
            name: v.trim().to_string(),
            before,
        });
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.before));
    Ok(out)
}

/// What happened to a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A days-left threshold was crossed.
    Threshold,
    /// notAfter has passed.
    Expired,
    /// The live pair is unusable (status `invalid`).
    Invalid,
    /// `agent renew` tried and failed.
    RenewFailed,
    /// A copy the DMP software reads (PKCS#12, NSS database, export directory) could not be written.
    TargetFailed,
}

impl EventKind {
    /// The name in alerts, JSON and the state file.
    pub fn name(self) -> &'static str {
        match self {
            EventKind::Threshold => "threshold",
            EventKind::Expired => "expired",
            EventKind::Invalid => "invalid",
            EventKind::RenewFailed => "renew_failed",
            EventKind::TargetFailed => "target_failed",
        }
    }
}

/// One alert, exactly as the webhook receives it (one JSON object per alert).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Alert {
    /// `threshold`, `expired`, `invalid`, `renew_failed` or `target_failed`.
    pub event: EventKind,
    /// The threshold crossed (`30d`), for `threshold` alerts.
    pub threshold: Option<String>,
    /// National structure id.
    pub structure: String,
    /// Raison sociale.
    pub raison_sociale: Option<String>,
    /// `AUTH_CLI`, `SIGN` or `CONF`.
    pub usage: String,
    /// The certificate's CN.
    pub cn: Option<String>,
    /// Serial, upper-case hex.
    pub serial: Option<String>,
    /// notAfter.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_after: Option<OffsetDateTime>,
    /// Whole days left when the alert was raised (negative once expired).
    pub days_left: Option<i64>,
    /// When renewal is due.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub renew_after: Option<OffsetDateTime>,
    /// The status state when the alert was raised.
    pub state: State,
    /// The host the agent runs on.
    pub host: String,
}

/// How the certificates of this host are renewed, for the "what to do" of an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Renewal {
    /// `[platform] est_url` is set: `agent renew` orders and installs.
    Automatic,
    /// No EST platform: `agent renew` prepares the order, the portal issues, `agent import` installs.
    Portal,
}

/// `[notify]`, checked.
pub struct Settings {
    /// Thresholds, widest first.
    pub thresholds: Vec<Threshold>,
    /// The channels, in the order they are tried.
    pub channels: Vec<Box<dyn Channel>>,
    /// How renewal works here.
    pub renewal: Renewal,
    /// The renewal window (`[renew] within`), for `renew_after`.
    pub renew_window: Duration,
    /// The host name put in alerts.
    pub host: String,
}

impl Settings {
    /// Reads `[notify]` (and `[renew] within`, `[platform] est_url`) from the configuration.
    /// Secret files are read here, once.
    pub fn from_config(config: &Config) -> Result<Settings> {
        let n = &config.notify;
        let thresholds = match &n.thresholds {
            Some(t) => parse_thresholds(t)?,
            None => parse_thresholds(&DEFAULT_THRESHOLDS.map(String::from))?,
        };
        let mut channels: Vec<Box<dyn Channel>> = Vec::new();
        if let Some(e) = &n.email {
            channels.push(Box::new(channel::Email::from_config(e)?));
        }
        if let Some(w) = &n.webhook {
            channels.push(Box::new(channel::Webhook::from_config(w)?));
        }
        if let Some(c) = &n.command {
            channels.push(Box::new(channel::Command::from_config(c)?));
        }
        Ok(Settings {
            thresholds,
            channels,
            renewal: if config.platform.est_url.is_some() {
                Renewal::Automatic
            } else {
                Renewal::Portal
            },
            renew_window: crate::status::configured_window(config)?,
            host: host_name(),
        })
    }

    /// Whether any channel is configured.
    pub fn is_configured(&self) -> bool {
        !self.channels.is_empty()
    }
}

/// This host's name (`gethostname`), or `localhost`.
pub fn host_name() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that many bytes.
    #[allow(unsafe_code)]
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return "localhost".into();
    }
    let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
    match std::str::from_utf8(&buf[..end]) {
        Ok(s) if !s.is_empty() => s.to_string(),
        _ => "localhost".into(),
    }
}

/// Which events a run raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Every event (`agent notify`).
    All,
    /// Only renewal failures (`agent renew` right after a failure).
    RenewFailures,
}

/// What to do.
#[derive(Debug, Clone)]
pub struct NotifyOptions<'a> {
    /// The time of the check.
    pub now: OffsetDateTime,
    /// Print what would be sent; send and remember nothing.
    pub dry_run: bool,
    /// Which events.
    pub scope: Scope,
    /// Trust anchors for the chain check (as `agent status`).
    pub anchors: Option<&'a TrustAnchors>,
}

/// One channel's answer for one alert.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// The channel (`email`, `webhook`, `command`).
    pub channel: String,
    /// Why it failed (`None`: delivered), in English.
    pub error: Option<String>,
    /// Why it failed, typed (for a message in the language of the run).
    #[serde(skip)]
    pub failure: Option<SendError>,
}

/// One alert of the run and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The alert.
    pub alert: Alert,
    /// Raised in this run (else: kept from an earlier run).
    pub new: bool,
    /// The e-mail subject (the one-line summary every channel gets), in English whatever the
    /// language of the run: it is a JSON value ([`message::subject_of`] words it in another).
    pub subject: String,
    /// The channels tried in this run.
    pub deliveries: Vec<Delivery>,
    /// The channels that still owe it (sent on the next run).
    pub pending: Vec<String>,
}

/// The outcome of a run.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Installed certificates looked at.
    pub checked: usize,
    /// A dry run (nothing sent, nothing remembered).
    pub dry_run: bool,
    /// Every alert raised or retried.
    pub alerts: Vec<Report>,
    /// Alerts still owed by a channel after this run.
    pub kept: usize,
}

impl Outcome {
    /// Whether a channel failed in this run.
    pub fn channel_failed(&self) -> bool {
        self.alerts
            .iter()
            .any(|a| a.deliveries.iter().any(|d| d.error.is_some()))
    }
}

/// The slot key of the state file: `structure/USAGE`.
pub fn slot_key(structure: &str, usage: &str) -> String {
    format!("{structure}/{usage}")
}

/// The events one row deserves now, before the state is consulted: the tightest threshold
/// crossed, or `expired`, or `invalid`; `renew_failed` when renewal failed for this serial;
/// `target_failed` when a target could not be written.
pub fn events<'t>(
    e: &Entry,
    thresholds: &'t [Threshold],
    now: OffsetDateTime,
    renew_failed: bool,
) -> Vec<(EventKind, Option<&'t Threshold>)> {
    let mut out = Vec::new();
    match e.state {
        State::Invalid => out.push((EventKind::Invalid, None)),
        State::Expired => out.push((EventKind::Expired, None)),
        State::Ok | State::Expiring => {
            if let Some(na) = e.not_after {
                let left = na - now;
                // Thresholds are widest first: the last one crossed is the tightest.
                if let Some(t) = thresholds.iter().rev().find(|t| left <= t.before) {
                    out.push((EventKind::Threshold, Some(t)));
                }
            }
        }
        State::Missing | State::Pending => return out,
    }
    if renew_failed {
        out.push((EventKind::RenewFailed, None));
    }
    // An install target (NSS database, export directory) the DMP software reads was not written.
    if !e.target_errors.is_empty() {
        out.push((EventKind::TargetFailed, None));
    }
    out
}

/// Raises the new alerts of `report` into `st` (records and outbox), for the channels `channels`.
/// Returns the queued alerts raised.
pub fn raise(
    st: &mut NotifyState,
    entries: &[Entry],
    settings: &Settings,
    opts: &NotifyOptions<'_>,
    channels: &[String],
) -> Vec<Queued> {
    let mut raised = Vec::new();
    if opts.scope == Scope::All {
        // Records of slots that are no longer installed are dropped (a full scan sees them all).
        let live: std::collections::HashSet<String> = entries
            .iter()
            .filter(|e| !matches!(e.state, State::Missing | State::Pending))
            .map(|e| slot_key(&e.structure.to_string(), status::usage_label(e.usage)))
            .collect();
        st.certs.retain(|k, _| live.contains(k));
        st.renew_failures.retain(|k, _| live.contains(k));
    }
    for e in entries
        .iter()
        .filter(|e| !matches!(e.state, State::Missing | State::Pending))
    {
        let usage = status::usage_label(e.usage);
        let key = slot_key(&e.structure.to_string(), usage);
        let failure = st
            .renew_failures
            .get(&key)
            .filter(|f| f.serial == e.serial)
            .cloned();
        let rec = st.certs.entry(key.clone()).or_default();
        if rec.serial != e.serial {
            // A new certificate (renewed, re-imported, rolled back): it starts afresh.
            *rec = state::CertRecord {
                serial: e.serial.clone(),
                ..Default::default()
            };
        }
        for (kind, threshold) in events(e, &settings.thresholds, opts.now, failure.is_some()) {
            if opts.scope == Scope::RenewFailures && kind != EventKind::RenewFailed {
                continue;
            }
            let fresh = match (kind, threshold) {
                (EventKind::Threshold, Some(t)) => rec
                    .threshold_seconds
                    .is_none_or(|sent| t.before.whole_seconds() < sent),
                _ => !rec.sent.contains(&kind),
            };
            if !fresh {
                continue;
            }
            match (kind, threshold) {
                (EventKind::Threshold, Some(t)) => {
                    rec.threshold_seconds = Some(t.before.whole_seconds())
                }
                _ => {
                    rec.sent.insert(kind);
                }
            }
            let alert = Alert {
                event: kind,
                threshold: threshold.map(|t| t.name.clone()),
                structure: e.structure.to_string(),
                raison_sociale: e.raison_sociale.clone(),
                usage: usage.to_string(),
                cn: e.cn.clone(),
                serial: e.serial.clone(),
                not_after: e.not_after,
                days_left: e.days_left,
                renew_after: e.not_after.map(|t| t - settings.renew_window),
                state: e.state,
                host: settings.host.clone(),
            };
            let detail = match kind {
                EventKind::RenewFailed => failure.as_ref().map(|f| f.error.clone()),
                _ => e.detail.clone(),
            };
            let q = Queued {
                id: format!(
                    "{key}/{}/{}/{}",
                    e.serial.as_deref().unwrap_or("-"),
                    kind.name(),
                    threshold.map(|t| t.name.as_str()).unwrap_or("")
                ),
                raised_at: opts.now,
                alert,
                path: e.path.clone(),
                detail,
                renewal: settings.renewal,
                pending: channels.to_vec(),
                last_error: None,
            };
            st.outbox.push(q.clone());
            raised.push(q);
        }
    }
    raised
}

/// Runs a notification pass over `home`: scan, raise the new alerts, deliver the outbox.
///
/// The state is locked for the whole run; new alerts are written to the outbox before any channel
/// is tried, and each alert's remaining channels are saved after each delivery.
pub fn run(home: &Path, settings: &Settings, opts: &NotifyOptions<'_>) -> Result<Outcome> {
    let status_opts = StatusOptions {
        now: opts.now,
        window: status::DEFAULT_WINDOW,
        anchors: opts.anchors,
        structures: Vec::new(),
        threads: 0,
        renew_window: settings.renew_window,
    };
    let entries = match status::scan(home, &status_opts) {
        Ok(r) => r.entries,
        Err(StatusError::NothingToCheck { .. }) => Vec::new(),
        Err(e) => return Err(e.into()),
    };
    let checked = entries
        .iter()
        .filter(|e| !matches!(e.state, State::Missing | State::Pending))
        .count();
    let channel_names: Vec<String> = settings
        .channels
        .iter()
        .map(|c| c.name().to_string())
        .collect();
    let _lock = if opts.dry_run {
        None
    } else {
        Some(state::lock(home)?)
    };
    let mut st = NotifyState::load(home)?;
    let raised = raise(&mut st, &entries, settings, opts, &channel_names);
    let new_ids: std::collections::HashSet<String> = raised.iter().map(|q| q.id.clone()).collect();
    // Channels removed from the configuration owe nothing any more.
    for q in &mut st.outbox {
        q.pending.retain(|c| channel_names.contains(c));
    }
    st.outbox.retain(|q| !q.pending.is_empty());
    let in_scope = |q: &Queued| opts.scope == Scope::All || q.alert.event == EventKind::RenewFailed;
    if opts.dry_run {
        let alerts = st
            .outbox
            .iter()
            .filter(|q| in_scope(q))
            .map(|q| Report {
                alert: q.alert.clone(),
                new: new_ids.contains(&q.id),
                subject: message::subject(q, message::Lang::En),
                deliveries: Vec::new(),
                pending: q.pending.clone(),
            })
            .collect::<Vec<_>>();
        return Ok(Outcome {
            checked,
            dry_run: true,
            kept: 0,
            alerts,
        });
    }
    if !raised.is_empty() {
        st.save(home)?;
    }
    let mut reports = Vec::new();
    let mut i = 0;
    while i < st.outbox.len() {
        if !in_scope(&st.outbox[i]) {
            i += 1;
            continue;
        }
        let mut deliveries = Vec::new();
        for ch in &settings.channels {
            if !st.outbox[i].pending.iter().any(|c| c == ch.name()) {
                continue;
            }
            match ch.send(&st.outbox[i]) {
                Ok(()) => {
                    st.outbox[i].pending.retain(|c| c != ch.name());
                    deliveries.push(Delivery {
                        channel: ch.name().to_string(),
                        error: None,
                        failure: None,
                    });
                }
                Err(err) => {
                    st.outbox[i].last_error = Some(format!("{}: {err}", ch.name()));
                    deliveries.push(Delivery {
                        channel: ch.name().to_string(),
                        error: Some(err.to_string()),
                        failure: Some(err),
                    });
                }
            }
        }
        let q = &st.outbox[i];
        reports.push(Report {
            alert: q.alert.clone(),
            new: new_ids.contains(&q.id),
            subject: message::subject(q, message::Lang::En),
            deliveries,
            pending: q.pending.clone(),
        });
        if q.pending.is_empty() {
            st.outbox.remove(i);
        } else {
            i += 1;
        }
        st.save(home)?;
    }
    Ok(Outcome {
        checked,
        dry_run: false,
        kept: st.outbox.len(),
        alerts: reports,
    })
}

/// Records that `agent renew` failed for these live certificates (`structure`, `usage` label,
/// serial, error), so that `agent notify` raises one `renew_failed` alert per certificate.
pub fn record_renew_failures(
    home: &Path,
    failures: &[(String, String, Option<String>, String)],
    now: OffsetDateTime,
) -> Result<()> {
    if failures.is_empty() {
        return Ok(());
    }
    let _lock = state::lock(home)?;
    let mut st = NotifyState::load(home)?;
    for (structure, usage, serial, error) in failures {
        st.renew_failures.insert(
            slot_key(structure, usage),
            state::RenewFailure {
                serial: serial.clone(),
                at: now,
                error: error.clone(),
            },
        );
    }
    st.save(home)
}

/// Forgets the renewal failure of a slot (its renewal succeeded).
pub fn clear_renew_failure(home: &Path, structure: &str, usage: &str) -> Result<()> {
    if !state::path(home).exists() {
        return Ok(());
    }
    let _lock = state::lock(home)?;
    let mut st = NotifyState::load(home)?;
    if st
        .renew_failures
        .remove(&slot_key(structure, usage))
        .is_some()
    {
        st.save(home)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Usage;

    fn now() -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap()
    }

    fn entry(serial: &str, days: i64) -> Entry {
        let na = now() + Duration::days(days) + Duration::hours(1);
        let state = if days < 0 {
            State::Expired
        } else if days < 60 {
            State::Expiring
        } else {
            State::Ok
        };
        let mut e = Entry::new(
            &"1010000024".parse().unwrap(),
            Usage::AuthCli,
            state,
            PathBuf::from("/x/live"),
        );
        e.serial = Some(serial.into());
        e.not_after = Some(na);
        e.days_left = Some(days);
        e
    }

    fn settings() -> Settings {
        Settings {
            thresholds: parse_thresholds(&DEFAULT_THRESHOLDS.map(String::from)).unwrap(),
            channels: Vec::new(),
            renewal: Renewal::Portal,
            renew_window: Duration::days(60),
            host: "h".into(),
        }
    }

    fn opts(at: OffsetDateTime) -> NotifyOptions<'static> {
        NotifyOptions {
            now: at,
            dry_run: false,
            scope: Scope::All,
            anchors: None,
        }
    }

    fn names(q: &[Queued]) -> Vec<String> {
        q.iter()
            .map(|q| {
                format!(
                    "{}:{}",
                    q.alert.event.name(),
                    q.alert.threshold.clone().unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn thresholds_sort_and_refuse_bad_values() {
        let t = parse_thresholds(&["7d".into(), "60d".into(), "30d".into()]).unwrap();
        let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["60d", "30d", "7d"]);
        assert!(parse_thresholds(&["soon".into()]).is_err());
        assert!(parse_thresholds(&["0d".into()]).is_err());
        assert!(parse_thresholds(&["7d".into(), "1w".into()]).is_err());
    }

    #[test]
    fn a_target_not_written_is_alerted_once() {
        let s = settings();
        let mut st = NotifyState::default();
        let ch = vec!["email".to_string()];
        let mut e = entry("01", 1000);
        e.target_errors = vec!["the export directory /x was not updated".into()];
        let r = raise(&mut st, std::slice::from_ref(&e), &s, &opts(now()), &ch);
        assert_eq!(names(&r), ["target_failed:"]);
        assert!(raise(&mut st, &[e], &s, &opts(now()), &ch).is_empty());
        assert!(raise(&mut st, &[entry("01", 1000)], &s, &opts(now()), &ch).is_empty());
    }

    #[test]
    fn tightest_threshold_once_then_the_next_then_expired() {
        let s = settings();
        let mut st = NotifyState::default();
        let ch = vec!["email".to_string()];
        // 5 days left: 60, 30 and 7 crossed at once, one alert (7d).
        let r = raise(&mut st, &[entry("01", 5)], &s, &opts(now()), &ch);
        assert_eq!(names(&r), ["threshold:7d"]);
        assert_eq!(
            r[0].alert.renew_after,
            Some(now() + Duration::days(5) + Duration::hours(1) - Duration::days(60))
        );
        // Same day again: nothing.
        assert!(raise(&mut st, &[entry("01", 5)], &s, &opts(now()), &ch).is_empty());
        // A day before the end: 1d; then expired.
        assert_eq!(
            names(&raise(&mut st, &[entry("01", 0)], &s, &opts(now()), &ch)),
            ["threshold:1d"]
        );
        assert_eq!(
            names(&raise(&mut st, &[entry("01", -1)], &s, &opts(now()), &ch)),
            ["expired:"]
        );
        assert!(raise(&mut st, &[entry("01", -2)], &s, &opts(now()), &ch).is_empty());
        assert_eq!(st.outbox.len(), 3);
        // Renewed (new serial, 3 years): nothing; at 45 days, the 60d alert of the new one.
        assert!(raise(&mut st, &[entry("02", 1000)], &s, &opts(now()), &ch).is_empty());
        assert_eq!(
            names(&raise(&mut st, &[entry("02", 45)], &s, &opts(now()), &ch)),
            ["threshold:60d"]
        );
        assert_eq!(
            names(&raise(&mut st, &[entry("02", 29)], &s, &opts(now()), &ch)),
            ["threshold:30d"]
        );
    }

    #[test]
    fn invalid_and_renew_failure_once_per_serial() {
        let s = settings();
        let mut st = NotifyState::default();
        let ch = vec!["webhook".to_string()];
        let mut bad = entry("01", 100);
        bad.state = State::Invalid;
        bad.detail = Some("key does not match".into());
        let r = raise(&mut st, std::slice::from_ref(&bad), &s, &opts(now()), &ch);
        assert_eq!(names(&r), ["invalid:"]);
        assert_eq!(r[0].detail.as_deref(), Some("key does not match"));
        assert!(raise(&mut st, &[bad], &s, &opts(now()), &ch).is_empty());
        st.renew_failures.insert(
            slot_key("1010000024", "AUTH_CLI"),
            state::RenewFailure {
                serial: Some("03".into()),
                at: now(),
                error: "no PIN".into(),
            },
        );
        // Only renewal failures in scope: the threshold waits for `agent notify`.
        let mut o = opts(now());
        o.scope = Scope::RenewFailures;
        let r = raise(&mut st, &[entry("03", 20)], &s, &o, &ch);
        assert_eq!(names(&r), ["renew_failed:"]);
        assert_eq!(r[0].detail.as_deref(), Some("no PIN"));
        let r = raise(&mut st, &[entry("03", 20)], &s, &opts(now()), &ch);
        assert_eq!(names(&r), ["threshold:30d"]);
        // A failure recorded for another serial does not apply.
        assert!(raise(&mut st, &[entry("04", 20)], &s, &o, &ch).is_empty());
    }
}
