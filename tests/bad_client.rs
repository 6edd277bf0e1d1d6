//! The bad_client example against the real server, over loopback: for each
//! case the server prints its one-line error about that connection and then
//! serves a good client, and the bad client says what it sent and saw.
//!
//! The binaries are the ones `cargo test` builds from `examples/`.
#![forbid(unsafe_code)]

use std::net::TcpListener;

#[allow(dead_code)] // only its `example` is used here
mod common;
mod support;
use support::{PATIENCE, Process, poll, send_message};

/// Starts the server on a free port, dropping idle clients after 2 s; returns
/// it with its port.
fn start_server() -> (Process, u16) {
    let server =
        Process::spawn("server", &["--port", "0", "--timeout", "2"], false);
    let prefix = "Server listening on 127.0.0.1:";
    server.wait_for_stdout(prefix);
    let text = server.stdout.text();
    let port = text
        .lines()
        .find_map(|line| line.strip_prefix(prefix))
        .and_then(|port| port.trim().parse().ok())
        .unwrap_or_else(|| panic!("no port in {text:?}"));
    (server, port)
}

/// What the book page's table says the server prints for `case`: the first
/// quoted text of the row's last cell.
fn quoted_on_the_page(case: &str) -> String {
    let page = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/book/server-and-client/bad-input.md"
    );
    let text = std::fs::read_to_string(page).unwrap();
    let row = text
        .lines()
        .find(|line| line.starts_with(&format!("| `{case}` |")))
        .unwrap_or_else(|| panic!("bad-input.md has no row for {case}"));
    assert!(
        text.contains(&format!("cargo run --example bad_client -- {case}\n")),
        "bad-input.md shows no command for {case}"
    );
    let cell = row.trim_end_matches('|').rsplit('|').next().unwrap();
    cell.split('`').nth(1).unwrap_or_default().to_owned()
}

/// The server's one line of error about the connection from `from`: what
/// follows `error: `.
fn server_error_about(server: &Process, from: &str) -> String {
    let tag = format!(" from {from}] error: ");
    let found = poll(PATIENCE, || {
        let stderr = server.stderr.text();
        let lines: Vec<&str> =
            stderr.lines().filter(|line| line.contains(&tag)).collect();
        match lines[..] {
            [line] => Some(line.split_once(&tag).unwrap().1.to_owned()),
            [] => None,
            _ => panic!("more than one line about {from}:\n{stderr}"),
        }
    });
    found.unwrap_or_else(|| {
        panic!(
            "the server printed no error about {from}\n{}",
            server.output()
        )
    })
}

#[test]
fn each_case_gets_its_one_line_error_and_the_server_serves_the_next_client() {
    let (server, port) = start_server();
    let port = port.to_string();
    let cases = [
        ("short-key", "(got 5 of 32 bytes)"),
        ("zero-key", "low-order point"),
        ("huge-length", "4294967295"),
        ("flipped-bit", "decryption failed"),
        ("silent", "timed out"),
    ];
    for (case, expected) in cases {
        let done =
            Process::spawn("bad_client", &[case, "--port", &port], false)
                .wait();
        done.assert_success();
        let lines: Vec<&str> = done.stdout.lines().collect();
        assert_eq!(lines.len(), 2, "{case}:\n{}", done.stdout);
        let from = lines[0]
            .split("from ")
            .nth(1)
            .and_then(|rest| rest.split([')', ';']).next())
            .unwrap_or_else(|| panic!("{case}: no address in {:?}", lines[0]));
        assert!(
            lines[1].starts_with("The server closed the connection after ")
                || lines[1].starts_with("The server reset the connection"),
            "{case}: {}",
            lines[1]
        );

        let error = server_error_about(&server, from);
        assert!(error.contains(expected), "{case}: {error}");
        let quoted = quoted_on_the_page(case);
        assert!(
            !quoted.is_empty() && error.starts_with(&quoted),
            "bad-input.md quotes {quoted:?} for {case}; the server said {error:?}"
        );

        let message = format!("good after {case}");
        send_message(&port, &message);
        server.wait_for_stdout(&format!("Message: {message:?}"));
    }
}

#[test]
fn help_lists_the_five_cases_and_a_missing_case_says_which_exist() {
    let help = Process::spawn("bad_client", &["--help"], false).wait();
    help.assert_success();
    for case in [
        "short-key",
        "zero-key",
        "huge-length",
        "flipped-bit",
        "silent",
    ] {
        assert!(help.stdout.contains(&format!("  {case} ")), "{case}");
    }

    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port().to_string()
    };
    let none = Process::spawn("bad_client", &["--port", &port], false).wait();
    let line = none.one_line_error();
    assert!(
        line.contains("name one case: short-key, zero-key"),
        "{line}"
    );

    let typo = Process::spawn("bad_client", &["zero-keys"], false).wait();
    let line = typo.one_line_error();
    assert!(line.contains("unexpected argument 'zero-keys'"), "{line}");

    let nobody =
        Process::spawn("bad_client", &["zero-key", "--port", &port], false)
            .wait();
    let line = nobody.one_line_error();
    assert!(line.contains("is the server running?"), "{line}");
}
