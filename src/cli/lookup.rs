//! `agent lookup`: a practitioner's activities in the annuaire CPS, with the identifier each one
//! orders with (decision table of the procedure).

use clap::Args;

use super::args::{parse_rpps, rpps_from_card, DirectoryArgs};
use super::exit;
use super::output::{note, print_json, warn};
use super::Context;
use crate::annuaire::{self, Activity, Settings};
use crate::error::{Error, Result};
use crate::ids::Rpps;
use crate::sanitize::escape_control;
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
        print_table(&rpps, &settings, &activities);
    }
    Ok(exit::OK)
}

fn decision_text(a: &Activity) -> String {
    match &a.decision {
        None => tr!("lookup-decision-malformed"),
        Some(d) if d.eligible => {
            let fields = d
                .filled
                .iter()
                .map(|f| f.letter().to_string())
                .collect::<Vec<_>>()
                .join("+");
            let id = d.order_identifier.map(|t| t.name()).unwrap_or("-");
            if d.identifier_matches {
                tr!(
                    "lookup-decision-order",
                    kind = d.kind.to_string(),
                    id = id,
                    fields = fields
                )
            } else {
                tr!(
                    "lookup-decision-order-find",
                    kind = d.kind.to_string(),
                    id = id,
                    fields = fields
                )
            }
        }
        Some(d) => match d.procedure {
            Some(p) => tr!(
                "lookup-decision-excluded",
                kind = d.kind.to_string(),
                procedure = p.to_string()
            ),
            None => tr!(
                "lookup-decision-out-of-procedure",
                kind = d.kind.to_string()
            ),
        },
    }
}

fn print_table(rpps: &Rpps, settings: &Settings, activities: &[Activity]) {
    println!(
        "{}",
        tr!(
            "lookup-summary",
            url = settings.url,
            base = settings.branch.base(),
            rpps = rpps.to_string(),
            count = activities.len()
        )
    );
    println!();
    let headers = [
        "lookup-col-ou",
        "lookup-col-type",
        "lookup-col-raison-sociale",
        "lookup-col-address",
        "lookup-col-sector",
        "lookup-col-decision",
    ]
    .map(|id| tr!(id));
    // Directory values are untrusted: no control character reaches the terminal raw.
    let cell = |v: &Option<String>| {
        v.as_deref()
            .map(|v| escape_control(v).into_owned())
            .unwrap_or_else(|| "-".into())
    };
    let rows: Vec<[String; 6]> = activities
        .iter()
        .map(|a| {
            [
                cell(&a.ou),
                a.identifier_type.unwrap_or("?").to_string(),
                cell(&a.raison_sociale),
                cell(&a.postal_address),
                cell(&a.sector),
                escape_control(&decision_text(a)).into_owned(),
            ]
        })
        .collect();
    let mut widths = headers.clone().map(|h| h.chars().count());
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r.iter()) {
            *w = (*w).max(c.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, (c, w)) in cells.iter().zip(widths.iter()).enumerate() {
            if i + 1 == cells.len() {
                s.push_str(c);
            } else {
                s.push_str(c);
                s.push_str(&" ".repeat(w - c.chars().count() + 2));
            }
        }
        println!("{}", s.trim_end());
    };
    line(&headers);
    line(&widths.map(|w| "-".repeat(w)));
    for r in &rows {
        line(r);
    }
    // Same raison sociale on several sites: the address tells them apart.
    let dup = annuaire::shared_names(activities);
    if !dup.is_empty() {
        println!();
    }
    for (name, n) in dup {
        println!(
            "{}",
            tr!(
                "lookup-same-name",
                count = n,
                name = escape_control(name).into_owned()
            )
        );
    }
    let rangs = annuaire::rpps_rang_orders(activities);
    if rangs > crate::structure::MAX_RPPS_RANG_PER_FORM {
        println!(
            "{}",
            tr!(
                "lookup-rangs",
                count = rangs,
                forms = rangs.div_ceil(crate::structure::MAX_RPPS_RANG_PER_FORM),
                max = crate::structure::MAX_RPPS_RANG_PER_FORM
            )
        );
    }
    for a in activities {
        for w in &a.warnings {
            warn(tr!(
                "lookup-warning",
                ou = a.ou.as_deref().unwrap_or("-"),
                text = w
            ));
        }
    }
}
