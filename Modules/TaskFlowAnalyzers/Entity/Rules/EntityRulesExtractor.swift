import TaskFlowPluginAPI

/// The entities of one text by rules, as `entity.rules` returns them: sorted by start, none
/// overlapping, offsets in Unicode scalars.
///
/// Candidates come from the user's gazetteer, the scalar patterns (`EntityPatterns`), the word
/// patterns (`EntityTokenPatterns`) and the name rules (`EntityNameGuesser`);
/// `EntityCandidateResolver` keeps the winners by `EntityRuleKind`'s priority.
struct EntityRulesExtractor: Sendable {
    var tables = EntityRulesTables.shared
    /// The user's gazetteer, if any.
    var user: EntityPhraseTable?

    func entities(_ string: String) -> [Span] {
        let text = EntityText(string)
        if text.tokens.isEmpty { return [] }
        var candidates: [EntityCandidate] = []
        if let user, !user.isEmpty { matchUser(user, text, into: &candidates) }
        EntityPatterns.scan(text, into: &candidates)
        EntityTokenPatterns.scan(text, tables: tables, into: &candidates)
        EntityNameGuesser.scan(text, tables: tables, into: &candidates)
        return EntityCandidateResolver.resolve(candidates, length: text.scalars.count).map { c in
            Span(text: text.text(c.start, c.end), label: c.label.rawValue, start: c.start, end: c.end, score: c.kind.score(c.label))
        }
    }

    private func matchUser(_ user: EntityPhraseTable, _ text: EntityText, into out: inout [EntityCandidate]) {
        let tokens = text.tokens
        var t = 0
        while t < tokens.count {
            if let (end, entry) = user.longest(in: text, at: t, limit: tokens.count) {
                out.append(EntityCandidate(start: tokens[t].start, end: tokens[end - 1].end, label: entry.label, kind: .userGazetteer))
                t = end
            } else {
                t += 1
            }
        }
    }
}
