import Foundation
import KithCore
import KithTerminal
import KithUI

/// What the dashboard's first frame is made of besides the file and the executable: the day,
/// the config file, and the locale (character widths). See ``FirstFrames``.
func dashboardContext(_ prefs: Preferences, _ clock: Clock, _ env: [String: String]) -> String {
    "today=" + clock.today.iso + " config=" + prefs.source + " locale=" + ["LC_ALL", "LC_CTYPE", "LANG"].map { env[$0] ?? "" }.joined(separator: ",")
}

/// The dashboard's state on `doc` before its first frame: the day, the weights, keys and events
/// horizon of the preferences.
func dashboardState(_ doc: NetworkDocument, _ prefs: Preferences, clock: Clock) throws -> AppState {
    var state = AppState(document: doc, today: clock.today, weights: prefs.weights)
    do { state.keymap = try Keymap.standard.rebinding(prefs.keys) } catch {
        throw CLIError("\(Preferences.path()): \(error)")
    }
    if let days = prefs.eventDays { state.eventHorizon = days; state.refresh() }
    return state
}

/// After a subcommand's save: when the dashboard has stored a first frame for this file (it is
/// opened on it), stores the frame a launch on the saved file draws, at that frame's size, so
/// that the launch after `kith log` shows it at once too. It costs the save the first frame's
/// lists and render (a few ms at 10,000 contacts, about 50 at 100,000), and only where the
/// dashboard is used; failing only means a slower launch.
func storeNextLaunchFrame(for doc: NetworkDocument) {
    let env = ProcessInfo.processInfo.environment
    let frames = FirstFrames(cache: .standard(env), path: doc.path, context: "")
    guard let size = frames.storedSize(), let prefs = try? Preferences.load(env), let clock = try? Clock.fromEnvironment(env),
          var state = try? dashboardState(doc, prefs, clock: clock) else { return }
    let next = FirstFrames(cache: frames.cache, path: doc.path, context: dashboardContext(prefs, clock, env))
    guard let key = next.key(for: doc) else { return }
    _ = reduce(&state, .resize(width: size.width, height: size.height))
    next.save(render(state), key: key)
}
