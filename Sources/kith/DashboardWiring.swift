import Foundation
import KithCore
import KithTerminal
import KithUI

/// Where the dashboard keeps its first frames for the file at `path`, keyed by what else a first
/// frame is made of besides the file and the executable: the day, the config file, and the
/// locale (character widths). See ``FirstFrames``.
func dashboardFrames(_ path: String, _ prefs: Preferences, _ clock: Clock, _ env: [String: String]) -> FirstFrames {
    // (Not `joined(separator:)`: its first use looks a witness up by mangled name, which scans
    // every conformance record of the static binary, about 0.2 ms of each launch.)
    let context = "config=" + prefs.source + " locale=" + (env["LC_ALL"] ?? "") + "," + (env["LC_CTYPE"] ?? "") + "," + (env["LANG"] ?? "")
    return FirstFrames(cache: .standard(env), path: path, today: clock.today, context: context) { try dashboardState($0, prefs, today: $1) }
}

/// The dashboard's state on `doc` on `today`, before its first frame: the weights, keys and
/// events horizon of the preferences.
func dashboardState(_ doc: NetworkDocument, _ prefs: Preferences, today: Day) throws -> AppState {
    // (The horizon is given to the state, not set after it: setting it then built every list twice.)
    var state = AppState(document: doc, today: today, weights: prefs.weights, eventHorizon: prefs.eventDays ?? 30)
    do { state.keymap = try Keymap.standard.rebinding(prefs.keys) } catch {
        throw CLIError("\(Preferences.path()): \(error)")
    }
    return state
}

/// After a subcommand's save: when the dashboard has stored a first frame for this file (it is
/// opened on it), stores the frames launches on the saved file draw, today's and the week
/// ahead's, at that frame's size, so that the launch after `kith log`, that day or a later one,
/// shows one at once too. Failing only means a slower launch.
func storeNextLaunchFrames(for doc: NetworkDocument) {
    let env = ProcessEnvironment.current
    guard let prefs = try? Preferences.load(env), let clock = try? Clock.fromEnvironment(env) else { return }
    let frames = dashboardFrames(doc.path, prefs, clock, env)
    guard let size = frames.storedSize() else { return }
    frames.store(doc, size: size)
}
