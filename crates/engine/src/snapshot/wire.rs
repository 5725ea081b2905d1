//! The snapshot's wire format: documents of LEB128 varints, each with a table of its distinct
//! strings (each written once, then named by its index), its length and a checksum over the whole. Compact and quick to read back: no field
//! names, no escaping, no number printing.

pub(crate) use super::forms::checksum;
use super::forms::{uuid_bytes, uuid_text};
use crate::events::Text;
use crate::time::Timestamp;

/// Why a snapshot could not be read (or, for a bug, written).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SnapshotError {
    /// Not a snapshot at all: the first bytes are not the format's mark.
    NotASnapshot,
    /// A snapshot of another format version than this build reads.
    Version { found: u32, reads: u32 },
    /// The bytes do not add up: cut short, altered, or written by a faulty build.
    Damaged(String),
    /// No snapshot of a sandbox whose history is still to be attached.
    HistoryArriving,
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
            SnapshotError::HistoryArriving => f.write_str("its activity log is still being read"),
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

    /// An identifier: a canonical UUID as its 16 bytes (most are), any other text by the table.
    pub fn id(&mut self, s: &'a str) {
        match uuid_bytes(s) {
            Some(bytes) => {
                self.byte(1);
                self.raw(&bytes);
            }
            None => {
                self.byte(0);
                self.str(s);
            }
        }
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

    /// The whole document: the mark, the version, its length (8 bytes, so documents can follow
    /// one another), the string table, the body and the checksum.
    pub fn finish(self, mark: &[u8], version: u32) -> Vec<u8> {
        let strings: usize = self.table.iter().map(|s| s.len() + 2).sum();
        let mut head = Writer {
            body: Vec::with_capacity(mark.len() + strings + self.body.len() + 32),
            ids: Interner { slots: Vec::new() },
            table: Vec::new(),
        };
        head.body.extend_from_slice(mark);
        head.u64(version as u64);
        let length_at = head.body.len();
        head.raw(&[0; 8]);
        head.usize(self.table.len());
        for s in &self.table {
            head.bytes(s.as_bytes());
        }
        let mut out = head.body;
        out.extend_from_slice(&self.body);
        let length = (out.len() + 8) as u64;
        out[length_at..length_at + 8].copy_from_slice(&length.to_le_bytes());
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }
}

/// The first document of `bytes` and what follows it, by the length its header gives; `None` if
/// `bytes` does not start with a header of this format (mark, version, length) or is shorter
/// than that length.
pub(crate) fn first_document<'a>(bytes: &'a [u8], mark: &[u8]) -> Option<(&'a [u8], &'a [u8])> {
    let rest = bytes.strip_prefix(mark)?;
    let version_len = rest.iter().take(5).position(|b| b & 0x80 == 0)? + 1;
    let length = rest.get(version_len..version_len + 8)?;
    let length = u64::from_le_bytes(length.try_into().expect("8 bytes"));
    let length = usize::try_from(length).ok().filter(|&n| n <= bytes.len())?;
    Some(bytes.split_at(length))
}

/// The checksum a document ends with (its last 8 bytes).
pub(crate) fn checksum_of(document: &[u8]) -> Option<u64> {
    let sum = document.get(document.len().checked_sub(8)?..)?;
    Some(u64::from_le_bytes(sum.try_into().expect("8 bytes")))
}

/// The table's string at `range` of `all`, sharing it.
#[inline(never)]
fn table_text(all: &std::sync::Arc<String>, range: std::ops::Range<usize>) -> Result<Text> {
    Text::part(all, range).map_or_else(|| damaged("a string in it is not UTF-8"), Ok)
}

/// Reads what a [`Writer`] wrote, refusing anything that does not add up.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    /// Each distinct string once: events share these rather than copy them.
    table: std::sync::Arc<Vec<Text>>,
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
            table: std::sync::Arc::new(Vec::new()),
        };
        let found = r.u64()?;
        if found != version as u64 {
            return Err(SnapshotError::Version {
                found: found.min(u32::MAX as u64) as u32,
                reads: version,
            });
        }
        let Ok(length) = r.take(8) else {
            return damaged("it is cut short");
        };
        let length = u64::from_le_bytes(length.try_into().expect("8 bytes"));
        if length != bytes.len() as u64 || bytes.len() < r.pos + 8 {
            return damaged(format!(
                "it says it has {length} bytes and it has {}: the copy is cut short or altered",
                bytes.len()
            ));
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
        let all = std::sync::Arc::new(all);
        let mut table = Vec::with_capacity(n);
        for range in ranges {
            table.push(table_text(&all, range)?);
        }
        r.table = std::sync::Arc::new(table);
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

    #[inline(always)]
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

    #[inline(always)]
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
    #[inline(always)]
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

    #[inline(always)]
    pub fn usize(&mut self) -> Result<usize> {
        let n = self.u64()?;
        usize::try_from(n).or_else(|_| damaged("a length in it is too large"))
    }

    /// A count of items that each take at least one byte, so a damaged count cannot ask for more
    /// memory than the snapshot could fill.
    #[inline(always)]
    pub fn count(&mut self) -> Result<usize> {
        let n = self.usize()?;
        if n > self.bytes.len() - self.pos {
            return damaged("a count in it is larger than the snapshot");
        }
        Ok(n)
    }

    #[inline(always)]
    pub fn u32(&mut self) -> Result<u32> {
        let n = self.u64()?;
        u32::try_from(n).or_else(|_| damaged("a number in it is out of range"))
    }

    #[inline(always)]
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

    #[inline(always)]
    fn entry(&mut self) -> Result<&Text> {
        let id = self.usize()?;
        match self.table.get(id) {
            Some(s) => Ok(s),
            None => damaged("it names a string it does not hold"),
        }
    }

    /// A string of the table, shared (no copy).
    #[inline(always)]
    pub fn text(&mut self) -> Result<Text> {
        self.entry().cloned()
    }

    pub fn string(&mut self) -> Result<String> {
        Ok(self.entry()?.as_str().to_string())
    }

    /// What [`Writer::id`] wrote.
    pub fn id(&mut self) -> Result<String> {
        match self.byte()? {
            1 => Ok(uuid_text(&self.raw::<16>()?)),
            0 => self.string(),
            b => damaged(format!("{b} is not an identifier's form")),
        }
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

    #[inline(always)]
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
