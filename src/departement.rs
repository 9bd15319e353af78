//! The French départements, for the `ST` (stateOrProvinceName) of an ORG certificate subject.
//!
//! IGC Santé writes `ST=<Département (NN)>`, e.g. `Paris (75)`, `Corse-du-Sud (2A)`,
//! `Guadeloupe (971)`. This module holds the table (metropolitan 01–95 with 2A/2B for Corsica,
//! overseas 971–976) and the postal code → département rule:
//!
//! - metropolitan postal codes: the first two digits are the département, except Corsica (`20xxx`):
//!   `200xx`–`201xx` → 2A (Corse-du-Sud), `202xx`–`206xx` → 2B (Haute-Corse);
//! - overseas: the first three digits (`971xx`–`976xx`; Saint-Barthélemy `97133` and Saint-Martin
//!   `97150` fall under 971, their former département);
//! - `98xxx` (Monaco and the Pacific collectivities) is not a département: refused.
//!
//! A handful of communes are served by a post office of the neighbouring département, so their
//! postal code's prefix names the wrong département: `--dept` is there for them (see `docs/csr.md`).

use crate::i18n::Localize;
use crate::tr;

/// Why a département or postal code was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DepartementError {
    /// The code is not a département.
    #[error("{0:?} is not a French département code: use 01 to 95, 2A or 2B for Corsica, or 971 to 976 overseas (e.g. --dept 75)")]
    UnknownCode(String),
    /// `20` was given for Corsica.
    #[error("Corsica has two départements since 1976: give --dept 2A (Corse-du-Sud) or --dept 2B (Haute-Corse), or the postal code")]
    Corsica,
    /// The postal code is not five digits.
    #[error("{0:?} is not a French postal code (five digits, e.g. 75011)")]
    PostalCodeShape(String),
    /// The postal code is in Monaco or a Pacific collectivity.
    #[error("postal code {0} is not in a French département (98xxx is Monaco or a Pacific collectivity): give --dept explicitly if the structure is in France")]
    NotADepartement(String),
    /// Five digits, but no département uses that prefix.
    #[error("no département uses postal code {0}: check it, or give --dept explicitly")]
    UnknownPostalCode(String),
    /// An `ST` value that is not `<Département (NN)>`.
    #[error("{0:?} is not of the form \"<Département> (NN)\" with a known département")]
    BadStateName(String),
}

impl Localize for DepartementError {
    fn localize(&self) -> String {
        use crate::i18n::quote;
        match self {
            DepartementError::UnknownCode(c) => tr!("err-dept-unknown", value = quote(c)),
            DepartementError::Corsica => tr!("err-dept-corsica"),
            DepartementError::PostalCodeShape(c) => tr!("err-postal-code-shape", value = quote(c)),
            DepartementError::NotADepartement(c) => tr!("err-postal-code-not-dept", value = c),
            DepartementError::UnknownPostalCode(c) => tr!("err-postal-code-unknown", value = c),
            DepartementError::BadStateName(s) => tr!("err-dept-bad-state-name", value = quote(s)),
        }
    }
}

/// One département: its official code and name (Code officiel géographique, INSEE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Departement {
    /// The code: two characters in metropolitan France (`01`, `2A`), three overseas (`971`).
    pub code: &'static str,
    /// The official name, with its accents (`Ardèche`).
    pub name: &'static str,
}

const fn d(code: &'static str, name: &'static str) -> Departement {
    Departement { code, name }
}

/// Every département, in code order (2A and 2B between 19 and 21).
pub const DEPARTEMENTS: &[Departement] = &[
    d("01", "Ain"),
    d("02", "Aisne"),
    d("03", "Allier"),
    d("04", "Alpes-de-Haute-Provence"),
    d("05", "Hautes-Alpes"),
    d("06", "Alpes-Maritimes"),
    d("07", "Ardèche"),
    d("08", "Ardennes"),
    d("09", "Ariège"),
    d("10", "Aube"),
    d("11", "Aude"),
    d("12", "Aveyron"),
    d("13", "Bouches-du-Rhône"),
    d("14", "Calvados"),
    d("15", "Cantal"),
    d("16", "Charente"),
    d("17", "Charente-Maritime"),
    d("18", "Cher"),
    d("19", "Corrèze"),
    d("2A", "Corse-du-Sud"),
    d("2B", "Haute-Corse"),
    d("21", "Côte-d'Or"),
    d("22", "Côtes-d'Armor"),
    d("23", "Creuse"),
    d("24", "Dordogne"),
    d("25", "Doubs"),
    d("26", "Drôme"),
    d("27", "Eure"),
    d("28", "Eure-et-Loir"),
    d("29", "Finistère"),
    d("30", "Gard"),
    d("31", "Haute-Garonne"),
    d("32", "Gers"),
    d("33", "Gironde"),
    d("34", "Hérault"),
    d("35", "Ille-et-Vilaine"),
    d("36", "Indre"),
    d("37", "Indre-et-Loire"),
    d("38", "Isère"),
    d("39", "Jura"),
    d("40", "Landes"),
    d("41", "Loir-et-Cher"),
    d("42", "Loire"),
    d("43", "Haute-Loire"),
    d("44", "Loire-Atlantique"),
    d("45", "Loiret"),
    d("46", "Lot"),
    d("47", "Lot-et-Garonne"),
    d("48", "Lozère"),
    d("49", "Maine-et-Loire"),
    d("50", "Manche"),
    d("51", "Marne"),
    d("52", "Haute-Marne"),
    d("53", "Mayenne"),
    d("54", "Meurthe-et-Moselle"),
    d("55", "Meuse"),
    d("56", "Morbihan"),
    d("57", "Moselle"),
    d("58", "Nièvre"),
    d("59", "Nord"),
    d("60", "Oise"),
    d("61", "Orne"),
    d("62", "Pas-de-Calais"),
    d("63", "Puy-de-Dôme"),
    d("64", "Pyrénées-Atlantiques"),
    d("65", "Hautes-Pyrénées"),
    d("66", "Pyrénées-Orientales"),
    d("67", "Bas-Rhin"),
    d("68", "Haut-Rhin"),
    d("69", "Rhône"),
    d("70", "Haute-Saône"),
    d("71", "Saône-et-Loire"),
    d("72", "Sarthe"),
    d("73", "Savoie"),
    d("74", "Haute-Savoie"),
    d("75", "Paris"),
    d("76", "Seine-Maritime"),
    d("77", "Seine-et-Marne"),
    d("78", "Yvelines"),
    d("79", "Deux-Sèvres"),
    d("80", "Somme"),
    d("81", "Tarn"),
    d("82", "Tarn-et-Garonne"),
    d("83", "Var"),
    d("84", "Vaucluse"),
    d("85", "Vendée"),
    d("86", "Vienne"),
    d("87", "Haute-Vienne"),
    d("88", "Vosges"),
    d("89", "Yonne"),
    d("90", "Territoire de Belfort"),
    d("91", "Essonne"),
    d("92", "Hauts-de-Seine"),
    d("93", "Seine-Saint-Denis"),
    d("94", "Val-de-Marne"),
    d("95", "Val-d'Oise"),
    d("971", "Guadeloupe"),
    d("972", "Martinique"),
    d("973", "Guyane"),
    d("974", "La Réunion"),
    d("975", "Saint-Pierre-et-Miquelon"),
    d("976", "Mayotte"),
];

impl Departement {
    /// Every département, in code order.
    pub fn all() -> &'static [Departement] {
        DEPARTEMENTS
    }

    fn lookup(code: &str) -> Option<&'static Departement> {
        DEPARTEMENTS.iter().find(|d| d.code == code)
    }

    /// Parses a département code as an administrator types it: `75`, `7` (= `07`), `2A`/`2a`,
    /// `971`. `20` is refused with a hint (Corsica is 2A or 2B).
    pub fn from_code(s: &str) -> Result<&'static Departement, DepartementError> {
        let t = s.trim().to_ascii_uppercase();
        let norm = if t.len() == 1 && t.bytes().all(|b| b.is_ascii_digit()) {
            format!("0{t}")
        } else {
            t
        };
        if norm == "20" {
            return Err(DepartementError::Corsica);
        }
        Self::lookup(&norm).ok_or_else(|| DepartementError::UnknownCode(s.to_string()))
    }

    /// The département of a French postal code (five digits).
    pub fn from_postal_code(s: &str) -> Result<&'static Departement, DepartementError> {
        let pc = s.trim();
        if pc.len() != 5 || !pc.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DepartementError::PostalCodeShape(s.to_string()));
        }
        let unknown = || DepartementError::UnknownPostalCode(pc.to_string());
        match &pc[..2] {
            "00" => Err(unknown()),
            "98" => Err(DepartementError::NotADepartement(pc.to_string())),
            "97" => Self::lookup(&pc[..3]).ok_or_else(unknown),
            "20" => match &pc[2..3] {
                "0" | "1" => Self::lookup("2A").ok_or_else(unknown),
                "2" | "3" | "4" | "5" | "6" => Self::lookup("2B").ok_or_else(unknown),
                _ => Err(unknown()),
            },
            "96" | "99" => Err(unknown()),
            two => Self::lookup(two).ok_or_else(unknown),
        }
    }

    /// The `ST` value IGC Santé writes: `<name> (<code>)`, e.g. `Corse-du-Sud (2A)`.
    pub fn state_name(&self) -> String {
        format!("{} ({})", self.name, self.code)
    }

    /// Reads an `ST` value back (`Paris (75)`): the département whose name and code both match.
    pub fn from_state_name(st: &str) -> Result<&'static Departement, DepartementError> {
        let bad = || DepartementError::BadStateName(st.to_string());
        let (name, rest) = st.rsplit_once(" (").ok_or_else(bad)?;
        let code = rest.strip_suffix(')').ok_or_else(bad)?;
        let d = Self::lookup(code).ok_or_else(bad)?;
        if d.name == name {
            Ok(d)
        } else {
            Err(bad())
        }
    }
}

impl std::fmt::Display for Departement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.state_name())
    }
}

/// The département code in an ST value such as `Paris (75)` or `Corse-du-Sud (2A)`.
pub fn dept_from_st(st: &str) -> Option<String> {
    let open = st.rfind('(')?;
    let close = st[open..].find(')')? + open;
    let code = st[open + 1..close].trim();
    (!code.is_empty()).then(|| code.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete() {
        // 95 numbers minus 20, plus 2A and 2B, plus 6 overseas.
        assert_eq!(DEPARTEMENTS.len(), 94 + 2 + 6);
        for n in 1..=95 {
            if n == 20 {
                continue;
            }
            let code = format!("{n:02}");
            assert!(Departement::from_code(&code).is_ok(), "{code}");
        }
        for code in ["2A", "2B", "971", "972", "973", "974", "975", "976"] {
            assert_eq!(Departement::from_code(code).unwrap().code, code);
        }
        let mut codes: Vec<_> = DEPARTEMENTS.iter().map(|d| d.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), DEPARTEMENTS.len());
    }

    #[test]
    fn codes() {
        assert_eq!(Departement::from_code("7").unwrap().name, "Ardèche");
        assert_eq!(Departement::from_code("2a").unwrap().name, "Corse-du-Sud");
        assert_eq!(
            Departement::from_code(" 75 ").unwrap().state_name(),
            "Paris (75)"
        );
        assert_eq!(Departement::from_code("20"), Err(DepartementError::Corsica));
        for bad in ["00", "96", "977", "98", "2C", "", "750", "x"] {
            assert!(Departement::from_code(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postal_codes() {
        let dept = |pc: &str| Departement::from_postal_code(pc).map(|d| d.code);
        assert_eq!(dept("75011"), Ok("75"));
        assert_eq!(dept("01000"), Ok("01"));
        assert_eq!(dept("20000"), Ok("2A"));
        assert_eq!(dept("20090"), Ok("2A"));
        assert_eq!(dept("20167"), Ok("2A"));
        assert_eq!(dept("20200"), Ok("2B"));
        assert_eq!(dept("20600"), Ok("2B"));
        assert_eq!(dept("20620"), Ok("2B"));
        assert!(dept("20700").is_err());
        assert_eq!(dept("97110"), Ok("971"));
        assert_eq!(dept("97133"), Ok("971"));
        assert_eq!(dept("97400"), Ok("974"));
        assert_eq!(dept("97600"), Ok("976"));
        assert_eq!(dept("97500"), Ok("975"));
        assert!(dept("97700").is_err());
        assert!(matches!(
            Departement::from_postal_code("98000"),
            Err(DepartementError::NotADepartement(_))
        ));
        for bad in ["7501", "750111", "7501a", "00100", "96000", "99999"] {
            assert!(dept(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn state_names_round_trip() {
        for d in DEPARTEMENTS {
            assert_eq!(Departement::from_state_name(&d.state_name()), Ok(d));
        }
        assert!(Departement::from_state_name("Paris (76)").is_err());
        assert!(Departement::from_state_name("Paris").is_err());
        assert!(Departement::from_state_name("Corse (20)").is_err());
    }
}
