//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! function you write and prints what it does.

use secure_messaging::narration::short_hex;
use x25519_dalek::{X25519_BASEPOINT_BYTES, x25519};

use super::x25519_checked;

/// Computes the shared secret on both sides, then lets Mallory send a
/// low-order public key.
pub fn run() {
    let client_private: [u8; 32] = rand::random();
    let server_private: [u8; 32] = rand::random();
    // A public key is X25519 of the private key and the base point, u = 9.
    let client_public = x25519(client_private, X25519_BASEPOINT_BYTES);
    let server_public = x25519(server_private, X25519_BASEPOINT_BYTES);

    let on_client = x25519_checked(client_private, server_public);
    let on_server = x25519_checked(server_private, client_public);
    let show = |secret: Option<[u8; 32]>| match secret {
        Some(bytes) => short_hex(&bytes),
        None => "refused: the result is all zeros".to_owned(),
    };
    println!("Client's shared secret: {}", show(on_client));
    println!("Server's shared secret: {}", show(on_server));
    println!("They agree: {}", on_client == on_server);

    // A point of order 8 on Curve25519 (Wycheproof X25519 test 63).
    let low_order = hex::decode(
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    )
    .unwrap()
    .try_into()
    .unwrap();
    println!("Mallory sends the client a low-order public key instead.");
    let on_client = x25519_checked(client_private, low_order);
    println!("Client's shared secret: {}", show(on_client));
}
