//! Pretty JSON written piece by piece, byte for byte as `serde_json::to_vec_pretty` prints
//! the whole document, so a large export never exists as one `Value` tree in memory.

use serde_json::Value;

use crate::write::Sink;

const INDENT: &[u8] = b"  ";

fn indent(out: &mut Vec<u8>, depth: usize) {
    for _ in 0..depth {
        out.extend_from_slice(INDENT);
    }
}

/// Appends `value` pretty-printed as it would appear `depth` levels deep: every line after
/// the first is indented (JSON strings never hold a raw line break, so this is exact).
pub(crate) fn push_value(out: &mut Vec<u8>, value: &Value, depth: usize) {
    let text = serde_json::to_vec_pretty(value).expect("JSON values serialise");
    if depth == 0 {
        out.extend_from_slice(&text);
        return;
    }
    for (i, line) in text.split(|&b| b == b'\n').enumerate() {
        if i > 0 {
            out.push(b'\n');
            indent(out, depth);
        }
        out.extend_from_slice(line);
    }
}

/// `value` as [`push_value`] appends it `depth` levels deep.
pub(crate) fn printed(value: &Value, depth: usize) -> Vec<u8> {
    let mut out = Vec::new();
    push_value(&mut out, value, depth);
    out
}

/// What an object and an array share: the opening bracket, a comma and a new indented line
/// before each member, and the closing bracket on its own line unless empty.
struct Members<'a, 's> {
    out: &'a mut Sink<'s>,
    depth: usize,
    empty: bool,
    close: u8,
}

impl<'a, 's> Members<'a, 's> {
    fn new(out: &'a mut Sink<'s>, depth: usize, open: u8, close: u8) -> Self {
        out.push(open);
        Members {
            out,
            depth,
            empty: true,
            close,
        }
    }

    /// Starts the next member's line (the bytes so far may go on to the file first).
    fn next(&mut self) {
        self.out.spill_if_full();
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        indent(self.out, self.depth + 1);
    }

    fn finish(self) {
        if !self.empty {
            self.out.push(b'\n');
            indent(self.out, self.depth);
        }
        self.out.push(self.close);
    }
}

/// An object whose members are written in order; the caller gives keys in the order
/// `serde_json` would (sorted: its maps are `BTreeMap`s).
pub(crate) struct Object<'a, 's>(Members<'a, 's>);

impl<'a, 's> Object<'a, 's> {
    pub(crate) fn new(out: &'a mut Sink<'s>, depth: usize) -> Self {
        Object(Members::new(out, depth, b'{', b'}'))
    }

    fn key(&mut self, key: &str) {
        self.0.next();
        self.0.out.extend_from_slice(
            serde_json::to_string(key)
                .expect("a key serialises")
                .as_bytes(),
        );
        self.0.out.extend_from_slice(b": ");
    }

    pub(crate) fn value(&mut self, key: &str, value: &Value) {
        self.key(key);
        push_value(self.0.out, value, self.0.depth + 1);
    }

    /// A member whose value is an array written element by element.
    pub(crate) fn array(&mut self, key: &str) -> Array<'_, 's> {
        self.key(key);
        Array::new(self.0.out, self.0.depth + 1)
    }

    pub(crate) fn finish(self) {
        self.0.finish();
    }
}

/// An array written element by element.
pub(crate) struct Array<'a, 's>(Members<'a, 's>);

impl<'a, 's> Array<'a, 's> {
    pub(crate) fn new(out: &'a mut Sink<'s>, depth: usize) -> Self {
        Array(Members::new(out, depth, b'[', b']'))
    }

    pub(crate) fn push(&mut self, value: &Value) {
        self.0.next();
        push_value(self.0.out, value, self.0.depth + 1);
    }

    /// An element printed beforehand (on any thread) by [`printed`] at
    /// [`Array::element_depth`].
    pub(crate) fn push_printed(&mut self, printed: &[u8]) {
        self.0.next();
        self.0.out.extend_from_slice(printed);
    }

    /// How deep this array's elements are.
    pub(crate) fn element_depth(&self) -> usize {
        self.0.depth + 1
    }

    pub(crate) fn finish(self) {
        self.0.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn streamed_output_is_what_serde_json_prints() {
        let records = vec![
            json!({"id": "a", "list": [1, 2, {"x": "line\nbreak"}], "empty": [], "none": {}}),
            json!({"id": "b", "nested": {"deep": [[], [[]], {"k": null}]}}),
        ];
        let whole = json!({"$schema": "s", "items": records, "none": [], "title": "T"});
        let mut pieces = Vec::new();
        let mut spill = |b: &[u8]| pieces.push(b.to_vec());
        let mut out = Sink::new(Some(&mut spill));
        let mut o = Object::new(&mut out, 0);
        o.value("$schema", &json!("s"));
        let mut a = o.array("items");
        for r in &records {
            a.push(r);
        }
        a.finish();
        o.array("none").finish();
        o.value("title", &json!("T"));
        o.finish();
        out.finish();
        assert_eq!(
            String::from_utf8(pieces.concat()).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
    }
}
