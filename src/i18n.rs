//! The language of what a person reads: Project Fluent catalogues, one file per language
//! (`locales/<lang>/agent.ftl`, embedded in the binary), and the choice of language.
//!
//! The language is chosen once per run ([`choose`]): `--lang`, else `AGENT_LANG`, else the POSIX
//! locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first one set and not empty decides), else
//! English. Only the CLI layer renders text: the library returns typed errors and outcomes, and what
//! scripts read (JSON, Prometheus metrics, exit codes, file names) never depends on the language.
//!
//! Messages are looked up with [`tr!`](crate::tr): `tr!("status-summary", rows = 3)`.

use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language the agent speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language with a catalogue.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The language's code, as in `--lang` and the catalogue's directory.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The catalogue's source text.
    pub fn catalogue(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en/agent.ftl"),
            Lang::Fr => include_str!("../locales/fr/agent.ftl"),
        }
    }

    /// A language from a code (`fr`, `en`) or a locale name (`fr_FR.UTF-8`, `en_GB`): French for
    /// anything starting with `fr`, English for anything else.
    pub fn from_locale(value: &str) -> Lang {
        if value.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("fr")) {
            Lang::Fr
        } else {
            Lang::En
        }
    }
}

/// The language for this run: the `--lang` flag, else `AGENT_LANG`, else the locale (`LC_ALL`,
/// `LC_MESSAGES`, `LANG`: the first that is set and not empty), else English.
pub fn choose(flag: Option<Lang>, env: impl Fn(&str) -> Option<String>) -> Lang {
    if let Some(l) = flag {
        return l;
    }
    let set = |k: &str| env(k).filter(|v| !v.is_empty());
    if let Some(v) = set("AGENT_LANG") {
        return Lang::from_locale(&v);
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|k| set(k))
        .map(|v| Lang::from_locale(&v))
        .unwrap_or(Lang::En)
}

/// The `--lang` value of a command line, read before clap parses it (the help and clap's own
/// errors are rendered in the chosen language). An invalid value is left for clap to report.
pub fn flag_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        let v = if a == "--lang" {
            it.next().map(|v| v.into_owned())
        } else if let Some(v) = a.strip_prefix("--lang=") {
            Some(v.to_string())
        } else {
            continue;
        };
        return match v.as_deref() {
            Some("fr") => Some(Lang::Fr),
            Some("en") => Some(Lang::En),
            _ => None,
        };
    }
    None
}

static CURRENT: OnceLock<Lang> = OnceLock::new();

/// Sets the language of this run (the first call wins).
pub fn set(lang: Lang) {
    let _ = CURRENT.set(lang);
}

/// The language of this run (English until [`set`] is called).
pub fn current() -> Lang {
    CURRENT.get().copied().unwrap_or(Lang::En)
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static FR: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::Fr => &FR,
    };
    cell.get_or_init(|| {
        // The catalogues are part of the binary and checked by the tests: a syntax error is a
        // build defect, reported here rather than hidden.
        let res = FluentResource::try_new(lang.catalogue().to_string()).unwrap_or_else(|(r, e)| {
            eprintln!("agent: catalogue {}: {e:?}", lang.code());
            r
        });
        let id: unic_langid::LanguageIdentifier = lang.code().parse().unwrap_or_default();
        let mut b = FluentBundle::new_concurrent(vec![id]);
        // No Unicode bidi isolation marks around placeholders: the text goes to terminals,
        // logs and tests, all left-to-right.
        b.set_use_isolating(false);
        if let Err(e) = b.add_resource(res) {
            eprintln!("agent: catalogue {}: {e:?}", lang.code());
        }
        b
    })
}

/// Whether the catalogue of `lang` has the message `id`.
pub fn has(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// The message `id` in `lang` with its arguments; the id itself if the catalogue lacks it (the
/// catalogue tests make sure it does not happen).
pub fn message_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let b = bundle(lang);
    let Some(pattern) = b.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, v.clone());
    }
    let mut errors = Vec::new();
    let s = b.format_pattern(pattern, (!args.is_empty()).then_some(&fa), &mut errors);
    s.into_owned()
}

/// The message `id` in the language of this run.
pub fn message(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    message_in(current(), id, args)
}

/// A catalogue argument from any displayable value (numbers stay numbers, for plurals).
pub trait Arg {
    /// The value for Fluent.
    fn arg(&self) -> FluentValue<'static>;
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn arg(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl Arg for str {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
impl Arg for String {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}
impl<T: Arg + ?Sized> Arg for &T {
    fn arg(&self) -> FluentValue<'static> {
        (**self).arg()
    }
}
impl Arg for std::borrow::Cow<'_, str> {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
impl Arg for std::path::Path {
    fn arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.display().to_string())
    }
}
impl Arg for std::path::PathBuf {
    fn arg(&self) -> FluentValue<'static> {
        self.as_path().arg()
    }
}

/// A quoted value in the language of the run: `"x"` (Rust debug quoting, as the English messages
/// always had) or « x ».
pub fn quote(s: &str) -> String {
    match current() {
        Lang::En => format!("{s:?}"),
        Lang::Fr => format!("«\u{a0}{s}\u{a0}»"),
    }
}

/// Text a person reads, in the language of the run: what the library's typed errors, reasons,
/// warnings and reports say (the catalogue's messages). Each type says it next to its
/// definition; the CLI only prints it. `Display` stays the English text for logs and JSON.
pub trait Localize {
    /// The text in the language of the run.
    fn localize(&self) -> String;
}

impl<T: Localize + ?Sized> Localize for &T {
    fn localize(&self) -> String {
        (**self).localize()
    }
}

/// `items` joined by `, `, or the message `none_id` when there are none.
pub fn list_or(items: &[String], none_id: &str) -> String {
    if items.is_empty() {
        message(none_id, &[])
    } else {
        items.join(", ")
    }
}

/// Reasons on one line, joined by the language's separator (`; `, French ` ; `).
pub fn join(items: impl IntoIterator<Item = String>) -> String {
    items
        .into_iter()
        .collect::<Vec<_>>()
        .join(&message("detail-separator", &[]))
}

/// A duration as a person reads it (`5m 30s`).
pub fn duration(d: std::time::Duration) -> String {
    humantime::format_duration(d).to_string()
}

/// `tr!("id")` or `tr!("id", name = value, …)`: the message in the language of this run. Values
/// are strings, paths or integers (integers select plural forms).
#[macro_export]
macro_rules! tr {
    ($id:expr) => {
        $crate::i18n::message($id, &[])
    };
    ($id:expr, $($k:ident = $v:expr),+ $(,)?) => {
        $crate::i18n::message(
            $id,
            &[$((stringify!($k), $crate::i18n::Arg::arg(&$v))),+],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn language_choice_follows_flag_env_then_locale() {
        assert_eq!(choose(None, env(&[])), Lang::En);
        assert_eq!(choose(None, env(&[("LANG", "fr_FR.UTF-8")])), Lang::Fr);
        assert_eq!(choose(None, env(&[("LANG", "C.UTF-8")])), Lang::En);
        // LC_ALL before LC_MESSAGES before LANG.
        assert_eq!(
            choose(None, env(&[("LC_ALL", "C"), ("LANG", "fr_FR.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            choose(None, env(&[("LC_MESSAGES", "fr_CA"), ("LANG", "en_US")])),
            Lang::Fr
        );
        // Empty values are skipped, as POSIX says.
        assert_eq!(
            choose(
                None,
                env(&[("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "fr_BE")])
            ),
            Lang::Fr
        );
        // AGENT_LANG before the locale, the flag before everything.
        assert_eq!(
            choose(
                None,
                env(&[("AGENT_LANG", "en"), ("LC_ALL", "fr_FR.UTF-8")])
            ),
            Lang::En
        );
        assert_eq!(
            choose(None, env(&[("AGENT_LANG", "fr"), ("LANG", "C")])),
            Lang::Fr
        );
        assert_eq!(
            choose(
                Some(Lang::En),
                env(&[("AGENT_LANG", "fr"), ("LANG", "fr_FR")])
            ),
            Lang::En
        );
        assert_eq!(choose(Some(Lang::Fr), env(&[("LANG", "C")])), Lang::Fr);
    }

    #[test]
    fn lang_flag_is_found_before_parsing() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            flag_in_args(&args(&["agent", "--lang", "fr", "status"])),
            Some(Lang::Fr)
        );
        assert_eq!(
            flag_in_args(&args(&["agent", "status", "--lang=en"])),
            Some(Lang::En)
        );
        assert_eq!(flag_in_args(&args(&["agent", "status"])), None);
        assert_eq!(flag_in_args(&args(&["agent", "--lang", "de"])), None);
        assert_eq!(
            flag_in_args(&args(&["agent", "import", "--", "--lang"])),
            None
        );
    }

    #[test]
    fn placeholders_are_not_isolated() {
        let s = message_in(Lang::Fr, "help-default", &[("value", FluentValue::from(5))]);
        assert!(!s.contains('\u{2068}') && !s.contains('\u{2069}'), "{s:?}");
        assert!(s.contains("5"), "{s}");
    }
}
