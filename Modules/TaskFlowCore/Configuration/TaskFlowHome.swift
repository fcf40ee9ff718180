import Foundation
import TaskFlowPluginAPI

/// TaskFlow's home folder (`$TF_HOME`, default `~/.taskflow`) and the paths under it.
public struct TaskFlowHome: Sendable, Hashable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    /// The home from the environment: `$TF_HOME`, else `~/.taskflow`.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> TaskFlowHome {
        if let p = env["TF_HOME"], !p.isEmpty { return TaskFlowHome(path: p) }
        let home = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return TaskFlowHome(path: (home as NSString).appendingPathComponent(".taskflow"))
    }

    /// The default results database: `$TF_DB`, else `$TF_HOME/taskflow.sqlite`.
    public func defaultDatabasePath(_ env: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = env["TF_DB"], !p.isEmpty { return p }
        return (path as NSString).appendingPathComponent("taskflow.sqlite")
    }

    /// Creates the home folder when missing.
    public func ensureExists() throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw TaskFlowFailure(
                "home-unwritable", "cannot create TaskFlow's home folder \(path): \(error.localizedDescription)",
                hint: "set TF_HOME to a writable folder")
        }
    }
}
