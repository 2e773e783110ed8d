//! A global allocator that counts the bytes the process holds and their
//! peak, for the memory tests (each a test binary of its own: it counts
//! every allocation of the process, so nothing else may run beside a
//! measurement).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(by: usize) {
    let now = CURRENT.fetch_add(by, Ordering::SeqCst) + by;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = System.alloc(layout);
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = System.realloc(ptr, layout, new_size);
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Starts a measurement: the peak is reset to what is held now, which is
/// returned.
pub fn start() -> usize {
    let now = CURRENT.load(Ordering::SeqCst);
    PEAK.store(now, Ordering::SeqCst);
    now
}

/// The peak heap since [`start`] returned `before`, above it.
pub fn peak_since(before: usize) -> usize {
    PEAK.load(Ordering::SeqCst) - before
}

/// Runs `ready` on a pool of one thread (with two, how many batches are in
/// flight when the peak falls varies from run to run), returning its
/// outcome and the peak heap the run took above what was held before it.
// memory_compare measures on the global pool and does not call it
#[allow(dead_code)]
pub fn one_thread_peak(ready: slant::run::Ready) -> (slant::run::Outcome, usize) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let before = start();
    let outcome = pool.install(|| ready.run("analyze", &|_, _| {}).unwrap());
    (outcome, peak_since(before))
}
