#include "model/asciigrid.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

namespace cityops::core {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

std::vector<std::string_view> tokens(std::string_view line)
{
    std::vector<std::string_view> out;
    std::size_t k = 0;
    while (k < line.size()) {
        while (k < line.size() && isSpace(line[k]))
            ++k;
        const std::size_t start = k;
        while (k < line.size() && !isSpace(line[k]))
            ++k;
        if (k > start)
            out.push_back(line.substr(start, k - start));
    }
    return out;
}

std::optional<double> parseDouble(std::string_view s)
{
    if (!s.empty() && s.front() == '+')
        s.remove_prefix(1);
    double v = 0;
    auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

// Appends `v` with exactly `decimals` digits after the point, independent of the C locale.
void appendFixed(std::string &out, double v, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    v = std::round(v * scale) / scale;
    if (v == 0.0)
        v = 0.0; // no "-0.00"
    std::array<char, 64> buffer{};
    auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, std::chars_format::fixed, decimals);
    out.append(buffer.data(), r.ptr);
}

} // namespace

AsciiGrid::AsciiGrid(int cols, int rows, double xll, double yll, double cellSize, double fill)
    : m_cols(cols), m_rows(rows), m_xll(xll), m_yll(yll), m_cellSize(cellSize),
      m_values(static_cast<std::size_t>(std::max(cols, 0)) * static_cast<std::size_t>(std::max(rows, 0)), fill)
{
}

std::optional<double> AsciiGrid::sample(double x, double y) const
{
    if (m_values.empty() || m_cellSize <= 0)
        return std::nullopt;
    const double fx = (x - m_xll) / m_cellSize;
    const double fy = (y - m_yll) / m_cellSize;
    if (!(fx >= 0 && fy >= 0 && fx < m_cols && fy < m_rows))
        return std::nullopt;
    const int col = static_cast<int>(fx);
    const int row = m_rows - 1 - static_cast<int>(fy);
    const double v = at(col, row);
    if (v == m_noData)
        return std::nullopt;
    return v;
}

bool AsciiGrid::sameGeometry(const AsciiGrid &other) const
{
    const double tolerance = 1e-9 * std::max(1.0, std::abs(m_cellSize));
    return m_cols == other.m_cols && m_rows == other.m_rows && std::abs(m_xll - other.m_xll) < 1e-7
        && std::abs(m_yll - other.m_yll) < 1e-7 && std::abs(m_cellSize - other.m_cellSize) < tolerance;
}

std::string AsciiGrid::toText(int decimals) const
{
    std::string out;
    out.reserve(static_cast<std::size_t>(m_cols) * static_cast<std::size_t>(m_rows) * static_cast<std::size_t>(decimals + 4) + 256);
    auto header = [&](std::string_view key, double v, int d) {
        out.append(key);
        out.push_back(' ');
        appendFixed(out, v, d);
        out.push_back('\n');
    };
    header("ncols", m_cols, 0);
    header("nrows", m_rows, 0);
    header("xllcorner", m_xll, 6);
    header("yllcorner", m_yll, 6);
    // Cell sizes in degrees are small: keep enough digits to reproduce them exactly.
    header("cellsize", m_cellSize, 8);
    header("NODATA_value", m_noData, 0);
    for (int row = 0; row < m_rows; ++row) {
        for (int col = 0; col < m_cols; ++col) {
            if (col)
                out.push_back(' ');
            appendFixed(out, at(col, row), decimals);
        }
        out.push_back('\n');
    }
    return out;
}

std::optional<AsciiGrid> AsciiGrid::parse(std::string_view text, std::vector<Problem> &problems, std::size_t maxValueProblems)
{
    // Split into lines, keeping the line number for messages.
    std::vector<std::string_view> lines;
    for (std::size_t start = 0; start <= text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }

    std::optional<double> ncols, nrows, xll, yll, cellsize, nodata;
    bool xCenter = false, yCenter = false;
    std::size_t line = 0;
    std::set<std::string> seen; // keys present, valid or not: a bad value is not also "missing"
    auto setKey = [&](std::optional<double> &slot, std::string_view key, std::string_view value) {
        if (!seen.insert(lower(key).substr(0, 3) == "xll" ? "xll" : (lower(key).substr(0, 3) == "yll" ? "yll" : lower(key))).second)
            problems.push_back({std::string(key), "header key appears twice"});
        auto v = parseDouble(value);
        if (!v || !std::isfinite(*v)) {
            problems.push_back({std::string(key), "header value '" + std::string(value) + "' is not a number"});
            return;
        }
        slot = v;
    };
    for (; line < lines.size(); ++line) {
        auto t = tokens(lines[line]);
        if (t.empty())
            continue;
        const std::string key = lower(t[0]);
        const bool alphabetic = std::isalpha(static_cast<unsigned char>(t[0][0])) && key != "nan" && key != "inf"
            && key != "-nan" && key != "infinity";
        if (!alphabetic)
            break;
        if (t.size() != 2) {
            // Two tokens is a header line; anything else starting with a word is a broken data row.
            if (key == "ncols" || key == "nrows" || key == "xllcorner" || key == "yllcorner" || key == "xllcenter"
                || key == "yllcenter" || key == "cellsize" || key == "nodata_value") {
                problems.push_back({std::string(t[0]), "header line needs exactly one value"});
                continue;
            }
            break;
        }
        if (key == "ncols")
            setKey(ncols, t[0], t[1]);
        else if (key == "nrows")
            setKey(nrows, t[0], t[1]);
        else if (key == "xllcorner" || key == "xllcenter") {
            setKey(xll, t[0], t[1]);
            xCenter = key == "xllcenter";
        } else if (key == "yllcorner" || key == "yllcenter") {
            setKey(yll, t[0], t[1]);
            yCenter = key == "yllcenter";
        } else if (key == "cellsize")
            setKey(cellsize, t[0], t[1]);
        else if (key == "nodata_value")
            setKey(nodata, t[0], t[1]);
        else
            problems.push_back({std::string(t[0]), "unknown header key"});
    }

    const std::size_t before = problems.size();
    auto require = [&](const char *seenAs, const char *key) {
        if (!seen.count(seenAs))
            problems.push_back({key, "header key is missing"});
    };
    require("ncols", "ncols");
    require("nrows", "nrows");
    require("xll", "xllcorner");
    require("yll", "yllcorner");
    require("cellsize", "cellsize");
    auto wholePositive = [&](const std::optional<double> &slot, const char *key) {
        if (slot && (*slot < 1 || *slot != std::floor(*slot) || *slot > 1e6))
            problems.push_back({key, "must be a positive whole number"});
    };
    wholePositive(ncols, "ncols");
    wholePositive(nrows, "nrows");
    if (cellsize && *cellsize <= 0)
        problems.push_back({"cellsize", "must be positive"});
    if (problems.size() != before || !ncols || !nrows || !xll || !yll || !cellsize)
        return std::nullopt;

    const int cols = static_cast<int>(*ncols);
    const int rows = static_cast<int>(*nrows);
    const double xCorner = xCenter ? *xll - *cellsize / 2 : *xll;
    const double yCorner = yCenter ? *yll - *cellsize / 2 : *yll;
    AsciiGrid grid(cols, rows, xCorner, yCorner, *cellsize, nodata.value_or(-9999.0));
    grid.m_noData = nodata.value_or(-9999.0); // missing cells read as no-data

    const std::size_t expected = static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
    std::size_t found = 0;
    std::size_t valueProblems = 0;
    std::size_t suppressed = 0;
    auto valueProblem = [&](std::string where, std::string reason) {
        if (valueProblems++ < maxValueProblems)
            problems.push_back({std::move(where), std::move(reason)});
        else
            ++suppressed;
    };
    int dataRow = 0;
    for (; line < lines.size(); ++line) {
        auto t = tokens(lines[line]);
        if (t.empty())
            continue;
        if (t.size() != static_cast<std::size_t>(cols))
            valueProblem("row " + std::to_string(dataRow + 1),
                         "has " + std::to_string(t.size()) + " values, expected " + std::to_string(cols));
        for (std::size_t k = 0; k < t.size(); ++k, ++found) {
            auto v = parseDouble(t[k]);
            auto where = [&] { return "row " + std::to_string(dataRow + 1) + " col " + std::to_string(k + 1); };
            double value = grid.m_noData;
            if (!v)
                valueProblem(where(), "value '" + std::string(t[k]) + "' is not a number");
            else if (!std::isfinite(*v))
                valueProblem(where(), "value '" + std::string(t[k]) + "' is not a finite number");
            else
                value = *v;
            if (found < expected)
                grid.m_values[found] = value;
        }
        ++dataRow;
    }
    if (suppressed)
        problems.push_back({"", std::to_string(suppressed) + " more value problems not listed"});
    if (found != expected || dataRow != rows)
        problems.push_back({"", "grid size mismatch: header says " + std::to_string(cols) + " x " + std::to_string(rows) + " = "
                                    + std::to_string(expected) + " values, file has " + std::to_string(found) + " values in "
                                    + std::to_string(dataRow) + " rows"});
    return grid;
}

std::optional<AsciiGrid> AsciiGrid::read(const std::filesystem::path &path, std::vector<Problem> &problems)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        problems.push_back({"", "cannot open the file"});
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse(text.str(), problems);
}

} // namespace cityops::core
