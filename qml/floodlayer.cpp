#include "floodlayer.h"

#include "citymap.h"
#include "mapdata.h"
#include "mapstyle.h"
#include "mapviewport.h"

#include <QPainter>
#include <algorithm>
#include <QPainterPath>
#include <QQuickWindow>
#include <QSGSimpleTextureNode>
#include <QSGTransformNode>

namespace cityops::ui {

namespace {

struct FloodNode : QSGTransformNode {
    QSGSimpleTextureNode *quad = nullptr;
};

} // namespace

FloodLayer::FloodLayer(CityMap *map, QQuickItem *parent)
    : MapLayer(map, parent)
{
    updateLegend();
}

void FloodLayer::floodFieldChanged()
{
    const MapData *md = mapData();
    const FloodField *f = md && md->floodField().valid() ? &md->floodField() : nullptr;
    m_wet = m_impassable = 0;
    const int horizon = f ? f->horizonMin : 0;
    if (horizon != m_horizonMin) {
        m_horizonMin = horizon;
        updateLegend();
    }
    if (!f) {
        m_image = QImage();
        m_textureDirty = true;
        Q_EMIT fieldChanged();
        update();
        return;
    }
    if (m_image.width() != f->cols || m_image.height() != f->rows)
        m_image = QImage(f->cols, f->rows, QImage::Format_ARGB32_Premultiplied);
    updateWaterMask(*f);
    QRgb colours[mapstyle::kFlood.size()];
    for (std::size_t k = 0; k < mapstyle::kFlood.size(); ++k)
        colours[k] = qPremultiply(mapstyle::kFlood[k].color);
    for (int r = 0; r < f->rows; ++r) {
        auto *line = reinterpret_cast<QRgb *>(m_image.scanLine(r));
        const uchar *water = m_waterMask.isNull() ? nullptr : m_waterMask.constScanLine(r);
        for (int c = 0; c < f->cols; ++c) {
            const int cls = water && water[c] ? -1 : mapstyle::floodClass(f->at(c, r));
            line[c] = cls < 0 ? 0u : colours[cls];
            m_wet += cls >= 0;
            m_impassable += cls >= 1;
        }
    }
    m_world = viewport().projectBox(f->xllCorner, f->yllCorner, f->xllCorner + f->cols * f->cellSize,
                                    f->yllCorner + f->rows * f->cellSize);
    m_textureDirty = true;
    Q_EMIT fieldChanged();
    update();
}

void FloodLayer::updateWaterMask(const FloodField &f)
{
    // Lakes and rivers are water by nature, not flooding: a mask of the field's cells inside them, painted
    // once per field geometry (cell centres, row 0 north).
    const double key[5] = {double(f.cols), double(f.rows), f.xllCorner, f.yllCorner, f.cellSize};
    if (!m_waterMask.isNull() && std::equal(key, key + 5, m_maskKey))
        return;
    std::copy(key, key + 5, m_maskKey);
    m_waterMask = QImage(f.cols, f.rows, QImage::Format_Grayscale8);
    m_waterMask.fill(0);
    const MapData *md = mapData();
    if (!md || !md->scenario())
        return;
    QPainter p(&m_waterMask);
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(Qt::NoPen);
    p.setBrush(Qt::white);
    const double top = f.yllCorner + f.rows * f.cellSize;
    auto toCell = [&](const core::GeoPoint &g) {
        return QPointF((g.lon - f.xllCorner) / f.cellSize, (top - g.lat) / f.cellSize);
    };
    QPainterPath path;
    path.setFillRule(Qt::OddEvenFill);
    for (const auto &w : md->scenario()->waterBodies)
        for (const auto &poly : w.polygons) {
            QPolygonF ring;
            for (const auto &g : poly.outer)
                ring << toCell(g);
            path.addPolygon(ring);
            for (const auto &hole : poly.holes) {
                QPolygonF h;
                for (const auto &g : hole)
                    h << toCell(g);
                path.addPolygon(h);
            }
        }
    p.drawPath(path);
}

double FloodLayer::depthAt(QPointF px) const
{
    const MapData *md = mapData();
    if (!md || !md->floodField().valid())
        return -1;
    const FloodField &f = md->floodField();
    const QPointF ll = viewport().screenToLonLat(px);
    const int c = static_cast<int>(std::floor((ll.x() - f.xllCorner) / f.cellSize));
    const int rFromSouth = static_cast<int>(std::floor((ll.y() - f.yllCorner) / f.cellSize));
    if (c < 0 || c >= f.cols || rFromSouth < 0 || rFromSouth >= f.rows)
        return -1;
    return f.at(c, f.rows - 1 - rFromSouth);
}

void FloodLayer::updateLegend()
{
    const bool zh = chinese();
    std::vector<LegendModel::Entry> entries;
    for (const auto &c : mapstyle::kFlood)
        entries.push_back({c.label.in(zh), QColor::fromRgba(c.color), Qt::transparent, QStringLiteral("area")});
    if (m_horizonMin > 0)
        m_legend.setTitle(zh ? QStringLiteral("积水深度（预测 %1 分钟后）").arg(m_horizonMin)
                             : QStringLiteral("Water depth, predicted in %1 min").arg(m_horizonMin));
    else
        m_legend.setTitle(zh ? QStringLiteral("积水深度") : QStringLiteral("Water depth"));
    m_legend.setEntries(std::move(entries));
}

QSGNode *FloodLayer::updatePaintNode(QSGNode *old, UpdatePaintNodeData *)
{
    auto *node = static_cast<FloodNode *>(old);
    if (!node)
        node = new FloodNode;
    setMatrixIfChanged(node, paintViewport().worldToScreen());
    if (m_textureDirty) {
        m_textureDirty = false;
        if (m_image.isNull()) {
            delete node->quad; // owns its texture
            node->quad = nullptr;
        } else {
            if (!node->quad) {
                node->quad = new QSGSimpleTextureNode;
                node->quad->setOwnsTexture(true);
                node->quad->setFiltering(QSGTexture::Nearest);
                // Image row 0 is north: the top of the quad in world y (up) is the southern edge, so flip.
                node->quad->setTextureCoordinatesTransform(QSGSimpleTextureNode::MirrorVertically);
                node->appendChildNode(node->quad);
            }
            QSGTexture *texture = window()->createTextureFromImage(m_image, QQuickWindow::TextureHasAlphaChannel);
            node->quad->setTexture(texture); // the node deletes the texture it owned before
            node->quad->setRect(m_world);
        }
    }
    return node;
}

} // namespace cityops::ui
