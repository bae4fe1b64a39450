//! The module's allocator: a call's blocks from one region by bumping a pointer, what does not fit
//! from dlmalloc.
//!
//! A call allocates a hundred or more short-lived blocks (decoded strings, checked values,
//! diagnostics, the answer) and frees them all before the next call: the host frees the input and
//! the answer after reading them, and so does the JavaScript glue. Here a block comes from a fixed
//! region (zeroed static memory in the module: no bytes in the module file) by moving `top` past
//! it. Freeing a block only counts it, except that the block at the top gives its room back at
//! once (so a string growing at the top grows in place); when no block of the region is live, the
//! whole region is free again. A block that does not fit in what is left comes from the fallback
//! (dlmalloc), and a block freed in the region's middle waits for the region to empty. So memory
//! stays bounded whatever a call does: the region, plus what dlmalloc holds for its own blocks.
//!
//! On the corpus (BENCHMARKS.md) this made the module's calls about 14 % faster in wasmtime than
//! with dlmalloc for every block: a dlmalloc `malloc` and `free` cost hundreds of instructions, a
//! bump a few.
//!
//! The state is `Cell`s: the module has no threads. `Sync` (which a global allocator must be) is
//! claimed only on wasm32; natively the type is used by the tests below, each on its own thread.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::{Cell, UnsafeCell};

/// The region's size: room for every block of a typical call (a full request-out answer and all
/// that building it allocates), small beside the module's 2 MiB of initial memory.
pub const SIZE: usize = 256 << 10;

#[repr(C, align(16))]
struct Region(UnsafeCell<[u8; SIZE]>);

pub struct Arena<A> {
    region: Region,
    /// Offset of the first free byte of the region.
    top: Cell<usize>,
    /// Blocks of the region not yet freed.
    live: Cell<usize>,
    fallback: A,
}

// SAFETY: wasm32 as built here has no threads, so no two calls into the allocator ever overlap.
#[cfg(target_arch = "wasm32")]
unsafe impl<A: Sync> Sync for Arena<A> {}

impl<A> Arena<A> {
    pub const fn new(fallback: A) -> Self {
        Arena { region: Region(UnsafeCell::new([0; SIZE])), top: Cell::new(0), live: Cell::new(0), fallback }
    }

    fn base(&self) -> usize {
        self.region.0.get() as usize
    }

    /// The offset of `ptr` in the region, if it is one of the region's blocks.
    fn offset(&self, ptr: *mut u8) -> Option<usize> {
        (ptr as usize).checked_sub(self.base()).filter(|o| *o < SIZE)
    }

    /// Room for `layout` at the top of the region: the block's offset.
    fn bump(&self, layout: Layout) -> Option<usize> {
        let base = self.base();
        let start = (base + self.top.get()).checked_add(layout.align() - 1)? & !(layout.align() - 1);
        let end = start.checked_add(layout.size()).filter(|e| *e <= base + SIZE)?;
        self.top.set(end - base);
        self.live.set(self.live.get() + 1);
        Some(start - base)
    }
}

// SAFETY: every block handed out is `layout.size()` bytes aligned to `layout.align()`, inside the
// region or from the fallback, and no byte of a live block is handed out again: `top` moves back
// only over a block being freed or resized at the top, or to the start when no block is live.
unsafe impl<A: GlobalAlloc> GlobalAlloc for Arena<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match self.bump(layout) {
            // SAFETY: inside the region (`bump` checked the end).
            Some(offset) => unsafe { self.region.0.get().cast::<u8>().add(offset) },
            // SAFETY: the caller's contract (a non-zero size) passes through.
            None => unsafe { self.fallback.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let Some(offset) = self.offset(ptr) else {
            // SAFETY: not the region's, so the fallback's, with this layout.
            return unsafe { self.fallback.dealloc(ptr, layout) };
        };
        let live = self.live.get().saturating_sub(1);
        self.live.set(live);
        if live == 0 {
            self.top.set(0);
        } else if offset + layout.size() == self.top.get() {
            self.top.set(offset);
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Some(offset) = self.offset(ptr) else {
            // SAFETY: the fallback's block, with this layout, resized by the fallback.
            return unsafe { self.fallback.realloc(ptr, layout, new_size) };
        };
        // The block at the top grows or shrinks in place while the region has room.
        if offset + layout.size() == self.top.get() && offset.checked_add(new_size).is_some_and(|end| end <= SIZE) {
            self.top.set(offset + new_size);
            return ptr;
        }
        // SAFETY: `new_size` with the old alignment is a valid layout (the caller's contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as `alloc`; the new block cannot overlap the old one, which is still live.
        let new = unsafe { self.alloc(new_layout) };
        if !new.is_null() {
            // SAFETY: both blocks are valid for the smaller of the two sizes.
            unsafe {
                std::ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
        }
        new
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::alloc::System;

    /// A live block: where, its layout, and the byte it was filled with.
    struct Block {
        ptr: *mut u8,
        layout: Layout,
        fill: u8,
    }

    fn holds(b: &Block) -> bool {
        // SAFETY: a live block of `b.layout.size()` bytes.
        unsafe { std::slice::from_raw_parts(b.ptr, b.layout.size()) }.iter().all(|x| *x == b.fill)
    }

    fn write(b: &Block) {
        // SAFETY: as above.
        unsafe { std::ptr::write_bytes(b.ptr, b.fill, b.layout.size()) }
    }

    /// Random allocations, frees (at the top, in the middle), growths and shrinks, some larger
    /// than the region: every live block keeps its bytes, is aligned, overlaps no other, and the
    /// region is whole again once every block is freed.
    #[test]
    fn blocks_stay_whole_aligned_and_apart_and_the_region_comes_back() {
        let arena = Box::new(Arena::new(System));
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for round in 0..40 {
            let mut live: Vec<Block> = Vec::new();
            for step in 0..400u32 {
                let fill = (step % 251) as u8 + 1;
                match next(10) {
                    0..=4 => {
                        let size = if next(50) == 0 { SIZE / 3 + next(SIZE as u64) as usize } else { 1 + next(600) as usize };
                        let align = 1 << next(5);
                        let layout = Layout::from_size_align(size, align).unwrap();
                        // SAFETY: a non-zero size.
                        let ptr = unsafe { arena.alloc(layout) };
                        assert!(!ptr.is_null());
                        assert_eq!(ptr as usize % align, 0, "aligned");
                        let b = Block { ptr, layout, fill };
                        write(&b);
                        live.push(b);
                    }
                    5..=7 if !live.is_empty() => {
                        // Mostly the newest (LIFO, as most of a call's blocks are freed), else any.
                        let i = if next(2) == 0 { live.len() - 1 } else { next(live.len() as u64) as usize };
                        let b = live.swap_remove(i);
                        assert!(holds(&b), "round {round} step {step}: a freed block lost its bytes");
                        // SAFETY: a live block with its layout.
                        unsafe { arena.dealloc(b.ptr, b.layout) };
                    }
                    8..=9 if !live.is_empty() => {
                        let i = next(live.len() as u64) as usize;
                        let old = &live[i];
                        let new_size = 1 + next(2 * old.layout.size() as u64 + 64) as usize;
                        // SAFETY: a live block with its layout; a non-zero new size.
                        let ptr = unsafe { arena.realloc(old.ptr, old.layout, new_size) };
                        assert!(!ptr.is_null());
                        let kept = old.layout.size().min(new_size);
                        // SAFETY: the resized block holds at least `kept` bytes.
                        assert!(unsafe { std::slice::from_raw_parts(ptr, kept) }.iter().all(|x| *x == old.fill), "a resized block lost its bytes");
                        let layout = Layout::from_size_align(new_size, old.layout.align()).unwrap();
                        assert_eq!(ptr as usize % layout.align(), 0);
                        live[i] = Block { ptr, layout, fill };
                        write(&live[i]);
                    }
                    _ => {}
                }
                let mut spans: Vec<(usize, usize)> = live.iter().map(|b| (b.ptr as usize, b.ptr as usize + b.layout.size())).collect();
                spans.sort_unstable();
                assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0), "round {round} step {step}: two live blocks overlap");
            }
            assert!(live.iter().all(holds), "round {round}: a block lost its bytes");
            for b in live.drain(..) {
                // SAFETY: a live block with its layout.
                unsafe { arena.dealloc(b.ptr, b.layout) };
            }
            assert_eq!((arena.top.get(), arena.live.get()), (0, 0), "round {round}: the region is whole again");
        }
    }

    #[test]
    fn a_block_at_the_top_grows_in_place_and_one_too_large_comes_from_the_fallback() {
        let arena = Box::new(Arena::new(System));
        let small = Layout::from_size_align(100, 8).unwrap();
        // SAFETY: non-zero sizes; each block freed with its layout.
        unsafe {
            let a = arena.alloc(small);
            let b = arena.realloc(a, small, 5000);
            assert_eq!(a, b, "the top block grows in place");
            assert_eq!(arena.top.get(), arena.offset(a).unwrap() + 5000);
            let big = Layout::from_size_align(SIZE + 1, 8).unwrap();
            let c = arena.alloc(big);
            assert!(!c.is_null() && arena.offset(c).is_none(), "too large for the region: the fallback's");
            arena.dealloc(c, big);
            arena.dealloc(b, Layout::from_size_align(5000, 8).unwrap());
            assert_eq!((arena.top.get(), arena.live.get()), (0, 0));
        }
    }
}
