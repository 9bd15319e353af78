//! `mock-card`: the emulated outside world of the agent's tests. Nothing here is used by the agent
//! at run time.
//!
//! - `mock-card provision`: a CPx card (CPS, CPE, CPA) as a SoftHSM2 token.
//! - `mock-card reader`: a card in a reader, through real pcscd and the vpcd virtual reader.
//! - `mock-card pfc`: the IGC Santé certificate platform as an EST server (HTTPS, client certificates).

use clap::{Parser, Subcommand};

mod pfc;
mod pki;
mod provision;

/// The emulated world around the agent: card, reader, directory, platform (test use only).
#[derive(Debug, Parser)]
#[command(name = "mock-card", version)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once; boxing clap args buys nothing
enum Cmd {
    /// Create a SoftHSM2 token that looks like a CPx card (keys, certificates, holder identity)
    Provision(provision::ProvisionArgs),
    /// Run the emulated IGC Santé platform: an EST server on 127.0.0.1 that checks the ordering
    /// rules and issues ORG certificates with the test ORGANISATIONS CA
    Pfc(pfc::PfcArgs),
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Cmd::Provision(a) => provision::run(a),
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
