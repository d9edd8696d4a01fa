//! What one phase measured: completions, latencies and errors, and how they are summarised.
//!
//! Every latency is kept (a few hundred thousand at most) and sorted once; percentiles are nearest-rank.
//! All arithmetic is on integers (microseconds), so no float ever rounds a figure.

use std::{collections::BTreeMap, time::Duration};

use crate::cpu::CpuUse;

/// How many distinct error kinds are tracked; further kinds are counted under "other".
const MAX_ERROR_KINDS: usize = 16;

/// An error seen by a client: a stable kind to group by and the first full message of that kind.
#[derive(Clone, Debug)]
pub struct Failure {
    pub kind: String,
    pub message: String,
}

/// One client's log of a phase.
#[derive(Debug, Default)]
pub struct ClientLog {
    /// Latency of every request completed inside the measured window.
    pub latencies: Vec<Duration>,
    /// Errors completed inside the measured window.
    pub errors: u64,
    /// Errors during the warm-up (not in the figures, but reported).
    pub warmup_errors: u64,
    /// Every error kind seen, with its count and first message.
    pub kinds: BTreeMap<String, (u64, String)>,
}

impl ClientLog {
    pub fn record(&mut self, latency: Duration, in_window: bool, outcome: Result<(), Failure>) {
        if in_window {
            self.latencies.push(latency);
        }
        if let Err(failure) = outcome {
            if in_window {
                self.errors += 1;
            } else {
                self.warmup_errors += 1;
            }
            let kind =
                if self.kinds.len() < MAX_ERROR_KINDS || self.kinds.contains_key(&failure.kind) {
                    failure.kind
                } else {
                    "other".to_owned()
                };
            self.kinds.entry(kind).or_insert((0, failure.message)).0 += 1;
        }
    }

    pub fn merge(&mut self, other: Self) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
        self.warmup_errors += other.warmup_errors;
        for (kind, (count, message)) in other.kinds {
            self.kinds.entry(kind).or_insert((0, message)).0 += count;
        }
    }
}

/// A phase's figures.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Orders placed inside the window (completed minus errors).
    pub orders: u64,
    pub errors: u64,
    pub warmup_errors: u64,
    pub window: Duration,
    pub p50: Duration,
    pub p90: Duration,
    pub p99: Duration,
    pub max: Duration,
    /// Error kinds, most frequent first: (kind, count, first message).
    pub error_kinds: Vec<(String, u64, String)>,
    /// CPU used during the window.
    pub cpu: CpuUse,
}

impl Summary {
    pub fn of(mut log: ClientLog, window: Duration, cpu: CpuUse) -> Self {
        log.latencies.sort_unstable();
        let completed = u64::try_from(log.latencies.len()).unwrap_or(u64::MAX);
        let mut error_kinds: Vec<_> = log
            .kinds
            .into_iter()
            .map(|(kind, (count, message))| (kind, count, message))
            .collect();
        error_kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Self {
            orders: completed.saturating_sub(log.errors),
            errors: log.errors,
            warmup_errors: log.warmup_errors,
            window,
            p50: percentile(&log.latencies, 500),
            p90: percentile(&log.latencies, 900),
            p99: percentile(&log.latencies, 990),
            max: log.latencies.last().copied().unwrap_or_default(),
            error_kinds,
            cpu,
        }
    }

    /// This process's CPU time per order placed, in microseconds.
    pub fn cpu_per_order(&self) -> String {
        match u128::from(self.orders) {
            0 => "-".to_owned(),
            orders => {
                thousands(u64::try_from(self.cpu.process.as_micros() / orders).unwrap_or(u64::MAX))
            }
        }
    }

    /// Orders placed per second, in tenths (123.4/s is 1234).
    pub fn rate_tenths(&self) -> u64 {
        let micros = self.window.as_micros().max(1);
        u64::try_from(u128::from(self.orders) * 10_000_000 / micros).unwrap_or(u64::MAX)
    }

    /// Orders placed per second, as text with one decimal.
    pub fn rate(&self) -> String {
        let tenths = self.rate_tenths();
        format!("{}.{}", thousands(tenths / 10), tenths % 10)
    }
}

/// The nearest-rank percentile `per_mille`/1000 of sorted latencies (zero when there are none).
fn percentile(sorted: &[Duration], per_mille: usize) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (sorted.len() * per_mille).div_ceil(1000).max(1);
    sorted
        .get(rank - 1)
        .or(sorted.last())
        .copied()
        .unwrap_or_default()
}

/// Milliseconds with one decimal below 100 ms, whole above.
pub fn ms(duration: Duration) -> String {
    let micros = duration.as_micros();
    if micros >= 100_000 {
        thousands(u64::try_from((micros + 500) / 1_000).unwrap_or(u64::MAX))
    } else {
        let tenths = (micros + 50) / 100;
        format!("{}.{}", tenths / 10, tenths % 10)
    }
}

/// An integer with thousands separators: 12345 → "12,345".
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let sorted: Vec<_> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&sorted, 500), Duration::from_millis(50));
        assert_eq!(percentile(&sorted, 990), Duration::from_millis(99));
        assert_eq!(percentile(&sorted[..1], 990), Duration::from_millis(1));
        assert_eq!(percentile(&[], 500), Duration::ZERO);
    }

    #[test]
    fn figures_format_without_floats() {
        assert_eq!(ms(Duration::from_micros(12_345)), "12.3");
        assert_eq!(ms(Duration::from_micros(250_400)), "250");
        assert_eq!(thousands(1_234_567), "1,234,567");
        let mut log = ClientLog::default();
        for _ in 0..15 {
            log.record(Duration::from_millis(1), true, Ok(()));
        }
        let summary = Summary::of(log, Duration::from_secs(10), CpuUse::default());
        assert_eq!(summary.rate(), "1.5");
    }
}
