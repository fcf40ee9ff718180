import Foundation

/// Scratch folders and small datasets for tests.
public enum TestFiles {
    /// A new empty folder under the system's temporary folder.
    public static func temporaryDirectory(_ prefix: String = "tf-test") throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A `.txt` dataset in `dir` whose line N holds "N"; returns its path.
    public static func numberedText(_ n: Int, in dir: URL, name: String = "numbers.txt") throws -> String {
        let path = dir.appendingPathComponent(name).path
        try (1...n).map(String.init).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
