//! The program that `exercise.rs` and `solution.rs` both run: one key for
//! both directions, and Mallory reflecting the client's message.

use secure_messaging::key_derivation::SessionKey;

use super::{open_from, seal_as};

// ANCHOR: demo
/// Who sealed a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Client,
    Server,
}

impl Role {
    /// The associated data that names this sender in the tag.
    pub fn name(self) -> &'static [u8] {
        match self {
            Role::Client => b"sent by the client",
            Role::Server => b"sent by the server",
        }
    }
}
// ANCHOR_END: demo

/// The client seals an offer; the server opens it; Mallory reflects it to the
/// client, which opens it as the server's.
pub fn run() -> Result<(), secure_messaging::Error> {
    let key = SessionKey::from_bytes([0x5e; 32]); // one key, both directions
    for role in [Role::Client, Role::Server] {
        let name = String::from_utf8_lossy(role.name());
        println!("{role:?} seals with the associated data {name:?}");
    }
    let sealed = seal_as(&key, Role::Client, "I accept the offer of 100 EUR")?;
    let read = open_from(&key, Role::Client, &sealed)?;
    println!("The server read, from the client: {read:?}");
    match open_from(&key, Role::Server, &sealed) {
        Ok(text) => {
            println!("Reflected, the client read as the server's: {text:?}")
        }
        Err(err) => println!("Reflected to the client: {err}"),
    }
    Ok(())
}
