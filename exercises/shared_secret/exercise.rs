//! Chapter 3, *Shared secret*: "Exercise: X25519 by hand".
//!
//! Write `x25519_checked` with the raw X25519 function of `x25519-dalek`,
//! which returns 32 bytes whatever they are, and add the check the crate's
//! `diffie_hellman` makes: refuse an all-zero result. `demo.rs` holds the
//! program that calls it: it computes the shared secret on both sides, then
//! lets Mallory send a low-order key.
//!
//! Run it with `cargo run --example shared_secret_exercise`, and check your
//! answer with `cargo test --example shared_secret_exercise`.

#[allow(unused_imports)] // until you call it in x25519_checked
use x25519_dalek::x25519;

// ANCHOR: exercise
/// X25519 of our private key and their public key, as RFC 7748 defines it,
/// or `None` if the result is all zeros: their public key was a low-order
/// point, and the "shared secret" one that everybody knows.
#[allow(unused_variables)] // until you write the body
fn x25519_checked(
    private: [u8; 32],
    their_public: [u8; 32],
) -> Option<[u8; 32]> {
    todo!("call x25519(private, their_public), then refuse an all-zero result")
}
// ANCHOR_END: exercise

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
