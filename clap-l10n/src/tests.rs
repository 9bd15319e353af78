use super::*;

/// A tiny catalogue: `{ $name }` placeholders replaced by the arguments.
struct Messages(&'static [(&'static str, &'static str)]);

impl Catalogue for Messages {
    fn get(&self, id: &str, args: &[(&str, String)]) -> Option<String> {
        let (_, text) = self.0.iter().find(|(k, _)| *k == id)?;
        let mut s = text.to_string();
        for (k, v) in args {
            s = s.replace(&format!("{{ ${k} }}"), v);
        }
        Some(s)
    }
}

const FR: &[(&str, &str)] = &[
    ("help-app", "Une application de test"),
    ("help-app--level", "Le niveau"),
    ("help-app--name", "Le nom"),
    ("help-app-run", "Lancer"),
    ("help-app-run--format", "Le format"),
    ("help-app-run--format--json", "Du JSON"),
    ("help-heading-usage", "Utilisation"),
    ("help-heading-commands", "Commandes"),
    ("help-heading-options", "Options"),
    ("help-heading-arguments", "Arguments"),
    ("help-flag-help", "Afficher l'aide"),
    ("help-flag-version", "Afficher la version"),
    ("help-subcommand-help", "Afficher ce message"),
    ("help-env", "[env\u{a0}: { $name }={ $value }]"),
    ("help-default", "[défaut\u{a0}: { $value }]"),
    (
        "help-possible-values",
        "[valeurs possibles\u{a0}: { $values }]",
    ),
    ("help-possible-values-heading", "Valeurs possibles\u{a0}:"),
    ("man-section-name", "Nom"),
    ("man-section-description", "Description"),
    ("clap-error", "erreur"),
    ("clap-tip", "astuce"),
    (
        "clap-more-info",
        "Pour en savoir plus, essayez «\u{a0}--help\u{a0}».",
    ),
    (
        "clap-unknown-argument",
        "argument inattendu «\u{a0}{ $arg }\u{a0}»",
    ),
    (
        "clap-tip-similar-arg",
        "un argument semblable existe\u{a0}: «\u{a0}{ $arg }\u{a0}»",
    ),
];

fn app() -> Command {
    Command::new("app")
        .about("A test application")
        .version("1.0")
        .arg(
            Arg::new("level")
                .long("level")
                .help("The level")
                .default_value("3"),
        )
        .arg(Arg::new("name").help("The name"))
        .subcommand(
            Command::new("run").about("Run").arg(
                Arg::new("format")
                    .long("format")
                    .help("The format")
                    .value_parser([
                        PossibleValue::new("table").help("A table"),
                        PossibleValue::new("json").help("JSON"),
                    ]),
            ),
        )
}

fn french() -> Localizer<Messages> {
    Localizer::new(Messages(FR), Frame::French)
}

#[test]
fn ids_follow_the_command_path() {
    assert_eq!(command_id("app-card-status"), "help-app-card-status");
    assert_eq!(
        arg_id("app-status", "pin_file"),
        "help-app-status--pin-file"
    );
    assert_eq!(
        value_id("app-status", "format", "auth_cli"),
        "help-app-status--format--auth-cli"
    );
}

#[test]
fn the_source_entries_are_the_doc_texts_in_tree_order() {
    let ids: Vec<(String, String)> = source_entries(&app());
    let ids: Vec<(&str, &str)> = ids.iter().map(|(i, t)| (i.as_str(), t.as_str())).collect();
    assert_eq!(
        ids,
        [
            ("help-app", "A test application"),
            ("help-app--level", "The level"),
            ("help-app--name", "The name"),
            ("help-app-run", "Run"),
            ("help-app-run--format", "The format"),
            ("help-app-run--format--table", "A table"),
            ("help-app-run--format--json", "JSON"),
        ]
    );
}

#[test]
fn fluent_entries_escape_what_fluent_reads() {
    assert_eq!(ftl_entry("a", "x {y}"), "a = x {\"{\"}y{\"}\"}\n");
    assert_eq!(ftl_entry("a", "[section] key"), "a = {\"[\"}section] key\n");
    assert_eq!(
        ftl_entry("a", "one\n\n.two"),
        "a =\n    one\n\n    {\".\"}two\n"
    );
}

#[test]
fn the_texts_come_from_the_catalogue_and_the_frame_from_clap() {
    let l = Localizer::new(Messages(FR), Frame::Clap);
    let mut cmd = l.localize(app());
    assert_eq!(
        cmd.get_about().unwrap().to_string(),
        "Une application de test"
    );
    let help = cmd.render_help().to_string();
    assert!(help.contains("Usage: app"), "{help}");
    assert!(help.contains("Le niveau [default: 3]"), "{help}");
    let run = cmd.find_subcommand_mut("run").unwrap();
    let long = run.render_long_help().to_string();
    // clap lists the values with their source help.
    assert!(long.contains("- table: A table"), "{long}");
    assert!(long.contains("- json:  JSON"), "{long}");
    assert_eq!(l.man_page(b".SH NAME\n"), ".SH NAME\n");
    let e = app().try_get_matches_from(["app", "--bogus"]).unwrap_err();
    assert_eq!(l.parse_error(&e), None);
}

#[test]
fn the_french_frame_comes_from_the_catalogue() {
    let mut cmd = french().localize(app());
    let help = cmd.render_help().to_string();
    for text in [
        "Une application de test",
        "Utilisation\u{a0}: app [OPTIONS] [name] [COMMAND]",
        "Commandes\u{a0}:",
        "Afficher ce message",
        "Arguments\u{a0}:",
        "Le nom",
        "Options\u{a0}:",
        "Le niveau [défaut\u{a0}: 3]",
        "Afficher l'aide",
        "Afficher la version",
    ] {
        assert!(help.contains(text), "{text:?} in\n{help}");
    }
    assert!(!help.contains("Usage") && !help.contains("Print"), "{help}");
    let run = cmd.find_subcommand_mut("run").unwrap();
    let long = run.render_long_help().to_string();
    assert!(long.contains("Valeurs possibles\u{a0}:"), "{long}");
    assert!(long.contains("- table\u{a0}: A table"), "{long}");
    assert!(long.contains("- json\u{a0}: Du JSON"), "{long}");
    // The version is the root's alone: it does not propagate it.
    assert!(!long.contains("Afficher la version"), "{long}");
    let short = run.render_help().to_string();
    assert!(
        short.contains("Le format [valeurs possibles\u{a0}: table, json]"),
        "{short}"
    );
}

#[test]
fn french_man_pages_have_french_section_titles() {
    let roff = b".TH app 1\n.SH NAME\napp\n.SH DESCRIPTION\n.SH Commandes\xc2\xa0\n.SH FILES";
    assert_eq!(
        french().man_page(roff),
        ".TH app 1\n.SH NOM\napp\n.SH DESCRIPTION\n.SH COMMANDES\n.SH FILES"
    );
}

#[test]
fn french_parse_errors() {
    let cmd = french().localize(app());
    let e = cmd
        .try_get_matches_from(["app", "--levl", "2"])
        .unwrap_err();
    assert_eq!(
        french().parse_error(&e).unwrap(),
        "erreur\u{a0}: argument inattendu «\u{a0}--levl\u{a0}»\n\n  \
         astuce\u{a0}: un argument semblable existe\u{a0}: «\u{a0}--level\u{a0}»\n\n\
         Utilisation\u{a0}: app --level <level> [name]\n\n\
         Pour en savoir plus, essayez «\u{a0}--help\u{a0}».\n"
    );
    // A text the catalogue lacks is its id.
    let e = app()
        .subcommand_required(true)
        .try_get_matches_from(["app"])
        .unwrap_err();
    let text = french().parse_error(&e).unwrap();
    assert!(
        text.starts_with("erreur\u{a0}: clap-missing-command\n"),
        "{text}"
    );
    // Kinds clap prints itself.
    let e = app().try_get_matches_from(["app", "--help"]).unwrap_err();
    assert_eq!(french().parse_error(&e), None);
}
