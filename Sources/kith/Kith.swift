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
    var path: String {
        let env = ProcessInfo.processInfo.environment
        if let file, !file.isEmpty { return file }
        if let f = env["KITH_FILE"], !f.isEmpty { return f }
        return BaseDirectory.data.path(env) + "/kith/network.plist"
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
func currentClock() throws -> Clock {
    do { return try Clock.fromEnvironment() } catch { throw CLIError("\(error)") }
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

    func run() throws {
        let prefs = try currentPreferences()
        let clock = try currentClock()
        let env = ProcessInfo.processInfo.environment
        // What the first frame is made of besides the file: the day, the preferences, and the
        // locale (character widths).
        let context = "today=\(clock.today) \(prefs.settingsText) locale=\(["LC_ALL", "LC_CTYPE", "LANG"].map { env[$0] ?? "" })"
        let status: Int32
        do {
            status = try TerminalApp.run(opening: { try openDashboard(prefs, clock: clock) },
                                         firstFrames: FirstFrames(cache: .standard(env), path: files.path, context: context),
                                         theme: prefs.theme == "monochrome" ? .monochrome : .standard, environment: env)
        } catch let e as TerminalError {
            throw CLIError(e.message)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// The dashboard on the file's first screen; the interactions are read while it shows (see
    /// TerminalApp.run).
    private func openDashboard(_ prefs: Preferences, clock: Clock) throws -> (AppState, NetworkDocument.DeferredHistory?) {
        let (doc, history): (NetworkDocument, NetworkDocument.DeferredHistory?)
        do { (doc, history) = try NetworkDocument.openDeferringHistory(files.path, cache: .standard()) } catch { throw CLIError("\(error)") }
        var state = AppState(document: doc, today: clock.today, weights: prefs.weights)
        do { state.keymap = try Keymap.standard.rebinding(prefs.keys) } catch {
            throw CLIError("\(Preferences.path()): \(error)")
        }
        if let days = prefs.eventDays { state.eventHorizon = days; state.refresh() }
        return (state, history)
    }
}
