//! `mock-card provision`: a CPx card on SoftHSM2 (written in the next commit).

/// Options of `mock-card provision`.
#[derive(Debug, clap::Args)]
pub struct ProvisionArgs {}

/// Runs the provisioner.
pub fn run(_a: ProvisionArgs) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
