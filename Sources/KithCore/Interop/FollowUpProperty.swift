import Foundation

/// `X-KITH-FOLLOW-UP;X-ID=…;X-DUE=…[;X-DONE=…][;X-SNOOZED-UNTIL=…][;X-EVENT=…]:note` — one
/// follow-up inside a contact's card or an event's file (docs/sync.md); one writer, one reader.
enum FollowUpProperty {
    /// The content lines for `followUps`, oldest due first (a stable order for stable files).
    static func lines(_ followUps: [FollowUp]) -> [String] {
        followUps.sorted { ($0.due, $0.id.uuidString) < ($1.due, $1.id.uuidString) }.map { f in
            var s = "X-KITH-FOLLOW-UP;X-ID=" + f.id.uuidString.lowercased() + ";X-DUE=" + f.due.iso
            if let d = f.done { s += ";X-DONE=" + d.iso }
            if let d = f.snoozedUntil { s += ";X-SNOOZED-UNTIL=" + d.iso }
            if let ev = f.event { s += ";X-EVENT=" + ev.uuidString.lowercased() }
            return s + ":" + ContentLines.escape(f.note)
        }
    }

    /// The follow-up a property describes (about `contact`, or the event it names, else
    /// `event`); nil without a valid X-ID and X-DUE.
    static func read(_ p: ContentLine, note: String, contact: UUID?, event: UUID?) -> FollowUp? {
        guard let id = p.param("X-ID").first.flatMap(UUID.init(uuidString:)),
              let due = p.param("X-DUE").first.flatMap({ Day(iso: $0) }) else { return nil }
        return FollowUp(id: id, contact: contact, event: p.param("X-EVENT").first.flatMap(UUID.init(uuidString:)) ?? event,
                        due: due, note: note, done: p.param("X-DONE").first.flatMap { Day(iso: $0) },
                        snoozedUntil: p.param("X-SNOOZED-UNTIL").first.flatMap { Day(iso: $0) })
    }
}
