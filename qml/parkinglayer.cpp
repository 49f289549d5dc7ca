#include "parkinglayer.h"

#include <algorithm>
#include <cmath>

namespace cityops::ui {

ParkingLayer::ParkingLayer(CityMap *map, QQuickItem *parent)
    : SymbolLayer(map, core::EntityKind::Parking, Shape::Square, parent)
{
    updateLegend();
}

float ParkingLayer::baseSize(const core::Entity &e) const
{
    return static_cast<float>(std::clamp(4.0 + 0.3 * std::sqrt(std::max(0, e.capacity)), 6.0, 14.0));
}

QRgb ParkingLayer::fill(const core::Entity &e, const core::EntityState *s, bool &highlight) const
{
    if (!s || s->freshness != core::Freshness::Fresh || !s->has(0))
        return mapstyle::kParkingNoData.color;
    // The feed carries the capacity too (field 1); the scenario's is the fallback.
    const double capacity = s->has(1) && s->values[1] > 0 ? s->values[1] : std::max(1, e.capacity);
    return predictedFill(e, s->values[0] / capacity, highlight);
}

QRgb ParkingLayer::predictedFill(const core::Entity &, double occupancy, bool &highlight) const
{
    if (!std::isfinite(occupancy))
        return mapstyle::kParkingNoData.color;
    highlight = occupancy > mapstyle::kParkingFull;
    return mapstyle::kParking[mapstyle::parkingClass(occupancy)].color;
}

void ParkingLayer::updateLegend()
{
    const bool zh = chinese();
    std::vector<LegendModel::Entry> entries;
    for (const auto &c : mapstyle::kParking)
        entries.push_back({c.label.in(zh), QColor::fromRgba(c.color),
                           &c == &mapstyle::kParking.back() ? QColor(Qt::white) : QColor(Qt::transparent),
                           QStringLiteral("square")});
    entries.push_back({mapstyle::kParkingNoData.label.in(zh), QColor::fromRgba(mapstyle::kParkingNoData.color),
                       Qt::transparent, QStringLiteral("square")});
    if (const int h = predictionHorizon(); h > 0)
        m_legend.setTitle(zh ? QStringLiteral("预测 %1 分钟后停车场占用率").arg(h)
                             : QStringLiteral("Car park occupancy predicted in %1 min").arg(h));
    else
        m_legend.setTitle(zh ? QStringLiteral("停车场占用率") : QStringLiteral("Car park occupancy"));
    m_legend.setEntries(std::move(entries));
}

} // namespace cityops::ui
