//! Chapter 6, *Transmission*: `cargo run --example transmission`.
//!
//! Lays an encrypted message out as salt, nonce, length and ciphertext, sends it
//! over a TCP connection on this machine, and reads it back on the other end.

use std::net::{TcpListener, TcpStream};
use std::thread;

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey};
use secure_messaging::transmission::Envelope;

const USAGE: &str = "\
Usage: cargo run --example transmission [-- --full-hex]

Lays an encrypted message out as salt, nonce, length and ciphertext, sends it
over a TCP connection on this machine, and reads it back on the other end.
";

// ANCHOR: send_and_receive
/// Sends `envelope` over a TCP connection on this machine; returns what the
/// other end read.
fn send_and_receive(envelope: &Envelope) -> Result<Envelope, Failure> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let receiver = thread::spawn(move || {
        let (mut stream, _) = listener.accept()?;
        Envelope::receive(&mut stream)
    });
    envelope.send(&mut TcpStream::connect(address)?)?;
    Ok(receiver.join().expect("receiver thread")?)
}
// ANCHOR_END: send_and_receive

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let key = SessionKey::random();
    let nonce = Nonce::random();
    let ciphertext = encrypt(&key, &nonce, b"Meet me at the library at noon.")?;

    let envelope = Envelope {
        salt: Salt::random(),
        nonce,
        ciphertext,
    };
    let bytes = envelope.to_bytes()?;
    let received = send_and_receive(&envelope)?;

    let field = |range: std::ops::Range<usize>| narrator.hex(&bytes[range]);
    let end = bytes.len();
    print!(
        "{}",
        narrator
            .step("Transmission")
            .line(format_args!("Sent {end} bytes:"))
            .line(format_args!("  bytes  0..32  salt        {}", field(0..32)))
            .line(format_args!(
                "  bytes 32..44  nonce       {}",
                field(32..44)
            ))
            .line(format_args!(
                "  bytes 44..48  length      {} = {}, big-endian",
                hex::encode(&bytes[44..48]),
                envelope.ciphertext.len()
            ))
            .line(format_args!(
                "  bytes 48..{end}  ciphertext  {}",
                field(48..end)
            ))
            .line(format_args!(
                "Received the same salt, nonce and ciphertext: {}",
                if received == envelope { "yes" } else { "NO" }
            ))
    );
    Ok(())
}
