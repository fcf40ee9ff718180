import TaskFlowCore
import TaskFlowPluginAPI

/// `filter EXPR`: which records show, top and count look at.
struct FilterCommand: ReplCommand {
    static let descriptor = CommandDescriptor(
        name: "filter", aliases: ["where"], usage: "filter EXPR... | filter off",
        summary: "Keep only matching records for show, top and count (no arguments: show the filter)",
        details: """
            Conditions are FIELD OP VALUE, all of which must hold; OP is = != < <= > >= ~
            (contains, any case) or !~. Fields: text, id, score and label (of the first tool),
            each task (sentiment, topic, entities…), TASK.score, TASK.label and named scores
            such as sentiment.neg, and the dataset's other columns by name (`columns` lists
            them; col.NAME when an analysis has the same name). Numbers compare as numbers,
            dates and times as ISO text (created>=2026-03-01). Quote values with spaces.
            Keyphrases and entities compare with = in any case, singular or plural; an entity
            matches its text, its label, or LABEL:TEXT.
            Examples:
              filter sentiment=negative
              filter product="Pulse Band" rating<=2
              filter score<-0.5 text~battery
              filter entity=PRODUCT:"Pulse Band" keyphrase~battery
              filter text~"battery life" sentiment!=positive
              filter off
            """,
        category: .results, completion: .fields(extra: ["off"]))

    func run(_ args: ReplArguments, in session: isolated ReplSession) async throws -> ReplOutcome {
        if args.words.isEmpty {
            guard let f = session.state.filter else {
                session.console.print("filter: off")
                return .ok
            }
            var line = "filter: \(f.briefText)"
            if let r = session.results { line += " (\(try session.view(r).count) of \(r.records.count) records)" }
            session.console.print(line)
            return .ok
        }
        if args.words.count == 1, ["off", "none", "clear"].contains(args.words[0].lowercased()) {
            session.state.filter = nil
            session.console.note("filter: off")
            return .ok
        }
        let filter = try RecordFilter.parse(args.words)
        try filter.validate(tools: session.knownTools(), columns: session.knownColumns())
        session.state.filter = filter
        if let r = session.results {
            let n = try session.view(r).count
            session.console.note("filter: \(filter.briefText): \(n) of \(r.records.count) records")
        } else {
            session.console.note("filter: \(filter.briefText) (applies to the results of the next run)")
        }
        return .ok
    }
}
