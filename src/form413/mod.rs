//! Form 413 (« demande de certificats logiciels », ANS) as data: what the administrator gives
//! ([`Form413Input`], a TOML file and/or flags), validated all at once ([`validate`]), split into
//! forms by the procedure's rules ([`split`]), and rendered to PDF ([`pdf`]) and JSON.
//!
//! Rules (section 4 of the procedure):
//! - section 3.1: a = raison sociale; pharmacie → FINESS géographique in b; société d'exercice
//!   (SA09) → SIRET in c; cabinets (SA07, SA08) → RPPS rang in d, at most
//!   [`MAX_RPPS_RANG_PER_FORM`] per form (5..8 cabinets give two forms, and so on);
//! - one form per structure identifier: each FINESS and each SIRET has its own form, the RPPS
//!   rang of one practitioner are grouped by four; kinds are never mixed on one form;
//! - 4.2: « authentification et signature sur le DMP », éditeur, solution and version;
//! - 4.3: « Certificat ORG (Personne morale) usage AUTH_CLI, SIGN, CONF » ticked.
//!
//! The forms are sent by e-mail to [`FORM413_EMAIL`], signed by the legal representative.

mod field;
mod gather;
pub mod pdf;
pub mod summary;

use crate::i18n::Localize;
use crate::tr;
pub use gather::{
    card_administrator_note, parse_admin, structure_value, validate_gathered, Additions, Notice,
};

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::ids::{CardNumber, IdWarning, ParseMode, StructureId, StructureIdType};
use crate::structure::{self, Sector, StructureKind};
pub use crate::structure::{FORM413_EMAIL, FORM413_URL, MAX_RPPS_RANG_PER_FORM};
pub use field::{FieldProblem, Label};

/// The text of 4.2 « précisions sur l'usage des certificats et sur votre projet ».
pub const USAGE_TEXT: &str = "authentification et signature sur le DMP";
/// The box ticked in 4.3.
pub const CERTIFICATE_TYPE: &str = "Certificat ORG (Personne morale) usage AUTH_CLI, SIGN, CONF";

/// What went wrong with form 413.
#[derive(Debug, thiserror::Error)]
pub enum Form413Error {
    /// One or more fields are missing or invalid; every problem is listed.
    #[error("form 413 cannot be prepared, {} problem(s):\n{}", errors.len(), errors.iter().map(|e| format!("  - {e}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        /// Every problem, each naming its field.
        errors: Vec<FieldError>,
    },
    /// The input file could not be read.
    #[error("cannot read the form 413 input {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The system error.
        source: std::io::Error,
    },
    /// The input file is not valid TOML or has an unknown key.
    #[error("invalid form 413 input {}: {message} (see docs/form413.example.toml)", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message.
        message: String,
    },
    /// The PDF could not be produced.
    #[error("cannot render the form 413 PDF: {0}")]
    Pdf(String),
}

impl Localize for Form413Error {
    fn localize(&self) -> String {
        match self {
            Form413Error::Invalid { errors } => {
                let lines: Vec<String> = errors
                    .iter()
                    .map(|e| format!("  - {}", e.localize()))
                    .collect();
                tr!(
                    "err-form413-invalid",
                    count = errors.len(),
                    problems = lines.join("\n")
                )
            }
            Form413Error::Read { path, source } => {
                tr!("err-form413-read", path = path, reason = source.to_string())
            }
            Form413Error::Parse { path, message } => {
                tr!("err-form413-parse", path = path, reason = message)
            }
            Form413Error::Pdf(m) => tr!("err-form413-pdf", reason = m),
        }
    }
}

/// A problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field, as in the TOML input (e.g. `representant.telephone`, `administrateur[2].email`).
    pub field: String,
    /// What is wrong and what is expected (English when found by [`validate`]).
    pub message: String,
    /// The same, typed, when [`validate`] found it (it localizes itself in the language of
    /// the run); `None` for a message already in the language of the run.
    #[serde(skip)]
    pub problem: Option<FieldProblem>,
}

/// A form 413 field error: `field: problem`.
impl Localize for FieldError {
    fn localize(&self) -> String {
        let problem = match &self.problem {
            Some(p) => p.localize(),
            // Made by the CLI, already in the language of the run.
            None => self.message.clone(),
        };
        tr!("fp-field", field = self.field, problem = problem)
    }
}

impl FieldError {
    /// A problem found by the library: `message` is its English text.
    pub fn new(field: impl Into<String>, problem: FieldProblem) -> FieldError {
        FieldError {
            field: field.into(),
            message: problem.to_string(),
            problem: Some(problem),
        }
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The input: a TOML file (keys in French, as on the form) and/or command-line flags.
/// See `docs/form413.example.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Form413Input {
    /// Take the structures from the annuaire CPS for this practitioner's RPPS.
    pub rpps: Option<String>,
    /// With `rpps`: keep only these directory entries (their `ou`).
    pub ou: Vec<String>,
    /// Structures given by national id (`[[structure]]`).
    #[serde(rename = "structure")]
    pub structures: Vec<StructureInput>,
    /// 3.2: the legal representative or their mandataire (`[representant]`).
    pub representant: PersonInput,
    /// 4.1: the technical administrators (`[[administrateur]]`).
    #[serde(rename = "administrateur")]
    pub administrateurs: Vec<PersonInput>,
    /// 4.2: the software (`[solution]`).
    pub solution: SolutionInput,
}

/// A structure given by its national id.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct StructureInput {
    /// National structure id: type digit + identifier (1 FINESS, 3 SIRET, 4 RPPS rang).
    pub id: Option<String>,
    /// Raison sociale (field a).
    pub raison_sociale: Option<String>,
    /// RPPS activity sector (`SA07`…), when known: lets the agent refuse GIE, GCS, LBM.
    pub secteur: Option<String>,
    /// Postal address (kept in the JSON only, to tell sites apart).
    pub adresse: Option<String>,
}

/// A person of sections 3.2 or 4.1.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct PersonInput {
    /// 3.2 only: `responsable_legal` or `mandataire`.
    pub qualite: Option<String>,
    /// Nom (as on the card, for administrators).
    pub nom: Option<String>,
    /// Prénom(s).
    pub prenom: Option<String>,
    /// Téléphone.
    pub telephone: Option<String>,
    /// E-mail professionnel.
    pub email: Option<String>,
    /// N° de carte (CPx card number, 10 digits).
    pub carte: Option<String>,
}

/// Section 4.2: the software used.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SolutionInput {
    /// Éditeur de la solution.
    pub editeur: Option<String>,
    /// Solution utilisée (its name).
    pub nom: Option<String>,
    /// Version deployed.
    pub version: Option<String>,
}

impl Form413Input {
    /// Parses the TOML input; `path` is only used in messages.
    pub fn from_toml(text: &str, path: &std::path::Path) -> Result<Form413Input, Form413Error> {
        toml::from_str(text).map_err(|e| Form413Error::Parse {
            path: path.to_path_buf(),
            message: e.to_string(),
        })
    }

    /// Reads and parses a TOML input file.
    pub fn load(path: &std::path::Path) -> Result<Form413Input, Form413Error> {
        let text = crate::fsutil::read_capped_string(path, crate::fsutil::MAX_TOML_FILE).map_err(
            |source| Form413Error::Read {
                path: path.to_path_buf(),
                source,
            },
        )?;
        Self::from_toml(&text, path)
    }
}

/// Responsable légal or mandataire (3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualite {
    /// Responsable légal.
    ResponsableLegal,
    /// Mandataire.
    Mandataire,
}

impl Qualite {
    /// Parses `responsable_legal` / `mandataire` (also with a dash or a space, any case).
    pub fn parse(s: &str) -> Option<Qualite> {
        let n: String = s
            .trim()
            .to_lowercase()
            .replace(['-', ' '], "_")
            .replace('é', "e");
        match n.as_str() {
            "responsable_legal" | "representant_legal" | "responsable" => {
                Some(Qualite::ResponsableLegal)
            }
            "mandataire" => Some(Qualite::Mandataire),
            _ => None,
        }
    }
}

/// A validated person (3.2 or 4.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    /// Nom.
    pub nom: String,
    /// Prénom(s).
    pub prenom: String,
    /// Téléphone, as given.
    pub telephone: String,
    /// E-mail professionnel.
    pub email: String,
    /// N° de carte.
    pub carte: CardNumber,
}

/// The validated legal representative (3.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Representative {
    /// Responsable légal or mandataire.
    pub qualite: Qualite,
    /// Who.
    #[serde(flatten)]
    pub person: Person,
}

/// A validated structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Structure {
    /// National structure id (FINESS, SIRET or RPPS rang).
    pub national_id: StructureId,
    /// Raison sociale.
    pub raison_sociale: String,
    /// Kind (decision table).
    pub kind: StructureKind,
    /// Postal address, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adresse: Option<String>,
}

/// Everything the forms need, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The structures, in input order, without duplicates.
    pub structures: Vec<Structure>,
    /// 3.2.
    pub representant: Representative,
    /// 4.1.
    pub administrateurs: Vec<Person>,
    /// 4.2 éditeur.
    pub editeur: String,
    /// 4.2 solution.
    pub solution: String,
    /// 4.2 version.
    pub version: String,
}

/// Notes for the administrator gathered during validation (test identifiers, assumptions).
pub type Notes = Vec<String>;

fn text_field(
    errors: &mut Vec<FieldError>,
    field: &str,
    value: Option<&str>,
    what: Label,
) -> String {
    let v = value.map(str::trim).unwrap_or("");
    if v.is_empty() {
        errors.push(FieldError::new(field, FieldProblem::Required(what)));
    } else if v.chars().count() > 200 {
        errors.push(FieldError::new(field, FieldProblem::TooLong(what)));
    } else if v.chars().any(char::is_control) {
        errors.push(FieldError::new(field, FieldProblem::Control(what)));
    }
    v.to_string()
}

/// Whether a phone number looks right: French (`01 23 45 67 89`, `+33 1 23 45 67 89`) or
/// international (`+` and 8 to 15 digits); blanks, dots and dashes are ignored.
pub fn phone_valid(s: &str) -> bool {
    let compact: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}'))
        .collect();
    let digits_only = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if let Some(rest) = compact.strip_prefix("+33") {
        let rest = rest.strip_prefix("(0)").unwrap_or(rest);
        return rest.len() == 9 && digits_only(rest) && !rest.starts_with('0');
    }
    if let Some(rest) = compact.strip_prefix('+') {
        return (8..=15).contains(&rest.len()) && digits_only(rest);
    }
    compact.len() == 10
        && digits_only(&compact)
        && compact.starts_with('0')
        && !compact[1..].starts_with('0')
}

/// Whether an e-mail address looks right (one `@`, a dotted domain, no blanks).
pub fn email_valid(s: &str) -> bool {
    let s = s.trim();
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && !domain.starts_with('-')
}

fn person(
    errors: &mut Vec<FieldError>,
    notes: &mut Notes,
    prefix: &str,
    p: &PersonInput,
) -> Option<Person> {
    let before = errors.len();
    let nom = text_field(
        errors,
        &format!("{prefix}.nom"),
        p.nom.as_deref(),
        Label::Nom,
    );
    let prenom = text_field(
        errors,
        &format!("{prefix}.prenom"),
        p.prenom.as_deref(),
        Label::Prenom,
    );
    let telephone = text_field(
        errors,
        &format!("{prefix}.telephone"),
        p.telephone.as_deref(),
        Label::Telephone,
    );
    if !telephone.is_empty() && !phone_valid(&telephone) {
        errors.push(FieldError::new(
            format!("{prefix}.telephone"),
            FieldProblem::BadPhone(telephone.clone()),
        ));
    }
    let email = text_field(
        errors,
        &format!("{prefix}.email"),
        p.email.as_deref(),
        Label::Email,
    );
    if !email.is_empty() && !email_valid(&email) {
        errors.push(FieldError::new(
            format!("{prefix}.email"),
            FieldProblem::BadEmail(email.clone()),
        ));
    }
    let carte = match p.carte.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => {
            errors.push(FieldError::new(
                format!("{prefix}.carte"),
                FieldProblem::CardRequired,
            ));
            None
        }
        // A card number is printed on the card: the test-identifier leniency (`mode`), which is
        // for structure ids the directory's test branch holds, never excuses it.
        Some(c) => match CardNumber::parse_with(c, ParseMode::Strict) {
            Ok(parsed) => {
                if let Some(w) = parsed.warning {
                    notes.push(format!("{prefix}.carte: {w}"));
                }
                Some(parsed.value)
            }
            Err(e) => {
                errors.push(FieldError::new(
                    format!("{prefix}.carte"),
                    FieldProblem::BadCard(e),
                ));
                None
            }
        },
    };
    if errors.len() > before {
        return None;
    }
    Some(Person {
        nom,
        prenom,
        telephone,
        email,
        carte: carte?,
    })
}

fn note_warning(notes: &mut Notes, field: &str, w: Option<IdWarning>) {
    if let Some(w) = w {
        notes.push(format!("{field}: {w}"));
    }
}

/// Validates the whole input; every problem is reported at once, each naming its field.
/// `mode` decides whether test identifiers (broken length or check key) are accepted.
pub fn validate(input: &Form413Input, mode: ParseMode) -> Result<(Request, Notes), Form413Error> {
    let mut errors = Vec::new();
    let mut notes = Vec::new();

    let mut structures: Vec<Structure> = Vec::new();
    if input.structures.is_empty() {
        errors.push(FieldError::new("structure", FieldProblem::NoStructure));
    }
    for (i, s) in input.structures.iter().enumerate() {
        let field = format!("structure[{}]", i + 1);
        let raison_sociale = text_field(
            &mut errors,
            &format!("{field}.raison_sociale"),
            s.raison_sociale.as_deref(),
            Label::RaisonSociale,
        );
        let Some(id_text) = s.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
            errors.push(FieldError::new(
                format!("{field}.id"),
                FieldProblem::IdRequired,
            ));
            continue;
        };
        let id = match StructureId::parse_with(id_text, mode) {
            Ok(p) => {
                note_warning(&mut notes, &format!("{field}.id"), p.warning);
                p.value
            }
            Err(e) => {
                let test_hint = mode == ParseMode::Strict
                    && StructureId::parse_with(id_text, ParseMode::AllowTestIds).is_ok();
                errors.push(FieldError::new(
                    format!("{field}.id"),
                    FieldProblem::BadId {
                        error: e,
                        test_hint,
                    },
                ));
                continue;
            }
        };
        let sector = s
            .secteur
            .as_deref()
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(Sector::new);
        let d = structure::decide(Some(&id), sector.as_ref(), false);
        if !d.eligible {
            let named = format!("{} {}", id.kind(), id.identifier());
            let problem = match d.procedure {
                Some(procedure) => FieldProblem::OtherProcedure {
                    id: named,
                    kind: d.kind.label(),
                    procedure,
                },
                None => FieldProblem::Decision {
                    id: Some(named),
                    reasons: d.reasons.clone(),
                },
            };
            errors.push(FieldError::new(format!("{field}.id"), problem));
            continue;
        }
        if !d.identifier_matches {
            errors.push(FieldError::new(
                format!("{field}.id"),
                FieldProblem::Decision {
                    id: None,
                    reasons: d.reasons.clone(),
                },
            ));
            continue;
        }
        if structures.iter().any(|x| x.national_id == id) {
            notes.push(format!(
                "{field}: {id} is given twice; it is put on the forms once"
            ));
            continue;
        }
        structures.push(Structure {
            national_id: id,
            raison_sociale,
            kind: d.kind,
            adresse: s.adresse.clone(),
        });
    }

    let qualite = match input.representant.qualite.as_deref() {
        None => {
            errors.push(FieldError::new(
                "representant.qualite",
                FieldProblem::QualiteMissing,
            ));
            None
        }
        Some(q) => match Qualite::parse(q) {
            Some(q) => Some(q),
            None => {
                errors.push(FieldError::new(
                    "representant.qualite",
                    FieldProblem::QualiteBad(q.to_string()),
                ));
                None
            }
        },
    };
    let rep = person(&mut errors, &mut notes, "representant", &input.representant);

    let mut admins = Vec::new();
    if input.administrateurs.is_empty() {
        errors.push(FieldError::new("administrateur", FieldProblem::NoAdmin));
    }
    for (i, a) in input.administrateurs.iter().enumerate() {
        let prefix = format!("administrateur[{}]", i + 1);
        if a.qualite.is_some() {
            errors.push(FieldError::new(
                format!("{prefix}.qualite"),
                FieldProblem::AdminQualite,
            ));
        }
        if let Some(p) = person(&mut errors, &mut notes, &prefix, a) {
            if admins.iter().any(|x: &Person| x.carte == p.carte) {
                notes.push(format!(
                    "{prefix}: card {} is listed twice; it is put on the forms once",
                    p.carte
                ));
            } else {
                admins.push(p);
            }
        }
    }

    let editeur = text_field(
        &mut errors,
        "solution.editeur",
        input.solution.editeur.as_deref(),
        Label::Editeur,
    );
    let solution = text_field(
        &mut errors,
        "solution.nom",
        input.solution.nom.as_deref(),
        Label::Solution,
    );
    let version = text_field(
        &mut errors,
        "solution.version",
        input.solution.version.as_deref(),
        Label::Version,
    );

    if !errors.is_empty() {
        return Err(Form413Error::Invalid { errors });
    }
    match (qualite, rep) {
        (Some(qualite), Some(person)) => Ok((
            Request {
                structures,
                representant: Representative { qualite, person },
                administrateurs: admins,
                editeur,
                solution,
                version,
            },
            notes,
        )),
        // Unreachable: a missing part always adds an error above.
        _ => Err(Form413Error::Invalid {
            errors: vec![FieldError::new("representant", FieldProblem::Incomplete)],
        }),
    }
}

/// Section 3.1 of one form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identification {
    /// a. Dénomination de la structure (raison sociale; for several cabinets, their names).
    pub denomination: String,
    /// b. FINESS géographique (pharmacie).
    pub finess_geographique: Option<String>,
    /// c. N° SIRET (société d'exercice).
    pub siret: Option<String>,
    /// d. RPPS rang 1..4 (cabinets individuels, SCM).
    pub rpps_rang: Vec<String>,
    /// The structures on this form (national id, kind, raison sociale, address).
    pub structures: Vec<Structure>,
}

/// Section 4.2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Usage {
    /// « Précisions sur l'usage des certificats et sur votre projet ».
    pub precisions: &'static str,
    /// Éditeur de la solution.
    pub editeur: String,
    /// Solution utilisée.
    pub solution: String,
    /// Version déployée.
    pub version: String,
}

/// Section 4.3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateType {
    /// The box's label.
    pub libelle: &'static str,
    /// Ticked.
    pub coche: bool,
}

/// One form 413, as rendered to `form413-N.pdf` and `form413-N.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Form {
    /// N (from 1).
    pub numero: usize,
    /// How many forms this request makes.
    pub total: usize,
    /// Which form 413 field carries the identifier: b (FINESS), c (SIRET) or d (RPPS rang).
    pub champ_identifiant: structure::FormField,
    /// 3.1.
    pub structure: Identification,
    /// 3.2.
    pub representant: Representative,
    /// 4.1.
    pub administrateurs: Vec<Person>,
    /// 4.2.
    pub usage: Usage,
    /// 4.3.
    pub type_certificat: CertificateType,
    /// Where to send the signed form.
    pub envoi: &'static str,
}

fn denomination(structures: &[Structure]) -> String {
    let mut names: Vec<&str> = Vec::new();
    for s in structures {
        if !names.contains(&s.raison_sociale.as_str()) {
            names.push(&s.raison_sociale);
        }
    }
    names.join(" / ")
}

/// Splits a request into forms: one per FINESS, one per SIRET, the RPPS rang of each
/// practitioner by four. Forms are numbered from 1: FINESS first, then SIRET, then RPPS rang, in
/// input order within each.
pub fn split(req: &Request) -> Vec<Form> {
    let mut groups: Vec<(structure::FormField, Vec<Structure>)> = Vec::new();
    for t in [StructureIdType::Finess, StructureIdType::Siret] {
        for s in req.structures.iter().filter(|s| s.national_id.kind() == t) {
            if let Some(f) = structure::FormField::for_identifier(t) {
                groups.push((f, vec![s.clone()]));
            }
        }
    }
    // RPPS rang grouped by practitioner (the RPPS part), first appearance order.
    let mut by_rpps: BTreeMap<usize, (String, Vec<Structure>)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for s in req
        .structures
        .iter()
        .filter(|s| s.national_id.kind() == StructureIdType::RppsRang)
    {
        let key = match &s.national_id {
            StructureId::RppsRang(r) => r.rpps().unwrap_or(r.as_str()).to_string(),
            _ => String::new(),
        };
        let idx = match order.iter().position(|k| *k == key) {
            Some(i) => i,
            None => {
                order.push(key.clone());
                order.len() - 1
            }
        };
        by_rpps
            .entry(idx)
            .or_insert_with(|| (key, Vec::new()))
            .1
            .push(s.clone());
    }
    for (_, (_, list)) in by_rpps {
        for chunk in list.chunks(MAX_RPPS_RANG_PER_FORM) {
            groups.push((structure::FormField::D, chunk.to_vec()));
        }
    }
    let total = groups.len();
    groups
        .into_iter()
        .enumerate()
        .map(|(i, (field, structures))| {
            let ident = Identification {
                denomination: denomination(&structures),
                finess_geographique: (field == structure::FormField::B)
                    .then(|| structures[0].national_id.identifier().to_string()),
                siret: (field == structure::FormField::C)
                    .then(|| structures[0].national_id.identifier().to_string()),
                rpps_rang: if field == structure::FormField::D {
                    structures
                        .iter()
                        .map(|s| s.national_id.identifier().to_string())
                        .collect()
                } else {
                    Vec::new()
                },
                structures,
            };
            Form {
                numero: i + 1,
                total,
                champ_identifiant: field,
                structure: ident,
                representant: req.representant.clone(),
                administrateurs: req.administrateurs.clone(),
                usage: Usage {
                    precisions: USAGE_TEXT,
                    editeur: req.editeur.clone(),
                    solution: req.solution.clone(),
                    version: req.version.clone(),
                },
                type_certificat: CertificateType {
                    libelle: CERTIFICATE_TYPE,
                    coche: true,
                },
                envoi: FORM413_EMAIL,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(n: &str, card: &str) -> PersonInput {
        PersonInput {
            qualite: None,
            nom: Some(n.into()),
            prenom: Some("Élise".into()),
            telephone: Some("01 23 45 67 89".into()),
            email: Some("e@example.fr".into()),
            carte: Some(card.into()),
        }
    }

    fn input(ids: &[&str]) -> Form413Input {
        let mut rep = person("DUPONT", "2100000123");
        rep.qualite = Some("responsable_legal".into());
        Form413Input {
            structures: ids
                .iter()
                .map(|i| StructureInput {
                    id: Some(i.to_string()),
                    raison_sociale: Some(format!("S {i}")),
                    ..Default::default()
                })
                .collect(),
            representant: rep,
            administrateurs: vec![person("MARTIN", "2100000456")],
            solution: SolutionInput {
                editeur: Some("E".into()),
                nom: Some("S".into()),
                version: Some("1".into()),
            },
            ..Default::default()
        }
    }

    #[test]
    fn split_by_kind_and_four() {
        let ids: Vec<String> = (1..=9)
            .map(|i| format!("410000123454{i:03}"))
            .chain(["1920008059".to_string(), "373282932000074".to_string()])
            .collect();
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        let (req, _) = validate(&input(&refs), ParseMode::Strict).unwrap();
        let forms = split(&req);
        assert_eq!(forms.len(), 5);
        assert_eq!(
            forms[0].structure.finess_geographique.as_deref(),
            Some("920008059")
        );
        assert_eq!(forms[1].structure.siret.as_deref(), Some("73282932000074"));
        assert_eq!(forms[2].structure.rpps_rang.len(), 4);
        assert_eq!(forms[3].structure.rpps_rang.len(), 4);
        assert_eq!(forms[4].structure.rpps_rang, vec!["10000123454009"]);
        assert!(forms.iter().all(|f| f.total == 5));
    }

    #[test]
    fn all_errors_at_once() {
        let mut i = input(&["1920008058", "5123"]);
        i.representant.telephone = Some("12".into());
        i.representant.email = Some("nope".into());
        i.administrateurs[0].carte = Some("123".into());
        i.solution.version = None;
        let Err(Form413Error::Invalid { errors }) = validate(&i, ParseMode::Strict) else {
            panic!()
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            vec![
                "structure[1].id",
                "structure[2].id",
                "representant.telephone",
                "representant.email",
                "administrateur[1].carte",
                "solution.version"
            ]
        );
    }

    #[test]
    fn phones_and_emails() {
        for ok in [
            "01 23 45 67 89",
            "0123456789",
            "+33 1 23 45 67 89",
            "+33(0)123456789",
            "06.12.34.56.78",
            "+41 22 123 45 67",
        ] {
            assert!(phone_valid(ok), "{ok}");
        }
        for bad in [
            "",
            "12",
            "00 23 45 67 89",
            "+33 0 23 45 67 89",
            "01 23 45 67 8x",
            "+1",
        ] {
            assert!(!phone_valid(bad), "{bad}");
        }
        assert!(email_valid("jeanne.dupont@pharmacie.example"));
        for bad in ["a@b", "@b.fr", "a b@c.fr", "a@.fr", "a@b..fr", "a@b.fr."] {
            assert!(!email_valid(bad), "{bad}");
        }
    }
}
