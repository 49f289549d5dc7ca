// ParkingWatch on the demo city: the simulator's car parks (ParkingSim, the part of the city simulator that
// runs them: arrivals and stays by land use and time of day) make the readings; the watch sees only the
// snapshots. Before a whole day there is no forecast; after it, each car park's +60 min occupancy forecast
// is scored an hour later against what the car park then held, beside the last value (the baseline).
#include "inspectorpanel.h"
#include "parkingguidancepanel.h"
#include "parkingwatch.h"
#include "simsnapshots.h"

#include "model/scenarioloader.h"
#include "sim/parkingsim.h"

#include <QTest>
#include <QTreeWidget>

#include <cmath>
#include <map>

using namespace cityops;

class TestParkingWatch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void forecastsAvailabilityAfterADay();
};

void TestParkingWatch::forecastsAvailabilityAfterADay()
{
    constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    const auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    QVERIFY(loaded.ok());
    const auto scenario = loaded.scenario;
    const std::int64_t midnight = 1626624000LL * 1'000'000'000LL; // Monday 2021-07-19 00:00 +08:00
    core::ParkingSim sim(*scenario->city, 33);
    ui::ParkingWatch watch(scenario, 8 * 3600);
    QVERIFY(sim.size() >= 20);

    std::vector<core::EntityState> state(scenario->city->size());
    std::vector<core::Reading> readings;
    const int minutes = 3 * 1440; // a day to learn, then two to score (weekdays)
    std::map<std::pair<std::size_t, int>, std::pair<double, double>> due; // (car park, minute) -> (forecast, last value)
    double errForecast = 0, errLast = 0;
    int scored = 0;
    for (int m = 0; m <= minutes; ++m) {
        const std::int64_t now = midnight + m * kMinuteNs;
        readings.clear();
        sim.advanceMinute(std::fmod(m / 60.0, 24.0));
        sim.emitReadings(now, readings);
        watch.applySnapshot(testing::snapshotOf(*scenario, now, readings, state));
        QVERIFY(testing::waitFor([&] { return watch.outlook() && watch.outlook()->timeNs == now; }));
        const auto outlook = watch.outlook();
        QCOMPARE(outlook->carParks.size(), sim.size());
        if (m < 1440) {
            // Nothing is forecast before a whole day was followed.
            QVERIFY(!outlook->carParks.front().forecast());
            QCOMPARE(outlook->daysFitted, 0);
            continue;
        }
        QCOMPARE(outlook->daysFitted, m / 1440);
        if (m % 30 == 0 && m + 60 <= minutes) {
            for (std::size_t f = 0; f < sim.size(); ++f) {
                const ui::CarParkOutlook *o = outlook->find(sim.entity(f));
                QVERIFY(o && o->forecast());
                QCOMPARE(o->occupied, static_cast<double>(sim.occupied(f)));
                const double rate = o->occupied / o->capacity;
                QVERIFY(o->rate[1] >= 0.0 && o->rate[1] <= 1.0);
                // Free spaces for guidance: now, then each horizon.
                const auto free = o->freeSpaces(outlook->horizonsMin);
                QCOMPARE(free.size(), std::size_t{3});
                QCOMPARE(free[0].second, o->capacity - o->occupied);
                QCOMPARE(free[2].first, 60.0);
                due[{f, m + 60}] = {o->rate[1], rate};
            }
        }
        for (std::size_t f = 0; f < sim.size(); ++f)
            if (auto it = due.find({f, m}); it != due.end()) {
                const double actual = static_cast<double>(sim.occupied(f)) / static_cast<double>(sim.capacity(f));
                errForecast += std::abs(it->second.first - actual);
                errLast += std::abs(it->second.second - actual);
                ++scored;
                due.erase(it);
            }
    }
    const double maeForecast = errForecast / std::max(1, scored), maeLast = errLast / std::max(1, scored);
    qInfo("+60 min occupancy-rate MAE %.4f against %.4f for the last value, over %d forecasts", maeForecast, maeLast, scored);
    QVERIFY(scored > 1000);
    // The floor for the Birmingham data is 20 % better than the baselines; hold the app to it too.
    QVERIFY2(maeForecast < 0.8 * maeLast, "the +60 min forecast beats the last value by 20 %");

    // The inspector shows it.
    ui::InspectorPanel inspector;
    inspector.applySnapshot(testing::snapshotOf(*scenario, midnight + minutes * kMinuteNs, {}, state));
    inspector.setParkingWatch(&watch);
    inspector.setEntity(static_cast<int>(sim.entity(0)));
    QVERIFY2(inspector.parkingText().contains(QStringLiteral("in 60 min")), qPrintable(inspector.parkingText()));

    // Guidance: from 3 km west of a car park to 200 m east of it, two clicks on the map.
    const core::Entity &target = scenario->city->entity(sim.entity(0));
    const double kmLon = 1.0 / (111.32 * std::cos(target.lat * M_PI / 180.0));
    ui::ParkingGuidancePanel panel;
    panel.setScenario(scenario);
    panel.setParkingWatch(&watch);
    panel.applySnapshot(testing::snapshotOf(*scenario, midnight + minutes * kMinuteNs, {}, state));
    panel.startPicking();
    QVERIFY(panel.picking());
    panel.pick(QPointF(target.lon - 3 * kmLon, target.lat));
    QVERIFY(panel.picking());
    panel.pick(QPointF(target.lon + 0.2 * kmLon, target.lat));
    QVERIFY(!panel.picking());
    const auto &options = panel.options();
    QVERIFY(!options.empty());
    QCOMPARE(panel.view()->topLevelItemCount(), static_cast<int>(options.size()));
    bool targetOffered = false;
    for (std::size_t k = 0; k < options.size(); ++k) {
        const auto &o = options[k];
        QVERIFY(k == 0 || options[k - 1].score <= o.score);   // best first
        QVERIFY(o.walkM <= 1500.0 * 1.3 + 1e-6);                 // within walking distance
        QVERIFY(std::isfinite(o.driveMin) && o.driveMin > 0);   // reached through the road network
        // Free spaces on arrival come from that car park's forecast: between its lowest and highest.
        const ui::CarParkOutlook *c = watch.outlook()->find(static_cast<std::uint32_t>(panel.entityOf(o.id)));
        QVERIFY(c);
        double lo = 1e9, hi = -1e9;
        for (const auto &[minute, free] : c->freeSpaces(watch.outlook()->horizonsMin))
            lo = std::min(lo, free), hi = std::max(hi, free);
        QVERIFY(o.freeOnArrival >= lo - 1e-6 && o.freeOnArrival <= hi + 1e-6);
        targetOffered = targetOffered || panel.entityOf(o.id) == static_cast<int>(sim.entity(0));
    }
    QVERIFY2(targetOffered, "the car park 200 m from the destination is offered");
}

QTEST_MAIN(TestParkingWatch)
#include "tst_parkingwatch.moc"
