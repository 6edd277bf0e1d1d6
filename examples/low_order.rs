//! Part II, *Low-order keys*: `cargo run --example low_order`.
//!
//! Mallory, in the middle, replaces both public keys with a low-order point.
//! Against `NoContributoryCheck`, a key pair without the check, both sides
//! derive their key from the all-zero secret, and so does Mallory, who reads
//! the message. The crate's own key pairs refuse the point. All in memory.

use secure_messaging::attacks::low_order_keys::{
    NoContributoryCheck, attacker_key, derive_key_unchecked, low_order_point,
};
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::Salt;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::Envelope;

const USAGE: &str = "\
Usage: cargo run --example low_order [-- --full-hex]

Mallory replaces both public keys with a low-order point: a client and a
server without the contributory check derive a key she can derive too; the
crate's own key pairs refuse the point.
";

/// What the client sends in this story.
const MESSAGE: &str = "My PIN is 4921";

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    let point = low_order_point();
    print!(
        "{}",
        narrator
            .step("Mallory's Swap")
            .line("Both public keys are replaced on the wire by one point")
            .value("Low-order point", point.as_bytes())
    );

    let (client_secret, server_secret) = weak_sides();
    print!(
        "{}",
        narrator
            .step("Without the Check (NoContributoryCheck)")
            .value("Client's shared secret", &client_secret)
            .value("Server's shared secret", &server_secret)
            .line("Neither side's private key mattered: all zeros")
    );

    let envelope = client_sends(&client_secret)?;
    let read = mallory_reads(&envelope)?;
    print!(
        "{}",
        narrator
            .step("Mallory Reads It")
            .value("Salt, seen on the wire", envelope.salt.as_bytes())
            .value(
                "Her key, from zeros",
                attacker_key(&envelope.salt).as_bytes()
            )
            .line(format_args!("Decrypted: {read:?}"))
    );

    let (client_refuses, server_refuses) = real_sides();
    print!(
        "{}",
        narrator
            .step("With the Crate's KeyPair")
            .line(format_args!("Client: {client_refuses}"))
            .line(format_args!("Server: {server_refuses}"))
            .line("Live: cargo run --example mitm -- --low-order")
    );
    Ok(())
}

// ANCHOR: weak_sides
/// Client and server without the check, each handed the low-order point.
fn weak_sides() -> ([u8; 32], [u8; 32]) {
    let client = NoContributoryCheck::generate();
    let server = NoContributoryCheck::generate();
    let point = low_order_point(); // in place of each other's key
    (client.diffie_hellman(&point), server.diffie_hellman(&point))
}
// ANCHOR_END: weak_sides

/// The weak client seals its message as the real one does.
fn client_sends(secret: &[u8; 32]) -> secure_messaging::Result<Envelope> {
    let salt = Salt::random();
    let key = derive_key_unchecked(secret, &salt);
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, MESSAGE.as_bytes())?;
    Ok(Envelope {
        salt,
        nonce,
        ciphertext,
    })
}

// ANCHOR: mallory_reads
/// Mallory needs no private key: zeros and the salt give the key.
fn mallory_reads(envelope: &Envelope) -> secure_messaging::Result<String> {
    let key = attacker_key(&envelope.salt);
    decrypt_text(&key, &envelope.nonce, &envelope.ciphertext)
}
// ANCHOR_END: mallory_reads

// ANCHOR: real_sides
/// The crate's key pairs, handed the same point: both refuse.
fn real_sides() -> (secure_messaging::Error, secure_messaging::Error) {
    let point = low_order_point();
    let refuse = |pair: KeyPair| pair.diffie_hellman(&point).unwrap_err();
    (refuse(KeyPair::generate()), refuse(KeyPair::generate()))
}
// ANCHOR_END: real_sides
