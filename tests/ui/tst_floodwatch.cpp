// FloodWatch on the demo city in the extreme storm: the simulator (an independent model: its own rain
// field between the gauges, its own pipes) makes the readings, the watch sees only the snapshots' gauges
// and stations. Its picture of the water now must agree with the simulator's, and its prediction must
// come with the grid's geometry and see the water the simulator then makes.
#include "floodwatch.h"
#include "inspectorpanel.h"
#include "simsnapshots.h"

#include "model/scenarioloader.h"
#include "sim/citysimulator.h"
#include "sim/demooptions.h"

#include <QSignalSpy>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <QApplication>
#include <QTest>

using namespace cityops;

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;

} // namespace

class TestFloodWatch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void followsTheStormAndPredictsAhead();
};

void TestFloodWatch::followsTheStormAndPredictsAhead()
{
    const auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    QVERIFY(loaded.ok());
    const auto scenario = loaded.scenario;
    const std::int64_t start = 1'700'000'000LL * 1'000'000'000LL / kMinuteNs * kMinuteNs;
    // The storm's wettest hour begins 40 minutes in.
    core::CitySimulator sim(scenario, core::demoSimulatorOptions(start, core::RainScenario::Extreme, 40.0 / 60.0, 7));
    ui::FloodWatch::Options options;
    options.predictEveryMin = 50; // one prediction, 50 minutes in
    options.minPredictionGapS = 0;
    ui::FloodWatch watch(scenario, options);
    QSignalSpy outlooks(&watch, &ui::FloodWatch::outlookChanged);
    // What the engine would get to raise alarms with (its part is tst_alarmengine's and tst_replay's).
    std::mutex postedMutex;
    std::int64_t postedBasis = 0;
    std::vector<core::RoadFloodAlarmInput> posted;
    watch.setForecastSink([&](std::int64_t basis, std::vector<core::RoadFloodAlarmInput> roads) {
        const std::lock_guard lock(postedMutex);
        postedBasis = basis;
        posted = std::move(roads);
    });
    std::vector<core::EntityState> state(scenario->city->size());
    std::vector<core::Reading> readings;
    const int minutes = 80;
    for (int m = 0; m <= minutes; ++m) {
        const std::int64_t now = start + m * kMinuteNs;
        readings.clear();
        sim.advanceTo(now, readings);
        watch.applySnapshot(testing::snapshotOf(*scenario, now, readings, state));
        // One minute at a time: the watch must have taken this one before the next comes.
        QVERIFY(m == 0 || testing::waitFor([&] { return watch.now() && watch.now()->timeNs == now; }));
    }
    const auto &truth = sim.hydrology().surface().depths();
    const auto now = watch.now();
    QCOMPARE(now->cols, scenario->terrain.cols());
    QCOMPARE(now->rows, scenario->terrain.rows());
    QCOMPARE(now->depthM.size(), truth.size());
    // Where the simulator has water over 0.15 m, the watch sees water there too (it never saw the cells,
    // only the gauges): at least 60 % of them, and it does not invent a flood where the city is dry.
    std::size_t wetTruth = 0, seen = 0, wetWatch = 0, invented = 0;
    for (std::size_t c = 0; c < truth.size(); ++c) {
        const bool t = truth[c] >= 0.15, w = now->depthM[c] >= 0.05;
        wetTruth += t;
        seen += t && w;
        wetWatch += now->depthM[c] >= 0.15;
        invented += now->depthM[c] >= 0.15 && truth[c] < 0.02;
    }
    qInfo("simulator: %zu cells over 0.15 m; the watch sees water on %zu of them; watch: %zu cells over 0.15 m, "
          "%zu of them dry in the simulator", wetTruth, seen, wetWatch, invented);
    QVERIFY(wetTruth > 1000);
    QVERIFY2(seen >= wetTruth * 6 / 10, "the watch's water now matches the simulator's");
    QVERIFY2(invented <= wetWatch / 4, "the watch does not flood dry ground");

    // The prediction made 50 minutes in: three grids of the same geometry, the horizons as configured.
    QTRY_VERIFY_WITH_TIMEOUT(outlooks.count() >= 1, 60000);
    const auto outlook = watch.outlook();
    qInfo("prediction of %d min on %zu cells: %.2f s", outlook->forecast.horizonsMin[2], truth.size(), outlook->computeSeconds);
    QCOMPARE(outlook->timeNs, start + 50 * kMinuteNs);
    for (int k = 0; k < 3; ++k) {
        const auto grid = watch.grid(k + 1);
        QVERIFY(grid);
        QCOMPARE(grid->horizonMin, options.predictor.horizonsMin[static_cast<std::size_t>(k)]);
        QCOMPARE(grid->depthM.size(), truth.size());
        QCOMPARE(grid->timeNs, outlook->timeNs + grid->horizonMin * kMinuteNs);
    }
    // Its +30 min (80 minutes in, now) against the simulator: the water it foresaw is where it came.
    const auto ahead = watch.grid(1);
    std::size_t foreseen = 0;
    for (std::size_t c = 0; c < truth.size(); ++c)
        foreseen += truth[c] >= 0.15 && ahead->depthM[c] >= 0.05;
    qInfo("+30 min prediction: water foreseen on %zu of the %zu cells the simulator floods over 0.15 m", foreseen, wetTruth);
    QVERIFY(foreseen >= wetTruth * 6 / 10);
    QCOMPARE(outlook->forecast.roads.size(), scenario->links.size());

    // The inspector says it: a road predicted to flood, with its lead time, and an underground car park or
    // tunnel at risk, flagged.
    ui::InspectorPanel inspector;
    inspector.applySnapshot(testing::snapshotOf(*scenario, start + minutes * kMinuteNs, {}, state));
    inspector.setFloodWatch(&watch);
    int floodingRoad = -1;
    for (std::size_t l = 0; l < outlook->forecast.roads.size() && floodingRoad < 0; ++l)
        if (outlook->forecast.roads[l].impassableInS > 0)
            floodingRoad = static_cast<int>(l);
    QVERIFY2(floodingRoad >= 0, "some road is predicted to flood floodingRoad");
    inspector.setEntity(static_cast<int>(scenario->links[static_cast<std::size_t>(floodingRoad)].entity));
    const int leadMin = static_cast<int>(std::ceil(outlook->forecast.roads[static_cast<std::size_t>(floodingRoad)].impassableInS / 60.0));
    QVERIFY2(inspector.floodText().startsWith(QStringLiteral("Predicted impassable"))
                 && inspector.floodText().contains(QStringLiteral(" %1 min").arg(leadMin)),
             qPrintable(inspector.floodText()));
    // Every road predicted to cross 0.15 m went to the alarms, with its crossing time.
    {
        const std::lock_guard lock(postedMutex);
        QCOMPARE(postedBasis, outlook->timeNs);
        const auto predicted = std::count_if(outlook->forecast.roads.begin(), outlook->forecast.roads.end(),
                                             [](const core::RoadFloodForecast &r) { return r.impassableInS >= 0; });
        QCOMPARE(static_cast<std::ptrdiff_t>(posted.size()), predicted);
        const auto road = outlook->forecast.roads[static_cast<std::size_t>(floodingRoad)];
        const auto it = std::find_if(posted.begin(), posted.end(), [&](const core::RoadFloodAlarmInput &in) {
            return in.entity == scenario->links[static_cast<std::size_t>(floodingRoad)].entity;
        });
        QVERIFY(it != posted.end());
        QCOMPARE(it->impassableNs, outlook->timeNs + std::llround(road.impassableInS * 1e9));
        QCOMPARE(it->dangerousNs != 0, road.dangerousInS >= 0);
    }
    const auto site = std::find_if(outlook->forecast.sites.begin(), outlook->forecast.sites.end(),
                                   [](const core::SiteFloodForecast &s) { return s.risk != core::FloodRisk::None; });
    QVERIFY2(site != outlook->forecast.sites.end(), "some underground site is at risk in this storm");
    inspector.setEntity(static_cast<int>(site->entity));
    QVERIFY2(inspector.floodText().contains(QStringLiteral("at risk")), qPrintable(inspector.floodText()));
    // A dry place says nothing.
    for (std::size_t l = 0; l < outlook->forecast.roads.size(); ++l)
        if (outlook->forecast.roads[l].impassableInS < 0 && outlook->forecast.roads[l].depthNowM < 0.01f) {
            inspector.setEntity(static_cast<int>(scenario->links[l].entity));
            QVERIFY(inspector.floodText().isEmpty());
            break;
        }
}

QTEST_MAIN(TestFloodWatch)
#include "tst_floodwatch.moc"
