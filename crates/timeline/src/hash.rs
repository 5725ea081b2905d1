//! The hash maps behind the builder's lookups.

// Hash maps here serve lookups only (nothing iterates them), so their order cannot leak into the
// drawing; with CRNs that share 90-character prefixes they are much faster than ordered maps. Their
// hash looks at the length and the last 16 bytes only, where a CRN's id is: the keys are the
// sandbox's own ids, so this is safe, and equality still compares whole strings.
use std::hash::{BuildHasherDefault, Hasher};

pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<TailHash>>;
pub(crate) type HashSet<K> = std::collections::HashSet<K, BuildHasherDefault<TailHash>>;

#[derive(Default)]
pub(crate) struct TailHash(u64);

impl Hasher for TailHash {
    fn write(&mut self, bytes: &[u8]) {
        let tail = &bytes[bytes.len().saturating_sub(16)..];
        let mut h = self.0 ^ (bytes.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for chunk in tail.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h ^ u64::from_le_bytes(word))
                .wrapping_mul(0x0100_0000_01b3)
                .rotate_left(29);
        }
        self.0 = h;
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
