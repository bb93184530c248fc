//! The little XML this crate reads and writes: S3's and CloudFront's answers are walked leaf by leaf, and request
//! bodies escape their element text. Failures are the rule broken; each service's parser turns it into its own
//! error variant (`MalformedResponse` for S3, `MalformedCloudFrontResponse` for CloudFront).

use alloc::string::String;
use alloc::vec::Vec;
use xmlparser::{ElementEnd, Token, Tokenizer};

/// The rule a malformed document breaks.
pub(crate) type XmlResult<T> = Result<T, &'static str>;

/// Calls `on_leaf(path, text)` for each element that holds text, `path` being the local names from the root.
pub(crate) fn walk(xml: &str, mut on_leaf: impl FnMut(&[&str], String)) -> XmlResult<()> {
    walk_tokens(xml, &mut |_| {}, &mut on_leaf)
}

/// As [`walk`], also calling `on_open(path)` when an element starts (to begin a record such as `<Part>`).
pub(crate) fn walk_with_open(
    xml: &str,
    mut on_open: impl FnMut(&[&str]),
    mut on_leaf: impl FnMut(&[&str], String),
) -> XmlResult<()> {
    walk_tokens(xml, &mut on_open, &mut on_leaf)
}

/// The walk itself, one copy for every parser: through `dyn` callbacks the tokenizer is not compiled again for each
/// of them (parsing an answer is not on any hot path).
fn walk_tokens(
    xml: &str,
    on_open: &mut dyn FnMut(&[&str]),
    on_leaf: &mut dyn FnMut(&[&str], String),
) -> XmlResult<()> {
    let mut stack: Vec<&str> = Vec::new();
    let mut text = String::new();
    for token in Tokenizer::from(xml) {
        match token.map_err(|_| "the body is not well-formed XML")? {
            Token::ElementStart { local, .. } => {
                stack.push(local.as_str());
                on_open(&stack);
                text.clear();
            }
            Token::Text { text: t } => unescape_into(&mut text, t.as_str())?,
            Token::Cdata { text: t, .. } => text.push_str(t.as_str()),
            Token::ElementEnd {
                end: ElementEnd::Close(_, local),
                ..
            } => {
                if stack.last() != Some(&local.as_str()) {
                    return Err("mismatched closing tag");
                }
                on_leaf(&stack, core::mem::take(&mut text));
                stack.pop();
            }
            Token::ElementEnd {
                end: ElementEnd::Empty,
                ..
            } => {
                on_leaf(&stack, String::new());
                stack.pop();
            }
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err("the document ends inside an element");
    }
    Ok(())
}

fn unescape_into(out: &mut String, raw: &str) -> XmlResult<()> {
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after
            .find(';')
            .ok_or("an entity is not terminated by ';'")?;
        let entity = &after[..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32).ok_or("unknown XML entity")?
            }
        };
        out.push(c);
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// The local name of the document's root element.
pub(crate) fn root_name(xml: &str) -> XmlResult<&str> {
    for token in Tokenizer::from(xml) {
        if let Token::ElementStart { local, .. } =
            token.map_err(|_| "the body is not well-formed XML")?
        {
            return Ok(local.as_str());
        }
    }
    Err("the body has no XML element")
}

/// Appends `text` as element content, escaping `&`, `<` and `>`. Quotes need no escaping outside attributes (XML 1.0
/// §2.4), and leaving them alone is what Python's ElementTree does, so a body built here is byte-identical to
/// botocore's for the same input (which the CloudFront vectors check).
pub(crate) fn push_text(xml: &mut String, text: &str) {
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => continue,
        };
        // Only ASCII bytes end a run, so both ends are char boundaries.
        xml.push_str(text.get(start..i).unwrap_or(""));
        xml.push_str(escape);
        start = i + 1;
    }
    xml.push_str(text.get(start..).unwrap_or(""));
}

/// `<name>text</name>`, the text escaped by [`push_text`].
pub(crate) fn push_element(xml: &mut String, name: &str, text: &str) {
    xml.push('<');
    xml.push_str(name);
    xml.push('>');
    push_text(xml, text);
    xml.push_str("</");
    xml.push_str(name);
    xml.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_element_text_like_elementtree() {
        let mut out = String::new();
        push_element(&mut out, "Path", "/a&b<c>'d\"é");
        assert_eq!(out, "<Path>/a&amp;b&lt;c&gt;'d\"é</Path>");
    }

    #[test]
    fn walks_leaves_and_refuses_broken_documents() {
        let mut seen = Vec::new();
        walk(
            "<a><b>x&amp;y</b><c/><d><![CDATA[<z>]]></d></a>",
            |path, text| seen.push((path.join("/"), text)),
        )
        .unwrap();
        assert_eq!(
            seen,
            [
                ("a/b".into(), "x&y".into()),
                ("a/c".into(), String::new()),
                ("a/d".into(), "<z>".into()),
                ("a".into(), String::new()),
            ]
        );
        for bad in ["", "<a>", "<a></b>", "<a>&bogus;</a>", "<a>&amp</a>"] {
            assert!(
                walk(bad, |_, _| {}).is_err() || root_name(bad).is_err(),
                "{bad}"
            );
        }
        assert_eq!(root_name("<?xml version=\"1.0\"?><Root/>"), Ok("Root"));
    }
}
