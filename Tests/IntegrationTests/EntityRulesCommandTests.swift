import Foundation
import Testing

/// `tf analyze --tools entity --set entity.rules.gazetteer=FILE` and `tf eval entities` through
/// the binary.
@Suite struct EntityRulesCommandTests {
    func entities(_ stdout: String) -> [[String: Any]] {
        stdout.split(separator: "\n").flatMap { line -> [[String: Any]] in
            let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            return (o?["entities"] as? [[String: Any]]) ?? []
        }
    }

    @Test func aUserGazetteerNamesProducts() throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("in.txt")
        try "my aura speaker died after the 4.2 update\nmail help@example.com\n".write(to: input, atomically: true, encoding: .utf8)
        let gazetteer = home.appendingPathComponent("names.csv")
        try "text,label\nAura Speaker,PRODUCT\n".write(to: gazetteer, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(
            ["analyze", input.path, "--tools", "entity", "--format", "jsonl", "--set", "entity.rules.gazetteer=\(gazetteer.path)"],
            home: home)
        #expect(r.status == 0, "\(r.stderr)")
        let found = entities(r.stdout).map { "\($0["text"] ?? "")|\($0["label"] ?? "")" }
        #expect(found == ["aura speaker|PRODUCT", "4.2|VERSION", "help@example.com|EMAIL"], "\(r.stdout)")
    }

    @Test func aBadGazetteerIsNamedWithItsLine() throws {
        let home = try TFProcess.temporaryDirectory()
        let input = home.appendingPathComponent("in.txt")
        try "hello\n".write(to: input, atomically: true, encoding: .utf8)
        let gazetteer = home.appendingPathComponent("names.csv")
        try "Aura Speaker,PRODUCT\nPulse Band\n".write(to: gazetteer, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(
            ["analyze", input.path, "--tools", "entities", "--set", "entity.rules.gazetteer=\(gazetteer.path)"], home: home)
        #expect(r.status != 0)
        #expect(r.stderr.contains("\(gazetteer.path), line 2 has 1 column"), "\(r.stderr)")
        let missing = try TFProcess.run(
            ["analyze", input.path, "--tools", "entities", "--set", "entity.rules.gazetteer=\(home.path)/nope.csv"], home: home)
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no file at \(home.path)/nope.csv"), "\(missing.stderr)")
    }

    @Test func evalEntitiesPrintsFigures() throws {
        let home = try TFProcess.temporaryDirectory()
        let data = home.appendingPathComponent("tiny.conll")
        try "I\tO\nmet\tO\nSarah\tB-person\nJones\tI-person\nin\tO\nLisbon\tB-location\n\n".write(to: data, atomically: true, encoding: .utf8)
        let r = try TFProcess.run(["eval", "entities", "--data", data.path], home: home)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("entity.rules.f1: 1.0000"), "\(r.stdout)")
        let bad = try TFProcess.run(["eval", "entitys", "--data", data.path], home: home)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown evaluation"), "\(bad.stderr)")
    }
}
