//! Envelope encryption with a root key: wrap, unwrap and rewrap, with AAD, under the key's versions.

use super::model::*;
use crate::activity::Trace;
use crate::command::*;
use crate::crypto::{aad_bytes, b64, unb64, WrappedBlob};
use crate::error::ApiError;
use crate::sandbox::Sandbox;

impl Sandbox {
    pub(super) fn wrap(
        &mut self,
        instance: &str,
        key: &str,
        plaintext: Option<Vec<u8>>,
        aad: &[String],
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        check_aad(aad)?;
        let k = &self.keys[&id];
        if !k.is_root() {
            return Err(ApiError::root_required());
        }
        if k.state != KeyState::Active {
            return Err(ApiError::invalid_state());
        }
        if let Some(p) = &plaintext {
            if p.is_empty() || p.len() > MAX_STANDARD_PAYLOAD {
                return Err(ApiError::invalid_field(
                    "plaintext",
                    "a base64 encoded key material of 1 to 7,500 bytes",
                ));
            }
        }
        let generated = plaintext.is_none();
        let dek = plaintext.unwrap_or_else(|| self.rng.bytes::<32>().to_vec());
        let iv: [u8; 12] = self.rng.bytes();
        let k = &self.keys[&id];
        let version = k.current();
        let blob = WrappedBlob {
            sealed: version.cipher().seal(&iv, &aad_bytes(aad), &dek),
            iv,
            handle: version.id.clone(),
        };
        trace.resp("keyVersionId", version.id.clone());
        Ok(Outcome::Wrapped {
            ciphertext: blob.encode(),
            key_version: version.id.clone(),
            plaintext: generated.then(|| b64(&dek)),
        })
    }

    /// Unwrap, or rewrap when `rewrap`: opens the DEK with the version that wrapped it and, when
    /// that is not the current version (or for a rewrap), seals it again under the current one.
    pub(super) fn unwrap(
        &mut self,
        instance: &str,
        key: &str,
        ciphertext: &str,
        aad: &[String],
        rewrap: bool,
        trace: &mut Trace,
    ) -> Result<Outcome, ApiError> {
        let id = self.resolve_live(instance, key, trace)?;
        check_aad(aad)?;
        let k = &self.keys[&id];
        if !k.is_root() {
            return Err(ApiError::root_required());
        }
        if !matches!(k.state, KeyState::Active | KeyState::Deactivated) {
            return Err(ApiError::invalid_state());
        }
        if unb64(ciphertext).is_none() {
            return Err(ApiError::invalid_field(
                "ciphertext",
                "the original base64 encoded ciphertext from the wrap operation",
            ));
        }
        let unprocessable = || {
            ApiError::new(
                422,
                "UNPROCESSABLE_CIPHERTEXT_ERR",
                "The provided ciphertext is invalid or corrupted",
            )
        };
        let blob = WrappedBlob::decode(ciphertext).ok_or_else(unprocessable)?;
        let version = k.version(&blob.handle).ok_or_else(unprocessable)?;
        let aad_b = aad_bytes(aad);
        let dek = version
            .cipher()
            .open(&blob.iv, &aad_b, &blob.sealed)
            .ok_or_else(unprocessable)?;
        let wrapped_with = version.id.clone();
        trace.resp("keyVersionId", wrapped_with.clone());
        let current_id = k.current().id.clone();
        let reseal = rewrap || (wrapped_with != current_id && k.state == KeyState::Active);
        let resealed = if reseal {
            let iv: [u8; 12] = self.rng.bytes();
            let k = &self.keys[&id];
            let blob = WrappedBlob {
                sealed: k.current().cipher().seal(&iv, &aad_b, &dek),
                iv,
                handle: current_id.clone(),
            };
            trace.resp("rewrappedKeyVersionId", current_id.clone());
            Some(blob.encode())
        } else {
            None
        };
        Ok(match (rewrap, resealed) {
            (true, Some(ciphertext)) => Outcome::Rewrapped {
                ciphertext,
                key_version: wrapped_with,
                rewrapped_key_version: current_id,
            },
            (_, resealed) => Outcome::Unwrapped {
                plaintext: b64(&dek),
                key_version: wrapped_with,
                rewrapped: resealed.map(|c| (c, current_id)),
            },
        })
    }
}

pub(super) fn check_aad(aad: &[String]) -> Result<(), ApiError> {
    if aad.iter().any(|a| a.chars().count() > 255) {
        return Err(ApiError::invalid_field(
            "aad",
            "a list of strings of at most 255 characters each",
        ));
    }
    Ok(())
}
