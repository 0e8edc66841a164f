import Foundation

/// The optional config file: `$KITH_CONFIG`, else `$XDG_CONFIG_HOME/kith/config.plist`
/// (`~/.config/kith/config.plist`). It holds how kith behaves for this user, not network data.
///
/// ```xml
/// <plist version="1.0"><dict>
///   <key>weights</key><dict><key>overdue</key><real>120</real><key>inner</key><real>10</real></dict>
/// </dict></plist>
/// ```
public struct Preferences: Sendable, Equatable {
    public var weights = NurtureWeights()
    /// Key bindings to change: action name → key names ("quit": ["Q"]); the dashboard checks them.
    public var keys: [String: [String]] = [:]
    /// "standard" or "monochrome".
    public var theme: String?
    /// Days ahead the events pane looks (default 30).
    public var eventDays: Int?

    public init() {}

    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var message: String
        public var description: String { "\(path): \(message)" }
    }

    /// The content hash of the config file these were read from ("none" without one): equal for
    /// equal settings, and cheap (part of what a stored first frame was drawn with; describing
    /// the values instead costs the launch 0.6 ms of reflection).
    public private(set) var source = "none"

    public static func path(_ env: [String: String] = ProcessEnvironment.current) -> String {
        if let p = env["KITH_CONFIG"], !p.isEmpty { return p }
        return BaseDirectory.config.path(env) + "/kith/config.plist"
    }

    /// Reads the config file; a missing file gives the defaults, a bad one an error naming the key.
    public static func load(_ env: [String: String] = ProcessEnvironment.current) throws -> Preferences {
        let path = path(env)
        guard let data = FileManager.default.contents(atPath: path) else { return Preferences() }
        let object: Any
        do { object = try PropertyListSerialization.propertyList(from: data, options: [], format: nil) } catch {
            throw Failure(path: path, message: "not a property list (\(error.localizedDescription))")
        }
        guard let top = object as? [String: Any] else { throw Failure(path: path, message: "the top level must be a dict") }
        var prefs = Preferences()
        prefs.source = ContentHash([UInt8](data)).description
        for (key, value) in top {
            switch key {
            case "weights":
                guard let dict = value as? [String: Any] else { throw Failure(path: path, message: "weights must be a dict") }
                for (name, raw) in dict {
                    guard let number = (raw as? NSNumber)?.doubleValue, number.isFinite else {
                        throw Failure(path: path, message: "weights.\(name) must be a number")
                    }
                    guard prefs.weights.set(name, number) else {
                        throw Failure(path: path, message: "weights.\(name) is not a weight; known: \(NurtureWeights.names.joined(separator: ", "))")
                    }
                }
            case "keys":
                guard let dict = value as? [String: Any] else { throw Failure(path: path, message: "keys must be a dict of action → key names") }
                for (action, raw) in dict {
                    if let one = raw as? String { prefs.keys[action] = [one] }
                    else if let many = raw as? [String] { prefs.keys[action] = many }
                    else { throw Failure(path: path, message: "keys.\(action) must be a key name or an array of them") }
                }
            case "theme":
                guard let t = value as? String, ["standard", "monochrome"].contains(t) else {
                    throw Failure(path: path, message: "theme must be \"standard\" or \"monochrome\"")
                }
                prefs.theme = t
            case "eventDays":
                guard let n = (value as? NSNumber)?.intValue, n > 0, n <= 3660 else {
                    throw Failure(path: path, message: "eventDays must be a positive number of days")
                }
                prefs.eventDays = n
            default:
                throw Failure(path: path, message: "unknown key \"\(key)\" (known: weights, keys, theme, eventDays)")
            }
        }
        return prefs
    }
}

extension NurtureWeights {
    /// The names a config file may set.
    public static let names = ["overdue", "perDayLate", "lateCap", "perDayAhead", "inner", "close", "wider",
                               "acquaintance", "followUp", "birthday", "event", "keepInTouch", "giveFirst"]

    /// Sets a weight by name; false for an unknown name.
    mutating func set(_ name: String, _ value: Double) -> Bool {
        switch name {
        case "overdue": overdue = value
        case "perDayLate": perDayLate = value
        case "lateCap": lateCap = max(0, Int(value))
        case "perDayAhead": perDayAhead = value
        case "inner": inner = value
        case "close": close = value
        case "wider": wider = value
        case "acquaintance": acquaintance = value
        case "followUp": followUp = value
        case "birthday": birthday = value
        case "event": event = value
        case "keepInTouch": keepInTouch = value
        case "giveFirst": giveFirst = value
        default: return false
        }
        return true
    }
}
