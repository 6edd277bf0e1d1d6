//! The program that `exercise.rs` and `solution.rs` both run: messages of
//! different lengths, sealed with and without padding.

use secure_messaging::noise::cipher_state::CipherState;

use super::{BLOCK, pad, unpad};

/// Seals three answers of different lengths both ways and prints the sizes
/// a listener sees.
pub fn run() {
    let mut plain = CipherState::new([7; 32]);
    let mut padded = CipherState::new([7; 32]);
    let mut reader = CipherState::new([7; 32]);
    println!("Padding to a multiple of {BLOCK} bytes:");
    for answer in ["yes", "no", "maybe later"] {
        let bare = plain.encrypt_with_ad(b"", answer.as_bytes()).unwrap();
        let sealed = padded
            .encrypt_with_ad(b"", &pad(answer.as_bytes()))
            .unwrap();
        let opened = reader.decrypt_with_ad(b"", &sealed).unwrap();
        let back =
            unpad(&opened).map(|b| String::from_utf8_lossy(b).into_owned());
        println!(
            "{answer:?}: {} bytes unpadded, {} padded, read back {back:?}",
            bare.len(),
            sealed.len()
        );
    }
}
