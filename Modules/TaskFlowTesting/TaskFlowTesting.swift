/// Test doubles for TaskFlow's tests: in-memory stores, analyzers that stall or count, a
/// scripted language model. Tests only; never linked into `tf`.
public enum TaskFlowTesting {}
