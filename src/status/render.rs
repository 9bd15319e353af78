//! Rendering a status report: the human table, JSON and the Prometheus text format.

use super::*;

// ---------------------------------------------------------------------------------------------
// Rendering.

pub(super) fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&::time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

pub(super) fn date(t: Option<OffsetDateTime>) -> String {
    t.map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_else(|| "-".into())
}

/// The words of the human table that a reader's language changes: the column headings and the
/// summary line (the CLI gives them from its catalogue, in the language of the run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableText {
    /// The ten column headings.
    pub head: [String; 10],
    /// The first line (monitoring systems show a plugin's first line).
    pub summary: String,
    /// The detail line of each entry, in the entries' order (`None`: the entry's `detail`).
    pub details: Vec<Option<String>>,
    /// What separates a detail line's row from its reasons (`: `).
    pub colon: String,
}

/// Writes the human table with the given headings and summary line.
pub fn render_table_text(
    entries: &[Entry],
    text: &TableText,
    out: &mut dyn Write,
) -> io::Result<()> {
    let cut = |s: &str, max: usize| -> String {
        // Names come from certificates and orders: no control character reaches the terminal.
        let s = crate::sanitize::escape_control(s);
        if s.chars().count() > max {
            let mut t: String = s.chars().take(max - 1).collect();
            t.push('…');
            t
        } else {
            s.to_string()
        }
    };
    let rows: Vec<[String; 10]> = entries
        .iter()
        .map(|e| {
            [
                e.structure.to_string(),
                cut(e.raison_sociale.as_deref().unwrap_or("-"), 32),
                usage_label(e.usage).to_string(),
                cut(e.cn.as_deref().unwrap_or("-"), 24),
                e.serial.clone().unwrap_or_else(|| "-".into()),
                date(e.not_before),
                date(e.not_after),
                e.days_left
                    .map(|d| d.to_string())
                    .unwrap_or_else(|| "-".into()),
                e.state.name().to_string(),
                e.path.display().to_string(),
            ]
        })
        .collect();
    let mut width = text.head.clone().map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in width.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| -> String {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else if i == 7 {
                // DAYS, right-aligned.
                let _ = write!(s, "{:>w$}  ", c, w = width[i]);
            } else {
                let pad = width[i] - c.chars().count();
                s.push_str(c);
                s.extend(std::iter::repeat_n(' ', pad + 2));
            }
        }
        s
    };
    let mut w = io::BufWriter::new(out);
    // The summary first: monitoring systems show a plugin's first line.
    writeln!(w, "{}", text.summary)?;
    writeln!(w, "{}", line(&text.head))?;
    for r in &rows {
        writeln!(w, "{}", line(r))?;
    }
    let details: Vec<(&Entry, String)> = entries
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            text.details
                .get(i)
                .cloned()
                .flatten()
                .or_else(|| e.detail.clone())
                .map(|d| (e, d))
        })
        .collect();
    if !details.is_empty() {
        writeln!(w)?;
        for (e, d) in details {
            writeln!(
                w,
                "{} {} {}{}{}",
                e.structure,
                usage_label(e.usage),
                e.state,
                text.colon,
                crate::sanitize::terminal_text(&d)
            )?;
        }
    }
    w.flush()
}

/// Writes the rows as one JSON array.
pub fn render_json(entries: &[Entry], out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut w, entries).map_err(io::Error::other)?;
    writeln!(w)?;
    w.flush()
}

/// Escapes a Prometheus label value (backslash, double quote, newline).
pub fn escape_label(v: &str) -> String {
    let mut s = String::with_capacity(v.len());
    for c in v.chars() {
        match c {
            '\\' => s.push_str("\\\\"),
            '"' => s.push_str("\\\""),
            '\n' => s.push_str("\\n"),
            c => s.push(c),
        }
    }
    s
}

/// Metric names (documented in docs/monitoring.md; modelled on x509-certificate-exporter).
pub mod metrics {
    /// notBefore, Unix seconds.
    pub const NOT_BEFORE: &str = "agent_org_cert_not_before";
    /// notAfter, Unix seconds.
    pub const NOT_AFTER: &str = "agent_org_cert_not_after";
    /// 1 when expired.
    pub const EXPIRED: &str = "agent_org_cert_expired";
    /// 1 for the row's current state (label `state`).
    pub const STATE: &str = "agent_org_cert_state";
    /// 1 when an install target (NSS database, export directory) of the row was not updated.
    pub const TARGET_FAILED: &str = "agent_org_cert_target_failed";
    /// 1 per structure, labels `structure` and `raison_sociale`.
    pub const STRUCTURE_INFO: &str = "agent_org_structure_info";
    /// Store entries (and pending orders) that could not be read in this run.
    pub const READ_ERRORS: &str = "agent_org_read_errors";
    /// The run's exit code.
    pub const EXIT_CODE: &str = "agent_org_status_exit_code";
    /// When the run ended, Unix seconds.
    pub const LAST_RUN: &str = "agent_org_status_last_run_timestamp_seconds";
    /// The expiry window, seconds.
    pub const WINDOW: &str = "agent_org_status_window_seconds";
    /// When renewal is due (notAfter minus the renewal window), Unix seconds.
    pub const RENEW_AFTER: &str = "agent_org_cert_renew_after";
    /// 1 when an installed slot's files could not be read or parsed, else 0 (x509-certificate-
    /// exporter's `x509_cert_error`), labels `structure` and `usage`.
    pub const CERT_ERROR: &str = "agent_org_cert_error";
}

/// Writes the Prometheus metrics to `path` atomically, readable by all (node_exporter's textfile
/// collector reads it as another user).
pub fn write_prometheus_file(
    path: &Path,
    entries: &[Entry],
    read_errors: usize,
    exit_code: u8,
    window: Duration,
    now: OffsetDateTime,
) -> Result<(), crate::fsutil::IoError> {
    let text = render_prometheus(entries, read_errors, exit_code, window, now);
    crate::fsutil::write_atomic(path, text.as_bytes(), crate::fsutil::PUBLIC_FILE_MODE)
}

/// The Prometheus text exposition format (for node_exporter's textfile collector).
pub fn render_prometheus(
    entries: &[Entry],
    read_errors: usize,
    exit_code: u8,
    window: Duration,
    now: OffsetDateTime,
) -> String {
    use metrics::*;
    let mut s = String::with_capacity(entries.len() * 400 + 1024);
    let labels = |e: &Entry| {
        format!(
            "structure=\"{}\",usage=\"{}\",serial=\"{}\",cn=\"{}\"",
            escape_label(&e.structure.to_string()),
            usage_label(e.usage),
            escape_label(e.serial.as_deref().unwrap_or("")),
            escape_label(e.cn.as_deref().unwrap_or(""))
        )
    };
    let dated: Vec<(&Entry, String)> = entries
        .iter()
        .filter(|e| e.not_after.is_some())
        .map(|e| (e, labels(e)))
        .collect();
    let header = |s: &mut String, name: &str, help: &str| {
        let _ = writeln!(s, "# HELP {name} {help}");
        let _ = writeln!(s, "# TYPE {name} gauge");
    };
    header(
        &mut s,
        NOT_BEFORE,
        "Start of validity of the installed ORG certificate, Unix seconds.",
    );
    for (e, l) in &dated {
        let t = e.not_before.map(|t| t.unix_timestamp()).unwrap_or(0);
        let _ = writeln!(s, "{NOT_BEFORE}{{{l}}} {t}");
    }
    header(
        &mut s,
        NOT_AFTER,
        "End of validity of the installed ORG certificate, Unix seconds.",
    );
    for (e, l) in &dated {
        let t = e.not_after.map(|t| t.unix_timestamp()).unwrap_or(0);
        let _ = writeln!(s, "{NOT_AFTER}{{{l}}} {t}");
    }
    header(
        &mut s,
        EXPIRED,
        "1 if the installed ORG certificate has expired, else 0.",
    );
    for (e, l) in &dated {
        let v = u8::from(e.not_after.is_some_and(|t| t <= now));
        let _ = writeln!(s, "{EXPIRED}{{{l}}} {v}");
    }
    header(
        &mut s,
        RENEW_AFTER,
        "When renewal of the installed ORG certificate is due (notAfter minus the renewal window), Unix seconds.",
    );
    for (e, l) in &dated {
        if let Some(t) = e.renew_after {
            let _ = writeln!(s, "{RENEW_AFTER}{{{l}}} {}", t.unix_timestamp());
        }
    }
    header(
        &mut s,
        CERT_ERROR,
        "1 if the files of an installed slot could not be read or parsed in the last run, else 0.",
    );
    for e in entries
        .iter()
        .filter(|e| !matches!(e.state, State::Missing | State::Pending))
    {
        let _ = writeln!(
            s,
            "{CERT_ERROR}{{structure=\"{}\",usage=\"{}\"}} {}",
            escape_label(&e.structure.to_string()),
            usage_label(e.usage),
            u8::from(e.read_error)
        );
    }
    header(
        &mut s,
        STATE,
        "1 for the current state of each structure and usage (ok, expiring, expired, invalid, missing, pending).",
    );
    for e in entries {
        let _ = writeln!(s, "{STATE}{{{},state=\"{}\"}} 1", labels(e), e.state);
    }
    header(
        &mut s,
        TARGET_FAILED,
        "1 if an install target (NSS database, export directory) of the installed ORG certificate was not updated by its last install, else 0.",
    );
    for (e, l) in &dated {
        let v = u8::from(!e.target_errors.is_empty());
        let _ = writeln!(s, "{TARGET_FAILED}{{{l}}} {v}");
    }
    header(
        &mut s,
        STRUCTURE_INFO,
        "Raison sociale of each structure, value 1.",
    );
    let mut seen = std::collections::BTreeSet::new();
    for e in entries {
        if seen.insert(&e.structure) {
            let _ = writeln!(
                s,
                "{STRUCTURE_INFO}{{structure=\"{}\",raison_sociale=\"{}\"}} 1",
                escape_label(&e.structure.to_string()),
                escape_label(e.raison_sociale.as_deref().unwrap_or(""))
            );
        }
    }
    header(
        &mut s,
        READ_ERRORS,
        "Store entries and pending orders that could not be read or parsed in the last run.",
    );
    let _ = writeln!(s, "{READ_ERRORS} {read_errors}");
    header(
        &mut s,
        EXIT_CODE,
        "Exit code of the last agent status run (0 ok, 1 expiring or missing, 2 expired or invalid, 3 could not check).",
    );
    let _ = writeln!(s, "{EXIT_CODE} {exit_code}");
    header(&mut s, WINDOW, "Expiry window of the last run, seconds.");
    let _ = writeln!(s, "{WINDOW} {}", window.whole_seconds());
    header(
        &mut s,
        LAST_RUN,
        "When the last agent status run checked the store, Unix seconds.",
    );
    let _ = writeln!(s, "{LAST_RUN} {}", now.unix_timestamp());
    s
}
