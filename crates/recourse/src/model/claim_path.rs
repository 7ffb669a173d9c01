//! Paths into a claim's JSON (`order.unit_price`, `inspection.found[0].count`): how the embedded
//! examples' overrides and the CLI's sweep set one field.

use serde_json::Value as J;

/// Set `a.b[0].c` in a JSON value, creating objects on the way.
pub fn set_path(root: &mut J, path: &str, value: J) -> Result<(), String> {
    let mut steps: Vec<Result<String, usize>> = Vec::new();
    for part in path.split('.') {
        let (key, rest) = match part.find('[') {
            Some(i) => (part.get(..i).unwrap_or(""), part.get(i..).unwrap_or("")),
            None => (part, ""),
        };
        if !key.is_empty() {
            steps.push(Ok(key.to_string()));
        }
        for idx in rest.split('[').filter(|s| !s.is_empty()) {
            let n: usize = idx.trim_end_matches(']').parse().map_err(|_| format!("`{idx}` is not an index"))?;
            steps.push(Err(n));
        }
    }
    let mut cur = root;
    for step in steps {
        cur = match step {
            Ok(key) => {
                if cur.is_null() {
                    *cur = J::Object(serde_json::Map::new());
                }
                let J::Object(map) = cur else { return Err(format!("`{key}` is inside a value that is not an object")) };
                map.entry(key).or_insert(J::Null)
            }
            Err(n) => {
                let J::Array(items) = cur else { return Err(format!("[{n}] is inside a value that is not a list")) };
                let len = items.len();
                items.get_mut(n).ok_or_else(|| format!("index {n} is beyond the list's {len} items"))?
            }
        };
    }
    *cur = value;
    Ok(())
}
