//! Part III, *What is still missing*: `cargo run --example rekey`.
//!
//! Noise's `REKEY(k)`: the next key is the first 32 bytes of `k`
//! encrypting 32 zero bytes under the reserved nonce 2^64 - 1. The example
//! computes a chain of keys, then rekeys the client's sending direction in
//! the middle of a Noise NK conversation: a server that rekeys at the same
//! message reads on; one that does not, refuses.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::noise::cipher_state::rekey;
use secure_messaging::noise::{
    HandshakeState, PROLOGUE, StaticKeyPair, TransportState,
};

const USAGE: &str = "\
Usage: cargo run --example rekey [-- --full-hex]

Computes Noise's REKEY(k) three times from one key, then rekeys a Noise NK
conversation in its middle, with and without the server rekeying too.
";

/// A completed NK handshake: the client's and the server's transport.
fn connected() -> secure_messaging::Result<(TransportState, TransportState)> {
    let server_key = StaticKeyPair::generate();
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
    let server = HandshakeState::nk_responder(PROLOGUE, server_key);
    let (first, client) = client.write_message(b"")?;
    let (_, server) = server.read_message(&first)?;
    let (reply, server) = server.write_message(b"")?;
    let (_, client) = client.read_message(&reply)?;
    Ok((client, server))
}

// ANCHOR: conversation
/// The client rekeys after message 1; the server rekeys, or not, at the same
/// point. Returns what the server made of messages 0 to 3.
fn conversation(server_rekeys: bool) -> secure_messaging::Result<Vec<String>> {
    let (mut client, mut server) = connected()?;
    let mut seen = Vec::new();
    for n in 0..4 {
        if n == 2 {
            client.rekey_sending();
            if server_rekeys {
                server.rekey_receiving();
            }
        }
        let sealed = client.write_message(format!("message {n}").as_bytes())?;
        seen.push(match server.read_message(&sealed) {
            Ok(text) => {
                format!("{n}: read {:?}", String::from_utf8_lossy(&text))
            }
            Err(err) => format!("{n}: refused, Error::{err:?}"),
        });
    }
    Ok(seen)
}
// ANCHOR_END: conversation

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    let k0 = [0x07; 32];
    let k1 = rekey(&k0);
    let k2 = rekey(&k1);
    print!(
        "{}",
        narrator
            .step("REKEY(k): Encrypt 32 Zero Bytes Under Nonce 2^64 - 1")
            .value("k0", &k0)
            .value("k1 = REKEY(k0)", k1.as_slice())
            .value("k2 = REKEY(k1)", k2.as_slice())
            .line("Each key follows from the one before; none leads back")
    );
    for (title, server_rekeys) in [
        ("Both Sides Rekey After Message 1", true),
        ("Only the Client Rekeys", false),
    ] {
        let mut step = narrator.step(title);
        for line in conversation(server_rekeys)? {
            step = step.line(format_args!("Server, message {line}"));
        }
        print!("{step}");
    }
    Ok(())
}
