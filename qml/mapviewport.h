// MapViewport: the map's projection and view. Lon/lat become local metres (x east, y north) around an
// origin with the local scale of Web Mercator at the origin's latitude (an equirectangular projection with
// cos(lat0) on longitude: conformal at the city's latitude, error well under 0.5 % across a city). The view
// is a centre in metres and a scale in pixels per metre; every layer of a CityMap reads the same viewport.
//
// Threading: GUI thread only (the layers copy what their render-thread nodes need in updatePaintNode).
#pragma once

#include <QMatrix4x4>
#include <QObject>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QtQml/qqmlregistration.h>

namespace cityops::ui {

class MapViewport : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("The viewport belongs to a CityMap")
    Q_PROPERTY(double scale READ scale NOTIFY viewChanged)                 ///< pixels per metre
    Q_PROPERTY(double metresPerPixel READ metresPerPixel NOTIFY viewChanged)
    Q_PROPERTY(QPointF center READ center NOTIFY viewChanged)              ///< metres from the origin
    Q_PROPERTY(QSizeF size READ size NOTIFY viewChanged)

public:
    explicit MapViewport(QObject *parent = nullptr);

    // Projection.
    void setOrigin(double lon0, double lat0);
    double originLon() const { return m_lon0; }
    double originLat() const { return m_lat0; }
    QPointF project(double lon, double lat) const { return {(lon - m_lon0) * m_kx, (lat - m_lat0) * m_ky}; }
    QPointF unproject(QPointF m) const { return {m.x() / m_kx + m_lon0, m.y() / m_ky + m_lat0}; }
    /// Projected rectangle (y up: top() is the southern edge) of a lon/lat box.
    QRectF projectBox(double minLon, double minLat, double maxLon, double maxLat) const;

    // View.
    double scale() const { return m_scale; }
    double metresPerPixel() const { return 1.0 / m_scale; }
    QPointF center() const { return m_center; }
    QSizeF size() const { return m_size; }
    void setSize(QSizeF size);
    void setScaleLimits(double minScale, double maxScale);
    QPointF toScreen(QPointF metres) const
    {
        return {(metres.x() - m_center.x()) * m_scale + m_size.width() / 2,
                (m_center.y() - metres.y()) * m_scale + m_size.height() / 2};
    }
    QPointF fromScreen(QPointF px) const
    {
        return {(px.x() - m_size.width() / 2) / m_scale + m_center.x(),
                m_center.y() - (px.y() - m_size.height() / 2) / m_scale};
    }
    /// The matrix a QSGTransformNode applies to geometry in metres.
    QMatrix4x4 worldToScreen() const;
    /// The part of the world (metres) the view shows.
    QRectF visibleWorld() const;

    Q_INVOKABLE QPointF lonLatToScreen(double lon, double lat) const { return toScreen(project(lon, lat)); }
    Q_INVOKABLE QPointF screenToLonLat(QPointF px) const { return unproject(fromScreen(px)); }

    /// Shows `world` (metres) whole, centred, with `marginPx` free around it.
    void fitWorld(const QRectF &world, double marginPx);
    /// Zooms by `factor` keeping the world point under `anchorPx` where it is.
    void zoomAt(double factor, QPointF anchorPx);
    void panByPixels(QPointF deltaPx);
    void setView(QPointF center, double scale);

Q_SIGNALS:
    void viewChanged();

private:
    double clampScale(double s) const;

    double m_lon0 = 0, m_lat0 = 0;
    double m_kx = 111320.0, m_ky = 111320.0; ///< metres per degree
    QPointF m_center;
    double m_scale = 0.05;
    double m_minScale = 1e-4, m_maxScale = 20.0;
    QSizeF m_size{1, 1};
};

} // namespace cityops::ui
