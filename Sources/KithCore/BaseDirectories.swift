import Foundation

/// The XDG base directories kith keeps its files under.
public enum BaseDirectory: String, Sendable {
    case data = "XDG_DATA_HOME"
    case config = "XDG_CONFIG_HOME"
    case cache = "XDG_CACHE_HOME"

    /// `$XDG_…_HOME` when it is set and not empty, else its default under `$HOME`.
    public func path(_ env: [String: String] = ProcessEnvironment.current) -> String {
        if let p = env[rawValue], !p.isEmpty { return p }
        let home = env["HOME"] ?? NSHomeDirectory()
        switch self {
        case .data: return home + "/.local/share"
        case .config: return home + "/.config"
        case .cache: return home + "/.cache"
        }
    }
}
