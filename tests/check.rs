//! `agent check`: the installed AUTH_CLI pair really authenticates, against `openssl s_server
//! -Verify` as an independent TLS server on 127.0.0.1.

mod common;

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::orgca::OrgCa;
use common::world::World;
use common::{run, stderr, stdout};

struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn s_server(dir: &Path, client_ca: &Path, port: u16) -> Server {
    let child = Command::new("openssl")
        .args([
            "s_server",
            "-accept",
            &format!("127.0.0.1:{port}"),
            "-www",
            "-Verify",
            "2",
            "-verify_return_error",
        ])
        .arg("-cert")
        .arg(dir.join("server.pem"))
        .arg("-key")
        .arg(dir.join("server.key"))
        .arg("-CAfile")
        .arg(client_ca)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("openssl s_server");
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "s_server did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    Server(child)
}

#[test]
fn installed_auth_cli_authenticates_to_an_independent_tls_server() {
    let world = World::new().with_pki();
    let ca = world.ca();
    let w = world.work.path();
    let cert = world.order_and_issue("auth_cli");
    let out = world.import(&[&cert, &ca.intermediate()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // The server's own certificate, issued by a separate CA.
    let ossl = |args: &[&str]| {
        let o = Command::new("openssl")
            .args(args)
            .current_dir(w)
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "openssl {args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    ossl(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=TEST SERVER CA",
        "-days",
        "2",
        "-keyout",
        "sca.key",
        "-out",
        "sca.pem",
    ]);
    ossl(&[
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        "server.key",
        "-out",
        "server.csr",
    ]);
    std::fs::write(w.join("server.ext"), "subjectAltName=IP:127.0.0.1\nbasicConstraints=critical,CA:FALSE\nextendedKeyUsage=serverAuth\n").unwrap();
    ossl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "sca.pem",
        "-CAkey",
        "sca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.pem",
    ]);
    // The server trusts the root only: the agent must send the ORGANISATIONS CA itself (a
    // server that also trusted the intermediate would hide a client that never sends it).
    let client_ca = ca.root();
    let port = free_port();
    let _server = s_server(w, &client_ca, port);
    let out = run(world
        .agent()
        .args([
            "check",
            "--json",
            "--url",
            &format!("https://127.0.0.1:{port}/"),
            "--ca-file",
        ])
        .arg(w.join("sca.pem")));
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let j: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(j["http_status"], 200, "{j}");
    assert_eq!(j["tls_version"], "TLSv1.3");
    assert_eq!(j["structure"], "1010000024");

    // A server that trusts another CA refuses the client certificate: exit 51.
    let other = OrgCa::with_names("TEST AUTRE RACINE", "TEST AUTRE ORGANISATIONS");
    let port2 = free_port();
    let _server2 = s_server(w, &other.root(), port2);
    let out = run(world
        .agent()
        .args([
            "check",
            "--url",
            &format!("https://127.0.0.1:{port2}/"),
            "--ca-file",
        ])
        .arg(w.join("sca.pem")));
    assert_eq!(
        out.status.code(),
        Some(51),
        "stdout {} stderr {}",
        stdout(&out),
        stderr(&out)
    );

    // A server the agent does not trust: exit 50, and no client certificate is sent.
    let out = run(world
        .agent()
        .args([
            "check",
            "--url",
            &format!("https://127.0.0.1:{port}/"),
            "--ca-file",
        ])
        .arg(ca.root()));
    assert_eq!(out.status.code(), Some(50), "{}", stderr(&out));
}
