//! The independent EST peer (`tests/peers/est_server.py`: Python http.server + ssl, openssl as
//! the CA), started on 127.0.0.1 and stopped by pid when dropped.

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running EST peer.
pub struct EstPeer {
    child: Child,
    /// Its port.
    pub port: u16,
    /// Its EST base URL.
    pub url: String,
    /// The CA of its TLS server certificate (the client's `--est-ca`).
    pub tls_ca: PathBuf,
    /// The request log (JSON lines).
    pub log: PathBuf,
    dir: tempfile::TempDir,
}

fn openssl(dir: &Path, args: &[&str]) {
    let o = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

impl EstPeer {
    /// Starts the peer: client certificates must chain to `client_ca` (PEM), `/cacerts` serves
    /// `cacerts` (PEM), certificates are issued by `ca_cert` with `ca_key`.
    pub fn start(client_ca: &Path, cacerts: &Path, ca_cert: &Path, ca_key: &Path) -> EstPeer {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        openssl(
            d,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "tls-ca.key",
                "-out",
                "tls-ca.pem",
                "-subj",
                "/CN=TEST EST PEER TLS CA",
                "-days",
                "2",
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign",
            ],
        );
        openssl(
            d,
            &[
                "req",
                "-new",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "srv.key",
                "-out",
                "srv.csr",
                "-subj",
                "/CN=127.0.0.1",
            ],
        );
        std::fs::write(
            d.join("srv.ext"),
            "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n",
        )
        .unwrap();
        openssl(
            d,
            &[
                "x509",
                "-req",
                "-in",
                "srv.csr",
                "-CA",
                "tls-ca.pem",
                "-CAkey",
                "tls-ca.key",
                "-set_serial",
                "2",
                "-days",
                "2",
                "-extfile",
                "srv.ext",
                "-out",
                "srv.pem",
            ],
        );
        let log = d.join("requests.log");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/peers/est_server.py");
        let mut child = Command::new("python3")
            .arg(script)
            .arg("--cert")
            .arg(d.join("srv.pem"))
            .arg("--key")
            .arg(d.join("srv.key"))
            .arg("--client-ca")
            .arg(client_ca)
            .arg("--cacerts")
            .arg(cacerts)
            .arg("--ca-cert")
            .arg(ca_cert)
            .arg("--ca-key")
            .arg(ca_key)
            .arg("--log")
            .arg(&log)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(d.join("stderr")).expect("stderr"))
            .spawn()
            .expect("python3 (package python3)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read");
        let j: Value = serde_json::from_str(&line).unwrap_or_else(|_| {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "the EST peer did not start: {}",
                std::fs::read_to_string(d.join("stderr")).unwrap_or_default()
            )
        });
        let port = j["port"].as_u64().expect("port") as u16;
        EstPeer {
            child,
            port,
            url: format!("https://127.0.0.1:{port}/.well-known/est"),
            tls_ca: d.join("tls-ca.pem"),
            log,
            dir,
        }
    }

    /// The requests so far.
    pub fn requests(&self) -> Vec<Value> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON line"))
            .collect()
    }

    /// How many requests went to `op` (`cacerts`, `simpleenroll`…).
    pub fn count(&self, op: &str) -> usize {
        self.requests()
            .iter()
            .filter(|r| r["path"] == format!("/.well-known/est/{op}"))
            .count()
    }

    /// A scratch directory living as long as the peer.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

impl Drop for EstPeer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
