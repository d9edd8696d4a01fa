//! Windowed lists: a list of 10,000 rows keeps only the rows on screen in the page. Every row has a
//! height known in advance, so where each row sits, and which rows a scroll position shows, is
//! arithmetic.

use std::ops::Range;

/// Rows drawn above and below the screen, so a fast flick does not show blank space.
pub const OVERSCAN: usize = 4;
/// The tallest screen a list assumes, whatever the page reports: it bounds the rows in the page
/// even if the list's box were laid out at its full height.
pub const MAX_VIEWPORT: u32 = 4_000;

/// Where each row of a list sits.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    /// `tops[i]` is row `i`'s distance from the list's top; the last entry is the list's height.
    tops: Vec<u32>,
}

impl Layout {
    pub fn new(heights: impl IntoIterator<Item = u32>) -> Self {
        let mut tops = vec![0];
        let mut y = 0_u32;
        for height in heights {
            y = y.saturating_add(height);
            tops.push(y);
        }
        Self { tops }
    }

    pub fn len(&self) -> usize {
        self.tops.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The whole list's height.
    pub fn height(&self) -> u32 {
        self.tops.last().copied().unwrap_or(0)
    }

    /// Row `row`'s top and height.
    pub fn place(&self, row: usize) -> (u32, u32) {
        match (self.tops.get(row), self.tops.get(row + 1)) {
            (Some(&top), Some(&bottom)) => (top, bottom - top),
            _ => (self.height(), 0),
        }
    }

    /// The row under `y`, if the list reaches that far.
    pub fn row_at(&self, y: u32) -> Option<usize> {
        (y < self.height()).then(|| self.tops.partition_point(|&top| top <= y) - 1)
    }

    /// The rows to draw when the list is scrolled `scroll_top` down and `viewport` of it shows: the
    /// rows that overlap the screen and [`OVERSCAN`] more on each side.
    pub fn visible(&self, scroll_top: u32, viewport: u32) -> Range<usize> {
        let len = self.len();
        let bottom = scroll_top.saturating_add(viewport.min(MAX_VIEWPORT));
        let first = self.row_at(scroll_top).unwrap_or(len);
        // Rows that start above the screen's bottom edge.
        let end = self.tops[..len].partition_point(|&top| top < bottom);
        let first = first.min(end).saturating_sub(OVERSCAN);
        first..(end + OVERSCAN).min(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_placed_one_under_another() {
        let layout = Layout::new([40, 100, 100, 40, 100]);
        assert_eq!(layout.len(), 5);
        assert_eq!(layout.height(), 380);
        assert_eq!(layout.place(0), (0, 40));
        assert_eq!(layout.place(3), (240, 40));
        assert_eq!(layout.place(9), (380, 0));
        assert_eq!(layout.row_at(0), Some(0));
        assert_eq!(layout.row_at(39), Some(0));
        assert_eq!(layout.row_at(40), Some(1));
        assert_eq!(layout.row_at(379), Some(4));
        assert_eq!(layout.row_at(380), None);
    }

    #[test]
    fn only_rows_on_screen_and_the_overscan_are_drawn() {
        let layout = Layout::new(std::iter::repeat_n(100, 10_000));
        assert_eq!(layout.visible(0, 800), 0..8 + OVERSCAN);
        // Scrolled to row 500's middle: rows 500..=508 overlap the screen.
        assert_eq!(layout.visible(50_050, 800), 500 - OVERSCAN..509 + OVERSCAN);
        // At the very end.
        let end = layout.height() - 800;
        assert_eq!(layout.visible(end, 800), 9_992 - OVERSCAN..10_000);
    }

    #[test]
    fn the_rows_drawn_are_bounded_whatever_the_page_reports() {
        let layout = Layout::new(std::iter::repeat_n(100, 10_000));
        let drawn = layout.visible(0, u32::MAX);
        assert_eq!(drawn.len(), 40 + OVERSCAN);
        assert_eq!(
            layout.visible(u32::MAX, 800),
            10_000 - OVERSCAN..10_000,
            "scrolled past the end: the last rows"
        );
    }

    #[test]
    fn an_empty_list_draws_nothing() {
        let layout = Layout::new([]);
        assert!(layout.is_empty());
        assert_eq!(layout.height(), 0);
        assert_eq!(layout.visible(0, 800), 0..0);
        assert_eq!(layout.row_at(0), None);
    }
}
