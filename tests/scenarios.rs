//! Conversation transcripts in `tests/scenarios/*.txt`, replayed through the console.
//!
//! A transcript is what `opsdesk console` prints for piped input: each input line echoed as
//! `> line`, followed by the lines it printed. The test feeds the `> ` lines to a fresh
//! console and expects exactly the rest. An optional first line `# args: --now … --as …`
//! sets the clock and the actor. To write a new transcript, put its input lines (each
//! starting with `> `) in a file and run with `BLESS=1`; then read what it printed.
//!
//! Attached images (digest charts) are saved in a folder of the test's own, written `$OUT`
//! in the transcript; a transcript's images are checked to be the PNGs its lines name.

use std::path::PathBuf;

use crate::support::{spawn_app, spawn_app_on_postgres, TestApp, MONDAY_10AM};

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(format!("{name}.txt"))
}

/// `--now` and `--as` from the `# args:` header.
fn header(text: &str) -> (String, String) {
    let mut now = MONDAY_10AM.to_string();
    let mut actor = "admin".to_string();
    if let Some(args) = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("> # args:"))
    {
        let words: Vec<&str> = args.split_whitespace().collect();
        for pair in words.windows(2) {
            match pair[0] {
                "--now" => now = pair[1].to_string(),
                "--as" => actor = pair[1].to_string(),
                _ => {}
            }
        }
    }
    (now, actor)
}

/// Which database a transcript is replayed on.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Backend {
    Sqlite,
    Postgres,
}

async fn replay(name: &str, backend: Backend) {
    let file = path(name);
    let expected =
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let input: String = expected
        .lines()
        .filter_map(|l| l.strip_prefix("> ").or_else(|| (l == ">").then_some("")))
        .map(|l| format!("{l}\n"))
        .collect();
    let (now, actor) = header(&expected);
    let mut app: TestApp = match backend {
        Backend::Sqlite => spawn_app(&now, &actor).await,
        Backend::Postgres => match spawn_app_on_postgres(&now, &actor).await {
            Some(app) => app,
            None => return,
        },
    };
    let actual = app.console.run_script(&input).await;
    let out = app.out.display().to_string();
    let actual = actual.replace(&out, "$OUT");
    check_attachments(&actual, &app.out);
    // Transcripts are written from SQLite runs; PostgreSQL must print the same.
    if std::env::var_os("BLESS").is_some() && backend == Backend::Sqlite {
        std::fs::write(&file, &actual).unwrap();
        return;
    }
    if actual != expected {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines().chain(std::iter::repeat("<missing>")))
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
            .collect();
        panic!(
            "transcript {name} differs ({} expected lines, {} actual):\n{}\n--- full output ---\n{actual}",
            expected.lines().count(),
            actual.lines().count(),
            diff.join("\n")
        );
    }
}

/// Every `[attachment] NAME W×H saved to $OUT/NAME` line names a PNG of that size, every
/// `[attachment] NAME.csv N B saved to …` a CSV file of that many bytes, and every `.md` or
/// `.html` one a transcript's Markdown file or HTML page of that many bytes.
fn check_attachments(transcript: &str, out: &std::path::Path) {
    for line in transcript.lines() {
        let Some((_, rest)) = line.split_once("[attachment] ") else {
            continue;
        };
        let words: Vec<&str> = rest.split_whitespace().collect();
        let (name, size) = (words[0], words[1]);
        assert_eq!(
            words.last(),
            Some(&format!("$OUT/{name}").as_str()),
            "{line}"
        );
        let bytes = std::fs::read(out.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        if name.ends_with(".md") || name.ends_with(".html") {
            assert_eq!(
                format!("{} B", bytes.len()),
                words[1..3].join(" "),
                "{line}"
            );
            let text = String::from_utf8(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
            let first = if name.ends_with(".md") {
                "# "
            } else {
                "<!DOCTYPE html>"
            };
            assert!(text.starts_with(first), "{name}: {text}");
            continue;
        }
        if name.ends_with(".csv") {
            assert_eq!(
                format!("{} B", bytes.len()),
                words[1..3].join(" "),
                "{line}"
            );
            let mut rows = csv::Reader::from_reader(bytes.as_slice());
            assert!(rows.records().all(|r| r.is_ok()), "{name}: not CSV");
            continue;
        }
        let decoder = png::Decoder::new(bytes.as_slice());
        let info = decoder.read_info().expect("a PNG").info().clone();
        assert_eq!(format!("{}×{}", info.width, info.height), size, "{line}");
    }
}

macro_rules! scenarios {
    ($($name:ident),* $(,)?) => {
        $(
            #[tokio::test]
            async fn $name() {
                replay(stringify!($name), Backend::Sqlite).await;
            }
        )*

        /// The same transcripts on PostgreSQL (skipped without `OPSDESK_TEST_POSTGRES`).
        mod on_postgres {
            use super::{replay, Backend};
            $(
                #[tokio::test]
                async fn $name() {
                    replay(stringify!($name), Backend::Postgres).await;
                }
            )*
        }

        #[test]
        fn every_transcript_file_has_a_test() {
            let listed = [$(stringify!($name)),*];
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/scenarios");
            for entry in std::fs::read_dir(dir).unwrap() {
                let name = entry.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned();
                assert!(listed.contains(&name.as_str()), "tests/scenarios/{name}.txt has no test");
            }
        }
    };
}

scenarios!(
    tickets_lifecycle_en,
    tickets_lifecycle_ro,
    bad_input_en,
    bad_input_ro,
    organisation,
    organisation_changes,
    sla_clocks,
    visibility,
    tasks_week_en,
    tasks_week_ro,
    tasks_bad_input,
    approvals_en,
    approvals_ro,
    approvals_bad_input,
    escalations_en,
    escalations_ro,
    escalations_bad_input,
    digests_en,
    digests_ro,
    digests_bad_input,
    exports_en,
    exports_ro,
    exports_bad_input,
    digests_roles,
    budgets_en,
    budgets_ro,
    budgets_bad_input,
    ratings,
    ratings_ro,
    transcripts_en,
    transcripts_ro,
);
