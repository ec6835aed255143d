//! Timestamped backups: nothing of the learner's is overwritten or removed without a copy.
//!
//! Each operation that may replace files (a `reset`, the answer key restored before a check)
//! gets its own folder, `.wiretrail/backup/2026-05-14T15-30-12Z-reset-03-unmask/`, created only
//! if something is saved; inside it the files keep their place relative to the workbook
//! (`03-unmask/src/lib.rs`). Two operations in the same second get `-2`, `-3` folders, so a
//! second reset never loses the first version.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::Error;
use crate::state::STATE_DIR;

/// The backups of one operation, in one folder made on the first save.
#[derive(Debug)]
pub struct Backup {
    root: PathBuf,
    what: String,
    dir: Option<PathBuf>,
    /// The saved files, relative to the workbook.
    pub saved: Vec<String>,
}

impl Backup {
    /// A backup for the workbook at `root`; `what` names the operation (`reset-03-unmask`).
    pub fn new(root: &Path, what: &str) -> Backup {
        Backup {
            root: root.to_path_buf(),
            what: what.to_owned(),
            dir: None,
            saved: Vec::new(),
        }
    }

    /// The backup folder, once something was saved.
    pub fn dir(&self) -> Option<&Path> {
        self.dir.as_deref()
    }

    /// Copies `file` (inside the workbook) into the backup folder. A missing file is not
    /// an error: there is nothing to lose.
    pub fn save(&mut self, file: &Path) -> Result<(), Error> {
        let Ok(contents) = fs::read(file) else {
            return Ok(());
        };
        let rel = file.strip_prefix(&self.root).unwrap_or(file);
        let dir = match &self.dir {
            Some(dir) => dir.clone(),
            None => {
                let dir = fresh_folder(&self.root.join(STATE_DIR).join("backup"), &self.what)?;
                self.dir = Some(dir.clone());
                dir
            }
        };
        let target = dir.join(rel);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
        fs::write(&target, contents).map_err(Error::io(&target))?;
        self.saved.push(rel.to_string_lossy().replace('\\', "/"));
        Ok(())
    }
}

/// `base/STAMP-what`, or `base/STAMP-what-2`, … if that exists.
fn fresh_folder(base: &Path, what: &str) -> Result<PathBuf, Error> {
    let stamp = timestamp(SystemTime::now());
    for n in 1u32.. {
        let name = if n == 1 {
            format!("{stamp}-{what}")
        } else {
            format!("{stamp}-{what}-{n}")
        };
        let dir = base.join(name);
        match fs::create_dir_all(base).and_then(|()| fs::create_dir(&dir)) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => continue,
            Err(e) => {
                return Err(Error::Io {
                    path: dir,
                    source: e,
                });
            }
        }
    }
    Err(Error::Io {
        path: base.to_path_buf(),
        source: std::io::Error::other("no free backup folder name"),
    })
}

/// `2026-05-14T15-30-12Z` (UTC; dashes, not colons, so it is a file name everywhere).
pub fn timestamp(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}-{:02}-{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 → (year, month, day), Howard Hinnant's `civil_from_days`.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + u64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn timestamps() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00-00-00Z");
        // 2000-02-29 12:34:56 UTC, a leap day.
        let t = UNIX_EPOCH + Duration::from_secs(951_827_696);
        assert_eq!(timestamp(t), "2000-02-29T12-34-56Z");
        let t = UNIX_EPOCH + Duration::from_secs(1_767_225_599);
        assert_eq!(timestamp(t), "2025-12-31T23-59-59Z");
    }

    #[test]
    fn each_operation_keeps_its_own_copy() {
        let root =
            std::env::temp_dir().join(format!("wiretrail-backup-test-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("03-unmask/src")).unwrap();
        fs::create_dir_all(root.join(STATE_DIR)).unwrap();
        let lib = root.join("03-unmask/src/lib.rs");
        let mut dirs = Vec::new();
        for version in ["first", "second"] {
            fs::write(&lib, version).unwrap();
            let mut b = Backup::new(&root, "reset-03-unmask");
            b.save(&lib).unwrap();
            b.save(&root.join("missing.rs")).unwrap();
            assert_eq!(b.saved, ["03-unmask/src/lib.rs"]);
            dirs.push(b.dir().unwrap().to_path_buf());
        }
        assert_ne!(dirs[0], dirs[1]);
        assert_eq!(
            fs::read_to_string(dirs[0].join("03-unmask/src/lib.rs")).unwrap(),
            "first"
        );
        assert_eq!(
            fs::read_to_string(dirs[1].join("03-unmask/src/lib.rs")).unwrap(),
            "second"
        );
        let untouched = Backup::new(&root, "nothing");
        assert!(untouched.dir().is_none());
        fs::remove_dir_all(&root).unwrap();
    }
}
