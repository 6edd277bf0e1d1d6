//! Chapter 3, *Shared secret*: the solution of "Exercise: X25519 by hand".
//!
//! The raw X25519 function of `x25519-dalek` takes 32 bytes of private key
//! and 32 bytes of public key and returns 32 bytes, whatever they are. The
//! check for a low-order public key is ours to add: refuse an all-zero
//! result.
//!
//! Run it with `cargo run --example shared_secret_solution`.

use x25519_dalek::x25519;

// ANCHOR: solution
/// X25519 of our private key and their public key, as RFC 7748 defines it,
/// or `None` if the result is all zeros: their public key was a low-order
/// point, and the "shared secret" one that everybody knows.
fn x25519_checked(
    private: [u8; 32],
    their_public: [u8; 32],
) -> Option<[u8; 32]> {
    let shared = x25519(private, their_public);
    // OR every byte in, rather than stop at the first nonzero one: then the
    // time the check takes does not depend on the secret.
    let all_bits = shared.iter().fold(0, |acc, byte| acc | byte);
    (all_bits != 0).then_some(shared)
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
