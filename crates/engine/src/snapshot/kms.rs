//! Key Protect's part of a snapshot: instances with their key rings and policies, keys with every
//! version's material (a version's id, a UUID, as its 16 bytes), registrations.

use std::collections::BTreeMap;

use super::wire::{damaged, Reader, Result, Writer};
use crate::kms::{
    Deletion, Instance, Key, KeyRing, KeyState, KeyVersion, PolicyStamp, Registration,
    RotationPolicy, SetForDeletion, VersionRef,
};

fn stamp<'a, T>(w: &mut Writer<'a>, p: &'a PolicyStamp<T>, value: impl Fn(&mut Writer<'a>, &T)) {
    value(w, &p.value);
    w.time(p.created);
    w.str(&p.created_by);
    w.time(p.updated);
    w.str(&p.updated_by);
}

fn read_stamp<T>(
    r: &mut Reader,
    value: impl Fn(&mut Reader) -> Result<T>,
) -> Result<PolicyStamp<T>> {
    Ok(PolicyStamp {
        value: value(r)?,
        created: r.time()?,
        created_by: r.string()?,
        updated: r.time()?,
        updated_by: r.string()?,
    })
}

fn opt_bool_stamp<'a>(w: &mut Writer<'a>, p: &'a Option<PolicyStamp<bool>>) {
    w.bool(p.is_some());
    if let Some(p) = p {
        stamp(w, p, |w, v| w.bool(*v));
    }
}

fn read_opt_bool_stamp(r: &mut Reader) -> Result<Option<PolicyStamp<bool>>> {
    Ok(if r.bool()? {
        Some(read_stamp(r, |r| r.bool())?)
    } else {
        None
    })
}

pub(super) fn instances<'a>(w: &mut Writer<'a>, list: &'a [Instance]) {
    w.usize(list.len());
    for i in list {
        w.str(&i.guid);
        w.str(&i.name);
        w.str(&i.region);
        w.str(&i.crn);
        w.time(i.created);
        w.usize(i.key_rings.len());
        for (name, ring) in &i.key_rings {
            w.str(name);
            w.str(&ring.id);
            w.time(ring.created);
            w.str(&ring.created_by);
        }
        opt_bool_stamp(w, &i.dual_auth_delete);
    }
}

pub(super) fn read_instances(r: &mut Reader) -> Result<Vec<Instance>> {
    let n = r.count()?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let (guid, name, region, crn) = (r.string()?, r.string()?, r.string()?, r.string()?);
        let created = r.time()?;
        let mut key_rings = BTreeMap::new();
        for _ in 0..r.count()? {
            let name = r.string()?;
            let ring = KeyRing {
                id: r.string()?,
                created: r.time()?,
                created_by: r.string()?,
            };
            key_rings.insert(name, ring);
        }
        out.push(Instance {
            guid,
            name,
            region,
            crn,
            created,
            key_rings,
            dual_auth_delete: read_opt_bool_stamp(r)?,
        });
    }
    Ok(out)
}

pub(super) fn keys<'a>(w: &mut Writer<'a>, keys: &'a BTreeMap<String, Key>) {
    w.usize(keys.len());
    for (at, k) in keys {
        w.str(at);
        w.str(&k.id);
        w.u64(k.seq);
        w.str(&k.instance);
        w.str(&k.crn);
        w.str(&k.name);
        w.strs(&k.aliases);
        w.opt_str(k.description.as_deref());
        w.strs(&k.tags);
        w.str(&k.key_ring);
        w.byte(k.state.code());
        w.opt_time(k.expiration);
        w.bool(k.extractable);
        w.bool(k.imported);
        w.time(k.created);
        w.str(&k.created_by);
        w.time(k.last_updated);
        w.opt_time(k.last_rotated);
        w.usize(k.versions.len());
        for v in &k.versions {
            w.id(&v.id);
            w.time(v.created);
            w.bytes(&v.material);
        }
        w.bool(k.rotation.is_some());
        if let Some(p) = &k.rotation {
            stamp(w, p, |w, v| {
                w.bool(v.enabled);
                w.u64(v.interval_month as u64);
            });
        }
        w.opt_time(k.next_rotation);
        opt_bool_stamp(w, &k.dual_auth);
        w.bool(k.set_for_deletion.is_some());
        if let Some(s) = &k.set_for_deletion {
            w.str(&s.by);
            w.time(s.expires);
        }
        w.bool(k.deletion.is_some());
        if let Some(d) = &k.deletion {
            w.time(d.at);
            w.str(&d.by);
        }
        w.opt_time(k.last_state_change);
        w.opt_time(k.last_sync);
    }
}

pub(super) fn read_keys(r: &mut Reader) -> Result<BTreeMap<String, Key>> {
    let mut out = BTreeMap::new();
    for _ in 0..r.count()? {
        let at = r.string()?;
        let id = r.string()?;
        let seq = r.u64()?;
        let (instance, crn, name) = (r.string()?, r.string()?, r.string()?);
        let aliases = r.strings()?;
        let description = r.opt_string()?;
        let tags = r.strings()?;
        let key_ring = r.string()?;
        let code = r.byte()?;
        let Some(state) = KeyState::from_code(code as i64) else {
            return damaged(format!("{code} is not a key state"));
        };
        let expiration = r.opt_time()?;
        let (extractable, imported) = (r.bool()?, r.bool()?);
        let created = r.time()?;
        let created_by = r.string()?;
        let last_updated = r.time()?;
        let last_rotated = r.opt_time()?;
        let n = r.count()?;
        if n == 0 {
            return damaged(format!("key {id} has no version"));
        }
        let mut versions = Vec::with_capacity(n);
        for _ in 0..n {
            versions.push(KeyVersion::new(r.id()?, r.time()?, r.bytes()?));
        }
        let rotation = if r.bool()? {
            Some(read_stamp(r, |r| {
                Ok(RotationPolicy {
                    enabled: r.bool()?,
                    interval_month: r.u32()?,
                })
            })?)
        } else {
            None
        };
        let next_rotation = r.opt_time()?;
        let dual_auth = read_opt_bool_stamp(r)?;
        let set_for_deletion = if r.bool()? {
            Some(SetForDeletion {
                by: r.string()?,
                expires: r.time()?,
            })
        } else {
            None
        };
        let deletion = if r.bool()? {
            Some(Deletion {
                at: r.time()?,
                by: r.string()?,
            })
        } else {
            None
        };
        let key = Key {
            id,
            seq,
            instance,
            crn,
            name,
            aliases,
            description,
            tags,
            key_ring,
            state,
            expiration,
            extractable,
            imported,
            created,
            created_by,
            last_updated,
            last_rotated,
            versions,
            rotation,
            next_rotation,
            dual_auth,
            set_for_deletion,
            deletion,
            last_state_change: r.opt_time()?,
            last_sync: r.opt_time()?,
        };
        out.insert(at, key);
    }
    Ok(out)
}

pub(super) fn registrations<'a>(
    w: &mut Writer<'a>,
    list: &'a BTreeMap<(String, String), Registration>,
) {
    w.usize(list.len());
    for ((key, crn), reg) in list {
        w.str(key);
        w.str(crn);
        w.str(&reg.key_id);
        w.str(&reg.resource_crn);
        w.str(&reg.created_by);
        w.time(reg.creation_date);
        w.str(&reg.updated_by);
        w.time(reg.last_updated);
        w.opt_str(reg.description.as_deref());
        w.bool(reg.prevent_key_deletion);
        w.str(&reg.key_version.id);
        w.time(reg.key_version.creation_date);
        w.opt_str(reg.registration_metadata.as_deref());
    }
}

pub(super) fn read_registrations(
    r: &mut Reader,
) -> Result<BTreeMap<(String, String), Registration>> {
    let mut out = BTreeMap::new();
    for _ in 0..r.count()? {
        let at = (r.string()?, r.string()?);
        let reg = Registration {
            key_id: r.string()?,
            resource_crn: r.string()?,
            created_by: r.string()?,
            creation_date: r.time()?,
            updated_by: r.string()?,
            last_updated: r.time()?,
            description: r.opt_string()?,
            prevent_key_deletion: r.bool()?,
            key_version: VersionRef {
                id: r.string()?,
                creation_date: r.time()?,
            },
            registration_metadata: r.opt_string()?,
        };
        out.insert(at, reg);
    }
    Ok(out)
}
