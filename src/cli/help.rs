//! The help in the language of the run: the `clap-l10n` crate (help, man pages and parse errors
//! of a clap tree from a catalogue) bound to the catalogues of [`crate::i18n`]. Ids and rules:
//! the crate's documentation and docs/i18n.md.

use clap::Command;

use crate::i18n::{self, Lang};

pub use clap_l10n::{command_id, ftl_entry, source_entries};

/// The texts of `lang`'s catalogue, and the frame clap (English) or the catalogue (French)
/// writes.
fn localizer(lang: Lang) -> clap_l10n::Localizer<impl clap_l10n::Catalogue> {
    let catalogue = move |id: &str, args: &[(&str, String)]| {
        let args: Vec<_> = args.iter().map(|(k, v)| (*k, v.as_str().into())).collect();
        i18n::has(lang, id).then(|| i18n::message_in(lang, id, &args))
    };
    let frame = match lang {
        Lang::En => clap_l10n::Frame::Clap,
        Lang::Fr => clap_l10n::Frame::French,
    };
    clap_l10n::Localizer::new(catalogue, frame)
}

/// `cmd` (the whole tree) with its texts in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    localizer(lang).localize(cmd)
}

/// A man page rendered by clap_mangen with its section titles in French.
pub fn french_man_page(roff: &[u8]) -> String {
    localizer(Lang::Fr).man_page(roff)
}

/// A clap parse error in French; `None` for the kinds clap prints itself.
pub fn french_parse_error(e: &clap::Error) -> Option<String> {
    localizer(Lang::Fr).parse_error(e)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_catalogue_has_the_frame_texts_the_crate_asks_for() {
        assert!(!clap_l10n::FRAME_IDS.is_empty());
        for lang in Lang::ALL {
            for id in clap_l10n::FRAME_IDS {
                assert!(i18n::has(lang, id), "{}: no {id}", lang.code());
            }
        }
    }

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
