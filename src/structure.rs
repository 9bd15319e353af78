//! The procedure's decision table (sections 1 and 4): which kind of structure this is, whether it
//! orders its ORG certificates through this procedure, with which identifier, and which fields of
//! form 413 section 3.1 it fills.
//!
//! | kind | RPPS activity sector | orders with | form 413 fields |
//! |---|---|---|---|
//! | pharmacie | SA33 (pharmacie d'officine; also SA38, SA39) | FINESS géographique | a, b (c, d empty) |
//! | société d'exercice (SELARL, SEL, SCP…) | SA09 | SIRET | a, c (b, d empty) |
//! | cabinet individuel | SA07 | RPPS rang | a, d (b, c empty), at most 4 per form |
//! | cabinet de groupe (SCM) | SA08 | RPPS rang | a, d (b, c empty), at most 4 per form |
//! | laboratoire de biologie médicale | SA25, SA29, SA59 | excluded: `ANS_Procedure_commande_CL_DMP_LBM` | — |
//! | GIE (radiologie) | SA04 | excluded: `ANS_Procedure_commande_CL_DMP_structures_salariees` | — |
//! | GCS (radiologie) | SA30 | excluded: `ANS_Procedure_commande_CL_DMP_structures_salariees` | — |
//!
//! The sector decides the kind. Without a sector (a structure given by its national id alone) the
//! identifier type decides: FINESS → pharmacie, SIRET → société d'exercice, RPPS rang → cabinet
//! (SA07 or SA08, the form is the same), with a warning saying so. When the sector and the
//! identifier disagree (an SA09 société listed with an RPPS rang), the sector wins and a warning
//! says which identifier the order needs.

use crate::i18n::Localize;
use crate::tr;
use std::fmt;

use serde::Serialize;

use crate::ids::{StructureId, StructureIdType};

/// At most this many RPPS rang per form 413 (field d has 4 lines); more cabinets need more forms.
pub const MAX_RPPS_RANG_PER_FORM: usize = 4;

/// Document name of the procedure for medical biology laboratories.
pub const PROCEDURE_LBM: &str = "ANS_Procedure_commande_CL_DMP_LBM";
/// Document name of the procedure for salaried structures (GIE, GCS).
pub const PROCEDURE_SALARIEES: &str = "ANS_Procedure_commande_CL_DMP_structures_salariees";
/// Where form 413 is sent (section 4 of the procedure, étape 4).
pub const FORM413_EMAIL: &str = "monserviceclient.certificats@asipsante.fr";
/// Where the blank form 413 can be downloaded.
pub const FORM413_URL: &str = "https://esante.gouv.fr/documents/413";

/// An RPPS activity sector (`sectActRPPS`), e.g. `SA07`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Sector(String);

impl Sector {
    /// A sector code as the directory gives it (blanks removed, upper-cased).
    pub fn new(code: &str) -> Sector {
        Sector(code.trim().to_ascii_uppercase())
    }

    /// The code, e.g. `SA09`.
    pub fn code(&self) -> &str {
        &self.0
    }

    /// The label of the sectors the procedure deals with (TRE_R02 nomenclature), if known.
    pub fn label(&self) -> Option<&'static str> {
        Some(match self.0.as_str() {
            "SA04" => "établissement privé non PSPH",
            "SA07" => "cabinet individuel",
            "SA08" => "cabinet de groupe",
            "SA09" => "exercice en société",
            "SA25" => "laboratoire de biologie médicale",
            "SA29" => "laboratoire d'analyses et de biologie médicale",
            "SA30" => "autre établissement sanitaire",
            "SA33" => "pharmacie d'officine",
            "SA38" => "pharmacie minière",
            "SA39" => "pharmacie mutualiste",
            "SA59" => "laboratoire de biologie médicale hors catégorie standard",
            _ => return None,
        })
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of structure, as the procedure distinguishes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StructureKind {
    /// Pharmacie d'officine: orders with its FINESS géographique (field b).
    Pharmacy,
    /// Cabinet organised as a société d'exercice (SELARL, SEL, SCP…), SA09: SIRET (field c).
    SocieteExercice,
    /// Cabinet individuel, SA07: RPPS rang (field d).
    CabinetIndividuel,
    /// Cabinet de groupe organised as a SCM, SA08: RPPS rang (field d).
    GroupeScm,
    /// A cabinet known only by its RPPS rang (SA07 or SA08, sector not given): field d.
    Cabinet,
    /// Laboratoire de biologie médicale: its own procedure.
    Lbm,
    /// GIE (radiology), SA04: the salaried structures' procedure.
    Gie,
    /// GCS (radiology), SA30: the salaried structures' procedure.
    Gcs,
    /// A sector this procedure does not cover.
    Other,
}

impl StructureKind {
    /// French label for tables and the form.
    pub fn label(self) -> &'static str {
        match self {
            StructureKind::Pharmacy => "pharmacie",
            StructureKind::SocieteExercice => "société d'exercice (SA09)",
            StructureKind::CabinetIndividuel => "cabinet individuel (SA07)",
            StructureKind::GroupeScm => "groupe SCM (SA08)",
            StructureKind::Cabinet => "cabinet (SA07/SA08)",
            StructureKind::Lbm => "laboratoire de biologie médicale",
            StructureKind::Gie => "GIE (SA04)",
            StructureKind::Gcs => "GCS (SA30)",
            StructureKind::Other => "hors procédure",
        }
    }

    /// The identifier the order is made with, for eligible kinds.
    pub fn order_identifier(self) -> Option<StructureIdType> {
        match self {
            StructureKind::Pharmacy => Some(StructureIdType::Finess),
            StructureKind::SocieteExercice => Some(StructureIdType::Siret),
            StructureKind::CabinetIndividuel
            | StructureKind::GroupeScm
            | StructureKind::Cabinet => Some(StructureIdType::RppsRang),
            _ => None,
        }
    }

    /// Whether this procedure applies.
    pub fn eligible(self) -> bool {
        self.order_identifier().is_some()
    }

    /// The document to follow instead, for excluded kinds (`None` when this procedure applies,
    /// and for [`StructureKind::Other`], for which no document is known).
    pub fn procedure(self) -> Option<&'static str> {
        match self {
            StructureKind::Lbm => Some(PROCEDURE_LBM),
            StructureKind::Gie | StructureKind::Gcs => Some(PROCEDURE_SALARIEES),
            _ => None,
        }
    }

    /// The form 413 field (b, c or d) that carries the identifier.
    pub fn form_field(self) -> Option<FormField> {
        self.order_identifier().and_then(FormField::for_identifier)
    }
}

impl fmt::Display for StructureKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The fields of form 413 section 3.1 (Identification de la structure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FormField {
    /// a. Dénomination de la structure (raison sociale): always filled.
    A,
    /// b. FINESS géographique: pharmacies.
    B,
    /// c. N° SIRET: sociétés d'exercice.
    C,
    /// d. RPPS rang 1..4: cabinets individuels and SCM.
    D,
}

/// The warning for an order made with an identifier the DMP procedure does not order with (one
/// that no field of form 413 carries: neither FINESS géographique, SIRET nor RPPS rang), in the
/// language of the run.
pub fn ordering_id_warning(id: &StructureId) -> Option<String> {
    match FormField::for_identifier(id.kind()) {
        Some(_) => None,
        None => Some(crate::tr!(
            "structure-not-ordering-id",
            structure = id.to_string(),
            kind = id.kind().to_string()
        )),
    }
}

impl FormField {
    /// The field for an identifier type (FINESS → b, SIRET → c, RPPS rang → d).
    pub fn for_identifier(t: StructureIdType) -> Option<FormField> {
        match t {
            StructureIdType::Finess => Some(FormField::B),
            StructureIdType::Siret => Some(FormField::C),
            StructureIdType::RppsRang => Some(FormField::D),
            _ => None,
        }
    }

    /// The field's title on the form.
    pub fn title(self) -> &'static str {
        match self {
            FormField::A => "Dénomination de la structure",
            FormField::B => "FINESS Géographique",
            FormField::C => "N° SIRET",
            FormField::D => "RPPS rang",
        }
    }

    /// The letter.
    pub fn letter(self) -> char {
        match self {
            FormField::A => 'a',
            FormField::B => 'b',
            FormField::C => 'c',
            FormField::D => 'd',
        }
    }
}

/// What the administrator should know about a decision, typed: `Display` is the English text
/// of [`Decision::warnings`]; [`Localize`] says it from the catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecisionWarning {
    /// A sector the procedure does not cover.
    SectorNotCovered {
        /// The sector code.
        sector: String,
        /// Its label, when known.
        label: Option<&'static str>,
    },
    /// A FINESS without a sector, taken as a pharmacy's.
    FinessAssumedPharmacy,
    /// A SIRET without a sector, taken as a société d'exercice's.
    SiretAssumedSociete,
    /// An identifier type alone that the procedure does not cover.
    IdTypeNotCovered(StructureIdType),
    /// The kind orders with another identifier type.
    OrdersWithOther {
        /// The kind.
        kind: StructureKind,
        /// The identifier to order with.
        want: StructureIdType,
        /// The one given.
        have: StructureIdType,
    },
}

/// What the structure decision table says the administrator should know, in the language of the
/// run.
impl Localize for DecisionWarning {
    fn localize(&self) -> String {
        match self {
            DecisionWarning::SectorNotCovered {
                sector,
                label: None,
            } => tr!(
                "dw-sector-not-covered",
                sector = sector,
                email = FORM413_EMAIL
            ),
            DecisionWarning::SectorNotCovered {
                sector,
                label: Some(l),
            } => tr!(
                "dw-sector-not-covered-label",
                sector = sector,
                label = *l,
                email = FORM413_EMAIL
            ),
            DecisionWarning::FinessAssumedPharmacy => tr!("dw-finess-assumed-pharmacy"),
            DecisionWarning::SiretAssumedSociete => tr!("dw-siret-assumed-societe"),
            DecisionWarning::IdTypeNotCovered(k) => {
                tr!("dw-id-type-not-covered", kind = k.to_string())
            }
            DecisionWarning::OrdersWithOther { kind, want, have } => {
                let id = match want {
                    StructureIdType::Siret | StructureIdType::RppsRang => {
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
}

impl fmt::Display for DecisionWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecisionWarning::SectorNotCovered { sector, label } => write!(
                f,
                "activity sector {sector}{} is not covered by this procedure (pharmacies, SA07, SA08, SA09): ask the ANS ({FORM413_EMAIL}) which procedure applies",
                label.map(|l| format!(" ({l})")).unwrap_or_default()
            ),
            DecisionWarning::FinessAssumedPharmacy => f.write_str(
                "no activity sector given: a FINESS is taken as a pharmacie's FINESS géographique; a GIE (SA04), GCS (SA30) or laboratory follows another procedure",
            ),
            DecisionWarning::SiretAssumedSociete => f.write_str(
                "no activity sector given: a SIRET is taken as a société d'exercice (SA09)",
            ),
            DecisionWarning::IdTypeNotCovered(other) => write!(
                f,
                "a structure known by its {other} alone is not covered by this procedure: pharmacies order with their FINESS géographique, sociétés d'exercice with their SIRET, cabinets with their RPPS rang"
            ),
            DecisionWarning::OrdersWithOther { kind, want, have } => write!(
                f,
                "a {} orders with its {want}, but this structure is listed with a {have}: find its {want}{} before filling form 413",
                kind.label(),
                match want {
                    StructureIdType::Siret | StructureIdType::RppsRang =>
                        " (the one its feuilles de soins électroniques are billed on)",
                    _ => "",
                }
            ),
        }
    }
}

/// What the decision table says about one structure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// The kind of structure.
    pub kind: StructureKind,
    /// Whether this procedure applies.
    pub eligible: bool,
    /// The document to follow instead (null when this procedure applies).
    pub procedure: Option<&'static str>,
    /// The identifier type the order is made with (eligible kinds only).
    pub order_identifier: Option<StructureIdType>,
    /// Form 413 fields filled (a plus one of b, c, d); empty when excluded.
    pub filled: Vec<FormField>,
    /// Form 413 fields left empty.
    pub empty: Vec<FormField>,
    /// Whether the identifier at hand is the one to order with (false: look for the right one).
    pub identifier_matches: bool,
    /// What the administrator should know (assumptions, mismatches), in English.
    pub warnings: Vec<String>,
    /// The same, typed (they localize themselves in the language of the run).
    #[serde(skip)]
    pub reasons: Vec<DecisionWarning>,
}

/// The kind a sector code gives, if it decides one.
pub fn kind_for_sector(sector: &Sector) -> Option<StructureKind> {
    Some(match sector.code() {
        "SA07" => StructureKind::CabinetIndividuel,
        "SA08" => StructureKind::GroupeScm,
        "SA09" => StructureKind::SocieteExercice,
        "SA33" | "SA38" | "SA39" => StructureKind::Pharmacy,
        "SA25" | "SA29" | "SA59" => StructureKind::Lbm,
        "SA04" => StructureKind::Gie,
        "SA30" => StructureKind::Gcs,
        _ => return None,
    })
}

/// Applies the decision table to a structure: its national id (if known) and its RPPS activity
/// sector (if known). `lbm` forces the laboratory case (the administrator says so, or the
/// directory marks it).
pub fn decide(id: Option<&StructureId>, sector: Option<&Sector>, lbm: bool) -> Decision {
    let mut warnings = Vec::new();
    let id_type = id.map(StructureId::kind);
    let kind = if lbm {
        StructureKind::Lbm
    } else if let Some(s) = sector {
        match kind_for_sector(s) {
            Some(k) => k,
            None => {
                warnings.push(DecisionWarning::SectorNotCovered {
                    sector: s.code().to_string(),
                    label: s.label(),
                });
                StructureKind::Other
            }
        }
    } else {
        match id_type {
            Some(StructureIdType::Finess) => {
                warnings.push(DecisionWarning::FinessAssumedPharmacy);
                StructureKind::Pharmacy
            }
            Some(StructureIdType::Siret) => {
                warnings.push(DecisionWarning::SiretAssumedSociete);
                StructureKind::SocieteExercice
            }
            Some(StructureIdType::RppsRang) => StructureKind::Cabinet,
            Some(other) => {
                warnings.push(DecisionWarning::IdTypeNotCovered(other));
                StructureKind::Other
            }
            None => StructureKind::Other,
        }
    };
    let order_identifier = kind.order_identifier();
    let identifier_matches = match (order_identifier, id_type) {
        (Some(want), Some(have)) => want == have,
        _ => false,
    };
    if let (Some(want), Some(have)) = (order_identifier, id_type) {
        if want != have {
            warnings.push(DecisionWarning::OrdersWithOther { kind, want, have });
        }
    }
    let (filled, empty) = match kind.form_field() {
        Some(f) => (
            vec![FormField::A, f],
            [FormField::B, FormField::C, FormField::D]
                .into_iter()
                .filter(|x| *x != f)
                .collect(),
        ),
        None => (Vec::new(), Vec::new()),
    };
    Decision {
        kind,
        eligible: kind.eligible(),
        procedure: kind.procedure(),
        order_identifier,
        filled,
        empty,
        identifier_matches,
        warnings: warnings.iter().map(|w| w.to_string()).collect(),
        reasons: warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> StructureId {
        StructureId::parse_with(s, crate::ids::ParseMode::AllowTestIds)
            .unwrap()
            .value
    }

    #[test]
    fn procedure_example() {
        let d = decide(
            Some(&id("499700270616029")),
            Some(&Sector::new("SA08")),
            false,
        );
        assert_eq!(d.kind, StructureKind::GroupeScm);
        assert!(d.eligible && d.identifier_matches);
        assert_eq!(d.filled, vec![FormField::A, FormField::D]);
        assert_eq!(d.empty, vec![FormField::B, FormField::C]);
        let d = decide(
            Some(&id("39999999800514")),
            Some(&Sector::new("sa09")),
            false,
        );
        assert_eq!(d.kind, StructureKind::SocieteExercice);
        assert_eq!(d.filled, vec![FormField::A, FormField::C]);
        assert!(d.warnings.is_empty(), "{:?}", d.warnings);
    }

    #[test]
    fn exclusions_name_the_procedure() {
        let d = decide(Some(&id("1750712184")), Some(&Sector::new("SA04")), false);
        assert_eq!(d.kind, StructureKind::Gie);
        assert!(!d.eligible);
        assert_eq!(d.procedure, Some(PROCEDURE_SALARIEES));
        assert!(d.filled.is_empty());
        let d = decide(Some(&id("1750712184")), Some(&Sector::new("SA30")), false);
        assert_eq!(d.kind, StructureKind::Gcs);
        let d = decide(Some(&id("1750712184")), None, true);
        assert_eq!(d.procedure, Some(PROCEDURE_LBM));
    }

    #[test]
    fn mismatch_is_warned() {
        let d = decide(
            Some(&id("499700270616029")),
            Some(&Sector::new("SA09")),
            false,
        );
        assert_eq!(d.kind, StructureKind::SocieteExercice);
        assert!(!d.identifier_matches);
        assert!(d.warnings[0].contains("SIRET"), "{:?}", d.warnings);
    }
}
