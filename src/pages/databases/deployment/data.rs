//! A deployment's data: write a record, read a table back (through the service, so a locked or
//! shredded deployment refuses).

use serde_json::json;
use yew::prelude::*;

use crate::ui::{input_value, ErrorView, Requester, ShownError};
use byok_engine::Response;

/// A table's records as read: (id, value) each, or the refusal.
type Read = Result<Vec<(String, String)>, ShownError>;

fn records(resp: Response) -> Read {
    match ShownError::of(&resp) {
        Some(e) => Err(e),
        None => Ok(resp
            .body
            .and_then(|b| b.get("records").cloned())
            .and_then(|r| r.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap_or_default().to_string(),
                    r["value"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()),
    }
}

#[derive(Properties, PartialEq)]
pub struct DataProps {
    /// The deployment's path in the sandbox's own API.
    pub base: String,
    /// The page's: a write's answer is shown at its top.
    pub requester: Requester,
}

#[function_component(Data)]
pub fn data(p: &DataProps) -> Html {
    let table = use_state(|| "orders".to_string());
    let record = use_state(String::new);
    let value = use_state(String::new);
    let read = use_state(|| None::<Read>);
    let on_write = {
        let (requester, base) = (p.requester.clone(), p.base.clone());
        let (table, record, value) = (table.clone(), record.clone(), value.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            requester.send(
                "PUT",
                format!("{base}/tables/{}/records/{}", *table, *record),
                Some(json!({ "value": *value })),
                format!("Wrote {}/{}", *table, *record),
            );
        })
    };
    let on_read = {
        let (requester, base, table, read) = (
            p.requester.clone(),
            p.base.clone(),
            table.clone(),
            read.clone(),
        );
        Callback::from(move |_| {
            let read = read.clone();
            requester.call(
                "GET",
                format!("{base}/tables/{}/records", *table),
                None,
                move |resp| read.set(Some(records(resp))),
            );
        })
    };
    let text =
        |h: UseStateHandle<String>| Callback::from(move |e: InputEvent| h.set(input_value(&e)));
    html! {
        <div class="card">
            <h2>{ "Data" }</h2>
            <form onsubmit={on_write} class="inline" data-testid="write-record">
                <label>{ "Table" }<input aria-label="Table" value={(*table).clone()} oninput={text(table.clone())} /></label>
                <label>{ "Record" }<input aria-label="Record id" required=true value={(*record).clone()} oninput={text(record.clone())} /></label>
                <label>{ "Value" }<input aria-label="Value" value={(*value).clone()} oninput={text(value.clone())} /></label>
                <button type="submit">{ "Write" }</button>
                <button type="button" onclick={on_read} data-testid="read-records">{ format!("Read table {}", *table) }</button>
            </form>
            { match &*read {
                None => html! {},
                Some(Err(e)) => html! { <ErrorView error={e.clone()} /> },
                Some(Ok(rows)) => html! {
                    <table data-testid="records"><thead><tr><th>{ "Record" }</th><th>{ "Value" }</th></tr></thead>
                        <tbody>{ for rows.iter().map(|(id, v)| html! { <tr><td>{ id.clone() }</td><td>{ v.clone() }</td></tr> }) }</tbody></table>
                },
            } }
        </div>
    }
}
