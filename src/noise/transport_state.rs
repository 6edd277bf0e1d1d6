//! Part III, *A conversation* and *One key per direction*: the
//! specification's transport phase, one [`CipherState`] per direction.
//!
//! After the handshake each side holds two cipher states from
//! [`split`](super::SymmetricState::split): one seals what it sends, the
//! other opens what it receives. The client's sending key is the server's
//! receiving key and nothing else, so a message bounced back to its sender
//! (Part II's reflection) does not open; and each direction counts its own
//! nonces, so a message replayed (Part II's replay) arrives under a nonce
//! already used and does not open either.
//!
//! ```
//! use secure_messaging::noise::{HandshakeState, PROLOGUE};
//!
//! let (first, client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
//! let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
//! let (reply, mut server) = server.write_message(b"")?;
//! let (_, mut client) = client.read_message(&reply)?;
//!
//! let sealed = client.write_message(b"Pay Bob 10")?;
//! assert!(client.read_message(&sealed).is_err(), "reflected: refused");
//! assert_eq!(server.read_message(&sealed)?, b"Pay Bob 10");
//! assert!(server.read_message(&sealed).is_err(), "replayed: refused");
//! # Ok::<(), secure_messaging::Error>(())
//! ```

use std::fmt;

use super::MAX_MESSAGE_LEN;
use super::cipher_state::{CipherState, KEY_LEN};
use super::handshake_state::Pattern;
use super::symmetric_state::HASH_LEN;
use crate::transmission::TAG_LEN;
use crate::{Error, Result};

/// The longest payload one transport message carries: the longest Noise
/// message, 65,535 bytes, less the 16-byte tag.
pub const MAX_PAYLOAD_LEN: usize = MAX_MESSAGE_LEN - TAG_LEN;

// ANCHOR: transport_state
/// A completed handshake: one cipher state to send, one to receive.
///
/// Only a completed handshake makes one
/// ([`HandshakeState`](super::HandshakeState)). Keys are wiped from memory
/// when dropped and never appear in `Debug` output.
pub struct TransportState {
    pattern: Pattern,
    initiator: bool,
    send: CipherState,
    receive: CipherState,
    handshake_hash: [u8; HASH_LEN],
}
// ANCHOR_END: transport_state

impl TransportState {
    pub(super) fn new(
        pattern: Pattern,
        initiator: bool,
        send: CipherState,
        receive: CipherState,
        handshake_hash: [u8; HASH_LEN],
    ) -> Self {
        TransportState {
            pattern,
            initiator,
            send,
            receive,
            handshake_hash,
        }
    }

    /// Seals `payload` as the next message to the peer: AES-256-GCM under
    /// the sending key and the sending counter, with no associated data.
    ///
    /// Fails with [`Error::NoiseMessageTooLong`] over [`MAX_PAYLOAD_LEN`]
    /// bytes and with [`Error::NonceExhausted`] at the counter's limit.
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// # let (first, client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// # let (reply, _server) = server.write_message(b"")?;
    /// # let (_, mut client) = client.read_message(&reply)?;
    /// let sealed = client.write_message(b"hello")?;
    /// assert_eq!(sealed.len(), 5 + 16);
    /// assert_eq!(client.sending_nonce(), 1);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn write_message(&mut self, payload: &[u8]) -> Result<Vec<u8>> {
        if payload.len() > MAX_PAYLOAD_LEN {
            let len = payload.len() + TAG_LEN;
            return Err(Error::NoiseMessageTooLong { len });
        }
        self.send.encrypt_with_ad(&[], payload)
    }

    /// Opens the next message from the peer under the receiving key and the
    /// receiving counter.
    ///
    /// Fails with [`Error::Decryption`] when the tag does not verify: the
    /// message was changed, replayed, reflected or sent out of order.
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// # let (first, client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// # let (reply, mut server) = server.write_message(b"")?;
    /// # let (_, mut client) = client.read_message(&reply)?;
    /// let mut sealed = client.write_message(b"hello")?;
    /// sealed[0] ^= 1;
    /// assert!(server.read_message(&sealed).is_err());
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn read_message(&mut self, message: &[u8]) -> Result<Vec<u8>> {
        let len = message.len();
        if len < TAG_LEN {
            let len = u32::try_from(len).expect("shorter than 16");
            return Err(Error::CiphertextTooShort { len });
        }
        if len > MAX_MESSAGE_LEN {
            return Err(Error::NoiseMessageTooLong { len });
        }
        self.receive.decrypt_with_ad(&[], message)
    }

    /// Rekeys the sending direction ([`CipherState::rekey`]): from the next
    /// message on, this side seals under `REKEY(k)`. The peer must call
    /// [`rekey_receiving`](Self::rekey_receiving) at the same message (the
    /// names follow snow's `rekey_outgoing` and `rekey_incoming`).
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// # let (first, client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// # let (reply, mut server) = server.write_message(b"")?;
    /// # let (_, mut client) = client.read_message(&reply)?;
    /// client.rekey_sending();
    /// let sealed = client.write_message(b"under the new key")?;
    /// assert!(server.read_message(&sealed).is_err(), "the server has not rekeyed");
    /// server.rekey_receiving();
    /// assert_eq!(server.read_message(&sealed)?, b"under the new key");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn rekey_sending(&mut self) {
        self.send.rekey();
    }

    /// Rekeys the receiving direction: the peer's
    /// [`rekey_sending`](Self::rekey_sending).
    pub fn rekey_receiving(&mut self) {
        self.receive.rekey();
    }

    /// The key that seals what this side sends, for the examples'
    /// narration, which shows it in short hex as Part I shows its AES key.
    /// A real program never shows it: whoever has it reads this direction.
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// # let (first, client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// # let (reply, server) = server.write_message(b"")?;
    /// # let (_, client) = client.read_message(&reply)?;
    /// assert_eq!(client.sending_key(), server.receiving_key());
    /// assert_ne!(client.sending_key(), client.receiving_key());
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn sending_key(&self) -> &[u8; KEY_LEN] {
        self.send.key().expect("split gives both directions a key")
    }

    /// The key that opens what this side receives; see
    /// [`sending_key`](Self::sending_key).
    pub fn receiving_key(&self) -> &[u8; KEY_LEN] {
        self.receive
            .key()
            .expect("split gives both directions a key")
    }

    /// The counter of the next message this side sends.
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// # let (first, client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// # let (_reply, server) = server.write_message(b"")?;
    /// assert_eq!(server.sending_nonce(), 0);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn sending_nonce(&self) -> u64 {
        self.send.nonce()
    }

    /// The counter of the next message this side expects.
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// # let (first, client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// # let (_reply, server) = server.write_message(b"")?;
    /// assert_eq!(server.receiving_nonce(), 0);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn receiving_nonce(&self) -> u64 {
        self.receive.nonce()
    }

    /// The final transcript hash, the same on both sides: the
    /// specification's `GetHandshakeHash()`, which the test vectors check.
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// # let (first, client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// let (reply, server) = server.write_message(b"")?;
    /// let (_, client) = client.read_message(&reply)?;
    /// assert_eq!(client.handshake_hash(), server.handshake_hash());
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn handshake_hash(&self) -> &[u8; HASH_LEN] {
        &self.handshake_hash
    }

    /// The pattern of the handshake that made this transport.
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, Pattern, PROLOGUE};
    /// # let (first, _) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// let (_, server) = server.write_message(b"")?;
    /// assert_eq!(server.pattern(), Pattern::NN);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn pattern(&self) -> Pattern {
        self.pattern
    }

    /// Whether this side started the handshake (the client).
    ///
    /// ```
    /// # use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// # let (first, _) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// # let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// let (_, server) = server.write_message(b"")?;
    /// assert!(!server.is_initiator());
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn is_initiator(&self) -> bool {
        self.initiator
    }

    #[cfg(test)]
    pub(crate) fn set_sending_nonce(&mut self, n: u64) {
        self.send.set_nonce(n);
    }
}

/// Shows the counters and the handshake hash, never a key.
impl fmt::Debug for TransportState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportState")
            .field("pattern", &self.pattern)
            .field("initiator", &self.initiator)
            .field("send", &self.send)
            .field("receive", &self.receive)
            .field("handshake_hash", &hex::encode(self.handshake_hash))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{HandshakeState, PROLOGUE};
    use super::*;

    fn pair() -> (TransportState, TransportState) {
        let client = HandshakeState::nn_initiator(PROLOGUE);
        let server = HandshakeState::nn_responder(PROLOGUE);
        let (first, client) = client.write_message(b"").unwrap();
        let (_, server) = server.read_message(&first).unwrap();
        let (reply, server) = server.write_message(b"").unwrap();
        let (_, client) = client.read_message(&reply).unwrap();
        (client, server)
    }

    #[test]
    fn a_transport_at_the_counter_limit_refuses_to_send() {
        let (mut client, _) = pair();
        client.set_sending_nonce(u64::MAX);
        let err = client.write_message(b"one too many").unwrap_err();
        assert!(matches!(err, Error::NonceExhausted), "{err}");
    }

    #[test]
    fn payloads_at_and_over_the_limit() {
        let (mut client, mut server) = pair();
        let longest = vec![7; MAX_PAYLOAD_LEN];
        let sealed = client.write_message(&longest).unwrap();
        assert_eq!(sealed.len(), MAX_MESSAGE_LEN);
        assert_eq!(server.read_message(&sealed).unwrap(), longest);
        let err = client.write_message(&[7; MAX_PAYLOAD_LEN + 1]).unwrap_err();
        assert!(matches!(err, Error::NoiseMessageTooLong { len: 65_536 }));
        assert_eq!(
            client.sending_nonce(),
            1,
            "a refused message uses no nonce"
        );
    }

    #[test]
    fn debug_output_shows_no_key() {
        let (client, _) = pair();
        let shown = format!("{client:?}");
        assert!(shown.contains("n: 0"), "{shown}");
        assert!(shown.contains(&hex::encode(client.handshake_hash())));
    }
}
