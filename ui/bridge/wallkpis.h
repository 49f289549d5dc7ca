// WallKpis: the key figures of the wall display, computed from the newest engine snapshot, with their
// labels translated (the wall's QML shows them as they are, no qsTr there).
// The figures themselves come from NetworkKpis (networkkpis.h):
//   - network average speed: mean speed of the links with a speed reading, and its ratio to free flow
//     (the mean speed limit of the same links), and its difference to the same minute of the day before
//     (kept in memory per engine minute for 26 h; "no data" until the engine has run a day);
//   - congestion index: share of those links below half their speed limit;
//   - free parking spaces: sum over car parks with a reading of (capacity - occupied), never below 0;
//   - active flood alerts: open (not cleared) WaterLevel and Ponding alarms;
//   - longest service wait: max over service centres of waiting x 6 min / counters open, in minutes;
//   - the ticker: the newest open alarms (kind, entity id, time raised), newest first;
//   - the engine clock and data freshness (fresh / stale sensor counts).
// Threading: GUI thread (EngineBridge delivers snapshots there).
#pragma once

#include "state/snapshot.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <map>

namespace cityops::ui {

class WallKpis : public QObject {
    Q_OBJECT
    Q_PROPERTY(bool hasData READ hasData NOTIFY changed)
    Q_PROPERTY(double averageSpeedKmh READ averageSpeedKmh NOTIFY changed)
    Q_PROPERTY(double freeFlowRatio READ freeFlowRatio NOTIFY changed)
    Q_PROPERTY(double congestionIndex READ congestionIndex NOTIFY changed)
    Q_PROPERTY(int freeParkingSpaces READ freeParkingSpaces NOTIFY changed)
    Q_PROPERTY(int activeFloodAlerts READ activeFloodAlerts NOTIFY changed)
    Q_PROPERTY(double longestWaitMin READ longestWaitMin NOTIFY changed)
    Q_PROPERTY(int freshCount READ freshCount NOTIFY changed)
    Q_PROPERTY(int staleCount READ staleCount NOTIFY changed)
    // Formatted for the wall, in the interface language.
    Q_PROPERTY(QString averageSpeedText READ averageSpeedText NOTIFY changed)
    Q_PROPERTY(QString freeFlowText READ freeFlowText NOTIFY changed)
    Q_PROPERTY(bool hasYesterday READ hasYesterday NOTIFY changed)
    Q_PROPERTY(double yesterdayDeltaKmh READ yesterdayDeltaKmh NOTIFY changed)
    Q_PROPERTY(QString yesterdayText READ yesterdayText NOTIFY changed)
    Q_PROPERTY(QString congestionText READ congestionText NOTIFY changed)
    Q_PROPERTY(QString freeParkingText READ freeParkingText NOTIFY changed)
    Q_PROPERTY(QString floodAlertsText READ floodAlertsText NOTIFY changed)
    Q_PROPERTY(QString longestWaitText READ longestWaitText NOTIFY changed)
    Q_PROPERTY(QString clockText READ clockText NOTIFY changed)
    Q_PROPERTY(QString dateText READ dateText NOTIFY changed)
    Q_PROPERTY(QString freshnessText READ freshnessText NOTIFY changed)
    Q_PROPERTY(QStringList ticker READ ticker NOTIFY changed)
    // Labels.
    Q_PROPERTY(QString title READ title CONSTANT)
    Q_PROPERTY(QString averageSpeedLabel READ averageSpeedLabel CONSTANT)
    Q_PROPERTY(QString congestionLabel READ congestionLabel CONSTANT)
    Q_PROPERTY(QString freeParkingLabel READ freeParkingLabel CONSTANT)
    Q_PROPERTY(QString floodAlertsLabel READ floodAlertsLabel CONSTANT)
    Q_PROPERTY(QString longestWaitLabel READ longestWaitLabel CONSTANT)
    Q_PROPERTY(QString tickerLabel READ tickerLabel CONSTANT)
    Q_PROPERTY(QString noAlarmsText READ noAlarmsText CONSTANT)

public:
    /// How many alarms the ticker lists at most.
    static constexpr int kTickerSize = 8;
    /// Minutes one counter takes per waiting person.

    explicit WallKpis(QObject *parent = nullptr);

    void setSnapshot(core::SnapshotPtr snapshot);
    /// Follows a bridge (anything with latestSnapshot() and snapshotChanged()).
    template <class Bridge>
    void attach(const Bridge *bridge)
    {
        connect(bridge, &Bridge::snapshotChanged, this, &WallKpis::setSnapshot);
        if (auto latest = bridge->latestSnapshot())
            setSnapshot(std::move(latest));
    }

    bool hasData() const { return m_hasData; }
    double averageSpeedKmh() const { return m_averageSpeedKmh; }
    double freeFlowRatio() const { return m_freeFlowRatio; }
    double congestionIndex() const { return m_congestionIndex; }
    int freeParkingSpaces() const { return m_freeParkingSpaces; }
    int activeFloodAlerts() const { return m_activeFloodAlerts; }
    double longestWaitMin() const { return m_longestWaitMin; }
    int freshCount() const { return m_freshCount; }
    int staleCount() const { return m_staleCount; }

    QString averageSpeedText() const;
    QString freeFlowText() const;
    bool hasYesterday() const { return m_hasYesterday; }
    double yesterdayDeltaKmh() const { return m_yesterdayDeltaKmh; }
    QString yesterdayText() const;
    QString congestionText() const;
    QString freeParkingText() const;
    QString floodAlertsText() const;
    QString longestWaitText() const;
    QString clockText() const { return m_clockText; }
    QString dateText() const { return m_dateText; }
    QString freshnessText() const;
    QStringList ticker() const { return m_ticker; }

    QString title() const;
    QString averageSpeedLabel() const;
    QString congestionLabel() const;
    QString freeParkingLabel() const;
    QString floodAlertsLabel() const;
    QString longestWaitLabel() const;
    QString tickerLabel() const;
    QString noAlarmsText() const;

    static QString alarmKind(core::AlarmKind kind);

Q_SIGNALS:
    void changed();

private:
    void updateYesterday(std::int64_t timeNs);

    bool m_hasData = false;
    bool m_hasSpeed = false;
    bool m_hasParking = false;
    bool m_hasService = false;
    double m_averageSpeedKmh = 0;
    double m_freeFlowRatio = 0;
    double m_congestionIndex = 0;
    int m_freeParkingSpaces = 0;
    int m_activeFloodAlerts = 0;
    double m_longestWaitMin = 0;
    int m_freshCount = 0;
    int m_staleCount = 0;
    QString m_clockText;
    QString m_dateText;
    QStringList m_ticker;
    bool m_hasYesterday = false;
    double m_yesterdayDeltaKmh = 0;
    std::map<std::int64_t, double> m_speedByMinute; ///< engine minute -> network average speed
};

} // namespace cityops::ui
