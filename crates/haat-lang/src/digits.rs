//! Whole numbers in ASCII digits, without separators (an order's number; the digits inside the locales'
//! numbers). Written by hand: std's `to_string` in their place measured 449 bytes more of the storefront's
//! wasm, brotli.

/// `n` in decimal digits, without separators.
pub fn decimal(n: u64) -> String {
    let mut text = String::new();
    push_decimal(&mut text, n);
    text
}

/// `n` in decimal digits, after a minus sign when negative, without separators: an order's number.
pub fn integer(n: i64) -> String {
    let mut text = String::new();
    push_integer(&mut text, n);
    text
}

/// Appends `n` in decimal digits, after a minus sign when negative.
pub fn push_integer(text: &mut String, n: i64) {
    if n < 0 {
        text.push('-');
    }
    push_decimal(text, n.unsigned_abs());
}

/// Appends `n` in decimal digits.
pub fn push_decimal(text: &mut String, mut n: u64) {
    let mut digits = [0_u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + u8::try_from(n % 10).unwrap_or(0);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    text.extend(digits[start..].iter().map(|&digit| char::from(digit)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_plain_digits() {
        assert_eq!(decimal(0), "0");
        assert_eq!(decimal(7), "7");
        assert_eq!(decimal(1_234_567), "1234567");
        assert_eq!(decimal(u64::MAX), "18446744073709551615");
        let mut text = String::from("#");
        push_integer(&mut text, -42);
        push_integer(&mut text, i64::MIN);
        assert_eq!(text, "#-42-9223372036854775808");
    }
}
