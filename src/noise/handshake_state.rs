//! Part III, *The server's long-term key and pinning it*: the
//! specification's `HandshakeState`, running the patterns NN and NK.
//!
//! A pattern is a list of tokens per message. `e` sends a fresh ephemeral
//! public key; `ee` and `es` mix a Diffie-Hellman result into the chaining
//! key (ephemeral with ephemeral, and the initiator's ephemeral with the
//! responder's static key):
//!
//! ```text
//! NN:                  NK:
//!                        <- s
//!                        ...
//!   -> e                 -> e, es
//!   <- e, ee             <- e, ee
//! ```
//!
//! In NK the client knows the server's static public key before it starts
//! (`<- s`, the pinned key). Its first message is already encrypted under a
//! key only the holder of the matching private key can compute, and the
//! server's reply proves it holds it: with any other key the client refuses
//! the reply ([`Error::ServerAuthenticationFailed`]) before it sends a single
//! byte of application data.
//!
//! Each step of the handshake is its own type, and only the last step
//! returns a [`TransportState`]: sending application data before the
//! handshake is complete does not compile (error E0599, no such method):
//!
//! ```compile_fail,E0599
//! use secure_messaging::noise::{HandshakeState, PROLOGUE};
//!
//! let client = HandshakeState::nn_initiator(PROLOGUE);
//! let (_first, client) = client.write_message(b"")?;
//! // The server's reply has not been read: `client` is a handshake still.
//! client.write_message(b"too early")?;
//! # Ok::<(), secure_messaging::Error>(())
//! ```
//!
//! The whole NK handshake, then one message each way:
//!
//! ```
//! use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};
//!
//! let server_key = StaticKeyPair::generate();
//! let pinned = server_key.public_key(); // what the client knows in advance
//!
//! let client = HandshakeState::nk_initiator(PROLOGUE, pinned);
//! let server = HandshakeState::nk_responder(PROLOGUE, server_key);
//!
//! let (first, client) = client.write_message(b"")?; // -> e, es
//! let (_, server) = server.read_message(&first)?;
//! let (reply, mut server) = server.write_message(b"")?; // <- e, ee
//! let (_, mut client) = client.read_message(&reply)?;
//!
//! let sealed = client.write_message(b"Hello, server!")?;
//! assert_eq!(server.read_message(&sealed)?, b"Hello, server!");
//! let answer = server.write_message(b"Hello, client!")?;
//! assert_eq!(client.read_message(&answer)?, b"Hello, client!");
//! assert_eq!(client.handshake_hash(), server.handshake_hash());
//! # Ok::<(), secure_messaging::Error>(())
//! ```

use std::fmt;
use std::marker::PhantomData;

use x25519_dalek::StaticSecret;

use super::static_key::StaticKeyPair;
use super::symmetric_state::{HASH_LEN, SymmetricState};
use super::transport_state::TransportState;
use super::{DH_LEN, MAX_MESSAGE_LEN};
use crate::key_generation::{KeyPair, PublicKey};
use crate::transmission::TAG_LEN;
use crate::{Error, Result};

// ANCHOR: pattern
/// The handshake patterns this crate runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pattern {
    /// No static keys: `-> e`, `<- e, ee`. Encrypted, but nobody is
    /// authenticated: a man in the middle can run it with both sides.
    NN,
    /// The responder's static key is known to the initiator in advance:
    /// `<- s`, then `-> e, es`, `<- e, ee`. The server is authenticated.
    NK,
}

/// One step of a message pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    /// Send (or receive) a fresh ephemeral public key, and mix it into `h`.
    E,
    /// Mix in the Diffie-Hellman result of the two ephemeral keys.
    Ee,
    /// Mix in the Diffie-Hellman result of the initiator's ephemeral key and
    /// the responder's static key.
    Es,
}
// ANCHOR_END: pattern

impl Pattern {
    /// The full protocol name, which starts the transcript hash.
    ///
    /// ```
    /// use secure_messaging::noise::Pattern;
    /// assert_eq!(Pattern::NK.protocol_name(), "Noise_NK_25519_AESGCM_SHA256");
    /// ```
    pub fn protocol_name(self) -> &'static str {
        match self {
            Pattern::NN => "Noise_NN_25519_AESGCM_SHA256",
            Pattern::NK => "Noise_NK_25519_AESGCM_SHA256",
        }
    }

    /// The tokens of message 1 (initiator to responder) and message 2
    /// (responder to initiator).
    ///
    /// ```
    /// use secure_messaging::noise::{Pattern, Token};
    /// assert_eq!(
    ///     Pattern::NK.message_patterns(),
    ///     [&[Token::E, Token::Es][..], &[Token::E, Token::Ee][..]]
    /// );
    /// ```
    pub fn message_patterns(self) -> [&'static [Token]; 2] {
        match self {
            Pattern::NN => [&[Token::E], &[Token::E, Token::Ee]],
            Pattern::NK => [&[Token::E, Token::Es], &[Token::E, Token::Ee]],
        }
    }

    /// Whether the initiator knows the responder's static public key before
    /// the handshake (the pre-message `<- s`).
    ///
    /// ```
    /// use secure_messaging::noise::Pattern;
    /// assert!(Pattern::NK.knows_responder_key());
    /// assert!(!Pattern::NN.knows_responder_key());
    /// ```
    pub fn knows_responder_key(self) -> bool {
        self == Pattern::NK
    }
}

/// Step marker: the initiator has yet to send message 1.
#[derive(Debug)]
pub struct SendsMessage1;
/// Step marker: the initiator sent message 1 and waits for message 2.
#[derive(Debug)]
pub struct ReceivesMessage2;
/// Step marker: the responder waits for message 1.
#[derive(Debug)]
pub struct ReceivesMessage1;
/// Step marker: the responder read message 1 and has yet to send message 2.
#[derive(Debug)]
pub struct SendsMessage2;

// ANCHOR: handshake_state
/// A handshake in progress, at step `Step`: the [`SymmetricState`], the
/// local key pairs `s` and `e`, and the peer's public keys `rs` and `re`.
///
/// Private keys are wiped from memory when dropped and never appear in
/// `Debug` output.
pub struct HandshakeState<Step> {
    pattern: Pattern,
    initiator: bool,
    symmetric: SymmetricState,
    s: Option<StaticKeyPair>,
    e: Option<KeyPair>,
    rs: Option<PublicKey>,
    re: Option<PublicKey>,
    step: PhantomData<Step>,
}
// ANCHOR_END: handshake_state

impl HandshakeState<SendsMessage1> {
    /// The client's side of NN.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let client = HandshakeState::nn_initiator(PROLOGUE);
    /// assert!(client.is_initiator());
    /// ```
    pub fn nn_initiator(prologue: &[u8]) -> Self {
        HandshakeState::initialize(Pattern::NN, true, prologue, None, None)
    }

    /// The client's side of NK, with the server's pinned public key.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};
    /// let pinned = StaticKeyPair::generate().public_key();
    /// let client = HandshakeState::nk_initiator(PROLOGUE, pinned);
    /// assert_eq!(client.remote_static(), Some(pinned));
    /// ```
    pub fn nk_initiator(prologue: &[u8], server_key: PublicKey) -> Self {
        HandshakeState::initialize(
            Pattern::NK,
            true,
            prologue,
            None,
            Some(server_key),
        )
    }

    /// Uses `e` as the ephemeral key pair instead of a fresh one.
    ///
    /// Only for test vectors, where the ephemeral keys are fixed: a fixed
    /// ephemeral key makes every session the same one.
    ///
    /// ```
    /// use secure_messaging::key_generation::KeyPair;
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let e = KeyPair::from_private_bytes([1; 32]);
    /// let e_public = e.public_key();
    /// let client = HandshakeState::nn_initiator(PROLOGUE).with_ephemeral(e);
    /// let (first, _) = client.write_message(b"")?;
    /// assert_eq!(first, e_public.as_bytes());
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn with_ephemeral(mut self, e: KeyPair) -> Self {
        self.e = Some(e);
        self
    }

    /// Writes message 1 with `payload` (which may be empty) and waits for
    /// message 2.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let (first, _client) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// assert_eq!(first.len(), 32, "NN's first message is e, in the clear");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn write_message(
        mut self,
        payload: &[u8],
    ) -> Result<(Vec<u8>, HandshakeState<ReceivesMessage2>)> {
        let message = self.write_tokens(0, payload)?;
        Ok((message, self.next()))
    }
}

impl HandshakeState<ReceivesMessage2> {
    /// Reads message 2, returns its payload, and completes the handshake.
    ///
    /// In NK, a reply that does not verify fails with
    /// [`Error::ServerAuthenticationFailed`]: the server does not hold the
    /// private key of the pinned public key, or the reply was changed.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};
    /// let pinned = StaticKeyPair::generate().public_key();
    /// let impostor = StaticKeyPair::generate();
    /// let client = HandshakeState::nk_initiator(PROLOGUE, pinned);
    /// let server = HandshakeState::nk_responder(PROLOGUE, impostor);
    /// let (first, client) = client.write_message(b"")?;
    /// // The impostor cannot open message 1: a real one would stop here.
    /// assert!(server.read_message(&first).is_err());
    /// // Nor can it make a reply the client accepts.
    /// let mallory = StaticKeyPair::generate();
    /// let (_, mallory) = HandshakeState::nk_responder(PROLOGUE, mallory.clone())
    ///     .read_message(&HandshakeState::nk_initiator(PROLOGUE, mallory.public_key())
    ///         .write_message(b"")?.0)?;
    /// let (reply, _) = mallory.write_message(b"")?;
    /// let err = client.read_message(&reply).unwrap_err();
    /// assert!(err.to_string().starts_with("server authentication failed"));
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn read_message(
        mut self,
        message: &[u8],
    ) -> Result<(Vec<u8>, TransportState)> {
        let payload = self.read_tokens(1, message)?;
        Ok((payload, self.into_transport()))
    }
}

impl HandshakeState<ReceivesMessage1> {
    /// The server's side of NN.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let server = HandshakeState::nn_responder(PROLOGUE);
    /// assert!(!server.is_initiator());
    /// ```
    pub fn nn_responder(prologue: &[u8]) -> Self {
        HandshakeState::initialize(Pattern::NN, false, prologue, None, None)
    }

    /// The server's side of NK, with its static key pair.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, Pattern, PROLOGUE, StaticKeyPair};
    /// let server = HandshakeState::nk_responder(PROLOGUE, StaticKeyPair::generate());
    /// assert_eq!(server.pattern(), Pattern::NK);
    /// ```
    pub fn nk_responder(prologue: &[u8], server_key: StaticKeyPair) -> Self {
        HandshakeState::initialize(
            Pattern::NK,
            false,
            prologue,
            Some(server_key),
            None,
        )
    }

    /// Uses `e` as the ephemeral key pair instead of a fresh one.
    ///
    /// Only for test vectors, where the ephemeral keys are fixed: a fixed
    /// ephemeral key makes every session the same one.
    ///
    /// ```
    /// use secure_messaging::key_generation::KeyPair;
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let e = KeyPair::from_private_bytes([2; 32]);
    /// let e_public = e.public_key();
    /// let server = HandshakeState::nn_responder(PROLOGUE).with_ephemeral(e);
    /// let (first, _) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// let (_, server) = server.read_message(&first)?;
    /// let (reply, _) = server.write_message(b"")?;
    /// assert_eq!(&reply[..32], e_public.as_bytes());
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn with_ephemeral(mut self, e: KeyPair) -> Self {
        self.e = Some(e);
        self
    }

    /// Reads message 1 and returns its payload.
    ///
    /// In NK, a message 1 made for another server key fails with
    /// [`Error::HandshakeFailed`].
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let (first, _) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"hi")?;
    /// let (payload, _server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// assert_eq!(payload, b"hi");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn read_message(
        mut self,
        message: &[u8],
    ) -> Result<(Vec<u8>, HandshakeState<SendsMessage2>)> {
        let payload = self.read_tokens(0, message)?;
        Ok((payload, self.next()))
    }
}

impl HandshakeState<SendsMessage2> {
    /// Writes message 2 with `payload` (which may be empty) and completes
    /// the handshake.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let (first, _) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// let (reply, _transport) = server.write_message(b"")?;
    /// assert_eq!(reply.len(), 32 + 16, "e, then the tag of the empty payload");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn write_message(
        mut self,
        payload: &[u8],
    ) -> Result<(Vec<u8>, TransportState)> {
        let message = self.write_tokens(1, payload)?;
        Ok((message, self.into_transport()))
    }
}

impl<Step> HandshakeState<Step> {
    /// The specification's `Initialize`: `h` and `ck` from the protocol
    /// name, then the prologue and the pre-message keys mixed into `h`.
    fn initialize(
        pattern: Pattern,
        initiator: bool,
        prologue: &[u8],
        s: Option<StaticKeyPair>,
        rs: Option<PublicKey>,
    ) -> Self {
        let mut symmetric = SymmetricState::initialize(pattern.protocol_name());
        symmetric.mix_hash(prologue);
        if pattern.knows_responder_key() {
            let responder_key = match (&s, &rs) {
                (Some(s), _) => s.public_key(),
                (None, Some(rs)) => *rs,
                (None, None) => unreachable!("the NK constructors set a key"),
            };
            symmetric.mix_hash(responder_key.as_bytes());
        }
        HandshakeState {
            pattern,
            initiator,
            symmetric,
            s,
            e: None,
            rs,
            re: None,
            step: PhantomData,
        }
    }

    /// The same handshake, at its next step.
    fn next<Next>(self) -> HandshakeState<Next> {
        HandshakeState {
            pattern: self.pattern,
            initiator: self.initiator,
            symmetric: self.symmetric,
            s: self.s,
            e: self.e,
            rs: self.rs,
            re: self.re,
            step: PhantomData,
        }
    }

    /// The specification's `Split`: one cipher state per direction.
    fn into_transport(self) -> TransportState {
        let handshake_hash = *self.symmetric.handshake_hash();
        let (initiator_to_responder, responder_to_initiator) =
            self.symmetric.split();
        let (send, receive) = if self.initiator {
            (initiator_to_responder, responder_to_initiator)
        } else {
            (responder_to_initiator, initiator_to_responder)
        };
        TransportState::new(
            self.pattern,
            self.initiator,
            send,
            receive,
            handshake_hash,
        )
    }

    /// `MixKey(DH(ours, theirs))` for the tokens `ee` and `es`. A low-order
    /// public key, which would make the result all zeros, is refused with
    /// [`Error::LowOrderPublicKey`], as in Part I.
    fn mix_dh(&mut self, token: Token) -> Result<()> {
        const SET: &str = "set by the constructor or an earlier token";
        let e = || &self.e.as_ref().expect(SET).secret;
        let (ours, theirs): (&StaticSecret, PublicKey) =
            match (token, self.initiator) {
                (Token::Ee, _) => (e(), self.re.expect(SET)),
                (Token::Es, true) => (e(), self.rs.expect(SET)),
                (Token::Es, false) => {
                    (&self.s.as_ref().expect(SET).secret, self.re.expect(SET))
                }
                (Token::E, _) => unreachable!("e is not a Diffie-Hellman"),
            };
        let shared = ours.diffie_hellman(&theirs);
        if !shared.was_contributory() {
            return Err(Error::LowOrderPublicKey);
        }
        self.symmetric.mix_key(shared.as_bytes());
        Ok(())
    }

    /// The specification's `WriteMessage`: each token of message `index`,
    /// then the payload, encrypted once there is a key.
    fn write_tokens(
        &mut self,
        index: usize,
        payload: &[u8],
    ) -> Result<Vec<u8>> {
        let tokens = self.pattern.message_patterns()[index];
        let mut message = Vec::new();
        for &token in tokens {
            if token == Token::E {
                let e = self.e.get_or_insert_with(KeyPair::generate);
                let e_public = e.public_key();
                message.extend_from_slice(e_public.as_bytes());
                self.symmetric.mix_hash(e_public.as_bytes());
            } else {
                self.mix_dh(token)?;
            }
        }
        let len = message.len() + payload.len() + TAG_LEN;
        if len > MAX_MESSAGE_LEN {
            return Err(Error::NoiseMessageTooLong { len });
        }
        message.extend(self.symmetric.encrypt_and_hash(payload)?);
        Ok(message)
    }

    /// The specification's `ReadMessage`: each token of message `index`,
    /// then the payload, decrypted once there is a key.
    fn read_tokens(&mut self, index: usize, message: &[u8]) -> Result<Vec<u8>> {
        let tokens = self.pattern.message_patterns()[index];
        let number = index + 1;
        let keyed =
            self.symmetric.has_key() || tokens.iter().any(|&t| t != Token::E);
        let keys = tokens.iter().filter(|&&t| t == Token::E).count();
        let min = keys * DH_LEN + if keyed { TAG_LEN } else { 0 };
        let len = message.len();
        if len > MAX_MESSAGE_LEN {
            return Err(Error::NoiseMessageTooLong { len });
        }
        if len < min {
            return Err(Error::HandshakeMessageTooShort {
                message: number,
                len,
                min,
            });
        }
        let mut rest = message;
        for &token in tokens {
            if token == Token::E {
                let (re, after) = rest.split_at(DH_LEN);
                let re: [u8; DH_LEN] = re.try_into().expect("32 bytes");
                self.re = Some(PublicKey::from(re));
                self.symmetric.mix_hash(&re);
                rest = after;
            } else {
                self.mix_dh(token)?;
            }
        }
        self.symmetric
            .decrypt_and_hash(rest)
            .map_err(|err| match err {
                Error::Decryption
                    if self.pattern == Pattern::NK && index == 1 =>
                {
                    Error::ServerAuthenticationFailed
                }
                Error::Decryption => Error::HandshakeFailed { message: number },
                other => other,
            })
    }

    /// The pattern this handshake runs.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, Pattern, PROLOGUE};
    /// assert_eq!(HandshakeState::nn_initiator(PROLOGUE).pattern(), Pattern::NN);
    /// ```
    pub fn pattern(&self) -> Pattern {
        self.pattern
    }

    /// Whether this side started the handshake (the client).
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// assert!(HandshakeState::nn_initiator(PROLOGUE).is_initiator());
    /// ```
    pub fn is_initiator(&self) -> bool {
        self.initiator
    }

    /// The transcript hash `h` so far.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let client = HandshakeState::nn_initiator(PROLOGUE);
    /// let before = *client.handshake_hash();
    /// let (_, client) = client.write_message(b"")?;
    /// assert_ne!(*client.handshake_hash(), before, "e was mixed in");
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn handshake_hash(&self) -> &[u8; HASH_LEN] {
        self.symmetric.handshake_hash()
    }

    /// This side's ephemeral public key, once it has one.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let client = HandshakeState::nn_initiator(PROLOGUE);
    /// assert!(client.ephemeral_public().is_none());
    /// let (first, client) = client.write_message(b"")?;
    /// assert_eq!(client.ephemeral_public().unwrap().as_bytes(), &first[..32]);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn ephemeral_public(&self) -> Option<PublicKey> {
        self.e.as_ref().map(KeyPair::public_key)
    }

    /// The peer's ephemeral public key, once received.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// let (first, _) = HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    /// let (_, server) = HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    /// assert_eq!(server.remote_ephemeral().unwrap().as_bytes(), &first[..32]);
    /// # Ok::<(), secure_messaging::Error>(())
    /// ```
    pub fn remote_ephemeral(&self) -> Option<PublicKey> {
        self.re
    }

    /// The peer's static public key, if known: the pinned server key of an
    /// NK client.
    ///
    /// ```
    /// use secure_messaging::noise::{HandshakeState, PROLOGUE};
    /// assert!(HandshakeState::nn_initiator(PROLOGUE).remote_static().is_none());
    /// ```
    pub fn remote_static(&self) -> Option<PublicKey> {
        self.rs
    }
}

/// Shows the pattern, the side, `h` and the public keys; never a private
/// key or the chaining key.
impl<Step> fmt::Debug for HandshakeState<Step> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex_key =
            |key: Option<PublicKey>| key.map(|k| hex::encode(k.as_bytes()));
        f.debug_struct("HandshakeState")
            .field("step", &std::any::type_name::<Step>().rsplit("::").next())
            .field("pattern", &self.pattern)
            .field("initiator", &self.initiator)
            .field("symmetric", &self.symmetric)
            .field("s", &self.s)
            .field("e", &self.e)
            .field("rs", &hex_key(self.rs))
            .field("re", &hex_key(self.re))
            .finish()
    }
}
