//! The shell's grammar: what bash does for the forms the documentation's examples use. A text is a
//! list of and-or lists (`a && b || c`) separated by `;` or newlines; each is made of pipelines
//! (`a | b`) of simple commands: `NAME=value` assignments, then words. A word is made of pieces:
//! plain text, single-quoted text, double-quoted text (where `$NAME`, `${NAME}`, `$?`, `$(...)` and
//! backquotes expand and `\"`, `\\`, `\$`, `` \` `` escape), `$...` expansions and `\c` escapes.
//! `#` at the start of a word begins a comment; a backslash-newline joins two lines.
//!
//! Parsing only builds the tree: expansion happens when the command runs (`run.rs`), since a
//! command may use what an earlier one of the same paste set. What the shell does not support
//! (redirections, background jobs, subshells, loops and conditionals, arithmetic) is refused with
//! a message saying so, before anything of the text runs, as bash refuses a syntax error.

/// A parsed text: its and-or lists, run one after the other.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Script {
    pub lists: Vec<AndOr>,
}

/// `first && second || third ...`: each next pipeline runs if the status so far allows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AndOr {
    pub first: Pipeline,
    pub rest: Vec<(Op, Pipeline)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    And,
    Or,
}

/// `a | b | c`: each command's output is the next one's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pipeline {
    pub commands: Vec<Simple>,
}

/// Assignments, then the command's words (none for a line of assignments only).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Simple {
    pub assignments: Vec<(String, Word)>,
    pub words: Vec<Word>,
}

/// A word as written, expanded when its command runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    pub pieces: Vec<Piece>,
}

/// A part of a word. `quoted` pieces are never split into fields, and make a word even when empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text {
        text: String,
        quoted: bool,
    },
    /// `$NAME`, `${NAME}` or `$?` (name `?`).
    Var {
        name: String,
        quoted: bool,
    },
    /// `$(...)` or backquotes.
    Subst {
        script: Script,
        quoted: bool,
    },
}

/// Why a text could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// The text ends inside something still open (a quote, `$(`, a `|` waiting for its command):
    /// the next line may complete it. The text names what is missing, for the message at the end.
    Incomplete(String),
    /// A form bash runs but this shell does not, or a syntax error; the message says which.
    Refused(String),
}

impl ParseError {
    /// The message the shell prints when the text cannot run.
    pub fn message(&self) -> String {
        match self {
            ParseError::Incomplete(what) => {
                format!("sandbox shell: unexpected end of input while looking for {what}")
            }
            ParseError::Refused(why) => format!("sandbox shell: {why}"),
        }
    }
}

/// Parses a whole text.
pub fn parse(text: &str) -> Result<Script, ParseError> {
    let mut parser = Parser {
        chars: text.chars().collect(),
        pos: 0,
    };
    parser.script(false)
}

/// Whether a line ends with a backslash that escapes its newline (an odd number of them).
pub fn continues(line: &str) -> bool {
    line.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

type Parsed<T> = Result<T, ParseError>;

fn refused<T>(why: impl Into<String>) -> Parsed<T> {
    Err(ParseError::Refused(why.into()))
}

fn unexpected<T>(token: &str) -> Parsed<T> {
    refused(format!("syntax error near unexpected token `{token}'"))
}

fn matching(c: char) -> ParseError {
    ParseError::Incomplete(format!("the matching `{c}'"))
}

/// Words that begin bash's compound commands, which this shell does not run.
const KEYWORDS: &[&str] = &[
    "if", "then", "else", "elif", "fi", "for", "while", "until", "do", "done", "case", "esac",
    "function", "select", "{", "}", "[[", "]]", "!",
];

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.pos + ahead).copied()
    }

    fn starts_with(&self, text: &str) -> bool {
        text.chars()
            .enumerate()
            .all(|(i, c)| self.peek_at(i) == Some(c))
    }

    /// Skips blanks and backslash-newlines; with `newlines`, newlines and comments too.
    fn skip(&mut self, newlines: bool) {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\r') => self.pos += 1,
                Some('\\') if self.peek_at(1) == Some('\n') => self.pos += 2,
                Some('\n') if newlines => self.pos += 1,
                Some('#') if newlines => self.comment(),
                _ => return,
            }
        }
    }

    fn comment(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.pos += 1;
        }
    }

    /// And-or lists up to the end of the text (or, when `nested` in `$(...)`, up to its `)`).
    fn script(&mut self, nested: bool) -> Parsed<Script> {
        let mut script = Script::default();
        loop {
            self.skip(true);
            match self.peek() {
                None if nested => return Err(matching(')')),
                None => return Ok(script),
                Some(')') if nested => return Ok(script),
                Some(';') => return unexpected(";"),
                _ => {}
            }
            script.lists.push(self.and_or(nested)?);
            self.skip(false);
            match self.peek() {
                Some(';' | '\n') => self.pos += 1,
                Some('#') => self.comment(),
                Some('&') => return refused("the sandbox's shell does not support background jobs ('&'): every command runs to its end"),
                _ => {}
            }
        }
    }

    fn and_or(&mut self, nested: bool) -> Parsed<AndOr> {
        let first = self.pipeline(nested)?;
        let mut rest = Vec::new();
        loop {
            self.skip(false);
            let op = if self.starts_with("&&") {
                Op::And
            } else if self.starts_with("||") {
                Op::Or
            } else {
                return Ok(AndOr { first, rest });
            };
            self.pos += 2;
            self.operand_follows(if op == Op::And { "&&" } else { "||" })?;
            rest.push((op, self.pipeline(nested)?));
        }
    }

    fn pipeline(&mut self, nested: bool) -> Parsed<Pipeline> {
        let mut commands = vec![self.simple(nested)?];
        loop {
            self.skip(false);
            if self.peek() != Some('|') || self.peek_at(1) == Some('|') {
                return Ok(Pipeline { commands });
            }
            self.pos += 1;
            self.operand_follows("|")?;
            commands.push(self.simple(nested)?);
        }
    }

    /// After `|`, `&&` or `||`, a command must follow, possibly on the next line.
    fn operand_follows(&mut self, op: &str) -> Parsed<()> {
        self.skip(true);
        if self.peek().is_none() {
            return Err(ParseError::Incomplete(format!("a command after `{op}'")));
        }
        Ok(())
    }

    fn simple(&mut self, nested: bool) -> Parsed<Simple> {
        let mut command = Simple::default();
        loop {
            self.skip(false);
            let Some(c) = self.peek() else { break };
            match c {
                '\n' | ';' | '&' | '|' => break,
                ')' if nested => break,
                ')' => return unexpected(")"),
                '#' => break,
                '<' | '>' => return refused("the sandbox's shell does not support redirections ('<', '>'): the terminal shows every output, and pipes ('|') pass it on"),
                '(' => return refused("the sandbox's shell does not support subshells ('(...)'); run the commands one by one"),
                _ => {}
            }
            let word = self.word()?;
            if command.words.is_empty() {
                if let Some((name, value)) = assignment(&word) {
                    command.assignments.push((name, value));
                    continue;
                }
                if let Some(k) = keyword(&word) {
                    return refused(format!("the sandbox's shell does not support '{k}' (loops, conditionals and functions): run each command on its own line"));
                }
            }
            command.words.push(word);
        }
        if command.words.is_empty() && command.assignments.is_empty() {
            return match self.peek() {
                Some(c) if c != '\n' && c != '#' => unexpected(&c.to_string()),
                _ => unexpected("newline"),
            };
        }
        Ok(command)
    }

    /// One word, up to an unquoted blank or operator.
    fn word(&mut self) -> Parsed<Word> {
        let mut word = Word::default();
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' | ')' => break,
                '(' => return unexpected("("),
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        Some('\n') => self.pos += 1,
                        Some(next) => {
                            self.pos += 1;
                            push_text(&mut word, next.to_string(), true);
                        }
                        None => {}
                    }
                }
                '\'' => {
                    let text = self.single_quoted()?;
                    push_text(&mut word, text, true);
                }
                '"' => self.double_quoted(&mut word)?,
                '$' => {
                    let piece = self.dollar(false)?;
                    word.pieces.push(piece);
                }
                '`' => {
                    let script = self.backquoted()?;
                    word.pieces.push(Piece::Subst {
                        script,
                        quoted: false,
                    });
                }
                _ => {
                    self.pos += 1;
                    push_text(&mut word, c.to_string(), false);
                }
            }
        }
        Ok(word)
    }

    fn single_quoted(&mut self) -> Parsed<String> {
        self.pos += 1;
        let start = self.pos;
        while self.peek().is_some_and(|c| c != '\'') {
            self.pos += 1;
        }
        if self.peek().is_none() {
            return Err(matching('\''));
        }
        let text = self.chars[start..self.pos].iter().collect();
        self.pos += 1;
        Ok(text)
    }

    fn double_quoted(&mut self, word: &mut Word) -> Parsed<()> {
        self.pos += 1;
        // An empty "" still makes a word.
        push_text(word, String::new(), true);
        loop {
            let Some(c) = self.peek() else {
                return Err(matching('"'));
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return Ok(());
                }
                '\\' if matches!(self.peek_at(1), Some('"' | '\\' | '$' | '`')) => {
                    push_text(word, self.chars[self.pos + 1].to_string(), true);
                    self.pos += 2;
                }
                '\\' if self.peek_at(1) == Some('\n') => self.pos += 2,
                '$' => {
                    let piece = self.dollar(true)?;
                    word.pieces.push(piece);
                }
                '`' => {
                    let script = self.backquoted()?;
                    word.pieces.push(Piece::Subst {
                        script,
                        quoted: true,
                    });
                }
                _ => {
                    self.pos += 1;
                    push_text(word, c.to_string(), true);
                }
            }
        }
    }

    /// `$NAME`, `${NAME}`, `$?`, `$(...)`; a `$` before anything else is itself.
    fn dollar(&mut self, quoted: bool) -> Parsed<Piece> {
        self.pos += 1;
        let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
        match self.peek() {
            Some('(') if self.peek_at(1) == Some('(') => {
                refused("the sandbox's shell does not support arithmetic ('$((...))')")
            }
            Some('(') => {
                self.pos += 1;
                let script = self.script(true)?;
                self.pos += 1;
                Ok(Piece::Subst { script, quoted })
            }
            Some('?') => {
                self.pos += 1;
                Ok(Piece::Var {
                    name: "?".into(),
                    quoted,
                })
            }
            Some('{') => {
                self.pos += 1;
                let start = self.pos;
                while self.peek().is_some_and(|c| c != '}') {
                    self.pos += 1;
                }
                if self.peek().is_none() {
                    return Err(matching('}'));
                }
                let name: String = self.chars[start..self.pos].iter().collect();
                self.pos += 1;
                if name.is_empty() || !name.chars().all(is_name) {
                    return refused(format!("${{{name}}}: bad substitution"));
                }
                Ok(Piece::Var { name, quoted })
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let start = self.pos;
                while self.peek().is_some_and(is_name) {
                    self.pos += 1;
                }
                let name = self.chars[start..self.pos].iter().collect();
                Ok(Piece::Var { name, quoted })
            }
            _ => Ok(Piece::Text {
                text: "$".into(),
                quoted,
            }),
        }
    }

    /// `` `...` ``: the text up to the closing backquote (where `\\`, `` \` `` and `\$` lose their
    /// backslash), parsed as a script of its own.
    fn backquoted(&mut self) -> Parsed<Script> {
        self.pos += 1;
        let mut inner = String::new();
        loop {
            match self.peek() {
                None => return Err(matching('`')),
                Some('`') => break,
                Some('\\') if matches!(self.peek_at(1), Some('\\' | '`' | '$')) => {
                    inner.push(self.chars[self.pos + 1]);
                    self.pos += 2;
                }
                Some(c) => {
                    inner.push(c);
                    self.pos += 1;
                }
            }
        }
        self.pos += 1;
        parse(&inner).map_err(|e| match e {
            ParseError::Incomplete(what) => ParseError::Refused(format!(
                "unexpected end of input in backquotes, looking for {what}"
            )),
            refused => refused,
        })
    }
}

/// Appends text to a word, joining it to the last piece when that is text quoted alike.
fn push_text(word: &mut Word, text: String, quoted: bool) {
    if let Some(Piece::Text {
        text: last,
        quoted: q,
    }) = word.pieces.last_mut()
    {
        if *q == quoted {
            last.push_str(&text);
            return;
        }
    }
    word.pieces.push(Piece::Text { text, quoted });
}

/// `NAME=value` written with an unquoted name: the name and the value's word.
pub(super) fn assignment(word: &Word) -> Option<(String, Word)> {
    let Some(Piece::Text {
        text,
        quoted: false,
    }) = word.pieces.first()
    else {
        return None;
    };
    let (name, value) = text.split_once('=')?;
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid {
        return None;
    }
    let mut pieces = Vec::new();
    if !value.is_empty() {
        pieces.push(Piece::Text {
            text: value.to_string(),
            quoted: false,
        });
    }
    pieces.extend(word.pieces[1..].iter().cloned());
    Some((name.to_string(), Word { pieces }))
}

/// The keyword a word is, if it is one bash would read as a compound command.
fn keyword(word: &Word) -> Option<&'static str> {
    match word.pieces.as_slice() {
        [Piece::Text {
            text,
            quoted: false,
        }] => KEYWORDS.iter().find(|k| **k == text).copied(),
        _ => None,
    }
}

#[cfg(test)]
#[path = "script_tests.rs"]
mod tests;
