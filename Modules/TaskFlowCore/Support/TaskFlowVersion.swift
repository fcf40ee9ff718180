/// TaskFlow's version, as `tf --version` prints it and trained heads record it.
public enum TaskFlowVersion {
    public static let current = "0.1.0"
}
