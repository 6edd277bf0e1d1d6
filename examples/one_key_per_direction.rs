//! Part III, *One key per direction*: `cargo run --example
//! one_key_per_direction`.
//!
//! With counter nonces, one key for both directions is worse than before:
//! the client's message 0 and the server's message 0 share key and nonce.
//! Noise's Split derives two keys from the chaining key instead, one per
//! direction, each with its own counter. Mallory's reflected message then
//! fails, both with two `CipherState`s from `SymmetricState::split` and with
//! the library's `TransportState` after a whole handshake.

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::narration::{Narrator, Step};
use secure_messaging::noise::cipher_state::CipherState;
use secure_messaging::noise::symmetric_state::SymmetricState;
use secure_messaging::noise::{HandshakeState, PROLOGUE, TransportState};

const USAGE: &str = "\
Usage: cargo run --example one_key_per_direction [-- --full-hex]

Shows two messages under one key and one counter nonce, then Noise's Split:
one key per direction, under which a reflected message fails, with the
library's CipherStates and with its TransportState.
";

const OFFER: &[u8] = b"I accept the offer of 100 EUR";
const REPLY: &[u8] = b"Offer accepted, thank you";

// ANCHOR: directions
/// The client's and the server's cipher states, each `(send, receive)`:
/// both sides split the same chaining key, and the client sends with the
/// first key while the server receives with it.
fn directions(
    client: SymmetricState,
    server: SymmetricState,
) -> [(CipherState, CipherState); 2] {
    let (client_send, client_receive) = client.split();
    let (server_receive, server_send) = server.split();
    [(client_send, client_receive), (server_send, server_receive)]
}
// ANCHOR_END: directions

/// A symmetric state for each side after one X25519 shared secret.
fn chaining_keys() -> Result<[SymmetricState; 2], Failure> {
    let (client, server) = (KeyPair::generate(), KeyPair::generate());
    let (client_public, server_public) =
        (client.public_key(), server.public_key());
    let name = "Noise_NN_25519_AESGCM_SHA256";
    let mut sides = [name, name].map(SymmetricState::initialize);
    sides[0].mix_key(client.diffie_hellman(&server_public)?.as_bytes());
    sides[1].mix_key(server.diffie_hellman(&client_public)?.as_bytes());
    Ok(sides)
}

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    print!("{}", one_key(narrator)?);

    let [client, server] = chaining_keys()?;
    let [(mut c_send, mut c_receive), (mut s_send, mut s_receive)] =
        directions(client, server);
    let offer = c_send.encrypt_with_ad(b"", OFFER)?;
    let reply = s_send.encrypt_with_ad(b"", REPLY)?;
    print!(
        "{}",
        narrator
            .step("Split: One Key per Direction")
            .value("Client to server, nonce 0", &offer)
            .value("Server to client, nonce 0", &reply)
            .line(format_args!(
                "The server read: {}",
                said(s_receive.decrypt_with_ad(b"", &offer))
            ))
            .line(format_args!(
                "The client read: {}",
                said(c_receive.decrypt_with_ad(b"", &reply))
            ))
            .line("Mallory sends the client's offer back to the client")
            .line(format_args!(
                "The client read: {}",
                said(c_receive.decrypt_with_ad(b"", &offer))
            ))
    );

    let (mut client, mut server) = handshake()?;
    let offer = client.write_message(OFFER)?;
    print!(
        "{}",
        narrator
            .step("The Library's TransportState (after Noise NN)")
            .value("Client to server", &offer)
            .line(format_args!(
                "The server read: {}",
                said(server.read_message(&offer))
            ))
            .line("Mallory sends it back to the client")
            .line(format_args!(
                "The client read: {}",
                said(client.read_message(&offer))
            ))
    );
    Ok(())
}

// ANCHOR: one_key
/// Both directions under one key, each side counting from nonce 0: the
/// client's message 0 and the server's message 0 share key and nonce.
fn one_key_both_ways() -> secure_messaging::Result<[Vec<u8>; 2]> {
    let key = SessionKey::random(); // one key, as in Part I
    let mut client_send = CipherState::new(*key.as_bytes());
    let mut server_send = CipherState::new(*key.as_bytes());
    Ok([
        client_send.encrypt_with_ad(b"", OFFER)?,
        server_send.encrypt_with_ad(b"", REPLY)?,
    ])
}
// ANCHOR_END: one_key

/// Narrates [`one_key_both_ways`], and what the two ciphertexts leak.
fn one_key(narrator: Narrator) -> Result<Step, Failure> {
    let [offer, reply] = one_key_both_ways()?;
    let xor = |a: &[u8], b: &[u8]| -> Vec<u8> {
        a.iter().zip(b).map(|(x, y)| x ^ y).collect()
    };
    let n = REPLY.len(); // the shorter text; the tags follow
    let leaks = xor(&offer[..n], &reply[..n]) == xor(OFFER, REPLY);
    Ok(narrator
        .step("One Key, Both Directions, Counter Nonces")
        .value("Client to server, nonce 0", &offer)
        .value("Server to client, nonce 0", &reply)
        .line(format_args!(
            "Ciphertext XOR ciphertext = plaintext XOR plaintext: {}",
            if leaks { "yes, a reused nonce" } else { "no" }
        )))
}

/// A whole Noise NN handshake in memory: the client's and the server's
/// transport states.
fn handshake() -> secure_messaging::Result<(TransportState, TransportState)> {
    let (first, client) =
        HandshakeState::nn_initiator(PROLOGUE).write_message(b"")?;
    let (_, server) =
        HandshakeState::nn_responder(PROLOGUE).read_message(&first)?;
    let (second, server) = server.write_message(b"")?;
    let (_, client) = client.read_message(&second)?;
    Ok((client, server))
}

/// What opening a message gave, on one line.
fn said(outcome: secure_messaging::Result<Vec<u8>>) -> String {
    match outcome {
        Ok(text) => format!("{:?}", String::from_utf8_lossy(&text)),
        Err(err) => format!("nothing, refused: {err}"),
    }
}
