//! Chapter 3, *Shared secret*: `cargo run --example shared_secret`.
//!
//! Both sides combine their own private key with the other's public key and get
//! the same 32 bytes; a low-order public key is refused.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_generation::{KeyPair, PublicKey};
use secure_messaging::shared_secret::SharedSecret;

const USAGE: &str = "\
Usage: cargo run --example shared_secret [-- --full-hex]

Both sides combine their own private key with the other's public key and get
the same 32 bytes; a low-order public key is refused.
";

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let (client_secret, server_secret) = both_sides()?;
    let same = client_secret.as_bytes() == server_secret.as_bytes();
    print!(
        "{}",
        narrator
            .step("Shared Secret")
            .value("Client computes", client_secret.as_bytes())
            .value("Server computes", server_secret.as_bytes())
            .line(format_args!(
                "Same on both sides: {}",
                if same { "yes" } else { "NO" }
            ))
            .line(format_args!(
                "With the all-zero public key: {}",
                low_order()
            ))
    );
    Ok(())
}

// ANCHOR: main
/// Each side combines its own private key with the other's public key.
fn both_sides() -> secure_messaging::Result<(SharedSecret, SharedSecret)> {
    let client = KeyPair::generate();
    let server = KeyPair::generate();
    let (client_public, server_public) =
        (client.public_key(), server.public_key());

    let client_secret = client.diffie_hellman(&server_public)?;
    let server_secret = server.diffie_hellman(&client_public)?;
    Ok((client_secret, server_secret))
}
// ANCHOR_END: main

// ANCHOR: low_order
/// A "public key" at u = 0, a low-order point: the agreement must fail.
fn low_order() -> secure_messaging::Error {
    let low_order = PublicKey::from([0u8; 32]);
    KeyPair::generate().diffie_hellman(&low_order).unwrap_err()
}
// ANCHOR_END: low_order
