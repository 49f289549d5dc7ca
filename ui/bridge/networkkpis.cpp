#include "networkkpis.h"

#include "model/citymodel.h"

#include <algorithm>
#include <cmath>

namespace cityops::ui {

namespace {
// Field indices of the feed schema (core/feed/feedschema.cpp).
constexpr int kSpeedField = 0;     // traffic: speed_kmh
constexpr int kOccupiedField = 0;  // parking: occupied
constexpr int kCapacityField = 1;  // parking: capacity
constexpr int kWaitingField = 0;   // service: waiting
constexpr int kCountersField = 3;  // service: counters_open
} // namespace

NetworkKpis NetworkKpis::compute(const core::CitySnapshot &snapshot)
{
    NetworkKpis k;
    k.timeNs = snapshot.timeNs;
    if (!snapshot.model)
        return k;
    const core::CityModel &model = *snapshot.model;
    const std::size_t n = std::min(model.size(), snapshot.entities.size());
    double speedSum = 0, limitSum = 0;
    int links = 0, congested = 0;
    long long freeSpaces = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const core::Entity &entity = model.entity(static_cast<std::uint32_t>(i));
        const core::EntityState &state = snapshot.entities[i];
        if (state.freshness == core::Freshness::NoData)
            continue;
        switch (entity.kind) {
        case core::EntityKind::Link:
            if (state.has(kSpeedField)) {
                const double speed = state.values[kSpeedField];
                speedSum += speed;
                limitSum += entity.speedLimitKmh;
                ++links;
                if (speed < 0.5 * entity.speedLimitKmh)
                    ++congested;
            }
            break;
        case core::EntityKind::Parking:
            if (state.has(kOccupiedField)) {
                const double capacity = state.has(kCapacityField) ? state.values[kCapacityField] : entity.capacity;
                freeSpaces += std::max(0LL, std::llround(capacity - state.values[kOccupiedField]));
                k.hasParking = true;
            }
            break;
        case core::EntityKind::ServiceCenter:
            if (state.has(kWaitingField) && state.has(kCountersField) && state.values[kCountersField] > 0) {
                k.longestWaitMin = std::max(k.longestWaitMin,
                                            state.values[kWaitingField] * kMinutesPerPerson / state.values[kCountersField]);
                k.hasService = true;
            }
            break;
        default:
            break;
        }
    }
    k.hasSpeed = links > 0;
    k.averageSpeedKmh = links > 0 ? speedSum / links : 0.0;
    k.freeFlowRatio = limitSum > 0 ? speedSum / limitSum : 0.0; // (sum / n) / (limits / n)
    k.congestionIndex = links > 0 ? static_cast<double>(congested) / links : 0.0;
    k.freeParkingSpaces = static_cast<int>(freeSpaces);
    for (const core::Alarm &alarm : snapshot.alarms) {
        if (alarm.state == core::AlarmState::Cleared)
            continue;
        ++k.openAlarms;
        if (alarm.kind == core::AlarmKind::WaterLevel || alarm.kind == core::AlarmKind::Ponding)
            ++k.activeFloodAlerts;
    }
    return k;
}

} // namespace cityops::ui
