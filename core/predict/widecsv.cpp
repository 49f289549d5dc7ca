#include "predict/widecsv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>

namespace cityops::core {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"'))
        s.remove_suffix(1);
    return s;
}

template <typename F>
void splitFields(std::string_view line, F &&field)
{
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        field(trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
        if (comma == std::string_view::npos)
            return;
        start = comma + 1;
    }
}

} // namespace

WideTable parseWideCsv(const std::string &text, bool header, const std::string &name)
{
    WideTable t;
    std::size_t pos = 0, lineNo = 0;
    bool first = true;
    std::string scratch;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos)
            end = text.size();
        const std::string_view line = trim(std::string_view(text).substr(pos, end - pos));
        pos = end + 1;
        ++lineNo;
        if (line.empty())
            continue;
        if (first && header) {
            splitFields(line, [&](std::string_view f) { t.ids.emplace_back(f); });
            first = false;
            continue;
        }
        std::size_t col = 0;
        const std::size_t expected = t.ids.size();
        splitFields(line, [&](std::string_view f) {
            ++col;
            if (!first && col > expected)
                return;
            scratch.assign(f);
            char *stop = nullptr;
            errno = 0;
            const double v = scratch.empty() ? NAN : std::strtod(scratch.c_str(), &stop);
            if (scratch.empty() || stop != scratch.c_str() + scratch.size() || errno == ERANGE || !std::isfinite(v))
                throw std::runtime_error(name + ":" + std::to_string(lineNo) + ": column " + std::to_string(col) +
                                         ": not a finite number: '" + scratch + "'");
            t.values.push_back(v);
        });
        if (first) { // headerless: the first row fixes the width
            t.ids.assign(col, std::string());
            first = false;
        } else if (col != expected) {
            throw std::runtime_error(name + ":" + std::to_string(lineNo) + ": " + std::to_string(col) +
                                     " fields, expected " + std::to_string(expected));
        }
        ++t.rowCount;
    }
    if (t.ids.empty())
        throw std::runtime_error(name + ": empty file");
    if (t.rowCount == 0)
        throw std::runtime_error(name + ": no data rows");
    return t;
}

WideTable readWideCsv(const std::string &path, bool header)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(path + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parseWideCsv(ss.str(), header, path);
}

} // namespace cityops::core
