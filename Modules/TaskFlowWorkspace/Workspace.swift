/// The application layer every front end shares (placeholder while it lands).
public enum TaskFlowWorkspace {}
