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
        // Written before kith put the history last (settings after it), so the interactions are
        // stepped over: a comment inside them (a hand edit) is not skipped blindly, it is read whole.
        let n = Demo.network(contacts: 5, seed: 13, today: Fixtures.today)
        /// Writes `text` as a file and opens it as the dashboard does.
        func open(_ text: String, as name: String) throws -> (NetworkDocument, NetworkDocument.DeferredHistory?) {
            try text.write(toFile: dir.path(name), atomically: true, encoding: .utf8)
            return try NetworkDocument.openDeferringHistory(dir.path(name))
        }
        let comment = ("<key>interactions</key>\n\t<array>", "<key>interactions</key>\n\t<array><!-- <array> -->")
        let oldOrder = try #require(Self.settingsLast(String(decoding: NetworkCodec.encode(n), as: UTF8.self)))
        var (s, hs) = try open(oldOrder, as: "settings-last.plist")
        try s.attachHistory(try #require(hs).load())
        #expect(s.network == n)
        let (doc, h2) = try open(oldOrder.replacingOccurrences(of: comment.0, with: comment.1), as: "commented.plist")
        #expect(h2 == nil && doc.network == n)
        // As kith writes it now, the history comes last and is read by the full reader later,
        // comments and all; whatever follows it must still be the file's proper end.
        let text = String(decoding: NetworkCodec.encode(n), as: UTF8.self)
        var (l, hl) = try open(text.replacingOccurrences(of: comment.0, with: comment.1), as: "history-last.plist")
        try l.attachHistory(try #require(hl).load())
        #expect(l.network == n)
        let (_, ht) = try open(text.replacingOccurrences(of: "</array>\n</dict>\n</plist>", with: "</array>\n<key>x</key><true/></dict>\n</plist>"),
                               as: "trailing.plist")
        #expect(throws: NetworkDocument.LoadError.self) { try #require(ht).load() }
    }

    /// The file as kith wrote it before the history went last: settings at the end.
    static func settingsLast(_ text: String) -> String? {
        guard let start = text.range(of: "\t<key>settings</key>\n"), let end = text.range(of: "\t<key>interactions</key>") else { return nil }
        let settings = text[start.lowerBound..<end.lowerBound]
        var out = text
        out.removeSubrange(start.lowerBound..<end.lowerBound)
        return out.replacingOccurrences(of: "</array>\n</dict>\n</plist>", with: "</array>\n" + settings + "</dict>\n</plist>")
    }
}
