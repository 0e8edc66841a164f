import Foundation

/// An upcoming event's score: how much it would widen the network, plus what past events like it
/// paid off. The parts are the reasons. See docs/insights.md.
public struct EventScore: Hashable, Sendable {
    public var score: Double
    /// What the parts are made of.
    var why: Why

    /// Each part of the score, in words. Made when asked for: the events pane shows the scores
    /// of every upcoming event, and the words of none (at 100,000 contacts, wording a month's
    /// events was most of their scoring).
    public var reasons: [String] { why.reasons() }

    /// The facts behind the parts, kept as values until the reasons are asked for.
    struct Why: Hashable, Sendable {
        /// The event's field as written; nil when it has none.
        var field: String?
        /// The field is the user's own.
        var isMine = false
        /// The field's share of the user's contacts with a field, and what widening adds.
        var share = 0.0, widening = 0.0
        /// Past events alike, the people met there and how many are still in touch, and what that adds.
        var alike = 0, met = 0, kept = 0, payoff = 0.0

        func reasons() -> [String] {
            var reasons: [String] = []
            if let field {
                reasons.append(isMine ? "your own field: widens nothing (+0)"
                    : "\(field) is \(Int((share * 100).rounded()))% of your network (+\(Printf.double("%.1f", widening)))")
            } else {
                reasons.append("no field: cannot tell whom you would meet (+0)")
            }
            if alike > 0 {
                reasons.append("\(kept) of \(met) met at \(alike) past event\(alike == 1 ? "" : "s") like it still in touch (+\(Printf.double("%.1f", payoff)))")
            }
            return reasons
        }
    }
}

extension Network {
    /// Weight of "widening": 10 × (1 − the event field's share of your contacts with a field).
    public static let widenWeight = 10.0
    /// Per person met at a past attended event of the same field or a shared tag who is still in touch.
    public static let payoffWeight = 2.0

    /// Contacts with a field, in all and per folded field: what an event's widening is measured
    /// against. Computed once for a list of events.
    public struct FieldCounts: Sendable {
        public var total = 0
        public var byKey: [String: Int] = [:]
        /// Past attended events with the people met there and how many are still in touch.
        public var payoff: [EventPayoff] = [] {
            didSet {
                payoffKeys = payoff.map {
                    PayoffKey(id: $0.event.id, date: $0.event.date, field: $0.event.field.map(Fold.key),
                              tags: Set($0.event.tags.map(Fold.key)), met: $0.met.count, kept: $0.stillInTouch)
                }
                payoffByField = [:]
                payoffByTag = [:]
                for (i, p) in payoffKeys.enumerated() {
                    if let f = p.field { payoffByField[f, default: []].append(i) }
                    for t in p.tags { payoffByTag[t, default: []].append(i) }
                }
            }
        }
        /// What scoring needs of each past event, folded once rather than once per upcoming event
        /// (at 100,000 contacts, folding and copying whole events was most of the first frame).
        var payoffKeys: [PayoffKey] = []
        /// Positions in `payoffKeys` by folded field and by folded tag: an upcoming event looks
        /// only at the past events it shares one with (a scan of all past events for each
        /// upcoming one was a third of the first frame at 100,000 contacts).
        var payoffByField: [String: [Int]] = [:]
        var payoffByTag: [String: [Int]] = [:]
        /// The contacts met at each event by their `metAt`, which the payoff adds.
        var metAtByEvent: [UUID: [UUID]] = [:]
        /// The contacts' revision `total`, `byKey` and `metAtByEvent` were counted for.
        var contactsRevision: UInt64?
    }

    struct PayoffKey: Sendable {
        var id: UUID
        var date: Day
        var field: String?
        var tags: Set<String>
        var met: Int
        var kept: Int
    }

    /// The counts for these contacts and today; what `earlier` counted of the contacts is kept
    /// when it was counted for the same contacts (a logged touch changes only who is still in
    /// touch: counting the fields and the events met at again was about 5 ms of each change at
    /// 100,000 contacts).
    public func fieldCounts(today: Day, reusing earlier: FieldCounts? = nil) -> FieldCounts {
        var counts = FieldCounts()
        if let earlier, earlier.contactsRevision == contactsRevision {
            (counts.total, counts.byKey, counts.metAtByEvent) = (earlier.total, earlier.byKey, earlier.metAtByEvent)
        } else {
            counts.metAtByEvent = contactsByEventMetAt()
            // Counted by spelling first, then each distinct spelling folded once: one lookup per
            // contact instead of two (at 100,000 contacts the lookups were most of the events pane).
            for (f, n) in contacts.fieldSpellingCounts() where !f.isEmpty {
                counts.total += n
                counts.byKey[Fold.key(f), default: 0] += n
            }
        }
        counts.contactsRevision = contactsRevision
        counts.payoff = pastPayoff(today: today, metAt: counts.metAtByEvent)
        return counts
    }

    public func score(_ e: Event, today: Day) -> EventScore { score(e, today: today, fields: fieldCounts(today: today)) }

    /// The events from today to `days` ahead, soonest first (by time, then title, on a day), or
    /// the past ones, newest first: what the events pane and `kith events` list.
    public func eventsListed(today: Day, days: Int, past: Bool) -> [Event] {
        past
            ? events.filter { $0.date < today }.sorted { ($0.date, $0.time ?? -1) > ($1.date, $1.time ?? -1) }
            : events.filter { $0.date >= today && $0.date - today <= days }
                .sorted { ($0.date, $0.time ?? -1, $0.title) < ($1.date, $1.time ?? -1, $1.title) }
    }

    /// What `kith events` lists (``eventsListed(today:days:past:)``), each event with its score.
    public func scoredEvents(today: Day, days: Int, past: Bool) -> [(event: Event, score: EventScore)] {
        let fields = fieldCounts(today: today)
        return eventsListed(today: today, days: days, past: past).map { ($0, score($0, today: today, fields: fields)) }
    }

    public func score(_ e: Event, today: Day, fields: FieldCounts) -> EventScore {
        var score = 0.0
        var why = EventScore.Why()
        if let f = e.field, !f.isEmpty {
            why.field = f
            let key = Fold.key(f)
            if let mine = settings.myField, Fold.key(mine) == key {
                why.isMine = true
            } else {
                let same = fields.byKey[key] ?? 0
                why.share = fields.total == 0 ? 0 : Double(same) / Double(fields.total)
                why.widening = Self.widenWeight * (1 - why.share)
                score += why.widening
            }
        }
        // Payoff of past attended events alike: same field or a shared tag.
        let tags = Set(e.tags.map(Fold.key))
        let fieldKey = e.field.map(Fold.key)
        var kept = 0, met = 0, alike = 0
        // Past events alike through the field or a tag; one through both counts once.
        var alikeEvents = fieldKey.flatMap { fields.payoffByField[$0] } ?? []
        if !tags.isEmpty {
            alikeEvents += tags.flatMap { fields.payoffByTag[$0] ?? [] }
            alikeEvents.sort()
        }
        for (k, i) in alikeEvents.enumerated() where k == 0 || alikeEvents[k - 1] != i {
            let p = fields.payoffKeys[i]
            guard p.id != e.id && p.date < today else { continue }
            alike += 1
            met += p.met
            kept += p.kept
        }
        if alike > 0 {
            (why.alike, why.met, why.kept) = (alike, met, kept)
            why.payoff = Self.payoffWeight * Double(kept)
            score += why.payoff
        }
        return EventScore(score: score, why: why)
    }
}
