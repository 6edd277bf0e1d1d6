//! Property tests of every decoder a peer can reach: the public key, the salt,
//! the nonce, the length and the sealed message. Random input, and valid
//! input mutated (bits flipped, bytes cut, bytes added, lengths rewritten),
//! must never panic and never make the receiver ask for more memory than the
//! longest ciphertext.
//!
//! The inputs come from `rand` under fixed seeds, so a failure names its seed
//! and case and runs again the same way. (The `proptest` crate would shrink a
//! failing input for us; it is not used because cargo builds dev-dependencies
//! for every example too, and it alone adds about 6 s to a student's first
//! `cargo run --example server`.)
#![forbid(unsafe_code)]

use std::io::{self, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey, derive_key};
use secure_messaging::key_exchange::exchange_as_server;
use secure_messaging::key_generation::KeyPair;
use secure_messaging::transmission::{
    Envelope, MAX_CIPHERTEXT_LEN, MAX_MESSAGE_LEN, receive_salt, receive_sealed,
};

/// Cases per property: enough to reach every branch, quick in debug.
const CASES: u64 = 400;

/// A peer that sends `bytes` and then closes, and remembers the largest
/// buffer the receiver offered it: the receiver's largest allocation for
/// what the peer sends.
struct Peer {
    bytes: Vec<u8>,
    at: usize,
    largest_buffer: usize,
    sent: Vec<u8>,
}

impl Peer {
    fn new(bytes: Vec<u8>) -> Self {
        Peer {
            bytes,
            at: 0,
            largest_buffer: 0,
            sent: Vec::new(),
        }
    }
}

impl Read for Peer {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.largest_buffer = self.largest_buffer.max(buf.len());
        // Dribble: at most 7 bytes per read, as a slow network would.
        let n = buf.len().min(self.bytes.len() - self.at).min(7);
        buf[..n].copy_from_slice(&self.bytes[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

impl Write for Peer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.sent.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `property` on `CASES` inputs made by `input` from a seeded generator,
/// naming the seed and case of the first that panics.
fn for_all(
    name: &str,
    mut input: impl FnMut(&mut StdRng) -> Vec<u8>,
    property: impl Fn(Vec<u8>),
) {
    for case in 0..CASES {
        let mut rng = StdRng::seed_from_u64(case);
        let bytes = input(&mut rng);
        let shown = format!("{:02x?}", &bytes[..bytes.len().min(64)]);
        if catch_unwind(AssertUnwindSafe(|| property(bytes))).is_err() {
            panic!("{name}: case {case} (seed {case}) panicked on {shown}...");
        }
    }
}

/// Random bytes, of a length up to a little over one whole envelope.
fn random_bytes(rng: &mut StdRng) -> Vec<u8> {
    let len = match rng.random_range(0..4) {
        0 => rng.random_range(0..64),
        1 => rng.random_range(0..200),
        _ => rng.random_range(0..2_000),
    };
    (0..len).map(|_| rng.random()).collect()
}

/// A valid envelope under `key`, as an honest client sends it.
fn valid_envelope(rng: &mut StdRng, key: &SessionKey) -> Vec<u8> {
    let len = rng.random_range(0..300);
    let message: String =
        (0..len).map(|_| rng.random_range(' '..='~')).collect();
    let nonce = Nonce::random();
    let ciphertext = encrypt(key, &nonce, message.as_bytes()).unwrap();
    Envelope {
        salt: Salt::random(),
        nonce,
        ciphertext,
    }
    .to_bytes()
    .unwrap()
}

/// `bytes` changed the ways a hostile peer or a bad network would.
fn mutate(rng: &mut StdRng, mut bytes: Vec<u8>) -> Vec<u8> {
    for _ in 0..rng.random_range(1..4) {
        match rng.random_range(0..5) {
            0 if !bytes.is_empty() => {
                let at = rng.random_range(0..bytes.len());
                bytes[at] ^= 1 << rng.random_range(0..8);
            }
            1 => bytes.truncate(rng.random_range(0..=bytes.len())),
            2 => bytes.extend(
                (0..rng.random_range(1..40)).map(|_| rng.random::<u8>()),
            ),
            3 if bytes.len() >= 48 => {
                // The length field, rewritten: zero, huge, or anything.
                let len: u32 = match rng.random_range(0..3) {
                    0 => 0,
                    1 => u32::MAX - rng.random_range(0..1_000),
                    _ => rng.random(),
                };
                bytes[44..48].copy_from_slice(&len.to_be_bytes());
            }
            _ => {
                let at = rng.random_range(0..=bytes.len());
                bytes.insert(at, rng.random());
            }
        }
    }
    bytes
}

/// The server's whole reading of an envelope: salt, then nonce, length and
/// ciphertext, then decryption. It may fail; it may not panic or allocate past
/// the limit, and what it accepts is within the limits.
fn receive_and_open(key: &SessionKey, bytes: Vec<u8>) {
    let mut peer = Peer::new(bytes);
    let result = receive_salt(&mut peer).and_then(|salt| {
        let (nonce, ciphertext) = receive_sealed(&mut peer)?;
        assert!(ciphertext.len() <= MAX_CIPHERTEXT_LEN);
        let _ = derive_key_for(&salt);
        decrypt_text(key, &nonce, &ciphertext)
    });
    assert!(
        peer.largest_buffer <= MAX_CIPHERTEXT_LEN,
        "the receiver offered a buffer of {} bytes",
        peer.largest_buffer
    );
    if let Ok(message) = result {
        assert!(message.len() <= MAX_MESSAGE_LEN);
    }
}

/// Key derivation from a salt a peer chose: any 32 bytes will do.
fn derive_key_for(salt: &Salt) -> SessionKey {
    let server = KeyPair::generate();
    let client = KeyPair::generate();
    derive_key(&server.diffie_hellman(&client.public_key()).unwrap(), salt)
}

#[test]
fn random_bytes_as_an_envelope_never_panic_nor_over_allocate() {
    let key = SessionKey::random();
    for_all("random envelope", random_bytes, |bytes| {
        receive_and_open(&key, bytes)
    });
}

#[test]
fn mutated_envelopes_never_panic_nor_over_allocate() {
    let key = SessionKey::random();
    for_all(
        "mutated envelope",
        |rng| {
            let valid = valid_envelope(rng, &key);
            mutate(rng, valid)
        },
        |bytes| receive_and_open(&key, bytes),
    );
}

#[test]
fn every_announced_length_is_checked_before_anything_is_read() {
    // Header only: salt, nonce and a length, and no ciphertext at all.
    for_all(
        "announced length",
        |rng| {
            let mut bytes = vec![0u8; 44];
            let len: u32 = rng.random();
            bytes.extend_from_slice(&len.to_be_bytes());
            bytes
        },
        |bytes| {
            let mut peer = Peer::new(bytes);
            receive_salt(&mut peer).unwrap();
            let err = receive_sealed(&mut peer).unwrap_err().to_string();
            assert!(
                err.starts_with("refused a ciphertext length")
                    || err.contains("before the ciphertext arrived"),
                "{err}"
            );
            assert!(peer.largest_buffer <= MAX_CIPHERTEXT_LEN);
        },
    );
}

#[test]
fn a_valid_envelope_still_opens_after_the_round_trip() {
    // The property tests above would pass for a decoder that refuses all:
    // this one shows the decoder accepts what an honest client sends.
    let key = SessionKey::random();
    for case in 0..50 {
        let mut rng = StdRng::seed_from_u64(case);
        let mut peer = Peer::new(valid_envelope(&mut rng, &key));
        let envelope = Envelope::receive(&mut peer).unwrap();
        decrypt_text(&key, &envelope.nonce, &envelope.ciphertext).unwrap();
    }
}

#[test]
fn random_and_cut_public_keys_never_panic() {
    for_all("public key", random_bytes, |bytes| {
        let long_enough = bytes.len() >= 32;
        let mut peer = Peer::new(bytes.clone());
        let server = KeyPair::generate();
        match exchange_as_server(&mut peer, &server.public_key()) {
            Ok(theirs) => {
                assert!(long_enough);
                assert_eq!(theirs.as_bytes()[..], bytes[..32]);
                assert_eq!(peer.sent, server.public_key().as_bytes());
                // A low-order key is refused, any other agrees: no panic.
                let _ = server.diffie_hellman(&theirs);
            }
            Err(err) => {
                assert!(!long_enough, "{err}");
                assert!(peer.sent.is_empty(), "no key sent before theirs");
            }
        }
    });
}
