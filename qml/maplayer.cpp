#include "maplayer.h"

#include "citymap.h"

namespace cityops::ui {

MapLayer::MapLayer(CityMap *map)
    : QQuickItem(map)
    , m_map(map)
{
    setFlag(ItemHasContents, true);
}

const MapData *MapLayer::mapData() const
{
    return m_map->mapData();
}

const MapViewport &MapLayer::viewport() const
{
    return *m_map->viewport();
}

bool MapLayer::chinese() const
{
    return m_map->chinese();
}

} // namespace cityops::ui
