//! The text tools the documentation's one-liners pipe through: `echo`, `printf`, `grep`, `cut`
//! and `sed`'s substitution, each as far as those examples need and saying so when asked for more.

use crate::output::Output;

/// `echo [-n] WORDS...`.
pub(crate) fn echo(args: &[String]) -> Output {
    let mut out = Output::default();
    match args.split_first() {
        Some((n, rest)) if n == "-n" => out.stdout.push_str(&rest.join(" ")),
        _ => out.out(args.join(" ")),
    }
    out
}

/// `printf FORMAT ARGS...`: `%s`, `%d`, `%%`, and the escapes `\n`, `\t`, `\\`; the format is used
/// again while arguments remain, as the shell's printf does.
pub(crate) fn printf(args: &[String]) -> Output {
    let mut out = Output::default();
    let Some((format, mut rest)) = args.split_first() else {
        return failure("printf: usage: printf FORMAT [ARGUMENTS...]", 2);
    };
    loop {
        let before = rest.len();
        match expand_format(format, &mut rest) {
            Ok(text) => out.stdout.push_str(&text),
            Err(why) => return failure(&format!("printf: {why}"), 1),
        }
        if rest.is_empty() || rest.len() == before {
            return out;
        }
    }
}

fn expand_format(format: &str, args: &mut &[String]) -> Result<String, String> {
    let mut text = String::new();
    let mut chars = format.chars();
    let mut next_arg = || {
        let (first, rest) = args
            .split_first()
            .map_or(("", &[][..]), |(f, r)| (f.as_str(), r));
        *args = rest;
        first.to_string()
    };
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('%', Some('s')) => text.push_str(&next_arg()),
            ('%', Some('d')) => {
                let arg = next_arg();
                let n: i64 = if arg.is_empty() {
                    0
                } else {
                    arg.parse().map_err(|_| format!("{arg}: invalid number"))?
                };
                text.push_str(&n.to_string());
            }
            ('%', Some('%')) => text.push('%'),
            ('%', other) => {
                return Err(format!(
                    "%{}: the sandbox's printf supports %s, %d and %%",
                    other.unwrap_or(' ')
                ))
            }
            ('\\', Some('n')) => text.push('\n'),
            ('\\', Some('t')) => text.push('\t'),
            ('\\', Some('\\')) => text.push('\\'),
            _ => {
                text.push(c);
                continue;
            }
        }
        chars.next();
    }
    Ok(text)
}

/// `grep [-v] [-i] [-c] PATTERN`: the lines of the input containing PATTERN, a fixed string.
/// Its status is 1 when no line matches, as grep's is.
pub(crate) fn grep(args: &[String], stdin: &str) -> Output {
    let (mut invert, mut ignore_case, mut count, mut pattern) = (false, false, false, None);
    for arg in args {
        if arg.starts_with('-') && arg.len() > 1 && pattern.is_none() {
            for c in arg[1..].chars() {
                match c {
                    'v' => invert = true,
                    'i' => ignore_case = true,
                    'c' => count = true,
                    'F' => {}
                    _ => return failure(&format!("grep: invalid option -- '{c}'; the sandbox's grep takes -v, -i, -c and a fixed-string PATTERN"), 2),
                }
            }
        } else if pattern.is_none() {
            pattern = Some(arg.clone());
        } else {
            return failure(
                &format!("grep: {arg}: the sandbox's grep reads its input from a pipe only"),
                2,
            );
        }
    }
    let Some(pattern) = pattern else {
        return failure("grep: usage: grep [-v] [-i] [-c] PATTERN", 2);
    };
    let fold = |s: &str| {
        if ignore_case {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    let wanted = fold(&pattern);
    let lines: Vec<&str> = stdin
        .lines()
        .filter(|l| fold(l).contains(&wanted) != invert)
        .collect();
    let mut out = Output::default();
    if count {
        out.out(lines.len().to_string());
    } else {
        for line in &lines {
            out.out(line);
        }
    }
    out.code = if lines.is_empty() { 1 } else { 0 };
    out
}

/// `cut -d DELIM -f LIST`: the fields LIST (`2`, `1,3`, `2-`, `-2`, `1-3`) of each line; a line
/// without the delimiter is printed whole, as cut does.
pub(crate) fn cut(args: &[String], stdin: &str) -> Output {
    let (mut delim, mut list) = ('\t', None);
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        let (flag, inline) = (arg.get(..2).unwrap_or(""), arg.get(2..).unwrap_or(""));
        let value = if inline.is_empty() {
            i += 1;
            args.get(i).cloned().unwrap_or_default()
        } else {
            inline.to_string()
        };
        match flag {
            "-d" if value.chars().count() == 1 => delim = value.chars().next().unwrap_or('\t'),
            "-d" => return failure("cut: the delimiter must be a single character", 1),
            "-f" => list = Some(value),
            _ => {
                return failure(
                    &format!("cut: {arg}: the sandbox's cut takes -d DELIM -f LIST"),
                    1,
                )
            }
        }
        i += 1;
    }
    let Some(ranges) = list.as_deref().and_then(ranges) else {
        return failure(
            "cut: you must specify a list of fields, e.g. -f 2 or -f 1,3 or -f 2-",
            1,
        );
    };
    let mut out = Output::default();
    for line in stdin.lines() {
        if !line.contains(delim) {
            out.out(line);
            continue;
        }
        let fields: Vec<&str> = line.split(delim).collect();
        let picked: Vec<&str> = (1..=fields.len())
            .filter(|n| ranges.iter().any(|(lo, hi)| lo <= n && n <= hi))
            .map(|n| fields[n - 1])
            .collect();
        out.out(picked.join(&delim.to_string()));
    }
    out
}

/// `2`, `1,3`, `2-`, `-2` as inclusive ranges of field numbers.
fn ranges(list: &str) -> Option<Vec<(usize, usize)>> {
    list.split(',')
        .map(|part| match part.split_once('-') {
            None => part.parse().ok().filter(|&n| n > 0).map(|n| (n, n)),
            Some((lo, hi)) => {
                let lo = if lo.is_empty() { 1 } else { lo.parse().ok()? };
                let hi = if hi.is_empty() {
                    usize::MAX
                } else {
                    hi.parse().ok()?
                };
                (lo > 0 && lo <= hi).then_some((lo, hi))
            }
        })
        .collect()
}

/// `sed [-e] 's/RE/REPLACEMENT/[g]'` on each line. RE: literal characters, `.`, `X*`, `^`, `$`
/// and `\X`; `&` in the replacement is the match.
pub(crate) fn sed(args: &[String], stdin: &str) -> Output {
    let script = match args {
        [s] => s,
        [e, s] if e == "-e" => s,
        _ => return failure(
            "sed: usage: sed 's/RE/REPLACEMENT/[g]' (the sandbox's sed runs substitutions only)",
            1,
        ),
    };
    let Some((pattern, replacement, global)) = substitution(script) else {
        return failure(&format!("sed: -e expression #1: the sandbox's sed runs only 's/RE/REPLACEMENT/[g]', not '{script}'"), 1);
    };
    let mut out = Output::default();
    for line in stdin.lines() {
        out.out(substitute(line, &pattern, &replacement, global));
    }
    out
}

/// One element of a sed regular expression.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Atom {
    Char(char),
    Any,
}

#[derive(Debug, PartialEq)]
struct Pattern {
    start: bool,
    end: bool,
    /// Each atom, and whether `*` repeats it.
    atoms: Vec<(Atom, bool)>,
}

/// `s/RE/REPL/FLAGS` with any delimiter after the `s`.
fn substitution(script: &str) -> Option<(Pattern, String, bool)> {
    let mut chars = script.chars();
    if chars.next()? != 's' {
        return None;
    }
    let delim = chars.next()?;
    let rest: String = chars.collect();
    let parts: Vec<&str> = rest.split(delim).collect();
    let [re, replacement, flags] = parts.as_slice() else {
        return None;
    };
    if !flags.chars().all(|c| c == 'g') {
        return None;
    }
    Some((pattern(re)?, replacement.to_string(), flags.contains('g')))
}

fn pattern(re: &str) -> Option<Pattern> {
    let mut chars: Vec<char> = re.chars().collect();
    let start = chars.first() == Some(&'^');
    if start {
        chars.remove(0);
    }
    let end = chars.last() == Some(&'$') && !(chars.len() >= 2 && chars[chars.len() - 2] == '\\');
    if end {
        chars.pop();
    }
    let mut atoms: Vec<(Atom, bool)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let atom = match chars[i] {
            '\\' => {
                i += 1;
                Atom::Char(*chars.get(i)?)
            }
            '.' => Atom::Any,
            '*' if atoms.is_empty() => Atom::Char('*'),
            '*' => {
                atoms.last_mut()?.1 = true;
                i += 1;
                continue;
            }
            '[' | ']' | '+' | '?' | '(' | ')' | '{' | '}' | '|' => return None,
            c => Atom::Char(c),
        };
        atoms.push((atom, false));
        i += 1;
    }
    Some(Pattern { start, end, atoms })
}

fn substitute(line: &str, p: &Pattern, replacement: &str, global: bool) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    while at <= chars.len() {
        let found = if p.start && at > 0 {
            None
        } else {
            match_here(&p.atoms, &chars, at, p.end)
        };
        match found {
            Some(end) => {
                let matched: String = chars[at..end].iter().collect();
                out.push_str(&replacement.replace('&', &matched));
                if !global {
                    out.extend(&chars[end..]);
                    return out;
                }
                // An empty match moves on by one character, as sed does.
                if end == at {
                    if let Some(c) = chars.get(at) {
                        out.push(*c);
                    }
                    at += 1;
                } else {
                    at = end;
                }
            }
            None => {
                if let Some(c) = chars.get(at) {
                    out.push(*c);
                }
                at += 1;
            }
        }
    }
    out
}

/// The end of the longest match of `atoms` at `chars[at..]` (leftmost-longest, as POSIX says).
fn match_here(atoms: &[(Atom, bool)], chars: &[char], at: usize, to_end: bool) -> Option<usize> {
    let Some(((atom, star), rest)) = atoms.split_first() else {
        return (!to_end || at == chars.len()).then_some(at);
    };
    let fits = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&c| *atom == Atom::Any || *atom == Atom::Char(c))
    };
    if !star {
        return if fits(at) {
            match_here(rest, chars, at + 1, to_end)
        } else {
            None
        };
    }
    let mut max = at;
    while fits(max) {
        max += 1;
    }
    (at..=max)
        .rev()
        .find_map(|i| match_here(rest, chars, i, to_end))
}

fn failure(text: &str, code: i32) -> Output {
    let mut out = Output::default();
    out.err(text);
    out.code = code;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn the_token_one_liner() {
        let printed = "IAM token:  Bearer eyJ.a.b\nIAM refresh token:  none\n";
        let grepped = grep(&words(&["IAM token"]), printed).stdout;
        let cut = cut(&words(&["-d", ":", "-f", "2"]), &grepped).stdout;
        assert_eq!(cut, "  Bearer eyJ.a.b\n");
        assert_eq!(sed(&words(&["s/^ *//"]), &cut).stdout, "Bearer eyJ.a.b\n");
        assert_eq!(
            super::cut(&words(&["-d", " ", "-f", "4"]), printed)
                .stdout
                .lines()
                .next(),
            Some("Bearer")
        );
    }

    #[test]
    fn grep_flags_and_status() {
        let text = "Alpha\nbeta\ngamma\n";
        assert_eq!(grep(&words(&["a"]), text).stdout, "Alpha\nbeta\ngamma\n");
        assert_eq!(grep(&words(&["-v", "et"]), text).stdout, "Alpha\ngamma\n");
        assert_eq!(grep(&words(&["-ic", "alpha"]), text).stdout, "1\n");
        let none = grep(&words(&["zeta"]), text);
        assert_eq!((none.stdout.as_str(), none.code), ("", 1));
        assert_eq!(grep(&words(&["-E", "x"]), text).code, 2);
    }

    #[test]
    fn cut_fields_and_ranges() {
        let text = "a,b,c\nno delimiter\n";
        assert_eq!(
            cut(&words(&["-d,", "-f2-"]), text).stdout,
            "b,c\nno delimiter\n"
        );
        assert_eq!(
            cut(&words(&["-d", ",", "-f", "1,3"]), text).stdout,
            "a,c\nno delimiter\n"
        );
        assert_eq!(cut(&words(&["-d", ",", "-f", "0"]), text).code, 1);
    }

    #[test]
    fn sed_substitutions() {
        let s = |script: &str, line: &str| sed(&words(&[script]), line).stdout;
        assert_eq!(s("s/^ *//", "   x y "), "x y \n");
        assert_eq!(s("s/ *$//", "x y   "), "x y\n");
        assert_eq!(s("s/o/0/g", "foo boo"), "f00 b00\n");
        assert_eq!(s("s/o/0/", "foo"), "f0o\n");
        assert_eq!(s("s|a.c|<&>|", "xabcx"), "x<abc>x\n");
        assert_eq!(s("s/Bearer //", "Bearer tok"), "tok\n");
        assert_eq!(sed(&words(&["y/a/b/"]), "a").code, 1);
        assert_eq!(sed(&words(&["s/[a]//"]), "a").code, 1);
    }

    #[test]
    fn echo_and_printf() {
        assert_eq!(echo(&words(&["a", "b"])).stdout, "a b\n");
        assert_eq!(echo(&words(&["-n", "a"])).stdout, "a");
        assert_eq!(
            printf(&words(&["%s=%d\\n", "a", "1", "b", "2"])).stdout,
            "a=1\nb=2\n"
        );
        assert_eq!(printf(&words(&["100%%\\n"])).stdout, "100%\n");
        assert_eq!(printf(&words(&["%d", "x"])).code, 1);
        assert_eq!(printf(&words(&["%f", "1"])).code, 1);
    }
}
