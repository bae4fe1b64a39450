//! The plain C ABI for the wasmtime host (documented in the crate docs). No JS import is reachable
//! from here: only the core, the allocator and memory copies.

use std::alloc::{Layout, alloc, dealloc};
use std::ptr::{NonNull, null_mut};

/// The ABI version; see [`crate::ABI_VERSION`].
#[unsafe(no_mangle)]
pub extern "C" fn icce_abi_version() -> u32 {
    crate::ABI_VERSION
}

/// Allocate `len` bytes (alignment 1) for the host to write into. Returns 0 when memory is
/// exhausted; a zero-length request gets a dangling, non-zero pointer that needs no freeing.
#[unsafe(no_mangle)]
pub extern "C" fn icce_alloc(len: u32) -> *mut u8 {
    let Ok(layout) = Layout::array::<u8>(len as usize) else {
        return null_mut();
    };
    if layout.size() == 0 {
        return NonNull::dangling().as_ptr();
    }
    // SAFETY: the layout has a non-zero size.
    unsafe { alloc(layout) }
}

/// Free a buffer from [`icce_alloc`] or an answer from [`icce_call`], with its length.
///
/// # Safety
/// `ptr` and `len` must be exactly what `icce_alloc(len)` or `icce_call` handed out, freed once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn icce_free(ptr: *mut u8, len: u32) {
    if ptr.is_null() || len == 0 {
        return;
    }
    if let Ok(layout) = Layout::array::<u8>(len as usize) {
        // SAFETY: the caller promises `ptr` came from the global allocator with this layout
        // (`icce_alloc` uses it directly; an answer is a `Box<[u8]>` of `len` bytes, align 1).
        unsafe { dealloc(ptr, layout) }
    }
}

/// Run `operation` on `input` and return `(answer_ptr << 32) | answer_len`.
///
/// # Safety
/// Each `(ptr, len)` pair must be readable memory of that length (any pointer when `len` is 0).
/// The inputs are only read, never freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn icce_call(op_ptr: *const u8, op_len: u32, in_ptr: *const u8, in_len: u32) -> u64 {
    // SAFETY: forwarded from this function's contract.
    let (operation, input) = unsafe { (bytes(op_ptr, op_len), bytes(in_ptr, in_len)) };
    let answer = crate::call_bytes(operation, input).into_bytes().into_boxed_slice();
    let len = answer.len() as u64;
    let ptr = Box::into_raw(answer).cast::<u8>() as usize as u64;
    (ptr << 32) | len
}

/// # Safety
/// `ptr` must be readable for `len` bytes when `len` is not 0.
unsafe fn bytes<'a>(ptr: *const u8, len: u32) -> &'a [u8] {
    if len == 0 || ptr.is_null() {
        return &[];
    }
    // SAFETY: the caller promises `len` readable bytes at `ptr`.
    unsafe { std::slice::from_raw_parts(ptr, len as usize) }
}
