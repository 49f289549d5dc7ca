// SurfaceWater: 2D shallow-water flow over a raster with the local-inertial scheme of Bates, Horritt and
// Fewtrell (2010, "A simple inertial formulation of the shallow water equations", J. Hydrology 387), as in
// LISFLOOD-FP: face discharges from the water-surface slope with Manning friction, an adaptive time step
// from the CFL condition, and a positivity limiter that scales a cell's outflows to the water it holds.
// Rain falls in, infiltration and drainage inlets take water out at capacity-limited rates; every cubic
// metre is accounted for, so the water balance closes to rounding error.
//
// Used by the city simulator (the "truth") and by the flood predictor (running ahead of it).
// Threading: a plain object owned by one thread; no shared state.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cityops::core {

struct WaterBalance {
    double rain = 0.0;         ///< m3 fallen on the grid
    double infiltrated = 0.0;  ///< m3 into the ground
    double drained = 0.0;      ///< m3 taken by drainage inlets
    double stored() const { return storedNow; }
    double storedNow = 0.0;    ///< m3 on the surface now
    double storedStart = 0.0;  ///< m3 on the surface when accounting began

    /// |in - out - change in storage| / in (0 when nothing fell).
    double relativeError() const;
};

class SurfaceWater {
public:
    /// `terrain` holds cols*rows ground elevations (m), row 0 first; cell sides in metres.
    SurfaceWater(int cols, int rows, double dxM, double dyM, std::vector<double> terrain, double manningN = 0.035);

    int cols() const { return m_cols; }
    int rows() const { return m_rows; }
    double cellArea() const { return m_dx * m_dy; }

    /// Loss capacities per cell, in m/s of water depth: what the ground can absorb, what inlets can take.
    void setInfiltrationCapacity(std::vector<double> mps) { m_infiltration = std::move(mps); }
    void setDrainageCapacity(std::vector<double> mps) { m_drainage = std::move(mps); }
    /// Rain multiplier per cell (spatial pattern); the rate passed to advance() is scaled by it.
    void setRainPattern(std::vector<double> factor) { m_rainPattern = std::move(factor); }
    /// Drainage catchments: the index of each cell's catchment; drained volume is summed per catchment,
    /// and advance() takes a 0..1 openness per catchment (0: the pipes are full and take nothing).
    void setCatchments(std::vector<std::uint32_t> catchmentOfCell, std::size_t catchmentCount);

    /// Advances `seconds` with a uniform base rain rate (m/s, times the pattern). `catchmentOpen` may be
    /// empty (all open); `drainedPerCatchment` (if non-empty) receives the m3 drained in each catchment.
    void advance(double seconds, double rainMps, std::span<const double> catchmentOpen = {},
                 std::span<double> drainedPerCatchment = {});

    double depth(std::size_t cell) const { return m_h[cell]; }
    const std::vector<double> &depths() const { return m_h; }
    void setDepths(std::vector<double> h);
    double terrain(std::size_t cell) const { return m_z[cell]; }
    double maxDepth() const;
    const WaterBalance &balance() const { return m_balance; }
    /// Restarts the balance accounting from the current storage.
    void resetBalance();
    std::uint64_t steps() const { return m_steps; }
    /// Largest unit discharge (m2/s) on any face in the last step.
    double maxDischarge() const { return m_maxDischarge; }

    /// Parameters of the scheme.
    double cflAlpha = 0.7;        ///< fraction of the CFL limit used
    double maxTimeStep = 30.0;    ///< s
    double minFlowDepth = 1e-4;   ///< m: faces shallower than this carry no flow

private:
    double step(double dt, double rainMps, std::span<const double> catchmentOpen, std::span<double> drained);
    double stableTimeStep() const;

    int m_cols, m_rows;
    double m_dx, m_dy, m_n2;
    std::vector<double> m_z, m_h;
    std::vector<double> m_qx;  ///< m2/s on the face between (c, r) and (c+1, r): (cols-1) per row
    std::vector<double> m_qy;  ///< m2/s on the face between (c, r) and (c, r+1): cols per row pair
    std::vector<double> m_out; ///< scratch: outgoing volume per cell in a step
    std::vector<double> m_infiltration, m_drainage, m_rainPattern;
    std::vector<std::uint32_t> m_catchment;
    std::size_t m_catchmentCount = 0;
    WaterBalance m_balance;
    std::uint64_t m_steps = 0;
    double m_hMax = 0.0;
    double m_maxDischarge = 0.0;
};

} // namespace cityops::core
