//! Part II, *Tampering*: `cargo run --example tamper`.
//!
//! Mallory changes the client's message in flight. Under AES-GCM every change
//! is refused and the server prints nothing; under `UntaggedCtr`, the same
//! cipher with the tag left out, "PAY 0100 EUR TO BOB" arrives as
//! "PAY 9100 EUR TO EVE" and nothing notices.

use secure_messaging::Result;
use secure_messaging::attacks::tampering::{
    CIPHERTEXT_OFFSET, ORIGINAL, UntaggedCtr, flip_bit, pay_eve,
};
use secure_messaging::cli::{Failure, chapter_options};
use secure_messaging::decryption::decrypt_text;
use secure_messaging::encryption::{Nonce, encrypt};
use secure_messaging::key_derivation::{Salt, SessionKey};
use secure_messaging::narration::Narrator;
use secure_messaging::transmission::{Envelope, TAG_LEN};

const USAGE: &str = "\
Usage: cargo run --example tamper [-- --full-hex]

Mallory changes the client's message in flight: one flipped bit, then
\"PAY 0100 EUR TO BOB\" edited to \"PAY 9100 EUR TO EVE\". AES-GCM refuses
both; AES-256-CTR without a tag (UntaggedCtr) accepts the edit.
";

// ANCHOR: receive
/// The server's side: read the envelope from the wire and decrypt it. Only a
/// message whose tag verifies comes back to be printed.
fn receive(key: &SessionKey, wire: &[u8]) -> Result<String> {
    let envelope = Envelope::receive(&mut &wire[..])?;
    decrypt_text(key, &envelope.nonce, &envelope.ciphertext)
}
// ANCHOR_END: receive

/// What the server prints for what arrived: the message, or nothing.
fn verdict(result: &Result<String>) -> String {
    match result {
        Ok(text) => format!("Server prints: {text:?}"),
        Err(err) => format!("Server refuses: {err}\nServer prints: nothing"),
    }
}

fn main() -> std::result::Result<(), Failure> {
    let Some(narrator) = chapter_options()? else {
        print!("{USAGE}");
        return Ok(());
    };
    // The key both sides derived; Mallory, in the middle, does not have it.
    let key = SessionKey::random();
    let nonce = Nonce::random();
    let envelope = Envelope {
        salt: Salt::random(),
        nonce,
        ciphertext: encrypt(&key, &nonce, ORIGINAL.as_bytes())?,
    };
    let wire = envelope.to_bytes()?;
    print!("{}", sent(narrator, &wire));

    let mut flipped = wire.clone();
    flip_bit(&mut flipped, CIPHERTEXT_OFFSET * 8);
    print!(
        "{}",
        narrator
            .step("Mallory Flips One Bit")
            .line(format_args!(
                "Bit 0 of the ciphertext, byte {CIPHERTEXT_OFFSET} on the wire"
            ))
            .value("Ciphertext as it arrives", &flipped[CIPHERTEXT_OFFSET..])
            .line(verdict(&receive(&key, &flipped)))
    );

    let mut edited = wire.clone();
    let forged = pay_eve(&wire[CIPHERTEXT_OFFSET..]);
    edited[CIPHERTEXT_OFFSET..].copy_from_slice(&forged);
    print!(
        "{}",
        narrator
            .step("Mallory Edits the Amount and the Payee")
            .line("She knows the format, PAY ____ EUR TO ___, not the key.")
            .line("Byte 4: XOR \"0\" ^ \"9\"; bytes 16 to 18: XOR \"BOB\" ^ \"EVE\"")
            .value("Ciphertext as it arrives", &forged)
            .line(changed(&wire[CIPHERTEXT_OFFSET..], &forged))
            .line(verdict(&receive(&key, &edited)))
    );

    print!("{}", untagged(narrator, &key, &nonce, &envelope.ciphertext));
    Ok(())
}

/// Which bytes of the ciphertext differ from what was sent.
fn changed(sent: &[u8], arrived: &[u8]) -> String {
    let bytes: Vec<String> = (0..sent.len())
        .filter(|&i| sent[i] != arrived[i])
        .map(|i| i.to_string())
        .collect();
    format!("Bytes changed: {}", bytes.join(", "))
}

/// The client's message as it leaves: the whole envelope on the wire.
fn sent(narrator: Narrator, wire: &[u8]) -> String {
    narrator
        .step("The Client Sends")
        .line(format_args!("Message: {ORIGINAL:?}"))
        .value("On the wire", wire)
        .value("Ciphertext and tag", &wire[CIPHERTEXT_OFFSET..])
        .line(format_args!(
            "The ciphertext starts at byte {CIPHERTEXT_OFFSET}; its last \
             {TAG_LEN} bytes are the tag."
        ))
        .to_string()
}

/// The same message and the same edit, under the cipher without a tag.
fn untagged(
    narrator: Narrator,
    key: &SessionKey,
    nonce: &Nonce,
    sealed: &[u8],
) -> String {
    let cipher = UntaggedCtr::new(key);
    let sent = cipher.encrypt(nonce, ORIGINAL.as_bytes());
    let same = sent == sealed[..sent.len()];
    let read = cipher.decrypt(nonce, &pay_eve(&sent));
    narrator
        .step("Without the Tag: UntaggedCtr")
        .value("Ciphertext", &sent)
        .line(format_args!(
            "Same bytes as AES-GCM's, minus the tag: {}",
            if same { "yes" } else { "no" }
        ))
        .value("After Mallory's edit", &pay_eve(&sent))
        .line(changed(&sent, &pay_eve(&sent)))
        .line(format_args!(
            "Server prints: {:?}",
            String::from_utf8_lossy(&read)
        ))
        .line("Nothing noticed: without a tag, every ciphertext decrypts.")
        .to_string()
}
