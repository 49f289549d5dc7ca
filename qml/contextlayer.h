// ContextLayer: what makes the city recognisable under the live layers: water bodies (painted once per
// scenario into a world-aligned texture), district and functional-zone boundaries (thick lines rewritten
// in place when the zoom leaves a band), and their names in Chinese or English. Names never overlap:
// whenever the view they are drawn for changes they are placed greedily by priority (districts, then zones, lakes, rivers;
// larger first), a name whose box meets an already placed one, or leaves the view, is hidden.
// Threading: see maplayer.h.
#pragma once

#include "maplayer.h"

#include <QImage>
#include <QRectF>
#include <QString>
#include <QVector2D>

#include <vector>

namespace cityops::ui {

class ContextLayer : public MapLayer {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Layers belong to a CityMap")
    Q_PROPERTY(int labelCount READ labelCount NOTIFY labelsPlaced)
    Q_PROPERTY(int placedLabelCount READ placedLabelCount NOTIFY labelsPlaced)
    /// A rectangle of the map (item coordinates) names keep out of: a legend or panel drawn over the map.
    Q_PROPERTY(QRectF reservedRect READ reservedRect WRITE setReservedRect NOTIFY reservedRectChanged)

public:
    explicit ContextLayer(CityMap *map, QQuickItem *parent = nullptr);


    QRectF reservedRect() const { return m_reserved; }
    void setReservedRect(const QRectF &r);
    int labelCount() const { return static_cast<int>(m_labels.size()); }
    int placedLabelCount() const;
    /// Screen boxes of the labels shown now (tests check that none overlap).
    Q_INVOKABLE QVariantList placedLabelRects() const;
    Q_INVOKABLE QStringList placedLabelTexts() const;

    void scenarioChanged() override;
    void viewChanged() override;
    void languageChanged() override;

Q_SIGNALS:
    void labelsPlaced();
    void reservedRectChanged();

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *) override;
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;
    /// The names, in the companion (maplayer.h) the map stacks above the roads and below the symbols, in
    /// its cache: placed for the cache's view, they move with the map while it pans and are placed again
    /// when the cache is.
    QSGNode *paintCompanion(QSGNode *old) override;

private:
    struct Label {
        QString text;
        QVector2D anchor; ///< world metres
        int priority = 0;
        double area = 0;
        int style = 0;    ///< 0 district, 1 zone, 2 water
        std::size_t source = 0; ///< index into districts, or districts.size() + index into waterBodies
        QImage image;
        QSizeF size;      ///< logical pixels
        bool placed = false;
        QRectF rect;      ///< in the label item's pixels (the cache's), when placed
    };
    struct Ring {
        std::uint32_t firstPoint = 0, pointCount = 0, firstVertex = 0;
        bool zone = false;
    };
    void renderLabels();
    void placeLabels();

    std::vector<Label> m_labels;
    std::vector<QVector2D> m_points;
    std::vector<Ring> m_rings;
    std::size_t m_vertexTotal = 0, m_indexTotal = 0;
    QImage m_water;
    QRectF m_waterWorld;

    bool m_geometryDirty = false, m_positionsDirty = false, m_waterDirty = false, m_labelsDirty = false;
    double m_builtScale = 0;
    QRectF m_reserved;
};

} // namespace cityops::ui
