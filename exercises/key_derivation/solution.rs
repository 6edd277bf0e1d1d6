//! Chapter 4, *Key derivation*: the solution of "Exercise: another label".
//!
//! The client derives its key under the protocol's label, the server under
//! the label of a version 2. Same shared secret, same salt, two unrelated
//! keys: the server cannot read the client's message.
//!
//! Run it with `cargo run --example key_derivation_solution`.

use secure_messaging::key_derivation::{KEY_LEN, Salt, SessionKey};
use secure_messaging::shared_secret::SharedSecret;

// ANCHOR: solution
/// HKDF-SHA256 with `salt`, the shared secret as input keying material and
/// `label` as info, expanded to a 32-byte key.
fn derive_key_with_label(
    shared_secret: &SharedSecret,
    salt: &Salt,
    label: &[u8],
) -> SessionKey {
    let hkdf = hkdf::Hkdf::<sha2::Sha256>::new(
        Some(salt.as_bytes()),
        shared_secret.as_bytes(),
    );
    let mut key = [0u8; KEY_LEN];
    hkdf.expand(label, &mut key)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    SessionKey::from_bytes(key)
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), secure_messaging::Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
