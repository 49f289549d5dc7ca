#include "wallkpis.h"

#include "alarmsmodel.h"
#include "display.h"
#include "networkkpis.h"

#include "model/citymodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace cityops::ui {


WallKpis::WallKpis(QObject *parent)
    : QObject(parent)
{
}

void WallKpis::setSnapshot(core::SnapshotPtr snapshot)
{
    if (!snapshot || !snapshot->model)
        return;
    const core::CityModel &model = *snapshot->model;
    const NetworkKpis k = NetworkKpis::compute(*snapshot);
    m_hasData = true;
    m_hasSpeed = k.hasSpeed;
    m_averageSpeedKmh = k.averageSpeedKmh;
    m_freeFlowRatio = k.freeFlowRatio;
    m_congestionIndex = k.congestionIndex;
    m_hasParking = k.hasParking;
    m_freeParkingSpaces = k.freeParkingSpaces;
    m_hasService = k.hasService;
    m_longestWaitMin = k.longestWaitMin;
    m_activeFloodAlerts = k.activeFloodAlerts;
    updateYesterday(snapshot->timeNs);
    m_freshCount = static_cast<int>(snapshot->freshCount);
    m_staleCount = static_cast<int>(snapshot->staleCount);

    const QTimeZone zone = Display::cityZone(model);
    m_clockText = Display::time(snapshot->timeNs, zone);
    m_dateText = snapshot->timeNs > 0
        ? QDateTime::fromMSecsSinceEpoch(snapshot->timeNs / 1'000'000, zone).toString(QStringLiteral("yyyy-MM-dd"))
        : QString();

    std::vector<const core::Alarm *> open;
    for (const core::Alarm &alarm : snapshot->alarms)
        if (alarm.state != core::AlarmState::Cleared)
            open.push_back(&alarm);
    std::stable_sort(open.begin(), open.end(),
                     [](const core::Alarm *a, const core::Alarm *b) { return a->raisedNs > b->raisedNs; });
    m_ticker.clear();
    for (const core::Alarm *alarm : open) {
        if (m_ticker.size() >= kTickerSize)
            break;
        const QString id = alarm->entity < model.size() ? QString::fromStdString(model.entity(alarm->entity).id)
                                                        : QString::number(alarm->entity);
        m_ticker << QStringLiteral("%1  %2  %3").arg(Display::time(alarm->raisedNs, zone), alarmKind(alarm->kind), id);
    }
    Q_EMIT changed();
}

void WallKpis::updateYesterday(std::int64_t timeNs)
{
    constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    constexpr std::int64_t kDayMin = 24 * 60;
    const std::int64_t minute = timeNs / kMinuteNs;
    m_hasYesterday = false;
    if (!m_hasSpeed || timeNs <= 0)
        return;
    m_speedByMinute[minute] = m_averageSpeedKmh;
    m_speedByMinute.erase(m_speedByMinute.begin(), m_speedByMinute.lower_bound(minute - kDayMin - 120));
    // The nearest recorded minute within two minutes of the same time a day earlier.
    const auto from = m_speedByMinute.lower_bound(minute - kDayMin - 2);
    const auto to = m_speedByMinute.upper_bound(minute - kDayMin + 2);
    std::int64_t best = 3;
    for (auto it = from; it != to; ++it) {
        if (const std::int64_t d = std::abs(it->first - (minute - kDayMin)); d < best) {
            best = d;
            m_yesterdayDeltaKmh = m_averageSpeedKmh - it->second;
            m_hasYesterday = true;
        }
    }
}

QString WallKpis::yesterdayText() const
{
    if (!m_hasSpeed)
        return {};
    if (!m_hasYesterday)
        return tr("Same time yesterday: no data yet");
    const long rounded = std::lround(m_yesterdayDeltaKmh);
    if (rounded == 0)
        return tr("Same as this time yesterday");
    return rounded > 0 ? tr("%1 km/h faster than this time yesterday").arg(QLocale().toString(rounded))
                       : tr("%1 km/h slower than this time yesterday").arg(QLocale().toString(-rounded));
}

QString WallKpis::averageSpeedText() const
{
    return m_hasSpeed ? tr("%1 km/h").arg(QLocale().toString(m_averageSpeedKmh, 'f', 0)) : QStringLiteral("–");
}

QString WallKpis::freeFlowText() const
{
    return m_hasSpeed ? tr("%1% of free flow").arg(QLocale().toString(m_freeFlowRatio * 100.0, 'f', 0)) : QString();
}

QString WallKpis::congestionText() const
{
    return m_hasSpeed ? QStringLiteral("%1%").arg(QLocale().toString(m_congestionIndex * 100.0, 'f', 0))
                      : QStringLiteral("–");
}

QString WallKpis::freeParkingText() const
{
    return m_hasParking ? QLocale().toString(m_freeParkingSpaces) : QStringLiteral("–");
}

QString WallKpis::floodAlertsText() const
{
    return m_hasData ? QLocale().toString(m_activeFloodAlerts) : QStringLiteral("–");
}

QString WallKpis::longestWaitText() const
{
    return m_hasService ? tr("%1 min").arg(QLocale().toString(m_longestWaitMin, 'f', 0)) : QStringLiteral("–");
}

QString WallKpis::freshnessText() const
{
    return tr("Sensors: %1 fresh, %2 stale").arg(QLocale().toString(m_freshCount), QLocale().toString(m_staleCount));
}

QString WallKpis::title() const { return tr("City operations"); }
QString WallKpis::averageSpeedLabel() const { return tr("Network average speed"); }
QString WallKpis::congestionLabel() const { return tr("Congestion index (links below half their limit)"); }
QString WallKpis::freeParkingLabel() const { return tr("Free parking spaces"); }
QString WallKpis::floodAlertsLabel() const { return tr("Active flood alerts"); }
QString WallKpis::longestWaitLabel() const { return tr("Longest service wait"); }
QString WallKpis::tickerLabel() const { return tr("Newest open alarms"); }
QString WallKpis::noAlarmsText() const { return tr("No open alarms"); }

QString WallKpis::alarmKind(core::AlarmKind kind)
{
    return AlarmsModel::kindText(kind); // one wording on the wall and at the workstation
}

} // namespace cityops::ui
