//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! functions you write and prints what they do.

use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::short_hex;

use super::{clamp, twin};

/// Draws a random private key and its twin, and shows both, clamped, and
/// their public keys.
pub fn run() {
    let private: [u8; 32] = rand::random();
    let other = twin(private);
    let public = KeyPair::from_private_bytes(private).public_key();
    let other_public = KeyPair::from_private_bytes(other).public_key();

    println!("Private key:       {}", hex::encode(private));
    println!("Its twin:          {}", hex::encode(other));
    println!("Key, clamped:      {}", hex::encode(clamp(private)));
    println!("Twin, clamped:     {}", hex::encode(clamp(other)));
    println!("Key's public key:  {}", short_hex(public.as_bytes()));
    println!("Twin's public key: {}", short_hex(other_public.as_bytes()));
    println!("Same public key: {}", public == other_public);
}
