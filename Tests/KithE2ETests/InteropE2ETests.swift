import Foundation
import KithHarness
import KithCore
import Testing

@Suite struct InteropE2ETests {
    /// In a terminal, a card that only shares a name with a contact is a question.
    @Test func aConflictIsAskedInATerminal() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist"), vcf = dir.path("cards.vcf")
        #expect(try kith(["add", "contact", "Grace Hopper", "--email", "grace@navy.example"], file: f).status == 0)
        try "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:grace hopper\r\nEMAIL:amazing.grace@example.com\r\nEND:VCARD\r\n"
            .write(toFile: vcf, atomically: true, encoding: .utf8)
        let t = try TmuxSession(["import", "vcard", vcf, "--file", f])
        try t.waitFor("looks like the contact \"Grace Hopper\" <grace@navy.example>")
        try t.waitFor("[s]kip, [a]dd as a new contact, [u]pdate the contact")
        try t.type("u")
        try t.send("Enter")
        try t.waitFor("Imported: 0 added, 1 updated")
        #expect(try t.exitStatus() == 0)
        let list = try json(kith(["list", "contacts", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(list.count == 1)
        #expect(list.first?["emails"] as? [String] == ["amazing.grace@example.com"])
    }

    /// A long import counts on stderr when it is a terminal (and only then: the CLI tests check
    /// that stderr holds nothing but problems otherwise).
    @Test func progressIsShownOnATerminal() throws {
        let dir = try TempDir()
        let src = dir.path("src.plist"), f = dir.path("n.plist"), vcf = dir.path("cards.vcf")
        #expect(try kith(["demo", "--contacts", "3000"], file: src).status == 0)
        #expect(try kith(["export", "vcard", "--out", vcf], file: src).status == 0)
        // util-linux `script` gives kith a pseudo-terminal and records what it wrote to it.
        let typescript = dir.path("typescript")
        try spawn(["script", "-q", "-e", "-c", "env KITH_NOW=2026-11-30 XDG_CACHE_HOME=\(shellQuote(dir.path("cache"))) \(shellQuote(kithBinary)) import vcard \(shellQuote(vcf)) --file \(shellQuote(f))", typescript])
        let out = try String(contentsOfFile: typescript, encoding: .utf8)
        #expect(out.contains("importing cards: 3000/3000 ("), "\(out.suffix(300))")
        #expect(out.contains("/s)"))
        #expect(out.contains("Imported: 3000 added"))
    }
}
