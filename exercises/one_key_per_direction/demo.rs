//! The program that `exercise.rs` and `solution.rs` both run: two keys from
//! one chaining key, a conversation under them, and Mallory's reflection.

use hmac::{KeyInit, Mac};
use secure_messaging::noise::cipher_state::CipherState;
use sha2::Sha256;

use super::split_keys;

// ANCHOR: demo
/// HMAC-SHA256 of `data` under `key`: the specification's `HMAC-HASH`.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}
// ANCHOR_END: demo

fn said(outcome: secure_messaging::Result<Vec<u8>>) -> String {
    match outcome {
        Ok(text) => format!("{:?}", String::from_utf8_lossy(&text)),
        Err(_) => "refused".to_owned(),
    }
}

/// Splits a chaining key, then the client sends, the server answers, and
/// Mallory sends the client's message back to it.
pub fn run() {
    let ck = [0x5e; 32];
    let (k1, k2) = split_keys(&ck);
    println!("k1 and k2 differ: {}", k1 != k2);
    let (mut client_send, mut client_receive) =
        (CipherState::new(k1), CipherState::new(k2));
    let (mut server_receive, mut server_send) =
        (CipherState::new(k1), CipherState::new(k2));
    let offer = client_send.encrypt_with_ad(b"", b"Pay Bob 10 EUR");
    let offer = offer.expect("a fresh counter");
    let reply = server_send.encrypt_with_ad(b"", b"Paid").expect("fresh");
    println!(
        "server reads: {}",
        said(server_receive.decrypt_with_ad(b"", &offer))
    );
    println!(
        "client reads: {}",
        said(client_receive.decrypt_with_ad(b"", &reply))
    );
    println!(
        "client reads its own, reflected: {}",
        said(client_receive.decrypt_with_ad(b"", &offer))
    );
}
