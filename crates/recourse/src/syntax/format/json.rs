//! Inline JSON (`given claim { ... }`), re-read from the source: the AST keeps values, not the
//! member order and number text the author wrote.

use super::expressions::quote;
use super::*;

/// A JSON value as the source writes it: members in their order, numbers with their text.
/// (`serde_json::Value` sorts object keys and reads numbers as `f64`, so `1.50` would print as
/// `1.5`; it is only the fallback.)
pub(super) enum Json {
    /// A number, `true`, `false` or `null`, as written.
    Raw(String),
    /// A string, unescaped.
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub(super) fn from_value(v: &serde_json::Value) -> Json {
        use serde_json::Value;
        match v {
            Value::Null => Json::Raw("null".to_string()),
            Value::Bool(b) => Json::Raw(b.to_string()),
            Value::Number(n) => Json::Raw(json_number(n)),
            Value::String(s) => Json::Str(s.clone()),
            Value::Array(xs) => Json::Array(xs.iter().map(Json::from_value).collect()),
            Value::Object(map) => Json::Object(map.iter().map(|(k, x)| (k.clone(), Json::from_value(x))).collect()),
        }
    }

    /// The JSON value that is exactly `src[start..end]` (comments and whitespace around tokens
    /// allowed), or the fallback.
    pub(super) fn read(src: &str, start: usize, end: usize, fallback: &serde_json::Value) -> Json {
        let mut reader = JsonReader { text: src.get(..end).unwrap_or(""), i: start };
        match reader.value(0) {
            Some(v) if skip_trivia(reader.text, reader.i) >= end => v,
            _ => Json::from_value(fallback),
        }
    }

    pub(super) fn compact(&self, out: &mut String) {
        match self {
            Json::Raw(r) => out.push_str(r),
            Json::Str(s) => out.push_str(&quote(s)),
            Json::Array(xs) => {
                out.push('[');
                for (i, x) in xs.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    x.compact(out);
                }
                out.push(']');
            }
            Json::Object(members) if members.is_empty() => out.push_str("{}"),
            Json::Object(members) => {
                out.push_str("{ ");
                for (i, (k, x)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&quote(k));
                    out.push_str(": ");
                    x.compact(out);
                }
                out.push_str(" }");
            }
        }
    }

    /// On one line when it fits in `WIDTH` columns from `column`, else one member or element
    /// per line. `rel` is the indentation of the value's first line relative to the item, `base`
    /// the item's own indentation.
    pub(super) fn layout(&self, rel: usize, column: usize, base: usize) -> String {
        let mut compact = String::new();
        self.compact(&mut compact);
        if column.saturating_add(compact.chars().count()) <= WIDTH {
            return compact;
        }
        let inner = rel.saturating_add(2);
        let inner_col = base.saturating_add(inner);
        let pad = " ".repeat(inner);
        let (open, close, members): (char, char, Vec<String>) = match self {
            Json::Array(xs) if !xs.is_empty() => {
                ('[', ']', xs.iter().map(|x| format!("{pad}{}", x.layout(inner, inner_col, base))).collect())
            }
            Json::Object(members) if !members.is_empty() => (
                '{',
                '}',
                members
                    .iter()
                    .map(|(k, x)| {
                        let key = format!("{}: ", quote(k));
                        let col = inner_col.saturating_add(key.chars().count());
                        format!("{pad}{key}{}", x.layout(inner, col, base))
                    })
                    .collect(),
            ),
            _ => return compact,
        };
        format!("{open}\n{}\n{}{close}", members.join(",\n"), " ".repeat(rel))
    }
}

/// Reads the grammar's JSON subset back from the source text.
pub(super) struct JsonReader<'a> {
    text: &'a str,
    i: usize,
}

impl JsonReader<'_> {
    pub(super) fn peek(&mut self) -> Option<u8> {
        self.i = skip_trivia(self.text, self.i);
        self.text.as_bytes().get(self.i).copied()
    }

    pub(super) fn bump(&mut self) {
        self.i = self.i.saturating_add(1);
    }

    pub(super) fn string(&mut self) -> Option<String> {
        if self.peek()? != b'"' {
            return None;
        }
        let end = skip_string(self.text.as_bytes(), self.i);
        let raw = self.text.get(self.i.saturating_add(1)..end.saturating_sub(1))?;
        if end <= self.i.saturating_add(1) || self.text.as_bytes().get(end.saturating_sub(1)) != Some(&b'"') {
            return None;
        }
        self.i = end;
        Some(unescape(raw))
    }

    pub(super) fn value(&mut self, depth: usize) -> Option<Json> {
        if depth > 64 {
            return None;
        }
        match self.peek()? {
            b'{' => {
                self.bump();
                let mut members = Vec::new();
                if self.peek()? == b'}' {
                    self.bump();
                    return Some(Json::Object(members));
                }
                loop {
                    let key = self.string()?;
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.bump();
                    members.push((key, self.value(depth.saturating_add(1))?));
                    match self.peek()? {
                        b',' => self.bump(),
                        b'}' => {
                            self.bump();
                            return Some(Json::Object(members));
                        }
                        _ => return None,
                    }
                }
            }
            b'[' => {
                self.bump();
                let mut items = Vec::new();
                if self.peek()? == b']' {
                    self.bump();
                    return Some(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth.saturating_add(1))?);
                    match self.peek()? {
                        b',' => self.bump(),
                        b']' => {
                            self.bump();
                            return Some(Json::Array(items));
                        }
                        _ => return None,
                    }
                }
            }
            b'"' => self.string().map(Json::Str),
            _ => {
                let start = self.i;
                let b = self.text.as_bytes();
                while let Some(&c) = b.get(self.i) {
                    if c.is_ascii_whitespace() || b"{}[],:\"#".contains(&c) {
                        break;
                    }
                    self.bump();
                }
                let raw = self.text.get(start..self.i)?;
                if raw.is_empty() { None } else { Some(Json::Raw(raw.to_string())) }
            }
        }
    }
}

/// The text of a string literal, unescaped as the grammar reads it.
pub(super) fn unescape(s: &str) -> String {
    crate::syntax::parse::unescape(s)
}

/// A JSON number as the grammar reads it: without an exponent (`1e+20` -> `100000000000000000000.0`,
/// kept a float so that it reads back as the same `serde_json` number).
pub(super) fn json_number(n: &serde_json::Number) -> String {
    let s = n.to_string();
    if s.contains(['e', 'E']) { expand_exponent(&s).unwrap_or(s) } else { s }
}

pub(super) fn expand_exponent(s: &str) -> Option<String> {
    let (sign, body) = match s.strip_prefix('-') {
        Some(b) => ("-", b),
        None => ("", s),
    };
    let (mantissa, exp) = body.split_once(['e', 'E'])?;
    let exp: i64 = exp.parse().ok()?;
    if exp.unsigned_abs() > 4096 {
        return None;
    }
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{int}{frac}");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let len = i64::try_from(digits.len()).ok()?;
    let point = i64::try_from(int.len()).ok()?.checked_add(exp)?;
    let (ip, fp) = if point <= 0 {
        (String::new(), format!("{}{digits}", "0".repeat(usize::try_from(point.checked_neg()?).ok()?)))
    } else if point >= len {
        (format!("{digits}{}", "0".repeat(usize::try_from(point.checked_sub(len)?).ok()?)), String::new())
    } else {
        let at = usize::try_from(point).ok()?;
        (digits.get(..at)?.to_string(), digits.get(at..)?.to_string())
    };
    let ip = ip.trim_start_matches('0');
    let fp = fp.trim_end_matches('0');
    Some(format!("{sign}{}.{}", if ip.is_empty() { "0" } else { ip }, if fp.is_empty() { "0" } else { fp }))
}
