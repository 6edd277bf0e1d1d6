//! Part II, *The man in the middle*: Mallory runs one key exchange with the
//! client and another with the server, reads the client's message, and
//! forwards it, changed if she likes.
//!
//! Nothing in the protocol stops her: a public key carries no name, so each
//! side agrees on a key with her and every tag verifies. Only the keys betray
//! her: the two sides see different ones, so their [`safety_number`]s differ.
//!
//! ```
//! use secure_messaging::attacks::man_in_the_middle::safety_number;
//! use secure_messaging::key_generation::KeyPair;
//!
//! let client = KeyPair::generate().public_key();
//! let server = KeyPair::generate().public_key();
//! let mallory = KeyPair::generate().public_key();
//! // Without Mallory, both sides read the same number.
//! assert_eq!(safety_number(&client, &server), safety_number(&server, &client));
//! // With her, the client sees her key where the server's should be.
//! assert_ne!(safety_number(&client, &mallory), safety_number(&server, &client));
//! ```

use std::io::Write;

use sha2::{Digest, Sha256};

use crate::Result;
use crate::decryption::decrypt_text;
use crate::encryption::{check_message_len, encrypt};
use crate::key_derivation::SessionKey;
use crate::key_generation::PublicKey;
use crate::transmission::Envelope;

/// The port the `mitm` example listens on: the server's, plus one.
pub const DEFAULT_MITM_PORT: u16 = 65433;

/// Mallory cannot use [`exchange_as_server`](crate::key_exchange::exchange_as_server)
/// with the client: she must hold the client's key until the server has
/// answered, so she reads with chapter 2's `receive_public_key` and sends
/// separately.
pub use crate::key_exchange::receive_public_key;

/// Writes a public key, or the 32 bytes that stand in for one, to `stream`.
pub fn send_public_key(stream: &mut impl Write, key: &PublicKey) -> Result<()> {
    stream.write_all(key.as_bytes())?;
    stream.flush()?;
    Ok(())
}

// ANCHOR: reseal
/// Opens the client's envelope with the key Mallory shares with the client
/// and seals `replacement`, or the same text, under the key she shares with
/// the server. Salt and nonce stay as the client sent them, so that they
/// match on the two terminals. Returns the client's text and the envelope to
/// forward.
pub fn reseal(
    with_client: &SessionKey,
    with_server: &SessionKey,
    envelope: &Envelope,
    replacement: Option<&str>,
) -> Result<(String, Envelope)> {
    let message =
        decrypt_text(with_client, &envelope.nonce, &envelope.ciphertext)?;
    let forwarded = replacement.unwrap_or(&message);
    check_message_len(forwarded.as_bytes())?;
    let ciphertext =
        encrypt(with_server, &envelope.nonce, forwarded.as_bytes())?;
    let envelope = Envelope {
        ciphertext,
        ..envelope.clone()
    };
    Ok((message, envelope))
}
// ANCHOR_END: reseal

// ANCHOR: safety_number
/// The safety number of a conversation (Part I, chapter 2's exercise): SHA-256
/// of the two public keys, smaller first, shown as six groups of five digits.
/// Both sides get the same number only if they saw the same two keys.
pub fn safety_number(mine: &PublicKey, theirs: &PublicKey) -> String {
    let (first, second) = if mine.as_bytes() <= theirs.as_bytes() {
        (mine, theirs)
    } else {
        (theirs, mine)
    };
    let hash = Sha256::new()
        .chain_update(first.as_bytes())
        .chain_update(second.as_bytes())
        .finalize();
    let groups: Vec<String> = hash
        .chunks(5)
        .take(6)
        .map(|chunk| {
            let n = chunk.iter().fold(0u64, |n, &b| n << 8 | u64::from(b));
            format!("{:05}", n % 100_000)
        })
        .collect();
    groups.join(" ")
}
// ANCHOR_END: safety_number

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::encryption::Nonce;
    use crate::key_derivation::{Salt, derive_key};
    use crate::key_generation::KeyPair;

    /// Client, Mallory and server in memory: two key agreements, two keys.
    fn two_keys() -> (SessionKey, SessionKey, SessionKey, Salt) {
        let (client, server) = (KeyPair::generate(), KeyPair::generate());
        let (toward_client, toward_server) =
            (KeyPair::generate(), KeyPair::generate());
        let (c, s) = (client.public_key(), server.public_key());
        let (mc, ms) = (toward_client.public_key(), toward_server.public_key());
        let salt = Salt::random();
        let key = |pair: KeyPair, theirs: &PublicKey| {
            derive_key(&pair.diffie_hellman(theirs).unwrap(), &salt)
        };
        let client_key = key(client, &mc);
        let server_key = key(server, &ms);
        let mallory_client = key(toward_client, &c);
        let mallory_server = key(toward_server, &s);
        assert_eq!(client_key.as_bytes(), mallory_client.as_bytes());
        assert_eq!(server_key.as_bytes(), mallory_server.as_bytes());
        (client_key, mallory_client, server_key, salt)
    }

    fn sealed(key: &SessionKey, salt: Salt, text: &str) -> Envelope {
        let nonce = Nonce::random();
        let ciphertext = encrypt(key, &nonce, text.as_bytes()).unwrap();
        Envelope {
            salt,
            nonce,
            ciphertext,
        }
    }

    #[test]
    fn mallory_reads_and_the_server_accepts_her_text() {
        let (client_key, mallory_client, server_key, salt) = two_keys();
        let envelope = sealed(&client_key, salt, "PAY BOB 10 EUR");
        let (read, forwarded) =
            reseal(&mallory_client, &server_key, &envelope, Some("PAY EVE"))
                .unwrap();
        assert_eq!(read, "PAY BOB 10 EUR");
        let at_server =
            decrypt_text(&server_key, &forwarded.nonce, &forwarded.ciphertext);
        assert_eq!(at_server.unwrap(), "PAY EVE");
        assert_eq!(forwarded.salt, envelope.salt);
        assert_eq!(forwarded.nonce, envelope.nonce);
    }

    #[test]
    fn without_the_clients_key_mallory_reads_nothing() {
        let (client_key, _, server_key, salt) = two_keys();
        let envelope = sealed(&client_key, salt, "secret");
        let guess = SessionKey::random();
        let err = reseal(&guess, &server_key, &envelope, None).unwrap_err();
        assert!(matches!(err, Error::Decryption), "{err}");
    }

    #[test]
    fn safety_numbers_match_only_on_the_same_keys() {
        let client = KeyPair::generate().public_key();
        let server = KeyPair::generate().public_key();
        let mallory = KeyPair::generate().public_key();
        let same = safety_number(&client, &server);
        assert_eq!(same, safety_number(&server, &client));
        assert_ne!(same, safety_number(&client, &mallory));
        assert_eq!(same.len(), 6 * 5 + 5);
    }

    /// The known answer of Part I's exercise: Alice's and Bob's keys from
    /// RFC 7748, section 6.1.
    #[test]
    fn alice_and_bob_get_the_known_answer() {
        let key = |hex: &str| {
            let bytes: [u8; 32] = hex::decode(hex).unwrap().try_into().unwrap();
            PublicKey::from(bytes)
        };
        let alice = key(
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
        );
        let bob = key(
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
        );
        assert_eq!(
            safety_number(&alice, &bob),
            "48180 99430 54812 77458 62055 38291"
        );
    }
}
