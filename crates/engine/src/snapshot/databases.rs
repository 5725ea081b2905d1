//! Cloud Databases' part of a snapshot: deployments (status, envelope, encrypted records, backups,
//! tasks), reclamations, and force-deleted keys still waiting for their resources to confirm.

use std::collections::BTreeMap;

use super::wire::{damaged, Reader, Result, Writer};
use crate::databases::{
    Backup, Deployment, DisabledReason, Reclamation, Status, StoredRecord, Task, TaskKind,
};
use crate::sandbox::ShredTracking;

fn status<'a>(w: &mut Writer<'a>, s: &'a Status) {
    match s {
        Status::Provisioning { started, ready_at } => {
            w.byte(0);
            w.time(*started);
            w.time(*ready_at);
        }
        Status::Active => w.byte(1),
        Status::Disabled(DisabledReason::KeySuspended) => w.byte(2),
        Status::Disabled(DisabledReason::KeyNotAccessible { detail }) => {
            w.byte(3);
            w.str(detail);
        }
        Status::Disabled(DisabledReason::KeyDestroyed) => w.byte(4),
        Status::PendingReclamation { reclamation, prior } => {
            w.byte(5);
            w.str(reclamation);
            status(w, prior);
        }
    }
}

fn read_status(r: &mut Reader, depth: u32) -> Result<Status> {
    Ok(match r.byte()? {
        0 => Status::Provisioning {
            started: r.time()?,
            ready_at: r.time()?,
        },
        1 => Status::Active,
        2 => Status::Disabled(DisabledReason::KeySuspended),
        3 => Status::Disabled(DisabledReason::KeyNotAccessible {
            detail: r.string()?,
        }),
        4 => Status::Disabled(DisabledReason::KeyDestroyed),
        5 if depth < 4 => Status::PendingReclamation {
            reclamation: r.string()?,
            prior: Box::new(read_status(r, depth + 1)?),
        },
        b => return damaged(format!("{b} is not a deployment status here")),
    })
}

fn records<'a>(w: &mut Writer<'a>, list: &'a BTreeMap<(String, String), StoredRecord>) {
    w.usize(list.len());
    for ((table, id), rec) in list {
        w.str(table);
        w.str(id);
        w.bytes(&rec.nonce);
        w.bytes(&rec.sealed);
    }
}

fn read_records(r: &mut Reader) -> Result<BTreeMap<(String, String), StoredRecord>> {
    let mut out = BTreeMap::new();
    for _ in 0..r.count()? {
        let at = (r.string()?, r.string()?);
        let rec = StoredRecord {
            nonce: r.array()?,
            sealed: r.bytes()?,
        };
        out.insert(at, rec);
    }
    Ok(out)
}

fn opt_array<const N: usize>(w: &mut Writer, a: &Option<[u8; N]>) {
    w.bool(a.is_some());
    if let Some(a) = a {
        w.bytes(a);
    }
}

fn read_opt_array<const N: usize>(r: &mut Reader) -> Result<Option<[u8; N]>> {
    Ok(if r.bool()? { Some(r.array()?) } else { None })
}

pub(super) fn deployments<'a>(w: &mut Writer<'a>, list: &'a BTreeMap<String, Deployment>) {
    w.usize(list.len());
    for (at, d) in list {
        w.str(at);
        w.str(&d.guid);
        w.u64(d.seq);
        w.str(&d.crn);
        w.str(&d.name);
        w.str(&d.service);
        w.str(&d.region);
        w.str(&d.plan);
        w.str(&d.resource_group);
        w.time(d.created);
        w.str(&d.created_by);
        status(w, &d.status);
        w.opt_str(d.disk_key_crn.as_deref());
        w.opt_str(d.backup_key_crn.as_deref());
        w.opt_str(d.wrapped_dek.as_deref());
        w.opt_str(d.key_version.as_deref());
        opt_array(w, &d.dek);
        opt_array(w, &d.service_key);
        records(w, &d.records);
        w.usize(d.backups.len());
        for b in &d.backups {
            w.str(&b.id);
            w.time(b.created);
            w.opt_str(b.key_crn.as_deref());
            w.str(&b.wrapped_dek);
            records(w, &b.records);
        }
        w.usize(d.tasks.len());
        for t in &d.tasks {
            w.str(&t.id);
            w.str(&t.description);
            w.time(t.started);
            w.time(t.ends);
            w.byte(match t.kind {
                TaskKind::Provision => 0,
                TaskKind::KmsSync => 1,
            });
        }
    }
}

pub(super) fn read_deployments(r: &mut Reader) -> Result<BTreeMap<String, Deployment>> {
    let mut out = BTreeMap::new();
    for _ in 0..r.count()? {
        let at = r.string()?;
        let guid = r.string()?;
        let seq = r.u64()?;
        let (crn, name, service, region, plan, resource_group) = (
            r.string()?,
            r.string()?,
            r.string()?,
            r.string()?,
            r.string()?,
            r.string()?,
        );
        let created = r.time()?;
        let created_by = r.string()?;
        let status = read_status(r, 0)?;
        let (disk_key_crn, backup_key_crn) = (r.opt_string()?, r.opt_string()?);
        let (wrapped_dek, key_version) = (r.opt_string()?, r.opt_string()?);
        let (dek, service_key) = (read_opt_array(r)?, read_opt_array(r)?);
        let records = read_records(r)?;
        let mut backups = Vec::new();
        for _ in 0..r.count()? {
            backups.push(Backup {
                id: r.string()?,
                created: r.time()?,
                key_crn: r.opt_string()?,
                wrapped_dek: r.string()?,
                records: read_records(r)?,
            });
        }
        let mut tasks = Vec::new();
        for _ in 0..r.count()? {
            tasks.push(Task {
                id: r.string()?,
                description: r.string()?,
                started: r.time()?,
                ends: r.time()?,
                kind: match r.byte()? {
                    0 => TaskKind::Provision,
                    1 => TaskKind::KmsSync,
                    b => return damaged(format!("{b} is not a kind of task")),
                },
            });
        }
        let d = Deployment {
            guid,
            seq,
            crn,
            name,
            service,
            region,
            plan,
            resource_group,
            created,
            created_by,
            status,
            disk_key_crn,
            backup_key_crn,
            wrapped_dek,
            key_version,
            dek,
            service_key,
            records,
            backups,
            tasks,
        };
        out.insert(at, d);
    }
    Ok(out)
}

pub(super) fn reclamations<'a>(
    w: &mut Writer<'a>,
    list: &'a BTreeMap<String, Reclamation>,
) -> Result<()> {
    w.usize(list.len());
    for (at, c) in list {
        w.str(at);
        for s in [
            &c.id,
            &c.entity_id,
            &c.entity_type_id,
            &c.entity_crn,
            &c.resource_instance_id,
            &c.resource_group_id,
            &c.account_id,
            &c.policy_id,
        ] {
            w.str(s);
        }
        w.constant(c.state)?;
        w.time(c.target_time);
        w.time(c.created_at);
        w.str(&c.created_by);
        w.time(c.updated_at);
        w.str(&c.updated_by);
    }
    Ok(())
}

pub(super) fn read_reclamations(r: &mut Reader) -> Result<BTreeMap<String, Reclamation>> {
    let mut out = BTreeMap::new();
    for _ in 0..r.count()? {
        let at = r.string()?;
        let c = Reclamation {
            id: r.string()?,
            entity_id: r.string()?,
            entity_type_id: r.string()?,
            entity_crn: r.string()?,
            resource_instance_id: r.string()?,
            resource_group_id: r.string()?,
            account_id: r.string()?,
            policy_id: r.string()?,
            state: r.constant()?,
            target_time: r.time()?,
            created_at: r.time()?,
            created_by: r.string()?,
            updated_at: r.time()?,
            updated_by: r.string()?,
        };
        out.insert(at, c);
    }
    Ok(out)
}

pub(super) fn shreds<'a>(w: &mut Writer<'a>, list: &'a BTreeMap<String, ShredTracking>) {
    w.usize(list.len());
    for (key, s) in list {
        w.str(key);
        w.time(s.deleted_at);
        w.strs(&s.outstanding);
        w.strs(&s.confirmed);
    }
}

pub(super) fn read_shreds(r: &mut Reader) -> Result<BTreeMap<String, ShredTracking>> {
    let mut out = BTreeMap::new();
    for _ in 0..r.count()? {
        let key = r.string()?;
        let s = ShredTracking {
            deleted_at: r.time()?,
            outstanding: r.strings()?,
            confirmed: r.strings()?,
        };
        out.insert(key, s);
    }
    Ok(out)
}
