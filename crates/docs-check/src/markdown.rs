//! A page's code blocks and headings, in order, as IBM Cloud's documentation writes them:
//! CommonMark (pulldown-cmark) with kramdown's attribute line after a block (`{: codeblock}`,
//! `{: pre}`, `{: screen}`, `{: .pre}`, `{: codeblock}{: caption="..."}`), which CommonMark does
//! not know: it is read from the source, on the line right after the block.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// What a block's attribute line says it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attr {
    /// `{: codeblock}`: something to copy and run.
    Codeblock,
    /// `{: pre}`: a command to type.
    Pre,
    /// `{: screen}`: what the screen shows (output).
    Screen,
    /// No attribute line, or one that names none of the above.
    None,
}

/// One code block of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// The page line (from 1) of the block's first line of content.
    pub line: usize,
    /// Its content, indentation of the list item or indented block removed.
    pub text: String,
    /// The fence's language (`sh`, `text`), empty for none and for indented blocks.
    pub lang: String,
    pub attr: Attr,
}

/// A heading or a code block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Heading { level: usize, line: usize },
    Block(Block),
}

/// The page's headings and code blocks, in page order.
pub fn items(source: &str) -> Vec<Item> {
    let starts = line_starts(source);
    let line_of = |offset: usize| starts.partition_point(|&s| s <= offset);
    let mut items = Vec::new();
    let mut open: Option<Block> = None;
    let parser = Parser::new_ext(source, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::Heading { level, .. }) => items.push(Item::Heading {
                level: level as usize,
                line: line_of(range.start),
            }),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                let fenced = opens_with_fence(source, range.start);
                let block = Block {
                    line: line_of(range.start) + usize::from(fenced),
                    text: String::new(),
                    lang,
                    attr: Attr::None,
                };
                open = Some(block);
            }
            Event::Text(text) => {
                if let Some(block) = open.as_mut() {
                    if block.text.is_empty() {
                        block.line = line_of(range.start);
                    }
                    block.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(mut block) = open.take() {
                    block.attr = match trailing_attr(&mut block.text) {
                        Some(attr) => attr,
                        None => attribute_after(source, range.end),
                    };
                    items.push(Item::Block(block));
                }
            }
            _ => {}
        }
    }
    items
}

/// Whether the block starting at `offset` opens with a fence line (its content starts a line
/// later).
fn opens_with_fence(source: &str, offset: usize) -> bool {
    let rest = source[offset..].trim_start_matches([' ', '\t', '>']);
    rest.starts_with("```") || rest.starts_with("~~~")
}

/// The offset of each line's first character.
fn line_starts(source: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(source.match_indices('\n').map(|(at, _)| at + 1))
        .collect()
}

/// The attribute of the line right after a block that ends at `end` (the block's range may end
/// before or after its last newline).
fn attribute_after(source: &str, end: usize) -> Attr {
    let mut at = end.min(source.len());
    if at > 0 && !source[..at].ends_with('\n') {
        at = source[at..].find('\n').map_or(source.len(), |n| at + n + 1);
    }
    let next = source[at..].lines().next().unwrap_or("");
    attribute(next).unwrap_or(Attr::None)
}

/// An attribute line the block swallowed (an indented block whose attribute line is indented as
/// deeply as its code): taken off the text and read.
fn trailing_attr(text: &mut String) -> Option<Attr> {
    let body = text.trim_end();
    let last_start = body.rfind('\n').map_or(0, |n| n + 1);
    let attr = attribute(&body[last_start..])?;
    text.truncate(last_start);
    Some(attr)
}

/// `{: codeblock}`, `{: pre}`, `{: .pre}`, `{: screen}`, with other attributes beside them; None
/// if the line is no attribute line.
pub fn attribute(line: &str) -> Option<Attr> {
    let line = line.trim();
    if !line.starts_with("{:") || !line.ends_with('}') {
        return None;
    }
    // Quoted values (`caption="..."`) are no attribute names.
    let unquoted: String = line.split('"').step_by(2).collect::<Vec<_>>().join(" ");
    let words: Vec<&str> = unquoted
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != '_')
        .collect();
    let has = |w: &str| words.contains(&w);
    Some(if has("codeblock") {
        Attr::Codeblock
    } else if has("pre") {
        Attr::Pre
    } else if has("screen") {
        Attr::Screen
    } else {
        Attr::None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_attribute_line_names_the_block() {
        assert_eq!(attribute("{: codeblock}"), Some(Attr::Codeblock));
        assert_eq!(attribute("    {: pre}"), Some(Attr::Pre));
        assert_eq!(attribute("{: .pre}"), Some(Attr::Pre));
        assert_eq!(attribute("{: screen}"), Some(Attr::Screen));
        assert_eq!(
            attribute(r#"{: codeblock}{: caption="pre and screen" caption-side="bottom"}"#),
            Some(Attr::Codeblock)
        );
        assert_eq!(attribute("{: #an-anchor}"), Some(Attr::None));
        assert_eq!(attribute("some text {: pre}"), None);
    }

    #[test]
    fn blocks_keep_their_lines_and_attributes() {
        let page = "# T\n\n```sh\nibmcloud kp keys\n```\n{: pre}\n\n- item\n\n        indented\n  {: screen}\n\n```\nno attribute\n```\n";
        let blocks: Vec<Block> = items(page)
            .into_iter()
            .filter_map(|i| match i {
                Item::Block(b) => Some(b),
                Item::Heading { .. } => None,
            })
            .collect();
        let seen: Vec<(usize, &str, &str, Attr)> = blocks
            .iter()
            .map(|b| (b.line, b.text.trim(), b.lang.as_str(), b.attr))
            .collect();
        assert_eq!(
            seen,
            vec![
                (4, "ibmcloud kp keys", "sh", Attr::Pre),
                (10, "indented", "", Attr::Screen),
                (14, "no attribute", "", Attr::None),
            ]
        );
    }
}
