import Foundation

/// One record of each kind, read from a network file's XML: the decoder's part that knows the
/// fields (``decodeRecords(_:deferHistory:file:split:readContacts:)`` knows the file's layout).
extension NetworkCodec {
    private static func required<T>(_ v: T?, _ key: String, _ r: borrowing PlistReader) throws -> T {
        guard let v else { throw r.fail("missing \"\(key)\"") }
        return v
    }

    static func decodeContact(_ r: inout PlistReader, version: Int) throws -> (Contact, ContactSummary?) {
        var c = Contact(id: UUID.zero, name: "", created: Day(ordinal: 0))
        var id: UUID?, name: String?, created: Day?
        var summary = ContactSummary()
        var hasSummary = false
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
            case "company": c.company = try r.optionalString()
            case "created": created = try r.day()
            case "emails": c.emails = try r.strings()
            case "field": c.field = try r.optionalString()
            case "howMet": c.howMet = try r.optionalString()
            case "id": id = try r.uuid()
            case "lastTouch" where version >= 2: summary.lastTouch = try r.day(); hasSummary = true
            case "ledger" where version >= 2:
                hasSummary = true
                try r.dict { r, key in
                    let n = try r.integer()
                    guard n >= 0 else { throw r.fail("a ledger count cannot be negative") }
                    switch key {
                    case "gave": summary.ledger.gave = n
                    case "received": summary.ledger.received = n
                    case "mutual": summary.ledger.mutual = n
                    case "none": summary.ledger.none = n
                    default: throw r.unknownKey(key)
                    }
                }
            case "metAt": c.metAt = try r.uuid()
            case "name": name = try r.string()
            case "needs": c.needs = try r.optionalString()
            case "notes": c.notes = try r.optionalString()
            case "offers": c.offers = try r.optionalString()
            case "phones": c.phones = try r.strings()
            case "role": c.role = try r.optionalString()
            case "snoozedUntil": c.snoozedUntil = try r.day()
            case "tags": c.tags = try r.strings()
            default: throw r.unknownKey(key)
            }
        }
        c.id = try required(id, "id", r)
        c.name = try required(name, "name", r)
        c.created = try required(created, "created", r)
        return (c, version >= 2 ? (hasSummary ? summary : ContactSummary()) : nil)
    }

    static func decodeEvent(_ r: inout PlistReader) throws -> Event {
        var e = Event(id: UUID.zero, title: "", date: Day(ordinal: 0))
        var id: UUID?, title: String?, date: Day?, status: EventStatus?
        try r.dict { r, key in
            switch key {
            case "date": date = try r.day()
            case "field": e.field = try r.optionalString()
            case "id": id = try r.uuid()
            case "location": e.location = try r.optionalString()
            case "met": e.met = try r.uuids()
            case "notes": e.notes = try r.optionalString()
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

    static func decodeFollowUp(_ r: inout PlistReader) throws -> FollowUp {
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

    static func decodeInteraction(_ r: inout PlistReader) throws -> Interaction {
        var i = Interaction(id: UUID.zero, contacts: [], date: Day(ordinal: 0))
        var id: UUID?, date: Day?, kind: InteractionKind?, exchange: Exchange?
        try r.dict { r, key in
            switch key {
            case "contacts": i.contacts = try r.uuids()
            case "date": date = try r.day()
            case "exchange": exchange = try r.enumValue(Exchange.self)
            case "id": id = try r.uuid()
            case "kind": kind = try r.enumValue(InteractionKind.self)
            case "note": i.note = try r.optionalString()
            default: throw r.unknownKey(key)
            }
        }
        i.id = try required(id, "id", r)
        i.date = try required(date, "date", r)
        i.kind = try required(kind, "kind", r)
        i.exchange = try required(exchange, "exchange", r)
        return i
    }

    static func decodeSettings(_ r: inout PlistReader) throws -> Settings {
        var s = Settings()
        try r.dict { r, key in
            switch key {
            case "cadences":
                try r.dict { r, name in
                    guard let c = Circle(rawValue: name.description) else { throw r.fail("\"\(name)\" is not a circle") }
                    let n = try r.integer()
                    guard n > 0 else { throw r.fail("cadence must be a positive number of days") }
                    s.cadences[c] = n
                }
            case "myField": s.myField = try r.optionalString()
            case "weeklyBudget":
                let b = try r.real()
                guard b > 0 else { throw r.fail("weeklyBudget must be positive") }
                s.weeklyBudget = b
            default: throw r.unknownKey(key)
            }
        }
        return s
    }
}
