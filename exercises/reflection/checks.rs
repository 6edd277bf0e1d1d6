//! Tests of "Exercise: the sender's name in the tag", shared by exercise.rs
//! and solution.rs.

use super::*;
use secure_messaging::decryption::decrypt;

fn key() -> SessionKey {
    SessionKey::from_bytes([0x42; 32])
}

#[test]
fn each_side_reads_what_the_other_sealed() {
    let offer = seal_as(&key(), Role::Client, "I accept").unwrap();
    assert_eq!(
        open_from(&key(), Role::Client, &offer).unwrap(),
        "I accept",
        "open_from(Client) could not open what seal_as(Client) sealed"
    );
    let reply = seal_as(&key(), Role::Server, "Agreed").unwrap();
    assert_eq!(open_from(&key(), Role::Server, &reply).unwrap(), "Agreed");
}

#[test]
fn a_reflected_message_is_refused() {
    let offer = seal_as(&key(), Role::Client, "I accept").unwrap();
    let reflected = open_from(&key(), Role::Server, &offer);
    assert!(
        matches!(reflected, Err(Error::Decryption)),
        "the client's message opened as the server's: {reflected:?}"
    );
    let reply = seal_as(&key(), Role::Server, "Agreed").unwrap();
    assert!(open_from(&key(), Role::Client, &reply).is_err());
}

#[test]
fn the_tag_covers_the_name_so_plain_decryption_fails() {
    let sealed = seal_as(&key(), Role::Client, "I accept").unwrap();
    assert_eq!(sealed.ciphertext.len(), "I accept".len() + 16);
    assert!(
        decrypt(&key(), &sealed.nonce, &sealed.ciphertext).is_err(),
        "seal_as sealed with no associated data: the name is not in the tag"
    );
}

#[test]
fn every_message_gets_a_fresh_nonce() {
    let a = seal_as(&key(), Role::Client, "same").unwrap();
    let b = seal_as(&key(), Role::Client, "same").unwrap();
    assert_ne!(a.nonce, b.nonce, "seal_as used the same nonce twice");
}

#[test]
fn a_changed_ciphertext_is_refused() {
    let mut sealed = seal_as(&key(), Role::Server, "Agreed").unwrap();
    sealed.ciphertext[0] ^= 0x80;
    assert!(matches!(
        open_from(&key(), Role::Server, &sealed),
        Err(Error::Decryption)
    ));
}
