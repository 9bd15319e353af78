//! `agent status` over a large store, against a shell loop of `openssl x509 -enddate -noout`.
//!
//! ```text
//! cargo bench --bench status                 # 5,000 structures x 2 = 10,000 certificates
//! STATUS_BENCH_STRUCTURES=500 cargo bench --bench status
//! ```
//!
//! The first run writes the store once under `target/tmp/status-bench-<N>/` in the exact store
//! layout (`<store>/<structure>/<usage>/live -> versions/v0001/{privkey.pem, cert.pem, chain.pem,
//! fullchain.pem, meta.json}`): 10,000 distinct certificates (own serial, subject, validity and
//! signature) issued with rcgen by a TEST ORGANISATIONS CA under a TEST root. Generating 10,000
//! RSA keys would take about ten minutes here, so the leaves draw their keys from a pool of 64 RSA
//! 2048 keys; `agent status` caches nothing by content, so every key file is read and compared
//! anyway. `bundle.p12` is not written: status does not read it.
//!
//! Then it runs the release `agent` (the one cargo built for this bench) and reports, as Markdown:
//! median and min/max wall time and peak RSS (GNU `time -f %M`) of `agent status --json` without and
//! with trust anchors, `--format prometheus`, `agent status --structure ID` (one structure), and
//! the openssl loop over the same `cert.pem` files. The environment:
//! `STATUS_BENCH_RUNS` (agent runs per case, default 11), `STATUS_BENCH_OPENSSL_RUNS` (default 1:
//! one loop over 10,000 files takes minutes).

use std::fs;
use std::io::Write;
use std::os::unix::fs::{symlink, DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration as StdDuration, Instant};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, DnValue,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose, SerialNumber, PKCS_RSA_SHA256,
};
use time::{Duration, OffsetDateTime};

const KEY_POOL: usize = 64;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn finess_id(n: usize) -> String {
    let body = format!("{:02}{:06}", 1 + n / 1_000_000, n % 1_000_000);
    let key = (0..10)
        .find(|k| agent::ids::luhn_valid(&format!("{body}{k}")))
        .unwrap_or(0);
    format!("1{body}{key}")
}

fn dn(parts: &[(DnType, &str)]) -> DistinguishedName {
    let mut d = DistinguishedName::new();
    for (t, v) in parts {
        if *t == DnType::CountryName {
            d.push(
                t.clone(),
                DnValue::PrintableString(v.to_string().try_into().expect("printable")),
            );
        } else {
            d.push(t.clone(), *v);
        }
    }
    d
}

fn ca_params(cn: &str, now: OffsetDateTime) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = dn(&[
        (DnType::CountryName, "FR"),
        (DnType::OrganizationName, "ASIP-SANTE"),
        (DnType::OrganizationalUnitName, "IGC-SANTE TEST"),
        (DnType::CommonName, cn),
    ]);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = now - Duration::days(2000);
    p.not_after = now + Duration::days(3650);
    p
}

fn mkdir(p: &Path) {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(p)
        .unwrap_or_else(|e| panic!("mkdir {}: {e}", p.display()));
}

fn write(p: &Path, data: &[u8], mode: u32) {
    let mut f = fs::OpenOptions::new()
        .create(true)
        .truncate(true)
        .write(true)
        .mode(mode)
        .open(p)
        .unwrap_or_else(|e| panic!("write {}: {e}", p.display()));
    f.write_all(data).expect("write");
}

/// Validity of leaf `i`: 1 % expired, 2 % within 30 days, the rest spread over 3 years.
fn validity(i: usize, now: OffsetDateTime) -> (OffsetDateTime, OffsetDateTime) {
    let end = match i % 100 {
        0 => now - Duration::days(5 + (i % 17) as i64),
        1 | 2 => now + Duration::days(1 + (i % 29) as i64),
        _ => now + Duration::days(61 + (i * 7919 % 1030) as i64),
    };
    (end - Duration::days(1095), end)
}

/// Writes the store once; returns (home, root.pem, one structure id).
fn ensure_store(base: &Path, structures: usize) -> (PathBuf, PathBuf, String) {
    let home = base.join("home");
    let root_pem = base.join("root.pem");
    let marker = base.join("complete");
    let sample = finess_id(structures / 2);
    if marker.exists() {
        return (home, root_pem, sample);
    }
    let _ = fs::remove_dir_all(base);
    mkdir(&home.join("store"));
    let t0 = Instant::now();
    let now = OffsetDateTime::now_utc();
    let root_key = KeyPair::generate_for(&PKCS_RSA_SHA256).expect("root key");
    let root_params = ca_params("TEST AC RACINE IGC-SANTE ELEMENTAIRE BENCH", now);
    let root_cert = root_params.self_signed(&root_key).expect("root");
    let root_issuer = Issuer::new(root_params, &root_key);
    let org_key = KeyPair::generate_for(&PKCS_RSA_SHA256).expect("org key");
    let org_params = ca_params("TEST AC IGC-SANTE ELEMENTAIRE ORGANISATIONS BENCH", now);
    let org_cert = org_params.signed_by(&org_key, &root_issuer).expect("org");
    let org_issuer = Issuer::new(org_params, &org_key);
    write(&root_pem, root_cert.pem().as_bytes(), 0o644);
    let chain_pem = org_cert.pem();

    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2);
    eprintln!("status bench: {KEY_POOL} RSA 2048 keys on {threads} threads…");
    let keys: Vec<KeyPair> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    (t..KEY_POOL)
                        .step_by(threads)
                        .map(|_| KeyPair::generate_for(&PKCS_RSA_SHA256).expect("key"))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        hs.into_iter()
            .flat_map(|h| h.join().expect("keygen"))
            .collect()
    });
    let key_pems: Vec<String> = keys.iter().map(|k| k.serialize_pem()).collect();
    eprintln!(
        "status bench: issuing {} certificates into {}…",
        structures * 2,
        home.display()
    );
    let store = home.join("store");
    std::thread::scope(|s| {
        for t in 0..threads {
            let (keys, key_pems, org_issuer, chain_pem, store) =
                (&keys, &key_pems, &org_issuer, &chain_pem, &store);
            s.spawn(move || {
                for n in (t..structures).step_by(threads) {
                    let id = finess_id(n);
                    let name = format!("PHARMACIE DU BANC D'ESSAI {n}");
                    for (u, usage) in [agent::csr::Usage::AuthCli, agent::csr::Usage::Sign]
                        .into_iter()
                        .enumerate()
                    {
                        let i = n * 2 + u;
                        let key = &keys[i % KEY_POOL];
                        let (nb, na) = validity(i, now);
                        let mut p = CertificateParams::default();
                        p.distinguished_name = dn(&[
                            (DnType::CountryName, "FR"),
                            (DnType::StateOrProvinceName, "Paris (75)"),
                            (DnType::OrganizationName, &name),
                            (DnType::OrganizationalUnitName, &id),
                            (DnType::CommonName, usage.profile().service.unwrap_or("")),
                        ]);
                        let mut serial = vec![0x41, 0x47];
                        serial.extend_from_slice(&(i as u64).to_be_bytes());
                        serial.extend_from_slice(&now.unix_timestamp().to_be_bytes());
                        p.serial_number = Some(SerialNumber::from(serial.clone()));
                        p.not_before = nb;
                        p.not_after = na;
                        p.use_authority_key_identifier_extension = true;
                        p.is_ca = IsCa::ExplicitNoCa;
                        (p.key_usages, p.extended_key_usages) = match usage {
                            agent::csr::Usage::AuthCli => (
                                vec![KeyUsagePurpose::DigitalSignature],
                                vec![ExtendedKeyUsagePurpose::ClientAuth],
                            ),
                            _ => (
                                vec![
                                    KeyUsagePurpose::DigitalSignature,
                                    KeyUsagePurpose::ContentCommitment,
                                ],
                                vec![ExtendedKeyUsagePurpose::EmailProtection],
                            ),
                        };
                        let cert = p.signed_by(key, org_issuer).expect("leaf");
                        let slot = store.join(&id).join(usage.name());
                        let v = slot.join("versions/v0001");
                        mkdir(&v);
                        let leaf = cert.pem();
                        write(
                            &v.join("privkey.pem"),
                            key_pems[i % KEY_POOL].as_bytes(),
                            0o600,
                        );
                        write(&v.join("cert.pem"), leaf.as_bytes(), 0o644);
                        write(&v.join("chain.pem"), chain_pem.as_bytes(), 0o644);
                        write(
                            &v.join("fullchain.pem"),
                            format!("{leaf}{chain_pem}").as_bytes(),
                            0o644,
                        );
                        let meta = agent::store::VersionMeta {
                            structure: id.parse().expect("a valid FINESS"),
                            raison_sociale: name.clone(),
                            usage,
                            serial: hex::encode_upper(&serial),
                            not_before: nb,
                            not_after: na,
                            installed_at: now,
                            key_store: "software".into(),
                            source: vec!["benches/status.rs".into()],
                            dept: None,
                            key_algorithm: None,
                            service: None,
                        };
                        write(
                            &v.join("meta.json"),
                            &serde_json::to_vec_pretty(&meta).expect("meta"),
                            0o644,
                        );
                        symlink("versions/v0001", slot.join("live")).expect("live link");
                    }
                }
            });
        }
    });
    write(&marker, structures.to_string().as_bytes(), 0o644);
    eprintln!(
        "status bench: store written in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    (home, root_pem, sample)
}

struct Run {
    wall: StdDuration,
    /// User + system CPU seconds (all threads).
    cpu: f64,
    max_rss_kib: i64,
    code: i32,
}

/// Runs `cmd` under `/usr/bin/time -f %M` with stdout and stderr to /dev/null: wall time around
/// spawn and exit (time's own fork and exec included, about a millisecond), peak RSS as GNU time
/// reports it for its child (and the children that child waited for). GNU time forks a small
/// process: measuring the RSS with wait4 from this bench would count the bench's own pages, which
/// the vforked child shares until exec.
fn measure(cmd: &Command) -> Run {
    const TIME: &str = "/usr/bin/time";
    assert!(
        Path::new(TIME).exists(),
        "{TIME} is missing: install the Debian package `time` (scripts/packages.txt lists it)"
    );
    let rss_file = tempfile::NamedTempFile::new().expect("temp file");
    let mut t = Command::new(TIME);
    t.env_clear();
    let mut has_path = false;
    for (k, v) in cmd.get_envs() {
        if let Some(v) = v {
            has_path |= k == "PATH";
            t.env(k, v);
        }
    }
    if !has_path {
        t.env("PATH", std::env::var_os("PATH").unwrap_or_default());
    }
    t.arg("-f")
        .arg("%M %U %S")
        .arg("-o")
        .arg(rss_file.path())
        .arg(cmd.get_program())
        .args(cmd.get_args())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let start = Instant::now();
    let status = t.status().expect("spawn /usr/bin/time");
    let wall = start.elapsed();
    let text = fs::read_to_string(rss_file.path()).unwrap_or_default();
    // With a non-zero exit, GNU time writes "Command exited with non-zero status N" first.
    let last = text.lines().next_back().unwrap_or_default();
    let f: Vec<f64> = last
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    let (max_rss_kib, cpu) = match f.as_slice() {
        [m, u, s] => (*m as i64, u + s),
        _ => (-1, f64::NAN),
    };
    Run {
        wall,
        cpu,
        max_rss_kib,
        code: status.code().unwrap_or(-1),
    }
}

struct Stats {
    median: f64,
    cpu_median: f64,
    min: f64,
    max: f64,
    rss_mib: f64,
    code: i32,
    n: usize,
}

fn repeat(n: usize, mut make: impl FnMut() -> Command) -> Stats {
    let _ = measure(&make()); // warm the page cache and the binary
    let mut runs: Vec<Run> = (0..n).map(|_| measure(&make())).collect();
    runs.sort_by_key(|r| r.wall);
    let secs = |r: &Run| r.wall.as_secs_f64();
    let mut cpu: Vec<f64> = runs.iter().map(|r| r.cpu).collect();
    cpu.sort_by(f64::total_cmp);
    Stats {
        median: secs(&runs[runs.len() / 2]),
        cpu_median: cpu[cpu.len() / 2],
        min: secs(&runs[0]),
        max: secs(&runs[runs.len() - 1]),
        rss_mib: runs.iter().map(|r| r.max_rss_kib).max().unwrap_or(0) as f64 / 1024.0,
        code: runs[0].code,
        n,
    }
}

fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    // `cargo bench` passes --bench; nothing else is taken.
    let structures = env_usize("STATUS_BENCH_STRUCTURES", 5000);
    let runs = env_usize("STATUS_BENCH_RUNS", 11).max(1);
    let openssl_runs = env_usize("STATUS_BENCH_OPENSSL_RUNS", 1);
    let base = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("status-bench-{structures}"));
    let (home, root, sample) = ensure_store(&base, structures);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_agent"));
    let certs = structures * 2;
    let load_before = loadavg();

    let agent = |args: &[&str]| {
        let mut c = Command::new(&bin);
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("AGENT_HOME", &home)
            .env("AGENT_CONFIG", base.join("empty.toml"))
            .arg("status")
            .args(args);
        c
    };
    // The store is signed by the bench's own CA: without --trust-anchor, the built-in IGC Santé
    // anchors are turned off so that the plain runs measure the first-link check as before.
    let plain = |args: &[&str]| {
        let mut c = agent(args);
        c.arg("--no-builtin-anchors");
        c
    };
    write(&base.join("empty.toml"), b"", 0o644);

    // Correctness first: the run measured below reports every certificate.
    let out = plain(&["--json"])
        .stdout(Stdio::piped())
        .output()
        .expect("agent");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = rows.as_array().expect("array");
    assert_eq!(rows.len(), certs, "one row per certificate");
    let count = |s: &str| rows.iter().filter(|r| r["state"] == s).count();
    let (ok, expiring, expired, invalid) = (
        count("ok"),
        count("expiring"),
        count("expired"),
        count("invalid"),
    );
    assert_eq!(
        invalid,
        0,
        "{:?}",
        rows.iter().find(|r| r["state"] == "invalid")
    );
    assert_eq!(ok + expiring + expired, certs);

    let root_s = root.display().to_string();
    let json = repeat(runs, || plain(&["--json"]));
    let anchored = repeat(runs, || {
        agent(&["--json", "--trust-anchor", &root_s, "--test-pki"])
    });
    let prom = repeat(runs, || plain(&["--format", "prometheus"]));
    let one = repeat(runs.max(21), || plain(&["--structure", &sample, "--json"]));

    let store = home.join("store");
    let script =
        r#"for f in "$1"/*/*/live/cert.pem; do openssl x509 -enddate -noout -in "$f"; done"#;
    let openssl = (openssl_runs > 0).then(|| {
        eprintln!("status bench: openssl loop over {certs} files ({openssl_runs} run(s))…");
        let mut rs: Vec<Run> = (0..openssl_runs)
            .map(|_| {
                measure(
                    Command::new("sh")
                        .arg("-c")
                        .arg(script)
                        .arg("sh")
                        .arg(&store),
                )
            })
            .collect();
        rs.sort_by_key(|r| r.wall);
        let m = &rs[rs.len() / 2];
        (
            m.wall.as_secs_f64(),
            m.cpu,
            m.max_rss_kib as f64 / 1024.0,
            rs.len(),
        )
    });
    let load_after = loadavg();

    println!("### agent status over {certs} certificates ({structures} structures x 2)\n");
    println!(
        "Machine: {} cores (`nproc`), load average {load_before} before, {load_after} after; shared with other builds.\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    );
    println!("States in the store: {ok} ok, {expiring} expiring, {expired} expired.\n");
    println!(
        "| command | runs | median wall | min | max | median CPU (user+sys) | peak RSS | exit |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let line = |name: &str, s: &Stats| {
        println!(
            "| {name} | {} | {:.3} s | {:.3} s | {:.3} s | {:.2} s | {:.1} MiB | {} |",
            s.n, s.median, s.min, s.max, s.cpu_median, s.rss_mib, s.code
        )
    };
    line("`agent status --json --no-builtin-anchors`", &json);
    line("`agent status --json --trust-anchor root.pem`", &anchored);
    line(
        "`agent status --format prometheus --no-builtin-anchors`",
        &prom,
    );
    line(
        "`agent status --structure ID --json` (2 certificates)",
        &one,
    );
    if let Some((wall, cpu, rss, n)) = openssl {
        println!(
            "| shell loop of `openssl x509 -enddate -noout` | {n} | {wall:.3} s | | | {cpu:.2} s | {rss:.1} MiB | |"
        );
        println!(
            "\nagent status --json is {:.0} times faster than the openssl loop ({:.2} ms per certificate for openssl).",
            wall / json.median,
            wall * 1000.0 / certs as f64
        );
    }
}
