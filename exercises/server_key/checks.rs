//! Tests of "Exercise: the pinned key from hex", shared by exercise.rs and
//! solution.rs.

use super::*;
use secure_messaging::noise::StaticKeyPair;

fn printed(server: &StaticKeyPair) -> String {
    hex::encode(server.public_key().as_bytes())
}

#[test]
fn the_printed_key_parses_and_connects() {
    let server = StaticKeyPair::generate();
    let key = parse_server_key(&printed(&server)).unwrap();
    assert_eq!(key, server.public_key());
    demo::connect(&server, &printed(&server)).unwrap();
}

#[test]
fn capitals_and_surrounding_spaces_are_accepted() {
    let server = StaticKeyPair::generate();
    let typed = format!("  {}\n", printed(&server).to_uppercase());
    assert_eq!(parse_server_key(&typed).unwrap(), server.public_key());
}

#[test]
fn a_wrong_length_is_refused_with_the_length_expected() {
    let server = StaticKeyPair::generate();
    for typed in [&printed(&server)[..62], &format!("{}00", printed(&server))] {
        let err = parse_server_key(typed).unwrap_err();
        assert!(err.contains("64"), "say 64 hex digits are expected: {err}");
    }
}

#[test]
fn non_hex_is_refused() {
    let typed = format!("{}zz", "ab".repeat(31));
    assert!(parse_server_key(&typed).is_err());
}

#[test]
fn a_low_order_key_is_refused() {
    let err = parse_server_key(&"0".repeat(64)).unwrap_err();
    assert!(!err.is_empty());
    let order_8 =
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800";
    assert!(parse_server_key(order_8).is_err());
}

#[test]
fn a_mistyped_key_parses_but_the_handshake_refuses_it() {
    let server = StaticKeyPair::generate();
    let mut typed = printed(&server).into_bytes();
    typed[0] = if typed[0] == b'1' { b'2' } else { b'1' };
    let typed = String::from_utf8(typed).unwrap();
    let err = demo::connect(&server, &typed).unwrap_err();
    assert!(err.contains("server authentication failed"), "{err}");
}

#[test]
fn the_top_bit_flipped_gives_the_same_es_but_another_transcript() {
    let server = StaticKeyPair::generate();
    let mut bytes = *server.public_key().as_bytes();
    bytes[31] ^= 0x80;
    let typed = hex::encode(bytes);
    // X25519 ignores the top bit, but the pinned bytes are mixed into h.
    let err = demo::connect(&server, &typed).unwrap_err();
    assert!(err.contains("server authentication failed"), "{err}");
}
