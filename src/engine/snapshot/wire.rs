//! The snapshot's wire format: LEB128 varints, a table of the distinct strings (each written once,
//! then named by its index) and a checksum over the whole. Compact and quick to read back: no field
//! names, no escaping, no number printing.

use crate::engine::events::Text;
use crate::engine::time::Timestamp;

/// Why a snapshot could not be read (or, for a bug, written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not a snapshot at all: the first bytes are not the format's mark.
    NotASnapshot,
    /// A snapshot of another format version than this build reads.
    Version { found: u32, reads: u32 },
    /// The bytes do not add up: cut short, altered, or written by a faulty build.
    Damaged(String),
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SnapshotError::NotASnapshot => f.write_str("it is not a byok-sandbox snapshot"),
            SnapshotError::Version { found, reads } => write!(
                f,
                "it is snapshot format version {found}, and this build reads version {reads}"
            ),
            SnapshotError::Damaged(why) => write!(f, "it is damaged ({why})"),
        }
    }
}

impl std::error::Error for SnapshotError {}

pub(crate) type Result<T> = std::result::Result<T, SnapshotError>;

pub(crate) fn damaged<T>(why: impl Into<String>) -> Result<T> {
    Err(SnapshotError::Damaged(why.into()))
}

/// The strings the engine writes as `&'static str` (event outcomes, type URIs, reason phrases...),
/// written as their index here. An unknown one fails the snapshot, which the app then does without.
pub(crate) const CONSTANTS: &[&str] = &[
    "",
    "success",
    "failure",
    "pending",
    "critical",
    "warning",
    "normal",
    "token",
    "ActivityTracker",
    "service/security/account/user",
    "service/security/account/service",
    "service/security/account/serviceid",
    "kms/secrets",
    "kms/registrations",
    "kms/key-rings",
    "kms/policies",
    "kms/instancepolicies",
    "kms/instance",
    "iam-am/policy",
    "resource-controller/instance",
    "cloud-databases/deployment",
    "sandbox/request",
    "sandbox/settings",
    "OK",
    "Created",
    "No Content",
    "Bad Request",
    "Unauthorized",
    "Forbidden",
    "Not Found",
    "Method Not Allowed",
    "Request Timeout",
    "Conflict",
    "Gone",
    "Unprocessable Entity",
    "Too Many Requests",
    "Error",
    "SCHEDULED",
    "RESTORED",
    "RECLAIMING",
];

/// Writes the body; strings go to a table that `finish` puts in front of it.
pub(crate) struct Writer<'a> {
    body: Vec<u8>,
    ids: Interner,
    table: Vec<&'a str>,
}

/// The table's index: open addressing over a power-of-two array of slots, each 0 (free) or a
/// string's index + 1. (A B-tree of the strings would compare long CRN prefixes at every step.)
struct Interner {
    slots: Vec<u32>,
}

/// A hash of the length and of three places in the string: the sandbox's long strings (CRNs, JSON
/// texts) share prefixes but differ at their ends, and reading three words is quicker than all.
fn hash(s: &str) -> u64 {
    let b = s.as_bytes();
    let word = |at: usize| -> u64 {
        let mut w = [0u8; 8];
        let end = (at + 8).min(b.len());
        w[..end - at].copy_from_slice(&b[at..end]);
        u64::from_le_bytes(w)
    };
    let mut h: u64 = 0x9e37_79b9_7f4a_7c15 ^ b.len() as u64;
    let places = if b.len() <= 24 {
        [0, 8, 16]
    } else {
        [0, b.len() / 2 - 4, b.len() - 8]
    };
    for at in places {
        if at < b.len() {
            h = (h.rotate_left(5) ^ word(at)).wrapping_mul(0x51_7cc1_b727_220a_95);
        }
    }
    if b.len() > 24 {
        h = (h.rotate_left(5) ^ word(b.len() - 16)).wrapping_mul(0x51_7cc1_b727_220a_95);
    }
    h ^ (h >> 29)
}

impl Interner {
    /// The index of `s` in `table`, adding it if it is new.
    fn id<'a>(&mut self, table: &mut Vec<&'a str>, s: &'a str) -> u32 {
        if (table.len() + 1) * 2 > self.slots.len() {
            self.grow(table);
        }
        let mask = self.slots.len() - 1;
        let mut i = hash(s) as usize & mask;
        loop {
            match self.slots[i] {
                0 => {
                    table.push(s);
                    self.slots[i] = table.len() as u32;
                    return table.len() as u32 - 1;
                }
                n if table[n as usize - 1] == s => return n - 1,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn grow(&mut self, table: &[&str]) {
        let size = (self.slots.len() * 2).max(1024);
        self.slots = vec![0; size];
        let mask = size - 1;
        for (n, s) in table.iter().enumerate() {
            let mut i = hash(s) as usize & mask;
            while self.slots[i] != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = n as u32 + 1;
        }
    }
}

impl<'a> Writer<'a> {
    pub fn new() -> Writer<'a> {
        Writer {
            body: Vec::with_capacity(1 << 16),
            ids: Interner { slots: Vec::new() },
            table: Vec::new(),
        }
    }

    pub fn u64(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.body.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.body.push(n as u8);
    }

    pub fn usize(&mut self, n: usize) {
        self.u64(n as u64)
    }

    pub fn i64(&mut self, n: i64) {
        self.u64(((n << 1) ^ (n >> 63)) as u64)
    }

    pub fn bool(&mut self, b: bool) {
        self.body.push(b as u8)
    }

    pub fn byte(&mut self, b: u8) {
        self.body.push(b)
    }

    pub fn time(&mut self, t: Timestamp) {
        self.i64(t.0)
    }

    pub fn opt_time(&mut self, t: Option<Timestamp>) {
        match t {
            Some(t) => {
                self.bool(true);
                self.time(t)
            }
            None => self.bool(false),
        }
    }

    pub fn bytes(&mut self, b: &[u8]) {
        self.usize(b.len());
        self.body.extend_from_slice(b);
    }

    /// Bytes of a length both sides know, without their length.
    pub fn raw(&mut self, b: &[u8]) {
        self.body.extend_from_slice(b);
    }

    /// A string by its index in the table (written once however often it recurs).
    pub fn str(&mut self, s: &'a str) {
        let id = self.ids.id(&mut self.table, s);
        self.u64(id as u64)
    }

    pub fn opt_str(&mut self, s: Option<&'a str>) {
        match s {
            Some(s) => {
                self.bool(true);
                self.str(s)
            }
            None => self.bool(false),
        }
    }

    pub fn strs(&mut self, list: &'a [String]) {
        self.usize(list.len());
        for s in list {
            self.str(s);
        }
    }

    /// One of [`CONSTANTS`].
    pub fn constant(&mut self, s: &str) -> Result<()> {
        match CONSTANTS.iter().position(|c| *c == s) {
            Some(i) => {
                self.usize(i);
                Ok(())
            }
            None => Err(SnapshotError::Damaged(format!(
                "the constant '{s}' has no code in the snapshot format"
            ))),
        }
    }

    /// The whole snapshot: the mark, the version, the string table, the body and the checksum.
    pub fn finish(self, mark: &[u8], version: u32) -> Vec<u8> {
        let strings: usize = self.table.iter().map(|s| s.len() + 2).sum();
        let mut head = Writer {
            body: Vec::with_capacity(mark.len() + strings + self.body.len() + 32),
            ids: Interner { slots: Vec::new() },
            table: Vec::new(),
        };
        head.body.extend_from_slice(mark);
        head.u64(version as u64);
        head.usize(self.table.len());
        for s in &self.table {
            head.bytes(s.as_bytes());
        }
        let mut out = head.body;
        out.extend_from_slice(&self.body);
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

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

/// The table's string at `range` of `all`, sharing it.
#[inline(never)]
fn table_text(all: &std::sync::Arc<str>, range: std::ops::Range<usize>) -> Result<Text> {
    Text::part(all, range).map_or_else(|| damaged("a string in it is not UTF-8"), Ok)
}

/// Reads what a [`Writer`] wrote, refusing anything that does not add up.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Each distinct string once: events share these rather than copy them.
    table: Vec<Text>,
}

impl<'a> Reader<'a> {
    /// Checks the mark, the version and the checksum, reads the string table, and leaves the
    /// reader at the start of the body.
    pub fn open(bytes: &'a [u8], mark: &[u8], version: u32) -> Result<Reader<'a>> {
        if bytes.len() < mark.len() || &bytes[..mark.len()] != mark {
            return Err(SnapshotError::NotASnapshot);
        }
        let mut r = Reader {
            bytes,
            pos: mark.len(),
            table: Vec::new(),
        };
        let found = r.u64()?;
        if found != version as u64 {
            return Err(SnapshotError::Version {
                found: found.min(u32::MAX as u64) as u32,
                reads: version,
            });
        }
        if bytes.len() < r.pos + 8 {
            return damaged("it is cut short");
        }
        let (content, sum) = bytes.split_at(bytes.len() - 8);
        if checksum(content) != u64::from_le_bytes(sum.try_into().expect("8 bytes")) {
            return damaged("its checksum does not match: the copy is cut short or altered");
        }
        r.bytes = content;
        let n = r.usize()?;
        if n > r.bytes.len() {
            return damaged("its string table is longer than the snapshot");
        }
        // Every string goes into one buffer, checked as UTF-8 once; the table holds parts of it,
        // so restoring costs one allocation for the strings, not one per string.
        // (Each step is a function of its own: see `read_event` for why.)
        let mut ranges = Vec::with_capacity(n);
        let mut all = Vec::with_capacity(r.bytes.len() - r.pos);
        for _ in 0..n {
            ranges.push(r.table_string(&mut all)?);
        }
        let all = String::from_utf8(all).or_else(|_| damaged("a string in it is not UTF-8"))?;
        let all: std::sync::Arc<str> = all.into();
        r.table.reserve(n);
        for range in ranges {
            r.table.push(table_text(&all, range)?);
        }
        Ok(r)
    }

    /// One string of the table, appended to `all`; where it lies there.
    #[inline(never)]
    fn table_string(&mut self, all: &mut Vec<u8>) -> Result<std::ops::Range<usize>> {
        let len = self.usize()?;
        let raw = self.take(len)?;
        let start = all.len();
        all.extend_from_slice(raw);
        Ok(start..all.len())
    }

    pub fn at_end(&self) -> bool {
        self.pos == self.bytes.len()
    }

    #[inline]
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        match self.pos.checked_add(n) {
            Some(end) if end <= self.bytes.len() => {
                let out = &self.bytes[self.pos..end];
                self.pos = end;
                Ok(out)
            }
            _ => damaged("it ends in the middle of a value"),
        }
    }

    #[inline]
    pub fn byte(&mut self) -> Result<u8> {
        match self.bytes.get(self.pos) {
            Some(&b) => {
                self.pos += 1;
                Ok(b)
            }
            None => damaged("it ends in the middle of a value"),
        }
    }

    /// A LEB128 number, read straight from the bytes (the reader's innermost loop).
    pub fn u64(&mut self) -> Result<u64> {
        let mut n: u64 = 0;
        let mut shift = 0;
        for (i, &b) in self.bytes[self.pos..].iter().enumerate() {
            if shift >= 64 {
                return damaged("a number in it is too long");
            }
            n |= ((b & 0x7f) as u64) << shift;
            if b & 0x80 == 0 {
                self.pos += i + 1;
                return Ok(n);
            }
            shift += 7;
        }
        damaged("it ends in the middle of a value")
    }

    #[inline]
    pub fn usize(&mut self) -> Result<usize> {
        let n = self.u64()?;
        usize::try_from(n).or_else(|_| damaged("a length in it is too large"))
    }

    /// A count of items that each take at least one byte, so a damaged count cannot ask for more
    /// memory than the snapshot could fill.
    #[inline]
    pub fn count(&mut self) -> Result<usize> {
        let n = self.usize()?;
        if n > self.bytes.len() - self.pos {
            return damaged("a count in it is larger than the snapshot");
        }
        Ok(n)
    }

    #[inline]
    pub fn u32(&mut self) -> Result<u32> {
        let n = self.u64()?;
        u32::try_from(n).or_else(|_| damaged("a number in it is out of range"))
    }

    #[inline]
    pub fn i64(&mut self) -> Result<i64> {
        let n = self.u64()?;
        Ok(((n >> 1) as i64) ^ -((n & 1) as i64))
    }

    pub fn bool(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            b => damaged(format!("{b} is not a yes or no")),
        }
    }

    pub fn time(&mut self) -> Result<Timestamp> {
        Ok(Timestamp(self.i64()?))
    }

    pub fn opt_time(&mut self) -> Result<Option<Timestamp>> {
        Ok(if self.bool()? {
            Some(self.time()?)
        } else {
            None
        })
    }

    pub fn bytes(&mut self) -> Result<Vec<u8>> {
        let n = self.usize()?;
        Ok(self.take(n)?.to_vec())
    }

    /// `N` bytes written by [`Writer::raw`].
    pub fn raw<const N: usize>(&mut self) -> Result<[u8; N]> {
        Ok(self.take(N)?.try_into().expect("take gives N bytes"))
    }

    pub fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let raw = self.bytes()?;
        raw.try_into()
            .or_else(|_| damaged(format!("a {N}-byte value has another length")))
    }

    #[inline]
    fn entry(&mut self) -> Result<&Text> {
        let id = self.usize()?;
        match self.table.get(id) {
            Some(s) => Ok(s),
            None => damaged("it names a string it does not hold"),
        }
    }

    /// A string of the table, shared (no copy).
    #[inline]
    pub fn text(&mut self) -> Result<Text> {
        self.entry().cloned()
    }

    pub fn string(&mut self) -> Result<String> {
        Ok(self.entry()?.as_str().to_string())
    }

    pub fn opt_string(&mut self) -> Result<Option<String>> {
        Ok(if self.bool()? {
            Some(self.string()?)
        } else {
            None
        })
    }

    pub fn strings(&mut self) -> Result<Vec<String>> {
        let n = self.count()?;
        (0..n).map(|_| self.string()).collect()
    }

    #[inline]
    pub fn constant(&mut self) -> Result<&'static str> {
        let i = self.usize()?;
        match CONSTANTS.get(i) {
            Some(c) => Ok(c),
            None => damaged(format!(
                "it names constant {i}, which this build does not know"
            )),
        }
    }
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
