import ArgumentParser
import Foundation
import KithCore

func currentPreferences(_ env: [String: String] = ProcessEnvironment.current) throws -> Preferences {
    do { return try Preferences.load(env) } catch { throw CLIError("\(error)") }
}

struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "The nurture queue: who to reach out to now, and why.",
        discussion: "Ranked by urgency; each line shows the reasons behind its score (see docs/nurture.md).")

    @OptionGroup var files: FileOptions
    @Flag(help: "Due this ISO week and overdue (the default).") var week = false
    @Flag(help: "Every open item, however far off.") var all = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if week && all { throw ValidationError("--week and --all exclude each other") }
    }

    func run() throws {
        let clock = try currentClock()
        let prefs = try currentPreferences()
        // (The queue reads no interactions: the first screen's records answer, a tenth of a whole
        // read at 100,000 contacts.)
        let n = try files.openFirstScreen()
        let queue = n.nurtureQueue(today: clock.today, all: all, weights: prefs.weights)
        let warning = n.nurtureLoad().warning
        if json {
            if let warning { FileHandle.standardError.write(Data((warning + "\n").utf8)) }
            print(JSONExport.text(queue.map(JSONExport.nurtureItem)))
            return
        }
        if let warning { print(warning + ".\n") }
        if queue.isEmpty { print(all ? "Nothing open." : "Nothing due this week."); return }
        print(table([["ID", "SCORE", "DUE", "KIND", "WHAT", "WHY"]] + queue.map { item in
            let what = item.kind == .followUp ? (item.contactName.map { "\($0): " } ?? "") + item.title : item.title
            return [item.shortID, String(format: "%.0f", item.score), item.due.iso, item.kind.rawValue, what,
                    item.reasons.joined(separator: "; ")]
        }))
    }
}

struct Done: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done",
        abstract: "Mark a nurture item done.",
        discussion: "A follow-up is completed; a keep-in-touch or birthday item logs a touch today; an event you were considering becomes \"going\". ID is as `kith due` shows it, or a unique prefix.")

    @OptionGroup var files: FileOptions
    @Argument(help: "The item's id.") var id: String
    @Flag var exchange: ExchangeFlag?
    @Option(help: "A note for the touch it logs.") var note: String?

    func run() throws {
        let clock = try currentClock()
        var doc = try files.open()
        let n = doc.network
        do {
            let item = try n.nurtureItem(id: id, today: clock.today)
            guard let change = try n.completion(of: item, today: clock.today,
                                                exchange: exchange.map { Exchange(rawValue: $0.rawValue)! }, note: note) else {
                print("Nothing to mark: you are already going to \(item.title.replacingOccurrences(of: "prepare for ", with: ""))")
                return
            }
            try commit(change, to: &doc, today: clock.today)
            print("Done: \(item.title)" + (item.kind == .followUp ? item.contactName.map { " (\($0))" } ?? "" : ""))
        } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
    }
}

struct Snooze: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Hide a follow-up or keep-in-touch item until a later day.")

    @OptionGroup var files: FileOptions
    @Argument(help: "The item's id, as `kith due` shows it.") var id: String
    @Option(parsing: .unconditional, help: "The day it comes back (default: a week from today).") var until: String?

    func run() throws {
        let clock = try currentClock()
        var doc = try files.open()
        let day = try until.map { try parseDay($0, today: clock.today) } ?? clock.today + 7
        do {
            let item = try doc.network.nurtureItem(id: id, today: clock.today)
            try commit(try doc.network.snooze(item, until: day, today: clock.today), to: &doc, today: clock.today)
            print("Snoozed \(item.title) until \(day.iso)")
        } catch { throw CLIError("\(error)") }
    }
}

struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Read or change the network's settings.",
        discussion: """
        Keys: me.field (your own field; "" clears it), weekly-budget (touches a week you mean to \
        make), cadence.inner, cadence.close, cadence.wider, cadence.acquaintance (days; "default" \
        resets).

        Scoring weights live in the config file: see docs/nurture.md.
        """,
        subcommands: [ConfigGet.self, ConfigSet.self])
}

struct ConfigGet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "Print settings.")
    @OptionGroup var files: FileOptions
    @Argument(help: "A key, or nothing for all.") var key: String?

    func run() throws {
        let s = try files.open().network.settings
        var all: [(String, String)] = [("me.field", s.myField ?? ""), ("weekly-budget", NurtureLoad.format(s.weeklyBudget))]
        for c in Circle.allCases { all.append(("cadence.\(c.rawValue)", s.cadence(for: c).map(String.init) ?? "none")) }
        if let key {
            guard let v = all.first(where: { $0.0 == key }) else { throw CLIError("unknown setting \"\(key)\"; known: \(all.map(\.0).joined(separator: ", "))") }
            print(v.1)
        } else {
            print(table(all.map { [$0.0, $0.1] }))
        }
    }
}

struct ConfigSet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a setting.")
    @OptionGroup var files: FileOptions
    @Argument(help: "The key.") var key: String
    @Argument(help: "The value.") var value: String

    func run() throws {
        var doc = try files.open()
        var s = doc.network.settings
        switch key {
        case "me.field":
            s.myField = doc.network.canonicalField(value)
        case "weekly-budget":
            guard let b = Double(value), b > 0, b.isFinite else { throw CLIError("weekly-budget must be a positive number, not \"\(value)\"") }
            s.weeklyBudget = b
        default:
            guard key.hasPrefix("cadence."), let circle = Circle(rawValue: String(key.dropFirst(8))) else {
                throw CLIError("unknown setting \"\(key)\"; known: me.field, weekly-budget, cadence.inner|close|wider|acquaintance")
            }
            if value == "default" { s.cadences[circle] = nil } else {
                guard let d = Int(value), d > 0 else { throw CLIError("a cadence is a positive number of days, not \"\(value)\"") }
                s.cadences[circle] = d
            }
        }
        try commit(.setSettings(s), to: &doc)
        print("\(key) = \(value)")
    }
}
