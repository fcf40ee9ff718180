import Foundation
import Testing
import TaskFlowCore

/// Telling whether the process recorded for a run is still alive, not fooled by reused ids.
@Suite struct ProcessIdentityTests {
    /// The id of a process that has ended (and been reaped).
    func endedProcessID() throws -> Int {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exit 0"]
        try p.run()
        p.waitUntilExit()
        return Int(p.processIdentifier)
    }

    @Test func thisProcessIsAlive() {
        let me = ProcessIdentity.current
        #expect(me.pid == Int(getpid()))
        #expect(me.host?.isEmpty == false)
        #expect(me.liveness() == .alive)
    }

    @Test func anEndedProcessIsGone() throws {
        var ended = ProcessIdentity.current
        ended.pid = try endedProcessID()
        ended.startTime = nil
        #expect(ended.liveness() == .gone)
        // A record from before hosts were stored is judged on this machine.
        ended.host = nil
        #expect(ended.liveness() == .gone)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/stat"), "needs /proc"))
    func aReusedProcessIDIsToldApartByItsStartTime() throws {
        var reused = ProcessIdentity.current
        let start = try #require(reused.startTime)
        reused.startTime = start - 1
        #expect(reused.liveness() == .gone)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/sys/kernel/random/boot_id"), "needs a boot id"))
    func aProcessFromAnEarlierBootIsGone() {
        var earlier = ProcessIdentity.current
        earlier.bootID = "00000000-0000-0000-0000-000000000000"
        #expect(earlier.liveness() == .gone)
    }

    @Test func aProcessOnAnotherMachineIsNeverJudgedFromHere() throws {
        var elsewhere = ProcessIdentity.current
        elsewhere.host = "another-machine-\(UUID().uuidString)"
        elsewhere.pid = try endedProcessID()
        #expect(elsewhere.liveness() == .unknown)
    }
}
