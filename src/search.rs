//! Search as you type over products' English and local-language names, in the shopper's words. Both the
//! names and the query are folded the same way: ASCII case, Latin diacritics (é → e, ß → ss) and
//! Devanagari nukta (फ़ → फ) are ignored, so "creme" finds "Crème" and "कॉफी" finds "कॉफ़ी". Each word
//! is also compared by how it sounds ([`sound`]), so Hindi typed in English letters, however it is spelt,
//! finds the Devanagari name and the English one ("aata", "atta" → आटा); and a word one letter off still
//! finds its product. Products are ranked by how well each word fits ([`Fit`]). Hand-written tables, not
//! a Unicode or transliteration library: the shopper's first load has no room for one
//! (`unicode-normalization` 0.1, for the diacritics alone, measured 41.6 KB of brotli wasm: BENCHMARKS.md).

use std::cell::RefCell;

use haat_api::Catalog;

/// Base letters of U+00C0..=U+017F (Latin-1 Supplement letters and Latin Extended-A), one per code
/// point; `.` keeps the character as it is. Ligatures (Æ, ß, Ĳ, Œ) are spelled out in [`fold`].
const LATIN: &[u8; 192] = b"aaaaaa.ceeeeiiiidnooooo.ouuuuy..aaaaaa.ceeeeiiiidnooooo.ouuuuy.y\
aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii..jjkkklllllll\
lllnnnnnnnnnoooooo..rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";

/// `text` as search compares it: lower-case ASCII, Latin letters without diacritics, Devanagari
/// without nukta, runs of whitespace as one space.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            // Combining marks of decomposed text (e + U+0301) and the Devanagari nukta.
            '\u{300}'..='\u{36f}' | '\u{93c}' => {}
            'Æ' | 'æ' => folded.push_str("ae"),
            'ß' => folded.push_str("ss"),
            'Ĳ' | 'ĳ' => folded.push_str("ij"),
            'Œ' | 'œ' => folded.push_str("oe"),
            '\u{c0}'..='\u{17f}' => {
                let base = LATIN[(u32::from(c) - 0xc0) as usize];
                folded.push(if base == b'.' { c } else { char::from(base) });
            }
            // Consonants with a nukta, precomposed, become the consonant.
            '\u{929}' => folded.push('\u{928}'),
            '\u{931}' => folded.push('\u{930}'),
            '\u{934}' => folded.push('\u{933}'),
            '\u{958}'..='\u{95f}' => folded.push(NUKTA_BASES[(u32::from(c) - 0x958) as usize]),
            c if c.is_whitespace() => {
                if !folded.ends_with(' ') {
                    folded.push(' ');
                }
            }
            c => folded.push(c.to_ascii_lowercase()),
        }
    }
    folded
}

/// क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ without their nukta.
const NUKTA_BASES: [char; 8] = ['क', 'ख', 'ग', 'ज', 'ड', 'ढ', 'फ', 'य'];

/// How a word the shopper typed meets a word of a product's names, the best last.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// One letter off ("tomatoe", "basmti"), as written or as it sounds.
    Near,
    /// Inside a word ("mati" in "basmati").
    Inside,
    /// The start of a word, as written or as it sounds ("chaw" of "chawal", and so of "चावल").
    Start,
    /// A whole word, as written or as it sounds ("aata", "atta" and "आटा" alike).
    Whole,
}

/// Every product's names (English, local, and the shop's search words), folded and sounded once per
/// catalog so that each keystroke only compares: for each product, its words folded and, word for word,
/// how each sounds ([`sound`]).
#[derive(Debug, Default)]
pub struct SearchIndex {
    names: Vec<(Joined, Joined)>,
    /// The last search's words but its last one, and how each product fits them: a search typed on
    /// looks again only for the word being typed (the words before it are whole, and fit as before).
    kept: RefCell<Option<Kept>>,
}

/// Words joined by spaces, where each ends, the letters of each ([`letters`]), and of them all.
#[derive(Debug)]
struct Joined {
    text: String,
    ends: Vec<usize>,
    letters: Vec<u32>,
    all: u32,
}

impl Joined {
    fn new(text: String) -> Self {
        let words = text.split(' ');
        let ends = words.clone().scan(0, |start, word| {
            let end = *start + word.len();
            *start = end + 1;
            Some(end)
        });
        let letters: Vec<u32> = words.map(letters).collect();
        let all = letters.iter().fold(0, |all, word| all | word);
        Self {
            ends: ends.collect(),
            text,
            letters,
            all,
        }
    }

    /// The word at `at`, without looking for the spaces around it.
    fn word(&self, at: usize) -> &str {
        let start = at.checked_sub(1).map_or(0, |before| self.ends[before] + 1);
        &self.text[start..self.ends[at]]
    }
}

/// The letters of `word` as a set: a bit for each of a to z, and six bits that other characters share.
fn letters(word: &str) -> u32 {
    word.chars()
        .map(|c| match c {
            'a'..='z' => 1 << (u32::from(c) - u32::from('a')),
            c => 1 << (26 + u32::from(c) % 6),
        })
        .fold(0, |set, letter| set | letter)
}

/// Whether a word with the letters `whole` ([`letters`]) may hold one with the letters `part`.
fn may_hold(whole: u32, part: u32) -> bool {
    part & !whole == 0
}

/// Whether words with these letters ([`letters`]) may be one letter off each other: each lacks at most
/// one letter of the other (the one added, left out or changed).
fn may_be_one_off(a: u32, b: u32) -> bool {
    (a & !b).count_ones() <= 1 && (b & !a).count_ones() <= 1
}

/// Words searched for, and each product's fit to them ([`SearchIndex::fits`]).
#[derive(Debug)]
struct Kept {
    words: Vec<String>,
    fits: Vec<Option<u32>>,
}

impl SearchIndex {
    /// The index of the whole catalog.
    pub fn new(catalog: &Catalog) -> Self {
        let mut index = Self::default();
        index.grow(catalog, usize::MAX);
        index
    }

    /// Adds up to `count` more of the catalog's products, in its order, to those already in: a large
    /// catalog's index is built a part at a time, between the browser's other work. Whether it now
    /// holds them all.
    pub fn grow(&mut self, catalog: &Catalog, count: usize) -> bool {
        let held = self.names.len();
        let more = catalog.products.iter().skip(held).take(count);
        self.names.extend(more.map(|product| {
            let folded = [&product.name]
                .into_iter()
                .chain(&product.name_local)
                .chain(&product.search_words)
                .map(|name| fold(name))
                .collect::<Vec<_>>()
                .join(" ");
            let sounds = folded.split(' ').map(sound).collect::<Vec<_>>().join(" ");
            (Joined::new(folded), Joined::new(sounds))
        }));
        if self.names.len() > held {
            // What was kept was for fewer products.
            self.kept.take();
        }
        self.names.len() == catalog.products.len()
    }

    /// How well each product of the catalog matches, in the catalog's order, higher the better
    /// (`Some(0)` for an empty query); `None` when a word of the query meets none of its words.
    pub fn fits(&self, query: &Query) -> Vec<Option<u32>> {
        let everything = vec![Some(0); self.names.len()];
        let Some((last, before)) = query.words.split_last() else {
            return everything;
        };
        let words: Vec<&str> = before.iter().map(|typed| typed.word.as_str()).collect();
        let mut kept = self.kept.borrow_mut();
        let fits = match &*kept {
            Some(Kept { words: same, fits }) if *same == words => fits.clone(),
            _ => {
                let fits = self.narrowed(everything, before);
                *kept = Some(Kept {
                    words: words.into_iter().map(str::to_owned).collect(),
                    fits: fits.clone(),
                });
                fits
            }
        };
        self.narrowed(fits, std::slice::from_ref(last))
    }

    /// `fits` narrowed by each of `words`: a product still in meets every word, and adds how well.
    fn narrowed(&self, mut fits: Vec<Option<u32>>, words: &[Typed]) -> Vec<Option<u32>> {
        for typed in words {
            for (fit, (folded, sounds)) in fits.iter_mut().zip(&self.names) {
                *fit =
                    fit.and_then(|total| Some(total + typed.best_in(folded, sounds)? as u32 + 1));
            }
        }
        fits
    }
}

/// What the shopper typed: each word folded, and how it sounds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    words: Vec<Typed>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Typed {
    word: String,
    sound: String,
    /// How its sound starts whatever letter is typed next ([`sure_start`]).
    start: String,
    /// The letters ([`letters`]) of the word, of its sound, and of how its sound starts.
    letters: (u32, u32, u32),
    /// Whether it is long enough to be taken as misspelt: four letters or more.
    long: bool,
}

impl Query {
    pub fn new(typed: &str) -> Self {
        let words = fold(typed)
            .split(' ')
            .filter(|word| !word.is_empty())
            .map(|word| {
                let sound = sound(word);
                let start = sure_start(word, &sound);
                Typed {
                    letters: (letters(word), letters(&sound), letters(start)),
                    long: word.chars().count() > 3,
                    word: word.to_owned(),
                    start: start.to_owned(),
                    sound,
                }
            })
            .collect();
        Self { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

impl Typed {
    /// How this typed word meets the best of a product's words, given all of them folded and all their
    /// sounds, each joined by spaces; `None` when it meets none.
    fn best_in(&self, folded: &Joined, sounds: &Joined) -> Option<Fit> {
        // The letters of all the words rule out most products, and each word's most words of the rest,
        // before a word is read: a bit operation or two each, at every keystroke.
        if !self.may_be_in(folded.all, sounds.all) {
            return None;
        }
        let mut best = None;
        for (at, (word, sounded)) in folded.letters.iter().zip(&sounds.letters).enumerate() {
            let may = self.may(*word, *sounded);
            if may.any() {
                best = best.max(self.meets(folded.word(at), sounds.word(at), &may));
            }
        }
        best
    }

    /// Whether this typed word may meet any of a product's words, knowing only the letters of them all and
    /// of all their sounds: a word one letter off lacks at most one of the typed word's letters, though
    /// the other words may hold letters the typed word lacks.
    fn may_be_in(&self, words: u32, sounds: u32) -> bool {
        let (typed, sound, start) = self.letters;
        let lacks_at_most_one = |all: u32, of: u32| (of & !all).count_ones() <= 1;
        may_hold(words, typed)
            || !self.start.is_empty() && may_hold(sounds, start)
            || self.long && lacks_at_most_one(words, typed)
            || self.long && self.sound.len() > 2 && lacks_at_most_one(sounds, sound)
    }

    /// What this typed word may be to a product's word, as far as the letters of the two and of their
    /// sounds tell. A word of fewer than four letters is never taken as misspelt, nor a sound of fewer
    /// than three.
    fn may(&self, word: u32, sounded: u32) -> May {
        let (typed, sound, start) = self.letters;
        May {
            written: may_hold(word, typed),
            heard: !self.start.is_empty() && may_hold(sounded, start),
            near_written: self.long && may_be_one_off(typed, word),
            near_heard: self.long && self.sound.len() > 2 && may_be_one_off(sound, sounded),
        }
    }

    /// How this typed word meets a product's word (folded, and its sound), knowing what it `may` be to
    /// it. A word whose sound starts with one letter is the start of others only when it starts with
    /// that letter ("cha" of "chawal", as the shopper types it out), not when the letter is all that is
    /// left of a whole word ("aata" sounds "t", and is not the start of "tomato").
    fn meets(&self, word: &str, sounded: &str, may: &May) -> Option<Fit> {
        let (typed, sound, start) = (self.word.as_str(), self.sound.as_str(), self.start.as_str());
        if may.written && word == typed || may.heard && sounded == sound {
            Some(Fit::Whole)
        } else if may.written && word.starts_with(typed)
            || may.heard
                && (start.len() > 1 || typed.starts_with(start))
                && sounded.starts_with(start)
        {
            Some(Fit::Start)
        } else if may.written && word.contains(typed)
            || may.heard && sound.len() > 2 && sounded.contains(sound)
        {
            Some(Fit::Inside)
        } else if may.near_written && one_edit(word, typed)
            || may.near_heard && one_edit(sounded, sound)
        {
            Some(Fit::Near)
        } else {
            None
        }
    }
}

/// How the sound of a word being typed starts, whatever letter comes next: without its last letter when
/// that is an o or an e, which a second o or e makes a u or an i ("do" of "doodh", "che" of "cheeni"), or
/// a nasal, which a consonant after it drops ("bhin" of "bhindi").
fn sure_start<'a>(word: &str, sound: &'a str) -> &'a str {
    match word.chars().last() {
        Some(last @ ('o' | 'e' | 'n' | 'm')) => sound.strip_suffix(last).unwrap_or(sound),
        _ => sound,
    }
}

/// What a typed word may be to a product's word, by their letters ([`Typed::may`]): in it as written or
/// as it sounds, or one letter off it either way.
struct May {
    written: bool,
    heard: bool,
    near_written: bool,
    near_heard: bool,
}

impl May {
    fn any(&self) -> bool {
        self.written || self.heard || self.near_written || self.near_heard
    }
}

/// Whether `a` becomes `b` by one letter added, left out, changed, or two neighbours swapped (or none).
/// Without allocating: it is asked of many words at each keystroke.
fn one_edit(a: &str, b: &str) -> bool {
    // One letter is at most four bytes; in English letters, one byte.
    let longer = a.len().abs_diff(b.len());
    if longer > 4 || longer > 1 && a.is_ascii() && b.is_ascii() {
        return false;
    }
    let same = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    // Back to the start of the letter the two first differ in.
    let same = (0..=same)
        .rev()
        .find(|at| a.is_char_boundary(*at) && b.is_char_boundary(*at))
        .unwrap_or(0);
    let (a, b) = (&a[same..], &b[same..]);
    let swapped = || {
        let (mut x, mut y) = (a.chars(), b.chars());
        let (x1, x2, y1, y2) = (x.next(), x.next(), y.next(), y.next());
        x1 == y2 && x2 == y1 && x.as_str() == y.as_str()
    };
    let (short_a, short_b) = (without_first(a), without_first(b));
    a == b
        || short_a == Some(b)
        || short_b == Some(a)
        || short_a.is_some() && short_a == short_b
        || swapped()
}

/// `text` without its first letter; `None` when it has none.
fn without_first(text: &str) -> Option<&str> {
    let mut rest = text.chars();
    rest.next().map(|_| rest.as_str())
}

/// How a folded word sounds, in a few Latin letters, so that the usual ways of writing a Hindi word in
/// English letters sound alike, and like the word in Devanagari: "aata", "atta" and "आटा" all sound
/// "t"; "chawal", "chaawal" and "चावल" sound "cvl"; "doodh", "dudh" and "दूध" sound "dud". The vowel
/// a (short, long, or left unwritten) is left out; ee and ii are i, oo and uu are u, ai is e, au is o;
/// aspiration (the h of kh, dh, bh), doubled letters and a nasal before a consonant are dropped; w is v,
/// z is j, sh is s, ph is f, c is k and ch is c. A word in another script sounds "" (it is only compared
/// as written).
pub fn sound(word: &str) -> String {
    if word.bytes().any(|byte| byte.is_ascii_digit()) {
        // A number ("1999", "7up") is only compared as written: its digits are no sounds to merge.
        String::new()
    } else if word.is_ascii() {
        skeleton(word)
    } else if word.chars().any(|c| ('\u{900}'..='\u{97f}').contains(&c)) {
        skeleton(&romanised(word))
    } else {
        String::new()
    }
}

/// A Devanagari word in the Latin letters Hindi speakers type it in: each consonant with its inherent a
/// unless a vowel sign or virama follows, a nasal mark as n.
fn romanised(word: &str) -> String {
    let mut latin = String::with_capacity(word.len());
    let mut letters = word.chars().peekable();
    while let Some(c) = letters.next() {
        let at =
            |first: char, table: &[&'static str]| table[(u32::from(c) - u32::from(first)) as usize];
        match c {
            '\u{915}'..='\u{939}' => {
                latin.push_str(at('\u{915}', &CONSONANTS));
                let marked = letters
                    .peek()
                    .is_some_and(|next| ('\u{93c}'..='\u{94d}').contains(next));
                if !marked {
                    latin.push('a');
                }
            }
            '\u{905}'..='\u{914}' => latin.push_str(at('\u{905}', &VOWELS)),
            '\u{93e}'..='\u{94c}' => latin.push_str(at('\u{93e}', &VOWEL_SIGNS)),
            '\u{901}' | '\u{902}' => latin.push('n'),
            '\u{903}' => latin.push('h'),
            c if c.is_ascii_alphanumeric() => latin.push(c),
            _ => {}
        }
    }
    latin
}

/// क to ह (U+0915..=U+0939).
const CONSONANTS: [&str; 37] = [
    "k", "kh", "g", "gh", "n", "ch", "chh", "j", "jh", "n", "t", "th", "d", "dh", "n", "t", "th",
    "d", "dh", "n", "n", "p", "ph", "b", "bh", "m", "y", "r", "r", "l", "l", "l", "v", "sh", "sh",
    "s", "h",
];
/// अ to औ (U+0905..=U+0914).
const VOWELS: [&str; 16] = [
    "a", "aa", "i", "ii", "u", "uu", "ri", "l", "e", "e", "e", "ai", "o", "o", "o", "au",
];
/// The vowel signs ा to ौ (U+093E..=U+094C).
const VOWEL_SIGNS: [&str; 15] = [
    "aa", "i", "ii", "u", "uu", "ri", "ri", "e", "e", "e", "ai", "o", "o", "o", "au",
];

fn is_vowel(letter: u8) -> bool {
    matches!(letter, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// The letters of [`sound`] for a word in Latin letters.
fn skeleton(latin: &str) -> String {
    let bytes = latin.as_bytes();
    // Each letter as it sounds, the vowel a still in (its neighbours are read with it).
    let mut heard: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let (letter, next) = (bytes[at], bytes.get(at + 1).copied());
        let (sounds, read) = match (letter, next) {
            (b'a', Some(b'i' | b'y' | b'e')) | (b'e', Some(b'i')) => (b'e', 2),
            (b'a', Some(b'u')) => (b'o', 2),
            (b'e' | b'i', Some(b'e' | b'i')) => (b'i', 2),
            (b'o' | b'u', Some(b'o' | b'u')) => (b'u', 2),
            (b'c', Some(b'h')) => (b'c', 2),
            (b's', Some(b'h')) => (b's', 2),
            (b'p', Some(b'h')) => (b'f', 2),
            (b'c' | b'q', _) => (b'k', 1),
            (b'w', _) => (b'v', 1),
            (b'z', _) => (b'j', 1),
            (b'x', _) => {
                heard.extend_from_slice(b"ks");
                at += 1;
                continue;
            }
            // The h of an aspirate (kh, gh, chh, jh, th, dh, ph, bh); after r or l it is a letter of its
            // own ("arhar").
            (b'h', _) if heard.last().is_some_and(|last| b"kgcjtdpb".contains(last)) => {
                at += 1;
                continue;
            }
            // The y of "-iya" ("dhaniya", "dhania").
            (b'y', _) if heard.last() == Some(&b'i') => {
                at += 1;
                continue;
            }
            (letter, _) => (letter, 1),
        };
        heard.push(sounds);
        at += read;
    }
    // A nasal right before a consonant ("bhindi" and "भिंडी" sound "bidi"), unless no consonant comes
    // before it ("anda" sounds "nd"); the vowel a still in, so the m of "tamatar" stays.
    let mut kept = Vec::with_capacity(heard.len());
    for (at, letter) in heard.iter().enumerate() {
        let before_consonant = heard.get(at + 1).is_some_and(|next| !is_vowel(*next));
        let after_consonant = heard[..at].iter().any(|earlier| !is_vowel(*earlier));
        if !(matches!(letter, b'n' | b'm') && before_consonant && after_consonant) {
            kept.push(*letter);
        }
    }
    kept.retain(|letter| *letter != b'a');
    kept.dedup();
    kept.into_iter().map(char::from).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{catalog, product};
    use haat_api::Product;

    #[test]
    fn folds_case_and_latin_diacritics() {
        assert_eq!(fold("Crème Brûlée"), "creme brulee");
        assert_eq!(fold("ÀÉÎÕÜ ÇÑ Ÿ"), "aeiou cn y");
        assert_eq!(fold("Straße Œuf Æble"), "strasse oeuf aeble");
        assert_eq!(fold("Łódź Škoda Ħal"), "lodz skoda hal");
        assert_eq!(fold("  Toor\t Dal  "), "toor dal");
        assert_eq!(fold("2 × 500 g"), "2 × 500 g", "symbols stay");
    }

    #[test]
    fn folds_decomposed_text_like_precomposed() {
        assert_eq!(fold("Cre\u{300}me"), fold("Crème"));
    }

    #[test]
    fn devanagari_is_kept_as_typed_except_the_nukta() {
        assert_eq!(fold("अरहर दाल"), "अरहर दाल");
        assert_eq!(fold("कॉफ़ी"), "कॉफी", "precomposed फ़");
        assert_eq!(fold("कॉफ\u{93c}ी"), "कॉफी", "फ + nukta");
        assert_eq!(fold("ज़ीरा"), "जीरा");
    }

    #[test]
    fn hindi_sounds_alike_however_it_is_spelt_and_in_devanagari() {
        for (spellings, sounds) in [
            (&["aata", "atta", "ata", "आटा"][..], "t"),
            (&["chawal", "chaawal", "चावल"], "cvl"),
            (&["doodh", "dudh", "दूध"], "dud"),
            (&["jeera", "zeera", "jira", "जीरा"], "jir"),
            (&["dhaniya", "dhania", "धनिया"], "dni"),
            (&["bhindi", "भिंडी"], "bidi"),
            (&["saunf", "sonf", "सौंफ"], "sof"),
            (&["chai", "चाय"], "ce"),
            (&["ghee", "ghi", "घी"], "gi"),
            (&["coffee", "kofi", "कॉफी"], "kofi"),
            (&["shahad", "शहद"], "shd"),
            (&["nimbu", "neembu", "नींबू"], "nibu"),
            (&["tamatar", "टमाटर"], "tmtr"),
            (&["anda", "अंडा"], "nd"),
        ] {
            for spelt in spellings {
                assert_eq!(sound(&fold(spelt)), sounds, "{spelt}");
            }
        }
        assert_eq!(sound("அரிசி"), "", "Tamil is compared as written");
        assert_eq!(sound("1999"), "", "and so are numbers");
    }

    #[test]
    fn a_word_one_letter_off_lacks_at_most_one_letter_of_the_word_and_adds_at_most_one() {
        for typed in ["basmati", "atta", "chawal", "tumeric", "दालचीनी", "jeera"] {
            let letters: Vec<char> = typed.chars().collect();
            let mut slips = Vec::new();
            for at in 0..=letters.len() {
                let mut added = letters.clone();
                added.insert(at, 'x');
                slips.push(added);
                if at < letters.len() {
                    let mut left_out = letters.clone();
                    left_out.remove(at);
                    slips.push(left_out);
                    let mut changed = letters.clone();
                    changed[at] = 'q';
                    slips.push(changed);
                }
                if at + 1 < letters.len() {
                    let mut swapped = letters.clone();
                    swapped.swap(at, at + 1);
                    slips.push(swapped);
                }
            }
            for slip in slips {
                let slip: String = slip.into_iter().collect();
                assert!(one_edit(&slip, typed), "{slip} is one letter off {typed}");
                assert!(
                    may_be_one_off(super::letters(&slip), super::letters(typed)),
                    "{slip} and {typed} lack at most a letter of each other"
                );
            }
        }
    }

    #[test]
    fn one_edit_is_a_letter_added_left_out_changed_or_swapped() {
        for (a, b) in [
            ("tomato", "tomatoe"),
            ("basmati", "basmti"),
            ("onion", "onoin"),
            ("cardamom", "cardamon"),
            ("milk", "milk"),
            ("दूध", "दूद"),
        ] {
            assert!(one_edit(a, b) && one_edit(b, a), "{a} {b}");
        }
        for (a, b) in [
            ("tomato", "potatoes"),
            ("onion", "noino"),
            ("milk", "silky"),
        ] {
            assert!(!one_edit(a, b), "{a} {b}");
        }
        // Their letters alone tell most words apart.
        assert!(!may_be_one_off(letters("rice"), letters("basm")));
        assert!(!may_be_one_off(letters("basmati"), letters("basm")));
        assert!(may_be_one_off(letters("bas"), letters("basm")));
    }

    #[test]
    fn a_word_may_hold_what_it_holds_by_its_letters() {
        for (word, part) in [("basmati", "smat"), ("chawal", "c"), ("दालचीनी", "चीनी")]
        {
            assert!(word.contains(part));
            assert!(may_hold(letters(word), letters(part)), "{word} {part}");
        }
        assert!(!may_hold(letters("rice"), letters("b")));
        assert!(!may_hold(letters("chawal"), letters("chai")));
    }

    #[test]
    fn joined_words_are_found_where_they_end() {
        // A word in another script sounds "": two spaces in a row.
        for text in ["basmati chawal बासमती चावल", "cvl  bsmti", "", "one"] {
            let joined = Joined::new(text.to_owned());
            let words: Vec<&str> = (0..joined.ends.len()).map(|at| joined.word(at)).collect();
            assert_eq!(words, text.split(' ').collect::<Vec<_>>());
            assert_eq!(joined.letters.len(), words.len());
        }
    }

    #[test]
    fn the_letters_of_all_a_products_words_rule_out_only_products_none_of_whose_words_meet() {
        let index = SearchIndex::new(&kirana());
        let words = KIRANA
            .iter()
            .flat_map(|(_, _, english, hindi)| [fold(english), fold(hindi)])
            .flat_map(|name| name.split(' ').map(str::to_owned).collect::<Vec<_>>());
        // Every start of every word, and each with its last letter changed: typed, and mistyped.
        let typed: Vec<String> = words
            .flat_map(|word| {
                let letters: Vec<char> = word.chars().collect();
                (1..=letters.len()).flat_map(move |end| {
                    let start: String = letters[..end].iter().collect();
                    let slipped: String = letters[..end - 1].iter().chain(['q'].iter()).collect();
                    [start, slipped]
                })
            })
            .collect();
        let mut ruled_out = 0;
        for typed in &typed {
            let query = Query::new(typed);
            let typed = &query.words[0];
            for (folded, sounds) in &index.names {
                let pairs = folded.text.split(' ').zip(sounds.text.split(' '));
                let letters = folded.letters.iter().zip(&sounds.letters);
                let meets_one = pairs
                    .zip(letters)
                    .any(|((word, sounded), (written, heard))| {
                        typed
                            .meets(word, sounded, &typed.may(*written, *heard))
                            .is_some()
                    });
                let may = typed.may_be_in(folded.all, sounds.all);
                assert!(
                    may || !meets_one,
                    "{:?} meets {:?}",
                    typed.word,
                    folded.text
                );
                ruled_out += usize::from(!may);
            }
        }
        assert!(
            ruled_out > typed.len(),
            "the letters rule out most products: {ruled_out}"
        );
    }

    /// A kirana's shelf as shops name it: (id, category, English name, Hindi name).
    const KIRANA: &[(&str, &str, &str, &str)] = &[
        ("atta", "staples", "Whole Wheat Atta", "गेहूँ का आटा"),
        ("rice", "staples", "Basmati Rice", "बासमती चावल"),
        ("poha", "staples", "Flattened Rice", "पोहा"),
        ("sugar", "staples", "Sugar", "चीनी"),
        ("salt", "staples", "Iodised Salt", "नमक"),
        ("gur", "staples", "Jaggery", "गुड़"),
        ("besan", "staples", "Gram Flour", "बेसन"),
        ("maida", "staples", "Refined Flour", "मैदा"),
        ("suji", "staples", "Semolina", "सूजी"),
        ("toor", "dals", "Toor Dal", "अरहर दाल"),
        ("moong", "dals", "Moong Dal", "मूंग दाल"),
        ("chana", "dals", "Chana Dal", "चना दाल"),
        ("milk", "dairy", "Toned Milk", "दूध"),
        ("curd", "dairy", "Fresh Curd", "दही"),
        ("paneer", "dairy", "Paneer", "पनीर"),
        ("ghee", "dairy", "Desi Ghee", "देसी घी"),
        ("oil", "dairy", "Mustard Oil", "सरसों का तेल"),
        ("eggs", "dairy", "Eggs", "अंडे"),
        ("jeera", "spices", "Cumin Seeds", "जीरा"),
        ("haldi", "spices", "Turmeric Powder", "हल्दी पाउडर"),
        ("mirchi", "spices", "Red Chilli Powder", "लाल मिर्च पाउडर"),
        ("dhaniya", "spices", "Coriander Powder", "धनिया पाउडर"),
        ("masala", "spices", "Garam Masala", "गरम मसाला"),
        ("elaichi", "spices", "Green Cardamom", "इलायची"),
        ("saunf", "spices", "Fennel Seeds", "सौंफ"),
        ("rai", "spices", "Mustard Seeds", "राई"),
        ("tea", "drinks", "Tea Leaves", "चाय पत्ती"),
        ("coffee", "drinks", "Filter Coffee", "फ़िल्टर कॉफ़ी"),
        ("aloo", "vegetables", "Potato", "आलू"),
        ("pyaz", "vegetables", "Onion", "प्याज़"),
        ("tamatar", "vegetables", "Tomato", "टमाटर"),
        ("bhindi", "vegetables", "Lady Finger", "भिंडी"),
        ("gobhi", "vegetables", "Cauliflower", "फूलगोभी"),
        ("palak", "vegetables", "Spinach", "पालक"),
        ("adrak", "vegetables", "Ginger", "अदरक"),
        ("lehsun", "vegetables", "Garlic", "लहसुन"),
        ("nimbu", "fruits", "Lemon", "नींबू"),
        ("kela", "fruits", "Banana", "केला"),
        ("seb", "fruits", "Apple", "सेब"),
        ("honey", "fruits", "Honey", "शहद"),
        ("kaju", "dry-fruits", "Cashew Nuts", "काजू"),
        ("badam", "dry-fruits", "Almonds", "बादाम"),
        ("makhana", "dry-fruits", "Fox Nuts", "मखाना"),
        ("namkeen", "snacks", "Aloo Bhujia Namkeen", "आलू भुजिया नमकीन"),
        ("biscuits", "snacks", "Glucose Biscuits", "ग्लूकोज़ बिस्कुट"),
        ("soap", "home", "Bath Soap", "नहाने का साबुन"),
    ];

    /// What shoppers type, and the product they mean: Hindi in English letters as it is spelt, the Hindi
    /// itself, English, and typing slips.
    const TYPED: &[(&str, &str)] = &[
        ("aata", "atta"),
        ("atta", "atta"),
        ("gehun ka aata", "atta"),
        ("chawal", "rice"),
        ("chaawal", "rice"),
        ("basmti", "rice"),
        ("cheeni", "sugar"),
        ("chini", "sugar"),
        ("namak", "salt"),
        ("gud", "gur"),
        ("jagery", "gur"),
        ("besan", "besan"),
        ("maida", "maida"),
        ("sooji", "suji"),
        ("suji", "suji"),
        ("arhar", "toor"),
        ("tuar dal", "toor"),
        ("mung", "moong"),
        ("chana", "chana"),
        ("doodh", "milk"),
        ("dudh", "milk"),
        ("dahi", "curd"),
        ("panir", "paneer"),
        ("ghee", "ghee"),
        ("ghi", "ghee"),
        ("sarson ka tel", "oil"),
        ("tel", "oil"),
        ("anda", "eggs"),
        ("jeera", "jeera"),
        ("zeera", "jeera"),
        ("jira", "jeera"),
        ("haldi", "haldi"),
        ("tumeric", "haldi"),
        ("lal mirchi", "mirchi"),
        ("dhaniya", "dhaniya"),
        ("dhania", "dhaniya"),
        ("garam masala", "masala"),
        ("elaichi", "elaichi"),
        ("cardamon", "elaichi"),
        ("saunf", "saunf"),
        ("sonf", "saunf"),
        ("chai patti", "tea"),
        ("chai", "tea"),
        ("kofi", "coffee"),
        ("aloo", "aloo"),
        ("alu", "aloo"),
        ("potatoe", "aloo"),
        ("pyaz", "pyaz"),
        ("pyaaz", "pyaz"),
        ("onoin", "pyaz"),
        ("tamatar", "tamatar"),
        ("tomatoe", "tamatar"),
        ("bhindi", "bhindi"),
        ("bhendi", "bhindi"),
        ("gobhi", "gobhi"),
        ("gobi", "gobhi"),
        ("palak", "palak"),
        ("spinch", "palak"),
        ("adrak", "adrak"),
        ("lahsun", "lehsun"),
        ("lehsun", "lehsun"),
        ("nimbu", "nimbu"),
        ("neembu", "nimbu"),
        ("kela", "kela"),
        ("seb", "seb"),
        ("shahad", "honey"),
        ("kaju", "kaju"),
        ("badam", "badam"),
        ("makhana", "makhana"),
        ("bhujia", "namkeen"),
        ("biskut", "biscuits"),
        ("sabun", "soap"),
        ("आटा", "atta"),
        ("चावल", "rice"),
        ("दूध", "milk"),
    ];

    /// The [`KIRANA`] shop's catalog.
    fn kirana() -> Catalog {
        Catalog {
            categories: KIRANA
                .iter()
                .map(|(_, category, _, _)| *category)
                .fold(Vec::new(), |mut ids, id| {
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                    ids
                })
                .into_iter()
                .map(|id| haat_api::Category {
                    id: id.into(),
                    name: id.into(),
                    name_local: None,
                    icon: None,
                })
                .collect(),
            ..catalog(
                KIRANA
                    .iter()
                    .map(|(id, category, name, local)| Product {
                        category: (*category).into(),
                        ..product(id, name, Some(local))
                    })
                    .collect(),
            )
        }
    }

    #[test]
    fn what_shoppers_type_finds_what_they_mean_first() {
        let catalog = kirana();
        let index = SearchIndex::new(&catalog);
        assert!(TYPED.len() >= 40);
        let mut missed = Vec::new();
        for (typed, meant) in TYPED {
            let shelf = crate::shelf::Shelf::new(&catalog, &index, &Query::new(typed));
            let first = shelf.rows.iter().find_map(|row| row.product);
            let found = first.map(|at| catalog.products[at].id.as_str());
            if found != Some(*meant) {
                missed.push(format!("{typed:?} → {found:?}, not {meant:?}"));
            }
        }
        assert!(missed.is_empty(), "{missed:#?}");
    }

    #[test]
    fn an_index_grown_a_part_at_a_time_finds_what_one_built_at_once_does() {
        let catalog = kirana();
        let whole = SearchIndex::new(&catalog);
        let mut grown = SearchIndex::default();
        let mut parts = 1;
        while !grown.grow(&catalog, 7) {
            parts += 1;
        }
        assert_eq!(parts, catalog.products.len().div_ceil(7));
        for (typed, _) in TYPED {
            let query = Query::new(typed);
            assert_eq!(grown.fits(&query), whole.fits(&query), "{typed}");
        }
        // A search kept before the index grew is not taken for the grown index's.
        let mut growing = SearchIndex::default();
        growing.grow(&catalog, 10);
        let early = growing.fits(&Query::new("dal t"));
        assert_eq!(early.len(), 10);
        growing.grow(&catalog, usize::MAX);
        assert_eq!(
            growing.fits(&Query::new("dal to")),
            whole.fits(&Query::new("dal to"))
        );
        // A whole index keeps what it kept: searches typed on look again only for their last word.
        assert!(growing.grow(&catalog, usize::MAX));
        assert!(growing.kept.borrow().is_some());
    }

    #[test]
    fn a_word_typed_out_keeps_finding_what_it_found() {
        // The shelf does not empty and fill again while the shopper types a word out, letter by letter.
        let catalog = kirana();
        let index = SearchIndex::new(&catalog);
        for (typed, meant) in [
            ("chawal", "rice"),
            ("cheeni", "sugar"),
            ("chana", "chana"),
            ("doodh", "milk"),
            ("jeera", "jeera"),
            ("bhindi", "bhindi"),
            ("shahad", "honey"),
            ("makhana", "makhana"),
            ("tamatar", "tamatar"),
        ] {
            let at = catalog
                .products
                .iter()
                .position(|product| product.id == meant)
                .expect("in the shop");
            let mut found = false;
            for end in 1..=typed.len() {
                let so_far = &typed[..end];
                let now = index.fits(&Query::new(so_far))[at].is_some();
                assert!(now || !found, "{so_far:?} no longer finds {meant}");
                found |= now;
            }
            assert!(found, "{typed:?} finds {meant}");
        }
        // A whole word that sounds one letter is not taken as the start of others.
        let fits = index.fits(&Query::new("aata"));
        let tomato = catalog.products.iter().position(|p| p.id == "tamatar");
        assert_eq!(fits[tomato.expect("in the shop")], None);
    }

    #[test]
    fn every_word_must_appear_in_the_english_or_the_local_name() {
        let index = SearchIndex::new(&catalog(vec![
            product("dal", "Toor Dal", Some("अरहर दाल")),
            product("coffee", "Filter Coffee", Some("फ़िल्टर कॉफ़ी")),
            product("brulee", "Crème Brûlée", None),
        ]));
        let found = |typed: &str| {
            let fits = index.fits(&Query::new(typed));
            (0..3).filter(|&i| fits[i].is_some()).collect::<Vec<_>>()
        };
        assert_eq!(found(""), [0, 1, 2], "an empty query matches everything");
        assert_eq!(found("  "), [0, 1, 2]);
        assert_eq!(found("DAL"), [0]);
        assert_eq!(found("dal toor"), [0], "words in any order");
        assert_eq!(found("toor coffee"), Vec::<usize>::new());
        assert_eq!(found("दाल"), [0]);
        assert_eq!(found("कॉफी"), [1], "typed without the nukta");
        assert_eq!(found("CREME brulee"), [2]);
        assert_eq!(found("crème"), [2]);
        assert_eq!(found("fil"), [1], "a prefix of any word");
        assert_eq!(
            index.fits(&Query::new("")).len(),
            3,
            "a fit for each product"
        );
        let numbered = SearchIndex::new(&catalog(vec![
            product("ghee-19", "Desi Ghee 19", None),
            product("ghee-1999", "Desi Ghee 1999", None),
        ]));
        let fits = numbered.fits(&Query::new("desi ghee 1999"));
        assert!(fits[1] > fits[0], "1999 is not 19");
    }

    #[test]
    fn a_search_typed_on_fits_as_the_same_search_afresh() {
        let products = || {
            catalog(vec![
                product("dal", "Toor Dal", Some("अरहर दाल")),
                product("moong", "Moong Dal", None),
                product("coffee", "Filter Coffee", Some("फ़िल्टर कॉफ़ी")),
            ])
        };
        let (typing, afresh) = (SearchIndex::new(&products()), SearchIndex::new(&products()));
        // Typed a letter at a time, a word changed before the last one, and words taken away.
        let typed = [
            "d",
            "da",
            "dal",
            "dal ",
            "dal t",
            "dal to",
            "dal toor",
            "moong toor",
            "moong dal",
            "filter dal",
            "dal",
            "",
        ];
        for query in typed {
            let query = Query::new(query);
            assert_eq!(typing.fits(&query), afresh.fits(&query), "{query:?}");
            // Another index answers it from nothing.
            *afresh.kept.borrow_mut() = None;
        }
    }

    #[test]
    fn a_shops_search_words_find_its_product() {
        let noodles = Product {
            search_words: vec!["Maggi".into(), "2 minute".into()],
            ..product("noodles", "Masala Instant Noodles", Some("मसाला नूडल्स"))
        };
        let index = SearchIndex::new(&catalog(vec![noodles]));
        for typed in ["maggi", "magi", "2 minute", "नूडल्स"] {
            assert!(index.fits(&Query::new(typed))[0].is_some(), "{typed}");
        }
    }
}
