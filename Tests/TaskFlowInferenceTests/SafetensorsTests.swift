import Foundation
import TaskFlowPluginAPI
import Testing

@testable import TaskFlowInference

/// Writes a safetensors file from (name, dtype, shape, raw bytes) entries, optionally with a
/// header of the caller's own.
private func writeSafetensors(
    _ url: URL, tensors: [(String, String, [Int], [UInt8])], header: String? = nil, extra: [UInt8] = []
) throws {
    var data: [UInt8] = []
    var entries: [String] = []
    for (name, dtype, shape, bytes) in tensors {
        let begin = data.count
        data += bytes
        entries.append(#""\#(name)":{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":[\#(begin),\#(data.count)]}"#)
    }
    let text = header ?? "{" + (["\"__metadata__\":{\"format\":\"pt\"}"] + entries).joined(separator: ",") + "}"
    let h = Array(text.utf8)
    var out: [UInt8] = []
    var n = UInt64(h.count)
    for _ in 0..<8 {
        out.append(UInt8(n & 0xFF))
        n >>= 8
    }
    try Data(out + h + data + extra).write(to: url)
}

private func bytes<T>(_ values: [T]) -> [UInt8] {
    values.withUnsafeBytes { Array($0) }
}

@Suite("Safetensors reader")
struct SafetensorsTests {
    @Test("the tiny models' weights load with their shapes", arguments: Fixtures.tinyModelNames)
    func tinyModels(_ model: String) throws {
        let file = try SafetensorsFile(path: Fixtures.tinyModel(model) + "/model.safetensors")
        #expect(file.tensors.count > 20)
        #expect(file.metadata["format"] == "pt")
        for info in file.tensors.values {
            #expect(info.dtype == .f32)
            let t = try file.tensor(info.name)
            #expect(t.shape == info.shape)
            #expect(t.values.count == info.count)
        }
    }

    @Test("F16, BF16 and F64 convert to Float; integer tensors are listed but not read as floats")
    func conversions() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("mixed.safetensors")
        // 1.0, -2.5, 65504 (max half), a subnormal (2^-24), +inf
        let half: [UInt16] = [0x3C00, 0xC100, 0x7BFF, 0x0001, 0x7C00]
        let bf16: [UInt16] = [0x3F80, 0xC020, 0x4049]  // 1.0, -2.5, 3.140625
        try writeSafetensors(
            url,
            tensors: [
                ("h", "F16", [5], bytes(half)), ("b", "BF16", [3], bytes(bf16)),
                ("d", "F64", [2], bytes([0.5, -1.25] as [Double])), ("f", "F32", [2, 1], bytes([3.5, 4] as [Float])),
                ("embeddings.position_ids", "I64", [1, 3], bytes([0, 1, 2] as [Int64])),
            ])
        let file = try SafetensorsFile(path: url.path)
        #expect(try file.tensor("h").values == [1, -2.5, 65504, Float(sign: .plus, exponent: -24, significand: 1), .infinity])
        #expect(try file.tensor("b").values == [1, -2.5, 3.140625])
        #expect(try file.tensor("d").values == [0.5, -1.25])
        #expect(try file.tensor("f").shape == [2, 1])
        #expect(file.tensors["embeddings.position_ids"]?.dtype == .i64)
        #expect(throws: (any Error).self) { try file.tensor("embeddings.position_ids") }
    }

    /// A damaged copy of tiny-bert's weights and what the error must say.
    struct Damage: Sendable, CustomTestStringConvertible {
        let name: String
        let damage: @Sendable ([UInt8]) -> [UInt8]
        let mentions: [String]
        var testDescription: String { name }
    }

    static let damages: [Damage] = [
        Damage(
            name: "truncated in the last tensor", damage: { Array($0.dropLast(1000)) },
            mentions: ["needs", "bytes but only", "should be 187712 bytes but is 186712", "truncated"]),
        Damage(
            name: "truncated to half", damage: { Array($0.prefix($0.count / 2)) },
            mentions: ["tensor '", "should be 187712 bytes but is 93856", "truncated"]),
        Damage(name: "empty", damage: { _ in [] }, mentions: ["is 0 bytes", "at least 8"]),
        Damage(
            name: "header cut short", damage: { Array($0.prefix(200)) },
            mentions: ["the header needs", "truncated"]),
        Damage(
            name: "garbage header", damage: { b in var c = b; for i in 8..<40 { c[i] = 0x7E }; return c },
            mentions: ["not valid JSON"]),
        Damage(
            name: "absurd header length", damage: { b in var c = b; c[7] = 0x7F; return c },
            mentions: ["header length field"]),
    ]

    @Test("a damaged file is an error naming the file, the problem and the fix", arguments: damages)
    func damaged(_ d: Damage) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.tinyModel("tiny-bert") + "/model.safetensors")))
        #expect(original.count == 187712)
        let url = dir.appendingPathComponent("model.safetensors")
        try Data(d.damage(original)).write(to: url)
        do {
            _ = try SafetensorsFile(path: url.path, modelName: "tiny-bert")
            Issue.record("expected an error for \(d.name)")
        } catch let e as TaskFlowFailure {
            #expect(e.code == "corrupt-model-file")
            #expect(e.description.contains(url.path))
            for m in d.mentions { #expect(e.description.contains(m), "\(e.description)") }
            // Not a model `tf models pull` knows: installed again from its folder.
            #expect(e.hint == "install it again from its folder: tf models add tiny-bert DIR --force")
        }
    }

    @Test("the truncation error names the first tensor cut off and its byte counts")
    func truncationNamesTensor() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("t.safetensors")
        try writeSafetensors(url, tensors: [("a", "F32", [4], bytes([1, 2, 3, 4] as [Float])), ("b", "F32", [4], bytes([5, 6, 7, 8] as [Float]))])
        var data = try Data(contentsOf: url)
        data.removeLast(6)
        try data.write(to: url)
        #expect {
            _ = try SafetensorsFile(path: url.path)
        } throws: { error in
            let text = "\(error)"
            return text.contains("tensor 'b' (F32 [4]) needs 16 bytes but only 10 are present") && text.contains(url.path)
        }
    }

    @Test(
        "header inconsistencies are refused",
        arguments: [
            (#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, "needs 12 bytes, but its data_offsets span 8"),
            (#"{"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#, "unknown dtype 'Q4'"),
            (#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, "invalid shape"),
            (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, "invalid data_offsets"),
            (#"{"a":{"shape":[2],"data_offsets":[0,8]}}"#, "has no dtype"),
            (#"[1,2]"#, "not a JSON object"),
        ])
    func badHeaders(_ header: String, _ mention: String) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("bad.safetensors")
        try writeSafetensors(url, tensors: [], header: header, extra: [UInt8](repeating: 0, count: 16))
        #expect {
            _ = try SafetensorsFile(path: url.path)
        } throws: { error in
            "\(error)".contains(mention)
        }
    }

    @Test("a missing tensor names the tensor and the likely cause")
    func missingTensor() throws {
        let file = try SafetensorsFile(path: Fixtures.tinyModel("tiny-bert") + "/model.safetensors")
        #expect {
            _ = try file.tensor("classifier.weight")
        } throws: { error in
            let e = error as? TaskFlowFailure
            return e?.code == "missing-tensor" && e?.description.contains("'classifier.weight'") == true
        }
    }

    @Test("a missing file is an error naming it")
    func missingFile() {
        #expect {
            _ = try SafetensorsFile(path: "/nonexistent/model.safetensors")
        } throws: { error in
            "\(error)".contains("/nonexistent/model.safetensors")
        }
    }
}
