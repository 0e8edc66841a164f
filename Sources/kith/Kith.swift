import ArgumentParser
import Foundation
import KithCore
import KithTerminal
import KithUI

/// A failure the user can act on: printed as "Error: …", exit status 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// `--file`, shared by every command.
struct FileOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The network file.", discussion: "Default: $KITH_FILE, else $XDG_DATA_HOME/kith/network.plist (~/.local/share/kith/network.plist).", valueName: "path"))
    var file: String?

    /// The file to use: --file, else $KITH_FILE, else the XDG data folder.
    var path: String { Self.path(file: file) }

    static func path(file: String?, _ env: [String: String] = ProcessEnvironment.current) -> String {
        if let file, !file.isEmpty { return file }
        if let f = env["KITH_FILE"], !f.isEmpty { return f }
        return BaseDirectory.data.path(env) + "/kith/network.plist"
    }

    /// The file's records but its interactions, for a command that only reports on them (`kith
    /// due`, `kith list`, `kith events`, `kith export csv|ics`): from the dashboard's first-screen
    /// cache when it matches the file (checked by its fingerprint, else the file is read whole), or
    /// read up to the interactions.
    func openFirstScreen() throws -> Network {
        do {
            let (doc, history) = try NetworkDocument.openDeferringHistory(path, cache: .standard())
            if let history, !history.firstScreenMatchesFile() { return try open().network }
            return doc.network
        } catch let e as CLIError { throw e } catch { throw CLIError("\(error)") }
    }

    /// The file, opened for a subcommand. Its saves keep the dashboard's first-screen cache
    /// current, so that the next launch after `kith log` reads no XML either.
    func open() throws -> NetworkDocument {
        var doc: NetworkDocument
        do { doc = try NetworkDocument.open(path) } catch { throw CLIError("\(error)") }
        doc.firstScreenCache = .standard()
        return doc
    }
}

/// Today, from KITH_NOW or the wall clock.
func currentClock(_ env: [String: String] = ProcessEnvironment.current) throws -> Clock {
    do { return try Clock.fromEnvironment(env) } catch { throw CLIError("\(error)") }
}

/// Applies one change and saves it (`today` names the daily backup); the file is untouched if
/// either fails.
func commit(_ change: Change, to doc: inout NetworkDocument, today: Day? = nil) throws {
    let today = try today ?? currentClock().today
    do {
        try doc.apply(change)
        try doc.save(today: today)
    } catch {
        throw CLIError("\(error)")
    }
    storeNextLaunchFrames(for: doc)
}

func findContact(_ name: String, in n: Network) throws -> Contact {
    do { return try n.findContact(name) } catch { throw CLIError("\(error)") }
}

func parseDay(_ text: String, today: Day) throws -> Day {
    do { return try DateInput.parse(text, today: today) } catch { throw CLIError("\(error)") }
}

func nonEmpty(_ s: String, _ what: String) throws -> String {
    let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !t.isEmpty else { throw CLIError("\(what) is empty") }
    return t
}

@main
struct Kith: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kith",
        abstract: "A terminal relationship dashboard: keep in touch, give first, widen your network.",
        discussion: """
        With no subcommand, kith opens the dashboard on your network file.
        KITH_NOW (an ISO 8601 date or date-time) replaces "now" everywhere.
        """,
        version: "0.1.0",
        subcommands: [Demo.self, Add.self, Log.self, FollowUpCommand.self, List.self, Show.self, Due.self, Done.self, Snooze.self, Config.self, Check.self, Restore.self, Events.self, EventStatusCommand.self, Met.self, Stats.self, Import.self, Export.self, Sync.self]
    )

    @OptionGroup var files: FileOptions

    /// `kith` and `kith --file PATH`, the dashboard that is opened many times a day, are
    /// recognized before swift-argument-parser is asked: its parse of this command tree is most
    /// of what the process does before the first frame (about 1.4 ms of the runtime's conformance
    /// lookups behind its reflection, in callgrind). Everything else, `--file=PATH` included, is
    /// the parser's.
    static func main() {
        Allocator.tune()
        let args = Array(CommandLine.arguments.dropFirst())
        guard args.isEmpty || (args.count == 2 && args[0] == "--file" && !args[1].hasPrefix("-")) else { return main(nil) }
        do { try runDashboard(file: args.last) } catch { exit(withError: error) }
    }

    func run() throws { try Self.runDashboard(file: files.file) }

    /// Opens the dashboard on the network file `--file` names (or the default one).
    static func runDashboard(file: String?) throws {
        // Read once: each read builds the dictionary again.
        let env = ProcessEnvironment.current
        let path = FileOptions.path(file: file, env)
        let prefs = try currentPreferences(env)
        let clock = try currentClock(env)
        let status: Int32
        do {
            status = try TerminalApp.run(opening: { try openDashboard(path, prefs, clock: clock, env) },
                                         firstFrames: dashboardFrames(path, prefs, clock, env),
                                         screenBesideOpen: !FirstScreenCache.standard(env).isStale(forFileAt: path),
                                         today: { ((try? Clock.fromEnvironment(env)) ?? clock).today },
                                         theme: prefs.theme == "monochrome" ? .monochrome : .standard, environment: env)
        } catch let e as TerminalError {
            throw CLIError(e.message)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// The dashboard on the file's first screen; the interactions are read while it shows (see
    /// TerminalApp.run).
    private static func openDashboard(_ path: String, _ prefs: Preferences, clock: Clock, _ env: [String: String]) throws -> (AppState, NetworkDocument.DeferredHistory?) {
        let (doc, history): (NetworkDocument, NetworkDocument.DeferredHistory?)
        do { (doc, history) = try NetworkDocument.openDeferringHistory(path, cache: .standard(env)) } catch { throw CLIError("\(error)") }
        return (try dashboardState(doc, prefs, today: clock.today), history)
    }
}
