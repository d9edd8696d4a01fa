//! The shops' clock: India Standard Time (UTC+5:30), the time a shop's owner and shoppers read. Haat's
//! shops are in India, and a shop's profile names no time zone yet. Dates from days and back by hand
//! (Howard Hinnant's civil calendar): a date crate for these few lines would cost the storefront's wasm
//! far more.

const OFFSET_MS: i64 = 330 * 60 * 1000;
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// A moment on the shops' clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShopTime {
    pub year: i64,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    /// 0–23.
    pub hour: u32,
    /// 0–59.
    pub minute: u32,
    /// 0 for Sunday to 6 for Saturday.
    pub weekday: u32,
}

impl ShopTime {
    /// `at_ms` (milliseconds since 1970, UTC) on the shops' clock.
    pub fn at(at_ms: i64) -> Self {
        let local = at_ms + OFFSET_MS;
        let days = local.div_euclid(DAY_MS);
        let minutes = local.rem_euclid(DAY_MS) / 60_000;
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z - era * 146_097;
        let year_of_era =
            (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let small = |n: i64| u32::try_from(n).unwrap_or(0);
        Self {
            year: year_of_era + era * 400 + i64::from(month <= 2),
            month: small(month),
            day: small(day_of_year - (153 * shifted_month + 2) / 5 + 1),
            hour: small(minutes / 60),
            minute: small(minutes % 60),
            weekday: small((days + 4).rem_euclid(7)),
        }
    }

    /// The moment this is, in milliseconds since 1970 (UTC); the weekday is not read.
    pub fn to_ms(self) -> i64 {
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = self.year - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let day_of_year = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        let days = era * 146_097 + day_of_era - 719_468;
        days * DAY_MS + (i64::from(self.hour) * 60 + i64::from(self.minute)) * 60_000 - OFFSET_MS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_read_on_the_shops_clock_and_back() {
        // 2026-11-28 09:00 UTC is 2:30 pm on Saturday in India.
        let at = ShopTime::at(1_795_856_400_000);
        assert_eq!(
            at,
            ShopTime {
                year: 2026,
                month: 11,
                day: 28,
                hour: 14,
                minute: 30,
                weekday: 6
            }
        );
        for ms in [0, 1_795_856_400_000, 1_709_173_800_000, 951_782_400_000] {
            assert_eq!(ShopTime::at(ms).to_ms(), ms, "{ms}");
        }
        // A leap day, 8 am.
        let leap = ShopTime::at(1_709_173_800_000);
        assert_eq!(
            (leap.year, leap.month, leap.day, leap.hour),
            (2024, 2, 29, 8)
        );
    }
}
