// Wide CSV tables: one column per series (sensor, link), one row per time step, as the T-GCN datasets and
// most traffic-speed benchmarks ship them; and headerless numeric matrices (adjacency, prediction dumps).
//
// Threading: pure functions of the file's contents; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace cityops::core {

/// A dense row-major table: rows() time steps x cols() series.
struct WideTable {
    std::vector<std::string> ids; ///< column names (empty strings for a headerless file)
    std::size_t rowCount = 0;
    std::vector<double> values;   ///< rowCount * ids.size(), row-major

    std::size_t rows() const { return rowCount; }
    std::size_t cols() const { return ids.size(); }
    double at(std::size_t row, std::size_t col) const { return values[row * ids.size() + col]; }
    const double *row(std::size_t r) const { return values.data() + r * ids.size(); }
};

/// Reads a wide CSV. `header`: the first line names the columns. Every field must be a finite number and
/// every row as long as the first; CRLF and blank trailing lines are accepted. Throws std::runtime_error
/// naming the file, line and column of the first problem.
WideTable readWideCsv(const std::string &path, bool header = true);

/// Parses CSV text (same rules); `name` is used in error messages.
WideTable parseWideCsv(const std::string &text, bool header, const std::string &name = "csv");

} // namespace cityops::core
