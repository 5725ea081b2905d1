//! Guided scenarios: the built-in tours and the reader's own (pasted or from a file), step by step.
//! Each step says what to do and what to expect; "Run it for me" runs its commands in the terminal's
//! shell and checks the outcome, explaining any deviation.

use std::rc::Rc;

use yew::prelude::*;

use crate::embedding::outbox::{self, Note, StepStatus};

use crate::frame::router::{Link, Route};
use crate::frame::state::{use_app, Action};
use crate::storage::persist;
use crate::ui::{input_value, textarea_value};
use byok_shell::scenario::{self, Scenario, StepResult};

#[function_component(ScenariosPage)]
pub fn scenarios_page() -> Html {
    let own = use_state(|| None::<Result<Rc<Scenario>, String>>);
    let text = use_state(String::new);
    let url = use_state(String::new);
    let file = use_node_ref();
    let open_url = {
        let own = own.clone();
        move |u: String| {
            let own = own.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = persist::fetch_text(&u)
                    .await
                    .and_then(|t| scenario::parse(&t).map(Rc::new).map_err(|e| e.to_string()));
                own.set(Some(parsed));
            });
        }
    };
    // `?scenario-url=...` opens a scenario file from a URL (the page's own files, or any the author hosts).
    {
        let open_url = open_url.clone();
        use_effect_with((), move |_| {
            if let Some(u) = persist::url_param("scenario-url") {
                open_url(u);
            }
        });
    }
    let on_url = {
        let (url, open_url) = (url.clone(), open_url.clone());
        Callback::from(move |_| open_url((*url).clone()))
    };
    let on_load = {
        let (own, text) = (own.clone(), text.clone());
        Callback::from(move |_| {
            own.set(Some(
                scenario::parse(&text)
                    .map(Rc::new)
                    .map_err(|e| e.to_string()),
            ))
        })
    };
    let on_file = {
        let (own, file) = (own.clone(), file.clone());
        Callback::from(move |_| {
            let Some(input) = file.cast::<web_sys::HtmlInputElement>() else {
                return;
            };
            let own = own.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let parsed = persist::read_file(input)
                    .await
                    .and_then(|t| scenario::parse(&t).map(Rc::new).map_err(|e| e.to_string()));
                own.set(Some(parsed));
            });
        })
    };
    html! {
        <section>
            <h1>{ "Guided scenarios" }</h1>
            <p class="muted">{ "Tours of the documentation, step by step. Each step says what to do and what to expect; run it yourself in the terminal or the console pages, or let the tour run it and check the outcome." }</p>
            <ul class="tours" data-testid="scenarios">
                { for scenario::built_in().into_iter().map(|s| html! {
                    <li><Link to={Route::Scenario { id: s.id.clone() }}>{ s.title.clone() }</Link>
                        <span class="muted">{ format!(" · {} steps", s.steps.len()) }</span></li>
                }) }
            </ul>
            <div class="card">
                <h2>{ "Your own scenario" }</h2>
                <p class="muted">{ "Scenarios are text: a 'scenario 1 <id>' line, a 'title', then steps with 'say', 'run' and 'expect' lines (see the README)." }</p>
                <label class="block">{ "Paste it" }<textarea rows="8" aria-label="Scenario text" value={(*text).clone()}
                    oninput={{ let t = text.clone(); Callback::from(move |e: InputEvent| t.set(textarea_value(&e))) }} /></label>
                <button onclick={on_load} data-testid="load-scenario">{ "Open" }</button>
                <label>{ "…or open a file" }<input type="file" ref={file} aria-label="Scenario file" onchange={on_file} /></label>
                <label>{ "…or from a URL" }<input aria-label="Scenario URL" value={(*url).clone()} placeholder="scenarios/my-tour.txt"
                    oninput={{ let u = url.clone(); Callback::from(move |e: InputEvent| u.set(input_value(&e))) }} /></label>
                <button onclick={on_url}>{ "Open from the URL" }</button>
                { match &*own {
                    None => html! {},
                    Some(Err(e)) => html! { <div class="error-box" role="alert" data-testid="scenario-error"><p>{ format!("This scenario cannot be used: {e}") }</p></div> },
                    Some(Ok(s)) => html! { <Tour scenario={s.clone()} start={0} /> },
                } }
            </div>
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct ScenarioProps {
    pub id: String,
}

#[function_component(ScenarioPage)]
pub fn scenario_page(p: &ScenarioProps) -> Html {
    let Some(s) = scenario::built_in().into_iter().find(|s| s.id == p.id) else {
        return html! { <section><h1>{ "No such scenario" }</h1><Link to={Route::Scenarios}>{ "All scenarios" }</Link></section> };
    };
    // `?scenario=NAME&step=N` opens a tour at a step (1-based).
    let start = persist::url_param("step")
        .and_then(|n| n.parse::<usize>().ok())
        .map_or(0, |n| n.saturating_sub(1))
        .min(s.steps.len() - 1);
    html! { <section><Tour scenario={Rc::new(s)} {start} /></section> }
}

#[derive(Properties, PartialEq)]
struct TourProps {
    scenario: Rc<Scenario>,
    start: usize,
}

#[function_component(Tour)]
fn tour(p: &TourProps) -> Html {
    let app = use_app();
    let at = use_state(|| p.start);
    let result = use_state(|| None::<StepResult>);
    let s = &p.scenario;
    let step = s.steps[*at].clone();
    let go = |n: usize| {
        let (at, result) = (at.clone(), result.clone());
        Callback::from(move |_| {
            at.set(n);
            result.set(None);
        })
    };
    // The host hears each step reached, and how each run of it went.
    {
        let id = s.id.clone();
        use_effect_with(*at, move |at| {
            outbox::push(Note::Step {
                scenario: id,
                step: at + 1,
                status: StepStatus::Reached,
                reason: None,
            })
        });
    }
    let run = {
        let (app, result, step) = (app.clone(), result.clone(), step.clone());
        let (id, number) = (s.id.clone(), *at + 1);
        Callback::from(move |_| {
            let (result, id) = (result.clone(), id.clone());
            app.dispatch(Action::RunStep {
                step: Box::new(step.clone()),
                reply: Callback::from(move |r: StepResult| {
                    let (status, reason) = match r.deviations.first() {
                        None => (StepStatus::Passed, None),
                        Some(why) => (StepStatus::Failed, Some(why.clone())),
                    };
                    outbox::push(Note::Step {
                        scenario: id.clone(),
                        step: number,
                        status,
                        reason,
                    });
                    result.set(Some(r));
                }),
            });
        })
    };
    let last = s.steps.len() - 1;
    html! {
        <div class="tour" data-testid="tour">
            <h2>{ s.title.clone() }</h2>
            <ol class="steps">
                { for s.steps.iter().enumerate().map(|(i, st)| html! {
                    <li class={classes!((i == *at).then_some("current"))}><button class="link" onclick={go(i)}>{ st.title.clone() }</button></li>
                }) }
            </ol>
            <div class="card step" data-testid="step">
                <h3>{ format!("Step {} of {}: {}", *at + 1, s.steps.len(), step.title) }</h3>
                <p>{ step.say.clone() }</p>
                if !step.run.is_empty() {
                    <pre class="mono">{ step.run.join("\n") }</pre>
                }
                <button onclick={run} data-testid="run-step">{ "Run it for me" }</button>
                { match &*result {
                    None => html! {},
                    Some(r) => html! {
                        <>
                            if r.passed() {
                                <p class="ok" data-testid="step-ok">{ "This step went as expected." }</p>
                            } else {
                                <div class="error-box" role="alert" data-testid="step-deviation">
                                    <p>{ "This step did not go as expected:" }</p>
                                    <ul>{ for r.deviations.iter().map(|d| html! { <li>{ d.clone() }</li> }) }</ul>
                                    <p class="why">{ "Earlier steps may not have been run, or the sandbox was changed in between. Run the earlier steps, or reset the sandbox in Settings and start the tour again." }</p>
                                </div>
                            }
                            <pre class="mono transcript">{ r.transcript.clone() }</pre>
                        </>
                    },
                } }
                <div class="actions">
                    <button disabled={*at == 0} onclick={go(at.saturating_sub(1))}>{ "‹ Previous step" }</button>
                    <button disabled={*at == last} onclick={go((*at + 1).min(last))} data-testid="next-step">{ "Next step ›" }</button>
                </div>
            </div>
        </div>
    }
}
