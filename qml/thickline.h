// Thick polylines as triangle strips in world units, for QSGGeometry: each polyline of n points becomes
// 2n vertices (left and right of the centre line, mitred joins clamped at twice the half width) and
// 6(n-1) indices. The vertex count does not depend on the width or the offset, so a zoom change rewrites
// positions in place and never reallocates.
// Threading: pure functions; any thread.
#pragma once

#include <QSGGeometry>
#include <QVector2D>

#include <cstdint>
#include <span>

namespace cityops::ui::thickline {

/// Writes 2 * points.size() vertex positions (x, y only) into `out`. `offset` shifts the line to the right
/// of its direction (y up), as the two directions of a road drive on their right.
void writePositions(std::span<const QVector2D> points, float halfWidth, float offset,
                    QSGGeometry::ColoredPoint2D *out);

/// Writes 6 * (points - 1) indices for a polyline whose first vertex is `base`.
void writeIndices(std::uint32_t base, std::size_t points, std::uint32_t *out);

inline std::size_t vertexCount(std::size_t points) { return points >= 2 ? 2 * points : 0; }
inline std::size_t indexCount(std::size_t points) { return points >= 2 ? 6 * (points - 1) : 0; }

/// Distance from `p` to the segment a-b.
float distanceToSegment(QVector2D p, QVector2D a, QVector2D b);

} // namespace cityops::ui::thickline
