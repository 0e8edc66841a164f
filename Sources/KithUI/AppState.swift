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
    /// A form (its state is ``AppState/form``).
    case form
    /// How varied, balanced and healthy the network is.
    case insights
    /// The keys of the screen underneath.
    indirect case help(over: Screen)

    var keymapScreen: Keymap.Screen {
        switch self {
        case .dashboard: return .dashboard
        case .detail: return .detail
        case .review: return .review
        case .form: return .form
        case .insights: return .insights
        case .help: return .help
        }
    }
}

/// Something the runtime must do after ``reduce(_:_:)`` returns: I/O is never done in reduce.
public enum Effect: Equatable, Sendable {
    /// Write the document's unsaved changes.
    case save
    case quit
    /// Hand the terminal to $VISUAL/$EDITOR on this contact's notes, then ``AppState/finishEditingNotes(_:text:)``.
    case editNotes(UUID)
}

/// One undoable step: the change that reverts it, and what it was.
public struct UndoEntry: Equatable, Sendable {
    public var change: Change
    public var label: String
    /// The review item it was made on, so that undoing it in the review returns there.
    public var reviewIndex: Int?
}

/// A question waiting for y or n.
public struct Confirmation: Equatable, Sendable {
    public var question: String
    public var change: Change
    public var label: String
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
    /// The form being filled in.
    public var form: FormState?
    /// The field selected on the insights screen.
    public var insightsField = 0
    /// The filter typed for each pane (`/`).
    public var filters: [Pane: String] = [:]
    /// The pane whose filter is being typed, if any.
    public var filterEditing: Pane?
    /// How the contacts are ordered (`o` cycles).
    public var contactSort: ContactSort = .name
    /// A pending yes/no question (`x` asks before deleting).
    public var confirmation: Confirmation?

    // Derived, rebuilt by refresh().
    public private(set) var contactOrder: [Int] = []
    /// The events pane's rows: week headings and events with their scores.
    public private(set) var eventRows: [EventRow] = []
    /// The events pane shows past events instead of upcoming ones.
    public var showPastEvents = false
    /// The nurture queue as the pane shows it (filtered).
    public private(set) var queue = NurtureQueue()
    /// The whole week's queue, unfiltered, and how much of it is overdue.
    public private(set) var fullQueueCount = 0
    public private(set) var overdueCount = 0
    /// The touches a week the cadences ask for, against the budget (the pane's bottom edge says
    /// when it is over). Once per change: over 100,000 contacts it took 2.5 ms of every frame.
    public private(set) var nurtureLoad: NurtureLoad?
    /// Folded search text of every contact, built when a filter is first typed.
    private var searchIndex: SearchIndex?
    /// The week's queue as last made, for the network revision, day and weights it was made for
    /// (a filter keystroke in the nurture pane filters it rather than making it again), and,
    /// once a word is typed there, the folded text of each of its items.
    private var fullQueue: (revision: UInt64, today: Day, weights: NurtureWeights, queue: NurtureQueue, index: SearchIndex?)?
    /// Every contact in the current sort's order, for the network revision and day it was made for.
    private var fullOrder: (revision: UInt64, sort: ContactSort, today: Day, order: [Int])?
    /// The insights screen's figures, for the network revision and day they were made for: made
    /// on the dashboard's second thread after a change (``insightsJob``), else as the screen
    /// opens; not for each key and frame there (at 100,000 contacts they take 25 ms, which every
    /// key on that screen paid twice).
    private var insightsMade: MadeInsights?
    /// What the events pane's scores were last measured against (kept while the contacts are
    /// the same).
    private var eventFields: Network.FieldCounts?

    /// The insights screen's figures: those made for this network and day, or made now.
    public var insights: Insights {
        if let made = insightsMade, made.revision == network.revision, made.today == today { return made.insights }
        return network.insights(today: today)
    }

    /// Makes the insights screen's figures again if the network or the day changed since.
    mutating func keepInsightsCurrent() {
        if let job = insightsJob { insightsMade = job.make() }
    }

    /// Insights, with the network revision and day they were made for.
    public struct MadeInsights: Sendable {
        let revision: UInt64
        let today: Day
        let insights: Insights
    }

    /// The making of the insights screen's figures, which can run off the input thread.
    public struct InsightsJob: Sendable {
        let network: Network
        let today: Day

        public func make() -> MadeInsights { MadeInsights(revision: network.revision, today: today, insights: network.insights(today: today)) }
    }

    /// The insights to make, when those kept are not this network's and day's and the history
    /// is read (the give and take count every touch).
    public var insightsJob: InsightsJob? {
        guard !network.historyPending, insightsMade?.revision != network.revision || insightsMade?.today != today else { return nil }
        return InsightsJob(network: network, today: today)
    }

    /// Keeps insights made elsewhere, when they were made for this network and day.
    public mutating func adopt(_ made: MadeInsights) {
        guard made.revision == network.revision, made.today == today else { return }
        insightsMade = made
    }

    public var network: Network { document.network }

    public init(document: NetworkDocument, today: Day, width: Int = 80, height: Int = 24,
                weights: NurtureWeights = NurtureWeights(), eventHorizon: Int = 30) {
        self.document = document
        self.today = today
        self.weights = weights
        self.eventHorizon = eventHorizon
        self.width = width
        self.height = height
        refresh()
        if !document.existsOnDisk && document.network.contacts.isEmpty {
            message = StatusMessage("No network yet: run `kith add contact NAME` or `kith demo` to start one.")
        }
    }

    /// Rebuilds the derived lists after the network changed. The queue is built on a second
    /// thread meanwhile: it depends on nothing else here, and at 100,000 contacts it takes longer
    /// than the other lists and the nurture load together (a small network, under a millisecond
    /// either way, stays on one thread).
    public mutating func refresh() {
        let n = document.network, today = today, weights = weights
        let queue = n.contacts.count >= 2_000 ? BackgroundWork { n.nurtureQueue(today: today, weights: weights) } : nil
        // The contacts last: the second thread has built the queue by the time they are sorted
        // by name (half on each thread, for a network with no stored order).
        refreshEvents()
        nurtureLoad = n.nurtureLoad()
        refreshContacts()
        refreshQueue(built: try? queue?.wait()?.get())
    }

    /// Rebuilds the contacts pane's list (a filter keystroke needs no more).
    mutating func refreshContacts() {
        let n = document.network
        let contactQuery = SearchQuery(filters[.contacts] ?? "")
        // Sorting once per change and filtering the sorted list keeps a keystroke linear. The
        // order by name depends on the contacts alone (at 100,000, sorting again after each
        // logged touch took 30 ms).
        let revision = contactSort == .name ? n.contactsRevision : n.revision
        if fullOrder == nil || fullOrder!.revision != revision || fullOrder!.sort != contactSort || fullOrder!.today != today {
            fullOrder = (revision, contactSort, today, contactSort.order(in: &document, today: today))
        }
        if contactQuery.isEmpty {
            contactOrder = fullOrder!.order
        } else {
            // Folding every contact's text is only worth it when there are words to find.
            var mask: [Bool]?
            if !contactQuery.words.isEmpty {
                if searchIndex?.revision != n.contactsRevision { searchIndex = SearchIndex(n) }
                mask = searchIndex!.matching(contactQuery.words)
            }
            var qualifiers = contactQuery
            qualifiers.words = [] // matched by the index
            contactOrder = fullOrder!.order.filter { i in
                (mask?[i] ?? true) && (qualifiers.isEmpty || n.matches(n.contacts[i], qualifiers, key: "", today: today))
            }
        }
        clampSelection(.contacts)
    }

    mutating func refreshEvents() {
        let n = document.network
        eventFields = n.fieldCounts(today: today, reusing: eventFields)
        eventRows = EventRow.rows(n, today: today, horizon: eventHorizon, past: showPastEvents,
                                  query: SearchQuery(filters[.events] ?? ""), fields: eventFields!)
        clampSelection(.events)
    }

    /// `built`: the week's queue, when already built for this network and day.
    mutating func refreshQueue(built: NurtureQueue? = nil) {
        let n = document.network
        if let built {
            fullQueue = (n.revision, today, weights, built, nil)
        } else if fullQueue == nil || fullQueue!.revision != n.revision || fullQueue!.today != today || fullQueue!.weights != weights {
            fullQueue = (n.revision, today, weights, n.nurtureQueue(today: today, weights: weights), nil)
        }
        let full = fullQueue!.queue
        fullQueueCount = full.count
        overdueCount = full.count(of: .overdue)
        var nurtureQuery = SearchQuery(filters[.nurture] ?? "")
        if nurtureQuery.isEmpty {
            queue = full
        } else {
            // As the contacts pane does: the words through an index of the items' folded text
            // (made on the first word typed: folding 18,000 items' text at 100,000 contacts took
            // about 60 ms, on every keystroke), the qualifiers item by item.
            var mask: [Bool]?
            if !nurtureQuery.words.isEmpty {
                if fullQueue!.index == nil { fullQueue!.index = queueIndexJob?.make().index }
                mask = fullQueue!.index!.matching(nurtureQuery.words)
                nurtureQuery.words = []
            }
            queue = full.keeping(at: { mask?[$0] ?? true }, { nurtureQuery.isEmpty || n.matches($0, nurtureQuery) })
        }
        clampSelection(.nurture)
    }

    /// Keeps a contacts' search index made elsewhere (off the input thread, once the history is
    /// read): the first filter keystroke then folds nothing (at 100,000 contacts, making it took
    /// about 130 ms). A filter uses it only while it is one of these contacts (its revision).
    public mutating func adopt(_ index: SearchIndex) { searchIndex = index }

    /// Whether the contacts' search index is made, and made for these contacts.
    public var hasCurrentSearchIndex: Bool { searchIndex?.revision == network.contactsRevision }

    /// The week's queue as made: the network revision, day and weights it was made for.
    public struct QueueKey: Equatable, Sendable {
        let revision: UInt64, today: Day, weights: NurtureWeights
    }

    /// The making of the week's queue's search index (its items' folded text), which can run off
    /// the input thread: at 100,000 contacts, 18,000 items take about 45 ms, which the first word
    /// typed in the nurture pane's filter waited for.
    public struct QueueIndexJob: Sendable {
        let key: QueueKey
        let queue: NurtureQueue
        let network: Network

        public func make() -> QueueIndex {
            let (queue, network) = (queue, network)
            return QueueIndex(key: key, index: SearchIndex(revision: key.revision, count: queue.count) { network.searchKey(queue[$0]) })
        }
    }

    /// A queue's search index, with the queue it was made for.
    public struct QueueIndex: Sendable {
        let key: QueueKey
        let index: SearchIndex
    }

    /// The week's queue's index to make, when the queue as made has none (and is this
    /// network's).
    public var queueIndexJob: QueueIndexJob? {
        guard let f = fullQueue, f.index == nil, f.revision == network.revision else { return nil }
        return QueueIndexJob(key: QueueKey(revision: f.revision, today: f.today, weights: f.weights), queue: f.queue, network: network)
    }

    /// Applies a change to the document with the network's arrays held by it alone. The week's
    /// queue keeps the network it was made from (its items are made as they are read), and the
    /// change makes it again anyway: let go first, a touch logged at 100,000 contacts is appended
    /// to the interactions in place, where it copied all 500,000 of them (and an edit, the
    /// contacts). A change refused leaves the queue made again.
    mutating func applyAlone(_ change: Change) throws -> Change {
        fullQueue = nil
        queue = NurtureQueue()
        do { return try document.apply(change) } catch {
            refreshQueue()
            throw error
        }
    }

    /// Keeps a queue's index made elsewhere, when it was made for the queue as it is.
    public mutating func adopt(_ made: QueueIndex) {
        guard let f = fullQueue, f.index == nil, made.key == QueueKey(revision: f.revision, today: f.today, weights: f.weights) else { return }
        fullQueue!.index = made.index
    }

    /// How many rows a pane would have without its filter.
    public func unfilteredCount(_ pane: Pane) -> Int {
        switch pane {
        case .contacts: return network.contacts.count
        case .events: return network.events.count
        case .nurture: return fullQueueCount
        }
    }

    public func rowCount(_ pane: Pane) -> Int {
        switch pane {
        case .contacts: return contactOrder.count
        case .events: return eventRows.count
        case .nurture: return queue.count
        }
    }

    public func selected(_ pane: Pane) -> Int { selection[pane] ?? 0 }

    mutating func clampSelection(_ pane: Pane) {
        let n = rowCount(pane)
        selection[pane] = n == 0 ? 0 : min(max(0, selected(pane)), n - 1)
        // Week headings are not selectable: rest on the nearest event below, else above.
        if pane == .events, n > 0, eventRows[selected(.events)].event == nil {
            let i = selected(.events)
            selection[.events] = (i..<n).first { eventRows[$0].event != nil } ?? (0..<i).last { eventRows[$0].event != nil } ?? i
        }
    }

    /// The event under the cursor in the events pane.
    public var selectedEvent: Event? {
        guard !eventRows.isEmpty else { return nil }
        return eventRows[selected(.events)].event
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
