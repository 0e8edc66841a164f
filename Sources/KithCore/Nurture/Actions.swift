import Foundation

/// Why a nurture action cannot be taken.
public enum NurtureError: Error, Equatable, CustomStringConvertible {
    case unknownItem(String)
    case ambiguousItem(String, [String])
    case alreadyDone(String)
    case snoozeNotAfterToday(Day)
    case cannotSnooze(NurtureKind)
    case noContact

    public var description: String {
        switch self {
        case .unknownItem(let id): return "no open nurture item has the id \"\(id)\"; `kith due --all` lists them"
        case .ambiguousItem(let id, let ids): return "\"\(id)\" matches \(ids.count) items: \(ids.joined(separator: ", "))"
        case .alreadyDone(let id): return "\(id) is already done"
        case .snoozeNotAfterToday(let d): return "cannot snooze until \(d.iso): pick a day after today"
        case .cannotSnooze(let k): return "a \(k.rawValue) item cannot be snoozed; it passes by itself"
        case .noContact: return "this item is not about a contact"
        }
    }
}

extension NurtureItem {
    /// The id as shown to people: the kind letter and the first 8 hex digits ("f-1a2b3c4d").
    public var shortID: String { String(id.prefix(10)) }
}

extension Network {
    /// Finds an open item by its id or a unique prefix of it (at least 3 characters).
    public func nurtureItem(id query: String, today: Day) throws -> NurtureItem {
        let q = query.lowercased()
        let open = nurtureQueue(today: today, all: true)
        if let exact = open.first(where: { $0.id == q }) { return exact }
        let hits = q.count >= 3 ? open.filter { $0.id.hasPrefix(q) } : []
        if hits.count == 1 { return hits[0] }
        if hits.count > 1 { throw NurtureError.ambiguousItem(query, hits.map(\.shortID)) }
        // A follow-up that is done is no longer in the queue: say so rather than "unknown".
        if q.hasPrefix("f-"), q.count >= 5,
           let f = followUps.first(where: { $0.id.uuidString.lowercased().hasPrefix(q.dropFirst(2)) }), f.done != nil {
            throw NurtureError.alreadyDone(query)
        }
        throw NurtureError.unknownItem(query)
    }

    /// The change that marks an item done: a follow-up is completed; a keep-in-touch or birthday
    /// item logs a touch dated today; an event under consideration becomes "going".
    /// Returns nil when there is nothing to change (an event you are already going to).
    public func completion(of item: NurtureItem, today: Day, exchange: Exchange? = nil, note: String? = nil) throws -> Change? {
        switch item.kind {
        case .followUp:
            guard var f = followUp(item.subject) else { throw NurtureError.unknownItem(item.id) }
            guard f.done == nil else { throw NurtureError.alreadyDone(item.shortID) }
            f.done = today
            return .updateFollowUp(f)
        case .keepInTouch, .birthday:
            let birthday = item.kind == .birthday
            return .addInteraction(Interaction(contacts: [item.subject], date: today, kind: .message,
                                               note: note.flatMap { $0.isEmpty ? nil : $0 } ?? (birthday ? "birthday wishes" : nil),
                                               exchange: exchange ?? (birthday ? .gave : .none)))
        case .event:
            guard var e = event(item.subject) else { throw NurtureError.unknownItem(item.id) }
            guard e.status == .considering else { return nil }
            e.status = .going
            return .updateEvent(e)
        }
    }

    /// The change that logs a touch with the item's contact, without completing a follow-up.
    public func touch(for item: NurtureItem, today: Day, exchange: Exchange, note: String?) throws -> Change {
        guard let c = item.contact else { throw NurtureError.noContact }
        return .addInteraction(Interaction(contacts: [c], date: today, kind: .message,
                                           note: note.flatMap { $0.isEmpty ? nil : $0 }, exchange: exchange))
    }

    /// The change that hides an item until a later day.
    public func snooze(_ item: NurtureItem, until day: Day, today: Day) throws -> Change {
        guard day > today else { throw NurtureError.snoozeNotAfterToday(day) }
        switch item.kind {
        case .followUp:
            guard var f = followUp(item.subject) else { throw NurtureError.unknownItem(item.id) }
            f.snoozedUntil = day
            return .updateFollowUp(f)
        case .keepInTouch:
            guard var c = contact(item.subject) else { throw NurtureError.unknownItem(item.id) }
            c.snoozedUntil = day
            return .updateContact(c)
        case .birthday, .event:
            throw NurtureError.cannotSnooze(item.kind)
        }
    }
}

/// The weekly load implied by all cadences, against the user's budget.
public struct NurtureLoad: Equatable, Sendable {
    /// Touches a week that all cadences ask for: Σ 7 ÷ cadence.
    public var perWeek: Double
    public var byCircle: [Circle: Double]
    public var budget: Double

    public var isOverBudget: Bool { perWeek > budget + 1e-9 }

    /// The circle that asks for the most touches.
    public var heaviest: Circle? { byCircle.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key }

    /// "Your cadences ask for 14.2 touches a week, over your budget of 10: the close circle is heaviest (8.1)."
    public var warning: String? {
        guard isOverBudget else { return nil }
        var s = "Your cadences ask for \(Self.format(perWeek)) touches a week, over your budget of \(Self.format(budget))"
        if let h = heaviest { s += ": the \(h.rawValue) circle is heaviest (\(Self.format(byCircle[h] ?? 0)))" }
        return s
    }

    /// A number as people write it: "10", "14.2".
    public static func format(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : Printf.double("%.1f", x)
    }
}

extension Network {
    /// Σ over contacts of 7 ÷ cadence, by circle (contacts without a circle count under none).
    public func nurtureLoad() -> NurtureLoad {
        var total = 0.0
        // By circle in an array, made a dictionary at the end (a dictionary update per contact
        // was most of this at 100,000 contacts).
        var by = [Double?](repeating: nil, count: Circle.allCases.count)
        for p in contacts.indices {
            guard let cad = cadence(at: p), cad > 0 else { continue }
            let w = 7.0 / Double(cad)
            total += w
            if let circle = contacts.circle(at: p) { by[circle.rank] = (by[circle.rank] ?? 0) + w }
        }
        var byCircle: [Circle: Double] = [:]
        for (rank, w) in by.enumerated() { if let w { byCircle[Circle.allCases[rank]] = w } }
        return NurtureLoad(perWeek: total, byCircle: byCircle, budget: settings.weeklyBudget)
    }
}
