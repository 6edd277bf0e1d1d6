//! Tests of "Exercise: the man in the middle", shared by exercise.rs and
//! solution.rs.

use super::demo::open;
use super::*;
use secure_messaging::Error;
use secure_messaging::encryption::NONCE_LEN;
use secure_messaging::key_derivation::SALT_LEN;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::TAG_LEN;

const TEXT: &str = "Meet me at the library at noon.";
const REPLACEMENT: &str = "Meet me at the station at midnight.";

/// Everyone's secrets after Mallory's two key exchanges, and the envelope
/// the client sends.
struct Attack {
    client_secret: SharedSecret,
    server_secret: SharedSecret,
    with_client: SharedSecret,
    with_server: SharedSecret,
    envelope: Envelope,
}

fn attack() -> Attack {
    let (client, server) = (KeyPair::generate(), KeyPair::generate());
    let (facing_client, facing_server) =
        (KeyPair::generate(), KeyPair::generate());
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    let client_secret =
        client.diffie_hellman(&facing_client.public_key()).unwrap();
    let server_secret =
        server.diffie_hellman(&facing_server.public_key()).unwrap();
    let (salt, nonce) = (Salt::random(), Nonce::random());
    let key = derive_key(&client_secret, &salt);
    let envelope = Envelope {
        salt,
        nonce,
        ciphertext: encrypt(&key, &nonce, TEXT.as_bytes()).unwrap(),
    };
    Attack {
        client_secret,
        server_secret,
        with_client: facing_client.diffie_hellman(&client_public).unwrap(),
        with_server: facing_server.diffie_hellman(&server_public).unwrap(),
        envelope,
    }
}

fn intercepted(attack: &Attack) -> (String, Envelope) {
    intercept(
        &attack.with_client,
        &attack.with_server,
        &attack.envelope,
        REPLACEMENT,
    )
    .unwrap()
}

#[test]
fn the_server_reads_mallorys_text_without_any_error() {
    let attack = attack();
    let (_, forged) = intercepted(&attack);
    assert_eq!(open(&attack.server_secret, &forged).unwrap(), REPLACEMENT);
}

#[test]
fn mallory_reads_the_clients_text() {
    let (original, _) = intercepted(&attack());
    assert_eq!(original, TEXT);
}

// ANCHOR: trace
#[test]
fn the_only_trace_is_that_the_two_sides_hold_different_secrets() {
    let attack = attack();
    let (_, forged) = intercepted(&attack);
    // The forged envelope is laid out like any other.
    let len = SALT_LEN + NONCE_LEN + 4 + REPLACEMENT.len() + TAG_LEN;
    assert_eq!(forged.to_bytes().unwrap().len(), len);
    // Each side shares a secret with Mallory, not with the other side.
    let client = attack.client_secret.as_bytes();
    let server = attack.server_secret.as_bytes();
    assert_eq!(client, attack.with_client.as_bytes());
    assert_eq!(server, attack.with_server.as_bytes());
    assert_ne!(client, server);
}
// ANCHOR_END: trace

#[test]
fn the_clients_envelope_forwarded_unchanged_is_refused() {
    let attack = attack();
    assert!(matches!(
        open(&attack.server_secret, &attack.envelope),
        Err(Error::Decryption)
    ));
    // So Mallory seals anew, and with a fresh salt and nonce every time.
    let (_, first) = intercepted(&attack);
    let (_, second) = intercepted(&attack);
    assert_ne!(first.salt, attack.envelope.salt);
    assert_ne!(first.nonce, attack.envelope.nonce);
    assert_ne!(first.salt, second.salt);
    assert_ne!(first.nonce, second.nonce);
}
