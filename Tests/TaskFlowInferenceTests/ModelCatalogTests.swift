import Foundation
import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowInference

@Suite("Model catalogue")
struct ModelCatalogTests {
    @Test("bert-base-NER is listed, from dslim/bert-base-NER on the hub, with its tokenizer files")
    func bertBaseNER() throws {
        let entry = try #require(ModelCatalog.entry("bert-base-ner"))
        #expect(entry.name == "bert-base-NER")
        #expect(entry.hubRepository == "dslim/bert-base-NER")
        for file in ["config.json", "model.safetensors", "vocab.txt", "tokenizer_config.json"] {
            #expect(entry.hubFiles.contains(file), "\(file)")
        }
        #expect(entry.pipPackage == nil)
    }

    @Test("without a reachable hub, pulling bert-base-NER fails saying why and the manual route")
    func pullWithoutHub() async throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = ModelStore(home: TaskFlowHome(path: dir.path))
        // A port on this machine that nothing listens on: the hub is unreachable at once.
        for env in [["HF_HUB_OFFLINE": "1"], ["HF_ENDPOINT": "http://127.0.0.1:9"]] {
            await #expect {
                _ = try await store.pull("bert-base-NER", environment: env.merging(["PATH": "/nonexistent"]) { a, _ in a })
            } throws: { error in
                let e = error as? TaskFlowFailure
                return e?.code == "pull-failed" && e?.description.contains("could not fetch bert-base-NER: hub: ") == true
                    && e?.description.contains("pip:") == false
                    && e?.hint?.contains("tf models add bert-base-NER DIR") == true
            }
        }
        #expect(!store.isInstalled("bert-base-NER"))
    }
}
