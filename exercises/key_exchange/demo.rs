//! The program that `exercise.rs` and `solution.rs` both run: it calls the
//! function you write and prints what it does.

use secure_messaging::key_generation::KeyPair;

use super::safety_number;

/// Shows the client's and the server's safety numbers, then what happens to
/// them when Mallory swaps a key.
pub fn run() {
    let client = KeyPair::generate().public_key();
    let server = KeyPair::generate().public_key();
    let mallory = KeyPair::generate().public_key();

    println!("The client and the server swap public keys.");
    let (on_client, on_server) = (
        safety_number(&client, &server),
        safety_number(&server, &client),
    );
    println!("Client's safety number: {on_client}");
    println!("Server's safety number: {on_server}");
    println!("They match: {}", on_client == on_server);

    println!(
        "Mallory swaps the server's key for hers on its way to the client."
    );
    let (on_client, on_server) = (
        safety_number(&client, &mallory),
        safety_number(&server, &client),
    );
    println!("Client's safety number: {on_client}");
    println!("Server's safety number: {on_server}");
    println!("They match: {}", on_client == on_server);
}
