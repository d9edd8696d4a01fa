//! The catalog as a spreadsheet, as shops keep it in Excel or Google Sheets: one row per pack (variant).
//!
//! [`read`] takes a CSV file as a merchant saves it (UTF-8 with or without a BOM, commas or semicolons,
//! quoted cells with commas and newlines; Haat's column names or Shopify's, in any order and any case)
//! and checks every row, naming the row, column and value of each problem. [`plan`] compares the rows
//! with the catalog as it is: what each row creates, changes (old → new), or leaves as it is. A blank
//! cell leaves its value as it is. [`write`] writes a catalog in Haat's columns, which [`read`] takes back
//! unchanged.
//!
//! Shopify's product export is read as Shopify writes it: a product's cells on its first row only, its
//! single variant's option as "Default Title" (no pack label), its second and third options after the
//! first in a pack's label, its further pictures on rows of their own (a product keeps its first), and
//! its `Type` as the category before the last step of its `Product Category`.
//!
//! A problem is said in the merchant's language ([`Lang`]) where it is found; a row without one says
//! nothing, so reading 10,000 good rows looks up no text.

use std::collections::{HashMap, HashSet};

use haat::lang::Lang;
use haat_api::{
    CatalogDraft, Category, CellChange, DraftProduct, DraftVariant, ImportPlan, Money, PackChange,
    PackChangeKind, PlannedRow, PriceProblem, RowChange, RowProblem, Stock, clock::ShopTime,
};
use sha2::{Digest, Sha256};

use super::{
    catalog::MAX_STOCK,
    draft::{
        MAX_DESCRIPTION_CHARS, description_problem, free_id, id_from, id_problem, label_problem,
        name_problem, picture_problem, search_words_of, search_words_problem, search_words_text,
        stock_problem,
    },
};

/// The largest file read: about 10,000 rows of a full catalog.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most rows (packs) in one file.
pub const MAX_ROWS: usize = 10_000;

/// Haat's columns, in the order [`write`] writes them.
pub const COLUMNS: [Column; 13] = [
    Column::Product,
    Column::Name,
    Column::NameLocal,
    Column::Category,
    Column::Variant,
    Column::Pack,
    Column::Price,
    Column::Mrp,
    Column::Stock,
    Column::Image,
    Column::Description,
    Column::SearchWords,
    Column::Visible,
];

/// A column the sheet knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    Product,
    Name,
    NameLocal,
    Category,
    /// Shopify's standard product category, a path ("Food, Beverages & Tobacco > … > Rice"): its last
    /// step is the category when the row has no `category` (Shopify's `Type`).
    ProductCategory,
    Variant,
    Pack,
    /// Shopify's second and third options: after the first (`pack`) in a pack's label ("1 kg / Red").
    Option2,
    Option3,
    Price,
    Mrp,
    Stock,
    Image,
    Description,
    /// Other words shoppers find the product by, comma-separated (Shopify's `Tags`).
    SearchWords,
    /// Shopify's product description, in HTML: read as plain text, cut to a description's length.
    BodyHtml,
    Visible,
}

impl Column {
    /// Haat's name for it, as [`write`] heads it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Product => "product_id",
            Self::Name => "name",
            Self::NameLocal => "local_name",
            Self::Category => "category",
            Self::ProductCategory => "Product Category",
            Self::Variant => "variant_id",
            Self::Pack => "pack",
            Self::Option2 => "Option2 Value",
            Self::Option3 => "Option3 Value",
            Self::Price => "price",
            Self::Mrp => "mrp",
            Self::Stock => "stock",
            Self::Image => "image",
            Self::Description => "description",
            Self::SearchWords => "search_words",
            Self::BodyHtml => "Body (HTML)",
            Self::Visible => "visible",
        }
    }

    /// The column a heading names: Haat's names and Shopify's product CSV's, compared without case,
    /// spaces, hyphens or underscores.
    fn named(heading: &str) -> Option<Self> {
        let key: String = heading
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-'))
            .flat_map(char::to_lowercase)
            .collect();
        Some(match key.as_str() {
            "productid" | "handle" | "product" => Self::Product,
            "name" | "title" | "productname" => Self::Name,
            "localname" | "namelocal" | "hindiname" => Self::NameLocal,
            "category" | "type" | "producttype" => Self::Category,
            "productcategory" => Self::ProductCategory,
            "variantid" | "variantsku" | "sku" => Self::Variant,
            "pack" | "option1value" | "size" | "variant" => Self::Pack,
            "option2value" => Self::Option2,
            "option3value" => Self::Option3,
            "price" | "variantprice" => Self::Price,
            "mrp" | "variantcompareatprice" | "compareatprice" => Self::Mrp,
            "stock" | "variantinventoryqty" | "inventoryqty" | "quantity" => Self::Stock,
            "image" | "imagesrc" | "imageurl" => Self::Image,
            "description" => Self::Description,
            "searchwords" | "tags" | "keywords" | "synonyms" => Self::SearchWords,
            "body(html)" | "bodyhtml" | "body" => Self::BodyHtml,
            "visible" | "published" | "status" => Self::Visible,
            _ => return None,
        })
    }
}

/// One pack of one product, as the catalog has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub product: String,
    pub name: String,
    pub name_local: Option<String>,
    /// The category's name, as merchants write it.
    pub category: String,
    pub variant: String,
    pub pack: String,
    pub price: Money,
    pub mrp: Option<Money>,
    pub stock: Stock,
    pub image: Option<String>,
    pub description: Option<String>,
    /// The product's search words as a cell writes them ("gehun, Aashirvaad").
    pub search_words: String,
    pub hidden: bool,
}

/// A row as the file has it: a blank cell is `None` (leave it as it is).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Incoming {
    /// The row's number in the file, its heading row being 1.
    pub line: usize,
    pub product: String,
    pub variant: String,
    /// Whether the file named the variant (`variant_id`, Shopify's SKU), rather than its pack only.
    pub variant_named: bool,
    pub name: Option<String>,
    pub name_local: Option<String>,
    pub category: Option<String>,
    pub pack: Option<String>,
    pub price: Option<Money>,
    pub mrp: Option<Money>,
    pub stock: Option<Stock>,
    pub image: Option<String>,
    pub description: Option<String>,
    /// The product's search words, as the cell has them tidied ("gehun, Aashirvaad").
    pub search_words: Option<String>,
    /// Whether the product is hidden from shoppers (`visible`: no).
    pub hidden: Option<bool>,
}

/// What is wrong with one cell (or a whole row: `column` is then `None`), in the merchant's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: Option<&'static str>,
    pub value: String,
    pub why: String,
}

impl Problem {
    /// What is wrong with the cell of `column` in row `line`, which holds `value`.
    fn at(line: usize, column: Column, value: &str, why: &str) -> Self {
        Self {
            line,
            column: Some(column.name()),
            value: value.to_owned(),
            why: why.to_owned(),
        }
    }
}

/// A file that cannot be read as a catalog at all.
#[derive(Debug, PartialEq, Eq)]
pub enum Unreadable {
    TooLarge,
    NotText,
    Empty,
    NoNameColumn,
    TooManyRows,
    /// What the CSV reader found wrong, in its own (English) words.
    NotCsv(String),
}

impl Unreadable {
    /// Why the file cannot be read, as the merchant reads it, in their language.
    pub fn said(&self, lang: &Lang) -> String {
        match self {
            Self::TooLarge => lang
                .t("The file is larger than 5 MB. Split it, or leave out columns Haat does not use.")
                .to_owned(),
            Self::NotText => lang
                .t("The file is not text in UTF-8. Save it from your spreadsheet as “CSV UTF-8”.")
                .to_owned(),
            Self::Empty => lang.t("The file is empty.").to_owned(),
            Self::NoNameColumn => lang
                .t("The file has no “name” (or “Title”) column, so its rows name no product.")
                .to_owned(),
            Self::TooManyRows => lang
                .t("The file has more than 10,000 rows. Split it into smaller files.")
                .to_owned(),
            Self::NotCsv(why) => lang.f(
                "This is not a CSV file Haat can read: {why}",
                &[("why", why)],
            ),
        }
    }
}

/// A file read: its rows, the problems of those that failed, and the headings no column matched.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sheet {
    pub rows: Vec<Incoming>,
    pub problems: Vec<Problem>,
    pub ignored: Vec<String>,
}

/// The heading of the column [`with_errors`] adds: read back, it is neither a column nor ignored.
pub const ERRORS: &str = "errors";

/// A file's text and its separator, as [`read`] and [`with_errors`] take it.
fn text_of(bytes: &[u8]) -> Result<(&str, u8), Unreadable> {
    if bytes.len() > MAX_BYTES {
        return Err(Unreadable::TooLarge);
    }
    let text = std::str::from_utf8(bytes).map_err(|_| Unreadable::NotText)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let heading_line = text.lines().next().unwrap_or_default();
    if heading_line.trim().is_empty() {
        return Err(Unreadable::Empty);
    }
    // Spreadsheets set to a comma for decimals save with semicolons.
    let delimiter = if heading_line.matches(';').count() > heading_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    Ok((text, delimiter))
}

fn reader(text: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes())
}

/// Reads a catalog file of the shop `shop` (its slug), checking every row; its problems said in `lang`.
pub fn read(bytes: &[u8], shop: &str, lang: &Lang) -> Result<Sheet, Unreadable> {
    let (text, delimiter) = text_of(bytes)?;
    let mut reader = reader(text, delimiter);
    let headings = reader
        .headers()
        .map_err(|error| Unreadable::NotCsv(error.to_string()))?
        .clone();
    let mut columns: HashMap<Column, usize> = HashMap::new();
    let mut sheet = Sheet::default();
    for (at, heading) in headings.iter().enumerate() {
        match Column::named(heading) {
            Some(column) => {
                columns.entry(column).or_insert(at);
            }
            None if heading.trim().is_empty() || heading.trim().eq_ignore_ascii_case(ERRORS) => {}
            None => sheet.ignored.push(heading.trim().to_owned()),
        }
    }
    if !columns.contains_key(&Column::Name) {
        return Err(Unreadable::NoNameColumn);
    }
    // Shopify writes a product's own cells on its first row only: later rows of the same product
    // carry just the pack, or just one more picture.
    let mut last_product: Option<Carried> = None;
    // Where each product's first row is in `sheet.rows`, which keeps the product's picture.
    let mut first_rows: HashMap<String, usize> = HashMap::new();
    for (index, record) in reader.records().enumerate() {
        if index >= MAX_ROWS {
            return Err(Unreadable::TooManyRows);
        }
        let line = index + 2;
        let record = record.map_err(|error| Unreadable::NotCsv(error.to_string()))?;
        let cell = |column: Column| {
            columns
                .get(&column)
                .and_then(|at| record.get(*at))
                .map(str::trim)
                .filter(|value| !value.is_empty())
        };
        if record.iter().all(|value| value.trim().is_empty()) {
            continue;
        }
        if let Some(image) = picture_only(&columns, &cell) {
            let product =
                cell(Column::Product).or_else(|| Some(last_product.as_ref()?.product.as_str()));
            add_picture(&mut sheet, &first_rows, line, product, image, shop, lang);
            continue;
        }
        match read_row(line, &cell, delimiter, &mut last_product, shop, lang) {
            Ok(row) => add_pack(&mut sheet, &mut first_rows, row),
            Err(problems) => sheet.problems.extend(problems),
        }
    }
    check_duplicates(&mut sheet, lang);
    Ok(sheet)
}

/// The picture of a row that names no pack, only a picture (and its product): Shopify writes each
/// further picture of a product so, in `Image Src` with every other cell blank but `Handle`.
fn picture_only<'a>(
    columns: &HashMap<Column, usize>,
    cell: &impl Fn(Column) -> Option<&'a str>,
) -> Option<&'a str> {
    let image = cell(Column::Image)?;
    columns
        .keys()
        .all(|column| matches!(column, Column::Product | Column::Image) || cell(*column).is_none())
        .then_some(image)
}

/// A pack's row read: its product's first row (at `first_rows[product]`) keeps its picture, if it is the
/// product's first.
fn add_pack(sheet: &mut Sheet, first_rows: &mut HashMap<String, usize>, mut row: Incoming) {
    let first = *first_rows
        .entry(row.product.clone())
        .or_insert(sheet.rows.len());
    let image = row.image.take();
    sheet.rows.push(row);
    give_picture(&mut sheet.rows[first], image);
}

/// A picture-only row read: the picture of `product` (its first row's) if it is the product's first; a
/// problem of row `line` if it is no picture's address, or names no product of an earlier row.
fn add_picture(
    sheet: &mut Sheet,
    first_rows: &HashMap<String, usize>,
    line: usize,
    product: Option<&str>,
    image: &str,
    shop: &str,
    lang: &Lang,
) {
    let first = product.and_then(|product| first_rows.get(product));
    match (picture_problem(image, shop, lang), first) {
        (Some(why), _) => sheet
            .problems
            .push(Problem::at(line, Column::Image, image, why)),
        (None, Some(&first)) => give_picture(&mut sheet.rows[first], Some(image.to_owned())),
        (None, None) => sheet.problems.push(Problem::at(
            line,
            Column::Product,
            product.unwrap_or_default(),
            lang.t(
                "A row with only a picture belongs to a product named on a row above it, with its pack and price; no row above names this one.",
            ),
        )),
    }
}

/// A product has one picture: the first its rows give it, kept on its first row. Later ones are left out.
fn give_picture(first_row: &mut Incoming, image: Option<String>) {
    if first_row.image.is_none() {
        first_row.image = image;
    }
}

/// Shopify's value of the first option of a product that has a single variant: no pack label.
const DEFAULT_TITLE: &str = "Default Title";

/// A pack's label as the row gives it: the `pack` cell (Shopify's first option), then Shopify's second
/// and third options, as "1 kg / Red". Shopify's "Default Title" (a product's only variant) is no label.
fn pack_label<'a>(cell: &impl Fn(Column) -> Option<&'a str>) -> Option<String> {
    let first = cell(Column::Pack).filter(|value| !value.eq_ignore_ascii_case(DEFAULT_TITLE));
    let options: Vec<&str> = [first, cell(Column::Option2), cell(Column::Option3)]
        .into_iter()
        .flatten()
        .collect();
    (!options.is_empty()).then(|| options.join(" / "))
}

/// A row's category: its `category` cell (Shopify's `Type`), else the last step of Shopify's standard
/// product category ("Food, Beverages & Tobacco > Food Items > Rice" → "Rice").
fn category_cell<'a>(cell: &impl Fn(Column) -> Option<&'a str>) -> Option<&'a str> {
    cell(Column::Category).or_else(|| {
        cell(Column::ProductCategory)?
            .rsplit('>')
            .map(str::trim)
            .find(|step| !step.is_empty())
    })
}

/// What a product's first row says that Shopify leaves out of its later rows (one per further pack).
struct Carried {
    product: String,
    name: Option<String>,
    category: Option<String>,
}

fn read_row<'a>(
    line: usize,
    cell: &impl Fn(Column) -> Option<&'a str>,
    delimiter: u8,
    last_product: &mut Option<Carried>,
    shop: &str,
    lang: &Lang,
) -> Result<Incoming, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut problem = |column: Column, value: &str, why: &str| {
        problems.push(Problem::at(line, column, value, why))
    };
    let name = cell(Column::Name).map(str::to_owned);
    let product = match (cell(Column::Product), &name, &*last_product) {
        (Some(product), _, _) => Some(product.to_owned()),
        (None, Some(name), _) => Some(id_from(name)),
        (None, None, Some(last)) => Some(last.product.clone()),
        (None, None, None) => None,
    };
    let Some(product) = product.filter(|product| !product.is_empty()) else {
        return Err(vec![Problem {
            line,
            column: Some(Column::Name.name()),
            value: String::new(),
            why: lang
                .t("A row needs the product's name (or its product_id).")
                .to_owned(),
        }]);
    };
    let carried = last_product.take().filter(|last| last.product == product);
    let name = name.or_else(|| carried.as_ref()?.name.clone());
    let category = category_cell(cell)
        .map(str::to_owned)
        .or_else(|| carried.as_ref()?.category.clone());
    *last_product = Some(Carried {
        product: product.clone(),
        name: name.clone(),
        category: category.clone(),
    });
    let pack = pack_label(cell);
    let variant = match (cell(Column::Variant), &pack) {
        (Some(variant), _) => variant.to_owned(),
        (None, Some(pack)) => id_from(pack),
        (None, None) => "1".to_owned(),
    };
    let mut money = |column: Column| {
        let value = cell(column)?;
        match Money::parse_rupees(value, delimiter == b';') {
            Ok(amount) => Some(amount),
            Err(why) => {
                problem(column, value, amount_problem(why, lang));
                None
            }
        }
    };
    let price = money(Column::Price);
    let mrp = money(Column::Mrp);
    let stock = cell(Column::Stock).and_then(|value| match parse_stock(value, lang) {
        Ok(stock) => Some(stock),
        Err(why) => {
            problem(Column::Stock, value, why);
            None
        }
    });
    let hidden = cell(Column::Visible).and_then(|value| match parse_visible(value, lang) {
        Ok(visible) => Some(!visible),
        Err(why) => {
            problem(Column::Visible, value, why);
            None
        }
    });
    if let Some(why) = cell(Column::Description).and_then(|text| description_problem(text, lang)) {
        problem(
            Column::Description,
            cell(Column::Description).unwrap_or_default(),
            why,
        );
    }
    let search_words = cell(Column::SearchWords).map(search_words_of);
    if let Some(why) = search_words
        .as_deref()
        .and_then(|words| search_words_problem(words, lang))
    {
        problem(
            Column::SearchWords,
            cell(Column::SearchWords).unwrap_or_default(),
            why,
        );
    }
    let description = cell(Column::Description).map(str::to_owned).or_else(|| {
        cell(Column::BodyHtml)
            .map(plain_text)
            .filter(|text| !text.is_empty())
    });
    // The draft's rules, row by row, so a clean plan is never refused on import.
    for (column, value, why) in [
        (
            Column::Product,
            Some(product.as_str()),
            id_problem as for<'l> fn(&str, &'l Lang) -> Option<&'l str>,
        ),
        (Column::Variant, Some(variant.as_str()), id_problem),
        (Column::Name, name.as_deref(), name_problem),
        (Column::NameLocal, cell(Column::NameLocal), name_problem),
        (Column::Category, category.as_deref(), name_problem),
        (Column::Pack, pack.as_deref(), label_problem),
    ] {
        if let Some((value, why)) = value.and_then(|value| Some((value, why(value, lang)?))) {
            problem(column, value, why);
        }
    }
    if let Some((image, why)) =
        cell(Column::Image).and_then(|image| Some((image, picture_problem(image, shop, lang)?)))
    {
        problem(Column::Image, image, why);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Incoming {
        line,
        product,
        variant,
        variant_named: cell(Column::Variant).is_some(),
        name,
        name_local: cell(Column::NameLocal).map(str::to_owned),
        category,
        pack,
        price,
        mrp,
        stock,
        image: cell(Column::Image).map(str::to_owned),
        description,
        search_words: search_words.as_deref().map(search_words_text),
        hidden,
    })
}

/// The file as it was sent, with each row's problems in an `errors` column (in place of one it had), for
/// the merchant to fix in their spreadsheet and import again. Rows without problems get an empty cell.
pub fn with_errors(bytes: &[u8], problems: &[Problem]) -> Result<String, Unreadable> {
    let (text, delimiter) = text_of(bytes)?;
    let mut reader = reader(text, delimiter);
    let unreadable = |error: csv::Error| Unreadable::NotCsv(error.to_string());
    let headings = reader.headers().map_err(unreadable)?.clone();
    let kept = headings
        .iter()
        .position(|heading| heading.trim().eq_ignore_ascii_case(ERRORS));
    let row_of = |record: &csv::StringRecord, errors: &str| -> Vec<String> {
        let mut cells: Vec<String> = record
            .iter()
            .enumerate()
            .filter(|(at, _)| Some(*at) != kept)
            .map(|(_, cell)| cell.to_owned())
            .collect();
        cells.resize(headings.len() - usize::from(kept.is_some()), String::new());
        cells.push(errors.to_owned());
        cells
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    writer
        .write_record(row_of(&headings, ERRORS))
        .map_err(unreadable)?;
    for (index, record) in reader.records().enumerate() {
        let record = record.map_err(unreadable)?;
        let line = index + 2;
        let errors: Vec<String> = problems
            .iter()
            .filter(|problem| problem.line == line)
            .map(|problem| match problem.column {
                Some(column) => format!("{column}: {}", problem.why),
                None => problem.why.clone(),
            })
            .collect();
        writer
            .write_record(row_of(&record, &errors.join(" ")))
            .map_err(unreadable)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| Unreadable::NotCsv(error.to_string()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Two rows for one pack: the second cannot say which wins.
fn check_duplicates(sheet: &mut Sheet, lang: &Lang) {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let mut duplicates = Vec::new();
    for row in &sheet.rows {
        if let Some(first) = seen.insert((&row.product, &row.variant), row.line) {
            duplicates.push(Problem {
                line: row.line,
                column: Some(Column::Variant.name()),
                value: row.variant.clone(),
                why: lang.f(
                    "Row {row} is already this pack of {product}. Give each pack its own row once.",
                    &[("row", &first.to_string()), ("product", &row.product)],
                ),
            });
        }
    }
    let failed: Vec<usize> = duplicates.iter().map(|problem| problem.line).collect();
    sheet.rows.retain(|row| !failed.contains(&row.line));
    sheet.problems.extend(duplicates);
    sheet.problems.sort_by_key(|problem| problem.line);
}

const NOT_TRACKED: &str = "not tracked";
const SOLD_OUT_UNTIL: &str = "sold out until ";

/// A stock as the sheet writes it: a number of packs, `not tracked`, or `sold out until 2026-11-29
/// 08:00` (on the shops' clock).
pub fn stock_text(stock: Stock) -> String {
    match stock {
        Stock::Count(units) => units.to_string(),
        Stock::Untracked => NOT_TRACKED.to_owned(),
        Stock::SoldOutUntil(until) => {
            let at = ShopTime::at(until);
            format!(
                "{SOLD_OUT_UNTIL}{}-{:02}-{:02} {:02}:{:02}",
                at.year, at.month, at.day, at.hour, at.minute
            )
        }
    }
}

/// A stock cell: what [`stock_text`] writes, and the words people use ("untracked", "sold out"), as
/// the draft takes it; why not, in `lang`.
fn parse_stock<'a>(text: &str, lang: &'a Lang) -> Result<Stock, &'a str> {
    let stock = read_stock(text, lang)?;
    stock_problem(stock, lang).map_or(Ok(stock), Err)
}

fn read_stock<'a>(text: &str, lang: &'a Lang) -> Result<Stock, &'a str> {
    let text = text.trim().to_lowercase();
    if let Ok(units) = text.replace(',', "").parse::<u32>() {
        return if units <= MAX_STOCK {
            Ok(Stock::Count(units))
        } else {
            Err(lang.t("Stock is at most 10,00,000 packs."))
        };
    }
    if let Some(moment) = text.strip_prefix(SOLD_OUT_UNTIL) {
        return parse_moment(moment)
            .map(Stock::SoldOutUntil)
            .ok_or_else(|| lang.t("Write the moment as sold out until 2026-11-29 08:00."));
    }
    match text.as_str() {
        NOT_TRACKED | "untracked" | "not counted" => Ok(Stock::Untracked),
        "sold out" => Ok(Stock::Count(0)),
        _ => Err(lang.t(
            "Stock is a number of packs, \"not tracked\", or \"sold out until 2026-11-29 08:00\".",
        )),
    }
}

/// What [`Money::parse_rupees`] found wrong with a price cell, in `lang`.
fn amount_problem(problem: PriceProblem, lang: &Lang) -> &str {
    match problem {
        PriceProblem::NotANumber => lang.t("A price is a number of rupees, like 245 or 245.50."),
        PriceProblem::TooManyPaise => {
            lang.t("A price has at most two digits of paise, like 245.50.")
        }
        PriceProblem::TooLarge => lang.t("This price is too large (10 crore rupees at most)."),
    }
}

/// `2026-11-29 08:00` on the shops' clock, if it is a real moment.
fn parse_moment(text: &str) -> Option<i64> {
    let (date, time) = text.trim().split_once(' ')?;
    let mut date = date.split('-').map(str::parse::<u32>);
    let (year, month, day) = (date.next()?.ok()?, date.next()?.ok()?, date.next()?.ok()?);
    let (hour, minute) = time.trim().split_once(':')?;
    let at = ShopTime {
        year: i64::from(year),
        month,
        day,
        hour: hour.parse().ok()?,
        minute: minute.parse().ok()?,
        weekday: 0,
    };
    let ms = at.to_ms();
    // A date that does not exist (31 April) comes back as another one.
    let back = ShopTime::at(ms);
    (date.next().is_none() && ShopTime { weekday: 0, ..back } == at).then_some(ms)
}

/// A `visible` cell: yes or no, and Shopify's words for them (`TRUE`, `active`, `draft`…); why not, in
/// `lang`.
fn parse_visible<'a>(text: &str, lang: &'a Lang) -> Result<bool, &'a str> {
    match text.trim().to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "active" | "visible" | "shown" => Ok(true),
        "no" | "n" | "false" | "0" | "draft" | "archived" | "hidden" => Ok(false),
        _ => Err(lang.t("Write yes (shoppers see it) or no (hidden).")),
    }
}

/// Shopify's HTML description as a description's plain text: tags dropped, the common entities read,
/// spaces and line breaks as one space, at most a description's length (cut at a word).
fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    for (entity, c) in [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ] {
        text = text.replace(entity, c);
    }
    let mut kept = String::new();
    for word in text.split_whitespace() {
        if kept.chars().count() + word.chars().count() + 1 > MAX_DESCRIPTION_CHARS {
            break;
        }
        if !kept.is_empty() {
            kept.push(' ');
        }
        kept.push_str(word);
    }
    kept
}

fn visible_text(hidden: bool) -> &'static str {
    if hidden { "no" } else { "yes" }
}

/// What one row does to the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Create,
    /// The fields that change, each with its old and new value as the sheet writes them.
    Update(Vec<FieldChange>),
    Unchanged,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    pub column: &'static str,
    pub old: String,
    pub new: String,
}

/// What importing a sheet would do, row by row, and the rows that cannot be imported.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub rows: Vec<(Incoming, Change)>,
    pub problems: Vec<Problem>,
    /// Categories the sheet names that the shop does not have yet: they would be added.
    pub new_categories: Vec<String>,
    /// The file's headings that name no column.
    pub ignored: Vec<String>,
}

impl From<Plan> for ImportPlan {
    fn from(plan: Plan) -> Self {
        let line = |line: usize| u32::try_from(line).unwrap_or(u32::MAX);
        let rows = plan
            .rows
            .into_iter()
            .map(|(row, change)| {
                let (change, changes) = match change {
                    Change::Create => (RowChange::Create, Vec::new()),
                    Change::Unchanged => (RowChange::Unchanged, Vec::new()),
                    Change::Update(fields) => (
                        RowChange::Update,
                        fields
                            .into_iter()
                            .map(|field| CellChange {
                                column: field.column.to_owned(),
                                old: field.old,
                                new: field.new,
                            })
                            .collect(),
                    ),
                };
                PlannedRow {
                    line: line(row.line),
                    product: row.product,
                    variant: row.variant,
                    change,
                    changes,
                }
            })
            .collect();
        let problems = plan
            .problems
            .into_iter()
            .map(|problem| RowProblem {
                line: line(problem.line),
                column: problem.column.map(str::to_owned),
                value: problem.value,
                why: problem.why,
            })
            .collect();
        Self {
            rows,
            problems,
            new_categories: plan.new_categories,
            ignored_columns: plan.ignored,
            basis: String::new(),
        }
    }
}

/// What importing `sheet` into a catalog that is `current` would do, its problems said in `lang`. A new
/// pack needs a name, a category and a price; a blank cell leaves a value as it is.
pub fn plan(current: &[Row], sheet: Sheet, lang: &Lang) -> Plan {
    let existing: HashMap<(&str, &str), &Row> = current
        .iter()
        .map(|row| ((row.product.as_str(), row.variant.as_str()), row))
        .collect();
    let products: HashMap<&str, &Row> = current
        .iter()
        .map(|row| (row.product.as_str(), row))
        .collect();
    let known_category = |name: &str| {
        current
            .iter()
            .any(|row| row.category.eq_ignore_ascii_case(name))
    };
    let mut plan = Plan {
        problems: sheet.problems,
        ignored: sheet.ignored,
        ..Plan::default()
    };
    for mut row in sheet.rows {
        if !row.variant_named
            && let Some(same_pack) = same_pack(current, &row)
        {
            row.variant = same_pack.to_owned();
        }
        let change = match existing.get(&(row.product.as_str(), row.variant.as_str())) {
            Some(old) => changes(old, &row),
            None => {
                match missing_for_new(&row, products.get(row.product.as_str()).copied(), lang) {
                    Some(problem) => {
                        plan.problems.push(problem);
                        continue;
                    }
                    None => Change::Create,
                }
            }
        };
        let old = existing.get(&(row.product.as_str(), row.variant.as_str()));
        if let Some(problem) = price_above_mrp(&row, old.copied(), lang) {
            plan.problems.push(problem);
            continue;
        }
        if let Some(category) = &row.category
            && !known_category(category)
            && !plan
                .new_categories
                .iter()
                .any(|new| new.eq_ignore_ascii_case(category))
        {
            plan.new_categories.push(category.clone());
        }
        plan.rows.push((row, change));
    }
    plan.problems.sort_by_key(|problem| problem.line);
    plan
}

/// A price above the MRP, as the row would leave the pack (its cells, or the pack's values where blank).
fn price_above_mrp(row: &Incoming, old: Option<&Row>, lang: &Lang) -> Option<Problem> {
    let price = row.price.or(old.map(|old| old.price))?;
    let mrp = row.mrp.or(old.and_then(|old| old.mrp))?;
    (price > mrp).then(|| {
        let (column, value) = match (row.price, row.mrp) {
            (Some(price), _) => (Column::Price, price.rupees()),
            (None, _) => (Column::Mrp, mrp.rupees()),
        };
        Problem {
            line: row.line,
            column: Some(column.name()),
            value,
            // In rupees as the file writes them, beside the cell that holds one.
            why: lang.f(
                "The price (₹{price}) is above the MRP (₹{mrp}). Lower the price or raise the MRP.",
                &[("price", &price.rupees()), ("mrp", &mrp.rupees())],
            ),
        }
    })
}

/// The variant of `row`'s product whose pack reads as the row's ("500g" and "500 G" are "500 g"), or,
/// for a row without a pack label (Shopify's single variant), the product's only pack: a file without
/// variant ids names packs by their label.
fn same_pack<'a>(current: &'a [Row], row: &Incoming) -> Option<&'a str> {
    let plain = |pack: &str| -> String {
        pack.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let mut packs = current.iter().filter(|old| old.product == row.product);
    let found = match row.pack.as_deref() {
        Some(pack) => packs.find(|old| plain(&old.pack) == plain(pack)),
        None => packs.next().filter(|_| packs.next().is_none()),
    };
    found.map(|old| old.variant.as_str())
}

/// Why a new pack cannot be made from `row` (a new pack of a product the shop has takes its name and
/// category from it).
fn missing_for_new(row: &Incoming, product: Option<&Row>, lang: &Lang) -> Option<Problem> {
    let missing = |column: Column, why: &str| Problem::at(row.line, column, "", why);
    if row.price.is_none() {
        return Some(missing(
            Column::Price,
            lang.t("A new pack needs its price."),
        ));
    }
    if product.is_none() && row.category.is_none() {
        return Some(missing(
            Column::Category,
            lang.t("A new product needs its category."),
        ));
    }
    if product.is_none() && row.name.is_none() {
        return Some(missing(
            Column::Name,
            lang.t("A new product needs its name."),
        ));
    }
    None
}

fn changes(old: &Row, new: &Incoming) -> Change {
    let mut changed = Vec::new();
    let mut compare = |column: Column, old: String, new: Option<String>| {
        if let Some(new) = new
            && new != old
        {
            changed.push(FieldChange {
                column: column.name(),
                old,
                new,
            });
        }
    };
    compare(Column::Name, old.name.clone(), new.name.clone());
    compare(
        Column::NameLocal,
        old.name_local.clone().unwrap_or_default(),
        new.name_local.clone(),
    );
    // A category is named without regard to case ("staples" is "Staples").
    let category = new
        .category
        .clone()
        .filter(|name| !name.eq_ignore_ascii_case(&old.category));
    compare(Column::Category, old.category.clone(), category);
    compare(Column::Pack, old.pack.clone(), new.pack.clone());
    compare(
        Column::Price,
        old.price.rupees(),
        new.price.map(Money::rupees),
    );
    compare(
        Column::Mrp,
        old.mrp.map(Money::rupees).unwrap_or_default(),
        new.mrp.map(Money::rupees),
    );
    compare(
        Column::Stock,
        stock_text(old.stock),
        new.stock.map(stock_text),
    );
    compare(
        Column::Image,
        old.image.clone().unwrap_or_default(),
        new.image.clone(),
    );
    compare(
        Column::Description,
        old.description.clone().unwrap_or_default(),
        new.description.clone(),
    );
    compare(
        Column::SearchWords,
        old.search_words.clone(),
        new.search_words.clone(),
    );
    compare(
        Column::Visible,
        visible_text(old.hidden).to_owned(),
        new.hidden.map(|hidden| visible_text(hidden).to_owned()),
    );
    if changed.is_empty() {
        Change::Unchanged
    } else {
        Change::Update(changed)
    }
}

/// What changes, pack by pack, from the catalog `before` to the catalog `after` (both as rows), stock
/// aside: added and changed packs in `after`'s order, then removed ones in `before`'s.
pub fn differences(before: &[Row], after: &[Row]) -> Vec<PackChange> {
    let key = |row: &Row| (row.product.clone(), row.variant.clone());
    let older: HashMap<(String, String), &Row> = before.iter().map(|row| (key(row), row)).collect();
    let newer: HashSet<(String, String)> = after.iter().map(key).collect();
    let change = |row: &Row, change: PackChangeKind, changes: Vec<CellChange>| PackChange {
        product: row.product.clone(),
        variant: row.variant.clone(),
        name: row.name.clone(),
        pack: row.pack.clone(),
        change,
        changes,
    };
    let mut found = Vec::new();
    for row in after {
        match older.get(&key(row)) {
            None => found.push(change(row, PackChangeKind::Added, Vec::new())),
            Some(old) => {
                let cells = cell_changes(old, row);
                if !cells.is_empty() {
                    found.push(change(row, PackChangeKind::Changed, cells));
                }
            }
        }
    }
    for row in before.iter().filter(|row| !newer.contains(&key(row))) {
        found.push(change(row, PackChangeKind::Removed, Vec::new()));
    }
    found
}

/// Each of a pack's cells (stock aside) that differs between two catalogs, old → new.
fn cell_changes(old: &Row, new: &Row) -> Vec<CellChange> {
    let money = |amount: Option<Money>| amount.map(Money::rupees).unwrap_or_default();
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    [
        (Column::Name, old.name.clone(), new.name.clone()),
        (
            Column::NameLocal,
            text(&old.name_local),
            text(&new.name_local),
        ),
        (Column::Category, old.category.clone(), new.category.clone()),
        (Column::Pack, old.pack.clone(), new.pack.clone()),
        (Column::Price, old.price.rupees(), new.price.rupees()),
        (Column::Mrp, money(old.mrp), money(new.mrp)),
        (Column::Image, text(&old.image), text(&new.image)),
        (
            Column::Description,
            text(&old.description),
            text(&new.description),
        ),
        (
            Column::SearchWords,
            old.search_words.clone(),
            new.search_words.clone(),
        ),
        (
            Column::Visible,
            visible_text(old.hidden).to_owned(),
            visible_text(new.hidden).to_owned(),
        ),
    ]
    .into_iter()
    .filter(|(_, old, new)| old != new)
    .map(|(column, old, new)| CellChange {
        column: column.name().to_owned(),
        old,
        new,
    })
    .collect()
}

/// A draft as the sheet's rows: categories by name, and each pack's stock as the draft sets it or, where
/// it sets none, as it is live (`live`, whose packs all have theirs; 0 for a pack not live yet).
pub fn rows_of(draft: &CatalogDraft, live: &CatalogDraft) -> Vec<Row> {
    let live_stock: HashMap<(&str, &str), Stock> = live
        .products
        .iter()
        .flat_map(|product| {
            product.variants.iter().filter_map(|variant| {
                Some(((product.id.as_str(), variant.id.as_str()), variant.stock?))
            })
        })
        .collect();
    let category_name = |id: &str| {
        draft
            .categories
            .iter()
            .find(|category| category.id == id)
            .map_or_else(|| id.to_owned(), |category| category.name.clone())
    };
    draft
        .products
        .iter()
        .flat_map(|product| {
            let category = category_name(&product.category);
            let live_stock = &live_stock;
            product.variants.iter().map(move |variant| Row {
                product: product.id.clone(),
                name: product.name.clone(),
                name_local: product.name_local.clone(),
                category: category.clone(),
                variant: variant.id.clone(),
                pack: variant.label.clone(),
                price: variant.price,
                mrp: variant.mrp,
                stock: variant.stock.unwrap_or_else(|| {
                    live_stock
                        .get(&(product.id.as_str(), variant.id.as_str()))
                        .copied()
                        .unwrap_or(Stock::Count(0))
                }),
                image: product.image.clone(),
                description: product.description.clone(),
                search_words: search_words_text(&product.search_words),
                hidden: product.hidden,
            })
        })
        .collect()
}

/// What a plan was made against and what it showed, as a short fingerprint: an import applies a plan
/// only while the draft (or, without one, the live catalog as [`super::draft::from_live`] starts one,
/// with stock only where the draft sets it) is as it was, and the file still plans as the merchant saw
/// it. So a sale meanwhile outdates a plan only when it changes what the plan does: a stock the file
/// repeats, unchanged when planned, would now be a change that undoes the sale. A problem counts by its
/// place and value, not its words: a plan shown in Hindi is imported from a page in English alike.
pub fn basis(draft: &CatalogDraft, shown: &ImportPlan) -> String {
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(draft).unwrap_or_default());
    let problems: Vec<(u32, Option<&str>, &str)> = shown
        .problems
        .iter()
        .map(|problem| {
            (
                problem.line,
                problem.column.as_deref(),
                problem.value.as_str(),
            )
        })
        .collect();
    let planned = (
        &shown.rows,
        &problems,
        &shown.new_categories,
        &shown.ignored_columns,
    );
    hash.update(serde_json::to_vec(&planned).unwrap_or_default());
    hex::encode(&hash.finalize()[..12])
}

/// Applies a plan's rows to the draft: new categories, products and packs added at the end, and only
/// the cells the plan lists as changed set (a stock the file repeats as it is is not set, so it never
/// turns into one that rewinds sales on publishing). A stock that is set is set on publishing.
pub fn apply(draft: &mut CatalogDraft, rows: &[(Incoming, Change)]) {
    for (row, change) in rows {
        let changed = |column: Column| match change {
            Change::Create => true,
            Change::Update(fields) => fields.iter().any(|field| field.column == column.name()),
            Change::Unchanged => false,
        };
        if *change == Change::Unchanged {
            continue;
        }
        let category = row
            .category
            .as_deref()
            .filter(|_| changed(Column::Category))
            .map(|name| category_id(draft, name));
        let at = match draft.products.iter().position(|it| it.id == row.product) {
            Some(at) => at,
            None => {
                draft.products.push(DraftProduct {
                    id: row.product.clone(),
                    category: category.clone().unwrap_or_default(),
                    name: row.name.clone().unwrap_or_else(|| row.product.clone()),
                    name_local: None,
                    image: None,
                    description: None,
                    search_words: Vec::new(),
                    hidden: false,
                    variants: Vec::new(),
                });
                draft.products.len() - 1
            }
        };
        let product = &mut draft.products[at];
        if let Some(category) = category {
            product.category = category;
        }
        if let Some(name) = row.name.as_ref().filter(|_| changed(Column::Name)) {
            product.name.clone_from(name);
        }
        if row.name_local.is_some() && changed(Column::NameLocal) {
            product.name_local.clone_from(&row.name_local);
        }
        if row.image.is_some() && changed(Column::Image) {
            product.image.clone_from(&row.image);
        }
        if row.description.is_some() && changed(Column::Description) {
            product.description.clone_from(&row.description);
        }
        if let Some(words) = row
            .search_words
            .as_deref()
            .filter(|_| changed(Column::SearchWords))
        {
            product.search_words = search_words_of(words);
        }
        if let Some(hidden) = row.hidden.filter(|_| changed(Column::Visible)) {
            product.hidden = hidden;
        }
        let variant = match product.variants.iter().position(|it| it.id == row.variant) {
            Some(at) => &mut product.variants[at],
            None => {
                product.variants.push(DraftVariant {
                    id: row.variant.clone(),
                    label: row.pack.clone().unwrap_or_else(|| "1 pc".to_owned()),
                    price: row.price.unwrap_or(Money::ZERO),
                    mrp: None,
                    stock: None,
                });
                let last = product.variants.len() - 1;
                &mut product.variants[last]
            }
        };
        if let Some(pack) = row.pack.as_ref().filter(|_| changed(Column::Pack)) {
            variant.label.clone_from(pack);
        }
        if let Some(price) = row.price.filter(|_| changed(Column::Price)) {
            variant.price = price;
        }
        if row.mrp.is_some() && changed(Column::Mrp) {
            variant.mrp = row.mrp;
        }
        if row.stock.is_some() && changed(Column::Stock) {
            variant.stock = row.stock;
        }
    }
}

/// The id of the draft's category called `name` (or with that id), added when there is none.
fn category_id(draft: &mut CatalogDraft, name: &str) -> String {
    if let Some(category) = draft
        .categories
        .iter()
        .find(|it| it.name.eq_ignore_ascii_case(name) || it.id == name)
    {
        return category.id.clone();
    }
    let id = free_id(name, "category", |id| {
        draft.categories.iter().any(|it| it.id == id)
    });
    draft.categories.push(Category {
        id: id.clone(),
        name: name.to_owned(),
        name_local: None,
        icon: None,
    });
    id
}

/// The catalog in Haat's columns, with a heading row.
pub fn write(rows: &[Row]) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS.map(Column::name))?;
    for row in rows {
        writer.write_record([
            row.product.as_str(),
            row.name.as_str(),
            row.name_local.as_deref().unwrap_or_default(),
            row.category.as_str(),
            row.variant.as_str(),
            row.pack.as_str(),
            &row.price.rupees(),
            &row.mrp.map(Money::rupees).unwrap_or_default(),
            &stock_text(row.stock),
            row.image.as_deref().unwrap_or_default(),
            row.description.as_deref().unwrap_or_default(),
            row.search_words.as_str(),
            visible_text(row.hidden),
        ])?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Lang {
        Lang::english()
    }

    #[test]
    fn shopifys_html_description_is_read_as_plain_text() {
        assert_eq!(
            plain_text(
                "<p>Stone-ground <b>chakki</b> atta.</p>\r\n<p>Fish &amp; chips&nbsp;&lt;3</p>"
            ),
            "Stone-ground chakki atta. Fish & chips <3"
        );
        let long = format!("<p>{}</p>", "word ".repeat(200));
        let kept = plain_text(&long);
        assert!(kept.chars().count() <= MAX_DESCRIPTION_CHARS && kept.ends_with("word"));
        let file =
            "Handle,Title,Body (HTML),Variant Price\natta,Atta,<p>From <i>Sehore</i></p>,245\n";
        let sheet = read(file.as_bytes(), "demo", &english()).expect("read");
        assert_eq!(sheet.problems, []);
        assert_eq!(sheet.rows[0].description.as_deref(), Some("From Sehore"));
    }

    fn row(product: &str, variant: &str, price: i64, stock: u32) -> Row {
        Row {
            product: product.into(),
            name: product.replace('-', " "),
            name_local: None,
            category: "Staples".into(),
            variant: variant.into(),
            pack: variant.into(),
            price: Money::from_minor(price),
            mrp: None,
            stock: Stock::Count(stock),
            image: None,
            description: None,
            search_words: String::new(),
            hidden: false,
        }
    }

    fn catalog() -> Vec<Row> {
        vec![
            row("toor-dal", "500g", 8_900, 40),
            row("toor-dal", "1kg", 17_500, 12),
            row("basmati", "1kg", 14_000, 0),
        ]
    }

    #[test]
    fn a_written_catalog_reads_back_unchanged() {
        let mut rows = catalog();
        rows[0].name_local = Some("तूर दाल".into());
        rows[0].mrp = Some(Money::from_minor(9_550));
        rows[1].name = "Toor Dal, \"Premium\", Unpolished".into();
        rows[2].image = Some("https://img.example/basmati.webp".into());
        let written = write(&rows).expect("written");
        let sheet = read(written.as_bytes(), "demo", &english()).expect("read back");
        assert_eq!(sheet.problems, []);
        let plan = plan(&rows, sheet, &english());
        assert_eq!(plan.problems, []);
        assert!(
            plan.rows
                .iter()
                .all(|(_, change)| *change == Change::Unchanged),
            "{plan:?}"
        );
        assert_eq!(plan.rows.len(), 3);
    }

    #[test]
    fn shopify_columns_in_any_order_with_a_bom_and_semicolons() {
        let file = "\u{feff}Variant Price;Title;Handle;Option1 Value;Variant Inventory Qty;Type;Vendor\n\
                    \"89,50\";Toor Dal;toor-dal;500g;41;Staples;Tata\n\
                    175;;toor-dal;1kg;;;\n";
        let sheet = read(file.as_bytes(), "demo", &english()).expect("read");
        assert_eq!(sheet.problems, []);
        assert_eq!(sheet.ignored, ["Vendor"]);
        let first = &sheet.rows[0];
        assert_eq!(first.price, Some(Money::from_minor(8_950)));
        assert_eq!(first.stock, Some(Stock::Count(41)));
        assert_eq!(
            sheet.rows[1].product, "toor-dal",
            "a later row of the same product"
        );
        assert_eq!(sheet.rows[1].category.as_deref(), Some("Staples"));
        let plan = plan(&catalog(), sheet, &english());
        assert_eq!(
            plan.rows[0].1,
            Change::Update(vec![
                FieldChange {
                    column: "name",
                    old: "toor dal".into(),
                    new: "Toor Dal".into()
                },
                FieldChange {
                    column: "price",
                    old: "89".into(),
                    new: "89.50".into()
                },
                FieldChange {
                    column: "stock",
                    old: "40".into(),
                    new: "41".into()
                },
            ])
        );
        // The later row takes the product's name from the first (as Shopify writes it); its blank
        // price and stock leave the pack's as they are.
        assert_eq!(
            plan.rows[1].1,
            Change::Update(vec![FieldChange {
                column: "name",
                old: "toor dal".into(),
                new: "Toor Dal".into()
            }])
        );
    }

    #[test]
    fn every_bad_row_names_its_row_column_value_and_why() {
        let file = "name,category,pack,price,stock,image\n\
                    Moong Dal,Staples,500g,abc,10,\n\
                    ,,,,,\n\
                    Sugar,,1kg,45,-3,ftp://x\n\
                    Salt,Staples,1kg,20,5,\n\
                    Salt,Staples,1kg,22,5,\n\
                    Jaggery,,1kg,60,5,\n";
        let sheet = read(file.as_bytes(), "demo", &english()).expect("read");
        let plan = plan(&catalog(), sheet, &english());
        let found: Vec<(usize, Option<&str>, &str)> = plan
            .problems
            .iter()
            .map(|problem| (problem.line, problem.column, problem.value.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (2, Some("price"), "abc"),
                (4, Some("stock"), "-3"),
                (4, Some("image"), "ftp://x"),
                (6, Some("variant_id"), "1kg"),
                (7, Some("category"), ""),
            ]
        );
        assert_eq!(plan.rows.len(), 1, "the first Salt row");
        assert_eq!(plan.rows[0].1, Change::Create);
    }

    #[test]
    fn a_file_goes_back_with_its_errors_beside_each_row_and_reads_again() {
        let file = "name;category;price;errors\nPoha;Breakfast;48;old note\nSugar;Staples;forty\n";
        let sheet = read(file.as_bytes(), "demo", &english()).expect("read");
        assert_eq!(
            sheet.ignored,
            Vec::<String>::new(),
            "errors is not a column to report"
        );
        let back = with_errors(file.as_bytes(), &sheet.problems).expect("written");
        let mut lines = back.lines();
        assert_eq!(lines.next(), Some("name;category;price;errors"));
        assert_eq!(
            lines.next(),
            Some("Poha;Breakfast;48;"),
            "the old note replaced"
        );
        let sugar = lines.next().expect("sugar's row");
        assert!(sugar.starts_with("Sugar;Staples;forty;price: "), "{sugar}");
        let again = read(back.as_bytes(), "demo", &english()).expect("read again");
        assert_eq!(again.problems.len(), 1);
    }

    #[test]
    fn a_rows_problems_are_said_in_the_merchants_language() {
        let tamil = crate::voices::Voices::load().of(haat_api::Language::Ta);
        let file = "name,category,pack,price,stock,visible\n\
                    Moong Dal,Staples,500g,abc,,\n\
                    Sugar,Staples,1kg,45,lots,maybe\n";
        let sheet = read(file.as_bytes(), "demo", &tamil).expect("read");
        let english = read(file.as_bytes(), "demo", &english()).expect("read");
        assert_eq!(sheet.problems.len(), 3, "{:?}", sheet.problems);
        for (said, english) in sheet.problems.iter().zip(&english.problems) {
            assert_eq!(
                (said.line, said.column, &said.value),
                (english.line, english.column, &english.value)
            );
            assert!(
                said.why != english.why
                    && said
                        .why
                        .chars()
                        .any(|c| ('\u{0b80}'..='\u{0bff}').contains(&c)),
                "{said:?}"
            );
        }
    }

    #[test]
    fn a_file_without_names_or_text_is_refused_whole() {
        assert_eq!(
            read(b"sku,price\n1,2\n", "demo", &english()),
            Err(Unreadable::NoNameColumn)
        );
        assert_eq!(read(b"", "demo", &english()), Err(Unreadable::Empty));
        assert_eq!(
            read(&[0xff, 0xfe, 0x00], "demo", &english()),
            Err(Unreadable::NotText)
        );
        let mut many = String::from("name,price\n");
        for n in 0..=MAX_ROWS {
            many.push_str(&format!("P{n},1\n"));
        }
        assert_eq!(
            read(many.as_bytes(), "demo", &english()),
            Err(Unreadable::TooManyRows)
        );
    }

    #[test]
    fn a_file_without_variant_ids_finds_packs_by_their_label() {
        let mut current = catalog();
        current[0].pack = "500 g".into();
        let file = "name,pack,price\ntoor dal,500G,89\n";
        let plan = plan(
            &current,
            read(file.as_bytes(), "demo", &english()).expect("read"),
            &english(),
        );
        assert_eq!(plan.rows[0].0.variant, "500g");
        assert_eq!(
            plan.rows[0].1,
            Change::Update(vec![FieldChange {
                column: "pack",
                old: "500 g".into(),
                new: "500G".into()
            }])
        );
    }

    #[test]
    fn a_plan_applies_to_the_draft_and_plans_back_as_no_change() {
        let mut draft = CatalogDraft {
            categories: vec![Category {
                id: "staples".into(),
                name: "Staples".into(),
                name_local: None,
                icon: None,
            }],
            products: Vec::new(),
        };
        let live = CatalogDraft::default();
        let file = "name,local_name,category,pack,price,mrp,stock\n\
                    Poha,पोहा,Breakfast,500 g,48,55,12\n\
                    Toor Dal,,staples,1 kg,175,,\n";
        let planned = plan(
            &rows_of(&draft, &live),
            read(file.as_bytes(), "demo", &english()).expect("read"),
            &english(),
        );
        assert_eq!(planned.problems, []);
        apply(&mut draft, &planned.rows);
        assert_eq!(
            draft
                .categories
                .iter()
                .map(|it| it.id.as_str())
                .collect::<Vec<_>>(),
            ["staples", "breakfast"]
        );
        let poha = &draft.products[0];
        assert_eq!(
            (poha.category.as_str(), poha.name_local.as_deref()),
            ("breakfast", Some("पोहा"))
        );
        assert_eq!(poha.variants[0].stock, Some(Stock::Count(12)));
        assert_eq!(poha.variants[0].mrp, Some(Money::from_minor(5_500)));
        assert_eq!(
            draft.products[1].variants[0].stock, None,
            "stock left as it is"
        );
        assert_eq!(
            super::super::draft::check(&draft, "demo", &english()),
            Ok(())
        );
        let again = plan(
            &rows_of(&draft, &live),
            read(file.as_bytes(), "demo", &english()).expect("read"),
            &english(),
        );
        assert!(
            again
                .rows
                .iter()
                .all(|(_, change)| *change == Change::Unchanged),
            "{again:?}"
        );
    }

    #[test]
    fn a_stock_the_file_repeats_is_not_set() {
        let mut draft = CatalogDraft {
            categories: vec![Category {
                id: "staples".into(),
                name: "Staples".into(),
                name_local: None,
                icon: None,
            }],
            products: vec![DraftProduct {
                id: "toor-dal".into(),
                category: "staples".into(),
                name: "Toor Dal".into(),
                name_local: None,
                image: None,
                description: None,
                search_words: Vec::new(),
                hidden: false,
                variants: vec![DraftVariant {
                    id: "500g".into(),
                    label: "500 g".into(),
                    price: Money::from_minor(8_900),
                    mrp: None,
                    stock: None,
                }],
            }],
        };
        let mut live = draft.clone();
        live.products[0].variants[0].stock = Some(Stock::Count(40));
        // Exported when 40 were left: the same 40, and a new price.
        let file = "product_id,variant_id,name,price,stock\ntoor-dal,500g,Toor Dal,92,40\n";
        let planned = plan(
            &rows_of(&draft, &live),
            read(file.as_bytes(), "demo", &english()).expect("read"),
            &english(),
        );
        apply(&mut draft, &planned.rows);
        let variant = &draft.products[0].variants[0];
        assert_eq!(variant.price, Money::from_minor(9_200));
        assert_eq!(variant.stock, None, "stock stays as orders leave it");
    }

    #[test]
    fn a_row_the_draft_would_refuse_is_a_problem_of_its_row() {
        let file = "product_id,variant_id,name,category,pack,price\n\
                    toor dal,500g,Toor Dal,Staples,500 g,89\n\
                    dal,a/b,Dal,Staples,500 g,89\n\
                    moong,1kg,Moong,Staples,an absurdly long pack label that goes on and on,89\n";
        let plan = plan(
            &catalog(),
            read(file.as_bytes(), "demo", &english()).expect("read"),
            &english(),
        );
        let found: Vec<(usize, Option<&str>)> = plan
            .problems
            .iter()
            .map(|problem| (problem.line, problem.column))
            .collect();
        assert_eq!(
            found,
            [
                (2, Some("product_id")),
                (3, Some("variant_id")),
                (4, Some("pack"))
            ]
        );
        assert!(id_from(&"Supermarket Special ".repeat(10)).chars().count() <= 64);
    }

    #[test]
    fn a_price_above_the_mrp_is_a_problem_of_its_row() {
        let mut current = catalog();
        current[0].mrp = Some(Money::from_minor(9_500));
        let file = "product_id,variant_id,name,price\ntoor-dal,500g,Toor Dal,99\n";
        let plan = plan(
            &current,
            read(file.as_bytes(), "demo", &english()).expect("read"),
            &english(),
        );
        assert_eq!(plan.rows, []);
        let problem = &plan.problems[0];
        assert_eq!(
            (problem.line, problem.column, problem.value.as_str()),
            (2, Some("price"), "99")
        );
        assert!(problem.why.contains("₹95"), "{}", problem.why);
    }

    #[test]
    fn new_products_and_categories_are_planned() {
        let file = "name,local_name,category,pack,price,mrp\n\
                    Poha,पोहा,Breakfast,500 g,48,55\n\
                    Toor Dal,,,2kg,330,\n";
        let plan = plan(
            &catalog(),
            read(file.as_bytes(), "demo", &english()).expect("read"),
            &english(),
        );
        assert_eq!(plan.problems, []);
        assert_eq!(plan.new_categories, ["Breakfast"]);
        let (poha, change) = &plan.rows[0];
        assert_eq!(*change, Change::Create);
        assert_eq!(
            (poha.product.as_str(), poha.variant.as_str()),
            ("poha", "500-g")
        );
        assert_eq!(poha.mrp, Some(Money::from_minor(5_500)));
        let (dal, change) = &plan.rows[1];
        assert_eq!(
            *change,
            Change::Create,
            "a new pack of a product the shop has"
        );
        assert_eq!(
            (dal.product.as_str(), dal.variant.as_str()),
            ("toor-dal", "2kg")
        );
    }

    #[test]
    fn differences_name_each_pack_added_changed_and_removed() {
        let row = |product: &str, variant: &str, price: i64| Row {
            product: product.into(),
            name: product.to_uppercase(),
            name_local: None,
            category: "Staples".into(),
            variant: variant.into(),
            pack: variant.into(),
            price: Money::from_minor(price),
            mrp: Some(Money::from_minor(10_000)),
            stock: Stock::Count(5),
            image: None,
            description: None,
            search_words: String::new(),
            hidden: false,
        };
        let before = [row("dal", "1kg", 9_000), row("salt", "1kg", 2_800)];
        let mut dearer = row("dal", "1kg", 9_500);
        dearer.mrp = None;
        dearer.stock = Stock::Count(0);
        let after = [dearer, row("poha", "500g", 4_500)];
        let found = differences(&before, &after);
        let kinds: Vec<(&str, PackChangeKind)> = found
            .iter()
            .map(|it| (it.product.as_str(), it.change))
            .collect();
        assert_eq!(
            kinds,
            [
                ("dal", PackChangeKind::Changed),
                ("poha", PackChangeKind::Added),
                ("salt", PackChangeKind::Removed)
            ]
        );
        let cells: Vec<(&str, &str, &str)> = found[0]
            .changes
            .iter()
            .map(|it| (it.column.as_str(), it.old.as_str(), it.new.as_str()))
            .collect();
        assert_eq!(
            cells,
            [("price", "90", "95"), ("mrp", "100", "")],
            "stock aside"
        );
        assert!(differences(&before, &before).is_empty());
    }
}
