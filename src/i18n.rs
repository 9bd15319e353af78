//! The language of what a person reads: Project Fluent catalogues, one file per language
//! (`locales/<lang>/agent.ftl`, embedded in the binary), and the choice of language.
//!
//! The language is chosen once per run ([`choose`]): `--lang`, else `AGENT_LANG`, else the POSIX
//! locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`; the first one set and not empty decides), else
//! English. The library's typed errors, reasons, warnings and steps say their own text in that
//! language ([`Localize`], implemented next to each type); the CLI picks the language and prints.
//! What scripts read (JSON, Prometheus metrics, exit codes, file names) never depends on the
//! language, and `Display` stays English.
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

/// The library's typed values say in English what their `Display` says, and French from the
/// French catalogue (the renderings live next to each type: [`Localize`] impls).
#[cfg(test)]
mod renderings {
    use super::{self as i18n, Lang, Localize};
    use crate::card::reader::CardModel;
    use crate::card::why::{CardWarning, Diagnosis};
    use crate::certificate::{ChainReason, CheckReason};
    use crate::csr::{InspectDetail, Usage};
    use crate::form413::{FieldError, FieldProblem, Label};
    use crate::ids::{IdWarning, StructureId};
    use crate::import::CertWarning;
    use crate::keys::KeyAlgorithm;
    use crate::order::{Failure, OrderError, Step, Submission, Warning};
    use crate::profile::{ServiceProblem, UsageExtensions, UsageProblem};
    use crate::status::{Detail, Entry};
    use crate::structure::DecisionWarning;

    fn exts(ku: &[&str], eku: &[&str]) -> UsageExtensions {
        UsageExtensions {
            key_usage: ku.iter().map(|s| s.to_string()).collect(),
            key_usage_critical: Some(true),
            ext_key_usage: eku.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn id_error() -> crate::ids::IdError {
        "1920008058"
            .parse::<StructureId>()
            .expect_err("a bad check key")
    }

    /// The English catalogue says what the library's Display says (the run's language is
    /// English in unit tests: nothing sets it).
    #[test]
    fn english_renderings_are_the_library_display() {
        let sign = exts(
            &["digitalSignature", "nonRepudiation"],
            &["emailProtection"],
        );
        let mut usage: Vec<UsageProblem> =
            crate::profile::check_usage(Usage::AuthCli, &sign).problems;
        usage.extend(
            crate::profile::check_usage(Usage::Conf, &exts(&["keyCertSign"], &[])).problems,
        );
        assert!(usage.len() >= 4, "{usage:?}");
        let warnings = crate::profile::check_usage(
            Usage::Conf,
            &UsageExtensions {
                key_usage_critical: Some(false),
                ..exts(
                    &["keyEncipherment", "keyAgreement"],
                    &["clientAuth", "serverAuth"],
                )
            },
        )
        .warnings;
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        for w in &warnings {
            assert_eq!(w.localize(), w.to_string());
        }
        let at = ::time::OffsetDateTime::UNIX_EPOCH;
        let service = ServiceProblem::Other {
            cn: "APP".into(),
            want: "DMP SIGNATURE".into(),
            usage: Usage::Sign,
        };
        let mut reasons: Vec<CheckReason> = usage.iter().cloned().map(CheckReason::Usage).collect();
        reasons.extend([
            CheckReason::Insi(ServiceProblem::Insi {
                cn: "INSI-AUTO".into(),
            }),
            CheckReason::ServiceNeedsAdopt(service.clone()),
            CheckReason::IssuedForStructure {
                ou: "1".into(),
                structure: "2".into(),
            },
            CheckReason::NotFr,
            CheckReason::NotYetValid { from: at },
            CheckReason::Expired { on: at },
            CheckReason::OtherUsage {
                found: Usage::Sign,
                exts: sign.clone(),
                offered: Usage::AuthCli,
            },
            CheckReason::NoUsage {
                exts: exts(&[], &[]),
            },
            CheckReason::NoOu,
            CheckReason::BadOu {
                reason: id_error(),
                test_ids_off: true,
            },
            CheckReason::BadOu {
                reason: id_error(),
                test_ids_off: false,
            },
            CheckReason::OtherStructure {
                found: "1".into(),
                wanted: "2".into(),
            },
            CheckReason::PendingOfOtherStructure {
                other: "1".into(),
                wanted: "2".into(),
            },
            CheckReason::KeyNotInFiles,
            CheckReason::NoPendingKey,
            CheckReason::PendingKeyNotOnDisk,
            CheckReason::OrderedAs {
                ordered: Usage::Sign,
                offered: Usage::AuthCli,
            },
            CheckReason::TwoForSlot {
                structure: "1".into(),
                usage: Usage::Sign,
            },
        ]);
        for r in &reasons {
            assert_eq!(r.localize(), r.to_string(), "{r:?}");
        }
        for r in [
            ChainReason::UnknownIssuer { test_issuer: false },
            ChainReason::UnknownIssuer { test_issuer: true },
            ChainReason::Expired,
            ChainReason::NotValidYet,
            ChainReason::BadSignature,
            ChainReason::WrongEku,
            ChainReason::CaAsEndEntity,
            ChainReason::Other("X".into()),
        ] {
            assert_eq!(r.localize(), r.to_string(), "{r:?}");
        }

        use InspectDetail as D;
        let mut details = vec![
            D::Value("v".into()),
            D::MultiValuedRdn,
            D::SubjectInOrder { st: true },
            D::SubjectInOrder { st: false },
            D::SubjectFound {
                names: vec!["C".into(), "CN".into()],
            },
            D::CountryOk,
            D::CountryWrong {
                value: "DE".into(),
                string_type: "UTF8String".into(),
            },
            D::MissingC,
            D::MissingSt,
            D::MissingO,
            D::MissingOu,
            D::MissingCn,
            D::StNotUtf8 {
                value: "Ain (01)".into(),
                string_type: "PrintableString".into(),
            },
            D::NotUtf8 {
                string_type: "PrintableString".into(),
            },
            D::Departement(crate::departement::DepartementError::Corsica),
            D::NameEmpty,
            D::NameTooLong { len: 70, max: 64 },
            D::NameControl {
                field: "raison sociale",
            },
            D::SurroundingBlanks,
            D::OuOk {
                value: "1".into(),
                kind: "FINESS",
            },
            D::OuTest {
                value: "1".into(),
                rule: id_error(),
            },
            D::BadOu(id_error()),
            D::CnOk {
                cn: "DMP SIGNATURE".into(),
                usage: Usage::Sign,
            },
            D::Service(service.clone()),
            D::CnNoUsage { cn: "X".into() },
            D::KeyNotRsa2048(crate::keys::KeyAlgorithm::P256),
            D::SignatureAlgorithm("sha1WithRSAEncryption".into()),
            D::SelfSignatureOk,
            D::SelfSignatureBad,
            D::UsageOk {
                key_usage: vec!["keyEncipherment".into()],
                ext_key_usage: vec![],
                usage: Usage::Conf,
            },
            D::UsageOk {
                key_usage: vec!["digitalSignature".into()],
                ext_key_usage: vec!["clientAuth".into()],
                usage: Usage::AuthCli,
            },
            D::NoUsage {
                exts: exts(&["digitalSignature"], &[]),
                cn_names: None,
            },
            D::NoUsage {
                exts: exts(&[], &[]),
                cn_names: Some(Usage::AuthCli),
            },
            D::NoOtherExtensions,
            D::OtherExtensions(vec!["subjectAltName".into()]),
            D::NoOtherAttributes,
            D::OtherAttributes(vec!["challengePassword".into()]),
            D::SubjectAltName,
        ];
        details.extend(usage.iter().cloned().map(D::UsageProblem));
        details.extend(warnings.iter().cloned().map(D::UsageWarning));
        for d in &details {
            assert_eq!(d.localize(), d.to_string(), "{d:?}");
        }

        let statuses = vec![
            Detail::CannotOpen {
                path: "/s/live".into(),
                reason: "r".into(),
            },
            Detail::CannotRead {
                path: "/s/live/cert.pem".into(),
                reason: "r".into(),
            },
            Detail::NoCertificateBlock {
                file: "cert.pem".into(),
            },
            Detail::NotPem {
                file: "chain.pem".into(),
                reason: "r".into(),
            },
            Detail::NotACertificate {
                file: "chain.pem".into(),
                reason: "r".into(),
            },
            Detail::OtherStructure {
                ou: "1".into(),
                structure: "2".into(),
            },
            Detail::CaCertificate,
            Detail::Usage(usage[0].clone()),
            Detail::KeyMismatch,
            Detail::KeyUnreadable("r".into()),
            Detail::KeyUriNotPkcs11,
            Detail::NoPrivateKey,
            Detail::Chain {
                serial: "01".into(),
                subject: "CN=x".into(),
                reason: ChainReason::Expired,
            },
            Detail::Text("t".into()),
            Detail::ChainStartsWith {
                first: "CN=a".into(),
                issuer: "CN=b".into(),
            },
            Detail::ChainNotSigned,
            Detail::NotValidBefore {
                from: "2030-01-01T00:00:00Z".into(),
            },
            Detail::TargetsFailed(vec!["a".into(), "b".into()]),
            Detail::Pending {
                created: "2026-01-01T00:00:00Z".into(),
                product: "ORG SIGN".into(),
            },
            Detail::Missing {
                have: Usage::AuthCli,
                need: Usage::Sign,
                structure: "1".into(),
            },
        ];
        for d in &statuses {
            assert_eq!(d.localize(), d.to_string(), "{d:?}");
        }
        let id = StructureId::example();
        let entry = Entry::new(&id, Usage::Sign, crate::status::State::Invalid, "/l".into())
            .with_details(statuses[..3].to_vec());
        assert_eq!(entry.localized_detail(), entry.detail);

        let diagnoses = vec![
            Diagnosis::PcscUnreadable(crate::card::CardError::NoPcscService),
            Diagnosis::NoMiddleware {
                model: Some(CardModel::Cps4),
                reader: "R".into(),
            },
            Diagnosis::NoMiddleware {
                model: Some(CardModel::Cps3),
                reader: "R".into(),
            },
            Diagnosis::SlotEmpty {
                middleware: "M".into(),
                reader: "R".into(),
            },
            Diagnosis::TokenWithoutCpx {
                middleware: "M".into(),
                reader: "R".into(),
            },
            Diagnosis::SlotsWithoutToken {
                middleware: "M".into(),
                count: 2,
            },
            Diagnosis::NoSlotFor {
                middleware: "M".into(),
                reader: "R".into(),
            },
            Diagnosis::OldCryptolib { version: (5, 0) },
            Diagnosis::NoCryptolib,
            Diagnosis::UnknownAtr {
                reader: "R".into(),
                atr: "3B".into(),
            },
        ];
        for d in &diagnoses {
            assert_eq!(d.localize(), d.to_string(), "{d:?}");
        }
        for w in [
            CardWarning::PcscButToken(crate::card::CardError::NoReader),
            CardWarning::TestHolderId {
                id: "00B7654321".into(),
                warning: IdWarning(id_error()),
            },
            CardWarning::Holder(crate::card::CardError::NoHolderCertificate),
        ] {
            assert_eq!(w.localize(), w.to_string(), "{w:?}");
        }

        use FieldProblem as P;
        let labels = [
            Label::RaisonSociale,
            Label::Nom,
            Label::Prenom,
            Label::Telephone,
            Label::Email,
            Label::Editeur,
            Label::Solution,
            Label::Version,
        ];
        let mut problems: Vec<P> = labels
            .iter()
            .flat_map(|l| [P::Required(*l), P::TooLong(*l), P::Control(*l)])
            .collect();
        problems.extend([
            P::NoStructure,
            P::IdRequired,
            P::BadId {
                error: id_error(),
                test_hint: true,
            },
            P::BadId {
                error: id_error(),
                test_hint: false,
            },
            P::OtherProcedure {
                id: "FINESS 010000024".into(),
                kind: "pharmacie",
                procedure: "X",
            },
            P::Decision {
                id: Some("FINESS 1".into()),
                reasons: vec![
                    DecisionWarning::FinessAssumedPharmacy,
                    DecisionWarning::SiretAssumedSociete,
                ],
            },
            P::Decision {
                id: None,
                reasons: vec![
                    DecisionWarning::SectorNotCovered {
                        sector: "SA99".into(),
                        label: None,
                    },
                    DecisionWarning::SectorNotCovered {
                        sector: "SA04".into(),
                        label: Some("GIE"),
                    },
                    DecisionWarning::IdTypeNotCovered(crate::ids::StructureIdType::Siren),
                    DecisionWarning::OrdersWithOther {
                        kind: crate::structure::StructureKind::Pharmacy,
                        want: crate::ids::StructureIdType::Finess,
                        have: crate::ids::StructureIdType::Siret,
                    },
                    DecisionWarning::OrdersWithOther {
                        kind: crate::structure::StructureKind::SocieteExercice,
                        want: crate::ids::StructureIdType::Siret,
                        have: crate::ids::StructureIdType::Finess,
                    },
                ],
            },
            P::BadPhone("12".into()),
            P::BadEmail("x".into()),
            P::CardRequired,
            P::BadCard(id_error()),
            P::QualiteMissing,
            P::QualiteBad("x".into()),
            P::NoAdmin,
            P::AdminQualite,
            P::Incomplete,
        ]);
        for p in problems {
            let e = FieldError::new("representant.nom", p);
            assert_eq!(e.localize(), e.to_string(), "{e:?}");
        }
    }

    #[test]
    fn french_renderings_use_the_french_catalogue() {
        let m = i18n::message_in(
            Lang::Fr,
            "cr-expired",
            &[("on", fluent_bundle::FluentValue::from("2026-01-01"))],
        );
        assert_eq!(m, "il a expiré le 2026-01-01");
        let m = i18n::message_in(
            Lang::Fr,
            "cd-slots-without-token",
            &[
                ("middleware", fluent_bundle::FluentValue::from("M")),
                ("count", fluent_bundle::FluentValue::from(1)),
            ],
        );
        assert_eq!(
            m,
            "le middleware M montre 1 emplacement sans jeton\u{a0}: la carte n'est pas lisible par ce middleware"
        );
        assert_eq!(
            i18n::message_in(Lang::Fr, "detail-separator", &[]),
            "\u{a0}; "
        );
    }

    /// The English catalogue says what the library's Display says (the run's language is
    /// English in unit tests).
    #[test]
    fn english_progress_is_the_library_display() {
        let steps = [
            Step::UsingFetched {
                structure: StructureId::example(),
                usage: Usage::Sign,
            },
            Step::Sending {
                structure: StructureId::example(),
                usage: Usage::AuthCli,
                submission: Submission::Reenroll,
            },
            Step::CompletingChain,
            Step::Installing {
                structure: StructureId::example(),
            },
        ];
        for s in &steps {
            assert_eq!(s.localize(), s.to_string(), "{s:?}");
        }
        let warnings = [
            Warning::KeyAlgorithm(KeyAlgorithm::P256),
            Warning::UnusedTokenKey {
                uri: "pkcs11:token=K;object=x".into(),
                error: crate::keys::KeyError::NoStorePinSource { label: "K".into() },
            },
        ];
        for w in &warnings {
            assert_eq!(w.localize(), w.to_string(), "{w:?}");
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
            assert_eq!(f.localize(), f.to_string(), "{f:?}");
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
            assert_eq!(w.localize(), w.to_string(), "{w:?}");
            assert_eq!(
                serde_json::to_value(w).unwrap(),
                serde_json::Value::String(w.to_string())
            );
        }
        let p = crate::pin::Prompt::KeyStorePin { label: "ORG KEYS" };
        assert_eq!(p.localize(), p.to_string());
        assert_eq!(crate::tr!("store-lock-waiting"), crate::store::WAITING);
    }
}
