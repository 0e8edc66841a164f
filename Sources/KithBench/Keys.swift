import KithCore
import KithUI

/// What each of the dashboard's keys costs at one size: the key's reduce and the frame's render,
/// in process, median of 5, each run from the same state (a copy, since the state is a value);
/// a key that changes the network, median of 3, each from a state read afresh, whose network's
/// arrays nothing else holds, as in the dashboard (a copy would make the change copy them).
/// The search indexes and the insights are in, as the dashboard makes them on its second thread
/// once the history is read. The keys a user presses through a session: moves, sorts, filters, each screen.
func keyCosts(_ n: Int, dir: String) throws -> [(key: String, ms: Double)] {
    let path = dir + "/network-\(n).plist"
    var base = AppState(document: try NetworkDocument.open(path), today: today, width: 132, height: 43)
    func ready(_ s: inout AppState) {
        if !s.hasCurrentSearchIndex { s.adopt(SearchIndex(s.network)) }
        if let job = s.queueIndexJob { s.adopt(job.make()) }
        if let job = s.insightsJob { s.adopt(job.make()) }
        _ = render(s)
    }
    func after(_ keys: [Key], from start: AppState = base) -> AppState {
        var s = start
        for k in keys { _ = reduce(&s, .key(k)) }
        ready(&s)
        return s
    }
    ready(&base)
    func cost(_ name: String, _ keys: [Key], from start: AppState = base) -> (key: String, ms: Double) {
        let xs = (0..<5).map { _ -> Double in
            var s = start
            let t = now()
            for k in keys { _ = reduce(&s, .key(k)) }
            _ = render(s)
            return (now() - t) * 1000
        }
        return (name, percentile(xs, 0.5))
    }
    /// `saving`: while a save holds the network as it was (the dashboard's second thread, for
    /// about a third of a second at 100,000 contacts).
    func changeCost(_ name: String, _ keys: [Key], after focus: [Key], saving: Bool = false) throws -> (key: String, ms: Double) {
        let xs = try (0..<3).map { _ -> Double in
            var s = AppState(document: try NetworkDocument.open(path), today: today, width: 132, height: 43)
            for k in focus { _ = reduce(&s, .key(k)) }
            ready(&s)
            let held = saving ? s.network : nil
            let t = now()
            for k in keys { _ = reduce(&s, .key(k)) }
            _ = render(s)
            let ms = (now() - t) * 1000
            withExtendedLifetime(held) {}
            return ms
        }
        return (name, percentile(xs, 0.5))
    }
    let events = after([.tab]), nurture = after([.tab, .tab]), insights = after([.char("i")])
    return [
        cost("j", [.char("j")]), cost("G", [.char("G")]), cost("o (sort)", [.char("o")]),
        cost("a letter in / (filter)", [.char("/"), .char("a")]), cost("Enter (contact)", [.enter]),
        cost("e (edit form)", [.char("e")]), cost("? (help)", [.char("?")]), cost("w (review)", [.char("w")]),
        cost("i (insights)", [.char("i")]), cost("j in insights", [.char("j")], from: insights),
        cost("p (past events)", [.char("p")], from: events), try changeCost("s (event status)", [.char("s")], after: [.tab]),
        cost("G in nurture", [.char("G")], from: nurture), cost("a letter in nurture /", [.char("/"), .char("a")], from: nurture),
        try changeCost("d (done: a touch)", [.char("d")], after: [.tab, .tab]), try changeCost("u (undo it)", [.char("d"), .char("u")], after: [.tab, .tab]),
        try changeCost("e, a letter, Enter (edit)", [.char("e"), .char("x"), .enter], after: []),
        try changeCost("a, a name, Enter (add)", [.char("a"), .char("Z"), .char("z"), .enter], after: []),
        try changeCost("L, Enter (log a touch)", [.char("L"), .enter], after: []),
        try changeCost("d while a save runs", [.char("d")], after: [.tab, .tab], saving: true),
        try changeCost("x, y (delete a contact)", [.char("x"), .char("y")], after: []),
        try changeCost("x, y, u (delete, undo)", [.char("x"), .char("y"), .char("u")], after: []),
        try changeCost("x, y (delete an event)", [.char("x"), .char("y")], after: [.tab]),
    ]
}
