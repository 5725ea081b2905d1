//! Unit tests of the shell's grammar (`script.rs`).

use super::*;

fn text(t: &str) -> Piece {
    Piece::Text {
        text: t.into(),
        quoted: false,
    }
}

fn quoted(t: &str) -> Piece {
    Piece::Text {
        text: t.into(),
        quoted: true,
    }
}

fn var(name: &str, quoted: bool) -> Piece {
    Piece::Var {
        name: name.into(),
        quoted,
    }
}

/// The pieces of each word of the only command.
fn words(input: &str) -> Vec<Vec<Piece>> {
    let script = parse(input).unwrap();
    assert_eq!(script.lists.len(), 1, "{script:?}");
    let list = &script.lists[0];
    assert!(list.rest.is_empty());
    assert_eq!(list.first.commands.len(), 1);
    list.first.commands[0]
        .words
        .iter()
        .map(|w| w.pieces.clone())
        .collect()
}

#[test]
fn quotes_escapes_and_variables() {
    assert_eq!(
        words(r#"a 'b c' "d $K ${K}x" e\ f $? '$K' """#),
        [
            vec![text("a")],
            vec![quoted("b c")],
            vec![
                quoted("d "),
                var("K", true),
                quoted(" "),
                var("K", true),
                quoted("x")
            ],
            vec![text("e"), quoted(" "), text("f")],
            vec![var("?", false)],
            vec![quoted("$K")],
            vec![quoted("")],
        ]
    );
    // A `$` before anything else is itself; `\"` and `\$` escape inside double quotes.
    assert_eq!(
        words(r#"$ "a\"\$b""#),
        [vec![text("$")], vec![quoted("a\"$b")]]
    );
}

#[test]
fn quotes_and_continuations_span_lines() {
    assert_eq!(
        words("echo 'a\nb' \\\n  c"),
        [vec![text("echo")], vec![quoted("a\nb")], vec![text("c")]]
    );
    assert_eq!(
        parse("echo 'a"),
        Err(ParseError::Incomplete("the matching `''".into()))
    );
    assert_eq!(
        parse("echo \"a"),
        Err(ParseError::Incomplete("the matching `\"'".into()))
    );
    assert_eq!(
        parse("echo $(ls"),
        Err(ParseError::Incomplete("the matching `)'".into()))
    );
    assert_eq!(
        parse("a |"),
        Err(ParseError::Incomplete("a command after `|'".into()))
    );
    assert_eq!(
        parse("a &&\n"),
        Err(ParseError::Incomplete("a command after `&&'".into()))
    );
    // A pipe may continue on the next line.
    assert_eq!(parse("a |\n b").unwrap().lists[0].first.commands.len(), 2);
}

#[test]
fn substitutions_nest_and_keep_their_quoting() {
    let w = words(r#"X $(a "$(b)") `c \`d\``"#);
    let inner = |s: &str| parse(s).unwrap();
    assert_eq!(
        w[1],
        [Piece::Subst {
            script: inner(r#"a "$(b)""#),
            quoted: false
        }]
    );
    assert_eq!(
        w[2],
        [Piece::Subst {
            script: inner("c `d`"),
            quoted: false
        }]
    );
    let w = words(r#"echo "id: $(jq -r '.["id"]')""#);
    assert_eq!(
        w[1],
        [
            quoted("id: "),
            Piece::Subst {
                script: inner(r#"jq -r '.["id"]'"#),
                quoted: true
            }
        ]
    );
}

#[test]
fn lists_pipelines_and_assignments() {
    let s = parse("A=1 B=\"x y\" cmd | grep a && b || c; d\n# comment\ne # trailing").unwrap();
    assert_eq!(s.lists.len(), 3);
    let first = &s.lists[0];
    assert_eq!(first.first.commands.len(), 2);
    assert_eq!(
        first.rest.iter().map(|(op, _)| *op).collect::<Vec<_>>(),
        [Op::And, Op::Or]
    );
    let cmd = &first.first.commands[0];
    assert_eq!(
        cmd.assignments,
        [
            (
                "A".to_string(),
                Word {
                    pieces: vec![text("1")]
                }
            ),
            (
                "B".to_string(),
                Word {
                    pieces: vec![quoted("x y")]
                }
            ),
        ]
    );
    assert_eq!(cmd.words.len(), 1);
    // A word with `=` after the command's name is a plain word; an empty value is empty.
    let s = parse("export K=v\nE=").unwrap();
    assert_eq!(s.lists[0].first.commands[0].words.len(), 2);
    assert_eq!(
        s.lists[1].first.commands[0].assignments[0].1,
        Word::default()
    );
}

#[test]
fn refuses_what_it_does_not_run() {
    for (input, says) in [
        ("a > f", "redirections"),
        ("a < f", "redirections"),
        ("a &", "background jobs"),
        ("(a)", "subshells"),
        ("for k in a; do echo; done", "'for'"),
        ("if true; then a; fi", "'if'"),
        ("echo $((1+2))", "arithmetic"),
        ("echo ${A:-b}", "bad substitution"),
        ("| a", "unexpected token `|'"),
        ("a ;; b", "unexpected token `;'"),
        ("a )", "unexpected token `)'"),
        ("a(b)", "unexpected token `('"),
    ] {
        match parse(input) {
            Err(ParseError::Refused(why)) => assert!(why.contains(says), "{input}: {why}"),
            other => panic!("{input}: {other:?}"),
        }
    }
    // Keywords only count as a command's first word.
    assert_eq!(words("echo for if").len(), 3);
}
