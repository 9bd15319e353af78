//! Output helpers shared by commands: JSON on stdout, progress and notes on stderr, the lines of
//! order outcomes (their text: `crate::order::report`).

use serde::Serialize;

use crate::error::{Error, Result};
use crate::import::CertWarning;
use crate::order::{Failure, Outcome, Step, Warning};
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

impl crate::order::Progress for Progress {
    fn step(&self, step: &Step) {
        Progress::step(self, step_text(step))
    }

    fn warn(&self, warning: &Warning) {
        let text = warning_text(warning);
        match &self.bar {
            Some(b) => b.suspend(|| warn(&text)),
            None => warn(&text),
        }
    }
}

/// Warnings on stderr, for a command without a progress display (steps are not shown).
pub struct Notes;

impl crate::order::Progress for Notes {
    fn step(&self, _: &Step) {}

    fn warn(&self, warning: &Warning) {
        warn(warning_text(warning))
    }
}

/// A step of the order workflow in the language of the run.
pub fn step_text(step: &Step) -> String {
    match step {
        Step::UsingFetched { structure, usage } => crate::tr!(
            "order-step-using-fetched",
            structure = structure.to_string(),
            usage = usage.name()
        ),
        Step::Sending {
            structure,
            usage,
            submission,
        } => crate::tr!(
            "order-step-sending",
            structure = structure.to_string(),
            usage = usage.name(),
            operation = submission.operation()
        ),
        Step::CompletingChain => crate::tr!("order-step-completing-chain"),
        Step::Installing { structure } => {
            crate::tr!("order-step-installing", structure = structure.to_string())
        }
    }
}

/// A warning of the order workflow in the language of the run.
pub fn warning_text(warning: &Warning) -> String {
    match warning {
        Warning::KeyAlgorithm(alg) => {
            crate::tr!("order-warn-key-algorithm", algorithm = alg.to_string())
        }
        Warning::UnusedTokenKey { uri, error } => crate::tr!(
            "order-warn-unused-token-key",
            uri = uri,
            reason = super::report::key(error)
        ),
    }
}

/// A warning about an installed certificate in the language of the run.
pub fn cert_warning_text(w: &CertWarning) -> String {
    match w {
        CertWarning::Adopted { serial, reason } => crate::tr!(
            "cert-warn-adopted",
            serial = serial,
            reason = super::details::service_problem(reason)
        ),
        CertWarning::Usage { serial, reason } => crate::tr!(
            "cert-warn-usage",
            serial = serial,
            reason = super::details::usage_warning(reason)
        ),
        CertWarning::Validity { serial, reason } => crate::tr!(
            "cert-warn-validity",
            serial = serial,
            reason = crate::tr!("odd-validity", days = reason.days)
        ),
        CertWarning::TestIdentifier {
            serial,
            ou,
            warning,
        } => crate::tr!(
            "cert-warn-test-id",
            serial = serial,
            ou = ou,
            reason = id_warning_text(warning)
        ),
    }
}

/// A test identifier's warning in the language of the run.
pub fn id_warning_text(w: &crate::ids::IdWarning) -> String {
    crate::tr!("id-test-warning", reason = super::report::id(&w.0))
}

/// The library's terminal prompts in the language of the run ([`crate::pin::set_prompt_wording`]).
pub fn prompt_wording(p: &crate::pin::Prompt<'_>) -> String {
    match p {
        crate::pin::Prompt::KeyStorePin { label } => {
            crate::tr!("prompt-key-store-pin", label = super::report::quote(label))
        }
    }
}

/// Why an outcome failed, in the language of the run.
pub fn failure_text(f: &Failure) -> String {
    match f {
        Failure::Error(e) => super::report::order(e),
        Failure::Targets(t) => {
            let reasons: Vec<String> = t.iter().map(target_failure_text).collect();
            crate::tr!("order-failed-targets", reasons = reasons.join("; "))
        }
    }
}

/// An install target that was not written, in the language of the run (the reason inside is
/// the tool's or the system's).
pub fn target_failure_text(t: &crate::store::targets::TargetFailure) -> String {
    if t.target == "nss" {
        crate::tr!("target-failed-nss", path = t.path, reason = t.error)
    } else {
        crate::tr!("target-failed-export", path = t.path, reason = t.error)
    }
}

/// The reason of an outcome: its typed failure in the language of the run, else its text.
fn outcome_reason(o: &Outcome) -> String {
    match &o.failure {
        Some(f) => failure_text(f),
        None => o.error.clone().unwrap_or_default(),
    }
}

/// Prints the outcomes (a JSON array, or one line each) and returns the exit code
/// ([`crate::order::exit_code_of`]).
pub fn print_outcomes(outcomes: &[Outcome], json: bool) -> Result<u8> {
    if json {
        print_json(outcomes)?;
    } else {
        for o in outcomes {
            println!("{}", o.row(&outcome_reason(o)));
            for w in &o.warnings {
                warn(cert_warning_text(w));
            }
            if o.state.is_installed() && o.error.is_some() {
                eprintln!(
                    "{}",
                    crate::tr!(
                        "error-line",
                        message = crate::tr!(
                            "outcome-structure-error",
                            structure = o.structure.to_string(),
                            usage = o.usage.name(),
                            reason = outcome_reason(o)
                        )
                    )
                );
            }
        }
    }
    Ok(crate::order::exit_code_of(outcomes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::csr::Usage;
    use crate::ids::StructureId;
    use crate::keys::KeyAlgorithm;
    use crate::order::{OrderError, Submission};

    fn id() -> StructureId {
        StructureId::parse_with("1010000024", crate::ids::ParseMode::Strict)
            .unwrap()
            .value
    }

    /// The English catalogue says what the library's Display says (the run's language is
    /// English in unit tests).
    #[test]
    fn english_progress_is_the_library_display() {
        let steps = [
            Step::UsingFetched {
                structure: id(),
                usage: Usage::Sign,
            },
            Step::Sending {
                structure: id(),
                usage: Usage::AuthCli,
                submission: Submission::Reenroll,
            },
            Step::CompletingChain,
            Step::Installing { structure: id() },
        ];
        for s in &steps {
            assert_eq!(step_text(s), s.to_string(), "{s:?}");
        }
        let warnings = [
            Warning::KeyAlgorithm(KeyAlgorithm::P256),
            Warning::UnusedTokenKey {
                uri: "pkcs11:token=K;object=x".into(),
                error: crate::keys::KeyError::NoStorePinSource { label: "K".into() },
            },
        ];
        for w in &warnings {
            assert_eq!(warning_text(w), w.to_string(), "{w:?}");
        }
        let failures = [
            Failure::from(OrderError::KeyStore("hsm".into())),
            Failure::from(OrderError::Csr(crate::csr::CsrError::NoConfService)),
            Failure::Targets(vec![
                crate::store::targets::TargetFailure {
                    target: "nss".into(),
                    path: "/etc/pki/nssdb".into(),
                    error: "certutil failed".into(),
                    at: String::new(),
                },
                crate::store::targets::TargetFailure {
                    target: "export".into(),
                    path: "/srv/dmp".into(),
                    error: "disk full".into(),
                    at: String::new(),
                },
            ]),
        ];
        for f in &failures {
            assert_eq!(failure_text(f), f.to_string(), "{f:?}");
        }
        let test_id = StructureId::parse_with("1010000025", crate::ids::ParseMode::AllowTestIds)
            .unwrap()
            .warning
            .expect("a test identifier");
        let cert = [
            CertWarning::Adopted {
                serial: "01".into(),
                reason: crate::profile::ServiceProblem::Other {
                    cn: "APP".into(),
                    want: "DMP SIGNATURE".into(),
                    usage: crate::profile::Usage::Sign,
                },
            },
            CertWarning::Usage {
                serial: "01".into(),
                reason: crate::profile::UsageWarning::NotCritical,
            },
            CertWarning::Validity {
                serial: "01".into(),
                reason: crate::profile::OddValidity { days: 10 },
            },
            CertWarning::TestIdentifier {
                serial: "01".into(),
                ou: "1010000025".into(),
                warning: test_id,
            },
        ];
        for w in &cert {
            assert_eq!(cert_warning_text(w), w.to_string(), "{w:?}");
            assert_eq!(
                serde_json::to_value(w).unwrap(),
                serde_json::Value::String(w.to_string())
            );
        }
        let p = crate::pin::Prompt::KeyStorePin { label: "ORG KEYS" };
        assert_eq!(prompt_wording(&p), p.to_string());
        assert_eq!(crate::tr!("store-lock-waiting"), crate::store::WAITING);
    }
}
