#include "sim/demand.h"

#include "sim/ctm.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cityops::core {

DailyProfile DailyProfile::commuter()
{
    // Value at each full hour, local time. 07-09 and 17-19 sit at the top, the midday plateau around 0.6.
    return {{0.12, 0.08, 0.06, 0.06, 0.08, 0.18, 0.45, 0.92, 1.00, 0.88, 0.65, 0.62,
             0.60, 0.58, 0.60, 0.66, 0.80, 0.95, 1.00, 0.85, 0.55, 0.42, 0.30, 0.20}};
}

DailyProfile DailyProfile::flat(double value)
{
    DailyProfile p;
    p.hourly.fill(value);
    return p;
}

double DailyProfile::at(double secondsOfDay) const
{
    const double h = std::clamp(secondsOfDay, 0.0, 86400.0) / 3600.0;
    const auto i = static_cast<std::size_t>(std::min(23.0, std::floor(h)));
    const double t = h - static_cast<double>(i);
    return hourly[i] + t * (hourly[(i + 1) % 24] - hourly[i]);
}

DemandModel::DemandModel(std::shared_ptr<const CtmNetwork> network, DemandConfig config)
    : m_net(std::move(network)), m_cfg(std::move(config))
{
    if (!m_net)
        throw std::invalid_argument("DemandModel: no network");
    const CtmNetwork &net = *m_net;
    const std::size_t links = net.linkCount();
    m_boundary.assign(links, 0.0);
    m_internal.assign(links, 0.0);
    double capacity = 0, boundaryWeight = 0, internalWeight = 0;
    for (std::uint32_t l = 0; l < links; ++l) {
        const CtmLink &link = net.link(l);
        capacity += link.capacityVph;
        if (net.isEntry(l))
            boundaryWeight += link.lanes;
        internalWeight += link.lanes * link.lengthM / 1000.0;
    }
    double perLane = m_cfg.boundaryVphPerLane, perLaneKm = m_cfg.internalVphPerLaneKm;
    if (m_cfg.peakLoad > 0) {
        // Every trip uses meanTripLinks links on average (fewer if it leaves at the border): the total that
        // loads the links to peakLoad of their capacity.
        const double trips = m_cfg.peakLoad * capacity / std::max(1.0, m_cfg.meanTripLinks);
        const double boundary = boundaryWeight > 0 ? std::clamp(m_cfg.boundaryShare, 0.0, 1.0) * trips : 0.0;
        perLane = boundaryWeight > 0 ? boundary / boundaryWeight : 0.0;
        perLaneKm = internalWeight > 0 ? (trips - boundary) / internalWeight : 0.0;
    }
    for (std::uint32_t l = 0; l < links; ++l) {
        const CtmLink &link = net.link(l);
        if (net.isEntry(l))
            m_boundary[l] = perLane * link.lanes;
        m_internal[l] = perLaneKm * link.lanes * link.lengthM / 1000.0;
    }

    double cx = 0, cy = 0;
    if (m_cfg.centre) {
        cx = m_cfg.centre->first;
        cy = m_cfg.centre->second;
    } else if (net.nodeCount() > 0) {
        for (std::uint32_t n = 0; n < net.nodeCount(); ++n) {
            cx += net.node(n).x;
            cy += net.node(n).y;
        }
        cx /= static_cast<double>(net.nodeCount());
        cy /= static_cast<double>(net.nodeCount());
    }

    m_weight.resize(net.movementCount());
    m_cosToCentre.resize(net.movementCount());
    for (std::uint32_t m = 0; m < net.movementCount(); ++m) {
        const CtmMovement &mv = net.movement(m);
        const CtmLink &out = net.link(mv.to);
        double turnWeight = m_cfg.turnWeightUnknown;
        switch (mv.turn) {
        case Turn::Through: turnWeight = m_cfg.turnWeightThrough; break;
        case Turn::Left: turnWeight = m_cfg.turnWeightLeft; break;
        case Turn::Right: turnWeight = m_cfg.turnWeightRight; break;
        case Turn::UTurn: turnWeight = m_cfg.turnWeightUTurn; break;
        case Turn::Unknown: break;
        }
        m_weight[m] = mv.weight > 0 ? mv.weight : turnWeight * out.capacityVph;
        // Direction of the out-link against the direction from its start to the centre.
        const CtmNode &a = net.node(out.from);
        const CtmNode &b = net.node(out.to);
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double ux = cx - a.x, uy = cy - a.y;
        const double norm = std::hypot(dx, dy) * std::hypot(ux, uy);
        m_cosToCentre[m] = norm > 1e-9 ? (dx * ux + dy * uy) / norm : 0.0;
    }
}

double DemandModel::secondsOfDay(std::int64_t timeNs) const
{
    constexpr std::int64_t kDayNs = 86'400'000'000'000LL;
    std::int64_t local = (timeNs + m_cfg.utcOffsetS * 1'000'000'000LL) % kDayNs;
    if (local < 0)
        local += kDayNs;
    return static_cast<double>(local) * 1e-9;
}

double DemandModel::commute(double secondsOfDay)
{
    // Trapezoids: ramp up over the hour before the peak, hold it, ramp down over the hour after.
    auto trapezoid = [](double h, double from, double to) {
        if (h <= from - 1 || h >= to + 1)
            return 0.0;
        if (h < from)
            return h - (from - 1);
        if (h > to)
            return (to + 1) - h;
        return 1.0;
    };
    const double h = secondsOfDay / 3600.0;
    return trapezoid(h, 7, 9) - trapezoid(h, 17, 19);
}

void DemandModel::setRatesVph(std::uint32_t link, double boundaryVph, double internalVph)
{
    m_boundary.at(link) = std::max(0.0, boundaryVph);
    m_internal.at(link) = std::max(0.0, internalVph);
}

double DemandModel::internalShare() const
{
    double b = 0, i = 0;
    for (std::size_t l = 0; l < m_boundary.size(); ++l) {
        b += m_boundary[l];
        i += m_internal[l];
    }
    return b + i > 0 ? i / (b + i) : 0.0;
}

void DemandModel::ratesAt(std::int64_t timeNs, std::span<double> vph) const
{
    const double sod = secondsOfDay(timeNs);
    const double level = m_cfg.profile.at(sod);
    // The commute shift moves demand between the border and the zones; the total stays the profile's.
    double b = 0, i = 0;
    for (std::size_t l = 0; l < m_boundary.size(); ++l) {
        b += m_boundary[l];
        i += m_internal[l];
    }
    const double c = commute(sod) * m_cfg.commuteShift;
    const double moved = i > 0 ? std::min(c * b, i) : 0.0; // vehicles per hour moved to the border
    const double fb = b > 0 ? level * (b + moved) / b : 0.0, fi = i > 0 ? level * (i - moved) / i : 0.0;
    const std::size_t n = std::min(vph.size(), m_boundary.size());
    for (std::size_t l = 0; l < n; ++l)
        vph[l] = fb * m_boundary[l] + fi * m_internal[l];
}

void DemandModel::turningAt(std::int64_t timeNs, std::span<double> beta, std::span<double> exitFraction) const
{
    const CtmNetwork &net = *m_net;
    const double c = commute(secondsOfDay(timeNs)) * m_cfg.commuteBias;
    const double pEnd = m_cfg.meanTripLinks > 1.0 ? 1.0 / m_cfg.meanTripLinks : (m_cfg.meanTripLinks > 0 ? 1.0 : 0.0);
    for (std::uint32_t l = 0; l < net.linkCount(); ++l) {
        const auto movs = net.movementsFrom(l);
        double total = 0;
        for (std::uint32_t m : movs) {
            beta[m] = m_weight[m] * std::exp(c * m_cosToCentre[m]);
            total += beta[m];
        }
        if (movs.empty() || total <= 0) {
            for (std::uint32_t m : movs)
                beta[m] = 0;
            exitFraction[l] = 1.0;
            continue;
        }
        exitFraction[l] = pEnd;
        const double scale = (1.0 - pEnd) / total;
        for (std::uint32_t m : movs)
            beta[m] *= scale;
    }
}

} // namespace cityops::core
