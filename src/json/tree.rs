//! JSON text to an owned tree. Deliberately not generic: this parser exists once in the wasm, however
//! many types are decoded from its trees (see `decode.rs`).

/// A parsed JSON value.
#[derive(Debug, PartialEq, Eq)]
pub enum Json {
    Null,
    Bool(bool),
    /// A number whose value is an integer in `i64`'s range: `12`, `-3`, `1e3`, `2.50e2`.
    Int(i64),
    /// Any other number: a fraction, or an integer beyond `i64`. Haat's wire has none; such a value is
    /// kept (without its value) so that it fails only a field that wants a number, not the document.
    OtherNumber,
    Str(String),
    Arr(Vec<Json>),
    /// Members in document order.
    Obj(Vec<(String, Json)>),
}

/// The text is not JSON (or nests deeper than [`MAX_DEPTH`]).
#[derive(Debug, PartialEq, Eq)]
pub struct SyntaxError;

/// Arrays and objects nested deeper than this are refused rather than risking the stack.
pub const MAX_DEPTH: usize = 128;

/// Parses one JSON document, surrounded by nothing but whitespace.
pub fn parse(text: &str) -> Result<Json, SyntaxError> {
    let mut parser = Parser { text, at: 0 };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at == text.len() {
        Ok(value)
    } else {
        Err(SyntaxError)
    }
}

/// A cursor over the text. `at` only ever moves past ASCII bytes or whole runs of string content, so
/// it always sits on a character boundary.
struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    /// Moves past `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.skip_whitespace();
        match self.peek().ok_or(SyntaxError)? {
            b'n' => self.word("null", Json::Null),
            b't' => self.word("true", Json::Bool(true)),
            b'f' => self.word("false", Json::Bool(false)),
            b'"' => self.string().map(Json::Str),
            b'-' | b'0'..=b'9' => self.number(),
            b'[' if depth < MAX_DEPTH => self.array(depth + 1),
            b'{' if depth < MAX_DEPTH => self.object(depth + 1),
            _ => Err(SyntaxError),
        }
    }

    fn word(&mut self, word: &str, value: Json) -> Result<Json, SyntaxError> {
        let rest = self.text.as_bytes().get(self.at..).unwrap_or_default();
        if !rest.starts_with(word.as_bytes()) {
            return Err(SyntaxError);
        }
        self.at += word.len();
        Ok(value)
    }

    /// `[a, b, …]`; `at` is on the `[`.
    fn array(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.at += 1;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.eat(b']') {
            return Ok(Json::Arr(items));
        }
        loop {
            items.push(self.value(depth)?);
            if self.end_of_list(b']')? {
                return Ok(Json::Arr(items));
            }
        }
    }

    /// `{"name": value, …}`; `at` is on the `{`.
    fn object(&mut self, depth: usize) -> Result<Json, SyntaxError> {
        self.at += 1;
        let mut members = Vec::new();
        self.skip_whitespace();
        if self.eat(b'}') {
            return Ok(Json::Obj(members));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(SyntaxError);
            }
            let name = self.string()?;
            self.skip_whitespace();
            if !self.eat(b':') {
                return Err(SyntaxError);
            }
            members.push((name, self.value(depth)?));
            if self.end_of_list(b'}')? {
                return Ok(Json::Obj(members));
            }
        }
    }

    /// After an element: `true` at the closing bracket, `false` at a comma (more follow).
    fn end_of_list(&mut self, close: u8) -> Result<bool, SyntaxError> {
        self.skip_whitespace();
        match self.next() {
            Some(b',') => Ok(false),
            Some(byte) if byte == close => Ok(true),
            _ => Err(SyntaxError),
        }
    }

    /// `"…"` with its escapes resolved; `at` is on the opening quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        self.at += 1;
        let mut text = String::new();
        loop {
            // Runs of plain content are copied whole: they end at an ASCII byte, so on a boundary.
            let start = self.at;
            while matches!(self.peek(), Some(byte) if byte != b'"' && byte != b'\\' && byte >= 0x20)
            {
                self.at += 1;
            }
            text.push_str(self.text.get(start..self.at).ok_or(SyntaxError)?);
            match self.next() {
                Some(b'"') => return Ok(text),
                Some(b'\\') => text.push(self.escape()?),
                // The end of the text, or a raw control character (JSON wants those escaped).
                _ => return Err(SyntaxError),
            }
        }
    }

    /// The character an escape stands for; `at` is just past the backslash.
    fn escape(&mut self) -> Result<char, SyntaxError> {
        Ok(match self.next().ok_or(SyntaxError)? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => return self.unicode_escape(),
            _ => return Err(SyntaxError),
        })
    }

    /// `\uXXXX`, where a UTF-16 high surrogate must be followed by an escaped low one (`\uD83D\uDE00`);
    /// `at` is just past the `u`. A lone surrogate is no character, so it is an error.
    fn unicode_escape(&mut self) -> Result<char, SyntaxError> {
        let unit = self.hex4()?;
        let code = match unit {
            0xD800..=0xDBFF => {
                if !(self.eat(b'\\') && self.eat(b'u')) {
                    return Err(SyntaxError);
                }
                let low = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&low) {
                    return Err(SyntaxError);
                }
                0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
            }
            code => code,
        };
        char::from_u32(code).ok_or(SyntaxError)
    }

    fn hex4(&mut self) -> Result<u32, SyntaxError> {
        let mut unit = 0;
        for _ in 0..4 {
            let digit = char::from(self.next().ok_or(SyntaxError)?).to_digit(16);
            unit = unit * 16 + digit.ok_or(SyntaxError)?;
        }
        Ok(unit)
    }

    /// The next byte's value if it is a decimal digit (and moves past it).
    fn digit(&mut self) -> Option<u8> {
        let digit = self.peek().filter(u8::is_ascii_digit)? - b'0';
        self.at += 1;
        Some(digit)
    }

    /// `-? int frac? exp?` as JSON spells numbers, kept exactly when the value is an integer.
    fn number(&mut self) -> Result<Json, SyntaxError> {
        let negative = self.eat(b'-');
        let mut mantissa = Mantissa::default();
        let first = self.digit().ok_or(SyntaxError)?;
        mantissa.push(first);
        if first != 0 {
            while let Some(digit) = self.digit() {
                mantissa.push(digit);
            }
        }
        // The power of ten the mantissa's digits are scaled by.
        let mut exponent: i64 = 0;
        if self.eat(b'.') {
            let mut any = false;
            while let Some(digit) = self.digit() {
                mantissa.push(digit);
                exponent -= 1;
                any = true;
            }
            if !any {
                return Err(SyntaxError);
            }
        }
        if self.eat(b'e') || self.eat(b'E') {
            let below_one = !self.eat(b'+') && self.eat(b'-');
            let mut written: i64 = i64::from(self.digit().ok_or(SyntaxError)?);
            while let Some(digit) = self.digit() {
                // Saturates far beyond any exponent an `i64` can use.
                written = (written * 10 + i64::from(digit)).min(1_000_000);
            }
            exponent += if below_one { -written } else { written };
        }
        Ok(mantissa
            .integer(exponent, negative)
            .map_or(Json::OtherNumber, Json::Int))
    }
}

/// A number's decimal digits as an integer, with its trailing zeros counted apart so that `1.50e1`
/// and `1500e-2` both come out whole.
#[derive(Default)]
struct Mantissa {
    /// The digits up to the last non-zero one.
    value: u64,
    /// Zeros after `value`'s digits, not yet multiplied in.
    zeros: u32,
    /// The digits do not fit in `u64`.
    overflowed: bool,
}

impl Mantissa {
    fn push(&mut self, digit: u8) {
        if digit == 0 {
            self.zeros = self.zeros.saturating_add(1);
            return;
        }
        let shifted = if self.value == 0 {
            Some(u64::from(digit))
        } else {
            10_u64
                .checked_pow(self.zeros.saturating_add(1))
                .and_then(|scale| self.value.checked_mul(scale))
                .and_then(|value| value.checked_add(u64::from(digit)))
        };
        match shifted {
            Some(value) => self.value = value,
            None => self.overflowed = true,
        }
        self.zeros = 0;
    }

    /// The value `digits × 10^exponent`, if it is an integer in `i64`'s range.
    fn integer(&self, exponent: i64, negative: bool) -> Option<i64> {
        if self.overflowed {
            return None;
        }
        if self.value == 0 {
            return Some(0);
        }
        let power = u32::try_from(exponent + i64::from(self.zeros)).ok()?;
        let magnitude = self.value.checked_mul(10_u64.checked_pow(power)?)?;
        if negative {
            0_i64.checked_sub_unsigned(magnitude)
        } else {
            i64::try_from(magnitude).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Json, MAX_DEPTH, SyntaxError, parse};

    fn string(text: &str) -> Json {
        Json::Str(text.to_owned())
    }

    #[test]
    fn literals_and_whitespace() {
        assert_eq!(parse(" null "), Ok(Json::Null));
        assert_eq!(parse("\ttrue\r\n"), Ok(Json::Bool(true)));
        assert_eq!(parse("false"), Ok(Json::Bool(false)));
    }

    #[test]
    fn strings_with_escapes() {
        assert_eq!(parse(r#""plain""#), Ok(string("plain")));
        assert_eq!(
            parse(r#""q\"b\\s\/ \b\f\n\r\t""#),
            Ok(string("q\"b\\s/ \u{8}\u{c}\n\r\t"))
        );
        assert_eq!(parse(r#""\u0041\u00e9\u0915""#), Ok(string("Aéक")));
        assert_eq!(parse(r#""टावर ३ — ₹""#), Ok(string("टावर ३ — ₹")));
        assert_eq!(parse(r#""""#), Ok(string("")));
    }

    #[test]
    fn surrogate_pairs_join_and_lone_surrogates_are_refused() {
        assert_eq!(parse(r#""\ud83d\uDE00!""#), Ok(string("😀!")));
        assert_eq!(parse(r#""😀""#), Ok(string("😀")));
        assert_eq!(parse(r#""\ud83d""#), Err(SyntaxError));
        assert_eq!(parse(r#""\ud83d\u0041""#), Err(SyntaxError));
        assert_eq!(parse(r#""\ude00""#), Err(SyntaxError));
    }

    #[test]
    fn integers_negatives_and_exponents() {
        assert_eq!(parse("0"), Ok(Json::Int(0)));
        assert_eq!(parse("-0"), Ok(Json::Int(0)));
        assert_eq!(parse("24500"), Ok(Json::Int(24500)));
        assert_eq!(parse("-42"), Ok(Json::Int(-42)));
        assert_eq!(parse("1e3"), Ok(Json::Int(1000)));
        assert_eq!(parse("2.50E+2"), Ok(Json::Int(250)));
        assert_eq!(parse("1500e-2"), Ok(Json::Int(15)));
        assert_eq!(parse("-7.0"), Ok(Json::Int(-7)));
        assert_eq!(parse("100.000000000000000000000"), Ok(Json::Int(100)));
        assert_eq!(parse("9223372036854775807"), Ok(Json::Int(i64::MAX)));
        assert_eq!(parse("-9223372036854775808"), Ok(Json::Int(i64::MIN)));
    }

    #[test]
    fn other_numbers_are_kept_without_their_value() {
        assert_eq!(parse("1.5"), Ok(Json::OtherNumber));
        assert_eq!(parse("-2e-1"), Ok(Json::OtherNumber));
        assert_eq!(parse("9223372036854775808"), Ok(Json::OtherNumber));
        assert_eq!(
            parse("123456789012345678901234567890"),
            Ok(Json::OtherNumber)
        );
        assert_eq!(parse("1e999999999999"), Ok(Json::OtherNumber));
        assert_eq!(parse("1e-999999999999"), Ok(Json::OtherNumber));
    }

    #[test]
    fn nesting() {
        let parsed = parse(r#"{"a": [1, {"b": null}, []], "c": {}, "a": "again"}"#);
        assert_eq!(
            parsed,
            Ok(Json::Obj(vec![
                (
                    "a".to_owned(),
                    Json::Arr(vec![
                        Json::Int(1),
                        Json::Obj(vec![("b".to_owned(), Json::Null)]),
                        Json::Arr(vec![]),
                    ])
                ),
                ("c".to_owned(), Json::Obj(vec![])),
                ("a".to_owned(), string("again")),
            ]))
        );
        let deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&deep).is_ok());
    }

    #[test]
    fn malformed_input_is_an_error_not_a_panic() {
        let deeper = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        let bad = [
            "",
            " ",
            "nul",
            "nulls",
            "True",
            "[1,]",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":}",
            "{a:1}",
            "{\"a\":1,}",
            "[",
            "{",
            "\"open",
            "\"\\x\"",
            "\"\\u12\"",
            "\"\\u12G4\"",
            "\"tab\there\"",
            "01",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "+1",
            "--1",
            "0x10",
            "1 2",
            "[] x",
            "\u{feff}1",
            "<html>",
            &deeper,
        ];
        for text in bad {
            assert_eq!(parse(text), Err(SyntaxError), "{text:?}");
        }
        // Every prefix of a valid document is handled without panicking.
        let document = r#"{"s":"a\u00e9\ud83d\ude00","n":[-1.5e2,0,true,null]}"#;
        for end in 0..document.len() {
            let _ = parse(&document[..end]);
        }
    }
}
