import Foundation

/// The report's charts, drawn as inline SVG: horizontal bars, a histogram, a line and a heat
/// map. Each is an `<svg role="img">` whose `<title>` names it (its accessible name), and the
/// renderer prints its numbers as a table next to it.
///
/// Colours are CSS classes (`c0`…`c7`, `pos`, `neg`, `neu`, `heat`), so the page's light and dark
/// styles both apply; every attribute value is a number or one of these names. Labels are text
/// content, escaped by `HTML.text` and cut to `labelLength` characters.
struct SVGChart {
    static let width = 640.0
    static let labelLength = 34

    /// Makes the ids of titles unique on one page.
    private(set) var next = 0

    private mutating func open(title: String, height: Double) -> String {
        next += 1
        let id = "chart\(next)"
        return "<svg class=\"chart\" role=\"img\" aria-labelledby=\"\(id)\" viewBox=\"0 0 \(HTML.num(Self.width)) \(HTML.num(height))\" "
            + "width=\"\(HTML.num(Self.width))\" height=\"\(HTML.num(height))\" xmlns=\"http://www.w3.org/2000/svg\">"
            + "<title id=\"\(id)\">\(HTML.text(title, limit: 200))</title>"
    }

    /// The CSS class of a bar for a label: the sentiment labels have their colours, others
    /// take the palette in order.
    static func colour(_ label: String, index: Int) -> String {
        switch label.lowercased() {
        case "positive": return "pos"
        case "negative": return "neg"
        case "neutral", "mixed": return "neu"
        default: return "c\(index % 8)"
        }
    }

    /// One bar per item, longest first as given, with its label on the left and its value on
    /// the right (`valueText`).
    mutating func bars(title: String, items: [(label: String, value: Double, valueText: String)]) -> String {
        let row = 22.0
        let left = 240.0
        // Room for the longest value text (about 7 px a character at 12 px).
        let right = min(200, Double(items.map(\.valueText.count).max() ?? 0) * 7 + 12)
        let height = max(row, Double(items.count) * row + 8)
        let maxValue = max(items.map(\.value).filter(\.isFinite).max() ?? 0, 1e-9)
        var svg = open(title: title, height: height)
        for (i, item) in items.enumerated() {
            let y = 4 + Double(i) * row
            let w = max(0, (Self.width - left - right) * (item.value.isFinite ? item.value : 0) / maxValue)
            svg += "<text class=\"lbl\" x=\"\(HTML.num(left - 6))\" y=\"\(HTML.num(y + 15))\" text-anchor=\"end\">"
                + HTML.text(item.label, limit: Self.labelLength) + "</text>"
            svg += "<rect class=\"\(Self.colour(item.label, index: i))\" x=\"\(HTML.num(left))\" y=\"\(HTML.num(y + 2))\" "
                + "width=\"\(HTML.num(max(w, 1)))\" height=\"\(HTML.num(row - 6))\"></rect>"
            svg += "<text class=\"val\" x=\"\(HTML.num(left + w + 6))\" y=\"\(HTML.num(y + 15))\">" + HTML.text(item.valueText) + "</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical bars of counts in equal bins from `low` to `high`, with the edges marked.
    /// `edges` names the first, middle and last bins instead of the numbers (periods).
    mutating func histogram(title: String, counts: [Int], low: Double, high: Double, edges: [String]? = nil) -> String {
        let height = 180.0
        let bottom = 150.0
        let left = 40.0
        let plot = Self.width - left - 20
        let maxCount = Double(max(counts.max() ?? 0, 1))
        let bw = plot / Double(max(counts.count, 1))
        var svg = open(title: title, height: height)
        svg += "<line class=\"axis\" x1=\"\(HTML.num(left))\" y1=\"\(HTML.num(bottom))\" x2=\"\(HTML.num(left + plot))\" y2=\"\(HTML.num(bottom))\"></line>"
        for (i, n) in counts.enumerated() {
            let h = (bottom - 10) * Double(n) / maxCount
            // Sentiment: bins below −0.05 red, above +0.05 green, the ones around 0 grey.
            let from = low + (high - low) * Double(i) / Double(max(counts.count, 1))
            let to = low + (high - low) * Double(i + 1) / Double(max(counts.count, 1))
            let cls = low < 0 ? (to <= -0.05 ? "neg" : from >= 0.05 ? "pos" : "neu") : "c0"
            svg += "<rect class=\"\(cls)\" x=\"\(HTML.num(left + Double(i) * bw + 1))\" y=\"\(HTML.num(bottom - h))\" "
                + "width=\"\(HTML.num(max(bw - 2, 1)))\" height=\"\(HTML.num(h))\"></rect>"
        }
        svg += "<text class=\"val\" x=\"\(HTML.num(left - 4))\" y=\"16\" text-anchor=\"end\">\(Int(maxCount))</text>"
        if let edges, let first = edges.first, let last = edges.last {
            svg += "<text class=\"val\" x=\"\(HTML.num(left))\" y=\"\(HTML.num(bottom + 18))\">" + HTML.text(first, limit: 24) + "</text>"
            if edges.count > 1 {
                svg += "<text class=\"val\" x=\"\(HTML.num(left + plot))\" y=\"\(HTML.num(bottom + 18))\" text-anchor=\"end\">" + HTML.text(last, limit: 24) + "</text>"
            }
        } else {
            for (x, v) in [(left, low), (left + plot / 2, (low + high) / 2), (left + plot, high)] {
                svg += "<text class=\"val\" x=\"\(HTML.num(x))\" y=\"\(HTML.num(bottom + 18))\" text-anchor=\"middle\">\(HTML.num(v))</text>"
            }
        }
        return svg + "</svg>"
    }

    /// A line through the values (nil: no point there) on a fixed range, with the first and
    /// last keys under it.
    mutating func line(title: String, keys: [String], values: [Double?], range: ClosedRange<Double>) -> String {
        let height = 200.0
        let top = 10.0
        let bottom = 160.0
        let left = 44.0
        let plot = Self.width - left - 20
        let span = max(range.upperBound - range.lowerBound, 1e-9)
        func x(_ i: Int) -> Double { left + (values.count > 1 ? plot * Double(i) / Double(values.count - 1) : plot / 2) }
        func y(_ v: Double) -> Double { bottom - (bottom - top) * (min(max(v, range.lowerBound), range.upperBound) - range.lowerBound) / span }
        var svg = open(title: title, height: height)
        svg += "<line class=\"axis\" x1=\"\(HTML.num(left))\" y1=\"\(HTML.num(bottom))\" x2=\"\(HTML.num(left + plot))\" y2=\"\(HTML.num(bottom))\"></line>"
        if range.contains(0), range.lowerBound < 0 {
            svg += "<line class=\"grid\" x1=\"\(HTML.num(left))\" y1=\"\(HTML.num(y(0)))\" x2=\"\(HTML.num(left + plot))\" y2=\"\(HTML.num(y(0)))\"></line>"
        }
        var path = ""
        var pen = false
        for (i, v) in values.enumerated() {
            guard let v, v.isFinite else {
                pen = false
                continue
            }
            path += (pen ? "L" : "M") + "\(HTML.num(x(i))) \(HTML.num(y(v))) "
            pen = true
            svg += "<circle class=\"dot\" cx=\"\(HTML.num(x(i)))\" cy=\"\(HTML.num(y(v)))\" r=\"2.5\"></circle>"
        }
        if !path.isEmpty { svg += "<path class=\"line\" d=\"\(path.trimmingCharacters(in: .whitespaces))\"></path>" }
        for (v, anchor) in [(range.upperBound, top + 4), (range.lowerBound, bottom)] {
            svg += "<text class=\"val\" x=\"\(HTML.num(left - 6))\" y=\"\(HTML.num(anchor))\" text-anchor=\"end\">\(HTML.num(v))</text>"
        }
        if let first = keys.first {
            svg += "<text class=\"val\" x=\"\(HTML.num(left))\" y=\"\(HTML.num(bottom + 20))\">" + HTML.text(first, limit: 24) + "</text>"
        }
        if keys.count > 1, let last = keys.last {
            svg += "<text class=\"val\" x=\"\(HTML.num(left + plot))\" y=\"\(HTML.num(bottom + 20))\" text-anchor=\"end\">" + HTML.text(last, limit: 24) + "</text>"
        }
        return svg + "</svg>"
    }

    /// A grid of cells shaded by value (0…1), each with its value as text.
    mutating func heatMap(title: String, rows: [String], columns: [String], values: [[Double]]) -> String {
        let left = 240.0
        let top = 26.0
        let rowHeight = 24.0
        let cellWidth = min(110, (Self.width - left - 10) / Double(max(columns.count, 1)))
        let height = top + Double(rows.count) * rowHeight + 6
        var svg = open(title: title, height: height)
        for (j, c) in columns.enumerated() {
            svg += "<text class=\"lbl\" x=\"\(HTML.num(left + (Double(j) + 0.5) * cellWidth))\" y=\"18\" text-anchor=\"middle\">"
                + HTML.text(c, limit: 14) + "</text>"
        }
        for (i, r) in rows.enumerated() {
            let y = top + Double(i) * rowHeight
            svg += "<text class=\"lbl\" x=\"\(HTML.num(left - 6))\" y=\"\(HTML.num(y + 16))\" text-anchor=\"end\">" + HTML.text(r, limit: Self.labelLength) + "</text>"
            for j in columns.indices {
                let v = i < values.count && j < values[i].count && values[i][j].isFinite ? min(max(values[i][j], 0), 1) : 0
                svg += "<rect class=\"heat\" x=\"\(HTML.num(left + Double(j) * cellWidth + 1))\" y=\"\(HTML.num(y + 1))\" "
                    + "width=\"\(HTML.num(cellWidth - 2))\" height=\"\(HTML.num(rowHeight - 2))\" fill-opacity=\"\(HTML.num(0.08 + 0.9 * v))\"></rect>"
                svg += "<text class=\"cell\" x=\"\(HTML.num(left + (Double(j) + 0.5) * cellWidth))\" y=\"\(HTML.num(y + 16))\" text-anchor=\"middle\">"
                    + HTML.percent(v) + "</text>"
            }
        }
        return svg + "</svg>"
    }
}
