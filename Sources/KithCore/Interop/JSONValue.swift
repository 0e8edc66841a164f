/// A JSON value, as `--json` prints it.
///
/// kith writes its own JSON text rather than through `JSONSerialization`: with sorted keys,
/// Foundation on Linux compared every pair of keys through a locale it made anew each time, and
/// `kith list contacts --json` took 1.6 s at 10,000 contacts, against 56 ms for the table.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// A string, or null without one.
    public init(_ s: String?) { self = s.map(JSONValue.string) ?? .null }
    /// A number, or null without one.
    public init(_ i: Int?) { self = i.map(JSONValue.int) ?? .null }
    /// A number, or null without one.
    public init(_ d: Double?) { self = d.map(JSONValue.double) ?? .null }
    /// An array of strings.
    public init(_ a: [String]) { self = .array(a.map(JSONValue.string)) }

    /// Pretty JSON text: two-space indents, each object's keys in Unicode code-point order (as
    /// Python's `json.dumps(…, indent=2, sort_keys=True, ensure_ascii=False)` and `jq -S` write it).
    public var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    func write(to out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .double(let d): Self.writeNumber(d, to: &out)
        case .string(let s): Self.writeString(s, to: &out)
        case .array(let items):
            guard !items.isEmpty else { out += "[]".utf8; return }
            out.append(UInt8(ascii: "["))
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(indent + 2, to: &out)
                item.write(to: &out, indent: indent + 2)
            }
            Self.newline(indent, to: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            guard !o.members.isEmpty else { out += "{}".utf8; return }
            out.append(UInt8(ascii: "{"))
            for (k, i) in o.sortedOrder.enumerated() {
                let m = o.members[i]
                if k > 0 { out.append(UInt8(ascii: ",")) }
                Self.newline(indent + 2, to: &out)
                Self.writeString(m.key, to: &out)
                out += ": ".utf8
                m.value.write(to: &out, indent: indent + 2)
            }
            Self.newline(indent, to: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ indent: Int, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    /// A whole number as an integer (as `JSONSerialization` wrote a score of 228); any other
    /// finite number in Swift's shortest round-trip form, which for the figures kith prints is
    /// Python's `repr`; null for what JSON cannot say (not a number, infinity).
    private static func writeNumber(_ d: Double, to out: inout [UInt8]) {
        guard d.isFinite else { out += "null".utf8; return }
        if d == d.rounded(), abs(d) < 9_007_199_254_740_992 { out += String(Int(d)).utf8 } else { out += d.description.utf8 }
    }

    /// A string in quotes: `"` and `\` escaped, control characters as `\n`, `\t`, … or `\u00XX`;
    /// everything else as it is, in UTF-8.
    private static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            // Most strings need no escape: copied whole (byte by byte, this was most of the text).
            guard bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                out.append(contentsOf: bytes)
                return
            }
            let hex = Array("0123456789abcdef".utf8)
            for b in bytes {
                switch b {
                case UInt8(ascii: "\""): out += #"\""#.utf8
                case UInt8(ascii: "\\"): out += #"\\"#.utf8
                case 0x0A: out += #"\n"#.utf8
                case 0x0D: out += #"\r"#.utf8
                case 0x09: out += #"\t"#.utf8
                case 0x08: out += #"\b"#.utf8
                case 0x0C: out += #"\f"#.utf8
                case 0..<0x20: out += #"\u00"#.utf8; out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
                default: out.append(b)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

/// A JSON object: its members in the order they were given; written with sorted keys.
public struct JSONObject: Equatable, Sendable, ExpressibleByDictionaryLiteral {
    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSONValue
    }

    public private(set) var members: [Member]

    public init() { members = [] }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { Member(key: $0.0, value: $0.1) }
    }

    /// The value under `key`; setting one replaces the member with that key, or adds it.
    public subscript(key: String) -> JSONValue? {
        get { members.first { $0.key == key }?.value }
        set {
            let i = members.firstIndex { $0.key == key }
            switch (i, newValue) {
            case (let i?, let v?): members[i].value = v
            case (let i?, nil): members.remove(at: i)
            case (nil, let v?): members.append(Member(key: key, value: v))
            case (nil, nil): break
            }
        }
    }

    /// The members' positions by key, in code-point order (UTF-8 byte order is code-point
    /// order). Ranked by each key's first 8 bytes as a number, so that the sort moves integers
    /// rather than members (sorting the members themselves was most of the text's time).
    var sortedOrder: [Int] {
        let prefixes = members.map { m in
            m.key.utf8.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (56 - 8 * $1.offset) }
        }
        return members.indices.sorted { i, j in
            prefixes[i] != prefixes[j] ? prefixes[i] < prefixes[j] : members[i].key.utf8.lexicographicallyPrecedes(members[j].key.utf8)
        }
    }
}
