import TaskFlowPluginAPI

/// A record's columns as a store keeps them: one JSON object, typed (numbers and booleans as
/// themselves, dates and text as strings, nested values as JSON).
public enum StoredColumns {
    /// The JSON text of `columns`; nil when there are none.
    public static func encode(_ columns: RecordColumns) -> String? {
        columns.isEmpty ? nil : columns.jsonObject.jsonString
    }

    /// Decodes stored columns, sharing one `ColumnNames` among records with the same names.
    public struct Decoder {
        private var last = ColumnNames.none

        public init() {}

        /// The columns of `json` (nil or unreadable text gives none).
        public mutating func decode(_ json: String?) -> RecordColumns {
            guard let json, case .object(let fields)? = try? JSONParser.parse(Array(json.utf8), keepingBigIntegers: true), !fields.isEmpty
            else { return .none }
            let names = fields.map(\.key)
            if last.names != names { last = ColumnNames(names) }
            return RecordColumns(names: last, values: fields.map { ColumnTyping.value(ofJSON: $0.value) })
        }
    }
}
