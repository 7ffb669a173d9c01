//! Lexical scanning the grammar leaves silent: strings, comments and blank space, shared by the
//! nesting scan (`limits`) and the formatter, which re-reads the source around the AST.

/// The index after a string that opens at `i` (strings end at a newline too). Shared with the
/// nesting scan of `limits`.
pub(crate) fn skip_string(b: &[u8], i: usize) -> usize {
    let mut j = i.saturating_add(1);
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j = j.saturating_add(2),
            b'"' => return j.saturating_add(1),
            b'\n' => return j,
            _ => j = j.saturating_add(1),
        }
    }
    j.min(b.len())
}

/// The index of the newline ending a comment that starts at `i` (or the end of the source).
pub(crate) fn skip_comment(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while let Some(&c) = b.get(j) {
        if c == b'\n' {
            return j;
        }
        j = j.saturating_add(1);
    }
    b.len()
}

/// The first offset at or after `i` that is neither whitespace nor inside a comment.
pub(crate) fn skip_trivia(src: &str, i: usize) -> usize {
    let b = src.as_bytes();
    let mut j = i;
    while let Some(&c) = b.get(j) {
        match c {
            b' ' | b'\t' | b'\r' | b'\n' => j = j.saturating_add(1),
            b'#' => j = skip_comment(b, j),
            _ => return j,
        }
    }
    b.len().min(j)
}

/// The first `{` in `from..to` outside strings and comments.
pub(crate) fn find_open(src: &str, from: usize, to: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut i = from;
    while i < to {
        match b.get(i)? {
            b'"' => i = skip_string(b, i),
            b'#' => i = skip_comment(b, i),
            b'{' => return Some(i),
            _ => i = i.saturating_add(1),
        }
    }
    None
}

/// The `}` matching the `{` at `open`.
pub(crate) fn find_close(src: &str, open: usize) -> Option<usize> {
    let b = src.as_bytes();
    let mut depth = 0usize;
    let mut i = open;
    loop {
        match b.get(i)? {
            b'"' => i = skip_string(b, i),
            b'#' => i = skip_comment(b, i),
            b'{' => {
                depth = depth.saturating_add(1);
                i = i.saturating_add(1);
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
                i = i.saturating_add(1);
            }
            _ => i = i.saturating_add(1),
        }
    }
}

/// The end of the last token in `start..end`: a node's span can end with the whitespace and
/// comments that pest skipped before an optional part that did not match.
pub(crate) fn trim_trivia_end(src: &str, start: usize, end: usize) -> usize {
    let b = src.as_bytes();
    let mut i = start;
    let mut last = start;
    while i < end {
        match b.get(i) {
            None => break,
            Some(b'"') => {
                i = skip_string(b, i);
                last = i;
            }
            Some(b'#') => i = skip_comment(b, i),
            Some(c) if c.is_ascii_whitespace() => i = i.saturating_add(1),
            Some(_) => {
                i = i.saturating_add(1);
                last = i;
            }
        }
    }
    last.min(end)
}

pub(crate) fn block_region(src: &str, from: usize, to: usize) -> Option<(usize, usize)> {
    let open = find_open(src, from, to)?;
    let close = find_close(src, open)?;
    Some((open, close))
}
