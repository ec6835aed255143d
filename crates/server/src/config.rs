//! The server's settings, gathered from the command line into one value the app shares.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use websocket::connection::Config as WsConfig;

use crate::cmd::cli::ServeArgs;
use crate::net::budget::MessageBudget;

/// Every limit and every wait the server enforces. Built from [`ServeArgs`]; tests build it
/// directly.
#[derive(Debug, Clone)]
pub struct Settings {
    pub addr: SocketAddr,
    pub max_message: usize,
    pub max_frame: u64,
    pub handshake_timeout: Duration,
    pub ping_interval: Duration,
    pub idle_timeout: Duration,
    pub close_timeout: Duration,
    /// Every TCP connection counts (see `net::conn`).
    pub max_connections: usize,
    pub allow_origins: Vec<String>,
    /// `--allow-host`: names besides the default ones (see `net::host`).
    pub allow_hosts: Vec<String>,
    /// A request body's read deadline (408 past it).
    pub body_timeout: Duration,
    /// An idle connection's timeout, HTTP/1.1 and h2c.
    pub keep_alive_timeout: Duration,
    /// How long a response may wait on a peer that does not take it.
    pub send_timeout: Duration,
    /// The global budget for WebSocket messages being assembled (1013 past it).
    pub message_budget: Arc<MessageBudget>,
    /// Read the book from this `chapters/` folder instead of the embedded copy.
    pub book_dir: Option<std::path::PathBuf>,
    /// The learner's workbook, whose exercises the chapter pages show (see [`workbook_dir`]).
    pub workbook: Option<std::path::PathBuf>,
    /// The grader's build directory (default: the workbook's `.wiretrail/target`).
    pub exercises_target_dir: Option<std::path::PathBuf>,
    /// Classroom mode: the LAN rules, the teacher's token, the rooms' teacher view.
    pub classroom: bool,
    /// The teacher's token (a random one when `None`).
    pub teacher_token: Option<String>,
    /// For tests that play students from loopback: loopback is not the teacher.
    pub loopback_is_student: bool,
}

impl Settings {
    /// The WebSocket codec's limits.
    pub fn ws_config(&self) -> WsConfig {
        WsConfig {
            max_message_size: self.max_message,
            max_frame_size: self.max_frame,
        }
    }
}

impl From<ServeArgs> for Settings {
    fn from(a: ServeArgs) -> Self {
        Self {
            addr: a.addr,
            max_message: a.max_message,
            max_frame: a.max_frame,
            handshake_timeout: a.handshake_timeout,
            ping_interval: a.ping_interval,
            idle_timeout: a.idle_timeout,
            close_timeout: a.close_timeout,
            max_connections: a
                .max_connections
                .unwrap_or_else(crate::net::conn::default_max_connections),
            allow_origins: a.allow_origins,
            allow_hosts: a.allow_hosts,
            body_timeout: a.body_timeout,
            keep_alive_timeout: a.keep_alive_timeout,
            send_timeout: a.send_timeout,
            message_budget: MessageBudget::new(a.message_budget),
            book_dir: a.book,
            workbook: workbook_dir(a.workbook),
            exercises_target_dir: a.exercises_target_dir,
            classroom: a.classroom,
            teacher_token: a.teacher_token,
            loopback_is_student: a.loopback_is_student,
        }
    }
}

/// The workbook the app shows: `--workbook DIR` if given (made absolute; the pages say so if
/// it is not a workbook), else the workbook the current directory is in (it, or a parent,
/// holds the `.wiretrail/` marker that `wiretrail exercises init` writes), else none.
pub fn workbook_dir(flag: Option<std::path::PathBuf>) -> Option<std::path::PathBuf> {
    workbook_dir_from(flag, std::path::Path::new("."))
}

/// [`workbook_dir`] seen from the directory `here`: it or one of its parents, so that
/// `wiretrail` started inside `01-accept-key/` finds the workbook as the `exercises`
/// commands do.
fn workbook_dir_from(
    flag: Option<std::path::PathBuf>,
    here: &std::path::Path,
) -> Option<std::path::PathBuf> {
    let dir = match flag {
        Some(dir) => dir,
        None => exercises::workspace::locate(here).ok()?.root,
    };
    Some(std::path::absolute(&dir).unwrap_or(dir))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workbook_is_found_from_inside_an_exercise_folder() {
        let tmp = std::env::temp_dir().join(format!("wiretrail-config-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        exercises::workspace::init(&tmp).unwrap();
        let inside = tmp.join("01-accept-key").join("src");
        assert_eq!(workbook_dir_from(None, &inside), Some(tmp.clone()));
        assert_eq!(workbook_dir_from(None, &std::env::temp_dir()), None);
        let flag = workbook_dir_from(Some(tmp.join("elsewhere")), &inside);
        assert_eq!(
            flag,
            Some(tmp.join("elsewhere")),
            "--workbook wins, as given"
        );
        let _ = std::fs::remove_dir_all(&tmp);
    }
}
