//! A .fet file as a tree of elements: FET's format is plain nested elements with text, no
//! attributes that matter, so reading it whole keeps the readers of each part simple.

use quick_xml::events::Event;

#[derive(Debug, Default)]
pub struct Node {
    pub name: String,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The trimmed text of the first child of that name, if there is one.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }

    /// The trimmed texts of every child of that name.
    pub fn texts<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.all(name).map(|c| c.text.trim())
    }
}

/// FET nests its elements five deep; a tree far deeper is not FET and would take the stack
/// when it is dropped.
const MAX_DEPTH: usize = 64;

/// Reads the whole document; the root element is returned. Errors are quick-xml's, as text.
pub fn parse(text: &str) -> Result<Node, String> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("{e} (позиция {})", reader.error_position()))?;
        match event {
            Event::Start(_) if stack.len() > MAX_DEPTH => {
                return Err(format!("элементы вложены глубже {MAX_DEPTH} уровней"));
            }
            Event::Start(e) => stack.push(Node {
                name: e.name().as_ref().to_string(),
                ..Node::default()
            }),
            Event::Empty(e) => {
                let node = Node {
                    name: e.name().as_ref().to_string(),
                    ..Node::default()
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::End(_) => {
                let node = stack.pop().ok_or("лишний закрывающий тег")?;
                match stack.last_mut() {
                    Some(top) => top.children.push(node),
                    None => return Err("лишний закрывающий тег".into()),
                }
            }
            Event::Text(t) => push_text(&mut stack, &t.xml10_content()),
            Event::CData(t) => push_text(&mut stack, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let named = r.xml10_content();
                let ch = match r.resolve_char_ref() {
                    Ok(Some(ch)) => ch.to_string(),
                    _ => match named.as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        other => format!("&{other};"),
                    },
                };
                push_text(&mut stack, &ch);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().unwrap_or_default();
    if !stack.is_empty() {
        return Err("файл оборван: не все элементы закрыты".into());
    }
    root.children
        .pop()
        .ok_or_else(|| "в файле нет элементов".into())
}

fn push_text(stack: &mut [Node], text: &str) {
    if let Some(top) = stack.last_mut() {
        top.text.push_str(text);
    }
}

/// Text made safe inside an XML element.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_texts_and_references() {
        let root = parse("<?xml version=\"1.0\"?>\n<fet><A>x &amp; y&#33;</A><B/><A> z </A></fet>")
            .unwrap();
        assert_eq!(root.name, "fet");
        assert_eq!(root.get("A"), Some("x & y!"));
        assert_eq!(root.texts("A").collect::<Vec<_>>(), ["x & y!", "z"]);
        assert!(root.child("B").is_some());
        assert!(parse("<fet><A></fet>").is_err());
    }
}
