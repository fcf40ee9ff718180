import Foundation
import Testing

@testable import TaskFlowREPL

/// Ctrl-C during a query, in process.
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
}
