import Testing
import TaskFlowWorkspace

@Suite struct WorkspacePlaceholderTests {
    @Test func builds() {}
}
