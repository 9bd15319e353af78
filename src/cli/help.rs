//! The help in the language of the run: `--help` of every command, man pages and completions are
//! rendered from the clap [`Command`] after [`localize`] has replaced its texts with the
//! catalogue's.
//!
//! Catalogue ids come from the command path and the argument id, so that the doc comments of the
//! argument structs need not change (they stay the English source, and a test checks that the
//! English catalogue says the same):
//! - `help-agent`, `help-agent-card-status`: a command's about (`-long`: its long about);
//! - `help-agent--home`, `help-agent-status--window`: an argument's help (`-long` likewise);
//! - `help-agent-status--format--json`: the help of one possible value.

use clap::builder::PossibleValue;
use clap::{Arg, ArgAction, Command};

use crate::i18n::{self, Lang};

/// The catalogue id of a command (path: `agent`, `agent-card-status`).
pub fn command_id(path: &str) -> String {
    format!("help-{path}")
}

/// The catalogue id of an argument of a command.
pub fn arg_id(path: &str, arg: &str) -> String {
    format!("help-{path}--{}", arg.replace('_', "-"))
}

/// The catalogue id of a possible value of an argument.
pub fn value_id(path: &str, arg: &str, value: &str) -> String {
    format!("{}--{}", arg_id(path, arg), value.replace('_', "-"))
}

/// The message `id` if the catalogue has it.
fn text(lang: Lang, id: &str) -> Option<String> {
    i18n::has(lang, id).then(|| i18n::message_in(lang, id, &[]))
}

/// `cmd` (the whole tree) with its texts in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let mut cmd = localize_at(cmd, "agent".to_string(), lang);
    if lang == Lang::Fr {
        // clap adds its `help` subcommand when the tree is built: build it, then translate it.
        cmd.build();
        cmd = french_help_subcommand(cmd);
    }
    cmd
}

fn french_help_subcommand(cmd: Command) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    let mut cmd = cmd;
    if cmd.find_subcommand("help").is_some() {
        cmd = cmd.mut_subcommand("help", |h| {
            h.about(i18n::message_in(Lang::Fr, "help-subcommand-help", &[]))
        });
    }
    for n in names {
        cmd = cmd.mut_subcommand(n, french_help_subcommand);
    }
    cmd
}

fn localize_at(mut cmd: Command, path: String, lang: Lang) -> Command {
    let id = command_id(&path);
    if let Some(about) = text(lang, &id) {
        cmd = cmd.about(about);
    }
    if let Some(long) = text(lang, &format!("{id}-long")) {
        cmd = cmd.long_about(long);
    }
    let p = path.clone();
    cmd = cmd.mut_args(|a| localize_arg(a, &p, lang));
    if lang == Lang::Fr {
        cmd = french_frame(cmd);
    }
    cmd.mut_subcommands(|sub| {
        let sub_path = format!("{path}-{}", sub.get_name());
        localize_at(sub, sub_path, lang)
    })
}

fn localize_arg(mut a: Arg, path: &str, lang: Lang) -> Arg {
    let name = a.get_id().as_str().to_string();
    let id = arg_id(path, &name);
    let mut help = text(lang, &id);
    let mut long = text(lang, &format!("{id}-long"));
    let values: Vec<PossibleValue> = if a.get_action().takes_values() {
        a.get_possible_values()
    } else {
        Vec::new()
    };
    let with_help = values.iter().any(|v| v.get_help().is_some());
    if lang == Lang::Fr {
        let extra = french_spec_values(&a, path, lang);
        let help_without_extra = help.clone().or_else(|| a.get_help().map(|h| h.to_string()));
        if !extra.is_empty() || with_help {
            a = a.hide_default_value(true).hide_env(true);
            if !values.is_empty() {
                a = a.hide_possible_values(true);
            }
            let base = help.clone().or_else(|| a.get_help().map(|h| h.to_string()));
            if let Some(h) = base {
                help = Some(format!("{h} {}", extra.join(" ")));
            }
            let base_long = long
                .clone()
                .or_else(|| a.get_long_help().map(|h| h.to_string()))
                .or_else(|| help_without_extra.clone());
            if let Some(l) = base_long {
                // With help for each value, the long help lists them instead of naming them.
                let long_extra: Vec<&String> = if with_help {
                    extra.iter().take(extra.len() - 1).collect()
                } else {
                    extra.iter().collect()
                };
                let mut l = l;
                if !long_extra.is_empty() {
                    let joined: Vec<&str> = long_extra.iter().map(|s| s.as_str()).collect();
                    l = format!("{l}\n\n{}", joined.join("\n"));
                }
                if with_help {
                    l.push_str(&format!("\n\n{}", values_list(&values, path, &name, lang)));
                }
                long = Some(l);
            }
        }
        if a.get_help_heading().is_none() {
            let positional = a.is_positional();
            a = a.help_heading(if positional {
                heading("help-heading-arguments")
            } else {
                heading("help-heading-options")
            });
        }
    }
    if let Some(h) = help {
        a = a.help(h);
    }
    if let Some(l) = long {
        a = a.long_help(l);
    }
    a
}

/// A heading as clap prints it (`{heading}:`): French puts a no-break space before the colon.
fn heading(id: &str) -> String {
    format!("{}\u{a0}", i18n::message_in(Lang::Fr, id, &[]))
}

/// The `[env : …] [défaut : …] [valeurs possibles : …]` that clap writes in English.
fn french_spec_values(a: &Arg, _path: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(env) = a.get_env() {
        if !a.is_hide_env_set() {
            let value = std::env::var_os(env).unwrap_or_default();
            out.push(i18n::message_in(
                lang,
                "help-env",
                &[
                    ("name", env.to_string_lossy().into_owned().into()),
                    ("value", value.to_string_lossy().into_owned().into()),
                ],
            ));
        }
    }
    let defaults: Vec<String> = a
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    if a.get_action().takes_values() && !a.is_hide_default_value_set() && !defaults.is_empty() {
        out.push(i18n::message_in(
            lang,
            "help-default",
            &[("value", defaults.join(" ").into())],
        ));
    }
    let values = a.get_possible_values();
    if a.get_action().takes_values() && !a.is_hide_possible_values_set() && !values.is_empty() {
        let names: Vec<&str> = values
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name())
            .collect();
        out.push(i18n::message_in(
            lang,
            "help-possible-values",
            &[("values", names.join(", ").into())],
        ));
    }
    out
}

/// The frame of a French help: the usage heading, the commands heading, and the help and
/// version flags (clap writes them in English).
fn french_frame(cmd: Command) -> Command {
    let fr = |id: &str| i18n::message_in(Lang::Fr, id, &[]);
    let mut cmd = cmd
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}\u{a0}: {{usage}}\n\n{{all-args}}{{after-help}}",
            fr("help-heading-usage")
        ))
        .subcommand_help_heading(heading("help-heading-commands"))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(fr("help-flag-help"))
                .display_order(usize::MAX - 1)
                .help_heading(heading("help-heading-options")),
        );
    {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(fr("help-flag-version"))
                .display_order(usize::MAX)
                .help_heading(heading("help-heading-options")),
        );
    }
    cmd
}

/// A man page rendered by clap_mangen with its section titles in French (clap_mangen writes
/// them in English).
pub fn french_man_page(roff: &[u8]) -> String {
    let text = String::from_utf8_lossy(roff);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, nl) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        let fr = |id: &str| i18n::message_in(Lang::Fr, id, &[]).to_uppercase();
        let replaced = match body.strip_prefix(".SH ") {
            Some("NAME") => Some(format!(".SH {}", fr("man-section-name"))),
            Some("SYNOPSIS") => Some(format!(".SH {}", fr("man-section-synopsis"))),
            Some("DESCRIPTION") => Some(format!(".SH {}", fr("man-section-description"))),
            Some("OPTIONS") => Some(format!(".SH {}", fr("help-heading-options"))),
            Some("VERSION") => Some(format!(".SH {}", fr("man-section-version"))),
            Some("EXTRA") => Some(format!(".SH {}", fr("man-section-extra"))),
            Some("AUTHORS") => Some(format!(".SH {}", fr("man-section-authors"))),
            Some(h) if h.trim_end_matches('\u{a0}') != h => Some(format!(
                ".SH {}",
                h.trim_end_matches('\u{a0}').to_uppercase()
            )),
            _ => None,
        };
        out.push_str(replaced.as_deref().unwrap_or(body));
        out.push_str(nl);
    }
    out
}

/// The long list of possible values with their help (`Valeurs possibles :` then one per line).
fn values_list(values: &[PossibleValue], path: &str, arg: &str, lang: Lang) -> String {
    let mut s = i18n::message_in(lang, "help-possible-values-heading", &[]);
    for v in values.iter().filter(|v| !v.is_hide_set()) {
        let help = text(lang, &value_id(path, arg, v.get_name()))
            .or_else(|| v.get_help().map(|h| h.to_string()));
        match help {
            Some(h) => s.push_str(&format!("\n  - {}\u{a0}: {h}", v.get_name())),
            None => s.push_str(&format!("\n  - {}", v.get_name())),
        }
    }
    s
}

/// The catalogue entries (Fluent source) for every text of `cmd` as it is built from the doc
/// comments: how the English catalogue's help section was made, and what the test compares.
pub fn source_entries(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(cmd, "agent".to_string(), &mut out);
    out
}

fn collect(cmd: &Command, path: String, out: &mut Vec<(String, String)>) {
    let id = command_id(&path);
    if let Some(a) = cmd.get_about() {
        out.push((id.clone(), a.to_string()));
    }
    if let Some(a) = cmd.get_long_about() {
        out.push((format!("{id}-long"), a.to_string()));
    }
    for a in cmd.get_arguments() {
        let name = a.get_id().as_str();
        let aid = arg_id(&path, name);
        if let Some(h) = a.get_help() {
            out.push((aid.clone(), h.to_string()));
        }
        if let Some(h) = a.get_long_help() {
            out.push((format!("{aid}-long"), h.to_string()));
        }
        for v in a.get_possible_values() {
            if let Some(h) = v.get_help() {
                out.push((value_id(&path, name, v.get_name()), h.to_string()));
            }
        }
    }
    for sub in cmd.get_subcommands() {
        collect(sub, format!("{path}-{}", sub.get_name()), out);
    }
}

/// One Fluent entry (`id = value`) whose value reads back exactly as `value`.
pub fn ftl_entry(id: &str, value: &str) -> String {
    let esc = |line: &str| -> String {
        let mut l = line
            .replace('{', "\u{0}")
            .replace('}', "{\"}\"}")
            .replace('\u{0}', "{\"{\"}");
        if l.starts_with(['[', '*', '.', ' ']) {
            let c = l.remove(0);
            l = format!("{{\"{c}\"}}{l}");
        }
        l
    };
    if value.contains('\n') {
        let mut s = format!("{id} =\n");
        for line in value.split('\n') {
            if line.is_empty() {
                s.push('\n');
            } else {
                s.push_str(&format!("    {}\n", esc(line)));
            }
        }
        s
    } else {
        format!("{id} = {}\n", esc(value))
    }
}

/// A clap parse error in French, for the kinds people meet (unknown argument, missing or invalid
/// value, missing argument or command, conflict); `None` for the others, which clap prints.
pub fn french_parse_error(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let ctx = |k: ContextKind| -> Option<String> {
        e.get(k).map(|v| match v {
            ContextValue::String(s) => s.clone(),
            ContextValue::Strings(v) => v.join(", "),
            ContextValue::StyledStr(s) => s.to_string(),
            ContextValue::StyledStrs(v) => v
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            ContextValue::Number(n) => n.to_string(),
            ContextValue::Bool(b) => b.to_string(),
            ContextValue::None => String::new(),
            _ => String::new(),
        })
    };
    let list = |k: ContextKind| -> Option<String> {
        match e.get(k) {
            Some(ContextValue::Strings(v)) => Some(
                v.iter()
                    .map(|s| format!("«\u{a0}{s}\u{a0}»"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            _ => ctx(k).map(|s| format!("«\u{a0}{s}\u{a0}»")),
        }
    };
    let fr = |id: &str, args: &[(&str, String)]| {
        let a: Vec<(&str, fluent_bundle::FluentValue<'_>)> = args
            .iter()
            .map(|(k, v)| (*k, fluent_bundle::FluentValue::from(v.as_str())))
            .collect();
        i18n::message_in(Lang::Fr, id, &a)
    };
    let arg = ctx(ContextKind::InvalidArg).unwrap_or_default();
    let value = ctx(ContextKind::InvalidValue).unwrap_or_default();
    let mut tips = Vec::new();
    let main = match e.kind() {
        ErrorKind::UnknownArgument => {
            if let Some(s) = ctx(ContextKind::SuggestedArg) {
                tips.push(fr("clap-tip-similar-arg", &[("arg", s)]));
            }
            fr("clap-unknown-argument", &[("arg", arg)])
        }
        ErrorKind::InvalidSubcommand => {
            let sub = ctx(ContextKind::InvalidSubcommand).unwrap_or_default();
            if let Some(s) = ctx(ContextKind::SuggestedSubcommand) {
                tips.push(fr("clap-tip-similar-command", &[("command", s)]));
            }
            fr("clap-unknown-command", &[("command", sub)])
        }
        ErrorKind::InvalidValue => {
            if let Some(s) = ctx(ContextKind::SuggestedValue) {
                tips.push(fr("clap-tip-similar-value", &[("value", s)]));
            }
            if value.is_empty() {
                fr("clap-missing-value", &[("arg", arg)])
            } else {
                let valid = list(ContextKind::ValidValue).unwrap_or_default();
                fr(
                    "clap-invalid-value",
                    &[("arg", arg), ("value", value), ("valid", valid)],
                )
            }
        }
        ErrorKind::ValueValidation => {
            let reason = e.source().map(|s| s.to_string()).unwrap_or_default();
            fr(
                "clap-value-validation",
                &[("arg", arg), ("value", value), ("reason", reason)],
            )
        }
        ErrorKind::MissingRequiredArgument => fr(
            "clap-missing-argument",
            &[("args", list(ContextKind::InvalidArg).unwrap_or_default())],
        ),
        ErrorKind::MissingSubcommand => fr("clap-missing-command", &[]),
        ErrorKind::ArgumentConflict => {
            let prior = ctx(ContextKind::PriorArg).unwrap_or_default();
            if prior == arg {
                fr("clap-used-twice", &[("arg", arg)])
            } else {
                fr("clap-conflict", &[("arg", arg), ("prior", prior)])
            }
        }
        ErrorKind::TooManyValues => fr("clap-too-many-values", &[("arg", arg), ("value", value)]),
        ErrorKind::NoEquals => fr("clap-no-equals", &[("arg", arg)]),
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            fr("clap-wrong-number-of-values", &[("arg", arg)])
        }
        _ => return None,
    };
    use std::error::Error as _;
    let mut s = format!("{}\u{a0}: {main}\n", fr("clap-error", &[]));
    for t in tips {
        s.push_str(&format!("\n  {}\u{a0}: {t}\n", fr("clap-tip", &[])));
    }
    if let Some(usage) = ctx(ContextKind::Usage) {
        let usage = usage.trim_start_matches("Usage:").trim();
        s.push_str(&format!(
            "\n{}\u{a0}: {usage}\n",
            fr("help-heading-usage", &[])
        ));
    }
    s.push_str(&format!("\n{}\n", fr("clap-more-info", &[])));
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// `AGENT_WRITE_HELP_FTL=path cargo test dump_help_entries -- --ignored` writes the help
    /// entries of the doc comments in Fluent syntax (to start a catalogue section).
    #[test]
    #[ignore]
    fn dump_help_entries() {
        let path = std::env::var("AGENT_WRITE_HELP_FTL").expect("AGENT_WRITE_HELP_FTL");
        let mut s = String::new();
        for (id, v) in source_entries(&crate::cli::Cli::command()) {
            s.push_str(&ftl_entry(&id, &v));
        }
        std::fs::write(path, s).expect("write");
    }
}
