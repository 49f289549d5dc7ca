#include "sim/hydrology.h"

#include "sim/random.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace cityops::core {

namespace {

constexpr double kMmphToMps = 1.0 / 3.6e6;
constexpr double kMetresPerDegreeLat = 110574.0;
constexpr double kMetresPerDegreeLonAtEquator = 111320.0;

// The cell of (lon, lat), or -1 outside the grid.
long cellOf(const AsciiGrid &g, double lon, double lat)
{
    const double fc = (lon - g.xllCorner()) / g.cellSize();
    const double fr = (lat - g.yllCorner()) / g.cellSize();
    if (fc < 0 || fr < 0 || fc >= g.cols() || fr >= g.rows())
        return -1;
    const int col = static_cast<int>(fc);
    const int row = g.rows() - 1 - static_cast<int>(fr);
    return static_cast<long>(row) * g.cols() + col;
}

} // namespace

double HydrologyBalance::relativeError() const
{
    if (rain <= 0)
        return 0.0;
    return std::abs(rain - infiltrated - outfall - (surface + pipes - storedStart)) / rain;
}

long HydrologyGrid::cellOf(double lon, double lat) const
{
    const double fc = (lon - originLon) / cellDeg;
    const double fr = (lat - originLat) / cellDeg;
    if (fc < 0 || fr < 0 || fc >= cols || fr >= rows)
        return -1;
    const int col = static_cast<int>(fc);
    const int row = rows - 1 - static_cast<int>(fr);
    return static_cast<long>(row) * cols + col;
}

HydrologyGrid buildHydrologyGrid(const Scenario &s, double infiltrationMmph)
{
    HydrologyGrid g;
    const AsciiGrid &terrain = s.terrain;
    const int cols = terrain.cols(), rows = terrain.rows();
    const std::size_t cells = static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
    const double midLat = terrain.yllCorner() + 0.5 * rows * terrain.cellSize();
    g.cols = cols;
    g.rows = rows;
    g.dx = terrain.cellSize() * kMetresPerDegreeLonAtEquator * std::cos(midLat * M_PI / 180.0);
    g.dy = terrain.cellSize() * kMetresPerDegreeLat;
    g.originLon = terrain.xllCorner();
    g.originLat = terrain.yllCorner();
    g.cellDeg = terrain.cellSize();
    g.lonScale = std::cos(midLat * M_PI / 180.0);

    g.infiltrationMps.resize(cells);
    g.drainageMps.resize(cells);
    const bool haveImp = s.imperviousness.sameGeometry(terrain);
    const bool haveDrain = s.drainageCapacity.sameGeometry(terrain);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const std::size_t i = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c);
            const double imperv = haveImp ? std::clamp(s.imperviousness.at(c, r), 0.0, 1.0) : 0.5;
            g.infiltrationMps[i] = (1.0 - imperv) * infiltrationMmph * kMmphToMps;
            g.drainageMps[i] = (haveDrain ? std::max(0.0, s.drainageCapacity.at(c, r)) : 30.0) * kMmphToMps;
        }

    // Stations and their catchments: every cell drains to the nearest station's pipes.
    const CityModel &city = *s.city;
    std::vector<std::pair<double, double>> stationPos;
    for (std::uint32_t e = 0; e < city.size(); ++e) {
        const Entity &ent = city.entity(e);
        if (ent.kind == EntityKind::WaterStation) {
            g.stationEntity.push_back(e);
            const long cell = cellOf(terrain, ent.lon, ent.lat);
            g.stationCell.push_back(cell < 0 ? 0u : static_cast<std::uint32_t>(cell));
            stationPos.emplace_back(ent.lon, ent.lat);
        } else if (ent.kind == EntityKind::RainGauge) {
            g.gaugeEntity.push_back(e);
            g.gaugeCell.push_back(cellOf(terrain, ent.lon, ent.lat));
        }
    }
    g.catchmentCount = std::max<std::size_t>(1, g.stationEntity.size());
    g.catchment.assign(cells, 0);
    g.catchmentCells.assign(g.catchmentCount, 0.0);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const std::size_t i = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c);
            const double lon = terrain.cellX(c), lat = terrain.cellY(r);
            double best = 1e300;
            for (std::size_t k = 0; k < stationPos.size(); ++k) {
                const double ddx = (lon - stationPos[k].first) * g.lonScale, ddy = lat - stationPos[k].second;
                const double d2 = ddx * ddx + ddy * ddy;
                if (d2 < best) {
                    best = d2;
                    g.catchment[i] = static_cast<std::uint32_t>(k);
                }
            }
            g.catchmentCells[g.catchment[i]] += 1.0;
        }

    // Road cells: every vertex of a link and points between them, about a cell apart.
    g.linkCellStart.push_back(0);
    for (const LinkGeometry &link : s.links) {
        std::vector<std::uint32_t> mine;
        for (std::size_t p = 0; p < link.points.size(); ++p) {
            const GeoPoint a = link.points[p];
            const GeoPoint b = p + 1 < link.points.size() ? link.points[p + 1] : a;
            const double len = std::hypot((b.lon - a.lon) * g.lonScale, b.lat - a.lat);
            const int n = std::max(1, static_cast<int>(std::ceil(len / terrain.cellSize())));
            for (int k = 0; k < n; ++k) {
                const double t = static_cast<double>(k) / n;
                const long cell = cellOf(terrain, a.lon + t * (b.lon - a.lon), a.lat + t * (b.lat - a.lat));
                if (cell >= 0)
                    mine.push_back(static_cast<std::uint32_t>(cell));
            }
        }
        std::sort(mine.begin(), mine.end());
        mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
        g.linkCells.insert(g.linkCells.end(), mine.begin(), mine.end());
        g.linkCellStart.push_back(static_cast<std::uint32_t>(g.linkCells.size()));
    }
    return g;
}

HydrologySim::HydrologySim(std::shared_ptr<const Scenario> scenario, HydrologyOptions options, std::uint64_t seed)
    : m_scenario(std::move(scenario)), m_options(options)
{
    const Scenario &s = *m_scenario;
    HydrologyGrid grid = buildHydrologyGrid(s, options.infiltrationMmph);
    const int cols = grid.cols, rows = grid.rows;
    const std::size_t cells = grid.cellCount();
    m_surface = std::make_unique<SurfaceWater>(cols, rows, grid.dx, grid.dy, s.terrain.values());

    // A storm is not uniform: a smooth pattern, fixed by the seed, makes gauges differ by up to +-30%.
    std::vector<double> pattern(cells);
    Random random(seed ^ 0x5261696eULL);
    const double phaseX = random.uniform() * 2 * M_PI, phaseY = random.uniform() * 2 * M_PI;
    const double waveX = 2 * M_PI / (cols * (0.6 + 0.4 * random.uniform()));
    const double waveY = 2 * M_PI / (rows * (0.6 + 0.4 * random.uniform()));
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const std::size_t i = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c);
            pattern[i] = 1.0 + 0.3 * std::sin(waveX * c + phaseX) * std::cos(waveY * r + phaseY);
        }
    const double mean = std::accumulate(pattern.begin(), pattern.end(), 0.0) / static_cast<double>(cells);
    for (double &p : pattern)
        p /= mean;
    m_surface->setInfiltrationCapacity(grid.infiltrationMps);
    m_surface->setDrainageCapacity(grid.drainageMps);

    m_stationEntity = grid.stationEntity;
    m_stationCell = grid.stationCell;
    m_gaugeEntity = grid.gaugeEntity;
    for (long cell : grid.gaugeCell)
        m_gaugeFactor.push_back(cell < 0 ? 1.0 : pattern[static_cast<std::size_t>(cell)]);
    const std::size_t stations = grid.catchmentCount;
    const double area = m_surface->cellArea();
    for (std::size_t k = 0; k < stations; ++k) {
        const double catchmentArea = grid.catchmentCells[k] * area;
        m_pipeCapacity.push_back(catchmentArea * options.pipeStorageMm / 1000.0);
        m_outfallRate.push_back(catchmentArea * options.outfallMmph * kMmphToMps);
    }
    m_pipeStorage.assign(stations, 0.0);
    m_lastDrained.assign(stations, 0.0);
    m_open.assign(stations, 1.0);
    m_drained.assign(stations, 0.0);
    m_surface->setCatchments(std::move(grid.catchment), stations);
    m_surface->setRainPattern(std::move(pattern));
    m_linkCellStart = std::move(grid.linkCellStart);
    m_linkCells = std::move(grid.linkCells);
    m_storedStart = m_surface->balance().storedNow;
}

double HydrologySim::rainRateMmph(std::int64_t timeNs) const
{
    return core::rainRateMmph(m_options.scenario, static_cast<double>(timeNs - m_options.eventStartNs) / 1e9);
}

void HydrologySim::advanceMinute(std::int64_t minuteStartNs)
{
    constexpr double kMinute = 60.0;
    // Inlets take what the pipes have room for: the share of last minute's inflow that still fits.
    for (std::size_t k = 0; k < m_pipeStorage.size(); ++k) {
        const double room = std::max(0.0, m_pipeCapacity[k] - m_pipeStorage[k]);
        m_open[k] = m_lastDrained[k] <= 0.0 ? (room > 0.0 ? 1.0 : 0.0) : std::min(1.0, room / m_lastDrained[k]);
    }
    std::fill(m_drained.begin(), m_drained.end(), 0.0);
    // The hyetograph is hourly and minutes never straddle hours, so the rate is constant here.
    const double rainMps = rainRateMmph(minuteStartNs) * kMmphToMps;
    m_surface->advance(kMinute, rainMps, m_open, m_drained);
    for (std::size_t k = 0; k < m_pipeStorage.size(); ++k) {
        m_pipeStorage[k] += m_drained[k];
        m_lastDrained[k] = m_drained[k];
        const double out = std::min(m_pipeStorage[k], m_outfallRate[k] * kMinute);
        m_pipeStorage[k] -= out;
        m_outfall += out;
    }
}

double HydrologySim::stationLevel(std::size_t k) const
{
    const double fill = std::min(1.0, m_pipeCapacity[k] > 0 ? m_pipeStorage[k] / m_pipeCapacity[k] : 0.0);
    const double standing = m_surface->depth(m_stationCell[k]);
    const Entity &e = m_scenario->city->entity(m_stationEntity[k]);
    const double warning = e.warningLevelM > 0 ? e.warningLevelM : m_options.pipeDepthM * 0.8;
    // What a station measures depends on where it stands (the scenario's `site`):
    if (e.category == "underpass" || e.category == "tunnel")
        return standing; // water on the carriageway
    if (e.category == "river" || e.category == "lake") // stage: a base level, raised by what the drains deliver
        return 0.4 * warning + 0.8 * warning * fill + standing;
    // A drain well: the water in the pipe, warning at 80% full; above the crown, the water in the street.
    return warning / 0.8 * fill + standing;
}

void HydrologySim::emitReadings(std::int64_t timeNs, std::vector<Reading> &out) const
{
    const double base = rainRateMmph(timeNs - 1); // the minute that just ended
    for (std::size_t k = 0; k < m_gaugeEntity.size(); ++k) {
        Reading r;
        r.timeNs = timeNs;
        r.entity = m_gaugeEntity[k];
        r.measurement = Measurement::Rain;
        r.values[0] = std::round(base * m_gaugeFactor[k] * 10.0) / 10.0;
        r.fieldMask = 1;
        out.push_back(r);
    }
    for (std::size_t k = 0; k < m_stationEntity.size(); ++k) {
        Reading r;
        r.timeNs = timeNs;
        r.entity = m_stationEntity[k];
        r.measurement = Measurement::Water;
        r.values[0] = std::round(stationLevel(k) * 1000.0) / 1000.0;
        r.fieldMask = 1;
        out.push_back(r);
    }
}

double HydrologySim::linkDepth(std::size_t link) const
{
    double d = 0.0;
    for (std::uint32_t k = m_linkCellStart[link]; k < m_linkCellStart[link + 1]; ++k)
        d = std::max(d, m_surface->depth(m_linkCells[k]));
    return d;
}

double HydrologySim::capacityFactorForDepth(double depthM)
{
    // Cars slow down in standing water and stop being able to pass at 0.15-0.3 m (the map legend's
    // classes: > 0.15 m impassable for cars, > 0.3 m dangerous).
    if (depthM < 0.05) return 1.0;
    if (depthM < 0.10) return 0.7;
    if (depthM < 0.15) return 0.4;
    if (depthM < 0.30) return 0.1;
    return 0.0;
}

HydrologyBalance HydrologySim::balance() const
{
    const WaterBalance &w = m_surface->balance();
    HydrologyBalance b;
    b.rain = w.rain;
    b.infiltrated = w.infiltrated;
    b.outfall = m_outfall;
    b.surface = w.storedNow;
    b.pipes = std::accumulate(m_pipeStorage.begin(), m_pipeStorage.end(), 0.0);
    b.storedStart = m_storedStart;
    return b;
}

} // namespace cityops::core
