/// Upgrades records read from an older `formatVersion` to the current one, in memory. The next
/// save writes the new version, after keeping the old file as `network.plist.vN.bak`.
///
/// Each step takes records of version N to N + 1. Rules: a step never drops data; it may only add
/// what can be derived or defaulted; a file newer than this kith is refused, never downgraded.
public enum Migrations {
    /// The steps, by the version they upgrade from.
    static let steps: [Int: @Sendable (inout NetworkRecords) -> Void] = [
        // 1 → 2: contacts carry their derived last touch and ledger.
        1: { records in
            var summaries: [UUID: ContactSummary] = [:]
            for c in records.contacts { summaries[c.id] = ContactSummary() }
            for i in records.interactions {
                for id in i.contacts where summaries[id] != nil {
                    if let last = summaries[id]!.lastTouch, last >= i.date {} else { summaries[id]!.lastTouch = i.date }
                    summaries[id]!.ledger.add(i.exchange)
                }
            }
            records.summaries = records.contacts.map { summaries[$0.id] ?? ContactSummary() }
        },
    ]

    /// Brings records up to ``NetworkCodec/formatVersion``.
    public static func upgrade(_ records: inout NetworkRecords) {
        while records.version < NetworkCodec.formatVersion, let step = steps[records.version] {
            step(&records)
            records.version += 1
        }
    }
}

import Foundation
