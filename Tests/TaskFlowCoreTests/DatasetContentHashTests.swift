import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

/// A reader's content hash: the SHA-256 of the file's bytes, taken without moving the reader.
@Suite struct DatasetContentHashTests {
    @Test(arguments: [
        ("data.csv", "\u{FEFF}id,text\n1,alpha\n2,beta\n"),
        ("data.jsonl", "{\"id\": 1, \"text\": \"alpha\"}\n{\"id\": 2, \"text\": \"beta\"}\n"),
        ("data.txt", "alpha\nbeta\n"),
    ])
    func theHashIsTheFilesSHA256AndReadingGoesOnUnmoved(_ name: String, _ content: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-hash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try Data(content.utf8).write(to: url)
        let reader = try DatasetReaders.open(DatasetSource(path: url.path))
        #expect(try reader.contentHash() == SHA256Digest.hex(Data(content.utf8)))
        let first = try reader.nextBatch(maxCount: 1)
        #expect(try reader.contentHash() == SHA256Digest.hex(Data(content.utf8)))
        let rest = try reader.readAll()
        #expect(((first ?? []) + rest).map(\.text) == ["alpha", "beta"])
    }

    @Test func sameSizeAndTimeWithOtherBytesHashesDifferently() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tf-hash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("d.txt")
        let time = Date(timeIntervalSince1970: 1_700_000_000)
        try Data("great\nawful\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: url.path)
        let before = try DatasetReaders.open(DatasetSource(path: url.path)).contentHash()
        try Data("awful\ngreat\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.modificationDate: time], ofItemAtPath: url.path)
        let after = try DatasetReaders.open(DatasetSource(path: url.path)).contentHash()
        #expect(before != nil && after != nil && before != after)
    }
}
