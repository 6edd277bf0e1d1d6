//! Part III, *You have built Noise*: "Exercise: the first h".
//!
//! Every Noise handshake starts from its protocol name: `InitializeSymmetric`
//! sets `h` to the name padded with zeros to 32 bytes if it fits, or to
//! SHA-256 of the name if it is longer. Write `initial_hash`, and the
//! checks compare it with the course's `SymmetricState::initialize`.
//!
//! Run it with `cargo run --example built_noise_exercise`, and check your
//! answer with `cargo test --example built_noise_exercise`.

#[allow(unused_imports)] // until you write initial_hash
use sha2::{Digest, Sha256};

// ANCHOR: exercise
/// The specification's first `h` for `protocol_name` (HASHLEN = 32).
#[allow(unused_variables)] // until you write the body
fn initial_hash(protocol_name: &str) -> [u8; 32] {
    todo!("pad a short name with zeros; hash a long one with Sha256")
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
