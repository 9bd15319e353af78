//! `agent form413`: prepares form 413 (PDF + JSON) from a TOML file and/or flags, with the
//! structures given by national id or found in the annuaire CPS.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::args::{card_holder, parse_rpps, DirectoryArgs};
use super::exit;
use super::output::{note, print_json, warn};
use super::Context;
use crate::annuaire;
use crate::error::{Error, Result};
use crate::form413::summary::{self, FormFile, Summary};
use crate::form413::{
    self, card_administrator_note, parse_admin, structure_value, Additions, FieldError, Form,
    Form413Input, Notice, PersonInput, Qualite, SolutionInput,
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

/// Builds the input: TOML file, then flags, then the card and the directory (the library's
/// [`Form413Input::add`] and its siblings). Problems found on the way are returned with the
/// input, to be reported with what validation finds.
fn gather(ctx: &Context, args: &Form413Args) -> Result<(Form413Input, ParseMode, Vec<FieldError>)> {
    let mut input = match &args.input {
        Some(p) => Form413Input::load(p)?,
        None => Form413Input::default(),
    };
    let structures = args
        .structures
        .iter()
        .map(|s| structure_value(s, args.raison_sociale.as_deref()))
        .collect();
    let mut errors = input.add(Additions {
        structures,
        qualite: args.rep_qualite.map(|q| match q {
            QualiteArg::ResponsableLegal => Qualite::ResponsableLegal,
            QualiteArg::Mandataire => Qualite::Mandataire,
        }),
        representant: PersonInput {
            qualite: None,
            nom: args.rep_nom.clone(),
            prenom: args.rep_prenom.clone(),
            telephone: args.rep_telephone.clone(),
            email: args.rep_email.clone(),
            carte: args.rep_carte.clone(),
        },
        administrateurs: (args.admins.iter().enumerate())
            .map(|(i, a)| parse_admin(a, i + 1))
            .collect(),
        solution: SolutionInput {
            editeur: args.editeur.clone(),
            nom: args.solution.clone(),
            version: args.solution_version.clone(),
        },
        rpps: args.rpps.clone(),
        ou: args.ou.clone(),
    });
    if args.admin_from_card {
        let h = card_holder(ctx)?;
        errors.extend(input.add_card_administrator(
            &h,
            args.admin_telephone.clone(),
            args.admin_email.clone(),
        ));
        note(card_administrator_note(&h));
    }
    let mut mode = ParseMode::allow_test_ids(args.directory.allow_test_ids);
    if let Some(rpps) = input.rpps.clone() {
        let settings = args.directory.settings(ctx)?;
        let rpps = parse_rpps(&rpps, &settings)?;
        let activities = annuaire::lookup(&settings, &rpps)?;
        let (notices, more) =
            input.add_directory_activities(&activities, &rpps, settings.branch.base());
        for n in notices {
            match n {
                Notice::Note(m) => note(m),
                Notice::Warn(m) => warn(m),
            }
        }
        errors.extend(more);
        if settings.mode == ParseMode::AllowTestIds {
            mode = ParseMode::AllowTestIds;
        }
    } else if !input.ou.is_empty() {
        return Err(Error::Usage(tr!("form413-ou-needs-rpps")));
    }
    Ok((input, mode, errors))
}

/// Writes a form's PDF and JSON files.
fn write_form(file: &FormFile, form: &Form) -> Result<()> {
    let pdf = form413::pdf::render(form)?;
    let json = summary::form_json(form)
        .map_err(|e| Error::InvalidInput(tr!("form413-cannot-encode", reason = e.to_string())))?;
    crate::fsutil::write_atomic(&file.pdf, &pdf, 0o644)?;
    crate::fsutil::write_atomic(&file.json, &json, 0o644)?;
    Ok(())
}

/// Runs `agent form413`.
pub fn run(ctx: &Context, args: Form413Args) -> Result<u8> {
    let (input, mode, errors) = gather(ctx, &args)?;
    let (request, notes) = form413::validate_gathered(&input, mode, errors)?;
    for n in notes {
        note(n);
    }
    let forms = form413::split(&request);
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Error::io("cannot create directory", &args.out, e))?;
    let mut files = Vec::new();
    for f in &forms {
        let file = FormFile::new(&args.out, f);
        write_form(&file, f)?;
        files.push(file);
    }
    // Older forms of a larger request would be confusing: say so (they are not removed).
    for p in summary::left_over(&args.out, forms.len()) {
        warn(tr!("form413-left-over", path = p));
    }
    if args.json {
        print_json(&Summary::new(files))?;
        return Ok(exit::OK);
    }
    println!("{}", summary::render(&request, &forms, &files));
    Ok(exit::OK)
}
