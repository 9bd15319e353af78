//! Receivers for `agent notify`, run on 127.0.0.1 by the tests: an SMTP server (aiosmtpd, plain or
//! STARTTLS with AUTH required over TLS, RFC 3207 / RFC 4954) and an HTTP(S) receiver (Python
//! http.server + ssl). Each writes one JSON file per message or request into a directory, which
//! the tests count and read. Stopped by pid when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

const SMTP_PY: &str = r#"
import email, email.policy, json, os, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, out, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]

def save(rec):
    n = len([f for f in os.listdir(out) if f.endswith(".json")])
    tmp = os.path.join(out, ".tmp-%d" % n)
    with open(tmp, "w") as f:
        json.dump(rec, f)
    os.rename(tmp, os.path.join(out, "%04d.json" % n))

class Handler:
    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        save({
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
            "login": getattr(session, "agent_login", b"").decode() or None,
            "subject": str(msg["subject"]),
            "from": str(msg["from"]),
            "to": str(msg["to"]),
            "content_type": msg.get_content_type(),
            "body": msg.get_content(),
        })
        return "250 OK"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"agent" and auth_data.password == b"s3cret"
    if ok:
        session.agent_login = auth_data.login
    return AuthResult(success=ok)

kw = {}
if mode == "starttls":
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(sys.argv[4], sys.argv[5])
    kw = dict(tls_context=ctx, require_starttls=True, authenticator=authenticator,
              auth_required=True, auth_require_tls=True)
if mode == "smtps":
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(sys.argv[4], sys.argv[5])
    # The whole connection is TLS; aiosmtpd's auth_require_tls only knows STARTTLS.
    kw = dict(ssl_context=ctx, authenticator=authenticator, auth_required=True,
              auth_require_tls=False)
c = Controller(Handler(), hostname="127.0.0.1", port=port, **kw)
c.start()
print("READY", flush=True)
while True:
    time.sleep(3600)
"#;

const HTTP_PY: &str = r#"
import http.server, json, os, ssl, sys

port, out, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3]

class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        n = len([f for f in os.listdir(out) if f.endswith(".json")])
        tmp = os.path.join(out, ".tmp-%d" % n)
        with open(tmp, "w") as f:
            json.dump({"path": self.path, "method": "POST",
                       "authorization": self.headers.get("Authorization"),
                       "content_type": self.headers.get("Content-Type"),
                       "body": body.decode()}, f)
        os.rename(tmp, os.path.join(out, "%04d.json" % n))
        self.send_response(204)
        self.end_headers()
    def log_message(self, *a):
        pass

srv = http.server.ThreadingHTTPServer(("127.0.0.1", port), H)
if mode == "https":
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[4], sys.argv[5])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
print("READY", flush=True)
srv.serve_forever()
"#;

/// A free TCP port on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("bind 127.0.0.1:0")
        .port()
}

/// A TEST CA and a TLS server certificate it issued for 127.0.0.1 (openssl; basicConstraints
/// CA:FALSE and serverAuth, as RFC 5280 and the CA/B rules want of a server certificate):
/// `(ca.pem, cert.pem, key.pem)`.
pub fn server_cert(dir: &Path) -> (PathBuf, PathBuf, PathBuf) {
    let ca = dir.join("receiver-ca.pem");
    let ca_key = dir.join("receiver-ca-key.pem");
    let cert = dir.join("server-cert.pem");
    let key = dir.join("server-key.pem");
    let csr = dir.join("server.csr");
    let ext = dir.join("server.ext");
    std::fs::write(
        &ext,
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,DNS:localhost\n",
    )
    .expect("ext file");
    let openssl = |args: &[&str]| {
        let st = Command::new("openssl")
            .args(args)
            .stderr(Stdio::null())
            .stdout(Stdio::null())
            .status()
            .expect("openssl");
        assert!(st.success(), "openssl {args:?}");
    };
    let p = |p: &Path| p.display().to_string();
    openssl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "3",
        "-subj",
        "/CN=TEST notification receiver CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
        "-keyout",
        &p(&ca_key),
        "-out",
        &p(&ca),
    ]);
    openssl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        &p(&key),
        "-out",
        &p(&csr),
    ]);
    openssl(&[
        "x509",
        "-req",
        "-in",
        &p(&csr),
        "-CA",
        &p(&ca),
        "-CAkey",
        &p(&ca_key),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        &p(&ext),
        "-out",
        &p(&cert),
    ]);
    (ca, cert, key)
}

/// A receiver process and the directory it writes into.
pub struct Receiver {
    child: Child,
    /// One JSON file per message or request.
    pub dir: PathBuf,
    /// Its port.
    pub port: u16,
    _script: tempfile::TempDir,
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(script: &str, port: u16, dir: &Path, args: &[&str]) -> Receiver {
    std::fs::create_dir_all(dir).expect("receiver dir");
    let sdir = tempfile::tempdir().expect("tempdir");
    let path = sdir.path().join("receiver.py");
    std::fs::write(&path, script).expect("write script");
    let mut child = Command::new("python3")
        .arg(&path)
        .arg(port.to_string())
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx.recv_timeout(Duration::from_secs(30)).unwrap_or_default();
    let r = Receiver {
        child,
        dir: dir.to_path_buf(),
        port,
        _script: sdir,
    };
    assert!(
        line.starts_with("READY"),
        "receiver {args:?} did not start (python3 with aiosmtpd: scripts/setup installs it)"
    );
    r
}

/// An SMTP server: `plain`, or `starttls` with `(cert, key)` (STARTTLS and AUTH required; user
/// `agent`, password `s3cret`).
pub fn smtp(port: u16, dir: &Path, tls: Option<(&Path, &Path)>) -> Receiver {
    match tls {
        None => start(SMTP_PY, port, dir, &["plain"]),
        Some((c, k)) => start(
            SMTP_PY,
            port,
            dir,
            &[
                "starttls",
                &c.display().to_string(),
                &k.display().to_string(),
            ],
        ),
    }
}

/// An SMTP server speaking TLS from the first byte (RFC 8314 implicit TLS), AUTH required (user
/// `agent`, password `s3cret`).
pub fn smtps(port: u16, dir: &Path, cert: &Path, key: &Path) -> Receiver {
    start(
        SMTP_PY,
        port,
        dir,
        &[
            "smtps",
            &cert.display().to_string(),
            &key.display().to_string(),
        ],
    )
}

/// An HTTP receiver, or HTTPS with `(cert, key)`; answers 204.
pub fn http(port: u16, dir: &Path, tls: Option<(&Path, &Path)>) -> Receiver {
    match tls {
        None => start(HTTP_PY, port, dir, &["http"]),
        Some((c, k)) => start(
            HTTP_PY,
            port,
            dir,
            &["https", &c.display().to_string(), &k.display().to_string()],
        ),
    }
}

/// The records a receiver wrote into `dir`, in order.
pub fn records(dir: &Path) -> Vec<Value> {
    let mut names: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names
        .iter()
        .map(|p| {
            serde_json::from_str(&std::fs::read_to_string(p).expect("read record"))
                .expect("record JSON")
        })
        .collect()
}
