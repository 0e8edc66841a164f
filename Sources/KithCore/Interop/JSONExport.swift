import Foundation

/// The JSON shapes of `--json` output: one place, so the CLI's figures equal the dashboard's.
public enum JSONExport {
    public static func contact(_ c: Contact, in n: Network, today: Day) -> JSONObject {
        let state = n.touchState(of: c, today: today)
        return [
            "id": .string(c.id.uuidString.lowercased()),
            "name": .string(c.name),
            "company": JSONValue(c.company),
            "role": JSONValue(c.role),
            "field": JSONValue(c.field),
            "circle": JSONValue(c.circle?.rawValue),
            "tags": JSONValue(c.tags),
            "emails": JSONValue(c.emails),
            "phones": JSONValue(c.phones),
            "birthday": JSONValue(c.birthday?.description),
            "cadence": JSONValue(n.cadence(of: c)),
            "needs": JSONValue(c.needs),
            "offers": JSONValue(c.offers),
            "notes": JSONValue(c.notes),
            "howMet": JSONValue(c.howMet),
            "metAt": JSONValue(c.metAt?.uuidString.lowercased()),
            "created": .string(c.created.iso),
            "lastTouch": JSONValue(n.lastTouch(c.id)?.iso),
            "status": JSONValue(state?.status.rawValue),
            "due": JSONValue(state?.due.iso),
        ]
    }

    public static func interaction(_ i: Interaction) -> JSONObject {
        [
            "id": .string(i.id.uuidString.lowercased()),
            "date": .string(i.date.iso),
            "kind": .string(i.kind.rawValue),
            "note": JSONValue(i.note),
            "exchange": .string(i.exchange.rawValue),
            "contacts": JSONValue(i.contacts.map { $0.uuidString.lowercased() }),
        ]
    }

    public static func followUp(_ f: FollowUp, in n: Network) -> JSONObject {
        [
            "id": .string(f.id.uuidString.lowercased()),
            "contact": JSONValue(f.contact.flatMap { n.contact($0)?.name }),
            "event": JSONValue(f.event.flatMap { n.event($0)?.title }),
            "due": .string(f.due.iso),
            "note": .string(f.note),
            "done": JSONValue(f.done?.iso),
            "snoozedUntil": JSONValue(f.snoozedUntil?.iso),
        ]
    }

    public static func event(_ e: Event) -> JSONObject {
        [
            "id": .string(e.id.uuidString.lowercased()),
            "title": .string(e.title),
            "date": .string(e.date.iso),
            "time": JSONValue(e.timeText),
            "location": JSONValue(e.location),
            "field": JSONValue(e.field),
            "tags": JSONValue(e.tags),
            "status": .string(e.status.rawValue),
            "notes": JSONValue(e.notes),
            "met": JSONValue(e.met.map { $0.uuidString.lowercased() }),
        ]
    }

    /// An event with its score and the score's reasons, for `kith events --json`.
    public static func scoredEvent(_ e: Event, _ s: EventScore) -> JSONObject {
        var d = event(e)
        d["score"] = .double(s.score)
        d["reasons"] = JSONValue(s.reasons)
        return d
    }

    /// A contact with its touches (newest first) and follow-ups, for `kith show --json`.
    public static func contactDetail(_ c: Contact, in n: Network, today: Day) -> JSONObject {
        var d = contact(c, in: n, today: today)
        d["interactions"] = .array(n.interactions(with: c.id).map { .object(interaction($0)) })
        d["followUps"] = .array(n.followUps(for: c.id).map { .object(followUp($0, in: n)) })
        let l = n.ledger(c.id)
        d["ledger"] = .object(["gave": .int(l.gave), "received": .int(l.received), "mutual": .int(l.mutual), "none": .int(l.none)])
        return d
    }

    public static func nurtureItem(_ item: NurtureItem) -> JSONObject {
        [
            "id": .string(item.id),
            "kind": .string(item.kind.rawValue),
            "contact": JSONValue(item.contactName),
            "title": .string(item.title),
            "due": .string(item.due.iso),
            "score": .double(item.score),
            "status": .string(item.status.rawValue),
            "reasons": JSONValue(item.reasons),
        ]
    }

    /// `kith stats --json`.
    public static func insights(_ s: Insights, myField: String?) -> JSONObject {
        func ledger(_ l: Ledger) -> JSONValue { .object(["gave": .int(l.gave), "received": .int(l.received), "mutual": .int(l.mutual)]) }
        var fields = JSONObject()
        for f in s.fields { fields[f.field] = .int(f.count) }
        var circles = JSONObject()
        for c in s.circles { circles[c.circle.rawValue] = .object(["total": .int(c.total), "onCadence": .int(c.onCadence)]) }
        return [
            "contacts": .int(s.contacts),
            "myField": JSONValue(myField),
            "fields": .object(fields),
            "withoutField": .int(s.withoutField),
            "diversity": .object([
                "simpson": JSONValue(s.simpson),
                "outsideOwnField": JSONValue(s.outsideOwnField),
                "outsideByQuarter": .array(s.outsideByQuarter.map { .object(["quarter": .string($0.quarter), "count": .int($0.count)]) }),
            ]),
            "giveTake": ledger(s.giveTakeAll),
            "giveTake90Days": ledger(s.giveTake90),
            "takers": .array(s.takers.map {
                .object(["name": .string($0.contact.name), "received": .int($0.received), "gave": .int($0.gave), "needs": JSONValue($0.contact.needs)])
            }),
            "circles": .object(circles),
            "eventPayoff": .array(s.payoff.map {
                .object(["id": .string($0.event.id.uuidString.lowercased()), "title": .string($0.event.title), "date": .string($0.event.date.iso),
                         "met": .int($0.met.count), "stillInTouch": .int($0.stillInTouch)])
            }),
        ]
    }

    /// The JSON text of a list of the shapes above.
    public static func text(_ list: [JSONObject]) -> String { JSONValue.array(list.map(JSONValue.object)).text }

    /// The JSON text of one of the shapes above.
    public static func text(_ object: JSONObject) -> String { JSONValue.object(object).text }
}
