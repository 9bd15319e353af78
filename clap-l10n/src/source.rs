//! The source texts of a command tree (its doc comments), under their catalogue ids.

use clap::Command;

use crate::{arg_id, command_id, value_id};

/// The catalogue entries (id, text) for every text of `cmd` as it is built from the doc
/// comments, in tree order: how the source-language catalogue's help section is made, and what
/// a test compares it with.
pub fn source_entries(cmd: &Command) -> Vec<(String, String)> {
    let mut out = Vec::new();
    collect(cmd, cmd.get_name().to_string(), &mut out);
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

/// One Fluent entry (`id = value`) whose value reads back exactly as `value`: braces and the
/// characters Fluent gives a meaning at the start of a line are written as string literals.
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
