//! The book cannot lie about the code: every Rust listing is included from a
//! file the crate compiles, every include points at a file and anchor that
//! exist, and every example belongs to a chapter that tells how to run it.
//!
//! mdBook itself builds happily past a missing include file (it warns) and
//! renders an empty listing for a missing anchor, so this test is what catches
//! them.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn book() -> PathBuf {
    Path::new(ROOT).join("book")
}

/// A page listed in SUMMARY.md, and whether it is a numbered chapter of Part
/// I (not one of the exercise pages nested under a chapter).
struct Chapter {
    path: PathBuf,
    part_one: bool,
}

fn chapters() -> Vec<Chapter> {
    let summary = fs::read_to_string(book().join("SUMMARY.md")).unwrap();
    let mut part = String::new();
    let mut chapters = Vec::new();
    for line in summary.lines() {
        if let Some(title) = line.strip_prefix("# ") {
            part = title.to_owned();
        } else if line.trim() == "---" {
            part.clear();
        }
        let Some(start) = line.find("](") else {
            continue;
        };
        let end = line[start..].find(')').unwrap() + start;
        let file = &line[start + 2..end];
        let numbered = line.starts_with("- ");
        chapters.push(Chapter {
            path: book().join(file),
            part_one: numbered && part.starts_with("Part I:"),
        });
    }
    chapters
}

/// A fenced code block: its info string, its lines and where it starts.
struct Block {
    info: String,
    body: Vec<String>,
    line: usize,
}

fn code_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(String, Block)> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &mut open {
            None => {
                for fence in ["```", "~~~"] {
                    if let Some(info) = trimmed.strip_prefix(fence) {
                        let marker = fence.to_owned()
                            + &info
                                .chars()
                                .take_while(|c| {
                                    *c == fence.chars().next().unwrap()
                                })
                                .collect::<String>();
                        let info = info
                            .trim_start_matches(fence.chars().next().unwrap())
                            .trim()
                            .to_owned();
                        open = Some((
                            marker,
                            Block {
                                info,
                                body: Vec::new(),
                                line: index + 1,
                            },
                        ));
                        break;
                    }
                }
            }
            Some((marker, block)) => {
                if trimmed.starts_with(marker.as_str())
                    && trimmed
                        .trim_start_matches(marker.chars().next().unwrap())
                        .trim()
                        .is_empty()
                {
                    blocks.push(open.take().unwrap().1);
                } else {
                    block.body.push(line.to_owned());
                }
            }
        }
    }
    if let Some((_, block)) = open {
        panic!("a code block opened on line {} is never closed", block.line);
    }
    blocks
}

/// Every `{{#include …}}` and `{{#rustdoc_include …}}` in the text, with its line.
fn includes(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut rest = line;
        while let Some(start) = rest.find("{{#") {
            let escaped = start > 0 && rest.as_bytes()[start - 1] == b'\\';
            let end = rest[start..]
                .find("}}")
                .map(|e| e + start)
                .unwrap_or_else(|| {
                    panic!(
                        "line {}: a {{{{# directive is not closed",
                        index + 1
                    )
                });
            if !escaped {
                found.push((index + 1, rest[start + 3..end].trim().to_owned()));
            }
            rest = &rest[end + 2..];
        }
    }
    found
}

fn relative(path: &Path) -> String {
    path.strip_prefix(ROOT)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Checks one directive; returns the included file.
fn check_include(
    chapter: &Path,
    line: usize,
    directive: &str,
) -> Result<PathBuf, String> {
    let at = format!("{}:{line}", relative(chapter));
    if let Some(quiz) = directive.strip_prefix("quiz ") {
        let path = chapter.parent().unwrap().join(quiz.trim());
        return path.canonicalize().map_err(|err| {
            format!("{at}: cannot read the self-check {}: {err}", quiz.trim())
        });
    }
    let target = directive
        .strip_prefix("include ")
        .or_else(|| directive.strip_prefix("rustdoc_include "))
        .ok_or_else(|| {
            format!("{at}: only {{{{#include}}}} and {{{{#quiz}}}} are used in this book, not {{{{#{directive}}}}}")
        })?
        .trim();
    let (file, anchor) = match target.split_once(':') {
        Some((file, anchor)) => (file, Some(anchor)),
        None => (target, None),
    };
    let path = chapter.parent().unwrap().join(file);
    let text = fs::read_to_string(&path)
        .map_err(|err| format!("{at}: cannot read {file}: {err}"))?;
    if let Some(anchor) = anchor {
        if anchor.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return Err(format!(
                "{at}: {target} includes by line numbers, which drift: use an ANCHOR"
            ));
        }
        let marker = |kind: &str| {
            text.lines().position(|l| {
                l.trim_start()
                    .trim_start_matches("//")
                    .trim_start()
                    .trim_start_matches('#')
                    .trim()
                    == format!("{kind}: {anchor}")
            })
        };
        match (marker("ANCHOR"), marker("ANCHOR_END")) {
            (Some(start), Some(end)) if end > start + 1 => {}
            (Some(_), Some(_)) => {
                return Err(format!(
                    "{at}: anchor {anchor} in {file} is empty"
                ));
            }
            _ => {
                return Err(format!(
                    "{at}: {file} has no ANCHOR: {anchor} ... ANCHOR_END: {anchor}"
                ));
            }
        }
    }
    Ok(path.canonicalize().unwrap())
}

#[test]
fn every_listing_is_included_from_compiled_source_and_every_include_resolves() {
    let mut problems = Vec::new();
    for chapter in chapters() {
        let text = fs::read_to_string(&chapter.path).unwrap_or_else(|err| {
            panic!("SUMMARY.md lists {}: {err}", relative(&chapter.path))
        });
        for (line, directive) in includes(&text) {
            if let Err(problem) = check_include(&chapter.path, line, &directive)
            {
                problems.push(problem);
            }
        }
        for block in code_blocks(&text) {
            let at = format!("{}:{}", relative(&chapter.path), block.line);
            let lang = block.info.split([',', ' ']).next().unwrap_or("");
            if lang.is_empty() {
                // mdBook would show it as Rust, with a playground button.
                problems.push(format!(
                    "{at}: say what the block holds: rust,noplayground, \
                     text, console or mermaid"
                ));
                continue;
            }
            if lang != "rust" && lang != "rs" {
                continue;
            }
            let lines: Vec<&str> = block
                .body
                .iter()
                .map(|l| l.trim())
                .filter(|l| !l.is_empty())
                .collect();
            let one_include = matches!(lines.as_slice(), [only] if only.starts_with("{{#include ") || only.starts_with("{{#rustdoc_include "));
            if !one_include {
                problems.push(format!("{at}: a Rust block must be one {{{{#include file:anchor}}}} of compiled source, not code written inline"));
            } else if !block.info.contains("noplayground") {
                problems.push(format!("{at}: mark the Rust block `rust,noplayground`: the playground does not have this crate"));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

fn examples() -> BTreeSet<String> {
    fs::read_dir(Path::new(ROOT).join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .map(|path| path.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect()
}

/// The example targets Cargo.toml declares by hand: the exercises and their
/// solutions, with their paths and whether `cargo test` runs their tests.
fn declared_examples() -> Vec<(String, String, bool)> {
    let manifest =
        fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    manifest
        .split("[[example]]")
        .skip(1)
        .map(|section| {
            let section = section.split("\n[").next().unwrap();
            let value = |key: &str| {
                section
                    .lines()
                    .find_map(|l| l.strip_prefix(key)?.trim().strip_prefix('='))
                    .map(|v| v.trim().trim_matches('"').to_owned())
            };
            (
                value("name").expect("an [[example]] without a name"),
                value("path").expect("an [[example]] without a path"),
                value("test").as_deref() == Some("true"),
            )
        })
        .collect()
}

/// The examples a text tells the reader to run with `cargo run --example NAME`.
fn examples_run_in(text: &str) -> BTreeSet<String> {
    names_after(text, "cargo run --example ")
}

/// The names that follow `command` in the text.
fn names_after(text: &str, command: &str) -> BTreeSet<String> {
    text.split(command)
        .skip(1)
        .map(|rest| {
            rest.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

#[test]
fn every_example_has_a_chapter_and_every_part_one_chapter_an_example_and_a_diagram()
 {
    let examples = examples();
    let runnable: BTreeSet<String> = declared_examples()
        .into_iter()
        .map(|(name, _, _)| name)
        .chain(examples.iter().cloned())
        .collect();
    let mut mentioned = BTreeSet::new();
    let mut problems = Vec::new();
    for chapter in chapters() {
        let text = fs::read_to_string(&chapter.path).unwrap();
        let runs = examples_run_in(&text);
        for name in runs.difference(&runnable) {
            problems.push(format!(
                "{} runs `cargo run --example {name}`, which does not exist",
                relative(&chapter.path)
            ));
        }
        if chapter.part_one {
            if runs.is_empty() {
                problems.push(format!(
                    "{} is a Part I chapter with no `cargo run --example`",
                    relative(&chapter.path)
                ));
            }
            if !code_blocks(&text)
                .iter()
                .any(|block| block.info == "mermaid")
            {
                problems.push(format!(
                    "{} is a Part I chapter with no mermaid diagram",
                    relative(&chapter.path)
                ));
            }
        }
        mentioned.extend(runs);
    }
    for name in examples.difference(&mentioned) {
        problems.push(format!(
            "examples/{name}.rs has no chapter that says `cargo run --example {name}`"
        ));
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Every file under `dir`, in its subfolders too.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(files(&path));
        } else {
            found.push(path);
        }
    }
    found
}

#[test]
fn every_recorded_output_is_shown_and_every_page_is_in_the_summary() {
    let mut included = BTreeSet::new();
    let listed: BTreeSet<PathBuf> = chapters()
        .iter()
        .map(|c| c.path.canonicalize().unwrap())
        .collect();
    for chapter in chapters() {
        let text = fs::read_to_string(&chapter.path).unwrap();
        for (line, directive) in includes(&text) {
            if let Ok(path) = check_include(&chapter.path, line, &directive) {
                included.insert(path);
            }
        }
    }
    let mut problems = Vec::new();
    for entry in fs::read_dir(book().join("output")).unwrap() {
        let path = entry.unwrap().path().canonicalize().unwrap();
        if !included.contains(&path) {
            problems.push(format!(
                "{} is recorded but no chapter includes it",
                relative(&path)
            ));
        }
    }
    for path in files(&book()) {
        let page = path.extension().is_some_and(|ext| ext == "md")
            && !path.ends_with("SUMMARY.md");
        if page && !listed.contains(&path.canonicalize().unwrap()) {
            problems.push(format!(
                "{} is not listed in book/SUMMARY.md",
                relative(&path)
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_checker_itself_catches_what_it_should() {
    let blocks = code_blocks(
        "```rust\nfn main() {}\n```\n\n```rust,noplayground\n{{#include ../src/lib.rs:none}}\n```\n",
    );
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].body, ["fn main() {}"]);
    assert_eq!(blocks[1].info, "rust,noplayground");
    let chapter = book().join("SUMMARY.md");
    assert!(check_include(&chapter, 1, "include ../src/missing.rs").is_err());
    assert!(
        check_include(
            &chapter,
            1,
            "include ../src/transmission.rs:no_such_anchor"
        )
        .is_err()
    );
    assert!(
        check_include(&chapter, 1, "include ../src/transmission.rs:3:9")
            .is_err()
    );
    assert!(
        check_include(&chapter, 1, "include ../src/transmission.rs:to_bytes")
            .is_ok()
    );
    assert_eq!(
        examples_run_in("`cargo run --example key_exchange`."),
        BTreeSet::from(["key_exchange".to_owned()])
    );
    assert_eq!(
        includes(r"\{{#include x}} and {{#include y.rs:a}}"),
        [(1, "include y.rs:a".to_owned())]
    );
}

#[test]
fn the_readme_lists_every_example_and_exercise_and_only_real_ones() {
    let readme = fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let runs = examples_run_in(&readme);
    let exercises: BTreeSet<String> = declared_examples()
        .into_iter()
        .map(|(name, _, _)| name)
        .filter(|name| name.ends_with("_exercise"))
        .collect();
    assert_eq!(
        runs.difference(&exercises)
            .cloned()
            .collect::<BTreeSet<_>>(),
        examples(),
        "the README's table of examples is out of date"
    );
    assert_eq!(
        names_after(&readme, "cargo test --example "),
        exercises,
        "the README's table of exercises is out of date"
    );
}

#[test]
fn prose_quotes_no_value_of_a_recorded_run() {
    // Recorded runs are masked when checked, so a value quoted from one in the
    // prose would silently go stale when it is recorded anew.
    let mut problems = Vec::new();
    for chapter in chapters() {
        let text = fs::read_to_string(&chapter.path).unwrap();
        let mut in_block = false;
        for (index, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_block = !in_block;
                continue;
            }
            for word in line.split(|c: char| c.is_whitespace() || c == '`') {
                let short_hex = match word.split_once("...") {
                    Some((a, b)) => {
                        let hex = |s: &str| {
                            s.len() == 2
                                && s.bytes().all(|b| b.is_ascii_hexdigit())
                        };
                        hex(a) && hex(b)
                    }
                    None => false,
                };
                if short_hex && !in_block && word != "7f...e2" {
                    problems.push(format!(
                        "{}:{}: `{word}` is a value from a recorded run; describe it instead \
                         (`7f...e2` is the one example value prose may use)",
                        relative(&chapter.path),
                        index + 1
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// The Part I chapters, by file stem (`key-derivation`).
fn part_one() -> Vec<String> {
    chapters()
        .iter()
        .filter(|chapter| chapter.part_one)
        .map(|c| c.path.file_stem().unwrap().to_str().unwrap().to_owned())
        .collect()
}

fn read(path: &str) -> String {
    fs::read_to_string(book().join(path))
        .unwrap_or_else(|err| panic!("cannot read book/{path}: {err}"))
}

#[test]
fn every_chapter_ends_with_a_self_check_an_exercise_and_speaker_notes() {
    let mut problems = Vec::new();
    for chapter in part_one() {
        let text = read(&format!("{chapter}.md"));
        let quiz = format!("quizzes/{chapter}.toml");
        if !text.contains(&format!("{{{{#quiz {quiz}}}}}")) {
            problems.push(format!(
                "{chapter}.md has no self-check {{{{#quiz {quiz}}}}}"
            ));
        } else {
            let questions = read(&quiz);
            let count = questions.matches("[[questions]]").count();
            if count < 3 {
                problems.push(format!(
                    "book/{quiz} has {count} questions, not 3 or more"
                ));
            }
            for key in ["context", "id"] {
                let have = questions
                    .lines()
                    .filter(|l| l.trim_start().starts_with(&format!("{key} =")))
                    .count();
                if have != count {
                    problems.push(format!(
                        "book/{quiz}: {have} of {count} questions have `{key}`{}",
                        if key == "id" {
                            " (run `mdbook build` once, which adds them, and commit them)"
                        } else {
                            ": explain each answer"
                        }
                    ));
                }
            }
        }
        if !text.contains(&format!("]({chapter}/exercise.md)")) {
            problems.push(format!("{chapter}.md does not link its exercise"));
        }
        // The notes close the page, as prompts for whoever teaches it.
        match text.rfind("<summary>Speaker notes</summary>") {
            None => problems.push(format!("{chapter}.md has no speaker notes")),
            Some(at) => {
                let notes = &text[at..];
                if !text[..at].trim_end().ends_with("<details>")
                    || !notes.trim_end().ends_with("</details>")
                {
                    problems.push(format!(
                        "{chapter}.md: the speaker notes are a <details> block at the end of the page"
                    ));
                }
                let prompts = notes
                    .lines()
                    .filter(|l| {
                        ["Ask:", "Demo:", "Common mistake:"].iter().any(|p| {
                            l.trim_start_matches(['-', ' ']).starts_with(p)
                        })
                    })
                    .count();
                if prompts < 3 || !notes.contains("More to explore") {
                    problems.push(format!(
                        "{chapter}.md: the speaker notes need prompts (Ask:, Demo:, \
                         Common mistake:) and a More to explore list"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn every_exercise_has_a_starting_point_that_compiles_and_a_tested_solution() {
    // `cargo test` compiles every example target, so the starting points
    // compile, and runs the tests of the targets marked `test = true`: the
    // solutions. This test checks that each chapter has both, wired up so.
    let declared = declared_examples();
    let chapters = part_one();
    let mut problems = Vec::new();
    for chapter in &chapters {
        let module = chapter.replace('-', "_");
        for (kind, anchor, tested) in [
            ("exercise", "exercise", false),
            ("solution", "solution", true),
        ] {
            let name = format!("{module}_{kind}");
            let path = format!("exercises/{module}/{kind}.rs");
            match declared.iter().find(|(n, _, _)| *n == name) {
                None => problems.push(format!(
                    "Cargo.toml declares no [[example]] {name} for {chapter}"
                )),
                Some((_, p, t)) if *p != path || *t != tested => {
                    problems.push(format!(
                        "Cargo.toml: [[example]] {name} should have path = \"{path}\"{}",
                        if tested { " and test = true" } else { " and no test = true" }
                    ))
                }
                Some(_) => {}
            }
            let source = fs::read_to_string(Path::new(ROOT).join(&path))
                .unwrap_or_else(|err| panic!("cannot read {path}: {err}"));
            // One program and one set of tests for both, so they cannot drift.
            for (shared, what) in
                [("demo.rs", "program"), ("checks.rs", "tests")]
            {
                if !source.contains(&format!("#[path = \"{shared}\"]")) {
                    problems.push(format!(
                        "{path} does not run the exercise's {what} in {shared}"
                    ));
                }
            }
            if (kind == "exercise") != source.contains("todo!(") {
                problems.push(format!(
                    "{path}: {}",
                    if kind == "exercise" {
                        "a starting point leaves its work as todo!()"
                    } else {
                        "a solution has no todo!() left"
                    }
                ));
            }
            let page = read(&format!("{chapter}/{kind}.md"));
            let include = format!(
                "{{{{#include ../../exercises/{module}/{kind}.rs:{anchor}}}}}"
            );
            if !page.contains(&include) {
                problems.push(format!(
                    "book/{chapter}/{kind}.md does not show {include}"
                ));
            }
            if kind == "exercise"
                && !page.contains(&format!("cargo test --example {name}"))
            {
                problems.push(format!(
                    "book/{chapter}/exercise.md does not say how to check it: \
                     cargo test --example {name}"
                ));
            }
        }
    }
    for (name, path, _) in &declared {
        let chapter = path.split('/').nth(1).unwrap_or("").replace('_', "-");
        if !chapters.contains(&chapter) {
            problems.push(format!(
                "[[example]] {name} belongs to no Part I chapter"
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

#[test]
fn the_glossary_is_in_order_and_further_reading_names_the_standards() {
    let terms: Vec<String> = read("glossary.md")
        .lines()
        .filter_map(|l| l.strip_prefix("### "))
        .map(str::to_owned)
        .collect();
    assert!(terms.len() >= 30, "the glossary has {} terms", terms.len());
    let mut sorted = terms.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(terms, sorted, "the glossary's terms are out of order");

    let reading = read("further-reading.md");
    for source in [
        "rfc7748",
        "rfc5869",
        "csrc.nist.gov/pubs/sp/800/38/d",
        "noiseprotocol.org",
        "rfc8446",
    ] {
        assert!(
            reading.contains(source),
            "further reading does not link {source}"
        );
    }
}
