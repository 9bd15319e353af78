//! The catalogues (locales/*/agent.ftl): same messages and placeholders in every language, every
//! message used by the code, every argument of every command with its help in every language.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use clap::CommandFactory;
use fluent_syntax::ast;

use agent::cli::help;
use agent::i18n::Lang;

/// Message id → the variables its value and attributes use.
fn messages(lang: Lang) -> BTreeMap<String, BTreeSet<String>> {
    let res = fluent_syntax::parser::parse(lang.catalogue())
        .unwrap_or_else(|(_, errors)| panic!("locales/{}/agent.ftl: {errors:?}", lang.code()));
    let mut out = BTreeMap::new();
    for entry in res.body {
        match entry {
            ast::Entry::Message(m) => {
                let mut vars = BTreeSet::new();
                if let Some(p) = &m.value {
                    pattern_vars(p, &mut vars);
                }
                for a in &m.attributes {
                    pattern_vars(&a.value, &mut vars);
                }
                let id = m.id.name.to_string();
                assert!(
                    out.insert(id.clone(), vars).is_none(),
                    "locales/{}/agent.ftl: {id} is defined twice",
                    lang.code()
                );
            }
            ast::Entry::Junk { content } => {
                panic!(
                    "locales/{}/agent.ftl: cannot parse {content:?}",
                    lang.code()
                )
            }
            _ => {}
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            expr_vars(expression, vars);
        }
    }
}

fn expr_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
        ast::Expression::Inline(i) => inline_vars(i, vars),
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
            for a in &arguments.named {
                inline_vars(&a.value, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expr_vars(expression, vars),
        _ => {}
    }
}

#[test]
fn every_message_is_in_every_language_with_the_same_placeholders() {
    let en = messages(Lang::En);
    assert!(en.len() > 100, "{} messages", en.len());
    for lang in Lang::ALL {
        let other = messages(lang);
        let missing: Vec<&String> = en.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<&String> = other.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "locales/{}/agent.ftl lacks {missing:?} and has {extra:?} that English does not",
            lang.code()
        );
        for (id, vars) in &en {
            assert_eq!(
                vars,
                &other[id],
                "{id}: placeholders differ between en and {}",
                lang.code()
            );
        }
    }
}

/// Every `.rs` file under `dir`, read.
fn sources(dir: &Path, out: &mut String) {
    for e in std::fs::read_dir(dir).expect("read src") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push_str(&std::fs::read_to_string(&p).expect("read source"));
        }
    }
}

#[test]
fn every_message_is_used_by_the_code() {
    let mut src = String::new();
    sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut src);
    // The help of commands, arguments and values is looked up by an id made from the command
    // path (src/cli/help.rs): checked against the command tree below. The frame texts (headings,
    // clap's errors) are the ones the clap-l10n crate asks for.
    let unused: Vec<String> = messages(Lang::En)
        .into_keys()
        .filter(|id| !id.starts_with("help-agent"))
        .filter(|id| !clap_l10n::FRAME_IDS.contains(&id.as_str()))
        .filter(|id| !src.contains(&format!("\"{id}\"")))
        .collect();
    assert!(
        unused.is_empty(),
        "messages no source file names (remove them, or use them): {unused:?}"
    );
}

#[test]
fn every_command_and_argument_has_its_help_in_every_language() {
    let entries = help::source_entries(&agent::cli::Cli::command());
    let ids: BTreeSet<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
    for lang in Lang::ALL {
        let catalogue = messages(lang);
        let missing: Vec<&&str> = ids
            .iter()
            .filter(|id| !catalogue.contains_key(**id))
            .collect();
        assert!(
            missing.is_empty(),
            "locales/{}/agent.ftl has no help for {missing:?}",
            lang.code()
        );
        let stale: Vec<&String> = catalogue
            .keys()
            .filter(|k| k.starts_with("help-agent") && !ids.contains(k.as_str()))
            .collect();
        assert!(
            stale.is_empty(),
            "locales/{}/agent.ftl has help for no command or argument: {stale:?}",
            lang.code()
        );
    }
    // Every argument of every command has a help text at all.
    fn walk(cmd: &clap::Command, path: String, out: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            if a.get_help().is_none() {
                out.push(format!("{path} {}", a.get_id()));
            }
        }
        if cmd.get_about().is_none() {
            out.push(path.clone());
        }
        for s in cmd.get_subcommands() {
            walk(s, format!("{path} {}", s.get_name()), out);
        }
    }
    let mut without = Vec::new();
    walk(&agent::cli::Cli::command(), "agent".into(), &mut without);
    assert!(without.is_empty(), "without help: {without:?}");
}

#[test]
fn english_help_is_the_doc_comments() {
    let doc = help::source_entries(&agent::cli::Cli::command());
    let en = help::source_entries(&help::localize(agent::cli::Cli::command(), Lang::En));
    for ((id, d), (_, e)) in doc.iter().zip(en.iter()) {
        assert_eq!(
            d, e,
            "{id}: the English catalogue differs from the doc comment; change both"
        );
    }
    assert_eq!(doc.len(), en.len());
}

#[test]
fn french_help_differs_from_english_everywhere() {
    use agent::i18n::message_in;
    let ids = help::source_entries(&agent::cli::Cli::command());
    // Texts that are the same words in both languages.
    let same_ok = ["help-agent-completions--shell"];
    let untranslated: Vec<&String> = ids
        .iter()
        .map(|(id, _)| id)
        .filter(|id| !same_ok.contains(&id.as_str()))
        .filter(|id| message_in(Lang::En, id, &[]) == message_in(Lang::Fr, id, &[]))
        .collect();
    assert!(
        untranslated.is_empty(),
        "French help still English: {untranslated:?}"
    );
    // The French help of a value list names each value with its French help.
    let cmd = help::localize(agent::cli::Cli::command(), Lang::Fr);
    let status = cmd.find_subcommand("status").expect("status");
    let format = status
        .get_arguments()
        .find(|a| a.get_id() == "format")
        .expect("--format");
    let long = format.get_long_help().expect("long help").to_string();
    assert!(
        long.contains("Valeurs possibles\u{a0}:")
            && long.contains("- prometheus\u{a0}: Format d'exposition texte de Prometheus"),
        "{long}"
    );
}
