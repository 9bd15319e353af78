//! The emulated IGC Santé platform (`mock-card pfc`) and an `openssl s_server` peer, each stopped
//! by pid when dropped.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running `mock-card pfc`.
pub struct Pfc {
    child: Child,
    /// Its EST base URL (`https://127.0.0.1:PORT/.well-known/est`).
    pub url: String,
    /// Its port.
    pub port: u16,
    /// The PEM file of the CA of its TLS certificate (the client's trust anchor).
    pub tls_ca: PathBuf,
    /// The JSON-lines request log.
    pub log: PathBuf,
    /// Its stderr.
    pub stderr: PathBuf,
    dir: tempfile::TempDir,
}

impl Pfc {
    /// Starts the platform for the card described by `provision_json`, with `habilitations`
    /// (holder id → structure ids) and extra `mock-card pfc` arguments.
    pub fn start(provision_json: &Path, habilitations: &Value, extra: &[&str]) -> Pfc {
        let dir = tempfile::tempdir().expect("tempdir");
        let hab = dir.path().join("habilitations.json");
        std::fs::write(&hab, habilitations.to_string()).expect("write habilitations");
        let tls_ca = dir.path().join("pfc-tls-ca.pem");
        let log = dir.path().join("pfc.log");
        let stderr = dir.path().join("pfc.stderr");
        let mut child = Command::new(super::mock_card_bin())
            .arg("pfc")
            .arg("--provision")
            .arg(provision_json)
            .arg("--habilitations")
            .arg(&hab)
            .arg("--tls-ca-out")
            .arg(&tls_ca)
            .arg("--log")
            .arg(&log)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).expect("stderr file"))
            .spawn()
            .expect("starting mock-card pfc");
        let mut line = String::new();
        let out = child.stdout.take().expect("stdout");
        BufReader::new(out).read_line(&mut line).expect("read");
        if line.trim().is_empty() {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "mock-card pfc did not start: {}",
                std::fs::read_to_string(&stderr).unwrap_or_default()
            );
        }
        let j: Value = serde_json::from_str(&line).expect("pfc start line is JSON");
        let url = j["url"].as_str().expect("url").to_string();
        let port = j["port"].as_u64().expect("port") as u16;
        assert_eq!(j["tls_ca"].as_str(), Some(tls_ca.to_str().unwrap()));
        assert!(url.starts_with("https://127.0.0.1:"), "{url}");
        Pfc {
            child,
            url,
            port,
            tls_ca,
            log,
            stderr,
            dir,
        }
    }

    /// The request log so far, one JSON object per request.
    pub fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("log line is JSON"))
            .collect()
    }

    /// A scratch directory living as long as the platform.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for Pfc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs openssl; panics with its stderr on failure.
pub fn openssl(args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .expect("running openssl (install the openssl package)");
    assert!(
        out.status.success(),
        "openssl {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// A free TCP port on 127.0.0.1 (bound, then released).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

/// A running `openssl s_server -www` that requires a client certificate.
pub struct SServer {
    child: Child,
    /// Its https URL.
    pub url: String,
    /// The PEM of the CA of its server certificate.
    pub ca: PathBuf,
    _dir: tempfile::TempDir,
}

impl SServer {
    /// Starts `openssl s_server -Verify 1 -verify_return_error -CAfile client_ca -www` on
    /// 127.0.0.1: a client certificate is required and must verify.
    pub fn start(client_ca: &Path) -> SServer {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = |n: &str| dir.path().join(n).display().to_string();
        openssl(&[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &p("ca.key"),
            "-out",
            &p("ca.pem"),
            "-subj",
            "/CN=TEST s_server CA",
            "-days",
            "2",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign",
        ]);
        openssl(&[
            "req",
            "-new",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &p("srv.key"),
            "-out",
            &p("srv.csr"),
            "-subj",
            "/CN=127.0.0.1",
        ]);
        std::fs::write(
            dir.path().join("srv.ext"),
            "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
        )
        .unwrap();
        openssl(&[
            "x509",
            "-req",
            "-in",
            &p("srv.csr"),
            "-CA",
            &p("ca.pem"),
            "-CAkey",
            &p("ca.key"),
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            &p("srv.ext"),
            "-out",
            &p("srv.pem"),
        ]);
        let port = free_port();
        let mut child = Command::new("openssl")
            .args(["s_server", "-accept"])
            .arg(format!("127.0.0.1:{port}"))
            .args([
                "-cert",
                &p("srv.pem"),
                "-key",
                &p("srv.key"),
                "-Verify",
                "1",
                "-verify_return_error",
            ])
            .arg("-CAfile")
            .arg(client_ca)
            .args(["-www", "-naccept", "20"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting openssl s_server");
        let out = child.stdout.take().expect("stdout");
        let mut reader = BufReader::new(out);
        let mut line = String::new();
        loop {
            line.clear();
            let n = reader.read_line(&mut line).expect("read s_server");
            assert!(n > 0, "openssl s_server exited before ACCEPT");
            if line.starts_with("ACCEPT") {
                break;
            }
        }
        // Keep draining stdout so that s_server never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while reader.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        });
        SServer {
            child,
            url: format!("https://127.0.0.1:{port}/"),
            ca: dir.path().join("ca.pem"),
            _dir: dir,
        }
    }
}

impl Drop for SServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
