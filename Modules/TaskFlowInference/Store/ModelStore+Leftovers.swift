import Foundation
import TaskFlowCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The names of the scratch folders pulls and installs make — `tf-pull-…` in the temporary
/// folder, `.staging-NAME-…` and `.old-NAME-…` in the store — ending in their owner (a tag of
/// the host, the process id) and a random part, so a later pull can tell a folder abandoned by
/// a killed process from one another process is still filling.
enum ScratchName {
    /// How old a folder whose owner cannot be checked (made on another host sharing the
    /// folder, or by an older TaskFlow) must be before it counts as abandoned.
    static let unownedAge: TimeInterval = 3600

    /// `PREFIX-HOST-PID-RANDOM` for this process.
    static func make(_ prefix: String) -> String {
        "\(prefix)-\(hostTag)-\(getpid())-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Eight hex digits of the host name's hash.
    static let hostTag: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        let host = gethostname(&buffer, buffer.count) == 0 ? String(cString: buffer) : "localhost"
        return String(SHA256Digest.hex(host).prefix(8))
    }()

    /// What follows `prefix-` in `name` before the owner (`NAME` of `.staging-NAME-…`), and
    /// whether the folder is abandoned: its process on this host is gone, or it has no owner
    /// this host can check and was last modified more than `unownedAge` ago.
    static func parse(_ name: String, prefix: String, modified: Date?, now: Date = Date())
        -> (middle: String, abandoned: Bool)?
    {
        guard name.hasPrefix(prefix + "-") else { return nil }
        let rest = name.dropFirst(prefix.count + 1)
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        let old = modified.map { now.timeIntervalSince($0) > unownedAge } ?? false
        if parts.count >= 3, let pid = Int32(parts[parts.count - 2]), parts[parts.count - 3].count == 8 {
            let middle = parts.dropLast(3).joined(separator: "-")
            if parts[parts.count - 3] == hostTag { return (middle, !isRunning(pid)) }
            return (middle, old)
        }
        // Made by a TaskFlow before owners were recorded: `PREFIX-NAME-RANDOM`.
        return (parts.dropLast().joined(separator: "-"), old)
    }

    /// Whether process `pid` exists on this host.
    static func isRunning(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}

extension ModelStore {
    /// Where pulls unpack downloads: `$TMPDIR` of `environment`, else the system's.
    static func temporaryRoot(_ environment: [String: String]) -> URL {
        if let dir = environment["TMPDIR"], !dir.isEmpty { return URL(fileURLWithPath: dir, isDirectory: true) }
        return FileManager.default.temporaryDirectory
    }

    /// Removes what killed pulls and installs left behind: `tf-pull-…` folders in
    /// `temporary` (when given) and `.staging-…` folders in the store; a model moved aside
    /// (`.old-NAME-…`) while its replacement was being installed goes back under its name
    /// when nothing replaced it, and is removed otherwise. Folders of live processes stay.
    ///
    /// - Returns: the folders handled and the bytes freed.
    @discardableResult
    func sweepLeftovers(temporary: URL?, now: Date = Date()) -> (folders: Int, bytes: Int) {
        let fm = FileManager.default
        var folders = 0
        var bytes = 0
        func modified(_ path: String) -> Date? {
            (try? fm.attributesOfItem(atPath: path))?[.modificationDate] as? Date
        }
        func remove(_ path: String) {
            let size = Self.folderSize(path)
            if (try? fm.removeItem(atPath: path)) != nil {
                folders += 1
                bytes += size
            }
        }
        let temp = temporary?.path ?? ""
        for entry in temporary == nil ? [] : (try? fm.contentsOfDirectory(atPath: temp)) ?? [] {
            let path = (temp as NSString).appendingPathComponent(entry)
            if let parsed = ScratchName.parse(entry, prefix: "tf-pull", modified: modified(path), now: now), parsed.abandoned {
                remove(path)
            }
        }
        for entry in (try? fm.contentsOfDirectory(atPath: root)) ?? [] {
            let path = (root as NSString).appendingPathComponent(entry)
            if let parsed = ScratchName.parse(entry, prefix: ".staging", modified: modified(path), now: now), parsed.abandoned {
                remove(path)
            } else if let parsed = ScratchName.parse(entry, prefix: ".old", modified: modified(path), now: now), parsed.abandoned {
                let target = directory(for: parsed.middle)
                if (try? Self.validate(name: parsed.middle)) != nil, !fm.fileExists(atPath: target),
                    (try? fm.moveItem(atPath: path, toPath: target)) != nil
                {
                    folders += 1
                } else {
                    remove(path)
                }
            }
        }
        return (folders, bytes)
    }

    /// The bytes of the regular files under `path`.
    static func folderSize(_ path: String) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        while walker.nextObject() != nil {
            if let attributes = walker.fileAttributes, attributes[.type] as? FileAttributeType == .typeRegular {
                total += (attributes[.size] as? NSNumber)?.intValue ?? 0
            }
        }
        return total
    }
}
