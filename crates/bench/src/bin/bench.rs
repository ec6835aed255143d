//! `bench echo|lab|pages [options]`: wiretrail side by side with its peers, on this machine.
//! See the crate docs (`src/lib.rs`) and `crates/bench/run` for how to build and run it.
//!
//! Options (all have defaults):
//!
//! ```text
//!   --quick            one run of 1 s per figure (10-20 s a benchmark): to check it works
//!   --full             five runs of 2 s per figure (the default): the figures to quote
//!   --wiretrail PATH   the release binary (target/release/wiretrail)
//!   --runs N           runs per figure, taken in turn; the median is printed (5)
//!   --seconds S        length of one run (2)
//!   --window W         WebSocket messages in flight (1: ping-pong)
//!   --sizes A,B,…      WebSocket payload sizes in bytes
//!   --page PATH        the chapter page for `pages` (/08-websocket/frames.html)
//!   --connections C    wrk's connections for `pages` (32)
//!   --url HOST/PATH    for `load`: one WebSocket load on a server already running
//! ```
//!
//! `bench load --url 127.0.0.1:8080/ws/echo --sizes 65536` runs the load client alone, for
//! a profiler attached to the server.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use wiretrail_bench::Result;
use wiretrail_bench::client::{self, Load};
use wiretrail_bench::http::{self, EventReader};
use wiretrail_bench::report::{self, Grid};
use wiretrail_bench::spawn::{self, Server};

#[derive(Debug, Clone)]
struct Options {
    wiretrail: PathBuf,
    runs: usize,
    seconds: f64,
    window: usize,
    sizes: Option<Vec<usize>>,
    page: String,
    connections: usize,
    url: Option<String>,
    quick: bool,
}

fn parse(args: &[String]) -> Result<Options> {
    let mut o = Options {
        wiretrail: PathBuf::from("target/release/wiretrail"),
        runs: 5,
        seconds: 2.0,
        window: 1,
        sizes: None,
        page: "/08-websocket/frames.html".to_owned(),
        connections: 32,
        url: None,
        quick: false,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        // The modes first: they set --runs and --seconds, which may follow to change them.
        match flag.as_str() {
            "--quick" => {
                (o.quick, o.runs, o.seconds) = (true, 1, 1.0);
                continue;
            }
            "--full" => {
                (o.quick, o.runs, o.seconds) = (false, 5, 2.0);
                continue;
            }
            _ => {}
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--wiretrail" => o.wiretrail = PathBuf::from(value),
            "--runs" => o.runs = value.parse()?,
            "--seconds" => o.seconds = value.parse()?,
            "--window" => o.window = value.parse()?,
            "--sizes" => {
                o.sizes = Some(
                    value
                        .split(',')
                        .map(str::parse)
                        .collect::<std::result::Result<_, _>>()?,
                );
            }
            "--page" => o.page = value.clone(),
            "--connections" => o.connections = value.parse()?,
            "--url" => o.url = Some(value.clone()),
            _ => return Err(format!("unknown option {flag}").into()),
        }
    }
    if o.runs == 0 || o.seconds <= 0.0 || o.seconds > 60.0 {
        return Err("--runs must be at least 1 and --seconds between 0 and 60".into());
    }
    Ok(o)
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((what, rest)) = args.split_first() else {
        return Err("usage: bench echo|lab|pages [options] (see the source's docs)".into());
    };
    let options = parse(rest)?;
    println!("machine: {}", report::machine());
    let before = report::busy_cores(Duration::from_secs(1));
    println!(
        "mode: {}",
        if options.quick {
            "--quick (one short run per figure: it shows the benchmark works; do not quote it)"
        } else {
            "full (the median of several runs per figure)"
        }
    );
    spawn::pin_self()?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    match what.as_str() {
        "echo" => rt.block_on(echo(&options))?,
        "lab" => rt.block_on(lab(&options))?,
        "pages" => rt.block_on(pages(&options))?,
        "load" => rt.block_on(load_one(&options))?,
        _ => return Err(format!("unknown benchmark {what}").into()),
    }
    let after = report::busy_cores(Duration::from_secs(1));
    println!("machine: {}", report::quiet_or_shared(before, after));
    println!("load average after: {}", report::load_average());
    Ok(())
}

fn wiretrail(options: &Options) -> Result<Server> {
    let server = Server::start(
        "wiretrail",
        &options.wiretrail,
        &["serve", "--addr", "127.0.0.1:0"],
    )?;
    server.wait_ready()?;
    Ok(server)
}

fn load(options: &Options, size: usize) -> Load {
    Load {
        size,
        window: options.window,
        duration: Duration::from_secs_f64(options.seconds),
        max_messages: 50_000_000,
    }
}

fn describe(options: &Options, unit: &str) {
    println!(
        "server on core {}, load on core {}; {} s a run, the median of {} runs taken in turn \
         (min–max); {unit}",
        spawn::SERVER_CORE,
        spawn::LOAD_CORE,
        options.seconds,
        options.runs
    );
}

/// One load per size on `--url`, printed as it is measured.
async fn load_one(options: &Options) -> Result<()> {
    let url = options
        .url
        .as_deref()
        .ok_or("load needs --url HOST:PORT/PATH")?;
    let (host, path) = url
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .ok_or("--url is HOST:PORT/PATH")?;
    for &size in options.sizes.as_deref().unwrap_or(&[64]) {
        for _ in 0..options.runs {
            let outcome = client::run(host, &path, load(options, size)).await?;
            println!(
                "{}: {:.0} messages/s",
                report::size(size),
                outcome.per_second()
            );
        }
    }
    Ok(())
}

/// wiretrail's `/ws/echo` against the three peers' echo servers.
async fn echo(options: &Options) -> Result<()> {
    let sizes = options
        .sizes
        .clone()
        .unwrap_or_else(|| vec![64, 1024, 16 * 1024, 64 * 1024]);
    let dir = std::env::current_exe()?
        .parent()
        .map(Path::to_path_buf)
        .ok_or("no folder for the peers")?;
    let mut servers = vec![(wiretrail(options)?, "/ws/echo")];
    for peer in ["fastwebsockets", "tokio-websockets", "tokio-tungstenite"] {
        let server = Server::start(peer, &dir.join(format!("echo-{peer}")), &[])?;
        server.wait_ready()?;
        servers.push((server, "/"));
    }
    println!(
        "echo: one connection, binary messages, window {} (messages in flight)",
        options.window
    );
    describe(options, "messages per second");
    let mut grid = Grid::new(
        sizes.iter().map(|&s| report::size(s)).collect(),
        servers.iter().map(|(s, _)| s.name.clone()).collect(),
    );
    for _ in 0..options.runs {
        for (i, &size) in sizes.iter().enumerate() {
            for (j, (server, path)) in servers.iter().enumerate() {
                let cpu = server.cpu_ns();
                let outcome = client::run(&server.addr, path, load(options, size))
                    .await
                    .map_err(|e| format!("{}: {e}", server.name))?;
                let cpu = server.cpu_ns() - cpu;
                grid.record(i, j, outcome.messages, outcome.elapsed.as_secs_f64(), cpu);
            }
        }
    }
    let names: Vec<String> = grid.columns.clone();
    // The best peer by rate, and by CPU per message.
    let best_rate = |rates: &[f64]| {
        let (i, best) = rates
            .iter()
            .enumerate()
            .skip(1)
            .fold((0, 0.0), |a, (i, &r)| if r > a.1 { (i, r) } else { a });
        format!("{} ({})", report::ratio(rates[0], best), names[i])
    };
    let best_cpu = |cpus: &[f64]| {
        let (i, best) = cpus
            .iter()
            .enumerate()
            .skip(1)
            .fold(
                (0, f64::INFINITY),
                |a, (i, &c)| if c < a.1 { (i, c) } else { a },
            );
        format!("{} ({})", report::ratio(best, cpus[0]), names[i])
    };
    grid.print(
        "payload",
        "message",
        &[
            ("wiretrail ÷ best peer, rate", &|r, _| best_rate(r)),
            ("best peer's CPU ÷ wiretrail's", &|_, c| best_cpu(c)),
        ],
    );
    Ok(())
}

/// The lab socket, with and without a page reading its events, against `/ws/echo`.
async fn lab(options: &Options) -> Result<()> {
    let sizes = options
        .sizes
        .clone()
        .unwrap_or_else(|| vec![64, 1024, 16 * 1024]);
    if options.runs * sizes.len() * 2 > 60 {
        return Err("runs × sizes × 2 lab sessions must stay within the lab's 64".into());
    }
    let server = wiretrail(options)?;
    let host = server.addr.as_str();
    println!(
        "lab: one connection, binary messages, window {}; `/ws/lab?session=…` (a fresh session \
         each run) without and with a page reading `/lab/events/{{id}}`, against `/ws/echo`",
        options.window
    );
    describe(options, "messages per second");
    let modes = ["/ws/echo", "/ws/lab", "/ws/lab + page"];
    let mut grid = Grid::new(
        sizes.iter().map(|&s| report::size(s)).collect(),
        modes.iter().map(|m| (*m).to_owned()).collect(),
    );
    let mut page_bytes = 0u64;
    for _ in 0..options.runs {
        for (i, &size) in sizes.iter().enumerate() {
            for (j, mode) in modes.iter().enumerate() {
                let (path, reader) = match j {
                    0 => ("/ws/echo".to_owned(), None),
                    _ => {
                        let id = http::lab_session(host).await?;
                        let reader = match j {
                            2 => Some(EventReader::open(host, &id).await?),
                            _ => None,
                        };
                        (format!("/ws/lab?session={id}"), reader)
                    }
                };
                let cpu = server.cpu_ns();
                let outcome = client::run(host, &path, load(options, size))
                    .await
                    .map_err(|e| format!("{mode}: {e}"))?;
                if let Some(reader) = reader {
                    page_bytes += reader.stop().await;
                }
                let cpu = server.cpu_ns() - cpu;
                grid.record(i, j, outcome.messages, outcome.elapsed.as_secs_f64(), cpu);
            }
        }
    }
    grid.print(
        "payload",
        "message",
        &[
            ("echo ÷ lab, rate", &|r, _| report::ratio(r[0], r[1])),
            ("echo ÷ lab + page, rate", &|r, _| {
                report::ratio(r[0], r[2])
            }),
            ("lab ÷ echo, CPU", &|_, c| report::ratio(c[1], c[0])),
            ("lab + page ÷ echo, CPU", &|_, c| report::ratio(c[2], c[0])),
        ],
    );
    println!("\nthe pages read {page_bytes} bytes of events in all");
    Ok(())
}

/// A chapter page and `/print.html` from wiretrail, and the same bytes with the same headers
/// from nginx, both pinned like the echo servers; requests per second by `wrk`.
async fn pages(options: &Options) -> Result<()> {
    let server = wiretrail(options)?;
    let host = server.addr.clone();
    let dir = std::env::temp_dir().join(format!("wiretrail-bench-nginx-{}", std::process::id()));
    let root = dir.join("root");
    std::fs::create_dir_all(&root)?;
    // nginx's workers may run as another user: let them read the files.
    set_mode(&dir, 0o755)?;
    set_mode(&root, 0o755)?;

    let paths = [options.page.clone(), "/print.html".to_owned()];
    let encodings = ["identity", "gzip"];
    let mut extra_headers: Vec<(String, String)> = Vec::new();
    let mut bodies = Vec::new();
    for path in &paths {
        for encoding in encodings {
            let response = http::get(&host, path, &[("Accept-Encoding", encoding)]).await?;
            if response.status != 200 {
                return Err(format!("{path}: {}", response.status).into());
            }
            let gz = response.header("content-encoding") == Some("gzip");
            let file = root.join(path.trim_start_matches('/'));
            if let Some(parent) = file.parent() {
                std::fs::create_dir_all(parent)?;
                set_mode(parent, 0o755)?;
            }
            let file = if gz {
                file.with_extension("html.gz")
            } else {
                file
            };
            std::fs::write(&file, &response.body)?;
            set_mode(&file, 0o644)?;
            extra_headers = copied_headers(&response);
            bodies.push((path.clone(), encoding, response.body.len(), response.body));
        }
    }
    let port = spawn::free_port()?;
    let conf = nginx_conf(&dir, port, &extra_headers);
    std::fs::write(dir.join("nginx.conf"), conf)?;
    let nginx = NginxGuard::start(&dir, port)?;
    let nginx_host = format!("127.0.0.1:{port}");
    // The same bytes from both.
    for (path, encoding, _, body) in &bodies {
        let theirs = http::get(&nginx_host, path, &[("Accept-Encoding", encoding)]).await?;
        if &theirs.body != body {
            return Err(
                format!("nginx does not serve the same bytes for {path} ({encoding})").into(),
            );
        }
    }
    println!(
        "pages: wrk -t1 -c{} on keep-alive connections; wiretrail and nginx (one worker, \
         sendfile on, gzip_static for the gzip rows) serve the same bytes with the same \
         headers",
        options.connections
    );
    describe(options, "requests per second");
    let targets = [("wiretrail", host.as_str()), ("nginx", nginx_host.as_str())];
    let mut grid = Grid::new(
        bodies
            .iter()
            .map(|(path, encoding, len, _)| format!("{path} | {encoding} | {len}"))
            .collect(),
        targets.iter().map(|(name, _)| (*name).to_owned()).collect(),
    );
    for _ in 0..options.runs {
        for (i, (path, encoding, _, _)) in bodies.iter().enumerate() {
            for (j, (_, target)) in targets.iter().enumerate() {
                let pid = if j == 0 { server.pid() } else { nginx.pid() };
                let cpu = spawn::cpu_ns(pid);
                let (requests, seconds) = wrk(options, target, path, encoding)?;
                let cpu = spawn::cpu_ns(pid) - cpu;
                grid.record(i, j, requests, seconds, cpu);
            }
        }
    }
    drop(nginx);
    grid.print(
        "page | encoding | bytes",
        "request",
        &[
            ("wiretrail ÷ nginx, rate", &|r, _| {
                report::ratio(r[0], r[1])
            }),
            ("nginx's CPU ÷ wiretrail's", &|_, c| {
                report::ratio(c[1], c[0])
            }),
        ],
    );
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The headers of ours that nginx should send too (it writes Date, Content-Length,
/// Content-Type, ETag and the rest itself).
fn copied_headers(response: &http::Response) -> Vec<(String, String)> {
    const OWN: &[&str] = &[
        "date",
        "content-length",
        "content-type",
        "etag",
        "last-modified",
        "connection",
        "content-encoding",
        "vary",
        "transfer-encoding",
        "keep-alive",
        "server",
        "accept-ranges",
    ];
    response
        .headers
        .iter()
        .filter(|(n, _)| !OWN.contains(&n.as_str()))
        .cloned()
        .collect()
}

fn nginx_conf(dir: &Path, port: u16, headers: &[(String, String)]) -> String {
    let d = dir.display();
    let add: String = headers
        .iter()
        .map(|(n, v)| {
            let v = v.replace('\\', "\\\\").replace('"', "\\\"");
            format!("      add_header {n} \"{v}\" always;\n")
        })
        .collect();
    format!(
        "worker_processes 1;\n\
         daemon off;\n\
         pid {d}/nginx.pid;\n\
         error_log {d}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n\
           access_log off;\n\
           sendfile on;\n\
           tcp_nopush on;\n\
           tcp_nodelay on;\n\
           keepalive_timeout 65;\n\
           keepalive_requests 100000000;\n\
           types {{ text/html html; }}\n\
           default_type text/html;\n\
           charset utf-8;\n\
           client_body_temp_path {d}/body;\n\
           proxy_temp_path {d}/proxy;\n\
           fastcgi_temp_path {d}/fastcgi;\n\
           uwsgi_temp_path {d}/uwsgi;\n\
           scgi_temp_path {d}/scgi;\n\
           server {{\n\
             listen 127.0.0.1:{port};\n\
             root {d}/root;\n\
             gzip_static on;\n\
             gzip_vary on;\n\
             etag on;\n\
{add}\
           }}\n\
         }}\n"
    )
}

/// nginx, pinned to the server core, stopped when dropped.
struct NginxGuard(Option<std::process::Child>);

impl NginxGuard {
    /// The master's pid (its worker is counted with it).
    fn pid(&self) -> u32 {
        self.0.as_ref().map_or(0, std::process::Child::id)
    }

    fn start(dir: &Path, port: u16) -> Result<NginxGuard> {
        let child = Command::new("taskset")
            .args(["-c", spawn::SERVER_CORE, "/usr/sbin/nginx", "-p"])
            .arg(dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(dir.join("nginx.conf"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let guard = NginxGuard(Some(child));
        let until = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if std::time::Instant::now() > until {
                let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
                return Err(format!("nginx did not start: {log}").into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(guard)
    }
}

impl Drop for NginxGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            // SIGTERM via kill(1) would need the pid; nginx stops on SIGKILL to its master
            // too, and its single worker exits when the master is gone.
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// One `wrk` run (on this process's core): the requests it completed, in how many seconds.
fn wrk(options: &Options, host: &str, path: &str, encoding: &str) -> Result<(u64, f64)> {
    let output = Command::new("wrk")
        .args([
            "-t1",
            &format!("-c{}", options.connections),
            &format!("-d{}s", options.seconds.ceil().max(1.0) as u64),
            "--timeout",
            "5s",
            "-H",
            &format!("Accept-Encoding: {encoding}"),
            &format!("http://{host}{path}"),
        ])
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") || text.contains("Socket errors") {
        return Err(format!("wrk got errors from {host}{path}: {text}").into());
    }
    // "  123456 requests in 2.00s, 1.23GB read"
    text.lines()
        .find_map(|l| {
            let (requests, rest) = l.trim().split_once(" requests in ")?;
            let seconds = rest.split_once('s')?.0;
            Some((requests.parse().ok()?, seconds.parse().ok()?))
        })
        .ok_or_else(|| format!("no figure from wrk: {text}").into())
}

fn set_mode(path: &Path, mode: u32) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))?;
    Ok(())
}
