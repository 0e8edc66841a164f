import ArgumentParser
import Foundation
import KithCore
#if canImport(Glibc)
import Glibc
#endif

extension ConflictChoice: ExpressibleByArgument {}
extension VCardVersion: ExpressibleByArgument {}

/// Counts on stderr while a long import or sync runs, only when stderr is a terminal.
struct Progress {
    let what: String
    let enabled = isatty(STDERR_FILENO) == 1
    private let start = ContinuousClock.now
    private var last = ContinuousClock.now

    init(_ what: String) { self.what = what }

    mutating func update(_ done: Int, of total: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard done == total || now - last > .milliseconds(100) else { return }
        last = now
        let seconds = Double((now - start).components.attoseconds) / 1e18 + Double((now - start).components.seconds)
        let rate = seconds > 0 ? Int(Double(done) / seconds) : 0
        FileHandle.standardError.write(Data("\r\u{1B}[K\(what): \(done)/\(total) (\(rate)/s)".utf8))
        if done == total { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}

func readInput(_ path: String) throws -> [UInt8] {
    if path == "-" { return Array(FileHandle.standardInput.readDataToEndOfFile()) }
    do {
        guard let bytes = try Interop.read(path) else { throw CLIError("\(path) does not exist") }
        return bytes
    } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
}

func writeOutput(_ bytes: [UInt8], to out: String?) throws {
    guard let out, out != "-" else {
        FileHandle.standardOutput.write(Data(bytes))
        return
    }
    do { try Interop.write(bytes, to: out) } catch { throw CLIError("\(error)") }
}

/// Options shared by the imports.
struct ImportOptions: ParsableArguments {
    @Option(help: ArgumentHelp("For a card that only shares a name with a contact: ask, skip, add or update.",
                               discussion: "Default: ask when kith runs in a terminal, else skip.", valueName: "choice"))
    var onConflict: String?
    @Flag(help: "Show what would change; change nothing.") var dryRun = false

    func policy() throws -> ConflictChoice? {
        guard let onConflict else { return isatty(STDIN_FILENO) == 1 ? nil : .skip }
        if onConflict == "ask" { return nil }
        guard let c = ConflictChoice(rawValue: onConflict) else { throw CLIError("--on-conflict takes ask, skip, add or update, not \"\(onConflict)\"") }
        return c
    }
}

/// Runs cards through ``ContactImport``, asks or applies the conflict policy, prints the
/// report and saves. Exit status 1 when a card could not be read (the others are imported).
func runImport(_ cards: [(origin: String, card: CardContent)], bad: [String], options: ImportOptions, files: FileOptions, noun: String) throws {
    let clock = try currentClock()
    var doc = try files.open()
    var policy = try options.policy()
    var importer = ContactImport(doc.network)
    var progress = Progress("importing \(noun)")
    for (i, item) in cards.enumerated() {
        importer.take(item.card, origin: item.origin) { existing, card in
            if let policy { return policy }
            return ask(existing, card, origin: item.origin, all: &policy)
        }
        progress.update(i + 1, of: cards.count)
    }
    importer.finish()
    var report = importer.report
    report.problems = bad + report.problems
    let lines = options.dryRun ? report.lines : report.lines.filter { $0.hasPrefix("skip ") }
    for l in lines { print(l) }
    for p in report.problems { FileHandle.standardError.write(Data("kith: \(p)\n".utf8)) }
    if !options.dryRun && !importer.changes.isEmpty {
        try commit(.batch(importer.changes), to: &doc, today: clock.today)
    }
    print((options.dryRun ? "Would import: " : "Imported: ") + report.summary)
    if report.skipped > 0 && options.onConflict == nil && isatty(STDIN_FILENO) != 1 {
        print("Cards that only share a name with a contact were skipped; --on-conflict add|update decides.")
    }
    if !bad.isEmpty { throw ExitCode(1) }
}

/// Asks on the terminal what to do with a card that looks like an existing contact.
private func ask(_ existing: Contact, _ card: CardContent, origin: String, all: inout ConflictChoice?) -> ConflictChoice {
    let c = card.contact
    FileHandle.standardError.write(Data("""
    \(origin) card \(card.number): "\(c.name)"\(c.emails.first.map { " <\($0)>" } ?? "") looks like the contact "\(existing.name)"\(existing.emails.first.map { " <\($0)>" } ?? "") (no UID or email in common).
    [s]kip, [a]dd as a new contact, [u]pdate the contact; S, A or U for all the rest: 
    """.utf8))
    while let answer = readLine(strippingNewline: true) {
        switch answer.trimmingCharacters(in: .whitespaces) {
        case "s", "": return .skip
        case "a": return .add
        case "u": return .update
        case "S": all = .skip; return .skip
        case "A": all = .add; return .add
        case "U": all = .update; return .update
        default: FileHandle.standardError.write(Data("s, a, u, S, A or U: ".utf8))
        }
    }
    all = .skip
    return .skip
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import contacts from vCard or CSV files.",
        subcommands: [ImportVCard.self, ImportCSV.self])
}

struct ImportVCard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcard",
        abstract: "Import contacts from vCard files (2.1, 3.0, 4.0).",
        discussion: """
        A card updates the contact with the same UID, else the one with one of its emails; it is
        never added twice. A card that only shares a name with a contact asks (see --on-conflict).
        A card that cannot be read is reported with its number and line and skipped; the rest are
        imported, and the exit status is 1. FILE - reads standard input.
        """)

    @OptionGroup var files: FileOptions
    @OptionGroup var options: ImportOptions
    @Argument(help: "vCard files (.vcf).") var paths: [String]

    func validate() throws { if paths.isEmpty { throw ValidationError("give at least one vCard file") } }

    func run() throws {
        let today = try currentClock().today
        var cards: [(origin: String, card: CardContent)] = []
        var bad: [String] = []
        for path in paths {
            let parsed = VCardParser.parse(try readInput(path))
            bad += parsed.bad.map { "\(path): \($0)" }
            for card in parsed.cards {
                do { cards.append((path, try VCardMapping.content(of: card, today: today))) } catch {
                    bad.append("\(path): card \(card.number) (line \(error.line)): \(error.reason)")
                }
            }
            if parsed.cards.isEmpty && parsed.bad.isEmpty { bad.append("\(path): no cards in the file") }
        }
        try runImport(cards, bad: bad, options: options, files: files, noun: "cards")
    }
}

struct ImportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Import contacts from CSV: kith's own columns, Google Contacts' or abook's export.",
        discussion: "The columns are recognised from the header (abook writes none). See docs/sync.md.")

    @OptionGroup var files: FileOptions
    @OptionGroup var options: ImportOptions
    @Argument(help: "CSV files.") var paths: [String]

    func validate() throws { if paths.isEmpty { throw ValidationError("give at least one CSV file") } }

    func run() throws {
        let today = try currentClock().today
        var cards: [(origin: String, card: CardContent)] = []
        var bad: [String] = []
        for path in paths {
            do {
                let parsed = try ContactCSV.read(try readInput(path), today: today)
                cards += parsed.cards.map { (path, $0) }
                bad += parsed.bad.map { "\(path): row \($0.number ?? 0) (line \($0.line)): \($0.reason)" }
            } catch let e as ContactCSV.Failure {
                bad.append("\(path): \(e)")
            }
        }
        try runImport(cards, bad: bad, options: options, files: files, noun: "rows")
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export contacts as vCard or CSV, events and follow-ups as iCalendar.",
        subcommands: [ExportVCard.self, ExportICS.self, ExportCSV.self])
}

struct OutputOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "path"))
    var out: String?
}

struct ExportVCard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vcard",
        abstract: "Every contact as vCard, with kith's fields and history as X-KITH-* properties.")

    @OptionGroup var files: FileOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "3.0 or 4.0.") var version: VCardVersion = .v3

    func run() throws {
        let doc = try files.open()
        try writeOutput(VCardMapping.export(doc.network, version: version), to: output.out)
    }
}

struct ExportICS: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ics",
        abstract: "Events as VEVENT and open follow-ups as VTODO (RFC 5545).")

    @OptionGroup var files: FileOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let clock = try currentClock()
        // (Events and follow-ups: no interaction is read.)
        try writeOutput(ICalendar.export(try files.openFirstScreen(), clock: clock), to: output.out)
    }
}

struct ExportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Every contact as CSV with kith's columns (docs/sync.md).")

    @OptionGroup var files: FileOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        // (The contacts' own fields: no interaction is read.)
        try writeOutput(ContactCSV.export(try files.openFirstScreen()), to: output.out)
    }
}

struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync the network with a vdir, both ways.",
        subcommands: [SyncVdir.self])
}

struct SyncVdir: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vdir",
        abstract: "Sync contacts with a vdir of .vcf files (and events with one of .ics files), both ways.",
        discussion: """
        New and changed items flow across in both directions; a deletion flows across only when
        the other side did not change the item; an item changed on both sides is kept twice and
        reported. Interactions and follow-ups travel inside the cards. Pair the folders with a
        CardDAV/CalDAV server through vdirsyncer: see docs/sync.md.
        """)

    @OptionGroup var files: FileOptions
    @Argument(help: "The contacts vdir (created when missing).") var dir: String
    @Option(help: ArgumentHelp("The events vdir.", valueName: "dir")) var events: String?
    @Flag(help: "Allow a sync that deletes every item on one side (one side is empty).") var force = false
    @Flag(help: "Show what would change; change nothing.") var dryRun = false

    func run() throws {
        let clock = try currentClock()
        var doc = try files.open()
        let sync = VdirSync(contactsDir: dir, eventsDir: events, networkPath: files.path)
        let plan: VdirSync.Plan
        do { plan = try sync.plan(doc.network, clock: clock, force: force) } catch { throw CLIError("\(error)") }
        let o = plan.outcome
        for p in o.problems { FileHandle.standardError.write(Data("kith: \(p)\n".utf8)) }
        for p in o.toKith.problems { FileHandle.standardError.write(Data("kith: \(p)\n".utf8)) }
        if dryRun {
            for l in o.lines { print(l) }
            print("Would sync: " + o.summary)
            return
        }
        if !plan.changes.isEmpty { try commit(.batch(plan.changes), to: &doc, today: clock.today) }
        var progress = Progress("writing files")
        do { try plan.commitFiles { progress.update($0, of: $1) } } catch { throw CLIError("\(error)") }
        for c in o.conflicts { print("conflict: " + c) }
        print("Synced: " + o.summary)
    }
}
