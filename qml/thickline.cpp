#include "thickline.h"

#include <algorithm>
#include <cmath>

namespace cityops::ui::thickline {

namespace {

QVector2D rightNormal(QVector2D d)
{
    return QVector2D(d.y(), -d.x());
}

QVector2D direction(QVector2D a, QVector2D b, QVector2D fallback)
{
    const QVector2D d = b - a;
    const float len = d.length();
    return len > 1e-6f ? d / len : fallback;
}

} // namespace

void writePositions(std::span<const QVector2D> pts, float halfWidth, float offset, QSGGeometry::ColoredPoint2D *out)
{
    const std::size_t n = pts.size();
    if (n < 2)
        return;
    QVector2D prevDir = direction(pts[0], pts[1], QVector2D(1, 0));
    for (std::size_t i = 0; i < n; ++i) {
        const QVector2D inDir = i > 0 ? direction(pts[i - 1], pts[i], prevDir) : direction(pts[0], pts[1], prevDir);
        const QVector2D outDir = i + 1 < n ? direction(pts[i], pts[i + 1], inDir) : inDir;
        prevDir = outDir;
        const QVector2D nIn = rightNormal(inDir);
        QVector2D miter = nIn + rightNormal(outDir);
        const float ml = miter.length();
        miter = ml > 1e-6f ? miter / ml : nIn;
        // Length of the mitre for a unit half width, clamped so sharp turns do not spike.
        const float scale = 1.0f / std::max(QVector2D::dotProduct(miter, nIn), 0.5f);
        const QVector2D m = miter * scale;
        const QVector2D left = pts[i] + m * (offset - halfWidth);
        const QVector2D right = pts[i] + m * (offset + halfWidth);
        out[2 * i].x = left.x();
        out[2 * i].y = left.y();
        out[2 * i + 1].x = right.x();
        out[2 * i + 1].y = right.y();
    }
}

void writeIndices(std::uint32_t base, std::size_t points, std::uint32_t *out)
{
    for (std::size_t s = 0; s + 1 < points; ++s) {
        const auto v = base + static_cast<std::uint32_t>(2 * s);
        out[0] = v;
        out[1] = v + 1;
        out[2] = v + 2;
        out[3] = v + 1;
        out[4] = v + 3;
        out[5] = v + 2;
        out += 6;
    }
}

float distanceToSegment(QVector2D p, QVector2D a, QVector2D b)
{
    const QVector2D ab = b - a;
    const float len2 = ab.lengthSquared();
    float t = len2 > 0 ? QVector2D::dotProduct(p - a, ab) / len2 : 0.0f;
    t = std::clamp(t, 0.0f, 1.0f);
    return (p - (a + ab * t)).length();
}

} // namespace cityops::ui::thickline
