//! Project Wycheproof's X25519 and AES-256-GCM cases, run through this crate's
//! own functions: every valid case gives the listed answer, every case with an
//! all-zero shared secret is refused, every forged ciphertext is rejected.

use aes_gcm::Aes256Gcm;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use secure_messaging::Error;
use secure_messaging::decryption::decrypt;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::SessionKey;
use secure_messaging::key_generation::{KeyPair, PublicKey};
use serde_json::Value;

fn cases(json: &str) -> Vec<Value> {
    let file: Value = serde_json::from_str(json).unwrap();
    file["testGroups"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|group| group["tests"].as_array().unwrap().clone())
        .collect()
}

fn field(case: &Value, name: &str) -> Vec<u8> {
    hex::decode(case[name].as_str().unwrap()).unwrap()
}

#[test]
fn x25519_cases_agree_and_zero_secrets_are_refused() {
    let (mut agreed, mut refused) = (0, 0);
    for case in cases(include_str!("data/wycheproof_x25519_test.json")) {
        let id = &case["tcId"];
        let ours = KeyPair::from_private_bytes(
            field(&case, "private").try_into().unwrap(),
        );
        let theirs = PublicKey::from(
            <[u8; 32]>::try_from(field(&case, "public")).unwrap(),
        );
        let expected = field(&case, "shared");
        match ours.diffie_hellman(&theirs) {
            Ok(secret) => {
                assert_eq!(secret.as_bytes()[..], expected, "case {id}");
                agreed += 1;
            }
            Err(Error::LowOrderPublicKey) => {
                assert_eq!(
                    expected, [0; 32],
                    "case {id} was refused but is not all zeros"
                );
                refused += 1;
            }
            Err(err) => panic!("case {id}: {err}"),
        }
    }
    assert_eq!((agreed, refused), (518 - 31, 31));
}

#[test]
fn aes_gcm_cases_encrypt_and_forgeries_fail() {
    let (mut checked, mut forged) = (0, 0);
    for case in cases(include_str!("data/wycheproof_aes_gcm_256_test.json")) {
        let id = &case["tcId"];
        let key =
            SessionKey::from_bytes(field(&case, "key").try_into().unwrap());
        let nonce = Nonce::from_bytes(field(&case, "iv").try_into().unwrap());
        let (aad, msg) = (field(&case, "aad"), field(&case, "msg"));
        let sealed = [field(&case, "ct"), field(&case, "tag")].concat();
        let valid = case["result"] == "valid";
        if aad.is_empty() {
            // The protocol uses no associated data: run these through our own API.
            assert_eq!(
                decrypt(&key, &nonce, &sealed).is_ok(),
                valid,
                "case {id}"
            );
            if valid {
                assert_eq!(
                    encrypt(&key, &nonce, &msg).unwrap(),
                    sealed,
                    "case {id}"
                );
                assert_eq!(
                    decrypt(&key, &nonce, &sealed).unwrap(),
                    msg,
                    "case {id}"
                );
            }
        } else {
            let cipher = Aes256Gcm::new(key.as_bytes().into());
            let payload = Payload {
                msg: &sealed,
                aad: &aad,
            };
            let opened = cipher.decrypt(nonce.as_bytes().into(), payload);
            assert_eq!(opened.is_ok(), valid, "case {id}");
        }
        checked += 1;
        forged += usize::from(!valid);
    }
    assert_eq!((checked, forged), (66, 27));
}
