//! What each profile check of [`inspect`](super::inspect) found, typed: `Display` is the English
//! text of the check's `detail` (the JSON of `agent inspect --json`, identical in every language);
//! [`Localize`] says it from the catalogue for the text table.

use crate::i18n::Localize;
use crate::tr;
use std::fmt;

use crate::departement::DepartementError;
use crate::ids::IdError;
use crate::keys::KeyAlgorithm;
use crate::profile::{ServiceProblem, Usage, UsageExtensions, UsageProblem, UsageWarning};

/// What one check of `agent inspect` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InspectDetail {
    /// A value shown as it is (ST, O, a key or signature algorithm).
    Value(String),
    /// A multi-valued RDN.
    MultiValuedRdn,
    /// The subject is in the profile's order (`st`: with ST).
    SubjectInOrder {
        /// Whether ST is there.
        st: bool,
    },
    /// The subject's attributes are not the profile's.
    SubjectFound {
        /// The attributes found, in order.
        names: Vec<String>,
    },
    /// C=FR as a PrintableString.
    CountryOk,
    /// Another C, or not a PrintableString.
    CountryWrong {
        /// The value.
        value: String,
        /// Its ASN.1 string type.
        string_type: String,
    },
    /// No C.
    MissingC,
    /// No ST.
    MissingSt,
    /// No O.
    MissingO,
    /// No OU.
    MissingOu,
    /// No CN.
    MissingCn,
    /// ST is a known département, but not a UTF8String.
    StNotUtf8 {
        /// The value.
        value: String,
        /// Its ASN.1 string type.
        string_type: String,
    },
    /// Not a UTF8String.
    NotUtf8 {
        /// Its ASN.1 string type.
        string_type: String,
    },
    /// ST is not a département.
    Departement(DepartementError),
    /// O is empty.
    NameEmpty,
    /// O is too long.
    NameTooLong {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// O holds a control character.
    NameControl {
        /// The field's name.
        field: &'static str,
    },
    /// O has blanks around it.
    SurroundingBlanks,
    /// A valid structure id.
    OuOk {
        /// The OU.
        value: String,
        /// Its kind (`FINESS`, `SIRET`…).
        kind: &'static str,
    },
    /// A test identifier.
    OuTest {
        /// The OU.
        value: String,
        /// The rule it breaks.
        rule: IdError,
    },
    /// Not a structure id.
    BadOu(IdError),
    /// The CN is the usage's service applicatif.
    CnOk {
        /// The CN.
        cn: String,
        /// The usage.
        usage: Usage,
    },
    /// The CN is not the procedure's.
    Service(ServiceProblem),
    /// A CN, but no usage to compare it with.
    CnNoUsage {
        /// The CN.
        cn: String,
    },
    /// A key the agent knows but the platform does not issue.
    KeyNotRsa2048(KeyAlgorithm),
    /// A signature algorithm other than SHA-256.
    SignatureAlgorithm(String),
    /// The request's self-signature verifies.
    SelfSignatureOk,
    /// The self-signature does not verify.
    SelfSignatureBad,
    /// keyUsage and extendedKeyUsage are the usage's.
    UsageOk {
        /// keyUsage bits.
        key_usage: Vec<String>,
        /// extendedKeyUsage purposes.
        ext_key_usage: Vec<String>,
        /// The usage.
        usage: Usage,
    },
    /// A usage problem.
    UsageProblem(UsageProblem),
    /// A usage warning.
    UsageWarning(UsageWarning),
    /// The extensions fit no ORG usage.
    NoUsage {
        /// The extensions.
        exts: UsageExtensions,
        /// The usage the CN names, if any.
        cn_names: Option<Usage>,
    },
    /// No other extension.
    NoOtherExtensions,
    /// Other extensions.
    OtherExtensions(Vec<String>),
    /// No other attribute.
    NoOtherAttributes,
    /// Other attributes.
    OtherAttributes(Vec<String>),
    /// A subjectAltName on a certificate.
    SubjectAltName,
}

/// What an `agent inspect` check found, in the language of the run.
impl Localize for InspectDetail {
    fn localize(&self) -> String {
        use crate::i18n::quote;
        use crate::profile::product;
        use InspectDetail as D;
        match self {
            D::Value(v) => v.clone(),
            D::MultiValuedRdn => tr!("ic-multi-valued-rdn"),
            D::SubjectInOrder { st: true } => tr!("ic-subject-in-order"),
            D::SubjectInOrder { st: false } => tr!("ic-subject-in-order-no-st"),
            D::SubjectFound { names } => tr!("ic-subject-found", names = names.join(", ")),
            D::CountryOk => self.to_string(),
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
            D::Departement(e) => e.localize(),
            D::NameEmpty => tr!("err-csr-empty-name"),
            D::NameTooLong { len, max } => tr!("err-csr-name-too-long", len = *len, max = *max),
            D::NameControl { field } => tr!("err-csr-control-character", field = *field),
            D::SurroundingBlanks => tr!("ic-surrounding-blanks"),
            D::OuOk { .. } => self.to_string(),
            D::OuTest { value, rule } => tr!("ic-ou-test", value = value, rule = rule.localize()),
            D::BadOu(e) => e.localize(),
            D::CnOk { cn, usage } => tr!("ic-cn-ok", cn = cn, product = product(*usage)),
            D::Service(p) => p.localize(),
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
                eku = crate::i18n::list_or(ext_key_usage, "ic-no-eku"),
                product = product(*usage)
            ),
            D::UsageProblem(p) => p.localize(),
            D::UsageWarning(w) => w.localize(),
            D::NoUsage {
                exts,
                cn_names: None,
            } => tr!(
                "ic-no-usage",
                exts = exts.localize(),
                auth = localized_profile_line(Usage::AuthCli),
                sign = localized_profile_line(Usage::Sign),
                conf = localized_profile_line(Usage::Conf)
            ),
            D::NoUsage {
                exts,
                cn_names: Some(u),
            } => tr!(
                "ic-no-usage-cn",
                exts = exts.localize(),
                auth = localized_profile_line(Usage::AuthCli),
                sign = localized_profile_line(Usage::Sign),
                conf = localized_profile_line(Usage::Conf),
                product = product(*u),
                profile = localized_profile_line(*u)
            ),
            D::NoOtherExtensions => tr!("ic-no-other-extensions"),
            D::OtherExtensions(v) => tr!("ic-other-extensions", list = v.join(", ")),
            D::NoOtherAttributes => tr!("ic-no-other-attributes"),
            D::OtherAttributes(v) => tr!("ic-other-attributes", list = v.join(", ")),
            D::SubjectAltName => tr!("ic-subject-alt-name"),
        }
    }
}

/// The profile of a usage on one line (`keyUsage …; extendedKeyUsage …`), in the language of
/// the run.
fn localized_profile_line(u: Usage) -> String {
    let p = u.profile();
    let ku: Vec<&str> = p.key_usage.iter().map(|k| k.name()).collect();
    let eku: Vec<&str> = p.ext_key_usage.iter().map(|k| k.name()).collect();
    if eku.is_empty() {
        tr!("ic-profile-line-no-eku", ku = ku.join(", "))
    } else {
        tr!("ic-profile-line", ku = ku.join(", "), eku = eku.join(", "))
    }
}

/// The name of an `agent inspect` check in the language of the run (`subject`, `key`…;
/// attribute names stay).
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

/// A usage's keyUsage and extendedKeyUsage in one line:
/// `digitalSignature (critical) + clientAuth`.
pub fn profile_line(u: Usage) -> String {
    let p = u.profile();
    let ku: Vec<&str> = p.key_usage.iter().map(|k| k.name()).collect();
    let eku: Vec<&str> = p.ext_key_usage.iter().map(|k| k.name()).collect();
    if eku.is_empty() {
        format!("{} (critical), no extendedKeyUsage", ku.join(", "))
    } else {
        format!("{} (critical) + {}", ku.join(", "), eku.join(", "))
    }
}

impl fmt::Display for InspectDetail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use InspectDetail as D;
        match self {
            D::Value(v) => f.write_str(v),
            D::MultiValuedRdn => {
                f.write_str("a multi-valued RDN: each attribute must be its own RDN")
            }
            D::SubjectInOrder { st: true } => f.write_str("C, ST, O, OU, CN in that order"),
            D::SubjectInOrder { st: false } => f.write_str("C, O, OU, CN in that order (no ST)"),
            D::SubjectFound { names } => write!(
                f,
                "found {}; expected C, ST, O, OU, CN in that order and nothing else",
                names.join(", ")
            ),
            D::CountryOk => f.write_str("FR (PrintableString)"),
            D::CountryWrong { value, string_type } => write!(
                f,
                "{value:?} ({string_type}); expected FR as a PrintableString"
            ),
            D::MissingC => f.write_str("missing; expected C=FR"),
            D::MissingSt => {
                f.write_str("missing: IGC Santé writes the département, \"<Département> (NN)\"")
            }
            D::MissingO => f.write_str("missing; expected the raison sociale"),
            D::MissingOu => f.write_str("missing; expected the national structure id"),
            D::MissingCn => f.write_str("missing; expected the service applicatif"),
            D::StNotUtf8 { value, string_type } => {
                write!(f, "{value} is a {string_type}; expected UTF8String")
            }
            D::NotUtf8 { string_type } => write!(f, "a {string_type}; expected UTF8String"),
            D::Departement(e) => write!(f, "{e}"),
            D::NameEmpty => write!(f, "{}", super::CsrError::EmptyName),
            D::NameTooLong { len, max } => write!(
                f,
                "{}",
                super::CsrError::NameTooLong {
                    len: *len,
                    max: *max
                }
            ),
            D::NameControl { field } => {
                write!(f, "{}", super::CsrError::ControlCharacter { field })
            }
            D::SurroundingBlanks => f.write_str("surrounding blanks"),
            D::OuOk { value, kind } => write!(f, "{value} ({kind})"),
            D::OuTest { value, rule } => write!(f, "{value} is a test identifier: {rule}"),
            D::BadOu(e) => write!(f, "{e}"),
            D::CnOk { cn, usage } => write!(
                f,
                "{cn} (the service applicatif of {})",
                usage.profile().product
            ),
            D::Service(m) => write!(f, "{m}"),
            D::CnNoUsage { cn } => write!(
                f,
                "{cn:?}: no usage to compare it with (see the usage check)"
            ),
            D::KeyNotRsa2048(k) => write!(f, "{k}: the platform's ORG products are RSA 2048"),
            D::SignatureAlgorithm(a) => write!(
                f,
                "{a}; expected SHA-256 (sha256WithRSAEncryption or ecdsa-with-SHA256)"
            ),
            D::SelfSignatureOk => f.write_str("the request's self-signature verifies"),
            D::SelfSignatureBad => f.write_str("the self-signature does not verify"),
            D::UsageOk {
                key_usage,
                ext_key_usage,
                usage,
            } => write!(
                f,
                "{} (critical) + {}: {}",
                key_usage.join(", "),
                if ext_key_usage.is_empty() {
                    "no extendedKeyUsage".to_string()
                } else {
                    ext_key_usage.join(", ")
                },
                usage.profile().product
            ),
            D::UsageProblem(p) => write!(f, "{p}"),
            D::UsageWarning(w) => write!(f, "{w}"),
            D::NoUsage { exts, cn_names } => {
                write!(
                    f,
                    "{} fit no ORG usage (AUTH_CLI: {}; SIGN: {}; CONF: {})",
                    exts.describe(),
                    profile_line(Usage::AuthCli),
                    profile_line(Usage::Sign),
                    profile_line(Usage::Conf),
                )?;
                if let Some(u) = cn_names {
                    write!(
                        f,
                        "; the CN names {}, whose profile is {}",
                        u.profile().product,
                        profile_line(*u)
                    )?;
                }
                Ok(())
            }
            D::NoOtherExtensions => f.write_str("none (no subjectAltName, no e-mail)"),
            D::OtherExtensions(v) => write!(f, "{}: the ORG profile has none", v.join(", ")),
            D::NoOtherAttributes => f.write_str("none"),
            D::OtherAttributes(v) => write!(
                f,
                "{}: the request should carry only its extensions",
                v.join(", ")
            ),
            D::SubjectAltName => f.write_str("present: the ORG profile has none"),
        }
    }
}
