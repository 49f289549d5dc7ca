// HydrologySim: rain over the scenario's terrain grid, infiltration by imperviousness, inlets of limited
// capacity feeding one pipe network per water-level station's catchment, outfalls of limited capacity,
// and surface flow (SurfaceWater) that ponds in low cells when the drains are full. It emits rain-gauge
// and water-level readings and tells the traffic model how deep the water is on every road.
//
// Threading: owned by the simulator's thread (the engine's io thread); deterministic for a seed.
#pragma once

#include "feed/reading.h"
#include "model/scenario.h"
#include "sim/rainfall.h"
#include "sim/surfacewater.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace cityops::core {

struct HydrologyOptions {
    RainScenario scenario = RainScenario::None;
    std::int64_t eventStartNs = 0;     ///< when the hyetograph's first hour begins
    double infiltrationMmph = 15.0;    ///< of a fully pervious cell
    double pipeStorageMm = 20.0;       ///< pipe volume per catchment, as mm over its area
    double outfallMmph = 30.0;         ///< what a catchment's outfall discharges at most
    double pipeDepthM = 3.0;           ///< a drain well's depth where the scenario gives no warning level
};

/// The scenario's raster as the water models see it (the simulator and the flood predictor share it):
/// cell sides in metres, loss capacities, drainage catchments (every cell drains to the nearest
/// water-level station's pipes), the cells of stations and gauges, and the cells each road link crosses.
struct HydrologyGrid {
    int cols = 0, rows = 0;
    double dx = 0, dy = 0;                   ///< m
    std::vector<double> infiltrationMps;     ///< ground's capacity per cell (m/s), by imperviousness
    std::vector<double> drainageMps;         ///< inlets' capacity per cell (m/s)
    std::vector<std::uint32_t> catchment;    ///< per cell: index of its station's catchment
    std::size_t catchmentCount = 1;
    std::vector<double> catchmentCells;      ///< number of cells per catchment
    std::vector<std::uint32_t> stationEntity, stationCell; ///< water-level stations, in entity order
    std::vector<std::uint32_t> gaugeEntity;  ///< rain gauges, in entity order
    std::vector<long> gaugeCell;             ///< their cells, -1 outside the grid
    std::vector<std::uint32_t> linkCellStart, linkCells; ///< CSR: cells of Scenario::links[l]
    double lonScale = 1.0;                   ///< cos(mid latitude)

    std::size_t cellCount() const { return infiltrationMps.size(); }
    /// The cell of (lon, lat), or -1 outside the grid.
    long cellOf(double lon, double lat) const;
    double originLon = 0, originLat = 0, cellDeg = 1;
};

HydrologyGrid buildHydrologyGrid(const Scenario &scenario, double infiltrationMmph);

/// The whole balance: surface, pipes and what left through the outfalls.
struct HydrologyBalance {
    double rain = 0, infiltrated = 0, outfall = 0, surface = 0, pipes = 0, storedStart = 0;
    double relativeError() const;
};

class HydrologySim {
public:
    HydrologySim(std::shared_ptr<const Scenario> scenario, HydrologyOptions options, std::uint64_t seed);

    /// Advances one simulated minute that starts at `minuteStartNs`.
    void advanceMinute(std::int64_t minuteStartNs);
    /// Rain-gauge and water-level readings stamped `timeNs`.
    void emitReadings(std::int64_t timeNs, std::vector<Reading> &out) const;

    /// Base rain rate (mm/h) at `timeNs`, before the spatial pattern.
    double rainRateMmph(std::int64_t timeNs) const;
    /// Deepest water on a road link (index into Scenario::links), m.
    double linkDepth(std::size_t link) const;
    /// What a link keeps of its capacity with that water on it: 1 dry, 0 impassable (>= 0.3 m).
    static double capacityFactorForDepth(double depthM);

    HydrologyBalance balance() const;
    const SurfaceWater &surface() const { return *m_surface; }
    SurfaceWater &surface() { return *m_surface; }
    double stationLevel(std::size_t station) const;
    const HydrologyOptions &options() const { return m_options; }

private:
    std::shared_ptr<const Scenario> m_scenario;
    HydrologyOptions m_options;
    std::unique_ptr<SurfaceWater> m_surface;
    // Drainage network, one per station.
    std::vector<std::uint32_t> m_stationEntity, m_stationCell;
    std::vector<double> m_pipeCapacity, m_pipeStorage, m_outfallRate, m_lastDrained, m_open, m_drained;
    double m_outfall = 0.0;
    // Gauges.
    std::vector<std::uint32_t> m_gaugeEntity;
    std::vector<double> m_gaugeFactor;
    // Roads: the cells each link crosses (CSR layout).
    std::vector<std::uint32_t> m_linkCellStart, m_linkCells;
    double m_storedStart = 0.0;
};

} // namespace cityops::core
