//! What is wrong with a field of the form 413 input, typed ([`FieldProblem`]): `Display` is the
//! English text of [`FieldError::message`](super::FieldError); [`Localize`] says it from the
//! catalogue in the language of the run.

use crate::i18n::Localize;
use crate::tr;
use std::fmt;

use crate::ids::IdError;
use crate::structure::DecisionWarning;

/// A text field of the form, named as the form names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    /// Field a.
    RaisonSociale,
    /// Nom.
    Nom,
    /// Prénom.
    Prenom,
    /// Téléphone.
    Telephone,
    /// E-mail professionnel.
    Email,
    /// 4.2 éditeur.
    Editeur,
    /// 4.2 solution.
    Solution,
    /// 4.2 version.
    Version,
}

/// The label of a field, in the language of the run.
impl Localize for Label {
    fn localize(&self) -> String {
        tr!(match self {
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
}

impl Label {
    /// The English text of messages.
    pub fn english(self) -> &'static str {
        match self {
            Label::RaisonSociale => "raison sociale (field a, dénomination de la structure)",
            Label::Nom => "nom",
            Label::Prenom => "prénom",
            Label::Telephone => "téléphone",
            Label::Email => "e-mail professionnel",
            Label::Editeur => "éditeur de la solution (4.2)",
            Label::Solution => "solution utilisée (4.2)",
            Label::Version => "version déployée (4.2)",
        }
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// No structure at all.
    NoStructure,
    /// A text field is empty.
    Required(Label),
    /// A text field is too long.
    TooLong(Label),
    /// A text field holds a control character.
    Control(Label),
    /// No structure id.
    IdRequired,
    /// The structure id is invalid.
    BadId {
        /// Why.
        error: IdError,
        /// Whether it passes with `--allow-test-ids`.
        test_hint: bool,
    },
    /// The structure does not order through this procedure.
    OtherProcedure {
        /// The id's type and value (`FINESS 010000024`).
        id: String,
        /// The kind of structure.
        kind: &'static str,
        /// The procedure to follow.
        procedure: &'static str,
    },
    /// The decision table's reasons.
    Decision {
        /// The id's type and value, when the text names it.
        id: Option<String>,
        /// The table's reasons.
        reasons: Vec<DecisionWarning>,
    },
    /// Not a phone number.
    BadPhone(String),
    /// Not an e-mail address.
    BadEmail(String),
    /// No card number.
    CardRequired,
    /// An invalid card number.
    BadCard(IdError),
    /// No qualité.
    QualiteMissing,
    /// An unknown qualité.
    QualiteBad(String),
    /// No administrator.
    NoAdmin,
    /// A qualité on an administrator.
    AdminQualite,
    /// The representative is incomplete.
    Incomplete,
}

/// A field problem of form 413, in the language of the run.
impl Localize for FieldProblem {
    fn localize(&self) -> String {
        use crate::i18n::quote;
        use FieldProblem as P;
        match self {
            P::NoStructure => tr!("fp-no-structure"),
            P::Required(l) => tr!("fp-required", what = l.localize()),
            P::TooLong(l) => tr!("fp-too-long", what = l.localize()),
            P::Control(l) => tr!("fp-control", what = l.localize()),
            P::IdRequired => tr!("fp-id-required"),
            P::BadId {
                error,
                test_hint: false,
            } => error.localize(),
            P::BadId {
                error,
                test_hint: true,
            } => tr!("fp-bad-id-test", reason = error.localize()),
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
                crate::i18n::join(reasons.iter().map(|r| r.localize()))
            ),
            P::Decision { id: None, reasons } => {
                crate::i18n::join(reasons.iter().map(|r| r.localize()))
            }
            P::BadPhone(v) => tr!("fp-bad-phone", value = quote(v)),
            P::BadEmail(v) => tr!("fp-bad-email", value = quote(v)),
            P::CardRequired => tr!("fp-card-required"),
            P::BadCard(e) => e.localize(),
            P::QualiteMissing => tr!("fp-qualite-missing"),
            P::QualiteBad(v) => tr!("fp-qualite-bad", value = quote(v)),
            P::NoAdmin => tr!("fp-no-admin"),
            P::AdminQualite => tr!("fp-admin-qualite"),
            P::Incomplete => tr!("fp-incomplete"),
        }
    }
}

impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use FieldProblem as P;
        match self {
            P::NoStructure => f.write_str("no structure: give --structure ID (or [[structure]] id = …), or --rpps to take them from the annuaire CPS"),
            P::Required(l) => write!(f, "{} is required", l.english()),
            P::TooLong(l) => write!(f, "{} is too long (200 characters at most)", l.english()),
            P::Control(l) => write!(
                f,
                "{} holds a control character (line break, tab…)",
                l.english()
            ),
            P::IdRequired => f.write_str(
                "national structure id is required (1 + FINESS, 3 + SIRET, 4 + RPPS rang)",
            ),
            P::BadId { error, test_hint } => write!(
                f,
                "{error}{}",
                if *test_hint {
                    " (test data: --allow-test-ids)"
                } else {
                    ""
                }
            ),
            P::OtherProcedure {
                id,
                kind,
                procedure,
            } => write!(
                f,
                "{id}: {kind} structures do not use this procedure, follow {procedure}"
            ),
            P::Decision { id, reasons } => {
                if let Some(id) = id {
                    write!(f, "{id}: ")?;
                }
                let text: Vec<String> = reasons.iter().map(|r| r.to_string()).collect();
                f.write_str(&text.join("; "))
            }
            P::BadPhone(v) => write!(
                f,
                "{v:?} is not a phone number (e.g. 01 23 45 67 89 or +33 1 23 45 67 89)"
            ),
            P::BadEmail(v) => write!(f, "{v:?} is not an e-mail address"),
            P::CardRequired => {
                f.write_str("N° de carte (10 digits, printed on the CPx card) is required")
            }
            P::BadCard(e) => write!(f, "{e}"),
            P::QualiteMissing => f.write_str("say whether the signatory is the responsable légal or a mandataire (responsable_legal | mandataire)"),
            P::QualiteBad(q) => write!(f, "{q:?}: expected responsable_legal or mandataire"),
            P::NoAdmin => f.write_str("at least one technical administrator (section 4.1) is required: --admin, --admin-from-card, or [[administrateur]]"),
            P::AdminQualite => f.write_str("qualite belongs to the representant only"),
            P::Incomplete => f.write_str("incomplete"),
        }
    }
}
