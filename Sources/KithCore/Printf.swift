import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Numbers in words, through the C library's formatter.
public enum Printf {
    /// `x` as `String(format: spec, x)` writes it (Foundation formats `%f` with the C library
    /// too), without Foundation's format parsing: about 3 µs a number there, which made wording
    /// the scores of the upcoming events about 3 ms of a first frame at 100,000 contacts.
    public static func double(_ spec: String, _ x: Double) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
            let n = withVaList([x]) { vsnprintf(buffer.baseAddress!, buffer.count, spec, $0) }
            guard n >= 0, n < buffer.count else { return String(format: spec, x) }
            return String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: Int(n)), as: UTF8.self)
        }
    }
}
