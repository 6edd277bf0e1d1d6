//! The program output the book shows is what the programs print.
//!
//! Every example has a recording of a real run in `book/output/NAME.txt`, which
//! its chapter includes. This test runs each example again and compares, with
//! the values that change from run to run (random bytes in hex, port numbers)
//! masked on both sides. When an example's output changes on purpose, record it
//! anew with `BLESS_BOOK_OUTPUT=1 cargo test --test book_output`, and read the
//! chapter again.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod common;
use common::{SAME_ON_BOTH_SIDES, example, mask_word, value};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The message the recorded client run sends, typed at its prompt.
const TYPED_MESSAGE: &str = "Hello, server!";

/// Masks what differs between runs: hex values and port numbers.
fn mask(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("Connect with: ") {
            continue; // a server on a free port, not the default, says so
        }
        let words: Vec<String> = line.split(' ').map(mask_word).collect();
        out.push_str(&words.join(" "));
        out.push('\n');
    }
    out
}

fn recording(name: &str) -> PathBuf {
    Path::new(ROOT).join("book/output").join(name)
}

/// Compares recordings with the output of one real run. Recordings of one run
/// (the server's and the client's) are checked, and recorded anew, together:
/// the book must never pair a server with another run's client.
fn check(runs: &[(&str, &str)]) {
    let read =
        |name| std::fs::read_to_string(recording(name)).unwrap_or_default();
    let current = runs
        .iter()
        .all(|(name, actual)| mask(&read(name)) == mask(actual));
    if current {
        return;
    }
    if std::env::var_os("BLESS_BOOK_OUTPUT").is_some() {
        // Only what changed is recorded anew, so a diff shows just that.
        for (name, actual) in runs {
            eprintln!("recorded book/output/{name}");
            std::fs::write(recording(name), actual).unwrap();
        }
        return;
    }
    for (name, actual) in runs {
        assert_eq!(
            mask(&read(name)),
            mask(actual),
            "book/output/{name} no longer matches a real run: record it anew \
             with BLESS_BOOK_OUTPUT=1 cargo test --test book_output, and \
             reread its chapter",
        );
    }
}

fn run(name: &str, args: &[&str]) -> String {
    let output = Command::new(example(name)).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "example {name} failed: {stderr}");
    String::from_utf8(output.stdout).unwrap()
}

/// Examples that print measurements of this machine, which no recording can
/// match: their chapter shows a run and says where and when it was made.
const MEASUREMENTS: [&str; 2] = ["benchmark", "loadgen"];

#[test]
fn every_chapter_example_runs_and_prints_what_its_chapter_shows() {
    let mut checked = Vec::new();
    for entry in std::fs::read_dir(Path::new(ROOT).join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        // bad_client needs a server: tests/bad_client.rs runs it; mitm
        // needs a server and a client: tests/mitm.rs runs all three.
        if path.extension().is_some_and(|ext| ext == "rs")
            && name != "server"
            && name != "client"
            && name != "bad_client"
            && !MEASUREMENTS.contains(&name.as_str())
            && name != "mitm"
        {
            check(&[(&format!("{name}.txt"), &run(&name, &[]))]);
            let help = run(&name, &["--help"]);
            let usage =
                format!("Usage: cargo run --example {name} [-- --full-hex]\n");
            assert!(help.starts_with(&usage), "{name} --help printed {help:?}");
            checked.push(name);
        }
    }
    assert!(checked.len() >= 8, "only found the examples {checked:?}");
}

#[test]
fn server_and_client_print_what_the_server_and_client_chapter_shows() {
    // A recording shows the default port, as a reader's run would; a check
    // takes any free port, as other tests may be running.
    let blessing = std::env::var_os("BLESS_BOOK_OUTPUT").is_some();
    let mut server = Command::new(example("server"))
        .args(["--port", if blessing { "65432" } else { "0" }, "--once"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server_out = BufReader::new(server.stdout.take().unwrap());
    let mut listening = String::new();
    server_out.read_line(&mut listening).unwrap();
    let port = listening.trim().rsplit(':').next().unwrap().to_owned();

    let mut client = Command::new(example("client"))
        .args(["--port", &port])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(client.stdin.take().unwrap(), "{TYPED_MESSAGE}").unwrap();
    let client = client.wait_with_output().unwrap();
    assert!(
        client.status.success(),
        "{}",
        String::from_utf8_lossy(&client.stderr)
    );
    let server_status = server.wait().unwrap();
    let mut server_text = listening;
    std::io::Read::read_to_string(&mut server_out, &mut server_text).unwrap();
    assert!(server_status.success(), "the server failed:\n{server_text}");

    // In a terminal the typed message shows after the prompt, where a client
    // whose input is not a terminal prints a bare newline: record it so.
    let prompt = "Enter message to send: ";
    let client_text = String::from_utf8(client.stdout).unwrap().replacen(
        &format!("{prompt}\n"),
        &format!("{prompt}{TYPED_MESSAGE}\n"),
        1,
    );
    check(&[("client.txt", &client_text), ("server.txt", &server_text)]);

    // What the chapter points at: both recordings show the same values.
    let client = std::fs::read_to_string(recording("client.txt")).unwrap();
    let server = std::fs::read_to_string(recording("server.txt")).unwrap();
    for (on_client, on_server) in SAME_ON_BOTH_SIDES {
        assert_eq!(
            value(&client, on_client),
            value(&server, on_server),
            "book/output/client.txt and server.txt are not of one run: \
             record them anew with BLESS_BOOK_OUTPUT=1"
        );
    }
}

#[test]
fn masking_hides_only_what_changes_between_runs() {
    assert_eq!(
        mask("Salt (32 bytes): 7f...e2 at 127.0.0.1:4567 len 0000002f"),
        "Salt (32 bytes): xx...xx at 127.0.0.1:PORT len 0000002f\n"
    );
    assert_eq!(mask(&"ab".repeat(16)), format!("{}\n", "x".repeat(32)));
    assert_ne!(
        mask("Same on both sides: yes"),
        mask("Same on both sides: NO")
    );
}
