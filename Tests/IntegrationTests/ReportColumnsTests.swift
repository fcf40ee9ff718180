import Foundation
import Testing

/// `tf analyze --by/--time/--rating` end to end on the Playground's feedback: the report's
/// sections on the records' columns.
@Suite struct ReportColumnsTests {
    let feedback = "Playground/feedback.csv"

    /// The cells of the table row starting with `first` in `md`, without the empty ends.
    func row(_ md: String, _ first: String) -> [String]? {
        md.split(separator: "\n").first { $0.hasPrefix("| \(first) |") }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    @Test func byProductAddsABreakdownAndTheTimeAndRatingColumnsAreDetected() throws {
        let home = try TFProcess.temporaryDirectory()
        let report = home.appendingPathComponent("r.md").path
        let json = home.appendingPathComponent("r.json").path
        let r = try TFProcess.run(["analyze", feedback, "--by", "product", "--by", "channel", "--report", report, "-q"], home: home)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        let md = try String(contentsOfFile: report, encoding: .utf8)
        for part in [
            "## Over time", "Records per week, by `created` (detected", "Mean sentiment per week", "## By product", "## By channel",
            "| product | records | share | negative | neutral | positive | mean sentiment |",
            "## Rating and sentiment", "Ratings in `rating` against the sentiment of `sentiment.vader` (detected",
            "| rating | records | negative | neutral | positive | mean sentiment |",
            "### Where rating and sentiment disagree most",
        ] {
            #expect(md.contains(part), "report lacks \(part)")
        }
        // Every record is in one product row; shares of a row add up to 100%.
        let products = md.components(separatedBy: "## By product")[1].components(separatedBy: "## By channel")[0]
        let rows = products.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| product") }
        let counts = rows.compactMap { Int($0.split(separator: "|")[1].trimmingCharacters(in: .whitespaces)) }
        #expect(counts.count == rows.count && !counts.isEmpty)
        #expect(counts.reduce(0, +) == 351)
        #expect(counts == counts.sorted(by: >) || rows.last?.contains("_other") == true)
        if let band = row(md, "Pulse Band") {
            let shares = band[3...5].compactMap { Double($0.dropLast()) }
            #expect(shares.count == 3 && abs(shares.reduce(0, +) - 100) < 0.2)
            let mean = try #require(Double(band[6]))
            #expect(mean >= -1 && mean <= 1)
        } else {
            Issue.record("no Pulse Band row")
        }
        // The rating rows are the star values 1 to 5, and hold every rated record.
        let ratingPart = md.components(separatedBy: "## Rating and sentiment")[1]
        let stars = (1...5).compactMap { row(ratingPart, String($0)) }
        #expect(stars.count == 5)
        #expect(stars.compactMap { Int($0[1]) }.reduce(0, +) == 351)
        // Weeks are Mondays from January on; the sparkline sits under the table.
        #expect(md.contains("| 2026-01-"))

        // The JSON report carries the same views.
        let rj = try TFProcess.run(["analyze", feedback, "--by", "product", "--time", "created", "--period", "month", "--report", json, "-q"], home: home)
        #expect(rj.status == 0, "stderr: \(rj.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any])
        let trend = try #require(object["trend"] as? [String: Any])
        #expect(trend["period"] as? String == "month" && trend["named"] as? Bool == true)
        let breakdown = try #require((object["breakdowns"] as? [[String: Any]])?.first)
        #expect(breakdown["column"] as? String == "product")
        #expect((object["rating"] as? [String: Any])?["column"] as? String == "rating")
    }

    @Test func anUnknownByColumnIsBadUsageNamingTheColumns() throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(["analyze", feedback, "--by", "prodcut", "--report", home.appendingPathComponent("r.md").path], home: home)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("no column \"prodcut\""))
        #expect(r.stderr.contains("product, channel, rating, created"))
        #expect(r.stderr.contains("did you mean product?"))
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("r.md").path))
    }

    @Test func aRatingColumnOfTextIsBadUsage() throws {
        let home = try TFProcess.temporaryDirectory()
        let r = try TFProcess.run(["analyze", feedback, "--rating", "channel", "-q"], home: home)
        #expect(r.status == 2, "stderr: \(r.stderr)")
        #expect(r.stderr.contains("column \"channel\" holds text values, not numbers"))
    }
}
