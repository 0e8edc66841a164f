/// Counts of who gave in the touches with one contact.
public struct Ledger: Hashable, Sendable {
    public var gave = 0, received = 0, mutual = 0, none = 0
    public init() {}
    public var total: Int { gave + received + mutual + none }

    mutating func add(_ e: Exchange, _ n: Int = 1) {
        switch e {
        case .gave: gave += n
        case .received: received += n
        case .mutual: mutual += n
        case .none: self.none += n
        }
    }
}
