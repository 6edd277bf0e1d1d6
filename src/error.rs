//! The one error type of the crate.

use std::fmt;
use std::io;

/// Everything that can go wrong in the protocol, each with a one-line message a
/// student can act on.
///
/// Decryption failures say nothing beyond "it did not verify": an attacker who
/// sends forged messages learns nothing from the error.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The peer closed the connection before sending all of a field.
    ConnectionClosed {
        /// What we were reading, such as "the peer's public key".
        what: &'static str,
        /// How many bytes of it arrived.
        got: usize,
        /// How many bytes it has.
        expected: usize,
    },
    /// The peer sent nothing for too long while we waited for a field.
    TimedOut {
        /// What we were waiting for.
        what: &'static str,
    },
    /// Another input or output error on the connection.
    Io(io::Error),
    /// The peer's public key is a low-order point: the shared secret would be all
    /// zeros, known to anyone, so it is refused.
    LowOrderPublicKey,
    /// The length field announced a ciphertext shorter than the 16-byte tag.
    CiphertextTooShort {
        /// The announced length.
        len: u32,
    },
    /// The length field announced a ciphertext over the limit.
    CiphertextTooLong {
        /// The announced length.
        len: u32,
    },
    /// The message to encrypt is longer than the protocol carries.
    MessageTooLong {
        /// The message's length in bytes.
        len: usize,
    },
    /// The ciphertext did not verify under this key and nonce.
    Decryption,
    /// The message decrypted, but it is not UTF-8 text.
    NotUtf8,
    /// A Noise message (Part III) is, or would be, longer than the 65,535
    /// bytes the specification allows.
    NoiseMessageTooLong {
        /// The message's length in bytes.
        len: usize,
    },
    /// A Noise handshake message is shorter than its pattern requires.
    HandshakeMessageTooShort {
        /// Which message of the handshake: 1 or 2.
        message: usize,
        /// Its length in bytes.
        len: usize,
        /// The least its pattern requires.
        min: usize,
    },
    /// A Noise handshake message did not verify.
    HandshakeFailed {
        /// Which message of the handshake: 1 or 2.
        message: usize,
    },
    /// In Noise NK, the server's reply did not verify under the pinned key.
    ServerAuthenticationFailed,
    /// A Noise cipher state reached the reserved counter value 2^64 − 1.
    NonceExhausted,
    /// A server public key to pin (Part III's `--server-key`) is not 64 hex
    /// digits.
    InvalidServerKey {
        /// What is wrong with it.
        problem: String,
    },
    /// The server's key file (Part III's `--key-file`) could not be read,
    /// created or trusted.
    KeyFile {
        /// The file.
        path: std::path::PathBuf,
        /// What is wrong, and what to do.
        problem: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use crate::transmission::{
            MAX_CIPHERTEXT_LEN, MAX_MESSAGE_LEN, TAG_LEN,
        };
        match self {
            Error::ConnectionClosed {
                what,
                got,
                expected,
            } => write!(
                f,
                "the connection closed before {what} arrived (got {got} of {expected} bytes)"
            ),
            Error::TimedOut { what } => {
                write!(f, "timed out waiting for {what}")
            }
            Error::Io(err) => write!(f, "connection error: {err}"),
            Error::LowOrderPublicKey => write!(
                f,
                "the peer's public key is a low-order point: the shared secret would be all \
                 zeros, so it was refused"
            ),
            Error::CiphertextTooShort { len } => write!(
                f,
                "refused a ciphertext length of {len} bytes: it must be at least {TAG_LEN}, \
                 the size of the tag"
            ),
            Error::CiphertextTooLong { len } => write!(
                f,
                "refused a ciphertext length of {len} bytes: the limit is {MAX_CIPHERTEXT_LEN}"
            ),
            Error::MessageTooLong { len } => write!(
                f,
                "the message is {len} bytes long: the limit is {MAX_MESSAGE_LEN}"
            ),
            Error::Decryption => write!(
                f,
                "decryption failed: the tag did not verify (wrong key or nonce, or the \
                 message was changed on the way)"
            ),
            Error::NotUtf8 => {
                write!(f, "the message decrypted, but it is not UTF-8 text")
            }
            Error::NoiseMessageTooLong { len } => write!(
                f,
                "refused a Noise message of {len} bytes: the limit is 65535"
            ),
            Error::HandshakeMessageTooShort { message, len, min } => write!(
                f,
                "handshake message {message} is {len} bytes long: it must be \
                 at least {min}"
            ),
            Error::HandshakeFailed { message } => write!(
                f,
                "handshake message {message} did not verify: it was changed on \
                 the way, or made for another key"
            ),
            Error::ServerAuthenticationFailed => write!(
                f,
                "server authentication failed: its reply did not verify under \
                 the pinned server key (another server, a man in the middle, \
                 or a changed message)"
            ),
            Error::NonceExhausted => write!(
                f,
                "the message counter reached its limit, 2^64 - 1: start a new \
                 handshake"
            ),
            Error::InvalidServerKey { problem } => write!(
                f,
                "--server-key: {problem}; give the 64 hex digits the server \
                 printed on its line `Server public key: `"
            ),
            Error::KeyFile { path, problem } => {
                write!(f, "key file {}: {problem}", path.display())
            }
        }
    }
}

/// Every message already includes its cause (`connection error: ...`), so
/// none is returned as a [`source`](std::error::Error::source) as well: a
/// program printing the chain of causes would print it twice.
impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        Error::Io(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chain_of_causes_names_an_io_error_once() {
        let reset = io::Error::from(io::ErrorKind::ConnectionReset);
        let err = anyhow::Error::new(Error::Io(reset)).context("sending");
        let chain = format!("{err:#}");
        assert_eq!(chain, "sending: connection error: connection reset");
    }
}
