// AsciiGrid: a raster in the ESRI ASCII grid format (`.asc`), the plain-text raster every GIS tool opens:
//
//     ncols 660
//     nrows 410
//     xllcorner 113.540000
//     yllcorner 34.680000
//     cellsize 0.00044000
//     NODATA_value -9999
//     <nrows lines of ncols values, the northernmost row first>
//
// Reading reports every problem it finds (header keys, counts, values that are not finite numbers) instead
// of stopping at the first. Writing uses fixed precision so that output is byte-for-byte reproducible.
//
// Threading: a plain value type; no shared state.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::core {

class AsciiGrid {
public:
    AsciiGrid() = default;
    /// A grid filled with `fill`; (xll, yll) is the lower-left corner of the lower-left cell.
    AsciiGrid(int cols, int rows, double xll, double yll, double cellSize, double fill = 0.0);

    int cols() const { return m_cols; }
    int rows() const { return m_rows; }
    double xllCorner() const { return m_xll; }
    double yllCorner() const { return m_yll; }
    double cellSize() const { return m_cellSize; }
    double noData() const { return m_noData; }
    void setNoData(double value) { m_noData = value; }
    bool empty() const { return m_values.empty(); }

    /// Row 0 is the northernmost row, as in the file.
    double at(int col, int row) const { return m_values[index(col, row)]; }
    double &at(int col, int row) { return m_values[index(col, row)]; }
    const std::vector<double> &values() const { return m_values; }

    /// Centre of a cell in map units.
    double cellX(int col) const { return m_xll + (col + 0.5) * m_cellSize; }
    double cellY(int row) const { return m_yll + (m_rows - row - 0.5) * m_cellSize; }

    /// The value of the cell containing (x, y); nullopt outside the grid or on a no-data cell.
    std::optional<double> sample(double x, double y) const;

    bool sameGeometry(const AsciiGrid &other) const;

    /// The file text, values written with `decimals` digits after the point.
    std::string toText(int decimals) const;

    /// A problem found while reading: `where` is a header key or "row R" / "row R col C"; empty if global.
    struct Problem {
        std::string where;
        std::string reason;
    };

    /// Parses grid text; returns nullopt when nothing usable could be read. Every problem goes to `problems`
    /// (value problems are capped at `maxValueProblems`, with one summary line for the rest).
    static std::optional<AsciiGrid> parse(std::string_view text, std::vector<Problem> &problems,
                                          std::size_t maxValueProblems = 20);
    static std::optional<AsciiGrid> read(const std::filesystem::path &path, std::vector<Problem> &problems);

private:
    std::size_t index(int col, int row) const
    {
        return static_cast<std::size_t>(row) * static_cast<std::size_t>(m_cols) + static_cast<std::size_t>(col);
    }

    int m_cols = 0;
    int m_rows = 0;
    double m_xll = 0.0;
    double m_yll = 0.0;
    double m_cellSize = 0.0;
    double m_noData = -9999.0;
    std::vector<double> m_values;
};

} // namespace cityops::core
