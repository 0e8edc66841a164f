import Foundation

/// Typed values: what the decoder asks the reader for. Dates, UUIDs and integers are parsed
/// straight from the bytes; anything unusual falls back to text for a precise message.
extension PlistReader {
    // MARK: values

    /// Reads `<dict>` and calls `body` with each key; `body` must read that key's value.
    mutating func dict(_ body: (inout PlistReader, PlistKey) throws -> Void) throws {
        let t = try nextTag()
        guard t.tag == .dict, !t.closing else { throw fail("expected <dict>, found \(describe(t))", at: t.at) }
        if t.empty { return }
        while true {
            let k = try nextTag()
            if k.tag == .dict, k.closing { return }
            guard k.tag == .key, !k.closing else { throw fail("expected <key> or </dict>, found \(describe(k))", at: k.at) }
            let name = k.empty ? PlistKey(text: "") : try keyText()
            if !k.empty { try expectClose(.key) }
            push(name)
            try body(&self, name)
            pop()
        }
    }

    /// Reads `<array>` and calls `body` once per element; `body` must read the element.
    mutating func array(_ body: (inout PlistReader, Int) throws -> Void) throws {
        let t = try nextTag()
        guard t.tag == .array, !t.closing else { throw fail("expected <array>, found \(describe(t))", at: t.at) }
        if t.empty { return }
        var i = 0
        while true {
            let next = try peek()
            if next.tag == .array, next.closing { _ = try nextTag(); return }
            push(index: i)
            try body(&self, i)
            pop()
            i += 1
        }
    }

    /// Reads `<string>`, or `<data>` holding UTF-8 (how text with control characters is kept).
    mutating func string() throws -> String {
        let t = try nextTag()
        guard !t.closing, t.tag == .string || t.tag == .data else {
            throw fail("expected <string>, found \(describe(t))", at: t.at)
        }
        if t.empty { return "" }
        let s = try text()
        try expectClose(t.tag)
        if t.tag == .data {
            let compact = s.filter { !$0.isWhitespace }
            guard let d = Data(base64Encoded: compact), let text = String(data: d, encoding: .utf8) else {
                throw fail("<data> is not base64 UTF-8 text", at: t.at)
            }
            return text
        }
        return s
    }

    /// A string for an optional field: empty means absent, as the writer leaves empty text out.
    mutating func optionalString() throws -> String? {
        let s = try string()
        return s.isEmpty ? nil : s
    }

    mutating func integer() throws -> Int {
        let t = try nextTag()
        guard t.tag == .integer, !t.closing, !t.empty else { throw fail("expected <integer>, found \(describe(t))", at: t.at) }
        // Digits straight from the bytes; anything unusual goes the slow way for its message.
        let start = pos
        var i = pos
        while i < base.count, base[i] == 0x20 || base[i] == 0x09 || base[i] == 0x0A { i += 1 }
        var negative = false
        if i < base.count, base[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        var v = 0, digits = 0
        while i < base.count, base[i] >= 48, base[i] <= 57, digits < 18 { v = v * 10 + Int(base[i] - 48); i += 1; digits += 1 }
        while i < base.count, base[i] == 0x20 || base[i] == 0x09 || base[i] == 0x0A { i += 1 }
        if digits > 0, i < base.count, base[i] == UInt8(ascii: "<") {
            pos = i
            try expectClose(.integer)
            return negative ? -v : v
        }
        pos = start
        let s = try text()
        try expectClose(.integer)
        guard let n = Int(s.trimmingCharacters(in: .whitespaces)) else { throw fail("\"\(s)\" is not an integer", at: t.at) }
        return n
    }

    mutating func real() throws -> Double {
        let t = try nextTag()
        guard t.tag == .real || t.tag == .integer, !t.closing, !t.empty else {
            throw fail("expected <real>, found \(describe(t))", at: t.at)
        }
        let s = try text()
        try expectClose(t.tag)
        guard let x = Double(s.trimmingCharacters(in: .whitespaces)), x.isFinite else { throw fail("\"\(s)\" is not a number", at: t.at) }
        return x
    }

    mutating func bool() throws -> Bool {
        let t = try nextTag()
        guard t.tag == .true || t.tag == .false, !t.closing else { throw fail("expected <true/> or <false/>, found \(describe(t))", at: t.at) }
        if !t.empty { try expectClose(t.tag) }
        return t.tag == .true
    }

    /// Reads a string holding `YYYY-MM-DD`.
    /// The bytes of a `<string>` that holds no entity, or nil (the caller falls back to text).
    private mutating func plainStringBytes() throws -> (bytes: UnsafeBufferPointer<UInt8>, at: Int)? {
        let t = try peek()
        guard t.tag == .string, !t.closing, !t.empty else { return nil }
        let save = pos
        _ = try nextTag()
        let start = pos
        while pos < base.count, base[pos] != UInt8(ascii: "<") {
            if base[pos] == UInt8(ascii: "&") { pos = save; pending = t; return nil }
            pos += 1
        }
        let raw = UnsafeBufferPointer(rebasing: base[start..<pos])
        try expectClose(.string)
        return (raw, t.at)
    }

    /// Reads a string holding `YYYY-MM-DD`, straight from the bytes.
    mutating func day() throws -> Day {
        let at = pos
        if let (raw, _) = try plainStringBytes() {
            if raw.count == 10, raw[4] == UInt8(ascii: "-"), raw[7] == UInt8(ascii: "-"),
               let y = Self.digits(raw, 0, 4), let m = Self.digits(raw, 5, 2), let d = Self.digits(raw, 8, 2),
               let day = Day(year: y, month: m, day: d) {
                return day
            }
            throw fail("\"\(String(decoding: raw, as: UTF8.self))\" is not a date (YYYY-MM-DD)", at: at)
        }
        let s = try string()
        guard let d = Day(iso: s) else { throw fail("\"\(s)\" is not a date (YYYY-MM-DD)", at: at) }
        return d
    }

    private static func digits(_ raw: UnsafeBufferPointer<UInt8>, _ from: Int, _ count: Int) -> Int? {
        var v = 0
        for i in from..<(from + count) {
            let b = raw[i]
            guard b >= 48, b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return v
    }

    /// Reads a UUID, parsed from the 36 bytes by hand (Foundation's parser is far slower).
    mutating func uuid() throws -> UUID {
        let at = pos
        if let (raw, _) = try plainStringBytes() {
            if let u = Self.parseUUID(raw) { return u }
            throw fail("\"\(String(decoding: raw, as: UTF8.self))\" is not a UUID", at: at)
        }
        let s = try string()
        guard let u = UUID(uuidString: s) else { throw fail("\"\(s)\" is not a UUID", at: at) }
        return u
    }

    /// Hex digit values by byte; 0xFF for anything else.
    private static let hexValue: [UInt8] = (0..<256).map { c -> UInt8 in
        switch c {
        case 48...57: return UInt8(c - 48)
        case 65...70: return UInt8(c - 55)
        case 97...102: return UInt8(c - 87)
        default: return 0xFF
        }
    }

    static func parseUUID(_ raw: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard raw.count == 36, raw[8] == 0x2D, raw[13] == 0x2D, raw[18] == 0x2D, raw[23] == 0x2D else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var bad: UInt8 = 0
        hexValue.withUnsafeBufferPointer { hex in
            withUnsafeMutableBytes(of: &bytes) { out in
                var o = 0, i = 0
                while o < 16 {
                    if i == 8 || i == 13 || i == 18 || i == 23 { i += 1 } // the dashes
                    let hi = hex[Int(raw[i])], lo = hex[Int(raw[i + 1])]
                    bad |= hi | lo
                    out[o] = hi << 4 | lo
                    o += 1
                    i += 2
                }
            }
        }
        return bad & 0xF0 == 0 ? UUID(uuid: bytes) : nil
    }

    mutating func strings() throws -> [String] {
        var out: [String] = []
        try array { r, _ in out.append(try r.string()) }
        return out
    }

    mutating func uuids() throws -> [UUID] {
        var out: [UUID] = []
        try array { r, _ in out.append(try r.uuid()) }
        return out
    }

    /// A value of a closed set, such as a circle.
    @inline(__always)
    mutating func enumValue<E: RawRepresentable>(_ type: E.Type) throws -> E where E.RawValue == String {
        let at = pos
        let s = try string()
        guard let v = E(rawValue: s) else { throw fail("\"\(s)\" is not a valid value here", at: at) }
        return v
    }

    /// Errors on a key the format does not have: kith never drops what it cannot place.
    func unknownKey(_ key: PlistKey) -> PlistError { fail("unknown key \"\(key)\"") }

    /// After the top-level value: only white space and comments may follow.
    mutating func expectEnd() throws {
        try expectClose(.plist)
        skipSpace()
        while starts(with: "<!--", at: pos) { try skipPast("-->"); skipSpace() }
        guard pos == base.count else { throw fail("unexpected content after </plist>") }
    }
}

extension PlistReader {
    /// Steps over an `<array>` element without reading its values, and returns the bytes it
    /// spans. Only what kith itself writes is skipped this way; anything unusual inside (a
    /// comment, CDATA, a processing instruction) throws, and the caller reads the array whole.
    mutating func skipArray() throws -> Range<Int> {
        let open = try nextTag()
        guard open.tag == .array, !open.closing else { throw fail("expected <array>, found \(describe(open))", at: open.at) }
        if open.empty { return open.at..<pos }
        var depth = 1
        // Only `<array`, `</array>` and markup that could hide them matter; every other tag is
        // passed over with a byte check, not parsed (the later full read checks them all).
        while depth > 0 {
            guard let lt = nextByte(UInt8(ascii: "<"), from: pos) else { throw fail("unterminated <array>", at: open.at) }
            pos = lt + 1
            guard pos < base.count else { throw fail("unterminated <array>", at: open.at) }
            let b = base[pos]
            if b == UInt8(ascii: "!") || b == UInt8(ascii: "?") { throw fail("markup kith does not skip", at: lt) }
            if starts(with: "/array>", at: pos) {
                depth -= 1
                pos += 7
            } else if starts(with: "array", at: pos), pos + 5 < base.count {
                let next = base[pos + 5]
                if next == UInt8(ascii: ">") { depth += 1 } else if next != UInt8(ascii: "/") {
                    throw fail("an <array> tag kith does not skip", at: lt)
                }
            }
        }
        return open.at..<pos
    }

    /// The index of the next `byte` at or after `from` (memchr).
    private func nextByte(_ byte: UInt8, from: Int) -> Int? {
        guard from < base.count, let start = base.baseAddress else { return nil }
        guard let p = memchr(start + from, Int32(byte), base.count - from) else { return nil }
        return start.distance(to: p.assumingMemoryBound(to: UInt8.self))
    }
}
