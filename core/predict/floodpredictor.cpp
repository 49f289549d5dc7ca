#include "predict/floodpredictor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cityops::core {

namespace {
constexpr double kMmphToMps = 1.0 / 3.6e6;
} // namespace

FloodRisk floodRiskForDepth(double depthM)
{
    if (depthM >= kDangerousDepthM)
        return FloodRisk::Dangerous;
    if (depthM >= kImpassableDepthM)
        return FloodRisk::Impassable;
    return FloodRisk::None;
}

const char *floodRiskName(FloodRisk risk)
{
    switch (risk) {
    case FloodRisk::None: return "none";
    case FloodRisk::Impassable: return "impassable";
    case FloodRisk::Dangerous: return "dangerous";
    }
    return "none";
}

// ---- RainNowcast ----

double RainNowcast::rateAt(double secondsAhead) const
{
    if (meanMmph.empty())
        return 0.0;
    const double k = std::floor(std::max(0.0, secondsAhead) / stepS);
    const std::size_t i = std::min(meanMmph.size() - 1, static_cast<std::size_t>(k));
    return meanMmph[i];
}

RainNowcast RainNowcast::fromSeries(std::int64_t startNs, double stepS, std::vector<double> meanMmph)
{
    RainNowcast n;
    n.startNs = startNs;
    n.stepS = stepS;
    n.meanMmph = std::move(meanMmph);
    return n;
}

// ---- RainNowcaster ----

RainNowcaster::RainNowcaster(std::size_t gauges, NowcastOptions options) : m_gauges(gauges), m_options(options) {}

void RainNowcaster::observe(std::int64_t timeNs, std::span<const double> mmph)
{
    m_times.push_back(timeNs);
    for (std::size_t g = 0; g < m_gauges; ++g)
        m_rates.push_back(g < mmph.size() ? mmph[g] : std::numeric_limits<double>::quiet_NaN());
}

double RainNowcaster::meanOver(std::int64_t fromNs, std::int64_t toNs, std::vector<double> *perGauge) const
{
    // Observations with fromNs < t <= toNs; per gauge, then the mean over the gauges that reported.
    std::vector<double> sum(m_gauges, 0.0), count(m_gauges, 0.0);
    const auto first = std::upper_bound(m_times.begin(), m_times.end(), fromNs) - m_times.begin();
    for (auto k = static_cast<std::size_t>(first); k < m_times.size() && m_times[k] <= toNs; ++k)
        for (std::size_t g = 0; g < m_gauges; ++g) {
            const double v = m_rates[k * m_gauges + g];
            if (std::isfinite(v) && v >= 0.0) {
                sum[g] += v;
                count[g] += 1.0;
            }
        }
    double total = 0.0, n = 0.0;
    if (perGauge)
        perGauge->assign(m_gauges, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t g = 0; g < m_gauges; ++g)
        if (count[g] > 0) {
            const double mean = sum[g] / count[g];
            total += mean;
            n += 1.0;
            if (perGauge)
                (*perGauge)[g] = mean;
        }
    return n > 0 ? total / n : std::numeric_limits<double>::quiet_NaN();
}

RainNowcast RainNowcaster::nowcast(std::int64_t nowNs, double horizonS) const
{
    const auto minutes = [](double m) { return static_cast<std::int64_t>(m * 60e9); };
    std::vector<double> perGauge;
    double rNow = meanOver(nowNs - minutes(m_options.recentMin), nowNs, &perGauge);
    if (!std::isfinite(rNow))
        rNow = 0.0;
    const std::int64_t lag = minutes(m_options.trendLagMin);
    const double rLag = meanOver(nowNs - lag - minutes(m_options.recentMin), nowNs - lag, nullptr);
    double slopePerMin = std::isfinite(rLag) ? (rNow - rLag) / m_options.trendLagMin : 0.0;
    if (!m_options.extrapolateRise)
        slopePerMin = std::min(0.0, slopePerMin);

    RainNowcast n;
    n.startNs = nowNs;
    n.stepS = 60.0;
    const int steps = std::max(1, static_cast<int>(std::ceil(horizonS / 60.0)));
    n.meanMmph.resize(static_cast<std::size_t>(steps));
    for (int m = 0; m < steps; ++m) {
        const double tau = std::min(m + 0.5, m_options.trendHorizonMin);
        const double r = rNow + slopePerMin * tau;
        n.meanMmph[static_cast<std::size_t>(m)] = std::clamp(r, 0.0, m_options.maxGrowth * rNow);
    }
    if (rNow > 0.0) {
        n.gaugeFactor.resize(m_gauges, 1.0);
        for (std::size_t g = 0; g < m_gauges; ++g)
            n.gaugeFactor[g] = std::isfinite(perGauge[g]) ? perGauge[g] / rNow : 1.0;
    }
    return n;
}

// ---- FloodForecast ----

std::vector<double> FloodForecast::capacityFactors(double withinS) const
{
    std::size_t h = 0;
    while (h + 1 < horizonsMin.size() && horizonsMin[h] * 60.0 < withinS)
        ++h;
    std::vector<double> f(roads.size(), 1.0);
    for (std::size_t l = 0; l < roads.size(); ++l)
        f[l] = HydrologySim::capacityFactorForDepth(std::max<double>(roads[l].depthNowM, roads[l].maxDepthByM[h]));
    return f;
}

std::vector<RoadFloodAlarmInput> FloodForecast::alarmInput(const Scenario &scenario) const
{
    std::vector<RoadFloodAlarmInput> out;
    for (std::size_t l = 0; l < roads.size() && l < scenario.links.size(); ++l) {
        const RoadFloodForecast &r = roads[l];
        if (r.impassableInS < 0)
            continue;
        out.push_back({scenario.links[l].entity, timeNs + std::llround(r.impassableInS * 1e9),
                       r.dangerousInS >= 0 ? timeNs + std::llround(r.dangerousInS * 1e9) : 0, r.maxDepthByM.back()});
    }
    return out;
}

std::vector<std::uint32_t> FloodForecast::roadsImpassableWithin(double withinS) const
{
    std::vector<std::uint32_t> out;
    for (std::size_t l = 0; l < roads.size(); ++l)
        if (roads[l].impassableInS >= 0 && roads[l].impassableInS <= withinS)
            out.push_back(static_cast<std::uint32_t>(l));
    return out;
}

// ---- FloodPredictor ----

FloodPredictor::FloodPredictor(std::shared_ptr<const Scenario> scenario, FloodPredictorOptions options)
    : m_scenario(std::move(scenario))
    , m_options(options)
    , m_grid(buildHydrologyGrid(*m_scenario, options.infiltrationMmph))
    , m_solver(m_grid.cols, m_grid.rows, m_grid.dx, m_grid.dy, m_scenario->terrain.values(), options.manningN)
{
    m_solver.setInfiltrationCapacity(m_grid.infiltrationMps);
    m_solver.setDrainageCapacity(m_grid.drainageMps);
    m_solver.setCatchments(m_grid.catchment, m_grid.catchmentCount);
    const double area = m_solver.cellArea();
    for (std::size_t k = 0; k < m_grid.catchmentCount; ++k) {
        const double catchmentArea = m_grid.catchmentCells[k] * area;
        m_pipeCapacity.push_back(catchmentArea * options.pipeStorageMm / 1000.0);
        m_outfallRate.push_back(catchmentArea * options.outfallMmph * kMmphToMps);
    }

    // Inverse-distance weights of the four nearest gauges, per cell (metres; gauges may lie off the grid).
    const CityModel &city = *m_scenario->city;
    const std::size_t gauges = m_grid.gaugeEntity.size();
    const std::size_t cells = m_grid.cellCount();
    if (gauges > 0) {
        m_gaugeIdx.resize(cells);
        m_gaugeW.resize(cells);
        std::vector<std::pair<double, double>> pos; // metres east, south of the grid's north-west corner
        const double top = m_grid.originLat + m_grid.rows * m_grid.cellDeg;
        for (std::uint32_t e : m_grid.gaugeEntity) {
            const Entity &ent = city.entity(e);
            pos.emplace_back((ent.lon - m_grid.originLon) / m_grid.cellDeg * m_grid.dx,
                             (top - ent.lat) / m_grid.cellDeg * m_grid.dy);
        }
        std::vector<std::pair<double, std::uint16_t>> d(gauges);
        for (int r = 0; r < m_grid.rows; ++r)
            for (int c = 0; c < m_grid.cols; ++c) {
                const double x = (c + 0.5) * m_grid.dx, y = (r + 0.5) * m_grid.dy;
                for (std::size_t g = 0; g < gauges; ++g)
                    d[g] = {std::hypot(x - pos[g].first, y - pos[g].second), static_cast<std::uint16_t>(g)};
                const std::size_t k = std::min<std::size_t>(4, gauges);
                std::partial_sort(d.begin(), d.begin() + static_cast<long>(k), d.end());
                const std::size_t i = static_cast<std::size_t>(r) * static_cast<std::size_t>(m_grid.cols) + static_cast<std::size_t>(c);
                float wsum = 0;
                for (std::size_t j = 0; j < 4; ++j) {
                    const std::size_t jj = std::min(j, k - 1);
                    const double dist = std::max(d[jj].first, 0.5 * m_grid.dx);
                    const float w = j < k ? static_cast<float>(1.0 / (dist * dist)) : 0.0f;
                    m_gaugeIdx[i][j] = d[jj].second;
                    m_gaugeW[i][j] = w;
                    wsum += w;
                }
                for (float &w : m_gaugeW[i])
                    w /= wsum;
            }
    }

    // Underground car parks: their entrance may sit a cell off the marked position, so watch the 3x3 block.
    for (std::uint32_t e = 0; e < city.size(); ++e) {
        const Entity &ent = city.entity(e);
        if (ent.kind != EntityKind::Parking || !ent.underground)
            continue;
        const long cell = m_grid.cellOf(ent.lon, ent.lat);
        if (cell < 0)
            continue;
        const int c0 = static_cast<int>(cell % m_grid.cols), r0 = static_cast<int>(cell / m_grid.cols);
        std::vector<std::uint32_t> mine;
        for (int dr = -1; dr <= 1; ++dr)
            for (int dc = -1; dc <= 1; ++dc) {
                const int c = c0 + dc, r = r0 + dr;
                if (c >= 0 && r >= 0 && c < m_grid.cols && r < m_grid.rows)
                    mine.push_back(static_cast<std::uint32_t>(r * m_grid.cols + c));
            }
        m_parkEntity.push_back(e);
        m_parkCells.push_back(std::move(mine));
    }
}

double FloodPredictor::linkDepth(std::span<const float> depthM, std::size_t link) const
{
    float d = 0.0f;
    for (std::uint32_t k = m_grid.linkCellStart[link]; k < m_grid.linkCellStart[link + 1]; ++k)
        d = std::max(d, depthM[m_grid.linkCells[k]]);
    return d;
}

std::vector<double> FloodPredictor::pipeFill(const FloodState &state) const
{
    const CityModel &city = *m_scenario->city;
    const std::size_t n = m_grid.catchmentCount;
    std::vector<double> fill(n, std::numeric_limits<double>::quiet_NaN());
    double known = 0.0, count = 0.0;
    for (std::size_t k = 0; k < m_grid.stationEntity.size() && k < state.stationLevelM.size(); ++k) {
        const double level = state.stationLevelM[k];
        if (!std::isfinite(level))
            continue;
        const Entity &e = city.entity(m_grid.stationEntity[k]);
        const double warning = e.warningLevelM > 0 ? e.warningLevelM : m_options.pipeDepthM * 0.8;
        const double standing = state.depthM.empty() ? 0.0 : state.depthM[m_grid.stationCell[k]];
        // Invert what each kind of site measures (see HydrologySim::stationLevel): a drain well shows the
        // pipe's fill below its crown, a river or lake gauge a stage raised by the drains, an underpass or
        // tunnel only the water on the carriageway (no pipe information).
        double f;
        if (e.category == "underpass" || e.category == "tunnel")
            continue;
        if (e.category == "river" || e.category == "lake")
            f = (level - standing - 0.4 * warning) / (0.8 * warning);
        else
            f = (level - standing) * 0.8 / warning;
        fill[k] = std::clamp(f, 0.0, 1.0);
        known += fill[k];
        count += 1.0;
    }
    const double fallback = count > 0 ? known / count : 0.0;
    for (double &f : fill)
        if (!std::isfinite(f))
            f = fallback;
    return fill;
}

FloodForecast FloodPredictor::predict(const FloodState &state, const RainNowcast &nowcast)
{
    const std::size_t cells = m_grid.cellCount();
    const std::size_t links = m_scenario->links.size();
    FloodForecast fc;
    fc.timeNs = state.timeNs;
    fc.horizonsMin = m_options.horizonsMin;
    fc.roads.resize(links);

    if (state.depthM.size() == cells)
        m_solver.setDepths(std::span<const float>(state.depthM));
    else
        m_solver.setDepths(std::span<const float>(std::vector<float>(cells, 0.0f)));

    // The storm's shape from the gauges' shares of the mean.
    if (!nowcast.gaugeFactor.empty() && !m_gaugeIdx.empty()) {
        std::vector<double> pattern(cells);
        for (std::size_t i = 0; i < cells; ++i) {
            double p = 0.0;
            for (std::size_t j = 0; j < 4; ++j) {
                const std::size_t g = m_gaugeIdx[i][j];
                p += m_gaugeW[i][j] * (g < nowcast.gaugeFactor.size() ? nowcast.gaugeFactor[g] : 1.0);
            }
            pattern[i] = p;
        }
        m_solver.setRainPattern(pattern);
    } else {
        m_solver.setRainPattern({});
    }

    // Pipes: as full as the stations say; inlets take what still fits (as the city's drains do).
    const std::uint64_t stepsBefore = m_solver.steps();
    const std::size_t nc = m_grid.catchmentCount;
    std::vector<double> storage = state.pipeFill.size() == nc ? state.pipeFill : pipeFill(state);
    for (std::size_t k = 0; k < nc; ++k)
        storage[k] *= m_pipeCapacity[k];
    std::vector<double> lastDrained(nc, 0.0), open(nc, 1.0), drained(nc, 0.0);

    const std::span<const float> h(m_solver.depths());
    for (std::size_t l = 0; l < links; ++l) {
        RoadFloodForecast &road = fc.roads[l];
        road.depthNowM = static_cast<float>(linkDepth(h, l));
        road.tunnel = m_scenario->links[l].tunnel;
        road.underpass = m_scenario->links[l].underpass;
        if (road.depthNowM >= kImpassableDepthM)
            road.impassableInS = 0;
        if (road.depthNowM >= kDangerousDepthM)
            road.dangerousInS = 0;
    }
    std::vector<SiteFloodForecast> parks(m_parkEntity.size());
    auto parkDepth = [&](std::size_t p) {
        float d = 0.0f;
        for (std::uint32_t c : m_parkCells[p])
            d = std::max(d, h[c]);
        return d;
    };
    for (std::size_t p = 0; p < parks.size(); ++p) {
        parks[p].entity = m_parkEntity[p];
        parks[p].depthNowM = parks[p].maxDepthM = parkDepth(p);
        if (parks[p].depthNowM >= kImpassableDepthM)
            parks[p].impassableInS = 0;
        if (parks[p].depthNowM >= kDangerousDepthM)
            parks[p].dangerousInS = 0;
    }

    const int total = *std::max_element(fc.horizonsMin.begin(), fc.horizonsMin.end());
    std::vector<float> running(links, 0.0f);
    for (std::size_t l = 0; l < links; ++l)
        running[l] = fc.roads[l].depthNowM;
    for (int m = 0; m < total; ++m) {
        for (std::size_t k = 0; k < nc; ++k) {
            const double room = std::max(0.0, m_pipeCapacity[k] - storage[k]);
            open[k] = lastDrained[k] <= 0.0 ? (room > 0.0 ? 1.0 : 0.0) : std::min(1.0, room / lastDrained[k]);
        }
        std::fill(drained.begin(), drained.end(), 0.0);
        const double rain = nowcast.rateAt(m * 60.0) * kMmphToMps;
        fc.meanRainMmph.push_back(rain / kMmphToMps);
        m_solver.advance(60.0, rain, open, drained);
        for (std::size_t k = 0; k < nc; ++k) {
            storage[k] += drained[k];
            lastDrained[k] = drained[k];
            storage[k] -= std::min(storage[k], m_outfallRate[k] * 60.0);
        }
        const double t = (m + 1) * 60.0;
        for (std::size_t l = 0; l < links; ++l) {
            RoadFloodForecast &road = fc.roads[l];
            const float d = static_cast<float>(linkDepth(h, l));
            running[l] = std::max(running[l], d);
            if (road.impassableInS < 0 && d >= kImpassableDepthM)
                road.impassableInS = t;
            if (road.dangerousInS < 0 && d >= kDangerousDepthM)
                road.dangerousInS = t;
            for (std::size_t k = 0; k < fc.horizonsMin.size(); ++k)
                if (fc.horizonsMin[k] == m + 1) {
                    road.depthM[k] = d;
                    road.risk[k] = floodRiskForDepth(d);
                    road.maxDepthByM[k] = running[l];
                }
        }
        for (std::size_t p = 0; p < parks.size(); ++p) {
            const float d = parkDepth(p);
            parks[p].maxDepthM = std::max(parks[p].maxDepthM, d);
            if (parks[p].impassableInS < 0 && d >= kImpassableDepthM)
                parks[p].impassableInS = t;
            if (parks[p].dangerousInS < 0 && d >= kDangerousDepthM)
                parks[p].dangerousInS = t;
        }
        if (m_options.keepCellDepths)
            for (int hz : fc.horizonsMin)
                if (hz == m + 1)
                    fc.cellDepthM.emplace_back(h.begin(), h.end());
    }

    for (SiteFloodForecast &p : parks) {
        p.risk = floodRiskForDepth(p.maxDepthM);
        fc.sites.push_back(p);
    }
    for (std::size_t l = 0; l < links; ++l) {
        const RoadFloodForecast &road = fc.roads[l];
        if (!road.tunnel && !road.underpass)
            continue;
        SiteFloodForecast s;
        s.kind = road.tunnel ? SiteFloodForecast::Kind::Tunnel : SiteFloodForecast::Kind::Underpass;
        s.entity = m_scenario->links[l].entity;
        s.link = static_cast<std::uint32_t>(l);
        s.depthNowM = road.depthNowM;
        s.maxDepthM = std::max(road.depthNowM, road.maxDepthByM.back());
        s.risk = floodRiskForDepth(s.maxDepthM);
        s.impassableInS = road.impassableInS;
        s.dangerousInS = road.dangerousInS;
        fc.sites.push_back(s);
    }
    fc.steps = m_solver.steps() - stepsBefore;
    fc.massError = m_solver.balance().relativeError();
    return fc;
}

void FloodPredictor::rainField(std::span<const double> gaugeMmph, std::vector<double> &out) const
{
    const std::size_t cells = m_grid.cellCount();
    out.resize(cells);
    double sum = 0.0, n = 0.0;
    for (double v : gaugeMmph)
        if (std::isfinite(v) && v >= 0.0) {
            sum += v;
            n += 1.0;
        }
    const double mean = n > 0 ? sum / n : 0.0;
    if (m_gaugeIdx.empty()) {
        std::fill(out.begin(), out.end(), mean * kMmphToMps);
        return;
    }
    for (std::size_t i = 0; i < cells; ++i) {
        double r = 0.0;
        for (std::size_t j = 0; j < 4; ++j) {
            const std::size_t g = m_gaugeIdx[i][j];
            const double v = g < gaugeMmph.size() && std::isfinite(gaugeMmph[g]) && gaugeMmph[g] >= 0.0 ? gaugeMmph[g] : mean;
            r += m_gaugeW[i][j] * v;
        }
        out[i] = r * kMmphToMps;
    }
}

// ---- FloodTracker ----

FloodTracker::FloodTracker(const FloodPredictor &predictor)
    : m_predictor(predictor)
    , m_solver(predictor.m_solver)
{
    m_solver.setDepths(std::span<const float>(std::vector<float>(m_solver.cellCount(), 0.0f)));
    const std::size_t nc = predictor.m_grid.catchmentCount;
    m_storage.assign(nc, 0.0);
    m_lastDrained.assign(nc, 0.0);
    m_open.assign(nc, 1.0);
    m_drained.assign(nc, 0.0);
}

void FloodTracker::observeMinute(std::int64_t minuteEndNs, std::span<const double> gaugeMmph)
{
    const FloodPredictor &p = m_predictor;
    for (std::size_t k = 0; k < m_storage.size(); ++k) {
        const double room = std::max(0.0, p.m_pipeCapacity[k] - m_storage[k]);
        m_open[k] = m_lastDrained[k] <= 0.0 ? (room > 0.0 ? 1.0 : 0.0) : std::min(1.0, room / m_lastDrained[k]);
    }
    std::fill(m_drained.begin(), m_drained.end(), 0.0);
    // The measured field is the pattern; the base rate is 1 m/s times it.
    p.rainField(gaugeMmph, m_rain);
    m_solver.setRainPattern(m_rain);
    m_solver.advance(60.0, 1.0, m_open, m_drained);
    for (std::size_t k = 0; k < m_storage.size(); ++k) {
        m_storage[k] += m_drained[k];
        m_lastDrained[k] = m_drained[k];
        m_storage[k] -= std::min(m_storage[k], p.m_outfallRate[k] * 60.0);
    }
    m_timeNs = minuteEndNs;
}

FloodState FloodTracker::state() const
{
    FloodState s;
    s.timeNs = m_timeNs;
    s.depthM = m_solver.depths();
    s.pipeFill.resize(m_storage.size());
    for (std::size_t k = 0; k < m_storage.size(); ++k)
        s.pipeFill[k] = m_predictor.m_pipeCapacity[k] > 0 ? std::min(1.0, m_storage[k] / m_predictor.m_pipeCapacity[k]) : 0.0;
    return s;
}

} // namespace cityops::core
