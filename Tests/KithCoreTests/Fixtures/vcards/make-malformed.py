# Writes malformed.vcf, the hand-made corpus of broken cards between good ones. Bytes matter
# (CRLF, NUL, Latin-1), so the file is generated rather than edited: python3 make-malformed.py
crlf = b"\r\n"
def card(*lines, end=True):
    return crlf.join([b"BEGIN:VCARD"] + list(lines) + ([b"END:VCARD"] if end else [])) + crlf
parts = [
    card(b"VERSION:3.0", b"UID:good-1", b"FN:Good One", b"EMAIL:one@example.com"),
    card(b"VERSION:3.0", b"UID:bad-fold", b"FN:Broken Folding", b"NOTE:first half", b"second half without the leading space"),
    card(b"VERSION:4.0", b"UID:good-2", b"FN:Good Two", b"NOTE:folded acr", b" oss lines"),
    card(b"VERSION:2.1", b"N:Quoted;Bad", b"FN;ENCODING=QUOTED-PRINTABLE:Bad =ZZ quoted"),
    card(b"VERSION:3.0", b"UID:bad-utf8", b"FN:Caf\xe9 without a charset"),
    card(b"VERSION:2.1", b"FN;CHARSET=ISO-8859-1:Caf\xe9 Cr\xe8me", b"TEL;HOME;VOICE:+33 1 23"),
    card(b"VERSION:9.9", b"FN:Future Card"),
    card(b"VERSION:3.0", b"UID:nameless", b"TEL:+1 555 0100"),
    b"\x00\x01\x02\xff\xfe junk between cards \x00\r\n\x89PNG\r\n",
    card(b"VERSION:3.0", b"UID:good-3", b"item1.EMAIL;TYPE=INTERNET:three@example.com", b"item1.X-ABLabel:work", b"FN:Good Three"),
    card(b"VERSION:3.0", b"UID:nul", b"FN:Nul\x00Byte"),
    card(b"VERSION:3.0", b"UID:no-end", b"FN:Missing End", end=False),
    card(b"VERSION:3.0", b"UID:good-4", b"FN:Good Four", b"BDAY:--0412"),
    card(b"VERSION:3.0", b"UID:last", b"FN:Cut Off", end=False),
]
open("malformed.vcf", "wb").write(b"".join(parts))
