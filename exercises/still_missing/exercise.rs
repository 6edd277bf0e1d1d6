//! Part III, *What is still missing*: "Exercise: hide the length".
//!
//! AES-GCM hides what a message says, not how long it is: "yes" and "no"
//! seal to different sizes. Write `pad`: the text's length as 2 bytes,
//! big-endian, then the text, then zeros up to a multiple of `BLOCK`; and
//! `unpad`, which reads it back, or gives `None` for a length that does not
//! fit. Noise lets a payload carry padding this way; the specification
//! leaves its format to the application.
//!
//! Run it with `cargo run --example still_missing_exercise`, and check your
//! answer with `cargo test --example still_missing_exercise`.

/// Every padded message is a multiple of this many bytes.
const BLOCK: usize = 32;

// ANCHOR: exercise
/// `len(text)` as 2 bytes big-endian, `text`, then zeros to a multiple of
/// [`BLOCK`].
#[allow(unused_variables)] // until you write the body
fn pad(text: &[u8]) -> Vec<u8> {
    todo!("the length, the text, then resize to a multiple of BLOCK")
}

/// The text inside `padded`, or `None` if its length field does not fit.
#[allow(unused_variables)] // until you write the body
fn unpad(padded: &[u8]) -> Option<&[u8]> {
    todo!("read 2 bytes of length, then that many bytes of text")
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
