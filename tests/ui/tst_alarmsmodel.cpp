// AlarmsModel under QAbstractItemModelTester, fed by hand-made snapshots (rows appear, change and leave by
// alarm id; a new critical alarm is announced once) and by a real engine on a fast virtual clock: a water
// station above its warning level raises an alarm after the rule's hysteresis, an operator acknowledges it
// through the bridge, the acknowledgement is in the recording as an event with the user and the engine
// time, and the alarm clears, again with hysteresis, once the water goes down.
#include "alarmsmodel.h"
#include "enginebridge.h"

#include "engine/clock.h"
#include "model/syntheticcity.h"
#include "store/recordingreader.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <limits>

using namespace cityops;

namespace {

core::Alarm alarm(std::uint64_t id, core::AlarmKind kind, core::AlarmSeverity severity, core::AlarmState state)
{
    core::Alarm a;
    a.id = id;
    a.kind = kind;
    a.entity = static_cast<std::uint32_t>(id % 3);
    a.severity = severity;
    a.state = state;
    a.raisedNs = static_cast<std::int64_t>(id) * 60'000'000'000LL;
    return a;
}

core::SnapshotPtr snapshotWith(std::shared_ptr<const core::CityModel> model, std::vector<core::Alarm> alarms)
{
    auto s = std::make_shared<core::CitySnapshot>();
    s->model = std::move(model);
    s->entities.resize(s->model->size());
    s->alarms = std::move(alarms);
    return s;
}

} // namespace

class TestAlarmsModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void diffsByAlarmId()
    {
        const auto city = core::makeSyntheticCity({6, 1, 1, 1, 1, 1});
        ui::AlarmsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy critical(&model, &ui::AlarmsModel::newCritical);
        using K = core::AlarmKind;
        using S = core::AlarmState;
        using V = core::AlarmSeverity;
        // The first snapshot's critical alarm is not announced: it is on screen at once anyway.
        model.applySnapshot(snapshotWith(city, {alarm(1, K::WaterLevel, V::Critical, S::Active),
                                                alarm(2, K::SlowTraffic, V::Warning, S::Active)}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(critical.size(), 0);
        QCOMPARE(model.openCount(), 2);
        // 2 is acknowledged, 3 (critical) arrives: one announcement.
        auto ack = alarm(2, K::SlowTraffic, V::Warning, S::Acknowledged);
        ack.acknowledgedBy = "alice";
        model.applySnapshot(snapshotWith(city, {alarm(1, K::WaterLevel, V::Critical, S::Active), ack,
                                                alarm(3, K::ServiceWait, V::Critical, S::Active)}));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(critical.size(), 1);
        QCOMPARE(critical.at(0).at(0).value<quint64>(), 3u);
        const int row2 = model.rowOf(2);
        QCOMPARE(model.index(row2, ui::AlarmsModel::StateColumn).data().toString(), ui::AlarmsModel::stateText(S::Acknowledged));
        QVERIFY(model.index(row2, ui::AlarmsModel::AckColumn).data().toString().startsWith(QStringLiteral("alice")));
        // 1 clears, 2 is pruned by the engine: 2 leaves, 1 stays as cleared; nothing new is announced.
        model.applySnapshot(snapshotWith(city, {alarm(1, K::WaterLevel, V::Critical, S::Cleared),
                                                alarm(3, K::ServiceWait, V::Critical, S::Active)}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(2), -1);
        QCOMPARE(model.openCount(), 1);
        QCOMPARE(critical.size(), 1);
        model.applySnapshot(snapshotWith(city, {}));
        QCOMPARE(model.rowCount(), 0);
    }

    void raiseAcknowledgeClearThroughTheEngine()
    {
        QTemporaryDir dir;
        const auto city = core::makeSyntheticCity({20, 2, 2, 2, 4, 2});
        std::uint32_t station = 0;
        while (city->entity(station).kind != core::EntityKind::WaterStation)
            ++station;
        const double warning = city->entity(station).warningLevelM;
        QVERIFY(warning > 0);

        core::EngineConfig config;
        config.tcpPort = -1;
        config.udpPort = -1;
        config.snapshotHz = 20;
        config.recordPath = dir.filePath(QStringLiteral("session.cityops")).toStdString();
        // 300x: an engine minute (one alarm evaluation) every 0.2 s.
        auto clock = std::make_shared<core::Clock>(core::Clock::systemNowNs(), 300.0);
        ui::EngineBridge bridge(city, config, clock);
        QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
        ui::AlarmsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        connect(&bridge, &ui::EngineBridge::snapshotChanged, &model, &ui::AlarmsModel::applySnapshot);

        auto sendLevel = [&](double level) {
            core::Reading r;
            r.timeNs = bridge.engineTimeNs();
            r.entity = station;
            r.measurement = core::Measurement::Water;
            r.fieldMask = 1;
            r.values[0] = level;
            bridge.ingestReadings(QStringLiteral("test"), {r});
        };
        auto waitFor = [&](const std::function<bool()> &done, double level, int maxMs) {
            QElapsedTimer timer;
            timer.start();
            while (!done() && timer.elapsed() < maxMs) {
                sendLevel(level);
                QTest::qWait(30);
            }
            return done();
        };
        auto stationAlarmRow = [&] {
            for (int row = 0; row < model.rowCount(); ++row)
                if (model.alarm(row).kind == core::AlarmKind::WaterLevel && model.alarm(row).entity == station)
                    return row;
            return -1;
        };

        // Above the warning level: raised (after the rule's three evaluations), active.
        const std::int64_t startNs = bridge.engineTimeNs();
        QVERIFY(waitFor([&] { return stationAlarmRow() >= 0; }, warning * 1.2, 15000));
        const core::Alarm raised = model.alarm(stationAlarmRow());
        QCOMPARE(raised.state, core::AlarmState::Active);
        QVERIFY2(raised.raisedNs - startNs >= 2 * 60'000'000'000LL, "raised before its hysteresis");

        // Acknowledged by an operator, recorded with the user and the engine time.
        const std::int64_t beforeAck = bridge.engineTimeNs();
        QVERIFY(bridge.acknowledgeAlarm(raised.id, QStringLiteral("alice")));
        QTRY_COMPARE(model.alarm(stationAlarmRow()).state, core::AlarmState::Acknowledged);
        QCOMPARE(model.alarm(stationAlarmRow()).acknowledgedBy, std::string("alice"));
        QVERIFY(!bridge.acknowledgeAlarm(raised.id, QStringLiteral("bob"))); // only active alarms
        QVERIFY(!bridge.acknowledgeAlarm(999999, QStringLiteral("bob")));
        const std::int64_t afterAck = bridge.engineTimeNs();

        // Water goes down: cleared, again not at the first low reading.
        QVERIFY(waitFor([&] { return model.alarm(stationAlarmRow()).state == core::AlarmState::Cleared; }, 0.1, 15000));
        const core::Alarm cleared = model.alarm(stationAlarmRow());
        QVERIFY(cleared.clearedNs - afterAck >= 2 * 60'000'000'000LL);
        bridge.stop();

        std::string error;
        auto reader = core::RecordingReader::open(config.recordPath, error);
        QVERIFY2(reader, error.c_str());
        std::vector<std::string> kinds;
        bool ackFound = false;
        for (const core::Event &e : reader->events(0, std::numeric_limits<std::int64_t>::max())) {
            if (e.entity != static_cast<std::int64_t>(station))
                continue;
            kinds.push_back(e.kind);
            if (e.kind == "alarm.acknowledged") {
                ackFound = true;
                QCOMPARE(e.actor, std::string("alice"));
                QVERIFY(e.timeNs >= beforeAck && e.timeNs <= afterAck);
            }
        }
        QVERIFY(ackFound);
        QCOMPARE(kinds, (std::vector<std::string>{"alarm.raised", "alarm.acknowledged", "alarm.cleared"}));
    }
};

QTEST_GUILESS_MAIN(TestAlarmsModel)
#include "tst_alarmsmodel.moc"
