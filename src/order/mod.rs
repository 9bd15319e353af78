//! The order: what the administrator asks for one structure ([`OrderRequest`]), prepared into keys
//! and requests ([`prepare`]), then submitted to the platform and installed ([`submit`]).
//!
//! This is the procedure's workflow as a library: `agent csr`, `agent enroll` and `agent renew`
//! each build an [`OrderRequest`] (from their command line, or from what the live version recorded
//! in `meta.json` for a renewal) and call the same two steps. Nothing here reads the command line,
//! prints or prompts: progress and warnings go through the [`Progress`] trait the caller
//! implements (typed [`Step`]s and [`Warning`]s), results come back as typed [`Outcome`]s,
//! failures as [`OrderError`] (in an outcome, a typed [`Failure`]).
//!
//! ```text
//! OrderRequest ──prepare──▶ PendingOrder (pending/<structure>/) ──submit──▶ Vec<Outcome>
//!   structure, usages,        keys, CSRs, order.json                 EST (simple[re]enroll),
//!   key store, algorithm,     (staged, committed at once;            issued-<usage>.pem cache,
//!   services, ST, O           token keys rolled back on failure)     checks + install, quarantine
//! ```

mod identity;
mod login;
mod platform;
mod prepare;
mod progress;
pub mod report;
mod run;
mod submit;

use crate::i18n::Localize;
use crate::tr;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use identity::{
    card_rpps, name_and_departement, structure_id, structures_file, Given, StructureLine,
};
pub use login::{login_card, LoginOptions};
pub use platform::{est_url, PreparedPlatform};
pub use prepare::{check, prepare};
pub use progress::{Failure, Progress, Silent, Step, Warning};
pub use report::{order_report, portal_text, OrderReport, PORTAL_URL};
pub use run::{enroll_all, wanted, EnrollRun, Est, Named, Notice, Platform, Wanted};
pub use submit::{import_options_for, submit, Submission};

use crate::card::uri::Pkcs11Uri;
use crate::csr::Usage;
use crate::departement::Departement;
use crate::ids::StructureId;
use crate::keys::KeyAlgorithm;
use crate::pending::{PendingOrder, SOFTWARE_KEY_STORE};

/// Errors of the order workflow: the lower modules' errors, each kept as it is.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// A request could not be made (usage, names, the ORG profile).
    #[error(transparent)]
    Csr(#[from] crate::csr::CsrError),
    /// A key could not be generated, found or used.
    #[error(transparent)]
    Key(#[from] crate::keys::KeyError),
    /// The pending area.
    #[error(transparent)]
    Pending(#[from] crate::pending::PendingError),
    /// The certificate platform (EST) or its TLS.
    #[error(transparent)]
    Enroll(#[from] crate::enroll::EnrollError),
    /// The store.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// A certificate could not be read or failed a check.
    #[error(transparent)]
    Cert(#[from] crate::certificate::CertError),
    /// A national identifier is invalid.
    #[error(transparent)]
    Id(#[from] crate::ids::IdError),
    /// A file could not be read or written.
    #[error(transparent)]
    Io(#[from] crate::fsutil::IoError),
    /// A key store given as text is neither `software` nor a `pkcs11:` URI.
    #[error("--key-store {0:?}: give \"software\" or a pkcs11: URI naming a token")]
    KeyStore(String),
    /// Another error of a lower module (I/O, card, configuration…).
    #[error(transparent)]
    Other(crate::Error),
}

/// An order's error (an outcome's failure) in the language of the run.
impl Localize for OrderError {
    fn localize(&self) -> String {
        match self {
            OrderError::Csr(e) => e.localize(),
            OrderError::Key(e) => e.localize(),
            OrderError::Pending(e) => e.localize(),
            OrderError::Enroll(e) => e.localize(),
            OrderError::Store(e) => e.localize(),
            OrderError::Cert(e) => e.localize(),
            OrderError::Id(e) => e.localize(),
            OrderError::Io(e) => e.localize(),
            OrderError::KeyStore(t) => tr!("err-key-store-spec", value = crate::i18n::quote(t)),
            OrderError::Other(e) => e.localize(),
        }
    }
}

impl From<crate::Error> for OrderError {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::Csr(e) => OrderError::Csr(e),
            crate::Error::Key(e) => OrderError::Key(e),
            crate::Error::Pending(e) => OrderError::Pending(e),
            crate::Error::Enroll(e) => OrderError::Enroll(e),
            crate::Error::Store(e) => OrderError::Store(e),
            crate::Error::Cert(e) => OrderError::Cert(e),
            crate::Error::Id(e) => OrderError::Id(e),
            crate::Error::Io(e) => OrderError::Io(e),
            other => OrderError::Other(other),
        }
    }
}

impl From<crate::departement::DepartementError> for OrderError {
    fn from(e: crate::departement::DepartementError) -> Self {
        OrderError::Other(e.into())
    }
}

/// Flattened into the crate's error (the same variants, the same messages and exit codes), so
/// that `error` does not depend on this module.
impl From<OrderError> for crate::Error {
    fn from(e: OrderError) -> Self {
        match e {
            OrderError::Csr(e) => crate::Error::Csr(e),
            OrderError::Key(e) => crate::Error::Key(e),
            OrderError::Pending(e) => crate::Error::Pending(e),
            OrderError::Enroll(e) => crate::Error::Enroll(e),
            OrderError::Store(e) => crate::Error::Store(e),
            OrderError::Cert(e) => crate::Error::Cert(e),
            OrderError::Id(e) => crate::Error::Id(e),
            OrderError::Io(e) => crate::Error::Io(e),
            e @ OrderError::KeyStore(_) => crate::Error::Usage(e.to_string()),
            OrderError::Other(e) => e,
        }
    }
}

/// A key store token: where the keys of an order are made when they are not software files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenKeyStore {
    /// The token's RFC 7512 URI (`token=`/`serial=`, optional `module-path` and `pin-source`).
    pub uri: Pkcs11Uri,
    /// The PKCS#11 module when the URI names none.
    pub module: Option<PathBuf>,
    /// Where the token's PIN comes from when the URI has no `pin-source` (`[key_store]
    /// pin_file`); else it is asked on the terminal. Never the card's PIN source.
    pub pin_file: Option<PathBuf>,
    /// Log in even when only one PIN try is left.
    pub allow_final_try: bool,
}

/// Where an order's keys are made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyStoreSpec {
    /// PKCS#8 files in the pending area, then in the store.
    Software,
    /// A PKCS#11 token (an HSM, a SoftHSM token; never the CPx card).
    Token(TokenKeyStore),
}

impl KeyStoreSpec {
    /// Parses `software` or a `pkcs11:` URI (as `--key-store` and `order.json` write it), with the
    /// token options that are not in the text.
    pub fn parse(
        text: &str,
        module: Option<&Path>,
        pin_file: Option<&Path>,
        allow_final_try: bool,
    ) -> Result<KeyStoreSpec, OrderError> {
        let t = text.trim();
        if t.eq_ignore_ascii_case(SOFTWARE_KEY_STORE) {
            return Ok(KeyStoreSpec::Software);
        }
        if !Pkcs11Uri::is_uri(t) {
            return Err(OrderError::KeyStore(t.to_string()));
        }
        // A token, never a key: object=, id=, type= and x- attributes are refused.
        let uri = crate::keys::pkcs11::parse_key_store_uri(t)?;
        Ok(KeyStoreSpec::Token(TokenKeyStore {
            uri,
            module: module.map(Path::to_path_buf),
            pin_file: pin_file.map(Path::to_path_buf),
            allow_final_try,
        }))
    }

    /// Whether the keys are software files.
    pub fn is_software(&self) -> bool {
        matches!(self, KeyStoreSpec::Software)
    }
}

/// Everything one order needs, checked: parsed once by the caller (the CLI from its arguments,
/// renewal from the live version's `meta.json`).
#[derive(Debug, Clone)]
pub struct OrderRequest {
    /// The national structure id (OU).
    pub structure: StructureId,
    /// The raison sociale (O), checked by [`crate::csr::check_raison_sociale`].
    pub raison_sociale: String,
    /// The département (ST); `None` leaves ST out.
    pub departement: Option<&'static Departement>,
    /// The usages to order, in order.
    pub usages: Vec<Usage>,
    /// Service applicatif (CN) per usage, for the usages the procedure names none for (CONF); the
    /// procedure's mandatory names always apply to AUTH_CLI and SIGN.
    pub services: BTreeMap<Usage, String>,
    /// Where the keys are made.
    pub key_store: KeyStoreSpec,
    /// The key algorithm.
    pub key_algorithm: KeyAlgorithm,
    /// Set aside an existing pending order (kept under `pending/.replaced/`).
    pub replace: bool,
    /// Also write the requests into this directory.
    pub out_dir: Option<PathBuf>,
}

impl OrderRequest {
    /// A request with the defaults: software keys, RSA 2048, no ST, no extra service name.
    pub fn new(structure: StructureId, raison_sociale: String, usages: Vec<Usage>) -> Self {
        OrderRequest {
            structure,
            raison_sociale,
            departement: None,
            usages,
            services: BTreeMap::new(),
            key_store: KeyStoreSpec::Software,
            key_algorithm: KeyAlgorithm::Rsa2048,
            replace: false,
            out_dir: None,
        }
    }

    /// The subject the requests carry (the CN comes from the usage).
    pub fn subject(&self) -> crate::csr::OrgSubject {
        crate::csr::OrgSubject {
            departement: self.departement,
            raison_sociale: self.raison_sociale.clone(),
            structure: self.structure.clone(),
            conf_service: self.services.get(&Usage::Conf).cloned(),
        }
    }
}

/// What a structure needs before a new order is made.
#[derive(Debug)]
pub enum NextStep {
    /// An order is under way: submit it (it is resumed, never replaced).
    Resume(Box<PendingOrder>),
    /// Every usage asked for is live and valid: nothing to order.
    NothingToDo,
    /// A new order must be prepared.
    NewOrder,
}

/// What to do for `structure` and its `usages`: resume its pending order, nothing, or a new order
/// (`resume_only`: never a new order).
pub fn next_step(
    home: &Path,
    structure: &StructureId,
    usages: &[Usage],
    resume_only: bool,
) -> NextStep {
    if let Ok(order) = PendingOrder::load(home, structure) {
        return NextStep::Resume(Box::new(order));
    }
    if resume_only {
        return NextStep::NothingToDo;
    }
    let store = crate::store::Store::new(home);
    let now = ::time::OffsetDateTime::now_utc();
    let all_live = usages.iter().all(|u| {
        store
            .slot(&structure.to_string(), *u)
            .check_live()
            .map(|(_, c)| c.not_after > now)
            .unwrap_or(false)
    });
    if all_live {
        NextStep::NothingToDo
    } else {
        NextStep::NewOrder
    }
}

/// What a run will do for one structure, decided (and checked) before the card is touched.
#[derive(Debug)]
pub enum Planned {
    /// Submit the pending order again.
    Resume(Box<PendingOrder>),
    /// Every usage asked for is live and valid.
    NothingToDo,
    /// Prepare this new order (its request passed [`check`]).
    New(Box<OrderRequest>),
}

/// Plans `structure`'s order: its pending one, else a new one made from `request` and checked
/// (never with `resume_only`), else nothing when every usage asked for is live and valid.
pub fn plan(
    home: &Path,
    structure: &StructureId,
    usages: &[Usage],
    resume_only: bool,
    request: impl FnOnce() -> crate::Result<OrderRequest>,
) -> crate::Result<Planned> {
    Ok(match next_step(home, structure, usages, resume_only) {
        NextStep::Resume(order) => Planned::Resume(order),
        NextStep::NothingToDo => Planned::NothingToDo,
        NextStep::NewOrder => {
            let req = request()?;
            check(home, &req)?;
            Planned::New(Box::new(req))
        }
    })
}

impl Planned {
    /// The order to submit: the pending one, or the new one prepared now; `None` for nothing.
    pub fn into_order(
        self,
        home: &Path,
        progress: &dyn Progress,
    ) -> crate::Result<Option<PendingOrder>> {
        match self {
            Planned::Resume(order) => Ok(Some(*order)),
            Planned::NothingToDo => Ok(None),
            Planned::New(req) => Ok(Some(prepare(home, &req, progress)?)),
        }
    }
}

/// The order to submit for `structure`: its pending one, else a new one made from `request`
/// (never with `resume_only`) — `None` when every usage asked for is live and valid.
pub fn order_for(
    home: &Path,
    structure: &StructureId,
    usages: &[Usage],
    resume_only: bool,
    request: impl FnOnce() -> crate::Result<OrderRequest>,
    progress: &dyn Progress,
) -> crate::Result<Option<PendingOrder>> {
    plan(home, structure, usages, resume_only, request)?.into_order(home, progress)
}

/// What happened to one usage of one structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeState {
    /// A new certificate was installed.
    Installed,
    /// The certificate of this order was live already.
    AlreadyInstalled,
    /// The platform is still processing the request.
    Pending,
    /// The request was prepared for the portal.
    OrderedOnPortal,
    /// The usage failed ([`Outcome::error`]).
    Failed,
}

impl OutcomeState {
    /// Installed now or before.
    pub fn is_installed(self) -> bool {
        matches!(
            self,
            OutcomeState::Installed | OutcomeState::AlreadyInstalled
        )
    }
}

/// What happened to one usage of one structure (one JSON object of `agent enroll --json`).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// National structure id.
    pub structure: StructureId,
    /// Usage.
    pub usage: Usage,
    /// What happened.
    pub state: OutcomeState,
    /// Serial of the installed certificate.
    pub serial: Option<String>,
    /// Its expiry.
    #[serde(with = "::time::serde::rfc3339::option")]
    pub not_after: Option<::time::OffsetDateTime>,
    /// Live directory.
    pub live: Option<PathBuf>,
    /// Seconds the platform asked to wait (pending).
    pub retry_after: Option<u64>,
    /// Why it failed (or, installed, which install target could not be written): the English
    /// text of [`Outcome::failure`], the same in every language.
    pub error: Option<String>,
    /// Why it failed, typed (for a message in the language of the run).
    #[serde(skip)]
    pub failure: Option<Failure>,
    /// Warnings (in JSON, their English text).
    pub warnings: Vec<crate::import::CertWarning>,
}

/// The reason of an outcome, in the language of the run: its typed failure, else its text.
impl Localize for Outcome {
    fn localize(&self) -> String {
        match &self.failure {
            Some(f) => f.localize(),
            None => self.error.clone().unwrap_or_default(),
        }
    }
}

impl Outcome {
    /// An outcome with nothing but its state.
    pub fn new(structure: &StructureId, usage: Usage, state: OutcomeState) -> Outcome {
        Outcome {
            structure: structure.clone(),
            usage,
            state,
            serial: None,
            not_after: None,
            live: None,
            retry_after: None,
            error: None,
            failure: None,
            warnings: Vec::new(),
        }
    }

    /// A request prepared for the portal.
    pub fn portal(structure: &StructureId, usage: Usage) -> Outcome {
        Self::new(structure, usage, OutcomeState::OrderedOnPortal)
    }

    /// A failed outcome.
    pub fn failed(structure: &StructureId, usage: Usage, e: impl Into<Failure>) -> Outcome {
        let mut o = Outcome::new(structure, usage, OutcomeState::Failed);
        o.set_failure(e.into());
        o
    }

    /// A failed outcome for each usage asked for.
    pub fn all_failed(structure: &StructureId, usages: &[Usage], e: crate::Error) -> Vec<Outcome> {
        let f = Failure::from(OrderError::from(e));
        usages
            .iter()
            .map(|u| Outcome::failed(structure, *u, &f))
            .collect()
    }

    /// Records why it failed (`error`, `failure`).
    pub fn set_failure(&mut self, f: Failure) {
        self.error = Some(f.to_string());
        self.failure = Some(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_store_spec_parses_software_and_token_uris() {
        assert_eq!(
            KeyStoreSpec::parse(" Software ", None, None, false).unwrap(),
            KeyStoreSpec::Software
        );
        let t = KeyStoreSpec::parse(
            "pkcs11:token=ORG%20KEYS?module-path=/usr/lib/softhsm/libsofthsm2.so",
            None,
            Some(Path::new("/etc/agent/hsm.pin")),
            true,
        )
        .unwrap();
        let KeyStoreSpec::Token(t) = t else {
            panic!("a token: {t:?}")
        };
        assert_eq!(t.uri.token(), Some("ORG KEYS"));
        assert_eq!(t.pin_file.as_deref(), Some(Path::new("/etc/agent/hsm.pin")));
        assert!(t.allow_final_try);
        let e = KeyStoreSpec::parse("hsm", None, None, false).unwrap_err();
        assert!(matches!(e, OrderError::KeyStore(_)), "{e:?}");
    }

    #[test]
    fn outcome_json_keeps_its_shape() {
        let o = Outcome::new(
            &StructureId::example(),
            Usage::AuthCli,
            OutcomeState::AlreadyInstalled,
        );
        let j = serde_json::to_value(&o).unwrap();
        assert_eq!(j["structure"], "1010000024");
        assert_eq!(j["usage"], "auth_cli");
        assert_eq!(j["state"], "already_installed");
        assert!(j.get("exit").is_none());
        let keys: Vec<&str> = j.as_object().unwrap().keys().map(|k| k.as_str()).collect();
        assert_eq!(
            keys.len(),
            9,
            "structure, usage, state, serial, not_after, live, retry_after, error, warnings: {keys:?}"
        );
    }

    #[test]
    fn errors_cross_the_crate_error_without_nesting() {
        let e = OrderError::Csr(crate::csr::CsrError::NoConfService);
        let text = e.to_string();
        let crate_error: crate::Error = e.into();
        assert!(
            matches!(crate_error, crate::Error::Csr(_)),
            "{crate_error:?}"
        );
        assert_eq!(crate_error.to_string(), text);
        // Back again: the same OrderError, not Other(Order(..)).
        let back = OrderError::from(crate_error);
        assert!(matches!(back, OrderError::Csr(_)), "{back:?}");
        let io: crate::Error = OrderError::from(crate::Error::Usage("x".into())).into();
        assert!(matches!(io, crate::Error::Usage(_)), "{io:?}");
    }
}
