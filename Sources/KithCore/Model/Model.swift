import Foundation

/// How close a relationship is; it sets the default keep-in-touch cadence.
public enum Circle: String, CaseIterable, Sendable, Codable, Comparable {
    case inner, close, wider, acquaintance

    /// Default days between touches; nil means "no cadence" (acquaintances are not chased).
    public var defaultCadence: Int? {
        switch self {
        case .inner: return 14
        case .close: return 30
        case .wider: return 90
        case .acquaintance: return nil
        }
    }

    /// The position in `allCases`, by a switch (`allCases` makes its array each time it is read).
    var rank: Int {
        switch self {
        case .inner: return 0
        case .close: return 1
        case .wider: return 2
        case .acquaintance: return 3
        }
    }

    /// The circle at `rank`, or nil.
    init?(rank: Int) {
        switch rank {
        case 0: self = .inner
        case 1: self = .close
        case 2: self = .wider
        case 3: self = .acquaintance
        default: return nil
        }
    }
    public static func < (a: Circle, b: Circle) -> Bool { a.rank < b.rank }
}

/// Who gave in a logged touch: the ledger behind "give before you ask".
public enum Exchange: String, CaseIterable, Sendable, Codable {
    case gave, received, mutual, none
}

/// How a touch happened.
public enum InteractionKind: String, CaseIterable, Sendable, Codable {
    case call, meeting, email, message, event
}

/// Where an event stands for the user.
public enum EventStatus: String, CaseIterable, Sendable, Codable {
    case considering, going, attended, skipped
}

/// A person in the network.
public struct Contact: Identifiable, Hashable, Sendable {
    public var id: UUID
    public var name: String
    public var company: String?
    public var role: String?
    public var field: String?
    public var circle: Circle?
    public var tags: [String]
    public var emails: [String]
    public var phones: [String]
    public var birthday: Birthday?
    /// Days between touches, overriding the circle's default.
    public var cadence: Int?
    /// What they could benefit from: kept at hand so you can give first.
    public var needs: String?
    /// What they offer.
    public var offers: String?
    public var notes: String?
    public var howMet: String?
    /// The event where you met, if any.
    public var metAt: UUID?
    public var created: Day
    /// Keep-in-touch reminders stay hidden until this day.
    public var snoozedUntil: Day?

    public init(id: UUID = UUID(), name: String, company: String? = nil, role: String? = nil, field: String? = nil,
                circle: Circle? = nil, tags: [String] = [], emails: [String] = [], phones: [String] = [],
                birthday: Birthday? = nil, cadence: Int? = nil, needs: String? = nil, offers: String? = nil,
                notes: String? = nil, howMet: String? = nil, metAt: UUID? = nil, created: Day, snoozedUntil: Day? = nil) {
        self.id = id; self.name = name; self.company = company; self.role = role; self.field = field
        self.circle = circle; self.tags = tags; self.emails = emails; self.phones = phones
        self.birthday = birthday; self.cadence = cadence; self.needs = needs; self.offers = offers
        self.notes = notes; self.howMet = howMet; self.metAt = metAt; self.created = created
        self.snoozedUntil = snoozedUntil
    }
}

/// A logged touch with one or more contacts. Any touch resets their keep-in-touch cadence.
public struct Interaction: Identifiable, Hashable, Sendable {
    public var id: UUID
    public var contacts: [UUID]
    public var date: Day
    public var kind: InteractionKind
    public var note: String?
    public var exchange: Exchange

    public init(id: UUID = UUID(), contacts: [UUID], date: Day, kind: InteractionKind = .message,
                note: String? = nil, exchange: Exchange = .none) {
        self.id = id; self.contacts = contacts; self.date = date; self.kind = kind
        self.note = note; self.exchange = exchange
    }
}

/// Something to attend: where networks widen.
public struct Event: Identifiable, Hashable, Sendable {
    public var id: UUID
    public var title: String
    public var date: Day
    /// Minutes since midnight, when the time is known.
    public var time: Int?
    public var location: String?
    public var field: String?
    public var tags: [String]
    public var status: EventStatus
    public var notes: String?
    /// People met there.
    public var met: [UUID]

    public init(id: UUID = UUID(), title: String, date: Day, time: Int? = nil, location: String? = nil,
                field: String? = nil, tags: [String] = [], status: EventStatus = .considering,
                notes: String? = nil, met: [UUID] = []) {
        self.id = id; self.title = title; self.date = date; self.time = time; self.location = location
        self.field = field; self.tags = tags; self.status = status; self.notes = notes; self.met = met
    }

    /// "18:30", or nil.
    public var timeText: String? {
        time.map { Day.pad($0 / 60, 2) + ":" + Day.pad($0 % 60, 2) }
    }
}

/// A promise to get back to someone (or about an event) by a day.
public struct FollowUp: Identifiable, Hashable, Sendable {
    public var id: UUID
    public var contact: UUID?
    public var event: UUID?
    public var due: Day
    public var note: String
    public var done: Day?
    public var snoozedUntil: Day?

    public init(id: UUID = UUID(), contact: UUID? = nil, event: UUID? = nil, due: Day, note: String,
                done: Day? = nil, snoozedUntil: Day? = nil) {
        self.id = id; self.contact = contact; self.event = event; self.due = due; self.note = note
        self.done = done; self.snoozedUntil = snoozedUntil
    }
}

/// User settings kept in the network file, so they travel with it.
public struct Settings: Hashable, Sendable {
    /// The user's own field: diversity is measured against it.
    public var myField: String?
    /// Cadence per circle, overriding the defaults.
    public var cadences: [Circle: Int]
    /// Touches per week the user means to make.
    public var weeklyBudget: Double

    public init(myField: String? = nil, cadences: [Circle: Int] = [:], weeklyBudget: Double = 10) {
        self.myField = myField; self.cadences = cadences; self.weeklyBudget = weeklyBudget
    }

    /// The cadence that applies to a circle.
    public func cadence(for circle: Circle) -> Int? { cadences[circle] ?? circle.defaultCadence }
}

extension UUID {
    /// The all-zero UUID: a placeholder until a decoded record's own id is read.
    static let zero = UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))
}
