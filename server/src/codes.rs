//! Secrets: enrolment codes, bearer tokens and their hashes.
//!
//! Enrolment codes are 10 symbols of Crockford's base32 (`0-9`, `A-Z`
//! without `I L O U`), 50 random bits, shown as `XXXXX-XXXXX`. Typing is
//! forgiving: case, spaces and dashes are ignored, `O` reads as `0` and
//! `I`/`L` as `1`. Tokens are 256 random bits in hex. The server stores only
//! the SHA-256 of either.

use sha2::{Digest, Sha256};

/// Crockford's base32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Symbols in an enrolment code.
pub const CODE_LEN: usize = 10;

/// SHA-256 of `bytes`, lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A new random enrolment code, [`CODE_LEN`] symbols, without separator.
pub fn new_enrolment_code() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; CODE_LEN];
    getrandom::fill(&mut bytes)?;
    Ok(bytes
        .iter()
        .map(|b| ALPHABET[usize::from(b & 31)] as char)
        .collect())
}

/// A code as shown to people: `XXXXX-XXXXX`.
pub fn display_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(CODE_LEN / 2));
    format!("{a}-{b}")
}

/// A typed code in the form its hash is taken of: upper case, without
/// spaces or dashes, with the look-alike letters read as digits.
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| match c.to_ascii_uppercase() {
            'O' => '0',
            'I' | 'L' => '1',
            other => other,
        })
        .collect()
}

/// A new bearer token: 256 random bits, lowercase hex.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex::encode(bytes))
}

/// Whether `s` has the shape of a token (64 lowercase hex digits).
pub fn looks_like_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_ten_unambiguous_symbols() {
        for _ in 0..100 {
            let c = new_enrolment_code().unwrap();
            assert_eq!(c.len(), CODE_LEN);
            assert!(c.bytes().all(|b| ALPHABET.contains(&b)));
            assert!(!c.contains(['I', 'L', 'O', 'U']));
            assert_eq!(normalize_code(&display_code(&c)), c);
        }
    }

    #[test]
    fn typing_is_forgiving() {
        assert_eq!(normalize_code(" ab1o2-il3 4x "), "AB1021134X");
    }

    #[test]
    fn tokens_are_256_bits_hex() {
        let t = new_token().unwrap();
        assert!(looks_like_token(&t));
        assert_ne!(t, new_token().unwrap());
        assert!(!looks_like_token("abc"));
        assert!(!looks_like_token(&t.to_uppercase()));
    }
}
