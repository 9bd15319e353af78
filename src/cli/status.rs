//! `agent status`: the installed certificates, their days left and state, as a table, JSON or
//! Prometheus metrics; exits like a monitoring plugin (see `docs/monitoring.md`).

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::TrustArgs;
use super::exit::status as exit;
use super::output::{note, warn};
use super::Context;
use crate::certificate::chain::TrustAnchors;
use crate::error::{Error, Result};
use crate::fsutil::{write_atomic, PUBLIC_FILE_MODE};
use crate::status::{self, StatusOptions, DEFAULT_WINDOW};
use crate::tr;

/// Output formats of `agent status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A table for people.
    Table,
    /// One JSON array.
    Json,
    /// Prometheus text exposition format.
    Prometheus,
}

/// Options of `agent status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Show only what expires within DURATION (e.g. 30d, 8w), expired and invalid certificates
    /// included; without a value, the configured window (status.window, 60d by default). The
    /// window also decides which certificates are `expiring`
    #[arg(long, value_name = "DURATION", num_args = 0..=1, default_missing_value = "")]
    pub expiring: Option<String>,
    /// Only this structure (national structure id); repeatable
    #[arg(long, value_name = "ID")]
    pub structure: Vec<String>,
    /// Output format
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Same as --format json
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
    /// Also write the Prometheus metrics to FILE, atomically (for node_exporter's textfile
    /// collector: a FILE ending in .prom in its directory). Nothing is printed on stdout unless
    /// --format or --json is given
    #[arg(long, value_name = "FILE")]
    pub prometheus_file: Option<PathBuf>,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub trust: TrustArgs,
}

/// The exit code of a failure to check (stderr says why).
fn unknown(e: &Error) -> u8 {
    eprintln!("{}", super::report::error_line(e));
    exit::UNKNOWN
}

/// Runs `agent status`. Never fails: an error is printed and gives exit code 3.
pub fn run(global: &super::GlobalArgs, a: StatusArgs) -> Result<u8> {
    let now = ::time::OffsetDateTime::now_utc();
    let ctx = match Context::new(global) {
        Ok(c) => c,
        Err(e) => return Ok(fail(&a, e, now)),
    };
    match run_ctx(&ctx, &a, now) {
        Ok(code) => Ok(code),
        Err(e) => Ok(fail(&a, e, now)),
    }
}

/// Prints the error and, with --prometheus-file, still writes the file so that alerting sees the
/// failure (exit code 3, one read error, no certificate).
fn fail(a: &StatusArgs, e: Error, now: ::time::OffsetDateTime) -> u8 {
    let code = unknown(&e);
    if let Some(path) = &a.prometheus_file {
        let text = status::render_prometheus(&[], 1, code, DEFAULT_WINDOW, now);
        if let Err(e) = write_atomic(path, text.as_bytes(), PUBLIC_FILE_MODE) {
            warn(e);
        }
    }
    code
}

fn run_ctx(ctx: &Context, a: &StatusArgs, now: ::time::OffsetDateTime) -> Result<u8> {
    let window = match a.expiring.as_deref().filter(|s| !s.is_empty()) {
        Some(w) => status::parse_window(w)?,
        None => match ctx.config.status.window.as_deref() {
            Some(w) => status::parse_window(w)?,
            None => DEFAULT_WINDOW,
        },
    };
    // The same anchors as import (built-in IGC Santé roots plus configured ones); only with the
    // built-in ones turned off and none configured is just the first link checked.
    let anchors: Option<TrustAnchors> = if !a.trust.builtin(ctx) && a.trust.files(ctx).is_empty() {
        None
    } else {
        Some(a.trust.anchors(ctx)?)
    };
    let opts = StatusOptions {
        now,
        window,
        anchors: anchors.as_ref(),
        structures: a.structure.iter().map(|s| s.trim().to_string()).collect(),
        threads: 0,
        renew_window: crate::renew::configured_window(&ctx.config)?,
    };
    let report = status::scan(&ctx.home, &opts)?;
    for w in &report.warnings {
        warn(w);
    }
    let read_errors = report.read_errors();
    let entries = if a.expiring.is_some() {
        status::only_expiring(report.entries)
    } else {
        report.entries
    };
    let code = super::exit::of_entries(&entries);
    if let Some(path) = &a.prometheus_file {
        let text = status::render_prometheus(&entries, read_errors, code, window, now);
        write_atomic(path, text.as_bytes(), PUBLIC_FILE_MODE)?;
    }
    let format = if a.json { Some(Format::Json) } else { a.format };
    let format = match (format, &a.prometheus_file) {
        (Some(f), _) => Some(f),
        (None, Some(_)) => None,
        (None, None) => Some(Format::Table),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let written = match format {
        None => Ok(()),
        Some(Format::Json) => status::render_json(&entries, &mut out),
        Some(Format::Prometheus) => out.write_all(
            status::render_prometheus(&entries, read_errors, code, window, now).as_bytes(),
        ),
        Some(Format::Table) => {
            if entries.is_empty() {
                writeln!(
                    out,
                    "{}",
                    tr!("status-nothing-expires", days = window.whole_days())
                )
            } else {
                status::render_table_text(&entries, &table_text(&entries, window), &mut out)
            }
        }
    };
    if let Err(e) = written {
        // A closed pipe (`| head`) is not a failed check.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Ok(unknown(&Error::InvalidInput(tr!(
                "status-cannot-write",
                reason = e.to_string()
            ))));
        }
    }
    if anchors.is_none() && format == Some(Format::Table) && !entries.is_empty() {
        note(tr!("status-no-trust-anchors"));
    }
    Ok(code)
}

/// The table's headings and summary line in the language of the run (state names stay the
/// identifiers of the JSON and the documentation).
fn table_text(entries: &[status::Entry], window: ::time::Duration) -> status::TableText {
    let c = status::counts(entries);
    let parts: Vec<String> = status::State::ALL
        .iter()
        .filter_map(|s| c.get(s).map(|n| format!("{n} {s}")))
        .collect();
    let days = window.whole_days();
    let window_text = if ::time::Duration::days(days) == window {
        tr!("status-window-days", n = days)
    } else {
        tr!("status-window-hours", n = window.whole_hours())
    };
    let head = [
        "status-col-structure",
        "status-col-raison-sociale",
        "status-col-usage",
        "status-col-cn",
        "status-col-serial",
        "status-col-not-before",
        "status-col-not-after",
        "status-col-days",
        "status-col-state",
        "status-col-path",
    ]
    .map(|id| tr!(id));
    status::TableText {
        head,
        summary: tr!(
            "status-summary",
            rows = entries.len(),
            states = if parts.is_empty() {
                tr!("status-summary-nothing")
            } else {
                parts.join(", ")
            },
            window = window_text
        ),
        details: entries.iter().map(|e| e.localized_detail()).collect(),
        colon: tr!("status-detail-colon"),
    }
}
