//! Process exit codes shared by every command (except `agent status`, which follows the monitoring
//! plugin convention 0/1/2/3).
//!
//! A leaf module: it imports nothing, so any layer may name a code without depending on the
//! error types (the table is docs/exit-codes.md).

/// Success.
pub const OK: u8 = 0;
/// The operation failed for a reason not listed below.
pub const FAILURE: u8 = 1;
/// Command-line usage error (as clap reports it).
pub const USAGE: u8 = 2;
/// Invalid input data: identifier, configuration, form field, file format.
pub const INVALID_INPUT: u8 = 3;
/// Local I/O or store problem: permissions, full disk, lock held by another agent.
pub const IO: u8 = 4;
/// The PC/SC service (pcscd) is not running or not reachable.
pub const NO_PCSC: u8 = 10;
/// No smart-card reader is connected.
pub const NO_READER: u8 = 11;
/// No card in the reader (or none inserted before `--wait` ran out).
pub const NO_CARD: u8 = 12;
/// The card's ATR is not a known CPx card.
pub const UNKNOWN_CARD: u8 = 13;
/// The PKCS#11 module was not found or failed to load.
pub const MODULE: u8 = 20;
/// No token (card) matches the selection.
pub const TOKEN_NOT_FOUND: u8 = 21;
/// The PIN was refused by the card.
pub const WRONG_PIN: u8 = 22;
/// The PIN is locked, or only its final try is left and `--allow-final-try` was not given.
pub const PIN_LOCKED: u8 = 23;
/// No PIN source: not on a terminal and neither `--pin-file` nor `--pin-fd` given.
pub const NO_PIN_SOURCE: u8 = 24;
/// Other token errors (object missing, mechanism refused).
pub const TOKEN: u8 = 25;
/// The CPS directory (LDAP) could not be reached or timed out.
pub const DIRECTORY: u8 = 30;
/// The CPS directory has no entry for that practitioner.
pub const DIRECTORY_NO_ENTRY: u8 = 31;
/// A certificate failed a check (key, names, usages, chain, dates).
pub const CERT_CHECK: u8 = 40;
/// The certificate platform could not be reached, or its TLS failed.
pub const PLATFORM: u8 = 50;
/// The certificate platform refused the order (not habilitated, bad request).
pub const PLATFORM_REFUSED: u8 = 51;
/// The order is pending at the platform: run the command again later.
pub const PENDING: u8 = 52;
/// `agent notify`: a notification channel failed; its alerts are kept and sent on the next run.
pub const NOTIFY: u8 = 60;
