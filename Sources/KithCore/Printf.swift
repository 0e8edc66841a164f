import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// glibc's `strfromd` (C2X), which Swift's Glibc module does not export: `printf`'s formatting
/// of one double, without a variadic call.
@_silgen_name("strfromd")
private func c_strfromd(_ dest: UnsafeMutablePointer<CChar>, _ size: Int, _ format: UnsafePointer<CChar>, _ x: Double) -> Int32

/// Numbers in words, through the C library's formatter.
public enum Printf {
    /// `x` as `String(format: spec, x)` writes it, for a `spec` of the form `%[width].[precision]f`
    /// (others go to Foundation). Foundation formats `%f` with the C library too, but parses the
    /// format first: about 3 µs a number, which made wording the scores of the upcoming events
    /// about 3 ms of a first frame at 100,000 contacts. `strfromd` takes the double itself, where
    /// `vsnprintf` needs a `va_list`, whose first use looks up a protocol conformance through the
    /// whole binary: 0.9 million instructions of a first frame.
    public static func double(_ spec: String, _ x: Double) -> String {
        guard let (width, precision) = widthAndPrecision(spec) else { return String(format: spec, x) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 48) { buffer in
            let n = Int(c_strfromd(buffer.baseAddress!, buffer.count, precision, x))
            guard n >= 0, n < buffer.count else { return String(format: spec, x) }
            let digits = String(decoding: UnsafeRawBufferPointer(start: buffer.baseAddress!, count: n), as: UTF8.self)
            return n < width ? String(repeating: " ", count: width - n) + digits : digits
        }
    }

    /// The field width of `%W.Pf` (0 without one) and the format `strfromd` takes (`%.Pf`);
    /// nil for any other spec.
    private static func widthAndPrecision(_ spec: String) -> (Int, String)? {
        let b = Array(spec.utf8)
        guard b.count >= 4, b.first == UInt8(ascii: "%"), b.last == UInt8(ascii: "f"), let dot = b.firstIndex(of: UInt8(ascii: ".")) else { return nil }
        let width = b[1..<dot], precision = b[(dot + 1)..<(b.count - 1)]
        let isDigit = { (c: UInt8) in c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        guard width.count <= 2, width.first != UInt8(ascii: "0"), !precision.isEmpty, precision.count <= 2,
              width.allSatisfy(isDigit), precision.allSatisfy(isDigit) else { return nil }
        return (width.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }, "%" + String(spec.dropFirst(1 + width.count)))
    }
}
