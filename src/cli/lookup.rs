//! `agent lookup`: a practitioner's activities in the annuaire CPS, with the identifier each one
//! orders with (decision table of the procedure).

use clap::Args;

use super::args::{parse_rpps, rpps_from_card, DirectoryArgs};
use super::exit;
use super::output::{note, print_json, warn};
use super::Context;
use crate::annuaire;
use crate::error::{Error, Result};
use crate::tr;

/// Options of `agent lookup`.
#[derive(Debug, Args)]
pub struct LookupArgs {
    /// The practitioner's RPPS (11 digits, without the type digit 8)
    #[arg(
        long,
        value_name = "RPPS",
        required_unless_present = "from_card",
        conflicts_with = "from_card"
    )]
    pub rpps: Option<String>,
    /// Take the RPPS from the inserted CPS card (holder certificate; no PIN needed)
    #[arg(long)]
    pub from_card: bool,
    /// Directory options.
    #[command(flatten)]
    pub directory: DirectoryArgs,
    /// Print one JSON array instead of a table
    #[arg(long)]
    pub json: bool,
}

/// Runs `agent lookup`.
pub fn run(ctx: &Context, args: LookupArgs) -> Result<u8> {
    let settings = args.directory.settings(ctx)?;
    let rpps = match (&args.rpps, args.from_card) {
        (Some(r), _) => parse_rpps(r, &settings)?,
        (None, true) => {
            let r = rpps_from_card(ctx, &settings)?;
            note(tr!("lookup-rpps-from-card", rpps = r.to_string()));
            r
        }
        (None, false) => return Err(Error::Usage(tr!("lookup-usage-rpps"))),
    };
    let activities = annuaire::lookup(&settings, &rpps)?;
    if args.json {
        print_json(&activities)?;
    } else {
        println!("{}", annuaire::table::render(&rpps, &settings, &activities));
        for w in annuaire::table::warnings(&activities) {
            warn(w);
        }
    }
    Ok(exit::OK)
}
