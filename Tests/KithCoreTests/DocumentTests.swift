import Foundation
import KithHarness
import Testing
@testable import KithCore

@Suite struct DocumentTests {
    @Test func aMissingFileOpensEmptyAndIsCreatedPrivateOnFirstSave() throws {
        let dir = try TempDir()
        let path = dir.path("new/sub/network.plist")
        var doc = try NetworkDocument.open(path)
        #expect(!doc.existsOnDisk)
        #expect(doc.network.contacts.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
        try doc.apply(.addContact(Contact(name: "Ada", created: Fixtures.today)))
        #expect(try doc.save(today: Fixtures.today) == .saved)
        let attrs = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: dir.path("new/sub"))
        #expect((folder[.posixPermissions] as? Int) == 0o700)
        #expect(try NetworkDocument.open(path).network.contacts.map(\.name) == ["Ada"])
    }

    @Test func anExistingFileKeepsItsModeAndItsPreviousVersion() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        try NetworkDocument.create(try Fixtures.network(), at: path, overwrite: false, today: Fixtures.today)
        chmod(path, 0o640)
        var doc = try NetworkDocument.open(path)
        try doc.apply(.addContact(Contact(name: "Ada", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o640)
        #expect(try NetworkDocument.open(path + ".bak").network.contacts.count == 4)
        #expect(throws: FileError.self) { try NetworkDocument.create(Network(), at: path, overwrite: false, today: Fixtures.today) }
    }

    @Test func twoWritersNeverLoseEachOthersChanges() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        try NetworkDocument.create(try Fixtures.network(), at: path, overwrite: false, today: Fixtures.today)
        var a = try NetworkDocument.open(path)
        var b = try NetworkDocument.open(path)
        try a.apply(.addContact(Contact(name: "From A", created: Fixtures.today)))
        try b.apply(.addContact(Contact(name: "From B", created: Fixtures.today)))
        #expect(try a.save(today: Fixtures.today) == .saved)
        #expect(try b.save(today: Fixtures.today) == .savedAfterMerge)
        let names = Set(try NetworkDocument.open(path).network.contacts.map(\.name))
        #expect(names.isSuperset(of: ["From A", "From B"]))
        #expect(try a.reloadIfChanged())
        #expect(Set(a.network.contacts.map(\.name)) == names)
    }

    @Test func aFileKithCannotReadIsReportedAndLeftUntouched() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        let garbage = Data("<?xml version=\"1.0\"?><plist><dict><key>formatVersion</key><integer>1</integer><key>contacts</key><array><dict>".utf8)
        try garbage.write(to: URL(fileURLWithPath: path))
        do {
            _ = try NetworkDocument.open(path)
            Issue.record("a truncated file opened")
        } catch let e as NetworkDocument.LoadError {
            #expect(e.description.contains(path))
            #expect(e.description.contains("unexpected end of file"))
            #expect(e.description.contains("left untouched"))
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        #expect(throws: NetworkDocument.LoadError.self) { try NetworkDocument.open(dir.url.path) }
    }
}

/// The dashboard's load: everything but the interactions first, the interactions after.
@Suite struct DeferredHistoryTests {
    @Test func theFirstScreenFactsEqualAWholeLoadAndNothingIsWrittenUntilTheHistoryIsIn() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        let full = Demo.network(contacts: 80, seed: 12, today: Fixtures.today)
        try NetworkDocument.create(full, at: path, overwrite: false, today: Fixtures.today)
        var (doc, history) = try NetworkDocument.openDeferringHistory(path)
        let h = try #require(history)
        #expect(doc.network.historyPending && doc.network.interactions.isEmpty)
        for c in full.contacts {
            #expect(doc.network.lastTouch(c.id) == full.lastTouch(c.id))
            #expect(doc.network.ledger(c.id) == full.ledger(c.id))
        }
        #expect(doc.network.nurtureQueue(today: Fixtures.today) == full.nurtureQueue(today: Fixtures.today))
        // Nothing can change or be saved before the interactions are in.
        #expect(throws: ChangeError.historyNotLoaded) {
            try doc.apply(.addContact(Contact(name: "Too Early", created: Fixtures.today)))
        }
        #expect(doc.prepareSave(today: Fixtures.today) == nil)
        try doc.attachHistory(try h.load())
        #expect(doc.network == full)
        #expect(!doc.network.historyPending)
        try doc.apply(.addContact(Contact(name: "Now", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        #expect(try NetworkDocument.open(path).network.interactions.count == full.interactions.count)
    }

    @Test func olderOrUnusualFilesAreReadWhole() throws {
        let dir = try TempDir()
        // Version 1 stores no summaries: its interactions are needed at once.
        let v1 = dir.path("v1.plist")
        try Data(contentsOf: fixtures.appendingPathComponent("network-v1.plist")).write(to: URL(fileURLWithPath: v1))
        let (old, h1) = try NetworkDocument.openDeferringHistory(v1)
        #expect(h1 == nil && !old.network.historyPending && !old.network.interactions.isEmpty)
        // A comment inside the interactions (a hand edit): not skipped blindly, read whole.
        let path = dir.path("commented.plist")
        let n = Demo.network(contacts: 5, seed: 13, today: Fixtures.today)
        let text = String(decoding: NetworkCodec.encode(n), as: UTF8.self)
            .replacingOccurrences(of: "<key>interactions</key>\n\t<array>", with: "<key>interactions</key>\n\t<array><!-- <array> -->")
        #expect(text.contains("<!-- <array> -->"))
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let (doc, h2) = try NetworkDocument.openDeferringHistory(path)
        #expect(h2 == nil && doc.network == n)
    }
}
