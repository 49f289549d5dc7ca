#include "mapviewport.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cityops::ui {

namespace {
// WGS84 equatorial radius, as Web Mercator uses.
constexpr double kEarthRadiusM = 6378137.0;
} // namespace

MapViewport::MapViewport(QObject *parent)
    : QObject(parent)
{
    setOrigin(0, 0);
}

void MapViewport::setOrigin(double lon0, double lat0)
{
    m_lon0 = lon0;
    m_lat0 = lat0;
    const double perDegree = kEarthRadiusM * std::numbers::pi / 180.0;
    m_ky = perDegree;
    m_kx = perDegree * std::cos(lat0 * std::numbers::pi / 180.0);
}

QRectF MapViewport::projectBox(double minLon, double minLat, double maxLon, double maxLat) const
{
    const QPointF a = project(minLon, minLat);
    const QPointF b = project(maxLon, maxLat);
    return QRectF(a, b).normalized();
}

void MapViewport::setSize(QSizeF size)
{
    if (size.width() < 1 || size.height() < 1 || size == m_size)
        return;
    m_size = size;
    Q_EMIT viewChanged();
}

void MapViewport::setScaleLimits(double minScale, double maxScale)
{
    m_minScale = minScale;
    m_maxScale = std::max(minScale, maxScale);
    const double s = clampScale(m_scale);
    if (s != m_scale) {
        m_scale = s;
        Q_EMIT viewChanged();
    }
}

double MapViewport::clampScale(double s) const
{
    return std::clamp(s, m_minScale, m_maxScale);
}

QMatrix4x4 MapViewport::worldToScreen() const
{
    QMatrix4x4 m;
    m.translate(static_cast<float>(m_size.width() / 2), static_cast<float>(m_size.height() / 2));
    m.scale(static_cast<float>(m_scale), static_cast<float>(-m_scale));
    m.translate(static_cast<float>(-m_center.x()), static_cast<float>(-m_center.y()));
    return m;
}

QRectF MapViewport::visibleWorld() const
{
    return QRectF(fromScreen({0, m_size.height()}), fromScreen({m_size.width(), 0})).normalized();
}

void MapViewport::fitWorld(const QRectF &world, double marginPx)
{
    if (!world.isValid() && world.isNull())
        return;
    const double w = std::max(1.0, m_size.width() - 2 * marginPx);
    const double h = std::max(1.0, m_size.height() - 2 * marginPx);
    const double sx = w / std::max(world.width(), 1.0);
    const double sy = h / std::max(world.height(), 1.0);
    setView(world.center(), std::min(sx, sy));
}

void MapViewport::zoomAt(double factor, QPointF anchorPx)
{
    const QPointF before = fromScreen(anchorPx);
    const double s = clampScale(m_scale * factor);
    if (s == m_scale)
        return;
    m_scale = s;
    const QPointF after = fromScreen(anchorPx);
    m_center += before - after;
    Q_EMIT viewChanged();
}

void MapViewport::panByPixels(QPointF d)
{
    if (d.isNull())
        return;
    m_center += QPointF(-d.x() / m_scale, d.y() / m_scale);
    Q_EMIT viewChanged();
}

void MapViewport::setView(QPointF center, double scale)
{
    m_center = center;
    m_scale = clampScale(scale);
    Q_EMIT viewChanged();
}

} // namespace cityops::ui
