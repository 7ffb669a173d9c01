//! Character-level tools for finding identifiers in free text: case- and accent-insensitive
//! literal matching (with an index, so a text is scanned once whatever the number of customers)
//! and hand-written scanners for e-mail addresses, phone numbers and shop order IDs. No regex:
//! the scanners are a few hundred bytes of wasm instead of a regex engine.
//!
//! Positions are char indices into [`Text::chars`].

use std::collections::BTreeMap;

/// Scripts written without spaces between words (Chinese, Japanese, Korean, Thai, Lao, Khmer,
/// Myanmar): a name or a number there touches other characters, so these chars never make a word
/// boundary and literals in them match anywhere.
pub(crate) fn is_dense(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1100..=0x11FF // Hangul jamo
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3130..=0x318F // Hangul compatibility jamo
        | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF
        | 0xFF66..=0xFF9F // half-width Katakana
        | 0x20000..=0x3FFFF)
}

/// A char of a word in a spaced script: a letter or digit that is not [`is_dense`].
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_dense(c)
}

/// Chars a text scan looks through: combining marks (a decomposed accent, "e\u{301}") and
/// invisible format chars (zero-width space and joiners, soft hyphen, BOM).
fn is_ignorable(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x00AD | 0x200B..=0x200F | 0x2060..=0x2064 | 0xFEFF | 0x180E)
}

/// The zero of each block of decimal digits outside ASCII (Arabic-Indic, Devanagari, Thai, ...).
const DIGIT_ZEROS: [u32; 22] = [
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040,
    0x1090, 0x17E0, 0x1810, 0x19D0, 0xFF10,
];

/// What a scan sees of a char: full-width forms as ASCII ("＋４９" = "+49"), any decimal digit as
/// its ASCII digit, other numeric chars (superscripts, circled digits) as `0`.
pub(crate) fn view(c: char) -> char {
    let u = c as u32;
    if (0xFF01..=0xFF5E).contains(&u) {
        return char::from_u32(u - 0xFEE0).unwrap_or(c);
    }
    if c.is_ascii() || !c.is_numeric() {
        return c;
    }
    for z in DIGIT_ZEROS {
        if (z..z + 10).contains(&u) {
            return char::from_digit(u - z, 10).unwrap_or('0');
        }
    }
    '0'
}

/// Lower case without accents, one char for one char, so positions stay aligned. Transliterated
/// spellings ("Mueller" for "Müller", "Strasse" for "Straße") are matched through
/// [`spellings`] of the literal, not here.
pub(crate) fn fold(c: char) -> char {
    let c = view(c);
    let l = c.to_lowercase().next().unwrap_or(c);
    match l {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'æ' => 'a',
        'ç' | 'ć' | 'ĉ' | 'č' => 'c',
        'ď' | 'đ' | 'ð' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ķ' => 'k',
        'ł' | 'ľ' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'œ' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' | 'ß' => 's',
        'ť' | 'ţ' | 'ț' | 'þ' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => l,
    }
}

pub(crate) fn fold_str(s: &str) -> String {
    s.chars().filter(|&c| !is_ignorable(c)).map(fold).collect()
}

/// The spellings of a literal a text may use for it, folded: accents dropped ("muller"), German
/// and Nordic transliteration ("mueller", "strasse", "noerrebrogade", "aalborg"), and the
/// transliteration undone ("Mueller" also as "muller").
pub(crate) fn spellings(s: &str) -> Vec<String> {
    let base = fold_str(s);
    let mut translit = String::with_capacity(s.len() + 4);
    for c in s.chars().filter(|&c| !is_ignorable(c)) {
        let l = view(c).to_lowercase().next().unwrap_or(c);
        match l {
            'ä' | 'æ' => translit.push_str("ae"),
            'ö' | 'ø' | 'œ' => translit.push_str("oe"),
            'ü' => translit.push_str("ue"),
            'ß' => translit.push_str("ss"),
            'å' => translit.push_str("aa"),
            _ => translit.push(fold(l)),
        }
    }
    // NFD: "u\u{308}" is "ü".
    let mut undone = String::with_capacity(base.len());
    let mut it = base.chars().peekable();
    while let Some(c) = it.next() {
        undone.push(c);
        let next = it.peek().copied();
        let pair = matches!((c, next), ('a' | 'o' | 'u', Some('e')) | ('s', Some('s')) | ('a', Some('a')));
        if pair {
            it.next();
        }
    }
    let mut out = vec![base];
    for v in [translit, undone] {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    out
}

/// Folded alphanumeric words of `s`, joined by one space: the key two spellings of the same
/// name or address share ("12 Rua Augusta, Lisboa" = "12 rua augusta lisboa").
pub(crate) fn norm_words(s: &str) -> String {
    let folded = fold_str(s);
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Folded alphanumeric characters only: "SHOP-100234" = "shop 100234" = "shop100234".
pub(crate) fn alnum_key(s: &str) -> String {
    fold_str(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

pub(crate) fn digits(s: &str) -> String {
    s.chars().map(view).filter(char::is_ascii_digit).collect()
}

/// A text to scan: its chars as [`view`] gives them (ignorable chars left out) and their folded
/// forms, index for index, with the byte offset in the source of each.
pub(crate) struct Text<'a> {
    src: &'a str,
    pub chars: Vec<char>,
    pub folded: Vec<char>,
    /// Byte offset in `src` where char `i` starts (an ignorable char belongs to the char before
    /// it); one more entry, `src.len()`.
    offsets: Vec<usize>,
}

impl<'a> Text<'a> {
    pub fn new(s: &'a str) -> Text<'a> {
        let mut chars = Vec::with_capacity(s.len());
        let mut offsets = Vec::with_capacity(s.len() + 1);
        for (i, c) in s.char_indices() {
            if is_ignorable(c) {
                continue;
            }
            offsets.push(if chars.is_empty() { 0 } else { i });
            chars.push(view(c));
        }
        offsets.push(s.len());
        let folded = chars.iter().map(|&c| fold(c)).collect();
        Text { src: s, chars, folded, offsets }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The char at `i`, or NUL past either end.
    pub fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    pub fn folded_at(&self, i: usize) -> char {
        self.folded.get(i).copied().unwrap_or('\0')
    }

    /// The char before `i` (NUL at the start).
    pub fn before(&self, i: usize) -> char {
        i.checked_sub(1).map_or('\0', |j| self.at(j))
    }

    pub fn slice(&self, from: usize, to: usize) -> &[char] {
        self.chars.get(from..to).unwrap_or(&[])
    }

    pub fn string(&self, from: usize, to: usize) -> String {
        self.slice(from, to).iter().collect()
    }

    /// The source text of chars `from..to`, as written (accents, digits and widths unchanged).
    pub fn source(&self, from: usize, to: usize) -> &'a str {
        let a = self.offsets.get(from).copied().unwrap_or(self.src.len());
        let b = self.offsets.get(to).copied().unwrap_or(self.src.len());
        self.src.get(a..b.max(a)).unwrap_or("")
    }

    /// Byte offset in the source of char `i`.
    pub fn offset(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(self.src.len())
    }

    /// Every maximal word run (`true`), and every maximal run of digits or of letters inside one
    /// that is not all of it (`false`): "tel351912345678" offers the word, "tel" and
    /// "351912345678"; "anna1985" offers "anna".
    fn runs(&self) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        let mut i = 0;
        let n = self.len();
        while i < n {
            if !is_word_char(self.folded_at(i)) {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && is_word_char(self.folded_at(i)) {
                i += 1;
            }
            out.push((start, i, true));
            let mut j = start;
            while j < i {
                let digit = self.folded_at(j).is_ascii_digit();
                let ds = j;
                while j < i && self.folded_at(j).is_ascii_digit() == digit {
                    j += 1;
                }
                if (ds, j) != (start, i) {
                    out.push((ds, j, false));
                }
            }
        }
        out
    }
}

/// Chars covered by any of a set of ranges, answered in constant time.
pub(crate) struct Coverage {
    /// `next[i]`: the first covered char at or after `i` (`len` when none).
    next: Vec<usize>,
}

impl Coverage {
    pub fn new(len: usize, ranges: impl Iterator<Item = (usize, usize)>) -> Coverage {
        let mut depth = vec![0i64; len + 1];
        for (a, b) in ranges {
            let (a, b) = (a.min(len), b.min(len));
            if a < b {
                if let Some(d) = depth.get_mut(a) {
                    *d += 1;
                }
                if let Some(d) = depth.get_mut(b) {
                    *d -= 1;
                }
            }
        }
        let mut level = 0i64;
        for d in depth.iter_mut() {
            level += *d;
            *d = level;
        }
        let mut next = vec![len; len + 1];
        for i in (0..len).rev() {
            let covered = depth.get(i).is_some_and(|d| *d > 0);
            let after = next.get(i + 1).copied().unwrap_or(len);
            if let Some(slot) = next.get_mut(i) {
                *slot = if covered { i } else { after };
            }
        }
        Coverage { next }
    }

    /// The first covered char in `a..b`.
    pub fn first(&self, a: usize, b: usize) -> Option<usize> {
        self.next.get(a).copied().filter(|&i| i < b)
    }

    /// Is any char of `a..b` covered?
    pub fn any(&self, a: usize, b: usize) -> bool {
        self.first(a, b).is_some()
    }
}

/// Where a literal may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Boundary {
    /// Not inside a word: no letter or digit right before or after.
    Word,
    /// Not inside a number: no digit right before or after (letters may touch: "tel912345678").
    Digit,
}

/// A literal to find: folded words separated by any run of whitespace in the text.
#[derive(Debug, Clone)]
pub(crate) struct Needle {
    words: Vec<Vec<char>>,
    boundary: Boundary,
}

impl Needle {
    /// `None` when nothing alphanumeric is left after trimming punctuation off both ends, or
    /// when it has more than [`MAX_NEEDLE_WORDS`] words (its words are still found one by one).
    pub fn new(s: &str, boundary: Boundary) -> Option<Needle> {
        let trimmed = s.trim_matches(|c: char| !fold(c).is_alphanumeric());
        let words: Vec<Vec<char>> =
            trimmed.split_whitespace().map(|w| w.chars().filter(|&c| !is_ignorable(c)).map(fold).collect()).collect();
        if words.is_empty() || words.len() > MAX_NEEDLE_WORDS {
            return None;
        }
        Some(Needle { words, boundary })
    }

    /// The first char, when it is [`is_dense`]: such a needle is looked up at every dense char.
    fn dense_start(&self) -> Option<char> {
        self.words.first().and_then(|w| w.first()).copied().filter(|&c| is_dense(c))
    }

    /// The index key. Word: the first word run, joined with the second when there is one
    /// ("shop\u{1}100234", so that a thousand order IDs do not share the key "shop"); a match
    /// in a text starts exactly at a maximal run of the text equal to the first, followed by one
    /// equal to the second. Digit: the leading digit run.
    fn key(&self) -> String {
        let joined: String = self.words.iter().map(|w| w.iter().collect::<String>()).collect::<Vec<_>>().join(" ");
        match self.boundary {
            Boundary::Word => {
                let mut runs = joined.split(|c: char| !is_word_char(c)).filter(|r| !r.is_empty());
                match (runs.next(), runs.next()) {
                    (Some(a), Some(b)) => format!("{a}\u{1}{b}"),
                    (Some(a), None) => a.to_string(),
                    _ => String::new(),
                }
            }
            Boundary::Digit => joined.chars().take_while(char::is_ascii_digit).collect(),
        }
    }

    /// The end of a match starting at `i`, if there is one.
    fn match_at(&self, t: &Text, i: usize) -> Option<usize> {
        let mut pos = i;
        for (wi, w) in self.words.iter().enumerate() {
            if wi > 0 {
                let ws = pos;
                while t.folded_at(pos).is_whitespace() {
                    pos += 1;
                }
                if pos == ws {
                    return None;
                }
            }
            for &c in w {
                if t.folded_at(pos) != c {
                    return None;
                }
                pos += 1;
            }
        }
        let (before, after) = (i.checked_sub(1).map_or('\0', |j| t.folded_at(j)), t.folded_at(pos));
        // A word ends where letters give way to digits too ("anna1985", "shop100234").
        let (first, last) = (t.folded_at(i), pos.checked_sub(1).map_or('\0', |j| t.folded_at(j)));
        // A needle's dense end touches nothing ("t王小明ax").
        let touches = |edge: char, c: char| !is_dense(edge) && is_word_char(c) && edge.is_ascii_digit() == c.is_ascii_digit();
        let ok = match self.boundary {
            Boundary::Word => !touches(first, before) && !touches(last, after),
            Boundary::Digit => !before.is_ascii_digit() && !after.is_ascii_digit(),
        };
        ok.then_some(pos)
    }
}

/// The most words a literal matched as a whole has.
const MAX_NEEDLE_WORDS: usize = 16;

/// Literals with a payload, indexed by their first run (or, in a dense script, their first char).
/// The index and the scan are not generic ([`NeedleIndex`]), so the .wasm holds one copy of them
/// whatever the payload types.
#[derive(Debug, Clone)]
pub(crate) struct NeedleSet<P> {
    index: NeedleIndex,
    /// The payload of each needle, by the needle's id in `index`.
    payloads: Vec<P>,
}

impl<P> Default for NeedleSet<P> {
    fn default() -> Self {
        NeedleSet { index: NeedleIndex::default(), payloads: Vec::new() }
    }
}

impl<P> NeedleSet<P> {
    pub fn add(&mut self, needle: Needle, payload: P) {
        if self.index.add(needle) {
            self.payloads.push(payload);
        }
    }

    /// Every match: start, end, payload. One pass over the text: each word run (and each dense
    /// char) is looked up once, and only the needles filed under it are tried.
    pub fn find<'a>(&'a self, t: &Text) -> Vec<(usize, usize, &'a P)> {
        self.index.find(t).into_iter().filter_map(|(a, b, id)| self.payloads.get(id).map(|p| (a, b, p))).collect()
    }
}

/// Needles by id, indexed by their first run or dense char.
#[derive(Debug, Clone, Default)]
pub(crate) struct NeedleIndex {
    needles: Vec<Needle>,
    index: BTreeMap<String, Vec<usize>>,
    /// Sorted by char: a `BTreeMap<char, _>` of its own cost about 2 KB of .wasm for a map that
    /// is only ever looked up by one char.
    dense: Vec<(char, Vec<usize>)>,
}

impl NeedleIndex {
    /// Files the needle under the next id; false (and nothing filed) when it has no key.
    fn add(&mut self, needle: Needle) -> bool {
        let id = self.needles.len();
        if let Some(c) = needle.dense_start() {
            match self.dense.binary_search_by_key(&c, |e| e.0) {
                Ok(i) => {
                    if let Some(e) = self.dense.get_mut(i) {
                        e.1.push(id);
                    }
                }
                Err(i) => self.dense.insert(i, (c, vec![id])),
            }
        } else {
            let key = needle.key();
            if key.is_empty() {
                return false;
            }
            self.index.entry(key).or_default().push(id);
        }
        self.needles.push(needle);
        true
    }

    /// Every match: start, end, needle id, in the order [`NeedleSet::find`] documents.
    fn find(&self, t: &Text) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        if self.needles.is_empty() {
            return out;
        }
        let try_ids = |ids: &[usize], start: usize, out: &mut Vec<(usize, usize, usize)>| {
            for &id in ids {
                if let Some(needle) = self.needles.get(id)
                    && let Some(e) = needle.match_at(t, start)
                {
                    out.push((start, e, id));
                }
            }
        };
        if !self.dense.is_empty() {
            for (i, c) in t.folded.iter().enumerate() {
                if let Some((_, ids)) = self.dense.binary_search_by_key(c, |e| e.0).ok().and_then(|i| self.dense.get(i)) {
                    try_ids(ids, i, &mut out);
                }
            }
        }
        let runs = t.runs();
        let words: Vec<(usize, usize)> = runs.iter().filter(|r| r.2).map(|&(a, b, _)| (a, b)).collect();
        let mut next_word = 0;
        let mut key = String::new();
        for &(start, end, whole) in &runs {
            key.clear();
            key.extend(t.folded.get(start..end).unwrap_or(&[]));
            if let Some(ids) = self.index.get(&key) {
                try_ids(ids, start, &mut out);
            }
            if whole {
                next_word += 1;
                if let Some(&(a, b)) = words.get(next_word) {
                    key.push('\u{1}');
                    key.extend(t.folded.get(a..b).unwrap_or(&[]));
                    if let Some(ids) = self.index.get(&key) {
                        try_ids(ids, start, &mut out);
                    }
                }
            }
        }
        out
    }
}

fn is_local_char(c: char) -> bool {
    is_word_char(c) || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn is_domain_char(c: char) -> bool {
    is_word_char(c) || matches!(c, '.' | '-')
}

/// What an `@` starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum At {
    /// `local@domain`: any domain, with or without a dot (`anna@example` is removed too).
    Email,
    /// `@anna_k`: a social handle (an `@` with no local part before it).
    Handle,
}

/// E-mail addresses (`local@domain`) and social handles (`@name`), by their `@`. Linear: the
/// local part before one `@` and the domain after the previous one are the only chars scanned
/// twice.
pub(crate) fn emails(t: &Text) -> Vec<(usize, usize, At)> {
    let mut out = Vec::new();
    for (p, c) in t.chars.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        let mut s = p;
        while s > 0 && is_local_char(t.before(s)) {
            s -= 1;
        }
        while s < p && matches!(t.at(s), '.' | '\'' | '-' | '+') {
            s += 1;
        }
        let mut e = p + 1;
        while is_domain_char(t.at(e)) || t.at(e) == '_' {
            e += 1;
        }
        while e > p + 1 && matches!(t.before(e), '.' | '-' | '_') {
            e -= 1;
        }
        let named = t.slice(p + 1, e).iter().filter(|c| is_word_char(**c)).count();
        if s < p && e > p + 1 {
            out.push((s, e, At::Email));
        } else if s == p && named >= 2 {
            out.push((p, e, At::Handle));
        }
    }
    out
}

/// What a run of digits is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    /// 7 to 15 digits.
    Phone,
    /// More than 15 digits: longer than any phone number (E.164).
    Long,
    /// 5 or 6 digits: a postal code, a short phone number, somebody's order or account number.
    Short,
    /// A date before 2010: somebody's date of birth, not a date of this claim.
    OldDate,
}

/// A run of digits that is removed: a phone number, a longer or shorter number, an old date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberHit {
    pub start: usize,
    pub end: usize,
    pub digits: String,
    pub kind: NumberKind,
}

/// The fewest digits a phone number has (a local number without area code).
pub(crate) const MIN_PHONE_DIGITS: usize = 7;
const MAX_PHONE_DIGITS: usize = 15;
/// The fewest digits of a number that is removed from free text (postal codes, short account
/// and order numbers); shorter ones (quantities, house numbers) stay unless beside an address.
pub(crate) const MIN_REMOVED_DIGITS: usize = 5;
/// Dates before this year are taken for dates of birth.
const OLD_YEAR: u32 = 2010;

/// The length of a date starting at `i` (2026-03-04, 04/03/2026, 4.3.26) and whether it is
/// before [`OLD_YEAR`], if one does.
pub(crate) fn date_len(t: &Text, i: usize) -> Option<(usize, bool)> {
    let group = |from: usize| -> usize {
        let mut j = from;
        while t.at(j).is_ascii_digit() {
            j += 1;
        }
        j - from
    };
    let g1 = group(i);
    let sep = t.at(i + g1);
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let g2 = group(i + g1 + 1);
    if t.at(i + g1 + 1 + g2) != sep {
        return None;
    }
    let g3 = group(i + g1 + g2 + 2);
    let ymd = g1 == 4 && (1..=2).contains(&g2) && (1..=2).contains(&g3);
    let dmy = (1..=2).contains(&g1) && (1..=2).contains(&g2) && (g3 == 4 || g3 == 2);
    let len = g1 + g2 + g3 + 2;
    // Not a date when the digits go on ("06.12.34.56.78" is a French phone number).
    let goes_on = t.at(i + len).is_ascii_digit() || (t.at(i + len) == sep && t.at(i + len + 1).is_ascii_digit());
    if !(ymd || dmy) || goes_on {
        return None;
    }
    let year_at = if ymd { i } else { i + g1 + g2 + 2 };
    let year_len = if ymd { 4 } else { g3 };
    let year = t.slice(year_at, year_at + year_len).iter().filter_map(|c| c.to_digit(10)).fold(0u32, |y, d| y * 10 + d);
    // Two-digit years: 10 to 29 are this century's, the rest taken for 19xx or 200x.
    let old = if year_len == 2 { !(10..30).contains(&year) } else { year < OLD_YEAR };
    Some((len, old))
}

/// A separator between digit groups: one whitespace char (a line break too), hyphen, dot or
/// slash.
fn is_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '.' | '/')
}

/// Numbers to remove, in any common layout: "+351 912 345 678", "(555) 123-4567",
/// "0049 89 1234567", "+44 (0)20 7946 0958", "089/1234567", "912345678", "28013": digit groups
/// joined by one space, hyphen, dot, slash or parenthesis, with at least
/// [`MIN_REMOVED_DIGITS`] digits; and dates before [`OLD_YEAR`]. Digits of any script count
/// ("٠٩١٢٣٤٥٦٧٨"), and a dense script's letters do not glue ("电话13812345678"). Skipped: digits
/// glued to a word or a code ("L-2026-02-11-A", "CLM-2026-0142", judged as codes elsewhere),
/// recent dates, amounts ("1234567.50", "1.234.567,00", "$1234567").
pub(crate) fn numbers(t: &Text) -> Vec<NumberHit> {
    let mut out = Vec::new();
    let n = t.len();
    let mut i = 0;
    while i < n {
        let c = t.at(i);
        let opens = c.is_ascii_digit() || (matches!(c, '+' | '(') && t.at(i + 1).is_ascii_digit());
        if !opens {
            i += 1;
            continue;
        }
        // Glued to a code (ASCII letters and digits: "L-2026", "tel912345678", judged as codes
        // elsewhere): skip the whole run. Other letters do not glue ("هاتف٠٥٠١٢٣٤٥٦٧").
        let prev = t.before(i);
        let glued = prev.is_ascii_alphanumeric()
            || (matches!(prev, '-' | '_' | '/' | '#') && i >= 2 && t.before(i - 1).is_ascii_alphanumeric())
            || is_currency(prev_nonspace(t, i));
        if glued {
            i += 1;
            while t.at(i).is_ascii_alphanumeric() {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_digit()
            && let Some((len, old)) = date_len(t, i)
        {
            if old {
                let digits = t.slice(i, i + len).iter().filter(|c| c.is_ascii_digit()).collect();
                out.push(NumberHit { start: i, end: i + len, digits, kind: NumberKind::OldDate });
            }
            i += len;
            continue;
        }
        let (end, digits) = phone_run(t, i);
        let next = t.at(end);
        let amount = looks_like_amount(t, i, end) || next == '%';
        if digits.len() >= MIN_REMOVED_DIGITS && !amount {
            let kind = match digits.len() {
                d if d > MAX_PHONE_DIGITS => NumberKind::Long,
                d if d >= MIN_PHONE_DIGITS => NumberKind::Phone,
                _ => NumberKind::Short,
            };
            out.push(NumberHit { start: i, end, digits, kind });
        }
        i = end.max(i + 1);
        // The rest of a number glued to letters after it is not a new number.
        while t.at(i).is_ascii_alphanumeric() {
            i += 1;
        }
    }
    out
}

fn prev_nonspace(t: &Text, i: usize) -> char {
    let mut j = i;
    while j > 0 && t.before(j) == ' ' {
        j -= 1;
    }
    t.before(j)
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '€' | '£' | '¥' | '₹' | '₩' | '₽' | '¢')
}

/// The end of the phone-like run starting at `i` and its digits.
fn phone_run(t: &Text, i: usize) -> (usize, String) {
    let mut j = i;
    let mut digits = String::new();
    let mut open = false;
    if t.at(j) == '+' {
        j += 1;
    }
    let mut end = j;
    loop {
        let paren = t.at(j) == '(' && !open;
        if paren {
            open = true;
            j += 1;
        }
        // A date after a space ends the number ("912 345 678 2026-03-04"); inside a run of the
        // same separators it is part of it ("06.12.34.56.78").
        let after_space = t.before(j).is_whitespace();
        if !t.at(j).is_ascii_digit() || (!digits.is_empty() && after_space && date_len(t, j).is_some()) {
            break;
        }
        let group = j;
        while t.at(j).is_ascii_digit() {
            digits.push(t.at(j));
            j += 1;
        }
        let closed = open && t.at(j) == ')';
        // "+44 (0)20": the trunk zero in parentheses is not dialled from abroad.
        if paren && closed && j == group + 1 && t.at(group) == '0' {
            digits.pop();
        }
        if closed {
            open = false;
            j += 1;
        }
        end = j;
        // One separator char, or " - ", or none after a closing parenthesis; a dot followed by
        // a space ends a sentence, not a group.
        let mut k = j;
        if t.at(k) == ' ' && t.at(k + 1) == '-' && t.at(k + 2) == ' ' {
            k += 3;
        } else if is_sep(t.at(k)) && !(t.at(k) == '.' && t.at(k + 1) == ' ') {
            k += 1;
        } else if !closed {
            break;
        }
        let continues = t.at(k).is_ascii_digit() || (t.at(k) == '(' && !open && t.at(k + 1).is_ascii_digit());
        if !continues {
            break;
        }
        j = k;
    }
    (end, digits)
}

/// "1234567.50", "1 234 567.50", "1.234.567,00": digits with a decimal part of two places.
fn looks_like_amount(t: &Text, start: usize, end: usize) -> bool {
    let run = t.string(start, end);
    if run.contains(['-', '(', '+', '/']) {
        return false;
    }
    // A decimal part inside the run: the last separator is a dot followed by exactly 2 digits,
    // and it is the only dot.
    let dots = run.matches('.').count();
    if dots == 1 && run.rsplit('.').next().is_some_and(|tail| tail.len() == 2 && tail.chars().all(|c| c.is_ascii_digit())) {
        return true;
    }
    // A decimal part right after it: ",00" or ".00" not followed by another digit.
    let sep = t.at(end);
    matches!(sep, ',' | '.') && t.at(end + 1).is_ascii_digit() && t.at(end + 2).is_ascii_digit() && !t.at(end + 3).is_ascii_digit() && {
        // With thousands groups of three ("1.234.567", "1 234 567") or none at all.
        let groups: Vec<&str> = run.split(|c: char| !c.is_ascii_digit()).collect();
        groups.len() == 1 || groups.iter().skip(1).all(|g| g.len() == 3)
    }
}

/// The longest token taken for a shop's order ID.
const MAX_ORDER_ID_CHARS: usize = 40;

/// Shop order IDs: a configured prefix ("SHOP-") at the start of a word and a token with a digit
/// after it; also the prefix's stem with a space, `#` or nothing in between ("shop 100234",
/// "SHOP#100234", "shop100234") when the token has at least three digits and at most
/// [`MAX_ORDER_ID_CHARS`] chars.
pub(crate) fn order_ids(t: &Text, prefixes: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = t.len();
    if prefixes.is_empty() {
        return out;
    }
    // For every position, in one pass each: where its token (word chars, `-`, `_`) ends, the
    // end of the last word char at or before it, and the digits before it; so that each match
    // is judged in constant time ("SHOP-SHOP-SHOP-..." is not scanned again from each "SHOP").
    let is_tok = |c: char| is_word_char(c) || matches!(c, '-' | '_');
    let mut tok_end = vec![n; n + 1];
    for i in (0..n).rev() {
        let next = tok_end.get(i + 1).copied().unwrap_or(n);
        if let Some(slot) = tok_end.get_mut(i) {
            *slot = if is_tok(t.at(i)) { next } else { i };
        }
    }
    let mut word_end = Vec::with_capacity(n + 1);
    let mut digits_before = Vec::with_capacity(n + 1);
    let (mut last, mut count) = (0usize, 0usize);
    word_end.push(0);
    digits_before.push(0);
    for i in 0..n {
        if is_word_char(t.at(i)) {
            last = i + 1;
        }
        if t.at(i).is_ascii_digit() {
            count += 1;
        }
        word_end.push(last);
        digits_before.push(count);
    }
    let at = |v: &Vec<usize>, i: usize| v.get(i).copied().unwrap_or(0);
    for prefix in prefixes {
        // A prefix of punctuation only ("#") has no stem: the token must follow it directly.
        let stem_len = prefix.iter().rposition(|c| c.is_alphanumeric()).map_or(0, |p| p + 1);
        let stem = prefix.get(..stem_len).unwrap_or(&[]);
        for i in 0..n {
            if is_word_char(t.before(i)) && stem_len > 0 {
                continue;
            }
            let starts_with = |p: &[char]| p.iter().enumerate().all(|(k, c)| t.folded_at(i + k) == *c);
            let (from, exact) = if !prefix.is_empty() && starts_with(prefix) {
                (i + prefix.len(), true)
            } else if stem_len > 0 && starts_with(stem) {
                let mut j = i + stem_len;
                if matches!(t.at(j), ' ' | '#' | '-' | '_' | '.') {
                    j += 1;
                    if t.at(j) == '#' {
                        j += 1;
                    }
                }
                if !t.at(j).is_ascii_digit() {
                    continue;
                }
                (j, false)
            } else {
                continue;
            };
            let e = at(&tok_end, from).max(from);
            let e = at(&word_end, e).max(from);
            let nd = at(&digits_before, e).saturating_sub(at(&digits_before, from));
            // An order ID is short: a longer token ("SHOP-SHOP-SHOP-...") is not one, and every
            // match is copied once to look it up, so its length must be bounded.
            if e - from > MAX_ORDER_ID_CHARS {
                continue;
            }
            if (exact && nd >= 1) || (!exact && nd >= 3) {
                out.push((i, e));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phones(s: &str) -> Vec<String> {
        let t = Text::new(s);
        numbers(&t).iter().map(|h| t.string(h.start, h.end)).collect()
    }

    #[test]
    fn phone_layouts() {
        assert_eq!(phones("call me on +351 912 345 678."), ["+351 912 345 678"]);
        assert_eq!(phones("(555) 123-4567 or 0049 89 1234567"), ["(555) 123-4567", "0049 89 1234567"]);
        assert_eq!(phones("+44 (0)20 7946 0958"), ["+44 (0)20 7946 0958"]);
        assert_eq!(phones("089/1234567, 912345678"), ["089/1234567", "912345678"]);
        assert_eq!(phones("+1-555-123-4567"), ["+1-555-123-4567"]);
        assert_eq!(phones("912.345.678"), ["912.345.678"]);
        assert_eq!(phones("07700 900123"), ["07700 900123"]);
        assert_eq!(phones("06.12.34.56.78"), ["06.12.34.56.78"]);
        assert_eq!(phones("call 912 345\n678 today"), ["912 345\n678"]);
    }

    #[test]
    fn not_phones() {
        assert!(phones("lot L-2026-02-11-A, claim CLM-2026-0142, PO-88121").is_empty());
        assert!(phones("on 2026-03-04 and 04/03/2026, 5000 units").is_empty());
        assert!(phones("paid 1234567.50 or EUR 1.234.567,00 or $ 12345678").is_empty());
        assert_eq!(phones("on 2026-03-04 912345678"), ["912345678"]);
        assert_eq!(phones("call 912 345 678. 2 coats"), ["912 345 678"]);
        assert_eq!(phones("912 345 678 2026-03-04"), ["912 345 678"]);
    }

    #[test]
    fn email_bounds() {
        let t = Text::new("mail o'neil.x+tag@mail.example.co.uk. ok; also a@b, x@y.1 and @anna_k. 3 @ 4");
        let found: Vec<(String, At)> = emails(&t).iter().map(|&(s, e, k)| (t.string(s, e), k)).collect();
        let want = [("o'neil.x+tag@mail.example.co.uk", At::Email), ("a@b", At::Email), ("x@y.1", At::Email), ("@anna_k", At::Handle)];
        assert_eq!(found, want.map(|(s, k)| (s.to_string(), k)));
    }

    #[test]
    fn order_forms() {
        let t = Text::new("SHOP-100234, shop 100235, Shop#100236, shop100237, shop 2 days, xSHOP-1");
        let prefixes = vec!["shop-".chars().collect::<Vec<_>>()];
        let found: Vec<String> = order_ids(&t, &prefixes).iter().map(|&(s, e)| t.string(s, e)).collect();
        assert_eq!(found, ["SHOP-100234", "shop 100235", "Shop#100236", "shop100237"]);
    }

    #[test]
    fn needles_match_folded_and_spaced() {
        let mut set = NeedleSet::default();
        set.add(Needle::new("José Lima", Boundary::Word).unwrap(), 1);
        set.add(Needle::new("351912345678", Boundary::Digit).unwrap(), 2);
        let t = Text::new("JOSE  lima, tel351912345678, joselima");
        let found: Vec<(String, i32)> = set.find(&t).iter().map(|&(s, e, p)| (t.string(s, e), *p)).collect();
        assert_eq!(found, [("JOSE  lima".to_string(), 1), ("351912345678".to_string(), 2)]);
    }

    /// The scripts written without spaces, each range by its first and last code point, and the
    /// code point on either side of it (a spaced script, a symbol block or unassigned) that is
    /// not dense: a name there starts a new word. Adjacent ranges share no outside point.
    #[test]
    fn dense_scripts_end_exactly_at_their_blocks() {
        let ranges: [(u32, u32, &str); 13] = [
            (0x0E00, 0x0EFF, "Thai, Lao"),
            (0x1000, 0x109F, "Myanmar"),
            (0x1100, 0x11FF, "Hangul jamo"),
            (0x1780, 0x17FF, "Khmer"),
            (0x3040, 0x30FF, "Hiragana, Katakana"),
            (0x3130, 0x318F, "Hangul compatibility jamo"),
            (0x31F0, 0x31FF, "Katakana phonetic extensions"),
            (0x3400, 0x4DBF, "CJK extension A"),
            (0x4E00, 0x9FFF, "CJK unified ideographs"),
            (0xAC00, 0xD7AF, "Hangul syllables"),
            (0xF900, 0xFAFF, "CJK compatibility ideographs"),
            (0xFF66, 0xFF9F, "half-width Katakana"),
            (0x20000, 0x3FFFF, "CJK extensions B and later"),
        ];
        let dense = |u: u32| char::from_u32(u).is_some_and(is_dense);
        for (first, last, script) in ranges {
            assert!(dense(first) && dense(last), "{script}: U+{first:04X} and U+{last:04X} are dense");
            assert!(!dense(first - 1) && !dense(last + 1), "{script}: U+{:04X} and U+{:04X} are not", first - 1, last + 1);
        }
        // Latin, Cyrillic, Devanagari letters and digits make words; dense letters never do.
        assert!(['a', 'Ж', 'क', '7'].into_iter().all(|c| is_word_char(c) && !is_dense(c)));
        assert!(['ก', '王', '김', 'カ'].into_iter().all(|c| c.is_alphanumeric() && !is_word_char(c)));
    }
}
