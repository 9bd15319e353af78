//! Reading a PIN or passphrase without ever exposing it.
//!
//! A PIN comes from a file (`--pin-file`), an inherited file descriptor (`--pin-fd`) or the
//! terminal, read without echo. It is never accepted on the command line (argv is visible to every
//! user of the machine through `/proc`). The value lives in a [`SecretString`], zeroized when
//! dropped, and is never formatted by `Debug`.

use secrecy::{ExposeSecret, SecretString};
use std::io::{IsTerminal, Read};
use std::path::PathBuf;
use zeroize::Zeroizing;

use crate::error::exit;

/// Where a secret comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretSource {
    /// The first line of a file (which should be mode 0600).
    File(PathBuf),
    /// The first line read from an inherited file descriptor (e.g. `--pin-fd 3 3<pinfile`).
    Fd(i32),
    /// An interactive prompt on the controlling terminal, without echo.
    Prompt,
}

/// Why a secret could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PinError {
    /// No terminal to prompt on and no file or descriptor given.
    #[error("no PIN source: standard input is not a terminal; give --pin-file FILE or --pin-fd N (a PIN is never accepted on the command line)")]
    NoSource,
    /// The file or descriptor could not be read.
    #[error("cannot read the {what} from {from}: {source}")]
    Read {
        /// "PIN" or "passphrase".
        what: &'static str,
        /// The file path or "file descriptor N".
        from: String,
        /// The system error.
        source: std::io::Error,
    },
    /// The secret is empty.
    #[error("the {what} read from {from} is empty")]
    Empty {
        /// "PIN" or "passphrase".
        what: &'static str,
        /// Where it was read from.
        from: String,
    },
    /// The PIN does not have the shape of a CPx PIN.
    #[error("the PIN read from {from} is not 4 to 16 digits; check the file (only the first line is used)")]
    Malformed {
        /// Where it was read from.
        from: String,
    },
}

impl PinError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            PinError::NoSource => exit::NO_PIN_SOURCE,
            _ => exit::INVALID_INPUT,
        }
    }
}

impl SecretSource {
    /// Picks the source from the options: a file wins over a descriptor, and the prompt is the
    /// fallback.
    pub fn from_options(file: Option<PathBuf>, fd: Option<i32>) -> Self {
        match (file, fd) {
            (Some(f), _) => SecretSource::File(f),
            (None, Some(fd)) => SecretSource::Fd(fd),
            (None, None) => SecretSource::Prompt,
        }
    }

    fn describe(&self) -> String {
        match self {
            SecretSource::File(p) => p.display().to_string(),
            SecretSource::Fd(fd) => format!("file descriptor {fd}"),
            SecretSource::Prompt => "the terminal".to_string(),
        }
    }

    /// Whether reading would need an interactive prompt that cannot happen (no terminal).
    pub fn check_available(&self) -> Result<(), PinError> {
        match self {
            SecretSource::Prompt if !std::io::stdin().is_terminal() => Err(PinError::NoSource),
            _ => Ok(()),
        }
    }

    /// Reads a secret: the first line of the file or descriptor, without its line ending, or a
    /// prompt without echo. `what` names it in messages ("PIN", "PKCS#12 passphrase").
    pub fn read(&self, what: &'static str, prompt: &str) -> Result<SecretString, PinError> {
        let from = self.describe();
        let raw: Zeroizing<String> = match self {
            SecretSource::File(path) => {
                let mut buf = Zeroizing::new(Vec::new());
                std::fs::File::open(path)
                    .and_then(|mut f| f.read_to_end(&mut buf))
                    .map_err(|source| PinError::Read {
                        what,
                        from: from.clone(),
                        source,
                    })?;
                Zeroizing::new(String::from_utf8_lossy(&buf).into_owned())
            }
            SecretSource::Fd(fd) => {
                Zeroizing::new(read_fd(*fd).map_err(|source| PinError::Read {
                    what,
                    from: from.clone(),
                    source,
                })?)
            }
            SecretSource::Prompt => {
                self.check_available()?;
                Zeroizing::new(rpassword::prompt_password(prompt).map_err(|source| {
                    PinError::Read {
                        what,
                        from: from.clone(),
                        source,
                    }
                })?)
            }
        };
        let line = raw.lines().next().unwrap_or("").trim_end_matches('\r');
        if line.is_empty() {
            return Err(PinError::Empty { what, from });
        }
        Ok(SecretString::from(line.to_owned()))
    }

    /// Reads a card PIN and checks its shape (4 to 16 digits).
    pub fn read_pin(&self) -> Result<SecretString, PinError> {
        let pin = self.read("PIN", "PIN of the CPx card (not echoed): ")?;
        let p = pin.expose_secret();
        if !(4..=16).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PinError::Malformed {
                from: self.describe(),
            });
        }
        Ok(pin)
    }
}

#[allow(unsafe_code)]
fn read_fd(fd: i32) -> std::io::Result<String> {
    use std::os::fd::FromRawFd;
    if fd < 0 {
        return Err(std::io::Error::from_raw_os_error(libc::EBADF));
    }
    // Check that the descriptor is open before taking ownership of it.
    // SAFETY: fcntl with F_GETFD only queries the descriptor flags.
    if unsafe { libc::fcntl(fd, libc::F_GETFD) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the descriptor is open and was handed to us for this purpose; we own it from here
    // and close it after reading, as gpg does with --passphrase-fd.
    let mut file = unsafe { std::fs::File::from_raw_fd(fd) };
    let mut buf = Zeroizing::new(Vec::new());
    file.read_to_end(&mut buf)?;
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

/// Keeps secrets out of core dumps: sets the core file size limit to zero and marks the process
/// non-dumpable (Linux), as ssh-agent and gpg-agent do.
#[allow(unsafe_code)]
pub fn harden_process() {
    // SAFETY: plain system calls on our own process with valid arguments.
    unsafe {
        let zero = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        libc::setrlimit(libc::RLIMIT_CORE, &zero);
        #[cfg(target_os = "linux")]
        libc::prctl(libc::PR_SET_DUMPABLE, 0, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_pin_first_line_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pin");
        std::fs::write(&p, "1234\nrest\n").unwrap();
        let pin = SecretSource::File(p).read_pin().unwrap();
        assert_eq!(pin.expose_secret(), "1234");
    }

    #[test]
    fn malformed_pin_refused_without_echoing_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pin");
        std::fs::write(&p, "12a4\n").unwrap();
        let err = SecretSource::File(p).read_pin().unwrap_err();
        assert!(matches!(err, PinError::Malformed { .. }));
        assert!(!err.to_string().contains("12a4"));
    }

    #[test]
    fn empty_pin_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pin");
        std::fs::write(&p, "\n").unwrap();
        assert!(matches!(
            SecretSource::File(p).read_pin(),
            Err(PinError::Empty { .. })
        ));
    }

    #[test]
    fn debug_does_not_show_secret() {
        let s = SecretString::from("9876".to_string());
        assert!(!format!("{s:?}").contains("9876"));
    }
}
