import Foundation
import KithHarness
import KithCore
import Testing

/// The PyPI tools `make interop-tools` installs into `.build/interop-venv` (`KITH_INTEROP_BIN`).
let interopBin: String = {
    if let b = ProcessInfo.processInfo.environment["KITH_INTEROP_BIN"], !b.isEmpty { return b }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/interop-venv/bin").path
}()

/// Runs a tool of the interop virtualenv (`python`, `khard`, `vdirsyncer` …).
func tool(_ name: String, _ args: [String], stdin: String? = nil, env extra: [String: String] = [:]) throws -> RunResult {
    let path = interopBin + "/" + name
    guard FileManager.default.isExecutableFile(atPath: path) else {
        Issue.record("\(path) is missing: `make test` (or `make interop-tools`) installs it")
        return RunResult(status: -1, stdout: "", stderr: "")
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = args
    var env = ProcessInfo.processInfo.environment
    for (k, v) in extra { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = input
    try p.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

func python(_ script: String, _ args: [String]) throws -> RunResult { try tool("python", ["-c", script] + args) }

/// Contacts as `kith list contacts --json` shows them, by name.
func contactsByName(_ file: String) throws -> [String: [String: Any]] {
    let list = try json(kith(["list", "contacts", "--json"], file: file).stdout) as? [[String: Any]] ?? []
    return Dictionary(list.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
}

@Suite struct InteropCLITests {
    @Test(arguments: ["3.0", "4.0"])
    func vobjectParsesEveryExportedCard(version: String) throws {
        let dir = try TempDir()
        let f = dir.path("n.plist"), out = dir.path("all.vcf")
        #expect(try kith(["demo", "--contacts", "60"], file: f).status == 0)
        #expect(try kith(["export", "vcard", "--version", version, "--out", out], file: f).status == 0)
        let r = try python("""
            import sys, json, vobject
            cards = []
            for c in vobject.readComponents(open(sys.argv[1], encoding='utf-8').read(), validate=True):
                cards.append({'fn': c.fn.value, 'uid': c.uid.value, 'version': c.version.value,
                              'emails': [e.value for e in c.contents.get('email', [])],
                              'field': c.contents['x-kith-field'][0].value if 'x-kith-field' in c.contents else None,
                              'touches': len(c.contents.get('x-kith-interaction', []))})
            print(json.dumps(cards))
            """, [out])
        #expect(r.status == 0, "\(r.stderr)")
        let cards = try json(r.stdout) as? [[String: Any]] ?? []
        let mine = try contactsByName(f)
        #expect(cards.count == 60)
        for card in cards {
            let name = card["fn"] as? String ?? ""
            let c = try #require(mine[name], "\(name)")
            #expect(card["uid"] as? String == c["id"] as? String)
            #expect(card["version"] as? String == version)
            #expect(card["emails"] as? [String] == c["emails"] as? [String])
            #expect((card["field"] as? String) == (c["field"] as? String))
        }
        #expect(cards.reduce(0) { $0 + ($1["touches"] as? Int ?? 0) } > 100)
    }

    @Test func icalendarParsesTheExportedCalendar() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist"), out = dir.path("all.ics")
        #expect(try kith(["demo", "--contacts", "80"], file: f).status == 0)
        #expect(try kith(["export", "ics", "--out", out], file: f).status == 0)
        let r = try python("""
            import sys, json, icalendar
            raw = open(sys.argv[1], 'rb').read()
            lines = raw.split(b'\\r\\n')
            assert lines[-1] == b'', 'ends with CRLF'
            assert all(len(l) <= 75 for l in lines), 'folded at 75 octets'
            assert b'\\n' not in raw.replace(b'\\r\\n', b''), 'CRLF only'
            cal = icalendar.Calendar.from_ical(raw)
            events = [c for c in cal.walk('VEVENT')]
            todos = [c for c in cal.walk('VTODO')]
            for c in events + todos:
                assert c.get('uid') and c.get('dtstamp'), 'UID and DTSTAMP'
            print(json.dumps({'prodid': str(cal.get('prodid')), 'events': sorted(str(e.get('summary')) for e in events),
                              'starts': len([e for e in events if e.decoded('dtstart')]),
                              'todos': len(todos), 'due': len([t for t in todos if t.decoded('due')])}))
            """, [out])
        #expect(r.status == 0, "\(r.stderr)")
        let cal = try json(r.stdout) as? [String: Any] ?? [:]
        let events = try json(kith(["list", "events", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        let open = try json(kith(["list", "follow-ups", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(cal["prodid"] as? String == "-//kith//kith 0.1//EN")
        #expect((cal["events"] as? [String])?.count == events.count && events.count > 0)
        #expect(cal["starts"] as? Int == events.count)
        let openCount = open.filter { $0["done"] is NSNull }.count
        #expect(cal["todos"] as? Int == openCount && openCount > 0)
        #expect(cal["due"] as? Int == openCount)
    }

    @Test func khardListsTheContactsOfAVdirWrittenByKith() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist"), vdir = dir.path("contacts"), conf = dir.path("khard.conf")
        #expect(try kith(["demo", "--contacts", "40"], file: f).status == 0)
        let s = try kith(["sync", "vdir", vdir], file: f)
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("40 written"))
        try """
        [addressbooks]
        [[kith]]
        path = \(vdir)
        [general]
        default_action = list
        editor = /bin/true
        merge_editor = /bin/true
        """.write(toFile: conf, atomically: true, encoding: .utf8)
        let r = try tool("khard", ["-c", conf, "list", "--parsable"])
        #expect(r.status == 0, "\(r.stderr)")
        let names = Set(r.stdout.split(separator: "\n").map { $0.split(separator: "\t").dropFirst().first.map(String.init) ?? "" })
        #expect(names == Set(try contactsByName(f).keys))
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test func cardsWrittenByVobjectImportWithEveryFieldIntact() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist"), cards = dir.path("from-vobject.vcf")
        let r = try python("""
            import sys, vobject
            out = []
            for i, (fn, family, given) in enumerate([('Zoë Ångström', 'Ångström', 'Zoë'), ('李小龙', '李', '小龙'), ('Renée O\\'Brien', "O'Brien", 'Renée')]):
                c = vobject.vCard()
                c.add('uid').value = 'vobject-%d@example.org' % i
                c.add('fn').value = fn
                c.add('n').value = vobject.vcard.Name(family=family, given=given)
                c.add('org').value = ['Northwind; Research', 'Lab']
                c.add('title').value = 'Head of Design'
                for e in ['first%d@example.com' % i, 'second%d@example.com' % i]:
                    c.add('email').value = e
                c.add('tel').value = '+46 8 123 45%d' % i
                c.add('bday').value = '1990-04-1%d' % i
                c.add('note').value = 'Line one, with a comma; and a semicolon\\nLine two \\\\ backslash'
                c.add('categories').value = ['speaker', 'design, systems']
                c.add('x-kith-field').value = 'design'
                c.add('x-kith-circle').value = 'inner'
                c.add('x-kith-cadence').value = '21'
                c.add('x-kith-needs').value = 'an intro to a CFO'
                c.add('x-kith-offers').value = 'portfolio reviews'
                out.append(c.serialize())
            open(sys.argv[1], 'w', encoding='utf-8', newline='').write(''.join(out))
            """, [cards])
        #expect(r.status == 0, "\(r.stderr)")
        let imp = try kith(["import", "vcard", cards], file: f)
        #expect(imp.status == 0, "\(imp.stderr)")
        #expect(imp.stdout.contains("3 added"))
        let mine = try contactsByName(f)
        for (i, name) in ["Zoë Ångström", "李小龙", "Renée O'Brien"].enumerated() {
            let c = try #require(mine[name], "\(name) in \(mine.keys)")
            #expect(c["company"] as? String == "Northwind; Research, Lab")
            #expect(c["role"] as? String == "Head of Design")
            #expect(c["emails"] as? [String] == ["first\(i)@example.com", "second\(i)@example.com"])
            #expect(c["phones"] as? [String] == ["+46 8 123 45\(i)"])
            #expect(c["birthday"] as? String == "1990-04-1\(i)")
            #expect(c["notes"] as? String == "Line one, with a comma; and a semicolon\nLine two \\ backslash")
            #expect(c["tags"] as? [String] == ["speaker", "design, systems"])
            #expect(c["field"] as? String == "design" && c["circle"] as? String == "inner" && c["cadence"] as? Int == 21)
            #expect(c["needs"] as? String == "an intro to a CFO" && c["offers"] as? String == "portfolio reviews")
        }
        // The same cards again: matched by UID, nothing added.
        let again = try kith(["import", "vcard", cards], file: f)
        #expect(again.stdout.contains("0 added, 0 updated, 3 unchanged"), "\(again.stdout)")
    }

    @Test func abookAndGoogleExportsImport() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        // abook's own conversions of its native address book.
        let book = dir.path("addressbook"), csv = dir.path("abook.csv"), vcf = dir.path("abook.vcf")
        try """
        [format]
        program=abook
        version=0.6.1

        [0]
        name=Zoë Ångström
        email=zoe@example.com,zoe@work.example
        phone=+46 8 123
        notes=met at the design meetup, 2024

        [1]
        name=Ada Lovelace
        email=ada@example.com

        """.write(toFile: book, atomically: true, encoding: .utf8)
        let abook = "/usr/bin/abook"
        #expect(FileManager.default.isExecutableFile(atPath: abook), "make test installs abook")
        try spawn([abook, "--convert", "--informat", "abook", "--infile", book, "--outformat", "csv", "--outfile", csv])
        try spawn([abook, "--convert", "--informat", "abook", "--infile", book, "--outformat", "vcard", "--outfile", vcf])
        let a = try kith(["import", "csv", csv], file: f)
        #expect(a.status == 0, "\(a.stderr)")
        #expect(a.stdout.contains("2 added"))
        let zoe = try #require(try contactsByName(f)["Zoë Ångström"])
        #expect(zoe["emails"] as? [String] == ["zoe@example.com", "zoe@work.example"])
        #expect(zoe["notes"] as? String == "met at the design meetup, 2024")
        // abook's vCard of the same people: matched by email, nothing duplicated.
        let v = try kith(["import", "vcard", vcf], file: f)
        #expect(v.status == 0, "\(v.stderr)")
        #expect(try contactsByName(f).count == 2)
        // Google Contacts' CSV export.
        let google = dir.path("google.csv")
        try """
        First Name,Middle Name,Last Name,Organization Name,Organization Title,Birthday,Notes,Labels,E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\r
        Grace,Brewster,Hopper,US Navy,Rear Admiral,1906-12-09,"Compilers, COBOL\r
        and nanoseconds",* myContacts ::: Navy,* Work,grace@example.com ::: hopper@example.com,Mobile,+1 555 0100\r
        Ada,,Lovelace,,,--12-10,,* myContacts,,ada@example.com,,\r

        """.write(toFile: google, atomically: true, encoding: .utf8)
        let g = try kith(["import", "csv", google], file: f)
        #expect(g.status == 0, "\(g.stderr)")
        #expect(g.stdout.contains("1 added, 1 updated"), "\(g.stdout)")
        let grace = try #require(try contactsByName(f)["Grace Brewster Hopper"])
        #expect(grace["company"] as? String == "US Navy" && grace["role"] as? String == "Rear Admiral")
        #expect(grace["emails"] as? [String] == ["grace@example.com", "hopper@example.com"])
        #expect(grace["birthday"] as? String == "1906-12-09")
        #expect(grace["notes"] as? String == "Compilers, COBOL\nand nanoseconds")
        #expect(grace["tags"] as? [String] == ["Navy"])
        // kith's own CSV round-trips.
        let mine = dir.path("kith.csv"), g2 = dir.path("n2.plist")
        #expect(try kith(["export", "csv", "--out", mine], file: f).status == 0)
        #expect(try kith(["import", "csv", mine], file: g2).stdout.contains("3 added"))
        #expect(try kith(["export", "csv"], file: g2).stdout == (try String(contentsOfFile: mine, encoding: .utf8)))
    }

    @Test func badCardsAreReportedWithTheirPlaceAndTheRestImported() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KithCoreTests/Fixtures/vcards/malformed.vcf").path
        let r = try kith(["import", "vcard", corpus], file: f)
        #expect(r.status == 1)
        #expect(r.stdout.contains("Imported: 5 added"), "\(r.stdout)")
        #expect(r.stderr.contains("malformed.vcf: card 4 (line 24): FN is not valid quoted-printable"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 9, "\(r.stderr)")
        // --dry-run changes nothing and says what would happen.
        let g = dir.path("dry.plist")
        let dry = try kith(["import", "vcard", "--dry-run", corpus], file: g)
        #expect(dry.stdout.contains("add Good One") && dry.stdout.contains("Would import: 5 added"))
        #expect(!FileManager.default.fileExists(atPath: g))
        // Nothing readable at all, or a missing file: a clear error.
        let none = try kith(["import", "vcard", "/nonexistent.vcf"], file: g)
        #expect(none.status != 0 && none.stderr.contains("/nonexistent.vcf"))
        let bad = try kith(["import", "vcard", "--on-conflict", "merge", corpus], file: g)
        #expect(bad.status != 0 && bad.stderr.contains("ask, skip, add or update"))
    }

    @Test func syncDryRunChangesNothingAndAnEmptiedFolderNeedsForce() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist"), vdir = dir.path("contacts")
        #expect(try kith(["demo", "--contacts", "5"], file: f).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: f))
        let dry = try kith(["sync", "vdir", vdir, "--dry-run"], file: f)
        #expect(dry.status == 0)
        #expect(dry.stdout.contains("→ Zoë Ångström") && dry.stdout.contains("Would sync: network: 0 added, 0 updated, 0 deleted; folder: 5 written"))
        #expect(!FileManager.default.fileExists(atPath: vdir))
        #expect(try kith(["sync", "vdir", vdir], file: f).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: f)) == before) // nothing came back
        for name in try FileManager.default.contentsOfDirectory(atPath: vdir) where name.hasSuffix(".vcf") {
            try FileManager.default.removeItem(atPath: vdir + "/" + name)
        }
        let refused = try kith(["sync", "vdir", vdir], file: f)
        #expect(refused.status == 1 && refused.stderr.contains("--force"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: f)) == before)
        let forced = try kith(["sync", "vdir", vdir, "--force"], file: f)
        #expect(forced.status == 0 && forced.stdout.contains("5 deleted"), "\(forced.stdout)")
        // Reading from standard input with "-".
        let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:From Stdin\r\nEND:VCARD\r\n"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: kithBinary)
        p.arguments = ["import", "vcard", "-", "--file", f]
        p.environment = kithEnvironment(file: f)
        let input = Pipe(), out = Pipe()
        p.standardInput = input
        p.standardOutput = out
        try p.run()
        input.fileHandleForWriting.write(Data(card.utf8))
        try input.fileHandleForWriting.close()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0 && text.contains("1 added"), "\(text)")
    }
}
