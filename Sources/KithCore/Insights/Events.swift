import Foundation

extension Network {
    /// Finds the one event that `query` names: its id (or a prefix of 4+ characters), its full
    /// title, or a unique part of the title, ignoring case and accents.
    public func findEvent(_ query: String) throws -> Event {
        let q = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !q.isEmpty else { throw LookupError.emptyName }
        if q.count >= 4, let byID = events.filter({ $0.id.uuidString.lowercased().hasPrefix(q.lowercased()) }).onlyElement { return byID }
        let key = Fold.key(q)
        let exact = events.filter { Fold.key($0.title) == key }
        let hits = exact.isEmpty ? events.filter { Fold.key($0.title).contains(key) } : exact
        if hits.count == 1 { return hits[0] }
        if hits.isEmpty { throw LookupError.noEvent(query) }
        throw LookupError.ambiguous(query, hits.map { "\($0.title) (\($0.date.iso), \($0.id.uuidString.prefix(8).lowercased()))" }.sorted())
    }

    /// "Who I met": adds a new contact met at an event, or links an existing one (same name), logs
    /// the meeting as a touch on the event's day, and adds a follow-up when `followUp` is given.
    /// Marks the event attended if it was not. One change, so one undo.
    public func meet(name rawName: String, at event: Event, field: String?, note: String?, followUp: Day?,
                     today: Day) throws -> Change {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw LookupError.emptyName }
        let note = note.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 }
        var changes: [Change] = []
        var e = self.event(event.id) ?? event
        let contactID: UUID
        if let i = nameKeys.firstIndex(of: Fold.key(name)) {
            var c = contacts[i]
            contactID = c.id
            if c.metAt == nil || (c.field == nil && field != nil) {
                if c.metAt == nil { c.metAt = e.id; c.howMet = c.howMet ?? "met at \(e.title)" }
                if c.field == nil { c.field = canonicalField(field) }
                changes.append(.updateContact(c))
            }
        } else {
            let c = Contact(name: name, field: canonicalField(field), circle: .wider, notes: note,
                            howMet: "met at \(e.title)", metAt: e.id, created: min(today, max(e.date, today - 36_500)))
            contactID = c.id
            changes.append(.addContact(c))
        }
        if !e.met.contains(contactID) { e.met.append(contactID) }
        if e.status != .attended { e.status = .attended }
        changes.append(.updateEvent(e))
        changes.append(.addInteraction(Interaction(contacts: [contactID], date: min(e.date, today), kind: .event,
                                                   note: note ?? "met at \(e.title)", exchange: .mutual)))
        if let due = followUp {
            changes.append(.addFollowUp(FollowUp(contact: contactID, event: nil, due: due, note: "follow up after \(e.title)")))
        }
        return .batch(changes)
    }
}

extension Array {
    var onlyElement: Element? { count == 1 ? self[0] : nil }
}
