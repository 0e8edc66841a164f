import KithCore

/// A row of the events pane.
public enum EventRow: Equatable, Sendable {
    case week(String)
    case event(Event, EventScore)

    public var event: Event? {
        if case .event(let e, _) = self { return e }
        return nil
    }

    /// Upcoming events (today to today + horizon, soonest first) or past ones (newest first),
    /// under a heading per ISO week. `fields`: the network's ``Network/fieldCounts(today:reusing:)``.
    static func rows(_ n: Network, today: Day, horizon: Int, past: Bool, query: SearchQuery, fields: Network.FieldCounts) -> [EventRow] {
        let list = n.eventsListed(today: today, days: horizon, past: past).filter { query.isEmpty || n.matches($0, query) }
        var rows: [EventRow] = []
        var week: Day?
        for e in list {
            let monday = e.date - (e.date.isoWeekday - 1)
            if monday != week {
                week = monday
                let thisMonday = today - (today.isoWeekday - 1)
                let label: String
                switch (monday - thisMonday) / 7 {
                case 0: label = "This week"
                case 1: label = "Next week"
                case -1: label = "Last week"
                default: label = "Week of \(monday.short)"
                }
                rows.append(.week(label))
            }
            rows.append(.event(e, n.score(e, today: today, fields: fields)))
        }
        return rows
    }
}

/// The orders of the contacts pane.
public enum ContactSort: String, CaseIterable, Sendable {
    case name
    /// Most recently touched first; never touched last.
    case lastTouch = "last touch"
    /// Most due first: the most days late, then the soonest due; no cadence last.
    case due

    var next: ContactSort { ContactSort.allCases[(ContactSort.allCases.firstIndex(of: self)! + 1) % ContactSort.allCases.count] }

    /// Every contact's position in this order. Equal keys fall back to the order by name.
    func order(in document: inout NetworkDocument, today: Day) -> [Int] {
        let byName = document.rememberNameOrder(), n = document.network
        if self == .name { return byName }
        var rank = [Int](repeating: 0, count: byName.count)
        for (r, i) in byName.enumerated() { rank[i] = r }
        // Ascending keys: the most recent touch, or the most days late, first; none last.
        let key = self == .lastTouch
            ? n.contacts.indices.map { -(n.summary(at: $0).lastTouch?.ordinal ?? Int.min + 1) }
            : n.contacts.indices.map { -(n.touchState(at: $0, today: today)?.daysLate ?? Int.min + 1) }
        return byName.sorted { a, b in key[a] != key[b] ? key[a] < key[b] : rank[a] < rank[b] }
    }
}
