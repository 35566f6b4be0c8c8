//! Lowercase hex, as digests and signatures are written (`sha256:…`, `X-Aisync-Signature`).

use std::fmt::Write as _;

/// `bytes` as lowercase hex, two digits each.
pub fn lower(bytes: &[u8]) -> String {
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn two_digits_a_byte() {
        assert_eq!(super::lower(&[0, 10, 255]), "000aff");
    }
}
