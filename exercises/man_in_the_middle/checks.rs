//! Tests of "Exercise: compare the terminals", shared by exercise.rs and
//! solution.rs.

use super::*;
use demo::{client_terminal, server_terminal};
use secure_messaging::key_generation::KeyPair;

fn three_keys() -> [PublicKey; 3] {
    [(); 3].map(|()| KeyPair::generate().public_key())
}

#[test]
fn a_direct_conversation_reads_the_same_number_on_both_sides() {
    let [client, server, _] = three_keys();
    let on_client = safety_number_on(&client_terminal(&client, &server));
    let on_server = safety_number_on(&server_terminal(&client, &server));
    assert!(on_client.is_some(), "no number on the client's terminal");
    assert_eq!(on_client, on_server, "client's (left), server's (right)");
}

#[test]
fn mallory_in_the_middle_makes_the_numbers_differ() {
    let [client, server, mallory] = three_keys();
    // She sends her key to each side; each side prints it as the other's.
    let on_client = safety_number_on(&client_terminal(&client, &mallory));
    let on_server = safety_number_on(&server_terminal(&mallory, &server));
    assert!(on_client.is_some() && on_server.is_some());
    assert_ne!(on_client, on_server, "the same number despite Mallory");
}

#[test]
fn alice_and_bob_read_the_known_answer() {
    // RFC 7748's keys; the number is Part I's safety-number exercise's.
    let key = |hex: &str| {
        PublicKey::from(
            <[u8; 32]>::try_from(hex::decode(hex).unwrap()).unwrap(),
        )
    };
    let alice =
        key("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    let bob =
        key("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    assert_eq!(
        safety_number_on(&client_terminal(&alice, &bob)).as_deref(),
        Some("48180 99430 54812 77458 62055 38291")
    );
}

#[test]
fn short_hex_or_a_missing_key_gives_none() {
    // The book's recorded runs are in short hex, such as 7f...e2.
    let recorded = include_str!("../../book/output/mitm_client.txt");
    assert_eq!(safety_number_on(recorded), None, "from short hex");
    let [client, server, _] = three_keys();
    let whole = client_terminal(&client, &server);
    let only_sent: String = whole
        .lines()
        .filter(|line| !line.starts_with("Received"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_eq!(safety_number_on(&only_sent), None, "with one key only");
    assert_eq!(safety_number_on(""), None, "from nothing");
}
