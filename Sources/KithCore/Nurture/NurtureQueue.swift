import Foundation
import Synchronization

/// The nurture queue, ranked: each ``NurtureItem`` is made when it is read (see
/// ``Network/nurtureQueue(today:all:weights:)``), from the network it was ranked in.
///
/// Only the first ``firstRanked`` items are ranked when the queue is made (one pass that keeps
/// the best of them in order); the rest are ranked when the queue is first read beyond them
/// (scrolling down the pane, a filter, `kith due`), once.
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

    /// How many items are ranked when the queue is made: far more than a pane shows.
    static let firstRanked = 512

    /// What the order is made from: ``NurtureItem/ranks(_:_:)``'s order, by position in `found`.
    struct Ranking: Sendable {
        let network: Network
        let found: [Candidate]
        /// The score, highest first, then the day: what nearly every comparison ends at.
        let ranks: [(score: Double, due: Int)]

        /// What one pass of comparisons makes of the items' titles, each once and only when two
        /// items tie on score and day: the title's first 40 bytes (``OrderPrefix``; most titles
        /// share "get in touch with "), and the whole title when those tie too. Made up front, the
        /// prefixes were a fifth of making the queue, most of them never compared.
        struct Titles {
            var prefixes: [OrderPrefix<5>??]
            var whole: [String?]
            init(_ count: Int) { (prefixes, whole) = (Array(repeating: nil, count: count), Array(repeating: nil, count: count)) }
        }

        /// Whether the item at `a` ranks before the one at `b`.
        func precedes(_ a: Int, _ b: Int, _ titles: inout Titles) -> Bool {
            if ranks[a].score != ranks[b].score { return ranks[a].score > ranks[b].score }
            if ranks[a].due != ranks[b].due { return ranks[a].due < ranks[b].due }
            func prefix(_ k: Int) -> OrderPrefix<5>? {
                if let p = titles.prefixes[k] { return p }
                let p = network.titlePrefix(found[k].title)
                titles.prefixes[k] = .some(p)
                return p
            }
            if let pa = prefix(a), let pb = prefix(b), pa != pb { return pa < pb }
            func whole(_ k: Int) -> String {
                if let t = titles.whole[k] { return t }
                let t = network.title(found[k].title)
                titles.whole[k] = t
                return t
            }
            let (ta, tb) = (whole(a), whole(b))
            if ta != tb { return ta < tb }
            if found[a].kind != found[b].kind { return found[a].kind.idPrefix < found[b].kind.idPrefix }
            return found[a].subject.orderKey < found[b].subject.orderKey
        }

        /// The best `k` positions in order, and the others as found.
        func best(_ k: Int) -> (ranked: [Int], rest: [Int]) {
            var titles = Titles(found.count)
            var ranked: [Int] = [], rest: [Int] = []
            ranked.reserveCapacity(Swift.min(k, found.count) + 1)
            for p in found.indices {
                // Most items rank after the last kept once the first k are in: one comparison.
                if ranked.count == k, !precedes(p, ranked[k - 1], &titles) { rest.append(p); continue }
                var lo = 0, hi = ranked.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if precedes(ranked[mid], p, &titles) { lo = mid + 1 } else { hi = mid }
                }
                ranked.insert(p, at: lo)
                if ranked.count > k { rest.append(ranked.removeLast()) }
            }
            return (ranked, rest)
        }

        /// `positions` in order.
        func sorted(_ positions: [Int]) -> [Int] {
            var titles = Titles(found.count)
            return positions.sorted { precedes($0, $1, &titles) }
        }
    }

    private let ranking: Ranking
    /// The first items, in order (all of them in a queue of fewer than ``firstRanked``).
    private let first: [Int]
    /// The others, as found until one of them is read; then in order.
    private let others: Others

    /// The part of the order made when first read (shared by copies of the queue).
    private final class Others: Sendable {
        let count: Int
        private let order: Mutex<(positions: [Int], ranked: Bool)>
        init(_ positions: [Int]) { count = positions.count; order = Mutex((positions, positions.count <= 1)) }

        func ranked(by ranking: Ranking) -> [Int] {
            order.withLock { order in
                if !order.ranked { order = (ranking.sorted(order.positions), true) }
                return order.positions
            }
        }
    }

    init(_ ranking: Ranking) {
        self.ranking = ranking
        let (first, rest) = ranking.best(Self.firstRanked)
        self.first = first
        others = Others(rest)
    }

    /// A queue of the items at `positions`, already in order (``keeping(_:)``).
    private init(_ ranking: Ranking, ordered positions: [Int]) {
        (self.ranking, first, others) = (ranking, positions, Others([]))
    }

    /// An empty queue.
    public init() { self.init(Ranking(network: Network(), found: [], ranks: [])) }

    public var startIndex: Int { 0 }
    public var endIndex: Int { first.count + others.count }

    /// The position in the ranking of the item at `i`.
    private func position(_ i: Int) -> Int { i < first.count ? first[i] : others.ranked(by: ranking)[i - first.count] }

    public subscript(i: Int) -> NurtureItem {
        let p = position(i)
        return ranking.network.item(ranking.found[p], score: ranking.ranks[p].score)
    }

    /// How many items have `status`, without making or ranking them.
    public func count(of status: TouchStatus) -> Int { ranking.found.reduce(0) { $0 + ($1.status == status ? 1 : 0) } }

    /// The items `keep` accepts, in the same order (a filter typed in the pane).
    public func keeping(_ keep: (NurtureItem) -> Bool) -> NurtureQueue { keeping(at: { _ in true }, keep) }

    /// The same, asking first by index (`keepIndex`), and making the item only for those it keeps.
    public func keeping(at keepIndex: (Int) -> Bool, _ keep: (NurtureItem) -> Bool) -> NurtureQueue {
        NurtureQueue(ranking, ordered: indices.filter { keepIndex($0) && keep(self[$0]) }.map(position))
    }

    public static func == (a: NurtureQueue, b: NurtureQueue) -> Bool { a.elementsEqual(b) }
}
