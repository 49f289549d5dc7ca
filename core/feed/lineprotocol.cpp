#include "feed/lineprotocol.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace cityops::core {

std::string_view rejectReasonName(RejectReason reason)
{
    switch (reason) {
    case RejectReason::Syntax: return "syntax";
    case RejectReason::BadEncoding: return "bad_encoding";
    case RejectReason::TooLong: return "too_long";
    case RejectReason::TooManyTokens: return "too_many_tokens";
    case RejectReason::WrongType: return "wrong_type";
    case RejectReason::Overflow: return "overflow";
    case RejectReason::NotFinite: return "not_finite";
    case RejectReason::UnknownMeasurement: return "unknown_measurement";
    case RejectReason::MissingTag: return "missing_tag";
    case RejectReason::UnknownEntity: return "unknown_entity";
    case RejectReason::UnknownField: return "unknown_field";
    case RejectReason::MissingField: return "missing_field";
    case RejectReason::ImpossibleValue: return "impossible_value";
    case RejectReason::TimeInFuture: return "time_in_future";
    case RejectReason::TimeTooOld: return "time_too_old";
    case RejectReason::Dropped: return "dropped";
    }
    return "unknown";
}

bool parseTimePrecision(std::string_view text, TimePrecision &out)
{
    if (text == "ns" || text == "n") out = TimePrecision::Nanoseconds;
    else if (text == "us" || text == "u") out = TimePrecision::Microseconds;
    else if (text == "ms") out = TimePrecision::Milliseconds;
    else if (text == "s") out = TimePrecision::Seconds;
    else return false;
    return true;
}

bool FieldValue::asNumber(double &out) const
{
    switch (type) {
    case FieldType::Float: out = f; return true;
    case FieldType::Integer: out = static_cast<double>(i); return true;
    case FieldType::Unsigned: out = static_cast<double>(u); return true;
    case FieldType::Boolean:
    case FieldType::String: return false;
    }
    return false;
}

std::string_view ParsedLine::tag(std::string_view key) const
{
    for (int k = 0; k < tagCount; ++k)
        if (tags[k].key == key)
            return tags[k].value;
    return {};
}

bool isCleanUtf8(std::string_view text)
{
    const auto *p = reinterpret_cast<const unsigned char *>(text.data());
    const auto *end = p + text.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            if (c == 0)
                return false;
            ++p;
            continue;
        }
        int extra;
        std::uint32_t cp;
        if ((c & 0xE0) == 0xC0) { extra = 1; cp = c & 0x1Fu; }
        else if ((c & 0xF0) == 0xE0) { extra = 2; cp = c & 0x0Fu; }
        else if ((c & 0xF8) == 0xF0) { extra = 3; cp = c & 0x07u; }
        else return false;
        if (end - p <= extra)
            return false;
        for (int k = 1; k <= extra; ++k) {
            if ((p[k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (p[k] & 0x3Fu);
        }
        static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += extra + 1;
    }
    return true;
}

namespace {

// Index of the first unescaped character of `stops` at or after `from`; npos if none.
std::size_t findUnescaped(std::string_view s, std::size_t from, std::string_view stops, bool &sawEscape)
{
    for (std::size_t k = from; k < s.size(); ++k) {
        const char c = s[k];
        if (c == '\\' && k + 1 < s.size()) {
            sawEscape = true;
            ++k;
            continue;
        }
        if (stops.find(c) != std::string_view::npos)
            return k;
    }
    return std::string_view::npos;
}

bool isBoolean(std::string_view v, bool &out)
{
    if (v == "t" || v == "T" || v == "true" || v == "True" || v == "TRUE") { out = true; return true; }
    if (v == "f" || v == "F" || v == "false" || v == "False" || v == "FALSE") { out = false; return true; }
    return false;
}

bool parseFieldValue(std::string_view v, FieldValue &out, RejectReason &reason)
{
    if (v.empty()) { reason = RejectReason::Syntax; return false; }
    const char *first = v.data();
    const char *last = v.data() + v.size();
    const char suffix = v.back();
    if (suffix == 'i' || suffix == 'u') {
        std::from_chars_result r;
        if (suffix == 'i') { out.type = FieldType::Integer; r = std::from_chars(first, last - 1, out.i); }
        else { out.type = FieldType::Unsigned; r = std::from_chars(first, last - 1, out.u); }
        if (r.ec == std::errc::result_out_of_range) { reason = RejectReason::Overflow; return false; }
        if (r.ec != std::errc() || r.ptr != last - 1) { reason = RejectReason::Syntax; return false; }
        return true;
    }
    if (isBoolean(v, out.b)) { out.type = FieldType::Boolean; return true; }
    out.type = FieldType::Float;
    // Influx writes floats in plain or exponent form; from_chars also takes "nan"/"inf", caught below.
    auto r = std::from_chars(first, last, out.f, std::chars_format::general);
    if (r.ec == std::errc::result_out_of_range) { reason = RejectReason::Overflow; return false; }
    if (r.ec != std::errc() || r.ptr != last) { reason = RejectReason::Syntax; return false; }
    if (!std::isfinite(out.f)) { reason = RejectReason::NotFinite; return false; }
    return true;
}

bool scaleTimestamp(std::int64_t raw, TimePrecision precision, std::int64_t &out)
{
    std::int64_t factor = 1;
    switch (precision) {
    case TimePrecision::Nanoseconds: factor = 1; break;
    case TimePrecision::Microseconds: factor = 1'000; break;
    case TimePrecision::Milliseconds: factor = 1'000'000; break;
    case TimePrecision::Seconds: factor = 1'000'000'000; break;
    }
    return !__builtin_mul_overflow(raw, factor, &out);
}

} // namespace

std::string_view LineParser::unescape(std::string_view token, bool stringField)
{
    char *dst = m_scratch.data() + m_scratchUsed;
    std::size_t n = 0;
    for (std::size_t k = 0; k < token.size(); ++k) {
        char c = token[k];
        if (c == '\\' && k + 1 < token.size()) {
            const char next = token[k + 1];
            const bool escapable = stringField ? (next == '"' || next == '\\')
                                               : (next == ',' || next == '=' || next == ' ' || next == '\\');
            if (escapable) {
                c = next;
                ++k;
            }
        }
        dst[n++] = c;
    }
    m_scratchUsed += n;
    return {dst, n};
}

bool LineParser::parse(std::string_view line, ParsedLine &out, ParseResult &result, RejectReason &reason)
{
    out.tagCount = 0;
    out.fieldCount = 0;
    out.hasTimestamp = false;
    result = ParseResult::Ok;

    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    std::size_t start = line.find_first_not_of(" \t");
    if (start == std::string_view::npos || line[start] == '#') {
        result = ParseResult::Blank;
        return true;
    }
    line.remove_prefix(start);
    if (!isCleanUtf8(line)) { reason = RejectReason::BadEncoding; return false; }

    // Escaped tokens are copied here; sizing it to the line keeps every view valid for this parse.
    if (m_scratch.size() < line.size())
        m_scratch.resize(line.size());
    m_scratchUsed = 0;

    auto token = [&](std::size_t from, std::size_t to, bool escaped) {
        std::string_view t = line.substr(from, to - from);
        return escaped ? unescape(t, false) : t;
    };

    // Measurement.
    bool escaped = false;
    std::size_t pos = findUnescaped(line, 0, ", ", escaped);
    if (pos == std::string_view::npos || pos == 0) { reason = RejectReason::Syntax; return false; }
    out.measurement = token(0, pos, escaped);

    // Tags.
    while (line[pos] == ',') {
        const std::size_t keyStart = pos + 1;
        escaped = false;
        const std::size_t eq = findUnescaped(line, keyStart, "=, ", escaped);
        if (eq == std::string_view::npos || line[eq] != '=' || eq == keyStart) { reason = RejectReason::Syntax; return false; }
        const bool keyEscaped = escaped;
        escaped = false;
        const std::size_t end = findUnescaped(line, eq + 1, ", =", escaped);
        if (end == std::string_view::npos || line[end] == '=' || end == eq + 1) { reason = RejectReason::Syntax; return false; }
        if (out.tagCount == ParsedLine::kMaxTags) { reason = RejectReason::TooManyTokens; return false; }
        out.tags[out.tagCount++] = {token(keyStart, eq, keyEscaped), token(eq + 1, end, escaped)};
        pos = end;
    }

    // Fields: at least one.
    while (pos < line.size() && line[pos] == ' ')
        ++pos;
    if (pos >= line.size()) { reason = RejectReason::Syntax; return false; }
    for (;;) {
        const std::size_t keyStart = pos;
        escaped = false;
        const std::size_t eq = findUnescaped(line, keyStart, "=, ", escaped);
        if (eq == std::string_view::npos || line[eq] != '=' || eq == keyStart) { reason = RejectReason::Syntax; return false; }
        if (out.fieldCount == ParsedLine::kMaxFields) { reason = RejectReason::TooManyTokens; return false; }
        Field &field = out.fields[out.fieldCount];
        field.key = token(keyStart, eq, escaped);
        field.value = FieldValue{};
        std::size_t end;
        if (eq + 1 < line.size() && line[eq + 1] == '"') {
            // String value: up to the closing unescaped quote.
            bool strEscaped = false;
            end = findUnescaped(line, eq + 2, "\"", strEscaped);
            if (end == std::string_view::npos) { reason = RejectReason::Syntax; return false; }
            std::string_view raw = line.substr(eq + 2, end - eq - 2);
            field.value.type = FieldType::String;
            field.value.s = strEscaped ? unescape(raw, true) : raw;
            ++end; // past the quote
            if (end < line.size() && line[end] != ',' && line[end] != ' ') { reason = RejectReason::Syntax; return false; }
        } else {
            end = line.find_first_of(", ", eq + 1);
            if (end == std::string_view::npos)
                end = line.size();
            if (!parseFieldValue(line.substr(eq + 1, end - eq - 1), field.value, reason))
                return false;
        }
        ++out.fieldCount;
        pos = end;
        if (pos < line.size() && line[pos] == ',') {
            ++pos;
            continue;
        }
        break;
    }

    // Optional timestamp, then only trailing blanks.
    while (pos < line.size() && line[pos] == ' ')
        ++pos;
    if (pos < line.size()) {
        std::size_t end = line.find(' ', pos);
        if (end == std::string_view::npos)
            end = line.size();
        std::int64_t raw = 0;
        auto r = std::from_chars(line.data() + pos, line.data() + end, raw);
        if (r.ec == std::errc::result_out_of_range) { reason = RejectReason::Overflow; return false; }
        if (r.ec != std::errc() || r.ptr != line.data() + end) { reason = RejectReason::Syntax; return false; }
        if (!scaleTimestamp(raw, m_precision, out.timestampNs)) { reason = RejectReason::Overflow; return false; }
        out.hasTimestamp = true;
        if (line.find_first_not_of(' ', end) != std::string_view::npos) { reason = RejectReason::Syntax; return false; }
    }
    return true;
}

} // namespace cityops::core
