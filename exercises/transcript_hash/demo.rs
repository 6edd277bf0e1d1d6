//! The program that `exercise.rs` and `solution.rs` both run: a real Noise
//! NN handshake, and its handshake hash recomputed from the bytes sent.

use secure_messaging::noise::{HandshakeState, PROLOGUE, Pattern};

use super::{initial_h, mix_hash};

// ANCHOR: demo
/// The handshake hash of an NN handshake, from the protocol name, the
/// prologue and the two messages as they went over the wire: `e` and the
/// payload of message 1, then `e` and the sealed payload of message 2.
pub fn recompute(message_1: &[u8], message_2: &[u8]) -> [u8; 32] {
    let mut h = initial_h(Pattern::NN.protocol_name());
    h = mix_hash(&h, PROLOGUE);
    for message in [message_1, message_2] {
        let (e, payload) = message.split_at(32);
        h = mix_hash(&h, e);
        h = mix_hash(&h, payload);
    }
    h
}
// ANCHOR_END: demo

/// The two messages of a handshake, and the client's handshake hash.
pub type Handshake = (Vec<u8>, Vec<u8>, [u8; 32]);

/// A real NN handshake, in memory.
pub fn handshake() -> Result<Handshake, secure_messaging::Error> {
    let client = HandshakeState::nn_initiator(PROLOGUE);
    let server = HandshakeState::nn_responder(PROLOGUE);
    let (message_1, client) = client.write_message(b"")?;
    let (_, server) = server.read_message(&message_1)?;
    let (message_2, _) = server.write_message(b"")?;
    let (_, client) = client.read_message(&message_2)?;
    Ok((message_1, message_2, *client.handshake_hash()))
}

pub fn run() -> Result<(), secure_messaging::Error> {
    let (message_1, message_2, expected) = handshake()?;
    println!(
        "Message 1: {} bytes, message 2: {} bytes",
        message_1.len(),
        message_2.len()
    );
    println!("The client's handshake hash: {}", hex::encode(expected));
    let recomputed = recompute(&message_1, &message_2);
    println!("Recomputed from the wire:    {}", hex::encode(recomputed));
    if recomputed == expected {
        println!("The same: every byte sent is in h.");
    } else {
        println!("Not the same yet: check initial_h and mix_hash.");
    }
    Ok(())
}
