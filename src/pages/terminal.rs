//! The terminal page: the `ibmcloud` shell of `byok_shell` over the app's sandbox. Enter runs the
//! line (or a multi-line paste, which stops at its first failure), Shift+Enter adds a line, Up and
//! Down walk the history, Tab completes commands, flags and ids.

use yew::prelude::*;

use crate::embedding::outbox::{self, Note};
use crate::frame::state::{use_app, Action};
use crate::ui::{textarea_value, DownloadScript};
use byok_shell::Output;

#[derive(Clone, PartialEq)]
struct Ran {
    prompt: String,
    input: String,
    out: Output,
}

#[function_component(TerminalPage)]
pub fn terminal_page() -> Html {
    let app = use_app();
    let scrollback = use_state(Vec::<Ran>::new);
    let line = use_state(String::new);
    let cursor = use_state(|| None::<usize>);
    let hint = use_state(String::new);
    let input = use_node_ref();
    let run = {
        let (app, scrollback, line, cursor, hint) = (
            app.clone(),
            scrollback.clone(),
            line.clone(),
            cursor.clone(),
            hint.clone(),
        );
        move |text: String| {
            if text.trim().is_empty() {
                return;
            }
            let prompt = format!("{}$", app.actor);
            let (scrollback, text2) = (scrollback.clone(), text.clone());
            let reply = Callback::from(move |out: Output| {
                outbox::push(Note::Command {
                    line: text2.clone(),
                    code: out.code,
                });
                let mut all = (*scrollback).clone();
                all.push(Ran {
                    prompt: prompt.clone(),
                    input: text2.clone(),
                    out,
                });
                // The terminal keeps the last 200 commands on screen.
                let excess = all.len().saturating_sub(200);
                all.drain(..excess);
                scrollback.set(all);
            });
            app.dispatch(Action::Exec { input: text, reply });
            line.set(String::new());
            cursor.set(None);
            hint.set(String::new());
        }
    };
    // Tab completes, so Esc first lets the next Tab leave the terminal (no keyboard trap).
    let escaped = use_mut_ref(|| false);
    let onkeydown = {
        let (app, line, cursor, hint, run) = (
            app.clone(),
            line.clone(),
            cursor.clone(),
            hint.clone(),
            run.clone(),
        );
        Callback::from(move |e: KeyboardEvent| {
            let history = app.shell.borrow().history().to_vec();
            let leaving = std::mem::replace(&mut *escaped.borrow_mut(), e.key() == "Escape");
            match e.key().as_str() {
                "Escape" => hint.set("Tab now leaves the terminal".into()),
                "Tab" if leaving => hint.set(String::new()),
                "Enter" if !e.shift_key() => {
                    e.prevent_default();
                    run((*line).clone());
                }
                "ArrowUp" if !history.is_empty() && !line.contains('\n') => {
                    e.prevent_default();
                    let at = cursor.map_or(history.len() - 1, |c| c.saturating_sub(1));
                    cursor.set(Some(at));
                    line.set(history[at].clone());
                }
                "ArrowDown" if cursor.is_some() => {
                    e.prevent_default();
                    match cursor.map(|c| c + 1).filter(|&c| c < history.len()) {
                        Some(at) => {
                            cursor.set(Some(at));
                            line.set(history[at].clone());
                        }
                        None => {
                            cursor.set(None);
                            line.set(String::new());
                        }
                    }
                }
                "Tab" => {
                    e.prevent_default();
                    let options = app.shell.borrow().complete(&*app.sb.borrow(), &line);
                    match options.as_slice() {
                        [] => hint.set("no completion".into()),
                        [only] => {
                            let start = line.rfind(char::is_whitespace).map_or(0, |i| i + 1);
                            line.set(format!("{}{only} ", &line[..start]));
                            hint.set(String::new());
                        }
                        many => hint.set(many.join("  ")),
                    }
                }
                _ => {}
            }
        })
    };
    let oninput = {
        let line = line.clone();
        Callback::from(move |e: InputEvent| line.set(textarea_value(&e)))
    };
    let on_run = {
        let (line, run) = (line.clone(), run.clone());
        Callback::from(move |_| run((*line).clone()))
    };
    let focus = {
        let input = input.clone();
        Callback::from(move |_| {
            if let Some(el) = input.cast::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        })
    };
    html! {
        <section>
            <h1>{ "Terminal" }</h1>
            <p class="muted">{ "The ibmcloud CLI of the documentation, against this sandbox: try " }<code>{ "ibmcloud kp key create my-root-key" }</code>
                { ", " }<code>{ "ibmcloud kp keys" }</code>{ ", " }<code>{ "sandbox advance 9d" }</code>{ " or " }<code>{ "help" }</code>
                { ". Tab completes; Esc then Tab leaves the terminal." }</p>
            <div class="terminal" onclick={focus} data-testid="terminal">
                // Each command's output is announced as it comes (a log region is polite).
                <div role="log" aria-label="Terminal output" data-testid="terminal-output">
                { for scrollback.iter().map(|r| html! {
                    <div class="ran">
                        <div class="input"><span class="prompt">{ r.prompt.clone() }</span>{ " " }{ r.input.clone() }</div>
                        if !r.out.stdout.is_empty() { <pre class="stdout">{ r.out.stdout.clone() }</pre> }
                        if !r.out.stderr.is_empty() { <pre class="stderr">{ r.out.stderr.clone() }</pre> }
                        if r.out.code != 0 { <div class="exit">{ format!("exit {}", r.out.code) }</div> }
                    </div>
                }) }
                </div>
                <div class="input-line">
                    <span class="prompt">{ format!("{}$", app.actor) }</span>
                    <textarea ref={input} rows={(line.lines().count().max(1)).to_string()} aria-label="Command" data-testid="command"
                        value={(*line).clone()} {oninput} {onkeydown} spellcheck="false" autocomplete="off" />
                </div>
                if !hint.is_empty() { <div class="hint" data-testid="completions">{ (*hint).clone() }</div> }
            </div>
            <button onclick={on_run}>{ "Run" }</button>
            <DownloadScript />
        </section>
    }
}
