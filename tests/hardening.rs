//! Hardening (issue 11): hostile or broken input and install targets that cannot be written.
//! Certificates come from an independent openssl CA (tests/common/orgca.rs), NSS databases are
//! made and read with NSS's own certutil, and what the agent must not touch is checked on disk.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::orgca::OrgCa;
use common::world::{Order, Validity, World, FINESS_ID};
use common::{agent, run, stderr, stdout};

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn openssl(args: &[&str], cwd: &Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn mode(p: &Path) -> u32 {
    std::fs::symlink_metadata(p).unwrap().permissions().mode() & 0o777
}

/// A PKCS#12 (openssl's default encryption, password `pw`) holding a fresh key and an AUTH_CLI
/// certificate issued for it by `ca` with the subject `subj` (openssl `-subj` syntax).
fn p12_with_subject(ca: &OrgCa, work: &Path, subj: &str) -> PathBuf {
    openssl(
        &[
            "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.csr",
            "-subj", subj,
        ],
        work,
    );
    let cert = ca.issue_days(
        &work.join("c.csr"),
        "auth_cli",
        0,
        1095,
        &work.join("c.pem"),
    );
    openssl(
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "k.pem",
            "-in",
            &s(&cert),
            "-certfile",
            &s(&ca.intermediate()),
            "-out",
            "b.p12",
            "-passout",
            "pass:pw",
        ],
        work,
    );
    work.join("b.p12")
}

/// A PKCS#12 whose certificate names a path as its structure (OU) is refused with exit 40 (a
/// certificate check: the file itself reads fine) and nothing is written outside the store, nor
/// in it.
#[test]
fn pkcs12_with_a_path_as_ou_writes_nothing() {
    for ou in [
        "..\\/..\\/x",
        "\\/tmp\\/agent-ou-abs",
        "1010000024\\/..\\/..\\/..\\/y",
    ] {
        let top = tempfile::tempdir().unwrap();
        let home = top.path().join("a").join("home");
        std::fs::create_dir_all(&home).unwrap();
        let work = tempfile::tempdir().unwrap();
        let ca = OrgCa::new();
        let p12 = p12_with_subject(
            &ca,
            work.path(),
            &format!("/C=FR/O=EVIL/OU={ou}/CN=DMP AUTHENTIFICATION"),
        );
        let pw = work.path().join("pw");
        common::write_secret(&pw, b"pw\n");
        let before = common::tree(top.path());
        let out = run(agent(&home).args([
            "import",
            &s(&p12),
            "--p12-password-file",
            &s(&pw),
            "--trust-anchor",
            &s(&ca.root()),
            "--test-pki",
        ]));
        assert_eq!(out.status.code(), Some(40), "OU {ou}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("is not a national structure id"),
            "{}",
            stderr(&out)
        );
        // Only the config file agent() created may be new; no store, no directory outside.
        let after = common::tree(top.path());
        let new: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
        assert!(
            new.iter().all(|k| k.ends_with("config.toml")),
            "OU {ou}: new files {new:?}"
        );
        assert!(!Path::new("/tmp/agent-ou-abs").exists());
    }
}

/// What the install-target tests do in their world (an ORG CA beside the home): order and
/// install AUTH_CLI and SIGN for FINESS_ID.
impl World {
    /// `agent csr` (new keys for AUTH_CLI and SIGN) and the certificates issued for them.
    fn order_pair(&self) -> Vec<PathBuf> {
        self.csr(&Order::pharmacie().usage("auth_cli,sign").replace());
        ["auth_cli", "sign"]
            .iter()
            .map(|u| self.issue(FINESS_ID, u, Validity::Days(0, 1095)))
            .collect()
    }

    fn import_cmd(&self, certs: &[PathBuf], extra: &[&str]) -> Command {
        let mut c = self.agent();
        c.arg("import")
            .args(certs)
            .arg(self.ca().intermediate())
            .arg("--trust-anchor")
            .arg(self.ca().root())
            .arg("--test-pki")
            .args(extra);
        c
    }

    fn live_certs(&self) -> Vec<PathBuf> {
        ["auth_cli", "sign"]
            .iter()
            .map(|u| self.live(FINESS_ID, u).join("cert.pem"))
            .collect()
    }

    fn auth_live(&self) -> PathBuf {
        self.live(FINESS_ID, "auth_cli")
    }

    /// `agent status --json`: (exit code, the AUTH_CLI row).
    fn auth_status(&self) -> (i32, serde_json::Value) {
        let out = run(self
            .agent()
            .args(["status", "--json", "--test-pki"])
            .arg("--trust-anchor")
            .arg(self.ca().root()));
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("status --json: {e}: {}", stdout(&out)));
        let row = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["usage"] == "AUTH_CLI" && r["state"] != "pending")
            .cloned()
            .unwrap();
        (out.status.code().unwrap(), row)
    }
}

fn serial_of(pem: &[u8]) -> String {
    let mut c = Command::new("openssl");
    c.args(["x509", "-noout", "-serial"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(pem).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The serials NSS lists under the agent's nickname, read with certutil.
fn nss_serials(db: &str) -> Vec<String> {
    let out = Command::new("certutil")
        .args(["-L", "-d", db, "-n", &format!("{FINESS_ID} AUTH_CLI"), "-a"])
        .output()
        .expect("certutil (libnss3-tools)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    pem::parse_many(text.as_bytes())
        .unwrap()
        .iter()
        .map(|p| serial_of(pem::encode(p).as_bytes()))
        .collect()
}

fn nss_key_count(db: &str) -> usize {
    let out = Command::new("certutil")
        .args(["-K", "-d", db])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.trim_start().starts_with('<'))
        .count()
}

fn chmod_tree(dir: &Path, file_mode: u32, dir_mode: u32) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(file_mode)).unwrap();
    }
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(dir_mode)).unwrap();
}

/// Runs `cmd` without CAP_DAC_OVERRIDE (util-linux setpriv), so that file modes bind root too, as
/// they bind the unprivileged user a read-only target would stop.
fn without_dac_override(cmd: &Command) -> Command {
    let mut c = Command::new("setpriv");
    c.args([
        "--bounding-set",
        "-dac_override,-dac_read_search",
        "--inh-caps",
        "-dac_override,-dac_read_search",
    ]);
    c.arg(cmd.get_program()).args(cmd.get_args());
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    c
}

/// NSS target: the new bundle goes in before the old certificate goes out. A read-only database,
/// then one locked by a password, keep their previous certificate, the run exits 4, and `agent
/// status` reports the stale target until a run writes it.
#[test]
fn nss_target_that_cannot_be_written_keeps_the_old_certificate_and_fails() {
    let w = World::new().with_pki();
    let dbdir = w.work.path().join("nssdb");
    std::fs::create_dir_all(&dbdir).unwrap();
    let db = format!("sql:{}", s(&dbdir));
    assert!(Command::new("certutil")
        .args(["-N", "-d", &db, "--empty-password"])
        .status()
        .unwrap()
        .success());
    let first = w.order_pair();
    let out = run(&mut w.import_cmd(&first, &["--nss-db", &db]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let serial1 = serial_of(&std::fs::read(&first[0]).unwrap());
    assert_eq!(nss_serials(&db), vec![serial1.clone()]);
    assert_eq!(w.auth_status().0, 0, "everything installed and written: ok");

    // Renewal into a read-only database.
    let second = w.order_pair();
    let serial2 = serial_of(&std::fs::read(&second[0]).unwrap());
    chmod_tree(&dbdir, 0o444, 0o555);
    let out = run(&mut without_dac_override(
        &w.import_cmd(&second, &["--nss-db", &db]),
    ));
    chmod_tree(&dbdir, 0o600, 0o700);
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("NSS database") && stderr(&out).contains("previous certificate"),
        "{}",
        stderr(&out)
    );
    // The store has the new pair; NSS still has the old one, with its key.
    assert_eq!(
        serial_of(&std::fs::read(w.auth_live().join("cert.pem")).unwrap()),
        serial2
    );
    assert_eq!(nss_serials(&db), vec![serial1.clone()]);
    assert_eq!(nss_key_count(&db), 2, "AUTH_CLI and SIGN, the old ones");
    let (code, row) = w.auth_status();
    assert_eq!(code, 1, "{row}");
    assert_eq!(row["state"], "ok");
    let errs = row["target_errors"].as_array().unwrap().clone();
    assert_eq!(errs.len(), 1, "{row}");
    assert!(errs[0].as_str().unwrap().contains(&db), "{row}");

    // Fixed: importing the live certificate again writes the target; status is clean.
    let out = run(&mut w.import_cmd(&w.live_certs(), &["--nss-db", &db]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(nss_serials(&db), vec![serial2.clone()]);
    assert_eq!(
        nss_key_count(&db),
        2,
        "the old keys are removed once the new ones are in"
    );
    let (code, row) = w.auth_status();
    assert_eq!(code, 0, "{row}");
    assert_eq!(row["target_errors"].as_array().unwrap().len(), 0);

    // A database locked by a password (the agent needs an empty one): same rule.
    let pw = w.work.path().join("nsspw");
    std::fs::write(&pw, "a password\n").unwrap();
    let empty = w.work.path().join("empty");
    std::fs::write(&empty, "\n").unwrap();
    let st = Command::new("certutil")
        .args(["-W", "-d", &db, "-f", &s(&empty), "-@", &s(&pw)])
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let third = w.order_pair();
    let out = run(&mut w.import_cmd(&third, &["--nss-db", &db]));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert_eq!(nss_serials(&db), vec![serial2]);
    assert_eq!(w.auth_status().0, 1);
}

/// Export directory: a symlink planted in it is replaced (a file) or refused (a directory), never
/// followed; nothing outside it changes; owner, group and mode are the configured ones.
#[test]
fn export_dir_never_follows_a_planted_symlink() {
    let w = World::new().with_pki();
    let export = w.work.path().join("export");
    std::fs::create_dir(&export).unwrap();
    std::fs::set_permissions(&export, std::fs::Permissions::from_mode(0o755)).unwrap();
    let exp = s(&export);
    let opts = [
        "--export-dir",
        exp.as_str(),
        "--export-owner",
        "65534",
        "--export-group",
        "65534",
        "--export-mode",
        "0640",
    ];
    let first = w.order_pair();
    let out = run(&mut w.import_cmd(&first, &opts));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let usage_dir = export.join(FINESS_ID).join("auth_cli");
    use std::os::unix::fs::MetadataExt;
    for f in ["privkey.pem", "cert.pem", "fullchain.pem", "bundle.p12"] {
        let m = std::fs::symlink_metadata(usage_dir.join(f)).unwrap();
        assert_eq!(
            (m.uid(), m.gid(), m.mode() & 0o777),
            (65534, 65534, 0o640),
            "{f}"
        );
    }
    for d in [&usage_dir, &export.join(FINESS_ID)] {
        let m = std::fs::metadata(d).unwrap();
        assert_eq!(
            (m.uid(), m.mode() & 0o777),
            (65534, 0o750),
            "{}",
            d.display()
        );
    }
    assert_eq!(
        mode(&export),
        0o755,
        "the export root itself is never changed"
    );

    // A planted file symlink towards a file outside.
    let victim = w.work.path().join("victim");
    std::fs::write(&victim, "not a key\n").unwrap();
    std::fs::set_permissions(&victim, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::remove_file(usage_dir.join("privkey.pem")).unwrap();
    std::os::unix::fs::symlink(&victim, usage_dir.join("privkey.pem")).unwrap();
    let second = w.order_pair();
    let out = run(&mut w.import_cmd(&second, &opts));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "not a key\n");
    assert_eq!(mode(&victim), 0o644);
    let m = std::fs::symlink_metadata(usage_dir.join("privkey.pem")).unwrap();
    assert!(m.file_type().is_file(), "the link was replaced by a file");
    assert_eq!(
        std::fs::read(usage_dir.join("privkey.pem")).unwrap(),
        std::fs::read(w.auth_live().join("privkey.pem")).unwrap()
    );

    // A planted directory symlink towards a directory outside: refused, exit 4, reported.
    let outside = w.work.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::set_permissions(&outside, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::rename(export.join(FINESS_ID), w.work.path().join("moved")).unwrap();
    std::os::unix::fs::symlink(&outside, export.join(FINESS_ID)).unwrap();
    let third = w.order_pair();
    let out = run(&mut w.import_cmd(&third, &opts));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("symlink"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    let m = std::fs::metadata(&outside).unwrap();
    assert_eq!((m.uid(), m.mode() & 0o777), (0, 0o755));
    let (code, row) = w.auth_status();
    assert_eq!(code, 1, "{row}");
    assert!(
        row["target_errors"][0]
            .as_str()
            .unwrap()
            .contains("export directory"),
        "{row}"
    );
    // In French: the target's sentence too (the reason inside is the system's).
    let out = run(&mut common::in_locale(
        w.import_cmd(&third, &opts),
        "fr_FR.UTF-8",
    ));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!(
            "installé dans le magasin, mais le répertoire d'export {exp} n'a pas été mis à jour\u{a0}: "
        )),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("was not updated"),
        "{}",
        stderr(&out)
    );
    // Refused modes say why.
    let out = run(&mut w.import_cmd(&third, &["--export-dir", &exp, "--export-mode", "0644"]));
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
}

/// A home (or its store or pending area) that another user can write, or that belongs to another
/// user, is refused before anything is read from it, with the command that fixes it (exit 4).
#[test]
fn home_writable_by_others_is_refused() {
    let top = tempfile::tempdir().unwrap();
    let home = top.path().join("home");
    let out = run(agent(&home).args(["list"]));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for (dir, m) in [
        (home.clone(), 0o777),
        (home.clone(), 0o720),
        (home.join("pending"), 0o757),
        (home.join("store"), 0o770),
    ] {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(m)).unwrap();
        let out = run(agent(&home).args(["list"]));
        assert_eq!(
            out.status.code(),
            Some(4),
            "{} {m:o}: {}",
            dir.display(),
            stderr(&out)
        );
        let err = stderr(&out);
        assert!(
            err.contains("refusing to work in")
                && err.contains(&format!("chmod go-w {}", dir.display())),
            "{err}"
        );
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        let out = run(agent(&home).args(["list"]));
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    // A parent anyone can write without the sticky bit: the home could be swapped.
    let open = top.path().join("open");
    std::fs::create_dir(&open).unwrap();
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
    let inner = open.join("home");
    std::fs::create_dir(&inner).unwrap();
    std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o700)).unwrap();
    let out = run(agent(&inner).args(["list"]));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("chmod go-w {}", open.display())),
        "{}",
        stderr(&out)
    );
    // A home of another user.
    std::os::unix::fs::chown(&home, Some(65534), None).unwrap();
    let out = run(agent(&home).args(["list"]));
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("chown -R 0 {}", home.display())),
        "{}",
        stderr(&out)
    );
}

/// Values from the directory are untrusted: an entry whose raison sociale and address carry
/// terminal escape sequences (ESC, BEL, CSI) is shown escaped, never raw, in the lookup table and
/// the warnings; the JSON keeps the exact value (JSON escapes it).
#[test]
fn directory_values_with_escape_sequences_are_never_printed_raw() {
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let name = "CABINET \u{1b}[2J\u{1b}]0;pwned\u{7}EVIL";
    let addr = "CABINET$1 RUE \u{1b}[31mROUGE\u{1b}[0m$75001 PARIS";
    let dir = tempfile::tempdir().unwrap();
    let ldif = dir.path().join("hostile.ldif");
    std::fs::write(
        &ldif,
        format!(
            "dn: cn=810000123454+ou=410000123454001,o=TEST,c=fr\nobjectClass: cpsActivite\ncn: 810000123454\nou: 410000123454001\nraisonSociale:: {}\npostalAddress:: {}\nsectActRPPS: SA07\n",
            b64(name),
            b64(addr)
        ),
    )
    .unwrap();
    let w = World::new().with_directory(&[ldif]);
    let url = &w.directory().url;
    let o = w.run(&["lookup", "--ldap-url", url, "--rpps", "10000123454"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for (what, bytes) in [("stdout", &o.stdout), ("stderr", &o.stderr)] {
        assert!(
            !bytes.iter().any(|b| *b == 0x1b || *b == 0x07),
            "raw control character on {what}: {:?}",
            String::from_utf8_lossy(bytes)
        );
    }
    let out = stdout(&o);
    assert!(
        out.contains("CABINET \\u{1b}[2J\\u{1b}]0;pwned\\u{7}EVIL"),
        "{out}"
    );
    assert!(out.contains("\\u{1b}[31mROUGE"), "{out}");
    let o = w.run(&[
        "lookup",
        "--ldap-url",
        url,
        "--rpps",
        "10000123454",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v.to_string().contains("\\u001b[2J"), "{v}");
}

fn staging_dirs(home: &Path) -> Vec<String> {
    std::fs::read_dir(home.join("pending"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with(".staging-"))
                .collect()
        })
        .unwrap_or_default()
}

/// SIGTERM (and SIGINT) during `agent csr` remove the staging area of the run (its new keys with
/// it) and the process still dies of the signal; a staging area a SIGKILLed run left is removed by
/// the next run once it is older than 10 minutes; the next run works.
#[test]
fn sigterm_during_csr_leaves_no_staging_area() {
    use std::os::unix::process::ExitStatusExt;
    let w = World::new();
    let home = &w.home;
    let csr = |delay: &str| {
        let mut c = w.csr_cmd(&Order::pharmacie().replace(), &[]);
        c.env("AGENT_TEST_STEP_DELAY_MS", delay)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c
    };
    for (sig, name) in [(libc::SIGTERM, "SIGTERM"), (libc::SIGINT, "SIGINT")] {
        let child = csr("3000").spawn().unwrap();
        // Wait until the run is inside its staging area (the first key is written).
        let start = std::time::Instant::now();
        loop {
            let dirs = staging_dirs(home.path());
            if dirs.iter().any(|d| {
                std::fs::read_dir(home.path().join("pending").join(d))
                    .map(|rd| rd.count() > 0)
                    .unwrap_or(false)
            }) {
                break;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "no staging area appeared"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: signalling our own child by pid.
        unsafe { libc::kill(child.id() as i32, sig) };
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.signal(), Some(sig), "{name}: {:?}", out.status);
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("interrupted"),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(staging_dirs(home.path()), Vec::<String>::new(), "{name}");
        assert!(
            !home.path().join("pending").join(FINESS_ID).exists(),
            "{name}"
        );
    }
    // A SIGKILLed run's leftover, 11 minutes old: the next run removes it, and works.
    let left = home.path().join("pending/.staging-1010000024-killed");
    std::fs::create_dir_all(&left).unwrap();
    std::fs::write(left.join("auth_cli.key.pem"), "x").unwrap();
    let old = std::time::SystemTime::now() - Duration::from_secs(11 * 60);
    std::fs::File::open(&left)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let recent = home.path().join("pending/.staging-1010000024-running");
    std::fs::create_dir_all(&recent).unwrap();
    let out = csr("0").output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!left.exists(), "a stale staging area is removed");
    assert!(
        recent.exists(),
        "a recent one may belong to a running agent: kept"
    );
    assert!(home
        .path()
        .join("pending")
        .join(FINESS_ID)
        .join("order.json")
        .exists());
}

/// Every secret file the agent reads is checked as a PIN file is (ssh's rule): a PKCS#12
/// password file (`import --p12-password-file`) or an export passphrase file (`export
/// --passphrase-file`) that group or others can read is refused before it is read, naming the
/// mode (exit 3, nothing written); the same file at 0600 is used.
#[test]
fn secret_files_open_to_others_are_refused_naming_the_mode() {
    let w = World::new().with_pki();
    let (home, work, ca) = (&w.home, &w.work, w.ca());
    let p12 = p12_with_subject(
        ca,
        work.path(),
        &format!("/C=FR/O=PHARMACIE DU TEST/OU={FINESS_ID}/CN=DMP AUTHENTIFICATION"),
    );
    let pw = work.path().join("pw");
    std::fs::write(&pw, "pw\n").unwrap();
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o644)).unwrap();
    let import = || {
        w.run(&[
            "import",
            &s(&p12),
            "--p12-password-file",
            &s(&pw),
            "--trust-anchor",
            &s(&ca.root()),
            "--test-pki",
        ])
    };
    let out = import();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "the PKCS#12 password file {} is accessible by others (mode 0644)",
            pw.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("chmod 600 {}", pw.display())),
        "{err}"
    );
    assert!(!home.path().join("store").join(FINESS_ID).exists());

    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = import();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(home.path().join("store").join(FINESS_ID).exists());

    // agent export --passphrase-file: same rule.
    let pass = work.path().join("exportpw");
    std::fs::write(&pass, "another pass\n").unwrap();
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out_p12 = work.path().join("re.p12");
    let export = || {
        w.run(&[
            "export",
            "--structure",
            FINESS_ID,
            "--usage",
            "auth_cli",
            "--p12",
            &s(&out_p12),
            "--passphrase-file",
            &s(&pass),
        ])
    };
    let out = export();
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the passphrase file") && stderr(&out).contains("(mode 0640)"),
        "{}",
        stderr(&out)
    );
    assert!(!out_p12.exists());
    std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = export();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out_p12.exists());
}

/// The directory's answer is capped (docs/security.md): 200 entries for one practitioner, and
/// 1 MiB of values. A real slapd holding 250 activities for one RPPS, then one holding twelve
/// activities of 100 KiB each: `agent lookup` stops with exit 30 and names the cap; exactly 200
/// entries still work.
#[test]
fn directory_answers_past_the_caps_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let entry = |i: usize, name: &str| {
        format!(
            "dn: cn=810000123454+ou=4100001234540{i:02},o=TEST,c=fr\nobjectClass: cpsActivite\ncn: 810000123454\nou: 4100001234540{i:02}\nraisonSociale: {name}\nsectActRPPS: SA07\n\n"
        )
    };
    let lookup = |ldif: &Path| {
        let w = World::new().with_directory(&[ldif.to_path_buf()]);
        let start = std::time::Instant::now();
        let o = w.run(&[
            "lookup",
            "--ldap-url",
            &w.directory().url,
            "--rpps",
            "10000123454",
        ]);
        eprintln!("{}: {:?}", ldif.display(), start.elapsed());
        o
    };
    // 250 entries (ou …0000 to …0249), then 200.
    for (n, ok) in [(250usize, false), (200, true)] {
        let ldif = dir.path().join(format!("many-{n}.ldif"));
        let text: String = (0..n)
            .map(|i| {
                format!(
                    "dn: cn=810000123454+ou=41000012345{i:04},o=TEST,c=fr\nobjectClass: cpsActivite\ncn: 810000123454\nou: 41000012345{i:04}\nraisonSociale: CABINET {i}\nsectActRPPS: SA07\n\n"
                )
            })
            .collect();
        std::fs::write(&ldif, text).unwrap();
        let o = lookup(&ldif);
        if ok {
            assert_eq!(o.status.code(), Some(0), "{n}: {}", stderr(&o));
        } else {
            assert_eq!(o.status.code(), Some(30), "{n}: {}", stderr(&o));
            let err = stderr(&o);
            assert!(
                err.contains("answered more than the agent reads for one practitioner (more than 200 entries"),
                "{err}"
            );
            assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        }
    }
    // Twelve entries of 100 KiB each: past 1 MiB at the eleventh.
    let big = "A".repeat(100 * 1024);
    let ldif = dir.path().join("big.ldif");
    let text: String = (0..12).map(|i| entry(i, &big)).collect();
    std::fs::write(&ldif, text).unwrap();
    let o = lookup(&ldif);
    assert_eq!(o.status.code(), Some(30), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("(more than 1024 KiB of values;"), "{err}");
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
}
