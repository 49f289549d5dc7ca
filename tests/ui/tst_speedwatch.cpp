// SpeedWatch on the demo city: the simulator (an independent traffic model) drives the links' speeds from
// 05:00 through the morning peak; the watch sees only the snapshots. After its training minutes it
// publishes forecasts for every link at +15, +30 and +60 min with bands; each +15 min forecast is then
// scored against what the simulator's links read 15 minutes later, beside the last-value baseline.
#include "simsnapshots.h"
#include "speedwatch.h"

#include "model/scenarioloader.h"
#include "sim/citysimulator.h"
#include "sim/demooptions.h"

#include <QSignalSpy>
#include <QTest>

#include <cmath>
#include <map>

using namespace cityops;

class TestSpeedWatch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void forecastsEveryLinkAndBeatsTheLastValue();
};

void TestSpeedWatch::forecastsEveryLinkAndBeatsTheLastValue()
{
    constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    const auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    QVERIFY(loaded.ok());
    const auto scenario = loaded.scenario;
    const std::int64_t midnight = 1626624000LL * 1'000'000'000LL; // 2021-07-19 00:00 +08:00
    const std::int64_t start = midnight + 5 * 60 * kMinuteNs;
    core::CitySimulator sim(scenario, core::demoSimulatorOptions(start, core::RainScenario::None, 1.0, 11));
    ui::SpeedWatch::Options options;
    options.trainAfterMin = 360; // the default: a morning of history
    ui::SpeedWatch watch(scenario, 8 * 3600, options);

    const std::size_t n = scenario->links.size();
    std::vector<core::EntityState> state(scenario->city->size());
    std::vector<core::Reading> readings;
    std::map<std::int64_t, std::vector<double>> actual;                 // minute -> link speeds
    std::map<std::int64_t, std::vector<core::ForecastPoint>> predicted15; // target minute -> forecast
    const int minutes = 480;
    for (int m = 0; m <= minutes; ++m) {
        const std::int64_t now = start + m * kMinuteNs;
        readings.clear();
        sim.advanceTo(now, readings);
        const auto snap = testing::snapshotOf(*scenario, now, readings, state);
        std::vector<double> row(n);
        for (std::size_t l = 0; l < n; ++l)
            row[l] = state[scenario->links[l].entity].has(0) ? state[scenario->links[l].entity].values[0] : NAN;
        actual[now] = row;
        watch.applySnapshot(snap);
        if (m >= options.trainAfterMin) {
            // One minute at a time once it forecasts: this minute's outlook before the next minute comes.
            QVERIFY(testing::waitFor([&] { return watch.outlook() && watch.outlook()->timeNs == now; }, 60000));
            const auto outlook = watch.outlook();
            QCOMPARE(outlook->links, n);
            QCOMPARE(outlook->points.size(), 3 * n);
            std::vector<core::ForecastPoint> p(outlook->points.begin(), outlook->points.begin() + static_cast<std::ptrdiff_t>(n));
            predicted15[now + 15 * kMinuteNs] = std::move(p);
        } else {
            QVERIFY(testing::waitFor([&] { return watch.followedNs() == now; }));
        }
    }
    // Score every +15 min forecast whose target minute was simulated.
    double se = 0, seLast = 0;
    std::size_t count = 0, inBand = 0;
    for (const auto &[target, forecast] : predicted15) {
        auto truth = actual.find(target);
        auto from = actual.find(target - 15 * kMinuteNs);
        if (truth == actual.end() || from == actual.end())
            continue;
        for (std::size_t l = 0; l < n; ++l) {
            const double y = truth->second[l], last = from->second[l];
            if (!std::isfinite(y) || !std::isfinite(last) || !std::isfinite(forecast[l].value))
                continue;
            QVERIFY(forecast[l].low <= forecast[l].value && forecast[l].value <= forecast[l].high);
            se += (forecast[l].value - y) * (forecast[l].value - y);
            seLast += (last - y) * (last - y);
            inBand += forecast[l].low <= y && y <= forecast[l].high;
            ++count;
        }
    }
    QVERIFY(count > 50 * n);
    const double rmse = std::sqrt(se / static_cast<double>(count)), rmseLast = std::sqrt(seLast / static_cast<double>(count));
    const double coverage = static_cast<double>(inBand) / static_cast<double>(count);
    qInfo("+15 min over %zu forecasts: RMSE %.3f km/h (last value %.3f), 10-90 %% band holds %.1f %% of the readings; "
          "trained on %zu minutes in %.2f s", count, rmse, rmseLast, 100 * coverage, watch.outlook()->trainedOnMinutes,
          watch.outlook()->trainSeconds);
    QVERIFY2(rmse < 0.7 * rmseLast, "the forecast beats copying the last value by 30 % or more");
    QVERIFY2(coverage > 0.6 && coverage < 0.97, "the 10-90 % band is a band, neither empty nor everything");
}

QTEST_GUILESS_MAIN(TestSpeedWatch)
#include "tst_speedwatch.moc"
