/// A text sparkline: one block character per value, scaled between the lowest and highest.
public enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// One character per value; nil values (a period without data) are a space. With `range`
    /// given, values are placed within it (e.g. −1…1 for sentiment) instead of their own span.
    public static func render(_ values: [Double?], range: ClosedRange<Double>? = nil) -> String {
        let present = values.compactMap { $0 }.filter(\.isFinite)
        guard let low = range?.lowerBound ?? present.min(), let high = range?.upperBound ?? present.max() else {
            return String(repeating: " ", count: values.count)
        }
        return String(values.map { v -> Character in
            guard let v, v.isFinite else { return " " }
            guard high > low else { return blocks[3] }
            let k = Int(((min(max(v, low), high) - low) / (high - low) * 7).rounded())
            return blocks[k]
        })
    }
}
