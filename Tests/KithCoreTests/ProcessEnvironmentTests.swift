import Foundation
import KithCore
import Testing

/// kith reads the environment from the C library's list, as Foundation does.
@Suite struct ProcessEnvironmentTests {
    @Test func theEnvironmentIsFoundationsOne() {
        setenv("KITH_TEST_ENV_VALUE", "a=b=c Zoë", 1)
        setenv("KITH_TEST_ENV_EMPTY", "", 1)
        defer { unsetenv("KITH_TEST_ENV_VALUE"); unsetenv("KITH_TEST_ENV_EMPTY") }
        let env = ProcessEnvironment.current
        #expect(env["KITH_TEST_ENV_VALUE"] == "a=b=c Zoë")
        #expect(env["KITH_TEST_ENV_EMPTY"] == "")
        let same = env == ProcessInfo.processInfo.environment // (bound first: a failure prints both)
        #expect(same, "\(env) against \(ProcessInfo.processInfo.environment)")
    }
}
