//! Part III, *Hardening the protocol until it is Noise NK*: each chapter
//! fixes one weakness Part II showed, and the sum is exactly
//! `Noise_NK_25519_AESGCM_SHA256` from the Noise Protocol Framework
//! (revision 34), built from the course's own primitives: x25519-dalek, hkdf,
//! sha2 and aes-gcm. The modules are named after the objects of the
//! specification:
//!
//! | chapter | module | what it does |
//! | --- | --- | --- |
//! | *A conversation* | [`framing`], [`transport_state`] | many messages both ways, each behind a 2-byte length |
//! | *Counter nonces* | [`cipher_state`] | `CipherState`: a key and a counter, never a nonce twice |
//! | *One key per direction* | [`symmetric_state`] (`split`), [`transport_state`] | reflection fails |
//! | *The transcript hash* | [`symmetric_state`] (`mix_hash`) | every handshake byte bound into what follows |
//! | *The chaining key* | [`symmetric_state`] (`mix_key`, [`hkdf`](symmetric_state::hkdf)) | each Diffie-Hellman result mixed into one running key |
//! | *The server's long-term key and pinning it* | [`handshake_state`], [`static_key`] | the NK pattern: the client pins the server's key |
//! | *You have built Noise* | `tests/noise_vectors.rs`, `tests/wire_format_v2.rs` | the cacophony test vectors, and the course's own wire contract from an independent implementation, byte for byte |
//! | *Part II again* | `tests/noise.rs` | every attack of Part II, refused |
//!
//! The wire contract: protocol name `Noise_NK_25519_AESGCM_SHA256`, prologue
//! [`PROLOGUE`], empty handshake payloads, every message behind a 2-byte
//! big-endian length ([`framing`]).
//!
//! ```
//! use secure_messaging::noise::framing::{read_frame, write_frame};
//! use secure_messaging::noise::{HandshakeState, PROLOGUE, StaticKeyPair};
//!
//! let server_key = StaticKeyPair::generate();
//! let client = HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
//! let server = HandshakeState::nk_responder(PROLOGUE, server_key);
//!
//! let mut to_server = Vec::new(); // stands in for the network
//! let (first, client) = client.write_message(b"")?;
//! write_frame(&mut to_server, &first)?;
//! let (_, server) = server.read_message(&read_frame(&mut &to_server[..])?)?;
//! let (reply, mut server) = server.write_message(b"")?;
//! let (_, mut client) = client.read_message(&reply)?;
//!
//! let sealed = client.write_message(b"Hello, server!")?;
//! assert_eq!(server.read_message(&sealed)?, b"Hello, server!");
//! # Ok::<(), secure_messaging::Error>(())
//! ```

pub mod cipher_state;
pub mod framing;
pub mod handshake_state;
pub mod static_key;
pub mod symmetric_state;
pub mod transport_state;

pub use cipher_state::CipherState;
pub use handshake_state::{
    HandshakeState, Pattern, ReceivesMessage1, ReceivesMessage2, SendsMessage1,
    SendsMessage2, Token,
};
pub use static_key::StaticKeyPair;
pub use symmetric_state::SymmetricState;
pub use transport_state::TransportState;

/// The prologue of this course's protocol: both sides mix these 19 bytes
/// into the handshake first, so a peer speaking another protocol, or
/// another version, fails the handshake.
///
/// ```
/// assert_eq!(secure_messaging::noise::PROLOGUE.len(), 19);
/// ```
pub const PROLOGUE: &[u8] = b"secure-messaging/v2";

/// The protocol name of the course's Part III protocol.
///
/// ```
/// use secure_messaging::noise::{PROTOCOL_NAME, Pattern};
/// assert_eq!(PROTOCOL_NAME, Pattern::NK.protocol_name());
/// ```
pub const PROTOCOL_NAME: &str = "Noise_NK_25519_AESGCM_SHA256";

/// Length in bytes of an X25519 public key or Diffie-Hellman result.
pub const DH_LEN: usize = 32;

/// The longest Noise message, handshake or transport, in bytes.
pub const MAX_MESSAGE_LEN: usize = 65_535;
