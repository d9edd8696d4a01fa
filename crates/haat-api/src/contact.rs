//! What a valid phone number and pincode are, shared by the storefront (to say so beside the field) and
//! the server (which decides). Plausible, not validated against every country's numbering plan:
//! phonenumber 0.3 (libphonenumber's rules) measured 293 KB of brotli wasm (BENCHMARKS.md).

/// A phone number in E.164 (`+919876543210`), or `None` when it is not a plausible number: an Indian
/// mobile (10 digits starting 6–9, optionally written with `0` or `+91` in front) or, starting with `+`,
/// any other country's number of 8 to 15 digits. Spaces, dashes and brackets are ignored.
pub fn normalise_phone(raw: &str) -> Option<String> {
    let trimmed = raw.trim();
    let international = trimmed.starts_with('+');
    let body = trimmed.strip_prefix('+').unwrap_or(trimmed);
    if !body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')'))
    {
        return None;
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let indian_mobile =
        |national: &str| national.len() == 10 && matches!(national.as_bytes()[0], b'6'..=b'9');
    let e164 = |digits: &str| {
        let mut number = String::from("+");
        number.push_str(digits);
        number
    };
    if international {
        match digits.strip_prefix("91") {
            Some(national) if !indian_mobile(national) => None,
            _ if (8..=15).contains(&digits.len()) => Some(e164(&digits)),
            _ => None,
        }
    } else {
        let national = digits.strip_prefix('0').unwrap_or(&digits);
        indian_mobile(national).then(|| e164(&["91", national].concat()))
    }
}

/// An Indian pincode: six digits, the first not 0 (spaces ignored).
pub fn normalise_pincode(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0'))
        .then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indian_mobiles_normalise_to_e164() {
        for raw in [
            "9876543210",
            "98765 43210",
            "098765-43210",
            "+91 98765 43210",
        ] {
            assert_eq!(
                normalise_phone(raw).as_deref(),
                Some("+919876543210"),
                "{raw}"
            );
        }
        assert_eq!(
            normalise_phone("+44 20 7946 0958").as_deref(),
            Some("+442079460958")
        );
    }

    #[test]
    fn implausible_numbers_are_refused() {
        for raw in [
            "",
            "12345",
            "5876543210",
            "+91 5876543210",
            "98765abc10",
            "+1234567",
            "+1234567890123456",
        ] {
            assert_eq!(normalise_phone(raw), None, "{raw}");
        }
    }
}

#[cfg(test)]
mod pincode_tests {
    use super::normalise_pincode;

    #[test]
    fn pincodes_are_six_digits_not_starting_with_zero() {
        assert_eq!(normalise_pincode(" 560 038 ").as_deref(), Some("560038"));
        for bad in ["", "56003", "5600381", "060038", "56003a"] {
            assert_eq!(normalise_pincode(bad), None, "{bad:?}");
        }
    }
}
