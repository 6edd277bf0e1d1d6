//! Tests of "Exercise: one key per direction", shared by exercise.rs and
//! solution.rs.

use super::*;
use secure_messaging::Error;
use secure_messaging::decryption::{decrypt, decrypt_text};
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::derive_key;
use secure_messaging::key_generation::KeyPair;

fn bytes<const N: usize>(hex: &str) -> [u8; N] {
    hex::decode(hex).unwrap().try_into().unwrap()
}

/// The key pairs of RFC 7748, section 6.1: the client is Alice, the server
/// Bob.
fn key_pairs() -> (KeyPair, KeyPair) {
    let client = KeyPair::from_private_bytes(bytes(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
    ));
    let server = KeyPair::from_private_bytes(bytes(
        "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
    ));
    (client, server)
}

fn salt() -> Salt {
    Salt::from_bytes(bytes(
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    ))
}

/// The client's shared secret and the server's, each computed from its own
/// key pair.
fn secrets() -> (SharedSecret, SharedSecret) {
    let (client, server) = key_pairs();
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    (
        client.diffie_hellman(&server_public).unwrap(),
        server.diffie_hellman(&client_public).unwrap(),
    )
}

/// The client's keys and the server's, each derived from its own secret.
fn both_sides(salt: &Salt) -> (DirectionKeys, DirectionKeys) {
    let (client_secret, server_secret) = secrets();
    (
        derive_direction_keys(&client_secret, salt),
        derive_direction_keys(&server_secret, salt),
    )
}

/// A key in hex, for messages.
fn hex(key: &SessionKey) -> String {
    hex::encode(key.as_bytes())
}

#[test]
fn client_and_server_agree_on_both_keys() {
    let (client, server) = both_sides(&Salt::random());
    assert_eq!(
        hex(&client.client_to_server),
        hex(&server.client_to_server),
        "client_to_server: the client's (left) is not the server's (right)"
    );
    assert_eq!(
        hex(&client.server_to_client),
        hex(&server.server_to_client),
        "server_to_client: the client's (left) is not the server's (right)"
    );
}

#[test]
fn the_two_directions_differ_from_each_other_and_from_derive_key() {
    let (secret, _) = secrets();
    let client = derive_direction_keys(&secret, &salt());
    let one_key = derive_key(&secret, &salt());
    let to_server = hex(&client.client_to_server);
    let to_client = hex(&client.server_to_client);
    let one_key = hex(&one_key);
    assert_ne!(to_server, to_client, "both directions got the same key");
    assert_ne!(to_server, one_key, "client_to_server is derive_key's key");
    assert_ne!(to_client, one_key, "server_to_client is derive_key's key");
}

// ANCHOR: reflection
#[test]
fn a_reflected_message_is_refused() {
    let (client, server) = both_sides(&Salt::random());
    let nonce = Nonce::random();
    let sealed =
        encrypt(&client.client_to_server, &nonce, b"Hello, server!").unwrap();
    // Sent back to the client, it is opened as if it came from the server.
    assert!(
        matches!(
            decrypt(&client.server_to_client, &nonce, &sealed),
            Err(Error::Decryption)
        ),
        "the client opened its own message with server_to_client"
    );
    assert_eq!(
        decrypt_text(&server.client_to_server, &nonce, &sealed).unwrap(),
        "Hello, server!"
    );
}
// ANCHOR_END: reflection

/// Both keys for the RFC 7748 shared secret and the salt 00 01 ... 1f, as
/// computed with Python's `hmac` and `hashlib`, independently of Rust: a typo
/// in a label gives another key.
#[test]
fn both_labels_give_the_known_answers() {
    let (client, _) = both_sides(&salt());
    assert_eq!(
        hex(&client.client_to_server),
        "1efa998f61d29365778fb9b58052e939872fe82f2d5b2a13cb14f9fa69cf51ed",
        "derive_direction_keys: client_to_server is left"
    );
    assert_eq!(
        hex(&client.server_to_client),
        "d5b9be94834d775b9c757c0b51b204831b5da6701a6553c1d8a92db2d69686bb",
        "derive_direction_keys: server_to_client is left"
    );
}
