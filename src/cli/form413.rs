//! `agent form413`: prepares form 413 (PDF + JSON) from a TOML file and/or flags, with the
//! structures given by national id or found in the annuaire CPS.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use serde::Serialize;

use super::args::{card_holder, parse_rpps, DirectoryArgs};
use super::output::{note, print_json, warn};
use super::report;
use super::Context;
use crate::annuaire;
use crate::error::{exit, Error, Result};
use crate::form413::{
    self, FieldError, Form, Form413Error, Form413Input, PersonInput, StructureInput, FORM413_EMAIL,
};
use crate::ids::ParseMode;
use crate::tr;

/// Options of `agent form413`.
#[derive(Debug, Args)]
pub struct Form413Args {
    /// TOML input with the form's data (see docs/form413.example.toml); flags add to it and
    /// override its single values
    #[arg(long, short = 'i', value_name = "FILE")]
    pub input: Option<PathBuf>,

    /// A structure by national id (1 + FINESS géographique, 3 + SIRET, 4 + RPPS rang), with its
    /// raison sociale after "=": --structure "1920008059=PHARMACIE DES ÉCOLES" (repeatable)
    #[arg(long = "structure", value_name = "ID[=RAISON SOCIALE]")]
    pub structures: Vec<String>,
    /// Raison sociale of the --structure values given without one
    #[arg(long, value_name = "NAME")]
    pub raison_sociale: Option<String>,
    /// Take the structures from the annuaire CPS: the eligible activities of this practitioner
    #[arg(long, value_name = "RPPS")]
    pub rpps: Option<String>,
    /// With --rpps: keep only these activities (their ou, as `agent lookup` prints it)
    /// (repeatable)
    #[arg(long, value_name = "OU", requires = "rpps")]
    pub ou: Vec<String>,
    /// Directory options (with --rpps); --allow-test-ids also applies to the ids given here.
    #[command(flatten)]
    pub directory: DirectoryArgs,

    /// 3.2: the signatory is the responsable légal or a mandataire
    #[arg(long, value_enum, value_name = "QUALITE")]
    pub rep_qualite: Option<QualiteArg>,
    /// 3.2: nom of the legal representative
    #[arg(long, value_name = "NOM")]
    pub rep_nom: Option<String>,
    /// 3.2: prénom(s)
    #[arg(long, value_name = "PRENOM")]
    pub rep_prenom: Option<String>,
    /// 3.2: téléphone
    #[arg(long, value_name = "TEL")]
    pub rep_telephone: Option<String>,
    /// 3.2: e-mail professionnel
    #[arg(long, value_name = "EMAIL")]
    pub rep_email: Option<String>,
    /// 3.2: N° de carte (CPS, 10 digits)
    #[arg(long, value_name = "NUMBER")]
    pub rep_carte: Option<String>,

    /// 4.1: a technical administrator, as
    /// "carte=2100000123;nom=MARTIN;prenom=Paul;telephone=06 12 34 56 78;email=p.martin@editeur.example"
    /// (repeatable)
    #[arg(long = "admin", value_name = "FIELDS")]
    pub admins: Vec<String>,
    /// 4.1: add the holder of the inserted card (card number, nom, prénom from the card; give
    /// --admin-telephone and --admin-email)
    #[arg(long)]
    pub admin_from_card: bool,
    /// Téléphone of the --admin-from-card administrator
    #[arg(long, value_name = "TEL", requires = "admin_from_card")]
    pub admin_telephone: Option<String>,
    /// E-mail professionnel of the --admin-from-card administrator
    #[arg(long, value_name = "EMAIL", requires = "admin_from_card")]
    pub admin_email: Option<String>,

    /// 4.2: éditeur de la solution
    #[arg(long, value_name = "NAME")]
    pub editeur: Option<String>,
    /// 4.2: solution utilisée (its name)
    #[arg(long, value_name = "NAME")]
    pub solution: Option<String>,
    /// 4.2: version of the solution deployed
    #[arg(long, value_name = "VERSION")]
    pub solution_version: Option<String>,

    /// Directory to write form413-N.pdf and form413-N.json into (created)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Print a JSON summary (files, where to send them) instead of text
    #[arg(long)]
    pub json: bool,
}

/// `--rep-qualite` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum QualiteArg {
    /// Responsable légal of the structure.
    ResponsableLegal,
    /// Mandataire of the legal representative.
    Mandataire,
}

/// The JSON summary of `agent form413 --json`.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The forms written.
    pub forms: Vec<FormFile>,
    /// Where to send them, signed.
    pub send_to: &'static str,
}

/// One form written.
#[derive(Debug, Serialize)]
pub struct FormFile {
    /// N.
    pub numero: usize,
    /// The PDF.
    pub pdf: PathBuf,
    /// The JSON.
    pub json: PathBuf,
    /// b, c or d.
    pub champ_identifiant: crate::structure::FormField,
    /// The national ids on this form.
    pub structures: Vec<String>,
}

fn set(target: &mut Option<String>, v: &Option<String>) {
    if let Some(v) = v {
        *target = Some(v.clone());
    }
}

/// Parses `--admin "carte=…;nom=…;…"`.
fn parse_admin(s: &str, n: usize) -> std::result::Result<PersonInput, FieldError> {
    let mut p = PersonInput::default();
    for part in s.split(';').map(str::trim).filter(|x| !x.is_empty()) {
        let Some((k, v)) = part.split_once('=') else {
            return Err(FieldError {
                field: format!("--admin #{n}"),
                message: tr!("form413-admin-not-key-value", part = report::quote(part)),
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
                    message: tr!("form413-admin-unknown-key", key = report::quote(other)),
                    problem: None,
                })
            }
        }
    }
    Ok(p)
}

/// Adds the directory's eligible activities to the input.
fn structures_from_directory(
    ctx: &Context,
    args: &Form413Args,
    rpps: &str,
    only: &[String],
    input: &mut Form413Input,
    errors: &mut Vec<FieldError>,
) -> Result<ParseMode> {
    let settings = args.directory.settings(ctx)?;
    let rpps = parse_rpps(rpps, &settings)?;
    let activities = annuaire::lookup(&settings, &rpps)?;
    let mut taken = 0;
    let before = errors.len();
    for want in only {
        if !activities
            .iter()
            .any(|a| a.ou.as_deref() == Some(want.trim()))
        {
            errors.push(FieldError {
                field: "ou".to_string(),
                message: tr!(
                    "form413-ou-not-among",
                    ou = want,
                    rpps = rpps.to_string(),
                    base = settings.branch.base()
                ),
                problem: None,
            });
        }
    }
    for a in &activities {
        let ou = a.ou.as_deref().unwrap_or("-");
        if !only.is_empty() && !only.iter().any(|o| o.trim() == ou) {
            continue;
        }
        let Some(d) = &a.decision else {
            warn(tr!(
                "form413-entry-skipped",
                ou = ou,
                reason = a.warnings.join("; ")
            ));
            continue;
        };
        if !d.eligible {
            note(match d.procedure {
                Some(p) => tr!(
                    "form413-excluded-follow",
                    ou = ou,
                    name = a.raison_sociale.as_deref().unwrap_or("-"),
                    kind = d.kind.label(),
                    procedure = p.to_string()
                ),
                None => tr!(
                    "form413-excluded",
                    ou = ou,
                    name = a.raison_sociale.as_deref().unwrap_or("-"),
                    kind = d.kind.label()
                ),
            });
            continue;
        }
        if !d.identifier_matches {
            warn(tr!(
                "form413-skipped",
                ou = ou,
                reason =
                    super::details::join(d.reasons.iter().map(super::details::decision_warning))
            ));
            continue;
        }
        for w in &a.warnings {
            note(tr!("lookup-warning", ou = ou, text = w));
        }
        input.structures.push(StructureInput {
            id: a.ou.clone(),
            raison_sociale: a.raison_sociale.clone(),
            secteur: a.sector.clone(),
            adresse: a.postal_address.clone(),
        });
        taken += 1;
    }
    if taken == 0 && errors.len() == before {
        errors.push(FieldError {
            field: "rpps".to_string(),
            message: tr!(
                "form413-no-activity",
                rpps = rpps.to_string(),
                base = settings.branch.base()
            ),
            problem: None,
        });
    }
    Ok(settings.mode)
}

/// Builds the input: TOML file, then flags, then the card and the directory. Problems found on
/// the way are returned with the input, so that they are reported together with what
/// [`form413::validate`] finds (every input path gets the same validation, all problems at once).
fn gather(ctx: &Context, args: &Form413Args) -> Result<(Form413Input, ParseMode, Vec<FieldError>)> {
    let mut input = match &args.input {
        Some(p) => Form413Input::load(p)?,
        None => Form413Input::default(),
    };
    let mut errors = Vec::new();
    for (i, s) in args.structures.iter().enumerate() {
        let (id, name) = match s.split_once('=') {
            Some((id, name)) => (id.trim().to_string(), Some(name.trim().to_string())),
            None => (s.trim().to_string(), args.raison_sociale.clone()),
        };
        if name.is_none() {
            errors.push(FieldError {
                field: format!("--structure #{}", i + 1),
                message: tr!("form413-no-raison-sociale", id = id),
                problem: None,
            });
        }
        input.structures.push(StructureInput {
            id: Some(id),
            raison_sociale: name,
            ..Default::default()
        });
    }
    if let Some(q) = args.rep_qualite {
        input.representant.qualite = Some(
            match q {
                QualiteArg::ResponsableLegal => "responsable_legal",
                QualiteArg::Mandataire => "mandataire",
            }
            .to_string(),
        );
    }
    let r = &mut input.representant;
    set(&mut r.nom, &args.rep_nom);
    set(&mut r.prenom, &args.rep_prenom);
    set(&mut r.telephone, &args.rep_telephone);
    set(&mut r.email, &args.rep_email);
    set(&mut r.carte, &args.rep_carte);
    for (i, a) in args.admins.iter().enumerate() {
        match parse_admin(a, i + 1) {
            Ok(p) => input.administrateurs.push(p),
            Err(e) => errors.push(e),
        }
    }
    set(&mut input.solution.editeur, &args.editeur);
    set(&mut input.solution.nom, &args.solution);
    set(&mut input.solution.version, &args.solution_version);

    if args.admin_from_card {
        let h = card_holder(ctx)?;
        if h.card_number.is_none() {
            errors.push(FieldError {
                field: "--admin-from-card".to_string(),
                message: tr!("form413-card-without-number"),
                problem: None,
            });
        }
        note(tr!(
            "form413-admin-from-card",
            first = h.first_name.as_deref().unwrap_or("?"),
            last = h.last_name.as_deref().unwrap_or("?"),
            kind = h.kind.map(|k| k.to_string()).unwrap_or_else(|| "?".into()),
            card = h.card_number.as_deref().unwrap_or("?")
        ));
        input.administrateurs.push(PersonInput {
            qualite: None,
            nom: h.last_name,
            prenom: h.first_name,
            telephone: args.admin_telephone.clone(),
            email: args.admin_email.clone(),
            carte: h.card_number,
        });
    }
    let mut mode = ParseMode::allow_test_ids(args.directory.allow_test_ids);
    if let Some(r) = &args.rpps {
        input.rpps = Some(r.clone());
    }
    input.ou.extend(args.ou.iter().cloned());
    if let Some(rpps) = input.rpps.clone() {
        let only = input.ou.clone();
        let dir_mode = structures_from_directory(ctx, args, &rpps, &only, &mut input, &mut errors)?;
        if dir_mode == ParseMode::AllowTestIds {
            mode = ParseMode::AllowTestIds;
        }
    } else if !input.ou.is_empty() {
        return Err(Error::Usage(tr!("form413-ou-needs-rpps")));
    }
    Ok((input, mode, errors))
}

fn write_form(out: &Path, form: &Form) -> Result<(PathBuf, PathBuf)> {
    let pdf = form413::pdf::render(form)?;
    let json = serde_json::to_vec_pretty(form)
        .map_err(|e| Error::InvalidInput(tr!("form413-cannot-encode", reason = e.to_string())))?;
    let pdf_path = out.join(format!("form413-{}.pdf", form.numero));
    let json_path = out.join(format!("form413-{}.json", form.numero));
    crate::fsutil::write_atomic(&pdf_path, &pdf, 0o644)?;
    let mut json = json;
    json.push(b'\n');
    crate::fsutil::write_atomic(&json_path, &json, 0o644)?;
    Ok((pdf_path, json_path))
}

/// Runs `agent form413`.
pub fn run(ctx: &Context, args: Form413Args) -> Result<u8> {
    let (input, mode, mut errors) = gather(ctx, &args)?;
    let (request, notes) = match form413::validate(&input, mode) {
        Ok(v) if errors.is_empty() => v,
        Ok(_) => return Err(Form413Error::Invalid { errors }.into()),
        Err(Form413Error::Invalid { errors: more }) => {
            // "no structure" says nothing more when the directory already said why.
            let directory_said = errors.iter().any(|e| e.field == "rpps" || e.field == "ou");
            errors.extend(
                more.into_iter()
                    .filter(|e| !(directory_said && e.field == "structure")),
            );
            return Err(Form413Error::Invalid { errors }.into());
        }
        Err(e) => return Err(e.into()),
    };
    for n in notes {
        note(n);
    }
    let forms = form413::split(&request);
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Error::io("cannot create directory", &args.out, e))?;
    let mut files = Vec::new();
    for f in &forms {
        let (pdf, json) = write_form(&args.out, f)?;
        files.push(FormFile {
            numero: f.numero,
            pdf,
            json,
            champ_identifiant: f.champ_identifiant,
            structures: f
                .structure
                .structures
                .iter()
                .map(|s| s.national_id.to_string())
                .collect(),
        });
    }
    // Older forms of a larger request would be confusing: say so (they are not removed).
    for n in forms.len() + 1..forms.len() + 50 {
        let p = args.out.join(format!("form413-{n}.pdf"));
        if p.exists() {
            warn(tr!("form413-left-over", path = p));
        }
    }
    if args.json {
        print_json(&Summary {
            forms: files,
            send_to: FORM413_EMAIL,
        })?;
        return Ok(exit::OK);
    }
    for (f, file) in forms.iter().zip(&files) {
        let ids: Vec<String> = f
            .structure
            .structures
            .iter()
            .map(|s| format!("{} {}", s.national_id.kind(), s.national_id.identifier()))
            .collect();
        println!(
            "{}  {} – {}",
            file.pdf.display(),
            crate::sanitize::escape_control(&f.structure.denomination),
            ids.join(", ")
        );
    }
    println!();
    println!("{}", tr!("form413-prepared", count = forms.len()));
    println!(
        "{}",
        tr!(
            "form413-sign-and-send",
            first = crate::sanitize::escape_control(&request.representant.person.prenom),
            last = crate::sanitize::escape_control(&request.representant.person.nom),
            email = FORM413_EMAIL
        )
    );
    println!("{}", tr!("form413-habilitation-mail"));
    Ok(exit::OK)
}
