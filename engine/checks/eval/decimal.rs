//! Exact decimal numbers for the `Numeric…` and `Date…` condition operators
//! (IAM User Guide, "IAM JSON policy elements: Condition operators":
//! numeric values are integers or decimals,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>).
//!
//! An `f64` holds integers exactly only up to 2^53, so `9007199254740993`
//! would equal `9007199254740992`. Comparing the decimal digits themselves
//! is exact for any length and costs no more than reading them.

use std::cmp::Ordering;

/// A decimal number as `0.DIGITS × 10^exponent` (digits without leading or
/// trailing zeros; no digits is zero), so that equal numbers compare equal
/// however they are written (`1`, `1.0`, `10e-1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decimal {
    negative: bool,
    digits: Vec<u8>,
    exponent: i64,
}

impl Decimal {
    /// An integer or decimal number with an optional sign and exponent
    /// (`-12`, `3.5`, `.5`, `1e3`); no `inf`, `nan`, hex or spaces inside.
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, rest) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(at) => (&rest[..at], parse_exponent(&rest[at + 1..])?),
            None => (rest, 0),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.len() + fraction.len() == 0 || !all_digits(whole) || !all_digits(fraction) {
            return None;
        }
        let mut digits: Vec<u8> = whole.bytes().chain(fraction.bytes()).map(|b| b - b'0').collect();
        let mut point = i64::try_from(whole.len()).ok()?;
        let leading = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..leading);
        point -= i64::try_from(leading).ok()?;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.is_empty() {
            return Some(Decimal::zero());
        }
        Some(Decimal { negative, digits, exponent: point.checked_add(exponent)? })
    }

    fn zero() -> Decimal {
        Decimal { negative: false, digits: Vec::new(), exponent: 0 }
    }

    /// `whole + 0.FRACTION`, where `fraction` holds the decimal digits of a
    /// non-negative part below one (a date's `ss.fff` seconds).
    pub fn from_parts(whole: i64, fraction: &str) -> Option<Decimal> {
        let fraction = fraction.trim_end_matches('0');
        if fraction.is_empty() || whole >= 0 {
            return Decimal::parse(&format!("{whole}.{fraction}"));
        }
        // Before the epoch: whole + 0.F = -((|whole| - 1) + (1 - 0.F)), and
        // 1 - 0.F has the digits 9 - d for each digit but the last, 10 - d there.
        if !fraction.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut complement: Vec<u8> = fraction.bytes().map(|b| b'9' - b + b'0').collect();
        *complement.last_mut()? += 1;
        let complement = String::from_utf8(complement).ok()?;
        Decimal::parse(&format!("-{}.{complement}", whole.unsigned_abs() - 1))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let sign = |d: &Decimal| match (d.digits.is_empty(), d.negative) {
            (true, _) => 0,
            (false, true) => -1,
            (false, false) => 1,
        };
        let (a, b) = (sign(self), sign(other));
        if a != b || a == 0 {
            return a.cmp(&b);
        }
        // Same sign, both non-zero: the larger magnitude has the larger
        // exponent, or the same exponent and larger digits.
        let magnitude = self.exponent.cmp(&other.exponent).then_with(|| self.digits.cmp(&other.digits));
        if a < 0 { magnitude.reverse() } else { magnitude }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

fn parse_exponent(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text).unwrap_or_else(|| panic!("{text} is a number"))
    }

    #[test]
    fn the_same_number_written_differently_is_equal() {
        for (a, b) in [("1", "1.0"), ("1", "10e-1"), ("0", "-0.000"), ("+12.50", "12.5"), (".5", "0.5"), ("5.", "5")] {
            assert_eq!(d(a), d(b), "{a} = {b}");
        }
    }

    #[test]
    fn integers_beyond_2_pow_53_stay_apart() {
        assert!(d("9007199254740993") > d("9007199254740992"));
        assert!(d("-9007199254740993") < d("-9007199254740992"));
        assert!(d("100000000000000000000000000001") > d("1e29"));
    }

    #[test]
    fn order_follows_sign_then_magnitude() {
        let sorted = ["-100", "-2.5", "-2", "0", "0.001", "2", "2.5", "10", "1e3"];
        for pair in sorted.windows(2) {
            assert!(d(pair[0]) < d(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn parts_add_a_fraction_to_a_whole_number() {
        assert_eq!(Decimal::from_parts(5, "250"), Some(d("5.25")));
        assert_eq!(Decimal::from_parts(-5, "25"), Some(d("-4.75")));
        assert_eq!(Decimal::from_parts(-1, "5"), Some(d("-0.5")));
        assert_eq!(Decimal::from_parts(-3, "000"), Some(d("-3")));
        assert_eq!(Decimal::from_parts(0, ""), Some(d("0")));
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for text in ["", "-", ".", "1.2.3", "1e", "e5", "inf", "NaN", "0x10", "1 000", "١٢"] {
            assert_eq!(Decimal::parse(text), None, "{text}");
        }
    }
}
