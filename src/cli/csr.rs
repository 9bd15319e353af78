//! `agent csr`: new key pairs and ORG requests for one structure, and the portal steps to order
//! them; `agent csr --show FILE` prints a request or certificate (see [`super::inspect`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;

use super::output::{note, print_json, warn};
use super::Context;
use crate::card::uri::Pkcs11Uri;
use crate::csr::{build_csr, check_raison_sociale, Usage};
use crate::departement::Departement;
use crate::error::{exit, Error, Result};
use crate::fsutil::{ensure_private_dir, PUBLIC_FILE_MODE};
use crate::ids::{ParseMode, StructureId, StructureIdType};
use crate::keys::pkcs11::{Pkcs11KeyStore, TokenKey};
use crate::keys::software::SoftwareKey;
use crate::keys::{AgentKey, KeyAlgorithm};
use crate::pending::{
    check_no_order, csr_file_name, key_file_name, PendingOrder, PendingUsage, Staging,
    SOFTWARE_KEY_STORE,
};

/// The IGC Santé certificate platform, where the administrator orders with the CPx card.
pub const PORTAL_URL: &str = "https://pfc.eservices.esante.gouv.fr";

/// Options of `agent csr`.
#[derive(Debug, Args)]
pub struct CsrArgs {
    /// Print a CSR or certificate (PEM or DER) in human terms and check it against the ORG
    /// profile, instead of making new ones (same as `agent inspect FILE`)
    #[arg(long, value_name = "FILE", conflicts_with_all = ["structure", "name", "dept", "postal_code", "usage", "key_store", "key_type", "out", "replace", "conf_service"])]
    pub show: Option<PathBuf>,

    /// National structure id: type digit + identifier, as `agent lookup` prints it (ou), e.g.
    /// 1<FINESS>, 3<SIRET>, 4<RPPS rang>
    #[arg(long, value_name = "ID", required_unless_present = "show")]
    pub structure: Option<String>,

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

/// One prepared request, as printed.
#[derive(Debug, Serialize)]
struct Prepared {
    usage: Usage,
    product: String,
    service: String,
    subject: String,
    csr: PathBuf,
    key: String,
    key_algorithm: KeyAlgorithm,
    public_key_sha256: String,
}

/// The JSON document of `agent csr --json`.
#[derive(Debug, Serialize)]
struct Report {
    structure: String,
    raison_sociale: String,
    dept: Option<String>,
    key_store: String,
    pending_dir: PathBuf,
    requests: Vec<Prepared>,
}

enum Store {
    Software,
    Token(Pkcs11KeyStore),
}

/// Runs `agent csr`.
pub fn run(ctx: &Context, args: CsrArgs) -> Result<u8> {
    if let Some(file) = &args.show {
        return super::inspect::show(file, args.json, None);
    }
    let order = prepare(ctx, &args)?;
    let report = report(&order, args.out.as_deref());
    if args.json {
        print_json(&report)?;
    } else {
        print!("{}", portal_steps(&report));
    }
    Ok(exit::OK)
}

/// The portal steps to order what `order` prepared (product, service applicatif, CSR file).
pub fn portal_text(order: &PendingOrder) -> String {
    portal_steps(&report(order, None))
}

fn report(order: &PendingOrder, out_dir: Option<&Path>) -> Report {
    let requests: Vec<Prepared> = order
        .usages
        .iter()
        .map(|u| Prepared {
            usage: u.usage,
            product: u.product.clone(),
            service: u.service.clone(),
            subject: u.subject.clone(),
            csr: match out_dir {
                Some(d) => d.join(&u.csr),
                None => order.csr_path(u),
            },
            key: order.key_location(u).to_string(),
            key_algorithm: u.key_algorithm,
            public_key_sha256: u.public_key_sha256.clone(),
        })
        .collect();
    Report {
        structure: order.structure.clone(),
        raison_sociale: order.raison_sociale.clone(),
        dept: order.dept.clone(),
        key_store: order.key_store.clone(),
        pending_dir: order.dir().to_path_buf(),
        requests,
    }
}

fn portal_steps(r: &Report) -> String {
    let mut s = format!(
        "Prepared for structure {} ({}); the order is kept in {}\n\n",
        r.structure,
        r.raison_sociale,
        r.pending_dir.display()
    );
    for (n, p) in r.requests.iter().enumerate() {
        s += &format!("{}. {}: {}\n", n + 1, p.product, p.csr.display());
        s += &format!("   Subject: {}\n", p.subject);
        s += &format!(
            "   a. Log in to the IGC Santé platform {PORTAL_URL} with your CPx card in the reader.\n"
        );
        s += &format!(
            "   b. Order the product \"{}\" (offre certificat logiciel ORG, personne morale) for structure {}.\n",
            p.product, r.structure
        );
        s += &format!(
            "   c. At step 3, type the service applicatif exactly: {}\n",
            p.service
        );
        s += &format!(
            "   d. When asked for the certificate request (CSR), give the file {} (PKCS#10, PEM).\n",
            p.csr
                .file_name()
                .map(|f| f.to_string_lossy().into_owned())
                .unwrap_or_default()
        );
        s += "   e. Once the certificate is issued, install it with `agent import FILE`.\n";
        s += &format!("   Key (keep it; the certificate needs it): {}\n\n", p.key);
    }
    s
}

fn parse_structure(ctx: &Context, args: &CsrArgs) -> Result<StructureId> {
    let raw = args.structure.as_deref().unwrap_or_default();
    let allow = args.allow_test_ids || ctx.config.annuaire.allow_test_ids.unwrap_or(false);
    let parsed = StructureId::parse_with(raw, ParseMode::allow_test_ids(allow)).map_err(|e| {
        Error::InvalidInput(format!(
            "--structure {raw:?}: {e}{}",
            if allow {
                ""
            } else {
                " (a test identifier of the directory's test branch needs --allow-test-ids)"
            }
        ))
    })?;
    if let Some(w) = &parsed.warning {
        warn(format!(
            "structure {raw} is accepted as a test identifier: {}",
            w.0
        ));
    }
    let id = parsed.value;
    match id.kind() {
        StructureIdType::Finess | StructureIdType::Siret | StructureIdType::RppsRang => {}
        other => warn(format!(
            "structure {id} is identified by its {other}; the DMP procedure orders with a FINESS (pharmacies), a SIRET (sociétés d'exercice) or an RPPS rang (individual practices, SCM)"
        )),
    }
    Ok(id)
}

/// The structure's raison sociale and postal code from the annuaire CPS: through the practitioner of
/// `--rpps`, or the one an RPPS rang names. `None` when neither is known.
fn from_directory(
    ctx: &Context,
    args: &CsrArgs,
    structure: &StructureId,
) -> Result<Option<(String, Option<String>)>> {
    let rpps_text = match (&args.rpps, structure) {
        (Some(r), _) => r.clone(),
        (None, StructureId::RppsRang(r)) => match r.rpps() {
            Some(p) => p.to_string(),
            None => return Ok(None),
        },
        _ => return Ok(None),
    };
    let settings = crate::annuaire::Settings::from_config(&ctx.config.annuaire)?;
    let rpps = crate::ids::Rpps::parse_with(&rpps_text, settings.mode)?.value;
    let activities = crate::annuaire::lookup(&settings, &rpps)?;
    let Some(a) = activities
        .into_iter()
        .find(|a| a.structure_id.as_ref() == Some(structure))
    else {
        return Err(Error::InvalidInput(format!(
            "structure {structure} is not among the activities of RPPS {rpps} in the annuaire CPS ({}): check --structure, or give --name",
            settings.url
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

fn departement(args: &CsrArgs) -> Result<Option<&'static Departement>> {
    if let Some(d) = &args.dept {
        return Ok(Some(Departement::from_code(d)?));
    }
    if let Some(pc) = &args.postal_code {
        let d = Departement::from_postal_code(pc)?;
        note(format!("postal code {} → ST={}", pc.trim(), d.state_name()));
        return Ok(Some(d));
    }
    warn("neither --dept nor --postal-code was given: the requests carry no ST (IGC Santé writes \"<Département> (NN)\" there); give one of them to match the certificates it issues");
    Ok(None)
}

fn open_store(ctx: &Context, args: &CsrArgs, alg: KeyAlgorithm) -> Result<Store> {
    let ks = args.key_store.trim();
    if ks.eq_ignore_ascii_case(SOFTWARE_KEY_STORE) {
        return Ok(Store::Software);
    }
    if !Pkcs11Uri::is_uri(ks) {
        return Err(Error::Usage(format!(
            "--key-store {ks:?}: give \"software\" or a pkcs11: URI naming a token"
        )));
    }
    let uri = crate::keys::pkcs11::parse_key_store_uri(ks)?;
    let store = Pkcs11KeyStore::open(
        &uri,
        ctx.pkcs11_module.as_deref(),
        args.allow_final_try,
        ctx.config.key_store.pin_file.as_deref(),
    )?;
    store.check_keygen(alg)?;
    Ok(Store::Token(store))
}

/// What a failed run must undo on a token.
struct TokenRollback<'a> {
    store: Option<&'a Pkcs11KeyStore>,
    keys: Vec<TokenKey>,
    done: bool,
}

impl Drop for TokenRollback<'_> {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if let Some(store) = self.store {
            for k in &self.keys {
                if let Err(e) = store.destroy(k) {
                    warn(format!(
                        "could not delete the unused key {} from the token: {e}",
                        k.uri()
                    ));
                }
            }
        }
    }
}

/// Makes a new order (keys and requests) for one structure, as `agent csr` does; `agent enroll`
/// and `agent renew` call it with arguments they build.
pub fn prepare(ctx: &Context, args: &CsrArgs) -> Result<PendingOrder> {
    // 1. Everything that can be checked without touching anything.
    let structure = parse_structure(ctx, args)?;
    let mut found_postal_code = None;
    let name = match &args.name {
        Some(n) => check_raison_sociale(n)?,
        None => match from_directory(ctx, args, &structure)? {
            Some((n, postal)) => {
                note(format!("structure {structure} in the annuaire CPS: raison sociale {n:?}"));
                found_postal_code = postal;
                check_raison_sociale(&n)?
            }
            None => {
                return Err(Error::Usage(format!(
                    "--name is required: give the raison sociale of structure {structure} as the directory has it (`agent lookup` prints it as raisonSociale) or as on form 413, or --rpps RPPS to take it from the directory"
                )))
            }
        },
    };
    let usages = Usage::parse_list(&args.usage)?;
    let alg: KeyAlgorithm = args.key_type.parse()?;
    if !alg.is_org_profile() {
        warn(format!(
            "{alg} keys were asked for: the platform's ORG products are RSA 2048, and it may refuse other keys"
        ));
    }
    let dept = match (&args.dept, &args.postal_code, &found_postal_code) {
        (None, None, Some(pc)) => {
            let d = Departement::from_postal_code(pc)?;
            note(format!(
                "postal code {pc} in the directory's address → ST={}",
                d.state_name()
            ));
            Some(d)
        }
        _ => departement(args)?,
    };
    let subject = crate::csr::OrgSubject {
        departement: dept,
        raison_sociale: name.clone(),
        structure: structure.clone(),
        conf_service: args.conf_service.clone(),
    };
    for u in &usages {
        subject.service(*u)?;
    }
    if args.conf_service.is_some() && !usages.contains(&Usage::Conf) {
        warn("--conf-service is ignored: conf is not in --usage");
    }
    check_no_order(&ctx.home, &structure, args.replace)?;
    if let Some(out) = &args.out {
        std::fs::create_dir_all(out).map_err(|e| Error::io("cannot create directory", out, e))?;
    }

    // 2. The key store (a token is opened, checked and logged into before any key is made).
    let store = open_store(ctx, args, alg)?;
    let token = match &store {
        Store::Token(t) => Some(t),
        Store::Software => None,
    };
    let key_store_name = match token {
        Some(t) => t.token_uri().to_string(),
        None => SOFTWARE_KEY_STORE.to_string(),
    };

    // 3. Keys and requests, in a staging directory.
    let staging = Staging::new(&ctx.home, &structure)?;
    let mut rollback = TokenRollback {
        store: token,
        keys: Vec::new(),
        done: false,
    };
    let stamp = time::OffsetDateTime::now_utc();
    let mut entries = Vec::new();
    let mut pems = Vec::new();
    for usage in &usages {
        let service = subject.service(*usage)?;
        let (key, location): (Box<dyn AgentKey>, _) = match token {
            None => {
                let mut k = SoftwareKey::generate(alg)?;
                k.write(&staging.path().join(key_file_name(*usage)))?;
                let loc = k.location();
                (Box::new(k), loc)
            }
            Some(t) => {
                let label = format!(
                    "ORG {} {} {:04}{:02}{:02}{:02}{:02}{:02}",
                    usage.name().to_ascii_uppercase(),
                    structure,
                    stamp.year(),
                    stamp.month() as u8,
                    stamp.day(),
                    stamp.hour(),
                    stamp.minute(),
                    stamp.second()
                );
                let k = t.generate(alg, &label, *usage == Usage::Conf)?;
                rollback.keys.push(k.clone());
                let loc = k.location();
                // Sign with the key as found again from its URI: what later steps will do.
                let found = t.find(k.uri())?;
                (Box::new(found), loc)
            }
        };
        let csr = build_csr(key.as_ref(), *usage, &subject)?;
        let csr_file = staging.write_csr(*usage, &csr.pem)?;
        crate::store::step_pause();
        entries.push(PendingUsage::new(
            *usage,
            service,
            csr.subject.clone(),
            alg,
            &location,
            csr_file,
            key.public_key_spki(),
        ));
        pems.push((*usage, csr.pem));
    }
    let order = PendingOrder::new(
        &structure,
        name,
        dept.map(|d| d.code.to_string()),
        key_store_name,
        entries,
    );

    // 4. Copies in --out, as temporary files until the order is in place.
    let mut out_files = Vec::new();
    if let Some(out) = &args.out {
        for (usage, pem) in &pems {
            out_files.push((write_temp(out, pem)?, out.join(csr_file_name(*usage))));
        }
    }
    let final_dir = staging.final_dir().to_path_buf();
    let order = {
        // The order and its token keys become final together, whatever signal comes.
        let _hold = crate::interrupt::hold_off();
        let order = staging.commit(&order, args.replace)?;
        rollback.keys.iter().for_each(TokenKey::keep);
        order
    };
    rollback.done = true;
    for (tmp, target) in out_files {
        tmp.persist(&target)
            .map_err(|e| Error::io("cannot write", &target, e.error))?;
    }
    if let Some(out) = &args.out {
        crate::fsutil::sync_dir(out)?;
    }
    ensure_private_dir(&final_dir)?;
    Ok(order)
}

fn write_temp(dir: &Path, pem: &str) -> Result<tempfile::NamedTempFile> {
    use std::os::unix::fs::PermissionsExt;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot create a temporary file in", dir, e))?;
    tmp.as_file()
        .set_permissions(std::fs::Permissions::from_mode(PUBLIC_FILE_MODE))
        .map_err(|e| Error::io("cannot set permissions on", tmp.path(), e))?;
    tmp.write_all(pem.as_bytes())
        .and_then(|_| tmp.as_file().sync_all())
        .map_err(|e| Error::io("cannot write", dir, e))?;
    Ok(tmp)
}
