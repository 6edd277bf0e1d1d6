//! What the tests that run the example programs share.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The values the client and the server both print, as `(client's label,
/// server's label)`: a class compares these two terminals line by line.
pub const SAME_ON_BOTH_SIDES: [(&str, &str); 7] = [
    ("Sent client public key", "Received client public key"),
    ("Received server public key", "Sent server public key"),
    ("Shared secret", "Shared secret"),
    ("Random salt", "Received salt"),
    ("AES-256 key", "AES-256 key"),
    ("Random nonce", "Nonce"),
    ("Ciphertext with tag", "Ciphertext with tag"),
];

/// The example binary `name`, built by `cargo test` next to this test binary:
/// target/debug/deps/TEST-HASH, so target/debug/examples/NAME.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the path of this test binary");
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("the test binary lives in target/<profile>/deps");
    let path = profile_dir
        .join("examples")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let Ok(built) = path.metadata().and_then(|meta| meta.modified()) else {
        panic!(
            "{} not found: run `cargo test`, which builds the examples before it runs the tests",
            path.display()
        );
    };
    if let Some(source) = newer_source(name, built) {
        panic!(
            "{} is older than {}: run `cargo test`, which rebuilds the examples before it runs the tests",
            path.display(),
            source.display()
        );
    }
    path
}

/// A source of the example `name` changed after it was built, if any: then
/// `cargo test --test NAME` would test yesterday's program.
fn newer_source(name: &str, built: SystemTime) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![root.join("examples").join(format!("{name}.rs"))];
    if let Ok(entries) = std::fs::read_dir(root.join("src")) {
        sources.extend(entries.flatten().map(|entry| entry.path()));
    }
    sources.into_iter().find(|source| {
        source
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified > built)
    })
}

/// A test vector's `name = hex` lines, such as `tests/data/wire_format_v1.txt`
/// (`#` starts a comment line).
#[allow(dead_code)] // only the wire-format tests read vectors
pub fn vector(text: &str) -> std::collections::HashMap<String, Vec<u8>> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, hex) = line.split_once('=').expect("name = hex");
            (
                name.trim().to_owned(),
                hex::decode(hex.trim()).expect("hex"),
            )
        })
        .collect()
}

/// One word of a program's output with what differs between runs masked:
/// a loopback port, a value in short hex (`7f...e2`) or long hex.
#[allow(dead_code)] // only the tests that compare recordings mask
pub fn mask_word(word: &str) -> String {
    let is_hex =
        |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit());
    if let Some((host, port)) = word.rsplit_once(':')
        && host.ends_with("127.0.0.1")
        && port.bytes().all(|b| b.is_ascii_digit())
    {
        return format!("{host}:PORT");
    }
    match word.split_once("...") {
        Some((a, b))
            if a.len() == 2 && b.len() == 2 && is_hex(a) && is_hex(b) =>
        {
            "xx...xx".into()
        }
        _ if word.len() >= 16 && is_hex(word) => "x".repeat(word.len()),
        _ => word.to_owned(),
    }
}

/// The value of the one line `LABEL (N bytes): VALUE`, `[client 1] ` aside.
#[allow(dead_code)] // only the tests that compare two terminals read values
pub fn value(text: &str, label: &str) -> String {
    let prefix = format!("{label} (");
    let values: Vec<&str> = text
        .lines()
        .map(|line| line.strip_prefix("[client 1] ").unwrap_or(line))
        .filter(|line| line.starts_with(&prefix))
        .filter_map(|line| line.split_once("): ").map(|(_, value)| value))
        .collect();
    assert_eq!(values.len(), 1, "one {label:?} line expected in:\n{text}");
    values[0].to_owned()
}
