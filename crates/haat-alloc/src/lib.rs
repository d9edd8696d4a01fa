//! A global allocator for single-threaded wasm, a few hundred bytes instead of dlmalloc's several KiB.
//!
//! Every block is a power of two (8 bytes to 2 GiB) and sits at a multiple of its size (capped at a
//! wasm page), so it suits any alignment up to its size. Freed blocks go on a free list per size;
//! new ones are cut from the end of memory, which grows a page at a time. Allocation and freeing are
//! O(1); the price is up to half a block unused, and memory is never handed back to the browser,
//! which suits a page that lives for one visit.
#![no_std]

use core::{
    alloc::{GlobalAlloc, Layout},
    cell::Cell,
    ptr,
};

const PAGE: usize = 65_536;
const SIZES: usize = usize::BITS as usize;

pub struct Allocator {
    /// The first free block of each size `1 << class`; each free block holds the address of the next.
    free: [Cell<usize>; SIZES],
    /// Where unused memory starts, and where it ends.
    next: Cell<usize>,
    end: Cell<usize>,
}

// SAFETY: the storefront's wasm runs on one thread (no atomics, no shared memory), so the cells are
// never touched by two threads.
unsafe impl Sync for Allocator {}

impl Allocator {
    pub const fn new() -> Self {
        Self {
            free: [const { Cell::new(0) }; SIZES],
            next: Cell::new(0),
            end: Cell::new(0),
        }
    }

    /// Cuts a new block of `size` (a power of two) from the end of memory.
    fn carve(&self, size: usize) -> *mut u8 {
        let align = size.min(PAGE);
        let mut start = self.next.get().next_multiple_of(align);
        if start + size > self.end.get() {
            let pages = (size + align).div_ceil(PAGE);
            let Some(previous) = grow(pages) else {
                return ptr::null_mut();
            };
            let grown = previous * PAGE;
            if grown != self.end.get() {
                // Someone else grew memory in between: start afresh in the new pages.
                self.next.set(grown);
                start = grown.next_multiple_of(align);
            }
            self.end.set(grown + pages * PAGE);
        }
        self.next.set(start + size);
        start as *mut u8
    }
}

impl Default for Allocator {
    fn default() -> Self {
        Self::new()
    }
}

/// The size class of a layout: the smallest power of two that holds it and meets its alignment.
fn class(layout: Layout) -> usize {
    let size = layout.size().max(layout.align()).max(8);
    (usize::BITS - (size - 1).leading_zeros()) as usize
}

#[cfg(target_arch = "wasm32")]
fn grow(pages: usize) -> Option<usize> {
    let previous = core::arch::wasm32::memory_grow(0, pages);
    (previous != usize::MAX).then_some(previous)
}

#[cfg(not(target_arch = "wasm32"))]
fn grow(_pages: usize) -> Option<usize> {
    None
}

// SAFETY: blocks handed out never overlap (each is carved once from fresh memory or taken off a free
// list it was put on by `dealloc`), are at least `layout.size()` long and aligned to `layout.align()`
// (a block of size `1 << class` sits at a multiple of `min(1 << class, PAGE)`, and no Rust type asks
// for more than a page of alignment; larger requests fail with null).
unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > PAGE {
            return ptr::null_mut();
        }
        let class = class(layout);
        let Some(free) = self.free.get(class) else {
            return ptr::null_mut();
        };
        let head = free.get();
        if head == 0 {
            return self.carve(1 << class);
        }
        // SAFETY: `head` is a free block of this class; its first word holds the next free block.
        free.set(unsafe { *(head as *const usize) });
        head as *mut u8
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let free = &self.free[class(layout)];
        // SAFETY: `block` came from `alloc` with this layout, so it is at least 8 bytes, aligned to 8,
        // and no longer used by anyone: it can hold the free list's link.
        unsafe { *(block as *mut usize) = free.get() };
        free.set(block as usize);
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller passes a valid layout and a new size that is valid with its alignment.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class(new_layout) == class(layout) {
            return block;
        }
        // SAFETY: as for `alloc`.
        let moved = unsafe { self.alloc(new_layout) };
        if !moved.is_null() {
            // SAFETY: both blocks are valid for the smaller size and never overlap.
            unsafe {
                ptr::copy_nonoverlapping(block, moved, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_round_up_to_a_power_of_two_that_meets_the_alignment() {
        let class_of = |size, align| class(Layout::from_size_align(size, align).expect("layout"));
        assert_eq!(class_of(0, 1), 3, "at least a word");
        assert_eq!(class_of(8, 8), 3);
        assert_eq!(class_of(9, 1), 4);
        assert_eq!(class_of(16, 16), 4);
        assert_eq!(class_of(1, 64), 6, "alignment wins");
        assert_eq!(class_of(100_000, 8), 17);
    }
}
