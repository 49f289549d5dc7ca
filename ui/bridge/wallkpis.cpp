#include "wallkpis.h"

#include "display.h"

#include "model/citymodel.h"

#include <QDateTime>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace cityops::ui {

namespace {
// Field indices of the feed schema (core/feed/feedschema.cpp).
constexpr int kSpeedField = 0;     // traffic: speed_kmh
constexpr int kOccupiedField = 0;  // parking: occupied
constexpr int kCapacityField = 1;  // parking: capacity
constexpr int kWaitingField = 0;   // service: waiting
constexpr int kCountersField = 3;  // service: counters_open
} // namespace

WallKpis::WallKpis(QObject *parent)
    : QObject(parent)
{
}

void WallKpis::setSnapshot(core::SnapshotPtr snapshot)
{
    if (!snapshot || !snapshot->model)
        return;
    const core::CityModel &model = *snapshot->model;
    const std::size_t n = std::min(model.size(), snapshot->entities.size());

    double speedSum = 0, limitSum = 0;
    int links = 0, congested = 0;
    long long freeSpaces = 0;
    bool parking = false, service = false;
    double longestWait = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const core::Entity &entity = model.entity(static_cast<std::uint32_t>(i));
        const core::EntityState &state = snapshot->entities[i];
        if (state.freshness == core::Freshness::NoData)
            continue;
        switch (entity.kind) {
        case core::EntityKind::Link:
            if (state.has(kSpeedField)) {
                const double speed = state.values[kSpeedField];
                speedSum += speed;
                limitSum += entity.speedLimitKmh;
                ++links;
                if (speed < 0.5 * entity.speedLimitKmh)
                    ++congested;
            }
            break;
        case core::EntityKind::Parking:
            if (state.has(kOccupiedField)) {
                const double capacity = state.has(kCapacityField) ? state.values[kCapacityField] : entity.capacity;
                freeSpaces += std::max(0LL, std::llround(capacity - state.values[kOccupiedField]));
                parking = true;
            }
            break;
        case core::EntityKind::ServiceCenter:
            if (state.has(kWaitingField) && state.has(kCountersField) && state.values[kCountersField] > 0) {
                longestWait = std::max(longestWait,
                                       state.values[kWaitingField] * kMinutesPerPerson / state.values[kCountersField]);
                service = true;
            }
            break;
        default:
            break;
        }
    }

    m_hasData = true;
    m_hasSpeed = links > 0;
    m_averageSpeedKmh = links > 0 ? speedSum / links : 0.0;
    m_freeFlowRatio = limitSum > 0 ? speedSum / limitSum : 0.0; // (sum / n) / (limits / n)
    m_congestionIndex = links > 0 ? static_cast<double>(congested) / links : 0.0;
    m_hasParking = parking;
    m_freeParkingSpaces = static_cast<int>(freeSpaces);
    m_hasService = service;
    m_longestWaitMin = longestWait;
    m_freshCount = static_cast<int>(snapshot->freshCount);
    m_staleCount = static_cast<int>(snapshot->staleCount);

    const QTimeZone zone = Display::cityZone(model);
    m_clockText = Display::time(snapshot->timeNs, zone);
    m_dateText = snapshot->timeNs > 0
        ? QDateTime::fromMSecsSinceEpoch(snapshot->timeNs / 1'000'000, zone).toString(QStringLiteral("yyyy-MM-dd"))
        : QString();

    std::vector<const core::Alarm *> open;
    int floods = 0;
    for (const core::Alarm &alarm : snapshot->alarms) {
        if (alarm.state == core::AlarmState::Cleared)
            continue;
        open.push_back(&alarm);
        if (alarm.kind == core::AlarmKind::WaterLevel)
            ++floods;
    }
    m_activeFloodAlerts = floods;
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
    switch (kind) {
    case core::AlarmKind::SlowTraffic: return tr("Slow traffic");
    case core::AlarmKind::ParkingFull: return tr("Parking full");
    case core::AlarmKind::WaterLevel: return tr("Flood");
    case core::AlarmKind::ServiceWait: return tr("Service wait");
    case core::AlarmKind::StaleSensor: return tr("Stale sensor");
    }
    return {};
}

} // namespace cityops::ui
