//! How the server asks the C allocator to give memory back.

/// The size from which glibc maps a block on its own and unmaps it when it is freed.
const MMAP_THRESHOLD: i32 = 128 * 1024;

/// Fixes glibc's mmap threshold at 128 KiB (its starting value).
///
/// By default glibc raises the threshold each time a block it had mapped is freed, up
/// to 32 MiB. An Argon2 password hash takes 19 MiB and frees it at once, so after the
/// first login every later hash is carved from the heap, and that memory stays with
/// the process: 57 of the 69 MiB of heap an idle server held right after start were
/// hashes already done (the demo accounts', at start-up). Fixed, the threshold stops
/// moving and each hash's memory goes back to the system when the hash is done.
/// Nothing changes for the small allocations that make up the server's work.
pub fn return_large_blocks() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` sets a parameter of the allocator under its own lock; it reads
    // and writes no memory of ours.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}
