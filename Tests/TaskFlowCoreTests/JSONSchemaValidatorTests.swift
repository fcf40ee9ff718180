import TaskFlowCore
import TaskFlowPluginAPI
import Testing

@Suite struct JSONSchemaValidatorTests {
    let schema = try! JSONParser.parse(
        #"""
        {"type":"object","required":["title","findings"],"additionalProperties":false,
         "properties":{"title":{"type":"string","minLength":1},
           "score":{"type":"number","minimum":0,"maximum":1},
           "kind":{"enum":["a","b"]},
           "findings":{"type":"array","minItems":1,"items":{"$ref":"#/$defs/finding"}}},
         "$defs":{"finding":{"type":"object","required":["text","records"],
           "properties":{"text":{"type":"string"},"records":{"type":"array","items":{"type":["string","integer"]}}}}}}
        """#)

    @Test func aConformingValuePasses() throws {
        let v = try JSONParser.parse(#"{"title":"T","score":1,"kind":"a","findings":[{"text":"x","records":["r1",2]}]}"#)
        #expect(JSONSchemaValidator(schema: schema).violations(of: v).isEmpty)
    }

    @Test func violationsNameTheirPlace() throws {
        let v = try JSONParser.parse(#"{"title":"","score":1.5,"kind":"c","findings":[{"text":3,"records":[true]}],"extra":1}"#)
        let found = JSONSchemaValidator(schema: schema).violations(of: v).map(\.description)
        #expect(found.contains { $0.hasPrefix("/title:") })
        #expect(found.contains { $0.hasPrefix("/score:") && $0.contains("at most") })
        #expect(found.contains { $0.hasPrefix("/kind:") })
        #expect(found.contains { $0.hasPrefix("/findings/0/text:") })
        #expect(found.contains { $0.hasPrefix("/findings/0/records/0:") })
        #expect(found.contains { $0.hasPrefix("/extra:") })
        let missing = JSONSchemaValidator(schema: schema).violations(of: .object([]))
        #expect(missing.map(\.message).contains("the required field \"title\" is missing"))
    }

    @Test func combinatorsAndBrokenReferences() throws {
        let s = try JSONParser.parse(#"{"anyOf":[{"type":"string"},{"type":"integer"}],"not":{"const":"no"}}"#)
        let v = JSONSchemaValidator(schema: s)
        #expect(v.validates(.string("yes")) && v.validates(.int(3)))
        #expect(!v.validates(.bool(true)) && !v.validates(.string("no")))
        let one = JSONSchemaValidator(schema: try JSONParser.parse(#"{"oneOf":[{"type":"number"},{"type":"integer"}]}"#))
        #expect(one.validates(.double(1.5)) && !one.validates(.int(1)))
        let broken = JSONSchemaValidator(schema: try JSONParser.parse(##"{"$ref":"#/$defs/none"}"##))
        #expect(broken.violations(of: .null).first?.message.contains("does not define") == true)
        let loop = JSONSchemaValidator(schema: try JSONParser.parse(##"{"$ref":"#"}"##))
        #expect(!loop.validates(.null))
    }
}
