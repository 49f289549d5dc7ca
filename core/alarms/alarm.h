// Alarm: one alarm as operators see it (kind, place, severity, state, who acknowledged it). A plain
// value type, copied into snapshots.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cityops::core {

/// Ponding: standing water on a road (a water station at an underpass or tunnel), against the depths that
/// matter to traffic rather than the station's own warning level.
enum class AlarmKind : std::uint8_t { SlowTraffic, ParkingFull, WaterLevel, ServiceWait, StaleSensor, Ponding, Incident };
inline constexpr int kAlarmKindCount = 7;
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

} // namespace cityops::core
