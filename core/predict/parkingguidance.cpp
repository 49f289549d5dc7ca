#include "predict/parkingguidance.h"

#include "model/citymodel.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

namespace cityops::core {

namespace {

double interpolate(const std::vector<std::pair<double, double>> &series, double minutes)
{
    if (series.empty())
        return 0.0;
    if (minutes <= series.front().first)
        return series.front().second;
    for (std::size_t i = 1; i < series.size(); ++i)
        if (minutes <= series[i].first) {
            const auto &[t0, v0] = series[i - 1];
            const auto &[t1, v1] = series[i];
            const double w = t1 > t0 ? (minutes - t0) / (t1 - t0) : 1.0;
            return v0 + w * (v1 - v0);
        }
    return series.back().second;
}

} // namespace

ParkingGuidance::ParkingGuidance(const Scenario &scenario)
{
    for (const Intersection &n : scenario.intersections)
        m_nodes.push_back(n.position);
    struct Raw {
        std::uint32_t from, to, link;
    };
    std::vector<Raw> raw;
    const CityModel *city = scenario.city.get();
    for (std::size_t l = 0; l < scenario.links.size(); ++l) {
        const LinkGeometry &g = scenario.links[l];
        double length = polylineLengthM(g.points), limit = 50.0;
        std::string id;
        std::uint32_t from = 0, to = 0;
        bool ok = false;
        if (city && g.entity < city->size()) {
            const Entity &e = city->entity(g.entity);
            id = e.id;
            if (e.lengthM > 0)
                length = e.lengthM;
            if (e.speedLimitKmh > 0)
                limit = e.speedLimitKmh;
            const auto a = scenario.intersectionIndex.find(e.fromNode);
            const auto b = scenario.intersectionIndex.find(e.toNode);
            if (a != scenario.intersectionIndex.end() && b != scenario.intersectionIndex.end()) {
                from = static_cast<std::uint32_t>(a->second);
                to = static_cast<std::uint32_t>(b->second);
                ok = true;
            }
        }
        m_linkIds.push_back(id);
        m_lengthM.push_back(length);
        m_limitKmh.push_back(limit);
        if (ok)
            raw.push_back({from, to, static_cast<std::uint32_t>(l)});
    }
    m_speedKmh = m_limitKmh;
    m_edgeBegin.assign(m_nodes.size() + 1, 0);
    for (const Raw &r : raw)
        ++m_edgeBegin[r.from + 1];
    for (std::size_t i = 1; i < m_edgeBegin.size(); ++i)
        m_edgeBegin[i] += m_edgeBegin[i - 1];
    m_edges.resize(raw.size());
    std::vector<std::uint32_t> fill(m_edgeBegin.begin(), m_edgeBegin.end() - 1);
    for (const Raw &r : raw)
        m_edges[fill[r.from]++] = {r.to, r.link};
}

void ParkingGuidance::setLinkSpeeds(const std::vector<double> &speedKmh)
{
    for (std::size_t l = 0; l < m_speedKmh.size(); ++l) {
        const double v = l < speedKmh.size() ? speedKmh[l] : std::numeric_limits<double>::quiet_NaN();
        m_speedKmh[l] = v > 0 ? v : m_limitKmh[l];
    }
}

bool ParkingGuidance::setLinkSpeed(const std::string &linkId, double speedKmh)
{
    const auto it = std::find(m_linkIds.begin(), m_linkIds.end(), linkId);
    if (it == m_linkIds.end())
        return false;
    const auto l = static_cast<std::size_t>(it - m_linkIds.begin());
    m_speedKmh[l] = speedKmh > 0 ? speedKmh : m_limitKmh[l];
    return true;
}

int ParkingGuidance::nearestNode(GeoPoint p) const
{
    int best = -1;
    double bestD = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < m_nodes.size(); ++i) {
        const double d = distanceM(p, m_nodes[i]);
        if (d < bestD) {
            bestD = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

void ParkingGuidance::driveTimes(GeoPoint origin, std::vector<double> &minutes, std::vector<double> &metres) const
{
    const double inf = std::numeric_limits<double>::infinity();
    minutes.assign(m_nodes.size(), inf);
    metres.assign(m_nodes.size(), inf);
    const int start = nearestNode(origin);
    if (start < 0)
        return;
    const double accessM = distanceM(origin, m_nodes[static_cast<std::size_t>(start)]);
    minutes[static_cast<std::size_t>(start)] = accessM / (kAccessKmh * 1000.0 / 60.0);
    metres[static_cast<std::size_t>(start)] = accessM;
    using Item = std::pair<double, std::uint32_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> heap;
    heap.push({minutes[static_cast<std::size_t>(start)], static_cast<std::uint32_t>(start)});
    while (!heap.empty()) {
        const auto [t, n] = heap.top();
        heap.pop();
        if (t > minutes[n])
            continue;
        for (std::uint32_t e = m_edgeBegin[n]; e < m_edgeBegin[n + 1]; ++e) {
            const Edge &edge = m_edges[e];
            const double travel = m_lengthM[edge.link] / (m_speedKmh[edge.link] * 1000.0 / 60.0);
            if (t + travel < minutes[edge.to]) {
                minutes[edge.to] = t + travel;
                metres[edge.to] = metres[n] + m_lengthM[edge.link];
                heap.push({minutes[edge.to], edge.to});
            }
        }
    }
}

std::vector<ParkingOption> ParkingGuidance::rank(GeoPoint origin, GeoPoint destination,
                                                 const std::vector<ParkingCandidate> &candidates,
                                                 const GuidanceWeights &weights) const
{
    std::vector<double> nodeMin, nodeM;
    driveTimes(origin, nodeMin, nodeM);
    std::vector<ParkingOption> out;
    for (const ParkingCandidate &c : candidates) {
        ParkingOption o;
        o.id = c.id;
        o.walkM = distanceM(c.position, destination) * kWalkDetour;
        if (o.walkM > weights.maxWalkM)
            continue;
        o.walkMin = o.walkM / (kWalkKmh * 1000.0 / 60.0);
        const int gate = nearestNode(c.position);
        if (gate < 0 || !std::isfinite(nodeMin[static_cast<std::size_t>(gate)])) {
            o.driveMin = o.driveM = std::numeric_limits<double>::infinity();
        } else {
            const double accessM = distanceM(c.position, m_nodes[static_cast<std::size_t>(gate)]);
            o.driveMin = nodeMin[static_cast<std::size_t>(gate)] + accessM / (kAccessKmh * 1000.0 / 60.0);
            o.driveM = nodeM[static_cast<std::size_t>(gate)] + accessM;
        }
        o.freeOnArrival = std::clamp(interpolate(c.freeForecast, o.driveMin), 0.0, std::max(0.0, c.capacity));
        const double pFull = std::clamp(1.0 - o.freeOnArrival / std::max(1.0, weights.spareSpaces), 0.0, 1.0);
        o.score = o.driveMin + weights.walkWeight * o.walkMin + weights.fullPenaltyMin * pFull;
        out.push_back(o);
    }
    std::stable_sort(out.begin(), out.end(), [](const ParkingOption &a, const ParkingOption &b) { return a.score < b.score; });
    if (out.size() > weights.maxResults)
        out.resize(weights.maxResults);
    return out;
}

std::vector<std::pair<double, double>> freeSpaceForecast(double capacity, double occupiedNow,
                                                         const std::vector<std::pair<double, double>> &rateForecast)
{
    std::vector<std::pair<double, double>> out{{0.0, std::max(0.0, capacity - occupiedNow)}};
    for (const auto &[minutes, rate] : rateForecast)
        if (minutes > 0 && std::isfinite(rate))
            out.emplace_back(minutes, std::max(0.0, capacity * (1.0 - rate)));
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace cityops::core
