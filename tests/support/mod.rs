//! Running an example program with deadlines, and fake servers on loopback:
//! what the tests that run the programs share.
#![allow(dead_code)] // each test crate uses its own part

use std::io::{ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crate::common::example;

/// The longest any one wait may last before the test fails instead of hanging.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// Calls `check` every few milliseconds until it returns something, or gives
/// up after `within`.
pub fn poll<T>(
    within: Duration,
    mut check: impl FnMut() -> Option<T>,
) -> Option<T> {
    let deadline = Instant::now() + within;
    loop {
        if let Some(found) = check() {
            return Some(found);
        }
        if Instant::now() >= deadline {
            return None;
        }
        thread::sleep(Duration::from_millis(5));
    }
}

/// What a child wrote to one pipe so far, and whether the pipe has closed.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<(Vec<u8>, bool)>>);

impl Captured {
    fn collect(mut pipe: impl Read + Send + 'static) -> Self {
        let captured = Captured::default();
        let shared = captured.clone();
        thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match pipe.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => shared.0.lock().unwrap().0.extend(&buf[..n]),
                    Err(err) if err.kind() == ErrorKind::Interrupted => {}
                    Err(_) => break,
                }
            }
            shared.0.lock().unwrap().1 = true;
        });
        captured
    }

    /// Everything so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap().0).into_owned()
    }

    /// True once the child has closed the pipe.
    pub fn is_closed(&self) -> bool {
        self.0.lock().unwrap().1
    }
}

/// A running example program, killed when dropped.
pub struct Process {
    pub name: String,
    pub child: Child,
    pub stdout: Captured,
    pub stderr: Captured,
}

impl Process {
    /// Starts the example `name` with `args`; its stdin is piped if `stdin`.
    pub fn spawn(name: &str, args: &[&str], stdin: bool) -> Process {
        let mut child = Command::new(example(name))
            .args(args)
            .stdin(if stdin { Stdio::piped() } else { Stdio::null() })
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("could not start {name}: {err}"));
        let stdout = Captured::collect(child.stdout.take().unwrap());
        let stderr = Captured::collect(child.stderr.take().unwrap());
        Process {
            name: format!("{name} {}", args.join(" ")),
            child,
            stdout,
            stderr,
        }
    }

    /// Both outputs, for a failure message.
    pub fn output(&self) -> String {
        describe(&self.stdout.text(), &self.stderr.text())
    }

    /// Waits until stdout holds `text`; fails if it never does.
    pub fn wait_for_stdout(&self, text: &str) {
        let found = poll(PATIENCE, || {
            let closed = self.stdout.is_closed();
            if self.stdout.text().contains(text) {
                Some(true)
            } else {
                closed.then_some(false)
            }
        });
        assert_eq!(
            found,
            Some(true),
            "`{}` never printed {text:?}\n{}",
            self.name,
            self.output()
        );
    }

    /// Types `line` and a newline, then closes stdin.
    pub fn type_line(&mut self, line: &str) {
        let mut stdin = self.child.stdin.take().expect("piped stdin");
        stdin.write_all(format!("{line}\n").as_bytes()).unwrap();
    }

    /// Waits for the process to exit and for the last of its output.
    pub fn wait(&mut self) -> Finished {
        let status = poll(PATIENCE, || self.child.try_wait().unwrap());
        let Some(status) = status else {
            let _ = self.child.kill();
            panic!(
                "`{}` did not exit within {PATIENCE:?}\n{}",
                self.name,
                self.output()
            );
        };
        poll(PATIENCE, || {
            (self.stdout.is_closed() && self.stderr.is_closed()).then_some(())
        })
        .expect("the pipes close when the process exits");
        Finished {
            name: self.name.clone(),
            status,
            stdout: self.stdout.text(),
            stderr: self.stderr.text(),
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn describe(stdout: &str, stderr: &str) -> String {
    format!("--- stdout ---\n{stdout}--- stderr ---\n{stderr}--- end ---")
}

/// Sends `message` with the real client to the server (or mitm) on `port`,
/// and checks that the client succeeded: the good client that follows a bad
/// one, to show the program still serves.
pub fn send_message(port: &str, message: &str) {
    Process::spawn("client", &["--port", port, "--message", message], false)
        .wait()
        .assert_success();
}

/// A process that has exited, with all it printed.
pub struct Finished {
    pub name: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Finished {
    pub fn assert_success(&self) {
        assert!(
            self.status.success(),
            "`{}` failed ({})\n{}",
            self.name,
            self.status,
            describe(&self.stdout, &self.stderr)
        );
    }

    /// Checks the process failed with exactly one line on stderr; returns it.
    pub fn one_line_error(&self) -> &str {
        assert!(
            !self.status.success(),
            "`{}` should have failed\n{}",
            self.name,
            describe(&self.stdout, &self.stderr)
        );
        assert!(
            self.stderr.ends_with('\n') && self.stderr.lines().count() == 1,
            "`{}` should print exactly one line on stderr\n{}",
            self.name,
            describe(&self.stdout, &self.stderr)
        );
        self.stderr.trim_end()
    }

    /// The last line of stdout.
    pub fn last_line(&self) -> &str {
        self.stdout.lines().last().unwrap_or("")
    }
}

/// A server the test plays itself: it accepts one connection on a free
/// loopback port and hands it to `serve`, in a thread of its own.
pub struct FakeServer<T> {
    pub port: u16,
    thread: JoinHandle<T>,
}

impl<T: Send + 'static> FakeServer<T> {
    pub fn start(serve: impl FnOnce(TcpStream) -> T + Send + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let thread = thread::spawn(move || {
            let (stream, _) = listener.accept().expect("the client connects");
            stream.set_read_timeout(Some(PATIENCE)).unwrap();
            stream.set_write_timeout(Some(PATIENCE)).unwrap();
            serve(stream)
        });
        FakeServer { port, thread }
    }

    /// What `serve` returned; fails the test if it panicked.
    pub fn join(self) -> T {
        self.thread.join().expect("the fake server panicked")
    }
}
