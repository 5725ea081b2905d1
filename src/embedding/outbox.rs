//! What the embedding page hears besides activity events: a command line that ran (in the
//! terminal or through `exec`) with its exit code, and a tour's step reached, passed or failed.
//! Pages put notes here; `embed` hands them to an allowed embedding page (the element turns them
//! into `byok-command` and `byok-step` DOM events). A leaf: it knows nothing of pages or frames.

use std::cell::RefCell;

/// One note for the host.
#[derive(Clone, Debug, PartialEq)]
pub enum Note {
    Command {
        line: String,
        code: i32,
    },
    Step {
        scenario: String,
        step: usize,
        status: StepStatus,
        reason: Option<String>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepStatus {
    Reached,
    Passed,
    Failed,
}

impl StepStatus {
    pub fn name(self) -> &'static str {
        match self {
            StepStatus::Reached => "reached",
            StepStatus::Passed => "passed",
            StepStatus::Failed => "failed",
        }
    }
}

/// Where notes go once the embedding is installed; until then they wait (the first few only: a
/// page that is not embedded has nobody to tell).
type Sink = Box<dyn Fn(&Note)>;
const WAITING_LIMIT: usize = 64;

thread_local! {
    static SINK: RefCell<Option<Sink>> = const { RefCell::new(None) };
    static WAITING: RefCell<Vec<Note>> = const { RefCell::new(Vec::new()) };
}

/// A note for the host: told at once if the embedding listens, kept until it does otherwise.
pub fn push(note: Note) {
    let told = SINK.with(|s| s.borrow().as_ref().map(|sink| sink(&note)).is_some());
    if !told {
        WAITING.with(|w| {
            let mut w = w.borrow_mut();
            if w.len() < WAITING_LIMIT {
                w.push(note);
            }
        });
    }
}

/// The embedding listens from now on: the notes that waited go first.
pub fn listen(sink: impl Fn(&Note) + 'static) {
    let waiting = WAITING.with(|w| std::mem::take(&mut *w.borrow_mut()));
    for note in &waiting {
        sink(note);
    }
    SINK.with(|s| *s.borrow_mut() = Some(Box::new(sink)));
}
