//! `agent enroll`: the whole order in one command, over TLS authenticated by the CPx card (the
//! run itself: [`crate::order::enroll_all`]).

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use super::args::{
    self, est_client, import_options, login_card, structure_arg, InstallArgs, LoginArgs,
    PlatformArgs, StructureArg, TrustArgs,
};
use super::output::{note, notice, print_outcomes, warn, Progress};
use super::Context;
use crate::csr::Usage;
use crate::error::Result;
use crate::order::{
    self, portal_text, EnrollRun, Est, Named, Notice, OrderRequest, Platform, Wanted,
};

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

/// The order of one structure, as the command line asks for it.
fn request(ctx: &Context, a: &EnrollArgs, w: &Wanted, usages: &[Usage]) -> Result<OrderRequest> {
    let postal_code = a.postal_code.as_deref().filter(|_| w.dept.is_none());
    let given = order::Given {
        name: w.name.as_deref(),
        rpps: None,
        dept: w.dept.as_deref(),
        postal_code,
    };
    let annuaire = &ctx.config.annuaire;
    let (name, departement) =
        order::name_and_departement(annuaire, &w.structure, given, &|m| note(m), &|m| warn(m))?;
    let services = BTreeMap::from_iter(a.conf_service.clone().map(|s| (Usage::Conf, s)));
    Ok(OrderRequest {
        services,
        key_store: args::key_store(ctx, &a.key_store, a.login.allow_final_try)?,
        departement,
        ..OrderRequest::new(w.structure.clone(), name, usages.to_vec())
    })
}

/// Runs `agent enroll`.
pub fn run(ctx: &Context, a: EnrollArgs) -> Result<u8> {
    let a = &a;
    let named = Named {
        structures: a.structures.iter().map(StructureArg::as_str).collect(),
        name: a.name.as_deref(),
        dept: a.dept.as_deref(),
        file: a.structures_file.as_deref(),
        allow_test_ids: args::allow_test_ids(ctx, a.allow_test_ids),
    };
    let wanted = order::wanted(&ctx.home, &named, a.resume, &notice)?;
    let usages = Usage::parse_list(&a.usage)?;
    if let Some(n) = Notice::conf_service(&usages, a.conf_service.is_some()) {
        notice(n);
    }
    let progress = Progress::new();
    let mut show = |o: &_| {
        if !a.json {
            print!("{}", portal_text(o))
        }
    };
    let platform = match a.platform.url(ctx).filter(|_| !a.portal) {
        None => Platform::Portal(&mut show),
        Some(url) => Platform::Est(Est {
            prepare: Box::new(move || {
                let opts = import_options(ctx, None, &a.trust, &a.install)?;
                Ok((opts, a.platform.prepare(ctx, &url)?))
            }),
            connect: Box::new(|platform| {
                est_client(platform, &login_card(ctx, &a.login, &progress)?)
            }),
        }),
    };
    let run = EnrollRun {
        home: &ctx.home,
        usages: &usages,
        resume: a.resume,
        request: &|w| request(ctx, a, w, &usages),
        progress: &progress,
        notice: &notice,
    };
    print_outcomes(&order::enroll_all(&run, &wanted, platform)?, a.json)
}
