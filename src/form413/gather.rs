//! The form's input gathered from its sources: the TOML file, then what the command line adds,
//! then the holder of the inserted card and the practitioner's activities in the annuaire CPS.
//!
//! Every step takes plain values (no command line, no card or directory access) and returns the
//! problems it found as [`FieldError`]s, so that they are reported together with what
//! [`super::validate`] finds (every input path gets the same validation, all problems at once);
//! what the steps have to say on the way comes back as [`Notice`]s, in order, for the caller to
//! show.

use crate::annuaire::Activity;
use crate::card::holder::HolderIdentity;
use crate::i18n::quote;
use crate::ids::{ParseMode, Rpps};
use crate::tr;

use super::{FieldError, Form413Error, Form413Input, Notes, PersonInput, Qualite, Request};
use super::{SolutionInput, StructureInput};

/// Something a step has to say: a note, or a warning (an entry left out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Information.
    Note(String),
    /// An entry was left out.
    Warn(String),
}

/// What the command line adds to the TOML input; single values override the file's.
#[derive(Debug, Default)]
pub struct Additions {
    /// Structures by national id, with their raison sociale (`None`: none was given, a problem).
    pub structures: Vec<(String, Option<String>)>,
    /// 3.2: responsable légal or mandataire.
    pub qualite: Option<Qualite>,
    /// 3.2: the representative's fields given (`qualite` aside).
    pub representant: PersonInput,
    /// 4.1: administrators, each as parsed (a value that could not be parsed is a problem
    /// reported with the others, in the order given).
    pub administrateurs: Vec<Result<PersonInput, FieldError>>,
    /// 4.2: the solution's fields given.
    pub solution: SolutionInput,
    /// Take the structures from the annuaire CPS for this practitioner.
    pub rpps: Option<String>,
    /// With `rpps`: only these entries (their `ou`), added to the file's.
    pub ou: Vec<String>,
}

/// A `--structure` value: `ID=RAISON SOCIALE`, or `ID` alone with `default_name` (the
/// `--raison-sociale` of the run).
pub fn structure_value(s: &str, default_name: Option<&str>) -> (String, Option<String>) {
    match s.split_once('=') {
        Some((id, name)) => (id.trim().to_string(), Some(name.trim().to_string())),
        None => (s.trim().to_string(), default_name.map(str::to_string)),
    }
}

/// An `--admin` value, `carte=…;nom=…;prenom=…;telephone=…;email=…`, the `n`th given.
pub fn parse_admin(s: &str, n: usize) -> Result<PersonInput, FieldError> {
    let mut p = PersonInput::default();
    for part in s.split(';').map(str::trim).filter(|x| !x.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(FieldError {
                field: format!("--admin #{n}"),
                message: tr!("form413-admin-not-key-value", part = quote(part)),
                problem: None,
            });
        };
        let v = Some(v.trim().to_string());
        match k.trim().to_lowercase().as_str() {
            "carte" | "card" => p.carte = v,
            "nom" => p.nom = v,
            "prenom" | "prénom" => p.prenom = v,
            "telephone" | "téléphone" | "tel" => p.telephone = v,
            "email" | "e-mail" => p.email = v,
            other => {
                return Err(FieldError {
                    field: format!("--admin #{n}"),
                    message: tr!("form413-admin-unknown-key", key = quote(other)),
                    problem: None,
                })
            }
        }
    }
    Ok(p)
}

/// The note that the card's holder was added as an administrator, in the language of the run.
pub fn card_administrator_note(holder: &HolderIdentity) -> String {
    tr!(
        "form413-admin-from-card",
        first = holder.first_name.as_deref().unwrap_or("?"),
        last = holder.last_name.as_deref().unwrap_or("?"),
        kind = holder
            .kind
            .map(|k| k.to_string())
            .unwrap_or_else(|| "?".into()),
        card = holder.card_number.as_deref().unwrap_or("?")
    )
}

fn set(target: &mut Option<String>, v: Option<String>) {
    if v.is_some() {
        *target = v;
    }
}

fn qualite_name(q: Qualite) -> &'static str {
    match q {
        Qualite::ResponsableLegal => "responsable_legal",
        Qualite::Mandataire => "mandataire",
    }
}

impl Form413Input {
    /// Adds what the command line gives; returns the problems found (a structure without a
    /// raison sociale, an administrator that could not be parsed).
    pub fn add(&mut self, a: Additions) -> Vec<FieldError> {
        let mut errors = Vec::new();
        for (i, (id, name)) in a.structures.into_iter().enumerate() {
            if name.is_none() {
                errors.push(FieldError {
                    field: format!("--structure #{}", i + 1),
                    message: tr!("form413-no-raison-sociale", id = id.as_str()),
                    problem: None,
                });
            }
            self.structures.push(StructureInput {
                id: Some(id),
                raison_sociale: name,
                ..Default::default()
            });
        }
        if let Some(q) = a.qualite {
            self.representant.qualite = Some(qualite_name(q).to_string());
        }
        let r = &mut self.representant;
        let given = a.representant;
        set(&mut r.nom, given.nom);
        set(&mut r.prenom, given.prenom);
        set(&mut r.telephone, given.telephone);
        set(&mut r.email, given.email);
        set(&mut r.carte, given.carte);
        for admin in a.administrateurs {
            match admin {
                Ok(p) => self.administrateurs.push(p),
                Err(e) => errors.push(e),
            }
        }
        set(&mut self.solution.editeur, a.solution.editeur);
        set(&mut self.solution.nom, a.solution.nom);
        set(&mut self.solution.version, a.solution.version);
        set(&mut self.rpps, a.rpps);
        self.ou.extend(a.ou);
        errors
    }

    /// Adds the holder of the inserted card as an administrator (card number, nom, prénom from
    /// the card; téléphone and e-mail given); a card without a number is a problem.
    pub fn add_card_administrator(
        &mut self,
        holder: &HolderIdentity,
        telephone: Option<String>,
        email: Option<String>,
    ) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if holder.card_number.is_none() {
            errors.push(FieldError {
                field: "--admin-from-card".to_string(),
                message: tr!("form413-card-without-number"),
                problem: None,
            });
        }
        self.administrateurs.push(PersonInput {
            qualite: None,
            nom: holder.last_name.clone(),
            prenom: holder.first_name.clone(),
            telephone,
            email,
            carte: holder.card_number.clone(),
        });
        errors
    }

    /// Adds the eligible activities the annuaire CPS gave for `rpps` (searched under `base`),
    /// keeping only the entries of `self.ou` when it names some. Entries left out are told as
    /// [`Notice`]s; an `ou` not among the entries, or no activity taken, is a problem.
    pub fn add_directory_activities(
        &mut self,
        activities: &[Activity],
        rpps: &Rpps,
        base: &str,
    ) -> (Vec<Notice>, Vec<FieldError>) {
        let only = self.ou.clone();
        let mut notices = Vec::new();
        let mut errors = Vec::new();
        for want in &only {
            if !activities
                .iter()
                .any(|a| a.ou.as_deref() == Some(want.trim()))
            {
                errors.push(FieldError {
                    field: "ou".to_string(),
                    message: tr!(
                        "form413-ou-not-among",
                        ou = want.as_str(),
                        rpps = rpps.to_string(),
                        base = base
                    ),
                    problem: None,
                });
            }
        }
        let mut taken = 0;
        for a in activities {
            let ou = a.ou.as_deref().unwrap_or("-");
            if !only.is_empty() && !only.iter().any(|o| o.trim() == ou) {
                continue;
            }
            let Some(d) = &a.decision else {
                notices.push(Notice::Warn(tr!(
                    "form413-entry-skipped",
                    ou = ou,
                    reason = a.warnings.join("; ")
                )));
                continue;
            };
            let name = a.raison_sociale.as_deref().unwrap_or("-");
            if !d.eligible {
                notices.push(Notice::Note(match d.procedure {
                    Some(p) => tr!(
                        "form413-excluded-follow",
                        ou = ou,
                        name = name,
                        kind = d.kind.label(),
                        procedure = p.to_string()
                    ),
                    None => tr!(
                        "form413-excluded",
                        ou = ou,
                        name = name,
                        kind = d.kind.label()
                    ),
                }));
                continue;
            }
            if !d.identifier_matches {
                notices.push(Notice::Warn(tr!(
                    "form413-skipped",
                    ou = ou,
                    reason = d.warnings.join("; ")
                )));
                continue;
            }
            for w in &a.warnings {
                notices.push(Notice::Note(tr!(
                    "lookup-warning",
                    ou = ou,
                    text = w.as_str()
                )));
            }
            self.structures.push(StructureInput {
                id: a.ou.clone(),
                raison_sociale: a.raison_sociale.clone(),
                secteur: a.sector.clone(),
                adresse: a.postal_address.clone(),
            });
            taken += 1;
        }
        if taken == 0 && errors.is_empty() {
            errors.push(FieldError {
                field: "rpps".to_string(),
                message: tr!("form413-no-activity", rpps = rpps.to_string(), base = base),
                problem: None,
            });
        }
        (notices, errors)
    }
}

/// [`super::validate`] of a gathered input, with the problems the gathering found first: the
/// request is refused when either found one. "No structure" is left out when the directory
/// already said why there is none.
pub fn validate_gathered(
    input: &Form413Input,
    mode: ParseMode,
    mut errors: Vec<FieldError>,
) -> Result<(Request, Notes), Form413Error> {
    match super::validate(input, mode) {
        Ok(v) if errors.is_empty() => Ok(v),
        Ok(_) => Err(Form413Error::Invalid { errors }),
        Err(Form413Error::Invalid { errors: more }) => {
            let directory_said = errors.iter().any(|e| e.field == "rpps" || e.field == "ou");
            errors.extend(
                more.into_iter()
                    .filter(|e| !(directory_said && e.field == "structure")),
            );
            Err(Form413Error::Invalid { errors })
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admin_and_structure_values() {
        let p = parse_admin(
            "carte=2100000123; nom=MARTIN;Prénom=Paul;tel=06;e-mail=p@x",
            1,
        )
        .unwrap();
        assert_eq!(p.carte.as_deref(), Some("2100000123"));
        assert_eq!(p.nom.as_deref(), Some("MARTIN"));
        assert_eq!(p.prenom.as_deref(), Some("Paul"));
        assert_eq!(p.telephone.as_deref(), Some("06"));
        assert_eq!(p.email.as_deref(), Some("p@x"));
        assert_eq!(parse_admin("nom", 2).unwrap_err().field, "--admin #2");
        assert_eq!(parse_admin("age=3", 3).unwrap_err().field, "--admin #3");
        assert_eq!(
            structure_value(" 1920008059 = PHARMACIE ", Some("X")),
            ("1920008059".into(), Some("PHARMACIE".into()))
        );
        assert_eq!(
            structure_value("1920008059", Some("X")),
            ("1920008059".into(), Some("X".into()))
        );
        assert_eq!(structure_value("1920008059", None).1, None);
    }

    #[test]
    fn flags_override_single_values_and_add_to_lists() {
        let mut input = Form413Input::default();
        input.representant.nom = Some("DUPONT".into());
        input.ou.push("a".into());
        let errors = input.add(Additions {
            structures: vec![("1920008059".into(), None), ("3".into(), Some("X".into()))],
            qualite: Some(Qualite::Mandataire),
            representant: PersonInput {
                nom: Some("MARTIN".into()),
                ..Default::default()
            },
            administrateurs: vec![Err(FieldError {
                field: "--admin #1".into(),
                message: "m".into(),
                problem: None,
            })],
            ou: vec!["b".into()],
            ..Default::default()
        });
        assert_eq!(input.representant.nom.as_deref(), Some("MARTIN"));
        assert_eq!(input.representant.qualite.as_deref(), Some("mandataire"));
        assert_eq!(input.structures.len(), 2);
        assert_eq!(input.ou, vec!["a".to_string(), "b".to_string()]);
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["--structure #1", "--admin #1"]);
    }

    #[test]
    fn no_activity_is_a_problem_and_hides_no_structure() {
        let mut input = Form413Input::default();
        let rpps = Rpps::parse_with("10000000001", ParseMode::AllowTestIds)
            .unwrap()
            .value;
        let (notices, errors) = input.add_directory_activities(&[], &rpps, "o=TEST,c=fr");
        assert!(notices.is_empty());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "rpps");
        let Err(Form413Error::Invalid { errors }) =
            validate_gathered(&input, ParseMode::Strict, errors)
        else {
            panic!("an input without structure validates");
        };
        assert!(errors.iter().all(|e| e.field != "structure"), "{errors:?}");
    }
}
