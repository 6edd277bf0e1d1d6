//! Part III, *You have built Noise*: the solution of "Exercise: the first
//! h".
//!
//! A name of up to 32 bytes is `h` itself, padded with zeros; a longer one
//! is hashed. Either way `h` is then also the first chaining key.
//!
//! Run it with `cargo run --example built_noise_solution`.

use sha2::{Digest, Sha256};

// ANCHOR: solution
/// The specification's first `h` for `protocol_name` (HASHLEN = 32).
fn initial_hash(protocol_name: &str) -> [u8; 32] {
    let name = protocol_name.as_bytes();
    if name.len() <= 32 {
        let mut h = [0u8; 32];
        h[..name.len()].copy_from_slice(name);
        h
    } else {
        Sha256::digest(name).into()
    }
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run();
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
