import Foundation

/// Why a name or a date given by the user could not be resolved.
public enum LookupError: Error, Equatable, CustomStringConvertible {
    case emptyName
    case noContact(String)
    case noEvent(String)
    case ambiguous(String, [String])
    case badDate(String)
    case badTime(String)

    public var description: String {
        switch self {
        case .emptyName:
            return "the name is empty"
        case .noContact(let q):
            return "no contact matches \"\(q)\""
        case .noEvent(let q):
            return "no event matches \"\(q)\""
        case .ambiguous(let q, let names):
            return "\"\(q)\" matches \(names.count): " + names.joined(separator: ", ") + "; be more specific"
        case .badDate(let d):
            return "\"\(d)\" is not a date: use YYYY-MM-DD, today, tomorrow, yesterday, +3d, -2w or a weekday name"
        case .badTime(let t):
            return "\"\(t)\" is not a time: use HH:MM (24-hour)"
        }
    }
}

extension Network {
    /// Finds the one contact that `query` names: the full name, else a unique part of it,
    /// ignoring case and diacritics ("zoe" finds "Zoë Ångström").
    public func findContact(_ query: String) throws -> Contact {
        let q = Fold.key(query.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !q.isEmpty else { throw LookupError.emptyName }
        var partial: [Int] = []
        var exact: [Int] = []
        for (i, key) in nameKeys.enumerated() {
            if key == q { exact.append(i) } else if key.contains(q) { partial.append(i) }
        }
        let hits = exact.isEmpty ? partial : exact
        if hits.count == 1 { return contacts[hits[0]] }
        if hits.isEmpty { throw LookupError.noContact(query) }
        throw LookupError.ambiguous(query, hits.map { contacts[$0].name }.sorted())
    }
}

/// Natural dates as the CLI and forms accept them.
public enum DateInput {
    private static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// Parses `YYYY-MM-DD`, `today`, `tomorrow`, `yesterday`, `+3d`, `-2w`, `+5` (days), or a
    /// weekday name or its first three letters (the next such day after today).
    public static func parse(_ raw: String, today: Day) throws -> Day {
        let s = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if let d = Day(iso: s) { return d }
        switch s {
        case "today": return today
        case "tomorrow": return today + 1
        case "yesterday": return today - 1
        default: break
        }
        if let first = s.first, first == "+" || first == "-" {
            var body = s.dropFirst()
            var unit = 1
            if body.hasSuffix("d") { body = body.dropLast() } else if body.hasSuffix("w") { body = body.dropLast(); unit = 7 }
            if !body.isEmpty, body.count <= 5, body.allSatisfy(\.isASCII), let n = Int(body) {
                return today + (first == "+" ? 1 : -1) * n * unit
            }
        }
        if s.count >= 3, let w = weekdays.firstIndex(where: { $0 == s || ($0.hasPrefix(s) && s.count == 3) }) {
            var delta = (w + 1) - today.isoWeekday
            if delta <= 0 { delta += 7 }
            return today + delta
        }
        throw LookupError.badDate(raw)
    }

    /// Parses `HH:MM` into minutes since midnight.
    public static func parseTime(_ raw: String) throws -> Int {
        let parts = raw.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m)
        else { throw LookupError.badTime(raw) }
        return h * 60 + m
    }
}
