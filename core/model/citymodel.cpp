#include "model/citymodel.h"

namespace cityops::core {

std::string_view entityKindName(EntityKind kind)
{
    switch (kind) {
    case EntityKind::Link: return "link";
    case EntityKind::Signal: return "signal";
    case EntityKind::Parking: return "parking";
    case EntityKind::RainGauge: return "rain_gauge";
    case EntityKind::WaterStation: return "water_station";
    case EntityKind::ServiceCenter: return "service_center";
    }
    return "unknown";
}

std::optional<std::uint32_t> CityModel::add(Entity entity)
{
    auto &index = m_index[static_cast<int>(entity.kind)];
    const auto position = static_cast<std::uint32_t>(m_entities.size());
    auto [it, inserted] = index.emplace(entity.id, position);
    if (!inserted)
        return std::nullopt;
    m_entities.push_back(std::move(entity));
    return position;
}

std::optional<std::uint32_t> CityModel::find(EntityKind kind, std::string_view id) const
{
    const auto &index = m_index[static_cast<int>(kind)];
    if (auto it = index.find(id); it != index.end())
        return it->second;
    return std::nullopt;
}

std::size_t CityModel::count(EntityKind kind) const
{
    return m_index[static_cast<int>(kind)].size();
}

} // namespace cityops::core
