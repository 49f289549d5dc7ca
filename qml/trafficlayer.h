// TrafficLayer: every road link as a thick polyline coloured by speed / speed limit (mapstyle.h), width
// from its lanes and the zoom; when zoomed in, the two directions of a road move apart to their right-hand
// side and get direction arrows. Incidents are warning triangles.
//
// Geometry is built once per scenario into one QSGGeometry (ColoredPoint2D, 32-bit indices: the demo city
// alone is past 16 bits' reach in a large deployment and a 16-bit index silently drops vertices). Snapshots
// rewrite only the vertex colours (DirtyGeometry, same buffers); zoom rewrites positions in place only when
// the scale leaves a +-15 % band or the direction offset switches; pan is the transform node's matrix.
//
// A cached layer (maplayer.h): it draws for paintViewport().
//
// Threading: see maplayer.h.
#pragma once

#include "maplayer.h"
#include "mapstyle.h"

#include <QPointF>
#include <QVector2D>

#include <cstdint>
#include <vector>

namespace cityops::ui {

class TrafficLayer : public MapLayer {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Layers belong to a CityMap")
    Q_PROPERTY(int linkCount READ linkCount NOTIFY geometryBuilt)
    Q_PROPERTY(int vertexCount READ vertexCount NOTIFY geometryBuilt)
    Q_PROPERTY(bool directionsShown READ directionsShown NOTIFY directionsShownChanged)

public:
    explicit TrafficLayer(CityMap *map, QQuickItem *parent = nullptr);

    int linkCount() const { return static_cast<int>(m_links.size()); }
    /// Vertices of the full-detail geometry (what the scene holds when zoomed in far enough).
    int vertexCount() const { return static_cast<int>(m_vertexTotal); }
    /// Vertices drawn at the current level of detail, both directions.
    int drawnVertexCount() const { return static_cast<int>(m_lodVertices[0] + m_lodVertices[1]); }
    bool directionsShown() const { return m_directions; }
    /// How many times the link geometry was (re)built and its colours rewritten: tests check that
    /// snapshots only recolour.
    int geometryBuilds() const { return m_geometryBuilds; }
    int colourUpdates() const { return m_colourUpdates; }

    /// Screen position of the middle of a link (index into Scenario::links) as drawn now.
    Q_INVOKABLE QPointF linkScreenPosition(int link) const;
    /// The link (index into Scenario::links) of a model entity, -1 if it is not a link.
    int linkOfEntity(int entity) const;
    /// Line width (px) of a link with `lanes` lanes at `scale` px/m.
    static double widthPx(int lanes, double scale);

    Hit hitTest(QPointF px) const override;
    void scenarioChanged() override;
    void snapshotApplied() override;
    void viewChanged() override;
    void languageChanged() override;

Q_SIGNALS:
    void geometryBuilt();
    void directionsShownChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *) override;

private:
    struct Link {
        std::uint32_t entity = 0;
        std::uint32_t firstPoint = 0, pointCount = 0;
        std::uint32_t firstVertex = 0;     ///< in its node, at the current level of detail
        std::uint32_t lodFirst = 0, lodCount = 0; ///< its simplified points in m_lodPoints
        std::uint8_t node = 0;             ///< 0: drawn always; 1: the second direction of a road
        int lanes = 1;
        bool twoWay = false;
        int reverse = -1; ///< index of the opposite direction, -1 if none
        QVector2D mid, midDir; ///< middle of the polyline by length, and the direction there
    };
    float halfWidthWorld(const Link &l, double scale) const;
    float offsetWorld(const Link &l, double scale, bool directions) const;
    void computeColours();
    void updateLegend();

    // Built per scenario (GUI thread).
    std::vector<Link> m_links;
    std::vector<QVector2D> m_points;
    std::vector<std::uint32_t> m_drawOrder; ///< links by lanes, so major roads draw on top
    std::vector<int> m_linkOfEntity;
    std::size_t m_vertexTotal = 0;
    // Level of detail, rebuilt when the zoom leaves its band: points closer than a pixel to the
    // simplified line are dropped (Douglas-Peucker), so a city-wide view draws a fraction of the triangles.
    void rebuildLod(double scale);
    std::vector<QVector2D> m_lodPoints;
    std::size_t m_lodVertices[2] = {0, 0}, m_lodIndices[2] = {0, 0};
    // Hit-test grid over the link segments.
    double m_cellM = 250.0;
    QPointF m_gridOrigin;
    int m_gridCols = 0, m_gridRows = 0;
    std::vector<std::uint32_t> m_cellStart, m_cellLinks;

    // Per snapshot.
    std::vector<mapstyle::Rgba8> m_colours; ///< per link
    std::vector<std::uint8_t> m_rank;       ///< per link: traffic class, 5 stale, 6 no data
    struct Marker {
        QVector2D world;
        int severity = 1;
        int entity = 0;
    };
    std::vector<Marker> m_incidents;

    // Dirty flags for the render thread.
    bool m_geometryDirty = false, m_positionsDirty = false, m_coloursDirty = false, m_incidentsDirty = false;
    double m_builtScale = 0;
    bool m_directions = false;
    int m_geometryBuilds = 0, m_colourUpdates = 0;
    int m_horizonMin = 0; ///< of the prediction shown, 0 live (the legend's title says which)
};

} // namespace cityops::ui
