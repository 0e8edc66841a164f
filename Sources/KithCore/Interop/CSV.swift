import Foundation

/// Contacts as CSV: kith's own columns (see docs/sync.md), and the exports of Google Contacts
/// and abook read on import.
public enum ContactCSV {
    /// kith's columns, in order. Lists (tags, emails, phones) are joined with "; ".
    public static let columns = ["name", "company", "role", "field", "circle", "tags", "emails", "phones", "birthday",
                                 "cadence", "needs", "offers", "notes", "how_met", "created", "id"]

    public struct Failure: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    // MARK: - Writing

    public static func export(_ n: Network) -> [UInt8] {
        var out = ""
        out.reserveCapacity(n.contacts.count * 160)
        func row(_ fields: [String]) {
            out += fields.map(quote).joined(separator: ",")
            out += "\r\n"
        }
        row(columns)
        for c in n.contacts {
            row([c.name, c.company ?? "", c.role ?? "", c.field ?? "", c.circle?.rawValue ?? "", c.tags.joined(separator: "; "),
                 c.emails.joined(separator: "; "), c.phones.joined(separator: "; "), c.birthday?.description ?? "",
                 c.cadence.map(String.init) ?? "", c.needs ?? "", c.offers ?? "", c.notes ?? "", c.howMet ?? "",
                 c.created.iso, c.id.uuidString.lowercased()])
        }
        return Array(out.utf8)
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    // MARK: - Reading

    /// RFC 4180 records, each with the line it starts on. Quoted fields may hold commas, quotes
    /// ("") and line breaks.
    static func records(_ text: String) throws(Failure) -> [(line: Int, fields: [String])] {
        var out: [(line: Int, fields: [String])] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var line = 1, start = 1
        var it = text.makeIterator()
        var pending: Character?
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty && !wasQuoted) { out.append((start, fields)) }
            fields = []; field = ""; wasQuoted = false
        }
        while let ch = pending ?? it.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = it.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    if ch == "\n" || ch == "\r\n" { line += 1 }
                    field.append(ch == "\r\n" ? "\n" : ch)
                }
                continue
            }
            switch ch {
            case "\"" where field.isEmpty: quoted = true; wasQuoted = true
            case ",": fields.append(field); field = ""; wasQuoted = false
            case "\n", "\r\n", "\r":
                endRecord(); line += 1; start = line
            default: field.append(ch)
            }
        }
        if quoted { throw Failure(reason: "line \(start): a quoted field is not closed before the end of the file") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return out
    }

    /// Which export a file comes from.
    public enum Dialect: String, Sendable { case kith, google, abook }

    /// The contacts in a CSV file, as cards for ``ContactImport``; rows without a name are
    /// reported and skipped.
    public static func read(_ bytes: [UInt8], today: Day) throws(Failure) -> (dialect: Dialect, cards: [CardContent], bad: [BadCard]) {
        var input = bytes
        if input.starts(with: [0xEF, 0xBB, 0xBF]) { input.removeFirst(3) }
        guard let text = String(validating: input, as: UTF8.self) else { throw Failure(reason: "the file is not UTF-8 text") }
        let rows = try records(text)
        guard let header = rows.first else { return (.kith, [], []) }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let dialect: Dialect
        var body = Array(rows.dropFirst())
        if names.contains("name") && names.contains("emails") {
            dialect = .kith
        } else if names.contains("first name") || names.contains("given name") || names.contains(where: { $0.hasPrefix("e-mail 1") }) {
            dialect = .google
        } else if header.fields.count == 5 {
            dialect = .abook // abook writes no header: name, emails, phone, notes, nick
            body = rows
        } else {
            throw Failure(reason: "kith does not know these columns (\(TextSafety.clip(header.fields.prefix(4).joined(separator: ","), 60))); it reads its own CSV (docs/sync.md), Google Contacts' and abook's")
        }
        var cards: [CardContent] = []
        var bad: [BadCard] = []
        for (k, row) in body.enumerated() {
            let number = k + 1
            func col(_ name: String) -> String? {
                guard let i = names.firstIndex(of: name), i < row.fields.count else { return nil }
                let v = row.fields[i].trimmingCharacters(in: .whitespacesAndNewlines)
                return v.isEmpty ? nil : v
            }
            func list(_ v: String?, _ sep: String) -> [String] {
                (v ?? "").components(separatedBy: sep).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            var c = Contact(name: "", created: today)
            var warnings: [String] = []
            var kithFields = false
            switch dialect {
            case .kith:
                c.name = col("name") ?? ""
                c.company = col("company"); c.role = col("role"); c.field = col("field")
                if let v = col("circle") {
                    if let circle = Circle(rawValue: v.lowercased()) { c.circle = circle } else { warnings.append("row \(number) (line \(row.line)): circle \"\(TextSafety.clip(v))\" is not inner, close, wider or acquaintance; left out") }
                }
                c.tags = list(col("tags"), ";"); c.emails = list(col("emails"), ";"); c.phones = list(col("phones"), ";")
                if let v = col("birthday") {
                    if let b = Birthday(text: v) { c.birthday = b } else { warnings.append("row \(number) (line \(row.line)): birthday \"\(TextSafety.clip(v))\" is not a date; left out") }
                }
                if let v = col("cadence") {
                    if let n = Int(v), n > 0 { c.cadence = n } else { warnings.append("row \(number) (line \(row.line)): cadence \"\(TextSafety.clip(v))\" is not a number of days; left out") }
                }
                c.needs = col("needs"); c.offers = col("offers"); c.notes = col("notes"); c.howMet = col("how_met")
                if let d = col("created").flatMap({ Day(iso: $0) }) { c.created = d }
                if let id = col("id").flatMap({ UUID(uuidString: $0) }) { c.id = id }
                kithFields = true
            case .google:
                let parts = ["name prefix", "first name", "given name", "middle name", "additional name", "last name", "family name", "name suffix"].compactMap(col)
                c.name = col("name") ?? parts.joined(separator: " ")
                c.company = col("organization name") ?? col("organization 1 - name")
                c.role = col("organization title") ?? col("organization 1 - title")
                for (i, n) in names.enumerated() where i < row.fields.count {
                    let v = row.fields[i]
                    if n.hasPrefix("e-mail") && n.hasSuffix("- value") { c.emails += list(v, ":::") }
                    if n.hasPrefix("phone") && n.hasSuffix("- value") { c.phones += list(v, ":::") }
                }
                if let v = col("birthday") {
                    if let b = VCardMapping.birthday(v, omitYear: nil) ?? Birthday(text: v) { c.birthday = b } else { warnings.append("row \(number) (line \(row.line)): birthday \"\(TextSafety.clip(v))\" is not a date; left out") }
                }
                c.notes = col("notes")
                c.tags = list(col("labels") ?? col("group membership"), ":::").map { $0.hasPrefix("* ") ? String($0.dropFirst(2)) : $0 }
                    .filter { $0 != "myContacts" && $0 != "starred" }
            case .abook:
                func at(_ i: Int) -> String? {
                    guard i < row.fields.count else { return nil }
                    let v = row.fields[i].trimmingCharacters(in: .whitespaces)
                    return v.isEmpty ? nil : v
                }
                c.name = at(0) ?? ""
                c.emails = list(at(1), ",")
                c.phones = list(at(2), ",")
                c.notes = at(3)
            }
            c.name = c.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if c.name.isEmpty { c.name = c.emails.first ?? c.company ?? "" }
            guard !c.name.isEmpty else {
                bad.append(BadCard(number: number, line: row.line, reason: "the row has no name (nor an email or company)"))
                continue
            }
            cards.append(CardContent(uid: nil, contact: c, hasKithFields: kithFields, interactions: [], followUps: [],
                                     warnings: warnings, number: number, line: row.line))
        }
        return (dialect, cards, bad)
    }
}
