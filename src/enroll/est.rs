//! The EST client (RFC 7030) of the IGC Santé platform.
//!
//! Operations under the base URL (`https://host/.well-known/est`, a label may follow):
//! `GET /cacerts`, `GET /csrattrs` (optional), `POST /simpleenroll`, `POST /simplereenroll`.
//! Requests carry the PKCS#10 request in base64 (`Content-Type: application/pkcs10`,
//! `Content-Transfer-Encoding: base64`); answers are PKCS#7 certs-only (`application/pkcs7-mime`),
//! parsed by [`super::pkcs7`].
//!
//! Answers, as types:
//! - 200 → [`EnrollOutcome::Enrolled`] (leaf: the certificate whose key is the request's; chain:
//!   the others, in the platform's order);
//! - 202 + `Retry-After` → [`EnrollOutcome::Pending`] (the caller records the order);
//! - 401/403 → [`EnrollError::NotHabilitated`], 400 → [`EnrollError::Refused`], both with the
//!   platform's text;
//! - 5xx, connection failures and timeouts → up to [`EstOptions::tries`] tries with exponential
//!   backoff ([`EstOptions::backoff`], doubled each time), then [`EnrollError::ServerError`],
//!   [`EnrollError::Unreachable`] or [`EnrollError::Timeout`];
//! - TLS failures are never retried (an untrusted server certificate stops the handshake before
//!   anything, including the client certificate, is sent).
//!
//! Redirects are not followed: the card-authenticated connection goes to the configured host only.
//!
//! HTTP is reqwest on the rustls configuration of [`super::tls`] (`tls_backend_preconfigured`
//! carries a `ClientConfig` whose client key is a custom `SigningKey`, so hyper is not needed
//! directly). The API is blocking, with a small single-thread tokio runtime inside; `*_async`
//! variants exist for async callers (do not call the blocking ones from async code).

use std::time::Duration;

use reqwest::header::{HeaderMap, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{StatusCode, Url};
use x509_parser::prelude::*;

use super::pkcs7;
use super::tls::{classify_tls, find_rustls_error};
use super::EnrollError;
use crate::config::{parse_duration, ConfigError, PlatformConfig};

/// Default connection timeout.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Default timeout of one whole request (connect, TLS, send, answer).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Default number of tries on 5xx/network errors.
pub const DEFAULT_TRIES: u32 = 3;
/// Default wait before the second try (doubled before each further one).
pub const DEFAULT_BACKOFF: Duration = Duration::from_secs(1);
/// Wait assumed when a 202 answer has no usable `Retry-After`.
pub const DEFAULT_PENDING_RETRY: Duration = Duration::from_secs(60);
/// The EST path appended to a base URL given without a path.
pub const WELL_KNOWN_EST: &str = "/.well-known/est";

/// Timeouts and retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EstOptions {
    /// Connection timeout (TCP).
    pub connect_timeout: Duration,
    /// Timeout of one request, from connecting to the end of the answer.
    pub timeout: Duration,
    /// Tries on 5xx, network errors and timeouts (at least 1).
    pub tries: u32,
    /// Wait before the second try; doubled before each further one (1 s, 2 s, 4 s…).
    pub backoff: Duration,
}

impl Default for EstOptions {
    fn default() -> Self {
        EstOptions {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            tries: DEFAULT_TRIES,
            backoff: DEFAULT_BACKOFF,
        }
    }
}

impl EstOptions {
    /// Options from the `[platform]` section (defaults for what is not set).
    pub fn from_config(c: &PlatformConfig) -> Result<EstOptions, ConfigError> {
        let mut o = EstOptions::default();
        if let Some(v) = &c.connect_timeout {
            o.connect_timeout = parse_duration("platform.connect_timeout", v)?;
        }
        if let Some(v) = &c.timeout {
            o.timeout = parse_duration("platform.timeout", v)?;
        }
        if let Some(v) = &c.retry_backoff {
            o.backoff = parse_duration("platform.retry_backoff", v)?;
        }
        if let Some(n) = c.tries {
            if !(1..=10).contains(&n) {
                return Err(ConfigError::Value {
                    key: "platform.tries",
                    message: format!("{n}: must be between 1 and 10"),
                });
            }
            o.tries = n;
        }
        Ok(o)
    }

    fn wait_before(&self, next_try: u32) -> Duration {
        // before try 2: backoff; try 3: 2×backoff; …
        self.backoff
            .saturating_mul(1u32 << (next_try.saturating_sub(2)).min(16))
    }
}

/// Issued certificates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolled {
    /// The new certificate (DER): the one whose public key is the request's.
    pub leaf: Vec<u8>,
    /// The other certificates of the answer (DER), in the platform's order (issuing CA first).
    pub chain: Vec<Vec<u8>>,
    /// The TLS version of the connection that carried the answer (`TLSv1.3`, `TLSv1.2`).
    pub tls_version: Option<String>,
    /// How many tries it took.
    pub tries: u32,
}

/// What an enrollment request gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnrollOutcome {
    /// The certificate was issued.
    Enrolled(Enrolled),
    /// The platform accepted the request but has not issued yet (HTTP 202): send the same request
    /// again after `retry_after`.
    Pending {
        /// The platform's `Retry-After` (or [`DEFAULT_PENDING_RETRY`]).
        retry_after: Duration,
    },
}

impl EnrollOutcome {
    /// The issued certificates, or [`EnrollError::Pending`] (exit code 52).
    pub fn into_result(self) -> Result<Enrolled, EnrollError> {
        match self {
            EnrollOutcome::Enrolled(e) => Ok(e),
            EnrollOutcome::Pending { retry_after } => Err(EnrollError::Pending { retry_after }),
        }
    }
}

/// What `/csrattrs` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsrAttrs {
    /// The OIDs listed (attribute types and bare OIDs), dotted.
    pub oids: Vec<String>,
    /// The DER answer.
    pub der: Vec<u8>,
}

/// A retry about to happen (for progress messages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryNotice {
    /// The try that failed (1-based).
    pub failed_try: u32,
    /// The total number of tries allowed.
    pub tries: u32,
    /// The wait before the next try.
    pub wait: Duration,
    /// Why the try failed.
    pub reason: String,
}

/// The retry in the language of the run.
impl crate::i18n::Localize for RetryNotice {
    fn localize(&self) -> String {
        crate::tr!(
            "est-retry",
            failed = self.failed_try,
            tries = self.tries,
            reason = self.reason.to_string(),
            wait = self.wait.as_secs()
        )
    }
}

type Notifier = Box<dyn Fn(&RetryNotice) + Send + Sync>;

/// An EST client bound to one platform URL and one TLS identity.
pub struct EstClient {
    base: Url,
    http: reqwest::Client,
    rt: tokio::runtime::Runtime,
    options: EstOptions,
    notifier: Option<Notifier>,
    /// `/cacerts` of this client, fetched at most once (see [`EstClient::ca_certificates`]).
    cacerts: std::sync::Mutex<Option<Vec<Vec<u8>>>>,
}

impl std::fmt::Debug for EstClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EstClient")
            .field("base", &self.base.as_str())
            .field("options", &self.options)
            .finish()
    }
}

/// A raw HTTP answer.
struct Answer {
    url: String,
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
    tls_version: Option<String>,
    tries: u32,
    /// The answer was larger than [`MAX_ANSWER`]: reading stopped there.
    too_large: bool,
}

/// Largest EST answer body read (an issued certificate in PKCS#7 is a few KiB, `/cacerts` some
/// tens): past it the agent stops reading and fails, instead of buffering whatever a hostile or
/// broken server sends. The base64 inside is decoded from at most this much text.
pub const MAX_ANSWER: usize = 1 << 20;

/// The EST base URL: https only; `/.well-known/est` added when the URL has no path.
pub fn est_base_url(url: &str) -> Result<Url, EnrollError> {
    let bad = |reason: String| EnrollError::BadUrl {
        url: url.to_string(),
        reason,
    };
    let mut u = Url::parse(url).map_err(|e| bad(e.to_string()))?;
    if u.scheme() != "https" {
        return Err(bad("the platform is only reached over https".into()));
    }
    if u.host_str().is_none() {
        return Err(bad("no host".into()));
    }
    if u.query().is_some() || u.fragment().is_some() {
        return Err(bad("no query or fragment expected".into()));
    }
    if u.path().trim_end_matches('/').is_empty() {
        u.set_path(WELL_KNOWN_EST);
    }
    Ok(u)
}

/// The platform's text from an error answer: printable, one line, at most 500 characters.
fn platform_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out = String::new();
    for word in text.split(|c: char| c.is_whitespace() || c.is_control()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
        if out.chars().count() > 500 {
            out = out.chars().take(500).collect();
            out.push('…');
            break;
        }
    }
    if out.is_empty() {
        "(no reason given)".to_string()
    } else {
        out
    }
}

/// `Retry-After`: delta-seconds or an HTTP-date.
fn retry_after(headers: &HeaderMap) -> Duration {
    let Some(v) = headers.get(RETRY_AFTER).and_then(|v| v.to_str().ok()) else {
        return DEFAULT_PENDING_RETRY;
    };
    let v = v.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Duration::from_secs(secs);
    }
    match ::time::OffsetDateTime::parse(v, &::time::format_description::well_known::Rfc2822) {
        Ok(when) => {
            let d = when - ::time::OffsetDateTime::now_utc();
            Duration::try_from(d).unwrap_or(Duration::ZERO)
        }
        Err(_) => DEFAULT_PENDING_RETRY,
    }
}

/// The error chain of a transport error as one line.
fn chain_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut cur = Some(e);
    while let Some(err) = cur {
        let s = err.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = err.source();
    }
    parts.join(": ")
}

enum Failure {
    /// Worth another try.
    Retry(EnrollError),
    /// Final.
    Fatal(EnrollError),
}

impl EstClient {
    /// A client for the EST service at `base_url` (see [`est_base_url`]) over `tls` (from
    /// [`super::tls`]).
    pub fn new(
        base_url: &str,
        tls: rustls::ClientConfig,
        options: EstOptions,
    ) -> Result<EstClient, EnrollError> {
        let base = est_base_url(base_url)?;
        let options = EstOptions {
            tries: options.tries.max(1),
            ..options
        };
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .tls_info(true)
            .https_only(true)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .user_agent(concat!("agent/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| EnrollError::TlsSetup(chain_text(&e)))?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| EnrollError::TlsSetup(format!("cannot start the I/O runtime: {e}")))?;
        Ok(EstClient {
            base,
            http,
            rt,
            options,
            notifier: None,
            cacerts: std::sync::Mutex::new(None),
        })
    }

    /// Calls `f` before each retry (for a progress note on stderr).
    pub fn on_retry(mut self, f: impl Fn(&RetryNotice) + Send + Sync + 'static) -> Self {
        self.notifier = Some(Box::new(f));
        self
    }

    /// The EST base URL in use.
    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    /// The timeouts and retries in use.
    pub fn options(&self) -> EstOptions {
        self.options
    }

    fn endpoint(&self, op: &str) -> String {
        format!("{}/{op}", self.base.as_str().trim_end_matches('/'))
    }

    fn classify(&self, e: &reqwest::Error, url: &str) -> Failure {
        if let Some(r) = find_rustls_error(e) {
            return Failure::Fatal(classify_tls(r, url));
        }
        if e.is_timeout() {
            return Failure::Retry(EnrollError::Timeout {
                url: url.to_string(),
                tries: 1,
                timeout: self.options.timeout,
            });
        }
        Failure::Retry(EnrollError::Unreachable {
            url: url.to_string(),
            tries: 1,
            reason: chain_text(e),
        })
    }

    async fn send_once(&self, url: &str, body: Option<&str>) -> Result<Answer, reqwest::Error> {
        let req = match body {
            None => self.http.get(url),
            Some(b) => self
                .http
                .post(url)
                .header(CONTENT_TYPE, "application/pkcs10")
                .header("Content-Transfer-Encoding", "base64")
                .body(b.to_string()),
        };
        let mut resp = req.send().await?;
        let status = resp.status();
        let headers = resp.headers().clone();
        let tls_version = resp
            .extensions()
            .get::<reqwest::tls::TlsInfo>()
            .and_then(|i| i.version())
            .map(|v| match v {
                reqwest::tls::Version::TLS_1_3 => "TLSv1.3".to_string(),
                reqwest::tls::Version::TLS_1_2 => "TLSv1.2".to_string(),
                other => format!("{other:?}"),
            });
        // Streamed, with a cap: never more than MAX_ANSWER bytes in memory.
        let mut body = Vec::new();
        let mut too_large = resp.content_length().is_some_and(|n| n > MAX_ANSWER as u64);
        while !too_large {
            let Some(chunk) = resp.chunk().await? else {
                break;
            };
            if body.len() + chunk.len() > MAX_ANSWER {
                too_large = true;
            } else {
                body.extend_from_slice(&chunk);
            }
        }
        if too_large {
            body.clear();
        }
        Ok(Answer {
            url: url.to_string(),
            status,
            headers,
            body,
            tls_version,
            tries: 0,
            too_large,
        })
    }

    /// One operation with the retry policy: an answer that is not 5xx, or the last failure.
    async fn call(&self, op: &str, body: Option<&str>) -> Result<Answer, EnrollError> {
        let url = self.endpoint(op);
        let tries = self.options.tries;
        let mut last: Option<EnrollError> = None;
        for attempt in 1..=tries {
            let (err, reason) = match self.send_once(&url, body).await {
                Ok(a) if a.too_large => {
                    return Err(EnrollError::BadResponse {
                        url: url.clone(),
                        reason: format!(
                            "the answer (HTTP {}) is larger than {} KiB, the agent's limit for an EST answer (docs/security.md); it was not read further",
                            a.status.as_u16(),
                            MAX_ANSWER / 1024
                        ),
                    })
                }
                Ok(a) if a.status.is_server_error() => {
                    let message = platform_text(&a.body);
                    let reason = format!("HTTP {}: {message}", a.status.as_u16());
                    (
                        EnrollError::ServerError {
                            url: url.clone(),
                            status: a.status.as_u16(),
                            tries: attempt,
                            message,
                        },
                        reason,
                    )
                }
                Ok(mut a) => {
                    a.tries = attempt;
                    return Ok(a);
                }
                Err(e) => match self.classify(&e, &url) {
                    Failure::Fatal(f) => return Err(f),
                    Failure::Retry(r) => {
                        let reason = r.to_string();
                        (r, reason)
                    }
                },
            };
            last = Some(err);
            if attempt < tries {
                let wait = self.options.wait_before(attempt + 1);
                if let Some(n) = &self.notifier {
                    n(&RetryNotice {
                        failed_try: attempt,
                        tries,
                        wait,
                        reason,
                    });
                }
                tokio::time::sleep(wait).await;
            }
        }
        Err(match last {
            Some(EnrollError::Unreachable { url, reason, .. }) => {
                EnrollError::Unreachable { url, tries, reason }
            }
            Some(EnrollError::Timeout { url, timeout, .. }) => EnrollError::Timeout {
                url,
                tries,
                timeout,
            },
            Some(EnrollError::ServerError {
                url,
                status,
                message,
                ..
            }) => EnrollError::ServerError {
                url,
                status,
                tries,
                message,
            },
            Some(other) => other,
            None => EnrollError::Unreachable {
                url,
                tries: 0,
                reason: "no try was made".into(),
            },
        })
    }

    /// The error for a non-success answer.
    fn refusal(a: &Answer) -> EnrollError {
        let message = platform_text(&a.body);
        match a.status.as_u16() {
            400 => EnrollError::Refused { message },
            s @ (401 | 403) => EnrollError::NotHabilitated { status: s, message },
            s => EnrollError::UnexpectedStatus {
                url: a.url.clone(),
                status: s,
                message,
            },
        }
    }

    fn certs(a: &Answer) -> Result<Vec<Vec<u8>>, EnrollError> {
        let bad = |reason: String| EnrollError::BadResponse {
            url: a.url.clone(),
            reason,
        };
        let der = pkcs7::decode_body(&a.body).map_err(|e| bad(e.to_string()))?;
        pkcs7::parse_certs_only(&der).map_err(|e| bad(e.to_string()))
    }

    /// `GET /cacerts`: the platform's CA certificates (DER), in its order.
    pub async fn cacerts_async(&self) -> Result<Vec<Vec<u8>>, EnrollError> {
        let a = self.call("cacerts", None).await?;
        if a.status != StatusCode::OK {
            return Err(Self::refusal(&a));
        }
        Self::certs(&a)
    }

    /// Blocking [`Self::cacerts_async`].
    pub fn cacerts(&self) -> Result<Vec<Vec<u8>>, EnrollError> {
        self.rt.block_on(self.cacerts_async())
    }

    /// The platform's CA certificates, from `/cacerts` over this client's connection (the same
    /// verified TLS server, the same client certificate), fetched once per client and kept for
    /// its life: a run that completes several chains makes one request. RFC 7030 §4.2.3: an
    /// enrollment answer may hold only the issued certificate, the CA certificates come from
    /// `/cacerts` (§4.1). They are candidates for path building only, never trusted by
    /// themselves: the chain must still verify up to a trust anchor of the run.
    pub fn ca_certificates(&self) -> Result<Vec<Vec<u8>>, EnrollError> {
        let mut cache = self.cacerts.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = cache.as_ref() {
            return Ok(c.clone());
        }
        let certs = self.cacerts()?;
        *cache = Some(certs.clone());
        Ok(certs)
    }

    /// `GET /csrattrs`: what the platform wants in requests; `None` when it does not say
    /// (204 or 404).
    pub async fn csrattrs_async(&self) -> Result<Option<CsrAttrs>, EnrollError> {
        let a = self.call("csrattrs", None).await?;
        match a.status.as_u16() {
            204 | 404 => return Ok(None),
            200 => {}
            _ => return Err(Self::refusal(&a)),
        }
        let bad = |reason: String| EnrollError::BadResponse {
            url: a.url.clone(),
            reason,
        };
        let der = pkcs7::decode_body(&a.body).map_err(|e| bad(e.to_string()))?;
        let oids = pkcs7::csr_attr_oids(&der).map_err(|e| bad(e.to_string()))?;
        Ok(Some(CsrAttrs { oids, der }))
    }

    /// Blocking [`Self::csrattrs_async`].
    pub fn csrattrs(&self) -> Result<Option<CsrAttrs>, EnrollError> {
        self.rt.block_on(self.csrattrs_async())
    }

    /// `POST /simpleenroll` (or `/simplereenroll` when `reenroll`) with the PKCS#10 request
    /// `csr_der`. Sending the same request again after a [`EnrollOutcome::Pending`] asks for the
    /// same order.
    pub async fn enroll_async(
        &self,
        csr_der: &[u8],
        reenroll: bool,
    ) -> Result<EnrollOutcome, EnrollError> {
        let (_, csr) = X509CertificationRequest::from_der(csr_der)
            .map_err(|e| EnrollError::BadCsr(format!("not a DER PKCS#10 request: {e}")))?;
        let spki = csr.certification_request_info.subject_pki.raw.to_vec();
        let body = pkcs7::encode_base64_lines(csr_der);
        let op = if reenroll {
            "simplereenroll"
        } else {
            "simpleenroll"
        };
        let a = self.call(op, Some(&body)).await?;
        match a.status.as_u16() {
            200 => {}
            202 => {
                return Ok(EnrollOutcome::Pending {
                    retry_after: retry_after(&a.headers),
                })
            }
            _ => return Err(Self::refusal(&a)),
        }
        let certs = Self::certs(&a)?;
        let leaf_at = certs
            .iter()
            .position(|c| {
                X509Certificate::from_der(c)
                    .map(|(_, x)| x.public_key().raw == spki.as_slice())
                    .unwrap_or(false)
            })
            .ok_or_else(|| EnrollError::BadResponse {
                url: a.url.clone(),
                reason: format!(
                    "none of the {} certificates returned carries the request's public key",
                    certs.len()
                ),
            })?;
        let mut chain = certs;
        let leaf = chain.remove(leaf_at);
        Ok(EnrollOutcome::Enrolled(Enrolled {
            leaf,
            chain,
            tls_version: a.tls_version,
            tries: a.tries,
        }))
    }

    /// Blocking [`Self::enroll_async`].
    pub fn enroll(&self, csr_der: &[u8], reenroll: bool) -> Result<EnrollOutcome, EnrollError> {
        self.rt.block_on(self.enroll_async(csr_der, reenroll))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn base_urls() {
        assert_eq!(
            est_base_url("https://pfc.example").unwrap().as_str(),
            "https://pfc.example/.well-known/est"
        );
        assert_eq!(
            est_base_url("https://127.0.0.1:8443/.well-known/est/dmp/")
                .unwrap()
                .as_str(),
            "https://127.0.0.1:8443/.well-known/est/dmp/"
        );
        assert!(matches!(
            est_base_url("http://pfc.example"),
            Err(EnrollError::BadUrl { .. })
        ));
        assert!(est_base_url("not a url").is_err());
    }

    #[test]
    fn retry_after_forms() {
        let mut h = HeaderMap::new();
        assert_eq!(retry_after(&h), DEFAULT_PENDING_RETRY);
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h), Duration::from_secs(7));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(retry_after(&h), Duration::ZERO, "a past date means now");
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), DEFAULT_PENDING_RETRY);
    }

    #[test]
    fn platform_text_is_one_clean_line() {
        assert_eq!(
            platform_text(b"  CN must be\r\n DMP AUTHENTIFICATION\x07 "),
            "CN must be DMP AUTHENTIFICATION"
        );
        assert_eq!(platform_text(b""), "(no reason given)");
        assert!(platform_text(&[b'x'; 2000]).chars().count() <= 501);
    }

    #[test]
    fn backoff_doubles() {
        let o = EstOptions::default();
        assert_eq!(o.wait_before(2), Duration::from_secs(1));
        assert_eq!(o.wait_before(3), Duration::from_secs(2));
        assert_eq!(o.wait_before(4), Duration::from_secs(4));
    }

    #[test]
    fn options_from_config() {
        let c = PlatformConfig {
            connect_timeout: Some("3s".into()),
            timeout: Some("20s".into()),
            tries: Some(5),
            retry_backoff: Some("250ms".into()),
            ..Default::default()
        };
        let o = EstOptions::from_config(&c).unwrap();
        assert_eq!(o.connect_timeout, Duration::from_secs(3));
        assert_eq!(o.timeout, Duration::from_secs(20));
        assert_eq!(o.tries, 5);
        assert_eq!(o.backoff, Duration::from_millis(250));
        let bad = PlatformConfig {
            tries: Some(0),
            ..Default::default()
        };
        assert!(EstOptions::from_config(&bad).is_err());
    }
}
