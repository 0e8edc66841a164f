import Foundation

/// One mutation of the network. Every change goes through ``Network/apply(_:)``, which returns
/// the change that undoes it, so the same values serve undo, redo and replaying a change on top
/// of a file that changed on disk.
public enum Change: Hashable, Sendable {
    case addContact(Contact)
    case updateContact(Contact)
    /// Removes a contact with its follow-ups, its one-person interactions, and its place in
    /// shared interactions and events' "met" lists.
    case deleteContact(UUID)
    case addInteraction(Interaction)
    case updateInteraction(Interaction)
    case deleteInteraction(UUID)
    case addEvent(Event)
    case updateEvent(Event)
    case deleteEvent(UUID)
    case addFollowUp(FollowUp)
    case updateFollowUp(FollowUp)
    case deleteFollowUp(UUID)
    case setSettings(Settings)
    /// Several changes as one step (one undo).
    case batch([Change])

    /// True when the change that undoes this one puts every record back where it was: adds
    /// (undone by deleting the last record) and updates, not deletes (a deleted record comes
    /// back at the end).
    var undoesInPlace: Bool {
        switch self {
        case .deleteContact, .deleteInteraction, .deleteEvent, .deleteFollowUp: false
        case .batch(let changes): changes.allSatisfy(\.undoesInPlace)
        default: true
        }
    }
}

/// Why a change could not be applied.
public enum ChangeError: Error, Equatable, CustomStringConvertible {
    case duplicateID(String, UUID)
    case missing(String, UUID)
    /// The network was read without its interactions, which are still loading.
    case historyNotLoaded

    public var description: String {
        switch self {
        case .duplicateID(let what, let id): return "a \(what) with id \(id.uuidString) already exists"
        case .missing(let what, let id): return "no \(what) with id \(id.uuidString)"
        case .historyNotLoaded: return "the interactions are still loading; try again in a moment"
        }
    }
}
