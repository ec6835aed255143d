//! Honest figures: the machine they were taken on, the median of the runs, and the spread.

use std::fmt::Write as _;

/// The machine, in one line: CPU model, cores, kernel, and the load average now (other
/// work on the machine shows up there, and in the spread of each figure).
pub fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or("unknown CPU", |(_, m)| m.trim())
        .to_owned();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cores_online = cpuinfo
        .lines()
        .filter(|l| l.starts_with("processor"))
        .count();
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!(
        "{model}, {cores_online} cores ({cores} usable by this process), Linux {}, load average {}",
        kernel.trim(),
        load_average()
    )
}

/// How many cores' worth of CPU the whole machine used over `span`, from `/proc/stat`
/// (user, nice, system, irq, softirq and steal time of every core). Taken while nothing of
/// the benchmark runs, it is the other work on the machine.
pub fn busy_cores(span: std::time::Duration) -> f64 {
    fn sample() -> Option<(u64, u64)> {
        let stat = std::fs::read_to_string("/proc/stat").ok()?;
        let line = stat.lines().find(|l| l.starts_with("cpu "))?;
        let v: Vec<u64> = line
            .split_whitespace()
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        let at = |i: usize| v.get(i).copied().unwrap_or(0);
        // user nice system idle iowait irq softirq steal
        let busy = at(0) + at(1) + at(2) + at(5) + at(6) + at(7);
        Some((busy, busy + at(3) + at(4)))
    }
    let Some((busy0, _)) = sample() else {
        return f64::NAN;
    };
    let start = std::time::Instant::now();
    std::thread::sleep(span);
    let Some((busy1, _)) = sample() else {
        return f64::NAN;
    };
    // /proc/stat counts in USER_HZ, 100 a second on Linux.
    (busy1 - busy0) as f64 / 100.0 / start.elapsed().as_secs_f64()
}

/// "quiet" or "shared", from the other work measured before and after the runs: quiet
/// when it used under a fifth of a core both times.
pub fn quiet_or_shared(before: f64, after: f64) -> String {
    let word = if before < 0.2 && after < 0.2 {
        "quiet"
    } else {
        "shared"
    };
    format!(
        "{word} (other work on the machine: {before:.2} cores busy in the second before the \
         runs, {after:.2} in the second after)"
    )
}

/// The 1-, 5- and 15-minute load averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Several measurements of one thing.
#[derive(Debug, Clone, Default)]
pub struct Samples(pub Vec<f64>);

impl Samples {
    pub fn push(&mut self, x: f64) {
        self.0.push(x);
    }

    /// The median (the mean of the middle two for an even count); 0 for none.
    pub fn median(&self) -> f64 {
        let mut v = self.0.clone();
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => 0.0,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }

    /// `median (min–max)`, in thousands.
    pub fn show(&self) -> String {
        let min = self.0.iter().copied().fold(f64::INFINITY, f64::min);
        let max = self.0.iter().copied().fold(0.0, f64::max);
        if self.0.is_empty() {
            return "-".to_owned();
        }
        format!(
            "{} ({}–{})",
            thousands(self.median()),
            thousands(min),
            thousands(max)
        )
    }
}

/// 12345.6 → "12.3k".
pub fn thousands(x: f64) -> String {
    if x >= 100_000.0 {
        format!("{:.0}k", x / 1000.0)
    } else {
        format!("{:.1}k", x / 1000.0)
    }
}

/// A Markdown table.
pub fn table(header: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    // A cell may hold several columns ("page | encoding"): count what the row shows.
    let columns = header.join(" | ").split(" | ").count();
    let _ = writeln!(out, "|{}", "---|".repeat(columns));
    for row in rows {
        let _ = writeln!(out, "| {} |", row.join(" | "));
    }
    out
}

/// "64 B", "1 KiB", "16 KiB".
pub fn size(bytes: usize) -> String {
    if bytes >= 1024 && bytes.is_multiple_of(1024) {
        format!("{} KiB", bytes / 1024)
    } else {
        format!("{bytes} B")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(Samples(vec![3.0, 1.0, 2.0]).median(), 2.0);
        assert_eq!(Samples(vec![4.0, 1.0, 2.0, 3.0]).median(), 2.5);
        assert_eq!(Samples(vec![]).median(), 0.0);
        assert_eq!(size(16384), "16 KiB");
        assert_eq!(size(64), "64 B");
    }
}

/// A column computed from a row's medians: the rates, then the CPU times.
pub type Ratio<'a> = dyn Fn(&[f64], &[f64]) -> String + 'a;

/// Figures of several servers (columns) on several loads (rows): how many operations a
/// second, and how much of the server's CPU each operation took.
#[derive(Debug, Clone)]
pub struct Grid {
    /// What the first column says of each row.
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `rate[row][column]`: operations per second.
    pub rate: Vec<Vec<Samples>>,
    /// `cpu[row][column]`: the server's CPU time per operation, in microseconds.
    pub cpu: Vec<Vec<Samples>>,
}

impl Grid {
    pub fn new(rows: Vec<String>, columns: Vec<String>) -> Grid {
        let empty = vec![vec![Samples::default(); columns.len()]; rows.len()];
        Grid {
            rows,
            columns,
            rate: empty.clone(),
            cpu: empty,
        }
    }

    /// Records one run: `ops` operations in `seconds`, with `cpu_ns` of the server's CPU.
    pub fn record(&mut self, row: usize, column: usize, ops: u64, seconds: f64, cpu_ns: u64) {
        self.rate[row][column].push(ops as f64 / seconds.max(1e-9));
        self.cpu[row][column].push(cpu_ns as f64 / 1000.0 / (ops.max(1) as f64));
    }

    /// Two tables: the rates, then the CPU per operation; `ratios` adds columns computed
    /// from a row's medians (rates, then CPU times).
    pub fn print(&self, first: &str, unit: &str, ratios: &[(&str, &Ratio<'_>)]) {
        let mut header = vec![first.to_owned()];
        header.extend(self.columns.iter().cloned());
        let mut rate_header = header.clone();
        rate_header.extend(ratios.iter().map(|(name, _)| (*name).to_owned()));
        let rows: Vec<Vec<String>> = (0..self.rows.len())
            .map(|r| {
                let rates: Vec<f64> = self.rate[r].iter().map(Samples::median).collect();
                let cpus: Vec<f64> = self.cpu[r].iter().map(Samples::median).collect();
                let mut cells = vec![self.rows[r].clone()];
                cells.extend(self.rate[r].iter().map(Samples::show));
                cells.extend(ratios.iter().map(|(_, f)| f(&rates, &cpus)));
                cells
            })
            .collect();
        println!("\n{unit}s per second, median (min–max):\n");
        print!("{}", table(&rate_header, &rows));
        let rows: Vec<Vec<String>> = (0..self.rows.len())
            .map(|r| {
                let mut cells = vec![self.rows[r].clone()];
                cells.extend(self.cpu[r].iter().map(Samples::show_micros));
                cells
            })
            .collect();
        println!("\nthe server's CPU time per {unit}, µs, median (min–max) — lower is better:\n");
        print!("{}", table(&header, &rows));
    }
}

impl Samples {
    /// `median (min–max)` in microseconds.
    pub fn show_micros(&self) -> String {
        if self.0.is_empty() {
            return "-".to_owned();
        }
        let min = self.0.iter().copied().fold(f64::INFINITY, f64::min);
        let max = self.0.iter().copied().fold(0.0, f64::max);
        format!("{:.2} ({:.2}–{:.2})", self.median(), min, max)
    }
}

/// `a ÷ b` as `1.23×`.
pub fn ratio(a: f64, b: f64) -> String {
    format!("{:.2}×", a / b.max(1e-12))
}
