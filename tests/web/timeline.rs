//! The timeline page, as Chromium lays it out.

use crate::helpers::{api, button, key_and_deployment, mount, page_api, press, read_all, text};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

/// Every element matching `selector` as (left, right) in pixels, as Chromium laid it out.
fn extents(root: &Element, selector: &str) -> Vec<(f64, f64, String)> {
    let all = root.query_selector_all(selector).unwrap();
    (0..all.length())
        .map(|i| {
            let el: Element = all.get(i).unwrap().unchecked_into();
            let r = el.get_bounding_client_rect();
            (r.left(), r.right(), el.text_content().unwrap_or_default())
        })
        .collect()
}

/// The timeline after the seed path: the axis labels, as the browser draws them, never overlap at
/// any zoom; each span says what ends it; the now line is labelled; events at one instant are one
/// disc with a count that lists them; the deployment sits in its key's group.
#[wasm_bindgen_test]
async fn the_timeline_reads_at_a_glance() {
    let root = mount("#/timeline").await;
    let (key, guid) = key_and_deployment();
    for path in [
        format!("/v2/resource_instances/{guid}"),
        format!("/api/v2/keys/{key}?force=true"),
    ] {
        assert_eq!(
            api("DELETE", &path, serde_json::Value::Null).0,
            204,
            "{path}"
        );
    }
    page_api("advance", &["5m".into()]);
    yew::scheduler::flush().await;

    assert_eq!(text(&root, "[data-testid=now-label]"), "now 01-01 00:35");
    let labels = read_all(&root, ".span-label", |e| e.text_content().unwrap());
    for expected in [
        "purge allowed 01-01 04:30",
        "restore closes 01-31",
        "purged 04-01",
        "reclaimed for good 01-10",
    ] {
        assert!(
            labels.iter().any(|l| l == expected),
            "{expected} missing from {labels:?}"
        );
    }
    assert_eq!(
        read_all(&root, "g.lane", |e| e.get_attribute("class").unwrap()),
        ["lane", "lane nested"],
        "the deployment in its key's group"
    );
    assert_eq!(root.query_selector_all("rect.group").unwrap().length(), 1);

    // Axis labels as drawn: never overlapping, at the fitted view and zoomed in step by step.
    for zoom in 0..12 {
        let ticks = extents(&root, "text.axis");
        assert!(ticks.len() >= 2, "zoom {zoom}: {ticks:?}");
        for w in ticks.windows(2) {
            assert!(
                w[0].1 <= w[1].0,
                "zoom {zoom}: {} and {} overlap ({ticks:?})",
                w[0].2,
                w[1].2
            );
        }
        button(&root, "Zoom in").click();
        yew::scheduler::flush().await;
    }
    button(&root, "Fit all").click();
    yew::scheduler::flush().await;

    // At the fitted view (three months), each lane's events are one disc with their count: the
    // deployment's five are its create (accepted, then ready), the record, the soft deletion and the shred.
    let discs = read_all(&root, "g.cluster text", |e| e.text_content().unwrap());
    assert_eq!(discs, ["7", "5"]);
    let deployment_disc = root
        .query_selector_all("g.lane.nested g.cluster")
        .unwrap()
        .get(0)
        .unwrap()
        .unchecked_into::<Element>();
    assert!(deployment_disc
        .get_attribute("aria-label")
        .unwrap()
        .contains("instance.schedule_reclaim success"));
    // From the keyboard, as a button: Enter lists the cluster's events.
    press(&deployment_disc, "Enter");
    yew::scheduler::flush().await;
    let listed = read_all(&root, "[data-testid=timeline-cluster] li", |e| {
        e.text_content().unwrap()
    });
    assert_eq!(listed.len(), 5, "{listed:?}");
    let reclaim = root
        .query_selector_all("[data-testid=timeline-cluster] button")
        .unwrap();
    let reclaim = (0..reclaim.length())
        .map(|i| reclaim.get(i).unwrap().unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap().contains("schedule_reclaim"))
        .expect("the soft deletion's event in the list");
    reclaim.click();
    yew::scheduler::flush().await;
    assert!(text(&root, "[data-testid=timeline-event] h2").contains("instance.schedule_reclaim"));
}
