import Foundation

/// One parsed vCard (2.1, 3.0 or 4.0): its properties in file order.
public struct VCard: Sendable {
    public var properties: [ContentLine]
    /// "2.1", "3.0" or "4.0" (3.0 when the card does not say).
    public var version: String
    /// 1-based number of the card in its file.
    public var number: Int
    /// The line of its BEGIN:VCARD.
    public var line: Int

    public func all(_ name: String) -> [ContentLine] { properties.filter { $0.name == name } }
    public func first(_ name: String) -> ContentLine? { properties.first { $0.name == name } }

    /// The value of a property as text: transfer encoding (quoted-printable, base64) and charset
    /// undone, escapes kept (see ``ContentLines/unescape(_:splitOn:)``).
    public func rawText(_ p: ContentLine) throws(ContentLines.Failure) -> String {
        var bytes = p.raw
        switch p.param("ENCODING").first?.uppercased() {
        case "QUOTED-PRINTABLE":
            guard let d = ContentLines.quotedPrintable(bytes) else {
                throw ContentLines.Failure(line: p.line, reason: "\(p.name) is not valid quoted-printable")
            }
            bytes = d
        case "B", "BASE64":
            guard let d = Data(base64Encoded: String(decoding: bytes, as: UTF8.self), options: .ignoreUnknownCharacters) else {
                throw ContentLines.Failure(line: p.line, reason: "\(p.name) is not valid base64")
            }
            bytes = Array(d)
        default: break
        }
        let charset = p.param("CHARSET").first
        guard let s = ContentLines.text(bytes, charset: charset) else {
            throw ContentLines.Failure(line: p.line, reason: charset.map { "\(p.name) is not valid \($0) text (or kith does not know that charset)" }
                ?? "\(p.name) is not valid UTF-8, and no CHARSET parameter says what it is")
        }
        return s
    }

    /// The unescaped text value of a property.
    public func text(_ p: ContentLine) throws(ContentLines.Failure) -> String {
        ContentLines.unescape(try rawText(p))[0]
    }

    /// The components of a structured value (N, ORG) or a list (CATEGORIES).
    public func parts(_ p: ContentLine, separator: Character) throws(ContentLines.Failure) -> [String] {
        ContentLines.unescape(try rawText(p), splitOn: separator)
    }
}

/// A card, or a stretch of a file, that could not be read: reported, never fatal to the rest.
public struct BadCard: Sendable, CustomStringConvertible, Equatable {
    /// 1-based number of the card in its file; nil for text outside any card.
    public var number: Int?
    public var line: Int
    public var reason: String

    public var description: String {
        (number.map { "card \($0) (line \(line))" } ?? "line \(line)") + ": " + reason
    }
}

/// Splits a vCard file into cards, reporting bad ones without stopping.
public enum VCardParser {
    public static func parse(_ bytes: [UInt8]) -> (cards: [VCard], bad: [BadCard]) {
        var cards: [VCard] = []
        var bad: [BadCard] = []
        var current: VCard?
        var failure: ContentLines.Failure?
        var number = 0
        var inJunk = false
        var lastLine = 0
        var input = bytes
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) } // a UTF-8 byte-order mark
        for (lineNo, physical, joined) in ContentLines.unfold(input) {
            lastLine = lineNo
            let line = joined.map { $0[...] } ?? physical
            if isMarker(line, "BEGIN:VCARD") {
                if let c = current {
                    bad.append(BadCard(number: c.number, line: c.line, reason: "no END:VCARD before the next BEGIN:VCARD at line \(lineNo)"))
                }
                number += 1
                current = VCard(properties: [], version: "3.0", number: number, line: lineNo)
                failure = nil
                inJunk = false
                continue
            }
            if isMarker(line, "END:VCARD") {
                guard let c = current else {
                    bad.append(BadCard(number: nil, line: lineNo, reason: "END:VCARD without a BEGIN:VCARD"))
                    continue
                }
                current = nil
                if let failure {
                    bad.append(BadCard(number: c.number, line: failure.line, reason: failure.reason))
                } else if !["2.1", "3.0", "4.0"].contains(c.version) {
                    bad.append(BadCard(number: c.number, line: c.first("VERSION")?.line ?? c.line,
                                       reason: "VERSION \(TextSafety.clip(c.version)) is not one kith reads (2.1, 3.0 or 4.0)"))
                } else {
                    cards.append(c)
                }
                continue
            }
            guard current != nil else {
                if !inJunk { bad.append(BadCard(number: nil, line: lineNo, reason: "text outside a card (skipped up to the next BEGIN:VCARD)")) }
                inJunk = true
                continue
            }
            guard failure == nil else { continue }
            do {
                let p = try ContentLines.parse(line, at: lineNo)
                if p.name == "VERSION" {
                    current!.version = String(decoding: p.raw, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                }
                current!.properties.append(p)
            } catch {
                failure = error
            }
        }
        if let c = current {
            bad.append(BadCard(number: c.number, line: c.line, reason: "no END:VCARD (the file ends at line \(lastLine))"))
        }
        return (cards, bad)
    }

    private static func isMarker(_ line: ArraySlice<UInt8>, _ marker: StaticString) -> Bool {
        let count = marker.utf8CodeUnitCount
        // Trailing blanks are tolerated: some exporters leave them.
        var end = line.endIndex
        while end > line.startIndex && (line[end - 1] == 0x20 || line[end - 1] == 0x09) { end -= 1 }
        guard end - line.startIndex == count else { return false }
        return marker.withUTF8Buffer { m in
            for k in 0..<count {
                var b = line[line.startIndex + k]
                if b >= 0x61 && b <= 0x7A { b -= 32 }
                if b != m[k] { return false }
            }
            return true
        }
    }
}
