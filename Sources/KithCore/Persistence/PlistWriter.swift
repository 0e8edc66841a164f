import Foundation

/// Writes an XML property list straight into bytes: no dictionary tree, no Foundation
/// serialization on the save path.
///
/// Output is deterministic: the caller writes keys in a fixed (sorted) order, indentation is one
/// tab per level as Apple's tools write it, so the file diffs cleanly under git.
struct PlistWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
        append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        append("<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" \"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n")
        append("<plist version=\"1.0\">\n")
    }

    mutating func finish() -> [UInt8] {
        append("</plist>\n")
        return bytes
    }

    private mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func indent() {
        for _ in 0..<depth { bytes.append(0x09) }
    }

    mutating func openDict() { indent(); append("<dict>\n"); depth += 1 }
    mutating func closeDict() { depth -= 1; indent(); append("</dict>\n") }
    mutating func openArray() { indent(); append("<array>\n"); depth += 1 }
    mutating func closeArray() { depth -= 1; indent(); append("</array>\n") }

    mutating func key(_ k: StaticString) {
        indent(); append("<key>"); append(k); append("</key>\n")
    }

    mutating func key(_ k: String) {
        indent(); append("<key>"); escaped(k); append("</key>\n")
    }

    mutating func string(_ s: String) {
        indent()
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
