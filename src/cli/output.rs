//! Output helpers shared by commands: JSON on stdout, progress and notes on stderr, the lines of
//! order outcomes (their text: `crate::order::report`). The library's steps, warnings and failures
//! say their own text in the language of the run ([`Localize`]); this module only prints them.

use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::Localize;
use crate::order::{Outcome, Step, Warning};
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

impl crate::order::Progress for Progress {
    fn step(&self, step: &Step) {
        Progress::step(self, step.localize())
    }

    fn warn(&self, warning: &Warning) {
        let text = warning.localize();
        match &self.bar {
            Some(b) => b.suspend(|| warn(&text)),
            None => warn(&text),
        }
    }

    fn finish(&self) {
        Progress::finish(self)
    }
}

/// Prints a run's notice on stderr: a warning, or a note.
pub fn notice(n: crate::order::Notice) {
    if n.is_warning() {
        warn(n.localize())
    } else {
        note(n.localize())
    }
}

/// A [`Progress`] made when first used: a run that turns out to have nothing in progress (a dry
/// run, nothing due) shows no spinner.
#[derive(Default)]
pub struct LazyProgress(std::sync::OnceLock<Progress>);

impl LazyProgress {
    /// The progress display, made now if it was not.
    pub fn get(&self) -> &Progress {
        self.0.get_or_init(Progress::new)
    }

    /// Clears the spinner, if there is one.
    pub fn finish(&self) {
        if let Some(p) = self.0.get() {
            p.finish()
        }
    }
}

impl crate::order::Progress for LazyProgress {
    fn step(&self, step: &Step) {
        crate::order::Progress::step(self.get(), step)
    }

    fn warn(&self, warning: &Warning) {
        crate::order::Progress::warn(self.get(), warning)
    }
}

/// Warnings on stderr, for a command without a progress display (steps are not shown).
pub struct Notes;

impl crate::order::Progress for Notes {
    fn step(&self, _: &Step) {}

    fn warn(&self, warning: &Warning) {
        warn(warning.localize())
    }
}

/// Prints the outcomes (a JSON array, or one line each) and returns the exit code
/// ([`super::exit::of_outcomes`]).
pub fn print_outcomes(outcomes: &[Outcome], json: bool) -> Result<u8> {
    if json {
        print_json(outcomes)?;
    } else {
        for o in outcomes {
            println!("{}", o.row());
            for w in &o.warnings {
                warn(w.localize());
            }
            if let Some(m) = o.error_message() {
                eprintln!("{}", crate::tr!("error-line", message = m));
            }
        }
    }
    Ok(super::exit::of_outcomes(outcomes))
}
