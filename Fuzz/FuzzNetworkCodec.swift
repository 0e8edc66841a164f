// libFuzzer entry point for the network file loader (`make fuzz`).
//
// Built together with KithCore's sources into one module with `swiftc -sanitize=fuzzer,address`.
// Every input must either be refused with a DecodeError or load into a network that survives
// its own round trip; anything else (a crash, a hang, a sanitizer report) is a finding.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNetworkCodec(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    guard let network = try? NetworkCodec.decode(bytes) else { return 0 }
    let again = try? NetworkCodec.decode(Data(NetworkCodec.encode(network)))
    precondition(again == network, "a loaded network did not survive its own round trip")
    return 0
}
