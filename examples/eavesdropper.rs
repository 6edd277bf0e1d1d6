//! Chapter 9, *What it protects*: `cargo run --example eavesdropper`.
//!
//! Runs the whole protocol between a client and a server thread while an
//! eavesdropper records every byte on the wire, then lets the eavesdropper try
//! to read the message with everything it saw.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;

use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, derive_key};
use secure_messaging::key_exchange::{exchange_as_client, exchange_as_server};
use secure_messaging::key_generation::{KeyPair, PublicKey};
use secure_messaging::transmission::Envelope;

/// A connection that copies every byte in either direction, as a wiretap would.
struct Tap {
    stream: TcpStream,
    to_server: Vec<u8>,
    to_client: Vec<u8>,
}

impl Read for Tap {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.stream.read(buf)?;
        self.to_client.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl Write for Tap {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.stream.write(buf)?;
        self.to_server.extend_from_slice(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.stream.flush()
    }
}

/// What the eavesdropper recorded, and what it made of it.
struct Seen {
    client_public: PublicKey,
    server_public: PublicKey,
    envelope: Envelope,
    attempt: secure_messaging::Result<String>,
}

// ANCHOR: eavesdrop
/// Everything the eavesdropper has: the bytes it recorded, nothing more.
fn eavesdrop(to_server: &[u8], to_client: &[u8]) -> Result<Seen, Failure> {
    let client_public =
        PublicKey::from(<[u8; 32]>::try_from(&to_server[..32])?);
    let server_public =
        PublicKey::from(<[u8; 32]>::try_from(&to_client[..32])?);
    let envelope = Envelope::receive(&mut &to_server[32..])?;

    // Its best move without a private key of either side: use one of its own.
    let guess = KeyPair::generate().diffie_hellman(&server_public)?;
    let key = derive_key(&guess, &envelope.salt);
    let attempt = decrypt_text(&key, &envelope.nonce, &envelope.ciphertext);
    Ok(Seen {
        client_public,
        server_public,
        envelope,
        attempt,
    })
}
// ANCHOR_END: eavesdrop

const USAGE: &str = "\
Usage: cargo run --example eavesdropper [-- --full-hex]

Runs the whole protocol between a client and a server thread while an
eavesdropper records every byte on the wire, then lets the eavesdropper try
to read the message with everything it saw.
";

fn main() -> Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };

    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let server = thread::spawn(move || -> secure_messaging::Result<String> {
        let (mut stream, _) = listener.accept()?;
        let key_pair = KeyPair::generate();
        let client_public =
            exchange_as_server(&mut stream, &key_pair.public_key())?;
        let shared_secret = key_pair.diffie_hellman(&client_public)?;
        let envelope = Envelope::receive(&mut stream)?;
        let key = derive_key(&shared_secret, &envelope.salt);
        decrypt_text(&key, &envelope.nonce, &envelope.ciphertext)
    });

    let mut tap = Tap {
        stream: TcpStream::connect(address)?,
        to_server: Vec::new(),
        to_client: Vec::new(),
    };
    let key_pair = KeyPair::generate();
    let server_public = exchange_as_client(&mut tap, &key_pair.public_key())?;
    let salt = Salt::random();
    let key = derive_key(&key_pair.diffie_hellman(&server_public)?, &salt);
    let nonce = Nonce::random();
    let ciphertext =
        encrypt(&key, &nonce, b"The exam answers are in the blue folder.")?;
    Envelope {
        salt,
        nonce,
        ciphertext,
    }
    .send(&mut tap)?;
    let delivered = server.join().expect("server thread")?;

    let seen = eavesdrop(&tap.to_server, &tap.to_client)?;

    print!(
        "{}{}",
        narrator
            .step("On the Wire")
            .value("Client public key", seen.client_public.as_bytes())
            .value("Server public key", seen.server_public.as_bytes())
            .value("Salt", seen.envelope.salt.as_bytes())
            .value("Nonce", seen.envelope.nonce.as_bytes())
            .value("Ciphertext with tag", &seen.envelope.ciphertext),
        narrator
            .step("Eavesdropper")
            .line(format_args!(
                "Recorded {} bytes to the server and {} to the client",
                tap.to_server.len(),
                tap.to_client.len()
            ))
            .line(format_args!(
                "Its attempt to decrypt: {}",
                seen.attempt.unwrap_err()
            ))
            .line(format_args!("The server read: {delivered:?}"))
    );
    Ok(())
}
