//! The channels an alert goes out by: e-mail (SMTP), webhook (HTTP POST of JSON) and command
//! (`sh -c`), behind one trait.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::message;
use super::{NotifyError, Queued};
use crate::config::{CommandConfig, EmailConfig, WebhookConfig};
use crate::i18n;
use crate::pin::SecretSource;

type Result<T, E = NotifyError> = std::result::Result<T, E>;

/// The default timeout of one SMTP command or HTTP request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// A way to tell someone. `send` either delivers the alert or says why not (the alert is then
/// kept for the next run).
pub trait Channel {
    /// `email`, `webhook` or `command` (the name in the state's outbox and in reports).
    fn name(&self) -> &'static str;
    /// Delivers one alert.
    fn send(&self, alert: &Queued) -> Result<(), SendError>;
}

/// Why a channel did not deliver an alert. Its English `Display` is what `agent notify --json`
/// and the state's `last_error` say; the CLI words the agent's own sentences in the language of
/// the run (the peer's and the system's texts inside stay as they are).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError {
    /// The message could not be built or sent: the SMTP or HTTP library's, or the peer's, text.
    Transport(String),
    /// The webhook answered with a status that is not 2xx.
    Refused {
        /// The webhook's URL.
        url: String,
        /// The HTTP status.
        status: String,
        /// The start of the answer's body.
        answer: String,
    },
    /// The command could not be started (or waited for).
    CommandNotRun {
        /// The command line.
        run: String,
        /// Why.
        reason: String,
    },
    /// The command exited with a failure.
    CommandFailed {
        /// The command line.
        run: String,
        /// Its exit status.
        status: String,
    },
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Transport(m) => f.write_str(m),
            SendError::Refused {
                url,
                status,
                answer,
            } => write!(f, "{url} answered {status}: {answer}"),
            SendError::CommandNotRun { run, reason } => {
                write!(f, "the command {run:?} could not run: {reason}")
            }
            SendError::CommandFailed { run, status } => {
                write!(f, "the command {run:?} exited with {status}")
            }
        }
    }
}

fn config_err(key: &'static str, message: impl Into<String>) -> NotifyError {
    NotifyError::Config {
        key,
        message: message.into(),
    }
}

fn timeout(key: &'static str, v: Option<&str>) -> Result<Duration, NotifyError> {
    match v {
        None => Ok(DEFAULT_TIMEOUT),
        Some(t) => humantime::parse_duration(t.trim())
            .map_err(|e| config_err(key, format!("{t:?}: {e} (use a duration such as \"30s\")"))),
    }
}

/// Reads a secret file (first line) after checking that only its owner may read it.
fn read_secret_file(path: &Path, what: &'static str) -> Result<SecretString, NotifyError> {
    let meta = std::fs::metadata(path).map_err(|e| NotifyError::SecretFile {
        path: path.to_path_buf(),
        reason: format!("cannot read the {what} file: {e}"),
    })?;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(NotifyError::SecretFile {
            path: path.to_path_buf(),
            reason: format!(
                "the {what} file is readable by others (mode {mode:04o}); run `chmod 600 {}`",
                path.display()
            ),
        });
    }
    Ok(SecretSource::File(path.to_path_buf()).read(what, "")?)
}

fn read_pem(path: &Path, key: &'static str) -> Result<Vec<u8>, NotifyError> {
    let bytes = std::fs::read(path)
        .map_err(|e| config_err(key, format!("cannot read {}: {e}", path.display())))?;
    if !String::from_utf8_lossy(&bytes).contains("-----BEGIN CERTIFICATE-----") {
        return Err(config_err(
            key,
            format!("{} holds no PEM CERTIFICATE block", path.display()),
        ));
    }
    Ok(bytes)
}

// ---------------------------------------------------------------------------------------------
// E-mail.

/// How the SMTP connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtp://`: plain text, for a relay on the host or the local network.
    Plain,
    /// `smtp://…?tls=opportunistic`: STARTTLS when the server offers it (no credentials).
    Opportunistic,
    /// `smtp://…?tls=required`: STARTTLS, or no mail.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    Tls,
}

/// A parsed `[notify.email] smtp` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    /// Host name or address.
    pub host: String,
    /// Port (25, 587 with STARTTLS, 465 with TLS by default, as lettre).
    pub port: u16,
    /// Protection.
    pub security: SmtpSecurity,
}

impl SmtpUrl {
    /// Parses lettre's URL scheme: `smtp://host[:port]`, `smtp://host[:port]?tls=required`
    /// (or `opportunistic`), `smtps://host[:port]`. User names and passwords do not belong in the
    /// URL (`username`, `password_file`).
    pub fn parse(s: &str) -> Result<SmtpUrl, NotifyError> {
        let bad = |m: &str| config_err("email.smtp", format!("{s:?}: {m}"));
        let u = reqwest::Url::parse(s).map_err(|e| bad(&e.to_string()))?;
        if !u.username().is_empty() || u.password().is_some() {
            return Err(bad(
                "put the user in username and the password in password_file, not in the URL",
            ));
        }
        let host = u
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        if u.path() != "" && u.path() != "/" {
            return Err(bad("no path is expected"));
        }
        let mut tls = None;
        for (k, v) in u.query_pairs() {
            match k.as_ref() {
                "tls" if tls.is_none() => tls = Some(v.into_owned()),
                _ => {
                    return Err(bad(&format!(
                        "unknown parameter {k:?} (only tls=required or tls=opportunistic)"
                    )))
                }
            }
        }
        let security = match (u.scheme(), tls.as_deref()) {
            ("smtp", None) => SmtpSecurity::Plain,
            ("smtp", Some("required")) => SmtpSecurity::StartTls,
            ("smtp", Some("opportunistic")) => SmtpSecurity::Opportunistic,
            ("smtps", None) => SmtpSecurity::Tls,
            ("smtp", Some(v)) => {
                return Err(bad(&format!("tls={v:?}: use tls=required (STARTTLS) or tls=opportunistic")))
            }
            _ => return Err(bad("use smtp://HOST (plain), smtp://HOST?tls=required (STARTTLS) or smtps://HOST (TLS)")),
        };
        let port = u.port().unwrap_or(match security {
            SmtpSecurity::Plain => 25,
            SmtpSecurity::Opportunistic | SmtpSecurity::StartTls => 587,
            SmtpSecurity::Tls => 465,
        });
        Ok(SmtpUrl {
            host,
            port,
            security,
        })
    }
}

/// `[notify.email]`: one message per alert to every recipient.
pub struct Email {
    url: SmtpUrl,
    from: lettre::message::Mailbox,
    to: Vec<lettre::message::Mailbox>,
    credentials: Option<(String, SecretString)>,
    ca: Option<Vec<u8>>,
    timeout: Duration,
}

impl Email {
    /// Checks `[notify.email]` and reads the password file.
    pub fn from_config(c: &EmailConfig) -> Result<Email> {
        let url = SmtpUrl::parse(&c.smtp)?;
        let mailbox = |key: &'static str, v: &str| {
            v.parse::<lettre::message::Mailbox>()
                .map_err(|e| config_err(key, format!("{v:?} is not an e-mail address: {e}")))
        };
        let from = mailbox("email.from", &c.from)?;
        if c.to.is_empty() {
            return Err(config_err("email.to", "give at least one recipient"));
        }
        let to =
            c.to.iter()
                .map(|t| mailbox("email.to", t))
                .collect::<Result<Vec<_>, _>>()?;
        let credentials = match (&c.username, &c.password_file) {
            (None, None) => None,
            (Some(_), None) | (None, Some(_)) => {
                return Err(config_err(
                    "email.username",
                    "username and password_file go together",
                ))
            }
            (Some(user), Some(file)) => {
                if !matches!(url.security, SmtpSecurity::StartTls | SmtpSecurity::Tls) {
                    return Err(config_err(
                        "email.smtp",
                        "credentials are only sent over TLS: use smtps://HOST or smtp://HOST?tls=required",
                    ));
                }
                Some((user.clone(), read_secret_file(file, "SMTP password")?))
            }
        };
        let ca =
            c.ca.as_deref()
                .map(|p| read_pem(p, "email.ca"))
                .transpose()?;
        Ok(Email {
            url,
            from,
            to,
            credentials,
            ca,
            timeout: timeout("email.timeout", c.timeout.as_deref())?,
        })
    }

    fn transport(&self) -> Result<lettre::SmtpTransport, String> {
        use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
        let tls_params = || -> Result<TlsParameters, String> {
            let mut b = TlsParameters::builder(self.url.host.clone());
            if let Some(pem) = &self.ca {
                b = b
                    .certificate_store(CertificateStore::None)
                    .add_root_certificate(Certificate::from_pem(pem).map_err(|e| e.to_string())?);
            }
            b.build_rustls().map_err(|e| format!("TLS setup: {e}"))
        };
        let tls = match self.url.security {
            SmtpSecurity::Plain => Tls::None,
            SmtpSecurity::Opportunistic => Tls::Opportunistic(tls_params()?),
            SmtpSecurity::StartTls => Tls::Required(tls_params()?),
            SmtpSecurity::Tls => Tls::Wrapper(tls_params()?),
        };
        let mut b = lettre::SmtpTransport::builder_dangerous(self.url.host.clone())
            .port(self.url.port)
            .tls(tls)
            .timeout(Some(self.timeout));
        if let Some((user, pass)) = &self.credentials {
            b = b.credentials(lettre::transport::smtp::authentication::Credentials::new(
                user.clone(),
                pass.expose_secret().to_string(),
            ));
        }
        Ok(b.build())
    }
}

impl Channel for Email {
    fn name(&self) -> &'static str {
        "email"
    }

    fn send(&self, q: &Queued) -> Result<(), SendError> {
        use lettre::Transport;
        let mut m = lettre::Message::builder()
            .from(self.from.clone())
            .subject(message::subject(q, i18n::current()));
        for t in &self.to {
            m = m.to(t.clone());
        }
        let msg = m
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(message::body(q, i18n::current()))
            .map_err(|e| SendError::Transport(format!("cannot build the message: {e}")))?;
        let transport = self.transport().map_err(SendError::Transport)?;
        transport.send(&msg).map(|_| ()).map_err(|e| {
            let mut s = format!("SMTP {}:{}: {e}", self.url.host, self.url.port);
            let mut src = std::error::Error::source(&e);
            while let Some(c) = src {
                s.push_str(&format!(": {c}"));
                src = c.source();
            }
            SendError::Transport(s)
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Webhook.

/// `[notify.webhook]`: one POST of one JSON object ([`super::Alert`]) per alert; any 2xx answer
/// is a delivery.
pub struct Webhook {
    url: reqwest::Url,
    token: Option<SecretString>,
    http: reqwest::Client,
    rt: tokio::runtime::Runtime,
}

impl Webhook {
    /// Checks `[notify.webhook]` and reads the token file.
    pub fn from_config(c: &WebhookConfig) -> Result<Webhook> {
        let url = reqwest::Url::parse(&c.url)
            .map_err(|e| config_err("webhook.url", format!("{:?}: {e}", c.url)))?;
        let https = match url.scheme() {
            "https" => true,
            "http" => false,
            s => {
                return Err(config_err(
                    "webhook.url",
                    format!(
                        "{:?}: scheme {s}: use https:// (or http:// without a token)",
                        c.url
                    ),
                ))
            }
        };
        let token = match &c.bearer_token_file {
            Some(p) if !https => {
                let _ = p;
                return Err(config_err(
                    "webhook.url",
                    "a bearer token is only sent over TLS: use an https:// URL",
                ));
            }
            Some(p) => Some(read_secret_file(p, "webhook token")?),
            None => None,
        };
        let t = timeout("webhook.timeout", c.timeout.as_deref())?;
        let mut b = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(t)
            .timeout(t)
            .user_agent(concat!("agent/", env!("CARGO_PKG_VERSION")));
        if let Some(ca) = &c.ca {
            let roots = crate::enroll::tls::load_roots(std::slice::from_ref(ca))?;
            let tls = crate::enroll::tls::anonymous_client_config(roots)?;
            b = b.tls_backend_preconfigured(tls);
        }
        let http = b
            .build()
            .map_err(|e| config_err("webhook", format!("cannot set up the HTTP client: {e}")))?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| NotifyError::Setup(format!("cannot start the I/O runtime: {e}")))?;
        Ok(Webhook {
            url,
            token,
            http,
            rt,
        })
    }
}

impl Channel for Webhook {
    fn name(&self) -> &'static str {
        "webhook"
    }

    fn send(&self, q: &Queued) -> Result<(), SendError> {
        let body = serde_json::to_vec(&q.alert).map_err(|e| SendError::Transport(e.to_string()))?;
        let mut req = self
            .http
            .post(self.url.clone())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(t) = &self.token {
            req = req.bearer_auth(t.expose_secret());
        }
        let url = self.url.as_str();
        let answer = self.rt.block_on(async {
            let r = req.send().await?;
            let status = r.status();
            let text = r.text().await.unwrap_or_default();
            Ok::<_, reqwest::Error>((status, text))
        });
        match answer {
            Ok((s, _)) if s.is_success() => Ok(()),
            Ok((s, text)) => Err(SendError::Refused {
                url: url.to_string(),
                status: s.to_string(),
                answer: text
                    .chars()
                    .take(200)
                    .collect::<String>()
                    .trim()
                    .to_string(),
            }),
            Err(e) => {
                let mut s = format!("{url}: {e}");
                let mut src = std::error::Error::source(&e);
                while let Some(c) = src {
                    s.push_str(&format!(": {c}"));
                    src = c.source();
                }
                Err(SendError::Transport(s))
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Command.

/// `[notify.command]`: `sh -c RUN` with the alert in `AGENT_*` variables (as the deploy hook) and
/// the subject line on stdin; exit status 0 is a delivery.
pub struct Command {
    run: String,
}

impl Command {
    /// Checks `[notify.command]`.
    pub fn from_config(c: &CommandConfig) -> Result<Command> {
        if c.run.trim().is_empty() {
            return Err(config_err("command.run", "empty command"));
        }
        Ok(Command { run: c.run.clone() })
    }
}

/// The environment the command gets.
pub fn command_env(q: &Queued) -> Vec<(&'static str, String)> {
    let a = &q.alert;
    let t = |t: Option<::time::OffsetDateTime>| {
        t.and_then(|t| {
            t.format(&::time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
    };
    vec![
        ("AGENT_EVENT", a.event.name().to_string()),
        ("AGENT_THRESHOLD", a.threshold.clone().unwrap_or_default()),
        ("AGENT_STRUCTURE", a.structure.clone()),
        (
            "AGENT_RAISON_SOCIALE",
            a.raison_sociale.clone().unwrap_or_default(),
        ),
        ("AGENT_USAGE", a.usage.clone()),
        ("AGENT_CN", a.cn.clone().unwrap_or_default()),
        ("AGENT_SERIAL", a.serial.clone().unwrap_or_default()),
        ("AGENT_NOT_AFTER", t(a.not_after)),
        (
            "AGENT_DAYS_LEFT",
            a.days_left.map(|d| d.to_string()).unwrap_or_default(),
        ),
        ("AGENT_RENEW_AFTER", t(a.renew_after)),
        ("AGENT_STATE", a.state.name().to_string()),
        ("AGENT_HOST", a.host.clone()),
        ("AGENT_LIVE", q.path.display().to_string()),
        ("AGENT_DETAIL", q.detail.clone().unwrap_or_default()),
        ("AGENT_SUBJECT", message::subject(q, i18n::current())),
        (
            "AGENT_ALERT_JSON",
            serde_json::to_string(a).unwrap_or_default(),
        ),
    ]
}

impl Channel for Command {
    fn name(&self) -> &'static str {
        "command"
    }

    fn send(&self, q: &Queued) -> Result<(), SendError> {
        use std::io::Write;
        let mut c = std::process::Command::new("sh");
        c.arg("-c").arg(&self.run);
        for (k, v) in command_env(q) {
            c.env(k, v);
        }
        c.stdin(Stdio::piped())
            .stdout(Stdio::inherit())
            .stderr(Stdio::inherit());
        let not_run = |e: std::io::Error| SendError::CommandNotRun {
            run: self.run.clone(),
            reason: e.to_string(),
        };
        let mut child = c.spawn().map_err(not_run)?;
        if let Some(mut stdin) = child.stdin.take() {
            // A command that does not read its input is fine.
            let _ = writeln!(stdin, "{}", message::subject(q, i18n::current()));
        }
        match child.wait() {
            Ok(s) if s.success() => Ok(()),
            Ok(s) => Err(SendError::CommandFailed {
                run: self.run.clone(),
                status: s.to_string(),
            }),
            Err(e) => Err(not_run(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        let p = |s| SmtpUrl::parse(s).map(|u| (u.host, u.port, u.security));
        assert_eq!(
            p("smtp://127.0.0.1:2525").unwrap(),
            ("127.0.0.1".into(), 2525, SmtpSecurity::Plain)
        );
        assert_eq!(p("smtp://mail.example").unwrap().1, 25);
        assert_eq!(
            p("smtp://mail.example?tls=required").unwrap(),
            ("mail.example".into(), 587, SmtpSecurity::StartTls)
        );
        assert_eq!(
            p("smtps://mail.example").unwrap(),
            ("mail.example".into(), 465, SmtpSecurity::Tls)
        );
        for bad in [
            "smtp://user:pw@mail.example",
            "smtp://mail.example?tls=yes",
            "smtp://mail.example?port=1",
            "http://mail.example",
            "smtps://mail.example?tls=required",
            "mail.example",
        ] {
            assert!(SmtpUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn credentials_only_over_tls_and_from_a_private_file() {
        let dir = tempfile::tempdir().unwrap();
        let pw = dir.path().join("pw");
        std::fs::write(&pw, "s3cret\n").unwrap();
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o600)).unwrap();
        let cfg = |smtp: &str| EmailConfig {
            smtp: smtp.into(),
            from: "agent@cabinet.example".into(),
            to: vec!["admin@cabinet.example".into()],
            username: Some("agent".into()),
            password_file: Some(pw.clone()),
            ca: None,
            timeout: None,
        };
        let err = Email::from_config(&cfg("smtp://127.0.0.1:25"))
            .err()
            .unwrap();
        assert!(err.to_string().contains("only sent over TLS"), "{err}");
        assert!(Email::from_config(&cfg("smtp://127.0.0.1?tls=opportunistic")).is_err());
        let e = Email::from_config(&cfg("smtps://127.0.0.1")).unwrap();
        assert_eq!(e.credentials.as_ref().unwrap().1.expose_secret(), "s3cret");
        std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = Email::from_config(&cfg("smtps://127.0.0.1")).err().unwrap();
        assert!(err.to_string().contains("chmod 600"), "{err}");
        assert!(matches!(err, NotifyError::SecretFile { .. }), "{err:?}");
    }
}
