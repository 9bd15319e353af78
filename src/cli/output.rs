//! Output helpers shared by commands: JSON on stdout, progress and notes on stderr.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::sanitize::terminal_text;

/// Prints one JSON value on stdout, followed by a newline.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(value).map_err(|e| {
        Error::InvalidInput(crate::tr!("json-cannot-encode", reason = e.to_string()))
    })?;
    println!("{s}");
    Ok(())
}

/// Prints a note for the user on stderr (never on stdout, which scripts read).
pub fn note(msg: impl std::fmt::Display) {
    eprintln!("agent: {}", terminal_text(&msg.to_string()));
}

/// Prints a warning on stderr (`agent: warning: …`, French `agent: avertissement : …`).
pub fn warn(msg: impl std::fmt::Display) {
    eprintln!(
        "{}",
        crate::tr!("warning-line", message = terminal_text(&msg.to_string()))
    );
}

/// Formats an optional value for a human table ("-" when absent).
pub fn or_dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".to_string())
}

/// Progress of a slow command, always on stderr (stdout stays for the summary or the JSON
/// document): a spinner on a terminal, plain lines otherwise.
pub struct Progress {
    bar: Option<indicatif::ProgressBar>,
}

impl Default for Progress {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress {
    /// A progress display for this run.
    pub fn new() -> Progress {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = indicatif::ProgressBar::new_spinner();
            b.enable_steady_tick(std::time::Duration::from_millis(120));
            b
        });
        Progress { bar }
    }

    /// Shows the step in progress.
    pub fn step(&self, msg: impl std::fmt::Display) {
        match &self.bar {
            Some(b) => {
                b.println(format!("  {msg}"));
                b.set_message(msg.to_string());
            }
            None => eprintln!("agent: {msg}"),
        }
    }

    /// Clears the spinner.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
