import TaskFlowCore
import TaskFlowPluginAPI

/// Errors of head training and head files, as `TaskFlowFailure`s with a next step.
enum TrainingFailure {
    static func shape(_ detail: String) -> TaskFlowFailure {
        TaskFlowFailure("bad-head-shape", detail, hint: "the head file is damaged or was written by another tool; train it again with tf train")
    }
}
