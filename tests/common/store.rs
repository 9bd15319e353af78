//! Helpers for the tests of a populated store (the store itself is made in a
//! [`super::world::World`] with its ORG CA: `World::install`): distinct structure ids and openssl
//! read-backs of installed certificates.

use std::path::Path;
use std::process::Command;

/// A valid national structure id of type FINESS (`1` + 9 digits with their Luhn key), distinct for
/// each `n` below 1,000,000.
pub fn finess_id(n: u32) -> String {
    let body = format!("01{n:06}");
    let key = (0..10)
        .find(|k| agent::ids::luhn_valid(&format!("{body}{k}")))
        .expect("a Luhn key digit");
    format!("1{body}{key}")
}

/// The serial of a PEM certificate file, upper-case hex, as `openssl x509 -serial` prints it.
pub fn openssl_serial(cert: &Path) -> String {
    let out = Command::new("openssl")
        .args(["x509", "-noout", "-serial", "-in"])
        .arg(cert)
        .output()
        .expect("openssl (package openssl)");
    assert!(
        out.status.success(),
        "openssl x509 -serial {}",
        cert.display()
    );
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .trim_start_matches("serial=")
        .to_uppercase()
}

/// notAfter of a PEM certificate as Unix seconds, read by openssl (`-enddate`, then `date`-free
/// parsing of its `Mon DD HH:MM:SS YYYY GMT` form).
pub fn openssl_not_after(cert: &Path) -> i64 {
    let out = Command::new("openssl")
        .args(["x509", "-noout", "-enddate", "-dateopt", "iso_8601", "-in"])
        .arg(cert)
        .output()
        .expect("openssl (package openssl)");
    assert!(
        out.status.success(),
        "openssl x509 -enddate {}",
        cert.display()
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.trim().trim_start_matches("notAfter=");
    // "2027-01-02 03:04:05Z"
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]Z");
    time::PrimitiveDateTime::parse(v, &f)
        .unwrap_or_else(|e| panic!("openssl date {v:?}: {e}"))
        .assume_utc()
        .unix_timestamp()
}
