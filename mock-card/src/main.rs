//! `mock-card`: the emulated outside world of the agent's tests. Nothing here is used by the agent
//! at run time.
//!
//! - `mock-card provision`: a CPx card (CPS, CPE, CPA) as a SoftHSM2 token.
//! - `mock-card reader`: a card in a reader, through real pcscd and the vpcd virtual reader.
//! - `mock-card ldap`: the annuaire CPS as a real slapd on 127.0.0.1.
//! - `mock-card pfc`: the IGC Santé certificate platform as an EST server (HTTPS, client certificates).

use clap::{Parser, Subcommand};

mod der;
mod ldap;
mod pfc;
mod pki;
mod provision;
mod reader;
mod vcard;

/// The emulated world around the agent: card, reader, directory, platform (test use only).
#[derive(Debug, Parser)]
#[command(name = "mock-card", version)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once; boxing buys nothing
enum Cmd {
    /// Create a SoftHSM2 token that looks like a CPx card (keys, certificates, holder identity)
    Provision(provision::ProvisionArgs),
    /// Run the annuaire CPS (a real slapd on 127.0.0.1) with the procedure's example or LDIF
    /// files, in the foreground until killed; prints the URL
    Ldap(ldap::LdapArgs),
    /// A card in a reader: real pcscd + the vpcd virtual reader + a virtual card (ATR, PIN counter)
    #[command(long_about = reader::LONG_HELP)]
    Reader(reader::ReaderArgs),
    /// Run the emulated IGC Santé platform: an EST server on 127.0.0.1 that checks the ordering
    /// rules and issues ORG certificates with the test ORGANISATIONS CA
    Pfc(pfc::PfcArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Cmd::Provision(a) => provision::run(a),
        Cmd::Ldap(a) => ldap::run(a),
        Cmd::Reader(a) => reader::run(a),
        Cmd::Pfc(a) => pfc::run(a),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mock-card: error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
