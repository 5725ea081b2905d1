//! The drawing's width: its container's, measured after every render and on every resize.

use yew::prelude::*;

use super::words::within;
use crate::ui::use_measure;

/// The drawing's width: the container's, within these bounds (below the minimum it scrolls).
const MAX_WIDTH: f64 = 1240.0;
const MIN_WIDTH: f64 = 300.0;

/// The width of the element `node` refers to, within the drawing's bounds, measured after every
/// render (a scrollbar appearing narrows the page without resizing the window) and whenever the
/// window is resized (an iframe's too). A changed width draws again once.
#[hook]
pub fn use_container_width(node: &NodeRef) -> f64 {
    let width = use_state_eq(|| MAX_WIDTH);
    let measure = {
        let (node, width) = (node.clone(), width.clone());
        move || {
            if let Some(el) = node.cast::<web_sys::Element>() {
                let w = f64::from(el.client_width());
                if w > 0.0 {
                    width.set(within(w, MIN_WIDTH, MAX_WIDTH));
                }
            }
        }
    };
    use_measure(measure);
    *width
}
