import Foundation
import KithHarness
import Testing
@testable import KithCore

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

@Suite struct MigrationTests {
    @Test func aVersion1FileIsUpgradedInMemoryAndOnTheNextSaveAfterABackup() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        let v1 = try Data(contentsOf: fixtures.appendingPathComponent("network-v1.plist"))
        try v1.write(to: URL(fileURLWithPath: path))
        #expect(try NetworkCodec.decodeRecords(v1).version == 1)

        var doc = try NetworkDocument.open(path)
        #expect(doc.loadedVersion == 1)
        #expect(doc.network.contacts.count == 6)
        let zoe = try doc.network.findContact("zoe")
        #expect(doc.network.lastTouch(zoe.id) != nil)
        // Reading alone changes nothing on disk.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == v1)

        try doc.apply(.addContact(Contact(name: "After Upgrade", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + ".v1.bak")) == v1)
        let saved = try Data(contentsOf: URL(fileURLWithPath: path))
        let records = try NetworkCodec.decodeRecords(saved)
        #expect(records.version == NetworkCodec.formatVersion)
        let zoeAt = try #require(records.contacts.firstIndex { $0.id == zoe.id })
        #expect(records.summaries[zoeAt].lastTouch == doc.network.lastTouch(zoe.id))
        #expect(NetworkCheck.problems(records, today: Fixtures.today).isEmpty)
        #expect(try NetworkDocument.open(path).loadedVersion == NetworkCodec.formatVersion)
    }

    @Test func theMigrationDerivesWhatVersion2Stores() throws {
        let v1 = try Data(contentsOf: fixtures.appendingPathComponent("network-v1.plist"))
        var records = try NetworkCodec.decodeRecords(v1)
        #expect(records.summaries.isEmpty)
        Migrations.upgrade(&records)
        #expect(records.version == 2)
        let n = try NetworkCodec.network(from: records)
        #expect(records.summaries.count == n.contacts.count)
        for (c, summary) in zip(n.contacts, records.summaries) {
            #expect(summary.lastTouch == n.lastTouch(c.id))
            #expect(summary.ledger == n.ledger(c.id))
        }
    }
}

@Suite struct CheckTests {
    @Test func everyProblemIsReportedWithItsPlace() throws {
        var r = NetworkRecords()
        let a = Contact(id: Fixtures.uuid(1), name: "Ada", metAt: Fixtures.uuid(77), created: Fixtures.today)
        r.contacts = [a, a, Contact(id: Fixtures.uuid(2), name: " ", created: Fixtures.today + 3)]
        r.interactions = [Interaction(id: Fixtures.uuid(10), contacts: [Fixtures.uuid(99)], date: Fixtures.today + 1),
                          Interaction(id: Fixtures.uuid(11), contacts: [], date: Fixtures.today)]
        r.events = [Event(id: Fixtures.uuid(20), title: "Meetup", date: Fixtures.today, met: [Fixtures.uuid(98)])]
        r.followUps = [FollowUp(id: Fixtures.uuid(30), contact: Fixtures.uuid(97), due: Fixtures.today, note: "x"),
                       FollowUp(id: Fixtures.uuid(31), due: Fixtures.today, note: "nobody")]
        r.summaries = [ContactSummary(lastTouch: Fixtures.today), ContactSummary(lastTouch: Fixtures.today), ContactSummary()]
        let problems = NetworkCheck.problems(r, today: Fixtures.today)
        let expected = [
            "contacts[1]: duplicate id", "contacts[0] (Ada): metAt refers to a missing event",
            "contacts[2]: the name is empty", "which is after today", "interactions[0]: refers to a missing contact",
            "interactions[1]: is with nobody", "events[0] (Meetup): met refers to a missing contact",
            "followUps[0]: refers to a missing contact", "followUps[1] (nobody): is about nobody",
            "lastTouch says 2026-11-30 but its interactions say never",
        ]
        for e in expected { #expect(problems.contains { $0.contains(e) }, "\(e)") }
        #expect(NetworkCheck.problems(NetworkRecords(), today: Fixtures.today).isEmpty)
    }
}

@Suite struct BackupTests {
    @Test func oneCopyPerDayForTheLastSevenDays() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        var doc = try NetworkDocument.open(path)
        for day in 0..<10 {
            try doc.apply(.addContact(Contact(name: "Day \(day)", created: Fixtures.today + day)))
            try doc.save(today: Fixtures.today + day)
            try doc.apply(.addContact(Contact(name: "Day \(day) later", created: Fixtures.today + day)))
            try doc.save(today: Fixtures.today + day)
        }
        let copies = Backups.list(path).filter { $0.day != nil }
        #expect(copies.count == 7)
        #expect(copies.first?.day == Fixtures.today + 9)
        #expect(copies.last?.day == Fixtures.today + 3)
        // Each day's copy is the file as it was before that day's first save.
        let day9 = try NetworkDocument.open(Backups.daily(path, Fixtures.today + 9)).network
        #expect(day9.contacts.count == 18)
        #expect(try NetworkDocument.open(path + ".bak").network.contacts.count == 19)
    }

    /// A save killed after its backup but before its write leaves `.bak` a link to the file
    /// itself; the next save's backup must still leave no temporary file behind.
    @Test func aBackupOverAnIdenticalBakLeavesNoTemporaryFile() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        var doc = try NetworkDocument.open(path)
        try doc.apply(.addContact(Contact(name: "First", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        unlink(path + ".bak")
        #expect(link(path, path + ".bak") == 0)
        try doc.apply(.addContact(Contact(name: "Second", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.url.path)
        #expect(names.filter { $0.contains(".tmp-") }.isEmpty, "\(names)")
        #expect(try NetworkDocument.open(path + ".bak").network.contacts.map(\.name) == ["First"])
    }

    @Test func restoreBringsAVersionBackAndKeepsTheCurrentOne() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        var doc = try NetworkDocument.open(path)
        try doc.apply(.addContact(Contact(name: "First", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        try doc.apply(.addContact(Contact(name: "Second", created: Fixtures.today)))
        try doc.save(today: Fixtures.today + 1)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let copy = try #require(Backups.list(path).first { $0.day == Fixtures.today + 1 })
        try Backups.restore(path, from: copy, today: Fixtures.today + 1)
        #expect(try NetworkDocument.open(path).network.contacts.map(\.name) == ["First"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + ".bak")) == before)
        // A kept version kith cannot read is refused, and nothing changes.
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: copy.path))
        let now = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: FileError.self) { try Backups.restore(path, from: copy, today: Fixtures.today + 1) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == now)
    }

    @Test func loadErrorsPointAtTheKeptVersions() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        var doc = try NetworkDocument.open(path)
        try doc.apply(.addContact(Contact(name: "A", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        try doc.apply(.addContact(Contact(name: "B", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        try Data("<?xml".utf8).write(to: URL(fileURLWithPath: path))
        do { _ = try NetworkDocument.open(path); Issue.record("opened garbage") } catch {
            #expect("\(error)".contains("network.plist.bak"))
            #expect("\(error)".contains("kith restore"))
        }
    }

    @Test func aSymlinkLoopAndAnEmptyFileAreClearErrors() throws {
        let dir = try TempDir()
        let a = dir.path("a.plist"), b = dir.path("b.plist")
        symlink(b, a); symlink(a, b)
        #expect(throws: NetworkDocument.LoadError.self) { try NetworkDocument.open(a) }
        do { _ = try NetworkDocument.open(a); Issue.record("a symlink loop opened") } catch { #expect("\(error)".contains("symbolic links")) }
        let empty = dir.path("empty.plist")
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        do { _ = try NetworkDocument.open(empty); Issue.record("an empty file opened") } catch { #expect("\(error)".contains("the file is empty")) }
    }
}

/// Thousands of damaged files: the loader never crashes or hangs; it either reports an error or
/// loads a network that survives its own round trip.
@Suite struct LoaderFuzzTests {
    @Test func mutatedAndRandomFilesNeverCrashTheLoader() throws {
        var rng = SeededGenerator(seed: 0xC0FFEE)
        let seeds: [[UInt8]] = [
            NetworkCodec.encode(Demo.network(contacts: 4, seed: 1, today: Fixtures.today)),
            NetworkCodec.encode(try Fixtures.network()),
            Array(try Data(contentsOf: fixtures.appendingPathComponent("network-v1.plist"))),
        ]
        var loaded = 0, refused = 0
        for i in 0..<3000 {
            var bytes = seeds[i % seeds.count]
            let r = Int(rng.next() % 8)
            let at = Int(rng.next() % UInt64(bytes.count))
            switch r {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())                       // flip a byte
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + Int(rng.next() % 64))) // cut a range
            case 2: bytes = Array(bytes.prefix(at))                                          // truncate
            case 3: bytes.insert(contentsOf: (0..<Int(rng.next() % 16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
            case 4: let end = min(bytes.count, at + Int(rng.next() % 200)); bytes.insert(contentsOf: bytes[at..<end], at: at) // duplicate
            case 5: bytes = (0..<Int(rng.next() % 512)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } // noise
            case 6: // swap a tag name for another
                let tags = ["string", "integer", "dict", "array", "key", "date", "real", "true"]
                var text = String(decoding: bytes, as: UTF8.self)
                if let range = text.range(of: tags[Int(rng.next() % 8)], range: text.index(text.startIndex, offsetBy: min(at, text.count))..<text.endIndex) {
                    text.replaceSubrange(range, with: tags[Int(rng.next() % 8)])
                }
                bytes = Array(text.utf8)
            default: if at > 0 { bytes[at] = [0x3C, 0x3E, 0x26, 0x2F, 0x00, 0xFF][Int(rng.next() % 6)] } // a markup byte
            }
            do {
                let n = try NetworkCodec.decode(Data(bytes))
                #expect(try NetworkCodec.decode(Data(NetworkCodec.encode(n))) == n)
                loaded += 1
            } catch is NetworkCodec.DecodeError {
                refused += 1
            }
            // The dashboard's two-step read never crashes either, and whatever it accepts in
            // two steps it holds the same interactions as the whole read.
            if let records = try? NetworkCodec.decodeRecords(bytes, deferringHistory: true), records.deferredInteractions != nil {
                let later = try? NetworkCodec.decodeInteractions(bytes, locatedBy: records)
                if let whole = try? NetworkCodec.decodeRecords(bytes), let later { #expect(later == whole.interactions) }
            }
        }
        #expect(loaded + refused == 3000)
        // Inputs the libFuzzer run found: each must load and survive its own round trip.
        let found = fixtures.appendingPathComponent("fuzz")
        for name in try FileManager.default.contentsOfDirectory(atPath: found.path) {
            let data = try Data(contentsOf: found.appendingPathComponent(name))
            if let n = try? NetworkCodec.decode(data) {
                #expect(try NetworkCodec.decode(Data(NetworkCodec.encode(n))) == n, "\(name)")
            }
        }
        #expect(refused > 1000 && loaded > 10) // both paths were exercised
    }
}
