//! What a shop's page tells a link preview (WhatsApp, Telegram), a crawler and the browser's tab: its
//! title, description, language, canonical address, and Open Graph and Twitter card tags, in the page's
//! language (a preview bot that asks for none reads the shop's). The shop page shows the shop; a product
//! page its name, pack, price and picture; pages made of what is on the phone (cart, checkout, orders)
//! show only the shop: an order's details never reach a preview.

use haat::{
    lang::Lang,
    locale,
    route::{self, Page, Search},
};
use haat_api::{Catalog, Category, Product};
use html_escape::{encode_double_quoted_attribute, encode_text};

#[derive(Debug, PartialEq, Eq)]
pub struct Preview {
    /// The page's locale (`hi-IN`).
    pub locale: &'static str,
    pub title: String,
    /// The shop's name: the chat's preview card names the site by it, and the app titles the pages it
    /// opens after it.
    pub site_name: String,
    pub description: String,
    /// The page's absolute address, without a fragment.
    pub url: String,
    /// An absolute image address.
    pub image: String,
    /// Whether the image is the shop's drawn card (wide, shown large) rather than a square photo.
    pub drawn_card: bool,
    /// Open Graph's type: `website`, or `product` for a product page.
    pub kind: &'static str,
}

impl Preview {
    /// The preview of `page` (at `path`, on the site at `origin`, such as `https://shop.example`), with
    /// the catalog's `search`, said in `lang`.
    pub fn of(
        lang: &Lang,
        catalog: &Catalog,
        page: &Page,
        search: &Search,
        origin: &str,
        path: &str,
    ) -> Self {
        let shop = &catalog.store;
        let shop_name = lang.name(&shop.name, shop.name_local.as_deref());
        let absolute = |path: &str| absolute(origin, path);
        // The shop's page is known by the address its app writes (`/s/demo/`), however it was asked for.
        let address = match page {
            Page::Catalog => route::href(&shop.slug, page),
            _ => path.to_owned(),
        };
        let mut preview = Self {
            locale: locale::tag(lang.language),
            title: shop_name.to_owned(),
            site_name: shop_name.to_owned(),
            description: shop_description(lang, catalog),
            url: absolute(&address),
            image: absolute(&format!("/s/{}/card.png", shop.slug)),
            drawn_card: true,
            kind: "website",
        };
        // The shop's own picture where it has one; else its card, drawn from its name and tagline.
        if let Some(logo) = &shop.logo {
            preview.show_picture(origin, logo);
        }
        let product = match page {
            Page::Product { id } => catalog.products.iter().find(|product| product.id == *id),
            _ => None,
        };
        match (page, product) {
            (Page::Catalog, _) if !search.q.trim().is_empty() => {
                preview.title = lang.f(
                    "“{query}” at {shop}",
                    &[("query", search.q.trim()), ("shop", shop_name)],
                );
            }
            (Page::Catalog, _) => {}
            (Page::Category { id }, _) => match catalog.categories.iter().find(|it| it.id == *id) {
                Some(category) => preview.show_category(lang, catalog, category, origin),
                // The page shows the shop: so does its preview, and its address is the shop's.
                None => preview.url = absolute(&route::href(&shop.slug, &Page::Catalog)),
            },
            (Page::Product { .. }, Some(product)) => {
                if let Some(variant) = product.variants.first() {
                    let name = lang.name(&product.name, product.name_local.as_deref());
                    let price = lang.money(variant.price, &shop.currency);
                    preview.title = format!("{name} {} · {price}", variant.label);
                    preview.description = lang.f(
                        "{product} ({pack}) for {price} at {shop}. Order in the chat; the shop delivers.",
                        &[
                            ("product", name),
                            ("pack", &variant.label),
                            ("price", &price),
                            ("shop", shop_name),
                        ],
                    );
                }
                // The shop's own words about it come first, where it wrote some.
                if let Some(words) = &product.description {
                    preview.description = format!("{words} {}", preview.description);
                }
                if let Some(image) = &product.image {
                    preview.show_picture(origin, image);
                }
                preview.kind = "product";
            }
            // Titled as the app titles a page it opens: its heading, then the shop.
            (Page::Cart, _) => preview.title = titled(lang.t("Your cart"), shop_name),
            (Page::Checkout, _) => preview.title = titled(lang.t("Checkout"), shop_name),
            (Page::Orders | Page::Order { .. }, _) => {
                preview.title = titled(lang.t("Your order"), shop_name);
            }
            (Page::Product { .. } | Page::NotFound, _) => {
                preview.title = titled(lang.t("Page not found"), shop_name);
            }
        }
        preview
    }

    /// A category's page: "Dairy · Sharma Kirana", a few of its products, and the first one's picture.
    fn show_category(&mut self, lang: &Lang, catalog: &Catalog, category: &Category, origin: &str) {
        let shop = &catalog.store;
        let shop_name = lang.name(&shop.name, shop.name_local.as_deref());
        let products: Vec<&Product> = catalog
            .products
            .iter()
            .filter(|product| product.category == category.id)
            .collect();
        let category_name = lang.name(&category.name, category.name_local.as_deref());
        self.title = titled(category_name, shop_name);
        let names: Vec<&str> = products
            .iter()
            .take(3)
            .map(|product| lang.name(&product.name, product.name_local.as_deref()))
            .collect();
        let named = names.join(", ");
        let values = [("products", named.as_str()), ("shop", shop_name)];
        self.description = if names.is_empty() {
            lang.f(
                "{category} at {shop}.",
                &[("category", category_name), ("shop", shop_name)],
            )
        } else if products.len() > names.len() {
            lang.f(
                "{products} and more at {shop}. Order in the chat; the shop delivers.",
                &values,
            )
        } else {
            lang.f(
                "{products} at {shop}. Order in the chat; the shop delivers.",
                &values,
            )
        };
        if let Some(image) = products.iter().find_map(|product| product.image.as_deref()) {
            self.show_picture(origin, image);
        }
    }

    /// A photo (the shop's or a product's) in place of the drawn card.
    fn show_picture(&mut self, origin: &str, address: &str) {
        self.image = absolute(origin, address);
        self.drawn_card = false;
    }

    /// The head's tags for this preview (the `<title>` included), escaped for HTML.
    pub fn write_tags(&self, out: &mut String) {
        out.push_str("<title>");
        out.push_str(&encode_text(&self.title));
        out.push_str("</title>");
        meta(out, "name", "description", &self.description);
        out.push_str("<link rel=\"canonical\" href=\"");
        out.push_str(&encode_double_quoted_attribute(&self.url));
        out.push_str("\">");
        for (property, value) in [
            ("og:type", self.kind),
            ("og:title", &self.title),
            ("og:site_name", &self.site_name),
            ("og:description", &self.description),
            ("og:url", &self.url),
            ("og:image", &self.image),
            ("og:locale", &self.locale.replace('-', "_")),
        ] {
            meta(out, "property", property, value);
        }
        // A photo is square: the small card shows it whole; the drawn card is made wide for the large one.
        let card = if self.drawn_card {
            "summary_large_image"
        } else {
            "summary"
        };
        meta(out, "name", "twitter:card", card);
    }
}

/// A page's title as the app gives the pages it opens: "Your cart · Sharma Kirana".
fn titled(page: &str, shop: &str) -> String {
    format!("{page} · {shop}")
}

/// "Fresh groceries, delivered in 30 minutes. Atta, Dal, Oil and more.": the shop's tagline, as it
/// wrote it, and its first categories.
fn shop_description(lang: &Lang, catalog: &Catalog) -> String {
    let shop = &catalog.store;
    let mut text = shop.tagline.clone();
    if !text.is_empty() && !text.ends_with(['.', '!', '?']) {
        text.push('.');
    }
    let categories: Vec<&str> = catalog
        .categories
        .iter()
        .take(3)
        .map(|category| lang.name(&category.name, category.name_local.as_deref()))
        .collect();
    if !categories.is_empty() {
        if !text.is_empty() {
            text.push(' ');
        }
        let categories = categories.join(", ");
        text.push_str(&if catalog.categories.len() > 3 {
            lang.f("{categories} and more.", &[("categories", &categories)])
        } else {
            lang.f("{categories}.", &[("categories", &categories)])
        });
    }
    text
}

/// `path` on the site at `origin`; an address that is already absolute as it is.
fn absolute(origin: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") {
        path.to_owned()
    } else {
        format!("{origin}{path}")
    }
}

fn meta(out: &mut String, attribute: &str, name: &str, content: &str) {
    out.push_str("<meta ");
    out.push_str(attribute);
    out.push_str("=\"");
    out.push_str(name);
    out.push_str("\" content=\"");
    out.push_str(&encode_double_quoted_attribute(content));
    out.push_str("\">");
}
