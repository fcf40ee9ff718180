import Testing
import TaskFlowPluginAPI

/// Inputs the JSON fuzz target found (Tools/fuzz json): each must round-trip or be refused.
@Suite struct JSONParserFuzzFindingsTests {
    @Test func aNumberTooLargeForADoubleIsRefused() throws {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("21e320") }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("[-1e400]") }
        #expect(try JSONParser.parse("1.7e308") == .double(1.7e308))
    }

    @Test func aHighSurrogateWithoutItsLowHalfDoesNotSwallowTheNextCharacter() throws {
        #expect(try JSONParser.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try JSONParser.parse(#""\ude3d\ude00""#) == .string("\u{FFFD}\u{FFFD}"))
        // What parses writes back to text that parses to the same value.
        for text in [#"{"a":[2,true,null,"x\u00e9\u1DDD\ud83d\ude3d\ude00"]}"#, #""\ud800\ud800\udc00""#] {
            let value = try JSONParser.parse(text)
            #expect(try JSONParser.parse(value.jsonString) == value)
        }
    }
}
