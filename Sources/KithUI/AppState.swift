import Foundation
import KithCore

/// The dashboard's panes, in focus order.
public enum Pane: Int, CaseIterable, Sendable {
    case contacts, events, nurture

    public var title: String {
        switch self {
        case .contacts: return "Contacts"
        case .events: return "Upcoming events"
        case .nurture: return "Nurture"
        }
    }
}

/// What fills the screen.
public enum Screen: Equatable, Sendable {
    case dashboard
    /// One contact: all fields, then the touches, newest first.
    case detail(UUID)
    /// The weekly review, one item at a time (its state is ``AppState/review``).
    case review
    /// The keys of the screen underneath.
    indirect case help(over: Screen)

    var keymapScreen: Keymap.Screen {
        switch self {
        case .dashboard: return .dashboard
        case .detail: return .detail
        case .review: return .review
        case .help: return .help
        }
    }
}

/// Something the runtime must do after ``reduce(_:_:)`` returns: I/O is never done in reduce.
public enum Effect: Equatable, Sendable {
    /// Write the document's unsaved changes.
    case save
    case quit
}

/// One undoable step: the change that reverts it, and what it was.
public struct UndoEntry: Equatable, Sendable {
    public var change: Change
    public var label: String
    /// The review item it was made on, so that undoing it in the review returns there.
    public var reviewIndex: Int?
}

/// A line for the status bar.
public struct StatusMessage: Equatable, Sendable {
    public var text: String
    public var isError: Bool
    public init(_ text: String, isError: Bool = false) { self.text = text; self.isError = isError }
}

/// Everything the app shows, as values. Derived lists are rebuilt by ``refresh()`` whenever the
/// network or the day changes, never while rendering.
public struct AppState: Sendable {
    public var document: NetworkDocument
    public var today: Day
    public var screen: Screen = .dashboard
    public var focus: Pane = .contacts
    public var selection: [Pane: Int] = [:]
    public var scroll: [Pane: Int] = [:]
    /// Scroll position of the detail and help screens.
    public var pageScroll = 0
    public var width: Int
    public var height: Int
    public var message: StatusMessage?
    public var keymap: Keymap = .standard
    /// Days ahead the events pane looks.
    public var eventHorizon = 30
    /// The nurture score's weights (from the config file).
    public var weights = NurtureWeights()

    /// Changes that undo what was done since the dashboard opened, newest last.
    public var undoStack: [UndoEntry] = []
    public var redoStack: [UndoEntry] = []
    /// The weekly review in progress.
    public var review: ReviewState?

    // Derived, rebuilt by refresh().
    public private(set) var contactOrder: [Int] = []
    public private(set) var upcoming: [Event] = []
    public private(set) var queue: [NurtureItem] = []

    public var network: Network { document.network }

    public init(document: NetworkDocument, today: Day, width: Int = 80, height: Int = 24,
                weights: NurtureWeights = NurtureWeights()) {
        self.document = document
        self.today = today
        self.weights = weights
        self.width = width
        self.height = height
        refresh()
        if !document.existsOnDisk && document.network.contacts.isEmpty {
            message = StatusMessage("No network yet: run `kith add contact NAME` or `kith demo` to start one.")
        }
    }

    /// Rebuilds the derived lists after the network changed.
    public mutating func refresh() {
        let n = document.network
        contactOrder = n.contacts.indices.sorted { a, b in
            let ka = n.nameKeys[a], kb = n.nameKeys[b]
            return ka != kb ? ka < kb : n.contacts[a].id.uuidString < n.contacts[b].id.uuidString
        }
        let end = today + eventHorizon
        upcoming = n.events.filter { $0.date >= today && $0.date <= end }
            .sorted { ($0.date, $0.time ?? -1, $0.title) < ($1.date, $1.time ?? -1, $1.title) }
        queue = n.nurtureQueue(today: today, weights: weights)
        for pane in Pane.allCases { clampSelection(pane) }
    }

    public func rowCount(_ pane: Pane) -> Int {
        switch pane {
        case .contacts: return contactOrder.count
        case .events: return upcoming.count
        case .nurture: return queue.count
        }
    }

    public func selected(_ pane: Pane) -> Int { selection[pane] ?? 0 }

    mutating func clampSelection(_ pane: Pane) {
        let n = rowCount(pane)
        selection[pane] = n == 0 ? 0 : min(max(0, selected(pane)), n - 1)
    }

    /// The contact under the cursor in the focused pane, if the row is about one.
    public var selectedContact: Contact? {
        switch focus {
        case .contacts:
            guard !contactOrder.isEmpty else { return nil }
            return network.contacts[contactOrder[selected(.contacts)]]
        case .nurture:
            guard !queue.isEmpty else { return nil }
            return queue[selected(.nurture)].contact.flatMap { network.contact($0) }
        case .events:
            return nil
        }
    }
}
