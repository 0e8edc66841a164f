/// A fast 64-bit content hash, used to tell whether the file on disk is still the one kith read.
/// Not cryptographic: it guards against accidents, not adversaries. Sync status files store
/// these values, so the function never changes.
public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64
    public let count: Int

    public init(_ bytes: UnsafeRawBufferPointer) {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        let words = bytes.count / 8
        for i in 0..<words {
            let w = bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
        }
        for i in (words * 8)..<bytes.count {
            h = (h ^ UInt64(bytes[i])) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 33
        value = h
        count = bytes.count
    }

    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ContentHash($0) }
    }

    public var description: String { String(value, radix: 16) }
}

/// What ``DiskStamp`` compares: a fast 64-bit hash of a whole file, taken in pieces as the file
/// is read or written. Four independent lanes of 8-byte words, so that the multiplies overlap
/// (one chain took about 7 ms of a load's 30 MB at 10,000 contacts; four lanes hash 30 MB in
/// memory in about 1.5 ms); the length is folded in last, since a writer learns it at the end.
///
/// A file read by two threads at once is fingerprinted in stretches, each by the thread that
/// read it (see ``FileBytes/adopt(_:end:)``); `cuts` says where each stretch after the first
/// begins, and a later check hashes the file again with the same cuts.
struct FileFingerprint: Hashable, Sendable {
    let value: UInt64
    let count: Int
    /// Where the stretches hashed apart begin (none for a file hashed in one go).
    let cuts: [Int]

    init(value: UInt64, count: Int, cuts: [Int] = []) { self.value = value; self.count = count; self.cuts = cuts }

    /// The fingerprint of consecutive stretches, in file order, from each one's own.
    static func joining(_ parts: [FileFingerprint]) -> FileFingerprint {
        guard parts.count > 1 else { return parts.first ?? Accumulator().finish() }
        var h: UInt64 = 0x27D4_EB2F_1656_67C5, at = 0, cuts: [Int] = []
        for (k, part) in parts.enumerated() {
            if k > 0 { cuts.append(at) }
            h = Accumulator.mix(Accumulator.mix(h, part.value), UInt64(part.count))
            at += part.count
        }
        return FileFingerprint(value: h, count: at, cuts: cuts)
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        var a = Accumulator()
        a.add(bytes)
        self = a.finish()
    }

    struct Accumulator {
        static let seed: (UInt64, UInt64, UInt64, UInt64) =
            (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63)
        private var lanes = seed
        private var count = 0
        /// The bytes of a 32-byte block split between two pieces.
        private var pending: [UInt8] = []

        @inline(__always) static func mix(_ h: UInt64, _ w: UInt64) -> UInt64 {
            let x = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            return x ^ (x >> 29)
        }

        private mutating func blocks(_ p: UnsafeRawPointer, _ n: Int) { Self.blocks(&lanes, p, n) }

        /// Mixes `n` 32-byte blocks at `p` into the four lanes.
        @inline(__always) static func blocks(_ lanes: inout (UInt64, UInt64, UInt64, UInt64), _ p: UnsafeRawPointer, _ n: Int) {
            var (a, b, c, d) = lanes
            // Lanes b and d shift by a count the optimizer cannot see is 29 (n is far below
            // 2^62): with four identical lanes LLVM pairs them into SSE2, which has no 64-bit
            // multiply and emulates it with three, 2.7 times slower than four scalar multiplies
            // (30 MB: 4.1 against 1.5 ms). The value is the same either way.
            let shift: UInt64 = 29 | UInt64(truncatingIfNeeded: n >> 62)
            for k in 0..<n {
                let at = k * 32
                a = Self.mix(a, p.loadUnaligned(fromByteOffset: at, as: UInt64.self))
                var x = (b ^ p.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                b = x ^ (x &>> shift)
                c = Self.mix(c, p.loadUnaligned(fromByteOffset: at + 16, as: UInt64.self))
                x = (d ^ p.loadUnaligned(fromByteOffset: at + 24, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
                d = x ^ (x &>> shift)
            }
            lanes = (a, b, c, d)
        }

        mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard var p = bytes.baseAddress else { return }
            var left = bytes.count
            count += left
            if !pending.isEmpty {
                let take = min(32 - pending.count, left)
                pending.append(contentsOf: UnsafeBufferPointer(start: p, count: take))
                p += take; left -= take
                guard pending.count == 32 else { return }
                pending.withUnsafeBytes { blocks($0.baseAddress!, 1) }
                pending.removeAll(keepingCapacity: true)
            }
            blocks(UnsafeRawPointer(p), left / 32)
            let tail = left / 32 * 32
            pending.append(contentsOf: UnsafeBufferPointer(start: p + tail, count: left - tail))
        }

        func finish() -> FileFingerprint {
            var h = Self.mix(Self.mix(Self.mix(Self.mix(lanes.0, lanes.1), lanes.2), lanes.3), UInt64(count))
            for b in pending { h = (h ^ UInt64(b)) &* 0xC4CE_B9FE_1A85_EC53 }
            h ^= h >> 33
            return FileFingerprint(value: h, count: count)
        }
    }
}

/// A stretch of a network file as the first-screen cache remembers it: its length and a hash of
/// its bytes. A later file that holds the same bytes there holds the same records, so the cache
/// can keep what it made of them without parsing them (``FirstScreenCache/refresh(for:from:)``):
/// each contact's element (from the `<` of its `<dict>` to the `>` of its `</dict>`), and the
/// stretches before and after the contacts' array.
struct ByteSpan: Equatable, Sendable {
    let count: Int
    let hash: UInt64

    init(count: Int, hash: UInt64) { self.count = count; self.hash = hash }

    /// A stretch hashed as ``FileFingerprint`` hashes (so that a writer can hash it in pieces).
    init(_ f: FileFingerprint) { self.init(count: f.count, hash: f.value) }
    init(stretch bytes: UnsafeBufferPointer<UInt8>) { self.init(FileFingerprint(bytes)) }

    /// An element hashed at once: as ``FileFingerprint`` over its whole 32-byte blocks, then the
    /// rest a word at a time (byte by byte, as the fingerprint ends, took half of a
    /// 900-byte contact's hash).
    init(element bytes: UnsafeBufferPointer<UInt8>) {
        typealias A = FileFingerprint.Accumulator
        let n = bytes.count, whole = n / 32
        var lanes = A.seed
        guard let p = bytes.baseAddress else { self.init(count: 0, hash: A.seed.0); return }
        A.blocks(&lanes, UnsafeRawPointer(p), whole)
        var h = A.mix(A.mix(A.mix(A.mix(lanes.0, lanes.1), lanes.2), lanes.3), UInt64(n))
        var i = whole * 32
        while i + 8 <= n { h = A.mix(h, UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)); i += 8 }
        var last: UInt64 = 0, shift: UInt64 = 0
        while i < n { last |= UInt64(p[i]) << shift; shift += 8; i += 1 }
        h = A.mix(h, last)
        self.init(count: n, hash: h ^ (h >> 33))
    }
}
