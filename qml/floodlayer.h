// FloodLayer: water depth as a translucent raster over the map, one texel per grid cell in the depth
// classes of mapstyle.h (under 0.05 m transparent). The QImage is kept and rewritten in place when the
// field changes (same size: no allocation); the texture is re-uploaded from it, the quad it is drawn on
// moves with the view through the transform node.
// Threading: see maplayer.h.
#pragma once

#include "maplayer.h"

#include <QImage>
#include <QRectF>

namespace cityops::ui {

struct FloodField;

class FloodLayer : public MapLayer {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Layers belong to a CityMap")
    Q_PROPERTY(bool hasField READ hasField NOTIFY fieldChanged)
    Q_PROPERTY(int wetCells READ wetCells NOTIFY fieldChanged)           ///< cells at or above 0.05 m
    Q_PROPERTY(int impassableCells READ impassableCells NOTIFY fieldChanged) ///< above 0.15 m

public:
    explicit FloodLayer(CityMap *map, QQuickItem *parent = nullptr);

    bool hasField() const { return !m_image.isNull(); }
    int wetCells() const { return m_wet; }
    int impassableCells() const { return m_impassable; }
    /// Depth (m) at a screen point; negative outside the field or without one.
    double depthAt(QPointF px) const;
    const QImage &image() const { return m_image; }

    void scenarioChanged() override
    {
        m_waterMask = QImage();
        floodFieldChanged();
    }
    void floodFieldChanged() override;
    void languageChanged() override { updateLegend(); }

Q_SIGNALS:
    void fieldChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *) override;

private:
    void updateLegend();

    void updateWaterMask(const FloodField &f);

    QImage m_image;
    QImage m_waterMask; ///< per cell of the field: non-zero inside a lake or river (never drawn as flood)
    double m_maskKey[5] = {0, 0, 0, 0, 0};
    QRectF m_world; ///< the field's extent in metres (y up)
    bool m_textureDirty = false;
    int m_horizonMin = 0; ///< of the field shown (the legend's title names a prediction)
    int m_wet = 0, m_impassable = 0;
};

} // namespace cityops::ui
