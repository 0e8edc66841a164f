import Foundation
import Testing
@testable import KithCore

@Suite struct NameMatchingTests {
    @Test func matchesFullNamesAndUniquePartsIgnoringCaseAndDiacritics() throws {
        let n = try Fixtures.network()
        #expect(try n.findContact("zoe").name == "Zoë Ångström")
        #expect(try n.findContact("ANGSTROM").name == "Zoë Ångström")
        #expect(try n.findContact("李").name == "李小龙")
        #expect(try n.findContact("renee").name == "Rene\u{301}e Dubois")
        #expect(try n.findContact("  sam patel ").name == "Sam Patel")
    }

    /// Names are folded as Foundation folds them, though ASCII and Latin-1 take a quicker way:
    /// every character of U+0000–U+00FF, mixed with combining marks and other scripts.
    @Test func keysAreFoundationsFolds() {
        var rng = SeededGenerator(seed: 0xF01D)
        let others = ["\u{301}", "\u{308}", "李", "Ł", "ǅ", "ﬁ", "Ａ", "Σ", "ς", "İ", "🙂"]
        let latin1 = (0x00...0xFF).map { String(Unicode.Scalar(UInt8($0))) }
        for round in 0..<3_000 {
            let pieces = (0..<Int(rng.next() % 8)).map { _ in
                round % 3 == 0 && rng.next() % 4 == 0 ? others[Int(rng.next() % UInt64(others.count))] : latin1[Int(rng.next() % 256)]
            }
            let text = pieces.joined()
            let same = Fold.key(text) == text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            #expect(same, "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(Fold.key("Zoë Ångström") == "zoe angstrom")
    }

    @Test func ambiguityListsTheCandidates() throws {
        var n = try Fixtures.network()
        try n.apply(.addContact(Contact(name: "Sam Porter", created: Fixtures.today)))
        #expect(throws: LookupError.ambiguous("sam", ["Sam Patel", "Sam Porter"])) { try n.findContact("sam") }
        // An exact full name wins over a part of another name.
        try n.apply(.addContact(Contact(name: "Sam", created: Fixtures.today)))
        #expect(try n.findContact("sam").name == "Sam")
        #expect(throws: LookupError.noContact("nobody")) { try n.findContact("nobody") }
        #expect(throws: LookupError.emptyName) { try n.findContact("  ") }
    }
}

@Suite struct StoreTests {
    @Test func anyTouchResetsTheCadenceAndFillsTheLedger() throws {
        var n = try Fixtures.network()
        let zoe = try n.findContact("zoe")
        #expect(n.touchState(of: zoe, today: Fixtures.today)?.status == .overdue)
        #expect(n.ledger(zoe.id).received == 2)
        try n.apply(.addInteraction(Interaction(contacts: [zoe.id], date: Fixtures.today, kind: .message, exchange: .gave)))
        #expect(n.lastTouch(zoe.id) == Fixtures.today)
        #expect(n.touchState(of: zoe, today: Fixtures.today)?.status == .ok)
        #expect(n.ledger(zoe.id).gave == 1)
        #expect(n.interactions(with: zoe.id).first?.date == Fixtures.today)
    }

    @Test func undoRestoresADeletedContactWithItsHistory() throws {
        var n = try Fixtures.network()
        let before = n
        let li = try n.findContact("李小龙")
        let undo = try n.apply(.deleteContact(li.id))
        #expect(n.contact(li.id) == nil)
        #expect(n.followUps.allSatisfy { $0.contact != li.id })
        #expect(n.interactions.allSatisfy { !$0.contacts.contains(li.id) })
        try n.apply(undo)
        #expect(n.contact(li.id) == li)
        #expect(Set(n.interactions) == Set(before.interactions))
        #expect(Set(n.followUps) == Set(before.followUps))
    }

    @Test func changesWithUnknownOrDuplicateIdsAreRefusedWithoutEffect() throws {
        var n = try Fixtures.network()
        let before = n
        #expect(throws: ChangeError.self) { try n.apply(.addContact(n.contacts[0])) }
        #expect(throws: ChangeError.self) {
            try n.apply(.addInteraction(Interaction(contacts: [Fixtures.uuid(999)], date: Fixtures.today)))
        }
        #expect(throws: ChangeError.self) {
            try n.apply(.batch([.addContact(Contact(name: "X", created: Fixtures.today)), .deleteFollowUp(Fixtures.uuid(999))]))
        }
        #expect(n == before)
    }

    /// A batch that fails part-way leaves every record where it was, in the same order, and the
    /// indexes answer as before: one of adds and updates (undone change by change) and one that
    /// deletes (whose deleted records would come back at the end if undone).
    @Test func aRefusedBatchLeavesEveryRecordWhereItWas() throws {
        var n = Demo.network(contacts: 40, seed: 8, today: Fixtures.today)
        _ = n.rememberNameOrder()
        let before = n
        let added = Contact(name: "Added", created: Fixtures.today)
        var renamed = n.contacts[3], retold = n.interactions[5]
        renamed.name = "Aaron Renamed"
        retold.contacts = [added.id]
        let failing = Change.updateEvent(Event(id: Fixtures.uuid(999), title: "Nowhere", date: Fixtures.today)) // (no delete)
        let batches: [[Change]] = [
            [.updateContact(renamed), .addContact(added), .addInteraction(Interaction(contacts: [added.id, renamed.id], date: Fixtures.today)),
             .updateInteraction(retold), .batch([.addEvent(Event(title: "New", date: Fixtures.today + 3))]), failing],
            [.deleteContact(n.contacts[7].id), .deleteInteraction(n.interactions[2].id), .addContact(added), failing],
            [.batch([.deleteEvent(n.events[0].id)]), failing],
        ]
        for batch in batches {
            #expect(throws: ChangeError.missing("event", Fixtures.uuid(999))) { try n.apply(.batch(batch)) }
            #expect(Array(n.contacts) == Array(before.contacts) && n.interactions == before.interactions)
            #expect(n.events == before.events && n.followUps == before.followUps)
            try IndexTests.expectSameAnswers(n, step: 0)
        }
    }
}

/// The store's id indexes and per-contact facts, which are kept in step by every change.
@Suite struct IndexTests {
    struct Item: Identifiable { var id: UUID }

    @Test func positionsAreFoundAsTheTableGrowsAndRepeatsAreRefused() throws {
        var items: [Item] = []
        var index = PositionIndex()
        for _ in 0..<5000 {
            let item = Item(id: UUID())
            let added = index.insert(item.id, at: items.count, in: items)
            #expect(added)
            items.append(item)
        }
        for (i, item) in items.enumerated() { #expect(index.position(of: item.id, in: items) == i) }
        #expect(index.position(of: UUID(), in: items) == nil)
        let again = index.insert(items[1234].id, at: items.count, in: items)
        #expect(!again)
        #expect(throws: ChangeError.duplicateID("thing", items[7].id)) { try PositionIndex(items + [items[7]], what: "thing") }
        #expect(PositionIndex().position(of: items[0].id, in: items) == nil)
    }

    /// Forgetting records keeps every other one found at its new position. The records a growing
    /// table moved sit anywhere in their runs (it moves them in slot order, not in the order they
    /// came), so forgetting one must move back the records after it in its run; and every record
    /// after a forgotten one moves back in the array. Records come and go in bursts here (the last
    /// ones, or a few anywhere, as a deleted contact's touches), across many growths, and every
    /// record is looked up after each burst.
    @Test func forgettingRecordsKeepsTheOthersFound() throws {
        var items = (0..<700).map { _ in Item(id: UUID()) }
        var index = try PositionIndex(items, what: "item")
        var seeded = SeededGenerator(seed: 5)
        for burst in 0..<60 {
            let n = Int(seeded.next() % 600) + 1
            switch burst % 3 {
            case 0:
                for _ in 0..<n {
                    let item = Item(id: UUID())
                    let added = index.insert(item.id, at: items.count, in: items)
                    #expect(added)
                    items.append(item)
                }
            case 1:
                for _ in 0..<min(n, items.count) {
                    let last = items.count - 1
                    index.remove(positions: [last], in: items)
                    #expect(index.position(of: items[last].id, in: items) == nil)
                    items.removeLast()
                }
            default:
                let gone = Set((0..<min(n % 9 + 1, items.count)).map { _ in Int(seeded.next() % UInt64(items.count)) }).sorted()
                let ids = gone.map { items[$0].id }
                index.remove(positions: gone, in: items)
                items.remove(atAscending: gone)
                #expect(!items.contains { ids.contains($0.id) }, "burst \(burst)")
                for id in ids { #expect(index.position(of: id, in: items) == nil, "burst \(burst)") }
            }
            for (i, item) in items.enumerated() { #expect(index.position(of: item.id, in: items) == i, "burst \(burst)") }
        }
        // Records placed in their runs before the ones after them in the array (here, the last
        // placed first): forgetting each last one moves others back into its slot.
        items = (0..<3000).map { _ in Item(id: UUID()) }
        index = PositionIndex()
        for p in items.indices.reversed() {
            let added = index.insert(items[p].id, at: p, in: items)
            #expect(added)
        }
        while !items.isEmpty {
            index.remove(positions: [items.count - 1], in: items)
            items.removeLast()
            if items.count % 250 == 0 {
                for (i, item) in items.enumerated() { #expect(index.position(of: item.id, in: items) == i, "\(items.count) left") }
            }
        }
    }

    /// Removing elements by position moves the rest without copying them: each remaining string
    /// is the same one, in the same order, and each removed one is released once.
    @Test func removingByPositionKeepsTheRestInOrder() {
        final class Tracked { static let lock = NSLock(); nonisolated(unsafe) static var alive = 0
            let n: Int
            init(_ n: Int) { self.n = n; Tracked.lock.withLock { Tracked.alive += 1 } }
            deinit { Tracked.lock.withLock { Tracked.alive -= 1 } }
        }
        for gone in [[0], [9], [3, 4, 5], [0, 2, 9], [1, 8], Array(0..<10), []] {
            do {
                var xs = (0..<10).map(Tracked.init)
                xs.remove(atAscending: gone)
                #expect(xs.map(\.n) == (0..<10).filter { !gone.contains($0) }, "\(gone)")
                #expect(Tracked.alive == 10 - gone.count, "\(gone)")
            }
            #expect(Tracked.alive == 0, "\(gone)")
        }
    }

    @Test func lastTouchesAndLedgersFollowAddsAndDeletes() throws {
        var n = try Fixtures.network()
        let zoe = Fixtures.uuid(1), li = Fixtures.uuid(2)
        #expect(n.lastTouch(zoe) == Fixtures.today - 30)
        #expect(n.ledger(zoe).received == 2)
        // A touch shared by two; then the first contact goes, and the other keeps their facts.
        try n.apply(.addInteraction(Interaction(contacts: [zoe, li], date: Fixtures.today - 1, exchange: .gave)))
        #expect(n.lastTouch(li) == Fixtures.today - 1)
        #expect(n.ledger(li).gave == 2)
        try n.apply(.deleteContact(zoe))
        #expect(n.lastTouch(zoe) == nil && n.ledger(zoe) == Ledger())
        #expect(n.lastTouch(li) == Fixtures.today - 1)
        #expect(n.interactions(with: li).map(\.date) == [Fixtures.today - 1, Fixtures.today - 25])
        let ada = Contact(name: "Ada", created: Fixtures.today)
        try n.apply(.addContact(ada))
        #expect(n.lastTouch(ada.id) == nil && n.interactions(with: ada.id).isEmpty)
    }

    @Test func indexesKeptInStepByChangesEqualIndexesBuiltFromScratch() throws {
        // Changes rebuild only what they touch; after any run of them, every lookup must
        // answer as in a network built afresh from the same records.
        var n = Demo.network(contacts: 60, seed: 4, today: Fixtures.today)
        var seeded = SeededGenerator(seed: 11)
        for step in 0..<400 {
            _ = n.rememberNameOrder() // (kept in step by the changes below, as the dashboard's is)
            let roll = Int(seeded.next() % 9)
            let c = n.contacts[Int(seeded.next() % UInt64(n.contacts.count))]
            switch roll {
            case 0: try n.apply(.addContact(Contact(name: "New \(step)", created: Fixtures.today)))
            case 1 where n.contacts.count > 20: try n.apply(.deleteContact(c.id))
            case 2, 3:
                let other = n.contacts[Int(seeded.next() % UInt64(n.contacts.count))]
                try n.apply(.addInteraction(Interaction(contacts: Set([c.id, other.id]).sorted { $0.uuidString < $1.uuidString },
                                                        date: Fixtures.today - Int(seeded.next() % 200), exchange: .gave)))
            case 4 where !n.interactions.isEmpty:
                var it = n.interactions[Int(seeded.next() % UInt64(n.interactions.count))]
                it.contacts = [c.id]
                it.date = Fixtures.today - Int(seeded.next() % 50)
                it.exchange = .received
                try n.apply(.updateInteraction(it))
            case 5 where !n.interactions.isEmpty:
                // Half the time the last one, as when a touch just logged is undone (its own path).
                let i = seeded.next() % 2 == 0 ? n.interactions.count - 1 : Int(seeded.next() % UInt64(n.interactions.count))
                try n.apply(.deleteInteraction(n.interactions[i].id))
            case 6 where !n.events.isEmpty: try n.apply(.deleteEvent(n.events[Int(seeded.next() % UInt64(n.events.count))].id))
            case 7 where !n.followUps.isEmpty:
                try n.apply(.deleteFollowUp(n.followUps[Int(seeded.next() % UInt64(n.followUps.count))].id))
            case 8: // renamed: to a new name, to another's (equal names go by id), or left as it is
                var renamed = c
                let other = n.contacts[Int(seeded.next() % UInt64(n.contacts.count))]
                renamed.name = [c.name, other.name, "Renamed \(step)", "a\(step)"][Int(seeded.next() % 4)]
                renamed.notes = "step \(step)"
                try n.apply(.updateContact(renamed))
            default: break
            }
            try Self.expectSameAnswers(n, step: step)
        }
    }

    static func expectSameAnswers(_ n: Network, step: Int) throws {
        let fresh = try Network(contacts: Array(n.contacts), interactions: n.interactions, events: n.events, followUps: n.followUps,
                                settings: n.settings)
        for c in n.contacts {
            #expect(n.contact(c.id) == c && n.lastTouch(c.id) == fresh.lastTouch(c.id) && n.ledger(c.id) == fresh.ledger(c.id),
                    "step \(step)")
            #expect(n.interactions(with: c.id) == fresh.interactions(with: c.id), "step \(step)")
        }
        for it in n.interactions { #expect(n.interaction(it.id) == it, "step \(step)") }
        for e in n.events { #expect(n.event(e.id) == e, "step \(step)") }
        for f in n.followUps { #expect(n.followUp(f.id) == f, "step \(step)") }
        #expect(n.nameKeys == fresh.nameKeys, "step \(step)")
        #expect(n.nameOrder == fresh.nameOrder, "step \(step)")
    }
}

/// The order by name (`Network.nameOrder`): the dashboard's first order and `kith list`'s.
@Suite struct NameOrderTests {
    @Test func theNameOrderIsStringOrderOfTheFoldedNames() throws {
        // The sort compares 24-byte prefixes of ASCII keys first (as three words); it must give exactly the order
        // of comparing the folded names as strings (then ids), whatever the names.
        var n = Network()
        let names = ["Ana", "ana", "Anabel", "Anastasia Long-Surname", "Anastasia Long-Surnamf", "Anastasi", "Anastasia",
                     "Zoë", "Zoe", "Zoé Ångström", "李小龙", "Ólafur", "Olafur", "O\u{301}lafur", "a\u{0}b", "a", "",
                     "Renée Dubois", "Rene\u{301}e Dubois", "12345678", "123456789", "Ωmega", "émile", "Emile Zola",
                     "abcdefghijklmnop", "abcdefghijklmnope\u{301}", "abcdefghijklmnopf", "abcdefghijklmnoe\u{301}",
                     "abcdefghijklmnoe", "abcdefghijklmnof", "Anastasia Long-Surname é", "Anastasia Long-Surname z",
                     "abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvwxe\u{301}", "abcdefghijklmnopqrstuvwe\u{301}",
                     "abcdefghijklmnopqrstuvwy", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxé", "abcdefghijklmnopqrstuvwxf"]
        for name in names + names { try n.apply(.addContact(Contact(name: name, created: Fixtures.today))) }
        let keys = n.nameKeys, contacts = n.contacts
        let reference = Array(contacts.indices).sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : contacts[a].id.uuidString < contacts[b].id.uuidString
        }
        #expect(n.nameOrder == reference)
    }

    /// The sort's word prefixes must hold for any keys, not only folded ones (folding drops the
    /// combining marks that could change how the last byte of a prefix compares).
    @Test func theSortIsStringOrderForUnfoldedKeysToo() {
        let stems = ["abcdefgh", "abcdefghijklmnop", "abcdefghijklmnopqrstuvwx", "abcdefghijklmnopqrstuvw"]
        let keys = stems.flatMap { s in [s, s + "e\u{301}", s + "f", s + "e", s + "é", s + "e\u{301}a", s + "\u{338}"] }
        let contacts = keys.map { Contact(name: $0, created: Fixtures.today) }
        let reference = keys.indices.sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : contacts[a].id.uuidString < contacts[b].id.uuidString
        }
        #expect(Network.sortByName(keys: keys, contacts: contacts) == reference)
    }

    /// From 4,096 names, the halves are sorted on two threads and merged: the order must be the
    /// one thread's, with equal names on both sides of the middle.
    @Test func aLongListSortedInHalvesKeepsTheOrder() {
        let stems = ["Ana", "ana", "Zoë", "Zoe", "李小龙", "Anastasia Long-Surname", "Anastasia Long-Surnamf",
                     "abcdefghijklmnopqrstuvwxe\u{301}", "abcdefghijklmnopqrstuvwx", ""]
        let keys = (0..<5000).map { i in Fold.key(stems[i % stems.count] + (i % 7 == 0 ? "" : " \(i % 97)")) } // (over 4,096)
        let contacts = keys.map { Contact(name: $0, created: Fixtures.today) }
        let reference = keys.indices.sorted { a, b in
            keys[a] != keys[b] ? keys[a] < keys[b] : contacts[a].id.uuidString < contacts[b].id.uuidString
        }
        #expect(Network.sortByName(keys: keys, contacts: contacts) == reference)
    }

    /// Where two prefixes exist and differ, they order as the strings do, in three words (the
    /// name sort's), five (the queue's titles share "get in touch with ") and one between.
    @Test func prefixesOrderAsTheirStringsDo() {
        // Stems one and two bytes short of each length, so that a mark after the prefix's last
        // byte counts, and a Latin-1 letter is cut in half.
        let stems = ["get in touch with ", "get in touch with Anast", "get in touch with Anastasia Lon",
                     "get in touch with Anastasia Long-Surnam", "abcdefgh", "get in touch with Anas", "get in touch with Anastasia Lo",
                     "get in touch with Anastasia Long-Surna", "abcdefg"]
        let endings: [String] = ["", "e\u{301}", "f", "e", "é", "e\u{301}a", "\u{338}", "Zoë", "Zoe", "Å\u{301}", "Å", "A\u{30A}",
                                 "Æ", "ÿ", "Ā", "ß", "\u{A0}", "Ö", "o\u{308}", "Ǻ", "é\u{301}", "Øx", "\u{7F}", "\u{80}"]
        let texts: [String] = stems.flatMap { s in endings.map { s + $0 } }
        func check<let words: Int>(_: OrderPrefix<words>.Type) {
            for a in texts {
                for b in texts {
                    guard let pa = OrderPrefix<words>(a), let pb = OrderPrefix<words>(b), pa != pb else { continue }
                    #expect((pa < pb) == (a < b), "\(words) words: \(a) against \(b)")
                }
            }
        }
        check(OrderPrefix<3>.self)
        check(OrderPrefix<4>.self)
        check(OrderPrefix<5>.self)
        // A title's prefix is taken from its parts (the queue's "get in touch with " + name):
        // the same as from the whole, wherever it is cut.
        for t in texts {
            let utf8 = Array(t.utf8)
            for i in stride(from: 0, through: utf8.count, by: 3) {
                for j in stride(from: i, through: utf8.count, by: 5) {
                    #expect(OrderPrefix<5>(utf8: utf8[..<i], utf8[i..<j], utf8[j...]) == OrderPrefix<5>(t), "\(t) cut at \(i), \(j)")
                }
            }
        }
    }

    /// The order is kept while only touches change, and made again when a contact changes.
    /// The contacts of one folded name are found by the kept order as by looking at every name.
    @Test func contactsOfANameAreFoundByTheOrder() throws {
        var n = Network()
        for name in ["Cleo", "abe", "Abe", "Bea", "Äbe", "Abel", "Ab", "Zed", "abe"] {
            try n.apply(.addContact(Contact(name: name, created: Fixtures.today)))
        }
        let unsorted = ["abe", "ab", "abel", "bea", "zed", "cleo", "nobody", "", "a", "zz"].map { n.positions(withNameKey: $0) }
        _ = n.rememberNameOrder()
        for (k, key) in ["abe", "ab", "abel", "bea", "zed", "cleo", "nobody", "", "a", "zz"].enumerated() {
            let found = n.positions(withNameKey: key)
            #expect(found == unsorted[k], "\(key)")
            #expect(Set(found) == Set(n.contacts.indices.filter { Fold.key(n.contacts[$0].name) == key }), "\(key)")
        }
        #expect(n.positions(withNameKey: "abe").count == 4)
    }

    /// A kept order survives a logged touch, follows a contact added or renamed (one position
    /// placed, not a sort), and loses a contact deleted (the later positions moved back).
    @Test func aKeptOrderFollowsTheContacts() throws {
        var n = Network()
        for name in ["Cleo", "Abe", "Bea"] { try n.apply(.addContact(Contact(name: name, created: Fixtures.today))) }
        #expect(n.rememberNameOrder() == [1, 2, 0])
        try n.apply(.addInteraction(Interaction(contacts: [n.contacts[0].id], date: Fixtures.today)))
        #expect(n.knownNameOrder == [1, 2, 0])
        var cleo = n.contacts[0]
        cleo.name = "Aaron"
        try n.apply(.updateContact(cleo))
        #expect(n.knownNameOrder == [0, 1, 2])
        try n.apply(.addContact(Contact(name: "Bee", created: Fixtures.today)))
        #expect(n.knownNameOrder == [0, 1, 2, 3])
        try n.apply(.addContact(Contact(name: "Ada", created: Fixtures.today)))
        #expect(n.knownNameOrder == [0, 1, 4, 2, 3])
        try n.apply(.deleteContact(n.contacts[1].id))
        #expect(n.knownNameOrder == [0, 3, 1, 2])
        #expect(n.nameOrder == [0, 3, 1, 2])
    }
}
