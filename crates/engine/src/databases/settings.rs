//! The owner changes the sandbox's database timings: reclamation period, provisioning time,
//! propagation delay.

use crate::activity::Trace;
use crate::command::*;
use crate::error::ApiError;
use crate::iam::Actor;
use crate::sandbox::Sandbox;
use crate::time::Duration;

impl Sandbox {
    pub(crate) fn set_timings(
        &mut self,
        actor: &Actor,
        reclamation_period: Option<Duration>,
        provisioning_time: Option<Duration>,
        propagation_delay: Option<Duration>,
    ) -> Result<Outcome, ApiError> {
        let mut trace = Trace::default();
        let result = (|| {
            self.require_owner(actor)?;
            let mut t = self.timings;
            if let Some(d) = reclamation_period {
                if d < Duration::days(1) || d > Duration::days(9) {
                    return Err(ApiError::invalid_field(
                        "reclamationPeriod",
                        "from 1d to 9d",
                    ));
                }
                t.reclamation_period = d;
            }
            if let Some(d) = provisioning_time {
                if d < Duration::ZERO || d > Duration::days(1) {
                    return Err(ApiError::invalid_field("provisioningTime", "from 0s to 1d"));
                }
                t.provisioning_time = d;
            }
            if let Some(d) = propagation_delay {
                if d < Duration::ZERO || d > Duration::hours(4) {
                    return Err(ApiError::invalid_field("propagationDelay", "from 0s to 4h"));
                }
                t.propagation_delay = d;
            }
            trace.req("reclamationPeriod", t.reclamation_period.to_string());
            trace.req("provisioningTime", t.provisioning_time.to_string());
            trace.req("propagationDelay", t.propagation_delay.to_string());
            self.timings = t;
            Ok(Outcome::Done)
        })();
        self.record(
            actor,
            "sandbox.settings.update",
            "Sandbox: update settings",
            "sandbox/settings",
            false,
            &result,
            trace,
            ("Settings", "updated"),
        );
        result
    }
}
