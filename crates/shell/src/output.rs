//! What a command printed and its exit status.

/// What a command line printed and its exit status (0 ok, 1 failure, 2 usage error).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Output {
    /// Appends a line to stdout (the newline is added when missing).
    pub(crate) fn out(&mut self, text: impl AsRef<str>) {
        self.stdout.push_str(text.as_ref());
        if !self.stdout.ends_with('\n') {
            self.stdout.push('\n');
        }
    }

    /// Appends a line to stderr (the newline is added when missing).
    pub(crate) fn err(&mut self, text: impl AsRef<str>) {
        self.stderr.push_str(text.as_ref());
        if !self.stderr.ends_with('\n') {
            self.stderr.push('\n');
        }
    }

    /// `FAILED` and the reason, with exit status `code`.
    pub(crate) fn fail(&mut self, code: i32, text: impl AsRef<str>) {
        self.err("FAILED");
        self.err(text);
        self.code = code;
    }

    /// Adds what another command printed; its status becomes this one's.
    pub(crate) fn append(&mut self, other: Output) {
        self.stdout.push_str(&other.stdout);
        self.stderr.push_str(&other.stderr);
        self.code = other.code;
    }
}
