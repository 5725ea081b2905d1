//! The `ibmcloud` shell's entry points, once the faces' chunk that holds them is here (`split`
//! fetches it). The reducer runs commands through them; this file knows nothing of the pages, so
//! the state can use it while the pages use the state.

use std::cell::Cell;

use byok_shell::docs::Comparison;
use byok_shell::scenario::{Step, StepResult};
use byok_shell::{Backend, Output, Shell};

/// The shell's entry points: a command line (or a paste of several), a tour's step, and the
/// documentation's output against what a block printed (a runnable code block's check).
#[derive(Clone, Copy)]
pub struct ShellChunk {
    pub exec: fn(&mut Shell, &mut dyn Backend, &str) -> Output,
    pub run_step: fn(&mut Shell, &mut dyn Backend, &Step) -> StepResult,
    pub compare: fn(&str, &str) -> Comparison,
}

thread_local! {
    static SHELL: Cell<Option<ShellChunk>> = const { Cell::new(None) };
}

/// The shell, if its chunk is here.
pub fn shell() -> Option<ShellChunk> {
    SHELL.with(Cell::get)
}

/// Keeps the shell's entry points once its chunk has been loaded.
pub fn keep(chunk: ShellChunk) {
    SHELL.with(|c| c.set(Some(chunk)));
}
