import Foundation
import KithHarness
import Testing
@testable import KithCore

/// Parses `text` (LF or CRLF as written) and maps every card, failing on any bad one.
func contents(_ text: String) throws -> [CardContent] {
    let parsed = VCardParser.parse(Array(text.utf8))
    #expect(parsed.bad.isEmpty, "\(parsed.bad)")
    return try parsed.cards.map { try VCardMapping.content(of: $0, today: Fixtures.today) }
}

func importAll(_ cards: [CardContent], into n: Network, policy: ConflictChoice = .skip) -> ContactImport {
    var imp = ContactImport(n)
    for c in cards { imp.take(c, origin: "test.vcf") { _, _ in policy } }
    imp.finish()
    return imp
}

@Suite struct VCardReadingTests {
    @Test func everyVersionAndEncoding() throws {
        let text = """
        BEGIN:VCARD\r
        VERSION:2.1\r
        N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=85ngstr=C3=B6m;Zo=C3=AB;;;\r
        TEL;WORK;VOICE:+46 8 123\r
        NOTE;ENCODING=QUOTED-PRINTABLE:first line=0D=0Asecond =\r
        line\r
        END:VCARD\r
        BEGIN:VCARD
        VERSION:3.0
        UID:urn:uuid:6F1C2A4B-0000-4000-8000-000000000001
        FN:Ada Lovelace
        ORG:Analytical Engines\\, Ltd;Research
        TITLE:Mathematician
        item1.EMAIL;TYPE=INTERNET,pref:ada@example.com
        item1.X-ABLabel:_$!<Work>!$_
        BDAY:1815-12-10
        NOTE;ENCODING=b:bm90ZXMgaW4gYmFzZTY0
        CATEGORIES:math,engines\\,analytical
        X-KITH-FIELD:research
        X-KITH-CIRCLE:inner
        X-KITH-CADENCE:21
        END:VCARD
        BEGIN:VCARD
        VERSION:4.0
        UID:not-a-uuid@example.org
        FN:李小龙
        TEL;VALUE=uri;TYPE=cell:tel:+86-10-1234
        BDAY:--0412
        NOTE:a note folded a
          cross two lines
        END:VCARD
        BEGIN:VCARD
        VERSION:3.0
        FN:Leap Day
        BDAY;X-APPLE-OMIT-YEAR=1604:1604-02-29
        END:VCARD
        """
        let cards = try contents(text)
        #expect(cards.count == 4)
        let zoe = cards[0].contact
        #expect(zoe.name == "Zoë Ångström")
        #expect(zoe.phones == ["+46 8 123"])
        #expect(zoe.notes == "first line\r\nsecond line")
        let ada = cards[1]
        #expect(ada.contact.id == UUID(uuidString: "6F1C2A4B-0000-4000-8000-000000000001"))
        #expect(ada.contact.company == "Analytical Engines, Ltd, Research")
        #expect(ada.contact.role == "Mathematician")
        #expect(ada.contact.emails == ["ada@example.com"])
        #expect(ada.contact.birthday == Birthday(year: 1815, month: 12, day: 10))
        #expect(ada.contact.notes == "notes in base64")
        #expect(ada.contact.tags == ["math", "engines,analytical"])
        #expect(ada.contact.field == "research" && ada.contact.circle == .inner && ada.contact.cadence == 21)
        #expect(ada.hasKithFields)
        let li = cards[2]
        #expect(li.contact.name == "李小龙")
        #expect(li.contact.phones == ["+86-10-1234"])
        #expect(li.contact.birthday == Birthday(year: nil, month: 4, day: 12))
        #expect(li.contact.notes == "a note folded a cross two lines")
        // A foreign UID maps to the same id every time.
        #expect(li.contact.id == VCardMapping.id(forUID: "not-a-uuid@example.org"))
        #expect(!li.hasKithFields)
        #expect(cards[3].contact.birthday == Birthday(year: nil, month: 2, day: 29))
    }

    @Test func theMalformedCorpusImportsTheGoodCardsAndReportsTheBad() throws {
        let bytes = Array(try Data(contentsOf: fixtures.appendingPathComponent("vcards/malformed.vcf")))
        let parsed = VCardParser.parse(bytes)
        var good: [String] = []
        var bad = parsed.bad.map(\.description)
        for card in parsed.cards {
            do { good.append(try VCardMapping.content(of: card, today: Fixtures.today).contact.name) } catch {
                bad.append("card \(card.number) (line \(error.line)): \(error.reason)")
            }
        }
        #expect(good == ["Good One", "Good Two", "Café Crème", "Good Three", "Good Four"])
        let expected = [
            "card 2 (line 12): no ':'",
            "card 4 (line 24): FN is not valid quoted-printable",
            "card 5 (line 29): FN is not valid UTF-8",
            "card 7 (line 37): VERSION 9.9 is not one kith reads",
            "card 8 (line 40): the card has no name",
            "line 45: text outside a card",
            "card 10 (line 57): binary data",
            "card 11 (line 59): no END:VCARD before the next BEGIN:VCARD at line 63",
            "card 13 (line 69): no END:VCARD (the file ends",
        ]
        for e in expected { #expect(bad.contains { $0.hasPrefix(e) }, "\(e) not in \(bad)") }
        #expect(bad.count == expected.count, "\(bad)")
    }

    @Test func aHugeLineIsReportedAndTheNextCardStillReads() throws {
        var text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Huge\r\nNOTE:" + String(repeating: "x", count: ContentLines.maxLineBytes + 10) + "\r\nEND:VCARD\r\n"
        text += "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:After\r\nEND:VCARD\r\n"
        let parsed = VCardParser.parse(Array(text.utf8))
        #expect(parsed.cards.map(\.number) == [2])
        #expect(parsed.bad.count == 1 && parsed.bad[0].description.contains("longer than kith accepts"))
    }

    @Test func randomBytesNeverCrashTheReader() {
        var rng = SeededGenerator(seed: 7)
        let seed = Array(VCardMapping.export(Demo.network(contacts: 5, seed: 1, today: Fixtures.today), version: .v4))
        for _ in 0..<300 {
            var bytes = seed
            for _ in 0..<Int(rng.next() % 20 + 1) {
                let i = Int(rng.next() % UInt64(bytes.count))
                switch rng.next() % 3 {
                case 0: bytes[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: bytes.remove(at: i)
                default: bytes.insert(contentsOf: bytes[i..<min(bytes.count, i + 30)], at: Int(rng.next() % UInt64(bytes.count)))
                }
            }
            let parsed = VCardParser.parse(bytes)
            for card in parsed.cards { _ = try? VCardMapping.content(of: card, today: Fixtures.today) }
        }
    }
}

@Suite struct VCardWritingTests {
    @Test(arguments: VCardVersion.allCases)
    func exportThenImportLosesNothing(version: VCardVersion) throws {
        let n = Demo.network(contacts: 60, seed: 3, today: Fixtures.today)
        let bytes = VCardMapping.export(n, version: version)
        // Start from the events alone, so that "met at" and event follow-ups have their targets.
        var start = Network()
        for e in n.events { try start.apply(.addEvent(e)) }
        for f in n.followUps where f.contact == nil { try start.apply(.addFollowUp(f)) }
        let parsed = VCardParser.parse(bytes)
        #expect(parsed.bad.isEmpty)
        let imp = importAll(try parsed.cards.map { try VCardMapping.content(of: $0, today: Fixtures.today + 100) }, into: start)
        #expect(imp.report.added == 60 && imp.report.problems.isEmpty, "\(imp.report)")
        #expect(imp.network.contacts == n.contacts)
        #expect(Set(imp.network.interactions) == Set(n.interactions))
        #expect(Set(imp.network.followUps) == Set(n.followUps))
        // Exporting again gives the same bytes: stable UIDs, stable order.
        #expect(VCardMapping.export(imp.network, version: version) == bytes)
    }

    @Test func linesAreFoldedAt75OctetsWithCRLFAndNeverInsideACharacter() {
        var c = Contact(name: "Zoë Ångström", created: Fixtures.today)
        c.notes = String(repeating: "ä李🙂 text, with; escapes\\ and\nnew lines ", count: 20)
        var out: [UInt8] = []
        VCardMapping.write(c, in: Network(), followUps: [], version: .v4, to: &out)
        let lines = out.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast()
        for l in lines {
            #expect(l.last == 0x0D)
            #expect(l.count - 1 <= 75)
            #expect(String(validating: l, as: UTF8.self) != nil) // no split character
        }
        let back = VCardParser.parse(out).cards.first.map { try? VCardMapping.content(of: $0, today: Fixtures.today) }
        #expect(back??.contact.notes == c.notes)
    }
}

@Suite struct ContactImportTests {
    let base: Network = {
        var n = Network()
        try! n.apply(.addContact(Contact(id: UUID(uuidString: "00000000-0000-4000-8000-000000000001")!, name: "Ada Lovelace",
                                         field: "research", circle: .inner, emails: ["ada@example.com"], created: Fixtures.today)))
        try! n.apply(.addContact(Contact(name: "Grace Hopper", created: Fixtures.today)))
        return n
    }()

    @Test func reimportingTheSameOrAnUpdatedCardUpdatesAndNeverDuplicates() throws {
        let byUID = try contents("""
        BEGIN:VCARD
        VERSION:3.0
        UID:00000000-0000-4000-8000-000000000001
        FN:Ada King
        EMAIL:ada@example.com
        END:VCARD
        """)
        var imp = importAll(byUID, into: base)
        #expect(imp.report.updated == 1 && imp.report.added == 0)
        #expect(imp.network.contacts[0].name == "Ada King")
        // A phone-edited card (no X-KITH fields) keeps kith's own fields.
        #expect(imp.network.contacts[0].field == "research" && imp.network.contacts[0].circle == .inner)
        imp = importAll(byUID, into: imp.network)
        #expect(imp.report.unchanged == 1 && imp.changes.isEmpty)
        // By email, when the UID is unknown.
        let byEmail = try contents("BEGIN:VCARD\nVERSION:3.0\nUID:phone-123\nFN:Ada L.\nEMAIL:ADA@example.com\nEND:VCARD\n")
        imp = importAll(byEmail, into: base)
        #expect(imp.report.updated == 1 && imp.network.contacts.count == 2)
    }

    @Test func aCardSharingOnlyANameFollowsTheConflictChoice() throws {
        let card = try contents("BEGIN:VCARD\nVERSION:3.0\nFN:grace hopper\nTEL:+1 555\nEND:VCARD\n")
        let skipped = importAll(card, into: base, policy: .skip)
        #expect(skipped.report.skipped == 1 && skipped.network.contacts.count == 2)
        #expect(skipped.report.lines == ["skip grace hopper (test.vcf card 1): looks like the existing Grace Hopper, with no UID or email in common"])
        let added = importAll(card, into: base, policy: .add)
        #expect(added.report.added == 1 && added.network.contacts.count == 3)
        let updated = importAll(card, into: base, policy: .update)
        #expect(updated.report.updated == 1 && updated.network.contacts[1].phones == ["+1 555"])
    }
}
