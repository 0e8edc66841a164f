import ArgumentParser
import Foundation
import KithCore

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a network file and report every problem found.",
        discussion: "Exit status 0 only when the file is clean. The file is never changed.")

    @OptionGroup var files: FileOptions

    func run() throws {
        let clock = try currentClock()
        let path = files.path
        let data: Data
        do {
            guard let d = FileManager.default.contents(atPath: path) else {
                _ = try NetworkDocument.open(path) // says why: missing, a directory, unreadable …
                throw CLIError("\(path) does not exist")
            }
            data = d
        } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
        var records: NetworkRecords
        do { records = try NetworkCodec.decodeRecords(data) } catch {
            throw CLIError("\(path): \(error)")
        }
        let problems = NetworkCheck.problems(records, today: clock.today)
        let version = records.version
        Migrations.upgrade(&records)
        if problems.isEmpty {
            print("\(path): OK — \(records.contacts.count) contacts, \(records.interactions.count) interactions, \(records.events.count) events, \(records.followUps.count) follow-ups"
                  + (version < NetworkCodec.formatVersion ? " (formatVersion \(version); the next save upgrades it to \(NetworkCodec.formatVersion))" : ""))
            return
        }
        for p in problems { print("\(path): \(p)") }
        throw CLIError("\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(path)")
    }
}

struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "List kept versions of the network file, or bring one back.",
        discussion: """
        kith keeps FILE.bak (the version before the last save), a copy per day for the last 7 days
        in backups/ beside the file, and FILE.vN.bak when a save upgraded the format from version N.
        Restoring keeps the current file as a backup first.
        """)

    @OptionGroup var files: FileOptions
    @Flag(help: "List the kept versions.") var list = false
    @Argument(help: "YYYY-MM-DD (a daily copy), bak, or vN.") var which: String?

    func validate() throws {
        if list == (which != nil) { throw ValidationError("give either --list or the version to restore") }
    }

    func run() throws {
        let clock = try currentClock()
        let path = files.path
        let copies = Backups.list(path)
        if list {
            if copies.isEmpty { print("No kept versions of \(path) yet."); return }
            print(table([["VERSION", "CONTACTS", "INTERACTIONS", "PATH"]] + copies.map { c in
                let n = (try? NetworkCodec.decode(Data(contentsOf: URL(fileURLWithPath: c.path))))
                return [c.label, n.map { String($0.contacts.count) } ?? "unreadable", n.map { String($0.interactions.count) } ?? "", c.path]
            }))
            return
        }
        let key = which!.lowercased()
        var wanted = key
        if let d = try? DateInput.parse(key, today: clock.today) { wanted = d.iso }
        guard let copy = copies.first(where: { $0.label == wanted }) else {
            throw CLIError("no kept version \"\(which!)\" of \(path); kept: \(copies.map(\.label).joined(separator: ", "))")
        }
        do { try Backups.restore(path, from: copy, today: clock.today) } catch { throw CLIError("\(error)") }
        print("Restored \(path) from \(copy.path); the version it replaced is \(path).bak")
    }
}
