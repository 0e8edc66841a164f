/// A calendar day with no time zone: the unit of every date kith reasons about.
///
/// Stored as days since 1970-01-01 so that "due in 14 days" is integer arithmetic and can never
/// be shifted by daylight-saving time. Conversions use Howard Hinnant's civil-date algorithms.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public var ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Creates a day from a proleptic Gregorian year, month (1–12) and day (1–31), or nil when the
    /// combination does not exist (2026-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        ordinal = era * 146_097 + doe - 719_468
    }

    /// The year, month and day of this ordinal.
    public var components: (year: Int, month: Int, day: Int) {
        let z = ordinal + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int {
        // 1970-01-01 was a Thursday (4).
        let r = (ordinal + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    /// The Sunday that ends this day's ISO week.
    public var endOfISOWeek: Day { self + (7 - isoWeekday) }

    public static func + (lhs: Day, rhs: Int) -> Day { Day(ordinal: lhs.ordinal + rhs) }
    public static func - (lhs: Day, rhs: Int) -> Day { Day(ordinal: lhs.ordinal - rhs) }
    /// Days from `rhs` to `lhs`.
    public static func - (lhs: Day, rhs: Day) -> Int { lhs.ordinal - rhs.ordinal }
    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    /// `YYYY-MM-DD`.
    public var iso: String {
        let c = components
        return Day.pad(c.year, 4) + "-" + Day.pad(c.month, 2) + "-" + Day.pad(c.day, 2)
    }

    public var description: String { iso }

    /// Parses exactly `YYYY-MM-DD`; nil for anything else, including impossible dates.
    public init?(iso text: some StringProtocol) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-"),
              let y = Day.digits(u[0..<4]), let m = Day.digits(u[5..<7]), let d = Day.digits(u[8..<10])
        else { return nil }
        self.init(year: y, month: m, day: d)
    }

    static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for b in bytes {
            guard b >= 48, b <= 57 else { return nil }
            v = v * 10 + Int(b - 48)
        }
        return v
    }

    /// `n` with leading zeros to `width` digits.
    public static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    static let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// A short weekday name: "Thu".
    public var weekdayName: String { Day.weekdayNames[isoWeekday - 1] }

    /// "Thu 03 Dec" — compact, for panes.
    public var short: String {
        let c = components
        return "\(weekdayName) \(Day.pad(c.day, 2)) \(Day.monthNames[c.month - 1])"
    }
}

/// A birthday: a month and day, with the year when it is known (vCard's `--MMDD` has none).
public struct Birthday: Hashable, Sendable, CustomStringConvertible {
    public var year: Int?
    public var month: Int
    public var day: Int

    public init?(year: Int?, month: Int, day: Int) {
        // Feb 29 is a valid birthday without a year; with one, the date must exist.
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year ?? 2000) else { return nil }
        if let year, Day(year: year, month: month, day: day) == nil { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses `YYYY-MM-DD` or `--MM-DD`.
    public init?(text: some StringProtocol) {
        let s = String(text)
        if s.hasPrefix("--") {
            let u = Array(s.utf8)
            guard u.count == 7, u[4] == UInt8(ascii: "-"),
                  let m = Day.digits(u[2..<4]), let d = Day.digits(u[5..<7]) else { return nil }
            self.init(year: nil, month: m, day: d)
        } else {
            guard let day = Day(iso: s) else { return nil }
            let c = day.components
            self.init(year: c.year, month: c.month, day: c.day)
        }
    }

    public var description: String {
        let md = Day.pad(month, 2) + "-" + Day.pad(day, 2)
        return year.map { Day.pad($0, 4) + "-" + md } ?? "--" + md
    }

    /// The next day on or after `from` that this birthday falls on (Feb 29 falls on Feb 28 in
    /// common years, as most people celebrate it).
    public func next(onOrAfter from: Day) -> Day {
        var y = from.components.year
        while true {
            let d = (month == 2 && day == 29 && !Day.isLeap(y)) ? 28 : day
            if let candidate = Day(year: y, month: month, day: d), candidate >= from { return candidate }
            y += 1
        }
    }
}
