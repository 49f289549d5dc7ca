// CitySnapshot: an immutable picture of the live city that the engine publishes a few times a second.
// Built on the io thread, then shared read-only as std::shared_ptr<const CitySnapshot> with any thread
// (the GUI keeps only the newest one).
#pragma once

#include "alarms/alarm.h"
#include "feed/ingeststats.h"
#include "feed/reading.h"
#include "store/recorder.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace cityops::core {

class CityModel;

enum class Freshness : std::uint8_t { NoData, Fresh, Stale };

struct EntityState {
    std::int64_t timeNs = 0;            ///< time of the latest reading, 0 if none yet
    double values[kMaxReadingFields] = {0, 0, 0, 0};
    std::uint8_t fieldMask = 0;
    Freshness freshness = Freshness::NoData;
    std::uint64_t readings = 0;         ///< readings received since the engine started

    bool has(int field) const { return (fieldMask >> field) & 1u; }
};

struct IncidentState {
    std::uint32_t link = 0;
    std::uint8_t kindCode = 0;          ///< see kIncidentKinds (code - 1)
    int severity = 0;
    int lanesBlocked = 0;
    std::int64_t timeNs = 0;
};

struct CitySnapshot {
    std::uint64_t sequence = 0;
    std::int64_t timeNs = 0;            ///< engine time the snapshot was taken at
    std::shared_ptr<const CityModel> model;
    std::vector<EntityState> entities;  ///< indexed like the model
    std::vector<IncidentState> incidents;
    std::vector<SourceCounters> sources;
    std::vector<Rejection> recentRejections; ///< oldest first
    RecorderStats recorder;
    std::vector<Alarm> alarms;          ///< open alarms, then recently cleared ones
    std::size_t staleCount = 0;
    std::size_t freshCount = 0;
};

using SnapshotPtr = std::shared_ptr<const CitySnapshot>;

} // namespace cityops::core
