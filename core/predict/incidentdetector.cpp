#include "predict/incidentdetector.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cityops::core {

IncidentDetector::IncidentDetector(std::size_t linkCount, std::vector<std::vector<std::uint32_t>> downstream,
                                   IncidentDetectorConfig config)
    : m_n(linkCount)
    , m_down(std::move(downstream))
    , m_cfg(config)
{
    if (m_cfg.slotMinutes < 1 || m_cfg.slotMinutes > 1440 || m_cfg.persistMinutes < 1 || m_cfg.clearMinutes < 1)
        throw std::invalid_argument("IncidentDetector: bad configuration");
    m_down.resize(m_n);
    for (const auto &d : m_down)
        for (std::uint32_t l : d)
            if (l >= m_n)
                throw std::invalid_argument("IncidentDetector: downstream link out of range");
    const std::size_t cells = static_cast<std::size_t>(slotCount()) * m_n;
    for (auto *v : {&m_cnt, &m_s, &m_s2, &m_o, &m_o2, &m_expSpeed, &m_expOcc, &m_sdSpeed, &m_sdOcc})
        v->assign(cells, 0.0);
    m_anomalous.assign(m_n, 0);
    m_active.assign(m_n, 0);
    m_run.assign(m_n, 0);
    m_normalRun.assign(m_n, 0);
}

void IncidentDetector::learn(double secondsOfDay, std::span<const double> speed, std::span<const double> occupancy)
{
    if (speed.size() != m_n || occupancy.size() != m_n)
        throw std::invalid_argument("IncidentDetector::learn: wrong number of links");
    const int slot = std::clamp(static_cast<int>(secondsOfDay / 60.0) / m_cfg.slotMinutes, 0, slotCount() - 1);
    const std::size_t base = static_cast<std::size_t>(slot) * m_n;
    for (std::size_t l = 0; l < m_n; ++l) {
        if (!std::isfinite(speed[l]) || !std::isfinite(occupancy[l]))
            continue;
        m_cnt[base + l] += 1;
        m_s[base + l] += speed[l];
        m_s2[base + l] += speed[l] * speed[l];
        m_o[base + l] += occupancy[l];
        m_o2[base + l] += occupancy[l] * occupancy[l];
    }
}

void IncidentDetector::finishLearning()
{
    const int nSlots = slotCount();
    for (std::size_t l = 0; l < m_n; ++l) {
        // A slot never seen borrows from the nearest slot that was (wrapping round midnight).
        for (int slot = 0; slot < nSlots; ++slot) {
            int src = -1;
            for (int o = 0; o <= nSlots / 2 && src < 0; ++o) {
                for (int sign : {1, -1}) {
                    const int q = ((slot + sign * o) % nSlots + nSlots) % nSlots;
                    if (m_cnt[static_cast<std::size_t>(q) * m_n + l] > 0) {
                        src = q;
                        break;
                    }
                }
            }
            const std::size_t dst = static_cast<std::size_t>(slot) * m_n + l;
            if (src < 0) {
                m_expSpeed[dst] = m_expOcc[dst] = 0;
                m_sdSpeed[dst] = m_sdOcc[dst] = 1e9; // nothing known: never anomalous
                continue;
            }
            const std::size_t k = static_cast<std::size_t>(src) * m_n + l;
            const double c = m_cnt[k];
            const double ms = m_s[k] / c, mo = m_o[k] / c;
            m_expSpeed[dst] = ms;
            m_expOcc[dst] = mo;
            m_sdSpeed[dst] = std::sqrt(std::max(0.0, m_s2[k] / c - ms * ms));
            m_sdOcc[dst] = std::sqrt(std::max(0.0, m_o2[k] / c - mo * mo));
        }
    }
}

IncidentDetector::Expect IncidentDetector::expected(std::uint32_t link, double secondsOfDay) const
{
    // Linear between slot centres; the spread is the larger of the two neighbours' (conservative).
    const int nSlots = slotCount();
    const double pos = secondsOfDay / (60.0 * m_cfg.slotMinutes) - 0.5;
    const int a = static_cast<int>(std::floor(pos));
    const double f = pos - a;
    const std::size_t ia = static_cast<std::size_t>(((a % nSlots) + nSlots) % nSlots) * m_n + link;
    const std::size_t ib = static_cast<std::size_t>((((a + 1) % nSlots) + nSlots) % nSlots) * m_n + link;
    Expect e;
    e.speed = (1 - f) * m_expSpeed[ia] + f * m_expSpeed[ib];
    e.occupancy = (1 - f) * m_expOcc[ia] + f * m_expOcc[ib];
    e.speedSpread = std::max(m_sdSpeed[ia], m_sdSpeed[ib]);
    e.occupancySpread = std::max(m_sdOcc[ia], m_sdOcc[ib]);
    return e;
}

double IncidentDetector::expectedSpeed(std::uint32_t link, double secondsOfDay) const
{
    return expected(link, secondsOfDay).speed;
}

double IncidentDetector::expectedOccupancy(std::uint32_t link, double secondsOfDay) const
{
    return expected(link, secondsOfDay).occupancy;
}

void IncidentDetector::observe(std::int64_t timeNs, double secondsOfDay, std::span<const double> speed,
                               std::span<const double> occupancy, std::vector<IncidentEvent> &events)
{
    if (speed.size() != m_n || occupancy.size() != m_n)
        throw std::invalid_argument("IncidentDetector::observe: wrong number of links");
    std::vector<Expect> exp(m_n);
    for (std::size_t l = 0; l < m_n; ++l) {
        const Expect e = expected(static_cast<std::uint32_t>(l), secondsOfDay);
        exp[l] = e;
        const double s = speed[l], o = occupancy[l];
        if (!std::isfinite(s) || !std::isfinite(o)) {
            m_anomalous[l] = 0;
            continue;
        }
        const bool occUp = o > e.occupancy + std::max(m_cfg.occupancySigmas * e.occupancySpread, m_cfg.occupancyRise);
        const bool speedDown =
            s < e.speed - std::max(m_cfg.speedSigmas * e.speedSpread, m_cfg.speedDropShare * e.speed);
        m_anomalous[l] = m_cfg.requireBoth ? (occUp && speedDown) : (occUp || speedDown);
    }
    for (std::size_t l = 0; l < m_n; ++l) {
        bool incident = m_anomalous[l] != 0;
        if (incident && m_cfg.downstreamCheck)
            for (std::uint32_t d : m_down[l])
                if (m_anomalous[d]) {
                    incident = false;
                    break;
                }
        // Raising needs the incident pattern; clearing needs the link itself back to normal.
        m_run[l] = incident ? m_run[l] + 1 : 0;
        m_normalRun[l] = m_anomalous[l] ? 0 : m_normalRun[l] + 1;
        IncidentEvent ev;
        ev.link = static_cast<std::uint32_t>(l);
        ev.timeNs = timeNs;
        ev.speed = speed[l];
        ev.expectedSpeed = exp[l].speed;
        ev.occupancy = occupancy[l];
        ev.expectedOccupancy = exp[l].occupancy;
        if (!m_active[l] && m_run[l] >= m_cfg.persistMinutes) {
            m_active[l] = 1;
            ev.kind = IncidentEvent::Kind::Raised;
            events.push_back(ev);
        } else if (m_active[l] && m_normalRun[l] >= m_cfg.clearMinutes) {
            m_active[l] = 0;
            ev.kind = IncidentEvent::Kind::Cleared;
            events.push_back(ev);
        }
    }
}

} // namespace cityops::core
