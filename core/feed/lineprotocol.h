// InfluxDB line protocol parser: `measurement,tag=v field=v [timestamp]`.
//
// Allocation-free on the hot path: the parsed line holds string_views into the input, or into the
// parser's scratch buffer when a token carried escapes. The scratch buffer only grows (amortised), so a
// parser reused for many lines stops allocating after the longest one. One parser per thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cityops::core {

/// Why a line was not accepted. The order is part of the recording format: append only.
enum class RejectReason : std::uint8_t {
    Syntax,             ///< does not follow the line protocol grammar
    BadEncoding,        ///< NUL byte or invalid UTF-8
    TooLong,            ///< longer than the listener's maximum line length
    TooManyTokens,      ///< more tags or fields than the parser keeps
    WrongType,          ///< a field's value has the wrong type (string where a number belongs, ...)
    Overflow,           ///< an integer or timestamp outside the 64-bit range
    NotFinite,          ///< NaN or infinity
    UnknownMeasurement, ///< measurement not in the feed schema
    MissingTag,         ///< the tag that names the entity is missing
    UnknownEntity,      ///< the entity is not in the city model
    UnknownField,       ///< a field the measurement does not have
    MissingField,       ///< none of the measurement's fields is present
    ImpossibleValue,    ///< negative speed, occupancy above 1, ...
    TimeInFuture,       ///< timestamp too far ahead of engine time
    TimeTooOld,         ///< timestamp too far behind engine time
    Dropped,            ///< accepted but could not be handed to the recorder (counted, never silent)
};
inline constexpr int kRejectReasonCount = 16;

std::string_view rejectReasonName(RejectReason reason);

enum class TimePrecision : std::uint8_t { Nanoseconds, Microseconds, Milliseconds, Seconds };

/// Parses "ns", "us", "ms" or "s"; returns false for anything else.
bool parseTimePrecision(std::string_view text, TimePrecision &out);

enum class FieldType : std::uint8_t { Float, Integer, Unsigned, Boolean, String };

struct FieldValue {
    FieldType type = FieldType::Float;
    double f = 0.0;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    bool b = false;
    std::string_view s;

    /// The value as a number if it is one (float, integer or unsigned).
    bool asNumber(double &out) const;
};

struct Tag {
    std::string_view key;
    std::string_view value;
};

struct Field {
    std::string_view key;
    FieldValue value;
};

struct ParsedLine {
    static constexpr int kMaxTags = 16;
    static constexpr int kMaxFields = 16;

    std::string_view measurement;
    Tag tags[kMaxTags];
    int tagCount = 0;
    Field fields[kMaxFields];
    int fieldCount = 0;
    bool hasTimestamp = false;
    std::int64_t timestampNs = 0; ///< already converted from the listener's precision

    std::string_view tag(std::string_view key) const;
};

enum class ParseResult : std::uint8_t { Ok, Blank };

class LineParser {
public:
    explicit LineParser(TimePrecision precision = TimePrecision::Nanoseconds) : m_precision(precision) {}

    void setPrecision(TimePrecision precision) { m_precision = precision; }
    TimePrecision precision() const { return m_precision; }

    /// Parses one line (without its newline; a trailing '\r' is ignored). Blank lines and '#'
    /// comments give ParseResult::Blank. On failure returns false and sets `reason`.
    bool parse(std::string_view line, ParsedLine &out, ParseResult &result, RejectReason &reason);

private:
    std::string_view unescape(std::string_view token, bool stringField);

    TimePrecision m_precision;
    std::string m_scratch;
    std::size_t m_scratchUsed = 0;
};

/// True if `text` is valid UTF-8 without NUL bytes.
bool isCleanUtf8(std::string_view text);

} // namespace cityops::core
