//! Part III, *The transcript hash*: `cargo run --example transcript_hash`.
//!
//! Runs the two messages of a Noise NN handshake by hand, with the library's
//! `SymmetricState`: every byte sent goes into the running hash `h`, and
//! the first encrypted part uses `h` as associated data. Three runs: nothing
//! changed; Mallory changes a byte of message 1's payload, which travels in
//! clear; the two sides start from different prologues. The last two are
//! refused at message 2, though the key both sides compute is the same.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::{Narrator, Step};
use secure_messaging::noise::{PROLOGUE, Pattern, SymmetricState};

const USAGE: &str = "\
Usage: cargo run --example transcript_hash [-- --full-hex]

Runs a Noise NN handshake by hand, the transcript hash h after each step:
untouched, then with one byte of message 1 changed on the way, then with
another prologue. A changed transcript fails the tag of message 2.
";

/// What goes wrong on the way, if anything.
#[derive(Clone, Copy)]
enum Change {
    Nothing,
    Message1Byte,
    Prologue,
}

// ANCHOR: start
/// `InitializeSymmetric(protocol_name)`, then `MixHash(prologue)`: both
/// sides' `h` starts from what they think they are speaking.
fn start(prologue: &[u8]) -> SymmetricState {
    let mut state = SymmetricState::initialize(Pattern::NN.protocol_name());
    state.mix_hash(prologue);
    state
}
// ANCHOR_END: start

// ANCHOR: message_1
/// Message 1, `-> e` and a payload. There is no key yet, so the payload
/// goes out in clear, but `encrypt_and_hash` still mixes it into `h`.
fn write_message_1(
    client: &mut SymmetricState,
    e: &KeyPair,
    payload: &[u8],
) -> Result<Vec<u8>, Failure> {
    let mut message = e.public_key().as_bytes().to_vec();
    client.mix_hash(e.public_key().as_bytes());
    message.extend(client.encrypt_and_hash(payload)?);
    Ok(message)
}
// ANCHOR_END: message_1

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    for (title, change) in [
        ("Nothing Changed", Change::Nothing),
        (
            "Mallory Changes One Byte of Message 1",
            Change::Message1Byte,
        ),
        ("Another Prologue on the Server", Change::Prologue),
    ] {
        print!("{}", handshake(&narrator, title, change)?);
    }
    Ok(())
}

/// One handshake, narrated as one step.
fn handshake(
    narrator: &Narrator,
    title: &str,
    change: Change,
) -> Result<Step, Failure> {
    let server_prologue: &[u8] = match change {
        Change::Prologue => b"secure-messaging/v3",
        _ => PROLOGUE,
    };
    let mut client = start(PROLOGUE);
    let mut server = start(server_prologue);
    let step = narrator
        .step(title)
        .line(format_args!(
            "Prologues: client {:?}, server {:?}",
            String::from_utf8_lossy(PROLOGUE),
            String::from_utf8_lossy(server_prologue)
        ))
        .value("Client h after the prologue", client.handshake_hash());

    let (client_e, server_e) = (KeyPair::generate(), KeyPair::generate());
    let mut message_1 = write_message_1(&mut client, &client_e, b"lang=en")?;
    let step =
        step.value("Message 1: e, then \"lang=en\" in clear", &message_1);
    if let Change::Message1Byte = change {
        let last = message_1.len() - 1;
        message_1[last] = b'r'; // "lang=en" becomes "lang=er"
    }
    let (e_bytes, payload) = message_1.split_at(32);
    server.mix_hash(e_bytes);
    let read = server.decrypt_and_hash(payload)?;
    let step = step
        .line(format_args!(
            "The server read the payload {:?}",
            String::from_utf8_lossy(&read)
        ))
        .value("Client h after message 1", client.handshake_hash())
        .value("Server h after message 1", server.handshake_hash());

    // Message 2, `<- e, ee`: the server's e, then the first key.
    let (client_e_public, server_e_public) =
        (client_e.public_key(), server_e.public_key());
    server.mix_hash(server_e_public.as_bytes());
    client.mix_hash(server_e_public.as_bytes());
    server.mix_key(server_e.diffie_hellman(&client_e_public)?.as_bytes());
    client.mix_key(client_e.diffie_hellman(&server_e_public)?.as_bytes());
    let tag = server.encrypt_and_hash(b"")?;
    let step = step.value("Message 2: the server's tag over h", &tag);
    Ok(match client.decrypt_and_hash(&tag) {
        Ok(_) => step
            .line(
                "The client checked the tag: the same transcript on both sides",
            )
            .value("Handshake hash", client.handshake_hash()),
        Err(err) => step.line(format_args!("The client refused: {err}")),
    })
}
