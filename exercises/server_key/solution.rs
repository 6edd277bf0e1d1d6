//! Part III, *The server's long-term key and pinning it*: the solution of
//! "Exercise: the pinned key from hex".
//!
//! A typo in the length or a digit that is not hex is caught here, in one
//! line; a typo that is still a valid key is caught by the handshake:
//! `server authentication failed`.
//!
//! Run it with `cargo run --example server_key_solution`.

use secure_messaging::key_generation::{KeyPair, PublicKey};

// ANCHOR: solution
/// The server public key in `typed`: 64 hex digits, either case, spaces
/// around them allowed. Refuses a wrong length (saying that 64 digits are
/// expected), a non-hex digit, and a low-order key, with which the
/// Diffie-Hellman result would be all zeros.
fn parse_server_key(typed: &str) -> Result<PublicKey, String> {
    let typed = typed.trim();
    if typed.len() != 64 {
        let len = typed.len();
        return Err(format!("a server key is 64 hex digits, not {len}"));
    }
    let bytes: [u8; 32] = hex::decode(typed)
        .map_err(|err| format!("a server key is hex digits: {err}"))?
        .try_into()
        .expect("64 hex digits are 32 bytes");
    let key = PublicKey::from(bytes);
    KeyPair::generate()
        .diffie_hellman(&key)
        .map_err(|_| "this is a low-order key, not a server's".to_owned())?;
    Ok(key)
}
// ANCHOR_END: solution

#[path = "demo.rs"]
mod demo;

fn main() {
    demo::run()
}

#[cfg(test)]
#[path = "checks.rs"]
mod checks;
