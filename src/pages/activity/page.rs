//! The activity page: the events that pass the filters, newest first, a page at a time, each
//! expandable to its JSON; and the export of all of them.

use yew::prelude::*;

use super::index::{Filters, Index};
use crate::frame::state::use_app;
use crate::storage::persist;
use crate::ui::{input_value, select_value, Pager};
use byok_engine::events::Event as CadfEvent;

const PER_PAGE: usize = 50;

#[function_component(ActivityPage)]
pub fn activity_page() -> Html {
    let app = use_app();
    let filters = use_state(Filters::default);
    let page = use_state(|| 0usize);
    let open = use_state(|| None::<u64>);
    let index = use_mut_ref(Index::default);
    let sb = app.sb.borrow();
    let sandbox_id = app.epoch() as usize + 1;
    index.borrow_mut().update(sandbox_id, sb.events(), &filters);
    let index = index.borrow();
    let services = &index.services;
    let total = index.matching.len();
    // Newest first: page 0 is the end of the log.
    let shown: Vec<CadfEvent> = index
        .matching
        .iter()
        .rev()
        .skip(*page * PER_PAGE)
        .take(PER_PAGE)
        .map(|&pos| sb.events()[pos].clone())
        .collect();
    // The export is serialised on click, not on every render: the log can hold 100,000 events.
    let export = {
        let (app, filters) = (app.clone(), filters.clone());
        Callback::from(move |_| {
            let sb = app.sb.borrow();
            let matches = filters.matcher();
            let chosen: Vec<&CadfEvent> = sb.events().iter().rev().filter(|e| matches(e)).collect();
            persist::download(
                "activity-events.json",
                &serde_json::to_string_pretty(&chosen).unwrap_or_default(),
            );
        })
    };
    drop(sb);
    let set = |f: fn(&mut Filters, String)| {
        let (filters, page) = (filters.clone(), page.clone());
        move |v: String| {
            let mut next = (*filters).clone();
            f(&mut next, v);
            filters.set(next);
            page.set(0);
        }
    };
    let text = |f: fn(&mut Filters, String)| {
        let set = set(f);
        Callback::from(move |e: InputEvent| set(input_value(&e)))
    };
    let choose = |f: fn(&mut Filters, String)| {
        let set = set(f);
        Callback::from(move |e: Event| set(select_value(&e)))
    };
    let on_page = {
        let page = page.clone();
        Callback::from(move |n| page.set(n))
    };
    html! {
        <section>
            <h1>{ "Activity" }</h1>
            <div class="toolbar filters">
                <select aria-label="Service" onchange={choose(|f, v| f.service = v)}>
                    <option value="" selected={filters.service.is_empty()}>{ "all services" }</option>
                    { for services.iter().map(|s| html! { <option value={s.clone()} selected={filters.service == *s}>{ s.clone() }</option> }) }
                </select>
                <input type="search" aria-label="Action" placeholder="action" value={filters.action.clone()} oninput={text(|f, v| f.action = v)} />
                <select aria-label="Outcome" onchange={choose(|f, v| f.outcome = v)}>
                    { for ["", "success", "pending", "failure"].into_iter().map(|o| html! { <option value={o} selected={filters.outcome == o}>{ if o.is_empty() { "any outcome" } else { o } }</option> }) }
                </select>
                <select aria-label="Severity" onchange={choose(|f, v| f.severity = v)}>
                    { for ["", "normal", "warning", "critical"].into_iter().map(|o| html! { <option value={o} selected={filters.severity == o}>{ if o.is_empty() { "any severity" } else { o } }</option> }) }
                </select>
                <input type="search" aria-label="Initiator" placeholder="initiator" value={filters.initiator.clone()} oninput={text(|f, v| f.initiator = v)} />
                <input type="search" aria-label="Target" placeholder="target" value={filters.target.clone()} oninput={text(|f, v| f.target = v)} />
                <input aria-label="From" placeholder="from 2026-01-01" value={filters.from.clone()} oninput={text(|f, v| f.from = v)} />
                <input aria-label="To" placeholder="to 2026-12-31" value={filters.to.clone()} oninput={text(|f, v| f.to = v)} />
                <button onclick={export}>{ format!("Export {total} as JSON") }</button>
            </div>
            { events_table(&shown, &open) }
            <Pager {total} page={*page} per_page={PER_PAGE} {on_page} />
        </section>
    }
}

/// The events of one page; a click on a row shows its JSON under it (and another click hides it).
fn events_table(shown: &[CadfEvent], open: &UseStateHandle<Option<u64>>) -> Html {
    html! {
        <table class="events" data-testid="events">
            <thead><tr><th>{ "Time" }</th><th>{ "Action" }</th><th>{ "Outcome" }</th><th>{ "Severity" }</th><th>{ "Initiator" }</th><th>{ "Target" }</th></tr></thead>
            <tbody>
                { for shown.iter().map(|e| {
                    let seq = e.seq;
                    let expanded = **open == Some(seq);
                    let toggle = { let open = open.clone(); Callback::from(move |_| open.set(if expanded { None } else { Some(seq) })) };
                    html! {
                        <>
                            <tr class={classes!("event", e.outcome, e.severity)} onclick={toggle} data-action={e.action.to_string()}>
                                <td>{ e.event_time.to_string() }</td>
                                <td><button class="link" aria-expanded={expanded.to_string()}>{ e.action.to_string() }</button></td>
                                <td>{ format!("{} {}", e.outcome, e.reason.reason_code) }</td>
                                <td>{ e.severity }</td>
                                <td>{ e.initiator.name.to_string() }</td>
                                <td>{ if e.target.name.is_empty() { e.target.id.to_string() } else { e.target.name.to_string() } }</td>
                            </tr>
                            if expanded {
                                <tr class="json"><td colspan="6"><pre>{ serde_json::to_string_pretty(e).unwrap_or_default() }</pre></td></tr>
                            }
                        </>
                    }
                }) }
            </tbody>
        </table>
    }
}
