/// How the C library's allocator serves kith: set once, first thing in a process (the dashboard,
/// each subcommand, the benchmark), before a second thread exists.
public enum Allocator {
    /// Tunes the heap for reading a large file on two threads.
    public static func tune() {
        // The heap grows by 16 MB at a time instead of 128 KB. Reading a file's records on two
        // threads otherwise grew the heaps about 80 times before the first frame (brk,
        // mprotect), each time taking the memory-map lock that the other thread's page faults
        // wait on (a first launch at 10,000 contacts, in a pty: 28.6 → 27.0 ms). Only what is
        // touched is resident.
        _ = mallopt(-2 /* M_TOP_PAD */, 16 << 20)
        // Blocks up to 32 MB come from the heap, not a mapping each (the most glibc's own
        // threshold would rise to; setting the pad fixes it at 128 KB): the records' arrays,
        // grown by doubling, are then not mapped, copied and unmapped at each step, and freed
        // space is used again. At 100,000 contacts: a first launch 194 → 180 ms in a pty, its
        // peak memory 227 → 234 MB; `kith due` 625 → 588 ms.
        _ = mallopt(-3 /* M_MMAP_THRESHOLD */, 32 << 20)
    }
}

/// glibc's `mallopt(3)`: `<malloc.h>` is not part of Swift's Glibc module, and two calls do not
/// merit a C target of their own.
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
