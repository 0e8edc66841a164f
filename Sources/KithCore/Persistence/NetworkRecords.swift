import Foundation

/// What a file holds, as written: records, the derived summaries it carries (from version 2),
/// and its format version. ``NetworkCodec/network(from:)`` turns it into a ``Network``.
public struct NetworkRecords: Sendable {
    public var version = NetworkCodec.formatVersion
    /// (Changing them drops `nameKeys`, `nameOrder` and `contactSpans`, which were made from them.)
    public var contacts: [Contact] = [] { didSet { nameKeys = []; nameOrder = nil; contactSpans = [] } }
    public var interactions: [Interaction] = []
    public var events: [Event] = []
    public var followUps: [FollowUp] = []
    public var settings = Settings()
    /// Each contact's derived last touch and ledger as the file states them (version 2 on), by
    /// position: parallel to `contacts`, or empty.
    public var summaries: [ContactSummary] = []
    /// The contacts' name keys (``Fold/key(_:)``), made by the decoding threads; parallel to
    /// `contacts`, or empty.
    var nameKeys: [String] = []
    /// Each contact's element in the file as read or written (``ByteSpan``); parallel to
    /// `contacts`, or empty. The first-screen cache keeps them, to reuse its rows for the
    /// contacts a changed file still holds byte for byte.
    var contactSpans: [ByteSpan] = []
    /// The bytes before the contacts' array (up to the end of its key) and after it (up to the
    /// end of the interactions' key), when the records were read or written up to there; kept
    /// with `contactSpans`.
    var aroundContacts: (before: ByteSpan, after: ByteSpan)?
    /// The contacts' ``Network/nameOrder``, when known (the first-screen cache stores it).
    var nameOrder: [Int]?
    /// The contacts as the first-screen cache holds them, read in place; `contacts`, `summaries`
    /// and `nameKeys` are then empty.
    var contactColumns: ContactColumns?
    /// The contacts' id index the cache stored with the columns.
    var contactIndex: PositionIndex?
    /// Where the interactions are in the file, when they were stepped over (see
    /// ``NetworkCodec/decodeRecords(_:deferringHistory:)``); `interactions` is then empty.
    public var deferredInteractions: Range<Int>?
    /// Whether that range runs to the end of the file: the interactions came last, after every
    /// other record, and the reader stopped at them (it must then also read the file's end).
    public var deferredToEnd = false
    public init() {}
}

extension NetworkRecords {
    /// What a first-screen read gives of a file `n` was written to: every record but the
    /// interactions, which are at `history`, the rest of the file.
    init(firstScreenOf n: Network, history: Range<Int>) {
        (contacts, summaries, nameKeys, nameOrder) = (Array(n.contacts), n.summaries, n.contacts.inColumns ? n.contacts.indices.map(n.nameKey(at:)) : n.nameKeys, n.nameOrder)
        (events, followUps, settings) = (n.events, n.followUps, n.settings)
        deferredInteractions = history
        deferredToEnd = true
    }
}

/// A contact's derived facts, stored so that a first screen needs no interactions.
public struct ContactSummary: Hashable, Sendable {
    public var lastTouch: Day?
    public var ledger = Ledger()
    public init(lastTouch: Day? = nil, ledger: Ledger = Ledger()) { self.lastTouch = lastTouch; self.ledger = ledger }
}
