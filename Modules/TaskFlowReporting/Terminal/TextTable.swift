/// An aligned plain-text table that fits a width.
public struct TextTable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns aligned right (numbers).
    public var rightAligned: Set<Int>
    /// The column that shrinks to fit (usually the text).
    public var flexibleColumn: Int?

    public init(headers: [String], rows: [[String]] = [], rightAligned: Set<Int> = [], flexibleColumn: Int? = nil) {
        self.headers = headers
        self.rows = rows
        self.rightAligned = rightAligned
        self.flexibleColumn = flexibleColumn
    }

    /// The table as lines no wider than `width` columns.
    ///
    /// Cells are text for people: control characters in them are neutralised (`TerminalSafe`).
    public func render(width: Int) -> String {
        let headers = self.headers.map { TerminalSafe.neutralise($0) }
        let rows = self.rows.map { $0.map { TerminalSafe.neutralise($0) } }
        var widths = headers.map(DisplayWidth.of)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count {
                widths[i] = max(widths[i], min(DisplayWidth.of(cell), 400))
            }
        }
        let gaps = 2 * (headers.count - 1)
        if let flex = flexibleColumn, flex < widths.count {
            let fixed = widths.enumerated().filter { $0.offset != flex }.reduce(0) { $0 + $1.element }
            widths[flex] = max(8, min(widths[flex], width - fixed - gaps))
        }
        func line(_ cells: [String]) -> String {
            var parts: [String] = []
            for (i, w) in widths.enumerated() {
                let cell = DisplayWidth.fit(i < cells.count ? cells[i] : "", w)
                parts.append(i == widths.count - 1 && !rightAligned.contains(i) ? cell : DisplayWidth.pad(cell, w, right: rightAligned.contains(i)))
            }
            return parts.joined(separator: "  ")
        }
        var out = line(headers) + "\n"
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }
}
