//! `mockcps-pin`: reads or changes the PIN counters that the `mockcps_pkcs11` module keeps.
//!
//! ```text
//! mockcps-pin [--state FILE] show            one line per token: serial, failures, tries left, real logins
//! mockcps-pin [--state FILE] set SERIAL N    set a token's wrong-PIN count (3 = locked)
//! mockcps-pin [--state FILE] reset [SERIAL]  unlock one token (or all), like a PUK
//! ```
//! The file defaults to `$MOCKCPS_STATE`.

use std::path::PathBuf;
use std::process::ExitCode;

use mockcps_pkcs11::state::{Store, MAX_TRIES, STATE_ENV};

const USAGE: &str = "usage: mockcps-pin [--state FILE] show | set SERIAL N | reset [SERIAL]\n\
(FILE defaults to $MOCKCPS_STATE, the state file of the mockcps_pkcs11 test PKCS#11 module)";

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mockcps-pin: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(mut args: Vec<String>) -> Result<(), String> {
    let mut file = std::env::var_os(STATE_ENV).map(PathBuf::from);
    if args.first().map(String::as_str) == Some("--state") {
        if args.len() < 2 {
            return Err(USAGE.into());
        }
        file = Some(PathBuf::from(args.remove(1)));
        args.remove(0);
    }
    let Some(file) = file else {
        return Err(format!(
            "no state file: give --state FILE or set {STATE_ENV}\n{USAGE}"
        ));
    };
    let table = || -> Result<_, String> {
        match std::fs::read_to_string(&file) {
            Ok(t) => Ok(mockcps_pkcs11::state::parse(&t)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Default::default()),
            Err(e) => Err(format!("cannot read {}: {e}", file.display())),
        }
    };
    let store = Store::File(file.clone());
    let write_err = |e: std::io::Error| format!("cannot update {}: {e}", file.display());
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["show"] => {
            for (serial, e) in table()? {
                println!(
                    "{serial} failures={} tries_left={} locked={} real_logins={}",
                    e.failures,
                    e.tries_left(),
                    e.locked(),
                    e.real_logins
                );
            }
        }
        ["set", serial, n] => {
            let n: u32 = n
                .parse()
                .ok()
                .filter(|n| *n <= MAX_TRIES)
                .ok_or(format!("N must be 0 to {MAX_TRIES}"))?;
            store
                .update(serial, |e| e.failures = n)
                .map_err(write_err)?;
        }
        ["reset", serial] => {
            store
                .update(serial, |e| e.failures = 0)
                .map_err(write_err)?;
        }
        ["reset"] => {
            for serial in table()?.keys() {
                store
                    .update(serial, |e| e.failures = 0)
                    .map_err(write_err)?;
            }
        }
        _ => return Err(USAGE.into()),
    }
    Ok(())
}
