// MapLayer: the base of the CityMap's layers. A layer is a QQuickItem the size of its map that builds its
// scene-graph nodes from the map's MapData and draws them through the map's MapViewport. The CityMap calls
// the hooks below; a layer only marks what changed (dirty flags) and calls update(); updatePaintNode()
// rebuilds only what is marked and reuses every node.
//
// Threading: hooks and hit tests run on the GUI thread; updatePaintNode() on the render thread while the
// GUI thread is blocked (so it may read the layer's members, and nothing else).
#pragma once

#include "legendmodel.h"

#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

namespace cityops::ui {

class CityMap;
class MapData;
class MapViewport;

class MapLayer : public QQuickItem {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Layers belong to a CityMap")
    Q_PROPERTY(cityops::ui::LegendModel *legend READ legend CONSTANT)

public:
    explicit MapLayer(CityMap *map);

    LegendModel *legend() { return &m_legend; }

    /// A hit under the pointer: the entity (model index) and how far from it, in pixels.
    struct Hit {
        int entity = -1;
        double distancePx = 1e9;
    };
    virtual Hit hitTest(QPointF /*px*/) const { return {}; }

    // Hooks the CityMap calls.
    virtual void scenarioChanged() {}
    virtual void snapshotApplied() {}
    virtual void floodFieldChanged() {}
    virtual void viewChanged() { update(); }
    virtual void languageChanged() {}

protected:
    CityMap *map() const { return m_map; }
    const MapData *mapData() const;
    const MapViewport &viewport() const;
    bool chinese() const;

    LegendModel m_legend;

private:
    CityMap *m_map;
};

} // namespace cityops::ui
