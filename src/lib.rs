//! `agent`: the CPx smart-card certificate enrollment agent for the IGC Santé ORG certificates that
//! liberal health structures (pharmacies, practices) need for the DMP.
//!
//! The modules follow the ANS procedure, one step each:
//!
//! | module | its one job |
//! |---|---|
//! | [`card`] | the administrator's CPx card: PC/SC readers and ATR, PKCS#11 token, PIN safety, holder identity |
//! | [`ids`] | national identifiers (FINESS, SIREN, SIRET, RPPS, RPPS rang, ADELI…) with their check keys |
//! | [`structure`] | the procedure's decision table: which identifier a structure orders with |
//! | [`annuaire`] | the annuaire CPS (LDAP): a practitioner's activities |
//! | [`form413`] | form 413, validated, split and rendered to PDF and JSON |
//! | [`departement`] | the French départements, for the certificates' ST |
//! | [`keys`] | key pairs in software or on a PKCS#11 token, behind one trait |
//! | [`profile`] | the ORG profile: the one usage table, and the checks of a leaf or request against it |
//! | [`csr`] | the PKCS#10 requests of the ORG profile, and reading requests and certificates back |
//! | [`pending`] | orders prepared and not installed yet |
//! | [`enroll`] | the platform: EST over TLS authenticated by the card |
//! | [`order`] | the workflow: an order request prepared into keys and requests, submitted, installed |
//! | [`certificate`] | certificates as delivered (PEM, DER, PKCS#7, PKCS#12) and chain verification |
//! | [`import`] | checking what was issued against what was ordered, then installing it |
//! | [`store`] | the versioned host store with its atomic live switch, PKCS#12, NSS and export targets |
//! | [`status`] | what is installed and how long it has left (table, JSON, Prometheus) |
//! | [`renew`] | what is due, and the deploy hook |
//! | [`sanitize`] | untrusted text (directory values, certificate names) made safe for a terminal |
//! | [`notify`] | alerts by e-mail, webhook or command: thresholds and events, the sent state, channels |
//! | [`pin`] | reading a PIN from a file, a file descriptor or the terminal, into a zeroizing secret |
//! | [`config`] | the TOML configuration file and the agent's home directory |
//! | [`interrupt`] | SIGINT/SIGTERM remove the run's unfinished orders; stale ones are cleaned |
//! | [`fsutil`] | atomic, private file writes (0600 files in 0700 directories) |
//! | [`cli`] | the command-line interface (`main.rs` only calls [`cli::main`]); its [`cli::exit`] decides the exit codes |
//!
//! Errors are typed per module and gathered in [`Error`]; the process exit codes are decided once,
//! in the CLI ([`cli::exit::code`], the table of `docs/exit-codes.md`).

#![warn(missing_docs)]

pub mod annuaire;
pub mod card;
pub mod certificate;
pub mod cli;
pub mod config;
pub mod csr;
pub mod departement;
pub mod enroll;
pub mod error;
pub mod form413;
pub(crate) mod fsutil;
pub mod i18n;
pub mod ids;
pub(crate) mod import;
pub(crate) mod interrupt;
pub mod keys;
pub(crate) mod notify;
pub mod order;
pub mod pending;
pub(crate) mod pin;
pub(crate) mod profile;
pub(crate) mod renew;
pub(crate) mod sanitize;
pub(crate) mod status;
pub mod store;
pub(crate) mod structure;

pub use error::{Error, Result};
