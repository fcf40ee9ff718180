// swift-tools-version:6.1
import PackageDescription

// A TaskFlow plugin built outside the TaskFlow repository, against an installed SDK.
//
// Build (TASKFLOW_SDK is the folder `Tools/install-sdk` filled: lib/ and modules/):
//   swift build -c release \
//     -Xswiftc -I -Xswiftc "$TASKFLOW_SDK/modules" -Xlinker -L"$TASKFLOW_SDK/lib"
// Then: tf plugins list --plugin .build/release/libHello.so
let package = Package(
    name: "HelloPlugin",
    products: [
        .library(name: "Hello", type: .dynamic, targets: ["HelloPlugin"])
    ],
    targets: [
        .target(
            name: "HelloPlugin",
            path: "Sources/HelloPlugin",
            linkerSettings: [.linkedLibrary("TaskFlowPluginAPI")]
        )
    ],
    swiftLanguageModes: [.v6]
)
