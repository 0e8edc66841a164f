import Foundation

/// Where a contact stands against their keep-in-touch cadence.
public enum TouchStatus: String, Sendable, CaseIterable {
    /// Due later than a week from now.
    case ok
    /// Due within the next 7 days.
    case dueSoon = "due-soon"
    /// Due today or late by up to half the cadence.
    case due
    /// Late by more than half the cadence.
    case overdue
}

/// A contact's keep-in-touch position.
public struct TouchState: Hashable, Sendable {
    public var cadence: Int
    public var due: Day
    public var status: TouchStatus
    /// Days past due (negative: days still to go).
    public var daysLate: Int
}

extension Network {
    /// Where a contact stands, or nil when they have no cadence (acquaintances by default).
    public func touchState(of c: Contact, today: Day) -> TouchState? {
        touchState(of: c, lastTouch: lastTouch(c.id), today: today)
    }

    /// The same, with the contact's last touch already at hand (looked up by position).
    func touchState(of c: Contact, lastTouch: Day?, today: Day) -> TouchState? {
        Self.touchState(cadence: cadence(of: c), created: c.created, lastTouch: lastTouch, today: today)
    }

    /// The same for the contact at position `p`, read in place.
    public func touchState(at p: Int, today: Day) -> TouchState? {
        Self.touchState(cadence: cadence(at: p), created: contacts.created(at: p), lastTouch: summary(at: p).lastTouch, today: today)
    }

    private static func touchState(cadence: Int?, created: Day, lastTouch: Day?, today: Day) -> TouchState? {
        guard let cadence, cadence > 0 else { return nil }
        // The later of the day they were added and the last touch: a touch backdated to before
        // the contact was added must not make them more due (logging never makes anyone more
        // due). A touch dated in the future (a wrong clock, a synced file) counts as today.
        let base = min(max(lastTouch ?? created, created), today)
        let due = base + cadence
        let late = today - due
        let status: TouchStatus
        if late * 2 > cadence { status = .overdue }
        else if late >= 0 { status = .due }
        else if late >= -7 { status = .dueSoon }
        else { status = .ok }
        return TouchState(cadence: cadence, due: due, status: status, daysLate: late)
    }
}
