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
    let base: UnsafeBufferPointer<UInt8>
    var pos = 0
    /// Where the reader is, for messages: keys, and array positions as numbers (formatting
    /// "[12]" for each of 60,000 elements was a measurable part of a load).
    private var path: [PathStep] = []

    enum PathStep {
        case key(PlistKey)
        case index(Int)
    }
    /// A tag read ahead by ``peek()``.
    var pending: (tag: PlistTag, closing: Bool, empty: Bool, at: Int)?

    init(_ bytes: UnsafeBufferPointer<UInt8>) { base = bytes }

    // MARK: errors and paths

    func fail(_ message: String, at offset: Int? = nil) -> PlistError {
        var p = ""
        for step in path {
            switch step {
            case .index(let i): p += "[\(i)]"
            case .key(let k): p += p.isEmpty ? k.description : "." + k.description
            }
        }
        return PlistError(offset: offset ?? pos, path: p, message: message)
    }

    mutating func push(_ key: PlistKey) { path.append(.key(key)) }
    mutating func push(index: Int) { path.append(.index(index)) }
    mutating func pop() { path.removeLast() }

    // MARK: lexing

    mutating func skipSpace() {
        while pos < base.count {
            let b = base[pos]
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D { pos += 1 } else { break }
        }
    }

    func starts(with s: StaticString, at i: Int) -> Bool {
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

    mutating func skipPast(_ end: StaticString) throws {
        let start = pos
        while pos < base.count {
            if starts(with: end, at: pos) { pos += end.utf8CodeUnitCount; return }
            pos += 1
        }
        throw fail("unterminated markup", at: start)
    }

    /// The common tags, named from the 8 bytes after `<` (read little-endian) masked to each
    /// tag's length: a few integer comparisons instead of scanning and matching each name.
    @inline(__always) private static func commonTag(_ word: UInt64) -> (tag: PlistTag, closing: Bool, count: Int)? {
        let w4 = word & 0xFFFF_FFFF, w5 = word & 0xFF_FFFF_FFFF, w6 = word & 0xFFFF_FFFF_FFFF, w7 = word & 0xFF_FFFF_FFFF_FFFF
        if w4 == 0x3e79656b { return (.key, false, 4) }                   // key>
        if w5 == 0x3e79656b2f { return (.key, true, 5) }                  // /key>
        if w7 == 0x3e676e69727473 { return (.string, false, 7) }          // string>
        if word == 0x3e676e697274732f { return (.string, true, 8) }       // /string>
        if w5 == 0x3e74636964 { return (.dict, false, 5) }                // dict>
        if w6 == 0x3e746369642f { return (.dict, true, 6) }               // /dict>
        if w6 == 0x3e7961727261 { return (.array, false, 6) }             // array>
        if w7 == 0x3e79617272612f { return (.array, true, 7) }            // /array>
        if word == 0x3e72656765746e69 { return (.integer, false, 8) }     // integer>
        return nil
    }

    /// Reads the next tag, skipping white space and comments between elements.
    mutating func nextTag() throws -> (tag: PlistTag, closing: Bool, empty: Bool, at: Int) {
        if let p = pending { pending = nil; return p }
        while true {
            skipSpace()
            guard pos < base.count else { throw fail("unexpected end of file") }
            if base[pos] == UInt8(ascii: "<"), pos + 1 < base.count, base[pos + 1] == UInt8(ascii: "!"),
               starts(with: "<!--", at: pos) { try skipPast("-->"); continue }
            break
        }
        let at = pos
        guard base[pos] == UInt8(ascii: "<") else { throw fail("expected a tag, found text", at: at) }
        pos += 1
        if pos + 8 <= base.count, let start = base.baseAddress,
           let t = PlistReader.commonTag(UInt64(littleEndian: UnsafeRawPointer(start + pos).loadUnaligned(as: UInt64.self))) {
            pos += t.count
            return (t.tag, t.closing, false, at)
        }
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

    func describe(_ t: (tag: PlistTag, closing: Bool, empty: Bool, at: Int)) -> String {
        t.closing ? "</\(t.tag.rawValue)>" : "<\(t.tag.rawValue)>"
    }

    /// A key's text: the file's own bytes when they need no unescaping (nearly always), so that
    /// matching it against the decoder's literals makes no String (a third of a load's keys'
    /// cost was making and comparing them).
    mutating func keyText() throws -> PlistKey {
        let start = pos
        var plain = true
        while pos < base.count, base[pos] != UInt8(ascii: "<") {
            let b = base[pos]
            if b == UInt8(ascii: "&") || b >= 0x80 { plain = false }
            pos += 1
        }
        if plain { return PlistKey(bytes: UnsafeBufferPointer(rebasing: base[start..<pos])) }
        pos = start
        return PlistKey(text: try text())
    }

    /// The raw text up to the next `<`, unescaped.
    mutating func text() throws -> String {
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
}

/// A dictionary key as read, compared with the decoder's string literals byte for byte.
struct PlistKey: Equatable, ExpressibleByStringLiteral, CustomStringConvertible {
    private enum Storage {
        /// Bytes of the file (alive while its reader is) or of a literal.
        case bytes(UnsafeBufferPointer<UInt8>)
        /// Text that was unescaped or holds non-ASCII characters.
        case text(String)
    }
    private let storage: Storage

    init(stringLiteral s: StaticString) {
        storage = .bytes(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }
    init(bytes: UnsafeBufferPointer<UInt8>) { storage = .bytes(bytes) }
    init(text: String) { storage = .text(text) }

    static func == (a: PlistKey, b: PlistKey) -> Bool {
        switch (a.storage, b.storage) {
        case (.bytes(let x), .bytes(let y)):
            guard x.count == y.count else { return false }
            for i in 0..<x.count where x[i] != y[i] { return false }
            return true
        default: return a.description == b.description
        }
    }

    var description: String {
        switch storage {
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .text(let s): return s
        }
    }
}
