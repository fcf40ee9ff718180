import Foundation
import GRDB
import TaskFlowCore
import TaskFlowPluginAPI

extension SQLiteStore {
    /// SQLite's `application_id` of a TaskFlow results database: `TFrs`.
    ///
    /// Set by a migration on every results database, new or older; `file(1)` and other tools
    /// read it from the header.
    public static let applicationID: Int32 = 0x5446_7273

    /// The migration every TaskFlow results database has, even one from before
    /// `application_id` was set.
    static let firstMigration = "v1-datasets-runs-results"

    /// Refuses a database another program made, before TaskFlow adds its tables to it.
    ///
    /// A missing or empty file, a database with no tables, one carrying TaskFlow's
    /// `application_id`, and a TaskFlow database from before that id are accepted. A file that
    /// is not a database at all is left to the open that follows, which says so. Opened read-only:
    /// a refused database is not changed in any way (not even its journal mode).
    ///
    /// - Throws: `TaskFlowFailure` (`foreign-database`) naming the file and what it holds.
    static func refuseForeignDatabase(at path: String) throws {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let size = (attributes?[.size] as? NSNumber)?.intValue, size > 0 else { return }
        var config = Configuration()
        config.readonly = true
        let found: (id: Int32, tables: [String], ours: Bool)
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            found = try queue.read { db in
                let id = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tables = try String.fetchAll(
                    db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
                guard tables.contains("grdb_migrations") else { return (id, tables, false) }
                let ours = try Bool.fetchOne(
                    db, sql: "SELECT count(*) > 0 FROM grdb_migrations WHERE identifier = ?", arguments: [firstMigration])
                return (id, tables, ours ?? false)
            }
        } catch {
            return  // not a database, or unreadable: the open that follows names the problem
        }
        if found.id == applicationID || (found.id == 0 && (found.tables.isEmpty || found.ours)) { return }
        let what = found.id != 0
            ? "it belongs to another program (SQLite application_id \(String(format: "0x%08X", UInt32(bitPattern: found.id))))"
            : "it holds tables TaskFlow did not create (\(found.tables.prefix(6).joined(separator: ", "))\(found.tables.count > 6 ? ", …" : ""))"
        throw TaskFlowFailure(
            "foreign-database", "\(path) is not a TaskFlow results database: \(what); TaskFlow will not add its tables to it",
            fix: Fix(.database, example: "results.sqlite"), hint: "TaskFlow keeps its results in a database of its own", exitCode: 2)
    }
}
