//! Output helpers shared by commands: JSON on stdout, progress and notes on stderr.

use serde::Serialize;

use crate::error::{Error, Result};

/// Prints one JSON value on stdout, followed by a newline.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(value)
        .map_err(|e| Error::InvalidInput(format!("cannot encode JSON: {e}")))?;
    println!("{s}");
    Ok(())
}

/// Prints a note for the user on stderr (never on stdout, which scripts read).
pub fn note(msg: impl std::fmt::Display) {
    eprintln!("agent: {msg}");
}

/// Prints a warning on stderr.
pub fn warn(msg: impl std::fmt::Display) {
    eprintln!("agent: warning: {msg}");
}

/// Formats an optional value for a human table ("-" when absent).
pub fn or_dash<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "-".to_string())
}
