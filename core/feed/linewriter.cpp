#include "feed/linewriter.h"

#include "feed/feedschema.h"

#include <charconv>

namespace cityops::core {

void appendEscapedTag(std::string_view text, std::string &out)
{
    for (char c : text) {
        if (c == ',' || c == '=' || c == ' ' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
}

void appendLine(const CityModel &model, const Reading &r, std::string &out, bool withTimestamp)
{
    const MeasurementSpec &spec = measurementSpec(r.measurement);
    out.append(spec.name);
    out.push_back(',');
    out.append(spec.entityTag);
    out.push_back('=');
    appendEscapedTag(model.entity(r.entity).id, out);
    if (!spec.codeTag.empty() && r.code > 0 && r.code <= kIncidentKinds.size()) {
        out.push_back(',');
        out.append(spec.codeTag);
        out.push_back('=');
        out.append(kIncidentKinds[r.code - 1]);
    }
    char buffer[32];
    bool first = true;
    for (int f = 0; f < spec.fieldCount; ++f) {
        if (!r.has(f))
            continue;
        out.push_back(first ? ' ' : ',');
        first = false;
        out.append(spec.fields[f].name);
        out.push_back('=');
        if (spec.fields[f].integer) {
            auto res = std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(r.values[f]));
            out.append(buffer, res.ptr);
            out.push_back('i');
        } else {
            // Shortest text that reads back to the same double: replay and tests compare exactly.
            auto res = std::to_chars(buffer, buffer + sizeof buffer, r.values[f]);
            out.append(buffer, res.ptr);
        }
    }
    if (withTimestamp) {
        out.push_back(' ');
        auto res = std::to_chars(buffer, buffer + sizeof buffer, r.timeNs);
        out.append(buffer, res.ptr);
    }
    out.push_back('\n');
}

} // namespace cityops::core
