//! Chapter 4, *Key derivation*: "Exercise: another label".
//!
//! Write `derive_key_with_label`: HKDF-SHA256 from a shared secret and a salt,
//! like the crate's `derive_key`, but under any label. The program that calls
//! it is in `demo.rs`: it lets the client derive its key under the protocol's
//! label and the server under the label of a version 2, and shows what becomes
//! of the client's message.
//!
//! Run it with `cargo run --example key_derivation_exercise`, and check your
//! answer with `cargo test --example key_derivation_exercise`.

use secure_messaging::key_derivation::{KEY_LEN, Salt, SessionKey};
use secure_messaging::shared_secret::SharedSecret;

// ANCHOR: exercise
/// HKDF-SHA256 with `salt`, the shared secret as input keying material and
/// `label` as info, expanded to a 32-byte key.
#[allow(unused_variables)] // until you write the body
fn derive_key_with_label(
    shared_secret: &SharedSecret,
    salt: &Salt,
    label: &[u8],
) -> SessionKey {
    let key = [0u8; KEY_LEN]; // the output of Expand goes here
    todo!("Extract with hkdf::Hkdf::<sha2::Sha256>::new, then expand")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), secure_messaging::Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
