import Foundation
import Testing
import TaskFlowCore
import TaskFlowPluginAPI

/// The one safe-write path (D2): regular files atomically, symlinks through, devices in place.
@Suite struct SafeFileWriterTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("tf-safe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    func type(_ path: String) throws -> FileAttributeType? {
        try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType
    }

    /// The folder's entries other than `expected`: temporary files left behind.
    func leftovers(besides expected: Set<String>) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { !expected.contains($0) }
    }

    @Test func aRegularFileIsReplacedWholeKeepingItsMode() throws {
        let target = path("report.md")
        try "old contents, longer than the new\n".write(toFile: target, atomically: false, encoding: .utf8)
        _ = chmod(target, 0o600)
        var before = stat()
        _ = stat(target, &before)
        try SafeFileWriter.write("new\n", to: target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
        var after = stat()
        _ = stat(target, &after)
        #expect(after.st_mode & 0o7777 == 0o600)
        #expect(after.st_ino != before.st_ino)  // replaced by rename, not rewritten in place
        #expect(try leftovers(besides: ["report.md"]) == [])
    }

    @Test func aNewFileIsCreated() throws {
        try SafeFileWriter.write("x", to: path("new.txt"))
        #expect(try String(contentsOfFile: path("new.txt"), encoding: .utf8) == "x")
        #expect(try leftovers(besides: ["new.txt"]) == [])
    }

    @Test func aStreamedFileAppearsOnlyOnCommit() throws {
        let target = path("out.jsonl")
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        let writer = try SafeFileWriter(path: target)
        #expect(writer.replacesAtomically)
        for i in 0..<1000 { try writer.write("{\"n\":\(i)}\n") }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old\n")
        try writer.commit()
        #expect(try String(contentsOfFile: target, encoding: .utf8).split(separator: "\n").count == 1000)
        #expect(try leftovers(besides: ["out.jsonl"]) == [])
    }

    @Test func aDiscardedOrDroppedWriterLeavesTheOldFile() throws {
        let target = path("keep.txt")
        try "old\n".write(toFile: target, atomically: false, encoding: .utf8)
        let writer = try SafeFileWriter(path: target)
        try writer.write("half of the new")
        writer.discard()
        do {
            let dropped = try SafeFileWriter(path: target)
            try dropped.write("never committed")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old\n")
        #expect(try leftovers(besides: ["keep.txt"]) == [])
    }

    @Test(arguments: [false, true])
    func aSymlinkIsWrittenThroughAndStaysALink(relative: Bool) throws {
        try FileManager.default.createDirectory(atPath: path("real"), withIntermediateDirectories: true)
        let target = path("real/session.tf")
        try "old".write(toFile: target, atomically: false, encoding: .utf8)
        let link = path("link.tf")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: relative ? "real/session.tf" : target)
        try SafeFileWriter.write("load x.csv\n", to: link)
        #expect(try type(link) == .typeSymbolicLink)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "load x.csv\n")
        #expect(try leftovers(besides: ["real", "link.tf"]) == [])
        #expect(try FileManager.default.contentsOfDirectory(atPath: path("real")) == ["session.tf"])
    }

    @Test func aLinkToALinkToNothingYetCreatesTheFinalTarget() throws {
        try FileManager.default.createSymbolicLink(atPath: path("b"), withDestinationPath: "c.md")
        try FileManager.default.createSymbolicLink(atPath: path("a"), withDestinationPath: path("b"))
        try SafeFileWriter.write("report", to: path("a"))
        #expect(try type(path("a")) == .typeSymbolicLink && type(path("b")) == .typeSymbolicLink)
        #expect(try String(contentsOfFile: path("c.md"), encoding: .utf8) == "report")
    }

    @Test func aLoopOfLinksIsAnError() throws {
        try FileManager.default.createSymbolicLink(atPath: path("x"), withDestinationPath: path("y"))
        try FileManager.default.createSymbolicLink(atPath: path("y"), withDestinationPath: path("x"))
        let error = try #require(throws: TaskFlowFailure.self) { try SafeFileWriter.write("z", to: path("x")) }
        #expect(error.description.contains(path("x")))
    }

    @Test func devNullStaysACharacterDevice() throws {
        try SafeFileWriter.write(String(repeating: "discarded\n", count: 10_000), to: "/dev/null")
        #expect(try type("/dev/null") == .typeCharacterSpecial)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/dev/full")))
    func devFullIsAnErrorAndStaysADevice() throws {
        let error = try #require(throws: TaskFlowFailure.self) { try SafeFileWriter.write("session\n", to: "/dev/full") }
        #expect(error.description == "cannot write /dev/full: No space left on device")
        #expect(error.hint?.contains("space") == true)
        #expect(try type("/dev/full") == .typeCharacterSpecial)
        // The same through a symlink, and streamed.
        try FileManager.default.createSymbolicLink(atPath: path("full"), withDestinationPath: "/dev/full")
        let writer = try SafeFileWriter(path: path("full"), name: "out.jsonl")
        #expect(!writer.replacesAtomically)
        #expect(throws: TaskFlowFailure.self) { try writer.write("x") }
        #expect(try type("/dev/full") == .typeCharacterSpecial)
        #expect(try type(path("full")) == .typeSymbolicLink)
    }

    @Test func aFIFOIsWrittenInPlace() throws {
        let fifo = path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let reader = open(fifo, O_RDONLY | O_NONBLOCK)
        #expect(reader >= 0)
        defer { close(reader) }
        try SafeFileWriter.write("through the pipe", to: fifo)
        var bytes = [UInt8](repeating: 0, count: 64)
        let n = read(reader, &bytes, bytes.count)
        #expect(String(decoding: bytes.prefix(max(0, n)), as: UTF8.self) == "through the pipe")
        var st = stat()
        _ = lstat(fifo, &st)
        #expect(st.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func anOpenFileNamedThroughProcIsWrittenNotReplaced() throws {
        // What /dev/stdout names when standard output is redirected to a file.
        let file = path("redirected.txt")
        try "old".write(toFile: file, atomically: false, encoding: .utf8)
        let fd = open(file, O_WRONLY)
        defer { close(fd) }
        var before = stat()
        _ = stat(file, &before)
        try SafeFileWriter.write("through the descriptor", to: "/proc/self/fd/\(fd)")
        var after = stat()
        _ = stat(file, &after)
        #expect(after.st_ino == before.st_ino)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "through the descriptor")
    }

    @Test func aFolderOrAMissingFolderIsAClearError() throws {
        let isFolder = try #require(throws: TaskFlowFailure.self) { try SafeFileWriter.write("x", to: folder) }
        #expect(isFolder.description.contains("is a folder"))
        let missing = path("missing/out.md")
        let error = try #require(throws: TaskFlowFailure.self) { try SafeFileWriter.write("x", to: missing) }
        #expect(error.description == "cannot write \(missing): No such file or directory")
        #expect(error.hint?.contains(path("missing")) == true)
    }

    @Test func messagesUseTheGivenName() throws {
        let error = try #require(throws: TaskFlowFailure.self) {
            try SafeFileWriter.write("x", to: path("missing/s.tf"), name: "~/missing/s.tf")
        }
        #expect(error.description.hasPrefix("cannot write ~/missing/s.tf:"))
    }
}
