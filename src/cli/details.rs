//! The reasons and details the library returns typed, in the language of the run: certificate
//! check reasons and chain failures, the profile checks of `agent inspect`, the reasons under the
//! table of `agent status`, the diagnosis and warnings of `agent card status` and the field
//! problems of form 413. The library's `Display` of each is the English text (logs, JSON); the
//! English catalogue says the same (unit tests compare them).
//!
//! Texts the system or a parser produced are passed through as they are.

use crate::card::why::{CardWarning, Diagnosis};
use crate::certificate::{ChainReason, CheckReason};
use crate::csr::InspectDetail;
use crate::form413::{FieldError, FieldProblem, Label};
use crate::profile::{ServiceProblem, Usage, UsageExtensions, UsageProblem, UsageWarning};
use crate::status::{Detail, Entry};
use crate::structure::DecisionWarning;
use crate::tr;

use super::report::{self, quote};

fn product(u: Usage) -> String {
    u.profile().product.to_string()
}

fn list_or_none(v: &[String]) -> String {
    if v.is_empty() {
        tr!("exts-none")
    } else {
        v.join(", ")
    }
}

/// Reasons on one line, joined by the language's separator (`; `, French ` ; `).
pub fn join(items: impl IntoIterator<Item = String>) -> String {
    items
        .into_iter()
        .collect::<Vec<_>>()
        .join(&tr!("detail-separator"))
}

/// `keyUsage …, extendedKeyUsage …`.
pub fn extensions(x: &UsageExtensions) -> String {
    tr!(
        "exts-describe",
        ku = list_or_none(&x.key_usage),
        eku = list_or_none(&x.ext_key_usage)
    )
}

/// A service applicatif problem.
pub fn service_problem(p: &ServiceProblem) -> String {
    match p {
        ServiceProblem::Insi { cn } => tr!("cr-insi", cn = quote(cn)),
        ServiceProblem::Other { cn, want, usage } => tr!(
            "cr-other-service",
            cn = quote(cn),
            want = quote(want),
            product = product(*usage)
        ),
    }
}

/// A keyUsage / extendedKeyUsage problem.
pub fn usage_problem(p: &UsageProblem) -> String {
    match p {
        UsageProblem::LacksKeyUsage { have, bit, usage } => tr!(
            "up-lacks-key-usage",
            have = list_or_none(have),
            bit = *bit,
            product = product(*usage)
        ),
        UsageProblem::LacksExtKeyUsage { have, eku, usage } => tr!(
            "up-lacks-eku",
            have = list_or_none(have),
            eku = *eku,
            product = product(*usage)
        ),
        UsageProblem::Conflict {
            carries,
            other: Some(other),
            usage,
            exts,
        } => tr!(
            "up-conflict-other",
            carries = *carries,
            other = product(*other),
            product = product(*usage),
            exts = extensions(exts)
        ),
        UsageProblem::Conflict {
            carries,
            other: None,
            usage,
            exts,
        } => tr!(
            "up-conflict",
            carries = *carries,
            product = product(*usage),
            exts = extensions(exts)
        ),
        UsageProblem::CaBit { bit } => tr!("up-ca-bit", bit = *bit),
    }
}

/// A keyUsage / extendedKeyUsage warning.
pub fn usage_warning(w: &UsageWarning) -> String {
    match w {
        UsageWarning::NotCritical => tr!("uw-not-critical"),
        UsageWarning::ExtraKeyUsage {
            extra,
            usage,
            profile,
        } => tr!(
            "uw-extra-key-usage",
            extra = extra.join(", "),
            product = product(*usage),
            profile = profile.join(", ")
        ),
        UsageWarning::ExtraExtKeyUsage {
            extra,
            usage,
            profile,
        } => tr!(
            "uw-extra-eku",
            extra = extra.join(", "),
            product = product(*usage),
            profile = if profile.is_empty() {
                tr!("word-none")
            } else {
                profile.join(", ")
            }
        ),
    }
}

/// Why a certificate fails a check.
pub fn check_reason(r: &CheckReason) -> String {
    match r {
        CheckReason::Insi(p) => service_problem(p),
        CheckReason::ServiceNeedsAdopt(p) => {
            tr!("cr-service-needs-adopt", reason = service_problem(p))
        }
        CheckReason::IssuedForStructure { ou, structure } => tr!(
            "cr-issued-for-structure",
            ou = quote(ou),
            structure = structure
        ),
        CheckReason::NotFr => tr!("cr-not-fr"),
        CheckReason::Usage(p) => usage_problem(p),
        CheckReason::NotYetValid { from } => tr!("cr-not-yet-valid", from = from.to_string()),
        CheckReason::Expired { on } => tr!("cr-expired", on = on.to_string()),
        CheckReason::OtherUsage {
            found,
            exts,
            offered,
        } => tr!(
            "cr-other-usage",
            found = product(*found),
            exts = extensions(exts),
            offered = product(*offered),
            usage = found.name()
        ),
        CheckReason::NoUsage { exts } => tr!("cr-no-usage", exts = extensions(exts)),
        CheckReason::NoOu => tr!("cr-no-ou"),
        CheckReason::BadOu {
            reason,
            test_ids_off: false,
        } => tr!("cr-bad-ou", reason = report::id(reason)),
        CheckReason::BadOu {
            reason,
            test_ids_off: true,
        } => tr!("cr-bad-ou-test", reason = report::id(reason)),
        CheckReason::OtherStructure { found, wanted } => {
            tr!("cr-other-structure", found = found, wanted = wanted)
        }
        CheckReason::PendingOfOtherStructure { other, wanted } => {
            tr!("cr-pending-other-structure", other = other, wanted = wanted)
        }
        CheckReason::KeyNotInFiles => tr!("cr-key-not-in-files"),
        CheckReason::NoPendingKey => tr!("cr-no-pending-key"),
        CheckReason::PendingKeyNotOnDisk => tr!("cr-pending-key-not-on-disk"),
        CheckReason::OrderedAs { ordered, offered } => tr!(
            "cr-ordered-as",
            ordered = product(*ordered),
            offered = product(*offered)
        ),
        CheckReason::TwoForSlot { structure, usage } => {
            tr!(
                "cr-two-for-slot",
                structure = structure,
                usage = usage.name()
            )
        }
    }
}

/// Why a chain does not verify.
pub fn chain_reason(r: &ChainReason) -> String {
    match r {
        ChainReason::UnknownIssuer { test_issuer: false } => tr!("chr-unknown-issuer"),
        ChainReason::UnknownIssuer { test_issuer: true } => tr!("chr-unknown-issuer-test"),
        ChainReason::Expired => tr!("chr-expired"),
        ChainReason::NotValidYet => tr!("chr-not-valid-yet"),
        ChainReason::BadSignature => tr!("chr-bad-signature"),
        ChainReason::WrongEku => tr!("chr-wrong-eku"),
        ChainReason::CaAsEndEntity => tr!("chr-ca-as-end-entity"),
        // The verifier's own name for it.
        ChainReason::Other(m) => m.clone(),
    }
}

/// The name of an `agent inspect` check (`subject`, `key`…; attribute names stay).
pub fn inspect_name(name: &str) -> String {
    let id = match name {
        "subject" => "ic-name-subject",
        "key" => "ic-name-key",
        "signature algorithm" => "ic-name-signature-algorithm",
        "signature" => "ic-name-signature",
        "usage" => "ic-name-usage",
        "other extensions" => "ic-name-other-extensions",
        "other attributes" => "ic-name-other-attributes",
        // C, ST, O, OU, CN, subjectAltName: the names of the standards.
        _ => return name.to_string(),
    };
    tr!(id)
}

fn profile_line(u: Usage) -> String {
    let p = u.profile();
    let ku: Vec<&str> = p.key_usage.iter().map(|k| k.name()).collect();
    let eku: Vec<&str> = p.ext_key_usage.iter().map(|k| k.name()).collect();
    if eku.is_empty() {
        tr!("ic-profile-line-no-eku", ku = ku.join(", "))
    } else {
        tr!("ic-profile-line", ku = ku.join(", "), eku = eku.join(", "))
    }
}

/// What an `agent inspect` check found.
pub fn inspect_detail(d: &InspectDetail) -> String {
    use InspectDetail as D;
    match d {
        D::Value(v) => v.clone(),
        D::MultiValuedRdn => tr!("ic-multi-valued-rdn"),
        D::SubjectInOrder { st: true } => tr!("ic-subject-in-order"),
        D::SubjectInOrder { st: false } => tr!("ic-subject-in-order-no-st"),
        D::SubjectFound { names } => tr!("ic-subject-found", names = names.join(", ")),
        D::CountryOk => d.to_string(),
        D::CountryWrong { value, string_type } => tr!(
            "ic-country-wrong",
            value = quote(value),
            stype = string_type
        ),
        D::MissingC => tr!("ic-missing-c"),
        D::MissingSt => tr!("ic-missing-st"),
        D::MissingO => tr!("ic-missing-o"),
        D::MissingOu => tr!("ic-missing-ou"),
        D::MissingCn => tr!("ic-missing-cn"),
        D::StNotUtf8 { value, string_type } => {
            tr!("ic-st-not-utf8", value = value, stype = string_type)
        }
        D::NotUtf8 { string_type } => tr!("ic-not-utf8", stype = string_type),
        D::Departement(e) => report::departement(e),
        D::NameEmpty => tr!("err-csr-empty-name"),
        D::NameTooLong { len, max } => tr!("err-csr-name-too-long", len = *len, max = *max),
        D::NameControl { field } => tr!("err-csr-control-character", field = *field),
        D::SurroundingBlanks => tr!("ic-surrounding-blanks"),
        D::OuOk { .. } => d.to_string(),
        D::OuTest { value, rule } => tr!("ic-ou-test", value = value, rule = report::id(rule)),
        D::BadOu(e) => report::id(e),
        D::CnOk { cn, usage } => tr!("ic-cn-ok", cn = cn, product = product(*usage)),
        D::Service(p) => service_problem(p),
        D::CnNoUsage { cn } => tr!("ic-cn-no-usage", cn = quote(cn)),
        D::KeyNotRsa2048(k) => tr!("ic-key-not-rsa2048", key = k.to_string()),
        D::SignatureAlgorithm(a) => tr!("ic-signature-algorithm", algorithm = a),
        D::SelfSignatureOk => tr!("ic-self-signature-ok"),
        D::SelfSignatureBad => tr!("ic-self-signature-bad"),
        D::UsageOk {
            key_usage,
            ext_key_usage,
            usage,
        } => tr!(
            "ic-usage-ok",
            ku = key_usage.join(", "),
            eku = if ext_key_usage.is_empty() {
                tr!("ic-no-eku")
            } else {
                ext_key_usage.join(", ")
            },
            product = product(*usage)
        ),
        D::UsageProblem(p) => usage_problem(p),
        D::UsageWarning(w) => usage_warning(w),
        D::NoUsage {
            exts,
            cn_names: None,
        } => tr!(
            "ic-no-usage",
            exts = extensions(exts),
            auth = profile_line(Usage::AuthCli),
            sign = profile_line(Usage::Sign),
            conf = profile_line(Usage::Conf)
        ),
        D::NoUsage {
            exts,
            cn_names: Some(u),
        } => tr!(
            "ic-no-usage-cn",
            exts = extensions(exts),
            auth = profile_line(Usage::AuthCli),
            sign = profile_line(Usage::Sign),
            conf = profile_line(Usage::Conf),
            product = product(*u),
            profile = profile_line(*u)
        ),
        D::NoOtherExtensions => tr!("ic-no-other-extensions"),
        D::OtherExtensions(v) => tr!("ic-other-extensions", list = v.join(", ")),
        D::NoOtherAttributes => tr!("ic-no-other-attributes"),
        D::OtherAttributes(v) => tr!("ic-other-attributes", list = v.join(", ")),
        D::SubjectAltName => tr!("ic-subject-alt-name"),
    }
}

/// One reason under the table of `agent status`.
pub fn status_detail(d: &Detail) -> String {
    match d {
        Detail::CannotOpen { path, reason } => {
            tr!("sd-cannot-open", path = path, reason = reason)
        }
        Detail::CannotRead { path, reason } => {
            tr!("sd-cannot-read", path = path, reason = reason)
        }
        Detail::NoCertificateBlock { file } => tr!("sd-no-certificate-block", file = file),
        Detail::NotPem { file, reason } => tr!("sd-not-pem", file = file, reason = reason),
        Detail::NotACertificate { file, reason } => {
            tr!("sd-not-a-certificate", file = file, reason = reason)
        }
        Detail::OtherStructure { ou, structure } => {
            tr!("sd-other-structure", ou = ou, structure = structure)
        }
        Detail::CaCertificate => tr!("sd-ca-certificate"),
        Detail::Usage(p) => tr!("sd-usage", reason = usage_problem(p)),
        Detail::KeyMismatch => tr!("sd-key-mismatch"),
        Detail::KeyUnreadable(m) => tr!("sd-key-unreadable", reason = m),
        Detail::KeyUriNotPkcs11 => tr!("sd-key-uri-not-pkcs11"),
        Detail::NoPrivateKey => tr!("sd-no-private-key"),
        Detail::Chain {
            serial,
            subject,
            reason,
        } => tr!(
            "err-cert-chain",
            serial = serial,
            subject = subject,
            reason = chain_reason(reason)
        ),
        Detail::Text(m) => m.clone(),
        Detail::ChainStartsWith { first, issuer } => {
            tr!("sd-chain-starts-with", first = first, issuer = issuer)
        }
        Detail::ChainNotSigned => tr!("sd-chain-not-signed"),
        Detail::NotValidBefore { from } => tr!("sd-not-valid-before", from = from),
        Detail::TargetsFailed(v) => tr!("sd-targets-failed", failures = join(v.clone())),
        Detail::Pending { created, product } => {
            tr!("sd-pending", created = created, product = product)
        }
        Detail::Missing {
            have,
            need,
            structure,
        } => tr!(
            "sd-missing",
            have = crate::status::usage_label(*have),
            need = crate::status::usage_label(*need),
            structure = structure,
            usage = need.name()
        ),
    }
}

/// The reasons of a row of `agent status`, on one line (its `detail`, rendered).
pub fn status_details(e: &Entry) -> Option<String> {
    if e.details.is_empty() {
        return e.detail.clone();
    }
    Some(join(e.details.iter().map(status_detail)))
}

/// One line of the diagnosis of `agent card status`.
pub fn diagnosis(d: &Diagnosis) -> String {
    let need = || {
        let (a, b) = crate::card::diagnosis::CRYPTOLIB_FOR_CPS4;
        format!("{a}.{b}")
    };
    match d {
        Diagnosis::PcscUnreadable(e) => tr!("cd-pcsc-unreadable", reason = report::card(e)),
        Diagnosis::NoMiddleware { model, reader } => {
            let id = if *model == Some(crate::card::reader::CardModel::Cps4) {
                "cd-no-middleware-cps4"
            } else {
                "cd-no-middleware"
            };
            tr!(
                id,
                model = model.map(|m| m.to_string()).unwrap_or_default(),
                reader = quote(reader)
            )
        }
        Diagnosis::SlotEmpty { middleware, reader } => tr!(
            "cd-slot-empty",
            middleware = middleware,
            reader = quote(reader)
        ),
        Diagnosis::TokenWithoutCpx { middleware, reader } => tr!(
            "cd-token-without-cpx",
            middleware = middleware,
            reader = quote(reader)
        ),
        Diagnosis::SlotsWithoutToken { middleware, count } => tr!(
            "cd-slots-without-token",
            middleware = middleware,
            count = *count
        ),
        Diagnosis::NoSlotFor { middleware, reader } => tr!(
            "cd-no-slot-for",
            middleware = middleware,
            reader = quote(reader)
        ),
        Diagnosis::OldCryptolib { version } => tr!(
            "cd-old-cryptolib",
            need = need(),
            version = format!("{}.{}", version.0, version.1)
        ),
        Diagnosis::NoCryptolib => tr!("cd-no-cryptolib", need = need()),
        Diagnosis::UnknownAtr { reader, atr } => {
            tr!("cd-unknown-atr", reader = quote(reader), atr = atr)
        }
    }
}

/// A warning of `agent card status`.
pub fn card_warning(w: &CardWarning) -> String {
    match w {
        CardWarning::PcscButToken(e) => tr!("cw-pcsc-but-token", reason = report::card(e)),
        CardWarning::TestHolderId { id, warning } => tr!(
            "cw-test-holder-id",
            id = id,
            rule = tr!("id-test-accepted", rule = report::id(&warning.0))
        ),
        CardWarning::Holder(e) => report::card(e),
    }
}

/// What the structure decision table says the administrator should know.
pub fn decision_warning(w: &DecisionWarning) -> String {
    match w {
        DecisionWarning::SectorNotCovered {
            sector,
            label: None,
        } => tr!(
            "dw-sector-not-covered",
            sector = sector,
            email = crate::structure::FORM413_EMAIL
        ),
        DecisionWarning::SectorNotCovered {
            sector,
            label: Some(l),
        } => tr!(
            "dw-sector-not-covered-label",
            sector = sector,
            label = *l,
            email = crate::structure::FORM413_EMAIL
        ),
        DecisionWarning::FinessAssumedPharmacy => tr!("dw-finess-assumed-pharmacy"),
        DecisionWarning::SiretAssumedSociete => tr!("dw-siret-assumed-societe"),
        DecisionWarning::IdTypeNotCovered(k) => {
            tr!("dw-id-type-not-covered", kind = k.to_string())
        }
        DecisionWarning::OrdersWithOther { kind, want, have } => {
            let id = match want {
                crate::ids::StructureIdType::Siret | crate::ids::StructureIdType::RppsRang => {
                    "dw-orders-with-other-fse"
                }
                _ => "dw-orders-with-other",
            };
            tr!(
                id,
                kind = kind.label(),
                want = want.to_string(),
                have = have.to_string()
            )
        }
    }
}

fn label(l: Label) -> String {
    tr!(match l {
        Label::RaisonSociale => "fl-raison-sociale",
        Label::Nom => "fl-nom",
        Label::Prenom => "fl-prenom",
        Label::Telephone => "fl-telephone",
        Label::Email => "fl-email",
        Label::Editeur => "fl-editeur",
        Label::Solution => "fl-solution",
        Label::Version => "fl-version",
    })
}

/// A field problem of form 413.
pub fn field_problem(p: &FieldProblem) -> String {
    use FieldProblem as P;
    match p {
        P::NoStructure => tr!("fp-no-structure"),
        P::Required(l) => tr!("fp-required", what = label(*l)),
        P::TooLong(l) => tr!("fp-too-long", what = label(*l)),
        P::Control(l) => tr!("fp-control", what = label(*l)),
        P::IdRequired => tr!("fp-id-required"),
        P::BadId {
            error,
            test_hint: false,
        } => report::id(error),
        P::BadId {
            error,
            test_hint: true,
        } => tr!("fp-bad-id-test", reason = report::id(error)),
        P::OtherProcedure {
            id,
            kind,
            procedure,
        } => tr!(
            "fp-other-procedure",
            id = id,
            kind = *kind,
            procedure = *procedure
        ),
        P::Decision {
            id: Some(id),
            reasons,
        } => format!(
            "{id}{}{}",
            tr!("status-detail-colon"),
            join(reasons.iter().map(decision_warning))
        ),
        P::Decision { id: None, reasons } => join(reasons.iter().map(decision_warning)),
        P::BadPhone(v) => tr!("fp-bad-phone", value = quote(v)),
        P::BadEmail(v) => tr!("fp-bad-email", value = quote(v)),
        P::CardRequired => tr!("fp-card-required"),
        P::BadCard(e) => report::id(e),
        P::QualiteMissing => tr!("fp-qualite-missing"),
        P::QualiteBad(v) => tr!("fp-qualite-bad", value = quote(v)),
        P::NoAdmin => tr!("fp-no-admin"),
        P::AdminQualite => tr!("fp-admin-qualite"),
        P::Incomplete => tr!("fp-incomplete"),
    }
}

/// A form 413 field error: `field: problem`.
pub fn field_error(e: &FieldError) -> String {
    let problem = match &e.problem {
        Some(p) => field_problem(p),
        // Made by the CLI, already in the language of the run.
        None => e.message.clone(),
    };
    tr!("fp-field", field = e.field, problem = problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::reader::CardModel;
    use crate::i18n::{self, Lang};
    use crate::ids::{IdWarning, StructureId};

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
            assert_eq!(usage_warning(w), w.to_string());
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
            assert_eq!(check_reason(r), r.to_string(), "{r:?}");
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
            assert_eq!(chain_reason(&r), r.to_string(), "{r:?}");
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
            assert_eq!(inspect_detail(d), d.to_string(), "{d:?}");
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
            assert_eq!(status_detail(d), d.to_string(), "{d:?}");
        }
        let id = StructureId::parse_with("1010000024", crate::ids::ParseMode::Strict)
            .expect("a valid FINESS")
            .value;
        let entry = Entry::new(&id, Usage::Sign, crate::status::State::Invalid, "/l".into())
            .with_details(statuses[..3].to_vec());
        assert_eq!(status_details(&entry), entry.detail);

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
            assert_eq!(diagnosis(d), d.to_string(), "{d:?}");
        }
        for w in [
            CardWarning::PcscButToken(crate::card::CardError::NoReader),
            CardWarning::TestHolderId {
                id: "00B7654321".into(),
                warning: IdWarning(id_error()),
            },
            CardWarning::Holder(crate::card::CardError::NoHolderCertificate),
        ] {
            assert_eq!(card_warning(&w), w.to_string(), "{w:?}");
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
            assert_eq!(field_error(&e), e.to_string(), "{e:?}");
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
}
