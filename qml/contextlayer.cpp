#include "contextlayer.h"

#include "citymap.h"
#include "colorednode.h"
#include "mapdata.h"
#include "mapstyle.h"
#include "mapviewport.h"
#include "thickline.h"

#include <QFont>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QPainterPathStroker>
#include <QQuickWindow>
#include <QSGGeometryNode>
#include <QSGOpacityNode>
#include <QSGSimpleTextureNode>
#include <QSGTransformNode>
#include <QSGVertexColorMaterial>

#include <algorithm>
#include <cmath>

namespace cityops::ui {

namespace {

using mapstyle::Rgba8;

constexpr double kRebuildBand = 1.15;
constexpr int kWaterTextureMax = 2048;

struct ContextNode : QSGNode {
    QSGTransformNode *transform = new QSGTransformNode;
    QSGSimpleTextureNode *water = nullptr; // under transform, created with its texture
    ColoredNode *edges = new ColoredNode;
    ContextNode()
    {
        appendChildNode(transform);
        transform->appendChildNode(edges);
    }
};

struct LabelsNode : QSGNode {
    std::vector<QSGOpacityNode *> labelNodes; ///< children (owned as such), in label order
};

QVector2D ringCentroid(const std::vector<QVector2D> &ring, double &area)
{
    double a = 0, cx = 0, cy = 0;
    for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double cross = double(ring[i].x()) * ring[i + 1].y() - double(ring[i + 1].x()) * ring[i].y();
        a += cross;
        cx += (ring[i].x() + ring[i + 1].x()) * cross;
        cy += (ring[i].y() + ring[i + 1].y()) * cross;
    }
    a /= 2;
    area = std::abs(a);
    if (std::abs(a) < 1e-9)
        return ring.empty() ? QVector2D() : ring.front();
    return QVector2D(static_cast<float>(cx / (6 * a)), static_cast<float>(cy / (6 * a)));
}

bool ringContains(const std::vector<QVector2D> &ring, QVector2D p)
{
    bool inside = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        if (((ring[i].y() > p.y()) != (ring[j].y() > p.y()))
            && p.x() < (ring[j].x() - ring[i].x()) * (p.y() - ring[i].y()) / (ring[j].y() - ring[i].y()) + ring[i].x())
            inside = !inside;
    }
    return inside;
}

} // namespace

ContextLayer::ContextLayer(CityMap *map, QQuickItem *parent)
    : MapLayer(map, parent)
{
    // The context has no colour classes of its own; its legend stays empty.
    m_legend.setTitle(QString());
}

int ContextLayer::placedLabelCount() const
{
    return static_cast<int>(std::count_if(m_labels.begin(), m_labels.end(), [](const Label &l) { return l.placed; }));
}

QVariantList ContextLayer::placedLabelRects() const
{
    QVariantList out;
    for (const auto &l : m_labels)
        if (l.placed)
            out << (companion() ? companion()->mapRectToItem(map(), l.rect) : l.rect);
    return out;
}

QStringList ContextLayer::placedLabelTexts() const
{
    QStringList out;
    for (const auto &l : m_labels)
        if (l.placed)
            out << l.text;
    return out;
}

void ContextLayer::scenarioChanged()
{
    m_labels.clear();
    m_points.clear();
    m_rings.clear();
    m_vertexTotal = m_indexTotal = 0;
    m_water = QImage();
    const MapData *md = mapData();
    const core::Scenario *s = md ? md->scenario().get() : nullptr;
    if (s) {
        const MapViewport &vp = viewport();
        auto project = [&](const core::GeoRing &ring) {
            std::vector<QVector2D> out;
            out.reserve(ring.size());
            for (const auto &p : ring) {
                const QPointF m = vp.project(p.lon, p.lat);
                out.emplace_back(static_cast<float>(m.x()), static_cast<float>(m.y()));
            }
            return out;
        };
        auto addLabel = [&](const std::vector<core::GeoPolygon> &polygons, int style, int priority, std::size_t source) {
            // Anchor in the largest polygon: its centroid, or (a bent river) the ring point nearest to it.
            double bestArea = -1;
            QVector2D anchor;
            for (const auto &poly : polygons) {
                const auto ring = project(poly.outer);
                if (ring.size() < 3)
                    continue;
                double area = 0;
                QVector2D c = ringCentroid(ring, area);
                if (!ringContains(ring, c)) {
                    const auto it = std::min_element(ring.begin(), ring.end(), [&](QVector2D a, QVector2D b) {
                        return (a - c).lengthSquared() < (b - c).lengthSquared();
                    });
                    c = *it;
                }
                if (area > bestArea) {
                    bestArea = area;
                    anchor = c;
                }
            }
            if (bestArea < 0)
                return false;
            Label l;
            l.anchor = anchor;
            l.style = style;
            l.priority = priority;
            l.area = bestArea;
            l.source = source;
            m_labels.push_back(std::move(l));
            return true;
        };
        for (std::size_t di = 0; di < s->districts.size(); ++di) {
            const auto &district = s->districts[di];
            const bool zone = district.kind == "functional_zone";
            for (const auto &poly : district.polygons) {
                const auto ring = project(poly.outer);
                if (ring.size() < 2)
                    continue;
                Ring r;
                r.firstPoint = static_cast<std::uint32_t>(m_points.size());
                r.pointCount = static_cast<std::uint32_t>(ring.size());
                r.firstVertex = static_cast<std::uint32_t>(m_vertexTotal);
                r.zone = zone;
                m_points.insert(m_points.end(), ring.begin(), ring.end());
                m_vertexTotal += thickline::vertexCount(ring.size());
                m_indexTotal += thickline::indexCount(ring.size());
                m_rings.push_back(r);
            }
            addLabel(district.polygons, zone ? 1 : 0, zone ? 2 : 3, di);
        }
        for (std::size_t wi = 0; wi < s->waterBodies.size(); ++wi)
            addLabel(s->waterBodies[wi].polygons, 2, s->waterBodies[wi].kind == "lake" ? 1 : 0,
                     s->districts.size() + wi);
        // Stable, by priority then size: the greedy placement takes them in this order.
        std::vector<std::size_t> order(m_labels.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [this](std::size_t a, std::size_t b) {
            if (m_labels[a].priority != m_labels[b].priority)
                return m_labels[a].priority > m_labels[b].priority;
            return m_labels[a].area > m_labels[b].area;
        });
        std::vector<Label> sorted;
        sorted.reserve(order.size());
        for (std::size_t i : order)
            sorted.push_back(std::move(m_labels[i]));
        m_labels = std::move(sorted);

        // Water bodies, painted once into a world-aligned image over the scenario's extent.
        QRectF world;
        for (const auto &w : s->waterBodies)
            for (const auto &poly : w.polygons)
                for (const auto &p : poly.outer)
                    world |= QRectF(vp.project(p.lon, p.lat), QSizeF(1e-3, 1e-3));
        if (world.isValid() && world.width() > 1 && world.height() > 1) {
            world.adjust(-50, -50, 50, 50);
            const double res = std::max(world.width(), world.height()) / kWaterTextureMax; // metres per texel
            m_water = QImage(static_cast<int>(std::ceil(world.width() / res)),
                             static_cast<int>(std::ceil(world.height() / res)), QImage::Format_ARGB32_Premultiplied);
            m_water.fill(Qt::transparent);
            QPainter p(&m_water);
            p.setRenderHint(QPainter::Antialiasing);
            auto toImage = [&](const core::GeoPoint &g) {
                const QPointF m = vp.project(g.lon, g.lat);
                return QPointF((m.x() - world.left()) / res, (world.bottom() - m.y()) / res);
            };
            QPainterPath path;
            path.setFillRule(Qt::OddEvenFill);
            for (const auto &w : s->waterBodies)
                for (const auto &poly : w.polygons) {
                    QPolygonF outer;
                    for (const auto &g : poly.outer)
                        outer << toImage(g);
                    path.addPolygon(outer);
                    for (const auto &hole : poly.holes) {
                        QPolygonF h;
                        for (const auto &g : hole)
                            h << toImage(g);
                        path.addPolygon(h);
                    }
                }
            p.setPen(QPen(QColor::fromRgba(mapstyle::kWaterEdge), 1.5));
            p.setBrush(QColor::fromRgba(mapstyle::kWaterFill));
            p.drawPath(path);
            m_waterWorld = world;
        }
    }
    m_geometryDirty = m_waterDirty = true;
    renderLabels();
    placeLabels();
    update();
}

void ContextLayer::renderLabels()
{
    const MapData *md = mapData();
    const core::Scenario *s = md ? md->scenario().get() : nullptr;
    const bool zh = chinese();
    const qreal dpr = window() ? window()->effectiveDevicePixelRatio() : 1.0;
    const std::size_t districtCount = s ? s->districts.size() : 0;
    for (std::size_t k = 0; k < m_labels.size(); ++k) {
        Label &l = m_labels[k];
        const std::size_t src = l.source;
        if (src < districtCount) {
            const auto &dd = s->districts[src];
            l.text = QString::fromStdString(zh ? dd.nameZh : dd.nameEn);
        } else {
            const auto &w = s->waterBodies[src - districtCount];
            l.text = QString::fromStdString(zh ? w.nameZh : w.nameEn);
        }
        QFont font;
        font.setPixelSize(l.style == 0 ? 22 : l.style == 1 ? 17 : 16);
        font.setWeight(l.style == 0 ? QFont::DemiBold : QFont::Normal);
        font.setItalic(l.style == 2 && !zh);
        font.setLetterSpacing(QFont::AbsoluteSpacing, l.style == 0 && !zh ? 1.0 : 0.0);
        const QString text = l.style == 0 && !zh ? l.text.toUpper() : l.text;
        const QFontMetricsF fm(font);
        const double halo = 3.0;
        l.size = QSizeF(std::ceil(fm.horizontalAdvance(text) + 2 * halo + 2), std::ceil(fm.height() + 2 * halo));
        l.image = QImage((l.size * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
        l.image.setDevicePixelRatio(dpr);
        l.image.fill(Qt::transparent);
        QPainter p(&l.image);
        p.setRenderHint(QPainter::Antialiasing);
        QPainterPath path;
        path.addText(QPointF(halo + 1, halo + fm.ascent()), font, text);
        QPainterPathStroker stroker;
        stroker.setWidth(2 * halo);
        stroker.setJoinStyle(Qt::RoundJoin);
        p.fillPath(stroker.createStroke(path), QColor(10, 12, 15, 215));
        const QRgb colour = l.style == 2 ? mapstyle::kWaterLabel : l.style == 1 ? 0xffaab8c4 : mapstyle::kDistrictLabel;
        p.fillPath(path, QColor::fromRgba(colour));
    }
    m_labelsDirty = true;
    if (companion())
        companion()->update();
}

void ContextLayer::setReservedRect(const QRectF &r)
{
    if (r == m_reserved)
        return;
    m_reserved = r;
    placeLabels();
    Q_EMIT reservedRectChanged();
}

void ContextLayer::placeLabels()
{
    // For the view the names are drawn for (the cache's anchor): they move with the map while it pans.
    // Inside the map as it lies over the cache now (at the anchor, the cache less its margins).
    const MapViewport &vp = paintViewport();
    const QRectF bounds = companion() ? companion()->mapRectFromItem(map(), map()->boundingRect())
                                      : QRectF(QPointF(0, 0), vp.size());
    const QRectF reserved = m_reserved.isValid() && companion() ? companion()->mapRectFromItem(map(), m_reserved)
                                                                : m_reserved;
    std::vector<QRectF> taken;
    for (auto &l : m_labels) {
        const QPointF c = vp.toScreen(l.anchor.toPointF());
        const QRectF r(c.x() - l.size.width() / 2, c.y() - l.size.height() / 2, l.size.width(), l.size.height());
        const QRectF padded = r.adjusted(-4, -2, 4, 2);
        l.placed = bounds.contains(r) && !(reserved.isValid() && reserved.intersects(padded))
            && std::none_of(taken.begin(), taken.end(), [&](const QRectF &t) { return t.intersects(padded); });
        if (l.placed) {
            l.rect = r;
            taken.push_back(padded);
        }
    }
    if (companion())
        companion()->update();
    Q_EMIT labelsPlaced();
}

void ContextLayer::viewChanged()
{
    const double s = paintViewport().scale();
    if (m_builtScale <= 0 || s > m_builtScale * kRebuildBand || s < m_builtScale / kRebuildBand)
        m_positionsDirty = true;
    placeLabels();
    update();
}

void ContextLayer::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    MapLayer::geometryChange(newGeometry, oldGeometry);
    placeLabels();
}

void ContextLayer::languageChanged()
{
    renderLabels();
    placeLabels();
    update();
}

QSGNode *ContextLayer::updatePaintNode(QSGNode *old, UpdatePaintNodeData *)
{
    auto *node = static_cast<ContextNode *>(old);
    if (!node)
        node = new ContextNode;
    const MapViewport &vp = paintViewport();
    setMatrixIfChanged(node->transform, vp.worldToScreen());

    if (m_waterDirty) {
        m_waterDirty = false;
        delete node->water;
        node->water = nullptr;
        if (!m_water.isNull()) {
            node->water = new QSGSimpleTextureNode;
            node->water->setOwnsTexture(true);
            node->water->setFiltering(QSGTexture::Linear);
            node->water->setTextureCoordinatesTransform(QSGSimpleTextureNode::MirrorVertically);
            node->water->setTexture(window()->createTextureFromImage(m_water, QQuickWindow::TextureHasAlphaChannel));
            node->water->setRect(m_waterWorld);
            node->transform->prependChildNode(node->water);
        }
    }

    if (m_geometryDirty || m_positionsDirty) {
        // Boundaries are dashed (so that they never read as roads), with dashes of constant pixel length:
        // rebuilt when the zoom leaves its band, a few thousand quads at most.
        m_geometryDirty = m_positionsDirty = false;
        const double s = vp.scale();
        // 10 px dashes, 6 px gaps; zoomed far in, longer ones so that the count stays bounded.
        double total = 0;
        for (const Ring &r : m_rings)
            for (std::uint32_t k = 1; k < r.pointCount; ++k)
                total += (m_points[r.firstPoint + k] - m_points[r.firstPoint + k - 1]).length();
        const double period = std::max(16.0 / s, total / 20000.0);
        const float dash = static_cast<float>(period * 10 / 16), gap = static_cast<float>(period * 6 / 16);
        struct Dash {
            QVector2D a, b;
            bool zone;
        };
        std::vector<Dash> dashes;
        for (const Ring &r : m_rings) {
            bool on = true;
            float left = dash; // of the current dash or gap
            for (std::uint32_t k = 1; k < r.pointCount; ++k) {
                const QVector2D p0 = m_points[r.firstPoint + k - 1], p1 = m_points[r.firstPoint + k];
                const float len = (p1 - p0).length();
                if (!(len > 0))
                    continue;
                const QVector2D dir = (p1 - p0) / len;
                float at = 0;
                while (at < len) {
                    const float step = std::min(left, len - at);
                    if (on)
                        dashes.push_back({p0 + dir * at, p0 + dir * (at + step), r.zone});
                    at += step;
                    left -= step;
                    if (left <= dash * 1e-4f) {
                        on = !on;
                        left = on ? dash : gap;
                    }
                }
            }
        }
        node->edges->reset(4 * dashes.size(), 6 * dashes.size());
        QSGGeometry *g = node->edges->geometry();
        auto *v = g->vertexDataAsColoredPoint2D();
        std::uint32_t *idx = g->indexDataAsUInt();
        const Rgba8 district = mapstyle::premultiplied(mapstyle::kDistrictEdge);
        const Rgba8 zone = mapstyle::premultiplied(mapstyle::kZoneEdge);
        for (std::size_t k = 0; k < dashes.size(); ++k) {
            const QVector2D pts[2] = {dashes[k].a, dashes[k].b};
            const float hw = static_cast<float>((dashes[k].zone ? 0.8 : 1.1) / s);
            thickline::writePositions(pts, hw, 0.0f, v + 4 * k);
            thickline::writeIndices(static_cast<std::uint32_t>(4 * k), 2, idx + 6 * k);
            const Rgba8 c = dashes[k].zone ? zone : district;
            for (int i = 0; i < 4; ++i) {
                v[4 * k + i].r = c.r;
                v[4 * k + i].g = c.g;
                v[4 * k + i].b = c.b;
                v[4 * k + i].a = c.a;
            }
        }
        m_builtScale = s;
        node->edges->changed();
    }

    return node;
}

QSGNode *ContextLayer::paintCompanion(QSGNode *old)
{
    auto *node = static_cast<LabelsNode *>(old);
    if (!node)
        node = new LabelsNode;
    const auto &labels = m_labels;
    if (m_labelsDirty) {
        m_labelsDirty = false;
        node->removeAllChildNodes();
        qDeleteAll(node->labelNodes);
        node->labelNodes.clear();
        for (const auto &l : labels) {
            auto *opacity = new QSGOpacityNode;
            auto *tex = new QSGSimpleTextureNode;
            tex->setOwnsTexture(true);
            tex->setFiltering(QSGTexture::Linear);
            tex->setTexture(window()->createTextureFromImage(l.image, QQuickWindow::TextureHasAlphaChannel));
            opacity->appendChildNode(tex);
            node->appendChildNode(opacity);
            node->labelNodes.push_back(opacity);
        }
    }
    for (std::size_t k = 0; k < labels.size() && k < node->labelNodes.size(); ++k) {
        QSGOpacityNode *o = node->labelNodes[k];
        o->setOpacity(labels[k].placed ? 1.0 : 0.0);
        if (labels[k].placed)
            static_cast<QSGSimpleTextureNode *>(o->firstChild())->setRect(labels[k].rect);
    }
    return node;
}

} // namespace cityops::ui
