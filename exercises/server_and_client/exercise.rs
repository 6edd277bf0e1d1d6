//! Chapter 8, *Server and client*: "Exercise: one key per direction".
//!
//! Write `derive_direction_keys`: HKDF-SHA256 from the shared secret and the
//! salt, like the crate's `derive_key`, but giving two keys, one for each
//! direction. `demo.rs` gives the labels and `DirectionKeys`, and holds the
//! program that calls your function, the same for `solution.rs`: it sends a
//! message to the server and a reply back, each under its own key, and
//! reflects the client's message back to it.
//!
//! Run it with `cargo run --example server_and_client_exercise`, and check
//! your answer with `cargo test --example server_and_client_exercise`.

#[allow(unused_imports)] // until you write derive_direction_keys
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::key_derivation::{KEY_LEN, Salt};
use secure_messaging::shared_secret::SharedSecret;

use demo::{CLIENT_TO_SERVER, DirectionKeys, SERVER_TO_CLIENT};

// ANCHOR: exercise
/// HKDF-SHA256 with `salt` and the shared secret, expanded twice: once under
/// each direction's label.
#[allow(unused_variables)] // until you write the body
fn derive_direction_keys(
    shared_secret: &SharedSecret,
    salt: &Salt,
) -> DirectionKeys {
    let labels = [CLIENT_TO_SERVER, SERVER_TO_CLIENT]; // one Expand under each
    let key = [0u8; KEY_LEN]; // an Expand fills such an array
    todo!("Extract with hkdf::Hkdf::<sha2::Sha256>::new, then expand twice")
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
