// StateCodec: the engine state a replay needs to start anywhere — the live state of every entity
// (latest values, times, reading counts, active incidents), the alarm engine (alarms, hysteresis
// streaks, learned normals, next alarm id, the latest flood forecast) and the alarm grid — as a compact
// binary blob, and its hash.
// The recorder stores a hash every engine minute and the blob every few minutes; a seek restores the
// nearest blob and replays the readings after it. The rolling windows of LiveState are not in the blob:
// they are a function of the recorded readings, and a seek refills them from the readings before it.
//
// Threading: pure functions over objects the caller owns (the engine's io thread, or an offline engine).
#pragma once

#include "feed/reading.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace cityops::core {

class AlarmEngine;
class LiveState;

class StateCodec {
public:
    /// 2: occupancy normals beside the speed ones; 3: the flood-forecast alarm kind (8 kinds of
    /// conditions, not 7) and the latest flood forecast the alarm engine holds. restore() still reads 2
    /// (no forecast). The hash is of this format's bytes: recordings of an older format replay, but
    /// their per-minute hashes no longer compare.
    static constexpr std::uint32_t kFormat = 3;
    static constexpr std::uint32_t kOldestFormat = 2;

    /// Serializes the state; `nextAlarmNs` is the engine's next alarm-grid time.
    static std::string serialize(const LiveState &state, const AlarmEngine &alarms, std::int64_t nextAlarmNs);
    /// Restores a blob written for the same city model. On a malformed blob returns false with `error`
    /// and leaves the objects unchanged.
    static bool restore(std::string_view blob, LiveState &state, AlarmEngine &alarms, std::int64_t &nextAlarmNs,
                        std::string &error);
    /// Hash of serialize(...): equal states give equal hashes on every run and machine.
    static std::uint64_t hash(const LiveState &state, const AlarmEngine &alarms, std::int64_t nextAlarmNs);
    static std::uint64_t hashBytes(std::string_view bytes);

    /// Empties the rolling windows (before refilling them after a restore).
    static void clearWindows(LiveState &state);
    /// Appends a reading's primary value to its entity's window, as LiveState::apply does.
    static void pushWindow(LiveState &state, const Reading &reading);
};

} // namespace cityops::core
