//! # secure_messaging: the companion crate of the course *Secure Messaging in Rust*
//!
//! Two programs agree on a key over an open network and send each other an
//! encrypted message. Each step of that protocol is one module here, named after
//! the chapter of the book that teaches it:
//!
//! | chapter | module | what it does |
//! | --- | --- | --- |
//! | 1. Key generation | [`key_generation`] | make an X25519 key pair |
//! | 2. Key exchange | [`key_exchange`] | swap public keys over a stream |
//! | 3. Shared secret | [`shared_secret`] | X25519 Diffie-Hellman, refusing low-order keys |
//! | 4. Key derivation | [`key_derivation`] | HKDF-SHA256 from shared secret and salt to an AES key |
//! | 5. Encryption | [`encryption`] | AES-256-GCM under a random nonce |
//! | 6. Transmission | [`transmission`] | salt, nonce and ciphertext on the wire |
//! | 7. Decryption | [`decryption`] | verify the tag and recover the message |
//!
//! Part II breaks the protocol, one attack a chapter, in [`attacks`].
//!
//! Part III hardens the protocol until it is `Noise_NK_25519_AESGCM_SHA256`,
//! in [`noise`], with one module per object of the Noise specification.
//!
//! Two helper modules serve the examples: [`narration`] formats the step-by-step
//! story the programs tell (the library itself never prints), and [`cli`] reads
//! their command lines. [`defences`] keeps one machine from locking a class out
//! of the server.
//!
//! The whole protocol, run through the library with fixed keys (the test vector of
//! the book's appendix uses these same steps):
//!
//! ```
//! use secure_messaging::{decryption, encryption, key_derivation, key_generation};
//!
//! let client = key_generation::KeyPair::generate();
//! let server = key_generation::KeyPair::generate();
//! let (client_public, server_public) = (client.public_key(), server.public_key());
//!
//! let client_secret = client.diffie_hellman(&server_public)?;
//! let server_secret = server.diffie_hellman(&client_public)?;
//!
//! let salt = key_derivation::Salt::random();
//! let client_key = key_derivation::derive_key(&client_secret, &salt);
//! let server_key = key_derivation::derive_key(&server_secret, &salt);
//!
//! let nonce = encryption::Nonce::random();
//! let ciphertext = encryption::encrypt(&client_key, &nonce, b"Hello, server!")?;
//! let message = decryption::decrypt_text(&server_key, &nonce, &ciphertext)?;
//! assert_eq!(message, "Hello, server!");
//! # Ok::<(), secure_messaging::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod attacks;
pub mod cli;
pub mod decryption;
pub mod defences;
pub mod encryption;
mod error;
pub mod key_derivation;
pub mod key_exchange;
pub mod key_generation;
pub mod narration;
pub mod noise;
pub mod shared_secret;
pub mod transmission;
mod wire;

pub use error::Error;

/// The result type of this crate: its errors are [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The default address the server listens on and the client connects to.
pub const DEFAULT_HOST: &str = "127.0.0.1";

/// The default TCP port of the server.
pub const DEFAULT_PORT: u16 = 65432;
