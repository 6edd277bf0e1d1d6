//! The book in a real browser. The diagrams are drawn by mermaid's JavaScript
//! and the self-checks are built by mdbook-quiz's, so only a browser shows
//! whether they work. This test builds the book, serves it on loopback, loads
//! every page in headless Chromium and fails when:
//!
//! - a mermaid block did not become an SVG, or shows a syntax error;
//! - a page shows a raw `{{#…}}` directive that mdBook did not expand;
//! - a self-check did not render;
//! - a page asks for anything outside the book, or for a file the book lacks
//!   (the course must work offline, in a classroom with no network);
//! - a script on the page throws.
//!
//! It needs `mdbook`, `mdbook-mermaid`, `mdbook-quiz` and Debian's `chromium`,
//! so plain `cargo test` skips it; `.ci/run` runs it with
//! `cargo test --test browser -- --ignored`. Set `CHROMIUM` to use another
//! browser binary.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Serves `root` on a free loopback port and records the paths it lacks.
fn serve(root: PathBuf) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let missing = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&missing);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (root, log) = (root.clone(), Arc::clone(&log));
            thread::spawn(move || answer(stream, &root, &log));
        }
    });
    (origin, missing)
}

fn answer(mut stream: TcpStream, root: &Path, missing: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap().replace("%20", " ");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    match fs::read(&file) {
        Ok(body) if !path.contains("..") => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                content_type(&file),
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
        _ => {
            missing.lock().unwrap().push(path);
            let _ = stream.write_all(
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript",
        "css" => "text/css",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".to_owned())
}

/// One page as the browser saw it.
struct Loaded {
    /// The DOM after the page's scripts have run.
    dom: String,
    /// What the browser printed, its console included.
    console: String,
    /// Every address the page itself asked for.
    requests: Vec<String>,
}

/// Loads one page headless, with a fresh profile and the flags that keep
/// Chromium from calling home.
fn load(url: &str) -> Loaded {
    let profile = tempdir("profile");
    let net_log = profile.join("net-log.json");
    let output = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=20000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--log-net-log={}", net_log.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|err| {
            panic!(
                "cannot start {}: {err}: install Debian's chromium package, \
                 or set CHROMIUM to a Chromium binary",
                chromium()
            )
        });
    assert!(
        output.status.success(),
        "chromium failed on {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let requests = page_requests(&net_log, url);
    let _ = fs::remove_dir_all(&profile);
    Loaded {
        dom: String::from_utf8_lossy(&output.stdout).into_owned(),
        console: String::from_utf8_lossy(&output.stderr).into_owned(),
        requests,
    }
}

/// The URLs of the requests that the page made, read from Chromium's NetLog,
/// without the browser's own (clock, updates, accounts, autofill).
fn page_requests(net_log: &Path, url: &str) -> Vec<String> {
    let text = fs::read_to_string(net_log)
        .unwrap_or_else(|err| panic!("no NetLog for {url}: {err}"));
    let log: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|err| {
            panic!("the NetLog for {url} is not JSON: {err}")
        });
    let start_job = &log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"];
    assert!(
        start_job.is_number(),
        "the NetLog names no URL_REQUEST_START_JOB"
    );
    let origin = url.split('/').take(3).collect::<Vec<_>>().join("/");
    log["events"]
        .as_array()
        .expect("the NetLog has events")
        .iter()
        .filter(|event| &event["type"] == start_job)
        .map(|event| &event["params"])
        // The page's own requests, to any host, name the page's origin as
        // their initiator; the navigation to the page names none.
        .filter(|params| {
            params["initiator"].as_str() == Some(origin.as_str())
                || params["url"].as_str() == Some(url)
        })
        .filter_map(|params| params["url"].as_str().map(str::to_owned))
        .collect()
}

fn tempdir(what: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNT: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "secure-messaging-browser-{}-{what}-{}",
        std::process::id(),
        COUNT.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The page's `<main>`, where the chapter is, without its scripts.
fn main_text(dom: &str) -> String {
    let start = dom.find("<main").unwrap_or(0);
    let end = dom[start..]
        .find("</main>")
        .map_or(dom.len(), |e| e + start);
    let mut text = String::new();
    let mut rest = &dom[start..end];
    while let Some(open) = rest.find("<script") {
        text.push_str(&rest[..open]);
        rest = rest[open..]
            .find("</script>")
            .map_or("", |close| &rest[open + close + 9..]);
    }
    text.push_str(rest);
    text
}

/// The pieces of `dom` between each `open` and the next `close`.
fn elements<'a>(dom: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut found = Vec::new();
    let mut rest = dom;
    while let Some(start) = rest.find(open) {
        let body = &rest[start..];
        let end = body.find(close).map_or(body.len(), |e| e + close.len());
        found.push(&body[..end]);
        rest = &body[end..];
    }
    found
}

/// What is wrong with a rendered page; returns the number of diagrams,
/// self-checks and questions in them it found, for the totals.
fn check_dom(dom: &str, problems: &mut Vec<String>) -> (usize, usize, usize) {
    let main = main_text(dom);
    let diagrams = elements(&main, "<pre class=\"mermaid\"", "</pre>");
    for (index, diagram) in diagrams.iter().enumerate() {
        if !diagram.contains("<svg") {
            problems.push(format!(
                "mermaid block {} did not become an SVG",
                index + 1
            ));
        }
    }
    if main.contains("language-mermaid") {
        problems.push("a mermaid block was not handed to mermaid".to_owned());
    }
    if main.contains("Syntax error in text")
        || main.contains("aria-roledescription=\"error\"")
    {
        problems.push("a diagram shows a mermaid syntax error".to_owned());
    }
    if let Some(at) = main.find("{{#") {
        let directive: String = main[at..].chars().take(60).collect();
        problems.push(format!("a raw directive is on the page: {directive}"));
    }
    // mdbook-quiz leaves a placeholder that its script fills with the quiz:
    // a header that counts the questions, and a button to start.
    let quizzes = main.matches("class=\"quiz-placeholder\"").count();
    let rendered = elements(&main, "<div class=\"mdbook-quiz\">", "</section>")
        .iter()
        .filter(|quiz| quiz.contains(" question") && quiz.contains("<button"))
        .count();
    let questions: usize = elements(&main, "class=\"counter\">", "</div>")
        .iter()
        .filter_map(|counter| {
            let text = &counter["class=\"counter\">".len()..];
            text.split(' ').next()?.parse::<usize>().ok()
        })
        .sum();
    if rendered < quizzes {
        problems.push(format!(
            "{} of {quizzes} self-checks did not render",
            quizzes - rendered
        ));
    }
    (diagrams.len(), quizzes, questions)
}

/// Every HTML page of the built book, as a path relative to its root.
fn pages(dir: &Path, root: &Path, found: &mut BTreeSet<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            pages(&path, root, found);
        } else if path.extension().is_some_and(|ext| ext == "html") {
            let relative = path.strip_prefix(root).unwrap();
            found.insert(relative.to_str().unwrap().to_owned());
        }
    }
}

/// How many mermaid blocks, self-checks and questions in them the chapters
/// listed in SUMMARY.md hold.
fn in_sources() -> (usize, usize, usize) {
    let book = Path::new(ROOT).join("book");
    let summary = fs::read_to_string(book.join("SUMMARY.md")).unwrap();
    let (mut diagrams, mut quizzes, mut questions) = (0, 0, 0);
    for line in summary.lines() {
        let Some(start) = line.find("](") else {
            continue;
        };
        let end = line[start..].find(')').unwrap() + start;
        let text =
            fs::read_to_string(book.join(&line[start + 2..end])).unwrap();
        diagrams += text.matches("```mermaid").count();
        for directive in text.split("{{#quiz ").skip(1) {
            let file = directive.split("}}").next().unwrap().trim();
            let quiz = fs::read_to_string(book.join(file)).unwrap();
            quizzes += 1;
            questions += quiz.matches("[[questions]]").count();
        }
    }
    (diagrams, quizzes, questions)
}

#[test]
#[ignore = "needs chromium and the book tools: .ci/run runs it with --ignored"]
fn every_page_renders_offline_in_a_real_browser() {
    let out = tempdir("book");
    let build = Command::new("mdbook")
        .args(["build", "--dest-dir"])
        .arg(&out)
        .current_dir(ROOT)
        .output()
        .expect("cannot run mdbook: install it as .ci/run does");
    let log = String::from_utf8_lossy(&build.stderr);
    assert!(
        build.status.success() && !log.contains("ERROR"),
        "mdbook build failed:\n{log}"
    );

    let mut all = BTreeSet::new();
    pages(&out, &out, &mut all);
    let all: Vec<String> = all.into_iter().collect();
    assert!(all.len() > 10, "the book has only {} pages", all.len());

    // Two browsers at a time: the machines have two cores.
    let queue = Arc::new(Mutex::new(all.clone()));
    let results = Arc::new(Mutex::new(Vec::new()));
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (queue, results, out) =
                (Arc::clone(&queue), Arc::clone(&results), out.clone());
            thread::spawn(move || {
                while let Some(page) = queue.lock().unwrap().pop() {
                    let (origin, missing) = serve(out.clone());
                    let page_url = format!("{origin}/{page}");
                    let loaded = load(&page_url);
                    let mut problems = Vec::new();
                    let counts = check_dom(&loaded.dom, &mut problems);
                    let book = format!("{origin}/");
                    for request in &loaded.requests {
                        if !request.starts_with(&book) {
                            problems.push(format!(
                                "asks for {request}, outside the book"
                            ));
                        }
                    }
                    // Chromium asks for /favicon.ico by itself when a page
                    // names no icon, as mdBook's sidebar frame does not.
                    for path in missing
                        .lock()
                        .unwrap()
                        .iter()
                        .filter(|path| *path != "/favicon.ico")
                    {
                        problems.push(format!(
                            "asks for {path}, which the book lacks"
                        ));
                    }
                    if !loaded.requests.contains(&page_url) {
                        problems.push(
                            "the NetLog shows no request for the page".into(),
                        );
                    }
                    for line in loaded
                        .console
                        .lines()
                        .filter(|l| l.contains("Uncaught"))
                    {
                        problems.push(format!("a script failed: {line}"));
                    }
                    results.lock().unwrap().push((page, counts, problems));
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }

    let results = results.lock().unwrap();
    let mut problems = Vec::new();
    let (mut diagrams, mut quizzes, mut questions) = (0, 0, 0);
    for (page, (d, q, n), found) in results.iter() {
        // print.html holds every chapter, and index.html is the first again.
        if page != "print.html" && page != "index.html" {
            diagrams += d;
            quizzes += q;
            questions += n;
        }
        problems.extend(found.iter().map(|p| format!("{page}: {p}")));
    }
    let (source_diagrams, source_quizzes, source_questions) = in_sources();
    if questions != source_questions {
        problems.push(format!(
            "the self-checks hold {source_questions} questions, the pages count {questions}"
        ));
    }
    if diagrams != source_diagrams {
        problems.push(format!(
            "the chapters hold {source_diagrams} mermaid blocks, the pages show {diagrams}"
        ));
    }
    if quizzes != source_quizzes {
        problems.push(format!(
            "the chapters hold {source_quizzes} self-checks, the pages show {quizzes}"
        ));
    }
    problems.sort();
    let _ = fs::remove_dir_all(&out);
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    eprintln!(
        "{} pages loaded: {diagrams} diagrams drawn, {quizzes} self-checks \
         of {questions} questions rendered",
        results.len()
    );
}

#[test]
fn the_page_check_catches_what_it_should() {
    let good = "<main><pre class=\"mermaid\"><svg></svg></pre>\
                <div class=\"quiz-placeholder\"><div class=\"mdbook-quiz\">\
                <header><div class=\"counter\">3 questions</div></header><section><button>Start</button>\
                </section></div></div><script>let x = '{{#x}}';</script></main>";
    let mut problems = Vec::new();
    assert_eq!(check_dom(good, &mut problems), (1, 1, 3));
    assert!(problems.is_empty(), "{problems:?}");

    let bad = "<main><pre class=\"mermaid\">graph LR; A-->B</pre>\
               <code class=\"language-mermaid\"></code>\
               <svg aria-roledescription=\"error\">Syntax error in text</svg>\
               <p>{{#include ../src/lib.rs:gone}}</p>\
               <div class=\"quiz-placeholder\" data-x=\"1\"></div></main>";
    let mut problems = Vec::new();
    assert_eq!(check_dom(bad, &mut problems), (1, 1, 0));
    assert_eq!(problems.len(), 5, "{problems:#?}");
}
