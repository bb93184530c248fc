//! What std would otherwise provide to a wasm module built without it (the npm modules: the checksum module must fit
//! in 10 KB, and std's panic machinery alone formats messages with `core::fmt`, several KB that a module running in
//! a JS engine can never show anyone).

/// The main and the CloudFront modules: the allocator std itself uses on wasm32 (a presign makes dozens of small
/// allocations).
#[cfg(any(feature = "js", feature = "js-cloudfront"))]
#[global_allocator]
static ALLOCATOR: dlmalloc::GlobalDlmalloc = dlmalloc::GlobalDlmalloc;

/// The checksum module alone: a free-list allocator of under 1 KB, for a few allocations per call (the input's
/// slice buffer, the algorithm name, the result).
#[cfg(not(any(feature = "js", feature = "js-cloudfront")))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// A panic (none is reachable from any input: `tests/js/fuzz.test.mjs`) traps, as std's does with `panic = "abort"`,
/// without formatting a message first.
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}
