//! "Download as a script": the command lines the reader ran in this tab's terminal (and tours), as
//! a bash script for a real account (`byok_shell::export`). The terminal and Settings offer it.

use yew::prelude::*;

use crate::frame::state::use_app;
use crate::storage::persist;

/// The file's name.
pub const SCRIPT_FILE: &str = "byok-sandbox-session.sh";

/// The button; disabled until a command has run.
#[function_component(DownloadScript)]
pub fn download_script() -> Html {
    let app = use_app();
    let ran = app.shell.borrow().transcript().len();
    let onclick = Callback::from(move |_| {
        let script = byok_shell::export::bash_script(app.shell.borrow().transcript());
        persist::download_text(SCRIPT_FILE, &script, "text/x-shellscript");
    });
    html! {
        <button {onclick} disabled={ran == 0} data-testid="download-script"
            title="The ibmcloud and curl lines run in this tab, for a real account: ids become variables, sandbox commands comments">
            { "Download as a script" }
        </button>
    }
}
