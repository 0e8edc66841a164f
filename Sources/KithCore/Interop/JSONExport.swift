import Foundation

/// The JSON shapes of `--json` output: one place, so the CLI's figures equal the dashboard's.
public enum JSONExport {
    public static func contact(_ c: Contact, in n: Network, today: Day) -> [String: Any] {
        let state = n.touchState(of: c, today: today)
        return [
            "id": c.id.uuidString.lowercased(),
            "name": c.name,
            "company": c.company ?? NSNull(),
            "role": c.role ?? NSNull(),
            "field": c.field ?? NSNull(),
            "circle": c.circle?.rawValue ?? NSNull(),
            "tags": c.tags,
            "emails": c.emails,
            "phones": c.phones,
            "birthday": c.birthday?.description ?? NSNull(),
            "cadence": n.cadence(of: c) ?? NSNull(),
            "needs": c.needs ?? NSNull(),
            "offers": c.offers ?? NSNull(),
            "notes": c.notes ?? NSNull(),
            "howMet": c.howMet ?? NSNull(),
            "metAt": c.metAt?.uuidString.lowercased() ?? NSNull(),
            "created": c.created.iso,
            "lastTouch": n.lastTouch(c.id)?.iso ?? NSNull(),
            "status": state?.status.rawValue ?? NSNull(),
            "due": state?.due.iso ?? NSNull(),
        ]
    }

    public static func interaction(_ i: Interaction) -> [String: Any] {
        [
            "id": i.id.uuidString.lowercased(),
            "date": i.date.iso,
            "kind": i.kind.rawValue,
            "note": i.note ?? NSNull(),
            "exchange": i.exchange.rawValue,
            "contacts": i.contacts.map { $0.uuidString.lowercased() },
        ]
    }

    public static func followUp(_ f: FollowUp, in n: Network) -> [String: Any] {
        [
            "id": f.id.uuidString.lowercased(),
            "contact": f.contact.flatMap { n.contact($0)?.name } ?? NSNull(),
            "event": f.event.flatMap { n.event($0)?.title } ?? NSNull(),
            "due": f.due.iso,
            "note": f.note,
            "done": f.done?.iso ?? NSNull(),
            "snoozedUntil": f.snoozedUntil?.iso ?? NSNull(),
        ]
    }

    public static func event(_ e: Event) -> [String: Any] {
        [
            "id": e.id.uuidString.lowercased(),
            "title": e.title,
            "date": e.date.iso,
            "time": e.timeText ?? NSNull(),
            "location": e.location ?? NSNull(),
            "field": e.field ?? NSNull(),
            "tags": e.tags,
            "status": e.status.rawValue,
            "notes": e.notes ?? NSNull(),
            "met": e.met.map { $0.uuidString.lowercased() },
        ]
    }

    /// A contact with its touches (newest first) and follow-ups, for `kith show --json`.
    public static func contactDetail(_ c: Contact, in n: Network, today: Day) -> [String: Any] {
        var d = contact(c, in: n, today: today)
        d["interactions"] = n.interactions(with: c.id).map(interaction)
        d["followUps"] = n.followUps(for: c.id).map { followUp($0, in: n) }
        let l = n.ledger(c.id)
        d["ledger"] = ["gave": l.gave, "received": l.received, "mutual": l.mutual, "none": l.none]
        return d
    }

    public static func nurtureItem(_ item: NurtureItem) -> [String: Any] {
        [
            "id": item.id,
            "kind": item.kind.rawValue,
            "contact": item.contactName ?? NSNull(),
            "title": item.title,
            "due": item.due.iso,
            "score": item.score,
            "status": item.status.rawValue,
            "reasons": item.reasons,
        ]
    }

    /// `kith stats --json`.
    public static func insights(_ s: Insights, myField: String?) -> [String: Any] {
        func ledger(_ l: Ledger) -> [String: Any] { ["gave": l.gave, "received": l.received, "mutual": l.mutual] }
        var fields: [String: Any] = [:]
        for f in s.fields { fields[f.field] = f.count }
        var circles: [String: Any] = [:]
        for c in s.circles { circles[c.circle.rawValue] = ["total": c.total, "onCadence": c.onCadence] }
        return [
            "contacts": s.contacts,
            "myField": myField ?? NSNull(),
            "fields": fields,
            "withoutField": s.withoutField,
            "diversity": [
                "simpson": s.simpson ?? NSNull(),
                "outsideOwnField": s.outsideOwnField ?? NSNull(),
                "outsideByQuarter": s.outsideByQuarter.map { ["quarter": $0.quarter, "count": $0.count] },
            ] as [String: Any],
            "giveTake": ledger(s.giveTakeAll),
            "giveTake90Days": ledger(s.giveTake90),
            "takers": s.takers.map { ["name": $0.contact.name, "received": $0.received, "gave": $0.gave, "needs": $0.contact.needs ?? NSNull()] as [String: Any] },
            "circles": circles,
            "eventPayoff": s.payoff.map { ["id": $0.event.id.uuidString.lowercased(), "title": $0.event.title, "date": $0.event.date.iso,
                                          "met": $0.met.count, "stillInTouch": $0.stillInTouch] as [String: Any] },
        ]
    }

    /// Pretty, sorted-key JSON text for any of the shapes above (or arrays of them).
    public static func text(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
