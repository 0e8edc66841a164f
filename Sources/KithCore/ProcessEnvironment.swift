import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process's environment variables.
public enum ProcessEnvironment {
    /// The variables as the C library's `environ` lists them; where a name is listed twice, the
    /// first wins, as with `getenv`. Foundation's `ProcessInfo.environment` gives the same, but
    /// its first read makes a `[String: String]` from Foundation's own generic code, which checks
    /// `String: Hashable` by scanning every conformance record of the static binary: 0.46 million
    /// instructions of a launch's first frame.
    public static var current: [String: String] {
        var env: [String: String] = [:]
        var entry = environ
        while let cString = entry.pointee {
            let pair = String(cString: cString)
            if let eq = pair.utf8.firstIndex(of: UInt8(ascii: "=")) {
                let name = String(pair[..<eq])
                if env[name] == nil { env[name] = String(pair[pair.index(after: eq)...]) }
            }
            entry += 1
        }
        return env
    }
}
