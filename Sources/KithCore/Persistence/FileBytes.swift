import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes as read for decoding, mapped rather than copied: at 100,000 contacts the file is
/// 300 MB, and a decoder that hands each page back once it has passed it (``release(below:)``)
/// keeps the process's peak memory to the network it builds.
///
/// The file's fingerprint is taken on the way: ``release(below:)`` hashes the bytes before it
/// drops them, so each page is read from the page cache once, by the decoder (hashing the whole
/// file first and decoding it after faulted every page in twice).
///
/// kith replaces its file by renaming a new one over it, so a mapped file never changes under
/// the reader. A file truncated in place by another program while it is being read would end
/// the process (SIGBUS), as with any memory-mapped reader; nothing on disk is touched then.
final class FileBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    let stat: Glibc.stat
    /// How the bytes are held: a file's mapping (its pages can be handed back), a file's
    /// mapping kith writes to (its changes stay in this process, so its pages are kept), memory
    /// of kith's own, or an anonymous mapping of `count` bytes (``Bytes``).
    private enum Holding { case file, patchedFile, allocated, anonymous(Int) }
    private let holding: Holding
    private var mapped: Bool { if case .file = holding { true } else { false } }
    private let lock = NSLock()
    /// The main reader's progress through the current stretch (the whole file, unless a helper
    /// thread read part of it).
    private var progress = Progress(from: 0)
    /// The fingerprints of the stretches before the current one.
    private var finished: [FileFingerprint] = []
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    init(mapped p: UnsafeMutableRawPointer, count: Int, stat: Glibc.stat, patchable: Bool = false) {
        buffer = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: count)
        self.stat = stat
        holding = patchable ? .patchedFile : .file
    }

    /// Bytes read into `storage` (where the file system cannot map); freed with the object.
    init(owning storage: UnsafeMutableBufferPointer<UInt8>, count: Int, stat: Glibc.stat) {
        buffer = UnsafeBufferPointer(start: storage.baseAddress, count: count)
        self.stat = stat
        holding = .allocated
    }

    /// Bytes in an anonymous mapping of `mapping` bytes; unmapped with the object.
    init(anonymous p: UnsafeMutableRawPointer, count: Int, mapping: Int) {
        buffer = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: count)
        stat = Glibc.stat()
        holding = .anonymous(mapping)
    }

    deinit {
        guard let p = buffer.baseAddress else { return }
        switch holding {
        case .file, .patchedFile: munmap(UnsafeMutableRawPointer(mutating: p), buffer.count)
        case .allocated: p.deallocate()
        case .anonymous(let n): munmap(UnsafeMutableRawPointer(mutating: p), n)
        }
    }

    /// Fingerprints the bytes before `offset` not yet fingerprinted, then gives the mapped pages
    /// before it back to the kernel (reading them again later is correct, only slower). Cheap to
    /// call often: it acts once at least 4 MB more can go.
    func release(below offset: Int) {
        lock.lock(); defer { lock.unlock() }
        progress.release(below: offset, in: self)
    }

    /// The fingerprint of the bytes before `offset` (which must not be less than any offset asked
    /// before), reading in windows that are handed back behind it; `cuts` (as in a fingerprint
    /// taken earlier) start stretches hashed apart.
    func fingerprint(upTo offset: Int, cuts: [Int] = []) -> FileFingerprint {
        lock.lock(); defer { lock.unlock() }
        for cut in cuts where cut > progress.hashed && cut < offset {
            progress.hashAndDrop(upTo: cut, in: self)
            finished.append(progress.accumulator.finish())
            progress.accumulator = FileFingerprint.Accumulator()
        }
        progress.hashAndDrop(upTo: offset, in: self)
        return FileFingerprint.joining(finished + [progress.accumulator.finish()])
    }

    /// The whole file's fingerprint (with the cuts of the one it is compared with).
    func fingerprint(cuts: [Int] = []) -> FileFingerprint { fingerprint(upTo: buffer.count, cuts: cuts) }

    /// A stretch from `start` that a helper thread reads (see ``SplitArray``): it fingerprints
    /// and hands back its own pages as it goes.
    func stretch(from start: Int) -> Stretch { Stretch(file: self, start: start) }

    /// Takes in a helper's stretch, read up to `end`, once this reader has arrived at its start:
    /// its fingerprint becomes a stretch of the file's, and reading goes on from `end`.
    func adopt(_ stretch: Stretch, end: Int) {
        let part = stretch.finish(at: end)
        lock.lock(); defer { lock.unlock() }
        precondition(progress.hashed <= stretch.start, "a stretch is adopted where its reader arrived")
        progress.hashAndDrop(upTo: stretch.start, in: self)
        finished.append(progress.accumulator.finish())
        finished.append(part)
        drop(progress.released..<end) // what the helper kept: the pages it shared with this reader
        progress = Progress(from: end)
    }

    /// The part of a file a helper thread reads: only that thread touches it.
    final class Stretch: @unchecked Sendable {
        let start: Int
        private let file: FileBytes
        private var progress: Progress

        fileprivate init(file: FileBytes, start: Int) {
            self.file = file
            self.start = start
            progress = Progress(from: start)
        }

        /// As ``FileBytes/release(below:)``, within the stretch.
        func release(below offset: Int) { progress.release(below: offset, in: file) }

        /// Fingerprints the stretch up to `end` (the helper does, while the pages are in).
        func hash(upTo end: Int) { progress.hash(upTo: end, in: file) }

        fileprivate func finish(at end: Int) -> FileFingerprint {
            hash(upTo: end)
            return progress.accumulator.finish()
        }
    }

    /// How far one reader has come through its stretch of the file: what it has fingerprinted,
    /// and which pages it has handed back.
    private struct Progress {
        var hashed: Int
        /// Pages before this were handed back. (The page holding the stretch's start may still be
        /// read by the reader before it: handing it back only makes that read fault it in again.)
        var released: Int
        var accumulator = FileFingerprint.Accumulator()

        init(from start: Int) {
            hashed = start
            released = start / FileBytes.pageSize * FileBytes.pageSize
        }

        mutating func hash(upTo end: Int, in file: FileBytes) {
            guard end > hashed else { return }
            accumulator.add(UnsafeBufferPointer(rebasing: file.buffer[hashed..<end]))
            hashed = end
        }

        /// Hashes and hands back the pages before `offset` once at least 4 MB can go.
        mutating func release(below offset: Int, in file: FileBytes) {
            let end = min(offset, file.buffer.count) / FileBytes.pageSize * FileBytes.pageSize
            guard end - released >= 4 << 20 else { return }
            hash(upTo: end, in: file)
            file.drop(released..<end)
            released = end
        }

        /// Hashes up to `offset` now, in windows handed back behind it.
        mutating func hashAndDrop(upTo offset: Int, in file: FileBytes) {
            let window = 8 << 20
            while hashed < offset {
                let next = min(offset, hashed + window)
                hash(upTo: next, in: file)
                file.drop(released..<next)
                released = max(released, next / FileBytes.pageSize * FileBytes.pageSize)
            }
        }
    }

    /// Hands every page back to the kernel (a later read faults it in again from the page cache).
    func handBack() { drop(0..<buffer.count) }

    /// Maps the file's pages before `end` on a helper thread (`MADV_POPULATE_READ`), for a
    /// reader that will soon read them all but has other work first. The kernel maps them
    /// faster this way than on a first read's faults (92 MB: about 5 ms against 9–14), and on
    /// the other core. Nil where there is no mapped file or one processor; the
    /// reader cancels the helper once it no longer needs it.
    func prefetch(upTo end: Int) -> HelperThread<Bool>? {
        guard case .file = holding, Processors.online > 1, let base = buffer.baseAddress else { return nil }
        let n = min(end, buffer.count)
        nonisolated(unsafe) let start = UnsafeMutableRawPointer(mutating: base)
        return HelperThread.start { [self] thread in
            var at = 0
            while at < n, !thread.shouldStop {
                // 64 KB at a time: the kernel holds the process's memory-map lock through each
                // step, and the reader's work that maps fresh memory waits for it (with 4 MB steps,
                // opening the old cache took 15 ms instead of 10 at 100,000 contacts).
                let step = min(n - at, 64 << 10)
                // An older kernel refuses the advice (EINVAL): the reader then faults as before.
                guard madvise(start + at, step, MADV_POPULATE_READ) == 0 else { return false }
                at += step
            }
            return withExtendedLifetime(self) { true }
        }
    }

    /// Hands the whole pages inside `range` back to the kernel.
    private func drop(_ range: Range<Int>) {
        guard mapped, let base = buffer.baseAddress else { return }
        let page = FileBytes.pageSize
        let from = (range.lowerBound + page - 1) / page * page, to = range.upperBound / page * page
        if to > from { _ = madvise(UnsafeMutableRawPointer(mutating: base + from), to - from, MADV_DONTNEED) }
    }
}
