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

/// What `intercept` returned for the attack's envelope and `REPLACEMENT`.
fn intercepted(attack: &Attack) -> (String, Envelope) {
    let result = intercept(
        &attack.with_client,
        &attack.with_server,
        &attack.envelope,
        REPLACEMENT,
    );
    result.unwrap_or_else(|err| panic!("intercept returned the error: {err}"))
}

#[test]
fn the_server_refuses_the_clients_envelope_but_reads_mallorys() {
    let attack = attack();
    assert!(matches!(
        open(&attack.server_secret, &attack.envelope),
        Err(Error::Decryption)
    ));
    let (_, forged) = intercepted(&attack);
    match open(&attack.server_secret, &forged) {
        Ok(text) => assert_eq!(text, REPLACEMENT, "the server read the left"),
        Err(err) => {
            panic!("the server could not open intercept's envelope: {err}")
        }
    }
}

#[test]
fn mallory_reads_the_clients_text() {
    let (original, _) = intercepted(&attack());
    assert_eq!(
        original, TEXT,
        "intercept returned the left as the client's"
    );
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
fn intercept_seals_under_a_fresh_salt_and_nonce_each_time() {
    // The exercise asks for a fresh pair every time: a pair used for an
    // earlier message would put two texts under one key and nonce, the nonce
    // reuse of chapter 5.
    let attack = attack();
    let (_, first) = intercepted(&attack);
    let (_, second) = intercepted(&attack);
    let client = &attack.envelope;
    assert_ne!(first.salt, client.salt, "intercept kept the client's salt");
    assert_ne!(
        first.nonce, client.nonce,
        "intercept kept the client's nonce"
    );
    assert_ne!(first.salt, second.salt, "intercept used one salt twice");
    assert_ne!(first.nonce, second.nonce, "intercept used one nonce twice");
}
