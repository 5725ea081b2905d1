//! The list of saved sandboxes in Settings, rendered on its own.

use crate::helpers::{button, document, find, read_all, text, type_into};
use wasm_bindgen_test::*;

/// The list of saved sandboxes in Settings, on its own: what each row shows, and what its buttons
/// ask before they act.
fn sandbox_list_props(
    heard: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
) -> byok_sandbox_app::pages::settings::ListProps {
    use byok_sandbox_app::storage::store::Meta;
    use yew::Callback;
    let meta = |id: &str, name: &str, seed: &str, used: f64, bytes: u64| Meta {
        id: id.into(),
        name: name.into(),
        seed: seed.into(),
        seq: 3,
        now: "2026-01-02T00:00:00Z".into(),
        last_used: used,
        journal_bytes: bytes,
        ..Meta::default()
    };
    let say = |what: &'static str| {
        let heard = heard.clone();
        Callback::from(move |m: Meta| heard.borrow_mut().push(format!("{what} {}", m.name)))
    };
    let rename = {
        let heard = heard.clone();
        Callback::from(move |(m, name): (Meta, String)| {
            heard.borrow_mut().push(format!("rename {} {name}", m.name))
        })
    };
    byok_sandbox_app::pages::settings::ListProps {
        items: std::rc::Rc::new(vec![
            meta("1", "default", "7", 1_700_000_000_000.0, 2048),
            meta("2", "beta", "42", 1_800_000_000_000.0, 300),
        ]),
        current: "1".into(),
        on_open: say("open"),
        on_rename: rename,
        on_duplicate: say("duplicate"),
        on_export: say("export"),
        on_delete: say("delete"),
        deleted: std::rc::Rc::new(vec![meta("9", "zeta", "1", 0.0, 0)]),
        on_undo: say("undo"),
        problem: None,
    }
}

#[wasm_bindgen_test]
async fn the_sandbox_list_shows_each_sandbox_and_guards_the_current_one() {
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<byok_sandbox_app::pages::settings::SandboxList>::with_root_and_props(
        root.clone(),
        sandbox_list_props(heard.clone()),
    )
    .render();
    yew::scheduler::flush().await;
    // Most recently used first; name, seed, simulated now, last used, size.
    let rows = read_all(&root, "[data-testid=sandbox-row]", |e| {
        e.get_attribute("data-name").unwrap()
    });
    assert_eq!(rows, ["beta", "default"]);
    let beta = text(&root, "[data-testid=sandbox-row][data-name=beta]");
    for part in [
        "beta",
        "42",
        "2026-01-02T00:00:00Z",
        "2027-01-15 08:00 UTC",
        "300 B",
    ] {
        assert!(beta.contains(part), "{part} missing from {beta}");
    }
    let current = text(&root, "[data-testid=sandbox-row][data-name=default]");
    assert!(
        current.contains("(this tab)") && current.contains("2.0 KB"),
        "{current}"
    );
    let current_row = find(&root, "[data-testid=sandbox-row][data-name=default]");
    let disabled = read_all(&current_row, "button[disabled]", |b| {
        b.text_content().unwrap()
    });
    assert_eq!(
        disabled,
        ["Open", "Delete"],
        "this tab's sandbox is not opened or deleted from here"
    );
    let beta_row = find(&root, "[data-testid=sandbox-row][data-name=beta]");
    button(&beta_row, "Open").click();
    button(&beta_row, "Duplicate").click();
    button(&beta_row, "Export").click();
    // Undoing a deletion made earlier in this tab.
    assert!(text(&root, "[data-testid=deleted]").contains("Deleted 'zeta'."));
    button(&root, "Undo").click();
    assert_eq!(
        *heard.borrow(),
        ["open beta", "duplicate beta", "export beta", "undo zeta"]
    );
}

#[wasm_bindgen_test]
async fn renaming_refuses_a_taken_or_empty_name_and_deleting_asks_first() {
    let heard = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<byok_sandbox_app::pages::settings::SandboxList>::with_root_and_props(
        root.clone(),
        sandbox_list_props(heard.clone()),
    )
    .render();
    yew::scheduler::flush().await;
    let row = || find(&root, "[data-testid=sandbox-row][data-name=beta]");
    button(&row(), "Rename").click();
    yew::scheduler::flush().await;
    type_into(&root, "[data-testid=rename-input]", "default");
    yew::scheduler::flush().await;
    assert!(text(&row(), ".why").contains("There is already a sandbox called 'default'."));
    assert!(button(&row(), "Save name").has_attribute("disabled"));
    type_into(&root, "[data-testid=rename-input]", "   ");
    yew::scheduler::flush().await;
    assert!(text(&row(), ".why").contains("needs a name"));
    type_into(&root, "[data-testid=rename-input]", " gamma ");
    yew::scheduler::flush().await;
    button(&row(), "Save name").click();
    yew::scheduler::flush().await;
    assert_eq!(*heard.borrow(), ["rename beta gamma"]);
    // Delete asks; "Keep it" keeps it; "Yes, delete" deletes.
    button(&row(), "Delete").click();
    yew::scheduler::flush().await;
    assert!(text(&row(), "[role=alert]").contains("Delete 'beta' and everything in it?"));
    button(&row(), "Keep it").click();
    yew::scheduler::flush().await;
    assert_eq!(heard.borrow().len(), 1, "nothing deleted");
    button(&row(), "Delete").click();
    yew::scheduler::flush().await;
    button(&row(), "Yes, delete").click();
    yew::scheduler::flush().await;
    assert_eq!(*heard.borrow(), ["rename beta gamma", "delete beta"]);
}
