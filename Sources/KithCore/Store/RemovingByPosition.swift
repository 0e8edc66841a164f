import Foundation

// Removing records by position, as a delete does to the store's arrays and their indexes
// (``PositionIndex/remove(positions:in:)``).

extension Array {
    /// Removes the elements at `gone` (ascending positions), the rest keeping their order, by
    /// moving memory: `removeSubranges` assigns each later element, a retain and a release for
    /// each of its strings, which at 500,000 interactions took about 20 ms.
    mutating func remove(atAscending gone: [Int]) {
        guard !gone.isEmpty else { return }
        // The moves below trust these; a position out of order or out of range would corrupt memory.
        precondition(gone[0] >= 0 && gone[gone.count - 1] < count && zip(gone, gone.dropFirst()).allSatisfy { $0 < $1 },
                     "positions to remove must be ascending and in range")
        withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            // The gone elements wait aside while the runs between them move down, then fill the
            // end, where `removeLast` ends them.
            let aside = UnsafeMutablePointer<Element>.allocate(capacity: gone.count)
            defer { aside.deallocate() }
            var to = gone[0]
            for (j, p) in gone.enumerated() {
                (aside + j).moveInitialize(from: base + p, count: 1)
                let run = (j + 1 < gone.count ? gone[j + 1] : buffer.count) - p - 1
                (base + to).moveInitialize(from: base + p + 1, count: run)
                to += run
            }
            (base + to).moveInitialize(from: aside, count: gone.count)
        }
        removeLast(gone.count)
    }
}

extension [Int] {
    /// How many of these ascending positions lie before `position`.
    func countBelow(_ position: Int) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < position { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
