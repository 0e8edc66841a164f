import Foundation
import Testing
@testable import KithCore

@Suite struct NurtureTests {
    /// The queue sorts by keys taken out of the items and ranks ties by the kind's letter and
    /// the subject's bytes; both must give exactly the documented order: score, day, title, id
    /// (as text).
    @Test func theQueueIsInRankOrderAndIdsTieAsTheirText() throws {
        let n = Demo.network(contacts: 1_500, seed: 4, today: Fixtures.today)
        let q = n.nurtureQueue(today: Fixtures.today, all: true)
        // Larger than what is ranked when the queue is made: the rest is ranked when first read.
        #expect(q.count > NurtureQueue.firstRanked + 100)
        let reference = q.sorted { a, b in
            (a.score, b.due, b.title, b.id) > (b.score, a.due, a.title, a.id) // score down, the rest up
        }
        let same = q.map(\.id) == reference.map(\.id) // (not printed whole)
        #expect(same)
        // Read from the end first, and filtered, a queue gives the same items.
        let again = n.nurtureQueue(today: Fixtures.today, all: true)
        #expect(again[again.count - 1].id == reference.last?.id)
        let sameAgain = again.map(\.id) == reference.map(\.id)
        #expect(sameAgain)
        let kept = n.nurtureQueue(today: Fixtures.today, all: true).keeping { $0.kind == .birthday }
        let sameKept = kept.map(\.id) == reference.filter { $0.kind == .birthday }.map(\.id)
        #expect(sameKept && !kept.isEmpty)
        #expect(q.count(of: .overdue) == reference.filter { $0.status == .overdue }.count)
        let subjects = (0..<30).map { _ in UUID() }
        let tied = subjects.flatMap { s in
            NurtureKind.allCases.map { NurtureItem(kind: $0, title: "t", due: Fixtures.today, score: 1, status: .due, subject: s, why: .init(daysLate: 0)) }
        }
        var wrong = 0
        for a in tied { for b in tied where NurtureItem.ranks(a, b) != (a.id < b.id) { wrong += 1 } }
        #expect(wrong == 0)
        #expect(tied[0].id == "f-" + subjects[0].uuidString.lowercased())
    }

    @Test func statusFollowsTheCadence() throws {
        let n = try Fixtures.network()
        let today = Fixtures.today
        #expect(n.touchState(of: try n.findContact("zoe"), today: today)?.status == .overdue)
        #expect(n.touchState(of: try n.findContact("李"), today: today)?.status == .dueSoon)
        // Never touched: the day added plus the cadence (wider 90, added 10 days ago).
        let renee = try n.findContact("renee")
        #expect(n.touchState(of: renee, today: today)?.due == renee.created + 90)
        #expect(n.touchState(of: renee, today: today)?.status == .ok)
        // Acquaintances have no cadence.
        #expect(n.touchState(of: try n.findContact("sam"), today: today) == nil)
    }

    @Test func theWeeklyQueueRanksOverdueFirstWithReasons() throws {
        let n = try Fixtures.network()
        let q = n.nurtureQueue(today: Fixtures.today)
        // Zoë 100+2·16+8+3 = 143; the deck 100+2·2+5+4 = 113; Renée's follow-up −4+2+4 = 2;
        // the meetup −3+3 = 0; 李小龙's touch −5+5 = 0 (a tie: the earlier due day first).
        #expect(q.map(\.kind) == [.keepInTouch, .followUp, .followUp, .event, .keepInTouch])
        #expect(q.map(\.score) == [143, 113, 2, 0, 0])
        #expect(q[0].contactName == "Zoë Ångström")
        #expect(q[0].reasons.contains("overdue 16 d (every 14 d)"))
        #expect(q[0].reasons.contains("inner circle"))
        #expect(q[0].reasons.contains("you took 2, gave 0 — give first: they need an intro to a designer"))
        #expect(q[1].title == "send the deck")
        #expect(q.allSatisfy { $0.due <= Fixtures.today.endOfISOWeek })
        // Legal Tech Drinks (12 days off) is not this week's business.
        #expect(!q.contains { $0.title.contains("Legal Tech") })
    }

    @Test func doneAndSnoozedFollowUpsLeaveTheQueue() throws {
        var n = try Fixtures.network()
        var f = n.followUp(Fixtures.uuid(301))!
        f.snoozedUntil = Fixtures.today + 2
        try n.apply(.updateFollowUp(f))
        #expect(!n.nurtureQueue(today: Fixtures.today).contains { $0.subject == f.id })
        #expect(n.nurtureQueue(today: Fixtures.today + 2).contains { $0.subject == f.id })
        f.done = Fixtures.today
        try n.apply(.updateFollowUp(f))
        #expect(!n.nurtureQueue(today: Fixtures.today + 2).contains { $0.subject == f.id })
    }
}
