import Foundation
import TaskFlowCore
import TaskFlowInference
import Testing

@testable import TaskFlowAnalyzers

/// A new build's shipped head replaces an older shipped copy in the store, never a head the
/// user trained under that name.
@Suite struct ShippedHeadUpgradeTests {
    func freshHome() throws -> TaskFlowHome {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tf-shipped-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return TaskFlowHome(path: path)
    }

    func headJSON(_ home: TaskFlowHome) -> Data? {
        FileManager.default.contents(
            atPath: (ModelStore(home: home).directory(for: "emotion.minilm") as NSString).appendingPathComponent(HeadFile.manifestFile))
    }

    @Test func anOlderShippedCopyIsReplaced() throws {
        let home = try freshHome()
        defer { try? FileManager.default.removeItem(atPath: home.path) }
        try ShippedHeads.ensureInstalled("emotion.minilm", home: home)
        let carried = try #require(headJSON(home))
        // Pretend an older build installed it: same source, another head.json.
        let store = ModelStore(home: home)
        let path = (store.directory(for: "emotion.minilm") as NSString).appendingPathComponent(HeadFile.manifestFile)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        #expect(ShippedHeads.isOlderShippedCopy("emotion.minilm", store: store, carried: carried))
        try ShippedHeads.ensureInstalled("emotion.minilm", home: home)
        #expect(headJSON(home) == carried)
        #expect(!ShippedHeads.isOlderShippedCopy("emotion.minilm", store: store, carried: carried))
    }

    @Test func aTrainedHeadUnderTheNameIsKept() throws {
        let home = try freshHome()
        defer { try? FileManager.default.removeItem(atPath: home.path) }
        let store = ModelStore(home: home)
        try ShippedHeads.ensureInstalled("emotion.minilm", home: home)
        let carried = try #require(headJSON(home))
        // Reinstall the same files as a trained head, then change its head.json.
        let dir = store.directory(for: "emotion.minilm")
        let weights = try #require(FileManager.default.contents(atPath: (dir as NSString).appendingPathComponent(HeadFile.weightsFile)))
        try store.installHead(name: "emotion.minilm", force: true, source: "trained:mine.csv") { d in
            try weights.write(to: URL(fileURLWithPath: (d as NSString).appendingPathComponent(HeadFile.weightsFile)))
            try carried.write(to: URL(fileURLWithPath: (d as NSString).appendingPathComponent(HeadFile.manifestFile)))
        }
        try Data("{}".utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(HeadFile.manifestFile)))
        #expect(!ShippedHeads.isOlderShippedCopy("emotion.minilm", store: store, carried: carried))
        try ShippedHeads.ensureInstalled("emotion.minilm", home: home)
        #expect(headJSON(home) == Data("{}".utf8))
    }
}
