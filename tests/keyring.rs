//! The PKCS#12 passphrase in the kernel keyring (`[store] p12_passphrase = "keyring"`), tested in a
//! private session keyring made by `keyctl session -` (package keyutils).

mod common;

use std::process::Command;

use common::agent_bin;
use common::world::World;

#[test]
fn passphrase_kept_in_the_session_keyring() {
    let w = World::new().with_pki();
    let (home, ca) = (&w.home, w.ca());
    std::fs::write(
        home.path().join("config.toml"),
        "[store]\np12_passphrase = \"keyring\"\n",
    )
    .unwrap();
    let cert = w.order_and_issue("auth_cli");
    let exported = home.path().join("again.p12");
    let script = format!(
        "set -e\n\
         '{agent}' import '{cert}' '{chain}' --trust-anchor '{root}' --test-pki\n\
         pass=$(keyctl pipe $(keyctl search @s user 'keyring-rs:1010000024/auth_cli@agent-p12'))\n\
         openssl pkcs12 -in '{live}/bundle.p12' -passin \"pass:$pass\" -nokeys > /dev/null\n\
         '{agent}' export --structure 1010000024 --usage auth_cli --p12 '{exported}'\n\
         openssl pkcs12 -in '{exported}' -passin \"pass:$pass\" -nokeys > /dev/null\n",
        agent = agent_bin().display(),
        cert = cert.display(),
        chain = ca.intermediate().display(),
        root = ca.root().display(),
        live = home.path().join("store/1010000024/auth_cli/live").display(),
        exported = exported.display(),
    );
    let mut c = Command::new("keyctl");
    c.args(["session", "-", "sh", "-c", &script]);
    // Same environment as `common::agent`.
    let template = w.agent();
    for (k, v) in template.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    let out = c.output().expect("keyctl (package keyutils)");
    assert!(
        out.status.success(),
        "stdout {} stderr {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // The passphrase is in the keyring, not in a file.
    assert!(!home
        .path()
        .join("store/1010000024/auth_cli/p12.pass")
        .exists());
}
