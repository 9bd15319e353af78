//! Shared helpers for the integration tests. Each area adds its own submodule here
//! (`pub mod <area>;` in this file, code in `tests/common/<area>.rs`). A test builds the emulated
//! world it runs the agent in with [`world::World`] (home, ORG CA, card, key store, annuaire,
//! platform) rather than assembling the pieces itself (docs/testing.md).
#![allow(dead_code)]

pub mod ldap;
pub mod p11shim;
pub mod pcsc;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `agent` binary under test.
/// A time as `openssl ca -startdate/-enddate` takes it (`YYYYMMDDHHMMSSZ`).
pub fn openssl_time(t: time::OffsetDateTime) -> String {
    format!(
        "{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The slot id (decimal, as RFC 7512's `slot-id`) of the SoftHSM2 token `label`, from
/// `softhsm2-util --show-slots`.
pub fn softhsm_slot_of(conf: &Path, label: &str) -> u64 {
    let out = Command::new("softhsm2-util")
        .env("SOFTHSM2_CONF", conf)
        .arg("--show-slots")
        .output()
        .expect("softhsm2-util");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut slot = None;
    for line in text.lines() {
        let l = line.trim();
        if let Some(n) = l
            .strip_prefix("Slot ")
            .and_then(|n| n.trim().parse::<u64>().ok())
        {
            slot = Some(n);
        } else if l.strip_prefix("Label:").is_some_and(|v| v.trim() == label) {
            return slot.expect("a slot line before the label");
        }
    }
    panic!("no token {label:?} in {text}");
}

pub fn agent_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_agent"))
}

/// The `mock-card` binary (same target directory). `scripts/test` builds it before the tests;
/// with plain `cargo test`, run `cargo build --workspace --bins` first.
pub fn mock_card_bin() -> PathBuf {
    let p = agent_bin().with_file_name("mock-card");
    assert!(
        p.exists(),
        "{} is missing: run `cargo build --workspace --bins` (scripts/test does) before the tests",
        p.display()
    );
    p
}

/// An `agent` command with a private home and no inherited AGENT_* settings. Its configuration
/// file is `home/config.toml`, created empty if missing (write to it to configure the agent).
/// The language is English whatever the machine's locale (`LANG=C.UTF-8`, no `LC_ALL`,
/// `LC_MESSAGES` or `AGENT_LANG`): use [`agent_in`] for another one.
pub fn agent(home: &Path) -> Command {
    let config = home.join("config.toml");
    if !config.exists() {
        std::fs::create_dir_all(home).expect("create home");
        std::fs::write(&config, "").expect("write empty config");
    }
    let mut c = Command::new(agent_bin());
    for (k, _) in std::env::vars_os() {
        if k.to_string_lossy().starts_with("AGENT_") {
            c.env_remove(k);
        }
    }
    c.env("AGENT_HOME", home)
        .env("AGENT_CONFIG", home.join("config.toml"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    c
}

/// [`agent`] under the locale `lang` (`LANG=lang`, e.g. "fr_FR.UTF-8" or "C.UTF-8").
pub fn agent_in(home: &Path, lang: &str) -> Command {
    let mut c = agent(home);
    c.env("LANG", lang);
    c
}

/// A command (built by [`agent`] or a helper on top of it) switched to the locale `lang`.
pub fn in_locale(mut c: Command, lang: &str) -> Command {
    c.env("LANG", lang);
    c
}

/// `c` (same program, arguments and environment) run under libfaketime with the clock frozen at
/// `unix` (UTC): two runs see the same "now", so that their outputs can be compared byte for byte.
pub fn frozen_at(c: &Command, unix: i64) -> Command {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).expect("a time");
    let mut f = Command::new("faketime");
    f.arg("-f")
        .arg(format!(
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second()
        ))
        .arg(c.get_program())
        .args(c.get_args())
        .env("TZ", "UTC");
    for (k, v) in c.get_envs() {
        match v {
            Some(v) => f.env(k, v),
            None => f.env_remove(k),
        };
    }
    f
}

/// Runs a command with stdin closed and returns its output.
pub fn run(cmd: &mut Command) -> Output {
    cmd.stdin(std::process::Stdio::null())
        .output()
        .expect("cannot start the command")
}

/// stdout as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// stderr as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Whether a program is on PATH.
pub fn have(program: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {program}"))
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}
pub mod card;
pub mod csr;
pub mod estpeer;
pub mod notify;
pub mod orgca;
pub mod pfc;
pub mod store;
pub mod world;

/// Every file, directory and symlink under `root` with its contents (a symlink's target, a
/// directory's empty content), for "nothing changed" assertions. `.lock` files are left out.
pub fn tree(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, root: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            let rel = p.strip_prefix(root).unwrap().display().to_string();
            let m = std::fs::symlink_metadata(&p).unwrap();
            if m.file_type().is_symlink() {
                let target = std::fs::read_link(&p).unwrap();
                out.insert(rel, target.display().to_string().into_bytes());
            } else if m.is_dir() {
                out.insert(rel.clone(), Vec::new());
                walk(&p, root, out);
            } else if !rel.ends_with(".lock") {
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(root, root, &mut out);
    out
}

/// Hands `file` to the command as its descriptor 3 (for `--pin-fd 3`), sharing the file offset
/// with the caller's handle.
pub fn pass_as_fd3(cmd: &mut Command, file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    use std::os::unix::process::CommandExt;
    let raw = file.as_raw_fd();
    // SAFETY: only async-signal-safe calls (fcntl, dup2) between fork and exec, on a descriptor
    // the parent keeps open.
    unsafe {
        cmd.pre_exec(move || {
            // dup2 onto itself keeps FD_CLOEXEC: clear it then.
            let rc = if raw == 3 {
                libc::fcntl(3, libc::F_SETFD, 0)
            } else {
                libc::dup2(raw, 3)
            };
            if rc < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Writes a secret file (PIN, PKCS#12 password, passphrase) of mode 0600: the agent refuses one
/// that group or others can read.
pub fn write_secret(path: &Path, content: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, content).expect("write secret file");
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod 600");
}
