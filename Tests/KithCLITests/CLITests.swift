import Foundation
import KithCore
import KithHarness
import Testing

@Suite struct CLITests {
    @Test func everyCommandHasHelp() throws {
        for cmd in [[], ["demo"], ["add"], ["add", "contact"], ["add", "event"], ["log"], ["follow-up"], ["list"], ["show"], ["due"],
                    ["import", "vcard"], ["import", "csv"], ["export", "vcard"], ["export", "ics"], ["export", "csv"], ["sync", "vdir"]] {
            let r = try kith(cmd + ["--help"])
            #expect(r.status == 0, "\(cmd)")
            #expect(r.stdout.contains("USAGE: kith"), "\(cmd)")
            #expect(cmd == ["add"] || r.stdout.contains("--file"), "\(cmd)")
        }
    }

    /// The bounds `--contacts` accepts: none writes a network of events alone; past them, a clear
    /// message.
    @Test func demoAcceptsNoContactsAndRefusesTooMany() throws {
        let dir = try TempDir()
        let none = try kith(["demo", "--contacts", "0"], file: dir.path("none.plist"))
        #expect(none.status == 0)
        #expect(none.stdout.contains("0 contacts"))
        #expect(try kith(["list", "contacts"], file: dir.path("none.plist")).status == 0)
        let many = try kith(["demo", "--contacts", "1000001"], file: dir.path("many.plist"))
        #expect(many.status != 0 && many.stderr.contains("--contacts must be between 0 and 1000000"))
        #expect(!FileManager.default.fileExists(atPath: dir.path("many.plist")))
    }

    @Test func demoIsReproducibleAndRefusesToOverwrite() throws {
        let dir = try TempDir()
        let a = dir.path("a.plist"), b = dir.path("b.plist")
        #expect(try kith(["demo", "--seed", "4"], file: a).status == 0)
        #expect(try kith(["demo", "--seed", "4"], file: b).status == 0)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: a))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: b))))
        let again = try kith(["demo", "--seed", "9"], file: a)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already exists"))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: a))))
        #expect(try kith(["demo", "--seed", "9", "--force"], file: a).status == 0)
        #expect(bytes != (try Data(contentsOf: URL(fileURLWithPath: a))))
        let attrs = try FileManager.default.attributesOfItem(atPath: a)
        #expect((attrs[.posixPermissions] as? Int) == 0o600)
    }

    @Test func addLogFollowUpShowAndListAgree() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        let add = try kith(["add", "contact", "Zoë Ångström", "--company", "Northwind", "--field", "design", "--circle", "inner",
                            "--tag", "speaker", "--email", "zoe@example.com", "--birthday", "1990-05-01", "--needs", "a designer"], file: f)
        #expect(add.status == 0, "\(add.stderr)")
        let list0 = try json(kith(["list", "contacts", "--json"], file: f).stdout) as? [[String: Any]]
        #expect(list0?.count == 1)
        let zoe = list0?[0] ?? [:]
        #expect(zoe["name"] as? String == "Zoë Ångström")
        #expect(zoe["company"] as? String == "Northwind")
        #expect(zoe["field"] as? String == "design")
        #expect(zoe["circle"] as? String == "inner")
        #expect(zoe["tags"] as? [String] == ["speaker"])
        #expect(zoe["lastTouch"] is NSNull)
        #expect((zoe["id"] as? String)?.count == 36)

        #expect(try kith(["log", "zoe", "--note", "coffee", "--kind", "meeting", "--gave", "--date", "yesterday"], file: f).status == 0)
        #expect(try kith(["follow-up", "ANGSTROM", "--due", "+3d", "--note", "send the intro"], file: f).status == 0)
        let show = try json(kith(["show", "zoe", "--json"], file: f).stdout) as? [String: Any]
        let touches = show?["interactions"] as? [[String: Any]]
        #expect(touches?.first?["date"] as? String == "2026-11-29")
        #expect(touches?.first?["kind"] as? String == "meeting")
        #expect(touches?.first?["exchange"] as? String == "gave")
        #expect(touches?.first?["note"] as? String == "coffee")
        let follow = show?["followUps"] as? [[String: Any]]
        #expect(follow?.first?["due"] as? String == "2026-12-03")
        #expect(follow?.first?["note"] as? String == "send the intro")
        let list = try json(kith(["list", "contacts", "--json"], file: f).stdout) as? [[String: Any]]
        #expect(list?.first?["lastTouch"] as? String == "2026-11-29")

        #expect(try kith(["add", "event", "DesignOps Meetup", "--date", "friday", "--time", "18:30", "--field", "design"], file: f).status == 0)
        let events = try json(kith(["list", "events", "--json"], file: f).stdout) as? [[String: Any]]
        #expect(events?.first?["date"] as? String == "2026-12-04")
        #expect(events?.first?["status"] as? String == "considering")
        #expect(try kith(["list", "contacts", "--search", "zoe"], file: f).stdout.contains("Zoë Ångström"))
        #expect(!(try kith(["list", "contacts", "--search", "nobody"], file: f).stdout.contains("Zoë")))
    }

    /// Every `--json` is the text Python's `json` module writes of it (indents, escapes, key
    /// order), on a demo network with a contact whose strings need escapes and fields whose
    /// names sort by code point (upper case first, accents last).
    @Test func everyJSONIsWhatPythonWritesOfIt() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo", "--contacts", "300"], file: f).status == 0)
        #expect(try kith(["add", "contact", #"Quote "Q" Back\slash"#, "--field", "Écriture", "--note", "one\ttab\nline / two",
                          "--circle", "inner"], file: f).status == 0)
        #expect(try kith(["add", "contact", "Zed Upper", "--field", "Zoology"], file: f).status == 0)
        #expect(try kith(["log", "Quote", "--received"], file: f).status == 0)
        var checked = 0
        for args in [["due"], ["due", "--all"], ["list", "contacts"], ["list", "events"], ["list", "follow-ups"], ["events"],
                     ["events", "--past"], ["stats"], ["show", "Quote"], ["list", "contacts", "--search", "zzzz"]] {
            let r = try kith(args + ["--json"], file: f)
            #expect(r.status == 0, "\(args): \(r.stderr)")
            let out = dir.path("out.json")
            try r.stdout.write(toFile: out, atomically: false, encoding: .utf8)
            let py = try spawn(["python3", "-c", """
                import json, sys
                t = open(sys.argv[1], encoding='utf-8').read()
                sys.stdout.write('same' if json.dumps(json.loads(t), indent=2, sort_keys=True, ensure_ascii=False) + '\\n' == t else 'differs')
                """, out])
            #expect(py == "same", "\(args)")
            checked += 1
        }
        #expect(checked == 10)
        let show = try kith(["show", "Quote", "--json"], file: f).stdout
        #expect(show.contains(#""name": "Quote \"Q\" Back\\slash""#) && show.contains(#""notes": "one\ttab\nline / two""#))
        let stats = try kith(["stats", "--json"], file: f).stdout
        let fieldKeys = stats.components(separatedBy: "\"fields\": {")[1].components(separatedBy: "}")[0]
            .split(separator: "\n").compactMap { $0.split(separator: "\"").dropFirst().first.map(String.init) }
        #expect(fieldKeys.first == "Zoology" && fieldKeys.last == "Écriture", "\(fieldKeys)")
        #expect(try kith(["list", "contacts", "--search", "zzzz", "--json"], file: f).stdout == "[]\n")
    }

    /// `kith due`, `kith list`, `kith events` and `kith export csv|ics` read the first screen's
    /// records alone (from the dashboard's cache when it matches the file): they must say what a
    /// whole read says, with no cache, with one, and with one the file has changed under.
    @Test func firstScreenCommandsSayWhatAWholeReadSays() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo", "--contacts", "400"], file: f).status == 0)
        let cacheFolder = dir.path("cache/kith")
        // (The demo wrote the cache, as every save does: gone, as when lost, or never made.)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cacheFolder)) ?? []).count == 1)
        try FileManager.default.removeItem(atPath: cacheFolder)
        func expectAsAWholeRead(_ when: String) throws {
            let n = try NetworkDocument.open(f).network
            let today = Day(iso: "2026-11-30")!
            for all in [false, true] {
                let r = try kith(["due", "--json"] + (all ? ["--all"] : []), file: f)
                #expect(r.status == 0, "\(when)")
                let whole = JSONExport.text(n.nurtureQueue(today: today, all: all, weights: NurtureWeights()).map(JSONExport.nurtureItem))
                #expect(r.stdout == whole + "\n", "\(when), all: \(all)")
            }
        }
        /// `kith list … --json`, for each kind, as a whole read gives it.
        func expectListsAsAWholeRead(_ when: String) throws {
            let n = try NetworkDocument.open(f).network
            let today = Day(iso: "2026-11-30")!
            let contacts = n.nameOrder.map { n.contacts[$0] }.map { JSONExport.contact($0, in: n, today: today) }
            let events = n.events.sorted { ($0.date, $0.time ?? -1) < ($1.date, $1.time ?? -1) }.map(JSONExport.event)
            let followUps = n.followUps.sorted { ($0.done == nil ? 0 : 1, $0.due) < ($1.done == nil ? 0 : 1, $1.due) }.map { JSONExport.followUp($0, in: n) }
            for (kind, whole) in [("contacts", contacts), ("events", events), ("follow-ups", followUps)] {
                let r = try kith(["list", kind, "--json"], file: f)
                #expect(r.status == 0 && r.stdout == JSONExport.text(whole) + "\n", "\(when): \(kind)")
            }
            for past in [false, true] {
                let scored = n.scoredEvents(today: today, days: 30, past: past)
                #expect(!scored.isEmpty)
                // (Some score counts people still in touch: the contacts' last touches count.)
                #expect(past || scored.contains { $0.score.reasons.contains { $0.contains("still in touch") } })
                let r = try kith(["events", "--json"] + (past ? ["--past"] : []), file: f)
                #expect(r.status == 0 && r.stdout == JSONExport.text(scored.map(JSONExport.scoredEvent)) + "\n", "\(when): events, past: \(past)")
            }
            let clock = try Clock.fromEnvironment(["KITH_NOW": "2026-11-30"])
            for (kind, whole) in [("csv", ContactCSV.export(n)), ("ics", ICalendar.export(n, clock: clock))] {
                let r = try kith(["export", kind], file: f)
                #expect(r.status == 0 && Array(r.stdout.utf8) == whole && whole.count > 10_000, "\(when): export \(kind)")
            }
            #expect(contacts.contains { $0["status"] == .string("overdue") })
            let overdue = try kith(["list", "contacts", "--search", "status:overdue", "--json"], file: f)
            #expect(overdue.stdout == JSONExport.text(contacts.filter { $0["status"] == .string("overdue") }) + "\n", "\(when): overdue")
        }
        try expectAsAWholeRead("no cache")
        try expectListsAsAWholeRead("no cache")
        #expect((try? FileManager.default.contentsOfDirectory(atPath: cacheFolder)) ?? [] == [])
        #expect(try kith(["log", "Zoë Ångström", "--gave"], file: f).status == 0) // (a save writes the cache)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: cacheFolder)) ?? []).contains { $0.hasPrefix("first-screen-") })
        try expectAsAWholeRead("the cache")
        try expectListsAsAWholeRead("the cache")
        var other = try NetworkDocument.open(f) // another kith, without this cache
        let zoe = try other.network.findContact("zoe")
        try other.apply(.addFollowUp(FollowUp(contact: zoe.id, due: Day(iso: "2026-12-01")!, note: "from elsewhere")))
        try other.save(today: Day(iso: "2026-11-30")!)
        try expectAsAWholeRead("a changed file")
        try expectListsAsAWholeRead("a changed file")
    }

    @Test func dueJSONHasTheDocumentedShape() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let r = try kith(["due", "--json"], file: f)
        #expect(r.status == 0)
        let items = try json(r.stdout) as? [[String: Any]] ?? []
        #expect(!items.isEmpty)
        var last = Double.infinity
        for item in items {
            #expect(item["id"] is String)
            #expect(["follow-up", "keep-in-touch", "birthday", "event"].contains(item["kind"] as? String ?? ""))
            #expect(item["contact"] is String || item["contact"] is NSNull)
            #expect(item["title"] is String)
            #expect(Double(item["score"] as? Double ?? .nan) <= last)
            last = item["score"] as? Double ?? last
            #expect((item["due"] as? String)?.count == 10)
            #expect(!((item["reasons"] as? [String]) ?? []).isEmpty)
        }
        #expect(try kith(["due", "--week", "--all"], file: f).status != 0)
    }

    @Test func badInputIsRefusedAndNothingIsWritten() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: f))
        let cases: [([String], String)] = [
            (["log", "zoe", "--date", "someday"], "is not a date"),
            (["log", "nobody"], "no contact matches"),
            (["log", "a"], "matches"),
            (["log", "zoe", "--date", "tomorrow"], "in the future"),
            (["add", "contact", "  "], "the name is empty"),
            (["add", "contact", "X", "--circle", "best"], "circle"),
            (["add", "contact", "X", "--cadence", "0"], "positive"),
            (["add", "contact", "X", "--birthday", "1990-02-30"], "not a birthday"),
            (["add", "event", "Y", "--date", "2026-02-30"], "is not a date"),
            (["add", "event", "Y", "--date", "today", "--time", "25:00"], "is not a time"),
            (["follow-up", "zoe", "--due", "+3d", "--note", ""], "the note is empty"),
            (["list", "people"], "people"),
            (["log", "zoe", "--gave", "--received"], "gave"),
            (["frobnicate"], "frobnicate"),
        ]
        for (args, message) in cases {
            let r = try kith(args, file: f)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
        #expect(before == (try Data(contentsOf: URL(fileURLWithPath: f))))
        let badNow = try kith(["due"], file: f, env: ["KITH_NOW": "next week"])
        #expect(badNow.status != 0)
        #expect(badNow.stderr.contains("KITH_NOW"))
    }

    @Test func aFileKithCannotReadIsNeverOverwritten() throws {
        let dir = try TempDir()
        for (name, content) in [("garbage", "not a plist at all"), ("json", "{\"formatVersion\": 1}"),
                                ("newer", "<?xml version=\"1.0\"?><plist version=\"1.0\"><dict><key>formatVersion</key><integer>7</integer></dict></plist>"),
                                ("empty", "")] {
            let f = dir.path(name + ".plist")
            try Data(content.utf8).write(to: URL(fileURLWithPath: f))
            for args in [["add", "contact", "New"], ["due"], []] {
                let r = try kith(args, file: f)
                #expect(r.status != 0, "\(name) \(args)")
                #expect(r.stderr.contains(f), "\(name) \(args): \(r.stderr)")
            }
            #expect(try Data(contentsOf: URL(fileURLWithPath: f)) == Data(content.utf8), "\(name)")
        }
        let newer = try kith(["due"], file: dir.path("newer.plist"))
        #expect(newer.stderr.contains("formatVersion 7"))
        #expect(newer.stderr.contains("upgrade kith"))
    }

    @Test func theDashboardRefusesWithoutATerminal() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        let r = try kith([], file: f)
        #expect(r.status != 0)
        #expect(r.stderr.contains("needs a terminal"))
        #expect(r.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: f))
    }

    /// `kith` and `kith --file PATH` open the dashboard without the argument parser (it is most
    /// of a launch's start-up); every other spelling goes through it, and both say the same.
    @Test func theDashboardsShortcutAgreesWithTheParser() throws {
        let dir = try TempDir()
        let garbage = dir.path("garbage.plist"), missing = dir.path("missing.plist")
        try Data("not a plist".utf8).write(to: URL(fileURLWithPath: garbage))
        for f in [garbage, missing] {
            let shortcut = try kith(["--file", f]), parsed = try kith(["--file=\(f)"])
            #expect(shortcut.status != 0 && shortcut.status == parsed.status, "\(f)")
            #expect(shortcut.stderr == parsed.stderr, "\(f)")
            #expect(shortcut.stderr.contains(f == garbage ? "cannot read \(garbage)" : "needs a terminal"), "\(shortcut.stderr)")
            let fromEnv = try kith([], env: ["KITH_FILE": f])
            #expect(fromEnv.status == parsed.status && fromEnv.stderr == parsed.stderr, "\(f)")
        }
        let noValue = try kith(["--file"])
        #expect(noValue.status == 64 && noValue.stderr.contains("Missing value for '--file <path>'"), "\(noValue.stderr)")
        let option = try kith(["--file", "--help"])
        #expect(option.status != 0 && !option.stderr.contains("needs a terminal"), "\(option.stderr)")
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func theFileComesFromTheFlagTheEnvironmentOrXDG() throws {
        let dir = try TempDir()
        #expect(try kith(["add", "contact", "Via Env"], env: ["KITH_FILE": dir.path("env.plist")]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path("env.plist")))
        #expect(try kith(["add", "contact", "Via XDG"], env: ["XDG_DATA_HOME": dir.path("xdg")]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path("xdg/kith/network.plist")))
        #expect(try kith(["add", "contact", "Via Home"], env: ["HOME": dir.path("home"), "XDG_DATA_HOME": ""]).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.path("home/.local/share/kith/network.plist")))
    }
}
