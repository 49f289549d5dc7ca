// SimulationController on the demo city (resources/scenarios/zhengzhou), wired as cityops wires it: an
// EngineBridge on a virtual clock, the simulator attached as the source "simulator" and advanced on the
// engine's io thread. At 600x, minutes of readings for every road link arrive within seconds of wall time
// and change from minute to minute; the speed, pause and rain controls reach the clock and the simulator;
// and when the simulator falls behind, the clock waits for it instead of letting the readings go stale.
#include "enginebridge.h"
#include "simulationcontroller.h"

#include "engine/clock.h"
#include "engine/engine.h"
#include "model/scenarioloader.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include <algorithm>
#include <chrono>
#include <thread>

using namespace cityops;
using ui::EngineBridge;
using ui::SimulationController;

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;

std::shared_ptr<const core::Scenario> demoScenario()
{
    static const auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    return loaded.ok() ? loaded.scenario : nullptr;
}

core::EngineConfig loopbackConfig(const QTemporaryDir &dir)
{
    core::EngineConfig config;
    config.tcpPort = 0;
    config.udpPort = 0;
    config.snapshotHz = 20;
    config.recordPath = dir.filePath(QStringLiteral("session.cityops")).toStdString();
    return config;
}

/// 08:00 today in Zhengzhou: traffic is up, so every minute differs from the one before.
std::int64_t morningNs()
{
    const QDateTime morning(QDate::currentDate(), QTime(8, 0), QTimeZone("Asia/Shanghai"));
    return morning.toMSecsSinceEpoch() * 1'000'000LL;
}

std::vector<std::uint32_t> linkEntities(const core::CityModel &city)
{
    std::vector<std::uint32_t> links;
    for (std::uint32_t k = 0; k < city.size(); ++k)
        if (city.entity(k).kind == core::EntityKind::Link)
            links.push_back(k);
    return links;
}

/// The oldest latest-reading time among `entities` (0 if one has none yet).
std::int64_t oldestReading(const core::CitySnapshot &snapshot, const std::vector<std::uint32_t> &entities)
{
    std::int64_t oldest = std::numeric_limits<std::int64_t>::max();
    for (std::uint32_t e : entities)
        oldest = std::min(oldest, snapshot.entities[e].timeNs);
    return oldest;
}

const core::SourceCounters *source(const core::CitySnapshot &snapshot, const std::string &name)
{
    for (const auto &s : snapshot.sources)
        if (s.name == name)
            return &s;
    return nullptr;
}

} // namespace

class TestSimulationController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void demoCityFeedsEveryLinkAt600x();
    void speedAndPauseSetTheClockRate();
    void rainRestartsTheSimulation();
    void clockWaitsForASimulatorThatFellBehind();
    void signalControlByDistrict();
};

void TestSimulationController::initTestCase()
{
    QVERIFY2(demoScenario(), "the demo scenario must load from resources/scenarios/zhengzhou");
    QCOMPARE(linkEntities(*demoScenario()->city).size(), std::size_t{3370});
    QCOMPARE(SimulationController::speedSteps(), (QList<double>{1, 10, 60, 300, 600}));
}

void TestSimulationController::demoCityFeedsEveryLinkAt600x()
{
    QTemporaryDir dir;
    const auto scenario = demoScenario();
    const auto links = linkEntities(*scenario->city);
    const std::int64_t start = morningNs();
    EngineBridge bridge(scenario->city, loopbackConfig(dir), std::make_shared<core::Clock>(start, 600.0));
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    SimulationController simulation(&bridge, scenario);
    simulation.setSpeed(600);
    QElapsedTimer wall;
    wall.start();
    simulation.start();
    QVERIFY(simulation.started());
    QCOMPARE(simulation.startNs() / kMinuteNs, start / kMinuteNs);

    // The first minute for every link...
    core::SnapshotPtr first;
    QTRY_VERIFY_WITH_TIMEOUT((first = bridge.latestSnapshot()) && oldestReading(*first, links) > start, 15000);
    // ...then a later minute for every link.
    core::SnapshotPtr second;
    const std::int64_t firstNewest = std::max_element(first->entities.begin(), first->entities.end(),
                                                      [](const auto &a, const auto &b) { return a.timeNs < b.timeNs; })
                                         ->timeNs;
    QTRY_VERIFY_WITH_TIMEOUT((second = bridge.latestSnapshot()) && oldestReading(*second, links) > firstNewest, 15000);
    const qint64 elapsedMs = wall.elapsed();
    QVERIFY2(elapsedMs < 10000, qPrintable(QStringLiteral("two simulated minutes took %1 ms of wall time").arg(elapsedMs)));

    // Every link's reading is from a whole minute after the start, and the city's state moved on.
    int changed = 0;
    for (std::uint32_t e : links) {
        const core::EntityState &a = first->entities[e];
        const core::EntityState &b = second->entities[e];
        QCOMPARE(b.timeNs % kMinuteNs, std::int64_t{0});
        QVERIFY(b.has(0) && b.has(1) && b.has(2)); // speed, flow, occupancy
        QVERIFY(b.values[0] >= 0.0 && b.values[2] >= 0.0 && b.values[2] <= 1.0);
        if (!std::equal(std::begin(a.values), std::end(a.values), std::begin(b.values)))
            ++changed;
    }
    QVERIFY2(changed > static_cast<int>(links.size()) / 2,
             qPrintable(QStringLiteral("only %1 of %2 links changed between minutes").arg(changed).arg(links.size())));

    // All of it through the source "simulator", and nothing rejected.
    const core::SourceCounters *sim = source(*second, SimulationController::kSourceName);
    QVERIFY(sim);
    QVERIFY2(sim->accepted >= 2 * scenario->city->size(), qPrintable(QString::number(sim->accepted)));
    QCOMPARE(sim->rejectedTotal(), std::uint64_t{0});
    QVERIFY(simulation.simulatedTimeNs() >= start + 2 * kMinuteNs);
    QCOMPARE(second->staleCount, std::size_t{0});
    bridge.stop();
}

void TestSimulationController::speedAndPauseSetTheClockRate()
{
    QTemporaryDir dir;
    const auto scenario = demoScenario();
    EngineBridge bridge(scenario->city, loopbackConfig(dir), std::make_shared<core::Clock>(morningNs(), 60.0));
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    SimulationController simulation(&bridge, scenario);
    simulation.setRain(core::RainScenario::None); // the cheapest minutes: 600x is sustainable on any machine
    simulation.start();
    const auto &clock = bridge.clock();
    QSignalSpy speedSpy(&simulation, &SimulationController::speedChanged);
    QSignalSpy pausedSpy(&simulation, &SimulationController::pausedChanged);

    simulation.setSpeed(10);
    QTRY_COMPARE(clock->rate(), 10.0);
    QCOMPARE(speedSpy.count(), 1);

    simulation.setPaused(true);
    QTRY_COMPARE(clock->rate(), 0.0);
    const std::int64_t stopped = clock->nowNs();
    QTest::qWait(200);
    QCOMPARE(clock->nowNs(), stopped);
    // Speed changes while paused are kept for later, not applied.
    simulation.stepSpeed(+1);
    QCOMPARE(simulation.speed(), 60.0);
    QTest::qWait(100);
    QCOMPARE(clock->rate(), 0.0);
    simulation.togglePause();
    QTRY_COMPARE(clock->rate(), 60.0);
    QVERIFY(clock->nowNs() > stopped);
    QCOMPARE(pausedSpy.count(), 2);

    simulation.stepSpeed(+1);
    QCOMPARE(simulation.speed(), 300.0);
    simulation.stepSpeed(+1);
    simulation.stepSpeed(+1); // stays at the top
    QCOMPARE(simulation.speed(), 600.0);
    QTRY_COMPARE(clock->rate(), 600.0);
    for (int k = 0; k < 5; ++k)
        simulation.stepSpeed(-1);
    QCOMPARE(simulation.speed(), 1.0);
    QTRY_COMPARE(clock->rate(), 1.0);
    // From a speed between the steps, the next step in that direction.
    simulation.setSpeed(100);
    simulation.stepSpeed(+1);
    QCOMPARE(simulation.speed(), 300.0);
    simulation.setSpeed(100);
    simulation.stepSpeed(-1);
    QCOMPARE(simulation.speed(), 60.0);
    QTRY_COMPARE(clock->rate(), 60.0);
    bridge.stop();
}

void TestSimulationController::rainRestartsTheSimulation()
{
    QTemporaryDir dir;
    const auto scenario = demoScenario();
    EngineBridge bridge(scenario->city, loopbackConfig(dir), std::make_shared<core::Clock>(morningNs(), 600.0));
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    SimulationController simulation(&bridge, scenario);
    QCOMPARE(simulation.rain(), core::RainScenario::Heavy);
    simulation.setSpeed(600);
    simulation.start();
    QCOMPARE(simulation.restarts(), 0);
    // The heavy storm's wettest hour begins an hour after the start.
    QVERIFY(std::abs(simulation.rainPeakNs() - (simulation.startNs() + 60 * kMinuteNs)) < kMinuteNs);
    QTRY_VERIFY(simulation.simulatedTimeNs() >= simulation.startNs() + 2 * kMinuteNs);

    QSignalSpy restarted(&simulation, &SimulationController::restarted);
    const std::int64_t before = simulation.startNs();
    simulation.setRain(core::RainScenario::None);
    QCOMPARE(restarted.count(), 1);
    QCOMPARE(simulation.restarts(), 1);
    QVERIFY(simulation.startNs() > before);
    QCOMPARE(simulation.rainPeakNs(), std::int64_t{0});
    // The new simulator feeds the engine from its own start on.
    QTRY_VERIFY(simulation.simulatedTimeNs() >= simulation.startNs() + 2 * kMinuteNs);

    simulation.setRain(core::RainScenario::Extreme);
    QCOMPARE(restarted.count(), 2);
    QVERIFY(std::abs(simulation.rainPeakNs() - (simulation.startNs() + 60 * kMinuteNs)) < kMinuteNs);
    simulation.setRain(core::RainScenario::Extreme); // the same rain: nothing to restart
    QCOMPARE(restarted.count(), 2);

    // Rain falls at the city's gauges once the storm is on: the extreme event's early hours are light.
    std::uint32_t gauge = 0;
    while (scenario->city->entity(gauge).kind != core::EntityKind::RainGauge)
        ++gauge;
    QTRY_VERIFY_WITH_TIMEOUT(bridge.latestSnapshot()->entities[gauge].timeNs > simulation.startNs()
                                 && bridge.latestSnapshot()->entities[gauge].values[0] > 0.0,
                             15000);
    bridge.stop();
}

void TestSimulationController::signalControlByDistrict()
{
    QTemporaryDir dir;
    const auto scenario = demoScenario();
    EngineBridge bridge(scenario->city, loopbackConfig(dir), std::make_shared<core::Clock>(morningNs(), 600.0));
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    SimulationController simulation(&bridge, scenario);
    simulation.setSpeed(600);
    simulation.start();
    QSignalSpy changed(&simulation, &SimulationController::signalControlChanged);
    // Every signal of the city, and each district's share of them.
    int signals = 0, inDistricts = 0;
    for (const auto &e : scenario->city->entities())
        signals += e.kind == core::EntityKind::Signal;
    QCOMPARE(simulation.signalsIn(QString()), signals);
    QString district;
    for (const auto &d : scenario->districts) {
        const int n = simulation.signalsIn(QString::fromStdString(d.id));
        inDistricts += n;
        if (n > 0 && district.isEmpty())
            district = QString::fromStdString(d.id);
    }
    QVERIFY(signals >= 100 && inDistricts <= signals && !district.isEmpty());
    QVERIFY(!simulation.districtAdaptive(district));
    QCOMPARE(simulation.setDistrictAdaptive(district, true), simulation.signalsIn(district));
    QVERIFY(simulation.districtAdaptive(district));
    QVERIFY(!simulation.districtAdaptive(QString()));
    QCOMPARE(changed.count(), 1);
    // The city keeps running under the new control, and the choice survives a restart.
    const std::int64_t t = simulation.simulatedTimeNs();
    QTRY_VERIFY(simulation.simulatedTimeNs() >= t + 3 * kMinuteNs);
    simulation.restart();
    QVERIFY(simulation.districtAdaptive(district));
    QTRY_VERIFY(simulation.simulatedTimeNs() >= simulation.startNs() + 2 * kMinuteNs);
    // The whole city at once replaces the districts' own choices.
    QCOMPARE(simulation.setDistrictAdaptive(QString(), false), signals);
    QVERIFY(!simulation.districtAdaptive(district));
    bridge.stop();
}

void TestSimulationController::clockWaitsForASimulatorThatFellBehind()
{
    QTemporaryDir dir;
    const auto scenario = demoScenario();
    EngineBridge bridge(scenario->city, loopbackConfig(dir), std::make_shared<core::Clock>(morningNs(), 600.0));
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    SimulationController simulation(&bridge, scenario);
    simulation.setRain(core::RainScenario::None);
    simulation.setSpeed(600);
    simulation.start();
    const auto &clock = bridge.clock();
    QTRY_VERIFY(simulation.simulatedTimeNs() >= simulation.startNs() + kMinuteNs);

    // Keep the io thread busy for two seconds: 20 minutes of engine time pass at 600x, none simulated.
    bridge.engine()->post([] { std::this_thread::sleep_for(std::chrono::seconds(2)); });
    // The clock waits (rate 0) while the simulator catches up, then runs at 600x again.
    QTRY_VERIFY_WITH_TIMEOUT(simulation.holding(), 5000);
    QCOMPARE(clock->rate(), 0.0);
    QCOMPARE(simulation.speed(), 600.0);
    QTRY_VERIFY_WITH_TIMEOUT(!simulation.holding(), 15000);
    QTRY_COMPARE(clock->rate(), 600.0);
    QVERIFY(clock->nowNs() - simulation.simulatedTimeNs() < 2 * kMinuteNs);
    // Nothing went stale on the way.
    const auto snapshot = bridge.engine()->snapshotNow();
    QCOMPARE(snapshot->staleCount, std::size_t{0});

    // Pausing while held wins: the clock stays stopped.
    bridge.engine()->post([] { std::this_thread::sleep_for(std::chrono::seconds(2)); });
    QTRY_VERIFY_WITH_TIMEOUT(simulation.holding(), 5000);
    simulation.setPaused(true);
    QTest::qWait(500);
    QCOMPARE(clock->rate(), 0.0);
    QVERIFY(!simulation.holding());
    simulation.setPaused(false);
    QTRY_COMPARE(clock->rate(), 600.0);
    bridge.stop();
}

QTEST_GUILESS_MAIN(TestSimulationController)
#include "tst_simulationcontroller.moc"
