//! The words of `agent status`'s table in the language of the run: headings, summary line, the
//! line shown when nothing expires (state names stay the identifiers of the JSON and the
//! documentation).

use std::io::{self, Write};

use ::time::Duration;

use super::{counts, render_table_text, Entry, State, TableText};
use crate::tr;

/// The table's headings, summary line and detail lines.
pub fn table_text(entries: &[Entry], window: Duration) -> TableText {
    let c = counts(entries);
    let parts: Vec<String> = State::ALL
        .iter()
        .filter_map(|s| c.get(s).map(|n| format!("{n} {s}")))
        .collect();
    let days = window.whole_days();
    let window_text = if Duration::days(days) == window {
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
    TableText {
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

/// Writes the human table of `entries` (or, when there are none, the line that says nothing
/// expires within `window`).
pub fn write_table(entries: &[Entry], window: Duration, out: &mut dyn Write) -> io::Result<()> {
    if entries.is_empty() {
        writeln!(
            out,
            "{}",
            tr!("status-nothing-expires", days = window.whole_days())
        )
    } else {
        render_table_text(entries, &table_text(entries, window), out)
    }
}
