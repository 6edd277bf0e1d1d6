//! The toolbox, before chapter 1: `cargo run --example toolbox`.
//!
//! The small tools the protocol is built from, each in a few lines: a hash
//! (SHA-256), a MAC (HMAC-SHA256), XOR, a block cipher (AES-256) and a nonce.

use aes::Aes256;
use aes::cipher::{BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use hmac::{Hmac, Mac};
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::narration::{Narrator, Step};
use sha2::{Digest, Sha256};

const USAGE: &str = "\
Usage: cargo run --example toolbox [-- --full-hex]

The tools the protocol is built from, each in a few lines: a hash (SHA-256),
a MAC (HMAC-SHA256), XOR, a block cipher (AES-256) and a nonce.
";

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    print!("{}{}", hash(narrator), mac(narrator));
    print!("{}{}", xor(narrator), block_cipher(narrator));
    print!("{}", nonce(narrator));
    Ok(())
}

// ANCHOR: hash
/// A hash: any input, 32 bytes out, and a small change changes everything.
fn hash(narrator: Narrator) -> Step {
    let one = Sha256::digest("Meet at noon");
    let two = Sha256::digest("Meet at noon!");
    narrator
        .step("Hash: SHA-256")
        .value("SHA-256 of \"Meet at noon\"", &one)
        .value("SHA-256 of \"Meet at noon!\"", &two)
}
// ANCHOR_END: hash

// ANCHOR: mac
/// A MAC: only who holds the key can make the tag, and a changed message
/// fails the check.
fn mac(narrator: Narrator) -> Step {
    let key = b"a secret only the two sides know";
    let tag = hmac(key).chain_update("Pay Bob 10").finalize().into_bytes();
    let same = hmac(key).chain_update("Pay Bob 10").verify_slice(&tag);
    let changed = hmac(key).chain_update("Pay Bob 90").verify_slice(&tag);
    narrator
        .step("MAC: HMAC-SHA256")
        .value("Tag of \"Pay Bob 10\"", &tag)
        .line(format_args!("\"Pay Bob 10\" passes: {}", same.is_ok()))
        .line(format_args!("\"Pay Bob 90\" passes: {}", changed.is_ok()))
}

/// HMAC-SHA256 under `key`, ready to take a message.
fn hmac(key: &[u8]) -> Hmac<Sha256> {
    Hmac::new_from_slice(key).expect("HMAC takes a key of any length")
}
// ANCHOR_END: mac

// ANCHOR: xor
/// XOR: the same key bytes, XORed in twice, give the message back.
fn xor(narrator: Narrator) -> Step {
    let message = b"Meet at noon";
    let mut key = [0u8; 12];
    rand::fill(&mut key);
    let hidden = xor_bytes(message, &key);
    let back = xor_bytes(&hidden, &key);
    narrator
        .step("XOR")
        .value("Random key, as long as the message", &key)
        .value("Message XOR key", &hidden)
        .line(format_args!("XOR the key again: {}", text(&back)))
}

/// Byte by byte: `a[i] ^ b[i]`.
fn xor_bytes(a: &[u8], b: &[u8]) -> Vec<u8> {
    a.iter().zip(b).map(|(x, y)| x ^ y).collect()
}

/// Bytes shown as text, in quotes.
fn text(bytes: &[u8]) -> String {
    format!("{:?}", String::from_utf8_lossy(bytes))
}
// ANCHOR_END: xor

// ANCHOR: block_cipher
/// A block cipher: under one key, 16 bytes become 16 others, and back.
fn block_cipher(narrator: Narrator) -> Step {
    let aes = Aes256::new(&random_key().into());
    let mut block = aes::Block::from(*b"Meet at noon....");
    aes.encrypt_block(&mut block);
    let encrypted = block;
    aes.decrypt_block(&mut block);
    narrator
        .step("Block cipher: AES-256")
        .value("\"Meet at noon....\" encrypted", &encrypted)
        .line(format_args!("Decrypted again: {}", text(&block)))
}

/// 32 random bytes: an AES-256 key.
fn random_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::fill(&mut key);
    key
}
// ANCHOR_END: block_cipher

// ANCHOR: nonce
/// A nonce: one key and one nonce give one keystream, so a nonce used twice
/// lets the two messages cancel the keystream out.
fn nonce(narrator: Narrator) -> Step {
    let aes = Aes256::new(&random_key().into());
    let keystream = |nonce: [u8; 16]| {
        let mut block = aes::Block::from(nonce);
        aes.encrypt_block(&mut block);
        block
    };
    let mut nonce = [0u8; 16];
    rand::fill(&mut nonce);
    let one = xor_bytes(b"Meet at noon....", &keystream(nonce));
    let two = xor_bytes(b"Run at dawn!....", &keystream(nonce)); // again!
    let guess = xor_bytes(&xor_bytes(&one, &two), b"Meet at noon....");
    narrator
        .step("Nonce")
        .value("Nonce, used twice", &nonce)
        .value("\"Meet at noon....\" encrypted", &one)
        .value("Another message encrypted", &two)
        .line(format_args!(
            "Guess the first, read the other: {}",
            text(&guess)
        ))
}
// ANCHOR_END: nonce
