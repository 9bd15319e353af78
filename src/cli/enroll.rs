//! `agent enroll`: the whole order in one command, over TLS authenticated by the CPx card.

use crate::i18n::Localize;
use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use super::args::{
    self, est_client, import_options, login_card, structure_arg, InstallArgs, LoginArgs,
    PlatformArgs, StructureArg, TrustArgs,
};
use super::output::{note, print_outcomes, warn, Progress};
use super::Context;
use crate::csr::Usage;
use crate::error::{Error, Result};
use crate::ids::StructureId;
use crate::order::{
    import_options_for, portal_text, submit, OrderRequest, Outcome, Planned, Submission,
};
use crate::pending::PendingOrder;
use crate::tr;

/// Options of `agent enroll`.
#[derive(Debug, Args)]
pub struct EnrollArgs {
    /// National structure id (type digit + identifier); repeat for several structures
    #[arg(long = "structure", value_name = "ID", value_parser = structure_arg)]
    pub structures: Vec<StructureArg>,
    /// A file of structures, one per line: `ID;RAISON SOCIALE;DEPT` (DEPT optional, # comments)
    #[arg(long, value_name = "FILE")]
    pub structures_file: Option<PathBuf>,
    /// Raison sociale (subject O) when one structure is given
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// Département for ST (01-95, 2A, 2B, 971-976) when one structure is given
    #[arg(long, value_name = "CODE")]
    pub dept: Option<String>,
    /// The structure's postal code, to derive the département
    #[arg(long, value_name = "CODE", conflicts_with = "dept")]
    pub postal_code: Option<String>,
    /// Usages to order: auth_cli, sign (conf)
    #[arg(long, value_name = "LIST", default_value = "auth_cli,sign")]
    pub usage: String,
    /// Service applicatif (CN) for conf, which the DMP procedure does not name: the name you
    /// type on the portal (as `agent csr --conf-service`)
    #[arg(long, value_name = "NAME")]
    pub conf_service: Option<String>,
    /// Where to make the keys: "software" or a pkcs11: URI naming a token (never the CPx card)
    #[arg(long, value_name = "software|pkcs11:URI", default_value = "software")]
    pub key_store: String,
    /// Stop after the requests, with the portal instructions (the default without an EST URL)
    #[arg(long)]
    pub portal: bool,
    /// Only pick up orders already started (pending at the platform, or fetched but not installed)
    #[arg(long)]
    pub resume: bool,
    /// Accept identifiers of the directory's test branch that break the real rules
    #[arg(long)]
    pub allow_test_ids: bool,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub platform: PlatformArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub login: LoginArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub trust: TrustArgs,
    #[command(flatten)]
    #[allow(missing_docs)]
    pub install: InstallArgs,
    /// Print a JSON array of outcomes
    #[arg(long)]
    pub json: bool,
}

/// One structure to order for, with what the command line or the structures file says of it.
struct Wanted {
    id: StructureId,
    name: Option<String>,
    dept: Option<String>,
}

fn wanted(ctx: &Context, a: &EnrollArgs) -> Result<Vec<Wanted>> {
    let allow = args::allow_test_ids(ctx, a.allow_test_ids);
    let mut out = Vec::new();
    for s in &a.structures {
        out.push(Wanted {
            id: s.resolve(allow)?,
            name: a.name.clone(),
            dept: a.dept.clone(),
        });
    }
    if let Some(f) = &a.structures_file {
        for l in crate::order::structures_file(f)? {
            let id = structure_arg(&l.id)
                .map_err(Error::InvalidInput)
                .and_then(|s| s.resolve(allow))
                .map_err(|e| {
                    Error::InvalidInput(tr!(
                        "enroll-file-line",
                        file = f,
                        line = l.line,
                        reason = e.localize()
                    ))
                })?;
            out.push(Wanted {
                id,
                name: l.name,
                dept: l.dept,
            });
        }
    }
    if out.len() > 1 && (a.name.is_some() || a.dept.is_some()) && a.structures.len() > 1 {
        return Err(Error::Usage(tr!("enroll-name-one-structure")));
    }
    Ok(out)
}

/// The order of one structure, as the command line asks for it.
fn request(ctx: &Context, a: &EnrollArgs, w: &Wanted, usages: &[Usage]) -> Result<OrderRequest> {
    let postal_code = if w.dept.is_none() {
        a.postal_code.as_deref()
    } else {
        None
    };
    let (name, departement) = crate::order::name_and_departement(
        &ctx.config.annuaire,
        &w.id,
        crate::order::Given {
            name: w.name.as_deref(),
            rpps: None,
            dept: w.dept.as_deref(),
            postal_code,
        },
        &|m| super::output::note(m),
        &|m| super::output::warn(m),
    )?;
    let mut services = BTreeMap::new();
    if let Some(s) = &a.conf_service {
        services.insert(Usage::Conf, s.clone());
    }
    Ok(OrderRequest {
        services,
        key_store: args::key_store(ctx, &a.key_store, a.login.allow_final_try)?,
        departement,
        ..OrderRequest::new(w.id.clone(), name, usages.to_vec())
    })
}

/// The order to submit for a structure: the pending one (resume), else a new one — unless every
/// usage is already live and valid.
fn order_for(
    ctx: &Context,
    a: &EnrollArgs,
    w: &Wanted,
    progress: &Progress,
) -> Result<Option<PendingOrder>> {
    let usages = Usage::parse_list(&a.usage)?;
    crate::order::order_for(
        &ctx.home,
        &w.id,
        &usages,
        a.resume,
        || request(ctx, a, w, &usages),
        progress,
    )
}

/// Failed outcomes for each usage asked for.
fn failed_all(a: &EnrollArgs, id: &StructureId, e: Error) -> Vec<Outcome> {
    Outcome::all_failed(id, &Usage::parse_list(&a.usage).unwrap_or_default(), e)
}

/// Runs `agent enroll`.
pub fn run(ctx: &Context, a: EnrollArgs) -> Result<u8> {
    let mut list = wanted(ctx, &a)?;
    if list.is_empty() {
        if !a.resume {
            return Err(Error::Usage(tr!("enroll-give-structure")));
        }
        for o in PendingOrder::list(&ctx.home)? {
            list.push(Wanted {
                id: o.structure,
                name: None,
                dept: None,
            });
        }
    }
    if a.conf_service.is_some()
        && !Usage::parse_list(&a.usage)
            .unwrap_or_default()
            .contains(&Usage::Conf)
    {
        warn(tr!("csr-conf-service-ignored"));
    }
    let progress = Progress::new();
    let url = a.platform.url(ctx);
    let portal = a.portal || url.is_none();
    if portal {
        let mut outcomes = Vec::new();
        for w in &list {
            match order_for(ctx, &a, w, &progress) {
                Ok(Some(order)) => {
                    if !a.json {
                        print!("{}", portal_text(&order));
                    }
                    for u in &order.usages {
                        outcomes.push(Outcome::portal(&w.id, u.usage));
                    }
                }
                Ok(None) => note(tr!("enroll-nothing-to-order", structure = w.id.to_string())),
                Err(e) => outcomes.extend(failed_all(&a, &w.id, e)),
            }
        }
        return print_outcomes(&outcomes, a.json);
    }
    let url = url.unwrap_or_default();
    // Everything local is checked before the card is touched.
    let opts = import_options(ctx, None, &a.trust, &a.install)?;
    let platform = a.platform.prepare(ctx, &url)?;
    // Each structure's order is planned and checked before the card login: one that cannot be
    // made (CONF without its service name, an order under way) costs no PIN entry.
    let usages = Usage::parse_list(&a.usage)?;
    let mut plans = Vec::new();
    for w in &list {
        let p = crate::order::plan(&ctx.home, &w.id, &usages, a.resume, || {
            request(ctx, &a, w, &usages)
        });
        if let Ok(Planned::NothingToDo) = p {
            note(tr!(
                "enroll-nothing-to-order-renew",
                structure = w.id.to_string()
            ));
        } else {
            plans.push((w, p));
        }
    }
    let mut outcomes = Vec::new();
    if plans.iter().all(|(_, p)| p.is_err()) {
        for (w, p) in plans {
            if let Err(e) = p {
                outcomes.extend(failed_all(&a, &w.id, e));
            }
        }
        return print_outcomes(&outcomes, a.json);
    }
    let session = login_card(ctx, &a.login, &progress)?;
    let est = est_client(platform, &session)?;
    for (w, p) in plans {
        let order = match p.and_then(|p| p.into_order(&ctx.home, &progress)) {
            Ok(Some(o)) => o,
            Ok(None) => continue,
            Err(e) => {
                outcomes.extend(failed_all(&a, &w.id, e));
                continue;
            }
        };
        let o = import_options_for(&opts, &order);
        outcomes.extend(submit(
            &ctx.home,
            &est,
            &order,
            Submission::Enroll,
            &o,
            &progress,
        ));
    }
    progress.finish();
    drop(est);
    drop(session);
    print_outcomes(&outcomes, a.json)
}
