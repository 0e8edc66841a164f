import Foundation

/// Why a file is not a network kith can read, and where.
public struct PlistError: Error, CustomStringConvertible, Equatable {
    /// Byte offset in the file.
    public var offset: Int
    /// Key path, such as `contacts[12].name`.
    public var path: String
    public var message: String

    public var description: String {
        path.isEmpty ? "at byte \(offset): \(message)" : "at byte \(offset) (\(path)): \(message)"
    }
}

/// The elements of an XML property list.
enum PlistTag: String, Sendable {
    case plist, dict, key, string, integer, real, `true`, `false`, date, data, array

    /// The tag these name bytes spell, without making a String (this runs for every element).
    init?(bytes b: UnsafeBufferPointer<UInt8>) {
        func eq(_ s: StaticString) -> Bool {
            s.withUTF8Buffer { lit in lit.count == b.count && zip(lit, b).allSatisfy { $0 == $1 } }
        }
        switch (b.count, b.first) {
        case (3, UInt8(ascii: "k")) where eq("key"): self = .key
        case (6, UInt8(ascii: "s")) where eq("string"): self = .string
        case (4, UInt8(ascii: "d")) where eq("dict"): self = .dict
        case (5, UInt8(ascii: "a")) where eq("array"): self = .array
        case (7, UInt8(ascii: "i")) where eq("integer"): self = .integer
        case (5, UInt8(ascii: "p")) where eq("plist"): self = .plist
        case (4, UInt8(ascii: "r")) where eq("real"): self = .real
        case (4, UInt8(ascii: "t")) where eq("true"): self = .true
        case (5, UInt8(ascii: "f")) where eq("false"): self = .false
        case (4, UInt8(ascii: "d")) where eq("date"): self = .date
        case (4, UInt8(ascii: "d")) where eq("data"): self = .data
        default: return nil
        }
    }
}

/// A pull parser over the bytes of an XML property list.
///
/// It walks the bytes once, hands values to a typed decoder as it meets them and never builds a
/// tree. Strings are unescaped only when they contain `&`.
struct PlistReader: ~Copyable {
    private let base: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var path: [String] = []
    /// A tag read ahead by ``peek()``.
    private var pending: (tag: PlistTag, closing: Bool, empty: Bool, at: Int)?

    init(_ bytes: UnsafeBufferPointer<UInt8>) { base = bytes }

    // MARK: errors and paths

    func fail(_ message: String, at offset: Int? = nil) -> PlistError {
        var p = ""
        for part in path {
            if part.hasPrefix("[") { p += part } else { p += p.isEmpty ? part : "." + part }
        }
        return PlistError(offset: offset ?? pos, path: p, message: message)
    }

    mutating func push(_ component: String) { path.append(component) }
    mutating func pop() { path.removeLast() }

    // MARK: lexing

    private mutating func skipSpace() {
        while pos < base.count {
            let b = base[pos]
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { pos += 1 } else { break }
        }
    }

    private func starts(with s: StaticString, at i: Int) -> Bool {
        s.withUTF8Buffer { lit in
            guard i + lit.count <= base.count else { return false }
            for k in 0..<lit.count where base[i + k] != lit[k] { return false }
            return true
        }
    }

    /// Skips the XML declaration, the doctype, comments and white space.
    mutating func skipProlog() throws {
        if starts(with: "\u{FEFF}", at: 0) { pos = 3 }
        while true {
            skipSpace()
            if starts(with: "<?", at: pos) { try skipPast("?>") }
            else if starts(with: "<!--", at: pos) { try skipPast("-->") }
            else if starts(with: "<!DOCTYPE", at: pos) { try skipPast(">") }
            else { return }
        }
    }

    private mutating func skipPast(_ end: StaticString) throws {
        let start = pos
        while pos < base.count {
            if starts(with: end, at: pos) { pos += end.utf8CodeUnitCount; return }
            pos += 1
        }
        throw fail("unterminated markup", at: start)
    }

    /// Reads the next tag, skipping white space and comments between elements.
    mutating func nextTag() throws -> (tag: PlistTag, closing: Bool, empty: Bool, at: Int) {
        if let p = pending { pending = nil; return p }
        while true {
            skipSpace()
            guard pos < base.count else { throw fail("unexpected end of file") }
            if starts(with: "<!--", at: pos) { try skipPast("-->"); continue }
            break
        }
        let at = pos
        guard base[pos] == UInt8(ascii: "<") else { throw fail("expected a tag, found text", at: at) }
        pos += 1
        var closing = false
        if pos < base.count, base[pos] == UInt8(ascii: "/") { closing = true; pos += 1 }
        let nameStart = pos
        while pos < base.count {
            let b = base[pos]
            if b == UInt8(ascii: ">") || b == UInt8(ascii: "/") || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { break }
            pos += 1
        }
        guard let tag = PlistTag(bytes: UnsafeBufferPointer(rebasing: base[nameStart..<pos])) else {
            let name = String(decoding: UnsafeBufferPointer(rebasing: base[nameStart..<pos]), as: UTF8.self)
            throw fail("unknown element <\(name)>", at: at)
        }
        // Attributes (only <plist version="1.0"> has any) are skipped.
        var empty = false
        while pos < base.count, base[pos] != UInt8(ascii: ">") {
            if base[pos] == UInt8(ascii: "/") { empty = true }
            pos += 1
        }
        guard pos < base.count else { throw fail("unterminated tag <\(tag.rawValue)>", at: at) }
        pos += 1
        return (tag, closing, empty, at)
    }

    mutating func peek() throws -> (tag: PlistTag, closing: Bool, empty: Bool, at: Int) {
        let t = try nextTag()
        pending = t
        return t
    }

    mutating func expectOpen(_ tag: PlistTag) throws {
        let t = try nextTag()
        guard t.tag == tag, !t.closing else { throw fail("expected <\(tag.rawValue)>, found \(describe(t))", at: t.at) }
    }

    mutating func expectClose(_ tag: PlistTag) throws {
        let t = try nextTag()
        guard t.tag == tag, t.closing else { throw fail("expected </\(tag.rawValue)>, found \(describe(t))", at: t.at) }
    }

    private func describe(_ t: (tag: PlistTag, closing: Bool, empty: Bool, at: Int)) -> String {
        t.closing ? "</\(t.tag.rawValue)>" : "<\(t.tag.rawValue)>"
    }

    /// The raw text up to the next `<`, unescaped.
    private mutating func text() throws -> String {
        let start = pos
        var amp = false
        while pos < base.count, base[pos] != UInt8(ascii: "<") {
            if base[pos] == UInt8(ascii: "&") { amp = true }
            pos += 1
        }
        let raw = UnsafeBufferPointer(rebasing: base[start..<pos])
        if !amp { return try utf8(raw, at: start) }
        return try unescape(raw, at: start)
    }

    private func utf8(_ raw: UnsafeBufferPointer<UInt8>, at: Int) throws -> String {
        // Most text is ASCII, which needs no validation.
        var ascii = true
        for b in raw where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: raw, as: UTF8.self) }
        guard let s = String(validating: raw, as: UTF8.self) else { throw fail("text is not valid UTF-8", at: at) }
        return s
    }

    private func unescape(_ raw: UnsafeBufferPointer<UInt8>, at: Int) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            guard b == UInt8(ascii: "&") else { out.append(b); i += 1; continue }
            var j = i + 1
            while j < raw.count, raw[j] != UInt8(ascii: ";"), j - i < 12 { j += 1 }
            guard j < raw.count, raw[j] == UInt8(ascii: ";") else { throw fail("unterminated entity", at: at + i) }
            let name = String(decoding: UnsafeBufferPointer(rebasing: raw[(i + 1)..<j]), as: UTF8.self)
            switch name {
            case "amp": out.append(UInt8(ascii: "&"))
            case "lt": out.append(UInt8(ascii: "<"))
            case "gt": out.append(UInt8(ascii: ">"))
            case "quot": out.append(UInt8(ascii: "\""))
            case "apos": out.append(UInt8(ascii: "'"))
            default:
                var value: UInt32?
                if name.hasPrefix("#x") { value = UInt32(name.dropFirst(2), radix: 16) }
                else if name.hasPrefix("#") { value = UInt32(name.dropFirst(), radix: 10) }
                guard let v = value, let scalar = Unicode.Scalar(v) else { throw fail("unknown entity &\(name);", at: at + i) }
                out.append(contentsOf: String(Character(scalar)).utf8)
            }
            i = j + 1
        }
        return try out.withUnsafeBufferPointer { try utf8($0, at: at) }
    }

    // MARK: values

    /// Reads `<dict>` and calls `body` with each key; `body` must read that key's value.
    mutating func dict(_ body: (inout PlistReader, String) throws -> Void) throws {
        let t = try nextTag()
        guard t.tag == .dict, !t.closing else { throw fail("expected <dict>, found \(describe(t))", at: t.at) }
        if t.empty { return }
        while true {
            let k = try nextTag()
            if k.tag == .dict, k.closing { return }
            guard k.tag == .key, !k.closing else { throw fail("expected <key> or </dict>, found \(describe(k))", at: k.at) }
            let name = k.empty ? "" : try text()
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
            push("[\(i)]")
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

    static func parseUUID(_ raw: UnsafeBufferPointer<UInt8>) -> UUID? {
        guard raw.count == 36, raw[8] == 0x2D, raw[13] == 0x2D, raw[18] == 0x2D, raw[23] == 0x2D else { return nil }
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var ok = true
        withUnsafeMutableBytes(of: &bytes) { out in
            var o = 0, i = 0
            func nibble(_ c: UInt8) -> UInt8? {
                switch c {
                case 48...57: return c - 48
                case 65...70: return c - 55
                case 97...102: return c - 87
                default: return nil
                }
            }
            while i < 36 {
                if i == 8 || i == 13 || i == 18 || i == 23 { i += 1; continue }
                guard let hi = nibble(raw[i]), let lo = nibble(raw[i + 1]) else { ok = false; return }
                out[o] = hi << 4 | lo
                o += 1
                i += 2
            }
        }
        return ok ? UUID(uuid: bytes) : nil
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
    func unknownKey(_ key: String) -> PlistError { fail("unknown key \"\(key)\"") }

    /// After the top-level value: only white space and comments may follow.
    mutating func expectEnd() throws {
        try expectClose(.plist)
        skipSpace()
        while starts(with: "<!--", at: pos) { try skipPast("-->"); skipSpace() }
        guard pos == base.count else { throw fail("unexpected content after </plist>") }
    }
}
