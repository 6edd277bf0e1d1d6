//! Part II, *Replay*: record a connection, send its bytes again.
//!
//! [`relay_and_record`] is Mallory's proxy: it passes a connection through
//! and keeps a copy of every byte. [`replay`] sends the recorded bytes to the
//! server again. The Part I server refuses them: it makes a fresh key pair for
//! every connection, so the old envelope meets another key and its tag fails.
//!
//! [`RandomNonceSession`] is the weakened variant: one key for many messages,
//! each under a random nonce. Nothing in it tells a new message from an old
//! one, so a replayed message is accepted again. The defence is a message
//! counter, which Part III builds.
//!
//! ```
//! use secure_messaging::attacks::{Session, replay::RandomNonceSession};
//! use secure_messaging::key_derivation::SessionKey;
//!
//! let client = RandomNonceSession::new(SessionKey::from_bytes([7; 32]));
//! let bank = RandomNonceSession::new(SessionKey::from_bytes([7; 32]));
//! let payment = client.seal("Transfer 10 EUR to Mallory")?;
//! let copy = payment.clone(); // Mallory's whole attack
//! assert_eq!(bank.open(&payment)?, "Transfer 10 EUR to Mallory");
//! assert_eq!(bank.open(&copy)?, "Transfer 10 EUR to Mallory");
//! # Ok::<(), secure_messaging::Error>(())
//! ```

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;
use std::time::Duration;

use crate::Result;
use crate::attacks::{Sealed, Session};
use crate::key_derivation::SessionKey;
use crate::key_generation::{PUBLIC_KEY_LEN, PublicKey};
use crate::wire::read_field;

/// How long the proxy and the replay wait for a silent peer.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// Every byte of one connection, as Mallory's proxy saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Recording {
    /// What the client sent: its public key, then its envelope.
    pub to_server: Vec<u8>,
    /// What the server sent: its public key.
    pub to_client: Vec<u8>,
}

/// Passes one client's connection on to `server` and back, byte for byte,
/// and returns what went each way once both sides have closed.
pub fn relay_and_record(
    client: TcpStream,
    server: SocketAddr,
) -> io::Result<Recording> {
    let upstream = TcpStream::connect(server)?;
    for stream in [&client, &upstream] {
        stream.set_read_timeout(Some(PATIENCE))?;
    }
    let (from_client, from_server) =
        (client.try_clone()?, upstream.try_clone()?);
    let back = thread::spawn(move || copy_and_keep(from_server, client));
    let to_server = copy_and_keep(from_client, upstream)?;
    let to_client = back.join().expect("the relay thread panicked")?;
    Ok(Recording {
        to_server,
        to_client,
    })
}

// ANCHOR: copy
/// Copies `from` to `to` until `from` closes, keeping every byte, then
/// passes the close on.
fn copy_and_keep(
    mut from: TcpStream,
    mut to: TcpStream,
) -> io::Result<Vec<u8>> {
    let mut kept = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            break;
        }
        to.write_all(&buf[..n])?;
        kept.extend_from_slice(&buf[..n]);
    }
    let _ = to.shutdown(Shutdown::Write); // it may have gone already
    Ok(kept)
}
// ANCHOR_END: copy

// ANCHOR: replay
/// Sends the recorded client bytes to `server` again, unchanged, and returns
/// the public key the server answers with.
pub fn replay(to_server: &[u8], server: SocketAddr) -> Result<PublicKey> {
    let mut stream = TcpStream::connect(server)?;
    stream.set_read_timeout(Some(PATIENCE))?;
    stream.write_all(to_server)?;
    let mut key = [0u8; PUBLIC_KEY_LEN];
    read_field(&mut stream, &mut key, "the server's public key")?;
    Ok(PublicKey::from(key))
}
// ANCHOR_END: replay

/// WEAKENED: one key for many messages, each sealed under a random nonce.
/// Nothing tells a new message from an old one.
pub struct RandomNonceSession {
    key: SessionKey,
}

impl RandomNonceSession {
    /// A session under `key`, shared by both ends.
    pub fn new(key: SessionKey) -> Self {
        RandomNonceSession { key }
    }
}

impl Session for RandomNonceSession {
    /// Seals a message under the one key and a fresh random nonce.
    fn seal(&self, message: &str) -> Result<Sealed> {
        Sealed::seal(&self.key, message)
    }

    /// Opens any message sealed under the key: new, or seen before.
    fn open(&self, sealed: &Sealed) -> Result<String> {
        sealed.open(&self.key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Error;
    use crate::decryption::decrypt_text;
    use crate::encryption::{Nonce, encrypt};
    use crate::key_derivation::{Salt, derive_key};
    use crate::key_exchange::{exchange_as_client, exchange_as_server};
    use crate::key_generation::KeyPair;
    use crate::transmission::Envelope;
    use std::net::TcpListener;

    /// A server made of the crate's steps: a fresh key pair per connection.
    /// Returns its public key and what decrypting the envelope gave.
    fn serve(listener: &TcpListener) -> (PublicKey, Result<String>) {
        let (mut stream, _) = listener.accept().unwrap();
        let key_pair = KeyPair::generate();
        let public = key_pair.public_key();
        let client = exchange_as_server(&mut stream, &public).unwrap();
        let secret = key_pair.diffie_hellman(&client).unwrap();
        let envelope = Envelope::receive(&mut stream).unwrap();
        let key = derive_key(&secret, &envelope.salt);
        (
            public,
            decrypt_text(&key, &envelope.nonce, &envelope.ciphertext),
        )
    }

    fn send(stream: &mut TcpStream, message: &str) {
        let key_pair = KeyPair::generate();
        let server =
            exchange_as_client(stream, &key_pair.public_key()).unwrap();
        let salt = Salt::random();
        let key = derive_key(&key_pair.diffie_hellman(&server).unwrap(), &salt);
        let nonce = Nonce::random();
        let ciphertext = encrypt(&key, &nonce, message.as_bytes()).unwrap();
        let envelope = Envelope {
            salt,
            nonce,
            ciphertext,
        };
        envelope.send(stream).unwrap();
    }

    #[test]
    fn a_recorded_connection_replayed_meets_a_new_key_and_is_refused() {
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let server_address = server.local_addr().unwrap();
        let proxy = TcpListener::bind("127.0.0.1:0").unwrap();
        let proxy_address = proxy.local_addr().unwrap();
        let served = thread::spawn(move || [serve(&server), serve(&server)]);
        let recorded = thread::spawn(move || {
            let (client, _) = proxy.accept().unwrap();
            relay_and_record(client, server_address).unwrap()
        });
        let mut stream = TcpStream::connect(proxy_address).unwrap();
        send(&mut stream, "Transfer 10 EUR to Mallory");
        drop(stream);
        let recording = recorded.join().unwrap();
        assert_eq!(recording.to_client.len(), PUBLIC_KEY_LEN);
        assert_eq!(recording.to_server.len(), 32 + 32 + 12 + 4 + 26 + 16);

        let new_key = replay(&recording.to_server, server_address).unwrap();
        let [(first_key, first), (second_key, second)] = served.join().unwrap();
        assert_eq!(first.unwrap(), "Transfer 10 EUR to Mallory");
        assert_eq!(first_key.as_bytes()[..], recording.to_client[..]);
        assert_eq!(new_key, second_key);
        assert_ne!(new_key, first_key, "the server reused its key pair");
        assert!(matches!(second, Err(Error::Decryption)), "{second:?}");
    }

    #[test]
    fn one_key_and_random_nonces_accept_a_replayed_message_twice() {
        let bank = RandomNonceSession::new(SessionKey::from_bytes([7; 32]));
        let client = RandomNonceSession::new(SessionKey::from_bytes([7; 32]));
        let sealed = client.seal("Transfer 10 EUR to Mallory").unwrap();
        let replayed = sealed.clone();
        assert_eq!(bank.open(&sealed).unwrap(), "Transfer 10 EUR to Mallory");
        assert_eq!(bank.open(&replayed).unwrap(), "Transfer 10 EUR to Mallory");
    }

    #[test]
    fn the_session_still_refuses_a_changed_message() {
        let session = RandomNonceSession::new(SessionKey::from_bytes([7; 32]));
        let mut sealed = session.seal("Transfer 10 EUR").unwrap();
        sealed.ciphertext[9] ^= 0x01;
        assert!(matches!(session.open(&sealed), Err(Error::Decryption)));
    }
}
