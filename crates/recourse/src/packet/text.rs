//! Character-level tools for finding identifiers in free text: case- and accent-insensitive
//! literal matching (with an index, so a text is scanned once whatever the number of customers)
//! and hand-written scanners for e-mail addresses, phone numbers and shop order IDs. No regex:
//! the scanners are a few hundred bytes of wasm instead of a regex engine.
//!
//! Positions are char indices into [`Text::chars`].

use std::collections::BTreeMap;

/// Lower case without accents, one char for one char, so positions stay aligned.
pub(crate) fn fold(c: char) -> char {
    let l = c.to_lowercase().next().unwrap_or(c);
    match l {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ğ' | 'ģ' => 'g',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
        'ķ' => 'k',
        'ł' | 'ľ' | 'ļ' => 'l',
        'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ř' => 'r',
        'ś' | 'š' | 'ş' | 'ș' => 's',
        'ť' | 'ţ' | 'ț' => 't',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
        'ý' | 'ÿ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        _ => l,
    }
}

pub(crate) fn fold_str(s: &str) -> String {
    s.chars().map(fold).collect()
}

/// Folded alphanumeric words of `s`, joined by one space: the key two spellings of the same
/// name or address share ("12 Rua Augusta, Lisboa" = "12 rua augusta lisboa").
pub(crate) fn norm_words(s: &str) -> String {
    let folded = fold_str(s);
    folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Folded alphanumeric characters only: "SHOP-100234" = "shop 100234" = "shop100234".
pub(crate) fn alnum_key(s: &str) -> String {
    s.chars().map(fold).filter(|c| c.is_alphanumeric()).collect()
}

pub(crate) fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// A text to scan: its chars and their folded forms, index for index.
pub(crate) struct Text {
    pub chars: Vec<char>,
    pub folded: Vec<char>,
}

impl Text {
    pub fn new(s: &str) -> Text {
        let chars: Vec<char> = s.chars().collect();
        let folded = chars.iter().map(|&c| fold(c)).collect();
        Text { chars, folded }
    }

    pub fn len(&self) -> usize {
        self.chars.len()
    }

    /// The char at `i`, or NUL past either end.
    pub fn at(&self, i: usize) -> char {
        self.chars.get(i).copied().unwrap_or('\0')
    }

    fn folded_at(&self, i: usize) -> char {
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

    /// Every maximal alphanumeric run (`true`), and every maximal digit run inside one that is
    /// not all of it (`false`): "tel351912345678" offers both the word and "351912345678".
    fn runs(&self) -> Vec<(usize, usize, bool)> {
        let mut out = Vec::new();
        let mut i = 0;
        let n = self.len();
        while i < n {
            if !self.folded_at(i).is_alphanumeric() {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && self.folded_at(i).is_alphanumeric() {
                i += 1;
            }
            out.push((start, i, true));
            let mut j = start;
            while j < i {
                if self.folded_at(j).is_ascii_digit() {
                    let ds = j;
                    while j < i && self.folded_at(j).is_ascii_digit() {
                        j += 1;
                    }
                    if (ds, j) != (start, i) {
                        out.push((ds, j, false));
                    }
                } else {
                    j += 1;
                }
            }
        }
        out
    }

    fn folded_string(&self, from: usize, to: usize) -> String {
        self.folded.get(from..to).unwrap_or(&[]).iter().collect()
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
    /// `None` when nothing alphanumeric is left after trimming punctuation off both ends.
    pub fn new(s: &str, boundary: Boundary) -> Option<Needle> {
        let trimmed = s.trim_matches(|c: char| !fold(c).is_alphanumeric());
        let words: Vec<Vec<char>> = trimmed.split_whitespace().map(|w| w.chars().map(fold).collect()).collect();
        if words.is_empty() {
            return None;
        }
        Some(Needle { words, boundary })
    }

    /// The index key. Word: the first alphanumeric run, joined with the second when there is
    /// one ("shop\u{1}100234", so that a thousand order IDs do not share the key "shop"); a match
    /// in a text starts exactly at a maximal run of the text equal to the first, followed by one
    /// equal to the second. Digit: the leading digit run.
    fn key(&self) -> String {
        let joined: String = self.words.iter().map(|w| w.iter().collect::<String>()).collect::<Vec<_>>().join(" ");
        match self.boundary {
            Boundary::Word => {
                let mut runs = joined.split(|c: char| !c.is_alphanumeric()).filter(|r| !r.is_empty());
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
        let ok = match self.boundary {
            Boundary::Word => !before.is_alphanumeric() && !after.is_alphanumeric(),
            Boundary::Digit => !before.is_ascii_digit() && !after.is_ascii_digit(),
        };
        ok.then_some(pos)
    }
}

/// Literals with a payload, indexed by their first run.
#[derive(Debug, Clone)]
pub(crate) struct NeedleSet<P> {
    needles: Vec<(Needle, P)>,
    index: BTreeMap<String, Vec<usize>>,
}

impl<P> Default for NeedleSet<P> {
    fn default() -> Self {
        NeedleSet { needles: Vec::new(), index: BTreeMap::new() }
    }
}

impl<P> NeedleSet<P> {
    pub fn add(&mut self, needle: Needle, payload: P) {
        let key = needle.key();
        if key.is_empty() {
            return;
        }
        self.index.entry(key).or_default().push(self.needles.len());
        self.needles.push((needle, payload));
    }

    /// Every match: start, end, payload.
    pub fn find<'a>(&'a self, t: &Text) -> Vec<(usize, usize, &'a P)> {
        let runs = t.runs();
        let words: Vec<(usize, usize)> = runs.iter().filter(|r| r.2).map(|&(a, b, _)| (a, b)).collect();
        let mut out = Vec::new();
        let mut next_word = 0;
        for &(start, end, whole) in &runs {
            let single = t.folded_string(start, end);
            let mut keys = vec![single];
            if whole {
                next_word += 1;
                if let (Some(first), Some(&(a, b))) = (keys.first(), words.get(next_word)) {
                    let pair = format!("{first}\u{1}{}", t.folded_string(a, b));
                    keys.push(pair);
                }
            }
            for key in &keys {
                let Some(ids) = self.index.get(key) else { continue };
                for id in ids {
                    if let Some((needle, payload)) = self.needles.get(*id)
                        && let Some(e) = needle.match_at(t, start)
                    {
                        out.push((start, e, payload));
                    }
                }
            }
        }
        out
    }
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn is_domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

/// E-mail addresses: `local@domain.tld`, the domain with a dot and a last label of two or more
/// letters.
pub(crate) fn emails(t: &Text) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (p, c) in t.chars.iter().enumerate() {
        if *c != '@' {
            continue;
        }
        let mut s = p;
        while s > 0 && is_local_char(t.before(s)) {
            s -= 1;
        }
        while s < p && t.at(s) == '.' {
            s += 1;
        }
        let mut e = p + 1;
        while is_domain_char(t.at(e)) {
            e += 1;
        }
        while e > p + 1 && matches!(t.before(e), '.' | '-') {
            e -= 1;
        }
        if s == p || e <= p + 1 {
            continue;
        }
        let domain = t.string(p + 1, e);
        let tld = domain.rsplit('.').next().unwrap_or("");
        if domain.contains('.') && !domain.starts_with('.') && tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic) {
            out.push((s, e));
        }
    }
    out
}

/// A run of digits that looks like a phone number (or a longer number, `long`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberHit {
    pub start: usize,
    pub end: usize,
    pub digits: String,
    /// More than 15 digits: longer than any phone number (E.164), still removed.
    pub long: bool,
}

/// The fewest digits a phone number has (a local number without area code).
pub(crate) const MIN_PHONE_DIGITS: usize = 7;
const MAX_PHONE_DIGITS: usize = 15;

/// The length of a date starting at `i` (2026-03-04, 04/03/2026, 4.3.26), if one does.
fn date_len(t: &Text, i: usize) -> Option<usize> {
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
    ((ymd || dmy) && !goes_on).then_some(len)
}

/// A separator between digit groups: one whitespace char (a line break too), hyphen, dot or
/// slash.
fn is_sep(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '.' | '/')
}

/// Phone numbers in any common layout: "+351 912 345 678", "(555) 123-4567", "0049 89 1234567",
/// "+44 (0)20 7946 0958", "089/1234567", "912345678": digit groups joined by one space, hyphen,
/// dot, slash or parenthesis, with at least 7 digits. Skipped: digits glued to a word or a code
/// ("L-2026-02-11", "CLM-2026-0142"), dates, amounts ("1234567.50", "1.234.567,00", "$1234567").
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
        // Glued to a word or code: skip the whole alphanumeric run.
        let prev = t.before(i);
        let glued = prev.is_alphanumeric()
            || (matches!(prev, '-' | '_' | '/' | '#') && i >= 2 && t.before(i - 1).is_alphanumeric())
            || is_currency(prev_nonspace(t, i));
        if glued {
            i += 1;
            while t.at(i).is_alphanumeric() {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_digit()
            && let Some(len) = date_len(t, i)
        {
            i += len;
            continue;
        }
        let (end, digits) = phone_run(t, i);
        let next = t.at(end);
        let amount = looks_like_amount(t, i, end) || next == '%';
        if digits.len() >= MIN_PHONE_DIGITS && !amount {
            out.push(NumberHit { start: i, end, long: digits.len() > MAX_PHONE_DIGITS, digits });
        }
        i = end.max(i + 1);
        // The rest of a number glued to letters after it is not a new number.
        while t.at(i).is_alphanumeric() {
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

/// Shop order IDs: a configured prefix ("SHOP-") at the start of a word and a token with a digit
/// after it; also the prefix's stem with a space, `#` or nothing in between ("shop 100234",
/// "SHOP#100234", "shop100234") when the token has at least three digits.
pub(crate) fn order_ids(t: &Text, prefixes: &[Vec<char>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let n = t.len();
    for prefix in prefixes {
        // A prefix of punctuation only ("#") has no stem: the token must follow it directly.
        let stem_len = prefix.iter().rposition(|c| c.is_alphanumeric()).map_or(0, |p| p + 1);
        let stem = prefix.get(..stem_len).unwrap_or(&[]);
        for i in 0..n {
            if t.before(i).is_alphanumeric() && stem_len > 0 {
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
            let mut e = from;
            while t.at(e).is_alphanumeric() || matches!(t.at(e), '-' | '_') {
                e += 1;
            }
            while e > from && matches!(t.before(e), '-' | '_') {
                e -= 1;
            }
            let nd = t.slice(from, e).iter().filter(|c| c.is_ascii_digit()).count();
            if (exact && nd >= 1) || (!exact && nd >= 3) {
                out.push((i, e));
            }
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
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
        let t = Text::new("mail o'neil.x+tag@mail.example.co.uk. ok; not a@b or x@y.1");
        let found: Vec<String> = emails(&t).iter().map(|&(s, e)| t.string(s, e)).collect();
        assert_eq!(found, ["o'neil.x+tag@mail.example.co.uk"]);
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
}
