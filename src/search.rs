//! Search as you type over products' English and local-language names. Both the names and the query
//! are folded the same way: ASCII case, Latin diacritics (é → e, ß → ss) and Devanagari nukta
//! (फ़ → फ) are ignored, so "creme" finds "Crème" and "कॉफी" finds "कॉफ़ी". A hand-written table,
//! not a Unicode library: the shopper's first load has no room for one.

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

/// Every product's names, folded once per catalog so that each keystroke only compares.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct SearchIndex {
    names: Vec<String>,
}

impl SearchIndex {
    pub fn new(catalog: &Catalog) -> Self {
        let names = catalog
            .products
            .iter()
            .map(|product| {
                let mut names = fold(&product.name);
                if let Some(local) = &product.name_local {
                    names.push('\n');
                    names.push_str(&fold(local));
                }
                names
            })
            .collect();
        Self { names }
    }

    /// Whether the product at `index` in the catalog matches: every word of the query appears in
    /// one of its names. An empty query matches everything.
    pub fn matches(&self, index: usize, query: &Query) -> bool {
        self.names
            .get(index)
            .is_some_and(|names| query.words().all(|word| names.contains(word)))
    }
}

/// What the shopper typed, folded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(String);

impl Query {
    pub fn new(typed: &str) -> Self {
        Self(fold(typed))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn words(&self) -> impl Iterator<Item = &str> {
        self.0.split(' ').filter(|word| !word.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn product(id: &str, name: &str, local: Option<&str>) -> Product {
        Product {
            id: id.into(),
            category: "c".into(),
            name: name.into(),
            name_local: local.map(Into::into),
            image: None,
            description: None,
            variants: vec![],
        }
    }

    fn catalog(products: Vec<Product>) -> Catalog {
        Catalog {
            store: crate::fixtures::store(),
            categories: vec![],
            products,
        }
    }

    #[test]
    fn every_word_must_appear_in_the_english_or_the_local_name() {
        let index = SearchIndex::new(&catalog(vec![
            product("dal", "Toor Dal", Some("अरहर दाल")),
            product("coffee", "Filter Coffee", Some("फ़िल्टर कॉफ़ी")),
            product("brulee", "Crème Brûlée", None),
        ]));
        let found = |typed: &str| {
            let query = Query::new(typed);
            (0..3)
                .filter(|&i| index.matches(i, &query))
                .collect::<Vec<_>>()
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
        assert!(!index.matches(7, &Query::new("")), "no such product");
    }
}
