//! The PKCS#11 module and the card's token.
//!
//! Module discovery when none is configured: the Cryptolib CPS module at its documented path for
//! this OS, then the modules registered with p11-kit (`/usr/share/p11-kit/modules`,
//! `/etc/pkcs11/modules`). The first module that has a matching token wins; the error lists every
//! path tried.

use std::path::{Path, PathBuf};

use cryptoki::context::{CInitializeArgs, CInitializeFlags, Pkcs11};
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
pub struct Token {
    /// The initialized module (finalized when the last clone is dropped).
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

/// Loads and initializes a PKCS#11 module.
pub fn load_module(path: &Path) -> Result<Pkcs11, CardError> {
    let load_err = |message: String| CardError::ModuleLoad {
        path: path.to_path_buf(),
        message,
    };
    let p = Pkcs11::new(path).map_err(|e| load_err(e.to_string()))?;
    p.initialize(CInitializeArgs::new(CInitializeFlags::OS_LOCKING_OK))
        .map_err(|e| load_err(e.to_string()))?;
    Ok(p)
}

impl Token {
    /// Opens the token: `module` if given (or the URI's `module-path`), else discovery; `selector`
    /// if given, else the only token present (or the only one holding a CPx holder certificate).
    pub fn open(
        module: Option<&Path>,
        selector: Option<&TokenSelector>,
    ) -> Result<Token, CardError> {
        let uri_module = match selector {
            Some(TokenSelector::Uri(u)) => u.module_path().map(PathBuf::from),
            _ => None,
        };
        let candidates: Vec<PathBuf> = match module.map(Path::to_path_buf).or(uri_module) {
            Some(m) => {
                if !m.exists() {
                    return Err(CardError::ModuleNotFound { tried: vec![m] });
                }
                vec![m]
            }
            None => {
                let mut c = cryptolib_cps_paths();
                c.extend(p11kit_modules());
                c
            }
        };
        let explicit = candidates.len() == 1 && module.is_some();
        let mut tried = Vec::new();
        let mut present = Vec::new();
        let mut last_err = None;
        for path in &candidates {
            tried.push(path.clone());
            if !path.exists() {
                continue;
            }
            let pkcs11 = match load_module(path) {
                Ok(p) => p,
                Err(e) if explicit => return Err(e),
                Err(e) => {
                    last_err = Some(e);
                    continue;
                }
            };
            match select_slot(&pkcs11, selector, &mut present)? {
                Some(slot) => {
                    return Ok(Token {
                        pkcs11,
                        slot,
                        module: path.clone(),
                    })
                }
                None => continue,
            }
        }
        if !candidates.iter().any(|p| p.exists()) {
            return Err(last_err.unwrap_or(CardError::ModuleNotFound { tried }));
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

fn select_slot(
    pkcs11: &Pkcs11,
    selector: Option<&TokenSelector>,
    present: &mut Vec<String>,
) -> Result<Option<Slot>, CardError> {
    let slots = pkcs11
        .get_slots_with_token()
        .map_err(|e| CardError::pkcs11("listing the card slots", e))?;
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
        1 => Ok(Some(infos[0].0)),
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
