import TaskFlowPluginAPI
/// Which of a dataset's columns a lookup is for.
enum ColumnRole: String, Sendable {
    case text
    case id
    /// A column kept with each record (`--columns`).
    case kept
}

/// Finding a requested column among a dataset's columns.
enum DatasetColumns {
    /// The positions of the columns kept with each record: all but the text and id columns,
    /// none, or the chosen ones in the order given.
    ///
    /// - Throws: `TaskFlowFailure` naming a chosen column the header lacks.
    static func kept(
        _ selection: ColumnSelection, header: [String], excluding: [Int?], path: String
    ) throws -> [Int] {
        switch selection {
        case .none: return []
        case .all: return header.indices.filter { i in !excluding.contains(i) }
        case .only(let names):
            var out: [Int] = []
            for name in names {
                guard let i = index(of: name, in: header) else {
                    throw TaskFlowFailure.unknownColumn(path: path, role: .kept, name: name, columns: header)
                }
                if !out.contains(i), !excluding.contains(i) { out.append(i) }
            }
            return out
        }
    }

    /// The index of `name` in `columns`: an exact match first, then case-insensitive, then also
    /// ignoring surrounding whitespace; the first such column wins.
    static func index(of name: String, in columns: [String]) -> Int? {
        if let exact = columns.firstIndex(of: name) {
            return exact
        }
        let lowered = name.lowercased()
        if let folded = columns.firstIndex(where: { $0.lowercased() == lowered }) {
            return folded
        }
        let trimmed = trimmedLowercase(name)
        return columns.firstIndex(where: { trimmedLowercase($0) == trimmed })
    }

    private static func trimmedLowercase(_ s: String) -> String {
        var scalars = Substring(s)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return scalars.lowercased()
    }
}
