// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kith",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kith", targets: ["kith"]),
        .executable(name: "kith-bench", targets: ["KithBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    ],
    targets: [
        // ncurses access only: macro wrappers, locale, signals. No logic.
        .target(
            name: "CNcursesw",
            // tinfo after ncursesw: a fully static link (`make release`) needs both, in this order.
            linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]
        ),
        // The network and its rules. Foundation only.
        .target(name: "KithCore"),
        // The terminal-agnostic app: state, keymap, reduce, views into a cell grid.
        .target(name: "KithUI", dependencies: ["KithCore"]),
        // The only importer of CNcursesw.
        .target(name: "KithTerminal", dependencies: ["KithUI", "CNcursesw"]),
        .executableTarget(
            name: "kith",
            dependencies: [
                "KithCore", "KithUI", "KithTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make bench`: the figures of docs/performance.md, in release mode.
        .executableTarget(name: "KithBench", dependencies: ["KithCore", "KithUI", "KithHarness"]),
        // Shared by the tests and the benchmark: the built binary, temporary folders, spawning.
        .target(name: "KithHarness", path: "Tests/Harness"),
        .testTarget(name: "KithCoreTests", dependencies: [
            "KithCore", "KithHarness", .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "KithUITests", dependencies: ["KithUI"], exclude: ["__Snapshots__"]),
        // These run the built binary; depending on the executable makes `swift test` build it.
        .testTarget(name: "KithCLITests", dependencies: ["kith", "KithCore", "KithHarness"]),
        .testTarget(name: "KithE2ETests", dependencies: ["kith", "KithHarness", "KithCore", "KithUI"]),
    ],
    swiftLanguageModes: [.v6]
)
