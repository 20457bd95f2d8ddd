//! Pretty JSON written piece by piece, byte for byte as `serde_json::to_vec_pretty` prints
//! the whole document, so a large export never exists as one `Value` tree in memory.

use serde_json::Value;

const INDENT: &[u8] = b"  ";

fn indent(out: &mut Vec<u8>, depth: usize) {
    for _ in 0..depth {
        out.extend_from_slice(INDENT);
    }
}

/// Appends `value` pretty-printed as it would appear `depth` levels deep: every line after
/// the first is indented (JSON strings never hold a raw line break, so this is exact).
pub fn push_value(out: &mut Vec<u8>, value: &Value, depth: usize) {
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

/// An object whose members are written in order; the caller gives keys in the order
/// `serde_json` would (sorted: its maps are `BTreeMap`s).
pub struct Object<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    empty: bool,
}

impl<'a> Object<'a> {
    pub fn new(out: &'a mut Vec<u8>, depth: usize) -> Self {
        out.push(b'{');
        Object {
            out,
            depth,
            empty: true,
        }
    }

    fn key(&mut self, key: &str) {
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        indent(self.out, self.depth + 1);
        self.out.extend_from_slice(
            serde_json::to_string(key)
                .expect("a key serialises")
                .as_bytes(),
        );
        self.out.extend_from_slice(b": ");
    }

    pub fn value(&mut self, key: &str, value: &Value) {
        self.key(key);
        push_value(self.out, value, self.depth + 1);
    }

    /// A member whose value is an array written element by element.
    pub fn array(&mut self, key: &str) -> Array<'_> {
        self.key(key);
        Array::new(self.out, self.depth + 1)
    }

    pub fn finish(self) {
        if !self.empty {
            self.out.push(b'\n');
            indent(self.out, self.depth);
        }
        self.out.push(b'}');
    }
}

/// An array written element by element.
pub struct Array<'a> {
    out: &'a mut Vec<u8>,
    depth: usize,
    empty: bool,
}

impl<'a> Array<'a> {
    pub fn new(out: &'a mut Vec<u8>, depth: usize) -> Self {
        out.push(b'[');
        Array {
            out,
            depth,
            empty: true,
        }
    }

    pub fn push(&mut self, value: &Value) {
        self.out
            .extend_from_slice(if self.empty { b"\n" } else { b",\n" });
        self.empty = false;
        indent(self.out, self.depth + 1);
        push_value(self.out, value, self.depth + 1);
    }

    pub fn finish(self) {
        if !self.empty {
            self.out.push(b'\n');
            indent(self.out, self.depth);
        }
        self.out.push(b']');
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
        let mut out = Vec::new();
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
        assert_eq!(
            String::from_utf8(out).unwrap(),
            serde_json::to_string_pretty(&whole).unwrap()
        );
    }
}
