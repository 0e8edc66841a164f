import Foundation
import KithHarness
import Testing

@Suite struct NurtureCLITests {
    func queue(_ f: String, all: Bool = false) throws -> [[String: Any]] {
        try json(kith(["due", "--json"] + (all ? ["--all"] : []), file: f).stdout) as? [[String: Any]] ?? []
    }

    @Test func doneByShortIDAndItsErrors() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let q = try queue(f)
        let follow = q.first { $0["kind"] as? String == "follow-up" }!
        let short = String((follow["id"] as! String).prefix(10))
        let r = try kith(["done", short], file: f)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Done: "))
        let again = try kith(["done", short], file: f)
        #expect(again.status != 0)
        #expect(again.stderr.contains("already done"))
        let unknown = try kith(["done", "f-zzzz"], file: f)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no open nurture item"))

        let keep = q.first { $0["kind"] as? String == "keep-in-touch" }!
        #expect(try kith(["done", keep["id"] as! String, "--gave", "--note", "sent a link"], file: f).status == 0)
        let show = try json(kith(["show", keep["contact"] as! String, "--json"], file: f).stdout) as? [String: Any]
        let touch = (show?["interactions"] as? [[String: Any]])?.first
        #expect(touch?["date"] as? String == "2026-11-30")
        #expect(touch?["exchange"] as? String == "gave")
        #expect(touch?["note"] as? String == "sent a link")
        #expect(try queue(f).allSatisfy { $0["id"] as? String != keep["id"] as? String })
    }

    @Test func snoozeHidesUntilTheDayAndRefusesThePast() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: f))
        let item = try queue(f).first { $0["kind"] as? String == "keep-in-touch" }!
        let id = item["id"] as! String
        for bad in ["yesterday", "today", "whenever"] {
            let r = try kith(["snooze", id, "--until", bad], file: f)
            #expect(r.status != 0, "\(bad)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: f)) == before)
        #expect(try kith(["snooze", id, "--until", "+3d"], file: f).status == 0)
        #expect(try queue(f).allSatisfy { $0["id"] as? String != id })
        let later = try json(kith(["due", "--json"], file: f, env: ["KITH_NOW": "2026-12-03"]).stdout) as? [[String: Any]] ?? []
        #expect(later.contains { $0["id"] as? String == id })
        let birthday = try #require(try queue(f).first { $0["kind"] as? String == "birthday" })
        let r = try kith(["snooze", birthday["id"] as! String], file: f)
        #expect(r.stderr.contains("cannot be snoozed"))
    }

    @Test func listContactsCarriesStatusAndDue() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["add", "contact", "Ada", "--circle", "inner"], file: f).status == 0)
        let c = (try json(kith(["list", "contacts", "--json"], file: f).stdout) as? [[String: Any]])?.first
        #expect(c?["status"] as? String == "ok")
        #expect(c?["due"] as? String == "2026-12-14")
    }

    @Test func settingsAndTheBudgetWarning() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        #expect(try kith(["config", "set", "weekly-budget", "2"], file: f).status == 0)
        #expect(try kith(["config", "get", "weekly-budget"], file: f).stdout == "2\n")
        let due = try kith(["due"], file: f)
        #expect(due.stdout.contains("over your budget of 2"))
        #expect(due.stdout.contains("circle is heaviest"))
        let dueJSON = try kith(["due", "--json"], file: f)
        #expect(dueJSON.stderr.contains("over your budget"))
        #expect(try json(dueJSON.stdout) is [Any])
        #expect(try kith(["config", "set", "cadence.close", "7"], file: f).status == 0)
        #expect(try kith(["config", "get", "cadence.close"], file: f).stdout == "7\n")
        for (key, value) in [("cadence.close", "0"), ("cadence.close", "-3"), ("weekly-budget", "lots"), ("colour", "blue")] {
            let r = try kith(["config", "set", key, value], file: f)
            #expect(r.status != 0, "\(key)=\(value)")
        }
        #expect(try kith(["config", "set", "me.field", "sales"], file: f).status == 0)
        #expect(try kith(["config", "get", "me.field"], file: f).stdout == "sales\n")
        #expect(try kith(["config", "set", "me.field", ""], file: f).status == 0) // (what the help says clears it)
        #expect(try kith(["config", "get", "me.field"], file: f).stdout == "\n")
        #expect(try kith(["stats"], file: f).stdout.contains("your field: not set"))
    }

    @Test func weightsFromTheConfigFileChangeTheRanking() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let config = dir.path("config.plist")
        try Data("<plist version=\"1.0\"><dict><key>weights</key><dict><key>overdue</key><real>0</real><key>birthday</key><real>500</real></dict></dict></plist>".utf8)
            .write(to: URL(fileURLWithPath: config))
        let q = try json(kith(["due", "--json"], file: f, env: ["KITH_CONFIG": config]).stdout) as? [[String: Any]] ?? []
        #expect(q.first?["kind"] as? String == "birthday")
        try Data("<plist version=\"1.0\"><dict><key>weights</key><dict><key>nonsense</key><real>0</real></dict></dict></plist>".utf8)
            .write(to: URL(fileURLWithPath: config))
        let bad = try kith(["due"], file: f, env: ["KITH_CONFIG": config])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("weights.nonsense is not a weight"))
    }
}

@Suite struct ConfigFileCLITests {
    @Test func aBadConfigFileIsAClearErrorBeforeTheDashboardStarts() throws {
        let dir = try TempDir()
        let config = dir.path("config.plist")
        for (content, message) in [
            ("<plist version=\"1.0\"><dict><key>theme</key><string>neon</string></dict></plist>", "theme must be"),
            ("<plist version=\"1.0\"><dict><key>colour</key><string>x</string></dict></plist>", "unknown key \"colour\""),
            ("<plist version=\"1.0\"><dict><key>eventDays</key><integer>0</integer></dict></plist>", "eventDays"),
            ("not a plist", "not a property list"),
        ] {
            try Data(content.utf8).write(to: URL(fileURLWithPath: config))
            let r = try kith(["due"], file: dir.path("n.plist"), env: ["KITH_CONFIG": config])
            #expect(r.status != 0)
            #expect(r.stderr.contains(message), "\(r.stderr)")
        }
    }
}
