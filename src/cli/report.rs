//! What the user reads when a command fails, and the exit code it ends with: the exit code from
//! the one mapping of [`super::exit`] (docs/exit-codes.md) and the message the error's own, in the
//! language of the run ([`Localize`]: each library error renders the catalogue's `err-*`
//! messages next to its definition). The CLI only picks the language and prints.

use crate::error::Error;
use crate::i18n::Localize;
use crate::tr;

/// A failed command as the user meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The process exit code (docs/exit-codes.md).
    pub code: u8,
    /// The message, in the language of the run, without the `agent: error:` prefix.
    pub message: String,
}

/// The exit code and message of an error.
pub fn report(e: &Error) -> Report {
    Report {
        code: super::exit::code(e),
        message: e.localize(),
    }
}

/// The line printed on stderr for a failed command: `agent: error: …` (French: `agent : erreur : …`).
pub fn error_line(e: &Error) -> String {
    tr!(
        "error-line",
        message = crate::sanitize::terminal_text(&e.localize())
    )
}
