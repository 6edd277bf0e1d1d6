//! Part II, *Tampering*: "Exercise: put the tag back".
//!
//! `UntaggedCtr` decrypts whatever arrives. Write `seal`, which appends an
//! HMAC-SHA256 tag over the nonce and the ciphertext (encrypt, then MAC), and
//! `open`, which checks that tag, in constant time, before it decrypts a
//! single byte. The program in `demo.rs`, which `solution.rs` runs too, sends
//! "PAY 0100 EUR TO BOB" through them while Mallory edits it in flight.
//!
//! Run it with `cargo run --example tampering_exercise`, and check your
//! answer with `cargo test --example tampering_exercise`.

#[allow(unused_imports)] // until you write seal and open
use hmac::{Hmac, KeyInit, Mac};
use secure_messaging::attacks::tampering::UntaggedCtr;
use secure_messaging::encryption::Nonce;
#[allow(unused_imports)] // until you write seal and open
use sha2::Sha256;

/// Length in bytes of the HMAC-SHA256 tag that `seal` appends.
const TAG_LEN: usize = 32;

// ANCHOR: exercise
/// Encrypts `message` with `cipher` under `nonce`, then appends
/// HMAC-SHA256(`mac_key`, nonce || ciphertext): ciphertext, then tag.
#[allow(unused_variables)] // until you write the body
fn seal(
    cipher: &UntaggedCtr,
    mac_key: &[u8; 32],
    nonce: &Nonce,
    message: &[u8],
) -> Vec<u8> {
    todo!("encrypt, then MAC the nonce and the ciphertext, and append the tag")
}

/// Splits off the tag, checks it with `verify_slice` (constant time) and,
/// only if it verifies, decrypts. `None` for anything that does not verify,
/// including input shorter than a tag.
#[allow(unused_variables)] // until you write the body
fn open(
    cipher: &UntaggedCtr,
    mac_key: &[u8; 32],
    nonce: &Nonce,
    sealed: &[u8],
) -> Option<Vec<u8>> {
    todo!("split_at(len - TAG_LEN), verify the tag, then decrypt")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run();
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
