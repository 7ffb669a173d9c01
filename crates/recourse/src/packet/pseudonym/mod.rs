//! Stable pseudonyms for customer identifiers, and the redaction of everything that reaches the
//! supplier (packet, closeout) and the defective log.
//!
//! **Safe by construction.** What leaves is structured facts by default: counts, dates, amounts,
//! catalogue codes and descriptions, pseudonyms. Anything else taken from the claim goes through
//! one of three gates, each of which prefers removing too much:
//!
//! - **Business codes** (claim, PO, SKU, lot, return, third-party report and earlier claim IDs):
//!   kept only when shaped like a code ([`is_code`]: ASCII letters and digits with single
//!   `-_./#:` between them, at most 64 chars, no run of 7 digits, no digits-only value over 6
//!   digits, no lower-case word, no letters-plus-5-digits without a separator) and holding
//!   nothing of a listed customer; otherwise `[withheld]`. A defect code outside the catalogue is
//!   kept only when shaped like the catalogue's (`[a-z][a-z0-9_-]*`, at most 40 chars).
//! - **Business names** (supplier, inspector): as free text below, except that single words of
//!   a customer's name or address stay (a supplier "Pearl River" keeps its name when a customer
//!   lives on Pearl Street).
//! - **Free text** (notes, photo file names, the supplier's explanation, the remedy given): cut
//!   after [`MAX_FREE_TEXT_CHARS`] characters (the rest counted: "[… N more characters not
//!   shown]"), then every identifier below replaced.
//!
//! **Listed customers.** A [`Pseudonyms`] table is built once from every customer return of one
//! claim (a packet) or of many claims (a log) and replaces identifiers deterministically:
//!
//! - *Who is who.* Two returns belong to the same customer when they share an e-mail address
//!   (case-insensitive), the same name *and* address (case, accents, punctuation and spacing
//!   ignored), or the same shop order ID. A return with none of those is matched to other such
//!   returns by name, else by phone, else by return ID. Customers get letters in order of first
//!   appearance: `Customer A`, ..., `Customer Z`, `Customer AA`, ...
//! - *Structured fields.* name -> `Customer A`; e-mail -> `customer-a@example.invalid`;
//!   phone -> `Phone A`; address -> `[address removed]`; order ID -> `Order 1`.
//! - *In free text*, in every spelling: the full name (also `analima`, `ana.lima`, `ana_lima`,
//!   surname first), each word of it (particles and titles excepted; for a name in Chinese,
//!   Japanese or Korean, also its last two and first two chars), the e-mail address and its local
//!   part, the phone number in any layout, script of digits or width, with or without country
//!   code, the address, each comma-separated part and each word of four letters or more, with
//!   the house number beside it, and the order ID (also its number alone). Spellings: case,
//!   accents (precomposed or decomposed), zero-width chars, full-width forms, transliteration
//!   (`ü` = `ue`, `ß` = `ss`, `ø` = `oe`, `å` = `aa`, and back).
//!
//! **People nobody listed** are found by shape and context and replaced by what they are
//! (`[name removed]`, `[address removed]`, `[phone removed]`, `[e-mail removed]`,
//! `[handle removed]`, `[date removed]`, `[number removed]`, `[order removed]`): e-mail addresses
//! (also `local@host`, and spelled out: "anna at example dot com", "anna(at)example(dot)com"),
//! `@handles`, numbers of 5 digits or more in any layout (phones, postal codes, accounts) unless
//! an amount or a date after 2009, dates before 2010, codes with a run of 7 digits or with
//! letters and 5 digits ("C01X00T47", IBANs, also in groups of four), values after a cue word
//! (born, DOB, passport, ID, IBAN, order, 生日, 护照, 注文 ...), names after a title or relation
//! word (Mr, Mrs, Dr, Herr, Frau, Mme, Sr., husband, signed ...; before 先生, 女士, さん, 様, 씨, 님
//! and after คุณ, taking up to four chars, since these scripts have no spaces), street addresses
//! (a street type or ending with its capitalised name, house number, flat, postal code and city;
//! `建国路88号`, `3丁目5番`). Chinese, Japanese, Korean and Thai chars never glue: a phone or a
//! name written against them is found.
//!
//! **Kept in free text.** The claim's own business codes (claim, PO, SKU, lot, supplier report,
//! return and earlier claim IDs, when code-shaped) are never taken for anything else; dates
//! after 2009, amounts ("1234567.50", "EUR 1.234.567,00", "$1234567"), and numbers of up to 4
//! digits stay.
//!
//! **Limits.** Not found: a name of nobody listed written with no title or relation word before
//! it ("Bob called"), identifiers in scripts other than those above written against other chars,
//! homoglyphs (a Cyrillic `а` in "Аna"). Overlapping matches merge into one replacement (a known
//! value inside names it: "Sr. José Lima" -> `Customer A`); adjacent replacements of the same
//! person ("Lima, Ana") collapse into one.
//!
//! **Time.** Every scan is one pass over the text (a word list, constant look-ahead, indexes for
//! the known values): linear in the scanned part, which is at most [`MAX_FREE_TEXT_CHARS`] plus
//! 1 000 characters of one text.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Serialize;

mod detect;
mod scan;

use crate::model::claim::{Claim, CustomerReturn};
use detect::Found;
use scan::{At, Boundary, Coverage, Needle, NeedleSet, NumberKind, Text};

/// What counts as a shop order ID in free text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PseudonymOptions {
    /// Prefixes of the shop's order IDs, matched case-insensitively at the start of a word.
    pub order_prefixes: Vec<String>,
}

impl Default for PseudonymOptions {
    fn default() -> Self {
        PseudonymOptions { order_prefixes: vec!["SHOP-".to_string()] }
    }
}

/// A customer return with every identifier replaced.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct PseudonymousReturn {
    /// The buyer's own return reference: kept when it has the strict shape of a code and holds
    /// nothing of a listed customer, else `[withheld]`.
    pub return_id: String,
    /// The customer's pseudonym, `Customer A`: the same letter for the same customer throughout
    /// the packet or log.
    pub customer: String,
    /// The customer's order as `Order 1`; absent when the return gives no order ID.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// The e-mail as `customer-a@example.invalid`; absent when the return gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The phone as `Phone A`; absent when the return gives none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// `[address removed]`; absent when the return gives no address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The defect code the customer reported: a catalogue code as it is, any other `[withheld]`
    /// unless shaped like a catalogue code and free of customer data; absent when none was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defect: Option<String>,
    /// The photo file names, scrubbed like free text.
    pub photos: Vec<String>,
    /// The customer's or the agent's note, every identifier replaced (`[name removed]`,
    /// `Customer A`, ...) and cut after 20 000 characters; absent when the return has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repl {
    Customer(usize),
    Email(usize),
    Phone(usize),
    Address,
    Order(usize),
    UnknownEmail,
    UnknownPhone,
    LongNumber,
    UnknownOrder,
    /// A name nobody listed (after a title).
    Name,
    Handle,
    /// A date of birth.
    Date,
    /// A passport, ID, IBAN or account number.
    Id,
    Link,
}

/// Ranks for choosing the replacement of overlapping matches of equal length.
const RANK_FULL: u8 = 0;
const RANK_PATTERN: u8 = 1;
const RANK_TOKEN: u8 = 2;

/// Name words that identify nobody on their own.
const NAME_STOPWORDS: &[&str] = &[
    "da", "de", "di", "do", "du", "das", "dos", "del", "della", "der", "den", "des", "van", "von", "la", "le", "el", "al", "bin", "ibn",
    "y", "e", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "madam", "jr", "sr",
];

/// E-mail local parts that name a role, not a person.
const GENERIC_LOCAL_PARTS: &[&str] = &[
    "info", "contact", "mail", "email", "sales", "hello", "admin", "support", "office", "service", "shop", "orders", "customer", "noreply",
];

/// The pseudonym table of one packet or log. Build it with [`Pseudonyms::new`]; it never
/// changes afterwards, so every text it scrubs gets the same pseudonyms.
#[derive(Debug, Clone)]
pub struct Pseudonyms {
    letters: Vec<String>,
    by_key: BTreeMap<String, usize>,
    orders: BTreeMap<String, usize>,
    emails: BTreeMap<String, usize>,
    /// Last 7 digits of a phone key -> (key, customer).
    phones: BTreeMap<String, Vec<(String, usize)>>,
    full: NeedleSet<Repl>,
    tokens: NeedleSet<Repl>,
    protected: NeedleSet<()>,
    prefixes: Vec<Vec<char>>,
}

fn is_some_text(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

/// The keys that identify the customer of a return: strong ones (e-mail, name + address, order
/// ID) or, without any, one weak one.
fn keys(r: &CustomerReturn) -> Vec<String> {
    let mut k = Vec::new();
    if let Some(e) = is_some_text(&r.email) {
        k.push(format!("e:{}", scan::fold_str(e)));
    }
    if let (Some(n), Some(a)) = (is_some_text(&r.customer_name), is_some_text(&r.address)) {
        k.push(format!("na:{}|{}", scan::norm_words(n), scan::norm_words(a)));
    }
    if let Some(o) = is_some_text(&r.order_id) {
        k.push(format!("o:{}", scan::alnum_key(o)));
    }
    if k.is_empty() {
        if let Some(n) = is_some_text(&r.customer_name) {
            k.push(format!("wn:{}", scan::norm_words(n)));
        } else if let Some(p) = is_some_text(&r.phone) {
            k.push(format!("wp:{}", phone_key(&scan::digits(p))));
        } else {
            k.push(format!("wr:{}", r.return_id));
        }
    }
    k
}

/// Digits of a phone number without the international "00" and a national trunk "0", so that
/// "+351 912 345 678" and "00351 912345678" agree and "089 1234567" is a suffix of
/// "+49 89 1234567".
fn phone_key(digits: &str) -> String {
    let d = digits.strip_prefix("00").unwrap_or(digits);
    d.strip_prefix('0').unwrap_or(d).to_string()
}

fn last7(key: &str) -> String {
    let n = key.chars().count();
    key.chars().skip(n.saturating_sub(scan::MIN_PHONE_DIGITS)).collect()
}

/// `A`..`Z`, `AA`, `AB`, ...
fn letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        let r = u8::try_from(i % 26).unwrap_or(0);
        out.push(char::from(b'A' + r));
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.iter().rev().collect()
}

fn find(parent: &[usize], mut i: usize) -> usize {
    while let Some(&p) = parent.get(i) {
        if p == i {
            break;
        }
        i = p;
    }
    i
}

/// The key under which a literal added with its boundary is remembered: one char for the boundary,
/// then the literal (no `format!("{boundary:?}:{v}")`, which kept `Boundary`'s `Debug` in the .wasm).
fn seen_key(boundary: Boundary, v: &str) -> String {
    let mut key = String::with_capacity(v.len().saturating_add(1));
    key.push(match boundary {
        Boundary::Word => 'w',
        Boundary::Digit => 'd',
    });
    key.push_str(v);
    key
}

struct Builder {
    full: NeedleSet<Repl>,
    tokens: NeedleSet<Repl>,
    seen_full: BTreeSet<String>,
    seen_tokens: BTreeSet<String>,
}

impl Builder {
    /// A literal in every spelling a text may use for it ([`scan::spellings`]).
    fn full(&mut self, s: &str, boundary: Boundary, r: Repl) {
        for v in scan::spellings(s.trim()) {
            if let Some(n) = Needle::new(&v, boundary)
                && self.seen_full.insert(seen_key(boundary, &v))
            {
                self.full.add(n, r);
            }
        }
    }

    fn token(&mut self, s: &str, r: Repl) {
        for v in scan::spellings(s) {
            if let Some(n) = Needle::new(&v, Boundary::Word)
                && self.seen_tokens.insert(v)
            {
                self.tokens.add(n, r);
            }
        }
    }
}

fn alnum_count(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphanumeric()).count()
}

/// Which customer each return belongs to (returns that share a key are one customer), customers
/// numbered in order of first appearance; and how many customers there are.
fn customers_of(return_keys: &[Vec<String>]) -> (Vec<usize>, usize) {
    // Union returns that share a key.
    let mut parent: Vec<usize> = (0..return_keys.len()).collect();
    let mut owner: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, ks) in return_keys.iter().enumerate() {
        for k in ks {
            match owner.get(k.as_str()) {
                Some(&o) => {
                    let (a, b) = (find(&parent, i), find(&parent, o));
                    let (lo, hi) = (a.min(b), a.max(b));
                    if let Some(p) = parent.get_mut(hi) {
                        *p = lo;
                    }
                }
                None => {
                    owner.insert(k, i);
                }
            }
        }
    }
    // Letters in order of first appearance.
    let mut customer_of_root: BTreeMap<usize, usize> = BTreeMap::new();
    let mut return_customer = Vec::with_capacity(return_keys.len());
    for i in 0..return_keys.len() {
        let root = find(&parent, i);
        let next = customer_of_root.len();
        let c = *customer_of_root.entry(root).or_insert(next);
        return_customer.push(c);
    }
    (return_customer, customer_of_root.len())
}

/// The returns' own order IDs, numbered from 1 in order of appearance.
fn listed_orders(returns: &[&CustomerReturn]) -> BTreeMap<String, usize> {
    let mut orders: BTreeMap<String, usize> = BTreeMap::new();
    for r in returns {
        if let Some(o) = is_some_text(&r.order_id) {
            let next = orders.len() + 1;
            orders.entry(scan::alnum_key(o)).or_insert(next);
        }
    }
    orders
}

/// An e-mail address, and its local part on its own when it is long and not generic.
fn add_email(b: &mut Builder, e: &str, c: usize) {
    b.full(e, Boundary::Word, Repl::Email(c));
    if let Some(local) = e.split('@').next()
        && alnum_count(local) >= 4
        && !GENERIC_LOCAL_PARTS.contains(&scan::alnum_key(local).as_str())
    {
        b.token(local, Repl::Customer(c));
    }
}

/// A phone number as written, as digits, without its international prefix, country code or trunk
/// zero; and its key for matching numbers written otherwise.
fn add_phone(b: &mut Builder, phones: &mut BTreeMap<String, Vec<(String, usize)>>, p: &str, c: usize) {
    b.full(p, Boundary::Word, Repl::Phone(c));
    let d = scan::digits(p);
    if d.len() < scan::MIN_PHONE_DIGITS {
        return;
    }
    b.full(&d, Boundary::Digit, Repl::Phone(c));
    if let Some(intl) = d.strip_prefix("00") {
        b.full(intl, Boundary::Digit, Repl::Phone(c));
    }
    // Without its country code (1 to 3 digits) or trunk zero, as a number on its
    // own where no phone scanner looks ("912345678.50").
    for cut in 1..=4 {
        if let Some(tail) = d.get(cut..)
            && tail.len() >= scan::MIN_PHONE_DIGITS
        {
            b.full(tail, Boundary::Digit, Repl::Phone(c));
        }
    }
    let key = phone_key(&d);
    if key.len() >= scan::MIN_PHONE_DIGITS {
        phones.entry(last7(&key)).or_default().push((key, c));
    }
}

/// An order ID's number without its shop prefix, when it is long enough and has a digit.
fn add_order_number(b: &mut Builder, id: &str, n: usize, options: &PseudonymOptions) {
    let core = order_core(id, &options.order_prefixes);
    if alnum_count(&core) >= 4 && core.chars().any(|ch| ch.is_ascii_digit()) {
        b.token(&core, Repl::Order(n));
    }
}

/// The claims' own references (claim, supplier, PO, SKU, lot, inspector, report, earlier claims,
/// return IDs, earlier lots) that have the shape of a code: never pseudonymised.
fn protected_refs(claims: &[&Claim]) -> NeedleSet<()> {
    let mut protected = NeedleSet::default();
    let mut seen_refs = BTreeSet::new();
    for claim in claims {
        let mut refs: Vec<&str> = vec![claim.claim_id.as_str()];
        refs.extend([&claim.supplier, &claim.po, &claim.sku, &claim.lot].into_iter().filter_map(|v| v.as_deref()));
        refs.extend(claim.inspection.as_ref().and_then(|i| i.inspector.as_deref()));
        refs.extend(claim.evidence.as_ref().and_then(|e| e.third_party_report.as_deref()));
        refs.extend(claim.history.iter().map(|h| h.claim_id.as_str()));
        refs.extend(claim.customer_returns.iter().map(|r| r.return_id.as_str()));
        refs.extend(claim.lot_history.iter().map(|l| l.lot.as_str()));
        // Only what has the shape of a code: a "return ID" holding a phone number must not
        // keep that number alive in the notes.
        for r in refs.into_iter().filter(|r| is_code(r)) {
            if seen_refs.insert(scan::fold_str(r))
                && let Some(n) = Needle::new(r, Boundary::Word)
            {
                protected.add(n, ());
            }
        }
    }
    protected
}

impl Pseudonyms {
    /// The table for the customer returns of `claims`, in order.
    pub fn new(claims: &[&Claim], options: &PseudonymOptions) -> Pseudonyms {
        let returns: Vec<&CustomerReturn> = claims.iter().flat_map(|c| c.customer_returns.iter()).collect();
        let return_keys: Vec<Vec<String>> = returns.iter().map(|r| keys(r)).collect();
        let (return_customer, customers) = customers_of(&return_keys);

        let mut by_key = BTreeMap::new();
        for (ks, &c) in return_keys.iter().zip(&return_customer) {
            for k in ks {
                by_key.entry(k.clone()).or_insert(c);
            }
        }
        let prefixes: Vec<Vec<char>> =
            options.order_prefixes.iter().filter(|p| !p.trim().is_empty()).map(|p| p.trim().chars().map(scan::fold).collect()).collect();
        let orders = listed_orders(&returns);

        let mut b =
            Builder { full: NeedleSet::default(), tokens: NeedleSet::default(), seen_full: BTreeSet::new(), seen_tokens: BTreeSet::new() };
        let mut emails = BTreeMap::new();
        let mut phones: BTreeMap<String, Vec<(String, usize)>> = BTreeMap::new();
        for (r, &c) in returns.iter().zip(&return_customer) {
            if let Some(name) = is_some_text(&r.customer_name) {
                add_name(&mut b, name, c);
            }
            if let Some(e) = is_some_text(&r.email) {
                emails.entry(scan::fold_str(e)).or_insert(c);
                add_email(&mut b, e, c);
            }
            if let Some(p) = is_some_text(&r.phone) {
                add_phone(&mut b, &mut phones, p, c);
            }
            if let Some(a) = is_some_text(&r.address) {
                add_address(&mut b, a);
            }
            if let Some(o) = is_some_text(&r.order_id) {
                let n = orders.get(&scan::alnum_key(o)).copied().unwrap_or(0);
                b.full(o, Boundary::Word, Repl::Order(n));
                add_order_number(&mut b, o, n, options);
            }
        }

        let mut table = Pseudonyms {
            letters: (0..customers).map(letters).collect(),
            by_key,
            orders,
            emails,
            phones,
            full: NeedleSet::default(),
            tokens: NeedleSet::default(),
            protected: protected_refs(claims),
            prefixes,
        };
        table.number_unlisted_orders(&returns, &mut b, options);
        table.full = b.full;
        table.tokens = b.tokens;
        table
    }

    /// Order IDs of nobody known (found in the returns' notes, photos and return IDs), numbered in
    /// order of appearance after the listed ones.
    fn number_unlisted_orders(&mut self, returns: &[&CustomerReturn], b: &mut Builder, options: &PseudonymOptions) {
        for r in returns {
            let texts = r.note.iter().chain(r.photos.iter()).chain(std::iter::once(&r.return_id));
            for s in texts {
                let t = Text::new(scan_part(s));
                let guarded = self.protected_ranges(&t);
                for (from, to) in scan::order_ids(&t, &self.prefixes) {
                    if guarded.any(from, to) {
                        continue;
                    }
                    let id = t.string(from, to);
                    let key = scan::alnum_key(&id);
                    if self.orders.contains_key(&key) {
                        continue;
                    }
                    let n = self.orders.len() + 1;
                    self.orders.insert(key, n);
                    // Its number alone ("order no. 100777") is then known too.
                    add_order_number(b, &id, n, options);
                }
            }
        }
    }

    /// The table for one claim.
    pub fn for_claim(claim: &Claim, options: &PseudonymOptions) -> Pseudonyms {
        Pseudonyms::new(&[claim], options)
    }

    /// How many distinct customers the returns have.
    pub fn customers(&self) -> usize {
        self.letters.len()
    }

    fn customer_index(&self, r: &CustomerReturn) -> Option<usize> {
        keys(r).iter().find_map(|k| self.by_key.get(k).copied())
    }

    /// `Customer A` for a return the table was built from (`Customer ?` for another).
    pub fn customer(&self, r: &CustomerReturn) -> String {
        self.customer_index(r).map_or_else(|| "Customer ?".to_string(), |c| self.text(Repl::Customer(c)))
    }

    /// The return with every identifier replaced; `in_catalogue` tells which defect codes are
    /// the policy's own (kept as they are; any other is kept only if shaped like a code, see
    /// [`Pseudonyms::defect_code`]).
    pub fn pseudonymise(&self, r: &CustomerReturn, in_catalogue: impl Fn(&str) -> bool) -> PseudonymousReturn {
        let c = self.customer_index(r);
        let per =
            |repl: fn(usize) -> Repl, present: bool| present.then(|| c.map_or_else(|| "[removed]".to_string(), |c| self.text(repl(c))));
        PseudonymousReturn {
            return_id: self.code(&r.return_id),
            customer: self.customer(r),
            order: is_some_text(&r.order_id).map(|o| self.text(self.order(&scan::alnum_key(o)))),
            email: per(Repl::Email, is_some_text(&r.email).is_some()),
            phone: per(Repl::Phone, is_some_text(&r.phone).is_some()),
            address: is_some_text(&r.address).map(|_| self.text(Repl::Address)),
            defect: r.defect.as_deref().map(|d| if in_catalogue(d) { d.to_string() } else { self.defect_code(d) }),
            photos: r.photos.iter().map(|p| self.scrub(p)).collect(),
            note: r.note.as_deref().map(|n| self.scrub(n)),
        }
    }

    fn order(&self, key: &str) -> Repl {
        self.orders.get(key).map_or(Repl::UnknownOrder, |&n| Repl::Order(n))
    }

    fn text(&self, r: Repl) -> String {
        let letter = |c: usize| self.letters.get(c).map_or("?", String::as_str);
        match r {
            Repl::Customer(c) => format!("Customer {}", letter(c)),
            // Letters are `A`..`Z` (or `?`): ASCII lower case is the same as `str::to_lowercase`,
            // whose Unicode case tables (final sigma) were about 3 KB of the .wasm for this line.
            Repl::Email(c) => format!("customer-{}@example.invalid", letter(c).to_ascii_lowercase()),
            Repl::Phone(c) => format!("Phone {}", letter(c)),
            Repl::Address => "[address removed]".to_string(),
            Repl::Order(n) => format!("Order {n}"),
            Repl::UnknownEmail => "[e-mail removed]".to_string(),
            Repl::UnknownPhone => "[phone removed]".to_string(),
            Repl::LongNumber => "[number removed]".to_string(),
            Repl::UnknownOrder => "[order removed]".to_string(),
            Repl::Name => "[name removed]".to_string(),
            Repl::Handle => "[handle removed]".to_string(),
            Repl::Date => "[date removed]".to_string(),
            Repl::Id => "[number removed]".to_string(),
            Repl::Link => "[link removed]".to_string(),
        }
    }

    fn protected_ranges(&self, t: &Text) -> Coverage {
        Coverage::new(t.len(), self.protected.find(t).into_iter().map(|(s, e, _)| (s, e)))
    }

    fn known_phone(&self, digits: &str) -> Option<usize> {
        let key = phone_key(digits);
        let found = self.phones.get(&last7(&key))?;
        found
            .iter()
            .find(|(k, _)| {
                *k == key
                    || (key.len() >= scan::MIN_PHONE_DIGITS && k.ends_with(key.as_str()))
                    || (k.len() >= scan::MIN_PHONE_DIGITS && key.ends_with(k.as_str()))
            })
            .map(|&(_, c)| c)
    }

    /// Free text: every identifier replaced (known values, their words, and patterns), cut
    /// after [`MAX_FREE_TEXT_CHARS`] characters.
    pub fn scrub(&self, s: &str) -> String {
        self.scrub_with(s, true)
    }

    /// A business name (supplier, inspector): known customers' full values, e-mail addresses,
    /// numbers and the identifiers of unlisted people replaced; single words of a customer's
    /// name or address stay (a supplier called "Pearl River" keeps its name when a customer
    /// lives on Pearl Street).
    pub fn scrub_field(&self, s: &str) -> String {
        self.scrub_with(s, false)
    }

    /// A business code (claim, PO, SKU, lot, return, report or earlier claim number): kept when
    /// it has the strict shape of a code ([`is_code`]) and holds nothing of a listed customer,
    /// else `[withheld]`.
    pub fn code(&self, s: &str) -> String {
        let s = s.trim();
        if is_code(s) && !self.mentions_customer(s) { s.to_string() } else { WITHHELD.to_string() }
    }

    /// A defect code outside the policy's catalogue: kept when it is shaped like the
    /// catalogue's codes (`[a-z][a-z0-9_-]*`, at most 40 chars, fewer than 5 digits; no capitals,
    /// so "JohnSmith" is no code) and holds nothing of a listed customer, else `[withheld]`.
    pub fn defect_code(&self, s: &str) -> String {
        let s = s.trim();
        let ident = s.chars().count() <= 40
            && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
            && s.chars().filter(char::is_ascii_digit).count() < scan::MIN_REMOVED_DIGITS;
        if ident && !self.mentions_customer(s) { s.to_string() } else { WITHHELD.to_string() }
    }

    /// Does `s` hold a listed customer's value or one of its words, or an e-mail address?
    fn mentions_customer(&self, s: &str) -> bool {
        let t = Text::new(s);
        !self.full.find(&t).is_empty() || !self.tokens.find(&t).is_empty() || !scan::emails(&t).is_empty()
    }

    fn scrub_with(&self, s: &str, free: bool) -> String {
        let t = Text::new(scan_part(s));
        let guarded = self.protected_ranges(&t);
        let mut cands: Vec<Cand> = self.full.find(&t).into_iter().map(|(a, b, r)| Cand::new(a, b, *r, RANK_FULL)).collect();
        // Found by shape, not by a known value: "weak", so that a known value inside takes the
        // person's pseudonym; among weak ones the longest names the span.
        let weak = |a: usize, b: usize, r: Repl| Cand { weak: true, ..Cand::new(a, b, r, RANK_PATTERN) };
        for (a, b, at) in scan::emails(&t) {
            cands.push(match at {
                At::Email => match self.emails.get(&scan::fold_str(&t.string(a, b))) {
                    Some(&c) => Cand::new(a, b, Repl::Email(c), RANK_PATTERN),
                    None => weak(a, b, Repl::UnknownEmail),
                },
                At::Handle => weak(a, b, Repl::Handle),
            });
        }
        if free {
            cands.extend(self.tokens.find(&t).into_iter().map(|(a, b, r)| Cand::new(a, b, *r, RANK_TOKEN)));
            for (a, b) in scan::order_ids(&t, &self.prefixes) {
                if !guarded.any(a, b) {
                    cands.push(Cand::new(a, b, self.order(&scan::alnum_key(&t.string(a, b))), RANK_PATTERN));
                }
            }
        }
        for h in scan::numbers(&t) {
            if guarded.any(h.start, h.end) {
                continue;
            }
            cands.push(match h.kind {
                NumberKind::Phone => match self.known_phone(&h.digits) {
                    Some(c) => Cand::new(h.start, h.end, Repl::Phone(c), RANK_PATTERN),
                    None => weak(h.start, h.end, Repl::UnknownPhone),
                },
                NumberKind::Long | NumberKind::Short => weak(h.start, h.end, Repl::LongNumber),
                NumberKind::OldDate => weak(h.start, h.end, Repl::Date),
            });
        }
        for (a, mut b, found) in detect::detect(&t) {
            if !free && matches!(found, Found::Order) {
                continue;
            }
            // A business code inside what was found stays: the find ends before it.
            if let Some(p) = guarded.first(a, b) {
                b = p;
                while b > a && !scan::is_word_char(t.before(b)) {
                    b -= 1;
                }
                if b == a {
                    continue;
                }
            }
            let r = match found {
                Found::Name => Repl::Name,
                Found::Address => Repl::Address,
                Found::Date => Repl::Date,
                Found::Id => Repl::Id,
                Found::Order => self.order(&scan::alnum_key(&t.string(a, b))),
                Found::Email => Repl::UnknownEmail,
                Found::Handle => Repl::Handle,
                Found::Link => Repl::Link,
            };
            cands.push(weak(a, b, r));
        }
        let spans = with_house_numbers(resolve(cands, &t), &t);
        let shown = t.len().min(MAX_FREE_TEXT_CHARS);
        let mut out = String::with_capacity(s.len().min(4 * MAX_FREE_TEXT_CHARS));
        let mut pos = 0;
        for c in spans {
            if c.start >= shown {
                break;
            }
            out.push_str(t.source(pos, c.start));
            // A pseudonym never merges with a word it touches ("678na" must not give "Phone Ana").
            let r = self.text(c.repl);
            if scan::is_word_char(t.before(c.start)) && r.starts_with(scan::is_word_char) {
                out.push(' ');
            }
            out.push_str(&r);
            if scan::is_word_char(t.at(c.end)) && r.ends_with(scan::is_word_char) {
                out.push(' ');
            }
            pos = c.end;
        }
        if pos < shown {
            out.push_str(t.source(pos, shown));
            pos = shown;
        }
        let rest = s.get(t.offset(pos)..).unwrap_or("");
        if !rest.is_empty() {
            out.push_str(&format!(" [… {} more characters not shown]", rest.chars().count()));
        }
        out
    }
}

/// The most characters of one free text (a note, an explanation, a file name) that reach the
/// supplier or the log; the rest is cut and its length stated ("[… 1234 more characters not
/// shown]"). A spreadsheet cell holds at most 32 767.
pub const MAX_FREE_TEXT_CHARS: usize = 20_000;
/// How far past the cut a text is still scanned, so that an identifier across the cut is found
/// whole.
const SCAN_MARGIN: usize = 1_000;
/// What replaces a business code that is not shaped like one.
pub const WITHHELD: &str = "[withheld]";

/// The part of a free text that is scanned: the shown part and the margin after it.
fn scan_part(s: &str) -> &str {
    match s.char_indices().nth(MAX_FREE_TEXT_CHARS + SCAN_MARGIN) {
        Some((i, _)) => s.get(..i).unwrap_or(s),
        None => s,
    }
}

/// Is `s` shaped like a business code ("PO-88121", "L-2026-02-11-A", "PARKA-NAVY-M",
/// "SGS-DG-2026-0311", "R-5512")? ASCII letters and digits, single `-` `_` `.` `/` `#` `:`
/// between them, at most 64 chars; never 7 or more digits in a row, never digits only beyond 6
/// (a phone or account number); letters only when all upper case with a separator or at most 4;
/// no lower-case run of 4 letters (a word, a name); not letters with 5 or more digits and no
/// separator (a passport or IBAN).
pub fn is_code(s: &str) -> bool {
    let n = s.chars().count();
    if n == 0 || n > 64 {
        return false;
    }
    let (mut letters, mut digits, mut run, mut max_run, mut lower_run, mut max_lower, mut lower) = (0, 0, 0, 0, 0, 0, 0);
    let (mut sep, mut prev_sep) = (false, true);
    for c in s.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            run += 1;
            max_run = max_run.max(run);
            lower_run = 0;
        } else if c.is_ascii_alphabetic() {
            letters += 1;
            run = 0;
            if c.is_ascii_lowercase() {
                lower += 1;
                lower_run += 1;
                max_lower = max_lower.max(lower_run);
            } else {
                lower_run = 0;
            }
        } else if matches!(c, '-' | '_' | '.' | '/' | '#' | ':') && !prev_sep {
            sep = true;
            run = 0;
            lower_run = 0;
            prev_sep = true;
            continue;
        } else {
            return false;
        }
        prev_sep = false;
    }
    if prev_sep || max_run >= 7 || max_lower >= 4 {
        return false;
    }
    match (letters, digits) {
        (0, d) => d <= 6,
        (l, 0) => lower == 0 && (sep || l <= 4),
        (_, d) => sep || d < 5,
    }
}

/// Address spans taken with the house number beside them ("Rosenweg 12", "12 Rua Augusta"),
/// which says nothing alone but everything next to a street.
fn with_house_numbers(mut spans: Vec<Cand>, t: &Text) -> Vec<Cand> {
    let house = |from: usize, forward: bool| -> Option<usize> {
        // Skip ", " then take digits (1 to 5) and at most 2 letters, ending at a word boundary.
        let mut i = from;
        let mut skipped = 0;
        let step = |i: usize| if forward { Some(i + 1) } else { i.checked_sub(1) };
        let at = |i: usize| if forward { t.at(i) } else { t.before(i) };
        while skipped < 2 && matches!(at(i), ' ' | ',') {
            i = step(i)?;
            skipped += 1;
        }
        let start = i;
        let mut digits = 0;
        let mut letters = 0;
        while digits + letters < 8 {
            let c = at(i);
            if c.is_ascii_digit() {
                digits += 1;
            } else if c.is_alphabetic() && letters < 2 && (forward || digits == 0) {
                letters += 1;
            } else {
                break;
            }
            i = step(i)?;
        }
        let ok = (1..=5).contains(&digits) && !scan::is_word_char(at(i)) && i != start;
        ok.then_some(i)
    };
    let n = spans.len();
    for k in 0..n {
        let (prev_end, next_start) =
            (k.checked_sub(1).and_then(|p| spans.get(p)).map_or(0, |c| c.end), spans.get(k + 1).map_or(t.len(), |c| c.start));
        let Some(c) = spans.get_mut(k) else { continue };
        if c.repl != Repl::Address {
            continue;
        }
        if let Some(e) = house(c.end, true).filter(|&e| e <= next_start) {
            c.end = e;
        }
        if let Some(s) = house(c.start, false).filter(|&s| s >= prev_end) {
            c.start = s;
        }
    }
    spans
}

fn add_name(b: &mut Builder, name: &str, c: usize) {
    let r = Repl::Customer(c);
    b.full(name, Boundary::Word, r);
    let words: Vec<String> = scan::norm_words(name).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
    if words.len() >= 2 {
        for sep in ["", ".", "_", "-"] {
            b.full(&words.join(sep), Boundary::Word, r);
        }
    }
    // Surname first: "Lima, Ana", "Lima Ana" (the last written word taken as the surname).
    let written: Vec<&str> = name.split_whitespace().collect();
    if let Some((last, rest)) = written.split_last()
        && !rest.is_empty()
    {
        let rest = rest.join(" ");
        b.full(&format!("{last}, {rest}"), Boundary::Word, r);
        b.full(&format!("{last} {rest}"), Boundary::Word, r);
    }
    for raw in name.split_whitespace() {
        let word = raw.trim_matches(|ch: char| !ch.is_alphanumeric());
        // "O'Neil-Sousa": the word, its parts, and the word without punctuation ("ONeilSousa",
        // as in a file name or handle).
        let squeezed: String = word.chars().filter(|ch| ch.is_alphanumeric()).collect();
        let mut parts: Vec<&str> = vec![word, squeezed.as_str()];
        parts.extend(word.split(|ch: char| !ch.is_alphanumeric()));
        for p in parts {
            let key = scan::fold_str(p);
            if alnum_count(p) >= 2 && !NAME_STOPWORDS.contains(&key.as_str()) {
                b.token(p, r);
            }
        }
        // A name in a dense script has no spaces ("王小明", "山田太郎"): its given name (the last two
        // chars) and, from four chars, its first two are words of it.
        let dense: Vec<char> = word.chars().filter(|&ch| scan::is_dense(ch)).collect();
        if dense.len() >= 3 {
            let tail: String = dense.iter().skip(dense.len() - 2).collect();
            b.token(&tail, r);
            if dense.len() >= 4 {
                let head: String = dense.iter().take(2).collect();
                b.token(&head, r);
            }
        }
        let pieces: Vec<&str> = word.split(|ch: char| !ch.is_alphanumeric()).filter(|p| !p.is_empty()).collect();
        for pair in pieces.windows(2) {
            if let [a, b2] = pair {
                b.token(&format!("{a}{b2}"), r);
            }
        }
    }
}

fn add_address(b: &mut Builder, address: &str) {
    let r = Repl::Address;
    b.full(address, Boundary::Word, r);
    for part in address.split([',', ';', '\n']) {
        if alnum_count(part) >= 4 {
            b.full(part, Boundary::Word, r);
        }
    }
    for raw in address.split(|ch: char| ch.is_whitespace() || matches!(ch, ',' | ';')) {
        let word = raw.trim_matches(|ch: char| !ch.is_alphanumeric());
        let letters = word.chars().filter(|ch| ch.is_alphabetic()).count();
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if (letters > 0 && alnum_count(word) >= 4) || digits >= 5 {
            b.token(word, r);
        }
        let squeezed: String = word.chars().filter(|ch| ch.is_alphanumeric()).collect();
        for p in word.split(|ch: char| !ch.is_alphanumeric()).chain(std::iter::once(squeezed.as_str())) {
            if p.chars().filter(|ch| ch.is_alphabetic()).count() >= 4 {
                b.token(p, r);
            }
        }
        // An address in a dense script has no spaces ("北京市朝阳区建国路88号"): its pieces up to
        // each city, district or street char ("北京市", "朝阳区", "建国路") are words of it.
        let mut piece = String::new();
        for ch in word.chars() {
            if scan::is_dense(ch) {
                piece.push(ch);
            }
            let ends = !scan::is_dense(ch) || "市区县省州路街道巷弄町村丁目番号".contains(ch);
            if ends {
                if piece.chars().count() >= 2 {
                    b.token(&piece, r);
                }
                piece.clear();
            }
        }
        if piece.chars().count() >= 2 {
            b.token(&piece, r);
        }
    }
}

/// An order ID without the shop's prefix ("SHOP-100234" -> "100234"), or without its leading
/// letters and punctuation when it has no configured prefix.
fn order_core(id: &str, prefixes: &[String]) -> String {
    let folded = scan::fold_str(id.trim());
    for p in prefixes {
        let fp = scan::fold_str(p.trim());
        if !fp.is_empty()
            && let Some(rest) = folded.strip_prefix(&fp)
        {
            return rest.to_string();
        }
    }
    folded.trim_start_matches(|c: char| !c.is_ascii_digit()).to_string()
}

#[derive(Debug, Clone, Copy)]
struct Cand {
    start: usize,
    end: usize,
    repl: Repl,
    rank: u8,
    /// Length of the match that chose `repl` (after merging, `end - start` may be longer).
    best: usize,
    /// Found by shape (a title, a street type): merged spans take the replacement of a known
    /// value inside them ("Sr. José Lima" -> "Customer A").
    weak: bool,
}

impl Cand {
    fn new(start: usize, end: usize, repl: Repl, rank: u8) -> Cand {
        Cand { start, end, repl, rank, best: end.saturating_sub(start), weak: false }
    }
}

/// Non-overlapping spans covering every candidate: overlapping ones merge into their union
/// (replaced by the longest one's replacement), and neighbours with the same replacement
/// separated only by spaces or light punctuation merge into one.
fn resolve(mut cands: Vec<Cand>, t: &Text) -> Vec<Cand> {
    crate::sort::sort_by(&mut cands, |a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.rank.cmp(&b.rank)));
    let mut out: Vec<Cand> = Vec::new();
    for c in cands {
        if let Some(last) = out.last_mut() {
            if c.start < last.end {
                let better = if c.weak != last.weak { !c.weak } else { c.best > last.best || (c.best == last.best && c.rank < last.rank) };
                if better {
                    last.repl = c.repl;
                    last.best = c.best;
                    last.rank = c.rank;
                }
                last.weak = last.weak && c.weak;
                last.end = last.end.max(c.end);
                continue;
            }
            let gap = t.slice(last.end, c.start);
            if last.repl == c.repl
                && gap.len() <= 3
                && gap.iter().all(|ch| ch.is_whitespace() || matches!(ch, ',' | '.' | '-' | '_' | '\''))
            {
                last.end = c.end;
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_bijective_base_26() {
        assert_eq!([letters(0), letters(25), letters(26), letters(27), letters(701), letters(702)], ["A", "Z", "AA", "AB", "ZZ", "AAA"]);
    }

    #[test]
    fn phone_keys_agree_across_layouts() {
        assert_eq!(phone_key("00351912345678"), phone_key("351912345678"));
        assert!(phone_key("49891234567").ends_with(&phone_key("0891234567")));
    }
}
