//! Chapter 6, *Transmission*: salt, nonce and ciphertext on the wire.
//!
//! After the key exchange the client sends one message, laid out as:
//!
//! | bytes | field |
//! | --- | --- |
//! | 32 | salt |
//! | 12 | nonce |
//! | 4 | N, the ciphertext's length, big-endian, 16 ≤ N ≤ 65,552 |
//! | N | AES-256-GCM ciphertext with its 16-byte tag appended |
//!
//! The receiver checks N before it allocates anything, so a peer that claims
//! four gigabytes gets an error, not four gigabytes.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::encryption::{NONCE_LEN, Nonce};
use crate::key_derivation::{SALT_LEN, Salt};
use crate::wire::read_field;
use crate::{Error, Result};

/// Length in bytes of the AES-GCM tag appended to every ciphertext.
pub const TAG_LEN: usize = 16;

/// The longest message the protocol carries, in bytes.
pub const MAX_MESSAGE_LEN: usize = 65_536;

/// The longest ciphertext the protocol carries: the longest message plus its tag.
pub const MAX_CIPHERTEXT_LEN: usize = MAX_MESSAGE_LEN + TAG_LEN;

// ANCHOR: envelope
/// Everything the client sends after the key exchange.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The salt the client picked for key derivation.
    pub salt: Salt,
    /// The nonce the message was encrypted under.
    pub nonce: Nonce,
    /// The ciphertext with its tag appended.
    pub ciphertext: Vec<u8>,
}
// ANCHOR_END: envelope

// ANCHOR: to_bytes
impl Envelope {
    /// The envelope as it goes on the wire: salt, nonce, length, ciphertext.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let len = check_ciphertext_len(self.ciphertext.len())?;
        let mut bytes = Vec::with_capacity(SALT_LEN + NONCE_LEN + 4 + len);
        bytes.extend_from_slice(self.salt.as_bytes());
        bytes.extend_from_slice(self.nonce.as_bytes());
        bytes.extend_from_slice(&(len as u32).to_be_bytes());
        bytes.extend_from_slice(&self.ciphertext);
        Ok(bytes)
    }
}
// ANCHOR_END: to_bytes

impl Envelope {
    /// Writes the envelope to `stream` in one piece.
    pub fn send(&self, stream: &mut impl Write) -> Result<()> {
        stream.write_all(&self.to_bytes()?)?;
        stream.flush()?;
        Ok(())
    }

    /// Reads a whole envelope: [`receive_salt`], then [`receive_sealed`].
    pub fn receive(stream: &mut impl Read) -> Result<Envelope> {
        let salt = receive_salt(stream)?;
        let (nonce, ciphertext) = receive_sealed(stream)?;
        Ok(Envelope {
            salt,
            nonce,
            ciphertext,
        })
    }
}

/// Reads the salt, the first field of the envelope.
///
/// The server reads it on its own so that it can derive the key, and say so,
/// before it reads the rest.
pub fn receive_salt(stream: &mut impl Read) -> Result<Salt> {
    let mut salt = [0u8; SALT_LEN];
    read_field(stream, &mut salt, "the salt")?;
    Ok(Salt::from_bytes(salt))
}

// ANCHOR: receive_sealed
/// Reads the rest of the envelope: nonce, length and ciphertext.
pub fn receive_sealed(stream: &mut impl Read) -> Result<(Nonce, Vec<u8>)> {
    let mut nonce = [0u8; NONCE_LEN];
    read_field(stream, &mut nonce, "the nonce")?;
    let mut len = [0u8; 4];
    read_field(stream, &mut len, "the ciphertext length")?;
    let len = u32::from_be_bytes(len);
    let len = check_ciphertext_len(len as usize)?; // before allocating anything
    let mut ciphertext = vec![0u8; len];
    read_field(stream, &mut ciphertext, "the ciphertext")?;
    Ok((Nonce::from_bytes(nonce), ciphertext))
}
// ANCHOR_END: receive_sealed

// ANCHOR: check_len
/// Accepts a ciphertext length only if it holds at least a tag and at most the
/// longest message plus its tag.
pub fn check_ciphertext_len(len: usize) -> Result<usize> {
    let announced = u32::try_from(len).unwrap_or(u32::MAX);
    match len {
        ..TAG_LEN => Err(Error::CiphertextTooShort { len: announced }),
        TAG_LEN..=MAX_CIPHERTEXT_LEN => Ok(len),
        _ => Err(Error::CiphertextTooLong { len: announced }),
    }
}
// ANCHOR_END: check_len

/// A connection with a deadline: every read and write fails with
/// [`Error::TimedOut`] once the deadline has passed, so a peer that stalls, or
/// sends one byte a minute, cannot hold the connection for longer.
///
/// A server gives each stage of the protocol its own deadline with
/// [`set_limit`](TimedStream::set_limit): short for what a program does at
/// once, long for what waits on a person typing.
#[derive(Debug)]
pub struct TimedStream {
    stream: TcpStream,
    /// `None` when the limit is too far away to count (no deadline).
    deadline: Option<Instant>,
}

impl TimedStream {
    /// `stream`, which must be done within `limit` from now.
    pub fn new(stream: TcpStream, limit: Duration) -> Self {
        let mut timed = TimedStream {
            stream,
            deadline: None,
        };
        timed.set_limit(limit);
        timed
    }

    /// Starts a new stage: the connection must be done with it within
    /// `limit` from now. A limit too large for the clock means no deadline.
    pub fn set_limit(&mut self, limit: Duration) {
        self.deadline = Instant::now().checked_add(limit);
    }

    /// The connection itself.
    pub fn get_ref(&self) -> &TcpStream {
        &self.stream
    }

    fn time_left(&self) -> io::Result<Option<Duration>> {
        let Some(deadline) = self.deadline else {
            return Ok(None);
        };
        match deadline.checked_duration_since(Instant::now()) {
            Some(left) if !left.is_zero() => Ok(Some(left)),
            _ => Err(io::ErrorKind::TimedOut.into()),
        }
    }
}

impl Read for TimedStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(self.time_left()?)?;
        self.stream.read(buf)
    }
}

impl Write for TimedStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(self.time_left()?)?;
        self.stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(len: usize) -> Envelope {
        Envelope {
            salt: Salt::from_bytes([1; 32]),
            nonce: Nonce::from_bytes([2; 12]),
            ciphertext: vec![3; len],
        }
    }

    #[test]
    fn an_envelope_survives_the_round_trip() {
        let sent = envelope(40);
        let bytes = sent.to_bytes().unwrap();
        assert_eq!(bytes.len(), 32 + 12 + 4 + 40);
        assert_eq!(&bytes[44..48], &[0, 0, 0, 40]);
        assert_eq!(Envelope::receive(&mut &bytes[..]).unwrap(), sent);
    }

    #[test]
    fn lengths_at_the_limits() {
        assert!(matches!(
            check_ciphertext_len(15),
            Err(Error::CiphertextTooShort { len: 15 })
        ));
        assert_eq!(check_ciphertext_len(16).unwrap(), 16);
        assert_eq!(check_ciphertext_len(65_552).unwrap(), 65_552);
        assert!(matches!(
            check_ciphertext_len(65_553),
            Err(Error::CiphertextTooLong { len: 65_553 })
        ));
        assert!(envelope(15).to_bytes().is_err());
        assert!(envelope(65_553).to_bytes().is_err());
    }

    #[test]
    fn a_huge_length_is_refused_without_waiting_for_the_bytes() {
        let mut bytes = envelope(16).to_bytes().unwrap();
        bytes.truncate(44);
        bytes.extend_from_slice(&u32::MAX.to_be_bytes());
        let err = Envelope::receive(&mut &bytes[..]).unwrap_err();
        assert!(
            matches!(err, Error::CiphertextTooLong { len: u32::MAX }),
            "{err}"
        );
    }

    #[test]
    fn a_timed_stream_gives_up_at_its_deadline() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let _silent_peer =
            TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (stream, _) = listener.accept().unwrap();
        let mut timed = TimedStream::new(stream, Duration::from_millis(100));
        let err = receive_salt(&mut timed).unwrap_err();
        assert_eq!(err.to_string(), "timed out waiting for the salt");
    }

    #[test]
    fn a_limit_past_the_end_of_time_means_no_deadline_and_no_panic() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut peer =
            TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (stream, _) = listener.accept().unwrap();
        let mut timed = TimedStream::new(stream, Duration::MAX);
        peer.write_all(&[7; 32]).unwrap();
        assert_eq!(
            receive_salt(&mut timed).unwrap(),
            Salt::from_bytes([7; 32])
        );
        timed.set_limit(Duration::from_secs(u64::MAX));
        timed.write_all(b"still here").unwrap();
    }

    #[test]
    fn each_stage_gets_its_own_deadline() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let mut peer =
            TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (stream, _) = listener.accept().unwrap();
        let mut timed = TimedStream::new(stream, Duration::from_millis(50));
        std::thread::sleep(Duration::from_millis(80));
        timed.set_limit(Duration::from_secs(5)); // a new stage, a new clock
        peer.write_all(&[7; 32]).unwrap();
        assert!(receive_salt(&mut timed).is_ok());
    }

    #[test]
    fn a_cut_ciphertext_says_how_much_arrived() {
        let mut bytes = envelope(20).to_bytes().unwrap();
        bytes.truncate(48 + 5);
        let err = Envelope::receive(&mut &bytes[..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the connection closed before the ciphertext arrived (got 5 of 20 bytes)"
        );
    }
}
