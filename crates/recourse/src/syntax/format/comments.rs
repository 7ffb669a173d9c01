//! Comment attachment: each comment the lexical scan finds goes to the item it belongs to.

use super::*;

/// Every comment of the source, in order. `#` inside strings does not start a comment.
pub(super) fn scan_comments(src: &str) -> Vec<Comment> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut line_has_code = false;
    let mut i = 0usize;
    while let Some(&c) = b.get(i) {
        match c {
            b'"' => {
                line_has_code = true;
                i = skip_string(b, i);
            }
            b'#' => {
                let end = skip_comment(b, i);
                let text = src.get(i..end).unwrap_or("#").trim_end().to_string();
                out.push(Comment { pos: i, text, trailing: line_has_code, blank_after: blank_line_after(b, end) });
                i = end;
            }
            b'\n' => {
                line_has_code = false;
                i = i.saturating_add(1);
            }
            b' ' | b'\t' | b'\r' => i = i.saturating_add(1),
            _ => {
                line_has_code = true;
                i = i.saturating_add(1);
            }
        }
    }
    out
}

/// Whether the line after the newline at `nl` is blank.
pub(super) fn blank_line_after(b: &[u8], nl: usize) -> bool {
    let mut j = nl.saturating_add(1);
    while let Some(&c) = b.get(j) {
        match c {
            b' ' | b'\t' | b'\r' => j = j.saturating_add(1),
            b'\n' => return nl < b.len(),
            _ => return false,
        }
    }
    false
}

pub(super) struct Piece {
    /// Where the item's text starts: the first token after the previous piece, so that keywords
    /// the AST does not span (`when`, `currency`, `then`, `,`) belong to the item they start.
    ext: usize,
    end: usize,
    item: usize,
}

pub(super) fn attach(block: &mut Block, comments: Vec<Comment>, src: &str) {
    if comments.is_empty() {
        return;
    }
    let mut spans: Vec<(usize, usize, usize)> = block
        .items
        .iter()
        .enumerate()
        .flat_map(|(i, it)| it.pieces.iter().map(move |p| (p.start, trim_trivia_end(src, p.start, p.end), i)))
        .collect();
    crate::sort::sort_dedup(&mut spans);
    let mut prev = block.region.map(|(open, _)| open.saturating_add(1)).unwrap_or(0);
    let pieces: Vec<Piece> = spans
        .into_iter()
        .map(|(start, end, item)| {
            let ext = skip_trivia(src, prev).min(start);
            prev = prev.max(end);
            Piece { ext, end, item }
        })
        .collect();

    let mut nested: Vec<Vec<Comment>> = block.items.iter().map(|_| Vec::new()).collect();
    for c in comments {
        let p = c.pos;
        let k = pieces.partition_point(|pc| pc.ext <= p);
        let before = k.checked_sub(1).and_then(|j| pieces.get(j));
        if let Some(pc) = before.filter(|pc| p < pc.end) {
            let inner = block.items.get(pc.item).and_then(|it| it.block.as_ref()).is_some_and(|b| b.inner_contains(p));
            if inner {
                if let Some(v) = nested.get_mut(pc.item) {
                    v.push(c);
                }
            } else if let Some(it) = block.items.get_mut(pc.item) {
                it.leading.push(c);
            }
            continue;
        }
        if c.trailing {
            if let Some(it) = before.and_then(|pc| block.items.get_mut(pc.item)) {
                // One trailing comment per printed line: a line merged from several source
                // items (`weekend`, `aql`) leads with the others.
                if it.trailing.is_empty() {
                    it.trailing.push(c.text);
                } else {
                    it.leading.push(c);
                }
                continue;
            }
            if block.region.is_some() {
                block.opener_trailing.push(c.text);
                continue;
            }
        }
        match pieces.get(k).and_then(|pc| block.items.get_mut(pc.item)) {
            Some(it) => it.leading.push(c),
            None => block.end.push(c),
        }
    }
    for (item, cs) in block.items.iter_mut().zip(nested) {
        if let Some(b) = item.block.as_mut() {
            attach(b, cs, src);
        } else {
            // Not reachable by construction (only block items receive nested comments); never
            // drop a comment all the same.
            item.leading.extend(cs);
        }
    }
}
