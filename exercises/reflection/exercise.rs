//! Part II, *Reflection*: "Exercise: the sender's name in the tag".
//!
//! Keep one key for both directions, but seal each message with its sender's
//! name as associated data, so that the tag covers who sent it. Write
//! `seal_as` and `open_from`. `demo.rs` gives `Role` and holds the program
//! that calls your functions, the same for `solution.rs`.
//!
//! Run it with `cargo run --example reflection_exercise`, and check your
//! answer with `cargo test --example reflection_exercise`.

#![allow(unused_imports)] // until you write the two functions
use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use secure_messaging::Error;
use secure_messaging::attacks::Sealed;
use secure_messaging::encryption::{Nonce, check_message_len};
use secure_messaging::key_derivation::SessionKey;

use demo::Role;

// ANCHOR: exercise
/// Seals `message` with `sender.name()` as associated data.
#[allow(unused_variables)] // until you write the body
fn seal_as(
    key: &SessionKey,
    sender: Role,
    message: &str,
) -> Result<Sealed, Error> {
    todo!("check_message_len, then Aes256Gcm encrypts a Payload")
}

/// Opens `sealed` only if it was sealed with `sender.name()`.
#[allow(unused_variables)] // until you write the body
fn open_from(
    key: &SessionKey,
    sender: Role,
    sealed: &Sealed,
) -> Result<String, Error> {
    todo!("decrypt a Payload with the same aad, then String::from_utf8")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
