// swift-tools-version:6.1
import PackageDescription

// TaskFlow: fast, local-first text analytics. One concern per target; see DESIGN.md.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "TaskFlow",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tf", targets: ["TaskFlowCLI"]),
        .executable(name: "tf-fuzz", targets: ["TaskFlowFuzz"]),
        // Example plugin bundles, loaded at run time (see Plugins/README.md).
        .library(name: "Toxicity", type: .dynamic, targets: ["ToxicityBundle"]),
        .library(name: "NearDuplicates", type: .dynamic, targets: ["NearDuplicatesBundle"]),
        .library(name: "Briefing", type: .dynamic, targets: ["BriefingBundle"]),
    ],
    dependencies: [
        .package(path: "Modules/TaskFlowPluginAPI"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        // The language-model clients (TaskFlowLLM) and the local HTTP server the tests start.
        .package(url: "https://github.com/swift-server/async-http-client", exact: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(
            name: "TaskFlowCore",
            dependencies: [
                .product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Modules/TaskFlowCore",
            swiftSettings: strict
        ),
        .target(
            name: "TaskFlowAnalyzers",
            dependencies: ["TaskFlowCore", "TaskFlowInference"],
            path: "Modules/TaskFlowAnalyzers",
            exclude: ["Sentiment/VADER/Lexicon", "Keyphrase/YAKE/Stopwords"],
            swiftSettings: strict
        ),
        .systemLibrary(
            name: "CBLAS",
            path: "Modules/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(
            name: "TaskFlowInference",
            dependencies: ["TaskFlowCore", "CBLAS"],
            path: "Modules/TaskFlowInference",
            swiftSettings: strict
        ),
        .target(
            name: "TaskFlowCache",
            dependencies: [
                "TaskFlowCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Modules/TaskFlowCache",
            swiftSettings: strict
        ),
        .target(
            name: "TaskFlowStorage",
            dependencies: [
                "TaskFlowCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Modules/TaskFlowStorage",
            swiftSettings: strict
        ),
        .target(
            name: "TaskFlowLLM",
            dependencies: [
                "TaskFlowCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Modules/TaskFlowLLM",
            swiftSettings: strict
        ),
        .target(
            name: "TaskFlowEngine",
            dependencies: ["TaskFlowCore", "TaskFlowStorage", "TaskFlowCache", "TaskFlowLLM"],
            path: "Modules/TaskFlowEngine",
            swiftSettings: strict
        ),
        .target(
            name: "TaskFlowReporting",
            dependencies: ["TaskFlowCore"],
            path: "Modules/TaskFlowReporting",
            swiftSettings: strict
        ),
        .target(
            name: "TaskFlowWorkspace",
            dependencies: [
                "TaskFlowCore", "TaskFlowEngine", "TaskFlowStorage", "TaskFlowCache", "TaskFlowAnalyzers",
                "TaskFlowInference", "TaskFlowLLM", "TaskFlowPluginLoader", "TaskFlowReporting",
            ],
            path: "Modules/TaskFlowWorkspace",
            swiftSettings: strict
        ),
        // Test doubles (in-memory store, stalling and counting analyzers, scripted model); tests only.
        .target(
            name: "TaskFlowTesting",
            dependencies: ["TaskFlowWorkspace", "TaskFlowEngine", "TaskFlowStorage", "TaskFlowCache", "TaskFlowCore"],
            path: "Modules/TaskFlowTesting",
            swiftSettings: strict
        ),
        .systemLibrary(
            name: "CEditLine",
            path: "Modules/CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(
            name: "TaskFlowREPL",
            dependencies: ["TaskFlowWorkspace", "TaskFlowReporting", "TaskFlowCore", "CEditLine"],
            path: "Modules/TaskFlowREPL",
            swiftSettings: strict
        ),
        .target(
            name: "TaskFlowPluginLoader",
            dependencies: ["TaskFlowCore"],
            path: "Modules/TaskFlowPluginLoader",
            swiftSettings: strict
        ),
        .target(
            name: "ToxicityPlugin",
            dependencies: [.product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI")],
            path: "Plugins/Toxicity/Sources/ToxicityPlugin",
            swiftSettings: strict
        ),
        .target(
            name: "NearDuplicatesPlugin",
            dependencies: [.product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI")],
            path: "Plugins/NearDuplicates/Sources/NearDuplicatesPlugin",
            swiftSettings: strict
        ),
        .target(
            name: "BriefingPlugin",
            dependencies: [.product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI")],
            path: "Plugins/Briefing/Sources/BriefingPlugin",
            swiftSettings: strict
        ),
        // A bundle target holds only the exported entry point, so tests can link the logic.
        .target(
            name: "ToxicityBundle",
            dependencies: ["ToxicityPlugin", .product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI")],
            path: "Plugins/Toxicity/Sources/ToxicityBundle",
            swiftSettings: strict
        ),
        .target(
            name: "NearDuplicatesBundle",
            dependencies: ["NearDuplicatesPlugin", .product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI")],
            path: "Plugins/NearDuplicates/Sources/NearDuplicatesBundle",
            swiftSettings: strict
        ),
        .target(
            name: "BriefingBundle",
            dependencies: ["BriefingPlugin", .product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI")],
            path: "Plugins/Briefing/Sources/BriefingBundle",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "TaskFlowCLI",
            dependencies: [
                "TaskFlowWorkspace",
                "TaskFlowREPL",
                "TaskFlowReporting",
                "TaskFlowCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Modules/TaskFlowCLI",
            swiftSettings: strict
        ),
        // The fuzz targets: a replay tool in a normal build; libFuzzer's entry point when
        // Tools/fuzz builds with -sanitize=fuzzer (see Tests/Fuzz/README.md).
        .target(name: "CFuzzMain", path: "Tests/Fuzz/Sources/CFuzzMain"),
        .executableTarget(
            name: "TaskFlowFuzz",
            dependencies: [
                "CFuzzMain", "TaskFlowCore", "TaskFlowInference", "TaskFlowREPL",
                .product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI"),
            ],
            path: "Tests/Fuzz/Sources/TaskFlowFuzz",
            swiftSettings: strict
        ),
        .testTarget(
            name: "TaskFlowPluginAPITests",
            dependencies: [.product(name: "TaskFlowPluginAPI", package: "TaskFlowPluginAPI")],
            path: "Tests/TaskFlowPluginAPITests"
        ),
        .testTarget(
            name: "TaskFlowCoreTests",
            dependencies: ["TaskFlowCore"],
            path: "Tests/TaskFlowCoreTests"
        ),
        .testTarget(
            name: "TaskFlowAnalyzersTests",
            dependencies: ["TaskFlowAnalyzers", "TaskFlowCore"],
            path: "Tests/TaskFlowAnalyzersTests"
        ),
        .testTarget(
            name: "TaskFlowInferenceTests",
            dependencies: ["TaskFlowInference", "TaskFlowCore"],
            path: "Tests/TaskFlowInferenceTests"
        ),
        .testTarget(
            name: "TaskFlowCacheTests",
            dependencies: ["TaskFlowCache", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/TaskFlowCacheTests"
        ),
        .testTarget(
            name: "TaskFlowStorageTests",
            dependencies: ["TaskFlowStorage", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/TaskFlowStorageTests"
        ),
        .testTarget(
            name: "TaskFlowLLMTests",
            dependencies: ["TaskFlowLLM"],
            path: "Tests/TaskFlowLLMTests"
        ),
        .testTarget(
            name: "TaskFlowEngineTests",
            dependencies: ["TaskFlowEngine", "TaskFlowTesting"],
            path: "Tests/TaskFlowEngineTests"
        ),
        .testTarget(
            name: "TaskFlowWorkspaceTests",
            dependencies: ["TaskFlowWorkspace", "TaskFlowTesting", "TaskFlowInference"],
            path: "Tests/TaskFlowWorkspaceTests"
        ),
        .testTarget(
            name: "TaskFlowReportingTests",
            dependencies: ["TaskFlowReporting", "TaskFlowTesting"],
            path: "Tests/TaskFlowReportingTests"
        ),
        .testTarget(
            name: "TaskFlowPluginLoaderTests",
            dependencies: ["TaskFlowPluginLoader"],
            path: "Tests/TaskFlowPluginLoaderTests"
        ),
        .testTarget(
            name: "ToxicityPluginTests",
            dependencies: ["ToxicityPlugin"],
            path: "Plugins/Toxicity/Tests/ToxicityPluginTests"
        ),
        .testTarget(
            name: "NearDuplicatesPluginTests",
            dependencies: ["NearDuplicatesPlugin"],
            path: "Plugins/NearDuplicates/Tests/NearDuplicatesPluginTests"
        ),
        .testTarget(
            name: "BriefingPluginTests",
            dependencies: ["BriefingPlugin"],
            path: "Plugins/Briefing/Tests/BriefingPluginTests"
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["TaskFlowStorage", "TaskFlowTesting", "TaskFlowLLM"],
            path: "Tests/IntegrationTests"
        ),
        .testTarget(
            name: "TaskFlowREPLTests",
            dependencies: ["TaskFlowREPL", "TaskFlowWorkspace", "TaskFlowReporting"],
            path: "Tests/TaskFlowREPLTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
