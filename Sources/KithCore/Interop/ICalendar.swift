import Foundation

/// Events and follow-ups as iCalendar (RFC 5545): `kith export ics`, and the calendar side of
/// `kith sync vdir --events`.
public enum ICalendar {
    public static let prodID = "-//kith//kith 0.1//EN"

    /// `20261130T090000Z`: DTSTAMP from the injected clock, so output is reproducible.
    static func stamp(_ clock: Clock) -> String {
        compact(clock.today) + "T" + Day.pad(clock.minuteOfDay / 60, 2) + Day.pad(clock.minuteOfDay % 60, 2) + "00Z"
    }

    static func compact(_ d: Day) -> String { d.iso.replacingOccurrences(of: "-", with: "") }

    static func status(_ s: EventStatus) -> String {
        switch s {
        case .going, .attended: return "CONFIRMED"
        case .considering: return "TENTATIVE"
        case .skipped: return "CANCELLED"
        }
    }

    /// Appends one VEVENT, with kith's own fields as `X-KITH-*` and the follow-ups about the
    /// event (and no contact) as `X-KITH-FOLLOW-UP`.
    public static func writeEvent(_ e: Event, followUps: [FollowUp], clock: Clock, uid: String? = nil, to out: inout [UInt8]) {
        func line(_ s: String) { ContentLines.appendFolded(s, to: &out) }
        func text(_ name: String, _ v: String?) { if let v, !v.isEmpty { line(name + ":" + ContentLines.escape(v)) } }
        line("BEGIN:VEVENT")
        line("UID:" + (uid ?? e.id.uuidString.lowercased()))
        line("DTSTAMP:" + stamp(clock))
        if let t = e.time {
            line("DTSTART:" + compact(e.date) + "T" + Day.pad(t / 60, 2) + Day.pad(t % 60, 2) + "00")
        } else {
            line("DTSTART;VALUE=DATE:" + compact(e.date))
            line("DTEND;VALUE=DATE:" + compact(e.date + 1))
        }
        text("SUMMARY", e.title)
        text("LOCATION", e.location)
        text("DESCRIPTION", e.notes)
        if !e.tags.isEmpty { line("CATEGORIES:" + e.tags.map(ContentLines.escape).joined(separator: ",")) }
        line("STATUS:" + status(e.status))
        line("X-KITH-STATUS:" + e.status.rawValue)
        text("X-KITH-FIELD", e.field)
        if !e.met.isEmpty { line("X-KITH-MET:" + e.met.map { $0.uuidString.lowercased() }.joined(separator: ",")) }
        for l in FollowUpProperty.lines(followUps) { line(l) }
        line("END:VEVENT")
    }

    static func open(_ out: inout [UInt8]) {
        for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + prodID, "CALSCALE:GREGORIAN"] { ContentLines.appendFolded(l, to: &out) }
    }

    static func close(_ out: inout [UInt8]) { ContentLines.appendFolded("END:VCALENDAR", to: &out) }

    /// One calendar holding one event: a file of a calendar vdir.
    public static func eventFile(_ e: Event, followUps: [FollowUp], clock: Clock, uid: String? = nil) -> [UInt8] {
        var out: [UInt8] = []
        open(&out)
        writeEvent(e, followUps: followUps, clock: clock, uid: uid, to: &out)
        close(&out)
        return out
    }

    /// Every event as a VEVENT and every open follow-up as a VTODO with its DUE date.
    public static func export(_ n: Network, clock: Clock) -> [UInt8] {
        var out: [UInt8] = []
        open(&out)
        for e in n.events { writeEvent(e, followUps: [], clock: clock, to: &out) }
        for f in n.followUps where f.done == nil {
            func line(_ s: String) { ContentLines.appendFolded(s, to: &out) }
            let about = f.contact.flatMap { n.contact($0)?.name } ?? f.event.flatMap { n.event($0)?.title }
            line("BEGIN:VTODO")
            line("UID:" + f.id.uuidString.lowercased())
            line("DTSTAMP:" + stamp(clock))
            line("DUE;VALUE=DATE:" + compact(f.due))
            line("SUMMARY:" + ContentLines.escape(about.map { "\($0): \(f.note)" } ?? f.note))
            line("STATUS:NEEDS-ACTION")
            if let e = f.event { line("RELATED-TO:" + e.uuidString.lowercased()) }
            if let s = f.snoozedUntil { line("X-KITH-SNOOZED-UNTIL:" + s.iso) }
            line("END:VTODO")
        }
        close(&out)
        return out
    }

    // MARK: - Reading (a calendar vdir's event files)

    /// What an event file says: the event and the follow-ups about it.
    public struct EventContent: Sendable {
        public var uid: String
        public var event: Event
        public var followUps: [FollowUp]
    }

    /// Reads the first VEVENT of an iCalendar file.
    public static func event(from bytes: [UInt8]) throws(ContentLines.Failure) -> EventContent {
        var props: [ContentLine] = []
        var inEvent = false, seen = false
        for (lineNo, physical, joined) in ContentLines.unfold(bytes) {
            let p = try ContentLines.parse(joined.map { $0[...] } ?? physical, at: lineNo)
            let v = String(decoding: p.raw, as: UTF8.self).uppercased()
            if p.name == "BEGIN" && v == "VEVENT" && !seen { inEvent = true; continue }
            if p.name == "END" && v == "VEVENT" && inEvent { inEvent = false; seen = true; continue }
            if inEvent { props.append(p) }
        }
        guard seen else { throw ContentLines.Failure(line: 1, reason: "no complete VEVENT in the file") }
        func text(_ p: ContentLine) throws(ContentLines.Failure) -> String {
            guard let s = String(validating: p.raw, as: UTF8.self) else { throw ContentLines.Failure(line: p.line, reason: "\(p.name) is not valid UTF-8") }
            return ContentLines.unescape(s)[0]
        }
        var uid: String?
        var e = Event(title: "", date: Day(ordinal: 0))
        var hasDate = false
        var followUps: [(ContentLine, String)] = []
        var ical = ""
        for p in props {
            switch p.name {
            case "UID": uid = try text(p)
            case "SUMMARY": e.title = try text(p)
            case "LOCATION": e.location = try text(p)
            case "DESCRIPTION": e.notes = try text(p)
            case "CATEGORIES":
                let raw = String(decoding: p.raw, as: UTF8.self)
                e.tags += ContentLines.unescape(raw, splitOn: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            case "DTSTART":
                let v = try text(p)
                let digits = v.prefix(8)
                guard digits.count == 8, let y = Int(digits.prefix(4)), let m = Int(digits.dropFirst(4).prefix(2)),
                      let d = Int(digits.suffix(2)), let day = Day(year: y, month: m, day: d) else {
                    throw ContentLines.Failure(line: p.line, reason: "DTSTART \"\(TextSafety.clip(v))\" is not a date")
                }
                e.date = day
                hasDate = true
                if let t = v.firstIndex(of: "T"), let hm = Int(v[v.index(after: t)...].prefix(4)) { e.time = hm / 100 * 60 + hm % 100 }
            case "STATUS": ical = try text(p)
            case "X-KITH-STATUS": e.status = EventStatus(rawValue: try text(p)) ?? e.status
            case "X-KITH-FIELD": e.field = try text(p)
            case "X-KITH-MET": e.met = try text(p).split(separator: ",").compactMap { UUID(uuidString: String($0)) }
            case "X-KITH-FOLLOW-UP": followUps.append((p, try text(p)))
            default: break
            }
        }
        if !props.contains(where: { $0.name == "X-KITH-STATUS" }) {
            e.status = ["CONFIRMED": .going, "CANCELLED": .skipped][ical.uppercased()] ?? .considering
        }
        guard let uid, hasDate else { throw ContentLines.Failure(line: 1, reason: "the VEVENT has no UID or no DTSTART") }
        if e.title.isEmpty { e.title = "(untitled event)" }
        e.id = VCardMapping.id(forUID: uid)
        let fus = followUps.compactMap { p, note in FollowUpProperty.read(p, note: note, contact: nil, event: e.id) }
        return EventContent(uid: uid, event: e, followUps: fus)
    }
}
