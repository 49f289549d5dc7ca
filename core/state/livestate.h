// LiveState: the latest value of every entity, its time and freshness, active incidents, and a rolling
// window of recent readings per entity for the models.
//
// Threading: owned by the engine's io thread (apply, window reads); snapshot() copies it out for others.
#pragma once

#include "feed/reading.h"
#include "model/citymodel.h"
#include "state/snapshot.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace cityops::core {

/// One past reading of an entity's primary field, as kept in the rolling window.
struct WindowPoint {
    std::int64_t timeNs = 0;
    double value = 0.0;
};

class LiveState {
public:
    static constexpr std::size_t kWindowSize = 128;
    /// A sensor silent for this many expected intervals is stale.
    static constexpr double kStaleFactor = 3.0;

    explicit LiveState(std::shared_ptr<const CityModel> model);

    void apply(const Reading &reading);
    Freshness freshness(std::uint32_t entity, std::int64_t nowNs) const;
    const EntityState &entity(std::uint32_t index) const { return m_entities[index]; }

    /// The entity's recent primary values, oldest first (at most kWindowSize).
    std::vector<WindowPoint> window(std::uint32_t entity) const;

    /// Fills `out` with the state at `nowNs` (sources, rejections and recorder stats are the caller's).
    void fillSnapshot(std::int64_t nowNs, CitySnapshot &out) const;

    const CityModel &model() const { return *m_model; }

private:
    friend class StateCodec; // core/replay: serializes the state for seeking and verification
    std::shared_ptr<const CityModel> m_model;
    std::vector<EntityState> m_entities;
    std::vector<IncidentState> m_incidents;   ///< active ones (severity > 0)
    std::vector<WindowPoint> m_window;        ///< kWindowSize per entity, ring
    std::vector<std::uint32_t> m_windowHead;  ///< next slot per entity
    std::vector<std::uint32_t> m_windowCount;
};

} // namespace cityops::core
