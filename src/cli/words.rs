//! Word splitting as a POSIX shell does it, for one logical line: single quotes keep everything,
//! double quotes expand `$VAR` and take `\"`, `\\`, `\$` escapes, a backslash outside quotes escapes
//! the next character, `#` at the start of a word begins a comment. Unquoted expansions are not split
//! again, and one that is empty and unquoted yields no word, as in a shell.

use std::collections::BTreeMap;

/// Why a line could not be split into words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitError {
    /// A quote is still open at the end of the text: the line continues on the next one.
    Unclosed(char),
    /// Something a real shell would run but this one does not (pipes, substitutions...).
    Unsupported(String),
}

/// Splits `line` into words, expanding variables from `env` (`$?` is `last_code`).
pub fn split(
    line: &str,
    env: &BTreeMap<String, String>,
    last_code: i32,
) -> Result<Vec<String>, SplitError> {
    let chars: Vec<char> = line.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    // Whether the current word has begun (a quote or an escape makes a word even when empty).
    let mut started = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
                i += 1;
            }
            '#' if !started => break,
            '\'' => {
                let close = chars[i + 1..]
                    .iter()
                    .position(|&c| c == '\'')
                    .ok_or(SplitError::Unclosed('\''))?;
                word.extend(&chars[i + 1..i + 1 + close]);
                started = true;
                i += close + 2;
            }
            '"' => {
                started = true;
                i = double_quoted(&chars, i + 1, env, last_code, &mut word)?;
            }
            '\\' => {
                match chars.get(i + 1) {
                    Some('\n') => {}
                    Some(&next) => {
                        word.push(next);
                        started = true;
                    }
                    None => {}
                }
                i += 2;
            }
            '$' => {
                let before = word.len();
                i = expand(&chars, i, env, last_code, &mut word)?;
                if word.len() > before {
                    started = true;
                }
            }
            '`' => return Err(unsupported_substitution()),
            '|' | ';' | '&' | '<' | '>' => {
                let what = match c {
                    '|' => "pipes ('|')",
                    ';' => "command lists (';'); put each command on its own line",
                    '&' => "'&&', '||' and background jobs ('&'); put each command on its own line",
                    _ => "redirections ('<', '>')",
                };
                return Err(SplitError::Unsupported(format!(
                    "the sandbox's shell does not support {what}"
                )));
            }
            _ => {
                word.push(c);
                started = true;
                i += 1;
            }
        }
    }
    if started {
        words.push(word);
    }
    Ok(words)
}

/// Reads a double-quoted text from `chars[i]` (just after the opening quote) into `word`, expanding
/// variables and taking the escapes a shell takes there; returns the index after the closing quote.
fn double_quoted(
    chars: &[char],
    mut i: usize,
    env: &BTreeMap<String, String>,
    last_code: i32,
    word: &mut String,
) -> Result<usize, SplitError> {
    loop {
        let Some(&c) = chars.get(i) else {
            return Err(SplitError::Unclosed('"'));
        };
        match c {
            '"' => return Ok(i + 1),
            '\\' if matches!(chars.get(i + 1), Some('"' | '\\' | '$' | '`')) => {
                word.push(chars[i + 1]);
                i += 2;
            }
            '\\' if chars.get(i + 1) == Some(&'\n') => i += 2,
            '$' => i = expand(chars, i, env, last_code, word)?,
            '`' => return Err(unsupported_substitution()),
            _ => {
                word.push(c);
                i += 1;
            }
        }
    }
}

fn unsupported_substitution() -> SplitError {
    SplitError::Unsupported(
        "the sandbox's shell does not support command substitution ('$(...)' or backquotes): run the command, then export its result with 'export NAME=value'".into(),
    )
}

/// Expands the `$...` at `chars[i]` into `out`; returns the index after it.
fn expand(
    chars: &[char],
    i: usize,
    env: &BTreeMap<String, String>,
    last_code: i32,
    out: &mut String,
) -> Result<usize, SplitError> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_';
    match chars.get(i + 1) {
        Some('(') => Err(unsupported_substitution()),
        Some('?') => {
            out.push_str(&last_code.to_string());
            Ok(i + 2)
        }
        Some('{') => {
            let close = chars[i + 2..]
                .iter()
                .position(|&c| c == '}')
                .ok_or(SplitError::Unclosed('{'))?;
            let name: String = chars[i + 2..i + 2 + close].iter().collect();
            if name.is_empty() || !name.chars().all(is_name) {
                return Err(SplitError::Unsupported(format!(
                    "${{{name}}}: bad substitution"
                )));
            }
            out.push_str(env.get(&name).map_or("", String::as_str));
            Ok(i + 3 + close)
        }
        Some(&c) if c.is_ascii_alphabetic() || c == '_' => {
            let len = chars[i + 1..].iter().take_while(|&&c| is_name(c)).count();
            let name: String = chars[i + 1..i + 1 + len].iter().collect();
            out.push_str(env.get(&name).map_or("", String::as_str));
            Ok(i + 1 + len)
        }
        _ => {
            out.push('$');
            Ok(i + 1)
        }
    }
}

/// Whether a line ends with a backslash that escapes its newline (an odd number of them).
pub fn continues(line: &str) -> bool {
    line.chars().rev().take_while(|&c| c == '\\').count() % 2 == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> BTreeMap<String, String> {
        let mut env = BTreeMap::new();
        env.insert("KEY".to_string(), "abc".to_string());
        env.insert("SPACED".to_string(), "a b".to_string());
        env
    }

    #[test]
    fn quotes_escapes_and_expansion() {
        let w = split(
            r#"a 'b c' "d $KEY ${KEY}x" e\ f $SPACED $NONE "" '$KEY'"#,
            &env(),
            0,
        );
        assert_eq!(
            w.unwrap(),
            ["a", "b c", "d abc abcx", "e f", "a b", "", "$KEY"]
        );
    }

    #[test]
    fn unclosed_quotes_and_unsupported_syntax() {
        assert_eq!(split("a 'b", &env(), 0), Err(SplitError::Unclosed('\'')));
        assert_eq!(split("a \"b", &env(), 0), Err(SplitError::Unclosed('"')));
        assert!(matches!(
            split("a | b", &env(), 0),
            Err(SplitError::Unsupported(_))
        ));
        assert!(matches!(
            split("X=$(ls)", &env(), 0),
            Err(SplitError::Unsupported(_))
        ));
        assert_eq!(split("a # b", &env(), 0).unwrap(), ["a"]);
        assert_eq!(split("echo $?", &env(), 2).unwrap(), ["echo", "2"]);
    }
}
