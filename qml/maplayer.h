// MapLayer: the base of the CityMap's layers. A layer is a QQuickItem the size of its map that builds its
// scene-graph nodes from the map's MapData and draws them through the map's MapViewport. The CityMap calls
// the hooks below; a layer only marks what changed (dirty flags) and calls update(); updatePaintNode()
// rebuilds only what is marked and reuses every node.
//
// Cached layers (context, flood, traffic) are children of the map's cache item, which Qt Quick renders into a
// texture and redraws only when one of their nodes changes (CityMap, "Caching"). They draw for
// paintViewport(), the cache's anchor view, and must not mark a node dirty unless what it shows changed:
// setMatrixIfChanged() below. Hit tests and screen positions always use viewport(), the view on screen.
//
// Threading: hooks and hit tests run on the GUI thread; updatePaintNode() on the render thread while the
// GUI thread is blocked (so it may read the layer's members, and nothing else).
#pragma once

#include "legendmodel.h"

#include <QMatrix4x4>
#include <QQuickItem>
#include <QSGTransformNode>
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
    /// `parent`: the item the layer sits in, the map itself unless the layer is cached.
    explicit MapLayer(CityMap *map, QQuickItem *parent = nullptr);

    LegendModel *legend() { return &m_legend; }

    /// A hit under the pointer: the entity (model index) and how far from it, in pixels.
    struct Hit {
        int entity = -1;
        double distancePx = 1e9;
    };
    virtual Hit hitTest(QPointF /*px*/) const { return {}; }

    /// Creates the layer's companion: an item of its own that the map stacks elsewhere (the names above the
    /// roads, the pulsing rings above the cache). The layer paints it (paintCompanion()) and shows or hides
    /// it with itself.
    QQuickItem *createCompanion(QQuickItem *parent);
    QQuickItem *companion() const { return m_companion; }

    // Hooks the CityMap calls.
    virtual void scenarioChanged() {}
    virtual void snapshotApplied() {}
    virtual void floodFieldChanged() {}
    /// The view the layer is drawn for changed (for a cached layer: the cache's anchor view).
    virtual void viewChanged() { update(); }
    /// The view on screen changed: on every pan and zoom, for what a layer draws live above the cache.
    virtual void screenViewChanged() {}
    virtual void languageChanged() {}

protected:
    /// The companion's updatePaintNode() (render thread, GUI thread blocked).
    virtual QSGNode *paintCompanion(QSGNode *old) { return old; }
    void itemChange(ItemChange change, const ItemChangeData &value) override;
    CityMap *map() const { return m_map; }
    const MapData *mapData() const;
    const MapViewport &viewport() const;
    /// The view the layer's nodes are drawn for: the cache's anchor view for a cached layer, else viewport().
    const MapViewport &paintViewport() const;
    /// Sets the matrix only when it differs: setMatrix() always marks the node dirty, and a dirty node in the
    /// cache renders every cached layer again.
    static void setMatrixIfChanged(QSGTransformNode *node, const QMatrix4x4 &m)
    {
        if (node->matrix() != m)
            node->setMatrix(m);
    }
    bool chinese() const;

    LegendModel m_legend;

private:
    friend class CompanionItem;
    CityMap *m_map;
    QQuickItem *m_companion = nullptr;
};

} // namespace cityops::ui
