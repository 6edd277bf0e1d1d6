//! Chapter 6, *Transmission*: "Exercise: what the length tells".
//!
//! Write `message_len`: an eavesdropper counts the bytes of an envelope on the
//! wire; from that count alone, work out the length of the message inside.
//! The program that calls it is in `demo.rs`: it lets the client answer "yes"
//! and "no" and shows what the eavesdropper learns.
//!
//! Run it with `cargo run --example transmission_exercise`, and check your
//! answer with `cargo test --example transmission_exercise`.

// ANCHOR: exercise
/// The length of the message inside an envelope of `envelope_len` bytes on
/// the wire, or `None` if no envelope is that short.
#[allow(unused_variables)] // until you write the body
fn message_len(envelope_len: usize) -> Option<usize> {
    todo!("which fields does Envelope::to_bytes put around the message?")
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
