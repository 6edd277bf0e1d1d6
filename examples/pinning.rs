//! Part III, *The server's long-term key and pinning it*:
//! `cargo run --example pinning`.
//!
//! The NK pattern in memory, with the library's `HandshakeState`: the client
//! pins the server's static public key, and message 1 (`-> e, es`) is sealed
//! under a key only that server can compute. The real server completes the
//! handshake; Mallory, with her own static key, can neither read message 1
//! nor answer it, and the client refuses her before it sends any message.
//! Under NN, with no key to pin, the same Mallory reads the password.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::narration::Step;
use secure_messaging::noise::{
    HandshakeState, PROLOGUE, SendsMessage2, StaticKeyPair, TransportState,
};

const USAGE: &str = "\
Usage: cargo run --example pinning [-- --full-hex]

Runs Noise NK in memory: the client pins the server's public key. The real
server completes the handshake; Mallory with her own key is refused before
the client sends anything. Under NN, with nothing to pin, she reads it all.
";

const SECRET: &[u8] = b"my password is hunter2";

// ANCHOR: honest
/// An NK handshake with the real server: the client knows its public key.
fn honest(
    server_key: &StaticKeyPair,
) -> Result<(TransportState, TransportState), Failure> {
    let client =
        HandshakeState::nk_initiator(PROLOGUE, server_key.public_key());
    let server = HandshakeState::nk_responder(PROLOGUE, server_key.clone());
    let (message_1, client) = client.write_message(b"")?; // -> e, es
    let (_, server) = server.read_message(&message_1)?;
    let (message_2, server) = server.write_message(b"")?; // <- e, ee
    let (_, client) = client.read_message(&message_2)?;
    Ok((client, server))
}
// ANCHOR_END: honest

// ANCHOR: mallory
/// Mallory answers a client that pinned `pinned`, holding only her own key.
/// Returns why Mallory could not read message 1, and why the client
/// refused her reply.
fn mallory_answers(
    pinned: &StaticKeyPair,
    mallory: &StaticKeyPair,
) -> Result<(String, String), Failure> {
    let client = HandshakeState::nk_initiator(PROLOGUE, pinned.public_key());
    let (message_1, client) = client.write_message(b"")?;
    let at_mallory = HandshakeState::nk_responder(PROLOGUE, mallory.clone());
    let cannot_read = at_mallory.read_message(&message_1).unwrap_err();
    // Her best reply: a message 2 from a handshake she runs with her key.
    let reply = mallory_reply(mallory)?;
    let refused = client.read_message(&reply).unwrap_err();
    Ok((cannot_read.to_string(), refused.to_string()))
}
// ANCHOR_END: mallory

/// A message 2 made with Mallory's key, from a message 1 made for it.
fn mallory_reply(mallory: &StaticKeyPair) -> Result<Vec<u8>, Failure> {
    let for_her = HandshakeState::nk_initiator(PROLOGUE, mallory.public_key());
    let (message_1, _) = for_her.write_message(b"")?;
    let at_mallory = HandshakeState::nk_responder(PROLOGUE, mallory.clone());
    let (_, at_mallory): (_, HandshakeState<SendsMessage2>) =
        at_mallory.read_message(&message_1)?;
    Ok(at_mallory.write_message(b"")?.0)
}

/// Under NN Mallory runs one handshake with the client and reads what it
/// sends next.
fn nn_mallory_reads() -> Result<Vec<u8>, Failure> {
    let client = HandshakeState::nn_initiator(PROLOGUE);
    let at_mallory = HandshakeState::nn_responder(PROLOGUE);
    let (message_1, client) = client.write_message(b"")?;
    let (_, at_mallory) = at_mallory.read_message(&message_1)?;
    let (message_2, mut at_mallory) = at_mallory.write_message(b"")?;
    let (_, mut client) = client.read_message(&message_2)?;
    let sealed = client.write_message(SECRET)?;
    Ok(at_mallory.read_message(&sealed)?)
}

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    let server_key = StaticKeyPair::generate();
    let (mut client, mut server) = honest(&server_key)?;
    let sealed = client.write_message(SECRET)?;
    let read = server.read_message(&sealed)?;
    print!(
        "{}",
        narrator
            .step("NK With the Real Server")
            .value(
                "Server public key, pinned by the client",
                server_key.public_key().as_bytes()
            )
            .line("Message 1: -> e, es. Message 2: <- e, ee.")
            .line(format_args!(
                "Same handshake hash on both sides: {}",
                client.handshake_hash() == server.handshake_hash()
            ))
            .line(format_args!(
                "The server read: {:?}",
                String::from_utf8_lossy(&read)
            ))
    );

    let mallory = StaticKeyPair::generate();
    let (cannot_read, refused) = mallory_answers(&server_key, &mallory)?;
    print!(
        "{}",
        narrator
            .step("NK With Mallory in the Middle")
            .value("Mallory's own public key", mallory.public_key().as_bytes())
            .line(format_args!("Mallory reading message 1: {cannot_read}"))
            .line(format_args!("The client, given her reply: {refused}"))
            .line("The client has no transport state: nothing was sent")
    );

    print!("{}", nn(narrator.step("NN With Mallory in the Middle"))?);
    Ok(())
}

fn nn(step: Step) -> Result<Step, Failure> {
    let stolen = nn_mallory_reads()?;
    Ok(step
        .line("No key to pin: the client completes a handshake with Mallory")
        .line(format_args!(
            "Mallory read: {:?}",
            String::from_utf8_lossy(&stolen)
        )))
}
