//! Chapter 9, *What it protects, and what it does not*: "Exercise: the man in
//! the middle".
//!
//! Write `intercept`, Mallory's work on the client's message: open it with the
//! key she shares with the client, read it, and seal another text for the
//! server under the key she shares with the server. The program in `demo.rs`,
//! which `solution.rs` runs too, calls it: it tells the attack step by step,
//! all in memory.
//!
//! Run it with `cargo run --example what_it_protects_exercise`, and check
//! your answer with `cargo test --example what_it_protects_exercise`.

use secure_messaging::Result;
use secure_messaging::shared_secret::SharedSecret;
use secure_messaging::transmission::Envelope;

#[allow(unused_imports)] // until you write intercept
use secure_messaging::{
    decryption::decrypt_text,
    encryption::{Nonce, encrypt},
    key_derivation::{Salt, derive_key},
};

// ANCHOR: exercise
/// Mallory's work on one message. She opens the client's `envelope` with the
/// key she derives from `with_client`, the secret she shares with the client,
/// and seals `replacement` for the server under a key from `with_server`,
/// with a fresh salt and nonce. Returns the client's text and the envelope to
/// forward to the server.
///
/// It takes Mallory's secrets, not her key pairs: during the key exchange,
/// before any message arrived, `diffie_hellman` consumed each key pair.
#[allow(unused_variables)] // until you write the body
fn intercept(
    with_client: &SharedSecret,
    with_server: &SharedSecret,
    envelope: &Envelope,
    replacement: &str,
) -> Result<(String, Envelope)> {
    // 1. Derive the client's key with the envelope's salt; decrypt_text.
    // 2. Pick a fresh Salt and Nonce; derive the server's key; encrypt.
    todo!("return the client's text and a new Envelope")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() -> Result<()> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
