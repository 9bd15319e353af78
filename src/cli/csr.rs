//! `agent csr`: new key pairs and ORG requests for one structure, and the portal steps to order
//! them; `agent csr --show FILE` prints a request or certificate (see `agent inspect`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use clap::Args;

use super::args::{self, structure_arg, StructureArg};
use super::exit;
use super::output::{print_json, warn, Notes};
use super::Context;
use crate::csr::Usage;
use crate::error::Result;
use crate::i18n::Localize;
use crate::keys::KeyAlgorithm;
use crate::order::{order_report, OrderRequest};
use crate::pending::SOFTWARE_KEY_STORE;
use crate::tr;

/// Options of `agent csr`.
#[derive(Debug, Args)]
pub struct CsrArgs {
    /// Print a CSR or certificate (PEM or DER) in human terms and check it against the ORG
    /// profile, instead of making new ones (same as `agent inspect FILE`)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["structure", "name", "dept", "postal_code", "usage", "key_store", "key_type", "out", "replace", "conf_service"])]
    pub show: Option<PathBuf>,

    /// National structure id: type digit + identifier, as `agent lookup` prints it (ou), e.g.
    /// 1<FINESS>, 3<SIRET>, 4<RPPS rang>
    #[arg(long, value_name = "ID", required_unless_present = "show", value_parser = structure_arg)]
    pub structure: Option<StructureArg>,

    /// Raison sociale (subject O), as the directory or form 413 has it; at most 64 characters
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,

    /// Without --name: take the raison sociale (and the département, from the postal address)
    /// from the annuaire CPS activities of this practitioner (RPPS, 11 digits). An RPPS rang
    /// structure names its practitioner itself
    #[arg(long, value_name = "RPPS")]
    pub rpps: Option<String>,

    /// Département for ST: 01-95, 2A, 2B, 971-976
    #[arg(long, value_name = "CODE", conflicts_with = "postal_code")]
    pub dept: Option<String>,

    /// The structure's postal code, to derive the département (ST)
    #[arg(long, value_name = "CODE")]
    pub postal_code: Option<String>,

    /// Usages to prepare, comma-separated: auth_cli, sign, conf
    #[arg(long, value_name = "LIST", default_value = "auth_cli,sign")]
    pub usage: String,

    /// Service applicatif (CN) for conf, which the DMP procedure does not name
    #[arg(long, value_name = "NAME")]
    pub conf_service: Option<String>,

    /// Where the keys are made: "software" (PKCS#8 files in the pending area) or the RFC 7512 URI
    /// of a PKCS#11 token (an HSM, a SoftHSM token; never the CPx card), e.g.
    /// "pkcs11:token=ORG%20KEYS?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/etc/agent/hsm.pin"
    #[arg(long, value_name = "software|pkcs11:URI", default_value = SOFTWARE_KEY_STORE)]
    pub key_store: String,

    /// Key algorithm: rsa2048 (what IGC Santé issues ORG certificates for), rsa3072, rsa4096, p256
    #[arg(long, value_name = "ALG", default_value = "rsa2048")]
    pub key_type: String,

    /// Also write the requests into DIR (the pending area always keeps a copy)
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Set aside an existing pending order for this structure (kept under pending/.replaced/)
    #[arg(long)]
    pub replace: bool,

    /// Accept a test identifier (the directory's test branch) that breaks a length or check-key
    /// rule, with a warning [config: annuaire.allow_test_ids]
    #[arg(long)]
    pub allow_test_ids: bool,

    /// Allow the key store token login even when only one PIN try is left
    #[arg(long)]
    pub allow_final_try: bool,

    /// Print the order as JSON instead of the portal steps
    #[arg(long)]
    pub json: bool,
}

/// Runs `agent csr` (`--show` is `agent inspect`, dispatched by the command table).
pub fn run(ctx: &Context, args: CsrArgs) -> Result<u8> {
    let request = request(ctx, &args)?;
    let order = crate::order::prepare(&ctx.home, &request, &Notes)?;
    let report = order_report(&order, args.out.as_deref());
    if args.json {
        print_json(&report)?;
    } else {
        print!("{}", report.localize());
    }
    Ok(exit::OK)
}

/// The order the command line asks for, checked.
fn request(ctx: &Context, args: &CsrArgs) -> Result<OrderRequest> {
    let structure = args
        .structure
        .as_ref()
        .ok_or_else(|| crate::Error::Usage(tr!("csr-give-structure")))?
        .resolve_for_order(args::allow_test_ids(ctx, args.allow_test_ids))?;
    let (name, departement) = crate::order::name_and_departement(
        &ctx.config.annuaire,
        &structure,
        crate::order::Given {
            name: args.name.as_deref(),
            rpps: args.rpps.as_deref(),
            dept: args.dept.as_deref(),
            postal_code: args.postal_code.as_deref(),
        },
        &|m| super::output::note(m),
        &|m| super::output::warn(m),
    )?;
    let usages = Usage::parse_list(&args.usage)?;
    let key_algorithm: KeyAlgorithm = args.key_type.parse()?;
    let mut services = BTreeMap::new();
    if let Some(s) = &args.conf_service {
        if usages.contains(&Usage::Conf) {
            services.insert(Usage::Conf, s.clone());
        } else {
            warn(tr!("csr-conf-service-ignored"));
        }
    }
    Ok(OrderRequest {
        structure,
        raison_sociale: name,
        departement,
        usages,
        services,
        key_store: args::key_store(ctx, &args.key_store, args.allow_final_try)?,
        key_algorithm,
        replace: args.replace,
        out_dir: args.out.clone(),
    })
}
