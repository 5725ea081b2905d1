//! Real AES-GCM, as Key Protect and the databases use it.
//!
//! A root key version owns one initialised [`Cipher`], built once when the version is made, so a
//! wrap costs one AES-GCM pass over the DEK and not a key schedule. Wrapped DEKs use Key Protect's
//! ciphertext format: base64 of `{"ciphertext","iv","version":"4.0.0","handle":"<key version id>"}`.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::aes::cipher::consts::U12;
use aes_gcm::aes::Aes192;
use aes_gcm::{Aes128Gcm, Aes256Gcm, AesGcm, Nonce};
use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine as _;

/// An initialised AES-GCM cipher for a 128-, 192- or 256-bit key.
#[derive(Clone)]
pub enum Cipher {
    Aes128(Box<Aes128Gcm>),
    Aes192(Box<AesGcm<Aes192, U12>>),
    Aes256(Box<Aes256Gcm>),
}

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key schedules.
        f.write_str(match self {
            Cipher::Aes128(_) => "Cipher(AES-128-GCM)",
            Cipher::Aes192(_) => "Cipher(AES-192-GCM)",
            Cipher::Aes256(_) => "Cipher(AES-256-GCM)",
        })
    }
}

impl Cipher {
    /// A cipher for 16, 24 or 32 bytes of key material; `None` for any other length.
    pub fn new(material: &[u8]) -> Option<Cipher> {
        Some(match material.len() {
            16 => Cipher::Aes128(Box::new(Aes128Gcm::new_from_slice(material).ok()?)),
            24 => Cipher::Aes192(Box::new(
                AesGcm::<Aes192, U12>::new_from_slice(material).ok()?,
            )),
            32 => Cipher::Aes256(Box::new(Aes256Gcm::new_from_slice(material).ok()?)),
            _ => return None,
        })
    }

    /// Encrypts `msg`; the result is the ciphertext with the 16-byte tag appended.
    pub fn seal(&self, nonce: &[u8; 12], aad: &[u8], msg: &[u8]) -> Vec<u8> {
        let nonce = Nonce::<U12>::from(*nonce);
        let payload = Payload { msg, aad };
        let out = match self {
            Cipher::Aes128(c) => c.encrypt(&nonce, payload),
            Cipher::Aes192(c) => c.encrypt(&nonce, payload),
            Cipher::Aes256(c) => c.encrypt(&nonce, payload),
        };
        out.expect("AES-GCM encryption of an in-memory buffer cannot fail")
    }

    /// Decrypts and authenticates; `None` if the tag does not match (wrong key, nonce or AAD, or
    /// altered bytes).
    pub fn open(&self, nonce: &[u8; 12], aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        let nonce = Nonce::<U12>::from(*nonce);
        let payload = Payload { msg: sealed, aad };
        match self {
            Cipher::Aes128(c) => c.decrypt(&nonce, payload),
            Cipher::Aes192(c) => c.decrypt(&nonce, payload),
            Cipher::Aes256(c) => c.decrypt(&nonce, payload),
        }
        .ok()
    }
}

pub fn b64(bytes: &[u8]) -> String {
    B64.encode(bytes)
}

pub fn unb64(text: &str) -> Option<Vec<u8>> {
    B64.decode(text.trim()).ok()
}

/// The additional authenticated data of a wrap: Key Protect takes a list of strings; the sandbox
/// binds them in order, each length-prefixed so `["ab","c"]` and `["a","bc"]` differ.
pub fn aad_bytes(aad: &[String]) -> Vec<u8> {
    let mut out = Vec::with_capacity(aad.iter().map(|s| s.len() + 4).sum());
    for s in aad {
        out.extend_from_slice(&(s.len() as u32).to_be_bytes());
        out.extend_from_slice(s.as_bytes());
    }
    out
}

/// A wrapped DEK, as carried inside Key Protect's base64 ciphertext blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedBlob {
    pub sealed: Vec<u8>,
    pub iv: [u8; 12],
    pub handle: String,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct BlobJson {
    ciphertext: String,
    iv: String,
    version: String,
    handle: String,
}

impl WrappedBlob {
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(&BlobJson {
            ciphertext: b64(&self.sealed),
            iv: b64(&self.iv),
            version: "4.0.0".into(),
            handle: self.handle.clone(),
        })
        .expect("a blob always serialises");
        b64(&json)
    }

    /// Reads a ciphertext produced by [`WrappedBlob::encode`]; `None` for anything else.
    pub fn decode(text: &str) -> Option<WrappedBlob> {
        let json = unb64(text)?;
        let blob: BlobJson = serde_json::from_slice(&json).ok()?;
        let iv: [u8; 12] = unb64(&blob.iv)?.try_into().ok()?;
        Some(WrappedBlob {
            sealed: unb64(&blob.ciphertext)?,
            iv,
            handle: blob.handle,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_open_round_trip_for_every_key_size() {
        for len in [16, 24, 32] {
            let c = Cipher::new(&vec![7u8; len]).unwrap();
            let sealed = c.seal(&[1; 12], b"aad", b"secret dek");
            assert_eq!(sealed.len(), 10 + 16);
            assert_eq!(
                c.open(&[1; 12], b"aad", &sealed).as_deref(),
                Some(&b"secret dek"[..])
            );
            assert_eq!(
                c.open(&[1; 12], b"other", &sealed),
                None,
                "a wrong AAD must not open"
            );
        }
        assert!(Cipher::new(&[0; 20]).is_none());
    }

    #[test]
    fn aad_is_length_prefixed() {
        assert_ne!(
            aad_bytes(&["ab".into(), "c".into()]),
            aad_bytes(&["a".into(), "bc".into()])
        );
    }

    #[test]
    fn blob_round_trips() {
        let blob = WrappedBlob {
            sealed: vec![1, 2, 3],
            iv: [9; 12],
            handle: "h".into(),
        };
        assert_eq!(WrappedBlob::decode(&blob.encode()), Some(blob));
        assert_eq!(WrappedBlob::decode("not base64!"), None);
    }
}
