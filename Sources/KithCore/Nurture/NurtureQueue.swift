import Foundation

/// The nurture queue, ranked: each ``NurtureItem`` is made when it is read (see
/// ``Network/nurtureQueue(today:all:weights:)``), from the network it was ranked in.
public struct NurtureQueue: RandomAccessCollection, Sendable, Equatable {
    /// What is due, as found: enough to rank it and then make its item.
    struct Candidate: Sendable {
        var kind: NurtureKind
        /// The position of the contact it is about.
        var contact: Int?
        var subject: UUID
        var due: Day
        var status: TouchStatus
        var daysLate: Int
        var cadence = 0
        var ledger = Ledger()
        var title: Title
    }

    /// An item's title, as the parts it is made of.
    enum Title: Sendable {
        case text(String)
        /// The name of the contact at a position, between two fixed texts.
        case name(Int, head: String, tail: String)
    }

    private let network: Network
    private let found: [Candidate]
    private let scores: [Double]
    /// Positions in `found`, in rank order.
    private let order: [Int]

    init(network: Network, found: [Candidate], scores: [Double], order: [Int]) {
        (self.network, self.found, self.scores, self.order) = (network, found, scores, order)
    }

    /// An empty queue.
    public init() { self.init(network: Network(), found: [], scores: [], order: []) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { order.count }

    public subscript(i: Int) -> NurtureItem { network.item(found[order[i]], score: scores[order[i]]) }

    /// How many items have `status`, without making them.
    public func count(of status: TouchStatus) -> Int { order.reduce(0) { $0 + (found[$1].status == status ? 1 : 0) } }

    /// The items `keep` accepts, in the same order (a filter typed in the pane).
    public func keeping(_ keep: (NurtureItem) -> Bool) -> NurtureQueue {
        NurtureQueue(network: network, found: found, scores: scores, order: indices.filter { keep(self[$0]) }.map { order[$0] })
    }

    public static func == (a: NurtureQueue, b: NurtureQueue) -> Bool { a.elementsEqual(b) }
}
