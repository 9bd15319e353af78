//! The agent speaks French to French users (issue 13): every command's help, clap's own errors
//! and a representative set of errors in French under `LANG=fr_FR.UTF-8` and in English under
//! `LANG=C.UTF-8`; `--lang` over `AGENT_LANG` over the locale; and what scripts read (JSON,
//! Prometheus) byte-identical in both languages.

mod common;

use std::process::Output;

use clap::CommandFactory;
use common::ldap::Annuaire;
use common::store::finess_id;
use common::world::{Validity, World};
use common::{in_locale, run, stderr, stdout};

const FR: &str = "fr_FR.UTF-8";
const EN: &str = "C.UTF-8";
const NAME: &str = "PHARMACIE DES ÉCOLES";

/// What the language tests do in their world.
impl World {
    /// [`World::agent`] with `args` under the locale `lang`, run.
    fn run_in<S: AsRef<std::ffi::OsStr>>(&self, lang: &str, args: &[S]) -> Output {
        run(in_locale(self.agent(), lang).args(args))
    }
}

/// Every command path: `[]`, `["card"]`, `["card", "status"]`…
fn command_paths() -> Vec<Vec<String>> {
    fn walk(cmd: &clap::Command, path: Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(path.clone());
        for s in cmd.get_subcommands() {
            let mut p = path.clone();
            p.push(s.get_name().to_string());
            walk(s, p, out);
        }
    }
    let mut out = Vec::new();
    walk(&agent::cli::Cli::command(), Vec::new(), &mut out);
    out
}

/// English words of clap's frame that must not be left in a French help.
const CLAP_ENGLISH: [&str; 8] = [
    "Usage:",
    "Commands:",
    "Options:",
    "Arguments:",
    "Print help",
    "Print version",
    "[default: ",
    "[possible values: ",
];

#[test]
fn every_command_help_is_french_under_a_french_locale_and_english_otherwise() {
    let w = World::new();
    let paths = command_paths();
    assert!(paths.len() > 15, "{paths:?}");
    for path in &paths {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let id = agent::cli::help::command_id(
            &std::iter::once("agent")
                .chain(path.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("-"),
        );
        // French.
        let o = w.run_in(FR, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let fr = stdout(&o);
        assert!(fr.contains("Utilisation\u{a0}: agent"), "{args:?}:\n{fr}");
        assert!(fr.contains("Options\u{a0}:"), "{args:?}:\n{fr}");
        assert!(fr.contains("Afficher l'aide"), "{args:?}:\n{fr}");
        for english in CLAP_ENGLISH {
            assert!(!fr.contains(english), "{args:?}: {english:?} in\n{fr}");
        }
        if path.is_empty() || path == &["card"] {
            assert!(fr.contains("Commandes\u{a0}:"), "{args:?}:\n{fr}");
        }
        // The about is the French catalogue's (long about when there is one), wrapped by clap:
        // compare its first words.
        let about_id = if agent::i18n::has(agent::i18n::Lang::Fr, &format!("{id}-long")) {
            format!("{id}-long")
        } else {
            id.clone()
        };
        let about = agent::i18n::message_in(agent::i18n::Lang::Fr, &about_id, &[]);
        // (split on spaces only: the no-break spaces of French typography stay in the words)
        let first: String = about.split(' ').take(4).collect::<Vec<_>>().join(" ");
        assert!(fr.contains(&first), "{args:?}: {first:?} not in\n{fr}");
        // English, as the doc comments say.
        let o = w.run_in(EN, &args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let en = stdout(&o);
        assert!(en.contains("Usage: agent"), "{args:?}:\n{en}");
        assert!(
            en.contains("Options:") && en.contains("Print help"),
            "{args:?}:\n{en}"
        );
        assert!(!en.contains("Utilisation"), "{args:?}:\n{en}");
    }
    // Defaults, environment and value lists in French typography.
    let o = w.run_in(FR, &["status", "--help"]);
    let fr = stdout(&o);
    assert!(fr.contains("[env\u{a0}: AGENT_HOME="), "{fr}");
    assert!(
        fr.contains("- prometheus\u{a0}: Format d'exposition texte de Prometheus"),
        "{fr}"
    );
    let o = w.run_in(FR, &["status", "-h"]);
    assert!(
        stdout(&o).contains("[valeurs possibles\u{a0}: table, json, prometheus]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn lang_flag_overrides_agent_lang_which_overrides_the_locale() {
    let w = World::new();
    let french = |o: &Output| stdout(o).contains("Utilisation\u{a0}:");
    let english = |o: &Output| stdout(o).contains("Usage:");
    // --lang over the locale.
    let o = w.run_in(FR, &["--lang", "en", "list", "--help"]);
    assert!(english(&o), "{}", stdout(&o));
    let o = w.run_in(EN, &["list", "--help", "--lang=fr"]);
    assert!(french(&o), "{}", stdout(&o));
    // --lang over AGENT_LANG.
    let o = run(in_locale(w.agent(), EN)
        .env("AGENT_LANG", "en")
        .args(["--lang", "fr", "list", "--help"]));
    assert!(french(&o), "{}", stdout(&o));
    // AGENT_LANG over the locale.
    let o = run(in_locale(w.agent(), FR)
        .env("AGENT_LANG", "en")
        .args(["list", "--help"]));
    assert!(english(&o), "{}", stdout(&o));
    let o = run(in_locale(w.agent(), EN)
        .env("AGENT_LANG", "fr")
        .args(["list", "--help"]));
    assert!(french(&o), "{}", stdout(&o));
    // LC_ALL over LC_MESSAGES over LANG; empty values are skipped.
    let o = run(in_locale(w.agent(), EN)
        .env("LC_ALL", "fr_FR.UTF-8")
        .args(["list", "--help"]));
    assert!(french(&o), "{}", stdout(&o));
    let o = run(in_locale(w.agent(), FR)
        .env("LC_ALL", "")
        .env("LC_MESSAGES", "C")
        .args(["list", "--help"]));
    assert!(english(&o), "{}", stdout(&o));
    // Errors follow the flag too.
    let o = w.run_in(EN, &["--lang", "fr", "status"]);
    assert!(
        stderr(&o).starts_with("agent: erreur\u{a0}: "),
        "{}",
        stderr(&o)
    );
    // An unknown language is clap's usage error (exit 2).
    let o = w.run_in(EN, &["--lang", "de", "list"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn clap_errors_in_french() {
    let w = World::new();
    let o = w.run_in(FR, &["status", "--formt", "json"]);
    assert_eq!(
        o.status.code(),
        Some(3),
        "status usage errors exit 3: {}",
        stderr(&o)
    );
    let e = stderr(&o);
    assert!(
        e.contains("erreur\u{a0}: argument inattendu «\u{a0}--formt\u{a0}»"),
        "{e}"
    );
    assert!(
        e.contains("un argument semblable existe\u{a0}: «\u{a0}--format\u{a0}»"),
        "{e}"
    );
    assert!(e.contains("Utilisation\u{a0}: agent status"), "{e}");
    assert!(
        e.contains("Pour en savoir plus, essayez «\u{a0}--help\u{a0}»."),
        "{e}"
    );
    let o = w.run_in(FR, &["status", "--format", "xml"]);
    assert!(
        stderr(&o)
            .contains("valeur «\u{a0}xml\u{a0}» invalide pour «\u{a0}--format <FORMAT>\u{a0}»"),
        "{}",
        stderr(&o)
    );
    let o = w.run_in(FR, &["man"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("les arguments obligatoires suivants n'ont pas été donnés"),
        "{}",
        stderr(&o)
    );
    let o = w.run_in(FR, &["statut"]);
    assert!(
        stderr(&o).contains("sous-commande inconnue «\u{a0}statut\u{a0}»"),
        "{}",
        stderr(&o)
    );
    let o = w.run_in(FR, &["lookup", "--connect-timeout"]);
    assert!(
        stderr(&o)
            .contains("une valeur est nécessaire pour «\u{a0}--connect-timeout <DURATION>\u{a0}»"),
        "{}",
        stderr(&o)
    );
    // English: clap's own text.
    let o = w.run_in(EN, &["status", "--formt", "json"]);
    assert!(
        stderr(&o).contains("error: unexpected argument '--formt' found"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn errors_in_french_and_english() {
    let w = World::new();
    // Empty home.
    let o = w.run_in(FR, &["status"]);
    assert_eq!(o.status.code(), Some(3));
    let e = stderr(&o);
    assert!(
        e.starts_with("agent: erreur\u{a0}: rien n'est installé ni commandé dans "),
        "{e}"
    );
    assert!(
        e.contains("lancez d'abord `agent csr` et `agent import`"),
        "{e}"
    );
    let o = w.run_in(EN, &["status"]);
    assert_eq!(o.status.code(), Some(3));
    assert!(
        stderr(&o).starts_with("agent: error: nothing is installed or ordered in "),
        "{}",
        stderr(&o)
    );
    let o = w.run_in(FR, &["list"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with("Rien n'est installé dans "),
        "{}",
        stdout(&o)
    );

    // Bad structure id (wrong check key), same exit code in both languages.
    let args = ["rollback", "--structure", "1010000025", "--usage", "sign"];
    let fr = w.run_in(FR, &args);
    let en = w.run_in(EN, &args);
    assert_eq!(fr.status.code(), Some(3), "{}", stderr(&fr));
    assert_eq!(fr.status.code(), en.status.code());
    assert!(
        stderr(&fr)
            .contains("FINESS «\u{a0}010000025\u{a0}» invalide\u{a0}: clé de contrôle fausse"),
        "{}",
        stderr(&fr)
    );
    assert!(
        stderr(&en).contains("invalid FINESS \"010000025\": wrong check key"),
        "{}",
        stderr(&en)
    );
    // An unknown identifier type, and a letter where digits go: the agent's words for the kind
    // and the rule are French too (the registers' names stay as they are).
    let args = ["rollback", "--structure", "abc", "--usage", "sign"];
    let fr = w.run_in(FR, &args);
    assert_eq!(fr.status.code(), Some(3), "{}", stderr(&fr));
    assert!(
        stderr(&fr).contains("identifiant national de structure «\u{a0}abc\u{a0}» invalide"),
        "{}",
        stderr(&fr)
    );
    let args = ["rollback", "--structure", "3X", "--usage", "sign"];
    let fr = w.run_in(FR, &args);
    assert_eq!(fr.status.code(), Some(3), "{}", stderr(&fr));
    assert!(
        stderr(&fr).contains("n'est pas permis (chiffres uniquement)"),
        "{}",
        stderr(&fr)
    );
    assert!(
        stderr(&w.run_in(EN, &args)).contains("is not allowed (digits only)"),
        "English: digits only"
    );

    // A PIN file others can read.
    let pin = w.home().join("pin");
    std::fs::write(&pin, "1234\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pin, std::fs::Permissions::from_mode(0o644)).unwrap();
    let args = ["--pin-file", pin.to_str().unwrap(), "card", "login"];
    let fr = w.run_in(FR, &args);
    assert_eq!(fr.status.code(), Some(3), "{}", stderr(&fr));
    assert!(
        stderr(&fr).contains("est accessible à d'autres (mode 0644)")
            && stderr(&fr).contains("Corrigez avec `chmod 600 "),
        "{}",
        stderr(&fr)
    );
    let en = w.run_in(EN, &args);
    assert!(
        stderr(&en).contains("is accessible by others (mode 0644)"),
        "{}",
        stderr(&en)
    );
}

#[test]
fn bad_departement_in_french_and_english() {
    let w = World::new();
    let s = finess_id(7);
    let args = ["csr", "--structure", &s, "--name", NAME, "--dept", "99"];
    let fr = w.run_in(FR, &args);
    assert_eq!(fr.status.code(), Some(3), "{}", stderr(&fr));
    assert!(
        stderr(&fr).contains(
            "«\u{a0}99\u{a0}» n'est pas un code de département français\u{a0}: utilisez 01 à 95"
        ),
        "{}",
        stderr(&fr)
    );
    let en = w.run_in(EN, &args);
    assert_eq!(en.status.code(), Some(3));
    assert!(
        stderr(&en).contains("\"99\" is not a French département code"),
        "{}",
        stderr(&en)
    );
}

/// `c` under `lang`, with the clock frozen at `unix`.
fn frozen(c: std::process::Command, lang: &str, unix: i64) -> Output {
    run(&mut common::frozen_at(&in_locale(c, lang), unix))
}

#[test]
fn what_scripts_read_is_the_same_in_both_languages() {
    let w = World::new().with_pki();
    let a = finess_id(1);
    let b = finess_id(2);
    w.install(
        &a,
        NAME,
        &[
            ("auth_cli", Validity::Days(0, 45)),
            ("sign", Validity::Days(0, 730)),
        ],
    );
    w.install(&b, NAME, &[("auth_cli", Validity::Days(0, 20))]);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let status = |args: &[&str]| {
        let mut c = w.agent();
        c.arg("status").arg("--no-builtin-anchors").args(args);
        c
    };
    for args in [
        vec!["--json"],
        vec!["--format", "prometheus"],
        vec!["--json", "--expiring", "30d"],
    ] {
        let fr = frozen(status(&args), FR, now);
        let en = frozen(status(&args), EN, now);
        assert_eq!(fr.status.code(), Some(1), "{args:?}: {}", stderr(&fr));
        assert_eq!(fr.status.code(), en.status.code(), "{args:?}");
        assert!(!fr.stdout.is_empty());
        assert_eq!(
            stdout(&fr),
            stdout(&en),
            "{args:?}: the output scripts read changed with the language"
        );
    }
    // The Prometheus text file too.
    let pf = w.home().join("fr.prom");
    let pe = w.home().join("en.prom");
    let fr = frozen(
        status(&["--prometheus-file", pf.to_str().unwrap()]),
        FR,
        now,
    );
    let en = frozen(
        status(&["--prometheus-file", pe.to_str().unwrap()]),
        EN,
        now,
    );
    assert_eq!(fr.status.code(), en.status.code());
    assert_eq!(std::fs::read(&pf).unwrap(), std::fs::read(&pe).unwrap());
    // The human table is not: its headings and summary are translated (state names stay).
    let fr = frozen(status(&[]), FR, now);
    let en = frozen(status(&[]), EN, now);
    assert!(
        stdout(&fr)
            .starts_with("4 lignes\u{a0}: 1 ok, 2 expiring, 1 missing (fenêtre de 60 jours)."),
        "{}",
        stdout(&fr)
    );
    assert!(stdout(&fr).contains("NUMÉRO DE SÉRIE"), "{}", stdout(&fr));
    assert!(
        stdout(&en).starts_with("4 row(s): 1 ok, 2 expiring, 1 missing (window 60 days)."),
        "{}",
        stdout(&en)
    );

    // renew --dry-run --json.
    let renew = || {
        let mut c = w.agent();
        c.args(["renew", "--dry-run", "--json", "--within", "30d"]);
        c
    };
    let fr = frozen(renew(), FR, now);
    let en = frozen(renew(), EN, now);
    assert_eq!(fr.status.code(), en.status.code(), "{}", stderr(&fr));
    assert!(!fr.stdout.is_empty(), "{}", stderr(&fr));
    assert_eq!(stdout(&fr), stdout(&en), "renew --dry-run --json");

    // lookup --json.
    let dir = Annuaire::with_test_data();
    let lookup = |lang: &str| {
        run(in_locale(w.agent(), lang).args([
            "lookup",
            "--ldap-url",
            &dir.url,
            "--rpps",
            "10000123454",
            "--json",
        ]))
    };
    let fr = lookup(FR);
    let en = lookup(EN);
    assert_eq!(fr.status.code(), Some(0), "{}", stderr(&fr));
    assert!(!fr.stdout.is_empty());
    assert_eq!(stdout(&fr), stdout(&en), "lookup --json");
}

#[test]
fn man_pages_and_completions_follow_the_language() {
    let w = World::new();
    let out = w.home().join("man");
    let o = w.run_in(FR, &["man", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("agent-status.1")).unwrap();
    assert!(page.contains(".SH NOM"), "{page}");
    assert!(
        page.contains("Faire le point sur les certificats installés"),
        "{page}"
    );
    assert!(!page.contains(".SH NAME"), "{page}");
    let o = w.run_in(EN, &["man", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let page = std::fs::read_to_string(out.join("agent-status.1")).unwrap();
    assert!(page.contains(".SH NAME") && page.contains("Report the installed certificates"));
    let o = w.run_in(FR, &["completions", "fish"]);
    assert!(
        stdout(&o).contains("Lister ce qui est installé dans le magasin"),
        "{}",
        stdout(&o)
    );
    let o = w.run_in(EN, &["completions", "fish"]);
    assert!(stdout(&o).contains("List what is installed in the store"));
}

#[test]
fn portal_steps_in_french_and_english() {
    let w = World::new();
    let s = finess_id(8);
    let args = [
        "csr",
        "--structure",
        &s,
        "--name",
        NAME,
        "--dept",
        "75",
        "--replace",
    ];
    let fr = w.run_in(FR, &args);
    assert_eq!(fr.status.code(), Some(0), "{}", stderr(&fr));
    let out = stdout(&fr);
    assert!(
        out.starts_with(&format!("Préparé pour la structure {s} ({NAME})\u{a0}; ")),
        "{out}"
    );
    assert!(
        out.contains(
            "Connectez-vous à la plateforme IGC Santé https://pfc.eservices.esante.gouv.fr"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "À l'étape 3, saisissez exactement le service applicatif\u{a0}: DMP AUTHENTIFICATION"
        ),
        "{out}"
    );
    let en = w.run_in(EN, &args);
    assert_eq!(en.status.code(), Some(0), "{}", stderr(&en));
    assert!(
        stdout(&en)
            .contains("At step 3, type the service applicatif exactly: DMP AUTHENTIFICATION"),
        "{}",
        stdout(&en)
    );
    // `csr --json` is the same document in both languages (paths aside: compare the keys).
    let fr = w.run_in(FR, &[&args[..], &["--json"]].concat());
    let en = w.run_in(EN, &[&args[..], &["--json"]].concat());
    let keys = |o: &Output| {
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
        v.as_object().map(|m| m.keys().cloned().collect::<Vec<_>>())
    };
    assert_eq!(keys(&fr), keys(&en));
}
