/// Which of a dataset's columns a lookup is for.
enum ColumnRole: String, Sendable {
    case text
    case id
}

/// Finding a requested column among a dataset's columns.
enum DatasetColumns {
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
