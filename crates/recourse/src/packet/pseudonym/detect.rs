//! Identifiers of people nobody listed, found by their shape and by the words around them: names
//! after a title ("Mr", "Frau", "先生", "さん", "คุณ"), street addresses, dates of birth, passport
//! and ID numbers, other shops' order numbers, IBANs, account-like codes, spelled-out e-mail
//! addresses ("anna at example dot com").
//!
//! Every detector reads the text once, as a list of words, and looks at most a few words ahead
//! or behind each one, so the whole scan is linear in the text. Positions are char indices into
//! [`Text::chars`], as everywhere in the packet module.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::scan::{Text, date_len, is_dense, is_word_char};

/// What was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    /// A person's name (after a title).
    Name,
    Address,
    /// A date of birth.
    Date,
    /// A passport, ID card, IBAN or account-like number.
    Id,
    /// An order number of some shop.
    Order,
    /// An e-mail address spelled out.
    Email,
    /// A social handle or messenger ID after the network's name ("IG: anna_k", "微信：wxid_1").
    Handle,
    /// A web link ("instagram.com/anna_k", "https://...").
    Link,
}

/// A word: a maximal run of word chars (letters and digits of spaced scripts), joined across one
/// inner `'`, `’` or `-` ("O'Neil-Sousa"); or a maximal run of dense-script chars.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub dense: bool,
}

/// The words of `t`, in order.
pub(crate) fn words(t: &Text) -> Vec<Word> {
    let mut out = Vec::new();
    let n = t.len();
    let mut i = 0;
    while i < n {
        let c = t.at(i);
        if is_dense(c) {
            let s = i;
            while i < n && is_dense(t.at(i)) {
                i += 1;
            }
            out.push(Word { start: s, end: i, dense: true });
        } else if is_word_char(c) {
            let s = i;
            loop {
                while i < n && is_word_char(t.at(i)) {
                    i += 1;
                }
                if matches!(t.at(i), '\'' | '’' | '-') && is_word_char(t.at(i + 1)) {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(Word { start: s, end: i, dense: false });
        } else {
            i += 1;
        }
    }
    out
}

/// Titles before a name, folded (a trailing dot allowed in the text).
const TITLES_WORDS: &str = "\
    mr mrs ms miss mister mx dr prof sir madam madame mme mlle monsieur herr herrn frau frl fraulein hr sr sra srta senor senora senorita don \
    dona sig sigra signor signora signorina dott pan pani heer mevrouw mevr dhr mw fru lady lord rev dame doctor \
    professor";
/// Titles that count only with their dot ("M. Dupont", "Fr. Huber").
const DOTTED_TITLES_WORDS: &str = "m fr st";
/// Titles after a name in a dense script (the name before them is taken, up to four chars).
const DENSE_SUFFIXES: &str = "先生 女士 小姐 太太 夫人 老师 様 さま さん 氏 君 くん ちゃん 殿 씨 님 군 양";
/// Titles before a name in Thai.
const DENSE_PREFIXES: &str = "นางสาว คุณ นาย นาง";
/// Words a name follows ("my husband Bob", "signed Maria", "my name is Ana").
const RELATIONS_WORDS: &str = "\
    husband wife son daughter mother father mom mum dad brother sister neighbour neighbor friend partner colleague boyfriend \
    girlfriend fiance fiancee grandmother grandfather grandma grandpa aunt uncle cousin named called signed regards \
    sincerely cheers thanks is i'm im customer client mann ehemann ehefrau sohn tochter mutter vater bruder schwester \
    nachbar nachbarin kunde kundin mari femme fils fille mere pere frere soeur voisin voisine marido esposa hijo hija madre \
    padre hermano hermana vecino vecina filho filha mae pai irmao irma vizinho vizinha moglie figlio figlia vicino vicina \
    gruss grusse saludos cumprimentos cordialement";
/// Name particles that may sit between capitalised name words.
const PARTICLES_WORDS: &str = "da de di do du das dos del della der den des van von la le y";

/// Street types written before the name ("Rua Augusta", "Calle Mayor", "rue de Rivoli").
const STREET_BEFORE_WORDS: &str = "\
    rua avenida av calle carrer via viale piazza piazzale corso largo vicolo rue avenue boulevard bd bld chemin allee \
    impasse quai praca travessa estrada ulica ul aleja plac utca strada calea ulitsa prospekt plaza paseo camino ronda \
    rambla";
/// Street types written after the name ("Baker Street", "Nathan Road").
const STREET_AFTER_WORDS: &str = "\
    street st road rd avenue ave av lane ln drive dr boulevard blvd way court ct place pl terrace close crescent square sq \
    highway hwy parkway pkwy row walk gardens grove mews hill circle trail parade";
/// Street types that only count beside a house number (they are also common words).
const WEAK_STREET_WORDS: &str = "\
    via way court place close row walk hill circle trail parade square dr st av pl ct ln sq drive gardens grove";
/// Endings of one-word street names ("Lindwurmstraße", "Kastanienallee", "Nørrebrogade").
const STREET_SUFFIXES: &str = "strasse strase gasse allee platz chaussee straat gade gatan vagen veien ulica";
/// Endings that are also endings of common words ("Spring", "Umweg"): only beside a number.
const WEAK_STREET_SUFFIXES: &str = "weg damm ufer ring steig pfad laan gracht plein vej tie katu";
/// Flat, floor and unit words followed by a number ("Flat 4", "Apt. 12B").
const UNIT_WORDS_WORDS: &str = "flat apt apartment suite unit floor piso andar etage wohnung stock top box postfach bus";
/// Dense-script chars that end a house or flat number ("88号", "3丁目", "301室").
const DENSE_NUMBER_ENDS: &[char] = &['号', '號', '番', '丁', '栋', '棟', '室', '楼', '樓', '弄', '巷', '호', '번', '동', '층', '階'];
/// Dense-script chars that end a street name before its number ("建国路88号", "테헤란로 123").
const DENSE_STREET_ENDS: &[char] = &['路', '街', '道', '巷', '弄', '里', '村', '区', '市', '로', '길', '町'];

/// Words before a date of birth.
const BIRTH_CUES_WORDS: &str = "\
    born birth birthday birthdate dob geb geboren geburtsdatum geburtstag ne nee naissance nacido nacida nacimiento nascido \
    nascida nascimento nato nata nascita urodzony urodzona fodd fodt geboortedatum";
const DENSE_BIRTH_CUES: &str = "生日 出生 生年月日 誕生日 생일 생년월일 เกิด";
/// Words before a passport, ID or account number.
const ID_CUES_WORDS: &str = "\
    passport pass reisepass passeport pasaporte passaporto paszport ausweis personalausweis id dni nie nif ssn nino cpf bsn \
    pesel licence license fuhrerschein iban account konto bic card karte tax steuer svnr sozialversicherungsnummer codice \
    fiscale cni curp rfc aadhaar pan nric";
const DENSE_ID_CUES: &str = "护照 護照 身份证 身分證 パスポート 旅券 여권 주민등록 账号 口座 계좌";
/// Words before an order number.
const ORDER_CUES_WORDS: &str = "\
    order orders ordered bestellung bestellnummer auftrag commande pedido encomenda ordine zamowienie bestelling ordre \
    tracking sendung invoice rechnung facture factura receipt transaction ref reference";
const DENSE_ORDER_CUES: &str = "订单 訂單 注文 주문 运单 單號 单号";
/// Words between a cue and its value ("order no. 123", "passport number: X").
const FILLERS_WORDS: &str = "\
    no nr nro num number nummer numero n is was on am le el the of date datum id ref in at de du del number code #";
const MONTHS_WORDS: &str = "\
    jan january feb february mar march apr april may jun june jul july aug august sep sept september oct october nov \
    november dec december januar februar marz mai juni juli oktober dezember janvier fevrier mars avril juin juillet aout \
    septembre octobre novembre decembre enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre \
    diciembre janeiro fevereiro marco maio junho julho setembro outubro novembro dezembro gennaio febbraio aprile maggio \
    giugno luglio settembre ottobre dicembre";

/// Words for "at" and "dot" in a spelled-out e-mail address.
const AT_WORDS: &str = "at arroba chez bei";
const DOT_WORDS: &str = "dot punkt point punto ponto dt";

/// The keyword lists a word is looked up in, one bit each: a word's bits are found once, in one
/// look-up, instead of comparing it with every list.
const LISTS: [&str; 17] = [
    TITLES_WORDS,
    DOTTED_TITLES_WORDS,
    RELATIONS_WORDS,
    PARTICLES_WORDS,
    STREET_BEFORE_WORDS,
    STREET_AFTER_WORDS,
    WEAK_STREET_WORDS,
    UNIT_WORDS_WORDS,
    BIRTH_CUES_WORDS,
    ID_CUES_WORDS,
    ORDER_CUES_WORDS,
    FILLERS_WORDS,
    MONTHS_WORDS,
    HANDLE_CUES_WORDS,
    AT_WORDS,
    DOT_WORDS,
    HANDLE_LABELS_WORDS,
];
const TITLES: u32 = 1 << 0;
const DOTTED_TITLES: u32 = 1 << 1;
const RELATIONS: u32 = 1 << 2;
const PARTICLES: u32 = 1 << 3;
const STREET_BEFORE: u32 = 1 << 4;
const STREET_AFTER: u32 = 1 << 5;
const WEAK_STREET: u32 = 1 << 6;
const UNIT_WORDS: u32 = 1 << 7;
const BIRTH_CUES: u32 = 1 << 8;
const ID_CUES: u32 = 1 << 9;
const ORDER_CUES: u32 = 1 << 10;
const FILLERS: u32 = 1 << 11;
const MONTHS: u32 = 1 << 12;
const HANDLE_CUES: u32 = 1 << 13;
const AT: u32 = 1 << 14;
const DOT: u32 = 1 << 15;
const HANDLE_LABELS: u32 = 1 << 16;

/// Every keyword with the bits of the lists it is in.
fn keywords() -> &'static BTreeMap<&'static str, u32> {
    static TABLE: OnceLock<BTreeMap<&'static str, u32>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut m = BTreeMap::new();
        for (bit, list) in LISTS.iter().enumerate() {
            for w in list.split(' ').filter(|w| !w.is_empty()) {
                *m.entry(w).or_insert(0) |= 1u32 << bit;
            }
        }
        m
    })
}

/// The words with what the detectors ask of them, computed once.
struct Words<'t, 'a> {
    t: &'t Text<'a>,
    w: Vec<Word>,
    /// Folded text of each word of up to [`KEY_LEN`] chars (longer words match no keyword).
    keys: Vec<String>,
    /// The [`LISTS`] each word is in, as bits.
    lists: Vec<u32>,
}

const KEY_LEN: usize = 28;

impl<'t, 'a> Words<'t, 'a> {
    fn new(t: &'t Text<'a>) -> Words<'t, 'a> {
        let w = words(t);
        let keys: Vec<String> = w
            .iter()
            .map(|x| if x.end - x.start <= KEY_LEN { t.folded.get(x.start..x.end).unwrap_or(&[]).iter().collect() } else { String::new() })
            .collect();
        let table = keywords();
        let lists = keys.iter().map(|k| table.get(k.as_str()).copied().unwrap_or(0)).collect();
        Words { t, w, keys, lists }
    }

    fn get(&self, k: usize) -> Option<Word> {
        self.w.get(k).copied()
    }

    fn key(&self, k: usize) -> &str {
        self.keys.get(k).map_or("", String::as_str)
    }

    /// Is word `k` in any of the `lists` (bits of [`LISTS`])?
    fn is(&self, k: usize, lists: u32) -> bool {
        self.lists.get(k).is_some_and(|b| b & lists != 0)
    }

    /// The chars between word `k` and word `k + 1`.
    fn gap(&self, k: usize) -> &[char] {
        match (self.get(k), self.get(k + 1)) {
            (Some(a), Some(b)) => self.t.slice(a.end, b.start),
            _ => &[],
        }
    }

    /// Word `k + 1` follows `k` after at most `max` chars, all of them in `allowed`.
    fn joined(&self, k: usize, max: usize, allowed: impl Fn(char) -> bool) -> bool {
        let g = self.gap(k);
        self.get(k + 1).is_some() && g.len() <= max && g.iter().all(|&c| allowed(c))
    }

    fn spaced(&self, k: usize) -> bool {
        self.joined(k, 3, |c| c.is_whitespace())
    }

    fn capitalised(&self, k: usize) -> bool {
        self.get(k).is_some_and(|w| !w.dense && self.t.at(w.start).is_uppercase())
    }

    fn alphabetic(&self, k: usize) -> bool {
        self.get(k)
            .is_some_and(|w| !w.dense && self.t.slice(w.start, w.end).iter().all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-')))
    }

    fn digits(&self, k: usize) -> usize {
        self.get(k).map_or(0, |w| self.t.slice(w.start, w.end).iter().filter(|c| c.is_ascii_digit()).count())
    }

    fn len(&self, k: usize) -> usize {
        self.get(k).map_or(0, |w| w.end - w.start)
    }

    /// A house number: "12", "12a", "221B", "5/3" (the part before the slash), "3º".
    fn house_number(&self, k: usize) -> bool {
        let Some(w) = self.get(k) else { return false };
        let s = self.t.slice(w.start, w.end);
        let d = s.iter().take_while(|c| c.is_ascii_digit()).count();
        !w.dense && (1..=5).contains(&d) && s.len() - d <= 2 && s.iter().skip(d).all(|c| c.is_alphabetic())
    }
}

/// Everything found in `t`: start, end, what.
pub(crate) fn detect(t: &Text) -> Vec<(usize, usize, Found)> {
    let ws = Words::new(t);
    let mut out = Vec::new();
    titled_names(&ws, &mut out);
    dense_names(t, &ws, &mut out);
    streets(&ws, &mut out);
    dense_addresses(t, &mut out);
    cued(&ws, &mut out);
    dense_cued(t, &ws, &mut out);
    month_dates(&ws, &mut out);
    codes(&ws, &mut out);
    ibans(&ws, &mut out);
    spelled_emails(&ws, &mut out);
    handles(&ws, &mut out);
    postcodes(&ws, &mut out);
    links(t, &mut out);
    out
}

/// Networks and messengers whose name a handle follows.
const HANDLE_CUES_WORDS: &str = "\
    instagram insta twitter tiktok telegram whatsapp wechat weixin facebook skype snapchat bluesky mastodon discord viber \
    kakao kakaotalk linkedin youtube username";
/// Names that are also common words ("line 3", "signal"): a handle only after `:`, `@` or `=`.
const HANDLE_LABELS_WORDS: &str = "ig tg wa fb line signal threads snap handle user nick id";
const DENSE_HANDLE_CUES: &str = "微信 推特 脸书 抖音 小红书 微博 カカオ 카톡 라인";

/// "IG: anna_k", "telegram anna.k93", "微信：wxid_abc123": the next word and what is glued to it
/// by `_`, `.` or `-`.
fn handles(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let t = ws.t;
    let n = ws.w.len();
    for k in 0..n {
        let Some(w) = ws.get(k) else { continue };
        let cue = if w.dense {
            DENSE_HANDLE_CUES
                .split(' ')
                .any(|c| w.end.checked_sub(c.chars().count()).is_some_and(|i| i >= w.start && starts_with_at(t, i, c)))
        } else {
            ws.is(k, HANDLE_CUES) || (ws.is(k, HANDLE_LABELS) && ws.gap(k).iter().any(|c| matches!(c, ':' | '：' | '@' | '=')))
        };
        if !cue || !ws.joined(k, 4, |c| c.is_whitespace() || matches!(c, ':' | '：' | '@' | '-' | '=')) {
            continue;
        }
        // A handle has a letter ("line 3" is no handle; a number is found as a number).
        if ws.get(k + 1).is_some_and(|x| !ws.t.slice(x.start, x.end).iter().any(|c| c.is_alphabetic())) {
            continue;
        }
        let mut last = k + 1;
        while last + 1 < n && last < k + 6 && ws.joined(last, 1, |c| matches!(c, '_' | '.' | '-')) {
            last += 1;
        }
        if let (Some(a), Some(b)) = (ws.get(k + 1), ws.get(last))
            && !a.dense
        {
            out.push((a.start, b.end, Found::Handle));
        }
    }
}

/// Postcodes of the UK and Canada ("NW1 6XE", "K1A 0B1") and the Netherlands ("1012 AB").
fn postcodes(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let t = ws.t;
    let shape = |k: usize, pat: &[&str]| {
        ws.get(k).is_some_and(|w| {
            let s = t.slice(w.start, w.end);
            pat.iter().any(|p| {
                p.len() == s.len()
                    && p.chars().zip(s).all(|(q, c)| match q {
                        'A' => c.is_ascii_uppercase(),
                        '9' => c.is_ascii_digit(),
                        _ => c.is_ascii_alphanumeric(),
                    })
            })
        })
    };
    for k in 0..ws.w.len() {
        let uk = shape(k, &["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]) && shape(k + 1, &["9AA"]);
        let ca = shape(k, &["A9A"]) && shape(k + 1, &["9A9"]);
        let nl = shape(k, &["9999"]) && shape(k + 1, &["AA"]);
        if (uk || ca || nl)
            && ws.joined(k, 1, |c| c == ' ')
            && let (Some(a), Some(b)) = (ws.get(k), ws.get(k + 1))
        {
            out.push((a.start, b.end, Found::Address));
        }
    }
}

/// Web links: a run of non-space chars that holds "://", starts with "www.", or is a host name
/// followed by a path ("instagram.com/anna_k", "wa.me/351912345678"). Runs are disjoint, so the
/// scan is linear.
fn links(t: &Text, out: &mut Vec<(usize, usize, Found)>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        if t.at(i).is_whitespace() {
            i += 1;
            continue;
        }
        let s = i;
        // The host: labels joined by dots, the last one (the top-level domain) of 2 or more
        // letters ("12.50/unit" is no host).
        let (mut scheme, mut host_dot, mut path, mut host, mut tld, mut tld_digit) = (false, false, false, true, 0usize, false);
        while i < n && !t.at(i).is_whitespace() {
            let c = t.at(i);
            if c == ':' && t.at(i + 1) == '/' && t.at(i + 2) == '/' {
                scheme = true;
            }
            if host {
                if c == '.' && is_word_char(t.at(i + 1)) && i > s {
                    host_dot = true;
                    (tld, tld_digit) = (0, false);
                } else if c == '/' {
                    path = host_dot && tld >= 2 && !tld_digit;
                    host = false;
                } else if c.is_alphabetic() {
                    tld += 1;
                } else if is_word_char(c) || c == '-' {
                    tld_digit = true;
                } else {
                    host = false;
                }
            }
            i += 1;
        }
        let www = starts_with_at(t, s, "www.");
        if scheme || www || path {
            let mut e = i;
            while e > s && matches!(t.before(e), '.' | ',' | ';' | ')' | '!' | '?' | '"' | '\'') {
                e -= 1;
            }
            out.push((s, e, Found::Link));
        }
    }
}

/// "Mr John Smith", "Frau Dr. Huber", "Sr. JOSE MARIA O'NEIL": a title, then up to three
/// capitalised words (particles between them), or one word when the text is in lower case.
fn titled_names(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let n = ws.w.len();
    for k in 0..n {
        let dot = ws.gap(k).first() == Some(&'.');
        let titled = ws.is(k, TITLES) || (dot && ws.is(k, DOTTED_TITLES));
        // "my husband Bob", "signed Maria", "I am Ana": the name after the cue, not the cue.
        let related = ws.is(k, RELATIONS) || (ws.key(k) == "am" && k > 0 && ws.key(k - 1) == "i");
        if related && ws.joined(k, 3, |c| c.is_whitespace() || matches!(c, ',' | ':')) && ws.capitalised(k + 1) && ws.alphabetic(k + 1) {
            let mut last = k + 1;
            while last < k + 3 && ws.spaced(last) && ws.capitalised(last + 1) && ws.alphabetic(last + 1) {
                last += 1;
            }
            if let (Some(a), Some(b)) = (ws.get(k + 1), ws.get(last)) {
                out.push((a.start, b.end, Found::Name));
            }
        }
        if !titled {
            continue;
        }
        if !ws.joined(k, 3, |c| c.is_whitespace() || c == '.') {
            continue;
        }
        let (Some(first), mut last) = (ws.get(k), None) else { continue };
        let mut j = k + 1;
        let mut taken = 0;
        // Titles may stack ("Frau Dr. Huber").
        while j < n && ws.is(j, TITLES | DOTTED_TITLES) && ws.joined(j, 3, |c| c.is_whitespace() || c == '.') && j < k + 3 {
            j += 1;
        }
        while j < n && taken < 3 {
            let particle = ws.is(j, PARTICLES) && ws.spaced(j) && ws.capitalised(j + 1);
            if ws.capitalised(j) || particle {
                last = ws.get(j);
                taken += 1;
                if !ws.spaced(j) || particle && taken >= 3 {
                    break;
                }
                j += 1;
            } else {
                if taken == 0 && ws.alphabetic(j) && ws.is(k, TITLES) {
                    last = ws.get(j);
                }
                break;
            }
        }
        if let Some(l) = last {
            out.push((first.start, l.end, Found::Name));
        }
    }
}

fn starts_with_at(t: &Text, i: usize, s: &str) -> bool {
    s.chars().enumerate().all(|(k, c)| t.folded_at(i + k) == c)
}

/// Names before a dense-script title ("王小明先生", "田中さん", "김민수 씨", "Anna先生") and after a
/// Thai one ("คุณสมชาย ใจดี"). A dense name has no boundary: up to four chars before the title are
/// taken, which may take a word too many (the text prefers losing a word to keeping a name).
fn dense_names(t: &Text, ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    for (k, w) in ws.w.iter().enumerate() {
        if !w.dense {
            continue;
        }
        for i in w.start..w.end {
            if let Some(sfx) = DENSE_SUFFIXES.split(' ').find(|s| starts_with_at(t, i, s)) {
                let end = i + sfx.chars().count();
                let start = if i > w.start {
                    i.saturating_sub(4).max(w.start)
                } else if let Some(p) = k.checked_sub(1).and_then(|p| ws.get(p))
                    && t.slice(p.end, w.start).iter().all(|c| *c == ' ')
                    && w.start - p.end <= 1
                {
                    // The name is the word before, in a dense script or not.
                    if p.dense { p.end.saturating_sub(4).max(p.start) } else { p.start }
                } else {
                    continue;
                };
                out.push((start, end, Found::Name));
            }
            if let Some(pfx) = DENSE_PREFIXES.split(' ').find(|s| starts_with_at(t, i, s)) {
                let from = i + pfx.chars().count();
                let mut end = (from + 20).min(w.end);
                if end == w.end && w.end - from < 20 {
                    // The surname after one space.
                    if let Some(nx) = ws.get(k + 1)
                        && nx.dense
                        && nx.start == w.end + 1
                    {
                        end = nx.end.min(nx.start + 20);
                    }
                }
                if from == w.end
                    && let Some(nx) = ws.get(k + 1)
                    && nx.start <= w.end + 1
                {
                    end = nx.end.min(nx.start + 20);
                }
                out.push((i, end, Found::Name));
            }
        }
    }
}

/// Street addresses: a street type and the capitalised words of its name, with the house
/// number, flat, postal code and city around it ("12 Rua Augusta, Lisboa", "88 Nathan Road",
/// "Hauptstraße 5, 80331 München", "Flat 4").
fn streets(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let n = ws.w.len();
    let sep = |c: char| c.is_whitespace() || matches!(c, ',' | '.');
    for k in 0..n {
        let key = ws.key(k);
        let ends = |list: &str| list.split(' ').any(|s| key.len() > s.len() + 2 && key.ends_with(s));
        let named = ws.capitalised(k) && ws.alphabetic(k);
        let suffix = named && (ends(STREET_SUFFIXES) || (ws.len(k) > 5 && key.ends_with("str")));
        let weak_suffix = named && !suffix && ends(WEAK_STREET_SUFFIXES);
        let before = ws.is(k, STREET_BEFORE)
            && ws.joined(k, 3, sep)
            && (ws.capitalised(k + 1) || (ws.is(k + 1, PARTICLES) && ws.spaced(k + 1) && ws.capitalised(k + 2)));
        let after = ws.is(k, STREET_AFTER) && k > 0 && ws.joined(k - 1, 2, |c| c == ' ') && ws.capitalised(k - 1);
        let unit = ws.is(k, UNIT_WORDS) && ws.joined(k, 3, |c| sep(c) || c == '#') && ws.digits(k + 1) > 0;
        if !(suffix || weak_suffix || before || after || unit) {
            continue;
        }
        let (mut a, mut b) = (k, k);
        if before {
            // The name after the type: capitalised words and particles.
            while b + 1 < n && b < k + 5 && ws.joined(b, 2, |c| c == ' ' || c == '.') && (ws.capitalised(b + 1) || ws.is(b + 1, PARTICLES))
            {
                b += 1;
            }
        }
        if after {
            while a > 0 && a + 4 > k && ws.joined(a - 1, 2, |c| c == ' ') && ws.capitalised(a - 1) {
                a -= 1;
            }
        }
        if unit {
            b = k + 1;
        }
        // House numbers on either side.
        let mut numbered = false;
        if a > 0 && ws.joined(a - 1, 2, |c| matches!(c, ' ' | ',')) && ws.house_number(a - 1) {
            a -= 1;
            numbered = true;
        }
        if ws.joined(b, 3, |c| sep(c) || c == '#') && ws.house_number(b + 1) {
            b += 1;
            numbered = true;
            // "5, 3º B", "12/3"
            while b + 1 < n
                && b < k + 9
                && ws.joined(b, 3, |c| sep(c) || matches!(c, '/' | 'º' | '°' | 'ª' | '-'))
                && (ws.house_number(b + 1) || ws.len(b + 1) == 1)
            {
                b += 1;
            }
        }
        let weak = ws.is(k, WEAK_STREET) || weak_suffix;
        if weak && !numbered && !suffix {
            continue;
        }
        // The postal code and the city after it: ", 80331 München", ", Lisboa".
        if ws.joined(b, 3, sep) && ws.digits(b + 1) >= 3 && ws.digits(b + 1) == ws.len(b + 1) {
            b += 1;
        }
        let mut city = 0;
        while city < 2 && ws.joined(b, 3, |c| sep(c) && c != '.') && ws.capitalised(b + 1) && ws.alphabetic(b + 1) {
            b += 1;
            city += 1;
        }
        if let (Some(x), Some(y)) = (ws.get(a), ws.get(b)) {
            out.push((x.start, y.end, Found::Address));
        }
    }
}

/// Chinese, Japanese and Korean addresses: a number between a street char and a number-ending
/// char ("建国路88号", "3丁目5番", "테헤란로 123"), with the dense chars before it (district, city).
fn dense_addresses(t: &Text, out: &mut Vec<(usize, usize, Found)>) {
    let n = t.len();
    let mut i = 0;
    while i < n {
        if !t.at(i).is_ascii_digit() {
            i += 1;
            continue;
        }
        let s = i;
        while t.at(i).is_ascii_digit() || (matches!(t.at(i), '-' | '−') && t.at(i + 1).is_ascii_digit()) {
            i += 1;
        }
        let mut before = s;
        if t.before(before) == ' ' && is_dense(t.before(before - 1)) {
            before -= 1;
        }
        let street = DENSE_STREET_ENDS.contains(&t.before(before));
        let ends = DENSE_NUMBER_ENDS.contains(&t.at(i));
        if !(street || ends) || !(is_dense(t.before(before)) || is_dense(t.at(i))) {
            continue;
        }
        let mut a = before;
        while a > 0 && a + 12 > before && is_dense(t.before(a)) {
            a -= 1;
        }
        let mut e = i;
        // "88号2栋301室", "3丁目5番地"
        loop {
            while DENSE_NUMBER_ENDS.contains(&t.at(e)) || matches!(t.at(e), '目' | '地' | '지') {
                e += 1;
            }
            if t.at(e).is_ascii_digit() {
                while t.at(e).is_ascii_digit() || t.at(e) == '-' {
                    e += 1;
                }
            } else {
                break;
            }
        }
        out.push((a, e, Found::Address));
        i = e.max(i);
    }
}

/// The value after a cue word: skip fillers and punctuation, then take the words of the value.
fn cued(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let n = ws.w.len();
    for k in 0..n {
        let what = if ws.is(k, BIRTH_CUES) {
            Found::Date
        } else if ws.is(k, ID_CUES) {
            Found::Id
        } else if ws.is(k, ORDER_CUES) {
            Found::Order
        } else {
            continue;
        };
        let link = |c: char| c.is_whitespace() || matches!(c, ':' | '.' | '#' | '=' | '-' | '(' | '°' | 'º' | '/');
        let mut j = k + 1;
        while j < n && j <= k + 3 && ws.joined(j - 1, 4, link) && ws.is(j, FILLERS) && ws.digits(j) == 0 {
            j += 1;
        }
        if j >= n || !ws.joined(j - 1, 4, link) {
            continue;
        }
        if what != Found::Date && ws.get(j).is_some_and(|w| date_len(ws.t, w.start).is_some()) {
            continue;
        }
        let mut last = j;
        match what {
            Found::Date => {
                // Day, month, year in any order: words with digits or month names.
                if !(ws.digits(j) > 0 || ws.is(j, MONTHS)) {
                    continue;
                }
                while last + 1 < n
                    && last < j + 4
                    && ws.joined(last, 3, |c| c.is_whitespace() || matches!(c, '.' | ',' | '/' | '-'))
                    && (ws.digits(last + 1) > 0 || ws.is(last + 1, MONTHS))
                {
                    last += 1;
                }
            }
            _ => {
                // One code, possibly in groups ("AB 123456", "302-1234567-1234567").
                if ws.digits(j) == 0 {
                    continue;
                }
                while last + 1 < n && last < j + 6 && ws.joined(last, 1, |c| matches!(c, ' ' | '-' | '/' | '.')) && ws.digits(last + 1) > 0
                {
                    last += 1;
                }
                if what == Found::Order && ws.digits(j) < 3 && last == j {
                    continue;
                }
            }
        }
        if let (Some(a), Some(b)) = (ws.get(j), ws.get(last)) {
            out.push((a.start, b.end, what));
        }
    }
}

/// Dense-script cues ("生日：1985年3月12日", "护照号码E12345678", "注文番号 123-456"): the digits and
/// code chars after the cue.
fn dense_cued(t: &Text, ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    for w in ws.w.iter().filter(|w| w.dense) {
        for i in w.start..w.end {
            let what = if DENSE_BIRTH_CUES.split(' ').any(|c| starts_with_at(t, i, c)) {
                Found::Date
            } else if DENSE_ID_CUES.split(' ').any(|c| starts_with_at(t, i, c)) {
                Found::Id
            } else if DENSE_ORDER_CUES.split(' ').any(|c| starts_with_at(t, i, c)) {
                Found::Order
            } else {
                continue;
            };
            // Up to 6 chars of cue and filler ("号码", "番号", "：") before the value.
            let mut j = i + 1;
            while j < i + 8 && j < t.len() && !t.at(j).is_ascii_alphanumeric() {
                j += 1;
            }
            let s = j;
            let mut e = j;
            while e < s + 40
                && (t.at(e).is_ascii_alphanumeric()
                    || matches!(t.at(e), '-' | '/' | '.' | ' ')
                    || (what == Found::Date && matches!(t.at(e), '年' | '月' | '日' | '년' | '월' | '일')))
            {
                e += 1;
            }
            while e > s && matches!(t.before(e), ' ' | '-' | '/' | '.') {
                e -= 1;
            }
            if t.slice(s, e).iter().any(char::is_ascii_digit) {
                out.push((s, e, what));
            }
        }
    }
}

/// Dates written with a month name and a year before 2010 ("12 March 1985", "March 12, 1985",
/// "12. März 1985"), and dense-script ones ("1985年3月12日").
fn month_dates(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let t = ws.t;
    let old_year = |k: usize| {
        ws.get(k).is_some_and(|w| {
            let s = t.slice(w.start, w.end);
            let y = s.iter().filter_map(|c| c.to_digit(10)).fold(0u32, |y, d| y.saturating_mul(10).saturating_add(d));
            !w.dense && s.len() == 4 && ws.digits(k) == 4 && (1900..2010).contains(&y)
        })
    };
    let near = |k: usize| ws.joined(k, 3, |c| c.is_whitespace() || matches!(c, '.' | ',' | '/' | '-'));
    for k in 0..ws.w.len() {
        if !old_year(k) {
            continue;
        }
        let Some(year) = ws.get(k) else { continue };
        // Dense: "1985年3月12日".
        if t.at(year.end) == '年' {
            let mut e = year.end + 1;
            while e < year.end + 8 && (t.at(e).is_ascii_digit() || matches!(t.at(e), '月' | '日')) {
                e += 1;
            }
            out.push((year.start, e, Found::Date));
            continue;
        }
        let mut a = k;
        for _ in 0..2 {
            if a > 0 && near(a - 1) && (ws.is(a - 1, MONTHS) || (ws.digits(a - 1) > 0 && ws.len(a - 1) <= 2)) {
                a -= 1;
            }
        }
        if (a..k).any(|m| ws.is(m, MONTHS))
            && let Some(first) = ws.get(a)
        {
            out.push((first.start, year.end, Found::Date));
        }
    }
}

/// Codes that are somebody's number rather than a business reference: a run of 7 or more digits
/// inside a code ("AMZ-302-1234567", "tel351912345678", "IMG_20260301_123456"), letters and 5
/// or more digits with no separator ("C01X00T47", "DE89370400440532013000"), or letters glued to
/// 7 or more digits in groups ("call0151-234-5678").
fn codes(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let t = ws.t;
    let n = t.len();
    let is_code = |c: char| c.is_ascii_alphanumeric();
    let joiner = |c: char| matches!(c, '-' | '_' | '.' | '/' | '#' | ':');
    let mut i = 0;
    while i < n {
        if !is_code(t.at(i)) || is_word_char(t.before(i)) {
            i += 1;
            continue;
        }
        let s = i;
        let (mut letters, mut digits, mut run, mut max_run, mut joined, mut glue) = (0usize, 0usize, 0usize, 0usize, false, false);
        loop {
            let c = t.at(i);
            if c.is_ascii_digit() {
                digits += 1;
                run += 1;
                max_run = max_run.max(run);
                glue |= t.before(i).is_ascii_alphabetic();
            } else if is_code(c) {
                letters += 1;
                run = 0;
                glue |= t.before(i).is_ascii_digit();
            } else if joiner(c) && is_code(t.at(i + 1)) {
                joined = true;
                run = 0;
            } else {
                break;
            }
            i += 1;
        }
        // Glued to more word chars (non-ASCII letters): not a code of this kind.
        if is_word_char(t.at(i)) {
            while is_word_char(t.at(i)) {
                i += 1;
            }
            continue;
        }
        // "call0151-234-5678now": letters glued to a phone number in groups.
        let somebody = letters > 0 && (max_run >= 7 || (!joined && digits >= 5) || (glue && digits >= 7));
        if somebody {
            out.push((s, i, Found::Id));
        }
    }
}

/// IBANs written in groups of four: "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32".
fn ibans(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let t = ws.t;
    for k in 0..ws.w.len() {
        let Some(w) = ws.get(k) else { continue };
        let s = t.slice(w.start, w.end);
        let head = s.len() == 4 && s.iter().take(2).all(char::is_ascii_uppercase) && s.iter().skip(2).all(char::is_ascii_digit);
        if !head {
            continue;
        }
        let (mut last, mut total) = (k, 4);
        while last < k + 9
            && ws.joined(last, 1, |c| c == ' ')
            && (1..=4).contains(&ws.len(last + 1))
            && ws.get(last + 1).is_some_and(|x| t.slice(x.start, x.end).iter().all(char::is_ascii_alphanumeric))
        {
            last += 1;
            total += ws.len(last);
        }
        if total >= 15
            && let Some(e) = ws.get(last)
        {
            out.push((w.start, e.end, Found::Id));
        }
    }
}

/// E-mail addresses spelled out: "anna at example dot com", "anna(at)example(dot)com",
/// "anna [at] example [dot] com", "ana dot lima at example.com", "anna @ example . com".
fn spelled_emails(ws: &Words, out: &mut Vec<(usize, usize, Found)>) {
    let n = ws.w.len();
    let open = |c: char| c.is_whitespace() || matches!(c, '[' | '(' | '{' | '<');
    let close = |c: char| c.is_whitespace() || matches!(c, ']' | ')' | '}' | '>');
    let bracketed = |c: char| open(c) || close(c);
    // The link after word `k` is "at" (as a word or a char), or "dot": the index of the next
    // word of the address.
    let link = |k: usize, word: u32, ch: char| -> Option<usize> {
        let g = ws.gap(k);
        let inner: Vec<char> = g.iter().copied().filter(|c| !bracketed(*c)).collect();
        if inner == [ch] && g.len() <= 5 && ws.get(k + 1).is_some() {
            return Some(k + 1);
        }
        if g.is_empty() || g.len() > 3 || !g.iter().all(|c| open(*c)) || !ws.is(k + 1, word) {
            return None;
        }
        let g2 = ws.gap(k + 1);
        (!g2.is_empty() && g2.len() <= 3 && g2.iter().all(|c| close(*c)) && ws.get(k + 2).is_some()).then_some(k + 2)
    };
    for k in 0..n {
        let Some(domain) = link(k, AT, '@') else { continue };
        let mut last = domain;
        let mut dots = 0;
        while let Some(next) = link(last, DOT, '.') {
            last = next;
            dots += 1;
            if dots >= 4 {
                break;
            }
        }
        if dots == 0 || ws.get(domain).is_some_and(|w| w.dense) {
            continue;
        }
        // The local part may be dotted too ("ana dot lima", "ana.lima", "ana_lima").
        let mut first = k;
        for _ in 0..3 {
            let Some(p) = first.checked_sub(1) else { break };
            if ws.joined(p, 1, |c| matches!(c, '.' | '_' | '-' | '+')) {
                first = p;
            } else if p >= 1 && ws.is(p, DOT) && link(p - 1, DOT, '.') == Some(first) {
                first = p - 1;
            } else {
                break;
            }
        }
        if let (Some(a), Some(b)) = (ws.get(first), ws.get(last)) {
            out.push((a.start, b.end, Found::Email));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &str) -> Vec<(String, Found)> {
        let t = Text::new(s);
        detect(&t).into_iter().map(|(a, b, f)| (t.string(a, b), f)).collect()
    }

    fn has(s: &str, what: &str, f: Found) {
        let got = found(s);
        assert!(got.iter().any(|(x, g)| x == what && *g == f), "`{what}` ({f:?}) not found in `{s}`: {got:?}");
    }

    #[test]
    fn a_hyphen_or_apostrophe_is_inside_a_word_only_between_letters() {
        let t = Text::new("O'Neil-Sousa, Smith- and 'Anna'");
        let got: Vec<String> = words(&t).iter().map(|w| t.string(w.start, w.end)).collect();
        assert_eq!(got, ["O'Neil-Sousa", "Smith", "and", "Anna"]);
    }

    #[test]
    fn a_weak_street_word_makes_an_address_only_beside_a_house_number() {
        assert!(found("met at Green Court yesterday").is_empty());
        has("met at 12 Green Court yesterday", "12 Green Court", Found::Address);
    }

    #[test]
    fn an_id_cue_makes_the_number_after_it_an_id() {
        has("passport 4711 0815", "4711 0815", Found::Id);
        assert!(found("teapot 4711 0815").is_empty());
    }

    #[test]
    fn names_after_titles() {
        has("spoke to Mr. John Smith today", "Mr. John Smith", Found::Name);
        has("Frau Dr. Huber rief an", "Frau Dr. Huber", Found::Name);
        has("Sr. JOSE MARIA O'NEIL-SOUSA (tel", "Sr. JOSE MARIA O'NEIL-SOUSA", Found::Name);
        has("mme dupont says", "mme dupont", Found::Name);
        has("M. Dupont a écrit", "M. Dupont", Found::Name);
        has("我联系了王小明先生", "了王小明先生", Found::Name);
        has("田中さんから", "田中さん", Found::Name);
        has("김민수 씨가", "김민수 씨", Found::Name);
        has("คุณสมชาย ใจดี โทร", "คุณสมชาย ใจดี", Found::Name);
        assert!(found("5 M. long").iter().all(|(_, f)| *f != Found::Name));
    }

    #[test]
    fn addresses() {
        has("lives at 221B Baker Street, London now", "221B Baker Street, London", Found::Address);
        has("Hauptstraße 5, 80331 München", "Hauptstraße 5, 80331 München", Found::Address);
        has("send to Rua Augusta 12", "Rua Augusta 12", Found::Address);
        has("Flat 4, 88 Nathan Road, Kowloon", "88 Nathan Road, Kowloon", Found::Address);
        has("Flat 4, 88", "Flat 4, 88", Found::Address);
        has("住在北京市朝阳区建国路88号2栋301室", "住在北京市朝阳区建国路88号2栋301室", Found::Address);
        assert!(found("it broke on the way home").is_empty());
    }

    #[test]
    fn cues_and_codes() {
        has("born 12.03.1985", "12.03.1985", Found::Date);
        has("DOB: 5 April 2001", "5 April 2001", Found::Date);
        has("she was born on 12 March 1985.", "12 March 1985", Found::Date);
        has("生日：1985年3月12日", "1985年3月12日", Found::Date);
        has("passport no. C01X00T47", "C01X00T47", Found::Id);
        has("Amazon order 302-1234567-1234567", "302-1234567-1234567", Found::Order);
        has("iban DE89370400440532013000", "DE89370400440532013000", Found::Id);
        has("pay to DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00", Found::Id);
        has("tel351912345678", "tel351912345678", Found::Id);
        assert!(found("lot L-2026-02-11-A, claim CLM-2026-0142, PO-88121, r5512-1.jpg").is_empty());
    }

    #[test]
    fn handles_links_postcodes() {
        has("IG: anna_k93 and telegram anna.k", "anna_k93", Found::Handle);
        has("IG: anna_k93 and telegram anna.k", "anna.k", Found::Handle);
        has("微信：wxid_abc123", "wxid_abc123", Found::Handle);
        has("see instagram.com/anna_k.", "instagram.com/anna_k", Found::Link);
        has("https://wa.me/351912345678", "https://wa.me/351912345678", Found::Link);
        has("London NW1 6XE", "NW1 6XE", Found::Address);
        assert!(found("12.50/unit and/or 04/03/2026").is_empty());
    }

    #[test]
    fn spelled_out_emails() {
        has("write anna at example dot com", "anna at example dot com", Found::Email);
        has("anna(at)example(dot)com", "anna(at)example(dot)com", Found::Email);
        has("anna [at] example [dot] co [dot] uk", "anna [at] example [dot] co [dot] uk", Found::Email);
        has("ana dot lima at example dot com", "ana dot lima at example dot com", Found::Email);
        has("ana.lima at example.com", "ana.lima at example.com", Found::Email);
        has("anna @ example . com", "anna @ example . com", Found::Email);
        assert!(found("look at the box. Dot it").is_empty());
    }
}
