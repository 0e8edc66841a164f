import Foundation

/// Writes kith's own compact binary layout (the dashboard's first-screen cache; see
/// ``FirstScreenCache``): unsigned LEB128 integers, zigzag for signed ones, strings as a
/// length and their UTF-8, UUIDs as their 16 bytes. An optional is a flag byte and the value.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

    /// Hands what is written to `write` and starts again, once it holds at least `n` bytes: a
    /// long layout goes out in pieces (0: whatever it holds).
    mutating func flush(ifOver n: Int, to write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard bytes.count >= n else { return }
        try bytes.withUnsafeBufferPointer { try write($0) }
        removeAll()
    }

    mutating func raw(_ b: some Sequence<UInt8>) { bytes.append(contentsOf: b) }

    mutating func unsigned(_ v: UInt64) {
        var v = v
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    mutating func int(_ v: Int) { unsigned(UInt64(bitPattern: Int64((v << 1) ^ (v >> 63)))) }

    mutating func word(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }

    mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            unsigned(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func strings(_ list: [String]) {
        unsigned(UInt64(list.count))
        for s in list { string(s) }
    }

    mutating func uuid(_ u: UUID) { withUnsafeBytes(of: u.uuid) { bytes.append(contentsOf: $0) } }

    mutating func uuids(_ list: [UUID]) {
        unsigned(UInt64(list.count))
        for u in list { uuid(u) }
    }

    mutating func day(_ d: Day) { int(d.ordinal) }

    /// A flag, then the value when there is one.
    mutating func optional<T>(_ v: T?, _ write: (inout ByteWriter, T) -> Void) {
        guard let v else { bool(false); return }
        bool(true)
        write(&self, v)
    }
}

/// Reads what ``ByteWriter`` wrote. Every read is bounds-checked: a damaged file gives
/// ``Damaged``, never a crash.
struct ByteReader {
    struct Damaged: Error {}

    let buffer: UnsafeBufferPointer<UInt8>
    var pos: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, at pos: Int = 0) { self.buffer = buffer; self.pos = pos }

    var remaining: Int { buffer.count - pos }

    mutating func byte() throws -> UInt8 {
        guard pos < buffer.count else { throw Damaged() }
        defer { pos += 1 }
        return buffer[pos]
    }

    mutating func unsigned() throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw Damaged() }
            v |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return v }
            shift += 7
        }
    }

    mutating func int() throws -> Int {
        let z = try unsigned()
        return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
    }

    /// A count of things each at least `atLeast` bytes long, checked against what is left.
    mutating func count(atLeast size: Int = 1) throws -> Int {
        let n = try unsigned()
        guard n <= UInt64(remaining / max(size, 1)) else { throw Damaged() }
        return Int(n)
    }

    mutating func word() throws -> UInt64 {
        guard remaining >= 8 else { throw Damaged() }
        defer { pos += 8 }
        return UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + pos).loadUnaligned(as: UInt64.self))
    }

    mutating func bool() throws -> Bool {
        switch try byte() {
        case 0: return false
        case 1: return true
        default: throw Damaged()
        }
    }

    mutating func string() throws -> String {
        let n = try count()
        defer { pos += n }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[pos..<pos + n]), as: UTF8.self)
    }

    mutating func strings() throws -> [String] {
        let n = try count()
        var out: [String] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try string()) }
        return out
    }

    mutating func uuid() throws -> UUID {
        guard remaining >= 16 else { throw Damaged() }
        var u = UUID.zero.uuid
        withUnsafeMutableBytes(of: &u) { $0.copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(buffer)[pos..<pos + 16])) }
        pos += 16
        return UUID(uuid: u)
    }

    mutating func uuids() throws -> [UUID] {
        let n = try count(atLeast: 16)
        var out: [UUID] = []
        out.reserveCapacity(n)
        for _ in 0..<n { out.append(try uuid()) }
        return out
    }

    mutating func day() throws -> Day { Day(ordinal: try int()) }

    mutating func optional<T>(_ read: (inout ByteReader) throws -> T) throws -> T? {
        try bool() ? try read(&self) : nil
    }
}
