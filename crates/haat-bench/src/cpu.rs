//! CPU time during a phase's window: this process's (server and load generator together, as they share
//! it) and the whole machine's, from `/proc`. It tells a CPU-bound phase from one that waits on the disk.

use std::time::Duration;

/// CPU counters at one instant.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuSample {
    /// This process's user + system time, in clock ticks.
    process_ticks: u64,
    /// The machine's busy time (all CPUs, everything but idle and iowait), in clock ticks.
    machine_busy: u64,
    /// The machine's total time (all CPUs), in clock ticks.
    machine_total: u64,
}

/// What a window cost.
#[derive(Clone, Copy, Debug, Default)]
pub struct CpuUse {
    /// This process's CPU time.
    pub process: Duration,
    /// Share of the machine's CPUs busy (anyone's work), in percent.
    pub machine_busy_percent: u64,
}

impl CpuSample {
    pub fn now() -> Self {
        let process_ticks = std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|stat| {
                // Fields after the command name (which may hold spaces) start at the last ')'.
                let rest = stat.get(stat.rfind(')')? + 1..)?;
                let fields: Vec<&str> = rest.split_whitespace().collect();
                // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after ')'.
                let utime: u64 = fields.get(11)?.parse().ok()?;
                let stime: u64 = fields.get(12)?.parse().ok()?;
                Some(utime + stime)
            })
            .unwrap_or(0);
        let (machine_busy, machine_total) = std::fs::read_to_string("/proc/stat")
            .ok()
            .and_then(|stat| {
                let line = stat.lines().next()?;
                let values: Vec<u64> = line
                    .split_whitespace()
                    .skip(1)
                    .take(8)
                    .filter_map(|value| value.parse().ok())
                    .collect();
                let total: u64 = values.iter().sum();
                let idle = values.get(3)? + values.get(4)?;
                Some((total - idle, total))
            })
            .unwrap_or((0, 0));
        Self {
            process_ticks,
            machine_busy,
            machine_total,
        }
    }

    /// The CPU used between `self` and a later sample.
    pub fn until(self, later: Self, ticks_per_second: u64) -> CpuUse {
        let ticks = later.process_ticks.saturating_sub(self.process_ticks);
        let busy = later.machine_busy.saturating_sub(self.machine_busy);
        let total = later
            .machine_total
            .saturating_sub(self.machine_total)
            .max(1);
        CpuUse {
            process: Duration::from_micros(ticks * 1_000_000 / ticks_per_second.max(1)),
            machine_busy_percent: busy * 100 / total,
        }
    }
}

/// The kernel's clock ticks per second (`getconf CLK_TCK`; 100 on every usual Linux).
pub fn ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(100)
}
