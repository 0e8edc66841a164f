import Foundation
import KithCore
import KithHarness
import Testing

@Suite struct JSONValueTests {
    /// Python's `json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False)` of
    /// `text`, and the value Python read, as `repr`.
    private func python(_ text: String) throws -> (canonical: String, repr: String) {
        let dir = try TempDir()
        try text.write(toFile: dir.path("v.json"), atomically: false, encoding: .utf8)
        let out = try spawn(["python3", "-c", """
            import json, sys
            v = json.load(open(sys.argv[1], encoding='utf-8'))
            sys.stdout.write(json.dumps(v, indent=2, sort_keys=True, ensure_ascii=False) + '\\0' + repr(v))
            """, dir.path("v.json")])
        let parts = out.components(separatedBy: "\0")
        #expect(parts.count == 2, "python could not read: \(text)")
        return (parts[0], parts.count > 1 ? parts[1] : "")
    }

    /// What `--json` prints is exactly what Python writes of it: its escapes, numbers, empty
    /// containers, indents and key order (code points: upper case before lower, accents last).
    @Test func theTextIsWhatPythonWritesOfIt() throws {
        let value = JSONValue.object([
            "name": .string("Quote \" back\\slash / tab\tnew\nline \u{1B}esc \u{7F} Zoë 漢字 🥸"),
            "zebra": .int(-3), "Zebra": .double(228), "Écriture": .double(0.8125), "éa": .double(1e-5), "ab": .double(-2.5),
            "none": .null, "yes": .bool(true), "no": .bool(false),
            "empty": .array([]), "nothing": .object([:]), "": .string(""),
            "list": .array([.int(1), .string("two"), .object(["b": .int(2), "a": .array([.null])])]),
        ])
        let text = value.text
        let (canonical, repr) = try python(text)
        #expect(canonical == text)
        #expect(repr.contains("'Zebra': 228,") && repr.contains("'Écriture': 0.8125") && repr.contains("'éa': 1e-05"))
        #expect(repr.contains(#"'name': 'Quote " back\\slash / tab\tnew\nline \x1besc \x7f Zoë 漢字 🥸'"#))
        #expect(text.contains(#"\u001besc"#))
        #expect(JSONValue.array([]).text == "[]" && JSONValue.object([:]).text == "{}")
        #expect(JSONValue.double(.nan).text == "null" && JSONValue.double(.infinity).text == "null")
    }

    /// Setting a key replaces its member, or adds one; setting nil removes it.
    @Test func settingAKeyReplacesAddsOrRemoves() {
        var o: JSONObject = ["a": .int(1), "b": .int(2)]
        o["a"] = .string("one")
        o["c"] = .null
        o["b"] = nil
        #expect(o.members.map(\.key) == ["a", "c"])
        #expect(o["a"] == .string("one") && o["c"] == .null && o["b"] == nil)
    }
}
