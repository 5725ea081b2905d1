//! Key Protect instances: created (in a region, with its `default` key ring) and deleted by the owner.

use super::model::*;
use crate::activity::Trace;
use crate::command::*;
use crate::crn::Crn;
use crate::error::ApiError;
use crate::iam::Actor;
use crate::sandbox::{Sandbox, REGIONS};
use std::collections::BTreeMap;

impl Sandbox {
    pub(crate) fn create_instance(
        &mut self,
        actor: &Actor,
        name: String,
        region: String,
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        trace.req("name", name.clone());
        trace.req("region", region.clone());
        let result = (|| {
            self.require_owner(actor)?;
            if !REGIONS.contains(&region.as_str()) {
                return Err(ApiError::invalid_field(
                    "region",
                    format!("one of {}", REGIONS.join(", ")),
                ));
            }
            let name = name.trim().to_string();
            if name.is_empty() || name.chars().count() > 180 {
                return Err(ApiError::invalid_field("name", "1 to 180 characters"));
            }
            let guid = self.rng.uuid();
            let crn = Crn::instance("kms", &region, &self.account, &guid).to_string();
            let mut key_rings = BTreeMap::new();
            key_rings.insert(
                "default".to_string(),
                KeyRing {
                    id: "default".into(),
                    created: self.now,
                    created_by: self.actor_id(actor),
                },
            );
            trace.target = Some((crn.clone(), name.clone()));
            self.instances.push(Instance {
                guid: guid.clone(),
                name,
                region,
                crn: crn.clone(),
                created: self.now,
                key_rings,
                dual_auth_delete: None,
            });
            Ok(Outcome::Instance { guid, crn })
        })();
        self.record(
            actor,
            "kms.instance.create",
            "Key Protect: create instance",
            "kms/instance",
            false,
            &result,
            trace,
            ("Instance", "created"),
        );
        result
    }

    pub(crate) fn delete_instance(
        &mut self,
        actor: &Actor,
        guid: &str,
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        let result = (|| {
            self.require_owner(actor)?;
            let idx = self
                .instances
                .iter()
                .position(|i| i.guid == guid)
                .ok_or_else(|| {
                    ApiError::new(
                        404,
                        "INSTANCE_NOT_FOUND_ERR",
                        format!("Key Protect instance '{guid}' does not exist"),
                    )
                })?;
            trace.target = Some((
                self.instances[idx].crn.clone(),
                self.instances[idx].name.clone(),
            ));
            let keys = self.keys.values().filter(|k| k.instance == guid).count();
            if keys > 0 {
                return Err(ApiError::new(
                    409,
                    "INSTANCE_NOT_EMPTY_ERR",
                    format!("The instance still holds {keys} key(s), deleted ones included until they are purged: purge every key first"),
                ));
            }
            self.instances.remove(idx);
            Ok(Outcome::Done)
        })();
        self.record(
            actor,
            "kms.instance.delete",
            "Key Protect: delete instance",
            "kms/instance",
            false,
            &result,
            trace,
            ("Instance", "deleted"),
        );
        result
    }
}
