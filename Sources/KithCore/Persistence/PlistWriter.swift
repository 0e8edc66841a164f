import Foundation

/// Writes an XML property list straight into bytes: no dictionary tree, no Foundation
/// serialization on the save path.
///
/// Output is deterministic: the caller writes keys in a fixed (sorted) order, indentation is one
/// tab per level as Apple's tools write it, so the file diffs cleanly under git.
struct PlistWriter: ~Copyable {
    private var bytes: ByteBuffer
    private var depth = 0
    private var dayTexts = DayTexts()

    init(capacity: Int = 1 << 16) {
        bytes = ByteBuffer(capacity: capacity)
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n")
        append("<plist version=\"1.0\">\n")
    }

    /// Closes the property list and hands over what is still buffered.
    mutating func finish(_ write: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        append("</plist>\n")
        try bytes.withBytes(write)
        bytes.removeAll()
    }

    /// Hands over the bytes written so far once there are at least `threshold` of them, so that
    /// a large file is written as it is encoded and never held whole in memory.
    mutating func flush(ifOver threshold: Int, _ write: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows {
        guard bytes.count >= threshold else { return }
        if var h = hashing {
            bytes.withBytes { h.accumulator.add(UnsafeBufferPointer(rebasing: $0[h.from...])) }
            hashing = (h.accumulator, 0)
        }
        try bytes.withBytes(write)
        bytes.removeAll()
    }

    /// The bytes buffered so far (since the last flush).
    var buffered: Int { bytes.count }

    /// A stretch being hashed across flushes: from where in the buffer it goes on.
    private var hashing: (accumulator: FileFingerprint.Accumulator, from: Int)?

    /// Starts hashing the bytes written from `start`, an offset within the buffer.
    mutating func startHashing(from start: Int) { hashing = (FileFingerprint.Accumulator(), start) }

    /// The stretch hashed since ``startHashing(from:)``, up to `end` within the buffer.
    mutating func stopHashing(at end: Int) -> ByteSpan {
        guard var h = hashing else { preconditionFailure("not hashing") }
        bytes.withBytes { h.accumulator.add(UnsafeBufferPointer(rebasing: $0[h.from..<end])) }
        hashing = nil
        return ByteSpan(h.accumulator.finish())
    }

    /// The element written since `start` (an offset within the buffer, taken at the same depth
    /// just before it), from its opening tag to its closing one: as ``ByteSpan``s are taken.
    func span(from start: Int) -> ByteSpan {
        bytes.withBytes { ByteSpan(element: UnsafeBufferPointer(rebasing: $0[(start + depth)..<($0.count - 1)])) }
    }

    /// The buffered bytes in `range`, as a stretch.
    func stretch(_ range: Range<Int>) -> ByteSpan { bytes.withBytes { ByteSpan(stretch: UnsafeBufferPointer(rebasing: $0[range])) } }

    @inline(__always) private mutating func append(_ s: StaticString) {
        bytes.append(UnsafeRawPointer(s.utf8Start), s.utf8CodeUnitCount)
    }

    @inline(__always) private mutating func indent() {
        bytes.append(repeating: 0x09, count: depth)
    }

    mutating func openDict() { indent(); append("<dict>\n"); depth += 1 }
    mutating func closeDict() { depth -= 1; indent(); append("</dict>\n") }
    mutating func openArray() { indent(); append("<array>\n"); depth += 1 }
    mutating func closeArray() { depth -= 1; indent(); append("</array>\n") }

    mutating func key(_ k: StaticString) {
        indent(); append("<key>"); append(k); append("</key>\n")
    }

    /// A key that is not a literal (a circle's name), escaped. Literals take the overload
    /// above: a string literal would otherwise pick this one and pay for the escaping check.
    mutating func key(text k: String) {
        indent(); append("<key>"); escaped(k); append("</key>\n")
    }

    mutating func string(_ s: String) {
        indent()
        // One pass over the stored UTF-8 decides the common case: nothing to escape, nothing
        // XML cannot hold; then the bytes are copied at once.
        let plain = s.utf8.withContiguousStorageIfAvailable { u -> Bool in
            for b in u where b < 0x20 || b == 0x26 || b == 0x3C || b == 0x3E || b == 0xEF { return false }
            append("<string>")
            if let p = u.baseAddress { bytes.append(UnsafeRawPointer(p), u.count) }
            append("</string>\n")
            return true
        }
        if plain == true { return }
        if plain == nil, !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0xEF }) {
            append("<string>"); bytes.append(contentsOf: s.utf8); append("</string>\n")
            return
        }
        if PlistWriter.needsData(s) {
            // XML 1.0 cannot carry most control characters at all, not even as &#…; references.
            // Such text is kept exactly as base64 UTF-8 in <data>; the reader takes either form.
            append("<data>")
            bytes.append(contentsOf: Data(s.utf8).base64EncodedString().utf8)
            append("</data>\n")
            return
        }
        if s.isEmpty { append("<string></string>\n"); return }
        append("<string>"); escaped(s); append("</string>\n")
    }

    /// A UUID as `<string>` of 36 upper-case hex digits, written from the bytes (Foundation's
    /// `uuidString` formats with `snprintf`, which dominated the save), two digits per table read.
    mutating func uuid(_ u: UUID) {
        indent()
        append("<string>")
        var text: (UInt64, UInt64, UInt64, UInt64, UInt32) = (0, 0, 0, 0, 0) // 36 bytes
        withUnsafeMutableBytes(of: &text) { out in
            PlistWriter.hexPairs.withUnsafeBufferPointer { pairs in
                withUnsafeBytes(of: u.uuid) { raw in
                    var o = 0
                    for i in 0..<16 {
                        if i == 4 || i == 6 || i == 8 || i == 10 { out[o] = UInt8(ascii: "-"); o += 1 }
                        out.storeBytes(of: pairs[Int(raw[i])], toByteOffset: o, as: UInt16.self)
                        o += 2
                    }
                }
            }
            bytes.append(UnsafeRawPointer(out.baseAddress!), 36)
        }
        append("</string>\n")
    }

    /// Each byte's two upper-case hex digits, as they lie in memory (little-endian).
    private static let hexPairs: [UInt16] = (0..<256).map { b in
        let digits = Array("0123456789ABCDEF".utf8)
        return UInt16(digits[b >> 4]) | UInt16(digits[b & 0x0F]) << 8
    }

    /// A day as `<string>YYYY-MM-DD</string>`. Its ten characters are kept by day: a file holds
    /// a few thousand distinct days among its tens of thousands of dates.
    mutating func day(_ d: Day) {
        indent()
        append("<string>")
        if !dayTexts.append(d, to: &bytes) {
            let c = d.components
            if c.year >= 0 && c.year <= 9999 {
                var text: (UInt64, UInt16) = (0, 0) // 10 bytes
                withUnsafeMutableBytes(of: &text) { out in
                    func digits(_ n: Int, _ range: Range<Int>) {
                        var v = n
                        for k in range.reversed() { out[k] = UInt8(48 + v % 10); v /= 10 }
                    }
                    digits(c.year, 0..<4); out[4] = UInt8(ascii: "-"); digits(c.month, 5..<7); out[7] = UInt8(ascii: "-"); digits(c.day, 8..<10)
                    dayTexts.keep(d, out.baseAddress!)
                    bytes.append(UnsafeRawPointer(out.baseAddress!), 10)
                }
            } else {
                bytes.append(contentsOf: d.iso.utf8)
            }
        }
        append("</string>\n")
    }

    mutating func integer(_ n: Int) {
        indent(); append("<integer>"); bytes.append(contentsOf: String(n).utf8); append("</integer>\n")
    }

    mutating func real(_ x: Double) {
        indent(); append("<real>"); bytes.append(contentsOf: String(x).utf8); append("</real>\n")
    }

    mutating func bool(_ b: Bool) {
        indent(); if b { append("<true/>\n") } else { append("<false/>\n") }
    }

    /// Writes `key` and `value` when the value is present and not empty.
    mutating func optional(_ k: StaticString, _ value: String?) {
        guard let value, !value.isEmpty else { return }
        key(k); string(value)
    }

    mutating func strings(_ k: StaticString, _ values: [String]) {
        guard !values.isEmpty else { return }
        key(k); openArray()
        for v in values { string(v) }
        closeArray()
    }

    /// Text that XML cannot hold verbatim: C0 controls other than tab and newline, and the
    /// noncharacters U+FFFE and U+FFFF. (A carriage return is written as `&#13;`, which XML keeps.)
    static func needsData(_ s: String) -> Bool {
        // Bytes first: only a control byte or the lead byte of U+FFFE/U+FFFF (0xEF) can need it.
        var suspect = false
        for b in s.utf8 where (b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D) || b == 0xEF { suspect = true; break }
        guard suspect else { return false }
        for u in s.unicodeScalars {
            let v = u.value
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF { return true }
        }
        return false
    }

    private mutating func escaped(_ s: String) {
        var plain = true
        for b in s.utf8 where b == 0x26 || b == 0x3C || b == 0x3E || b == 0x0D { plain = false; break }
        if plain { bytes.append(contentsOf: s.utf8); return }
        for b in s.utf8 {
            switch b {
            case 0x26: append("&amp;")
            case 0x3C: append("&lt;")
            case 0x3E: append("&gt;")
            case 0x0D: append("&#13;")
            default: bytes.append(b)
            }
        }
    }
}

/// The `YYYY-MM-DD` text of recently written days, in slots picked by the day's number.
private struct DayTexts: ~Copyable {
    private static let slots = 1024
    /// Per slot: the day's number (Int64.min when empty), then its ten characters in 16 bytes.
    private let table: UnsafeMutableRawPointer

    init() {
        table = .allocate(byteCount: Self.slots * 24, alignment: 8)
        for i in 0..<Self.slots { table.storeBytes(of: Int64.min, toByteOffset: i * 24, as: Int64.self) }
    }

    deinit { table.deallocate() }

    @inline(__always) private func slot(_ d: Day) -> UnsafeMutableRawPointer { table + (d.ordinal & (Self.slots - 1)) * 24 }

    /// Appends the day's text when it is kept; false otherwise.
    @inline(__always) func append(_ d: Day, to bytes: inout ByteBuffer) -> Bool {
        let s = slot(d)
        guard s.load(as: Int64.self) == Int64(d.ordinal) else { return false }
        bytes.append(UnsafeRawPointer(s + 8), 10)
        return true
    }

    func keep(_ d: Day, _ text: UnsafeRawPointer) {
        let s = slot(d)
        s.storeBytes(of: Int64(d.ordinal), as: Int64.self)
        (s + 8).copyMemory(from: text, byteCount: 10)
    }
}

/// A growable byte buffer without an `Array`'s per-append uniqueness and bounds checks: the
/// save writes tens of millions of bytes one tag at a time, and that bookkeeping was a third of it.
struct ByteBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 64)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Empties the buffer and keeps its storage.
    mutating func removeAll() { count = 0 }

    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    @inline(__always) mutating func append(_ p: UnsafeRawPointer, _ n: Int) {
        if count + n > capacity { grow(n) }
        (base + count).update(from: p.assumingMemoryBound(to: UInt8.self), count: n)
        count += n
    }

    @inline(__always) mutating func append(repeating b: UInt8, count n: Int) {
        if count + n > capacity { grow(n) }
        (base + count).update(repeating: b, count: n)
        count += n
    }

    private mutating func grow(_ extra: Int) {
        var c = capacity * 2
        while c < count + extra { c *= 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }

    @inline(__always) mutating func append(_ b: UInt8) {
        if count == capacity { grow(1) }
        base[count] = b
        count += 1
    }

    mutating func append(contentsOf raw: UnsafeBufferPointer<UInt8>) {
        guard let from = raw.baseAddress, raw.count > 0 else { return }
        if count + raw.count > capacity { grow(raw.count) }
        (base + count).update(from: from, count: raw.count)
        count += raw.count
    }

    mutating func append<S: Sequence>(contentsOf s: S) where S.Element == UInt8 {
        if let done: Void = s.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) { return done }
        for b in s { append(b) }
    }
}
