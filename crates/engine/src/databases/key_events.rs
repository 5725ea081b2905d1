//! How deployments follow their key: key events reach them after the propagation delay (disable,
//! enable, rotation sync and rewrap, cryptoshredding), they acknowledge, and Key Protect logs
//! `kms.secrets.endtoenddelete` once every registered resource confirmed a shred (408 after 4 h).

use super::model::*;
use super::ops::DB_TYPE;
use crate::activity::Trace;
use crate::clock::{Item, KeyEvent};
use crate::command::*;
use crate::crn::Crn;
use crate::error::ApiError;
use crate::iam::{Actor, ServiceRole};
use crate::kms::KeyState;
use crate::sandbox::{Sandbox, ShredTracking};

impl Sandbox {
    /// When an authorization appears, deployments that lost access to their key try again.
    pub(crate) fn retry_locked_deployments(&mut self) {
        let locked: Vec<String> = self
            .deployments()
            .filter(|d| {
                matches!(
                    d.status,
                    Status::Disabled(DisabledReason::KeyNotAccessible { .. })
                )
            })
            .map(|d| d.guid.clone())
            .collect();
        for guid in locked {
            let d = &self.deployments[&guid];
            let Some(text) = d.disk_key_crn.as_deref() else {
                continue;
            };
            let kp_instance = Crn::parse_key(text).expect("checked").instance;
            if self
                .authorizations
                .iter()
                .any(|a| a.grants(&d.service, Some(&guid), &kp_instance, ServiceRole::Reader))
            {
                self.unlock(&guid);
            }
        }
    }

    /// Key Protect tells the services registered on a key about a lifecycle event; each hears it
    /// after the propagation delay. A force delete also starts the wait for shred confirmations.
    pub(crate) fn key_changed(&mut self, key_id: &str, event: KeyEvent) {
        // Registrations are keyed (key id, resource CRN): the key's own are one range of the map.
        let registered: Vec<String> = self
            .registrations
            .range((key_id.to_string(), String::new())..)
            .take_while(|((k, _), _)| k == key_id)
            .map(|((_, crn), _)| crn.clone())
            .collect();
        if registered.is_empty() {
            return;
        }
        let at = self.now + self.timings.propagation_delay;
        for crn in &registered {
            // A deployment's CRN carries its GUID as the service instance.
            let guid = Crn::parse(crn)
                .ok()
                .map(|c| c.instance)
                .filter(|g| self.deployments.get(g).is_some_and(|d| &d.crn == crn));
            if let Some(guid) = guid {
                self.schedule(
                    at,
                    Item::KeyNotice {
                        deployment: guid,
                        key: key_id.to_string(),
                        event,
                    },
                );
            }
        }
        if event == KeyEvent::Delete {
            self.shreds.insert(
                key_id.to_string(),
                ShredTracking {
                    deleted_at: self.now,
                    outstanding: registered,
                    confirmed: Vec::new(),
                },
            );
            self.schedule(
                self.now + SHRED_CONFIRM_WINDOW,
                Item::ShredDeadline(key_id.to_string()),
            );
        }
    }

    pub(crate) fn key_notice(&mut self, guid: &str, key_id: &str, event: KeyEvent) {
        let d = &self.deployments[guid];
        let key_crn = self.keys.get(key_id).map(|k| k.crn.clone());
        let is_disk_key = key_crn.is_some() && d.disk_key_crn == key_crn;
        let live = match &d.status {
            Status::PendingReclamation { prior, .. } => prior.as_ref().clone(),
            s => s.clone(),
        };
        let event = match event {
            KeyEvent::Sync => match self.keys.get(key_id).map(|k| k.state) {
                Some(KeyState::Suspended) => KeyEvent::Disable,
                Some(KeyState::Destroyed) | None => KeyEvent::Delete,
                _ => KeyEvent::Enable,
            },
            e => e,
        };
        let mut note = None;
        match event {
            KeyEvent::Delete if is_disk_key => {
                let d = self.deployments.get_mut(guid).expect("exists");
                d.dek = None;
                d.wrapped_dek = None;
                d.tasks.clear();
                set_live(d, Status::Disabled(DisabledReason::KeyDestroyed));
                note = Some("cryptoshredded: the data encryption key is discarded and the disks are locked for good");
            }
            KeyEvent::Delete => {
                note = Some("backup key destroyed: backups it protects can no longer be read")
            }
            KeyEvent::Disable if is_disk_key && live == Status::Active => {
                let d = self.deployments.get_mut(guid).expect("exists");
                d.dek = None;
                set_live(d, Status::Disabled(DisabledReason::KeySuspended));
                note = Some("disabled: the root key is suspended, the disks are locked");
            }
            KeyEvent::Enable
                if is_disk_key && live == Status::Disabled(DisabledReason::KeySuspended) =>
            {
                if matches!(
                    self.deployments[guid].status,
                    Status::PendingReclamation { .. }
                ) {
                    let d = self.deployments.get_mut(guid).expect("exists");
                    set_live(d, Status::Active);
                } else {
                    self.unlock(guid);
                }
                note = Some("enabled: the root key is active again, the disks are unlocked");
            }
            KeyEvent::Rotate if is_disk_key && live == Status::Active => {
                let task = Task {
                    id: self.rng.uuid(),
                    description: "Syncing KMS state".into(),
                    started: self.now,
                    ends: self.now + KMS_SYNC_TASK,
                    kind: TaskKind::KmsSync,
                };
                self.schedule(
                    task.ends,
                    Item::SyncDone {
                        deployment: guid.to_string(),
                        task: task.id.clone(),
                    },
                );
                self.deployments
                    .get_mut(guid)
                    .expect("exists")
                    .tasks
                    .push(task);
                // The rotation is acknowledged when the sync finishes.
                return;
            }
            KeyEvent::Restore if self.deployments[guid].is_shredded() => {
                note = Some("the key is restored, but the deployment was cryptoshredded and stays disabled: restoring the key restores the key only");
            }
            _ => {}
        }
        self.acknowledge(guid, key_id, event, note);
        if event == KeyEvent::Delete {
            let crn = self.deployments[guid].crn.clone();
            self.confirm_shred(key_id, &crn);
        }
    }

    /// The deployment's answer to a key event: `<svc>.deployment-volumes.update` when its volumes
    /// changed, and Key Protect's `kms.secrets.ack-<event>` from the service.
    pub(super) fn acknowledge(
        &mut self,
        guid: &str,
        key_id: &str,
        event: KeyEvent,
        note: Option<&str>,
    ) {
        let d = &self.deployments[guid];
        let actor = Actor::Service {
            name: d.service.clone(),
            instance: Some(guid.to_string()),
        };
        let (service, display, crn, name) = (
            d.service.clone(),
            d.display_service(),
            d.crn.clone(),
            d.name.clone(),
        );
        let state = self.deployment_view(d).state;
        if let Some(note) = note {
            let mut trace = Trace {
                target: Some((crn.clone(), name.clone())),
                status: Some(200),
                ..Trace::default()
            };
            trace.req("keyEvent", event.name());
            trace.resp("result", note);
            trace.resp("state", state);
            let (action, says) = (
                format!("{service}.deployment-volumes.update"),
                format!("{display}: update deployment-volumes"),
            );
            self.record(
                &actor,
                &action,
                &says,
                DB_TYPE,
                false,
                &Ok(Outcome::Done),
                trace,
                ("Volumes", "updated"),
            );
        }
        let (key_crn, key_name, instance) = match self.keys.get(key_id) {
            Some(k) => (k.crn.clone(), k.name.clone(), k.instance.clone()),
            None => (String::new(), String::new(), String::new()),
        };
        let mut trace = Trace {
            target: Some((key_crn, key_name)),
            status: Some(200),
            ..Trace::default()
        };
        trace.req("instanceID", instance);
        trace.req("resourceCrn", crn);
        trace.resp("keyId", key_id);
        let (action, says) = (
            format!("kms.secrets.ack-{}", event.name()),
            format!("Key Protect: ack-{} secret", event.name()),
        );
        self.record(
            &actor,
            &action,
            &says,
            "kms/secrets",
            false,
            &Ok(Outcome::Done),
            trace,
            ("Key", "acknowledged"),
        );
    }

    pub(crate) fn sync_done(&mut self, guid: &str, task_id: &str) {
        let d = self
            .deployments
            .get_mut(guid)
            .expect("checked by the scheduler");
        d.tasks.retain(|t| t.id != task_id);
        let (service, crn) = (d.service.clone(), d.crn.clone());
        let Some(wrapped) = d.wrapped_dek.clone() else {
            return;
        };
        let Some(key_text) = d.disk_key_crn.clone() else {
            return;
        };
        let k = Crn::parse_key(&key_text).expect("checked");
        let actor = Actor::Service {
            name: service.clone(),
            instance: Some(guid.to_string()),
        };
        let (answer, _) = self.kms_as_service(guid, &key_text, |key, crn| KmsOp::Rewrap {
            key,
            ciphertext: wrapped,
            aad: vec![crn],
        });
        match answer {
            Ok(Outcome::Rewrapped {
                ciphertext,
                rewrapped_key_version,
                ..
            }) => {
                let d = self.deployments.get_mut(guid).expect("exists");
                d.wrapped_dek = Some(ciphertext);
                d.key_version = Some(rewrapped_key_version.clone());
                let op = KmsOp::CreateRegistration {
                    key: k.resource.clone(),
                    resource_crn: crn,
                    prevent_key_deletion: false,
                    description: Some(format!(
                        "{} deployment {guid}",
                        display_name(&service).unwrap_or("")
                    )),
                    key_version: Some(rewrapped_key_version),
                };
                let _ = self.apply_kms(&actor, &k.instance, op, None);
                self.acknowledge(
                    guid,
                    &k.resource,
                    KeyEvent::Rotate,
                    Some("KMS state synced: the DEK is rewrapped under the key's newest version"),
                );
            }
            Ok(_) => unreachable!("rewrap answers Rewrapped"),
            Err(e) => {
                let reason = self.reason_from(&e, &service, &k.instance);
                let d = self.deployments.get_mut(guid).expect("exists");
                d.dek = None;
                set_live(d, Status::Disabled(reason));
                self.acknowledge(
                    guid,
                    &k.resource,
                    KeyEvent::Rotate,
                    Some("KMS state sync failed: the service could not rewrap its DEK"),
                );
            }
        }
    }

    pub(super) fn confirm_shred(&mut self, key_id: &str, crn: &str) {
        let Some(t) = self.shreds.get_mut(key_id) else {
            return;
        };
        t.outstanding.retain(|c| c != crn);
        t.confirmed.push(crn.to_string());
        if t.outstanding.is_empty() {
            let t = self.shreds.remove(key_id).expect("present");
            self.end_to_end(key_id, t, true);
        }
    }

    pub(crate) fn shred_deadline(&mut self, key_id: &str) {
        if let Some(t) = self.shreds.remove(key_id) {
            self.end_to_end(key_id, t, false);
        }
    }

    /// `kms.secrets.endtoenddelete`: 200 once every registered resource confirmed the shred, 408
    /// with the outstanding resources when the 4-hour window closes first.
    pub(super) fn end_to_end(&mut self, key_id: &str, t: ShredTracking, complete: bool) {
        let (crn, name, instance) = match self.keys.get(key_id) {
            Some(k) => (k.crn.clone(), k.name.clone(), k.instance.clone()),
            None => (String::new(), String::new(), String::new()),
        };
        let mut trace = Trace {
            target: Some((crn, name)),
            ..Trace::default()
        };
        trace.req("instanceID", instance);
        trace.resp("keyId", key_id);
        trace.resp("confirmedResourceCRNs", t.confirmed.clone());
        let result = if complete {
            trace.status = Some(200);
            Ok(Outcome::Done)
        } else {
            trace.resp("outstandingResourceCRNs", t.outstanding.clone());
            Err(ApiError::new(
                408,
                "END_TO_END_DELETE_TIMEOUT",
                format!(
                    "{} registered resource(s) did not confirm the deletion within 4 hours",
                    t.outstanding.len()
                ),
            ))
        };
        self.record(
            &Actor::KeyProtect,
            "kms.secrets.endtoenddelete",
            "Key Protect: endtoenddelete secret",
            "kms/secrets",
            false,
            &result,
            trace,
            ("Key", "deleted"),
        );
    }
}

/// Sets a deployment's own state, or the state it returns to when its reclamation is restored.
pub(super) fn set_live(d: &mut Deployment, status: Status) {
    match &mut d.status {
        Status::PendingReclamation { prior, .. } => **prior = status,
        s => *s = status,
    }
}
