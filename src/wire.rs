//! Reading fixed-size fields from a stream, with errors that say which field was
//! cut short. Shared by the key exchange and the transmission of the message.

use std::io::{ErrorKind, Read};

use crate::{Error, Result};

// ANCHOR: read_field
/// Fills `buf` from `reader`, or says how far it got before the peer stopped.
pub(crate) fn read_field(
    reader: &mut impl Read,
    buf: &mut [u8],
    what: &'static str,
) -> Result<()> {
    let mut got = 0;
    while got < buf.len() {
        match reader.read(&mut buf[got..]) {
            Ok(0) => {
                return Err(Error::ConnectionClosed {
                    what,
                    got,
                    expected: buf.len(),
                });
            }
            Ok(n) => got += n,
            Err(err) if err.kind() == ErrorKind::Interrupted => {}
            Err(err)
                if matches!(
                    err.kind(),
                    ErrorKind::WouldBlock | ErrorKind::TimedOut
                ) =>
            {
                return Err(Error::TimedOut { what });
            }
            Err(err) => return Err(Error::Io(err)),
        }
    }
    Ok(())
}
// ANCHOR_END: read_field

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_stream_names_the_field_and_the_count() {
        let mut buf = [0u8; 32];
        let err = read_field(&mut &[1u8, 2, 3][..], &mut buf, "the salt")
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the connection closed before the salt arrived (got 3 of 32 bytes)"
        );
    }

    #[test]
    fn a_full_stream_fills_the_field() {
        let mut buf = [0u8; 3];
        read_field(&mut &[1u8, 2, 3, 4][..], &mut buf, "three bytes").unwrap();
        assert_eq!(buf, [1, 2, 3]);
    }
}
