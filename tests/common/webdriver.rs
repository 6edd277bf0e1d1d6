//! The smallest WebDriver client the browser check needs: it starts Debian's
//! `chromedriver` on a loopback port and speaks HTTP/1.1 and JSON to it over
//! a plain `TcpStream`, one request per connection. The protocol is the W3C
//! one (<https://www.w3.org/TR/webdriver2/>), plus chromedriver's endpoint
//! for DevTools commands.

use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The WebDriver key code of a key that is not a character.
pub const ARROW_LEFT: &str = "\u{E012}";
/// The WebDriver key code of the right arrow.
pub const ARROW_RIGHT: &str = "\u{E014}";

/// A running chromedriver, stopped when dropped.
pub struct Driver {
    process: Child,
    address: SocketAddr,
}

impl Driver {
    /// Starts `chromedriver` (or `$CHROMEDRIVER`) on a free loopback port and
    /// waits until it answers.
    pub fn start() -> Driver {
        let program = std::env::var("CHROMEDRIVER")
            .unwrap_or_else(|_| "chromedriver".to_owned());
        // chromedriver listens on the port on 127.0.0.1 and on ::1, and gives
        // up if either is taken, which a free IPv4 port does not promise on a
        // busy machine: try a few ports.
        for _ in 0..5 {
            if let Some(driver) = Driver::try_start(&program) {
                return driver;
            }
        }
        panic!("{program} did not start on any of five free ports");
    }

    /// Starts chromedriver on one free port; `None` if it exits instead.
    fn try_start(program: &str) -> Option<Driver> {
        let port = free_port();
        let process = Command::new(program)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!(
                    "cannot start {program}: {err}: install Debian's \
                     chromium-driver package, or set CHROMEDRIVER"
                )
            });
        let mut driver = Driver {
            process,
            address: SocketAddr::from(([127, 0, 0, 1], port)),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        while driver
            .call("GET", "/status", None)
            .ok()
            .and_then(|status| status["ready"].as_bool())
            != Some(true)
        {
            if matches!(driver.process.try_wait(), Ok(Some(_))) {
                return None;
            }
            assert!(Instant::now() < deadline, "{program} did not start");
            thread::sleep(Duration::from_millis(50));
        }
        Some(driver)
    }

    /// One WebDriver command: its `value`, or the error it returned.
    fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Value, String> {
        let body = body.map(Value::to_string).unwrap_or_default();
        let mut stream = TcpStream::connect(self.address)
            .map_err(|err| format!("chromedriver: {err}"))?;
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .map_err(|err| err.to_string())?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\n\
             Content-Type: application/json; charset=utf-8\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.address,
            body.len()
        );
        stream
            .write_all(request.as_bytes())
            .map_err(|err| format!("chromedriver: {err}"))?;
        // chromedriver keeps the connection open whatever the request says:
        // read the head, then as many bytes as it announces.
        let mut response = Vec::new();
        let mut buffer = [0; 64 * 1024];
        let body = loop {
            let read = stream
                .read(&mut buffer)
                .map_err(|err| format!("chromedriver: {err}"))?;
            response.extend_from_slice(&buffer[..read]);
            let Some(end) =
                response.windows(4).position(|four| four == b"\r\n\r\n")
            else {
                if read == 0 {
                    return Err("chromedriver closed the connection".into());
                }
                continue;
            };
            let head = String::from_utf8_lossy(&response[..end]).to_lowercase();
            let body = &response[end + 4..];
            let length = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|length| length.trim().parse::<usize>().ok());
            let chunked = head.contains("transfer-encoding: chunked");
            let complete = match length {
                Some(length) => body.len() >= length,
                None if chunked => body.ends_with(b"0\r\n\r\n"),
                None => false,
            };
            if complete || read == 0 {
                let body = String::from_utf8_lossy(body);
                break if chunked {
                    unchunk(&body)
                } else {
                    body.into_owned()
                };
            }
        };
        let reply: Value = serde_json::from_str(&body).map_err(|err| {
            format!("chromedriver sent no JSON ({err}): {body}")
        })?;
        let value = reply["value"].clone();
        match value["error"].as_str() {
            Some(error) => Err(format!(
                "{method} {path}: {error}: {}",
                value["message"].as_str().unwrap_or("")
            )),
            None => Ok(value),
        }
    }

    /// A new browser: headless Chromium with a fresh profile, the flags that
    /// keep it from calling home, and, if asked, a NetLog of every request.
    pub fn session(&self, net_log: Option<&Path>) -> Session<'_> {
        let binary = std::env::var("CHROMIUM")
            .unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--no-first-run".to_owned(),
            "--hide-scrollbars".to_owned(),
        ];
        if let Some(path) = net_log {
            args.push(format!("--log-net-log={}", path.display()));
        }
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": { "binary": binary, "args": args },
                    "timeouts": { "script": 30_000, "pageLoad": 30_000 },
                }
            }
        });
        let reply = self
            .call("POST", "/session", Some(&capabilities))
            .unwrap_or_else(|err| panic!("no browser session: {err}"));
        Session {
            driver: self,
            id: reply["sessionId"]
                .as_str()
                .expect("a session id")
                .to_owned(),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The body of a chunked HTTP response, joined.
fn unchunk(mut body: &str) -> String {
    let mut joined = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        joined.push_str(&rest[..size]);
        body = rest[size..].trim_start_matches("\r\n");
    }
    joined
}

/// One browser, closed when dropped.
pub struct Session<'a> {
    driver: &'a Driver,
    id: String,
}

impl Session<'_> {
    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Value {
        let path = format!("/session/{}{path}", self.id);
        self.driver
            .call(method, &path, body)
            .unwrap_or_else(|err| panic!("{err}"))
    }

    /// Loads `url` in the current window and waits for its `load` event.
    pub fn goto(&self, url: &str) {
        self.call("POST", "/url", Some(&json!({ "url": url })));
    }

    /// The address the current window shows.
    pub fn url(&self) -> String {
        self.call("GET", "/url", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page
    /// and returns what it returns (a promise is awaited).
    pub fn run(&self, script: &str, args: Value) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": args })),
        )
    }

    /// A DevTools command on the current window's page.
    pub fn devtools(&self, command: &str, params: Value) -> Value {
        self.call(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({ "cmd": command, "params": params })),
        )
    }

    /// Presses and releases `key` (a character or one of the key codes
    /// above) in the current window, as a user would.
    pub fn press(&self, key: &str) {
        let actions = json!({ "actions": [{
            "type": "key",
            "id": "keyboard",
            "actions": [
                { "type": "keyDown", "value": key },
                { "type": "keyUp", "value": key },
            ],
        }]});
        self.call("POST", "/actions", Some(&actions));
        self.call("DELETE", "/actions", None);
    }

    /// Clicks the element that `css` selects, as a user would: it must be
    /// visible.
    pub fn click(&self, css: &str) {
        let found = self.call(
            "POST",
            "/element",
            Some(&json!({ "using": "css selector", "value": css })),
        );
        // The W3C name of an element reference.
        let id = found["element-6066-11e4-a52e-4f735466cecf"]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {found}"));
        self.call("POST", &format!("/element/{id}/click"), Some(&json!({})));
    }

    /// The handles of the open windows.
    pub fn windows(&self) -> Vec<String> {
        self.call("GET", "/window/handles", None)
            .as_array()
            .expect("a list of window handles")
            .iter()
            .filter_map(|handle| handle.as_str().map(str::to_owned))
            .collect()
    }

    /// The handle of the current window.
    pub fn window(&self) -> String {
        self.call("GET", "/window", None)
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Makes `handle` the window the next commands act on.
    pub fn switch_to(&self, handle: &str) {
        self.call("POST", "/window", Some(&json!({ "handle": handle })));
    }

    /// Closes the current window, as its user would.
    pub fn close_window(&self) {
        self.call("DELETE", "/window", None);
    }

    /// Waits up to `seconds` for `check` to return `Some`.
    pub fn wait_for<T>(
        &self,
        seconds: u64,
        mut check: impl FnMut(&Self) -> Option<T>,
    ) -> Option<T> {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            if let Some(found) = check(self) {
                return Some(found);
            }
            if Instant::now() > deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Session<'_> {
    fn drop(&mut self) {
        let path = format!("/session/{}", self.id);
        let _ = self.driver.call("DELETE", &path, None);
    }
}

/// A port that is free on both loopback addresses, 127.0.0.1 and ::1, as far
/// as the system can tell at this moment. It is taken below the range the
/// system hands out to outgoing connections (32768 and up on Linux), whose
/// closed connections linger for a minute in TIME-WAIT and keep a port from
/// being bound without SO_REUSEADDR, as chromedriver binds it.
fn free_port() -> u16 {
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|t| t.subsec_nanos())
        .unwrap_or(1)
        ^ std::process::id();
    loop {
        // A step of a small linear congruential generator is enough here.
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let port = 20_000 + (seed >> 8) as u16 % 12_000;
        if TcpListener::bind(("127.0.0.1", port)).is_ok()
            && TcpListener::bind(("::1", port)).is_ok()
        {
            return port;
        }
    }
}
