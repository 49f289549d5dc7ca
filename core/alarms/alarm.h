// Alarm: one alarm as operators see it (kind, place, severity, state, who acknowledged it). A plain
// value type, copied into snapshots.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cityops::core {

/// Ponding: standing water on a road (a water station at an underpass or tunnel), against the depths that
/// matter to traffic rather than the station's own warning level. FloodForecast: a road link predicted
/// impassable soon by the flood model (posted to the engine, see Engine::postFloodForecast). New kinds go
/// at the end: the numbers are in recordings and state snapshots.
enum class AlarmKind : std::uint8_t {
    SlowTraffic,
    ParkingFull,
    WaterLevel,
    ServiceWait,
    StaleSensor,
    Ponding,
    Incident,
    FloodForecast,
};
inline constexpr int kAlarmKindCount = 8;
enum class AlarmState : std::uint8_t { Active, Acknowledged, Cleared };
enum class AlarmSeverity : std::uint8_t { Info = 1, Warning = 2, Critical = 3 };

std::string_view alarmKindName(AlarmKind kind);
std::string_view alarmStateName(AlarmState state);

struct Alarm {
    std::uint64_t id = 0;
    AlarmKind kind = AlarmKind::StaleSensor;
    std::uint32_t entity = 0;
    AlarmSeverity severity = AlarmSeverity::Warning;
    AlarmState state = AlarmState::Active;
    std::int64_t raisedNs = 0;
    std::int64_t clearedNs = 0;
    std::int64_t acknowledgedNs = 0;
    std::string acknowledgedBy;
    double value = 0.0;      ///< the measured value when raised (updated while active)
    double threshold = 0.0;  ///< what it was compared with
};

/// One road link of a flood prediction, as handed to the alarm engine (Engine::postFloodForecast). Times
/// are engine times (ns since the epoch); a crossing at or before the prediction's basis means "already".
struct RoadFloodAlarmInput {
    std::uint32_t entity = 0;       ///< CityModel entity index of the road link
    std::int64_t impassableNs = 0;  ///< predicted time the water on it reaches 0.15 m
    std::int64_t dangerousNs = 0;   ///< predicted time it reaches 0.3 m; 0 if not predicted
    float maxDepthM = 0.0f;         ///< deepest water predicted on it
    bool operator==(const RoadFloodAlarmInput &) const = default;
};

} // namespace cityops::core
