//! Chapter 1, *Key generation*: `cargo run --example key_generation`.
//!
//! Makes two X25519 key pairs, one for each side, and shows their public keys.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::{Narrator, Step};

const USAGE: &str = "\
Usage: cargo run --example key_generation [-- --full-hex]

Makes two X25519 key pairs, one for each side, and shows their public keys.
";

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    print!("{}", two_key_pairs(narrator));
    Ok(())
}

// ANCHOR: main
/// Makes a key pair for each side and tells what it made.
fn two_key_pairs(narrator: Narrator) -> Step {
    let client = KeyPair::generate();
    let server = KeyPair::generate();
    narrator
        .step("Key Generation")
        .line("Each side made 32 random bytes, its private key, and kept them")
        .value("Client public key", client.public_key().as_bytes())
        .value("Server public key", server.public_key().as_bytes())
        .line("Run me again: every run makes new key pairs")
}
// ANCHOR_END: main
