//! Who a new order is for: the structure's raison sociale and département, given or found in the
//! annuaire CPS.

use crate::annuaire::Settings;
use crate::card::holder::HolderIdentity;
use crate::config::AnnuaireConfig;
use crate::departement::Departement;
use crate::error::{Error, Result};
use crate::i18n::{quote, Localize};
use crate::ids::{ParseMode, Rpps, StructureId};
use crate::tr;

/// A structure id as given on the command line, under the test-id policy (`allow`: test
/// identifiers accepted): the id, with the warning to show when it is a test identifier; refused
/// with a hint to `--allow-test-ids` when test identifiers are not allowed.
pub fn structure_id(raw: &str, allow: bool) -> Result<(StructureId, Option<String>)> {
    let parsed = StructureId::parse_with(raw, ParseMode::allow_test_ids(allow)).map_err(|e| {
        let e = e.localize();
        Error::InvalidInput(if allow {
            tr!("structure-arg-invalid", value = quote(raw), reason = e)
        } else {
            tr!("structure-arg-invalid-test", value = quote(raw), reason = e)
        })
    })?;
    let warning = parsed.warning.map(|w| {
        tr!(
            "structure-test-id",
            structure = raw,
            reason = w.0.localize()
        )
    });
    Ok((parsed.value, warning))
}

/// One line of a structures file (`agent enroll --structures-file`): `ID;RAISON SOCIALE;DEPT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructureLine {
    /// The line number (from 1).
    pub line: usize,
    /// The structure id, as written.
    pub id: String,
    /// The raison sociale, when given.
    pub name: Option<String>,
    /// The département, when given.
    pub dept: Option<String>,
}

/// The structures of a structures file, one per line: `ID;RAISON SOCIALE;DEPT` (name and
/// département optional); blank lines and `#` comments are skipped.
pub fn structures_file(path: &std::path::Path) -> Result<Vec<StructureLine>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io("cannot read", path, e))?;
    Ok(structure_lines(&text))
}

fn structure_lines(text: &str) -> Vec<StructureLine> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.split(';').map(str::trim);
        let id = parts.next().unwrap_or_default().to_string();
        let mut given = || parts.next().filter(|s| !s.is_empty()).map(str::to_string);
        let name = given();
        let dept = given();
        out.push(StructureLine {
            line: n + 1,
            id,
            name,
            dept,
        });
    }
    out
}

/// The RPPS of a card's holder: a CPS carries one (its national id after the `8`); any other card
/// is refused, naming its kind and id.
pub fn card_rpps(holder: &HolderIdentity) -> Result<&str> {
    holder.rpps().ok_or_else(|| {
        Error::InvalidInput(tr!(
            "lookup-card-not-cps",
            kind = holder
                .kind
                .map(|k| k.to_string())
                .unwrap_or_else(|| tr!("lookup-card-kind-unknown")),
            id = holder
                .national_id
                .clone()
                .unwrap_or_else(|| tr!("word-unknown"))
        ))
    })
}

/// The structure's raison sociale and postal code from the annuaire CPS: through the practitioner
/// `rpps`, or the one an RPPS rang names. `None` when neither is known.
fn from_directory(
    annuaire: &AnnuaireConfig,
    rpps: Option<&str>,
    structure: &StructureId,
) -> Result<Option<(String, Option<String>)>> {
    let rpps_text = match (rpps, structure) {
        (Some(r), _) => r.to_string(),
        (None, StructureId::RppsRang(r)) => match r.rpps() {
            Some(p) => p.to_string(),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    let settings = Settings::from_config(annuaire)?;
    let rpps = Rpps::parse_with(&rpps_text, settings.mode)?.value;
    let activities = crate::annuaire::lookup(&settings, &rpps)?;
    let Some(a) = activities
        .into_iter()
        .find(|a| a.structure_id.as_ref() == Some(structure))
    else {
        return Err(Error::InvalidInput(tr!(
            "structure-not-among",
            structure = structure.to_string(),
            rpps = rpps.to_string(),
            url = settings.url
        )));
    };
    let Some(name) = a.raison_sociale.clone() else {
        return Ok(None);
    };
    let postal = a.postal_address.as_deref().and_then(|addr| {
        addr.split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 5)
            .map(str::to_string)
    });
    Ok(Some((name, postal)))
}

/// What the caller gives of a new order's identity (each optional).
#[derive(Debug, Clone, Copy, Default)]
pub struct Given<'a> {
    /// The raison sociale.
    pub name: Option<&'a str>,
    /// The practitioner whose activities the annuaire CPS lists the structure among.
    pub rpps: Option<&'a str>,
    /// The département code.
    pub dept: Option<&'a str>,
    /// A postal code, for the département.
    pub postal_code: Option<&'a str>,
}

/// The raison sociale and département of a new order: the name given (else the annuaire CPS through
/// `rpps` or the RPPS rang), the département or postal code given (else the directory's postal address).
pub fn name_and_departement(
    annuaire: &AnnuaireConfig,
    structure: &StructureId,
    given: Given<'_>,
    note: &dyn Fn(&str),
    warn: &dyn Fn(&str),
) -> Result<(String, Option<&'static Departement>)> {
    let Given {
        name,
        rpps,
        dept,
        postal_code,
    } = given;
    let mut found_postal_code = None;
    let name = match name {
        Some(n) => crate::csr::check_raison_sociale(n)?,
        None => match from_directory(annuaire, rpps, structure)? {
            Some((n, postal)) => {
                note(&tr!(
                    "structure-from-directory",
                    structure = structure.to_string(),
                    name = crate::i18n::quote(&n)
                ));
                found_postal_code = postal;
                crate::csr::check_raison_sociale(&n)?
            }
            None => {
                return Err(Error::Usage(tr!(
                    "structure-name-required",
                    structure = structure.to_string()
                )))
            }
        },
    };
    let dept = match (dept, postal_code, &found_postal_code) {
        (None, None, Some(pc)) => {
            let d = Departement::from_postal_code(pc)?;
            note(&tr!(
                "dept-from-directory",
                code = pc,
                state = d.state_name()
            ));
            Some(d)
        }
        (Some(d), _, _) => Some(Departement::from_code(d)?),
        (None, Some(pc), _) => {
            let d = Departement::from_postal_code(pc)?;
            note(&tr!(
                "dept-from-postal-code",
                code = pc.trim(),
                state = d.state_name()
            ));
            Some(d)
        }
        (None, None, None) => {
            warn(&tr!("dept-none"));
            None
        }
    };
    Ok((name, dept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structures_file_lines() {
        let text = "# pharmacies\n\n1010000024;PHARMACIE DU CENTRE;75\n  3123456789 ; ; \n4x;NOM\n";
        let lines = structure_lines(text);
        assert_eq!(
            lines,
            vec![
                StructureLine {
                    line: 3,
                    id: "1010000024".into(),
                    name: Some("PHARMACIE DU CENTRE".into()),
                    dept: Some("75".into()),
                },
                StructureLine {
                    line: 4,
                    id: "3123456789".into(),
                    name: None,
                    dept: None,
                },
                StructureLine {
                    line: 5,
                    id: "4x".into(),
                    name: Some("NOM".into()),
                    dept: None,
                },
            ]
        );
    }
}
