#include "symbollayer.h"

#include "citymap.h"
#include "colorednode.h"
#include "mapdata.h"
#include "mapviewport.h"

#include <QSGGeometryNode>
#include <QSGOpacityNode>
#include <QSGVertexColorMaterial>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cityops::ui {

namespace {

using mapstyle::Rgba8;

constexpr int kVerticesPerSymbol = 8; // outline quad, fill quad
constexpr int kIndicesPerSymbol = 12;
constexpr int kVerticesPerRing = 8;
constexpr int kIndicesPerRing = 24;
constexpr int kPulseSteps = 10;       // one pulse a second at 100 ms a step

struct RingsNode : QSGOpacityNode {
    ColoredNode *rings = new ColoredNode;
    RingsNode() { appendChildNode(rings); }
};

// Four corners of a square (or diamond) of half size h around c, in quad order (tl, tr, bl, br).
void corners(QPointF c, float h, bool diamond, QPointF out[4])
{
    if (diamond) {
        out[0] = {c.x(), c.y() - h};
        out[1] = {c.x() + h, c.y()};
        out[2] = {c.x() - h, c.y()};
        out[3] = {c.x(), c.y() + h};
    } else {
        out[0] = {c.x() - h, c.y() - h};
        out[1] = {c.x() + h, c.y() - h};
        out[2] = {c.x() - h, c.y() + h};
        out[3] = {c.x() + h, c.y() + h};
    }
}

void setPos(QSGGeometry::ColoredPoint2D &v, QPointF p)
{
    v.x = static_cast<float>(p.x());
    v.y = static_cast<float>(p.y());
}

void setColour(QSGGeometry::ColoredPoint2D &v, Rgba8 c)
{
    v.r = c.r;
    v.g = c.g;
    v.b = c.b;
    v.a = c.a;
}

} // namespace

SymbolLayer::SymbolLayer(CityMap *map, core::EntityKind kind, Shape shape, QQuickItem *parent)
    : MapLayer(map, parent)
    , m_kind(kind)
    , m_shape(shape)
{
    m_pulseTimer.setInterval(1000 / kPulseSteps);
    connect(&m_pulseTimer, &QTimer::timeout, this, &SymbolLayer::onPulseTick);
}

int SymbolLayer::highlightedCount() const
{
    return static_cast<int>(std::count(m_highlight.begin(), m_highlight.end(), 1));
}

void SymbolLayer::setPulse(bool on)
{
    if (on == m_pulse)
        return;
    m_pulse = on;
    m_pulseStep = 0;
    refresh();
    Q_EMIT pulseChanged();
}

float SymbolLayer::zoomFactor() const
{
    // The cache's view and the one on screen always share their scale (a zoom moves the cache's anchor).
    return static_cast<float>(std::clamp(std::pow(viewport().scale() / 0.07, 0.25), 1.0, 1.8));
}

void SymbolLayer::scenarioChanged()
{
    m_symbols.clear();
    const MapData *md = mapData();
    if (md && md->scenario()) {
        const auto &city = *md->scenario()->city;
        for (std::uint32_t i = 0; i < city.size(); ++i) {
            const auto &e = city.entity(i);
            if (e.kind == m_kind)
                m_symbols.push_back({i, viewport().project(e.lon, e.lat), baseSize(e)});
        }
    }
    m_buffersDirty = true;
    refresh();
}

int SymbolLayer::predictionHorizon() const
{
    const MapData *md = mapData();
    return md ? md->symbolPredictionHorizon(m_kind) : 0;
}

void SymbolLayer::snapshotApplied()
{
    refresh();
}

void SymbolLayer::refresh()
{
    const MapData *md = mapData();
    const core::CitySnapshot *snap = md ? md->snapshot().get() : nullptr;
    m_fill.resize(m_symbols.size());
    m_highlight.assign(m_symbols.size(), 0);
    const bool predicted = md && md->symbolPredictionHorizon(m_kind) > 0;
    if (predicted != m_showsPrediction) {
        m_showsPrediction = predicted;
        updateLegend();
    }
    for (std::size_t k = 0; k < m_symbols.size(); ++k) {
        const auto &e = md->scenario()->city->entity(m_symbols[k].entity);
        const core::EntityState *s = snap && m_symbols[k].entity < snap->entities.size()
                                         ? &snap->entities[m_symbols[k].entity] : nullptr;
        bool highlight = false;
        if (predicted) {
            const auto &values = md->symbolPrediction(m_kind);
            const double v = m_symbols[k].entity < values.size() ? values[m_symbols[k].entity] : std::nan("");
            m_fill[k] = mapstyle::premultiplied(predictedFill(e, v, highlight));
        } else {
            m_fill[k] = mapstyle::premultiplied(fill(e, s, highlight));
        }
        m_highlight[k] = highlight ? 1 : 0;
    }
    const bool anyHighlight = highlightedCount() > 0;
    if (m_pulse && anyHighlight && !m_pulseTimer.isActive())
        m_pulseTimer.start();
    else if ((!m_pulse || !anyHighlight) && m_pulseTimer.isActive())
        m_pulseTimer.stop();
    m_coloursDirty = true;
    Q_EMIT symbolsChanged();
    update();
    if (companion())
        companion()->update();
}

void SymbolLayer::onPulseTick()
{
    m_pulseStep = (m_pulseStep + 1) % kPulseSteps;
    if (isVisible() && companion())
        companion()->update();
}

void SymbolLayer::viewChanged()
{
    update();
}

void SymbolLayer::screenViewChanged()
{
    if (companion())
        companion()->update();
}

QPointF SymbolLayer::symbolScreenPosition(int i) const
{
    if (i < 0 || static_cast<std::size_t>(i) >= m_symbols.size())
        return {-1, -1};
    return viewport().toScreen(m_symbols[i].world);
}

QPointF SymbolLayer::entityScreenPosition(int entity) const
{
    for (std::size_t k = 0; k < m_symbols.size(); ++k)
        if (static_cast<int>(m_symbols[k].entity) == entity)
            return symbolScreenPosition(static_cast<int>(k));
    return {-1, -1};
}

MapLayer::Hit SymbolLayer::hitTest(QPointF px) const
{
    Hit best;
    if (!isVisible())
        return best;
    const float zf = zoomFactor();
    // Later symbols draw on top, so they win ties.
    for (std::size_t k = 0; k < m_symbols.size(); ++k) {
        const QPointF c = viewport().toScreen(m_symbols[k].world);
        const double h = m_symbols[k].size * zf / 2 + 2;
        const double dx = std::abs(c.x() - px.x()), dy = std::abs(c.y() - px.y());
        const bool inside = m_shape == Shape::Diamond ? dx + dy <= h : std::max(dx, dy) <= h;
        const double dist = std::hypot(dx, dy);
        if (inside && dist <= best.distancePx)
            best = {static_cast<int>(m_symbols[k].entity), dist};
    }
    return best;
}

QSGNode *SymbolLayer::updatePaintNode(QSGNode *old, UpdatePaintNodeData *)
{
    auto *node = static_cast<ColoredNode *>(old);
    if (!node)
        node = new ColoredNode;
    const std::size_t n = m_symbols.size();
    QSGGeometry *g = node->geometry();
    if (m_buffersDirty || static_cast<std::size_t>(g->vertexCount()) != n * kVerticesPerSymbol) {
        node->reset(n * kVerticesPerSymbol, n * kIndicesPerSymbol);
        g = node->geometry();
        std::uint32_t *idx = g->indexDataAsUInt();
        for (std::size_t k = 0; k < 2 * n; ++k) {
            const auto b = static_cast<std::uint32_t>(4 * k);
            const std::uint32_t quad[] = {b, b + 1, b + 2, b + 1, b + 3, b + 2};
            std::copy(std::begin(quad), std::end(quad), idx + 6 * k);
        }
        m_buffersDirty = false;
        m_coloursDirty = true;
    }
    const bool diamond = m_shape == Shape::Diamond;
    const float zf = zoomFactor();
    auto *v = g->vertexDataAsColoredPoint2D();
    const Rgba8 outline = mapstyle::premultiplied(0xff0b0e11);
    const MapViewport &vp = paintViewport();
    for (std::size_t k = 0; k < n; ++k) {
        const QPointF c = vp.toScreen(m_symbols[k].world);
        const float h = m_symbols[k].size * zf / 2;
        QPointF p[4];
        corners(c, h + (diamond ? 2.2f : 1.6f), diamond, p);
        for (int i = 0; i < 4; ++i)
            setPos(v[8 * k + i], p[i]);
        corners(c, h, diamond, p);
        for (int i = 0; i < 4; ++i)
            setPos(v[8 * k + 4 + i], p[i]);
        if (m_coloursDirty)
            for (int i = 0; i < 4; ++i) {
                setColour(v[8 * k + i], outline);
                setColour(v[8 * k + 4 + i], m_fill[k]);
            }
    }
    m_coloursDirty = false;
    node->changed();
    return node;
}

QSGNode *SymbolLayer::paintCompanion(QSGNode *old)
{
    // Rings round the highlighted symbols: a frame between two squares, white, pulsing; on screen.
    auto *node = static_cast<RingsNode *>(old);
    if (!node)
        node = new RingsNode;
    const auto &symbols = m_symbols;
    const auto &highlight = m_highlight;
    const MapViewport &vp = viewport();
    const bool diamond = m_shape == Shape::Diamond;
    const float zf = zoomFactor();
    const std::size_t n = std::min(symbols.size(), highlight.size());
    const auto rings = static_cast<std::size_t>(std::count(highlight.begin(), highlight.begin() + n, 1));
    node->rings->resize(rings * kVerticesPerRing, rings * kIndicesPerRing);
    QSGGeometry *rg = node->rings->geometry();
    auto *rv = rg->vertexDataAsColoredPoint2D();
    auto *ri = rg->indexDataAsUInt();
    const Rgba8 white = mapstyle::premultiplied(0xffffffff);
    std::size_t r = 0;
    for (std::size_t k = 0; k < n; ++k) {
        if (!highlight[k])
            continue;
        const QPointF c = vp.toScreen(symbols[k].world);
        const float h = symbols[k].size * zf / 2;
        QPointF outer[4], inner[4];
        corners(c, h + 7.0f, diamond, outer);
        corners(c, h + 4.0f, diamond, inner);
        // Ring vertices: outer tl,tr,bl,br then inner tl,tr,bl,br; quads along the four sides.
        for (int i = 0; i < 4; ++i) {
            rv[8 * r + i].set(static_cast<float>(outer[i].x()), static_cast<float>(outer[i].y()), white.r, white.g,
                              white.b, white.a);
            rv[8 * r + 4 + i].set(static_cast<float>(inner[i].x()), static_cast<float>(inner[i].y()), white.r,
                                  white.g, white.b, white.a);
        }
        const auto b = static_cast<std::uint32_t>(8 * r);
        // sides: top (0,1 / 4,5), right (1,3 / 5,7), bottom (3,2 / 7,6), left (2,0 / 6,4)
        const std::uint32_t sides[4][2] = {{0, 1}, {1, 3}, {3, 2}, {2, 0}};
        for (int s = 0; s < 4; ++s) {
            const std::uint32_t o0 = b + sides[s][0], o1 = b + sides[s][1];
            const std::uint32_t i0 = o0 + 4, i1 = o1 + 4;
            const std::uint32_t tri[] = {o0, o1, i0, o1, i1, i0};
            std::copy(std::begin(tri), std::end(tri), ri + 24 * r + 6 * s);
        }
        ++r;
    }
    node->rings->changed();
    const double phase = m_pulse ? std::sin(2 * std::numbers::pi * m_pulseStep / kPulseSteps) : 1.0;
    node->setOpacity(m_pulse ? 0.65 + 0.35 * phase : 1.0);
    return node;
}

} // namespace cityops::ui
