import Testing
@testable import KithCore

@Suite struct DayTests {
    @Test func roundTripsAcrossCenturiesAndLeapDays() {
        for text in ["1970-01-01", "2000-02-29", "2024-02-29", "1900-03-01", "1969-12-31", "2026-12-31", "0001-01-01"] {
            let d = Day(iso: text)
            #expect(d != nil, "\(text)")
            #expect(d?.iso == text)
        }
        #expect(Day(iso: "1970-01-01")?.ordinal == 0)
        #expect(Day(iso: "2026-02-29") == nil)
        #expect(Day(iso: "1900-02-29") == nil)
        #expect(Day(iso: "2026-13-01") == nil)
        #expect(Day(iso: "2026-1-01") == nil)
        #expect(Day(iso: "2026-01-01x") == nil)
    }

    @Test func leapDayArithmetic() {
        let feb28 = Day(iso: "2024-02-28")!
        #expect((feb28 + 1).iso == "2024-02-29")
        #expect((feb28 + 2).iso == "2024-03-01")
        #expect(Day(iso: "2025-03-01")! - Day(iso: "2025-02-28")! == 1)
    }

    @Test func isoWeekEndsOnSunday() {
        let monday = Day(iso: "2026-11-30")!
        #expect(monday.isoWeekday == 1)
        #expect(monday.endOfISOWeek.iso == "2026-12-06")
        let sunday = Day(iso: "2026-12-06")!
        #expect(sunday.isoWeekday == 7)
        #expect(sunday.endOfISOWeek == sunday)
        #expect(Day(iso: "1970-01-01")!.weekdayName == "Thu")
    }

    @Test func birthdaysWithAndWithoutYear() {
        #expect(Birthday(text: "--02-29")?.description == "--02-29")
        #expect(Birthday(text: "1990-02-29") == nil)
        #expect(Birthday(text: "1992-02-29")?.year == 1992)
        // Feb 29 falls on Feb 28 in a common year.
        #expect(Birthday(text: "--02-29")!.next(onOrAfter: Day(iso: "2026-02-01")!).iso == "2026-02-28")
        #expect(Birthday(text: "--01-05")!.next(onOrAfter: Day(iso: "2026-11-30")!).iso == "2027-01-05")
    }
}

@Suite struct DateInputTests {
    let today = Day(iso: "2026-11-30")! // Monday

    @Test func acceptsEveryDocumentedForm() throws {
        #expect(try DateInput.parse("2026-12-24", today: today).iso == "2026-12-24")
        #expect(try DateInput.parse("today", today: today) == today)
        #expect(try DateInput.parse("Tomorrow", today: today).iso == "2026-12-01")
        #expect(try DateInput.parse("yesterday", today: today).iso == "2026-11-29")
        #expect(try DateInput.parse("+3d", today: today).iso == "2026-12-03")
        #expect(try DateInput.parse("-2w", today: today).iso == "2026-11-16")
        #expect(try DateInput.parse("friday", today: today).iso == "2026-12-04")
        #expect(try DateInput.parse("fri", today: today).iso == "2026-12-04")
        // The next occurrence: on a Monday, "monday" is a week ahead.
        #expect(try DateInput.parse("monday", today: today).iso == "2026-12-07")
    }

    @Test func rejectsBadDates() {
        for bad in ["", "2026-02-30", "someday", "+d", "+3x", "fr", "31/12/2026", "+999999999d"] {
            #expect(throws: LookupError.self, "\(bad)") { try DateInput.parse(bad, today: today) }
        }
    }

    @Test func times() throws {
        #expect(try DateInput.parseTime("18:30") == 1110)
        #expect(try DateInput.parseTime("9:05") == 545)
        #expect(throws: LookupError.self) { try DateInput.parseTime("24:00") }
        #expect(throws: LookupError.self) { try DateInput.parseTime("noon") }
    }

    @Test func kithNowParsesDatesAndDateTimes() throws {
        #expect(Clock.parse("2026-11-30")?.today.iso == "2026-11-30")
        #expect(Clock.parse("2026-11-30T09:15:00Z")?.minuteOfDay == 555)
        #expect(Clock.parse("2026-11-30T23:59:59.123+01:00")?.today.iso == "2026-11-30")
        #expect(Clock.parse("2026-11-30T25:00") == nil)
        #expect(Clock.parse("yesterday") == nil)
        #expect(throws: Clock.Failure.self) { try Clock.fromEnvironment(["KITH_NOW": "soon"]) }
        #expect(try Clock.fromEnvironment(["KITH_NOW": "2026-01-02"]).today.iso == "2026-01-02")
    }
}
