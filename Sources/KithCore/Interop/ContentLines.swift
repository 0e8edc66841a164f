import Foundation

/// One property of a vCard or iCalendar component: `GROUP.NAME;PARAM=V1,V2:value`.
///
/// The grammar is the one RFC 6350 (vCard 4.0), RFC 2426 (3.0), the vCard 2.1 spec and
/// RFC 5545 (iCalendar) share; what differs between them is left to ``VCardParser`` and
/// ``ICalendar``.
public struct ContentLine: Sendable {
    public var group: String?
    /// Upper-cased.
    public var name: String
    /// Names upper-cased, values as written (quotes removed).
    public var params: [(name: String, values: [String])]
    /// The bytes after the first unquoted colon, still encoded (quoted-printable, base64, escapes).
    public var raw: [UInt8]
    /// 1-based line where the property starts in its file.
    public var line: Int

    public func param(_ name: String) -> [String] {
        params.first { $0.name == name }?.values ?? []
    }

    /// True when any TYPE (or 2.1 bare) parameter value equals `type`, ignoring case.
    public func hasType(_ type: String) -> Bool {
        params.contains { $0.name == "TYPE" && $0.values.contains { $0.caseInsensitiveCompare(type) == .orderedSame } }
    }
}

/// A physical-line splitter and content-line parser over raw bytes.
public enum ContentLines {
    /// Longest logical line accepted (a photo of a few hundred KB fits; a runaway file does not).
    public static let maxLineBytes = 1 << 20

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    /// The logical lines of `bytes`: folded lines joined (RFC 6350 §3.2: CRLF or LF followed by
    /// one space or tab), vCard 2.1 quoted-printable soft breaks joined, CR dropped. Each with
    /// the line number it starts on.
    public static func unfold(_ bytes: [UInt8]) -> [(line: Int, bytes: ArraySlice<UInt8>, joined: [UInt8]?)] {
        var out: [(line: Int, bytes: ArraySlice<UInt8>, joined: [UInt8]?)] = []
        out.reserveCapacity(bytes.count / 24)
        var lineNo = 0
        var i = 0
        let n = bytes.count
        while i < n {
            lineNo += 1
            var end = i
            while end < n && bytes[end] != 0x0A { end += 1 }
            var stop = end
            if stop > i && bytes[stop - 1] == 0x0D { stop -= 1 }
            let physical = bytes[i..<stop]
            i = end + 1
            if let first = physical.first, first == 0x20 || first == 0x09, !out.isEmpty {
                // A folded continuation: copy on first fold only.
                var last = out[out.count - 1]
                var joined = last.joined ?? Array(last.bytes)
                joined.append(contentsOf: physical.dropFirst())
                last.joined = joined
                out[out.count - 1] = last
                continue
            }
            if let prev = out.last, endsInSoftBreak(prev.joined.map { $0[...] } ?? prev.bytes) {
                var joined = prev.joined ?? Array(prev.bytes)
                joined.removeLast() // the '='
                joined.append(contentsOf: physical)
                out[out.count - 1].joined = joined
                continue
            }
            if physical.isEmpty { continue }
            out.append((lineNo, physical, nil))
        }
        return out
    }

    /// A 2.1 quoted-printable value ending in "=" continues on the next physical line.
    private static func endsInSoftBreak(_ line: ArraySlice<UInt8>) -> Bool {
        guard line.last == UInt8(ascii: "=") else { return false }
        guard let colon = headerEnd(line) else { return false }
        let header = line[line.startIndex..<colon]
        return header.count >= 16 && String(decoding: header, as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }

    /// Index of the first colon outside a quoted parameter value.
    static func headerEnd(_ line: ArraySlice<UInt8>) -> Int? {
        var quoted = false
        for i in line.indices {
            let b = line[i]
            if b == 0x22 { quoted.toggle() } else if b == 0x3A && !quoted { return i }
        }
        return nil
    }

    /// Parses one logical line.
    public static func parse(_ line: ArraySlice<UInt8>, at lineNo: Int) throws(Failure) -> ContentLine {
        guard line.count <= maxLineBytes else {
            throw Failure(line: lineNo, reason: "a line of \(line.count) bytes is longer than kith accepts (\(maxLineBytes))")
        }
        guard !line.contains(0) else { throw Failure(line: lineNo, reason: "binary data (a NUL byte) in the line") }
        guard let colon = headerEnd(line) else { throw Failure(line: lineNo, reason: "no ':' between the property's name and its value") }
        let header = line[line.startIndex..<colon]
        // NAME or GROUP.NAME, then ;params
        var nameEnd = header.startIndex
        while nameEnd < header.endIndex && header[nameEnd] != UInt8(ascii: ";") { nameEnd += 1 }
        let fullName = String(decoding: header[header.startIndex..<nameEnd], as: UTF8.self)
        var group: String?
        var name = fullName
        if let dot = fullName.lastIndex(of: ".") {
            group = String(fullName[..<dot])
            name = String(fullName[fullName.index(after: dot)...])
        }
        guard !name.isEmpty, name.utf8.allSatisfy({ isNameByte($0) }) else {
            throw Failure(line: lineNo, reason: "\"\(TextSafety.clip(fullName))\" is not a property name")
        }
        var params: [(name: String, values: [String])] = []
        var i = nameEnd
        while i < header.endIndex {
            i += 1 // the ';'
            var pEnd = i
            var quoted = false
            while pEnd < header.endIndex {
                let b = header[pEnd]
                if b == 0x22 { quoted.toggle() } else if b == UInt8(ascii: ";") && !quoted { break }
                pEnd += 1
            }
            let p = header[i..<pEnd]
            i = pEnd
            if p.isEmpty { continue }
            if let eq = p.firstIndex(of: UInt8(ascii: "=")) {
                let pname = String(decoding: p[p.startIndex..<eq], as: UTF8.self).uppercased()
                params.append((pname, splitParamValues(p[(eq + 1)...])))
            } else {
                // vCard 2.1 bare parameters: `TEL;HOME;VOICE:` and `NOTE;QUOTED-PRINTABLE:`.
                let v = String(decoding: p, as: UTF8.self).uppercased()
                switch v {
                case "QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT": params.append(("ENCODING", [v]))
                default: params.append(("TYPE", [v]))
                }
            }
        }
        return ContentLine(group: group, name: name.uppercased(), params: params, raw: Array(line[(colon + 1)...]), line: lineNo)
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x5F
    }

    private static func splitParamValues(_ v: ArraySlice<UInt8>) -> [String] {
        var out: [String] = []
        var cur: [UInt8] = []
        var quoted = false
        for b in v {
            if b == 0x22 { quoted.toggle(); continue }
            if b == UInt8(ascii: ",") && !quoted { out.append(String(decoding: cur, as: UTF8.self)); cur = []; continue }
            cur.append(b)
        }
        out.append(String(decoding: cur, as: UTF8.self))
        return out
    }

    // MARK: - Values

    /// Undoes text escaping (`\n`, `\,`, `\;`, `\\`); with `separator`, also splits on the
    /// unescaped separator (`;` for N and ORG, `,` for CATEGORIES).
    public static func unescape(_ text: String, splitOn separator: Character? = nil) -> [String] {
        guard text.contains("\\") || (separator.map { text.contains($0) } ?? false) else { return [text] }
        var parts: [String] = []
        var cur = ""
        var escaped = false
        for ch in text {
            if escaped {
                switch ch {
                case "n", "N": cur.append("\n")
                default: cur.append(ch)
                }
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else if let separator, ch == separator {
                parts.append(cur); cur = ""
            } else {
                cur.append(ch)
            }
        }
        if escaped { cur.append("\\") }
        parts.append(cur)
        return parts
    }

    /// Escapes a text value: backslash, newline, comma and semicolon.
    public static func escape(_ text: String) -> String {
        var needs = false
        for b in text.utf8 where b == 0x5C || b == 0x0A || b == 0x0D || b == 0x2C || b == 0x3B { needs = true; break }
        guard needs else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for ch in text {
            switch ch {
            case "\\": out += "\\\\"
            case "\n", "\r\n": out += "\\n"
            case "\r": out += "\\n"
            case ",": out += "\\,"
            case ";": out += "\\;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Decodes quoted-printable (`=C3=AB`, soft breaks already joined).
    public static func quotedPrintable(_ raw: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == UInt8(ascii: "=") {
                guard i + 2 < raw.count, let hi = hex(raw[i + 1]), let lo = hex(raw[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    private static func hex(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

    /// Text from bytes in a named charset; nil when the bytes are not valid in it or the
    /// charset is unknown. No charset means UTF-8.
    public static func text(_ bytes: [UInt8], charset: String?) -> String? {
        switch charset?.uppercased() {
        case nil, "UTF-8", "UTF8":
            return String(validating: bytes, as: UTF8.self)
        case "US-ASCII", "ASCII":
            return bytes.allSatisfy({ $0 < 0x80 }) ? String(decoding: bytes, as: UTF8.self) : nil
        case "ISO-8859-1", "LATIN1", "ISO8859-1", "ISO_8859-1":
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case "WINDOWS-1252", "CP1252":
            return String(data: Data(bytes), encoding: .windowsCP1252)
        case "UTF-16", "UTF-16LE", "UTF-16BE":
            return String(data: Data(bytes), encoding: charset!.uppercased() == "UTF-16BE" ? .utf16BigEndian : charset!.uppercased() == "UTF-16LE" ? .utf16LittleEndian : .utf16)
        case "ISO-8859-2":
            return String(data: Data(bytes), encoding: .isoLatin2)
        case "SHIFT_JIS", "SHIFT-JIS":
            return String(data: Data(bytes), encoding: .shiftJIS)
        default:
            return nil
        }
    }

    // MARK: - Writing

    /// Appends `line` folded at 75 octets (never inside a UTF-8 sequence) and ended with CRLF.
    public static func appendFolded(_ line: String, to out: inout [UInt8]) {
        var width = 0
        for b in line.utf8 {
            // A fold goes before a character that would not fit in 75 octets whole.
            let size = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 0
            if size > 0 && width + size > 75 {
                out.append(0x0D); out.append(0x0A); out.append(0x20)
                width = 1
            }
            out.append(b)
            width += 1
        }
        out.append(0x0D); out.append(0x0A)
    }
}

/// Clipping for messages that quote input.
enum TextSafety {
    static func clip(_ s: String, _ max: Int = 40) -> String {
        let clean = String(s.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
        return clean.count > max ? String(clean.prefix(max)) + "…" : clean
    }
}

/// File access for imports and exports, with the store's guarantees (atomic writes).
public enum Interop {
    /// A whole file's bytes; nil when it does not exist.
    public static func read(_ path: String) throws -> [UInt8]? { try FileIO.read(path)?.bytes }

    /// Writes a file atomically (temporary file, fsync, rename).
    public static func write(_ bytes: [UInt8], to path: String) throws { try FileIO.writeAtomically(bytes, to: path) }
}
