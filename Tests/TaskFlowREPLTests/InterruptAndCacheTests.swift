import Foundation
import Testing

@testable import TaskFlowREPL

/// Ctrl-C during a query, and clearing the cache by analyzer, in process.
@Suite struct InterruptAndCacheTests {
    @Test(.timeLimit(.minutes(1)))
    func ctrlCInterruptsARunningQueryAndTheSessionGoesOn() async throws {
        let h = try ReplHarness()
        let endless = "sql WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT count(*) FROM n"
        let running = Task { await Repl.interruptible(h.session) { await h.session.execute(endless) } }
        // Ctrl-C as soon as the command is the one running (what the signal handler calls).
        while !h.session.interrupts.interrupt() { await Task.yield() }
        #expect(await running.value == .cancelled)
        let err = h.err.take()
        #expect(err.contains("query interrupted"), "\(err)")
        #expect(!err.contains("error:"))
        let next = await h.run("sql select 40 + 2 as answer")
        #expect(next.status == .ok, "\(next.err)")
        #expect(next.out.contains("42"))
        #expect(await h.session.failures == 0)
    }

    @Test func clearingAnAnalyzerWithoutEntriesNamesThoseWithEntries() async throws {
        let h = try ReplHarness(variables: ["TF_CACHE_CHEAP": "1"])
        try await h.setUp(["load \(ReplHarness.feedback)", "use sentiment", "run"])
        let typo = await h.run("cache clear --analyzer sentiment.vadr")
        #expect(typo.status == .failed)
        #expect(typo.err.contains("error: no analyzer named 'sentiment.vadr' has entries in the cache"), "\(typo.err)")
        #expect(typo.err.contains("hint: did you mean 'sentiment.vader'? analyzers with cached entries: sentiment.vader"), "\(typo.err)")
        let cleared = await h.run("cache clear --analyzer sentiment.vader")
        #expect(cleared.status == .ok && cleared.out.contains("removed "), "\(cleared.err)")
        #expect(!cleared.out.contains("removed 0 "), "\(cleared.out)")
    }
}
