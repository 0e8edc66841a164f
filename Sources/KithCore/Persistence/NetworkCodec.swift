import Foundation

/// Reads and writes the network file: an XML property list with `formatVersion` first.
///
/// See docs/file-format.md. Every record is a dict with sorted keys; absent and empty values are
/// left out; calendar days are `YYYY-MM-DD` strings (a day has no time zone).
public enum NetworkCodec {
    /// The format this kith writes.
    public static let formatVersion = 1

    public enum DecodeError: Error, CustomStringConvertible {
        case syntax(PlistError)
        case tooNew(Int)
        case notAPlist(String)

        public var description: String {
            switch self {
            case .syntax(let e): return e.description
            case .tooNew(let v):
                return "it has formatVersion \(v), but this kith reads up to \(NetworkCodec.formatVersion): a newer kith wrote it; upgrade kith to open it"
            case .notAPlist(let why): return why
            }
        }
    }

    // MARK: - Encoding

    public static func encode(_ n: Network) -> [UInt8] {
        var w = PlistWriter(capacity: 256 + n.contacts.count * 600 + n.interactions.count * 260)
        w.openDict()
        w.key("formatVersion"); w.integer(formatVersion)
        w.key("contacts"); w.openArray()
        for c in n.contacts { encode(c, &w) }
        w.closeArray()
        w.key("events"); w.openArray()
        for e in n.events { encode(e, &w) }
        w.closeArray()
        w.key("followUps"); w.openArray()
        for f in n.followUps { encode(f, &w) }
        w.closeArray()
        w.key("interactions"); w.openArray()
        for i in n.interactions { encode(i, &w) }
        w.closeArray()
        w.key("settings"); encode(n.settings, &w)
        w.closeDict()
        return w.finish()
    }

    private static func id(_ u: UUID) -> String { u.uuidString }

    private static func encode(_ c: Contact, _ w: inout PlistWriter) {
        w.openDict()
        w.optional("birthday", c.birthday?.description)
        if let cad = c.cadence { w.key("cadence"); w.integer(cad) }
        w.optional("circle", c.circle?.rawValue)
        w.optional("company", c.company)
        w.key("created"); w.string(c.created.iso)
        w.strings("emails", c.emails)
        w.optional("field", c.field)
        w.optional("howMet", c.howMet)
        w.key("id"); w.string(id(c.id))
        w.optional("metAt", c.metAt.map(id))
        w.key("name"); w.string(c.name)
        w.optional("needs", c.needs)
        w.optional("notes", c.notes)
        w.optional("offers", c.offers)
        w.strings("phones", c.phones)
        w.optional("role", c.role)
        w.optional("snoozedUntil", c.snoozedUntil?.iso)
        w.strings("tags", c.tags)
        w.closeDict()
    }

    private static func encode(_ e: Event, _ w: inout PlistWriter) {
        w.openDict()
        w.key("date"); w.string(e.date.iso)
        w.optional("field", e.field)
        w.key("id"); w.string(id(e.id))
        w.optional("location", e.location)
        w.strings("met", e.met.map(id))
        w.optional("notes", e.notes)
        w.key("status"); w.string(e.status.rawValue)
        w.strings("tags", e.tags)
        w.optional("time", e.timeText)
        w.key("title"); w.string(e.title)
        w.closeDict()
    }

    private static func encode(_ f: FollowUp, _ w: inout PlistWriter) {
        w.openDict()
        w.optional("contact", f.contact.map(id))
        w.optional("done", f.done?.iso)
        w.key("due"); w.string(f.due.iso)
        w.optional("event", f.event.map(id))
        w.key("id"); w.string(id(f.id))
        w.key("note"); w.string(f.note)
        w.optional("snoozedUntil", f.snoozedUntil?.iso)
        w.closeDict()
    }

    private static func encode(_ i: Interaction, _ w: inout PlistWriter) {
        w.openDict()
        w.strings("contacts", i.contacts.map(id))
        w.key("date"); w.string(i.date.iso)
        w.key("exchange"); w.string(i.exchange.rawValue)
        w.key("id"); w.string(id(i.id))
        w.key("kind"); w.string(i.kind.rawValue)
        w.optional("note", i.note)
        w.closeDict()
    }

    private static func encode(_ s: Settings, _ w: inout PlistWriter) {
        w.openDict()
        if !s.cadences.isEmpty {
            w.key("cadences"); w.openDict()
            for c in Circle.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                if let v = s.cadences[c] { w.key(c.rawValue); w.integer(v) }
            }
            w.closeDict()
        }
        w.optional("myField", s.myField)
        w.key("weeklyBudget"); w.real(s.weeklyBudget)
        w.closeDict()
    }

    // MARK: - Decoding

    /// Decodes a network file's bytes. Binary property lists (`bplist00`) are accepted too.
    public static func decode(_ data: Data) throws -> Network {
        if data.starts(with: Array("bplist00".utf8)) { return try decode(convertingBinary: data) }
        return try data.withUnsafeBytes { raw in
            try decode(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        }
    }

    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Network {
        guard !bytes.isEmpty else { throw DecodeError.notAPlist("the file is empty") }
        var r = PlistReader(bytes)
        do {
            try r.skipProlog()
            try r.expectOpen(.plist)
            var contacts: [Contact] = [], events: [Event] = [], followUps: [FollowUp] = []
            var interactions: [Interaction] = [], settings = Settings()
            // The version decides how the rest is read, so it is found before anything else
            // (kith writes it first; a converted file may have it anywhere at the top level).
            let version = try scanVersion(bytes)
            if version > formatVersion { throw DecodeError.tooNew(version) }
            try r.dict { r, key in
                switch key {
                case "formatVersion": _ = try r.integer()
                case "contacts": try r.array { r, _ in contacts.append(try decodeContact(&r)) }
                case "events": try r.array { r, _ in events.append(try decodeEvent(&r)) }
                case "followUps": try r.array { r, _ in followUps.append(try decodeFollowUp(&r)) }
                case "interactions": try r.array { r, _ in interactions.append(try decodeInteraction(&r)) }
                case "settings": settings = try decodeSettings(&r)
                default: throw r.unknownKey(key)
                }
            }
            try r.expectEnd()
            do {
                return try Network(contacts: contacts, interactions: interactions, events: events,
                                   followUps: followUps, settings: settings)
            } catch let e as ChangeError {
                throw DecodeError.notAPlist("the records are inconsistent: \(e)")
            }
        } catch let e as PlistError {
            throw DecodeError.syntax(e)
        }
    }

    /// Finds the top-level `formatVersion` without parsing the records.
    static func scanVersion(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        let marker = Array("<key>formatVersion</key>".utf8)
        let open = Array("<integer>".utf8)
        func find(_ needle: [UInt8], from: Int) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            var i = from
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0] {
                    var k = 1
                    while k < needle.count && bytes[i + k] == needle[k] { k += 1 }
                    if k == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
        guard let at = find(marker, from: 0) else {
            throw DecodeError.syntax(PlistError(offset: 0, path: "", message: "formatVersion is missing: this is not a kith network file"))
        }
        var i = at + marker.count
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard let start = find(open, from: i), start == i else {
            throw DecodeError.syntax(PlistError(offset: i, path: "formatVersion", message: "expected <integer>"))
        }
        var j = start + open.count
        var v = 0
        var digits = 0
        while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57, digits < 9 { v = v * 10 + Int(bytes[j] - 48); j += 1; digits += 1 }
        guard digits > 0, j < bytes.count, bytes[j] == UInt8(ascii: "<"), v >= 1 else {
            throw DecodeError.syntax(PlistError(offset: start, path: "formatVersion", message: "formatVersion must be a positive integer"))
        }
        return v
    }

    private static func required<T>(_ v: T?, _ key: String, _ r: borrowing PlistReader) throws -> T {
        guard let v else { throw r.fail("missing \"\(key)\"") }
        return v
    }

    private static func decodeContact(_ r: inout PlistReader) throws -> Contact {
        var c = Contact(id: UUID.zero, name: "", created: Day(ordinal: 0))
        var id: UUID?, name: String?, created: Day?
        try r.dict { r, key in
            switch key {
            case "birthday":
                let s = try r.string()
                guard let b = Birthday(text: s) else { throw r.fail("\"\(s)\" is not a birthday (YYYY-MM-DD or --MM-DD)") }
                c.birthday = b
            case "cadence":
                let n = try r.integer()
                guard n > 0 else { throw r.fail("cadence must be a positive number of days") }
                c.cadence = n
            case "circle": c.circle = try r.enumValue(Circle.self)
            case "company": c.company = try r.string()
            case "created": created = try r.day()
            case "emails": c.emails = try r.strings()
            case "field": c.field = try r.string()
            case "howMet": c.howMet = try r.string()
            case "id": id = try r.uuid()
            case "metAt": c.metAt = try r.uuid()
            case "name": name = try r.string()
            case "needs": c.needs = try r.string()
            case "notes": c.notes = try r.string()
            case "offers": c.offers = try r.string()
            case "phones": c.phones = try r.strings()
            case "role": c.role = try r.string()
            case "snoozedUntil": c.snoozedUntil = try r.day()
            case "tags": c.tags = try r.strings()
            default: throw r.unknownKey(key)
            }
        }
        c.id = try required(id, "id", r)
        c.name = try required(name, "name", r)
        c.created = try required(created, "created", r)
        return c
    }

    private static func decodeEvent(_ r: inout PlistReader) throws -> Event {
        var e = Event(id: UUID.zero, title: "", date: Day(ordinal: 0))
        var id: UUID?, title: String?, date: Day?, status: EventStatus?
        try r.dict { r, key in
            switch key {
            case "date": date = try r.day()
            case "field": e.field = try r.string()
            case "id": id = try r.uuid()
            case "location": e.location = try r.string()
            case "met": e.met = try r.uuids()
            case "notes": e.notes = try r.string()
            case "status": status = try r.enumValue(EventStatus.self)
            case "tags": e.tags = try r.strings()
            case "time":
                let s = try r.string()
                guard let t = try? DateInput.parseTime(s) else { throw r.fail("\"\(s)\" is not a time (HH:MM)") }
                e.time = t
            case "title": title = try r.string()
            default: throw r.unknownKey(key)
            }
        }
        e.id = try required(id, "id", r)
        e.title = try required(title, "title", r)
        e.date = try required(date, "date", r)
        e.status = try required(status, "status", r)
        return e
    }

    private static func decodeFollowUp(_ r: inout PlistReader) throws -> FollowUp {
        var f = FollowUp(id: UUID.zero, due: Day(ordinal: 0), note: "")
        var id: UUID?, due: Day?, note: String?
        try r.dict { r, key in
            switch key {
            case "contact": f.contact = try r.uuid()
            case "done": f.done = try r.day()
            case "due": due = try r.day()
            case "event": f.event = try r.uuid()
            case "id": id = try r.uuid()
            case "note": note = try r.string()
            case "snoozedUntil": f.snoozedUntil = try r.day()
            default: throw r.unknownKey(key)
            }
        }
        f.id = try required(id, "id", r)
        f.due = try required(due, "due", r)
        f.note = try required(note, "note", r)
        return f
    }

    private static func decodeInteraction(_ r: inout PlistReader) throws -> Interaction {
        var i = Interaction(id: UUID.zero, contacts: [], date: Day(ordinal: 0))
        var id: UUID?, date: Day?, kind: InteractionKind?, exchange: Exchange?
        try r.dict { r, key in
            switch key {
            case "contacts": i.contacts = try r.uuids()
            case "date": date = try r.day()
            case "exchange": exchange = try r.enumValue(Exchange.self)
            case "id": id = try r.uuid()
            case "kind": kind = try r.enumValue(InteractionKind.self)
            case "note": i.note = try r.string()
            default: throw r.unknownKey(key)
            }
        }
        i.id = try required(id, "id", r)
        i.date = try required(date, "date", r)
        i.kind = try required(kind, "kind", r)
        i.exchange = try required(exchange, "exchange", r)
        return i
    }

    private static func decodeSettings(_ r: inout PlistReader) throws -> Settings {
        var s = Settings()
        try r.dict { r, key in
            switch key {
            case "cadences":
                try r.dict { r, name in
                    guard let c = Circle(rawValue: name) else { throw r.fail("\"\(name)\" is not a circle") }
                    let n = try r.integer()
                    guard n > 0 else { throw r.fail("cadence must be a positive number of days") }
                    s.cadences[c] = n
                }
            case "myField": s.myField = try r.string()
            case "weeklyBudget":
                let b = try r.real()
                guard b > 0 else { throw r.fail("weeklyBudget must be positive") }
                s.weeklyBudget = b
            default: throw r.unknownKey(key)
            }
        }
        return s
    }

    /// A binary plist (as `plutil -convert binary1` writes) goes through Foundation once and is
    /// then read like any other file. It is not on the main path: kith always saves XML.
    private static func decode(convertingBinary data: Data) throws -> Network {
        let object: Any
        do {
            object = try PropertyListSerialization.propertyList(from: data, options: [], format: nil)
        } catch {
            throw DecodeError.notAPlist("it starts like a binary property list but cannot be read: \(error.localizedDescription)")
        }
        let xml: Data
        do {
            xml = try PropertyListSerialization.data(fromPropertyList: object, format: .xml, options: 0)
        } catch {
            throw DecodeError.notAPlist("its binary property list holds values kith cannot store")
        }
        return try decode(xml)
    }
}
