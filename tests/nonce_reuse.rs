//! Part II, *Nonce reuse*: the forbidden attack works against a sender that
//! repeats its nonce, and fails against the protocol of Part I.
//!
//! The course's GF(2^128) arithmetic is checked against RustCrypto's `ghash`
//! (the GHASH inside `aes-gcm`), and the recovered secrets against AES itself.

use aes::Aes256;
use aes::cipher::{BlockCipherEncrypt, KeyInit};
use ghash::GHash;
use ghash::universal_hash::UniversalHash;

#[allow(dead_code)] // only its `example` is used here
mod common;

use secure_messaging::Error;
use secure_messaging::attacks::nonce_reuse::{
    Gf128, NonceReuseError, RepeatedNonceSender, TagSecrets, forge, ghash,
    read_second, recover,
};
use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey, derive_key};
use secure_messaging::key_exchange::{exchange_as_client, exchange_as_server};
use secure_messaging::key_generation::KeyPair;

const KNOWN: &[u8] = b"Hello, server!";
const SECRET: &[u8] = b"PIN code: 4921";
const FORGED: &[u8] = b"PIN code: 0000";

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    rand::fill(&mut bytes);
    bytes
}

/// AES-256 of one block under `key`.
fn aes(key: &[u8; 32], block: [u8; 16]) -> Gf128 {
    let mut block = aes::Block::from(block);
    Aes256::new(key.into()).encrypt_block(&mut block);
    Gf128::from_block(block.into())
}

/// What the attacker is after, computed with the key: H = AES(0) and the
/// mask AES(nonce || 00000001).
fn true_secrets(key: &[u8; 32], nonce: &Nonce) -> TagSecrets {
    let mut j0 = [0; 16];
    j0[..12].copy_from_slice(nonce.as_bytes());
    j0[15] = 1;
    TagSecrets {
        hash_key: aes(key, [0; 16]),
        mask: aes(key, j0),
    }
}

#[test]
fn multiplication_and_ghash_agree_with_rustcrypto() {
    for len in [1, 15, 16, 17, 31, 32, 33, 100] {
        let (h, x) = (random_bytes::<16>(), random_bytes::<16>());
        let mut theirs = GHash::new(&h.into());
        theirs.update(&[x.into()]);
        let product = Gf128::from_block(theirs.finalize().into());
        let (h, x) = (Gf128::from_block(h), Gf128::from_block(x));
        assert_eq!(x * h, product, "{x:?} * {h:?}");

        let data: Vec<u8> = (0..len).map(|_| rand::random()).collect();
        let mut lengths = [0; 16];
        lengths[8..].copy_from_slice(&(len as u64 * 8).to_be_bytes());
        let mut theirs = GHash::new(&h.to_block().into());
        theirs.update_padded(&data);
        theirs.update(&[lengths.into()]);
        let expected = Gf128::from_block(theirs.finalize().into());
        assert_eq!(ghash(h, &data), expected, "{len} bytes under {h:?}");
    }
}

#[test]
fn a_real_tag_is_ghash_of_the_ciphertext_xor_the_mask() {
    let (key, nonce) = (random_bytes(), Nonce::random());
    let sealed = encrypt(&SessionKey::from_bytes(key), &nonce, SECRET).unwrap();
    let (body, tag) = sealed.split_at(SECRET.len());
    let secrets = true_secrets(&key, &nonce);
    assert_eq!(
        ghash(secrets.hash_key, body) ^ secrets.mask,
        Gf128::from_padded(tag)
    );
}

#[test]
fn under_a_repeated_nonce_the_attacker_reads_and_forges() {
    for _ in 0..20 {
        let (key, nonce) = (random_bytes(), Nonce::random());
        let sender =
            RepeatedNonceSender::new(SessionKey::from_bytes(key), nonce);
        let first = sender.seal(KNOWN).unwrap();
        let second = sender.seal(SECRET).unwrap();

        assert_eq!(read_second(KNOWN, &first, &second), SECRET);
        let secrets = recover(&first, &second).unwrap();
        assert_eq!(secrets, true_secrets(&key, &nonce));

        let forged = forge(&secrets, KNOWN, &first, FORGED).unwrap();
        let receiver = SessionKey::from_bytes(key);
        let accepted = decrypt(&receiver, &nonce, &forged).unwrap();
        assert_eq!(accepted, FORGED);
    }
}

#[test]
fn once_h_is_known_any_length_of_known_keystream_can_be_forged() {
    // Recovery needs one-block messages; forging does not: a longer known
    // message gives a longer keystream, and GHASH takes any length.
    let (key, nonce) = (random_bytes(), Nonce::random());
    let sender = RepeatedNonceSender::new(SessionKey::from_bytes(key), nonce);
    let secrets =
        recover(&sender.seal(KNOWN).unwrap(), &sender.seal(SECRET).unwrap())
            .unwrap();
    let known = b"Meeting moved to room 101, bring the slides.";
    let sealed = sender.seal(known).unwrap();
    let wanted = b"Meeting cancelled. Send the slides to Eve.";
    let forged = forge(&secrets, known, &sealed, wanted).unwrap();
    let receiver = SessionKey::from_bytes(key);
    assert_eq!(decrypt(&receiver, &nonce, &forged).unwrap(), wanted);
}

#[test]
fn with_two_nonces_the_recovered_h_is_wrong_and_the_forgery_refused() {
    let key = SessionKey::random();
    let key_bytes = *key.as_bytes();
    let (nonce, other) = (Nonce::random(), Nonce::random());
    let first = encrypt(&key, &nonce, KNOWN).unwrap();
    let second = encrypt(&key, &other, SECRET).unwrap();

    let secrets = recover(&first, &second).unwrap();
    assert_ne!(secrets.hash_key, true_secrets(&key_bytes, &nonce).hash_key);
    assert_ne!(read_second(KNOWN, &first, &second), SECRET);

    let forged = forge(&secrets, KNOWN, &first, FORGED).unwrap();
    assert!(matches!(
        decrypt(&key, &nonce, &forged),
        Err(Error::Decryption)
    ));
}

/// One connection of the Part I protocol over loopback, as the client runs
/// it: the key it derives, and the nonce and sealed message it sends.
fn part_one_connection(message: &[u8]) -> (SessionKey, Nonce, Vec<u8>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let key_pair = KeyPair::generate();
        exchange_as_server(&mut stream, &key_pair.public_key()).unwrap();
    });
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    let key_pair = KeyPair::generate();
    let server_public =
        exchange_as_client(&mut stream, &key_pair.public_key()).unwrap();
    server.join().unwrap();
    let secret = key_pair.diffie_hellman(&server_public).unwrap();
    let key = derive_key(&secret, &Salt::random());
    let nonce = Nonce::random();
    let sealed = encrypt(&key, &nonce, message).unwrap();
    (key, nonce, sealed)
}

#[test]
fn part_one_gives_each_message_its_own_key_so_the_attack_fails() {
    // Even with the nonce forced equal, two connections have two keys: two
    // values of H and of the mask, and the equation mixes both.
    let (key, nonce, first) = part_one_connection(KNOWN);
    let (other_key, _, _) = part_one_connection(SECRET);
    let second = encrypt(&other_key, &nonce, SECRET).unwrap();

    let secrets = recover(&first, &second).unwrap();
    for key in [&key, &other_key] {
        let real = true_secrets(key.as_bytes(), &nonce).hash_key;
        assert_ne!(secrets.hash_key, real);
    }
    let forged = forge(&secrets, KNOWN, &first, FORGED).unwrap();
    assert!(matches!(
        decrypt(&key, &nonce, &forged),
        Err(Error::Decryption)
    ));
    assert!(matches!(
        decrypt(&other_key, &nonce, &forged),
        Err(Error::Decryption)
    ));
}

#[test]
fn the_attack_says_why_it_cannot_run() {
    let sender =
        RepeatedNonceSender::new(SessionKey::random(), Nonce::random());
    let first = sender.seal(KNOWN).unwrap();
    let err = recover(&first, &sender.seal(b"PIN").unwrap()).unwrap_err();
    assert_eq!(err, NonceReuseError::LengthsDiffer);
    assert_eq!(
        err.to_string(),
        "the two messages differ in length: this attack needs two of equal \
         length"
    );
    let long = sender.seal(&[b'a'; 17]).unwrap();
    assert_eq!(
        recover(&long, &long).unwrap_err().to_string(),
        "a sealed message of 33 bytes is not one block: it must be 1 to 16 \
         bytes of ciphertext and a 16-byte tag"
    );
}

#[test]
fn the_example_times_the_attack_and_refuses_an_unknown_option() {
    let run = |args: &[&str]| {
        std::process::Command::new(common::example("forbidden_attack"))
            .args(args)
            .output()
            .unwrap()
    };
    let timed = run(&["--time"]);
    assert!(timed.status.success());
    let text = String::from_utf8(timed.stdout).unwrap();
    assert!(text.contains("The receiver's decrypt: ACCEPTED"), "{text}");
    let timing = text.split("--- Timing ---\n").nth(1).unwrap_or("");
    assert!(
        timing.starts_with("Read, recover and forge, 200 runs: ")
            && timing.contains(" µs each, "),
        "{text}"
    );

    let wrong = run(&["--tme"]);
    assert!(!wrong.status.success());
    let error = String::from_utf8(wrong.stderr).unwrap();
    assert_eq!(
        error,
        "Error: unexpected argument '--tme' (run with --help to see the \
         options)\n"
    );
}
