import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one place that reads "now".
///
/// `KITH_NOW` (an ISO 8601 date such as `2026-11-30`, or a date-time such as
/// `2026-11-30T09:15:00Z`) replaces the wall clock everywhere, so tests and demos are
/// reproducible. kith reasons in calendar days; the time of day only matters for display.
public struct Clock: Sendable {
    /// Today's calendar day in the user's time zone (or the date written in `KITH_NOW`).
    public let today: Day
    /// Minutes since midnight, for display only.
    public let minuteOfDay: Int

    public init(today: Day, minuteOfDay: Int = 9 * 60) {
        self.today = today
        self.minuteOfDay = minuteOfDay
    }

    public enum Failure: Error, CustomStringConvertible {
        case badNow(String)
        public var description: String {
            switch self {
            case .badNow(let v):
                return "KITH_NOW=\(v) is not an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])"
            }
        }
    }

    /// The clock for this process: `KITH_NOW` when set, else the wall clock.
    public static func fromEnvironment(_ env: [String: String] = ProcessEnvironment.current) throws -> Clock {
        if let raw = env["KITH_NOW"], !raw.isEmpty {
            guard let c = parse(raw) else { throw Failure.badNow(raw) }
            return c
        }
        return wall()
    }

    /// Reads the wall clock. Nothing else in kith may.
    public static func wall() -> Clock {
        // The C library's local time (TZ, else /etc/localtime), the zone Calendar.current uses
        // too, without starting ICU's calendar at launch (2.2 million instructions; callgrind).
        var now = time(nil), local = tm()
        guard localtime_r(&now, &local) != nil,
              let day = Day(year: Int(local.tm_year) + 1900, month: Int(local.tm_mon) + 1, day: Int(local.tm_mday)) else {
            return Clock(today: Day(ordinal: 0))
        }
        return Clock(today: day, minuteOfDay: Int(local.tm_hour) * 60 + Int(local.tm_min))
    }

    /// Parses `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH:MM]`. The date is taken as written.
    public static func parse(_ raw: String) -> Clock? {
        let s = Substring(raw)
        guard s.count >= 10, let day = Day(iso: s.prefix(10)) else { return nil }
        var rest = s.dropFirst(10)
        if rest.isEmpty { return Clock(today: day) }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        let u = Array(rest.utf8)
        guard u.count >= 5, u[2] == UInt8(ascii: ":"),
              let h = Day.digits(u[0..<2]), let m = Day.digits(u[3..<5]), h < 24, m < 60 else { return nil }
        var i = 5
        if i < u.count, u[i] == UInt8(ascii: ":") {
            guard u.count >= i + 3, let sec = Day.digits(u[(i + 1)..<(i + 3)]), sec < 61 else { return nil }
            i += 3
            if i < u.count, u[i] == UInt8(ascii: ".") {
                i += 1
                while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            }
        }
        let zone = Array(u[i...])
        let okZone = zone.isEmpty || zone == [UInt8(ascii: "Z")]
            || (zone.count == 6 && (zone[0] == UInt8(ascii: "+") || zone[0] == UInt8(ascii: "-")) && zone[3] == UInt8(ascii: ":")
                && Day.digits(zone[1..<3]) != nil && Day.digits(zone[4..<6]) != nil)
        guard okZone else { return nil }
        return Clock(today: day, minuteOfDay: h * 60 + m)
    }
}
