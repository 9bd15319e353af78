//! Localized help for a [clap] command tree.
//!
//! [`Localizer::localize`] replaces the texts of a whole [`Command`] tree (abouts, long abouts,
//! argument help and, under [`Frame::French`], the help of possible values, which it writes into
//! the argument's long help) with those of a message [`Catalogue`], looked up by ids made from
//! the command path and the argument id, so that the doc comments of the argument structs stay
//! the source text (in the language clap itself writes, English):
//! - `help-app`, `help-app-sub-command`: a command's about (`-long`: its long about), from
//!   [`command_id`];
//! - `help-app--home`, `help-app-status--window`: an argument's help (`-long` likewise), from
//!   [`arg_id`] (underscores of the argument id become hyphens);
//! - `help-app-status--format--json`: the help of one possible value, from [`value_id`].
//!
//! The root of the path is the name of the root command. A text the catalogue lacks stays as
//! clap has it.
//!
//! With [`Frame::French`], what clap writes itself is translated too, with French typography
//! (a no-break space before `:`, `« »` quotes): the headings, the help and version flags, the
//! `help` subcommand, the `[env: …]`, `[default: …]` and `[possible values: …]` notes, the
//! section titles of a clap_mangen man page ([`Localizer::man_page`]) and the common parse errors
//! ([`Localizer::parse_error`]). These frame texts come from the catalogue under the ids of
//! [`FRAME_IDS`].
//!
//! [`source_entries`] lists the source texts of a tree under their ids, and [`ftl_entry`] writes
//! one in Fluent syntax: how a source-language catalogue is made, and what a test compares it
//! with.

#![warn(missing_docs)]

mod man;
mod parse_error;
mod source;

pub use source::{ftl_entry, source_entries};

use clap::builder::PossibleValue;
use clap::{Arg, ArgAction, Command};

/// Where the texts come from: a message catalogue in one language.
pub trait Catalogue {
    /// The message `id` with its arguments (`name` → value), or `None` if the catalogue has no
    /// such message.
    fn get(&self, id: &str, args: &[(&str, String)]) -> Option<String>;
}

impl<F> Catalogue for F
where
    F: Fn(&str, &[(&str, String)]) -> Option<String>,
{
    fn get(&self, id: &str, args: &[(&str, String)]) -> Option<String> {
        self(id, args)
    }
}

/// Who writes the frame of the help: what clap writes itself around the application's texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Frame {
    /// clap, in English: only the application's texts come from the catalogue.
    Clap,
    /// The catalogue, with French typography (see the crate documentation).
    French,
}

/// The ids of the frame texts that [`Frame::French`] takes from the catalogue. Their arguments:
/// `help-env` has `name` and `value`, `help-default` `value`, `help-possible-values` `values`;
/// the `clap-*` errors have those of their kind among `arg`, `command`, `value`, `valid`,
/// `reason`, `args` and `prior`. A text the catalogue lacks is written as its id.
pub const FRAME_IDS: &[&str] = &[
    "help-heading-usage",
    "help-heading-commands",
    "help-heading-options",
    "help-heading-arguments",
    "help-flag-help",
    "help-flag-version",
    "help-subcommand-help",
    "help-env",
    "help-default",
    "help-possible-values",
    "help-possible-values-heading",
    "man-section-name",
    "man-section-synopsis",
    "man-section-description",
    "man-section-version",
    "man-section-extra",
    "man-section-authors",
    "clap-error",
    "clap-tip",
    "clap-more-info",
    "clap-unknown-argument",
    "clap-tip-similar-arg",
    "clap-unknown-command",
    "clap-tip-similar-command",
    "clap-tip-similar-value",
    "clap-missing-value",
    "clap-invalid-value",
    "clap-value-validation",
    "clap-missing-argument",
    "clap-missing-command",
    "clap-conflict",
    "clap-too-many-values",
    "clap-no-equals",
    "clap-wrong-number-of-values",
    "clap-used-twice",
];

/// The catalogue id of a command (`path`: the command names from the root joined by `-`, such
/// as `app` or `app-card-status`).
pub fn command_id(path: &str) -> String {
    format!("help-{path}")
}

/// The catalogue id of an argument of the command at `path`.
pub fn arg_id(path: &str, arg: &str) -> String {
    format!("help-{path}--{}", arg.replace('_', "-"))
}

/// The catalogue id of a possible value of an argument.
pub fn value_id(path: &str, arg: &str, value: &str) -> String {
    format!("{}--{}", arg_id(path, arg), value.replace('_', "-"))
}

/// A catalogue and a frame: renders a command tree's help, its man pages and its parse errors in
/// the catalogue's language.
pub struct Localizer<C> {
    catalogue: C,
    frame: Frame,
}

impl<C: Catalogue> Localizer<C> {
    /// Texts from `catalogue`, the frame written by `frame`.
    pub fn new(catalogue: C, frame: Frame) -> Self {
        Localizer { catalogue, frame }
    }

    /// The message `id` if the catalogue has it.
    fn text(&self, id: &str) -> Option<String> {
        self.catalogue.get(id, &[])
    }

    /// A frame text: the message `id` with its arguments, its id if the catalogue lacks it.
    fn frame_text(&self, id: &str, args: &[(&str, String)]) -> String {
        self.catalogue
            .get(id, args)
            .unwrap_or_else(|| id.to_string())
    }

    fn french(&self) -> bool {
        self.frame == Frame::French
    }

    /// `cmd` (the whole tree) with its texts from the catalogue.
    pub fn localize(&self, cmd: Command) -> Command {
        let root = cmd.get_name().to_string();
        let mut cmd = self.localize_at(cmd, root, Version::default());
        if self.french() {
            // clap adds its `help` subcommand when the tree is built: build it, then translate it.
            cmd.build();
            cmd = self.help_subcommand(cmd);
        }
        cmd
    }

    fn help_subcommand(&self, cmd: Command) -> Command {
        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .filter(|n| n != "help")
            .collect();
        let mut cmd = cmd;
        if cmd.find_subcommand("help").is_some() {
            cmd = cmd.mut_subcommand("help", |h| {
                h.about(self.frame_text("help-subcommand-help", &[]))
            });
        }
        for n in names {
            cmd = cmd.mut_subcommand(n, |s| self.help_subcommand(s));
        }
        cmd
    }

    /// `inherited`: how the version of the commands above reaches this one (see [`Version`]).
    fn localize_at(&self, mut cmd: Command, path: String, inherited: Version) -> Command {
        let version = inherited.at(&cmd);
        let id = command_id(&path);
        if let Some(about) = self.text(&id) {
            cmd = cmd.about(about);
        }
        if let Some(long) = self.text(&format!("{id}-long")) {
            cmd = cmd.long_about(long);
        }
        cmd = cmd.mut_args(|a| self.localize_arg(a, &path));
        if self.french() {
            cmd = self.french_frame(cmd, version.has);
        }
        cmd.mut_subcommands(|sub| {
            let sub_path = format!("{path}-{}", sub.get_name());
            self.localize_at(sub, sub_path, version.below())
        })
    }

    fn localize_arg(&self, mut a: Arg, path: &str) -> Arg {
        let name = a.get_id().as_str().to_string();
        let id = arg_id(path, &name);
        let mut help = self.text(&id);
        let mut long = self.text(&format!("{id}-long"));
        let values: Vec<PossibleValue> = if a.get_action().takes_values() {
            a.get_possible_values()
        } else {
            Vec::new()
        };
        let with_help = values.iter().any(|v| v.get_help().is_some());
        if self.french() {
            let extra = self.spec_values(&a);
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
                        l.push_str(&format!("\n\n{}", self.values_list(&values, path, &name)));
                    }
                    long = Some(l);
                }
            }
            if a.get_help_heading().is_none() {
                let positional = a.is_positional();
                a = a.help_heading(if positional {
                    self.heading("help-heading-arguments")
                } else {
                    self.heading("help-heading-options")
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
    fn heading(&self, id: &str) -> String {
        format!("{}\u{a0}", self.frame_text(id, &[]))
    }

    /// The `[env : …] [défaut : …] [valeurs possibles : …]` that clap writes in English.
    fn spec_values(&self, a: &Arg) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(env) = a.get_env() {
            if !a.is_hide_env_set() {
                let value = std::env::var_os(env).unwrap_or_default();
                out.push(self.frame_text(
                    "help-env",
                    &[
                        ("name", env.to_string_lossy().into_owned()),
                        ("value", value.to_string_lossy().into_owned()),
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
            out.push(self.frame_text("help-default", &[("value", defaults.join(" "))]));
        }
        let values = a.get_possible_values();
        if a.get_action().takes_values() && !a.is_hide_possible_values_set() && !values.is_empty() {
            let names: Vec<&str> = values
                .iter()
                .filter(|v| !v.is_hide_set())
                .map(|v| v.get_name())
                .collect();
            out.push(self.frame_text("help-possible-values", &[("values", names.join(", "))]));
        }
        out
    }

    /// The frame of a French help: the usage heading, the commands heading, and the help and
    /// version flags (clap writes them in English).
    fn french_frame(&self, cmd: Command, version: bool) -> Command {
        let fr = |id: &str| self.frame_text(id, &[]);
        let cmd = cmd
            .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}\u{a0}: {{usage}}\n\n{{all-args}}{{after-help}}",
            fr("help-heading-usage")
        ))
        .subcommand_help_heading(self.heading("help-heading-commands"))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(fr("help-flag-help"))
                .display_order(usize::MAX - 1)
                .help_heading(self.heading("help-heading-options")),
        );
        if !version {
            return cmd;
        }
        cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(fr("help-flag-version"))
                .display_order(usize::MAX)
                .help_heading(self.heading("help-heading-options")),
        )
    }

    /// The long list of possible values with their help (`Valeurs possibles :` then one per line).
    fn values_list(&self, values: &[PossibleValue], path: &str, arg: &str) -> String {
        let mut s = self.frame_text("help-possible-values-heading", &[]);
        for v in values.iter().filter(|v| !v.is_hide_set()) {
            let help = self
                .text(&value_id(path, arg, v.get_name()))
                .or_else(|| v.get_help().map(|h| h.to_string()));
            match help {
                Some(h) => s.push_str(&format!("\n  - {}\u{a0}: {h}", v.get_name())),
                None => s.push_str(&format!("\n  - {}", v.get_name())),
            }
        }
        s
    }
}

/// Whether a command has a version, which clap gives a `--version` flag to: its own, or its
/// parent's when a command above it has `propagate_version` (clap copies it when it builds the
/// tree, after [`Localizer::localize`]).
#[derive(Clone, Copy, Default)]
struct Version {
    /// The command has a version.
    has: bool,
    /// A command above or this one propagates its version.
    propagate: bool,
}

impl Version {
    /// Where the version of the commands above has reached: at `cmd`.
    fn at(self, cmd: &Command) -> Version {
        Version {
            has: self.has || cmd.get_version().is_some() || cmd.get_long_version().is_some(),
            propagate: self.propagate || cmd.is_propagate_version_set(),
        }
    }

    /// What reaches the subcommands.
    fn below(self) -> Version {
        Version {
            has: self.has && self.propagate,
            propagate: self.propagate,
        }
    }
}

#[cfg(test)]
mod tests;
