#include "trafficlayer.h"

#include "citymap.h"
#include "colorednode.h"
#include "mapdata.h"
#include "mapviewport.h"
#include "thickline.h"

#include <QSGFlatColorMaterial>
#include <QSGGeometryNode>
#include <QSGOpacityNode>
#include <QSGTransformNode>
#include <QSGVertexColorMaterial>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cityops::ui {

namespace {

using mapstyle::Rgba8;

// Above this scale (px per metre) the two directions of a road are drawn apart, with arrows.
constexpr double kDirectionsScale = 0.6;
// Positions are rewritten when the scale leaves this band around the one they were built for.
constexpr double kRebuildBand = 1.15;

void setColour(QSGGeometry::ColoredPoint2D &v, Rgba8 c)
{
    v.r = c.r;
    v.g = c.g;
    v.b = c.b;
    v.a = c.a;
}

struct TrafficNode : QSGNode {
    QSGTransformNode *transform = new QSGTransformNode;
    ColoredNode *lines[2] = {new ColoredNode, new ColoredNode}; // all roads; second directions
    // Opacity 0 (the renderer skips the subtree) at city scale: the second directions and every arrow, which
    // are collapsed to points then and would still cost the rasteriser a degenerate triangle each.
    QSGOpacityNode *second = new QSGOpacityNode;
    ColoredNode *arrows = new ColoredNode;
    ColoredNode *incidents = new ColoredNode;
    TrafficNode()
    {
        appendChildNode(transform);
        transform->appendChildNode(lines[0]);
        transform->appendChildNode(second);
        second->appendChildNode(lines[1]);
        second->appendChildNode(arrows);
        appendChildNode(incidents);
    }
};

// A warning triangle with an exclamation mark, centred at c (screen px).
void writeIncident(QPointF c, float size, QSGGeometry::ColoredPoint2D *v, std::uint32_t base, std::uint32_t *idx)
{
    const auto x = static_cast<float>(c.x()), y = static_cast<float>(c.y());
    const Rgba8 dark = mapstyle::premultiplied(0xff111111), light = mapstyle::premultiplied(0xffffffff);
    auto tri = [&](float s, Rgba8 col, int at) {
        const float h = s * 0.866f;
        v[at + 0].set(x, y - h * 0.62f, col.r, col.g, col.b, col.a);
        v[at + 1].set(x - s / 2, y + h * 0.38f, col.r, col.g, col.b, col.a);
        v[at + 2].set(x + s / 2, y + h * 0.38f, col.r, col.g, col.b, col.a);
    };
    auto quad = [&](float x0, float y0, float x1, float y1, Rgba8 col, int at) {
        v[at + 0].set(x0, y0, col.r, col.g, col.b, col.a);
        v[at + 1].set(x1, y0, col.r, col.g, col.b, col.a);
        v[at + 2].set(x0, y1, col.r, col.g, col.b, col.a);
        v[at + 3].set(x1, y1, col.r, col.g, col.b, col.a);
    };
    tri(size + 6, dark, 0);
    tri(size, light, 3);
    const float w = size * 0.07f;
    quad(x - w, y - size * 0.30f, x + w, y + size * 0.05f, dark, 6);
    quad(x - w, y + size * 0.12f, x + w, y + size * 0.12f + 2 * w, dark, 10);
    const std::uint32_t pattern[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 7, 9, 8, 10, 11, 12, 11, 13, 12};
    for (int k = 0; k < 18; ++k)
        idx[k] = base + pattern[k];
}

} // namespace

TrafficLayer::TrafficLayer(CityMap *map, QQuickItem *parent)
    : MapLayer(map, parent)
{
    updateLegend();
}

double TrafficLayer::widthPx(int lanes, double scale)
{
    // Thin enough at city scale that 3,000 links stay apart, growing slower than the zoom.
    const double zoom = std::clamp(std::sqrt(scale / 0.07), 0.85, 4.0);
    return (1.1 + 0.6 * std::clamp(lanes, 1, 6)) * zoom;
}

float TrafficLayer::halfWidthWorld(const Link &l, double scale) const
{
    return static_cast<float>(widthPx(l.lanes, scale) / 2 / scale);
}

float TrafficLayer::offsetWorld(const Link &l, double scale, bool directions) const
{
    if (!directions || !l.twoWay)
        return 0.0f;
    return halfWidthWorld(l, scale) + static_cast<float>(0.75 / scale);
}

int TrafficLayer::linkOfEntity(int entity) const
{
    return entity >= 0 && static_cast<std::size_t>(entity) < m_linkOfEntity.size() ? m_linkOfEntity[entity] : -1;
}

void TrafficLayer::scenarioChanged()
{
    m_links.clear();
    m_points.clear();
    m_drawOrder.clear();
    m_linkOfEntity.clear();
    m_cellStart.clear();
    m_cellLinks.clear();
    m_vertexTotal = 0;
    m_lodPoints.clear();
    m_lodVertices[0] = m_lodVertices[1] = m_lodIndices[0] = m_lodIndices[1] = 0;
    const MapData *md = mapData();
    const auto *scenario = md ? md->scenario().get() : nullptr;
    if (scenario) {
        const MapViewport &vp = viewport();
        m_linkOfEntity.assign(scenario->city->size(), -1);
        m_links.reserve(scenario->links.size());
        for (std::size_t i = 0; i < scenario->links.size(); ++i) {
            const auto &g = scenario->links[i];
            const auto &e = scenario->city->entity(g.entity);
            Link l;
            l.entity = g.entity;
            l.lanes = e.lanes;
            l.twoWay = !g.reverseLink.empty();
            l.firstPoint = static_cast<std::uint32_t>(m_points.size());
            for (const auto &p : g.points) {
                const QPointF m = vp.project(p.lon, p.lat);
                m_points.emplace_back(static_cast<float>(m.x()), static_cast<float>(m.y()));
            }
            l.pointCount = static_cast<std::uint32_t>(g.points.size());
            if (l.pointCount < 2) { // keep indexing simple: a degenerate link draws nothing
                m_points.resize(l.firstPoint);
                l.pointCount = 0;
            }
            // Middle by length.
            float total = 0;
            for (std::uint32_t k = 1; k < l.pointCount; ++k)
                total += (m_points[l.firstPoint + k] - m_points[l.firstPoint + k - 1]).length();
            float walked = 0;
            l.mid = l.pointCount ? m_points[l.firstPoint] : QVector2D();
            l.midDir = QVector2D(1, 0);
            for (std::uint32_t k = 1; k < l.pointCount; ++k) {
                const QVector2D a = m_points[l.firstPoint + k - 1], b = m_points[l.firstPoint + k];
                const float len = (b - a).length();
                if (walked + len >= total / 2 && len > 0) {
                    l.mid = a + (b - a) * ((total / 2 - walked) / len);
                    l.midDir = (b - a) / len;
                    break;
                }
                walked += len;
            }
            m_linkOfEntity[g.entity] = static_cast<int>(i);
            m_links.push_back(l);
        }
        for (std::size_t i = 0; i < m_links.size(); ++i)
            if (const auto *rev = scenario->linkGeometry(scenario->links[i].reverseLink))
                m_links[i].reverse = m_linkOfEntity[rev->entity];
        m_drawOrder.resize(m_links.size());
        std::iota(m_drawOrder.begin(), m_drawOrder.end(), 0u);
        std::stable_sort(m_drawOrder.begin(), m_drawOrder.end(),
                         [this](std::uint32_t a, std::uint32_t b) { return m_links[a].lanes < m_links[b].lanes; });
        for (std::size_t i = 0; i < m_links.size(); ++i) {
            Link &l = m_links[i];
            // While the directions lie on top of each other only one of a pair is drawn (in the worse
            // colour, see computeColours()): the second one goes to a node that is shown when zoomed in.
            l.node = l.reverse >= 0 && static_cast<std::size_t>(l.reverse) < i ? 1 : 0;
            m_vertexTotal += thickline::vertexCount(l.pointCount);
        }
        // Hit-test grid: links listed in every cell their segments' boxes touch (CSR layout).
        QRectF box;
        for (const auto &p : m_points)
            box |= QRectF(p.toPointF(), QSizeF(1e-3, 1e-3));
        m_gridOrigin = box.topLeft();
        m_cellM = std::max(100.0, std::sqrt(box.width() * box.height() / std::max<std::size_t>(1, m_links.size())));
        m_gridCols = static_cast<int>(box.width() / m_cellM) + 1;
        m_gridRows = static_cast<int>(box.height() / m_cellM) + 1;
        std::vector<std::vector<std::uint32_t>> cells(static_cast<std::size_t>(m_gridCols) * m_gridRows);
        for (std::uint32_t i = 0; i < m_links.size(); ++i) {
            const Link &l = m_links[i];
            int last = -1;
            for (std::uint32_t k = 1; k < l.pointCount; ++k) {
                const QVector2D a = m_points[l.firstPoint + k - 1], b = m_points[l.firstPoint + k];
                const int c0 = static_cast<int>((std::min(a.x(), b.x()) - m_gridOrigin.x()) / m_cellM);
                const int c1 = static_cast<int>((std::max(a.x(), b.x()) - m_gridOrigin.x()) / m_cellM);
                const int r0 = static_cast<int>((std::min(a.y(), b.y()) - m_gridOrigin.y()) / m_cellM);
                const int r1 = static_cast<int>((std::max(a.y(), b.y()) - m_gridOrigin.y()) / m_cellM);
                for (int r = std::max(0, r0); r <= std::min(m_gridRows - 1, r1); ++r)
                    for (int c = std::max(0, c0); c <= std::min(m_gridCols - 1, c1); ++c) {
                        const int cell = r * m_gridCols + c;
                        auto &list = cells[static_cast<std::size_t>(cell)];
                        if (cell != last && (list.empty() || list.back() != i))
                            list.push_back(i);
                        last = cell;
                    }
            }
        }
        m_cellStart.reserve(cells.size() + 1);
        m_cellStart.push_back(0);
        for (const auto &list : cells) {
            m_cellLinks.insert(m_cellLinks.end(), list.begin(), list.end());
            m_cellStart.push_back(static_cast<std::uint32_t>(m_cellLinks.size()));
        }
    }
    m_geometryDirty = true;
    computeColours();
    Q_EMIT geometryBuilt();
    update();
}

void TrafficLayer::computeColours()
{
    const MapData *md = mapData();
    const core::CitySnapshot *snap = md ? md->snapshot().get() : nullptr;
    const auto *scenario = md ? md->scenario().get() : nullptr;
    constexpr std::uint8_t kStale = 5, kNoData = 6;
    m_rank.assign(m_links.size(), kNoData);
    m_incidents.clear();
    m_incidentsDirty = true;
    const int horizon = md ? md->trafficPredictionHorizon() : 0;
    if (horizon != m_horizonMin) {
        m_horizonMin = horizon;
        updateLegend();
    }
    if (horizon > 0 && scenario && md->trafficPrediction().size() == m_links.size()) {
        // A prediction: every link by its forecast speed (no forecast: no data).
        const auto &predicted = md->trafficPrediction();
        for (std::size_t i = 0; i < m_links.size(); ++i)
            if (std::isfinite(predicted[i])) {
                const double limit = std::max(1.0, scenario->city->entity(m_links[i].entity).speedLimitKmh);
                m_rank[i] = static_cast<std::uint8_t>(mapstyle::trafficClass(predicted[i] / limit));
            }
    } else if (snap && scenario && snap->entities.size() == scenario->city->size()) {
        for (std::size_t i = 0; i < m_links.size(); ++i) {
            const auto &s = snap->entities[m_links[i].entity];
            if (s.freshness == core::Freshness::NoData || !s.has(0))
                continue;
            if (s.freshness == core::Freshness::Stale) {
                m_rank[i] = kStale;
                continue;
            }
            const double limit = std::max(1.0, scenario->city->entity(m_links[i].entity).speedLimitKmh);
            m_rank[i] = static_cast<std::uint8_t>(mapstyle::trafficClass(s.values[0] / limit));
        }
    }
    // Incidents are today's, on a prediction too.
    if (snap && scenario && snap->entities.size() == scenario->city->size())
        for (const auto &inc : snap->incidents) {
            const int link = linkOfEntity(static_cast<int>(inc.link));
            if (link >= 0 && m_links[link].pointCount)
                m_incidents.push_back({m_links[link].mid, inc.severity, static_cast<int>(inc.link)});
        }
    // While the two directions of a road lie on top of each other, both show the worse one, so that a jam
    // in either direction is never hidden under the other.
    m_colours.resize(m_links.size());
    for (std::size_t i = 0; i < m_links.size(); ++i) {
        std::uint8_t rank = m_rank[i];
        if (!m_directions && m_links[i].reverse >= 0)
            rank = std::min(rank, m_rank[static_cast<std::size_t>(m_links[i].reverse)]);
        const QRgb c = rank < mapstyle::kTraffic.size() ? mapstyle::kTraffic[rank].color
            : rank == kStale                           ? mapstyle::kTrafficStale.color
                                                       : mapstyle::kTrafficNoData.color;
        m_colours[i] = mapstyle::premultiplied(c);
    }
    m_coloursDirty = true;
}

void TrafficLayer::snapshotApplied()
{
    computeColours();
    update();
}

void TrafficLayer::viewChanged()
{
    m_incidentsDirty = true;
    const double s = paintViewport().scale();
    const bool directions = s >= kDirectionsScale;
    if (directions != m_directions) {
        m_directions = directions;
        m_positionsDirty = true;
        computeColours();
        Q_EMIT directionsShownChanged();
    }
    if (m_builtScale <= 0 || s > m_builtScale * kRebuildBand || s < m_builtScale / kRebuildBand)
        m_positionsDirty = true;
    update();
}

void TrafficLayer::languageChanged()
{
    updateLegend();
}

void TrafficLayer::updateLegend()
{
    const bool zh = chinese();
    std::vector<LegendModel::Entry> entries;
    for (auto it = mapstyle::kTraffic.rbegin(); it != mapstyle::kTraffic.rend(); ++it)
        entries.push_back({it->label.in(zh), QColor::fromRgba(it->color), Qt::transparent, QStringLiteral("line")});
    entries.push_back({mapstyle::kTrafficStale.label.in(zh), QColor::fromRgba(mapstyle::kTrafficStale.color),
                       Qt::transparent, QStringLiteral("line")});
    entries.push_back({mapstyle::kTrafficNoData.label.in(zh), QColor::fromRgba(mapstyle::kTrafficNoData.color),
                       Qt::transparent, QStringLiteral("line")});
    entries.push_back({mapstyle::kIncident.label.in(zh), Qt::white, QColor(0x11, 0x11, 0x11),
                       QStringLiteral("triangle")});
    if (m_horizonMin > 0)
        m_legend.setTitle(zh ? QStringLiteral("预测 %1 分钟后车速（占限速比例）").arg(m_horizonMin)
                             : QStringLiteral("Road speed predicted in %1 min (share of limit)").arg(m_horizonMin));
    else
        m_legend.setTitle(zh ? QStringLiteral("道路车速（占限速比例）") : QStringLiteral("Road speed (share of limit)"));
    m_legend.setEntries(std::move(entries));
}

void TrafficLayer::rebuildLod(double scale)
{
    const float tolerance = static_cast<float>(1.0 / scale);
    m_lodPoints.clear();
    m_lodPoints.reserve(m_points.size());
    m_lodVertices[0] = m_lodVertices[1] = m_lodIndices[0] = m_lodIndices[1] = 0;
    std::vector<std::uint8_t> keep;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> stack;
    for (Link &l : m_links) {
        l.lodFirst = static_cast<std::uint32_t>(m_lodPoints.size());
        const QVector2D *p = m_points.data() + l.firstPoint;
        if (l.pointCount <= 2) {
            m_lodPoints.insert(m_lodPoints.end(), p, p + l.pointCount);
        } else {
            keep.assign(l.pointCount, 0);
            keep.front() = keep.back() = 1;
            stack.assign(1, {0u, l.pointCount - 1});
            while (!stack.empty()) {
                const auto [a, b] = stack.back();
                stack.pop_back();
                float worst = 0;
                std::uint32_t at = a;
                for (std::uint32_t k = a + 1; k < b; ++k) {
                    const float dist = thickline::distanceToSegment(p[k], p[a], p[b]);
                    if (dist > worst) {
                        worst = dist;
                        at = k;
                    }
                }
                if (worst > tolerance) {
                    keep[at] = 1;
                    stack.push_back({a, at});
                    stack.push_back({at, b});
                }
            }
            for (std::uint32_t k = 0; k < l.pointCount; ++k)
                if (keep[k])
                    m_lodPoints.push_back(p[k]);
        }
        l.lodCount = static_cast<std::uint32_t>(m_lodPoints.size()) - l.lodFirst;
        l.firstVertex = static_cast<std::uint32_t>(m_lodVertices[l.node]);
        m_lodVertices[l.node] += thickline::vertexCount(l.lodCount);
        m_lodIndices[l.node] += thickline::indexCount(l.lodCount);
    }
}

QPointF TrafficLayer::linkScreenPosition(int link) const
{
    if (link < 0 || static_cast<std::size_t>(link) >= m_links.size())
        return {-1, -1};
    const Link &l = m_links[link];
    const double s = viewport().scale();
    const QVector2D n(l.midDir.y(), -l.midDir.x());
    const QVector2D p = l.mid + n * offsetWorld(l, s, m_directions);
    return viewport().toScreen(p.toPointF());
}

MapLayer::Hit TrafficLayer::hitTest(QPointF px) const
{
    Hit best;
    if (m_links.empty() || !isVisible())
        return best;
    const MapViewport &vp = viewport();
    const double s = vp.scale();
    // Incidents first: their markers sit on top.
    for (const auto &m : m_incidents) {
        const QPointF c = vp.toScreen(m.world.toPointF());
        const double dist = std::hypot(c.x() - px.x(), c.y() - px.y());
        if (dist < 14 && dist < best.distancePx)
            best = {m.entity, dist};
    }
    if (best.entity >= 0)
        return best;
    const QPointF w = vp.fromScreen(px);
    const QVector2D p(static_cast<float>(w.x()), static_cast<float>(w.y()));
    const double slackPx = 4.0;
    const double radius = (widthPx(6, s) / 2 + slackPx) / s;
    const int c0 = std::max(0, static_cast<int>((w.x() - radius - m_gridOrigin.x()) / m_cellM));
    const int c1 = std::min(m_gridCols - 1, static_cast<int>((w.x() + radius - m_gridOrigin.x()) / m_cellM));
    const int r0 = std::max(0, static_cast<int>((w.y() - radius - m_gridOrigin.y()) / m_cellM));
    const int r1 = std::min(m_gridRows - 1, static_cast<int>((w.y() + radius - m_gridOrigin.y()) / m_cellM));
    for (int r = r0; r <= r1; ++r)
        for (int c = c0; c <= c1; ++c) {
            const int cell = r * m_gridCols + c;
            for (std::uint32_t k = m_cellStart[cell]; k < m_cellStart[cell + 1]; ++k) {
                const Link &l = m_links[m_cellLinks[k]];
                const float off = offsetWorld(l, s, m_directions);
                for (std::uint32_t i = 1; i < l.pointCount; ++i) {
                    const QVector2D a = m_points[l.firstPoint + i - 1], b = m_points[l.firstPoint + i];
                    const QVector2D seg = b - a;
                    const float len = seg.length();
                    if (len <= 0)
                        continue;
                    const QVector2D n(seg.y() / len, -seg.x() / len);
                    const double dist = thickline::distanceToSegment(p, a + n * off, b + n * off) * s;
                    const double edge = dist - widthPx(l.lanes, s) / 2;
                    if (edge <= slackPx && edge < best.distancePx)
                        best = {static_cast<int>(l.entity), std::max(0.0, edge)};
                }
            }
        }
    return best;
}

QSGNode *TrafficLayer::updatePaintNode(QSGNode *old, UpdatePaintNodeData *)
{
    auto *node = static_cast<TrafficNode *>(old);
    if (!node)
        node = new TrafficNode;
    const MapViewport &vp = paintViewport();
    setMatrixIfChanged(node->transform, vp.worldToScreen());

    if (m_geometryDirty) {
        // Arrows: one triangle per two-way link, allocated once per scenario.
        std::size_t arrows = 0;
        for (const Link &l : m_links)
            arrows += (l.twoWay && l.pointCount) ? 1 : 0;
        node->arrows->reset(3 * arrows, 3 * arrows);
        std::uint32_t *aidx = node->arrows->geometry()->indexDataAsUInt();
        for (std::uint32_t k = 0; k < 3 * arrows; ++k)
            aidx[k] = k;
        auto *av = node->arrows->geometry()->vertexDataAsColoredPoint2D();
        const Rgba8 arrow = mapstyle::premultiplied(0xd0101010);
        for (std::size_t k = 0; k < 3 * arrows; ++k)
            setColour(av[k], arrow);
        m_geometryDirty = false;
        m_positionsDirty = true;
        ++m_geometryBuilds;
    }

    if (m_positionsDirty) {
        const double s = vp.scale();
        rebuildLod(s);
        for (int n = 0; n < 2; ++n)
            node->lines[n]->reset(m_lodVertices[n], m_lodIndices[n]);
        QSGGeometry::ColoredPoint2D *v[2] = {node->lines[0]->geometry()->vertexDataAsColoredPoint2D(),
                                             node->lines[1]->geometry()->vertexDataAsColoredPoint2D()};
        std::uint32_t *idx[2] = {node->lines[0]->geometry()->indexDataAsUInt(),
                                 node->lines[1]->geometry()->indexDataAsUInt()};
        for (std::uint32_t i : m_drawOrder) { // indices in draw order: major roads on top
            const Link &l = m_links[i];
            thickline::writeIndices(l.firstVertex, l.lodCount, idx[l.node]);
            idx[l.node] += thickline::indexCount(l.lodCount);
        }
        auto *av = node->arrows->geometry()->vertexDataAsColoredPoint2D();
        std::size_t a = 0;
        for (const Link &l : m_links) {
            if (!l.pointCount)
                continue;
            const float hw = halfWidthWorld(l, s);
            const float off = offsetWorld(l, s, m_directions);
            thickline::writePositions({m_lodPoints.data() + l.lodFirst, l.lodCount}, hw, off, v[l.node] + l.firstVertex);
            if (l.twoWay) {
                const QVector2D n(l.midDir.y(), -l.midDir.x());
                const QVector2D c = l.mid + n * off;
                // Shown only when the directions are apart; otherwise collapsed to a point.
                const float len = m_directions ? hw * 2.4f : 0.0f, half = m_directions ? hw * 0.75f : 0.0f;
                const QVector2D tip = c + l.midDir * (len / 2), back = c - l.midDir * (len / 2);
                const QVector2D p1 = back + n * half, p2 = back - n * half;
                av[a].x = tip.x();
                av[a].y = tip.y();
                av[a + 1].x = p1.x();
                av[a + 1].y = p1.y();
                av[a + 2].x = p2.x();
                av[a + 2].y = p2.y();
                a += 3;
            }
        }
        node->arrows->changed();
        m_builtScale = s;
        m_positionsDirty = false;
        m_coloursDirty = true;
        node->second->setOpacity(m_directions ? 1.0 : 0.0);
    }

    if (m_coloursDirty) {
        QSGGeometry::ColoredPoint2D *v[2] = {node->lines[0]->geometry()->vertexDataAsColoredPoint2D(),
                                             node->lines[1]->geometry()->vertexDataAsColoredPoint2D()};
        // The second directions are hidden (opacity 0) until zoomed in: recoloured when they show.
        const bool second = m_directions;
        for (std::size_t i = 0; i < m_links.size(); ++i) {
            const Link &l = m_links[i];
            if (l.node == 1 && !second)
                continue;
            const Rgba8 c = m_colours[i];
            const std::size_t end = l.firstVertex + thickline::vertexCount(l.lodCount);
            for (std::size_t k = l.firstVertex; k < end; ++k)
                setColour(v[l.node][k], c);
        }
        m_coloursDirty = false;
        ++m_colourUpdates;
        node->lines[0]->changed();
        if (second)
            node->lines[1]->changed();
    }

    // Incident markers: in pixels, a handful, rebuilt when they or the view they are drawn for change.
    if (m_incidentsDirty) {
        m_incidentsDirty = false;
        const std::size_t n = m_incidents.size();
        node->incidents->resize(14 * n, 18 * n);
        QSGGeometry *g = node->incidents->geometry();
        auto *v = g->vertexDataAsColoredPoint2D();
        auto *idx = g->indexDataAsUInt();
        for (std::size_t k = 0; k < n; ++k) {
            const float size = 16.0f + 2.0f * static_cast<float>(std::clamp(m_incidents[k].severity, 1, 5));
            writeIncident(vp.toScreen(m_incidents[k].world.toPointF()), size, v + 14 * k,
                          static_cast<std::uint32_t>(14 * k), idx + 18 * k);
        }
        node->incidents->changed();
    }
    return node;
}

} // namespace cityops::ui
