//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! function you write and prints what it does.

use secure_messaging::key_generation::{KeyPair, PublicKey};
use secure_messaging::narration::Narrator;

use super::safety_number_on;

/// The key exchange as the client prints it, `--full-hex`.
pub fn client_terminal(sent: &PublicKey, received: &PublicKey) -> String {
    Narrator::new(true)
        .step("Key Exchange")
        .line("Connected to 127.0.0.1:65432")
        .value("Sent client public key", sent.as_bytes())
        .value("Received server public key", received.as_bytes())
        .to_string()
}

/// The key exchange as the server prints it, `--full-hex`: tagged lines,
/// the received key first.
pub fn server_terminal(received: &PublicKey, sent: &PublicKey) -> String {
    Narrator::new(true)
        .step("Key Exchange")
        .tag("client 1")
        .line("Connected from 127.0.0.1:50412")
        .value("Received client public key", received.as_bytes())
        .value("Sent server public key", sent.as_bytes())
        .to_string()
}

fn compare(client: &str, server: &str) {
    let on_client = safety_number_on(client);
    let on_server = safety_number_on(server);
    println!("  client reads: {}", on_client.as_deref().unwrap_or("?"));
    println!("  server reads: {}", on_server.as_deref().unwrap_or("?"));
    let verdict = match (on_client, on_server) {
        (Some(a), Some(b)) if a == b => "the same: nobody in the middle",
        (Some(_), Some(_)) => "DIFFERENT: someone is in the middle",
        _ => "cannot tell: run both with --full-hex",
    };
    println!("  {verdict}");
}

/// A direct conversation, then one through Mallory.
pub fn run() {
    let client = KeyPair::generate().public_key();
    let server = KeyPair::generate().public_key();
    let (m1, m2) = (
        KeyPair::generate().public_key(),
        KeyPair::generate().public_key(),
    );
    println!("Client and server, directly:");
    compare(
        &client_terminal(&client, &server),
        &server_terminal(&client, &server),
    );
    println!("Mallory in the middle (m1 to the server, m2 to the client):");
    compare(
        &client_terminal(&client, &m2),
        &server_terminal(&m1, &server),
    );
}
