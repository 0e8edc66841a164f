import Foundation

/// What one card says about a contact: the contact, and (for cards kith wrote) its history.
public struct CardContent: Sendable {
    /// The card's UID as written, if any.
    public var uid: String?
    /// The contact; its id comes from the UID (see ``VCardMapping/id(forUID:)``).
    public var contact: Contact
    /// True when the card carries kith's own `X-KITH-*` fields, so they replace the contact's.
    public var hasKithFields: Bool
    /// Interactions and follow-ups the card carries (`X-KITH-INTERACTION`, `X-KITH-FOLLOW-UP`).
    public var interactions: [Interaction]
    public var followUps: [FollowUp]
    /// Values left out, each with its line.
    public var warnings: [String]
    public var number: Int
    public var line: Int
}

/// The vCard versions kith writes.
public enum VCardVersion: String, Sendable, CaseIterable {
    case v3 = "3.0", v4 = "4.0"
}

/// Maps cards to contacts and back. See docs/sync.md for the property table.
public enum VCardMapping {
    /// The contact id for a card's UID: the UUID itself (`urn:uuid:` or bare), else a stable id
    /// derived from the UID's text, so that re-importing a foreign card finds the same contact.
    public static func id(forUID uid: String) -> UUID {
        var s = Substring(uid.trimmingCharacters(in: .whitespaces))
        if s.lowercased().hasPrefix("urn:uuid:") { s = s.dropFirst(9) }
        if let u = UUID(uuidString: String(s)) { return u }
        let bytes = Array(uid.utf8)
        let a = ContentHash(bytes).value, b = ContentHash(bytes + [0x6B, 0x69, 0x74, 0x68]).value
        var raw = [UInt8](repeating: 0, count: 16)
        for k in 0..<8 { raw[k] = UInt8(truncatingIfNeeded: a >> (8 * k)); raw[8 + k] = UInt8(truncatingIfNeeded: b >> (8 * k)) }
        raw[6] = (raw[6] & 0x0F) | 0x80 // version 8: "custom"
        raw[8] = (raw[8] & 0x3F) | 0x80 // the RFC 9562 variant
        return UUID(uuid: (raw[0], raw[1], raw[2], raw[3], raw[4], raw[5], raw[6], raw[7],
                           raw[8], raw[9], raw[10], raw[11], raw[12], raw[13], raw[14], raw[15]))
    }

    // MARK: - Reading

    /// The contact a card describes. Throws when the card cannot be read as one (no name, a
    /// value in a broken encoding); a single odd value (a birthday that is no date) is left
    /// out with a warning instead.
    public static func content(of card: VCard, today: Day) throws(ContentLines.Failure) -> CardContent {
        var warnings: [String] = []
        func warn(_ p: ContentLine, _ what: String) { warnings.append("card \(card.number) (line \(p.line)): \(what)") }
        var uid: String?
        var fn: String?, nName: String?, org: String?
        var c = Contact(name: "", created: today)
        var notes: [String] = []
        var kith = false
        var history: [(ContentLine, Bool)] = []
        for p in card.properties {
            switch p.name {
            case "UID": uid = try card.text(p).trimmingCharacters(in: .whitespaces)
            case "FN": if fn == nil { fn = try card.text(p) }
            case "N":
                let parts = try card.parts(p, separator: ";").map { $0.replacingOccurrences(of: ",", with: " ").trimmingCharacters(in: .whitespaces) }
                // Family;Given;Additional;Prefix;Suffix → "Prefix Given Additional Family Suffix"
                let order = [3, 1, 2, 0, 4].compactMap { $0 < parts.count ? parts[$0] : nil }.filter { !$0.isEmpty }
                if !order.isEmpty { nName = order.joined(separator: " ") }
            case "ORG":
                let parts = try card.parts(p, separator: ";").filter { !$0.isEmpty }
                if !parts.isEmpty { org = parts.joined(separator: ", ") }
            case "TITLE": c.role = try nonEmpty(card.text(p))
            case "ROLE": if c.role == nil { c.role = try nonEmpty(card.text(p)) }
            case "EMAIL":
                if let e = try nonEmpty(card.text(p)), !c.emails.contains(e) { c.emails.append(e) }
            case "TEL":
                var t = try card.text(p).trimmingCharacters(in: .whitespaces)
                if t.lowercased().hasPrefix("tel:") { t = String(t.dropFirst(4)) }
                if !t.isEmpty, !c.phones.contains(t) { c.phones.append(t) }
            case "BDAY":
                let raw = try card.text(p)
                if let b = birthday(raw, omitYear: p.param("X-APPLE-OMIT-YEAR").first) { c.birthday = b } else { warn(p, "BDAY \"\(TextSafety.clip(raw))\" is not a date; left out") }
            case "NOTE":
                let n = try card.text(p) // as written: a note's own spacing is the user's
                if nonEmpty(n) != nil { notes.append(n) }
            case "CATEGORIES":
                for t in try card.parts(p, separator: ",") {
                    let tag = t.trimmingCharacters(in: .whitespaces)
                    if !tag.isEmpty, !c.tags.contains(tag) { c.tags.append(tag) }
                }
            case "X-KITH-FIELD": c.field = try nonEmpty(card.text(p)); kith = true
            case "X-KITH-CIRCLE":
                let v = try card.text(p).lowercased()
                if let circle = Circle(rawValue: v) { c.circle = circle } else { warn(p, "X-KITH-CIRCLE \"\(TextSafety.clip(v))\" is not inner, close, wider or acquaintance; left out") }
                kith = true
            case "X-KITH-CADENCE":
                let v = try card.text(p)
                if let n = Int(v), n > 0, n <= 3650 { c.cadence = n } else { warn(p, "X-KITH-CADENCE \"\(TextSafety.clip(v))\" is not a number of days; left out") }
                kith = true
            case "X-KITH-NEEDS": c.needs = try nonEmpty(card.text(p)); kith = true
            case "X-KITH-OFFERS": c.offers = try nonEmpty(card.text(p)); kith = true
            case "X-KITH-HOW-MET": c.howMet = try nonEmpty(card.text(p)); kith = true
            case "X-KITH-MET-AT": c.metAt = UUID(uuidString: try card.text(p)); kith = true
            case "X-KITH-CREATED":
                if let d = Day(iso: try card.text(p)) { c.created = d }
                kith = true
            case "X-KITH-SNOOZED-UNTIL": c.snoozedUntil = Day(iso: try card.text(p)); kith = true
            case "X-KITH-INTERACTION": history.append((p, true)); kith = true
            case "X-KITH-FOLLOW-UP": history.append((p, false)); kith = true
            default: break
            }
        }
        guard let name = [fn, nName, org, c.emails.first].compactMap({ $0?.trimmingCharacters(in: .whitespacesAndNewlines) }).first(where: { !$0.isEmpty }) else {
            throw ContentLines.Failure(line: card.line, reason: "the card has no name (FN, N, ORG or EMAIL)")
        }
        c.name = name.replacingOccurrences(of: "\n", with: " ")
        c.company = org
        c.notes = notes.isEmpty ? nil : notes.joined(separator: "\n\n")
        c.id = uid.map(id(forUID:)) ?? UUID()
        var interactions: [Interaction] = []
        var followUps: [FollowUp] = []
        for (p, isInteraction) in history {
            let note = try card.text(p)
            guard let hid = p.param("X-ID").first.flatMap(UUID.init(uuidString:)) else { warn(p, "\(p.name) without an X-ID; left out"); continue }
            if isInteraction {
                guard let date = p.param("X-DATE").first.flatMap({ Day(iso: $0) }) else { warn(p, "\(p.name) without a valid X-DATE; left out"); continue }
                let with = p.param("X-WITH").compactMap { UUID(uuidString: $0) }
                interactions.append(Interaction(id: hid, contacts: with.isEmpty ? [c.id] : with, date: date,
                                                kind: p.param("X-KIND").first.flatMap(InteractionKind.init(rawValue:)) ?? .message,
                                                note: note.isEmpty ? nil : note,
                                                exchange: p.param("X-EXCHANGE").first.flatMap(Exchange.init(rawValue:)) ?? .none))
            } else {
                guard let f = FollowUpProperty.read(p, note: note, contact: c.id, event: nil) else { warn(p, "\(p.name) without a valid X-DUE; left out"); continue }
                followUps.append(f)
            }
        }
        return CardContent(uid: uid, contact: c, hasKithFields: kith, interactions: interactions, followUps: followUps,
                           warnings: warnings, number: card.number, line: card.line)
    }

    private static func nonEmpty(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }

    /// BDAY forms: `1990-04-12`, `19900412`, a date-time, `--0412`, `--04-12`, and Apple's
    /// `1604-04-12` with `X-APPLE-OMIT-YEAR=1604` for a birthday without a year.
    static func birthday(_ raw: String, omitYear: String?) -> Birthday? {
        var s = Substring(raw.trimmingCharacters(in: .whitespaces))
        if let t = s.firstIndex(of: "T") { s = s[..<t] }
        let digits = s.filter { $0 != "-" }
        if s.hasPrefix("--") {
            guard digits.count == 4, let m = Int(digits.prefix(2)), let d = Int(digits.suffix(2)) else { return nil }
            return Birthday(year: nil, month: m, day: d)
        }
        guard digits.count == 8, digits.allSatisfy(\.isASCII), let y = Int(digits.prefix(4)),
              let m = Int(digits.dropFirst(4).prefix(2)), let d = Int(digits.suffix(2)) else { return nil }
        if let omit = omitYear, Int(omit) == y { return Birthday(year: nil, month: m, day: d) }
        return Birthday(year: y, month: m, day: d)
    }

    // MARK: - Writing

    /// Appends the card for `c`, with its interactions and follow-ups as `X-KITH-*` lines.
    /// `uid` keeps a foreign card's UID; kith's own cards use the contact id.
    public static func write(_ c: Contact, in n: Network, followUps: [FollowUp], version: VCardVersion, uid: String? = nil,
                             to out: inout [UInt8]) {
        func line(_ s: String) { ContentLines.appendFolded(s, to: &out) }
        func text(_ name: String, _ value: String?) {
            if let value, !value.isEmpty { line(name + ":" + ContentLines.escape(value)) }
        }
        let e = ContentLines.escape
        line("BEGIN:VCARD")
        line("VERSION:" + version.rawValue)
        line("PRODID:-//kith//kith 0.1//EN")
        line("UID:" + (uid ?? c.id.uuidString.lowercased()))
        text("FN", c.name)
        let words = c.name.split(separator: " ").map(String.init)
        let family = words.count > 1 ? words.last! : ""
        let given = words.count > 1 ? words.dropLast().joined(separator: " ") : c.name
        line("N:" + e(family) + ";" + e(given) + ";;;")
        text("ORG", c.company)
        text("TITLE", c.role)
        for m in c.emails { line((version == .v3 ? "EMAIL;TYPE=INTERNET:" : "EMAIL:") + e(m)) }
        for p in c.phones { line((version == .v3 ? "TEL:" : "TEL;VALUE=text:") + e(p)) }
        if let b = c.birthday {
            let md = Day.pad(b.month, 2) + Day.pad(b.day, 2)
            switch (b.year, version) {
            case (let y?, .v3): line("BDAY:" + Day.pad(y, 4) + "-" + Day.pad(b.month, 2) + "-" + Day.pad(b.day, 2))
            case (let y?, .v4): line("BDAY:" + Day.pad(y, 4) + md)
            case (nil, .v3): line("BDAY;X-APPLE-OMIT-YEAR=1604:1604-" + Day.pad(b.month, 2) + "-" + Day.pad(b.day, 2))
            case (nil, .v4): line("BDAY:--" + md)
            }
        }
        text("NOTE", c.notes)
        if !c.tags.isEmpty { line("CATEGORIES:" + c.tags.map(e).joined(separator: ",")) }
        text("X-KITH-FIELD", c.field)
        text("X-KITH-CIRCLE", c.circle?.rawValue)
        text("X-KITH-CADENCE", c.cadence.map(String.init))
        text("X-KITH-NEEDS", c.needs)
        text("X-KITH-OFFERS", c.offers)
        text("X-KITH-HOW-MET", c.howMet)
        text("X-KITH-MET-AT", c.metAt?.uuidString.lowercased())
        text("X-KITH-CREATED", c.created.iso)
        text("X-KITH-SNOOZED-UNTIL", c.snoozedUntil?.iso)
        for it in n.interactions(with: c.id).sorted(by: { ($0.date, $0.id.uuidString) < ($1.date, $1.id.uuidString) }) {
            var s = "X-KITH-INTERACTION;X-ID=" + it.id.uuidString.lowercased() + ";X-DATE=" + it.date.iso
                + ";X-KIND=" + it.kind.rawValue + ";X-EXCHANGE=" + it.exchange.rawValue
            if it.contacts != [c.id] { s += ";X-WITH=" + it.contacts.map { $0.uuidString.lowercased() }.joined(separator: ",") }
            line(s + ":" + e(it.note ?? ""))
        }
        for l in FollowUpProperty.lines(followUps) { line(l) }
        line("END:VCARD")
    }

    /// Every contact as one vCard file.
    public static func export(_ n: Network, version: VCardVersion) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(n.contacts.count * 900)
        let followUps = followUpsByContact(n)
        for c in n.contacts { write(c, in: n, followUps: followUps[c.id] ?? [], version: version, to: &out) }
        return out
    }

    /// Follow-ups grouped by their contact, once for a whole export.
    public static func followUpsByContact(_ n: Network) -> [UUID: [FollowUp]] {
        var out: [UUID: [FollowUp]] = [:]
        for f in n.followUps { if let c = f.contact { out[c, default: []].append(f) } }
        return out
    }
}
