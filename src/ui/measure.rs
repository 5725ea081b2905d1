//! Layout that depends on measured sizes: a hook that runs a measurement after every render (a
//! scrollbar appearing narrows the page without resizing the window) and whenever the window is
//! resized (an iframe's too). What it measures into should be a `use_state_eq`, so an unchanged
//! size draws nothing again.

use yew::prelude::*;

/// Runs `measure` after every render of the calling component and on every resize of the window.
#[hook]
pub fn use_measure<F>(measure: F)
where
    F: Fn() + Clone + 'static,
{
    {
        let measure = measure.clone();
        use_effect(move || {
            measure();
            || ()
        });
    }
    use_effect_with((), move |_| {
        use wasm_bindgen::JsCast;
        let on_resize = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(measure);
        let window = web_sys::window().expect("a browser window");
        let _ =
            window.add_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        move || {
            let _ = window
                .remove_event_listener_with_callback("resize", on_resize.as_ref().unchecked_ref());
        }
    });
}
