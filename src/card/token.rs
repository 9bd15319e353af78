//! The PKCS#11 module and the card's token.
//!
//! Module discovery when none is configured: the Cryptolib CPS module at its documented path for
//! this OS, then the modules registered with p11-kit (`/usr/share/p11-kit/modules`,
//! `/etc/pkcs11/modules`). The first module that has a matching token wins (without `--token`, a
//! token holding a CPx holder certificate); each candidate without one is finalized before the
//! next is loaded; the error lists every path tried.
//!
//! A module is loaded and initialized once per process ([`load_module`] shares it between the card
//! and the key store tokens) and finalized once at the end of the run ([`finalize_all`]).

use std::path::{Path, PathBuf};

use std::sync::Mutex;

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
use cryptoki::error::RvError;
use cryptoki::slot::{Slot, TokenInfo};
use serde::Serialize;

use super::uri::{Pkcs11Uri, TokenFacts};
use super::CardError;

/// Where the Cryptolib CPS PKCS#11 module lives on this OS.
pub fn cryptolib_cps_paths() -> Vec<PathBuf> {
    if cfg!(target_os = "macos") {
        vec![PathBuf::from("/usr/local/lib/libcps3_pkcs11_osx.dylib")]
    } else if cfg!(windows) {
        vec![PathBuf::from("cps3_pkcs11_w64.dll")]
    } else {
        vec![PathBuf::from(
            "/opt/santesocial/CPS/lib/libcps3_pkcs11_lux.so",
        )]
    }
}

/// The module paths registered with p11-kit, in name order.
pub fn p11kit_modules() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let lib_dirs = [
        "/usr/lib/x86_64-linux-gnu/pkcs11",
        "/usr/lib/aarch64-linux-gnu/pkcs11",
        "/usr/lib64/pkcs11",
        "/usr/lib/pkcs11",
    ];
    for dir in ["/etc/pkcs11/modules", "/usr/share/p11-kit/modules"] {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "module"))
            .collect();
        files.sort();
        for f in files {
            let Ok(text) = std::fs::read_to_string(&f) else {
                continue;
            };
            for line in text.lines() {
                let Some(v) = line.trim().strip_prefix("module:") else {
                    continue;
                };
                let v = v.trim();
                let p = Path::new(v);
                if p.is_absolute() {
                    out.push(p.to_path_buf());
                } else if let Some(found) = lib_dirs
                    .iter()
                    .map(|d| Path::new(d).join(v))
                    .find(|c| c.exists())
                {
                    out.push(found);
                } else {
                    out.push(Path::new(lib_dirs[0]).join(v));
                }
            }
        }
    }
    out.dedup();
    out
}

/// How the user named the token: a label, or an RFC 7512 URI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSelector {
    /// Token label (trailing blanks ignored).
    Label(String),
    /// A `pkcs11:` URI.
    Uri(Pkcs11Uri),
}

impl TokenSelector {
    /// Parses `--token`: a `pkcs11:` URI (scheme in any case) or a plain label. A URI names a
    /// token by its token, slot and library attributes; object attributes (`object`, `id`,
    /// `type`) and vendor `x-` attributes, which cannot choose a token, are refused.
    pub fn parse(s: &str) -> Result<TokenSelector, CardError> {
        if !Pkcs11Uri::is_uri(s) {
            return Ok(TokenSelector::Label(s.to_string()));
        }
        let u = Pkcs11Uri::parse(s)?;
        let bad = |reason: String| CardError::BadUri {
            uri: u.to_string(),
            reason,
        };
        let objects = u.object_attributes();
        if !objects.is_empty() {
            return Err(bad(format!(
                "{} name an object, not a token: remove them (the token is chosen by token, serial, manufacturer, model, slot-* and library-*)",
                objects.join(", ")
            )));
        }
        if let Some(x) = u.path.keys().find(|k| k.starts_with("x-")) {
            return Err(bad(format!(
                "the vendor attribute {x:?} is not understood by the agent: remove it"
            )));
        }
        Ok(TokenSelector::Uri(u))
    }

    fn matches(&self, pkcs11: &Pkcs11, slot: Slot, info: &TokenInfo) -> bool {
        match self {
            TokenSelector::Label(l) => info.label().trim_end() == l.trim_end(),
            TokenSelector::Uri(u) => {
                let slot_info = pkcs11.get_slot_info(slot).ok();
                let lib = pkcs11.get_library_info().ok();
                u.matches(&TokenFacts {
                    slot_id: slot.id(),
                    slot_description: slot_info
                        .as_ref()
                        .map(|s| s.slot_description().to_string())
                        .unwrap_or_default(),
                    slot_manufacturer: slot_info
                        .as_ref()
                        .map(|s| s.manufacturer_id().to_string())
                        .unwrap_or_default(),
                    label: info.label().to_string(),
                    serial: info.serial_number().to_string(),
                    manufacturer: info.manufacturer_id().to_string(),
                    model: info.model().to_string(),
                    library_manufacturer: lib
                        .as_ref()
                        .map(|l| l.manufacturer_id().to_string())
                        .unwrap_or_default(),
                    library_description: lib
                        .as_ref()
                        .map(|l| l.library_description().to_string())
                        .unwrap_or_default(),
                    library_version: lib
                        .as_ref()
                        .map(|l| (l.library_version().major(), l.library_version().minor()))
                        .unwrap_or((0, 0)),
                })
            }
        }
    }

    fn describe(&self) -> String {
        match self {
            TokenSelector::Label(l) => format!("label {l:?}"),
            TokenSelector::Uri(u) => u.to_string(),
        }
    }
}

/// PIN state flags as the token reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PinState {
    /// A wrong PIN was entered since the last successful login.
    pub pin_count_low: bool,
    /// Only one try is left.
    pub pin_final_try: bool,
    /// The PIN is locked.
    pub pin_locked: bool,
}

/// What `agent card status` reports of the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenSummary {
    /// Token label.
    pub label: String,
    /// Token serial number.
    pub serial: String,
    /// The PIN state flags (flattened in JSON).
    #[serde(flatten)]
    pub pin: PinState,
}

/// An open PKCS#11 module with the selected token's slot.
#[derive(Clone)]
pub struct Token {
    /// The initialized module (shared in the process; finalized by [`finalize_all`]).
    pub pkcs11: Pkcs11,
    /// The token's slot.
    pub slot: Slot,
    /// The module path.
    pub module: PathBuf,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("slot", &self.slot)
            .field("module", &self.module)
            .finish()
    }
}

/// One module loaded in this process.
struct Loaded {
    /// The path it was loaded from, canonicalized when possible.
    key: PathBuf,
    pkcs11: Pkcs11,
    /// Whether this process's `C_Initialize` succeeded (then `C_Finalize` is ours to call). False
    /// when the library was already initialized through another path (a spy or shim wrapping it).
    owns_init: bool,
}

/// The modules loaded in this process: one `Pkcs11` per module path, shared by the card and every
/// key store token, so that a module is initialized once and finalized once (PKCS#11 v2.40 §5.4:
/// a second `C_Initialize` without `C_Finalize` fails with CKR_CRYPTOKI_ALREADY_INITIALIZED).
static MODULES: Mutex<Vec<Loaded>> = Mutex::new(Vec::new());

fn modules() -> std::sync::MutexGuard<'static, Vec<Loaded>> {
    MODULES.lock().unwrap_or_else(|p| p.into_inner())
}

fn module_key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Loads and initializes a PKCS#11 module, or returns the one this process already loaded from
/// that path (the same context: sessions and logins are shared).
pub fn load_module(path: &Path) -> Result<Pkcs11, CardError> {
    let key = module_key(path);
    let mut loaded = modules();
    if let Some(l) = loaded.iter().find(|l| l.key == key) {
        return Ok(l.pkcs11.clone());
    }
    let load_err = |message: String| CardError::ModuleLoad {
        path: path.to_path_buf(),
        message,
    };
    let p = Pkcs11::new(path).map_err(|e| load_err(e.to_string()))?;
    let owns_init = match p.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK)) {
        Ok(()) => true,
        // The same library reached through another path (a wrapper of it was loaded first).
        Err(cryptoki::error::Error::Pkcs11(RvError::CryptokiAlreadyInitialized, _)) => false,
        Err(e) => return Err(load_err(e.to_string())),
    };
    loaded.push(Loaded {
        key,
        pkcs11: p.clone(),
        owns_init,
    });
    Ok(p)
}

/// Finalizes and forgets one module (discovery: a candidate that had no matching token).
fn unload_module(path: &Path) {
    let key = module_key(path);
    let mut loaded = modules();
    if let Some(i) = loaded.iter().position(|l| l.key == key) {
        let l = loaded.remove(i);
        if l.owns_init {
            let _ = l.pkcs11.finalize();
        }
    }
}

/// Calls `C_Finalize` once on every module this process initialized (cryptoki 0.12 does not do it
/// on drop). Every session must be closed first: call it at the end of a run.
pub fn finalize_all() {
    let all = std::mem::take(&mut *modules());
    for l in all.into_iter().rev() {
        if l.owns_init {
            let _ = l.pkcs11.finalize();
        }
    }
}

/// Whether a module is loaded in this process (for tests and diagnostics).
pub fn is_loaded(path: &Path) -> bool {
    let key = module_key(path);
    modules().iter().any(|l| l.key == key)
}

/// One slot as the module reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SlotReport {
    /// The slot id.
    pub id: u64,
    /// The slot description (for a card middleware: the PC/SC reader name).
    pub description: String,
    /// CKF_TOKEN_PRESENT of C_GetSlotInfo.
    pub token_present: bool,
    /// The token label, when a token is present and readable.
    pub token_label: Option<String>,
}

/// What a PKCS#11 module says about itself (C_GetInfo) and its slots: the middleware's identity in
/// `agent card status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModuleReport {
    /// The module path.
    pub path: PathBuf,
    /// C_GetInfo manufacturerID.
    pub manufacturer: Option<String>,
    /// C_GetInfo libraryDescription.
    pub description: Option<String>,
    /// C_GetInfo libraryVersion (major.minor).
    pub library_version: Option<String>,
    /// C_GetInfo cryptokiVersion (major.minor).
    pub cryptoki_version: Option<String>,
    /// Every slot (C_GetSlotList with tokenPresent = FALSE).
    pub slots: Vec<SlotReport>,
    /// Why the module could not be loaded or read, if so.
    pub error: Option<String>,
}

impl ModuleReport {
    fn failed(path: &Path, error: String) -> ModuleReport {
        ModuleReport {
            path: path.to_path_buf(),
            manufacturer: None,
            description: None,
            library_version: None,
            cryptoki_version: None,
            slots: Vec::new(),
            error: Some(error),
        }
    }

    /// Reads C_GetInfo and the slot list of a loaded module.
    pub fn read(path: &Path, pkcs11: &Pkcs11) -> ModuleReport {
        let mut r = ModuleReport::failed(path, String::new());
        r.error = None;
        match pkcs11.get_library_info() {
            Ok(i) => {
                r.manufacturer = Some(i.manufacturer_id().trim_end().to_string());
                r.description = Some(i.library_description().trim_end().to_string());
                r.library_version = Some(i.library_version().to_string());
                r.cryptoki_version = Some(i.cryptoki_version().to_string());
            }
            Err(e) => r.error = Some(format!("C_GetInfo: {e}")),
        }
        match pkcs11.get_all_slots() {
            Ok(slots) => {
                for slot in slots {
                    let Ok(si) = pkcs11.get_slot_info(slot) else {
                        continue;
                    };
                    let token_label = si
                        .token_present()
                        .then(|| pkcs11.get_token_info(slot).ok())
                        .flatten()
                        .map(|t| t.label().trim_end().to_string());
                    r.slots.push(SlotReport {
                        id: slot.id(),
                        description: si.slot_description().trim_end().to_string(),
                        token_present: si.token_present(),
                        token_label,
                    });
                }
            }
            Err(e) => r.error = Some(format!("C_GetSlotList: {e}")),
        }
        r
    }

    /// Whether this is the Cryptolib CPS middleware (by its C_GetInfo identity or file name).
    pub fn is_cryptolib(&self) -> bool {
        let name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let text = format!(
            "{} {}",
            self.manufacturer.as_deref().unwrap_or(""),
            self.description.as_deref().unwrap_or("")
        )
        .to_ascii_lowercase();
        name.starts_with("libcps3_pkcs11")
            || name.starts_with("cps3_pkcs11")
            || text.contains("cryptolib")
            || text.contains("cps")
    }

    /// The library version as (major, minor).
    pub fn version(&self) -> Option<(u8, u8)> {
        let (a, b) = self.library_version.as_deref()?.split_once('.')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    }
}

impl Token {
    /// Opens the token: `module` if given (or the URI's `module-path`), else discovery; `selector`
    /// if given, else the only token present (or the only one holding a CPx holder certificate).
    pub fn open(
        module: Option<&Path>,
        selector: Option<&TokenSelector>,
    ) -> Result<Token, CardError> {
        Token::discover(module, selector, None)
    }

    /// As [`Token::open`], and records what each module loaded says about itself and its slots
    /// (the diagnosis of `agent card status`).
    ///
    /// Discovery tries the candidates in order and stops at the first module that has the token:
    /// the one `selector` names, or else a token holding a CPx holder certificate (a discovered
    /// module's lone token that is no CPx card, such as p11-kit's trust store or an HSM, is not the
    /// card). A candidate that has none is finalized at once, before the next one is loaded.
    pub fn probe(
        module: Option<&Path>,
        selector: Option<&TokenSelector>,
        reports: &mut Vec<ModuleReport>,
    ) -> Result<Token, CardError> {
        Token::discover(module, selector, Some(reports))
    }

    fn discover(
        module: Option<&Path>,
        selector: Option<&TokenSelector>,
        mut reports: Option<&mut Vec<ModuleReport>>,
    ) -> Result<Token, CardError> {
        let wants_reports = reports.is_some();
        let mut report = |r: ModuleReport| {
            if let Some(v) = reports.as_deref_mut() {
                v.push(r);
            }
        };
        let uri_module = match selector {
            Some(TokenSelector::Uri(u)) => u.module_path().map(PathBuf::from),
            _ => None,
        };
        let configured = module.map(Path::to_path_buf).or(uri_module);
        let candidates: Vec<PathBuf> = match &configured {
            Some(m) => {
                if !m.exists() {
                    return Err(CardError::ModuleNotFound {
                        tried: vec![m.clone()],
                    });
                }
                vec![m.clone()]
            }
            None => {
                let mut c = cryptolib_cps_paths();
                for p in p11kit_modules() {
                    if !c.contains(&p) {
                        c.push(p);
                    }
                }
                c
            }
        };
        let explicit = configured.is_some();
        let mut tried = Vec::new();
        let mut present = Vec::new();
        let mut last_err = None;
        for path in &candidates {
            tried.push(path.clone());
            if !path.exists() {
                continue;
            }
            let was_loaded = is_loaded(path);
            let pkcs11 = match load_module(path) {
                Ok(p) => p,
                Err(e) if explicit => {
                    report(ModuleReport::failed(path, e.to_string()));
                    return Err(e);
                }
                Err(e) => {
                    report(ModuleReport::failed(path, e.to_string()));
                    last_err = Some(e);
                    continue;
                }
            };
            // The slots with a token: from the report when one is made (each slot-list call can
            // cost a middleware a reader scan), else from C_GetSlotList(tokenPresent = TRUE).
            let with_token = if wants_reports {
                let r = ModuleReport::read(path, &pkcs11);
                let slots = r.error.is_none().then(|| {
                    r.slots
                        .iter()
                        .filter(|s| s.token_present)
                        .filter_map(|s| Slot::try_from(s.id).ok())
                        .collect::<Vec<_>>()
                });
                report(r);
                slots
            } else {
                None
            };
            match select_slot(&pkcs11, selector, !explicit, with_token, &mut present) {
                Ok(Some(slot)) => {
                    return Ok(Token {
                        pkcs11,
                        slot,
                        module: path.clone(),
                    })
                }
                Ok(None) => {}
                Err(e) if explicit => return Err(e),
                Err(e) => last_err = Some(e),
            }
            if !was_loaded {
                drop(pkcs11);
                unload_module(path);
            }
        }
        if !candidates.iter().any(|p| p.exists()) {
            return Err(last_err.unwrap_or(CardError::ModuleNotFound { tried }));
        }
        if let Some(e @ CardError::AmbiguousToken { .. }) = last_err {
            return Err(e);
        }
        Err(CardError::TokenNotFound {
            wanted: selector
                .map(TokenSelector::describe)
                .unwrap_or_else(|| "any CPx card".to_string()),
            present,
        })
    }

    /// The token's current information.
    pub fn info(&self) -> Result<TokenInfo, CardError> {
        self.pkcs11
            .get_token_info(self.slot)
            .map_err(|e| CardError::pkcs11("reading the token information", e))
    }

    /// The token's PIN state flags.
    pub fn pin_state(&self) -> Result<PinState, CardError> {
        Ok(pin_state(&self.info()?))
    }

    /// Label, serial and PIN state.
    pub fn summary(&self) -> Result<TokenSummary, CardError> {
        let info = self.info()?;
        Ok(TokenSummary {
            label: info.label().trim_end().to_string(),
            serial: info.serial_number().trim_end().to_string(),
            pin: pin_state(&info),
        })
    }
}

/// The PIN flags of a token.
pub fn pin_state(info: &TokenInfo) -> PinState {
    PinState {
        pin_count_low: info.user_pin_count_low(),
        pin_final_try: info.user_pin_final_try(),
        pin_locked: info.user_pin_locked(),
    }
}

/// The slot of the token `selector` names, else the only token present, else the only one holding
/// a CPx holder certificate. `require_cpx` (discovery): without a selector, only a CPx token counts.
fn select_slot(
    pkcs11: &Pkcs11,
    selector: Option<&TokenSelector>,
    require_cpx: bool,
    with_token: Option<Vec<Slot>>,
    present: &mut Vec<String>,
) -> Result<Option<Slot>, CardError> {
    let slots = match with_token {
        Some(s) => s,
        None => pkcs11
            .get_slots_with_token()
            .map_err(|e| CardError::pkcs11("listing the card slots", e))?,
    };
    let mut infos = Vec::new();
    for slot in slots {
        if let Ok(info) = pkcs11.get_token_info(slot) {
            // An uninitialized token (SoftHSM's free slot, a blank card) is no card.
            if !info.token_initialized() {
                continue;
            }
            present.push(info.label().trim_end().to_string());
            infos.push((slot, info));
        }
    }
    if let Some(sel) = selector {
        return Ok(infos
            .into_iter()
            .find(|(s, i)| sel.matches(pkcs11, *s, i))
            .map(|(s, _)| s));
    }
    match infos.len() {
        0 => Ok(None),
        1 if !require_cpx => Ok(Some(infos[0].0)),
        _ => {
            // Several tokens: keep those that hold a CPx authentication certificate.
            let cpx: Vec<_> = infos
                .iter()
                .filter(|(s, _)| super::holder::has_holder_certificate(pkcs11, *s))
                .collect();
            match cpx.as_slice() {
                [] => Ok(None),
                [(slot, _)] => Ok(Some(*slot)),
                many => Err(CardError::AmbiguousToken {
                    labels: many
                        .iter()
                        .map(|(_, i)| i.label().trim_end().to_string())
                        .collect(),
                }),
            }
        }
    }
}
