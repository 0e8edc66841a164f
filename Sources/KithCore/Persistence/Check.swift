import Foundation

/// Every problem `kith check` finds in a file's records, each with where it is.
public enum NetworkCheck {
    public static func problems(_ r: NetworkRecords, today: Day) -> [String] {
        var out: [String] = []
        func duplicates<T: Identifiable>(_ items: [T], _ what: String) -> Set<UUID> where T.ID == UUID {
            var seen: [UUID: Int] = [:]
            var ids = Set<UUID>()
            for (i, item) in items.enumerated() {
                if let first = seen[item.id] {
                    out.append("\(what)[\(i)]: duplicate id \(item.id.uuidString) (also \(what)[\(first)])")
                } else { seen[item.id] = i }
                ids.insert(item.id)
            }
            return ids
        }
        let contacts = duplicates(r.contacts, "contacts")
        let events = duplicates(r.events, "events")
        _ = duplicates(r.interactions, "interactions")
        _ = duplicates(r.followUps, "followUps")
        let name = Dictionary(r.contacts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        for (i, c) in r.contacts.enumerated() {
            let at = "contacts[\(i)] (\(c.name))"
            if c.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { out.append("contacts[\(i)]: the name is empty") }
            if let m = c.metAt, !events.contains(m) { out.append("\(at): metAt refers to a missing event \(m.uuidString)") }
            if c.created > today { out.append("\(at): added on \(c.created.iso), which is after today") }
            if let b = c.birthday, let y = b.year, y > today.components.year { out.append("\(at): born in \(y), which is after this year") }
        }
        for (i, it) in r.interactions.enumerated() {
            if it.contacts.isEmpty { out.append("interactions[\(i)]: is with nobody") }
            for c in it.contacts where !contacts.contains(c) {
                out.append("interactions[\(i)]: refers to a missing contact \(c.uuidString)")
            }
            if it.date > today { out.append("interactions[\(i)]: dated \(it.date.iso), which is after today") }
        }
        for (i, e) in r.events.enumerated() {
            for c in e.met where !contacts.contains(c) {
                out.append("events[\(i)] (\(e.title)): met refers to a missing contact \(c.uuidString)")
            }
            if e.status == .attended && e.date > today { out.append("events[\(i)] (\(e.title)): attended on \(e.date.iso), which is after today") }
        }
        for (i, f) in r.followUps.enumerated() {
            if let c = f.contact, !contacts.contains(c) { out.append("followUps[\(i)]: refers to a missing contact \(c.uuidString)") }
            if let e = f.event, !events.contains(e) { out.append("followUps[\(i)]: refers to a missing event \(e.uuidString)") }
            if f.contact == nil && f.event == nil { out.append("followUps[\(i)] (\(f.note)): is about nobody") }
            if let d = f.done, d > today { out.append("followUps[\(i)] (\(f.note)): done on \(d.iso), which is after today") }
        }
        // Stored summaries (version 2 on) must match the interactions they summarize.
        if r.version >= 2 {
            var derived = r
            derived.version = 1
            Migrations.upgrade(&derived)
            for (i, c) in r.contacts.enumerated() {
                let stored = i < r.summaries.count ? r.summaries[i] : ContactSummary()
                let truth = derived.summaries[i]
                if stored.lastTouch != truth.lastTouch {
                    out.append("contacts[\(i)] (\(name[c.id] ?? "")): lastTouch says \(stored.lastTouch?.iso ?? "never") but its interactions say \(truth.lastTouch?.iso ?? "never")")
                }
                if stored.ledger != truth.ledger {
                    out.append("contacts[\(i)] (\(name[c.id] ?? "")): the ledger does not match its interactions")
                }
            }
        }
        return out
    }
}
