//! The time controls: the sandbox's virtual now, steps forward, the next scheduled thing, and a
//! play speed.

use yew::prelude::*;

use super::state::{use_app, Action};
use crate::ui::{relative, select_value};
use byok_engine::Duration;

#[derive(Properties, PartialEq)]
pub struct TimeControlsProps {
    /// One row (an embed's default): the steps a reader needs, the next thing by its time only
    /// (what it is in its title), the play speed without its label.
    #[prop_or_default]
    pub compact: bool,
}

#[function_component(TimeControls)]
pub fn time_controls(p: &TimeControlsProps) -> Html {
    let app = use_app();
    let (now, next) = {
        let sb = app.sb.borrow();
        (sb.now(), sb.pending().into_iter().next())
    };
    let step = |d: Duration| {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Advance(d)))
    };
    let to_next = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::AdvanceToNext))
    };
    let on_play = {
        let app = app.clone();
        Callback::from(move |e: Event| {
            let v = select_value(&e);
            app.dispatch(Action::Play(Duration::parse(&v).ok().filter(|d| d.0 > 0)));
        })
    };
    let speed = app.playing.map(|d| d.to_string()).unwrap_or_default();
    let next_title = next
        .as_ref()
        .map(|p| format!("{} at {}", p.what, p.at))
        .unwrap_or_default();
    let next_label = match (&next, p.compact) {
        (Some(n), false) => format!("Next: {} ({})", n.what, relative(n.at, now)),
        (Some(n), true) => format!("Next ({})", relative(n.at, now)),
        (None, false) => "Nothing scheduled".into(),
        (None, true) => "Nothing next".into(),
    };
    html! {
        <div class={classes!("clock", p.compact.then_some("compact"))} role="region" aria-label="Simulated time">
            <span class="now" data-testid="now" title="The sandbox's virtual clock">{ format!("Now {now}") }</span>
            <button onclick={step(Duration::hours(1))}>{ "+1 h" }</button>
            <button onclick={step(Duration::days(1))}>{ "+1 d" }</button>
            <button onclick={step(Duration::days(9))} data-testid="plus-9d">{ "+9 d" }</button>
            if !p.compact {
                <button onclick={step(Duration::days(30))}>{ "+30 d" }</button>
            }
            <button onclick={to_next} disabled={next.is_none()} data-testid="to-next" title={next_title}>
                { next_label }
            </button>
            <label><span class="play-label">{ "Play " }</span>
                <select onchange={on_play} aria-label="Play speed">
                    <option value="" selected={speed.is_empty()}>{ "paused" }</option>
                    { for ["1m", "10m", "1h", "6h", "1d"].into_iter().map(|s| html! {
                        <option value={s} selected={speed == s}>{ format!("{s} per tick") }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
