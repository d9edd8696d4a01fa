//! The catalog as the shopper scrolls it: each category's heading followed by its products that match
//! the search, in the shop's order, every row with a fixed height so the list can be windowed.

use std::ops::Range;

use haat_api::Catalog;

use crate::{
    search::{Query, SearchIndex},
    window::Layout,
};

/// A category heading's row. The stylesheet (`.heading`, `.shelf .product`) gives rows these heights.
pub const HEADING_HEIGHT: u32 = 48;
/// A product's row: its card and the gap under it. The stylesheet keeps a card within this height.
pub const PRODUCT_HEIGHT: u32 = 100;
/// The gap under each card, inside its row.
pub const GAP: u32 = 8;
/// The screen height the list assumes until it has been measured: on the server, and in the browser's
/// first render, which must draw what the server drew.
pub const FIRST_VIEWPORT: u32 = 1_000;

/// One row of the list: a category's heading (`product: None`) or one of its products, as indexes
/// into the catalog's `categories` and `products`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub category: usize,
    pub product: Option<usize>,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Shelf {
    pub rows: Vec<Row>,
    pub layout: Layout,
}

impl Shelf {
    /// The rows for `query`: in each category the best fits first ([`SearchIndex::fits`]; equal fits in
    /// the shop's order), and the category with the best fit first. Categories with no matching product
    /// are left out, and so are products whose category the catalog does not list. Without a search,
    /// every product's row: the index is not asked, and need not hold the whole catalog yet.
    pub fn new(catalog: &Catalog, index: &SearchIndex, query: &Query) -> Self {
        if query.is_empty() {
            return Self::unfiltered(catalog);
        }
        let fits = index.fits(query);
        Self::matching(catalog, |at| fits[at])
    }

    /// Every product's row, as the list shows before any search.
    pub fn unfiltered(catalog: &Catalog) -> Self {
        Self::matching(catalog, |_| Some(0))
    }

    /// The products a page's first view needs of a large catalog, as indexes into the catalog's
    /// products, in its order: those the list draws first for the search `query`, opened at
    /// `category`'s heading if one is given (see [`Shelf::opening`]), and each shown category's first,
    /// so the category bar names every category and can jump to each one.
    pub fn first_view(catalog: &Catalog, query: &str, category: Option<&str>) -> Vec<usize> {
        let query = Query::new(query);
        let shelf = if query.is_empty() {
            Self::unfiltered(catalog)
        } else {
            Self::new(catalog, &SearchIndex::new(catalog), &query)
        };
        let top = category.map_or(0, |category| shelf.top_of(catalog, category));
        let drawn = shelf.rows[shelf.opening(top)].iter();
        let firsts = shelf
            .headings()
            .filter_map(|(_, at)| shelf.rows.get(at + 1));
        let mut wanted: Vec<usize> = drawn.chain(firsts).filter_map(|row| row.product).collect();
        wanted.sort_unstable();
        wanted.dedup();
        wanted
    }

    /// The rows of the products `fit` takes (`Some(how well)`), best first as [`Shelf::new`] says.
    fn matching(catalog: &Catalog, fit: impl Fn(usize) -> Option<u32>) -> Self {
        let mut shelves = vec![Vec::new(); catalog.categories.len()];
        for (at, product) in catalog.products.iter().enumerate() {
            // The fit first: most products of a search have none, and need no category.
            if let Some(fit) = fit(at)
                && let Some(category) = catalog
                    .categories
                    .iter()
                    .position(|category| category.id == product.category)
            {
                shelves[category].push((fit, at));
            }
        }
        let best = |shelf: &Vec<(u32, usize)>| shelf.iter().map(|(fit, _)| *fit).max();
        let mut rows = Vec::new();
        for (category, shelf) in best_first(&shelves, best) {
            let products = best_first(shelf, |(fit, _)| Some(*fit));
            if products.is_empty() {
                continue;
            }
            rows.push(Row {
                category,
                product: None,
            });
            rows.extend(products.into_iter().map(|(_, (_, product))| Row {
                category,
                product: Some(*product),
            }));
        }
        let layout = Layout::new(rows.iter().map(|row| match row.product {
            None => HEADING_HEIGHT,
            Some(_) => PRODUCT_HEIGHT,
        }));
        Self { rows, layout }
    }
}

/// `items` with their indexes, the best `fit` first and equal fits in their order; those without one
/// last. Fits are small numbers (a few per word searched): counted down rather than sorted, which spares
/// the shopper's first load two stable sorts' code (2.6 KB brotli, measured).
fn best_first<T>(items: &[T], fit: impl Fn(&T) -> Option<u32>) -> Vec<(usize, &T)> {
    let fits: Vec<Option<u32>> = items.iter().map(&fit).collect();
    let top = fits.iter().flatten().max().copied().unwrap_or(0);
    (0..=top)
        .rev()
        .map(Some)
        .chain([None])
        .flat_map(|wanted| {
            fits.iter()
                .enumerate()
                .filter(move |(_, fit)| **fit == wanted)
                .map(|(at, _)| (at, &items[at]))
        })
        .collect()
}

impl Shelf {
    /// The categories shown, in order, with the row of each one's heading.
    pub fn headings(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.rows
            .iter()
            .enumerate()
            .filter(|(_, row)| row.product.is_none())
            .map(|(at, row)| (row.category, at))
    }

    /// Where `category`'s heading sits: the top its page opens the list at. The list's top when the
    /// list does not show that category.
    pub fn top_of(&self, catalog: &Catalog, category: &str) -> u32 {
        let wanted = catalog.categories.iter().position(|it| it.id == category);
        self.headings()
            .find(|(category, _)| Some(*category) == wanted)
            .map_or(0, |(_, row)| self.layout.place(row).0)
    }

    /// The rows a list opened at `top` draws first, before it knows the screen (on the server, and in
    /// the browser's first render, which must draw the same): from the row at `top` down through
    /// [`FIRST_VIEWPORT`]. None above it, so a page read without JavaScript starts at that row.
    pub fn opening(&self, top: u32) -> Range<usize> {
        let window = self.layout.visible(top, FIRST_VIEWPORT);
        let first = self.layout.row_at(top).unwrap_or(window.end);
        first.min(window.end)..window.end
    }

    /// The category of the row at the top of the screen.
    pub fn category_at(&self, scroll_top: u32) -> Option<usize> {
        let row = self
            .layout
            .row_at(scroll_top)
            .or(self.rows.len().checked_sub(1))?;
        self.rows.get(row).map(|row| row.category)
    }

    /// How many products are shown.
    pub fn product_count(&self) -> usize {
        self.rows.iter().filter(|row| row.product.is_some()).count()
    }
}

#[cfg(test)]
mod tests {
    use haat_api::{Category, Money, Product, Variant};

    use super::*;

    fn catalog() -> Catalog {
        let category = |id: &str| Category {
            id: id.into(),
            name: id.into(),
            name_local: None,
            icon: None,
        };
        let product = |id: &str, category: &str| Product {
            id: id.into(),
            category: category.into(),
            name: id.into(),
            name_local: None,
            image: None,
            description: None,
            search_words: Vec::new(),
            variants: vec![Variant {
                id: "1".into(),
                label: "1 pc".into(),
                price: Money::from_minor(100),
                mrp: None,
                max_quantity: 1,
            }],
        };
        Catalog {
            store: crate::fixtures::store(),
            categories: vec![category("staples"), category("empty"), category("dairy")],
            products: vec![
                product("milk", "dairy"),
                product("atta", "staples"),
                product("orphan", "gone"),
                product("dal", "staples"),
            ],
        }
    }

    fn row(category: usize, product: Option<usize>) -> Row {
        Row { category, product }
    }

    #[test]
    fn products_follow_their_categorys_heading_in_the_shops_order() {
        let catalog = catalog();
        let shelf = Shelf::new(&catalog, &SearchIndex::new(&catalog), &Query::default());
        assert_eq!(
            shelf.rows,
            [
                row(0, None),
                row(0, Some(1)),
                row(0, Some(3)),
                row(2, None),
                row(2, Some(0)),
            ]
        );
        assert_eq!(shelf.product_count(), 3);
        assert_eq!(shelf.headings().collect::<Vec<_>>(), [(0, 0), (2, 3)]);
        assert_eq!(
            shelf.layout.height(),
            2 * HEADING_HEIGHT + 3 * PRODUCT_HEIGHT
        );
    }

    #[test]
    fn a_search_keeps_matching_products_and_their_headings() {
        let catalog = catalog();
        let shelf = Shelf::new(&catalog, &SearchIndex::new(&catalog), &Query::new("MILK"));
        assert_eq!(shelf.rows, [row(2, None), row(2, Some(0))]);
        let none = Shelf::new(&catalog, &SearchIndex::new(&catalog), &Query::new("soap"));
        assert!(none.rows.is_empty());
        assert_eq!(none.category_at(0), None);
    }

    #[test]
    fn the_category_at_the_top_follows_the_scroll() {
        let catalog = catalog();
        let shelf = Shelf::new(&catalog, &SearchIndex::new(&catalog), &Query::default());
        assert_eq!(shelf.category_at(0), Some(0));
        let dairy = HEADING_HEIGHT + 2 * PRODUCT_HEIGHT;
        assert_eq!(shelf.category_at(dairy - 1), Some(0));
        assert_eq!(shelf.category_at(dairy), Some(2));
        assert_eq!(shelf.category_at(u32::MAX), Some(2), "past the end");
    }

    #[test]
    fn a_categorys_page_opens_the_list_at_its_heading() {
        let catalog = catalog();
        let shelf = Shelf::unfiltered(&catalog);
        let dairy = HEADING_HEIGHT + 2 * PRODUCT_HEIGHT;
        assert_eq!(shelf.top_of(&catalog, "dairy"), dairy);
        assert_eq!(shelf.top_of(&catalog, "staples"), 0);
        assert_eq!(
            shelf.top_of(&catalog, "empty"),
            0,
            "a category with nothing shown"
        );
        assert_eq!(shelf.top_of(&catalog, "gone"), 0, "no such category");
        assert_eq!(
            shelf.opening(dairy),
            3..5,
            "from the heading: no rows above it"
        );
        assert_eq!(shelf.opening(0), 0..5);
        assert_eq!(
            Shelf::first_view(&catalog, "", Some("dairy")),
            [0, 1],
            "dairy's rows, and staples' first product for the category bar"
        );
        assert_eq!(Shelf::first_view(&catalog, "", None), [0, 1, 3]);
        assert_eq!(
            Shelf::first_view(&catalog, "dal", Some("dairy")),
            [3],
            "dairy has no dal"
        );
    }
}
