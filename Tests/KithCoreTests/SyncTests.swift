import Foundation
import KithHarness
import Testing
@testable import KithCore

/// One sync of `n` with `dir` (and `events`), as the CLI does it: network first, then files.
@discardableResult
func sync(_ n: inout Network, _ dir: String, events: String? = nil, networkPath: String = "/laptop/network.plist",
          force: Bool = false, day: Day = Fixtures.today) throws -> VdirSync.Outcome {
    let plan = try VdirSync(contactsDir: dir, eventsDir: events, networkPath: networkPath).plan(n, clock: Clock(today: day), force: force)
    try n.apply(.batch(plan.changes))
    try plan.commitFiles()
    return plan.outcome
}

func vcfNames(_ dir: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".vcf") }.sorted()
}

/// Copies one vdir's items onto another, deletions included: what vdirsyncer does through a server.
func mirror(_ from: String, _ to: String, ext: String) throws {
    let fm = FileManager.default
    let src = Set(try fm.contentsOfDirectory(atPath: from).filter { $0.hasSuffix("." + ext) })
    if !fm.fileExists(atPath: to) { try fm.createDirectory(atPath: to, withIntermediateDirectories: true) }
    for name in try fm.contentsOfDirectory(atPath: to) where name.hasSuffix("." + ext) && !src.contains(name) { try fm.removeItem(atPath: to + "/" + name) }
    for name in src {
        let data = try Data(contentsOf: URL(fileURLWithPath: from + "/" + name))
        if (try? Data(contentsOf: URL(fileURLWithPath: to + "/" + name))) != data { try data.write(to: URL(fileURLWithPath: to + "/" + name)) }
    }
}

/// What differs between two networks, item by item, ignoring order (for short failure messages).
func differences(_ a: Network, _ b: Network) -> [String] {
    func diff<T: Identifiable & Hashable>(_ x: [T], _ y: [T], _ what: String) -> [String] where T.ID == UUID {
        let (sx, sy) = (Set(x), Set(y))
        return sx.subtracting(sy).map { "\(what) \($0.id) only or different in the first" } + sy.subtracting(sx).map { "\(what) \($0.id) only or different in the second" }
    }
    return diff(Array(a.contacts), Array(b.contacts), "contact") + diff(a.interactions, b.interactions, "interaction")
        + diff(a.events, b.events, "event") + diff(a.followUps, b.followUps, "follow-up")
}

/// Rewrites a contact's card in a vdir, as another program editing it would.
func editCard(in dir: String, of id: UUID, _ edit: (String) -> String) throws {
    let path = dir + "/" + id.uuidString.lowercased() + ".vcf"
    try edit(try String(contentsOfFile: path, encoding: .utf8)).write(toFile: path, atomically: true, encoding: .utf8)
}

/// A demo network already synced once with a fresh contacts vdir.
func syncedDemo(contacts: Int, seed: UInt64) throws -> (tmp: TempDir, dir: String, network: Network) {
    let tmp = try TempDir()
    var n = Demo.network(contacts: contacts, seed: seed, today: Fixtures.today)
    try sync(&n, tmp.path("contacts"))
    return (tmp, tmp.path("contacts"), n)
}

@Suite struct VdirSyncTests {
    @Test func changesAndDeletionsFlowBothWays() throws {
        let tmp = try TempDir()
        let dir = tmp.path("contacts"), cal = tmp.path("calendar")
        var n = Demo.network(contacts: 12, seed: 4, today: Fixtures.today)
        var o = try sync(&n, dir, events: cal)
        #expect(o.written == 12 + n.events.count && o.toKith.added == 0)
        #expect(vcfNames(dir).count == 12)
        // Nothing changed: nothing to do.
        o = try sync(&n, dir, events: cal)
        #expect(o.written == 0 && o.toKith.updated == 0 && o.lines.isEmpty, "\(o.lines)")
        // A card edited in the folder (as khard would) updates the contact.
        let ada = n.contacts[1]
        let path = dir + "/" + ada.id.uuidString.lowercased() + ".vcf"
        try editCard(in: dir, of: ada.id) { $0.replacingOccurrences(of: "FN:" + ada.name, with: "FN:Renamed In Folder") }
        o = try sync(&n, dir, events: cal)
        #expect(n.contact(ada.id)?.name == "Renamed In Folder")
        #expect(o.toKith.updated == 1 && o.written == 0)
        // A touch logged here rewrites that card only.
        try n.apply(.addInteraction(Interaction(contacts: [ada.id], date: Fixtures.today, kind: .call, note: "logged on this laptop", exchange: .gave)))
        o = try sync(&n, dir, events: cal)
        #expect(o.written == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("logged on this laptop"))
        // Deleted in the folder → deleted here; deleted here → deleted in the folder.
        let gone = n.contacts[2], dropped = n.contacts[3]
        try FileManager.default.removeItem(atPath: dir + "/" + gone.id.uuidString.lowercased() + ".vcf")
        try n.apply(.deleteContact(dropped.id))
        o = try sync(&n, dir, events: cal)
        #expect(n.contact(gone.id) == nil && o.deletedInKith == 1)
        #expect(!vcfNames(dir).contains(dropped.id.uuidString.lowercased() + ".vcf") && o.deletedFiles == 1)
        #expect(vcfNames(dir).count == 10 && n.contacts.count == 10)
    }

    @Test func aChangeOnBothSidesKeepsBothAndSaysSo() throws {
        var (tmp, dir, n) = try syncedDemo(contacts: 3, seed: 5)
        _ = tmp
        var c = n.contacts[0]
        let path = dir + "/" + c.id.uuidString.lowercased() + ".vcf"
        try editCard(in: dir, of: c.id) { $0.replacingOccurrences(of: "FN:" + c.name, with: "FN:Folder Name") }
        c.name = "Network Name"
        try n.apply(.updateContact(c))
        let o = try sync(&n, dir)
        #expect(o.conflicts.count == 1)
        #expect(n.contact(c.id)?.name == "Network Name")
        #expect(n.contacts.contains { $0.name == "Folder Name (conflict 2026-11-30)" })
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("FN:Network Name"))
        // The next sync carries the kept copy to the folder and then settles.
        try sync(&n, dir)
        #expect(vcfNames(dir).count == 4)
        let settled = try sync(&n, dir)
        #expect(settled.lines.isEmpty && settled.conflicts.isEmpty)
    }

    @Test func aSyncCutOffAfterSavingTheNetworkIsMendedByTheNext() throws {
        var (tmp, dir, n) = try syncedDemo(contacts: 4, seed: 10)
        _ = tmp
        let c = n.contacts[0]
        // As a phone would: another writer, another layout, a new phone number.
        try editCard(in: dir, of: c.id) {
            $0.replacingOccurrences(of: "END:VCARD", with: "TEL:+1 555 0199\r\nEND:VCARD")
                .replacingOccurrences(of: "PRODID:-//kith//kith 0.1//EN\r\n", with: "")
        }
        let plan = try VdirSync(contactsDir: dir, eventsDir: nil, networkPath: "/laptop/network.plist").plan(n, clock: Clock(today: Fixtures.today), force: false)
        try n.apply(.batch(plan.changes)) // saved … and then the power went out
        #expect(n.contact(c.id)?.phones.contains("+1 555 0199") == true)
        let o = try sync(&n, dir)
        #expect(o.conflicts.isEmpty && o.toKith.updated == 0, "\(o.conflicts) \(o.lines)")
        #expect(try sync(&n, dir).lines.isEmpty)
    }

    @Test func anEmptiedSideNeedsForceBeforeAnythingIsDeleted() throws {
        let tmp = try TempDir()
        let dir = tmp.path("contacts")
        var n = Demo.network(contacts: 5, seed: 6, today: Fixtures.today)
        try sync(&n, dir)
        for name in vcfNames(dir) { try FileManager.default.removeItem(atPath: dir + "/" + name) }
        #expect(throws: VdirSync.Failure.self) { try sync(&n, dir) }
        #expect(n.contacts.count == 5)
        try sync(&n, dir, force: true)
        #expect(n.contacts.isEmpty)
        // The reverse: an emptied network would empty the folder.
        var m = Demo.network(contacts: 4, seed: 7, today: Fixtures.today)
        let other = tmp.path("other")
        try sync(&m, other)
        var empty = m
        for c in m.contacts { try empty.apply(.deleteContact(c.id)) }
        #expect(throws: VdirSync.Failure.self) { try sync(&empty, other) }
        #expect(vcfNames(other).count == 4)
    }

    @Test func nothingOutsideTheFolderIsWrittenWhateverTheStatusOrUIDsSay() throws {
        var (tmp, dir, n) = try syncedDemo(contacts: 2, seed: 11)
        // A hostile status file names a file outside the folder.
        let status = try FileManager.default.contentsOfDirectory(atPath: dir).first { $0.hasPrefix(".kith-sync-") }!
        let text = try String(contentsOfFile: dir + "/" + status, encoding: .utf8)
        let id = n.contacts[0].id.uuidString.lowercased()
        try text.replacingOccurrences(of: "\"\(id).vcf\"", with: "\"..\\/escaped.vcf\"").write(toFile: dir + "/" + status, atomically: true, encoding: .utf8)
        var c = n.contacts[0]
        c.notes = "changed"
        try n.apply(.updateContact(c))
        try sync(&n, dir)
        #expect(!FileManager.default.fileExists(atPath: tmp.path("escaped.vcf")))
        #expect(try String(contentsOfFile: dir + "/\(id).vcf", encoding: .utf8).contains("NOTE:changed"))
        // File names made from foreign UIDs stay in the folder.
        #expect(VdirSync.href(for: "../../etc/passwd", ext: "vcf") == "_._.._etc_passwd.vcf")
        #expect(VdirSync.href(for: "a/b\\c:d", ext: "ics") == "a_b_c_d.ics")
    }

    @Test func anUnreadableFileIsLeftAloneAndReported() throws {
        let tmp = try TempDir()
        let dir = tmp.path("contacts")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data([0x00, 0xFF, 0x13]).write(to: URL(fileURLWithPath: dir + "/junk.vcf"))
        var n = Demo.network(contacts: 2, seed: 8, today: Fixtures.today)
        let o = try sync(&n, dir)
        #expect(o.problems.count == 1 && o.problems[0].contains("junk.vcf"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/junk.vcf")) == Data([0x00, 0xFF, 0x13]))
        #expect(n.contacts.count == 2)
    }

    @Test func twoLaptopsSeeTheWholeNetwork() throws {
        let tmp = try TempDir()
        let (da, db, ca, cb) = (tmp.path("a/contacts"), tmp.path("b/contacts"), tmp.path("a/cal"), tmp.path("b/cal"))
        var a = Demo.network(contacts: 8, seed: 9, today: Fixtures.today)
        var b = Network()
        try sync(&a, da, events: ca, networkPath: "/a/network.plist")
        try mirror(da, db, ext: "vcf"); try mirror(ca, cb, ext: "ics")
        try sync(&b, db, events: cb, networkPath: "/b/network.plist")
        #expect(differences(a, b).isEmpty, "\(differences(a, b))")
        // A contact and an event added on A travel to B …
        let newcomer = Contact(name: "Added On A", created: Fixtures.today)
        try a.apply(.addContact(newcomer))
        try a.apply(.addEvent(Event(title: "Event on A", date: Fixtures.today + 3)))
        try sync(&a, da, events: ca, networkPath: "/a/network.plist")
        try mirror(da, db, ext: "vcf"); try mirror(ca, cb, ext: "ics")
        try sync(&b, db, events: cb, networkPath: "/b/network.plist")
        // … and a touch and an event added on B travel back to A.
        let target = b.contacts[0]
        try b.apply(.addInteraction(Interaction(contacts: [target.id], date: Fixtures.today, note: "touch on B", exchange: .gave)))
        try b.apply(.addEvent(Event(title: "Event on B", date: Fixtures.today + 4)))
        try sync(&b, db, events: cb, networkPath: "/b/network.plist")
        try mirror(db, da, ext: "vcf"); try mirror(cb, ca, ext: "ics")
        try sync(&a, da, events: ca, networkPath: "/a/network.plist")
        for side in [a, b] {
            #expect(side.contacts.contains { $0.name == "Added On A" })
            #expect(side.interactions.contains { $0.note == "touch on B" })
            #expect(Set(side.events.map(\.title)).isSuperset(of: ["Event on A", "Event on B"]))
        }
        #expect(differences(a, b).isEmpty, "\(differences(a, b))")
    }
}
