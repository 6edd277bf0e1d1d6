//! The program that `exercise.rs` and `solution.rs` both run: a sender that
//! counts its nonces, checked against the library's `CipherState`.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit};
use secure_messaging::noise::cipher_state::CipherState;

use super::seal_next;

// ANCHOR: demo
/// A key and the counter of the next message: a `CipherState` of your own.
pub struct CounterSealer {
    pub key: [u8; 32],
    pub n: u64,
}

/// The counter has reached 2^64 - 1, which Noise reserves: no more messages.
#[derive(Debug, PartialEq, Eq)]
pub struct Exhausted;

/// AES-256-GCM of `plaintext` under `key` and `nonce`, no associated data.
pub fn seal_under(
    key: &[u8; 32],
    nonce: [u8; 12],
    plaintext: &[u8],
) -> Vec<u8> {
    Aes256Gcm::new(key.into())
        .encrypt(&nonce.into(), plaintext)
        .expect("AES-GCM seals any short message")
}
// ANCHOR_END: demo

/// Seals three messages and the last two counters, beside the library's
/// `CipherState`, and says whether every byte agrees.
pub fn run() {
    let key = [0x5e; 32];
    let mut mine = CounterSealer { key, n: 0 };
    let mut library = CipherState::new(key);
    for text in ["Hello, server!", "Pay Bob 10 EUR", "Bye"] {
        let n = mine.n;
        let sealed = seal_next(&mut mine, text.as_bytes());
        let expected = library.encrypt_with_ad(b"", text.as_bytes()).ok();
        let same = sealed.ok() == expected;
        println!("message {n}: {text:?}, same bytes as CipherState: {same}");
    }
    mine.n = u64::MAX - 1;
    for _ in 0..2 {
        match seal_next(&mut mine, b"one more") {
            Ok(sealed) => println!("counter 2^64 - 2: {} bytes", sealed.len()),
            Err(refused) => println!("counter 2^64 - 1: {refused:?}"),
        }
    }
}
