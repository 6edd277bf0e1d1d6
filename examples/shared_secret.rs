//! Chapter 3, *Shared secret*: `cargo run --example shared_secret`.
//!
//! Both sides combine their own private key with the other's public key and get
//! the same 32 bytes; a low-order public key is refused.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_generation::{KeyPair, PublicKey};

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

    // ANCHOR: main
    let client = KeyPair::generate();
    let server = KeyPair::generate();
    let (client_public, server_public) =
        (client.public_key(), server.public_key());

    let client_secret = client.diffie_hellman(&server_public)?;
    let server_secret = server.diffie_hellman(&client_public)?;
    let same = client_secret.as_bytes() == server_secret.as_bytes();
    // ANCHOR_END: main

    // ANCHOR: low_order
    let low_order = PublicKey::from([0u8; 32]);
    let refused = KeyPair::generate().diffie_hellman(&low_order).unwrap_err();
    // ANCHOR_END: low_order

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
            .line(format_args!("With the all-zero public key: {refused}"))
    );
    Ok(())
}
