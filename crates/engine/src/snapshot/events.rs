//! The activity log's part of a snapshot. Most of an event recurs (actions, initiators, targets,
//! the log source), so it is mostly string-table indexes, and a restored event shares those
//! strings (and its request and response data, kept as JSON text) with the table rather than
//! copying them; times are written as steps from the event before, and correlation ids (UUIDs)
//! as their 16 bytes.

use super::wire::{Reader, Result, Writer};
use crate::events::{Credential, Data, Event, Initiator, Observer, Reason, Target};

pub(super) fn events<'a>(w: &mut Writer<'a>, list: &'a [Event]) -> Result<()> {
    w.usize(list.len());
    let mut last = 0i64;
    for (i, e) in list.iter().enumerate() {
        w.i64(e.seq as i64 - (i as i64 + 1));
        w.i64(e.event_time.0 - last);
        last = e.event_time.0;
        w.str(&e.action);
        w.constant(e.outcome)?;
        w.constant(e.severity)?;
        w.str(&e.message);
        w.u64(e.reason.reason_code as u64);
        w.constant(e.reason.reason_type)?;
        w.opt_str(e.reason.reason_for_failure.as_deref());
        w.str(&e.initiator.id);
        w.str(&e.initiator.name);
        w.constant(e.initiator.type_uri)?;
        w.constant(e.initiator.credential.kind)?;
        w.str(&e.target.id);
        w.str(&e.target.name);
        w.constant(e.target.type_uri)?;
        w.constant(e.observer.name)?;
        w.str(e.request_data.text());
        w.str(e.response_data.text());
        // Nearly every correlation id is a UUID: its 16 bytes, not a 36-character string.
        w.id(&e.correlation_id);
        w.byte(e.data_event as u8 | (e.save_service_copy as u8) << 1);
        w.str(&e.log_source_crn);
    }
    Ok(())
}

/// The events a history document holds.
pub(super) fn read_events(r: &mut Reader) -> Result<Vec<Event>> {
    let n = r.count()?;
    let mut out = Vec::with_capacity(n);
    let mut last = 0i64;
    for i in 0..n {
        out.push(read_event(r, i, &mut last)?);
    }
    Ok(out)
}

/// One event (a function of its own, never inlined: a browser's wasm engine compiles a function
/// again, optimised, once it has been called often, but not a loop that is already running, so
/// restoring 100,000 events runs at the optimised speed after the first few hundred).
#[inline(never)]
fn read_event(r: &mut Reader, i: usize, last: &mut i64) -> Result<Event> {
    let seq = (r.i64()? + i as i64 + 1) as u64;
    *last += r.i64()?;
    let action = r.text()?;
    let (outcome, severity) = (r.constant()?, r.constant()?);
    let message = r.text()?;
    let reason = Reason {
        reason_code: r.u32()?.min(u16::MAX as u32) as u16,
        reason_type: r.constant()?,
        reason_for_failure: r.opt_string()?,
    };
    let initiator = Initiator {
        id: r.text()?,
        name: r.text()?,
        type_uri: r.constant()?,
        credential: Credential {
            kind: r.constant()?,
        },
    };
    let target = Target {
        id: r.text()?,
        name: r.text()?,
        type_uri: r.constant()?,
    };
    let observer = Observer {
        name: r.constant()?,
    };
    let request_data = Data::from_text(r.text()?);
    let response_data = Data::from_text(r.text()?);
    let correlation_id = r.id()?;
    let flags = r.byte()?;
    Ok(Event {
        seq,
        event_time: crate::time::Timestamp(*last),
        action,
        outcome,
        severity,
        message,
        reason,
        initiator,
        target,
        observer,
        request_data,
        response_data,
        correlation_id,
        data_event: flags & 1 != 0,
        save_service_copy: flags & 2 != 0,
        log_source_crn: r.text()?,
    })
}
