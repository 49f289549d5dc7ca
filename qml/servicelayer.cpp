#include "servicelayer.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cityops::ui {

ServiceLayer::ServiceLayer(CityMap *map, QQuickItem *parent)
    : SymbolLayer(map, core::EntityKind::ServiceCenter, Shape::Diamond, parent)
{
    updateLegend();
}

double ServiceLayer::waitingPerCounter(const core::EntityState &s)
{
    if (s.freshness != core::Freshness::Fresh || !s.has(0))
        return -1;
    const double waiting = s.values[0];
    const double open = s.has(3) ? s.values[3] : 0;
    if (open <= 0)
        return waiting > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return waiting / open;
}

float ServiceLayer::baseSize(const core::Entity &e) const
{
    return static_cast<float>(std::clamp(10.0 + 1.0 * std::sqrt(std::max(0, e.capacity)), 12.0, 22.0));
}

QRgb ServiceLayer::fill(const core::Entity &e, const core::EntityState *s, bool &highlight) const
{
    return predictedFill(e, s ? waitingPerCounter(*s) : -1, highlight);
}

QRgb ServiceLayer::predictedFill(const core::Entity &, double w, bool &highlight) const
{
    if (!(w >= 0)) // negative: no reading; NaN: no forecast
        return mapstyle::kServiceNoData.color;
    const int c = mapstyle::serviceClass(w);
    highlight = c == static_cast<int>(mapstyle::kService.size()) - 1;
    return mapstyle::kService[c].color;
}

void ServiceLayer::updateLegend()
{
    const bool zh = chinese();
    std::vector<LegendModel::Entry> entries;
    for (const auto &c : mapstyle::kService)
        entries.push_back({c.label.in(zh), QColor::fromRgba(c.color),
                           &c == &mapstyle::kService.back() ? QColor(Qt::white) : QColor(Qt::transparent),
                           QStringLiteral("diamond")});
    entries.push_back({mapstyle::kServiceNoData.label.in(zh), QColor::fromRgba(mapstyle::kServiceNoData.color),
                       Qt::transparent, QStringLiteral("diamond")});
    if (const int h = predictionHorizon(); h > 0)
        m_legend.setTitle(zh ? QStringLiteral("预测 %1 分钟后政务/医疗服务排队").arg(h)
                             : QStringLiteral("Service centre queues predicted in %1 min").arg(h));
    else
        m_legend.setTitle(zh ? QStringLiteral("政务/医疗服务排队") : QStringLiteral("Service centre queues"));
    m_legend.setEntries(std::move(entries));
}

} // namespace cityops::ui
