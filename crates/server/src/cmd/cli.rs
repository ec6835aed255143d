//! The command line: `wiretrail [serve]`, `wiretrail dissect ws HEX`, `wiretrail accept-key KEY`,
//! `wiretrail push`, `wiretrail exercises ...`.
//!
//! The help texts are part of the lesson: each flag says what it protects against and which
//! RFC rule it follows.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::labs::push::Params;

/// wiretrail — how the network got from ARPANET to WebSocket and HTTP/2, byte by byte.
///
/// Run with no arguments to serve the notebook and the labs on http://127.0.0.1:8080.
/// The other commands are the same dissectors the labs use, on the command line.
#[derive(Debug, Parser)]
#[command(name = "wiretrail", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Flags for `serve`, also accepted without the subcommand name.
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the web app, the WebSocket echo endpoint (/ws/echo) and the API (the default).
    Serve(ServeArgs),

    /// Dissect bytes given in hex, field by field and bit by bit.
    ///
    /// Spaces, colons and a 0x prefix are allowed between bytes. Try the masked "Hello" frame
    /// from RFC 6455 §5.7: `wiretrail dissect ws 818537fa213d7f9f4d5158`, or RFC 7541 C.3.1's
    /// header block: `wiretrail dissect hpack 828684410f7777772e6578616d706c652e636f6d`.
    ///
    /// Several frames in a row are dissected one after the other. Broken bytes are not an
    /// error: the dissector shows what it could read and which rule the rest breaks.
    Dissect(DissectArgs),

    /// Derive Sec-WebSocket-Accept from a Sec-WebSocket-Key, step by step (RFC 6455 §4.2.2).
    ///
    /// The server appends the fixed GUID 258EAFA5-E914-47DA-95CA-C5AB0DC85B11 to the client's
    /// key, hashes the result with SHA-1 and sends the hash in base64. The RFC's own example:
    /// `wiretrail accept-key dGhlIHNhbXBsZSBub25jZQ==`.
    AcceptKey {
        /// The value of the client's Sec-WebSocket-Key header (base64 of 16 random bytes).
        key: String,
        /// The language of the explanations (see `dissect --lang`).
        #[arg(long, value_enum)]
        lang: Option<Language>,
    },

    /// Measure the six ways a server pushes events to a page, on the wire.
    ///
    /// Starts this server quietly on a loopback port, publishes a feed of EVENTS small
    /// events (a counter and a timestamp, padded to PAYLOAD_BYTES) every INTERVAL_MS, and
    /// receives it with the server's own client by polling, long polling, the forever
    /// iframe, HTTP streaming, Server-Sent Events and a WebSocket, one after another. The
    /// connection tap counts every byte both ways and sorts it into HTTP headers, framing
    /// (chunk sizes, `data:` lines, frame headers) and payload; the client times each event
    /// from its publication. The same table as the push lab's page (/labs/push) and
    /// `POST /api/push/run`.
    Push(PushArgs),

    /// The workbook: exercises you solve in your own Rust crate, graded by snapshot tests.
    ///
    /// `wiretrail exercises init my-labs` writes a Cargo workspace with one crate per
    /// exercise, listed in the order of the book's chapters: NCP's sockets, the IPv4 header
    /// and checksum, TCP sequence numbers, an HTTP/1.1 request head, polling costs and
    /// Server-Sent Events, then WebSocket and HTTP/2. Each starts as a stub (`todo!()` and
    /// `// TODO` comments) with a TASK.md quoting its RFC. Commands work from anywhere
    /// inside the workbook; inside an exercise's folder, the exercise may go unnamed.
    ///
    /// The tests print an annotated dump of what your code did (a field listing, a
    /// derivation) and compare it with the answer key, so a failure is a readable diff:
    /// `-` lines are what the protocol requires, `+` lines what your code produced.
    ///
    /// The loop: `cd my-labs`, `wiretrail exercises list`, edit `01-accept-key/src/lib.rs`,
    /// `wiretrail exercises check 01`, read the diff, `wiretrail exercises hint 01` when
    /// stuck, and `wiretrail exercises watch` to re-grade on every save.
    Exercises(ExercisesArgs),

    /// The translations (한국어판): extract po/messages.pot, import parallel files into
    /// po/ko.po, or report what is missing or out of date.
    ///
    /// `wiretrail i18n extract` writes every message of chapters/ (mdbook-i18n-helpers'
    /// segmentation, plus quizzes, the timeline and the figures' text) to po/messages.pot.
    /// `wiretrail i18n import-parallel po/ko-src` pairs each Korean twin file with its
    /// English block by block and writes po/ko.po, naming every structural mismatch.
    /// `wiretrail i18n status` lists the missing and fuzzy messages of po/ko.po.
    I18n(I18nArgs),

    /// Teach a room: serve on the LAN in classroom mode (`serve --classroom`).
    ///
    /// Listens on 0.0.0.0:8080 (unless --addr says otherwise) and prints the URL students
    /// type, a QR code of it, and the teacher's link with a secret token (only this terminal
    /// sees it). Students join the chat-room lab (/labs/room), where every message is relayed
    /// to the whole room and each browser shows the frames; the teacher's view (/teacher)
    /// lists who is connected and broadcasts, pings or closes every socket with a code.
    Classroom(ServeArgs),

    /// Measure the chat-room relay: N clients on loopback in rooms, each sending messages.
    ///
    /// Starts this binary as a classroom server on a loopback port, opens the clients, has
    /// every client send its messages, and checks that every member of each room received
    /// every message of its room in each sender's order. Prints messages lost (must be 0),
    /// the relay latency (p50, p99, max), the server's memory per student (VmRSS before and
    /// after the clients joined), and what happens to a student who stops reading.
    BenchClassroom(BenchClassroomArgs),
}

/// `wiretrail bench-classroom`: how many clients, rooms and messages (bounded).
#[derive(Debug, Args)]
pub struct BenchClassroomArgs {
    /// Clients in all (1-5000).
    #[arg(long, default_value_t = 1000)]
    pub clients: usize,
    /// Clients per room (1-128).
    #[arg(long, default_value_t = 25)]
    pub room_size: usize,
    /// Messages each client sends (1-1000).
    #[arg(long, default_value_t = 20)]
    pub messages: usize,
    /// The whole run's time limit.
    #[arg(long, default_value = "120s", value_parser = parse_duration)]
    pub time_limit: Duration,
}

/// `wiretrail i18n ...`.
#[derive(Debug, Args)]
pub struct I18nArgs {
    #[command(subcommand)]
    pub command: I18nCommand,

    /// The book's sources.
    #[arg(long, global = true, default_value = "chapters")]
    pub chapters: PathBuf,

    /// The folder of the catalogs (messages.pot, ko.po).
    #[arg(long, global = true, default_value = "po")]
    pub po: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Write PO/messages.pot from the book's sources, and PO/pages, PO/scripts and PO/wire's
    /// messages.pot from the pages, the scripts and the dissections.
    Extract,
    /// Pair the parallel files under DIR with their English and write PO/ko.po (the
    /// translations already in it are kept where DIR has none); exits 1 on any mismatch.
    ImportParallel {
        /// The parallel tree (`po/ko-src`), mirroring chapters/.
        dir: PathBuf,
    },
    /// List the messages of PO/ko.po (and of each domain's ko.po) that are missing or fuzzy;
    /// with --strict, exit 1 if any.
    Status {
        #[arg(long)]
        strict: bool,
    },
}

/// `wiretrail exercises ...`: the flags every exercise command shares.
#[derive(Debug, Args)]
pub struct ExercisesArgs {
    #[command(subcommand)]
    pub command: ExercisesCommand,

    /// The workbook's directory, the one `wiretrail exercises init` wrote, or any directory
    /// inside it.
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,

    /// The grader's build directory (default DIR/.wiretrail/target). For the project's own
    /// tests: cargo names an exercise's artifacts by its path inside the workbook, so two
    /// workbooks must not share one while either is being graded.
    #[arg(
        long,
        global = true,
        hide = true,
        env = "WIRETRAIL_EXERCISES_TARGET_DIR"
    )]
    pub target_dir: Option<PathBuf>,

    /// The language of the messages, tasks and hints: `en` or `ko` (한국어). Default: the
    /// locale's (LC_ALL, LC_MESSAGES or LANG; Korean when it starts with `ko`). The grading
    /// is the same in every language: only what is printed changes.
    #[arg(long, global = true, value_name = "LANG", value_parser = parse_lang)]
    pub lang: Option<exercises::Lang>,
}

/// `en` or `ko` (also `ko-KR`, `ko_KR.UTF-8`).
fn parse_lang(s: &str) -> Result<exercises::Lang, String> {
    exercises::Lang::from_code(s).ok_or_else(|| format!("{s:?}: the languages are `en` and `ko`"))
}

/// The exercise commands. An ID is the folder name (`01-accept-key`), its number (`01`,
/// `1`) or its name (`accept-key`).
#[derive(Debug, Subcommand)]
pub enum ExercisesCommand {
    /// Write a new workbook into DIR (which must be empty or missing).
    ///
    /// You get a Cargo workspace: one crate per exercise with a stub `src/lib.rs`, a
    /// TASK.md, and the grading tests with their snapshots. The hints and the reference
    /// solutions stay inside wiretrail, handed out by `hint` and `solution`. The first
    /// `check` compiles the test dependencies (insta) once, into DIR/.wiretrail/target.
    Init {
        /// Where to write it, e.g. `my-labs`.
        dir: PathBuf,
    },

    /// Every exercise with its status (not started, in progress, failing, passed) and your
    /// progress.
    ///
    /// "passed" means the last check of exactly the code now in src/ passed; edit it and it
    /// is "in progress" again until the next check. Each line says how hard the exercise is
    /// and about how long it takes.
    List {
        /// Only the exercises not passed yet.
        #[arg(long)]
        pending: bool,
    },

    /// Grade one exercise: build it, run its tests, and show the diff of each failing
    /// snapshot.
    ///
    /// Before each run the grader restores the pristine tests and snapshots (and says so if
    /// you had changed them: the answer key is not yours to edit), runs insta in check
    /// mode (it never accepts or writes a snapshot), and stops the tests at the time limit,
    /// which is how an infinite loop shows up. Exit status: 0 passed, 1 failed.
    ///
    /// The grader builds only your src/ (and your own extra tests, reported apart): the
    /// manifests, a build.rs, a .cargo/config.toml or an insta.yaml in the workbook are not
    /// read, and each test's result is checked against the answer key by the grader itself.
    Check {
        /// The exercise, e.g. `01-accept-key` or `01` (default: the one whose folder you are
        /// in).
        id: Option<String>,
        /// Grade every exercise, in book order, one line each.
        #[arg(long, conflicts_with = "id")]
        all: bool,
        /// How long the tests may run (the build not counted).
        #[arg(long, default_value = "120s", value_parser = parse_duration)]
        time_limit: Duration,
    },

    /// Print an exercise's task (TASK.md; in Korean TASK.ko.md, or the English with a note
    /// when the translation is older than the English).
    Task {
        /// The exercise, e.g. `01-accept-key` or `01` (default: the one whose folder you are
        /// in).
        id: Option<String>,
    },

    /// The next hint for an exercise. Hints go from a nudge to nearly the answer; each call
    /// shows one more, and `list` counts how many you used.
    Hint {
        /// The exercise, e.g. `01-accept-key` or `01` (default: the one whose folder you are
        /// in).
        id: Option<String>,
        /// Every hint at once.
        #[arg(long)]
        all: bool,
    },

    /// Re-grade on every save: checks each second whether a file under an exercise's src/
    /// changed, and grades that exercise. When one passes, it moves on to the next exercise
    /// not passed yet, names it and grades it.
    ///
    /// Where file times are unreliable (some network or container file systems), press
    /// Enter to re-grade the current exercise by hand. Ctrl-C stops watching.
    Watch {
        /// The exercise to start with (default: the first one not passed yet).
        id: Option<String>,
        /// How long the tests may run (the build not counted).
        #[arg(long, default_value = "120s", value_parser = parse_duration)]
        time_limit: Duration,
    },

    /// The reference solution, once your own code for that exercise has passed a check.
    ///
    /// Read it to compare approaches; it is printed, never written over your file.
    Solution {
        /// The exercise, e.g. `01-accept-key` or `01` (default: the one whose folder you are
        /// in).
        id: Option<String>,
    },

    /// Put the stub (and the pristine tests) back. Your src/lib.rs is copied first into a
    /// new timestamped folder, DIR/.wiretrail/backup/TIME-reset-ID/, so every reset keeps
    /// its own copy; no other file of yours is removed.
    Reset {
        /// The exercise, e.g. `01-accept-key` or `01` (default: the one whose folder you are
        /// in).
        id: Option<String>,
    },
}

/// `wiretrail push`: the feed's choices (the bounds are the lab's: see `POST /api/push/run`).
#[derive(Debug, Args)]
pub struct PushArgs {
    /// How many events the feed publishes (1-1000).
    #[arg(long, default_value_t = Params::default().events)]
    pub events: u32,
    /// The time between two events, in ms (10-10000; events × interval at most 120 s).
    #[arg(long, default_value_t = Params::default().interval_ms)]
    pub interval_ms: u32,
    /// Each event's payload, in bytes (32-16384).
    #[arg(long, default_value_t = Params::default().payload_bytes)]
    pub payload_bytes: u32,
    /// How long the polling client waits after each answer before it asks again, in ms.
    #[arg(long, default_value_t = Params::default().poll_ms)]
    pub poll_ms: u32,
    /// A simulated network delay the server adds to each of its writes, in ms (0-500): a
    /// round trip per event shows.
    #[arg(long, default_value_t = Params::default().delay_ms)]
    pub delay_ms: u32,
    /// Print each technique's result as JSON (the answer of `POST /api/push/run`).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Protocol {
    /// WebSocket frames (RFC 6455 §5.2).
    Ws,
    /// HTTP/2 frames (RFC 9113 §4.1), after an optional client preface.
    H2,
    /// An HPACK header block (RFC 7541), decoded with a fresh dynamic table.
    Hpack,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Sender {
    /// Frames a client sent: RFC 6455 §5.3 says they must be masked.
    Client,
    /// Frames a server sent: RFC 6455 §5.1 says they must not be masked.
    Server,
}

#[derive(Debug, Args)]
pub struct DissectArgs {
    /// What the bytes are.
    #[arg(value_enum)]
    pub protocol: Protocol,
    /// The bytes in hex, e.g. 818537fa213d7f9f4d5158 (quote it if it has spaces).
    pub hex: String,
    /// Print the dissection as JSON (the same JSON the browser pages use).
    #[arg(long)]
    pub json: bool,
    /// Who sent the WebSocket frames, so the mask rule can be checked (without it, either is
    /// accepted). Ignored for h2 and hpack.
    #[arg(long, value_enum)]
    pub from: Option<Sender>,
    /// The language of the explanations (summaries, meanings, problems): `en` or `ko`
    /// (한국어). Without it, LC_ALL, LC_MESSAGES or LANG decides, the first one set: a value
    /// starting with `ko` (`ko_KR.UTF-8`) is Korean; anything else, English. Field names,
    /// values and RFC sections stay as the RFCs write them.
    #[arg(long, value_enum)]
    pub lang: Option<Language>,
}

/// The language a command explains bytes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Language {
    /// English, the dissectors' own words.
    En,
    /// Korean (한국어), from po/wire/ko.po.
    Ko,
}

impl Language {
    /// `--lang` if given, else the locale: the first of LC_ALL, LC_MESSAGES and LANG that is
    /// set and not empty, as POSIX orders them (`env` reads a variable).
    pub fn choose(flag: Option<Language>, env: impl Fn(&str) -> Option<String>) -> Language {
        if let Some(lang) = flag {
            return lang;
        }
        // The one reading of the locale, the workbook's (POSIX order, `ko…` is Korean).
        let locale = exercises::Lang::from_locale(
            env("LC_ALL").as_deref(),
            env("LC_MESSAGES").as_deref(),
            env("LANG").as_deref(),
        );
        match locale {
            exercises::Lang::Ko => Language::Ko,
            exercises::Lang::En => Language::En,
        }
    }
}

/// The server's flags. Every limit has a default a classroom can live with.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Where to listen. Loopback by default; a classroom on a LAN passes 0.0.0.0:8080.
    #[arg(long, env = "WIRETRAIL_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,

    /// The largest WebSocket message accepted, in bytes. Past it the server closes with 1009
    /// (Message Too Big), decided from the frame header before the payload is read.
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    pub max_message: usize,

    /// The largest single WebSocket frame accepted, in bytes (1009 past it).
    #[arg(long, default_value_t = 16 * 1024 * 1024)]
    pub max_frame: u64,

    /// How long a client has to send its whole opening handshake.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    pub handshake_timeout: Duration,

    /// After this long without a byte from the peer, the server sends a Ping (RFC 6455 §5.5.2).
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub ping_interval: Duration,

    /// After a Ping, how long the peer may stay silent before the server closes with 1001.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub idle_timeout: Duration,

    /// How long to wait for the peer's Close after sending one (RFC 6455 §7.1.1).
    #[arg(long, default_value = "5s", value_parser = parse_duration)]
    pub close_timeout: Duration,

    /// The most TCP connections open at once (pages, APIs, WebSockets, h2c alike); the next
    /// one gets a whole `503 Service Unavailable` with `Retry-After` and is closed. Default:
    /// the process's open-file limit (RLIMIT_NOFILE) less an eighth for the server itself,
    /// at most 10000.
    #[arg(long)]
    pub max_connections: Option<usize>,

    /// Host names this server answers to besides localhost, 127.0.0.1, [::1] and the listen
    /// address (classroom mode adds its LAN address and the machine's name; listening on
    /// 0.0.0.0, any IP literal). Any other `Host` gets 421 Misdirected Request: a page whose
    /// own name was made to point here (DNS rebinding) is refused.
    /// Repeat the flag, or give a comma-separated list in the environment; `*` turns the
    /// check off.
    #[arg(
        long = "allow-host",
        value_name = "NAME",
        env = "WIRETRAIL_ALLOW_HOST",
        value_delimiter = ',',
        value_parser = parse_host_name
    )]
    pub allow_hosts: Vec<String>,

    /// How long a request body may take to arrive, from its head; past it 408 Request
    /// Timeout and the connection is closed.
    #[arg(long, default_value = "10s", value_parser = parse_duration)]
    pub body_timeout: Duration,

    /// How long a connection (HTTP/1.1 keep-alive or h2c) may stay open with no request in
    /// flight before the server closes it (GOAWAY on HTTP/2).
    #[arg(long, default_value = "60s", value_parser = parse_duration)]
    pub keep_alive_timeout: Duration,

    /// How long a response may wait on a peer that does not take it (an HTTP/2 flow-control
    /// window left at zero) before the connection is closed.
    #[arg(long, default_value = "30s", value_parser = parse_duration)]
    pub send_timeout: Duration,

    /// The bytes all WebSocket messages being put together may hold at once, across every
    /// connection; a connection that needs more is closed with 1013 (Try Again Later).
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    pub message_budget: usize,

    /// Origins whose pages may open WebSockets here, besides the server's own (RFC 6455 §10.2).
    /// Repeat the flag for several; `*` allows every origin.
    #[arg(long = "allow-origin", value_name = "ORIGIN")]
    pub allow_origins: Vec<String>,

    /// Serve the book from this `chapters/` folder instead of the copy built into the binary
    /// (for authors: edit a chapter, restart, read it).
    #[arg(long, value_name = "DIR")]
    pub book: Option<std::path::PathBuf>,

    /// The learner's workbook (the directory `wiretrail exercises init` wrote), whose
    /// exercises the chapter pages show with their status, hints and a Check button.
    /// Default: the current directory, when it is a workbook.
    #[arg(long, value_name = "DIR")]
    pub workbook: Option<PathBuf>,

    /// The grader's build directory for the chapter pages' Check button (default
    /// DIR/.wiretrail/target). For the project's own tests, as with `wiretrail exercises`.
    #[arg(
        long,
        hide = true,
        env = "WIRETRAIL_EXERCISES_TARGET_DIR",
        value_name = "DIR"
    )]
    pub exercises_target_dir: Option<PathBuf>,

    /// Classroom mode (what `wiretrail classroom` turns on): listens on the LAN (0.0.0.0:8080
    /// unless --addr says otherwise), prints the students' URL with a QR code and the
    /// teacher's secret link; the workbook and anything that runs programs answer only the
    /// teacher, each lab session only the browser that made it, and each student's computer
    /// has limits (429 past them).
    #[arg(long)]
    pub classroom: bool,

    /// The teacher's token instead of a random one (for scripts and tests).
    #[arg(long, hide = true, env = "WIRETRAIL_TEACHER_TOKEN")]
    pub teacher_token: Option<String>,

    /// In classroom mode, treat loopback clients as students (for tests).
    #[arg(long, hide = true)]
    pub loopback_is_student: bool,
}

/// Reads an `--allow-host` value: a host name or IP literal, with or without a port, or `*`.
pub fn parse_host_name(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s == "*" || crate::net::host::split_host(s.as_bytes()).is_some() {
        Ok(s.to_owned())
    } else {
        Err(format!(
            "{s:?} is not a host name like lab.example or 192.168.1.20:8080 (no scheme, no path)"
        ))
    }
}

/// Why a flag's value is not a duration.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    /// No number, or one too large.
    #[error("{0:?} is not a duration like 10s, 500ms or 2m")]
    NotADuration(String),
    /// A number with a unit other than ms, s or m.
    #[error("unknown unit {0:?}: use ms, s or m")]
    UnknownUnit(String),
}

/// Reads `10s`, `500ms`, `2m` or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, DurationError> {
    let s = s.trim();
    let (digits, unit) = s
        .find(|c: char| !c.is_ascii_digit())
        .map_or((s, ""), |i| s.split_at(i));
    let not_one = || DurationError::NotADuration(s.to_owned());
    let n: u64 = digits.parse().map_err(|_| not_one())?;
    match unit {
        "" | "s" => Ok(Duration::from_secs(n)),
        "ms" => Ok(Duration::from_millis(n)),
        "m" => n
            .checked_mul(60)
            .map(Duration::from_secs)
            .ok_or_else(not_one),
        _ => Err(DurationError::UnknownUnit(unit.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_flag_then_the_locale() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let ko = Some(Language::Ko);
        assert_eq!(Language::choose(None, env(&[])), Language::En);
        assert_eq!(
            Language::choose(None, env(&[("LANG", "ko_KR.UTF-8")])),
            Language::Ko
        );
        assert_eq!(
            Language::choose(None, env(&[("LANG", "en_US.UTF-8")])),
            Language::En
        );
        assert_eq!(
            Language::choose(Some(Language::En), env(&[("LANG", "ko")])),
            Language::En
        );
        assert_eq!(Language::choose(ko, env(&[("LC_ALL", "C")])), Language::Ko);
        // POSIX order: LC_ALL, then LC_MESSAGES, then LANG; an empty one is unset.
        let c_over_ko = env(&[("LC_ALL", "C"), ("LANG", "ko_KR.UTF-8")]);
        assert_eq!(Language::choose(None, c_over_ko), Language::En);
        let messages = env(&[("LC_ALL", ""), ("LC_MESSAGES", "ko_KR"), ("LANG", "en_US")]);
        assert_eq!(Language::choose(None, messages), Language::Ko);
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10s"), Ok(Duration::from_secs(10)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        assert_eq!(parse_duration("7"), Ok(Duration::from_secs(7)));
        assert!(parse_duration("soon").is_err());
        assert!(parse_duration("5h").is_err());
        assert!(parse_duration(&format!("{}m", u64::MAX)).is_err());
    }

    #[test]
    fn allow_host_takes_names_not_urls() {
        assert_eq!(
            parse_host_name("Lab.Example:8080").as_deref(),
            Ok("Lab.Example:8080")
        );
        assert!(parse_host_name("*").is_ok());
        assert!(parse_host_name("[::1]").is_ok());
        assert!(parse_host_name("http://lab.example").is_err());
        assert!(parse_host_name("lab.example/path").is_err());
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
