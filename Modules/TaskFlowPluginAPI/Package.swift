// swift-tools-version:6.1
import PackageDescription

// The plugin SDK: the only library a TaskFlow plugin links.
//
// It is its own package and a *dynamic* library, so that the host and every plugin `.so` share
// one copy of its types (protocol casts across the boundary need that), and it is built with
// library evolution so that plugins survive additive changes to it.
let package = Package(
    name: "TaskFlowPluginAPI",
    products: [
        .library(name: "TaskFlowPluginAPI", type: .dynamic, targets: ["TaskFlowPluginAPI"])
    ],
    targets: [
        .target(
            name: "TaskFlowPluginAPI",
            path: "Sources/TaskFlowPluginAPI",
            swiftSettings: [
                .unsafeFlags(["-enable-library-evolution", "-emit-module-interface"])
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
