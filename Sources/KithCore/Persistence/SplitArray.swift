import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A helper thread that decodes the second half of a long array while the reader decodes the
/// first.
///
/// kith writes each element of a top-level array on lines of its own, opening with
/// "\n\t\t<dict>", and markup never appears inside text (a `<` there is always `&lt;`), so a
/// byte search from the middle of such an array finds where an element most likely starts. The
/// helper decodes from there to the end of the array. Its work is used only if the reader, going
/// element by element, then arrives exactly there; otherwise (a guess inside a comment or CDATA,
/// a file laid out by hand) it is dropped and the reader reads on alone. So the records, and any
/// error message, are always those of one reader reading the whole array.
final class SplitArray<Part>: @unchecked Sendable {
    /// Where the helper started: the `<` of an element's opening tag.
    let start: Int
    /// The helper's part of the file's fingerprint and pages (nil when the bytes are not a file).
    let stretch: FileBytes.Stretch?
    private let base: UnsafeBufferPointer<UInt8>
    private var thread: HelperThread<(part: Part, end: Int)>?

    /// Arrays shorter than this (about 2 ms of decoding) are read by one thread: starting another
    /// and guessing where to split costs more than it saves.
    static var minimumBytes: Int { 1 << 20 }

    private init(start: Int, base: UnsafeBufferPointer<UInt8>, stretch: FileBytes.Stretch?) {
        self.start = start
        self.base = base
        self.stretch = stretch
    }

    /// Starts a helper on the array whose elements begin at `from`, when it is long enough and an
    /// element start is found past its middle. `end` is where the array ends, if known; else the
    /// first top-level `</array>` after `from` is taken for it.
    static func start(in base: UnsafeBufferPointer<UInt8>, from: Int, endingNear end: Int?, file: FileBytes?, part: Part,
                      decode: @escaping @Sendable (inout PlistReader, inout Part) throws -> Void) -> SplitArray? {
        guard Processors.online > 1,
              let end = end ?? find("\n\t</array>", in: base, from: from, to: base.count),
              end - from >= minimumBytes,
              let line = find("\n\t\t<dict>", in: base, from: from + (end - from) / 2, to: end)
        else { return nil }
        let helper = SplitArray(start: line + 3, base: base, stretch: file?.stretch(from: line + 3))
        nonisolated(unsafe) let empty = part // (handed to the helper, which alone uses it)
        helper.thread = HelperThread.start { thread in helper.run(decode, from: empty, thread) }
        return helper
    }

    /// The helper's part, and where the array ended; nil when it stopped short.
    private func run(_ decode: (inout PlistReader, inout Part) throws -> Void, from empty: Part,
                     _ thread: HelperThread<(part: Part, end: Int)>) -> (part: Part, end: Int)? {
        var r = PlistReader(base)
        r.pos = start
        var n = 0, part = empty
        do {
            while !thread.shouldStop {
                let next = try r.peek()
                if next.tag == .array, next.closing {
                    _ = try r.nextTag()
                    stretch?.hash(upTo: r.pos)
                    return (part, r.pos)
                }
                try decode(&r, &part)
                n += 1
                if n & 1023 == 0 { stretch?.release(below: r.pos) }
            }
        } catch {
            // Dropped: the reader reads these bytes itself and reports what is wrong, and where.
        }
        return nil
    }

    /// Waits for the helper: what it decoded, and where the array ended, if it read to the end.
    func finish() -> (part: Part, end: Int)? { thread?.finish() }

    /// Stops the helper and waits for it (its guess was wrong, or the reader failed first).
    func cancel() { thread?.cancel() }

    /// The offset of the first `needle` in `base[from..<to]`: 16 places at a time, those whose
    /// first byte and first `<` match are compared whole (Glibc's memmem is not exposed to
    /// Swift). A line's `<` after its newline tells its depth, which is rare at the depths
    /// looked for. Matching the last byte instead (the `>` that ends most tags) made a
    /// candidate of about every line: a first-screen read, which scans for the end of the
    /// contacts' array, took 14.9 ms instead of 14.1 at 10,000 contacts (8.7 ms more at 100,000).
    static func find(_ needle: StaticString, in base: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        let n = needle.utf8CodeUnitCount, lit = needle.utf8Start
        guard n > 1, from >= 0, to <= base.count, to - from >= n, let b = base.baseAddress else { return nil }
        let k = (1..<n).first { lit[$0] == UInt8(ascii: "<") } ?? n - 1
        let first = SIMD16<UInt8>(repeating: lit[0]), second = SIMD16<UInt8>(repeating: lit[k])
        func matches(_ i: Int) -> Bool { memcmp(b + i, lit, n) == 0 }
        var i = from
        while i + 16 + n - 1 <= to {
            let head = UnsafeRawPointer(b + i).loadUnaligned(as: SIMD16<UInt8>.self)
            let tail = UnsafeRawPointer(b + i + k).loadUnaligned(as: SIMD16<UInt8>.self)
            let hits = (head .== first) .& (tail .== second)
            if any(hits) {
                for k in 0..<16 where hits[k] && matches(i + k) { return i + k }
            }
            i += 16
        }
        while i + n <= to {
            if matches(i) { return i }
            i += 1
        }
        return nil
    }
}

extension PlistReader {
    /// Reads `<array>` like ``array(_:)``, with a helper thread decoding its second half when it
    /// is long and `split` is true (see ``SplitArray``).
    ///
    /// `decode`, on either thread, reads one element into a part: `part` on this thread, one that
    /// starts as `empty` on the helper. `join` appends the helper's part to `part`, on this
    /// thread. `release` is told every thousand or so elements how far this reader has come.
    /// `end`: where the array ends, if known.
    mutating func array<Part>(splitting split: Bool, file: FileBytes?, endingNear end: Int? = nil, into part: inout Part, empty: Part,
                              release: (Int) -> Void,
                              decode: @escaping @Sendable (inout PlistReader, inout Part) throws -> Void,
                              join: (inout Part, Part) -> Void) throws {
        let t = try nextTag()
        guard t.tag == .array, !t.closing else { throw fail("expected <array>, found \(describe(t))", at: t.at) }
        if t.empty { return }
        var helper = !split ? nil : SplitArray.start(in: base, from: pos, endingNear: end, file: file, part: empty, decode: decode)
        defer { helper?.cancel() }
        var i = 0
        while true {
            let next = try peek()
            if let h = helper, next.at >= h.start {
                helper = nil
                if next.at == h.start, let (later, end) = h.finish() {
                    join(&part, later)
                    pending = nil
                    pos = end
                    if let file, let stretch = h.stretch { file.adopt(stretch, end: end) }
                    return
                }
                h.cancel()
            }
            if next.tag == .array, next.closing { _ = try nextTag(); return }
            push(index: i)
            try decode(&self, &part)
            pop()
            i += 1
            if i & 1023 == 0 { release(pos) }
        }
    }
}

/// The thread a helper (``SplitArray``, ``SplitWalk``) reads part of a file on, beside the
/// reader: it runs at once; the reader takes its result once it is done, or tells it to stop.
final class HelperThread<Result>: @unchecked Sendable {
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)
    /// (Touched by the reader only.)
    private var waited = false
    /// Written by the helper, read by the reader only after `done`.
    private var result: Result?

    /// Whether the reader has told the helper to stop.
    var shouldStop: Bool { stopped.load(ordering: .relaxed) }

    static func start(_ body: @escaping @Sendable (HelperThread) -> Result?) -> HelperThread {
        let thread = HelperThread()
        Thread {
            thread.result = body(thread)
            thread.done.signal()
        }.start()
        return thread
    }

    /// Waits for the helper: its result, nil when it stopped short.
    func finish() -> Result? {
        if !waited { done.wait(); waited = true }
        return result
    }

    /// Tells the helper to stop, and waits for it.
    func cancel() {
        stopped.store(true, ordering: .relaxed)
        _ = finish()
    }
}

/// How many processors are online, read once. (Not `ProcessInfo.activeProcessorCount`, which
/// reads the cgroup's CPU quota through Foundation's URLs and file reading, and scans the static
/// binary's conformance records on the way: about 0.2 ms of a launch in `perf`.)
enum Processors {
    static let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
}
