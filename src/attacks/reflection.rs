//! Part II, *Reflection*: bounce a message back to its sender.
//!
//! [`SharedKeySession`] is the weakened variant: the client and the server
//! seal in both directions under one key. Mallory sends the client's own
//! message back to it, and the client opens it as if the server had sent it:
//! the tag proves "sealed with our key", and both sides hold that key.
//!
//! [`DirectionalSession`] is the defence: one key per direction, both derived
//! from the same shared secret and salt under two labels. Each side seals
//! with one key and opens with the other, so its own message, reflected,
//! fails its tag. Part III's `Split` builds the same.
//!
//! ```
//! use secure_messaging::attacks::Session;
//! use secure_messaging::attacks::reflection::DirectionalSession;
//! use secure_messaging::key_derivation::Salt;
//! use secure_messaging::key_generation::KeyPair;
//!
//! let (client, server) = (KeyPair::generate(), KeyPair::generate());
//! let (client_public, server_public) = (client.public_key(), server.public_key());
//! let salt = Salt::random();
//! let client = DirectionalSession::client(&client.diffie_hellman(&server_public)?, &salt);
//! let server = DirectionalSession::server(&server.diffie_hellman(&client_public)?, &salt);
//!
//! let offer = client.seal("I accept the offer of 100 EUR")?;
//! assert_eq!(server.open(&offer)?, "I accept the offer of 100 EUR");
//! assert!(client.open(&offer).is_err()); // reflected: refused
//! # Ok::<(), secure_messaging::Error>(())
//! ```

use hkdf::Hkdf;
use sha2::Sha256;

use crate::Result;
use crate::attacks::{Sealed, Session};
use crate::key_derivation::{KEY_LEN, Salt, SessionKey};
use crate::shared_secret::SharedSecret;

/// The HKDF label of the key that seals what the client sends.
pub const CLIENT_TO_SERVER: &[u8] = b"secure-messaging/v1 client to server";
/// The HKDF label of the key that seals what the server sends.
pub const SERVER_TO_CLIENT: &[u8] = b"secure-messaging/v1 server to client";

// ANCHOR: shared
/// WEAKENED: one key seals both directions, so a message cannot say which
/// side sealed it.
pub struct SharedKeySession {
    key: SessionKey,
}

impl SharedKeySession {
    /// A session under `key`, the same at both ends and in both directions.
    pub fn new(key: SessionKey) -> Self {
        SharedKeySession { key }
    }
}

impl Session for SharedKeySession {
    /// Seals a message for the other side under the one key.
    fn seal(&self, message: &str) -> Result<Sealed> {
        Sealed::seal(&self.key, message)
    }

    /// Opens as the other side's any message under the key: its own too.
    fn open(&self, sealed: &Sealed) -> Result<String> {
        sealed.open(&self.key)
    }
}
// ANCHOR_END: shared

// ANCHOR: directional
/// One key per direction: seal with one, open with the other.
pub struct DirectionalSession {
    sending: SessionKey,
    receiving: SessionKey,
}

impl DirectionalSession {
    /// The client's end: it seals client to server.
    pub fn client(secret: &SharedSecret, salt: &Salt) -> Self {
        let [to_server, to_client] = direction_keys(secret, salt);
        DirectionalSession {
            sending: to_server,
            receiving: to_client,
        }
    }

    /// The server's end: it seals server to client.
    pub fn server(secret: &SharedSecret, salt: &Salt) -> Self {
        let [to_server, to_client] = direction_keys(secret, salt);
        DirectionalSession {
            sending: to_client,
            receiving: to_server,
        }
    }
}
// ANCHOR_END: directional

impl Session for DirectionalSession {
    /// Seals a message under this side's sending key.
    fn seal(&self, message: &str) -> Result<Sealed> {
        Sealed::seal(&self.sending, message)
    }

    /// Opens a message under this side's receiving key: only what the other
    /// side sealed.
    fn open(&self, sealed: &Sealed) -> Result<String> {
        sealed.open(&self.receiving)
    }
}

/// HKDF-SHA256 from the shared secret and salt, expanded under each
/// direction's label: `[client to server, server to client]`.
pub fn direction_keys(secret: &SharedSecret, salt: &Salt) -> [SessionKey; 2] {
    let hkdf = Hkdf::<Sha256>::new(Some(salt.as_bytes()), secret.as_bytes());
    [CLIENT_TO_SERVER, SERVER_TO_CLIENT].map(|label| {
        let mut key = [0u8; KEY_LEN];
        hkdf.expand(label, &mut key)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        SessionKey::from_bytes(key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::key_derivation::derive_key;
    use crate::key_generation::KeyPair;

    /// The client's shared secret and the server's.
    fn secrets() -> (SharedSecret, SharedSecret) {
        let client = KeyPair::generate();
        let server = KeyPair::generate();
        let (client_public, server_public) =
            (client.public_key(), server.public_key());
        (
            client.diffie_hellman(&server_public).unwrap(),
            server.diffie_hellman(&client_public).unwrap(),
        )
    }

    #[test]
    fn one_key_for_both_directions_accepts_a_reflected_message() {
        let salt = Salt::random();
        let (client_secret, server_secret) = secrets();
        let client = SharedKeySession::new(derive_key(&client_secret, &salt));
        let server = SharedKeySession::new(derive_key(&server_secret, &salt));
        let sealed = client.seal("I accept the offer of 100 EUR").unwrap();
        assert_eq!(
            server.open(&sealed).unwrap(),
            "I accept the offer of 100 EUR"
        );
        // Mallory sends it back: the client reads it as the server's.
        assert_eq!(
            client.open(&sealed).unwrap(),
            "I accept the offer of 100 EUR"
        );
    }

    #[test]
    fn one_key_per_direction_refuses_a_reflected_message() {
        let salt = Salt::random();
        let (client_secret, server_secret) = secrets();
        let client = DirectionalSession::client(&client_secret, &salt);
        let server = DirectionalSession::server(&server_secret, &salt);
        let sealed = client.seal("I accept the offer of 100 EUR").unwrap();
        assert_eq!(
            server.open(&sealed).unwrap(),
            "I accept the offer of 100 EUR"
        );
        assert!(matches!(client.open(&sealed), Err(Error::Decryption)));
        let reply = server.seal("Agreed").unwrap();
        assert_eq!(client.open(&reply).unwrap(), "Agreed");
        assert!(matches!(server.open(&reply), Err(Error::Decryption)));
    }

    /// The chapter 8 exercise's known answers: the RFC 7748 shared secret
    /// and the salt 00 01 ... 1f, computed with Python's `hmac`.
    #[test]
    fn the_direction_keys_are_the_known_answers() {
        let bytes = |hex: &str| -> [u8; 32] {
            hex::decode(hex).unwrap().try_into().unwrap()
        };
        let alice = KeyPair::from_private_bytes(bytes(
            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
        ));
        let bob = KeyPair::from_private_bytes(bytes(
            "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
        ))
        .public_key();
        let secret = alice.diffie_hellman(&bob).unwrap();
        let salt = Salt::from_bytes(std::array::from_fn(|i| i as u8));
        let [to_server, to_client] = direction_keys(&secret, &salt);
        assert_eq!(
            hex::encode(to_server.as_bytes()),
            "1efa998f61d29365778fb9b58052e939872fe82f2d5b2a13cb14f9fa69cf51ed"
        );
        assert_eq!(
            hex::encode(to_client.as_bytes()),
            "d5b9be94834d775b9c757c0b51b204831b5da6701a6553c1d8a92db2d69686bb"
        );
    }
}
