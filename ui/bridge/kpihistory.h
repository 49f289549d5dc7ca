// KpiHistory: the network KPIs minute by minute of engine time (the last minute's newest snapshot wins),
// for the daily KPI charts and the incident report. Keeps the last 48 h.
// Threading: GUI thread.
#pragma once

#include "snapshotmetatype.h"

#include "networkkpis.h"

#include <QObject>

#include <deque>

namespace cityops::ui {

class KpiHistory : public QObject {
    Q_OBJECT

public:
    static constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    static constexpr std::size_t kKeepMinutes = 48 * 60;

    explicit KpiHistory(QObject *parent = nullptr);

    const std::deque<NetworkKpis> &minutes() const { return m_minutes; }
    /// The minutes in [t0, t1].
    std::vector<NetworkKpis> between(std::int64_t t0, std::int64_t t1) const;

public Q_SLOTS:
    void applySnapshot(const std::shared_ptr<const cityops::core::CitySnapshot> &snapshot);

Q_SIGNALS:
    /// A minute was added (not sent when the newest minute is only updated).
    void minuteAdded();

private:
    std::deque<NetworkKpis> m_minutes;
};

} // namespace cityops::ui
