import Foundation
import Synchronization
import TaskFlowCore
import TaskFlowPluginAPI

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Checks a model's files against the SHA-256 hashes its manifest recorded at install.
///
/// Hashing all-MiniLM-L6-v2 (90 MB) costs a few tenths of a second, so a file is hashed only
/// when it may have changed: a small record beside the manifest (`.verified.json`) keeps, per
/// file, the size, device, inode and modification and change times it had when its hash last
/// matched. A file whose stamp is the same is trusted without being read; any other is hashed
/// again. The change time moves on every write and cannot be set back, so `touch -d` or
/// `cp -p` over a file does not hide it. A stamp within two seconds of its check is not
/// trusted (a write in the same clock tick leaves it as it was, like git's "racy" entries).
///
/// `LoadedModels` runs this whenever a model is asked for, so a model is checked when a
/// process first loads it and again whenever its files were touched since. A folder given by
/// path that carries a manifest gets no record on disk: each process hashes it once and
/// remembers the stamps.
public enum ModelVerifier {
    /// What one check did.
    public struct Outcome: Sendable, Hashable {
        /// Files the manifest lists.
        public var files: Int
        /// Files read and hashed (the others were unchanged since they last matched).
        public var hashed: Int
        /// Bytes read to hash them.
        public var hashedBytes: Int
    }

    /// How close to its check a stamp may be and still be trusted, in nanoseconds.
    static let racyWindow: Int64 = 2_000_000_000

    /// The checks this process made, by directory: what a folder given by path (which gets no
    /// record on disk) is compared with the next time it is asked for.
    private static let checked = Mutex<[String: VerificationRecord]>([:])

    /// Checks every file of `resolved` against its manifest, hashing only those that may have
    /// changed; records the result beside the manifest of a store model when all match.
    ///
    /// - Parameter now: when the check happens, in nanoseconds since 1970 (default: now).
    /// - Throws: `missing-model-file`, or `corrupt-model-file` naming the first file whose hash
    ///   differs from the manifest, with the repair (`tf models pull NAME --force`).
    @discardableResult
    public static func verify(_ resolved: ResolvedModel, now: Int64? = nil) throws -> Outcome {
        let manifest = resolved.manifest
        var outcome = Outcome(files: manifest.files.count, hashed: 0, hashedBytes: 0)
        // A folder without a manifest was hashed a moment ago to make one: nothing to compare.
        guard !resolved.hashedOnResolve else { return outcome }
        let checkedAt = now ?? FileStamp.now()
        let recordPath = (resolved.directory as NSString).appendingPathComponent(VerificationRecord.fileName)
        let remembered = checked.withLock { $0[resolved.directory] }
        let previous = remembered ?? (resolved.name == nil ? nil : VerificationRecord.read(recordPath))
        let trusted = previous?.fingerprint == manifest.fingerprint ? previous : nil
        var stamps: [String: FileStamp] = [:]
        for file in manifest.files {
            let path = (resolved.directory as NSString).appendingPathComponent(file.path)
            guard let stamp = FileStamp.of(path) else {
                throw InferenceFailure.missingFile(path, "listed in the manifest of '\(manifest.name)'", model: resolved.name)
            }
            if let trusted, let old = trusted.files[file.path], old == stamp, old.changed < trusted.checkedAt - racyWindow {
                stamps[file.path] = old
                continue
            }
            // Stamped before reading: a write while it is read leaves a newer stamp, hashed next time.
            let digest = try hash(path)
            outcome.hashed += 1
            outcome.hashedBytes += stamp.bytes
            guard digest == file.sha256 else {
                throw InferenceFailure.corruptFile(
                    path,
                    "its SHA-256 is \(digest.prefix(16))…, but the manifest recorded \(file.sha256.prefix(16))… at install: "
                        + "the file was damaged or replaced since (or the manifest was edited)",
                    model: resolved.name)
            }
            stamps[file.path] = stamp
        }
        let record = VerificationRecord(fingerprint: manifest.fingerprint, checkedAt: checkedAt, files: stamps)
        if outcome.hashed > 0 || trusted == nil {
            checked.withLock { $0[resolved.directory] = record }
            // Best effort: a read-only store is checked in full by each process instead.
            if resolved.name != nil { try? record.write(recordPath) }
        }
        return outcome
    }

    /// Records that `directory`'s files match `manifest` as they are now (just hashed by
    /// `ModelManifest.scanning`).
    static func recordFresh(_ manifest: ModelManifest, directory: String, checkedAt: Int64) throws {
        var stamps: [String: FileStamp] = [:]
        for file in manifest.files {
            guard let stamp = FileStamp.of((directory as NSString).appendingPathComponent(file.path)) else { return }
            stamps[file.path] = stamp
        }
        try VerificationRecord(fingerprint: manifest.fingerprint, checkedAt: checkedAt, files: stamps)
            .write((directory as NSString).appendingPathComponent(VerificationRecord.fileName))
    }

    /// The hex SHA-256 of a file.
    static func hash(_ path: String) throws -> String {
        do {
            return SHA256Digest.hex(try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped))
        } catch {
            throw InferenceFailure.unreadable(path, error.localizedDescription)
        }
    }
}

/// What a file looked like on disk: enough to tell, without reading it, that it has not been
/// written, replaced or resized since.
struct FileStamp: Codable, Sendable, Hashable {
    var bytes: Int
    var device: UInt64
    var inode: UInt64
    /// Modification time, nanoseconds since 1970.
    var modified: Int64
    /// Status-change time (every write and rename moves it), nanoseconds since 1970.
    var changed: Int64

    /// The stamp of `path` (symlinks followed), or nil when it is not there.
    static func of(_ path: String) -> FileStamp? {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        #if canImport(Darwin)
            let (m, c) = (st.st_mtimespec, st.st_ctimespec)
        #else
            let (m, c) = (st.st_mtim, st.st_ctim)
        #endif
        return FileStamp(
            bytes: Int(st.st_size), device: UInt64(st.st_dev), inode: UInt64(st.st_ino),
            modified: Int64(m.tv_sec) * 1_000_000_000 + Int64(m.tv_nsec),
            changed: Int64(c.tv_sec) * 1_000_000_000 + Int64(c.tv_nsec))
    }

    /// The wall-clock time now, nanoseconds since 1970 (the clock file times use).
    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

/// `.verified.json` beside a store model's manifest: which manifest its files last matched,
/// when that check began, and each file's stamp then.
struct VerificationRecord: Codable, Sendable {
    static let fileName = ".verified.json"

    /// The `ModelManifest.fingerprint` the files matched.
    var fingerprint: String
    /// When the check began, nanoseconds since 1970.
    var checkedAt: Int64
    /// Per manifest path.
    var files: [String: FileStamp]

    /// The record at `path`, or nil when there is none or it cannot be read (then every file
    /// is hashed).
    static func read(_ path: String) -> VerificationRecord? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(VerificationRecord.self, from: data)
    }

    func write(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try SafeFileWriter.write(try encoder.encode(self), to: path)
    }
}
