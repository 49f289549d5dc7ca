// WallKpis on a hand-made snapshot: every key figure of the wall display equals the value worked out by
// hand below, links, car parks and service centres without readings are left out, and the ticker lists the
// open alarms newest first.
#include "wallkpis.h"

#include "model/citymodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace cityops;
using ui::WallKpis;

namespace {

core::Entity link(const char *id, double limit)
{
    core::Entity e;
    e.id = id;
    e.kind = core::EntityKind::Link;
    e.speedLimitKmh = limit;
    return e;
}

core::Entity withCapacity(const char *id, core::EntityKind kind, int capacity)
{
    core::Entity e;
    e.id = id;
    e.kind = kind;
    e.capacity = capacity;
    return e;
}

core::EntityState state(std::initializer_list<std::pair<int, double>> values)
{
    core::EntityState s;
    for (const auto &[field, value] : values) {
        s.values[field] = value;
        s.fieldMask |= static_cast<std::uint8_t>(1u << field);
    }
    s.freshness = core::Freshness::Fresh;
    s.timeNs = 1;
    return s;
}

core::Alarm alarm(std::uint64_t id, core::AlarmKind kind, std::uint32_t entity, core::AlarmState st, std::int64_t raisedNs)
{
    core::Alarm a;
    a.id = id;
    a.kind = kind;
    a.entity = entity;
    a.state = st;
    a.raisedNs = raisedNs;
    return a;
}

} // namespace

class TestWallKpis : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyBeforeSnapshot()
    {
        WallKpis kpis;
        QVERIFY(!kpis.hasData());
        QCOMPARE(kpis.averageSpeedText(), QStringLiteral("–"));
        QVERIFY(kpis.ticker().isEmpty());
    }

    void handComputed()
    {
        auto model = std::make_shared<core::CityModel>();
        model->timeZone = "Asia/Shanghai";
        // Links: 60 km/h limit at 30 (exactly half: not congested), 80 at 20 (congested), 40 at 40, and a
        // silent 50 km/h link that does not count.
        model->add(link("L1", 60));
        model->add(link("L2", 80));
        model->add(link("L3", 40));
        model->add(link("L4", 50));
        // Car parks: 120 spaces (the reading's) with 40 taken; 50 (the scenario's) with 60 taken; silent.
        model->add(withCapacity("P1", core::EntityKind::Parking, 100));
        model->add(withCapacity("P2", core::EntityKind::Parking, 50));
        model->add(withCapacity("P3", core::EntityKind::Parking, 500));
        // Service centres: 10 waiting at 2 counters, 3 at 1, 50 at none (no wait can be worked out).
        model->add(withCapacity("S1", core::EntityKind::ServiceCenter, 4));
        model->add(withCapacity("S2", core::EntityKind::ServiceCenter, 4));
        model->add(withCapacity("S3", core::EntityKind::ServiceCenter, 4));
        core::Entity station;
        station.id = "W1";
        station.kind = core::EntityKind::WaterStation;
        model->add(station); // 10

        auto snap = std::make_shared<core::CitySnapshot>();
        snap->model = model;
        snap->entities.resize(model->size());
        snap->entities[0] = state({{0, 30}});
        snap->entities[1] = state({{0, 20}});
        snap->entities[2] = state({{0, 40}});
        snap->entities[4] = state({{0, 40}, {1, 120}});
        snap->entities[5] = state({{0, 60}});
        snap->entities[7] = state({{0, 10}, {3, 2}});
        snap->entities[8] = state({{0, 3}, {3, 1}});
        snap->entities[9] = state({{0, 50}, {3, 0}});
        // 2026-01-01 08:00:00 in Zhengzhou (UTC+8) = 00:00:00 UTC.
        const std::int64_t t0 = 1767225600LL * 1'000'000'000LL;
        snap->timeNs = t0;
        const std::int64_t minute = 60'000'000'000LL;
        snap->alarms = {
            alarm(1, core::AlarmKind::WaterLevel, 10, core::AlarmState::Active, t0 - 30 * minute),
            alarm(2, core::AlarmKind::WaterLevel, 10, core::AlarmState::Acknowledged, t0 - 20 * minute),
            alarm(3, core::AlarmKind::WaterLevel, 10, core::AlarmState::Cleared, t0 - 5 * minute),
            alarm(4, core::AlarmKind::SlowTraffic, 1, core::AlarmState::Active, t0 - 10 * minute),
        };
        snap->freshCount = 7;
        snap->staleCount = 2;

        WallKpis kpis;
        QSignalSpy changed(&kpis, &WallKpis::changed);
        kpis.setSnapshot(snap);
        QCOMPARE(changed.size(), 1);
        QVERIFY(kpis.hasData());
        // (30 + 20 + 40) / 3 = 30 km/h; limits (60 + 80 + 40) / 3 = 60; 30 / 60 = 0.5.
        QCOMPARE(kpis.averageSpeedKmh(), 30.0);
        QCOMPARE(kpis.freeFlowRatio(), 0.5);
        // One link of three below half its limit.
        QCOMPARE(kpis.congestionIndex(), 1.0 / 3.0);
        // (120 - 40) + max(0, 50 - 60) = 80.
        QCOMPARE(kpis.freeParkingSpaces(), 80);
        // Two open WaterLevel alarms (the cleared one does not count).
        QCOMPARE(kpis.activeFloodAlerts(), 2);
        // max(10 x 6 / 2, 3 x 6 / 1) = 30 min.
        QCOMPARE(kpis.longestWaitMin(), 30.0);
        QCOMPARE(kpis.freshCount(), 7);
        QCOMPARE(kpis.staleCount(), 2);
        QCOMPARE(kpis.clockText(), QStringLiteral("08:00:00"));
        QCOMPARE(kpis.dateText(), QStringLiteral("2026-01-01"));

        const QStringList ticker = kpis.ticker();
        QCOMPARE(ticker.size(), 3);
        QVERIFY(ticker[0].startsWith(QStringLiteral("07:50:00")));
        QVERIFY(ticker[0].contains(QStringLiteral("L2")));
        QVERIFY(ticker[0].contains(WallKpis::alarmKind(core::AlarmKind::SlowTraffic)));
        QVERIFY(ticker[1].startsWith(QStringLiteral("07:40:00")));
        QVERIFY(ticker[1].contains(QStringLiteral("W1")));
        QVERIFY(ticker[2].startsWith(QStringLiteral("07:30:00")));
    }

    // The same minute a day earlier, found within two minutes; nothing before the engine has run a day.
    void comparedWithYesterday()
    {
        auto model = std::make_shared<core::CityModel>();
        model->timeZone = "Asia/Shanghai";
        model->add(link("L1", 60));
        model->add(link("L2", 60));
        const std::int64_t minute = 60'000'000'000LL;
        const std::int64_t t0 = 1767225600LL * 1'000'000'000LL;
        auto at = [&](std::int64_t t, double a, double b) {
            auto snap = std::make_shared<core::CitySnapshot>();
            snap->model = model;
            snap->timeNs = t;
            snap->entities.resize(model->size());
            snap->entities[0] = state({{0, a}});
            snap->entities[1] = state({{0, b}});
            return snap;
        };
        WallKpis kpis;
        // A day of minutes at 40 km/h, except 36 km/h from 08:00 to 08:10 yesterday.
        for (std::int64_t m = 0; m < 24 * 60; m += 1) {
            const bool dip = m >= 0 && m <= 10;
            kpis.setSnapshot(at(t0 + m * minute, dip ? 36 : 40, dip ? 36 : 40));
            if (m < 24 * 60 - 3)
                QVERIFY2(!kpis.hasYesterday(), qPrintable(QString::number(m)));
            if (m == 24 * 60 - 4)
                QVERIFY(kpis.yesterdayText().contains(QStringLiteral("no data")));
        }
        // 08:05 today, 50 km/h against 36 km/h yesterday: 14 km/h faster.
        kpis.setSnapshot(at(t0 + (24 * 60 + 5) * minute, 50, 50));
        QVERIFY(kpis.hasYesterday());
        QCOMPARE(kpis.yesterdayDeltaKmh(), 14.0);
        QVERIFY(kpis.yesterdayText().contains(QStringLiteral("14 km/h faster")));
        // 08:30 today at 30 km/h against 40: 10 km/h slower.
        kpis.setSnapshot(at(t0 + (24 * 60 + 30) * minute, 30, 30));
        QCOMPARE(kpis.yesterdayDeltaKmh(), -10.0);
        QVERIFY(kpis.yesterdayText().contains(QStringLiteral("10 km/h slower")));
    }
};

QTEST_GUILESS_MAIN(TestWallKpis)
#include "tst_wallkpis.moc"
