//! Chapter 8, *Server and client*: the solution of "Exercise:
//! one key per direction".
//!
//! The client and the server derive two keys from their shared secret, one
//! for each direction. The client's message and the server's reply each
//! travel under their own key, and a message reflected back to its sender is
//! refused.
//!
//! Run it with `cargo run --example server_and_client_solution`.

use secure_messaging::key_derivation::{KEY_LEN, Salt, SessionKey};
use secure_messaging::shared_secret::SharedSecret;

use demo::{CLIENT_TO_SERVER, DirectionKeys, SERVER_TO_CLIENT};

// ANCHOR: solution
/// HKDF-SHA256 with `salt` and the shared secret, expanded twice: once under
/// each direction's label.
fn derive_direction_keys(
    shared_secret: &SharedSecret,
    salt: &Salt,
) -> DirectionKeys {
    let hkdf = hkdf::Hkdf::<sha2::Sha256>::new(
        Some(salt.as_bytes()),
        shared_secret.as_bytes(),
    );
    let expand = |label: &[u8]| {
        let mut key = [0u8; KEY_LEN];
        hkdf.expand(label, &mut key)
            .expect("32 bytes is a valid HKDF-SHA256 output length");
        SessionKey::from_bytes(key)
    };
    DirectionKeys {
        client_to_server: expand(CLIENT_TO_SERVER),
        server_to_client: expand(SERVER_TO_CLIENT),
    }
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() -> Result<(), secure_messaging::Error> {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
