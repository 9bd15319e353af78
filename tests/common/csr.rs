//! Helpers for the CSR tests: a SoftHSM2 key store token, openssl read-backs of a request, and the
//! field-by-field comparison with the ORG profile.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The SoftHSM2 module on Debian.
pub const SOFTHSM_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";

/// Fails (never skips) when a tool the CSR tests need is missing.
pub fn require_tools() {
    for (tool, package) in [
        ("openssl", "openssl"),
        ("softhsm2-util", "softhsm2"),
        ("pkcs11-tool", "opensc"),
    ] {
        assert!(
            super::have(tool),
            "{tool} is missing: install the Debian package {package} (scripts/setup does)"
        );
    }
    assert!(
        Path::new(SOFTHSM_MODULE).exists(),
        "{SOFTHSM_MODULE} is missing: install the Debian package softhsm2"
    );
}

/// Runs a command, asserts success, returns stdout.
pub fn ok(cmd: &mut Command) -> String {
    let out = super::run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        super::stdout(&out),
        super::stderr(&out)
    );
    super::stdout(&out)
}

/// Runs a command, asserts success, returns stdout as bytes.
pub fn ok_bytes(cmd: &mut Command) -> Vec<u8> {
    let out = super::run(cmd);
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        super::stderr(&out)
    );
    out.stdout
}

/// A SoftHSM2 token meant for keys (a structure's HSM, emulated).
pub struct KeyStore {
    /// Its directory (when it owns one).
    pub dir: Option<tempfile::TempDir>,
    /// SOFTHSM2_CONF.
    pub conf: PathBuf,
    /// Token label.
    pub label: String,
    /// User PIN.
    pub pin: String,
    /// A 0600 file holding the PIN.
    pub pin_file: PathBuf,
}

impl KeyStore {
    /// A new SoftHSM2 directory with one token `label`.
    pub fn new(label: &str) -> KeyStore {
        let dir = tempfile::tempdir().expect("tempdir");
        let tokens = dir.path().join("tokens");
        std::fs::create_dir_all(&tokens).unwrap();
        let conf = dir.path().join("softhsm2.conf");
        std::fs::write(
            &conf,
            format!(
                "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
                tokens.display()
            ),
        )
        .unwrap();
        let mut ks = Self::init(dir.path(), conf, label);
        ks.dir = Some(dir);
        ks
    }

    /// A new token `label` in an existing SoftHSM2 configuration (next to a CPx card, say).
    pub fn init(dir: &Path, conf: PathBuf, label: &str) -> KeyStore {
        let pin = "24681357".to_string();
        ok(Command::new("softhsm2-util")
            .env("SOFTHSM2_CONF", &conf)
            .args(["--init-token", "--free", "--label", label, "--pin", &pin])
            .args(["--so-pin", "87654321"]));
        let pin_file = dir.join(format!("pin-{}", label.replace(' ', "_")));
        write_pin(&pin_file, &pin);
        KeyStore {
            dir: None,
            conf,
            label: label.to_string(),
            pin,
            pin_file,
        }
    }

    /// The `--key-store` URI: token label, module path and PIN file.
    pub fn uri(&self) -> String {
        format!(
            "pkcs11:token={}?module-path={SOFTHSM_MODULE}&pin-source=file:{}",
            self.label.replace(' ', "%20"),
            self.pin_file.display()
        )
    }

    /// An `agent` command that sees this SoftHSM2 configuration.
    pub fn agent(&self, home: &Path) -> Command {
        let mut c = super::agent(home);
        c.env("SOFTHSM2_CONF", &self.conf);
        c
    }

    fn pkcs11_tool(&self) -> Command {
        let mut c = Command::new("pkcs11-tool");
        c.env("SOFTHSM2_CONF", &self.conf)
            .args(["--module", SOFTHSM_MODULE, "--token-label", &self.label])
            .args(["--login", "--pin", &self.pin]);
        c
    }

    /// The private keys on the token, as `pkcs11-tool -O` lists them: (label, id hex, access
    /// flags). pkcs11-tool prints `extractable` when CKA_EXTRACTABLE is true, `sensitive` when
    /// CKA_SENSITIVE is, `never extractable` for CKA_NEVER_EXTRACTABLE.
    pub fn private_keys(&self) -> Vec<(String, String, String)> {
        let text = ok(self.pkcs11_tool().args(["-O", "--type", "privkey"]));
        let mut out = Vec::new();
        let mut cur: Option<(String, String, String)> = None;
        for line in text.lines() {
            let l = line.trim();
            if l.starts_with("Private Key Object") {
                if let Some(c) = cur.take() {
                    out.push(c);
                }
                cur = Some(Default::default());
            } else if let Some(c) = cur.as_mut() {
                if let Some(v) = l.strip_prefix("label:") {
                    c.0 = v.trim().to_string();
                } else if let Some(v) = l.strip_prefix("ID:") {
                    c.1 = v.trim().to_string();
                } else if let Some(v) = l.strip_prefix("Access:") {
                    c.2 = v.trim().to_string();
                }
            }
        }
        out.extend(cur);
        out
    }

    /// The public key with CKA_ID `id_hex`, read by pkcs11-tool, as SPKI DER.
    pub fn public_key_der(&self, id_hex: &str) -> Vec<u8> {
        let dir = tempfile::tempdir().unwrap();
        let raw = dir.path().join("pub.der");
        ok(self
            .pkcs11_tool()
            .args(["--read-object", "--type", "pubkey", "--id", id_hex, "-o"])
            .arg(&raw));
        ok_bytes(
            Command::new("openssl")
                .args(["pkey", "-pubin", "-inform", "DER", "-outform", "DER", "-in"])
                .arg(&raw),
        )
    }
}

/// Writes a PIN file, mode 0600.
pub fn write_pin(path: &Path, pin: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("{pin}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

/// `openssl req -verify -noout`: whether the request's self-signature verifies.
pub fn openssl_verifies(csr: &Path) -> bool {
    let out = super::run(
        Command::new("openssl")
            .args(["req", "-verify", "-noout", "-in"])
            .arg(csr),
    );
    out.status.success() && String::from_utf8_lossy(&out.stderr).contains("verify OK")
}

/// The subject as openssl reads it, in DER order: (long attribute name, string type, value).
pub fn openssl_subject(csr: &Path) -> Vec<(String, String, String)> {
    let text = ok(Command::new("openssl")
        .args(["req", "-noout", "-subject", "-nameopt"])
        .arg("multiline,show_type,utf8,-esc_msb")
        .arg("-in")
        .arg(csr));
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let (name, rest) = l.split_once('=')?;
            let (ty, value) = rest.trim().split_once(':')?;
            Some((name.trim().to_string(), ty.to_string(), value.to_string()))
        })
        .collect()
}

/// `openssl req -text -noout`.
pub fn openssl_text(csr: &Path) -> String {
    ok(Command::new("openssl")
        .args(["req", "-text", "-noout", "-in"])
        .arg(csr))
}

/// The line after `header` in openssl's text, and whether the header says critical.
fn ext_after(text: &str, header: &str) -> Option<(bool, Vec<String>)> {
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        if l.trim_start().starts_with(header) {
            let critical = l.contains("critical");
            let values = lines
                .next()
                .unwrap_or_default()
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect();
            return Some((critical, values));
        }
    }
    None
}

/// The public key of a request, SPKI DER, as openssl reads it.
pub fn csr_public_key_der(csr: &Path) -> Vec<u8> {
    let pem = ok_bytes(
        Command::new("openssl")
            .args(["req", "-noout", "-pubkey", "-in"])
            .arg(csr),
    );
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("pub.pem");
    std::fs::write(&p, pem).unwrap();
    ok_bytes(
        Command::new("openssl")
            .args(["pkey", "-pubin", "-outform", "DER", "-in"])
            .arg(&p),
    )
}

/// The public key of a PEM private key file, SPKI DER, as openssl reads it.
pub fn key_file_public_key_der(key: &Path) -> Vec<u8> {
    ok_bytes(
        Command::new("openssl")
            .args(["pkey", "-pubout", "-outform", "DER", "-in"])
            .arg(key),
    )
}

/// What a request must say.
pub struct Expected<'a> {
    /// `auth_cli`, `sign` or `conf`.
    pub usage: &'a str,
    /// ST value, if any.
    pub st: Option<&'a str>,
    /// O.
    pub o: &'a str,
    /// OU.
    pub ou: &'a str,
    /// CN (for conf: the name given).
    pub cn: &'a str,
    /// `RSA 2048` (openssl: "Public-Key: (2048 bit)") or `P-256`.
    pub key: &'a str,
}

/// Reads the request back with openssl and compares it field by field with the ORG profile.
pub fn assert_fits_profile(csr: &Path, e: &Expected<'_>) {
    assert!(openssl_verifies(csr), "{} does not verify", csr.display());

    let mut want = vec![(
        "countryName".to_string(),
        "PRINTABLESTRING".to_string(),
        "FR".to_string(),
    )];
    if let Some(st) = e.st {
        want.push(("stateOrProvinceName".into(), "UTF8STRING".into(), st.into()));
    }
    want.push(("organizationName".into(), "UTF8STRING".into(), e.o.into()));
    want.push((
        "organizationalUnitName".into(),
        "UTF8STRING".into(),
        e.ou.into(),
    ));
    want.push(("commonName".into(), "UTF8STRING".into(), e.cn.into()));
    assert_eq!(openssl_subject(csr), want, "subject of {}", csr.display());

    let text = openssl_text(csr);
    let (ku_critical, ku) = ext_after(&text, "X509v3 Key Usage").expect("keyUsage requested");
    assert!(ku_critical, "keyUsage must be critical:\n{text}");
    let want_ku: Vec<&str> = match e.usage {
        "auth_cli" => vec!["Digital Signature"],
        "sign" => vec!["Digital Signature", "Non Repudiation"],
        "conf" => vec!["Key Encipherment"],
        u => panic!("usage {u}"),
    };
    assert_eq!(ku, want_ku, "keyUsage of {}", csr.display());
    let eku = ext_after(&text, "X509v3 Extended Key Usage").map(|(_, v)| v);
    let want_eku: Option<Vec<String>> = match e.usage {
        "auth_cli" => Some(vec!["TLS Web Client Authentication".into()]),
        "sign" => Some(vec!["E-mail Protection".into()]),
        _ => None,
    };
    assert_eq!(eku, want_eku, "extendedKeyUsage of {}", csr.display());
    // Nothing the profile does not have.
    let requested: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with("X509v3 ") || l.contains("Subject Alternative"))
        .collect();
    assert_eq!(
        requested.len(),
        1 + usize::from(want_eku.is_some()),
        "unexpected extensions: {requested:?}"
    );
    for absent in [
        "emailAddress",
        "Subject Alternative Name",
        "challengePassword",
    ] {
        assert!(
            !text.contains(absent),
            "{absent} in {}:\n{text}",
            csr.display()
        );
    }
    match e.key {
        "RSA 2048" => {
            assert!(text.contains("Public-Key: (2048 bit)"), "{text}");
            assert!(
                text.contains("Signature Algorithm: sha256WithRSAEncryption"),
                "{text}"
            );
        }
        "P-256" => {
            assert!(text.contains("NIST CURVE: P-256"), "{text}");
            assert!(
                text.contains("Signature Algorithm: ecdsa-with-SHA256"),
                "{text}"
            );
        }
        k => panic!("key {k}"),
    }
}

/// Every file (not directory) under `dir`, relative, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, d: &Path, out: &mut Vec<String>) {
        let Ok(rd) = std::fs::read_dir(d) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                out.push(p.strip_prefix(base).unwrap().display().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// What an agent run left in its home: every file except the `config.toml` that
/// `common::agent` writes there.
pub fn leftovers(home: &Path) -> Vec<String> {
    files_under(home)
        .into_iter()
        .filter(|f| f != "config.toml")
        .collect()
}

/// The mode bits of a path.
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

/// A small tmpfs (for "no room on disk") or a read-only tmpfs, unmounted on drop. `None` when
/// this process may not mount.
pub struct Mount {
    /// The mount point (inside a temporary directory).
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl Mount {
    /// Mounts a tmpfs with `options` (e.g. `size=64k`, `ro,size=64k`).
    pub fn tmpfs(options: &str) -> Option<Mount> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mnt");
        std::fs::create_dir(&path).unwrap();
        let st = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(&path)
            .stderr(std::process::Stdio::null())
            .status()
            .ok()?;
        st.success().then_some(Mount { path, _dir: dir })
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}
