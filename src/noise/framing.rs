//! Part III, *A conversation*: many messages over one connection,
//! each behind its length.
//!
//! TCP delivers a stream of bytes, not messages. Every Noise message,
//! handshake and transport alike, travels behind a 2-byte big-endian length,
//! so the receiver knows where one message ends and the next begins:
//!
//! | bytes | field |
//! | --- | --- |
//! | 2 | N, the message's length, big-endian, 0 ≤ N ≤ 65,535 |
//! | N | the Noise message |
//!
//! A message over 65,535 bytes, the limit of the Noise specification, is
//! refused ([`Error::NoiseMessageTooLong`]), not cut short. Two bytes cannot
//! announce more than that, so a receiver never allocates more than 64 KiB
//! for what a peer sends.
//!
//! ```
//! use secure_messaging::noise::framing::{read_frame, write_frame};
//!
//! let mut wire = Vec::new();
//! write_frame(&mut wire, b"first")?;
//! write_frame(&mut wire, b"second")?;
//! assert_eq!(&wire[..7], b"\x00\x05first");
//!
//! let mut received = &wire[..];
//! assert_eq!(read_frame(&mut received)?, b"first");
//! assert_eq!(read_frame(&mut received)?, b"second");
//! # Ok::<(), secure_messaging::Error>(())
//! ```

use std::io::{Read, Write};

use super::MAX_MESSAGE_LEN;
use crate::wire::read_field;
use crate::{Error, Result};

/// Length in bytes of the length field in front of every message.
pub const LENGTH_LEN: usize = 2;

// ANCHOR: frame
/// `message` behind its 2-byte big-endian length, as it goes on the wire.
///
/// Fails with [`Error::NoiseMessageTooLong`] over 65,535 bytes.
///
/// ```
/// use secure_messaging::noise::framing::frame;
/// assert_eq!(frame(b"hi")?, b"\x00\x02hi");
/// assert!(frame(&vec![0; 65_536]).is_err());
/// # Ok::<(), secure_messaging::Error>(())
/// ```
pub fn frame(message: &[u8]) -> Result<Vec<u8>> {
    let len = message.len();
    let announced =
        u16::try_from(len).map_err(|_| Error::NoiseMessageTooLong { len })?;
    let mut bytes = Vec::with_capacity(LENGTH_LEN + len);
    bytes.extend_from_slice(&announced.to_be_bytes());
    bytes.extend_from_slice(message);
    Ok(bytes)
}
// ANCHOR_END: frame

/// Writes `message` behind its length to `stream`, in one piece.
///
/// Fails with [`Error::NoiseMessageTooLong`] over 65,535 bytes, before
/// writing anything.
///
/// ```
/// use secure_messaging::noise::framing::write_frame;
/// let mut wire = Vec::new();
/// write_frame(&mut wire, b"")?;
/// assert_eq!(wire, [0, 0]);
/// assert!(write_frame(&mut wire, &vec![0; 65_536]).is_err());
/// assert_eq!(wire, [0, 0], "nothing written");
/// # Ok::<(), secure_messaging::Error>(())
/// ```
pub fn write_frame(stream: &mut impl Write, message: &[u8]) -> Result<()> {
    stream.write_all(&frame(message)?)?;
    stream.flush()?;
    Ok(())
}

// ANCHOR: read_frame
/// Reads one message: its 2-byte length, then that many bytes.
///
/// Fails with [`Error::ConnectionClosed`] if the peer stops part way.
///
/// ```
/// use secure_messaging::noise::framing::read_frame;
/// let err = read_frame(&mut &b"\x00\x05abc"[..]).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the connection closed before a Noise message arrived (got 3 of 5 bytes)"
/// );
/// ```
pub fn read_frame(stream: &mut impl Read) -> Result<Vec<u8>> {
    let mut len = [0u8; LENGTH_LEN];
    read_field(stream, &mut len, "the length of a Noise message")?;
    let len = usize::from(u16::from_be_bytes(len));
    debug_assert!(len <= MAX_MESSAGE_LEN);
    let mut message = vec![0u8; len];
    read_field(stream, &mut message, "a Noise message")?;
    Ok(message)
}
// ANCHOR_END: read_frame

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_message_survives_and_one_more_byte_is_refused() {
        let longest = vec![7; MAX_MESSAGE_LEN];
        let bytes = frame(&longest).unwrap();
        assert_eq!(&bytes[..2], &[0xff, 0xff]);
        assert_eq!(read_frame(&mut &bytes[..]).unwrap(), longest);
        let err = frame(&[7; MAX_MESSAGE_LEN + 1]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "refused a Noise message of 65536 bytes: the limit is 65535"
        );
    }

    #[test]
    fn a_cut_length_says_so() {
        let err = read_frame(&mut &[0u8][..]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the connection closed before the length of a Noise message \
             arrived (got 1 of 2 bytes)"
        );
    }
}
