import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

/// A model ready to load: its directory, its store name (if any) and its fingerprints.
public struct ResolvedModel: Sendable, Hashable {
    public var directory: String
    /// The store name; nil for a directory given directly.
    public var name: String?
    public var manifest: ModelManifest
    /// Whether the manifest was made by hashing the files as they are now (a folder without
    /// one), so `ModelVerifier` has nothing to compare.
    public internal(set) var hashedOnResolve = false

    /// File path → SHA-256, for cache keys (`all-MiniLM-L6-v2/model.safetensors` → hex), and
    /// the install's revision once the model was re-installed (`all-MiniLM-L6-v2#revision`):
    /// what a replaced copy computed is never served for the new one.
    public var fingerprints: [String: String] {
        let prefix = name ?? (directory as NSString).lastPathComponent
        var all = Dictionary(uniqueKeysWithValues: manifest.files.map { ("\(prefix)/\($0.path)", $0.sha256) })
        if manifest.revision > 0 { all["\(prefix)#revision"] = String(manifest.revision) }
        return all
    }
}

/// A folder of the store whose manifest cannot be read: what is wrong, and how to repair it.
public struct BrokenModel: Sendable, Hashable {
    public var name: String
    public var path: String
    /// Names the manifest and what is wrong with it.
    public var problem: String
    /// What to run to repair it.
    public var repair: String
}

/// The models under `$TF_HOME/models/NAME/`, each in the Hugging Face layout plus a manifest.
///
/// Installing (`add`, `pull`) copies into a staging folder, checks that the model loads,
/// hashes every file into `manifest.json`, then renames the folder into place, so a
/// half-copied model is never visible under its name.
///
/// Each install of a name gets the next revision (`models/.revisions.json` remembers the last
/// one, also across `remove`); a re-installed model's revision enters its cache keys, so a
/// repair (`pull --force`) retires everything the old copy computed, while first installs of
/// the same files everywhere share keys (and a shared cache tier).
public struct ModelStore: Sendable {
    public let home: TaskFlowHome

    public init(home: TaskFlowHome) {
        self.home = home
    }

    /// `$TF_HOME/models`.
    public var root: String { (home.path as NSString).appendingPathComponent("models") }

    /// Where model `name` lives (whether or not it is installed).
    public func directory(for name: String) -> String {
        (root as NSString).appendingPathComponent(name)
    }

    /// Whether `name` is installed (has a manifest).
    public func isInstalled(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: (directory(for: name) as NSString).appendingPathComponent(ModelManifest.fileName))
    }

    /// Every installed model's manifest, by name (those whose manifest does not read are left
    /// out: see `listing`).
    public func installed() throws -> [ModelManifest] {
        listing().models
    }

    /// Every installed model, by name, and apart those whose manifest cannot be read — one bad
    /// manifest never hides the others.
    public func listing() -> (models: [ModelManifest], broken: [BrokenModel]) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return ([], []) }
        var models: [ModelManifest] = []
        var broken: [BrokenModel] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            do {
                if let manifest = try ModelManifest.read(directory: directory(for: name)) { models.append(manifest) }
            } catch {
                let failure = error as? TaskFlowFailure
                broken.append(
                    BrokenModel(
                        name: name, path: directory(for: name), problem: failure?.description ?? "\(error)",
                        repair: (failure?.hint ?? InferenceFailure.repairHint(model: name)) + ", or remove it: tf models remove \(name)"))
            }
        }
        return (models, broken)
    }

    /// A store name or a model directory, checked and ready to load.
    ///
    /// A path (contains `/` or names an existing folder that is not a store name) is used as
    /// is and hashed now; a name must be installed, and its files must still have the sizes
    /// the manifest recorded. Their hashes are checked when the model is loaded
    /// (`LoadedModels`, `ModelVerifier`).
    public func resolve(_ nameOrPath: String) throws -> ResolvedModel {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let looksLikePath = nameOrPath.contains("/") || nameOrPath.hasPrefix(".")
        if looksLikePath || (!isInstalled(nameOrPath) && fm.fileExists(atPath: nameOrPath, isDirectory: &isDirectory) && isDirectory.boolValue) {
            guard fm.fileExists(atPath: nameOrPath, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw TaskFlowFailure(
                    "model-not-found", "\(nameOrPath) is not a model directory",
                    hint: "pass a folder with config.json and model.safetensors, or a name from `tf models list`")
            }
            let path = URL(fileURLWithPath: nameOrPath).standardizedFileURL.path
            if let manifest = try ModelManifest.read(directory: path) {
                return ResolvedModel(directory: path, name: nil, manifest: manifest)
            }
            var resolved = ResolvedModel(
                directory: path, name: nil,
                manifest: try ModelManifest.scanning(directory: path, name: (path as NSString).lastPathComponent, source: "local:\(path)"))
            resolved.hashedOnResolve = true
            return resolved
        }
        try Self.validate(name: nameOrPath)
        let dir = directory(for: nameOrPath)
        guard let manifest = try ModelManifest.read(directory: dir) else {
            var hint = "install it: tf models pull \(nameOrPath)"
            if ModelCatalog.entry(nameOrPath) == nil {
                let known = ModelCatalog.entries.map(\.name).joined(separator: ", ")
                hint = "add your own with `tf models add \(nameOrPath) DIR`, or pull one of: \(known)"
            }
            throw TaskFlowFailure("model-not-installed", "model '\(nameOrPath)' is not installed in \(root)", hint: hint)
        }
        try verifySizes(manifest, directory: dir)
        return ResolvedModel(directory: dir, name: nameOrPath, manifest: manifest)
    }

    /// Checks every manifest file is present with its recorded size (cheap; hashes are not
    /// recomputed).
    func verifySizes(_ manifest: ModelManifest, directory dir: String) throws {
        for file in manifest.files {
            let path = (dir as NSString).appendingPathComponent(file.path)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let size = (attributes[.size] as? NSNumber)?.intValue
            else {
                throw InferenceFailure.missingFile(path, "listed in the manifest of '\(manifest.name)'", model: manifest.name)
            }
            if size != file.bytes {
                throw InferenceFailure.corruptFile(
                    path, "the file is \(size) bytes, but \(file.bytes) were installed (expected \(file.bytes), actual \(size)); it was damaged or replaced",
                    model: manifest.name)
            }
        }
    }

    /// Installs a copy of `source` (a model directory) as `name`.
    ///
    /// - Parameters:
    ///   - force: replace an installed model of that name.
    ///   - origin: what the manifest records as the source (default `local:<source>`).
    /// - Throws: when the name is taken (without `force`), invalid, or the folder does not load.
    @discardableResult
    public func add(name: String, from source: String, force: Bool = false, origin: String? = nil) throws -> ModelManifest {
        try Self.validate(name: name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TaskFlowFailure("model-not-found", "\(source) is not a directory", hint: "pass the folder that holds config.json and model.safetensors")
        }
        try refuseTaken(name, force: force)
        sweepLeftovers(temporary: nil)
        let staging = try makeStaging(name)
        do {
            try copyContents(of: source, to: staging)
            return try install(staging: staging, name: name, source: origin ?? "local:\(URL(fileURLWithPath: source).standardizedFileURL.path)")
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// Removes an installed model.
    public func remove(_ name: String) throws {
        try Self.validate(name: name)
        guard isInstalled(name) else {
            throw TaskFlowFailure("model-not-installed", "model '\(name)' is not installed", hint: "see `tf models list`")
        }
        try FileManager.default.removeItem(atPath: directory(for: name))
    }

    /// A fresh hidden folder inside the store (same file system, so the final rename is atomic).
    func makeStaging(_ name: String) throws -> String {
        let path = (root as NSString).appendingPathComponent(ScratchName.make(".staging-\(name)"))
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TaskFlowFailure(
                "store-unwritable", "cannot create \(path): \(error.localizedDescription)", hint: "set TF_HOME to a writable folder")
        }
        return path
    }

    /// Checks the staged model loads, writes its manifest and moves it into place.
    ///
    /// - Parameter check: what proves the staged folder loads (default: it loads as an encoder).
    func install(staging: String, name: String, source: String, check: ((String) throws -> Void)? = nil) throws -> ModelManifest {
        if let check { try check(staging) } else { _ = try EncoderModel(directory: staging, name: name) }
        let scannedAt = FileStamp.now()
        var manifest = try ModelManifest.scanning(directory: staging, name: name, source: source)
        manifest.revision = nextRevision(of: name)
        try manifest.write(directory: staging)
        try remember(revision: manifest.revision, of: name)
        // The files were just hashed: the first load need not read them again (once the racy
        // window has passed).
        try? ModelVerifier.recordFresh(manifest, directory: staging, checkedAt: scannedAt)
        let fm = FileManager.default
        let target = directory(for: name)
        var old: String?
        if fm.fileExists(atPath: target) {
            let aside = (root as NSString).appendingPathComponent(ScratchName.make(".old-\(name)"))
            try fm.moveItem(atPath: target, toPath: aside)
            old = aside
        }
        do {
            try fm.moveItem(atPath: staging, toPath: target)
        } catch {
            if let old { try? fm.moveItem(atPath: old, toPath: target) }
            throw TaskFlowFailure("store-unwritable", "cannot move the model into \(target): \(error.localizedDescription)", hint: "check the folder's permissions")
        }
        if let old { try? fm.removeItem(atPath: old) }
        return manifest
    }

    /// `$TF_HOME/models/.revisions.json`: the last revision installed per name.
    var revisionsPath: String { (root as NSString).appendingPathComponent(".revisions.json") }

    /// The revision the next install of `name` gets: 0 for a name never installed here, else
    /// one more than the last (remembered, or the installed copy's).
    func nextRevision(of name: String) -> Int {
        var last: [Int] = []
        if let remembered = revisions()[name] { last.append(remembered) }
        if FileManager.default.fileExists(atPath: directory(for: name)) {
            // A copy whose manifest does not read was still an install.
            last.append(((try? ModelManifest.read(directory: directory(for: name))) ?? nil)?.revision ?? 0)
        }
        return last.max().map { $0 + 1 } ?? 0
    }

    /// The last revision installed per name (empty when none is recorded or the file is bad).
    func revisions() -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: revisionsPath) else { return [:] }
        return (try? JSONDecoder().decode([String: Int].self, from: data)) ?? [:]
    }

    /// Records that `revision` of `name` is being installed.
    func remember(revision: Int, of name: String) throws {
        var all = revisions()
        all[name] = max(revision, all[name] ?? 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try SafeFileWriter.write(try encoder.encode(all), to: revisionsPath)
    }

    /// Copies the regular files under `source` (hidden ones and any manifest excepted).
    func copyContents(of source: String, to destination: String) throws {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: source).standardizedFileURL
        guard let walker = fm.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else {
            throw InferenceFailure.unreadable(source, "cannot list the folder")
        }
        for case let url as URL in walker {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) || relative == ModelManifest.fileName { continue }
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true else { continue }
            let target = URL(fileURLWithPath: destination).appendingPathComponent(relative)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            do {
                try fm.copyItem(at: url, to: target)
            } catch {
                throw TaskFlowFailure("copy-failed", "cannot copy \(url.path): \(error.localizedDescription)", hint: "check free space and permissions")
            }
        }
    }

    /// Store names: letters, digits, `.`, `_`, `-`; not starting with a dot.
    public static func validate(name: String) throws {
        let ok = !name.isEmpty && !name.hasPrefix(".") && name.count <= 100
            && name.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "._-".unicodeScalars.contains($0) }
        guard ok else {
            throw TaskFlowFailure(
                "bad-model-name", "'\(name)' is not a valid model name", hint: "use letters, digits, '.', '_' and '-' (e.g. all-MiniLM-L6-v2)", exitCode: 2)
        }
    }
}
