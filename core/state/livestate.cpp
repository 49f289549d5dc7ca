#include "state/livestate.h"

#include <algorithm>

namespace cityops::core {

LiveState::LiveState(std::shared_ptr<const CityModel> model)
    : m_model(std::move(model))
    , m_entities(m_model->size())
    , m_window(m_model->size() * kWindowSize)
    , m_windowHead(m_model->size(), 0)
    , m_windowCount(m_model->size(), 0)
{
}

void LiveState::apply(const Reading &r)
{
    if (r.measurement == Measurement::Incident) {
        auto it = std::find_if(m_incidents.begin(), m_incidents.end(),
                               [&](const IncidentState &s) { return s.link == r.entity && s.kindCode == r.code; });
        const int severity = r.has(0) ? static_cast<int>(r.values[0]) : 1;
        if (severity <= 0) {
            if (it != m_incidents.end())
                m_incidents.erase(it);
            return;
        }
        if (it == m_incidents.end())
            it = m_incidents.insert(m_incidents.end(), IncidentState{r.entity, r.code, 0, 0, r.timeNs});
        it->severity = severity;
        if (r.has(1))
            it->lanesBlocked = static_cast<int>(r.values[1]);
        return;
    }

    EntityState &e = m_entities[r.entity];
    // A late reading updates the history but never moves the live value back in time.
    if (r.timeNs >= e.timeNs) {
        for (int f = 0; f < kMaxReadingFields; ++f)
            if (r.has(f))
                e.values[f] = r.values[f];
        e.fieldMask |= r.fieldMask;
        e.timeNs = r.timeNs;
    }
    ++e.readings;
    if (r.has(0)) {
        const std::size_t base = static_cast<std::size_t>(r.entity) * kWindowSize;
        m_window[base + m_windowHead[r.entity]] = {r.timeNs, r.values[0]};
        m_windowHead[r.entity] = static_cast<std::uint32_t>((m_windowHead[r.entity] + 1) % kWindowSize);
        m_windowCount[r.entity] = std::min<std::uint32_t>(m_windowCount[r.entity] + 1, kWindowSize);
    }
}

Freshness LiveState::freshness(std::uint32_t entity, std::int64_t nowNs) const
{
    const EntityState &e = m_entities[entity];
    if (e.readings == 0)
        return Freshness::NoData;
    const double limitNs = kStaleFactor * m_model->entity(entity).expectedIntervalS * 1e9;
    return static_cast<double>(nowNs - e.timeNs) > limitNs ? Freshness::Stale : Freshness::Fresh;
}

std::vector<WindowPoint> LiveState::window(std::uint32_t entity) const
{
    std::vector<WindowPoint> out;
    const std::uint32_t n = m_windowCount[entity];
    out.reserve(n);
    const std::size_t base = static_cast<std::size_t>(entity) * kWindowSize;
    const std::uint32_t start = (m_windowHead[entity] + kWindowSize - n) % kWindowSize;
    for (std::uint32_t k = 0; k < n; ++k)
        out.push_back(m_window[base + (start + k) % kWindowSize]);
    return out;
}

void LiveState::fillSnapshot(std::int64_t nowNs, CitySnapshot &out) const
{
    out.timeNs = nowNs;
    out.model = m_model;
    out.entities = m_entities;
    out.incidents = m_incidents;
    out.staleCount = out.freshCount = 0;
    for (std::uint32_t k = 0; k < out.entities.size(); ++k) {
        out.entities[k].freshness = freshness(k, nowNs);
        if (out.entities[k].freshness == Freshness::Stale) ++out.staleCount;
        else if (out.entities[k].freshness == Freshness::Fresh) ++out.freshCount;
    }
}

} // namespace cityops::core
