//! Compact forms the snapshot's wire format uses: a quick checksum over the whole, and UUIDs (the
//! events' correlation ids) as their 16 bytes.

/// A quick 64-bit checksum, 32 bytes at a time in four independent lanes (so the multiplies
/// overlap): it is there to notice a cut or altered copy, not to resist a forger.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x0000_0100_0000_01b3;
    let seed = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mix = |lane: u64, word: &[u8]| {
        let w = u64::from_le_bytes(word.try_into().expect("8 bytes"));
        (lane ^ w).wrapping_mul(K).rotate_left(29)
    };
    let (mut a, mut b, mut c, mut d) = (seed, seed ^ 1, seed ^ 2, seed ^ 3);
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        a = mix(a, &block[..8]);
        b = mix(b, &block[8..16]);
        c = mix(c, &block[16..24]);
        d = mix(d, &block[24..]);
    }
    let mut h = [a, b, c, d]
        .iter()
        .fold(seed, |h, &lane| (h ^ lane).wrapping_mul(K).rotate_left(29));
    for &b in blocks.remainder() {
        h = (h ^ b as u64).wrapping_mul(K);
    }
    h ^ (h >> 32)
}

/// A UUID in its canonical text (36 characters, lower-case hex) as its 16 bytes; `None` for any
/// other text.
pub(crate) fn uuid_bytes(s: &str) -> Option<[u8; 16]> {
    let b = s.as_bytes();
    if b.len() != 36 || [8, 13, 18, 23].iter().any(|&i| b[i] != b'-') {
        return None;
    }
    let nibble = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 16];
    let mut digits = b.iter().filter(|&&c| c != b'-');
    for byte in &mut out {
        let hi = nibble(*digits.next()?)?;
        let lo = nibble(*digits.next()?)?;
        *byte = hi << 4 | lo;
    }
    Some(out)
}

/// The canonical text of a UUID's 16 bytes.
pub(crate) fn uuid_text(bytes: &[u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [b'-'; 36];
    let mut at = 0;
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            at += 1;
        }
        out[at] = HEX[(b >> 4) as usize];
        out[at + 1] = HEX[(b & 15) as usize];
        at += 2;
    }
    std::str::from_utf8(&out)
        .expect("hex digits and dashes")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_uuid_is_its_16_bytes_and_back() {
        let id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
        let bytes = uuid_bytes(id).expect("a canonical UUID");
        assert_eq!(bytes[0], 0x3f);
        assert_eq!(bytes[15], 0x01);
        assert_eq!(uuid_text(&bytes), id);
        // Anything else stays text: upper case, no dashes, other lengths, non-hex.
        for other in [
            "3F2504E0-4F89-41D3-9A0C-0305E82C3301",
            "3f2504e04f8941d39a0c0305e82c3301",
            "3f2504e0-4f89-41d3-9a0c-0305e82c330",
            "3f2504e0-4f89-41d3-9a0c-0305e82c330g",
            "docs-example-trace",
        ] {
            assert_eq!(uuid_bytes(other), None, "{other}");
        }
    }

    #[test]
    fn the_checksum_notices_any_changed_byte() {
        let bytes: Vec<u8> = (0..100u32).map(|i| (i * 7) as u8).collect();
        let sum = checksum(&bytes);
        for at in 0..bytes.len() {
            let mut altered = bytes.clone();
            altered[at] ^= 1;
            assert_ne!(checksum(&altered), sum, "byte {at}");
        }
        assert_ne!(checksum(&bytes[..99]), sum);
    }
}
