/// A fast 64-bit content hash, used to tell whether the file on disk is still the one kith read.
/// Not cryptographic: it guards against accidents, not adversaries.
public struct ContentHash: Hashable, Sendable, CustomStringConvertible {
    public let value: UInt64
    public let count: Int

    public init(_ bytes: UnsafeRawBufferPointer) {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        let words = bytes.count / 8
        for i in 0..<words {
            let w = bytes.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)
            h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 29
        }
        for i in (words * 8)..<bytes.count {
            h = (h ^ UInt64(bytes[i])) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 33
        value = h
        count = bytes.count
    }

    public init(_ bytes: [UInt8]) {
        self = bytes.withUnsafeBytes { ContentHash($0) }
    }

    public var description: String { String(value, radix: 16) }
}
