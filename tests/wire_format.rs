//! The library against the complete test vector of the book's appendix
//! *Wire format v1* (`tests/data/wire_format_v1.txt`): the same fixed keys, salt,
//! nonce and message give every value and every byte on the wire.

#[allow(dead_code)] // only its `vector` is used here
mod common;
use std::collections::HashMap;
use std::io::{self, Read, Write};

use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{INFO, Salt, derive_key};
use secure_messaging::key_exchange::{exchange_as_client, exchange_as_server};
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::{Envelope, receive_salt, receive_sealed};

/// The vector's `name = hex` lines.
fn vector() -> HashMap<String, Vec<u8>> {
    common::vector(include_str!("data/wire_format_v1.txt"))
}

fn fixed<const N: usize>(v: &HashMap<String, Vec<u8>>, name: &str) -> [u8; N] {
    v[name].as_slice().try_into().expect(name)
}

/// One side of a connection: reads what the peer sent, records what we write.
struct Peer {
    incoming: io::Cursor<Vec<u8>>,
    written: Vec<u8>,
}

impl Peer {
    fn receiving(bytes: Vec<u8>) -> Self {
        Peer {
            incoming: io::Cursor::new(bytes),
            written: Vec::new(),
        }
    }
}

impl Read for Peer {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.incoming.read(buf)
    }
}

impl Write for Peer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.written.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_client_sends_exactly_the_vectors_bytes() {
    let v = vector();
    let client = KeyPair::from_private_bytes(fixed(&v, "client_private_key"));
    assert_eq!(client.public_key().as_bytes()[..], v["client_public_key"]);

    let mut wire = Peer::receiving(v["server_to_client"].clone());
    let server_public =
        exchange_as_client(&mut wire, &client.public_key()).unwrap();
    assert_eq!(server_public.as_bytes()[..], v["server_public_key"]);

    let shared_secret = client.diffie_hellman(&server_public).unwrap();
    assert_eq!(shared_secret.as_bytes()[..], v["shared_secret"]);

    assert_eq!(INFO, v["info"]);
    let salt = Salt::from_bytes(fixed(&v, "salt"));
    let key = derive_key(&shared_secret, &salt);
    assert_eq!(key.as_bytes()[..], v["key"]);

    let nonce = Nonce::from_bytes(fixed(&v, "nonce"));
    let ciphertext = encrypt(&key, &nonce, &v["message"]).unwrap();
    assert_eq!(
        ciphertext,
        [v["ciphertext"].clone(), v["tag"].clone()].concat()
    );

    Envelope {
        salt,
        nonce,
        ciphertext,
    }
    .send(&mut wire)
    .unwrap();
    let expected = [
        v["client_to_server_1"].clone(),
        v["client_to_server_2"].clone(),
    ]
    .concat();
    assert_eq!(hex::encode(&wire.written), hex::encode(expected));
}

#[test]
fn the_server_reads_the_vectors_bytes_and_answers_exactly() {
    let v = vector();
    let server = KeyPair::from_private_bytes(fixed(&v, "server_private_key"));
    let sent = [
        v["client_to_server_1"].clone(),
        v["client_to_server_2"].clone(),
    ]
    .concat();
    let mut wire = Peer::receiving(sent);

    let client_public =
        exchange_as_server(&mut wire, &server.public_key()).unwrap();
    assert_eq!(client_public.as_bytes()[..], v["client_public_key"]);
    assert_eq!(wire.written, v["server_to_client"]);

    let shared_secret = server.diffie_hellman(&client_public).unwrap();
    let salt = receive_salt(&mut wire).unwrap();
    let key = derive_key(&shared_secret, &salt);
    assert_eq!(key.as_bytes()[..], v["key"]);

    let (nonce, ciphertext) = receive_sealed(&mut wire).unwrap();
    assert_eq!(nonce.as_bytes()[..], v["nonce"]);
    let message = decrypt_text(&key, &nonce, &ciphertext).unwrap();
    assert_eq!(message.as_bytes(), v["message"]);
    assert_eq!(message, "Hello, server!");
}

#[test]
fn the_appendix_quotes_only_bytes_of_the_vector() {
    let v = vector();
    let all_values: String =
        v.values().map(hex::encode).collect::<Vec<_>>().join(" ");
    let appendix = include_str!("../book/wire-format.md");
    let quoted: Vec<&str> = appendix
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|s| s.len() >= 8 && s.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    assert!(quoted.len() >= 4, "found only {quoted:?}");
    for hex in quoted {
        assert!(
            all_values.contains(hex),
            "book/wire-format.md quotes `{hex}`, which is not in the vector"
        );
    }
}
