//! `agent`: the CPx smart-card certificate enrollment agent for the IGC Santé ORG certificates that
//! liberal health structures (pharmacies, practices) need for the DMP.
//!
//! The modules follow the ANS procedure, one step each:
//!
//! | module | its one job |
//! |---|---|
//! | [`annuaire`] | the annuaire CPS (LDAP): a practitioner's activities and their national structure ids |
//! | [`card`] | the administrator's CPx card: PC/SC readers and ATR, PKCS#11 token, PIN safety, holder identity |
//! | [`departement`] | the French départements and the postal code rule, for the subject's ST |
//! | [`keys`] | key pairs in software or on a PKCS#11 token, behind one trait |
//! | [`csr`] | the IGC Santé ORG profile per usage; PKCS#10 requests; reading a CSR or certificate back |
//! | [`pending`] | the per-structure pending area: keys, requests and `order.json` of an order |
//! | [`status`] | what is installed and how long it has left: states, exit codes, table, JSON, Prometheus |
//! | [`ids`] | national identifiers (FINESS, SIREN, SIRET, RPPS, RPPS rang, ADELI, card number, structure and person ids) with their check keys |
//! | [`structure`] | the procedure's decision table: structure kind → identifier and form 413 fields, excluded cases |
//! | [`form413`] | form 413 as validated data, split by the procedure's rules, rendered to PDF and JSON |
//! | [`pin`] | reading a PIN from a file, a file descriptor or the terminal, into a zeroizing secret |
//! | [`enroll`] | getting a CSR issued: EST over TLS authenticated by the CPx card (PKCS#11 signing) |
//! | [`config`] | the TOML configuration file and the agent's home directory |
//! | [`fsutil`] | atomic, private file writes (0600 files in 0700 directories) |
//! | [`cli`] | the command-line interface (`main.rs` only calls [`cli::main`]) |
//!
//! Errors are typed per module and gathered in [`Error`], whose [`Error::exit_code`] is the
//! documented process exit code (see `docs/exit-codes.md`).

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
pub mod fsutil;
pub mod ids;
pub mod import;
pub mod keys;
pub mod pending;
pub mod pin;
pub mod renew;
pub mod status;
pub mod store;
pub mod structure;

pub use error::{Error, Result};
