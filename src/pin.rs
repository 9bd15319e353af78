//! Reading a PIN or passphrase without ever exposing it.
//!
//! A PIN comes from a file (`--pin-file`), an inherited file descriptor (`--pin-fd`) or the
//! terminal, read without echo. It is never accepted on the command line (argv is visible to every
//! user of the machine through `/proc`). The value lives in a [`SecretString`], zeroized when
//! dropped, and is never formatted by `Debug`.
//!
//! - A PIN file must not be readable or writable by group or others (as ssh requires of private
//!   keys): one that is (mode 0644…) is refused, naming its mode, before any token is opened. Only
//!   its first line is used, and at most [`MAX_SECRET_LINE`] bytes are read.
//! - A descriptor is read as gpg reads `--passphrase-fd`: up to the first newline, byte by byte, so
//!   that nothing after the line is consumed; once per process (the secret is kept, zeroized on
//!   exit, for every later use in the run); it is never closed nor read again.

use crate::i18n::Localize;
use crate::tr;
use secrecy::{ExposeSecret, SecretString};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use zeroize::Zeroizing;

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
    /// A PIN (or passphrase, password) file that group or others can read or write.
    #[error("the {what} file {} is accessible by others (mode {mode:04o}): a {what} file must be readable by its owner only, as ssh requires of private keys. Fix it with `chmod 600 {}`", path.display(), path.display())]
    TooOpen {
        /// "PIN", "PKCS#12 password", "passphrase".
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// Its permission bits.
        mode: u32,
    },
    /// The first line is longer than the cap.
    #[error("the first line of {from} is longer than {MAX_SECRET_LINE} bytes: that is no {what}; check the source (only the first line is used)")]
    TooLong {
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

impl Localize for PinError {
    fn localize(&self) -> String {
        match self {
            PinError::NoSource => tr!("err-no-pin-source"),
            PinError::Read { what, from, source } => tr!(
                "err-secret-read",
                what = secret_word(what),
                from = secret_from(from),
                reason = source.to_string()
            ),
            PinError::Empty { what, from } => tr!(
                "err-secret-empty",
                what = secret_word(what),
                from = secret_from(from)
            ),
            PinError::TooOpen { what, path, mode } => tr!(
                "err-pin-file-open",
                what = secret_word(what),
                path = path,
                mode = format!("{mode:04o}")
            ),
            PinError::TooLong { what, from } => tr!(
                "err-secret-too-long",
                what = secret_word(what),
                from = secret_from(from),
                max = MAX_SECRET_LINE
            ),
            PinError::Malformed { from } => tr!("err-pin-malformed", from = secret_from(from)),
        }
    }
}

/// "PIN" or "passphrase", as the library names the secret.
fn secret_word(what: &str) -> String {
    match what {
        "PIN" => tr!("word-pin"),
        "passphrase" => tr!("word-passphrase"),
        "password" => tr!("word-password"),
        other => other.to_string(),
    }
}

/// Where a secret was read from: a path, `file descriptor N` or `the terminal`.
fn secret_from(from: &str) -> String {
    if from == "the terminal" {
        tr!("word-the-terminal")
    } else if let Some(fd) = from.strip_prefix("file descriptor ") {
        tr!("word-file-descriptor", fd = fd)
    } else {
        from.to_string()
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

    /// Whether the source can be used, checked before any token is touched: a prompt needs a
    /// terminal; a PIN file must be private to its owner ([`check_private`]).
    pub fn check_available(&self) -> Result<(), PinError> {
        match self {
            SecretSource::Prompt if !std::io::stdin().is_terminal() => Err(PinError::NoSource),
            SecretSource::File(p) => check_private(p, "PIN"),
            _ => Ok(()),
        }
    }

    /// Reads a secret: the first line of the file or descriptor, without its line ending, or a
    /// prompt without echo. `what` names it in messages ("PIN", "PKCS#12 passphrase"). A file
    /// must be private to its owner ([`check_private`]), whatever the secret.
    pub fn read(&self, what: &'static str, prompt: &str) -> Result<SecretString, PinError> {
        let from = self.describe();
        let raw: Zeroizing<String> = match self {
            SecretSource::File(path) => {
                let read_err = |source| PinError::Read {
                    what,
                    from: from.clone(),
                    source,
                };
                check_private(path, what)?;
                let mut f = std::fs::File::open(path).map_err(read_err)?;
                let line = read_line(&mut f).map_err(read_err)?;
                first_line(line, what, &from)?
            }
            SecretSource::Fd(fd) => {
                if let Some((_, cached)) = fd_cache().iter().find(|(n, _)| n == fd) {
                    return Ok(cached.clone());
                }
                let line = read_fd_line(*fd).map_err(|source| PinError::Read {
                    what,
                    from: from.clone(),
                    source,
                })?;
                let line = first_line(line, what, &from)?;
                let secret = nonempty(&line, what, &from)?;
                fd_cache().push((*fd, secret.clone()));
                return Ok(secret);
            }
            SecretSource::Prompt => {
                self.check_available()?;
                let ask = TERMINAL_PROMPT.get().ok_or(PinError::NoSource)?;
                Zeroizing::new(ask(prompt).map_err(|source| PinError::Read {
                    what,
                    from: from.clone(),
                    source,
                })?)
            }
        };
        nonempty(&raw, what, &from)
    }

    /// Reads a PIN file's or descriptor's PIN for a token other than the card (a key store), with
    /// the same checks as [`SecretSource::read_pin`] except the CPx PIN shape.
    pub fn read_token_pin(&self, prompt: &str) -> Result<SecretString, PinError> {
        self.check_available()?;
        self.read("PIN", prompt)
    }

    /// Reads a card PIN and checks its shape (4 to 16 digits); the terminal prompt is in English.
    pub fn read_pin(&self) -> Result<SecretString, PinError> {
        self.read_pin_prompt("PIN of the CPx card (not echoed): ")
    }

    /// [`SecretSource::read_pin`] with the caller's terminal prompt (the CLI gives it in the
    /// language of the run).
    pub fn read_pin_prompt(&self, prompt: &str) -> Result<SecretString, PinError> {
        self.check_available()?;
        let pin = self.read("PIN", prompt)?;
        let p = pin.expose_secret();
        if !(4..=16).contains(&p.len()) || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PinError::Malformed {
                from: self.describe(),
            });
        }
        Ok(pin)
    }
}

/// How a secret is asked on the terminal without echo: the prompt text in, the line typed out.
pub type TerminalPrompt = fn(&str) -> std::io::Result<String>;

static TERMINAL_PROMPT: std::sync::OnceLock<TerminalPrompt> = std::sync::OnceLock::new();

/// Sets, once per process, how [`SecretSource::Prompt`] asks on the terminal (the CLI gives its
/// no-echo prompt). Without it a prompt source fails with [`PinError::NoSource`], as without a
/// terminal.
pub fn set_terminal_prompt(prompt: TerminalPrompt) {
    let _ = TERMINAL_PROMPT.set(prompt);
}

/// What a terminal prompt of the library asks for (the card's PIN prompt is the caller's:
/// [`SecretSource::read_pin_prompt`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Prompt<'a> {
    /// The PIN of a key store token (never the card).
    KeyStorePin {
        /// The token's label.
        label: &'a str,
    },
}

/// The library's terminal prompts in the language of the run ([`set_prompt_wording`]).
impl Localize for Prompt<'_> {
    fn localize(&self) -> String {
        match self {
            Prompt::KeyStorePin { label } => {
                tr!("prompt-key-store-pin", label = crate::i18n::quote(label))
            }
        }
    }
}

/// The English prompt (the text when no wording is set, [`set_prompt_wording`]).
impl std::fmt::Display for Prompt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Prompt::KeyStorePin { label } => {
                write!(f, "PIN of the key store token {label:?} (not echoed): ")
            }
        }
    }
}

/// How the library's prompts are worded: the prompt in, its text out.
pub type PromptWording = fn(&Prompt<'_>) -> String;

static PROMPT_WORDING: std::sync::OnceLock<PromptWording> = std::sync::OnceLock::new();

/// Sets, once per process, how the library's terminal prompts are worded (the CLI registers
/// [`Prompt`]'s `localize`, the language of the run). Without it they are English ([`Prompt`]'s `Display`).
pub fn set_prompt_wording(wording: PromptWording) {
    let _ = PROMPT_WORDING.set(wording);
}

/// The text of a prompt: the registered wording, else English.
pub fn prompt_text(p: &Prompt<'_>) -> String {
    match PROMPT_WORDING.get() {
        Some(w) => w(p),
        None => p.to_string(),
    }
}

/// The longest first line a PIN or passphrase source may have, in bytes.
pub const MAX_SECRET_LINE: usize = 1024;

/// Refuses a regular file that group or others may read or write (`mode & 0o077`, ssh's rule for
/// private keys). Devices and pipes (`/dev/fd/N` of a shell's process substitution) hold no stored
/// secret and are not checked. `what` names the secret in messages ("PIN", "PKCS#12 password").
pub fn check_private(path: &Path, what: &'static str) -> Result<(), PinError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path).map_err(|source| PinError::Read {
        what,
        from: path.display().to_string(),
        source,
    })?;
    let mode = meta.permissions().mode() & 0o7777;
    if meta.is_file() && mode & 0o077 != 0 {
        return Err(PinError::TooOpen {
            what,
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

/// The secrets read from descriptors in this process, by descriptor number: a descriptor is read
/// once, and every later use in the run gets the same secret.
fn fd_cache() -> std::sync::MutexGuard<'static, Vec<(i32, SecretString)>> {
    static CACHE: Mutex<Vec<(i32, SecretString)>> = Mutex::new(Vec::new());
    CACHE.lock().unwrap_or_else(|p| p.into_inner())
}

/// The first line (without `\r\n` or `\n`) of what was read, or an error when the cap was hit
/// before a line end.
fn first_line(
    raw: LineRead,
    what: &'static str,
    from: &str,
) -> Result<Zeroizing<String>, PinError> {
    if raw.overflow {
        return Err(PinError::TooLong {
            what,
            from: from.to_string(),
        });
    }
    let text = String::from_utf8_lossy(&raw.bytes);
    let line = text.trim_end_matches('\n').trim_end_matches('\r');
    Ok(Zeroizing::new(line.to_owned()))
}

fn nonempty(line: &str, what: &'static str, from: &str) -> Result<SecretString, PinError> {
    let line = line.lines().next().unwrap_or("").trim_end_matches('\r');
    if line.is_empty() {
        return Err(PinError::Empty {
            what,
            from: from.to_string(),
        });
    }
    Ok(SecretString::from(line.to_owned()))
}

/// Bytes read up to a newline, and whether the cap was reached first.
struct LineRead {
    bytes: Zeroizing<Vec<u8>>,
    overflow: bool,
}

/// Reads up to and including the first `\n`, at most [`MAX_SECRET_LINE`] bytes, one byte at a time
/// (nothing beyond the line is consumed).
fn read_line(r: &mut impl Read) -> std::io::Result<LineRead> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(64));
    // The byte buffer is zeroized on return as well.
    let mut b = Zeroizing::new([0u8; 1]);
    loop {
        match r.read(&mut b[..]) {
            Ok(0) => break,
            Ok(_) => {
                if b[0] == b'\n' {
                    break;
                }
                if bytes.len() == MAX_SECRET_LINE {
                    return Ok(LineRead {
                        bytes,
                        overflow: true,
                    });
                }
                bytes.push(b[0]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(LineRead {
        bytes,
        overflow: false,
    })
}

#[allow(unsafe_code)]
fn read_fd_line(fd: i32) -> std::io::Result<LineRead> {
    use std::os::fd::FromRawFd;
    if fd < 0 {
        return Err(std::io::Error::from_raw_os_error(libc::EBADF));
    }
    // Check that the descriptor is open before reading from it.
    // SAFETY: fcntl with F_GETFD only queries the descriptor flags.
    if unsafe { libc::fcntl(fd, libc::F_GETFD) } < 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: the descriptor is open; ManuallyDrop keeps the File from closing it: the descriptor
    // belongs to whoever handed it over, and is neither closed nor read again by the agent.
    let mut file = std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(fd) });
    read_line(&mut *file)
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

    /// Writes a PIN file of mode 0600.
    fn write_private(p: &Path, text: &str) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(p, text).unwrap();
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    #[test]
    fn file_pin_first_line_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pin");
        write_private(&p, "1234\nrest\n");
        let pin = SecretSource::File(p).read_pin().unwrap();
        assert_eq!(pin.expose_secret(), "1234");
    }

    #[test]
    fn malformed_pin_refused_without_echoing_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pin");
        write_private(&p, "12a4\n");
        let err = SecretSource::File(p).read_pin().unwrap_err();
        assert!(matches!(err, PinError::Malformed { .. }));
        assert!(!err.to_string().contains("12a4"));
    }

    #[test]
    fn empty_pin_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pin");
        write_private(&p, "\n");
        assert!(matches!(
            SecretSource::File(p).read_pin(),
            Err(PinError::Empty { .. })
        ));
    }

    #[test]
    fn pin_file_open_to_others_is_refused_naming_the_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pin");
        std::fs::write(&p, "1234\n").unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
        let err = SecretSource::File(p.clone()).read_pin().unwrap_err();
        assert!(
            matches!(err, PinError::TooOpen { mode: 0o644, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("mode 0644"), "{err}");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(
            SecretSource::File(p).read_pin().unwrap().expose_secret(),
            "1234"
        );
        // A device holds no stored PIN: not checked (and empty).
        assert!(check_private(Path::new("/dev/null"), "PIN").is_ok());
    }

    #[test]
    fn line_reads_stop_at_the_newline_and_the_cap() {
        let mut r: &[u8] = b"1234\r\nrest";
        let l = read_line(&mut r).unwrap();
        assert_eq!(&l.bytes[..], b"1234\r");
        assert_eq!(r, b"rest", "nothing after the line is consumed");
        let long = vec![b'1'; MAX_SECRET_LINE + 1];
        let l = read_line(&mut &long[..]).unwrap();
        assert!(l.overflow);
        let exact = vec![b'1'; MAX_SECRET_LINE];
        assert!(!read_line(&mut &exact[..]).unwrap().overflow);
    }

    #[test]
    fn a_descriptor_is_read_once_and_left_open() {
        use std::io::Write;
        use std::os::fd::AsRawFd;
        let (mut rd, mut wr) = std::io::pipe().unwrap();
        wr.write_all(b"4321\nafter\n").unwrap();
        drop(wr);
        let fd = rd.as_raw_fd();
        let src = SecretSource::Fd(fd);
        assert_eq!(src.read_pin().unwrap().expose_secret(), "4321");
        // The second use gets the same secret without reading again.
        assert_eq!(src.read_pin().unwrap().expose_secret(), "4321");
        // Still open, and what follows the line is still there.
        let mut rest = String::new();
        rd.read_to_string(&mut rest).unwrap();
        assert_eq!(rest, "after\n");
    }

    #[test]
    fn debug_does_not_show_secret() {
        let s = SecretString::from("9876".to_string());
        assert!(!format!("{s:?}").contains("9876"));
    }
}
