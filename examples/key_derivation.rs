//! Chapter 4, *Key derivation*: `cargo run --example key_derivation`.
//!
//! Both sides run HKDF-SHA256 on the same shared secret and salt and get the
//! same AES-256 key; another salt gives an unrelated key.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_derivation::{INFO, Salt, SessionKey, derive_key};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::shared_secret::SharedSecret;

const USAGE: &str = "\
Usage: cargo run --example key_derivation [-- --full-hex]

Both sides run HKDF-SHA256 on the same shared secret and salt and get the
same AES-256 key; another salt gives an unrelated key.
";

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let client = KeyPair::generate();
    let server = KeyPair::generate();
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    let client_secret = client.diffie_hellman(&server_public)?;
    let server_secret = server.diffie_hellman(&client_public)?;

    let (salt, [client_key, server_key, other_key]) =
        derive_keys(&client_secret, &server_secret);

    print!(
        "{}",
        narrator
            .step("Key Derivation")
            .value("Shared secret", client_secret.as_bytes())
            .value("Random salt", salt.as_bytes())
            .line(format_args!("Info: {}", String::from_utf8_lossy(INFO)))
            .value("Client's AES-256 key", client_key.as_bytes())
            .value("Server's AES-256 key", server_key.as_bytes())
            .value("Key from another salt", other_key.as_bytes())
    );
    Ok(())
}

// ANCHOR: main
/// The client's and the server's keys from one salt, and a key from another.
fn derive_keys(
    client_secret: &SharedSecret,
    server_secret: &SharedSecret,
) -> (Salt, [SessionKey; 3]) {
    let salt = Salt::random(); // the client picks it and sends it along
    let client_key = derive_key(client_secret, &salt);
    let server_key = derive_key(server_secret, &salt);
    let other_key = derive_key(client_secret, &Salt::random());
    (salt, [client_key, server_key, other_key])
}
// ANCHOR_END: main
