//! Getting a CSR issued by the IGC Santé platform over EST (RFC 7030), on TLS authenticated by the
//! administrator's CPx card.
//!
//! - [`tls`]: rustls client configurations: the card's authentication pair signing through PKCS#11
//!   (the private key never leaves the card), or a software pair from PEM files (for `agent check`
//!   with the installed AUTH_CLI), and a handshake probe.
//! - [`est`]: the EST client (`/cacerts`, `/csrattrs`, `/simpleenroll`, `/simplereenroll`) with
//!   timeouts, bounded retries and typed answers (issued, pending, refused).
//! - [`pkcs7`]: the PKCS#7 certs-only answer, parsed in the file's order.
//!
//! Every failure is an [`EnrollError`]; the CLI exits with 50 for it (platform unreachable or TLS
//! failed), 51 (the platform refused) or 52 (pending), or an input/card code for local problems
//! (see `docs/exit-codes.md` and `docs/enroll.md`).

pub mod est;
pub mod pkcs7;
pub mod tls;

use crate::i18n::Localize;
use crate::tr;
use std::path::PathBuf;
use std::time::Duration;

use crate::card::CardError;

/// What can go wrong while talking to the certificate platform. Each message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    /// The PEM file of the platform's trust anchors cannot be used.
    #[error("cannot use the platform's trust anchors {}: {reason}. Give the PEM file of the CA that issued the platform's TLS certificate ([platform] est_ca or --est-ca)", path.display())]
    TrustAnchors {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// No trust anchor configured for the platform's TLS certificate.
    #[error("no trust anchor is configured for the platform's TLS certificate: set [platform] est_ca (or --est-ca) to the PEM file of the CA that issued it; the agent never connects without verifying the server")]
    NoTrustAnchors,
    /// A software client certificate or key file cannot be used.
    #[error("cannot use the client certificate or key {}: {reason}", path.display())]
    ClientCredentials {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The card cannot serve as the TLS client key.
    #[error("the card cannot authenticate the TLS connection: {reason}")]
    CardKey {
        /// Why (which object or mechanism is missing).
        reason: String,
    },
    /// A card error while preparing the TLS client.
    #[error(transparent)]
    Card(#[from] CardError),
    /// The platform URL is not usable.
    #[error("invalid platform URL {url:?}: {reason}. Give an https:// URL such as https://pfc.example/.well-known/est ([platform] est_url or --est-url)")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// Why.
        reason: String,
    },
    /// The TLS configuration could not be built.
    #[error("the TLS client configuration cannot be built: {0}")]
    TlsSetup(String),
    /// The platform's TLS certificate is not trusted: the handshake stopped before the client
    /// certificate was sent and before any request.
    #[error("the platform {url} presented a TLS certificate that the configured trust anchors do not accept ({reason}); nothing was sent. Check [platform] est_ca (--est-ca) and the URL")]
    ServerNotTrusted {
        /// The URL.
        url: String,
        /// The verifier's reason.
        reason: String,
    },
    /// The platform refused the client certificate during the TLS handshake.
    #[error("the platform {url} refused the client certificate during the TLS handshake ({reason}): the card (or certificate) is not accepted there; check that it is a valid, unexpired IGC Santé certificate")]
    ClientCertRejected {
        /// The URL.
        url: String,
        /// The TLS alert.
        reason: String,
    },
    /// Another TLS failure.
    #[error("TLS with the platform {url} failed: {reason}")]
    Tls {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The platform could not be reached (connection refused, reset, DNS) after every try.
    #[error("the platform {url} could not be reached ({tries} {}): {reason}. Check the URL, the network (proxy, firewall) and try again later", if *tries == 1 { "try" } else { "tries" })]
    Unreachable {
        /// The URL.
        url: String,
        /// How many tries were made.
        tries: u32,
        /// The last network error.
        reason: String,
    },
    /// The platform did not answer in time after every try.
    #[error("the platform {url} did not answer within {} ({tries} {}). Try again later, or raise [platform] timeout", humantime::format_duration(*timeout), if *tries == 1 { "try" } else { "tries" })]
    Timeout {
        /// The URL.
        url: String,
        /// How many tries were made.
        tries: u32,
        /// The timeout of one try.
        timeout: Duration,
    },
    /// The platform answered a server error (5xx) to every try.
    #[error("the platform {url} answered HTTP {status} ({tries} {}): {message}. The platform is in trouble: try again later", if *tries == 1 { "try" } else { "tries" })]
    ServerError {
        /// The URL.
        url: String,
        /// The last HTTP status.
        status: u16,
        /// How many tries were made.
        tries: u32,
        /// The platform's text.
        message: String,
    },
    /// 401/403: the card's holder may not order for this structure.
    #[error("the platform refused the order (HTTP {status}): the card is not habilitated for this structure. Platform's reason: {message}. The structure's legal representative must send form 413 naming this card's holder as technical administrator, and the ANS must confirm the habilitation by e-mail before ordering")]
    NotHabilitated {
        /// 401 or 403.
        status: u16,
        /// The platform's text.
        message: String,
    },
    /// 400: the platform refused the request.
    #[error("the platform refused the certificate request (HTTP 400): {message}")]
    Refused {
        /// The platform's reason.
        message: String,
    },
    /// Another HTTP status (404, 405, …): probably a wrong URL.
    #[error("the platform answered HTTP {status} to {url}: {message}. Check [platform] est_url (--est-url)")]
    UnexpectedStatus {
        /// The URL.
        url: String,
        /// The status.
        status: u16,
        /// The platform's text.
        message: String,
    },
    /// The answer is not what EST promises.
    #[error("the platform's answer from {url} cannot be used: {reason}")]
    BadResponse {
        /// The URL.
        url: String,
        /// Why.
        reason: String,
    },
    /// The certificate request given to the client is not a PKCS#10 request.
    #[error("invalid certificate request: {0}")]
    BadCsr(String),
    /// The order is pending at the platform (EST 202 + Retry-After).
    #[error("the order is pending at the platform: run the command again in {} or later", humantime::format_duration(*retry_after))]
    Pending {
        /// What the platform asked to wait.
        retry_after: Duration,
    },
}

impl Localize for EnrollError {
    fn localize(&self) -> String {
        use crate::i18n::{duration, quote};
        match self {
            EnrollError::TrustAnchors { path, reason } => {
                tr!("err-est-trust-anchors", path = path, reason = reason)
            }
            EnrollError::NoTrustAnchors => tr!("err-est-no-trust-anchors"),
            EnrollError::ClientCredentials { path, reason } => {
                tr!("err-est-client-credentials", path = path, reason = reason)
            }
            EnrollError::CardKey { reason } => tr!("err-est-card-key", reason = reason),
            EnrollError::Card(e) => e.localize(),
            EnrollError::BadUrl { url, reason } => {
                tr!("err-est-bad-url", url = quote(url), reason = reason)
            }
            EnrollError::TlsSetup(m) => tr!("err-est-tls-setup", reason = m),
            EnrollError::ServerNotTrusted { url, reason } => {
                tr!("err-est-server-not-trusted", url = url, reason = reason)
            }
            EnrollError::ClientCertRejected { url, reason } => {
                tr!("err-est-client-rejected", url = url, reason = reason)
            }
            EnrollError::Tls { url, reason } => tr!("err-est-tls", url = url, reason = reason),
            EnrollError::Unreachable { url, tries, reason } => tr!(
                "err-est-unreachable",
                url = url,
                tries = *tries,
                reason = reason
            ),
            EnrollError::Timeout {
                url,
                tries,
                timeout,
            } => tr!(
                "err-est-timeout",
                url = url,
                tries = *tries,
                timeout = duration(*timeout)
            ),
            EnrollError::ServerError {
                url,
                status,
                tries,
                message,
            } => tr!(
                "err-est-server-error",
                url = url,
                status = status.to_string(),
                tries = *tries,
                reason = message
            ),
            EnrollError::NotHabilitated { status, message } => tr!(
                "err-est-not-habilitated",
                status = status.to_string(),
                reason = message
            ),
            EnrollError::Refused { message } => tr!("err-est-refused", reason = message),
            EnrollError::UnexpectedStatus {
                url,
                status,
                message,
            } => tr!(
                "err-est-unexpected-status",
                url = url,
                status = status.to_string(),
                reason = message
            ),
            EnrollError::BadResponse { url, reason } => {
                tr!("err-est-bad-response", url = url, reason = reason)
            }
            EnrollError::BadCsr(m) => tr!("err-est-bad-csr", reason = m),
            EnrollError::Pending { retry_after } => {
                tr!("err-est-pending", retry = duration(*retry_after))
            }
        }
    }
}

/// An EST client at `url` over TLS authenticated by the logged-in card, trusting `roots` for the
/// platform's server certificate.
pub fn card_client(
    url: &str,
    roots: rustls::RootCertStore,
    options: est::EstOptions,
    session: &tls::SharedCardSession,
) -> Result<est::EstClient, EnrollError> {
    let auth = tls::CardClientAuth::from_card(session, tls::CardTlsOptions::default())?;
    est::EstClient::new(url, auth.client_config(roots)?, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pending_says_how_long() {
        let msg = EnrollError::Pending {
            retry_after: Duration::from_secs(90),
        }
        .to_string();
        assert!(msg.contains("1m 30s"), "{msg}");
    }
}
