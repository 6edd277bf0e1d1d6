//! Part III, *The server's long-term key and pinning it*: the
//! server's static key pair `s`, the same for every connection.
//!
//! A client that knows the server's public key in advance (it is pinned, for
//! instance from a command-line flag) mixes a Diffie-Hellman result with it
//! into the handshake. Only the holder of the private key computes the same
//! result, so a man in the middle with any other key is found out.
//!
//! ```
//! use secure_messaging::noise::StaticKeyPair;
//!
//! let server = StaticKeyPair::generate();
//! let saved = server.private_bytes(); // what a key file holds
//! let loaded = StaticKeyPair::from_private_bytes(*saved);
//! assert_eq!(loaded.public_key(), server.public_key());
//! ```

use std::fmt;
use std::io::{ErrorKind, Write};
use std::path::Path;

use x25519_dalek::StaticSecret;
use zeroize::Zeroizing;

use crate::key_generation::PublicKey;
use crate::{Error, Result};

// ANCHOR: static_key_pair
/// A long-term X25519 key pair. Unlike the session's
/// [`KeyPair`](crate::key_generation::KeyPair), it serves many handshakes,
/// so it can be cloned, one copy per connection.
///
/// The private key is wiped from memory when a copy is dropped and never
/// appears in `Debug` output.
#[derive(Clone)]
pub struct StaticKeyPair {
    pub(super) secret: StaticSecret,
    public: PublicKey,
}
// ANCHOR_END: static_key_pair

impl StaticKeyPair {
    /// A fresh key pair from a cryptographically secure generator that the
    /// operating system seeds.
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// let (a, b) = (StaticKeyPair::generate(), StaticKeyPair::generate());
    /// assert_ne!(a.public_key(), b.public_key());
    /// ```
    pub fn generate() -> Self {
        Self::from_secret(StaticSecret::random_from_rng(&mut rand::rng()))
    }

    /// The key pair whose private key is `bytes`, as read from a key file
    /// (or a test vector).
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// // The responder's static key of the cacophony NK test vector.
    /// let private = "4a3acbfdb163dec651dfa3194dece676d437029c62a408b4c5ea9114246e4893";
    /// let key_pair = StaticKeyPair::from_private_bytes(hex::decode(private)?.try_into().unwrap());
    /// assert_eq!(
    ///     hex::encode(key_pair.public_key().as_bytes()),
    ///     "31e0303fd6418d2f8c0e78b91f22e8caed0fbe48656dcf4767e4834f701b8f62"
    /// );
    /// # Ok::<(), hex::FromHexError>(())
    /// ```
    pub fn from_private_bytes(bytes: [u8; 32]) -> Self {
        Self::from_secret(StaticSecret::from(bytes))
    }

    fn from_secret(secret: StaticSecret) -> Self {
        let public = PublicKey::from(&secret);
        StaticKeyPair { secret, public }
    }

    /// The private key's bytes, to save in a key file; wiped from memory
    /// when the returned value is dropped.
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// let key_pair = StaticKeyPair::from_private_bytes([1; 32]);
    /// assert_eq!(*key_pair.private_bytes(), [1; 32]);
    /// ```
    pub fn private_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.secret.to_bytes())
    }

    /// The public key, which clients pin.
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// let key_pair = StaticKeyPair::generate();
    /// assert_eq!(key_pair.public_key().as_bytes().len(), 32);
    /// ```
    pub fn public_key(&self) -> PublicKey {
        self.public
    }
}

// ANCHOR: parse_server_key
/// The server public key a client pins, from the 64 hex digits the server
/// prints on its line `Server public key: `.
///
/// Fails with [`Error::InvalidServerKey`], which says what is wrong.
///
/// ```
/// use secure_messaging::noise::static_key::parse_server_key;
/// let hex = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
/// assert_eq!(hex::encode(parse_server_key(hex)?.as_bytes()), hex);
/// assert!(parse_server_key(&hex[..62]).is_err());
/// # Ok::<(), secure_messaging::Error>(())
/// ```
pub fn parse_server_key(hex: &str) -> Result<PublicKey> {
    let hex = hex.trim();
    let invalid = |problem: String| Error::InvalidServerKey { problem };
    if let Some(bad) = hex.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(invalid(format!("{bad:?} is not a hex digit")));
    }
    let bytes: [u8; 32] = hex::decode(hex)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| {
            invalid(format!("{} hex digits, not 64", hex.chars().count()))
        })?;
    Ok(PublicKey::from(bytes))
}
// ANCHOR_END: parse_server_key

impl StaticKeyPair {
    /// The server's key pair from the key file at `path`, or a new one saved
    /// there if the file does not exist yet; true if it was created.
    ///
    /// The file holds the private key as 64 lowercase hex digits and a newline,
    /// so that a person can see it is a key, and back it up. It is created
    /// readable by its owner only (mode 0600 on Unix), and a key file that
    /// others may read is refused: whoever reads it can pass for the server.
    ///
    /// ```
    /// use secure_messaging::noise::StaticKeyPair;
    /// let path = std::env::temp_dir().join(format!("doc-key-{}", std::process::id()));
    /// let (created, new) = StaticKeyPair::load_or_create(&path)?;
    /// let (loaded, again) = StaticKeyPair::load_or_create(&path)?;
    /// assert!(new && !again);
    /// assert_eq!(created.public_key(), loaded.public_key());
    /// # std::fs::remove_file(&path).unwrap();
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn load_or_create(path: &Path) -> Result<(StaticKeyPair, bool)> {
        let fail = |problem: String| Error::KeyFile {
            path: path.to_owned(),
            problem,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                check_private(path)?;
                let text = Zeroizing::new(text);
                let mut bytes = Zeroizing::new([0u8; 32]);
                hex::decode_to_slice(text.trim(), &mut *bytes).map_err(
                    |_| {
                        fail(
                        "not a key file: it must hold 64 hex digits (delete \
                         it, and a new key is made)"
                            .into(),
                    )
                    },
                )?;
                Ok((StaticKeyPair::from_private_bytes(*bytes), false))
            }
            Err(err) if err.kind() == ErrorKind::NotFound => {
                let key_pair = StaticKeyPair::generate();
                let text = Zeroizing::new(
                    hex::encode(*key_pair.private_bytes()) + "\n",
                );
                create_private(path)
                    .and_then(|mut file| file.write_all(text.as_bytes()))
                    .map_err(|err| {
                        fail(format!("could not create it ({err})"))
                    })?;
                Ok((key_pair, true))
            }
            Err(err) => Err(fail(format!("could not read it ({err})"))),
        }
    }
}

/// A new file that only its owner may read and write.
fn create_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Refuses a key file that others than its owner may read or write.
fn check_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(Error::KeyFile {
                path: path.to_owned(),
                problem: format!(
                    "others may read it (mode {mode:o}): anyone who reads \
                     it can pass for the server; make it private with \
                     chmod 600 {}",
                    path.display()
                ),
            });
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Shows the public key only.
impl fmt::Debug for StaticKeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticKeyPair")
            .field("public", &hex::encode(self.public.as_bytes()))
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_the_private_key() {
        let key_pair = StaticKeyPair::from_private_bytes([7; 32]);
        let shown = format!("{key_pair:?}");
        assert!(shown.contains(&hex::encode(key_pair.public_key().as_bytes())));
        assert!(!shown.contains(&hex::encode([7u8; 32])));
    }
}
