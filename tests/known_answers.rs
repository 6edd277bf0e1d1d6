//! Known-answer tests: the primitives under the protocol give the answers their
//! specifications print. The book's chapters include these tests as they are.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use hkdf::Hkdf;
use secure_messaging::key_generation::KeyPair;
use sha2::Sha256;

fn bytes<const N: usize>(hex: &str) -> [u8; N] {
    hex::decode(hex).unwrap().try_into().unwrap()
}

// ANCHOR: rfc7748
#[test]
fn x25519_gives_rfc_7748_section_6_1() {
    let alice = KeyPair::from_private_bytes(bytes(
        "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
    ));
    let bob = KeyPair::from_private_bytes(bytes(
        "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
    ));
    let (alice_public, bob_public) = (alice.public_key(), bob.public_key());
    assert_eq!(
        hex::encode(alice_public.as_bytes()),
        "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    );
    assert_eq!(
        hex::encode(bob_public.as_bytes()),
        "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
    );
    let shared =
        "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    let alice_secret = alice.diffie_hellman(&bob_public).unwrap();
    let bob_secret = bob.diffie_hellman(&alice_public).unwrap();
    assert_eq!(hex::encode(alice_secret.as_bytes()), shared);
    assert_eq!(hex::encode(bob_secret.as_bytes()), shared);
}
// ANCHOR_END: rfc7748

// ANCHOR: rfc5869
#[test]
fn hkdf_sha256_gives_rfc_5869_case_a_1() {
    let ikm = [0x0b; 22];
    let salt = hex::decode("000102030405060708090a0b0c").unwrap();
    let info = hex::decode("f0f1f2f3f4f5f6f7f8f9").unwrap();

    let (prk, hkdf) = Hkdf::<Sha256>::extract(Some(&salt), &ikm);
    let mut okm = [0u8; 42];
    hkdf.expand(&info, &mut okm).unwrap();

    assert_eq!(
        hex::encode(prk),
        "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5"
    );
    assert_eq!(
        hex::encode(okm),
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf\
         34007208d5b887185865"
    );
}
// ANCHOR_END: rfc5869

// ANCHOR: gcm16
#[test]
fn aes_256_gcm_gives_the_gcm_specification_test_case_16() {
    let key = bytes::<32>(
        "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
    );
    let iv = bytes::<12>("cafebabefacedbaddecaf888");
    let plaintext = hex::decode(
        "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
         1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
    )
    .unwrap();
    let aad = hex::decode("feedfacedeadbeeffeedfacedeadbeefabaddad2").unwrap();

    let cipher = Aes256Gcm::new(&key.into());
    let sealed = cipher
        .encrypt(
            &iv.into(),
            Payload {
                msg: &plaintext,
                aad: &aad,
            },
        )
        .unwrap();

    let (ciphertext, tag) = sealed.split_at(plaintext.len());
    assert_eq!(
        hex::encode(ciphertext),
        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
         8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
    );
    assert_eq!(hex::encode(tag), "76fc6ece0f4e1768cddf8853bb2d551b");
}
// ANCHOR_END: gcm16
