//! Benchmarks of `agent csr` (see docs/performance.md for how to run them and the numbers).
//!
//! - `csr/agent-lib`: software RSA-2048 key generation + ORG request (build, sign, self-check), in
//!   process;
//! - `csr/agent-cli`: the whole `agent csr --usage auth_cli` process, files written and synced;
//! - `csr/openssl`: `openssl req -newkey rsa:2048 -nodes -subj …` on the same machine, same run;
//! - `softhsm/sign`: one RSA-2048 SHA-256 signature on a SoftHSM2 token;
//! - `softhsm/csr`: one ORG request signed on the token.
//!
//! At the end it prints the medians, the agent/openssl ratios and the SoftHSM operations per second.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use agent::card::uri::Pkcs11Uri;
use agent::csr::{build_csr, OrgSubject, Usage};
use agent::departement::Departement;
use agent::ids::StructureId;
use agent::keys::pkcs11::Pkcs11KeyStore;
use agent::keys::software::SoftwareKey;
use agent::keys::{AgentKey, KeyAlgorithm};
use criterion::{black_box, Criterion};

const SOFTHSM_MODULE: &str = "/usr/lib/softhsm/libsofthsm2.so";
const SUBJ: &str =
    "/C=FR/ST=Paris (75)/O=PHARMACIE DE LA GARE/OU=1750000010/CN=DMP AUTHENTIFICATION";

fn subject() -> OrgSubject {
    OrgSubject {
        departement: Departement::from_code("75").ok(),
        raison_sociale: "PHARMACIE DE LA GARE".into(),
        structure: "1750000010".parse::<StructureId>().expect("structure id"),
        conf_service: None,
    }
}

fn must(cmd: &mut Command) {
    let st = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("spawn");
    assert!(st.success(), "{cmd:?} failed");
}

fn bench_software(c: &mut Criterion, tmp: &Path) {
    let subject = subject();
    let mut g = c.benchmark_group("csr");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("agent-lib", |b| {
        b.iter(|| {
            let key = SoftwareKey::generate(KeyAlgorithm::Rsa2048).expect("keygen");
            black_box(build_csr(&key, Usage::AuthCli, &subject).expect("csr"))
        })
    });
    let agent = PathBuf::from(env!("CARGO_BIN_EXE_agent"));
    let config = tmp.join("config.toml");
    std::fs::write(&config, "").expect("config");
    let mut n = 0u64;
    g.bench_function("agent-cli", |b| {
        b.iter(|| {
            n += 1;
            let home = tmp.join(format!("home-{n}"));
            must(
                Command::new(&agent)
                    .env("AGENT_HOME", &home)
                    .env("AGENT_CONFIG", &config)
                    .args(["csr", "--structure", "1750000010", "--dept", "75"])
                    .args(["--name", "PHARMACIE DE LA GARE", "--usage", "auth_cli"]),
            );
            let _ = std::fs::remove_dir_all(&home);
        })
    });
    let key_out = tmp.join("openssl.key");
    let csr_out = tmp.join("openssl.csr");
    g.bench_function("openssl", |b| {
        b.iter(|| {
            must(
                Command::new("openssl")
                    .args(["req", "-new", "-newkey", "rsa:2048", "-nodes", "-sha256"])
                    .args(["-utf8", "-subj", SUBJ, "-keyout"])
                    .arg(&key_out)
                    .arg("-out")
                    .arg(&csr_out),
            )
        })
    });
    g.finish();
}

fn bench_softhsm(c: &mut Criterion, tmp: &Path) {
    let tokens = tmp.join("tokens");
    std::fs::create_dir_all(&tokens).expect("tokens dir");
    let conf = tmp.join("softhsm2.conf");
    std::fs::write(
        &conf,
        format!(
            "directories.tokendir = {}\nobjectstore.backend = file\nlog.level = ERROR\n",
            tokens.display()
        ),
    )
    .expect("softhsm2.conf");
    must(
        Command::new("softhsm2-util")
            .env("SOFTHSM2_CONF", &conf)
            .args(["--init-token", "--free", "--label", "ORG BENCH"])
            .args(["--pin", "24681357", "--so-pin", "87654321"]),
    );
    // SoftHSM reads its configuration when the module is initialized (below).
    std::env::set_var("SOFTHSM2_CONF", &conf);
    let pin = tmp.join("pin");
    std::fs::write(&pin, "24681357\n").expect("pin");
    // A PIN file must be private to its owner (the agent refuses others).
    std::fs::set_permissions(&pin, std::os::unix::fs::PermissionsExt::from_mode(0o600))
        .expect("chmod pin");
    let uri = Pkcs11Uri::parse(&format!(
        "pkcs11:token=ORG%20BENCH?module-path={SOFTHSM_MODULE}"
    ))
    .expect("uri");
    let store = Pkcs11KeyStore::open(&uri, None, false, Some(&pin)).expect("open");
    let key = store
        .generate(KeyAlgorithm::Rsa2048, "ORG BENCH KEY", false)
        .expect("generate on the token");
    let subject = subject();
    let tbs = build_csr(&key, Usage::AuthCli, &subject).expect("csr").der;
    let mut g = c.benchmark_group("softhsm");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function("sign", |b| {
        b.iter(|| black_box(key.sign(&tbs).expect("sign")))
    });
    g.bench_function("csr", |b| {
        b.iter(|| black_box(build_csr(&key, Usage::AuthCli, &subject).expect("csr")))
    });
    g.finish();
    let _ = store.destroy(&key);
}

fn median_ns(group: &str, name: &str) -> Option<f64> {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target"));
    let path = target
        .join("criterion")
        .join(group)
        .join(name)
        .join("new/estimates.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    v["median"]["point_estimate"].as_f64()
}

fn summary() {
    let ms = |ns: f64| ns / 1e6;
    println!("\n== summary (medians) ==");
    let lib = median_ns("csr", "agent-lib");
    let cli = median_ns("csr", "agent-cli");
    let ossl = median_ns("csr", "openssl");
    for (name, v) in [
        ("agent, in process (keygen + CSR)", lib),
        ("agent csr, one usage (process)", cli),
        ("openssl req -newkey rsa:2048", ossl),
    ] {
        if let Some(v) = v {
            println!("{name:<40} {:>9.1} ms", ms(v));
        }
    }
    if let (Some(o), Some(l)) = (ossl, lib) {
        println!("{:<40} {:>9.2}", "ratio agent in process / openssl", l / o);
    }
    if let (Some(o), Some(c)) = (ossl, cli) {
        println!("{:<40} {:>9.2}", "ratio agent csr process / openssl", c / o);
    }
    for (name, v) in [
        (
            "SoftHSM RSA-2048 SHA-256 signature",
            median_ns("softhsm", "sign"),
        ),
        (
            "SoftHSM CSR (build + sign + check)",
            median_ns("softhsm", "csr"),
        ),
    ] {
        if let Some(v) = v {
            println!("{name:<40} {:>9.2} ms  {:>8.0} ops/s", ms(v), 1e9 / v);
        }
    }
}

fn main() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let mut c = Criterion::default().configure_from_args();
    bench_software(&mut c, tmp.path());
    bench_softhsm(&mut c, tmp.path());
    c.final_summary();
    summary();
}
