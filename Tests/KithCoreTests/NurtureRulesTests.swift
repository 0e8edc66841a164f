import Foundation
import PropertyBased
import Testing
@testable import KithCore

/// The nurture rules of docs/nurture.md, each with a fixed day.
@Suite struct NurtureRulesTests {
    func network(_ contacts: [Contact], touches: [Interaction] = [], followUps: [FollowUp] = []) throws -> Network {
        var n = Network()
        for c in contacts { try n.apply(.addContact(c)) }
        for t in touches { try n.apply(.addInteraction(t)) }
        for f in followUps { try n.apply(.addFollowUp(f)) }
        return n
    }

    @Test func statusBoundaries() throws {
        let today = Day(iso: "2026-11-30")!
        // Inner: cadence 14, half is 7.
        func status(lastTouchDaysAgo d: Int) throws -> TouchStatus? {
            let c = Contact(id: Fixtures.uuid(1), name: "A", circle: .inner, created: today - 400)
            let n = try network([c], touches: [Interaction(contacts: [c.id], date: today - d)])
            return n.touchState(of: c, today: today)?.status
        }
        #expect(try status(lastTouchDaysAgo: 0) == .ok)
        #expect(try status(lastTouchDaysAgo: 6) == .ok)       // due in 8
        #expect(try status(lastTouchDaysAgo: 7) == .dueSoon)  // due in 7
        #expect(try status(lastTouchDaysAgo: 13) == .dueSoon) // due tomorrow
        #expect(try status(lastTouchDaysAgo: 14) == .due)     // due today
        #expect(try status(lastTouchDaysAgo: 21) == .due)     // late 7 = half
        #expect(try status(lastTouchDaysAgo: 22) == .overdue) // late 8 > half
    }

    @Test func theWeekEndsOnSundayWhateverTheWeekday() throws {
        // A close contact (30 d) due on Sunday 6 Dec is in the queue all week, not on Monday 7th's
        // queue as "due soon" before… and one due Monday 7 Dec is not in the week of 30 Nov.
        let sunday = Contact(id: Fixtures.uuid(1), name: "Sunday", circle: .close, created: Day(iso: "2026-11-06")!)
        let monday = Contact(id: Fixtures.uuid(2), name: "Monday", circle: .close, created: Day(iso: "2026-11-07")!)
        let n = try network([sunday, monday])
        for day in ["2026-11-30", "2026-12-02", "2026-12-06"] {
            let q = n.nurtureQueue(today: Day(iso: day)!)
            #expect(q.contains { $0.contactName == "Sunday" }, "\(day)")
            #expect(!q.contains { $0.contactName == "Monday" }, "\(day)")
        }
        #expect(n.nurtureQueue(today: Day(iso: "2026-12-07")!).contains { $0.contactName == "Monday" })
    }

    @Test func leapDaysCountAsDays() throws {
        let today = Day(iso: "2028-03-01")!
        let c = Contact(id: Fixtures.uuid(1), name: "Leap", circle: .inner, created: Day(iso: "2028-01-01")!)
        let n = try network([c], touches: [Interaction(contacts: [c.id], date: Day(iso: "2028-02-16")!)])
        // 16 Feb + 14 days is 1 Mar in a leap year.
        #expect(n.touchState(of: c, today: today)?.due.iso == "2028-03-01")
        #expect(n.touchState(of: c, today: today)?.status == .due)
        let birthday = Contact(id: Fixtures.uuid(2), name: "Feb29", birthday: Birthday(text: "--02-29"), created: today - 10)
        let m = try network([birthday])
        #expect(m.nurtureQueue(today: Day(iso: "2027-02-25")!).first { $0.kind == .birthday }?.due.iso == "2027-02-28")
        #expect(m.nurtureQueue(today: Day(iso: "2028-02-25")!).first { $0.kind == .birthday }?.due.iso == "2028-02-29")
    }

    @Test func aContactNeverTouchedIsDueACadenceAfterBeingAdded() throws {
        let today = Day(iso: "2026-11-30")!
        let c = Contact(id: Fixtures.uuid(1), name: "New", circle: .close, created: today - 30)
        let n = try network([c])
        #expect(n.touchState(of: c, today: today)?.due == today)
        #expect(n.nurtureQueue(today: today).first?.reasons.first == "touch due today")
    }

    @Test func aTouchDatedInTheFutureCountsAsToday() throws {
        let today = Day(iso: "2026-11-30")!
        let c = Contact(id: Fixtures.uuid(1), name: "Skew", circle: .inner, created: today - 100)
        let n = try network([c], touches: [Interaction(contacts: [c.id], date: today + 40)])
        #expect(n.touchState(of: c, today: today)?.due == today + 14)
    }

    @Test func snoozedItemsHideUntilTheirDay() throws {
        let today = Day(iso: "2026-11-30")!
        var c = Contact(id: Fixtures.uuid(1), name: "Late", circle: .inner, created: today - 100)
        c.snoozedUntil = today + 3
        let f = FollowUp(id: Fixtures.uuid(9), contact: c.id, due: today - 1, note: "call back", snoozedUntil: today + 2)
        let n = try network([c], followUps: [f])
        #expect(n.nurtureQueue(today: today).isEmpty)
        #expect(n.nurtureQueue(today: today + 2).map(\.kind) == [.followUp])
        #expect(Set(n.nurtureQueue(today: today + 3).map(\.kind)) == [.followUp, .keepInTouch])
    }

    @Test func doneAndSnoozeActions() throws {
        let today = Day(iso: "2026-11-30")!
        var n = try Fixtures.network()
        let q = n.nurtureQueue(today: today)
        let keep = q.first { $0.kind == .keepInTouch }!
        try n.apply(try n.completion(of: keep, today: today, exchange: .gave, note: "sent a link")!)
        #expect(n.lastTouch(keep.subject) == today)
        #expect(n.interactions(with: keep.subject).first?.exchange == .gave)
        let follow = q.first { $0.kind == .followUp }!
        try n.apply(try n.completion(of: follow, today: today)!)
        #expect(throws: NurtureError.alreadyDone(follow.shortID)) { try n.completion(of: follow, today: today) }
        #expect(throws: NurtureError.alreadyDone(follow.id)) { try n.nurtureItem(id: follow.id, today: today) }
        #expect(throws: NurtureError.snoozeNotAfterToday(today)) { try n.snooze(keep, until: today, today: today) }
        let event = n.nurtureQueue(today: today).first { $0.kind == .event }!
        #expect(throws: NurtureError.cannotSnooze(.event)) { try n.snooze(event, until: today + 3, today: today) }
        #expect(throws: NurtureError.unknownItem("zz-nothing")) { try n.nurtureItem(id: "zz-nothing", today: today) }
    }

    @Test func loadAgainstTheBudgetNamesTheHeaviestCircle() throws {
        let today = Day(iso: "2026-11-30")!
        var contacts: [Contact] = []
        for i in 0..<20 { contacts.append(Contact(id: Fixtures.uuid(i + 1), name: "C\(i)", circle: .close, created: today)) }
        for i in 0..<14 { contacts.append(Contact(id: Fixtures.uuid(i + 100), name: "I\(i)", circle: .inner, created: today)) }
        contacts.append(Contact(id: Fixtures.uuid(500), name: "Acq", circle: .acquaintance, created: today))
        let n = try network(contacts)
        let load = n.nurtureLoad()
        // 20 × 7/30 + 14 × 7/14 = 4.67 + 7 = 11.67 > 10.
        #expect(abs(load.perWeek - (20 * 7.0 / 30 + 7)) < 1e-9)
        #expect(load.isOverBudget)
        #expect(load.heaviest == .inner)
        #expect(load.warning == "Your cadences ask for 11.7 touches a week, over your budget of 10: the inner circle is heaviest (7)")
        #expect(try network(Array(contacts.prefix(20))).nurtureLoad().warning == nil)
    }

    @Test func weightsComeFromTheConfigFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-prefs-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("config.plist").path
        try Data("""
            <?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict><key>weights</key>
            <dict><key>inner</key><real>50</real><key>overdue</key><integer>10</integer></dict></dict></plist>
            """.utf8).write(to: URL(fileURLWithPath: path))
        let prefs = try Preferences.load(["KITH_CONFIG": path])
        #expect(prefs.weights.inner == 50)
        #expect(prefs.weights.overdue == 10)
        try Data("<plist version=\"1.0\"><dict><key>weights</key><dict><key>bogus</key><real>1</real></dict></dict></plist>".utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect(throws: Preferences.Failure.self) { try Preferences.load(["KITH_CONFIG": path]) }
        #expect(try Preferences.load(["KITH_CONFIG": dir.appendingPathComponent("none.plist").path]) == Preferences())
    }
}

/// Properties that hold for any network the generators can make.
@Suite struct NurturePropertyTests {
    static let today = Day(iso: "2026-11-30")!

    /// A contact: circle index (4 = none), own cadence or not, days since added, touches (days ago).
    static let contactGen = PropertyBased.zip(Gen.int(in: 0...4), Gen.int(in: 0...60), Gen.int(in: 0...400), Gen.int(in: 0...200).array(of: 0...4))

    static func build(_ specs: [(Int, Int, Int, [Int])]) throws -> Network {
        var n = Network()
        for (i, spec) in specs.enumerated() {
            let circle = spec.0 < 4 ? Circle.allCases[spec.0] : nil
            let c = Contact(id: Fixtures.uuid(i + 1), name: "P\(i)", circle: circle, cadence: spec.1 > 0 && spec.1 % 3 == 0 ? spec.1 : nil,
                            created: today - spec.2)
            try n.apply(.addContact(c))
            for ago in spec.3 { try n.apply(.addInteraction(Interaction(contacts: [c.id], date: today - ago))) }
        }
        return n
    }

    @Test func loggingATouchNeverMakesAContactMoreDue() async {
        await propertyCheck(count: 300, input: Self.contactGen, Gen.int(in: -30...30)) { spec, when in
            var n = try! Self.build([spec])
            let c = n.contacts[0]
            guard let before = n.touchState(of: c, today: Self.today) else { return }
            try! n.apply(.addInteraction(Interaction(contacts: [c.id], date: Self.today + when)))
            let after = n.touchState(of: c, today: Self.today)!
            #expect(after.due >= before.due)
            #expect(after.daysLate <= before.daysLate)
        }
    }

    @Test func aSnoozedItemNeverAppearsBeforeItsDay() async {
        await propertyCheck(count: 300, input: Self.contactGen, Gen.int(in: 1...40), Gen.int(in: 0...60)) { spec, snooze, later in
            var n = try! Self.build([spec])
            var c = n.contacts[0]
            c.snoozedUntil = Self.today + snooze
            try! n.apply(.updateContact(c))
            let day = Self.today + later
            let shown = n.nurtureQueue(today: day, all: true).contains { $0.kind == .keepInTouch }
            if day < Self.today + snooze { #expect(!shown) }
        }
    }

    @Test func theRankingIsATotalOrderThatRespectsTheRules() async {
        await propertyCheck(count: 100, input: Self.contactGen.array(of: 1...12)) { specs in
            let n = try! Self.build(specs)
            let q = n.nurtureQueue(today: Self.today, all: true)
            // A strict total order: sorted, and no two items tie on every key.
            for (a, b) in zip(q, q.dropFirst()) {
                #expect(NurtureItem.ranks(a, b))
                #expect(!NurtureItem.ranks(b, a))
            }
            // Overdue outranks anything merely due.
            if let lastOverdue = q.lastIndex(where: { $0.status == .overdue }),
               let firstOther = q.firstIndex(where: { $0.status != .overdue }) {
                #expect(lastOverdue < firstOther)
            }
        }
    }

    @Test func innerOutranksWiderAtEqualLatenessAndLateFollowUpsOutrankEarlyOnes() async {
        await propertyCheck(count: 200, input: Gen.int(in: -20...60)) { late in
            let today = Self.today
            var n = Network()
            let inner = Contact(id: Fixtures.uuid(1), name: "Inner", circle: .inner, cadence: 30, created: today - 30 - late)
            let wider = Contact(id: Fixtures.uuid(2), name: "Wider", circle: .wider, cadence: 30, created: today - 30 - late)
            try! n.apply(.addContact(inner))
            try! n.apply(.addContact(wider))
            let q = n.nurtureQueue(today: today, all: true)
            let i = q.firstIndex { $0.contactName == "Inner" }!, w = q.firstIndex { $0.contactName == "Wider" }!
            #expect(i < w)
        }
        await propertyCheck(count: 200, input: Gen.int(in: 10...60), Gen.int(in: 0...5)) { late, ahead in
            let today = Self.today
            var n = Network()
            try! n.apply(.addFollowUp(FollowUp(id: Fixtures.uuid(1), due: today - late, note: "late")))
            try! n.apply(.addFollowUp(FollowUp(id: Fixtures.uuid(2), due: today + ahead, note: "early")))
            #expect(n.nurtureQueue(today: today).first?.title == "late")
        }
    }
}
