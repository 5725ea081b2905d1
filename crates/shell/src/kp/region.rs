//! `kp region-set [REGION] [-u]`: the regional endpoint the plugin talks to. Every region's
//! endpoint reaches the same sandbox, so the choice is kept and checked but changes no answer.

use super::client::Kp;
use crate::args::Args;
use byok_engine::sandbox::REGIONS;

pub(super) fn set(kp: &mut Kp, args: &Args) {
    let region = args.pos.first();
    match (region, args.has("-u")) {
        (None, true) => {
            kp.ctx.session.kp_region = None;
            kp.ctx.out.out("OK");
        }
        (Some(r), false) if REGIONS.contains(&r.as_str()) => {
            kp.ctx.session.kp_region = Some(r.clone());
            kp.ctx.out.out("OK");
        }
        (Some(r), false) => kp.ctx.out.fail(
            1,
            format!(
                "'{r}' is not a Key Protect region: use one of {}.",
                REGIONS.join(", ")
            ),
        ),
        (None, false) => {
            // The plugin asks for a number here; a pasted script cannot answer, so the sandbox
            // shows the menu and says what to type instead.
            let mut menu = String::from("Select a Region:");
            for (n, region) in REGIONS.iter().enumerate() {
                menu.push_str(&format!("\n{}. {region}", n + 1));
            }
            kp.ctx.out.out(menu);
            kp.ctx.out.fail(
                2,
                "The sandbox's terminal cannot prompt: give the region, e.g. 'ibmcloud kp region-set us-south'.",
            )
        }
        (Some(_), true) => kp
            .ctx
            .out
            .fail(2, "Incorrect Usage. Give a REGION or -u, not both."),
    }
}
