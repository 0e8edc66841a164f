import Foundation

/// SplitMix64: a tiny, well-known generator, so the same seed gives the same network everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A believable sample network, relative to "today": varied fields and circles, touches that
/// gave and received, upcoming and past events, follow-ups, a few people overdue.
///
/// The shape matches the benchmark's: 5 interactions per contact on average, 1 event per 20
/// contacts, 1 follow-up per 5 contacts. Same seed and same day give the same network.
public enum Demo {
    static let firsts = ["Ana", "Ben", "Chloé", "Dmitri", "Esther", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Luis",
                         "Maya", "Nils", "Olu", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Vera", "Wen", "Xavier",
                         "Yara", "Zane", "Amélie", "Björn", "Carmen", "Dario", "Elif", "Ngozi"]
    static let lasts = ["Okafor", "Schmidt", "Moreau", "Ivanova", "Cohen", "Haddad", "Lee", "Tanaka", "Silva", "Berg",
                        "Adeyemi", "García", "Patel", "Larsen", "Mensah", "Rao", "Murphy", "Rossi", "Nilsson", "Aziz",
                        "Kowalski", "Novak", "Zhang", "Dubois", "Costa", "Fischer", "Kaya", "Müller"]
    /// Names that exercise wide and combining characters, always in the sample.
    static let featured = ["Zoë Ångström", "李小龙", "Rene\u{301}e Dubois", "Søren Kierkegaard-Lund"]
    static let fields = ["sales", "engineering", "design", "finance", "marketing", "product", "law", "healthcare",
                         "education", "journalism", "research", "nonprofit"]
    static let companies = ["Northwind", "Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Labs", "Hooli",
                            "Vandelay Imports", "Smile Labs 🙂", "Wayne Foundation", "Cyberdyne", "Soylent"]
    static let roles = ["Founder", "Account Executive", "Engineer", "Designer", "CFO", "Partner", "Editor", "Professor",
                        "Product Manager", "Recruiter", "Researcher", "Director"]
    static let needs = ["an intro to a designer", "feedback on a pitch deck", "a senior engineer to hire",
                        "speaking slots at conferences", "beta users in retail", "a good accountant", "press contacts",
                        "advice on pricing", nil, nil, nil]
    static let offers = ["warm intros in fintech", "UX reviews", "legal pointers", "mentoring", nil, nil]
    static let notes = ["coffee", "caught up on the new role", "sent an article", "asked for an intro", "quick call",
                        "lunch", "shared a job lead", "congratulated on the launch", "helped with a hiring question"]
    static let eventNames = [("Founders Breakfast", "sales"), ("DesignOps Meetup", "design"), ("FinTech Forum", "finance"),
                             ("Health Innovation Night", "healthcare"), ("Open Source Summit", "engineering"),
                             ("Legal Tech Drinks", "law"), ("Product Circle", "product"), ("Climate Builders", "nonprofit"),
                             ("Women in Sales Lunch", "sales"), ("Research Salon", "research")]
    static let cities = ["Berlin", "Lisbon", "London", "Online", "Paris", "Oslo"]

    /// Builds the sample network.
    public static func network(contacts count: Int = 40, seed: UInt64 = 1, today: Day) -> Network {
        var rng = SeededGenerator(seed: seed)
        func uuid() -> UUID {
            let a = rng.next(), b = rng.next()
            var bytes = (UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0),
                         UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0), UInt8(0))
            withUnsafeMutableBytes(of: &bytes) { p in
                p.storeBytes(of: a, toByteOffset: 0, as: UInt64.self)
                p.storeBytes(of: b, toByteOffset: 8, as: UInt64.self)
                p[6] = (p[6] & 0x0F) | 0x40 // version 4
                p[8] = (p[8] & 0x3F) | 0x80 // RFC 4122 variant
            }
            return UUID(uuid: bytes)
        }
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }

        var n = Network()
        var settings = Settings()
        settings.myField = "sales"
        try! n.apply(.setSettings(settings))

        var ids: [UUID] = []
        var taken = Set<String>()
        /// Names are unique, so that any name in the sample can be typed to `kith log`.
        func freshName(_ i: Int) -> String {
            if i < featured.count { return featured[i] }
            let base = (pick(firsts), pick(lasts))
            var name = "\(base.0) \(base.1)"
            var k = 0
            while taken.contains(name) {
                let initial = Character(Unicode.Scalar(UInt8(65 + k % 26)))
                name = k < 26 ? "\(base.0) \(initial). \(base.1)" : "\(base.0) \(initial). \(base.1) \(k / 26 + 1)"
                k += 1
            }
            taken.insert(name)
            return name
        }
        for i in 0..<count {
            let name = freshName(i)
            let roll = int(0...99)
            let circle: Circle = roll < 10 ? .inner : roll < 35 ? .close : roll < 75 ? .wider : .acquaintance
            let field = i == 0 ? "design" : roll % 3 == 0 ? "sales" : pick(fields)
            let first = name.split(separator: " ").first.map(String.init) ?? name
            let email = Fold.key(first).filter { $0.isLetter && $0.isASCII } + "\(i)@example.com"
            let c = Contact(
                id: uuid(), name: name, company: pick(companies), role: pick(roles), field: field, circle: circle,
                tags: int(0...2) == 0 ? ["met-at-event"] : [], emails: [email],
                phones: int(0...1) == 0 ? ["+49 30 \(int(1_000_000...9_999_999))"] : [],
                birthday: i % 9 == 1 ? Birthday(year: 1980 + int(0...20), month: (today + int(0...40)).components.month,
                                                day: (today + int(0...40)).components.day.clamped(to: 1...28)) : nil,
                cadence: nil, needs: pick(needs), offers: pick(offers),
                notes: i == 0 ? "Runs the design guild; loves long walks." : nil,
                created: today - (i < 3 ? 1000 : int(120...900)))
            try! n.apply(.addContact(c))
            ids.append(c.id)
        }

        // Touches: 5 per contact on average. The first few contacts are deliberately overdue.
        for (i, id) in ids.enumerated() {
            guard let c = n.contact(id) else { continue }
            let touches = i < 3 ? 2 : int(1...9)
            let span = (n.cadence(of: c) ?? 120) * (i < 3 ? 3 : 1)
            for t in 0..<touches {
                // Never before the day the contact was added.
                let ago = min(i < 3 ? span + t * 7 : int(0...(span + 20)), today - c.created)
                let roll = int(0...9)
                let exchange: Exchange = i == 2 ? .received : roll < 4 ? .gave : roll < 7 ? .mutual : roll < 9 ? .received : .none
                try! n.apply(.addInteraction(Interaction(id: uuid(), contacts: [id], date: today - ago,
                                                         kind: pick(InteractionKind.allCases), note: pick(notes),
                                                         exchange: exchange)))
            }
        }

        // Events: 1 per 20 contacts (at least 4): half past, half within the next month.
        let eventCount = max(4, count / 20)
        for e in 0..<eventCount {
            let upcoming = e % 2 == 0
            let date = upcoming ? today + int(1...30) : today - int(7...200)
            let status: EventStatus = upcoming ? (int(0...1) == 0 ? .going : .considering) : (int(0...3) == 0 ? .skipped : .attended)
            let met = status == .attended && !ids.isEmpty ? (0..<int(0...3)).map { _ in pick(ids) } : []
            let (title, field) = pick(eventNames)
            try! n.apply(.addEvent(Event(id: uuid(), title: title, date: date, time: int(8...20) * 60 + [0, 30][int(0...1)],
                                         location: pick(cities), field: field, tags: [], status: status,
                                         met: Array(Set(met)).sorted { $0.uuidString < $1.uuidString })))
        }

        // Follow-ups: 1 per 5 contacts (at least 3, none without contacts), a few overdue.
        let followCount = ids.isEmpty ? 0 : max(3, count / 5)
        let prompts = ["send the intro", "share the deck", "ask how the launch went", "return the book", "send notes from the talk"]
        for f in 0..<followCount {
            let who = ids[f % ids.count]
            let due = today + (f < 2 ? -int(2...10) : int(0...20))
            try! n.apply(.addFollowUp(FollowUp(id: uuid(), contact: who, due: due, note: pick(prompts))))
        }
        return n
    }
}

extension Comparable {
    func clamped(to r: ClosedRange<Self>) -> Self { min(max(self, r.lowerBound), r.upperBound) }
}
