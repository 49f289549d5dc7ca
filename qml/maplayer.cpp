#include "maplayer.h"

#include "citymap.h"

namespace cityops::ui {

class CompanionItem : public QQuickItem {
public:
    CompanionItem(MapLayer *owner, QQuickItem *parent)
        : QQuickItem(parent)
        , m_owner(owner)
    {
        setFlag(ItemHasContents, true);
    }

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *) override { return m_owner->paintCompanion(old); }

private:
    MapLayer *m_owner;
};

MapLayer::MapLayer(CityMap *map, QQuickItem *parent)
    : QQuickItem(parent ? parent : map)
    , m_map(map)
{
    setFlag(ItemHasContents, true);
}

QQuickItem *MapLayer::createCompanion(QQuickItem *parent)
{
    m_companion = new CompanionItem(this, parent);
    m_companion->setVisible(isVisible());
    return m_companion;
}

void MapLayer::itemChange(ItemChange change, const ItemChangeData &value)
{
    QQuickItem::itemChange(change, value);
    if (change == ItemVisibleHasChanged && m_companion)
        m_companion->setVisible(value.boolValue);
}

const MapData *MapLayer::mapData() const
{
    return m_map->mapData();
}

const MapViewport &MapLayer::viewport() const
{
    return *m_map->viewport();
}

const MapViewport &MapLayer::paintViewport() const
{
    return parentItem() == m_map ? *m_map->viewport() : m_map->cacheViewport();
}

bool MapLayer::chinese() const
{
    return m_map->chinese();
}

} // namespace cityops::ui
