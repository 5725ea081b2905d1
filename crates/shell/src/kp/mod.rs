//! `ibmcloud kp`: the Key Protect CLI plugin over Key Protect API v2 requests. This file maps each
//! command to its handler: `keys` (create, list, show, delete, restore, purge, versions),
//! `actions` (rotate, wrap, unwrap, and the state actions), `policies`, `registrations`,
//! `key_rings`, `region`; `client` holds what they share (the instance, requests, the answer forms).

mod actions;
mod client;
mod key_rings;
mod keys;
mod policies;
mod region;
mod registrations;

use super::args::Args;
use super::session::Ctx;
use client::Kp;

pub(crate) fn run(ctx: &mut Ctx, path: &str, args: &Args) {
    let lists = matches!(
        path,
        "kp keys" | "kp key policies" | "kp registrations" | "kp key-rings"
    );
    let Some(mut kp) = Kp::new(ctx, args, lists) else {
        return;
    };
    let kp = &mut kp;
    match path {
        "kp key create" => keys::create(kp, args),
        "kp keys" => keys::list(kp, args),
        "kp key show" => keys::show(kp, args),
        "kp key delete" => keys::delete(kp, args),
        "kp key restore" => keys::restore(kp, args),
        "kp key purge" => keys::purge(kp, args),
        "kp key versions" => keys::versions(kp, args),
        "kp key rotate" => actions::rotate(kp, args),
        "kp key wrap" => actions::wrap(kp, args),
        "kp key unwrap" => actions::unwrap(kp, args),
        "kp key disable"
        | "kp key enable"
        | "kp key schedule-delete"
        | "kp key cancel-delete"
        | "kp key sync" => actions::state_action(kp, path, args),
        "kp key policies" => policies::show(kp, args),
        "kp key policy-update rotation" | "kp key policy-update dual-auth-delete" => {
            policies::update(kp, path, args)
        }
        "kp registrations" => registrations::list(kp, args),
        "kp key-rings" => key_rings::list(kp),
        "kp key-ring create" => key_rings::create(kp, args),
        "kp instance policies" => policies::instance_show(kp, args),
        "kp instance policy-update dual-auth-delete" => policies::instance_update(kp, args),
        "kp key-ring delete" => key_rings::delete(kp, args),
        "kp region-set" => region::set(kp, args),
        other => unreachable!("'{other}' is in the command table but has no handler"),
    }
}
