//! The platform of a run, checked before the card is touched (URL, TLS roots, timeouts: a mistake
//! there must not cost a card login), then its EST client over the card's TLS session.

use std::path::PathBuf;

use crate::config::PlatformConfig;
use crate::enroll::card_client;
use crate::enroll::est::{est_base_url, EstClient, EstOptions, RetryNotice};
use crate::enroll::tls::{self, SharedCardSession};
use crate::error::{Error, Result};
use crate::tr;

/// Everything about the platform that can be checked before the card is touched.
pub struct PreparedPlatform {
    url: String,
    roots: rustls::RootCertStore,
    options: EstOptions,
}

impl PreparedPlatform {
    /// Checks the platform settings of a run: the EST URL, the TLS roots of its server (`est_ca`
    /// given, else `[platform] est_ca`), the timeouts of `[platform]`.
    pub fn check(url: &str, est_ca: &[PathBuf], config: &PlatformConfig) -> Result<Self> {
        est_base_url(url)?;
        let roots: Vec<PathBuf> = if est_ca.is_empty() {
            config.est_ca.iter().cloned().collect()
        } else {
            est_ca.to_vec()
        };
        if roots.is_empty() {
            return Err(Error::Usage(tr!("platform-give-est-ca")));
        }
        Ok(PreparedPlatform {
            url: url.to_string(),
            roots: tls::load_roots(&roots)?,
            options: EstOptions::from_config(config)?,
        })
    }

    /// An EST client over TLS authenticated by the logged-in card; `on_retry` is told of each
    /// retry.
    pub fn client(
        self,
        session: &SharedCardSession,
        on_retry: impl Fn(&RetryNotice) + Send + Sync + 'static,
    ) -> Result<EstClient> {
        let client = card_client(&self.url, self.roots, self.options, session)?;
        Ok(client.on_retry(on_retry))
    }
}

/// The platform's URL of a run: given, else `[platform] est_url`.
pub fn est_url(given: Option<&str>, config: &PlatformConfig) -> Option<String> {
    given.map(str::to_string).or_else(|| config.est_url.clone())
}
