#include "kpihistory.h"

namespace cityops::ui {

KpiHistory::KpiHistory(QObject *parent)
    : QObject(parent)
{
}

std::vector<NetworkKpis> KpiHistory::between(std::int64_t t0, std::int64_t t1) const
{
    std::vector<NetworkKpis> out;
    for (const NetworkKpis &k : m_minutes)
        if (k.timeNs >= t0 && k.timeNs <= t1)
            out.push_back(k);
    return out;
}

void KpiHistory::applySnapshot(const std::shared_ptr<const core::CitySnapshot> &snapshot)
{
    if (!snapshot || snapshot->timeNs <= 0)
        return;
    NetworkKpis k = NetworkKpis::compute(*snapshot);
    k.timeNs = snapshot->timeNs / kMinuteNs * kMinuteNs;
    if (!m_minutes.empty() && m_minutes.back().timeNs == k.timeNs) {
        m_minutes.back() = k;
        return;
    }
    if (!m_minutes.empty() && k.timeNs < m_minutes.back().timeNs)
        m_minutes.clear(); // the clock went back (a new session or a replay seek): start again
    m_minutes.push_back(k);
    while (m_minutes.size() > kKeepMinutes)
        m_minutes.pop_front();
    Q_EMIT minuteAdded();
}

} // namespace cityops::ui
