import Foundation

extension Network {
    /// The spelling a field is kept in: an existing field that differs only in case (or accents)
    /// is the same field, in its first spelling ("Design" becomes "design" once "design" exists).
    public func canonicalField(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        let key = Fold.key(t)
        for p in contacts.indices { if let f = contacts.field(at: p), Fold.key(f) == key { return f } }
        for e in events { if let f = e.field, Fold.key(f) == key { return f } }
        if let mine = settings.myField, Fold.key(mine) == key { return mine }
        return t
    }
}

/// How many contacts work in each field, largest first.
public struct FieldCount: Hashable, Sendable {
    public var field: String
    public var count: Int
    public var isMine: Bool
}

/// The figures of the insights screen and `kith stats`. See docs/insights.md.
public struct Insights: Sendable {
    public var contacts: Int
    /// Contacts per field (case-insensitive, first spelling), most first; contacts without a field
    /// are not counted here.
    public var fields: [FieldCount]
    public var withoutField: Int
    /// Simpson's diversity index 1 − Σ pᵢ² over the fields of contacts with a field; nil with none.
    public var simpson: Double?
    /// Share of contacts with a field whose field is not yours; nil when your field is not set or
    /// no contact has a field.
    public var outsideOwnField: Double?
    /// Contacts added outside your field in each of the last 4 calendar quarters, oldest first.
    public var outsideByQuarter: [(quarter: String, count: Int)]
    public var giveTakeAll: Ledger
    public var giveTake90: Ledger
    /// Contacts you mostly take from (received − gave ≥ 2), most lopsided first.
    public var takers: [(contact: Contact, received: Int, gave: Int)]
    /// Per circle: contacts on cadence (ok or due soon; no cadence counts as on cadence) of all.
    public var circles: [(circle: Circle, total: Int, onCadence: Int)]
    /// Per past attended event, newest first: people met there and how many are still in touch.
    public var payoff: [EventPayoff]
}

/// What an attended event left: the people met there and how many are still in touch.
public struct EventPayoff: Hashable, Sendable {
    public var event: Event
    public var met: [UUID]
    public var stillInTouch: Int
}

extension Network {
    /// Whether the contact at position `p` is still in touch: touched within their cadence (90
    /// days without one).
    func isInTouch(at p: Int, today: Day) -> Bool {
        guard let last = summary(at: p).lastTouch else { return false }
        return today - last <= (cadence(at: p) ?? 90)
    }

    /// Everyone met at an event: its "met" list and contacts whose `metAt` is the event.
    public func peopleMet(at e: Event) -> [UUID] {
        peopleMet(at: e, metAt: contacts.indices.filter { contacts.metAt(at: $0) == e.id }.map(contacts.id(at:)))
    }

    private func peopleMet(at e: Event, metAt: [UUID]) -> [UUID] {
        var seen = Set<UUID>()
        var out: [UUID] = []
        for id in e.met where contactPosition(id) != nil && seen.insert(id).inserted { out.append(id) }
        for id in metAt where seen.insert(id).inserted { out.append(id) }
        return out
    }

    /// Every attended event up to `today`, newest first, with the people met there and how many
    /// are still in touch; `byEvent` is ``contactsByEventMetAt()``, when made already.
    func pastPayoff(today: Day, metAt byEvent: [UUID: [UUID]]? = nil) -> [EventPayoff] {
        let byEvent = byEvent ?? contactsByEventMetAt()
        return events.filter { $0.status == .attended && $0.date <= today }
            .sorted { $0.date > $1.date }
            .map { e in
                let met = peopleMet(at: e, metAt: byEvent[e.id] ?? [])
                return EventPayoff(event: e, met: met, stillInTouch: met.filter { contactPosition($0).map { isInTouch(at: $0, today: today) } ?? false }.count)
            }
    }

    /// The contacts whose `metAt` is each event, by event: what ``pastPayoff(today:metAt:)`` adds
    /// to the events' "met" lists (a pass over every contact).
    func contactsByEventMetAt() -> [UUID: [UUID]] {
        var byEvent: [UUID: [UUID]] = [:]
        for p in contacts.indices { if let e = contacts.metAt(at: p) { byEvent[e, default: []].append(contacts.id(at: p)) } }
        return byEvent
    }

    public func insights(today: Day) -> Insights {
        let mine = settings.myField.map(Fold.key)
        // Counted by spelling, then each spelling folded once (a fold and a lookup for every
        // contact were most of the insights at 100,000 contacts).
        let spellings = contacts.fieldSpellingCounts().filter { !$0.key.isEmpty }
        var keyOf: [String: String] = [:], spelledAs: [String: [String]] = [:]
        for f in spellings.keys {
            let k = Fold.key(f)
            keyOf[f] = k
            spelledAs[k, default: []].append(f)
        }
        // A field is named in its first spelling, in the contacts' order: only one spelled two
        // ways needs a look.
        var first = spelledAs.compactMapValues { $0.count == 1 ? $0[0] : nil }
        var unknown = spelledAs.count - first.count
        for p in contacts.indices {
            if unknown == 0 { break }
            guard let f = contacts.field(at: p), let k = keyOf[f], first[k] == nil else { continue }
            first[k] = f
            unknown -= 1
        }
        let fields = spelledAs.map { k, s in FieldCount(field: first[k]!, count: s.reduce(0) { $0 + spellings[$1]! }, isMine: k == mine) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : Fold.key($0.field) < Fold.key($1.field) }
        let withoutField = contacts.count - spellings.values.reduce(0, +)
        let withField = fields.reduce(0) { $0 + $1.count }
        var simpson: Double?
        var outside: Double?
        if withField > 0 {
            simpson = 1 - fields.reduce(0.0) { $0 + pow(Double($1.count) / Double(withField), 2) }
            if mine != nil {
                outside = Double(fields.filter { !$0.isMine }.reduce(0) { $0 + $1.count }) / Double(withField)
            }
        }
        // The last 4 calendar quarters, oldest first, this one last.
        let (y, m, _) = today.components
        var quarters: [(String, Day, Day)] = []
        for back in (0..<4).reversed() {
            var q = (m - 1) / 3 - back, year = y
            while q < 0 { q += 4; year -= 1 }
            let start = Day(year: year, month: q * 3 + 1, day: 1)!
            let end = (q == 3 ? Day(year: year + 1, month: 1, day: 1)! : Day(year: year, month: q * 3 + 4, day: 1)!) - 1
            quarters.append(("\(year)-Q\(q + 1)", start, end))
        }
        // One pass, the day first: most contacts were added before the year, and need no field.
        var added = [0, 0, 0, 0]
        for p in contacts.indices {
            let day = contacts.created(at: p)
            guard day >= quarters[0].1, day <= quarters[3].2, let f = contacts.field(at: p), let k = keyOf[f], k != mine,
                  let q = quarters.firstIndex(where: { day >= $0.1 && day <= $0.2 }) else { continue }
            added[q] += 1
        }
        let trend = zip(quarters, added).map { (quarter: $0.0, count: $1) }
        var all = Ledger(), recent = Ledger()
        for i in interactions {
            all.add(i.exchange)
            if today - i.date <= 90 && i.date <= today { recent.add(i.exchange) }
        }
        // Ranked by position and name, each contact copied out once ranked (sorting the contacts
        // themselves moved a dozen references a swap: most of the insights at 100,000 contacts).
        let taking = contacts.indices.compactMap { p -> (p: Int, received: Int, gave: Int, name: String)? in
            let l = summary(at: p).ledger
            return l.received - l.gave >= 2 ? (p, l.received, l.gave, contacts.name(at: p)) : nil
        }
        let takers = taking.indices.sorted { a, b in
            let (x, y) = (taking[a], taking[b])
            return (x.received - x.gave, y.name) > (y.received - y.gave, x.name)
        }.map { (contacts[taking[$0].p], taking[$0].received, taking[$0].gave) }
        var circles = Circle.allCases.map { ($0, 0, 0) }
        for p in contacts.indices {
            guard let circle = contacts.circle(at: p) else { continue }
            circles[circle.rank].1 += 1
            guard let s = touchState(at: p, today: today)?.status else { circles[circle.rank].2 += 1; continue }
            if s == .ok || s == .dueSoon { circles[circle.rank].2 += 1 }
        }
        let payoff = pastPayoff(today: today)
        return Insights(contacts: contacts.count, fields: fields, withoutField: withoutField, simpson: simpson,
                        outsideOwnField: outside, outsideByQuarter: trend, giveTakeAll: all, giveTake90: recent,
                        takers: takers.map { (contact: $0.0, received: $0.1, gave: $0.2) },
                        circles: circles.map { (circle: $0.0, total: $0.1, onCadence: $0.2) }, payoff: payoff)
    }
}
