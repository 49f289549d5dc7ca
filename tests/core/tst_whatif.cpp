// What-if on the demo city (issue 8): a fork of the live traffic reproduces the live future exactly under
// the same control, adaptive control beats the fixed-time plans from the same state, roads the flood
// prediction closes cut the traffic, and a cancelled run returns nothing.
#include "model/scenarioloader.h"
#include "optimize/adaptivecontroller.h"
#include "optimize/whatif.h"
#include "sim/citysimulator.h"
#include "sim/demooptions.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace cityops::core;

namespace {
constexpr std::int64_t kMinute = 60'000'000'000LL;
// 2021-07-19 16:00 local (+08:00): an hour before the evening peak.
constexpr std::int64_t kAfternoon = (1626624000LL + 16 * 3600) * 1'000'000'000LL;
} // namespace

class TestWhatIf : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        auto result = loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
        QVERIFY2(result.ok(), "the demo scenario does not load");
        m_scenario = result.scenario;
        m_sim = std::make_unique<CitySimulator>(m_scenario, demoSimulatorOptions(kAfternoon, RainScenario::None, 1.0, 5));
        std::vector<Reading> out;
        m_sim->advanceTo(kAfternoon + 60 * kMinute, out); // into the peak, fixed-time
        m_fork = forkTraffic(*m_sim);
    }

    void forkReplaysTheLiveFutureUnderTheSameControl()
    {
        // The fork's fixed-time run against the live simulator carried on (a copy of the same state would
        // be circular: the live one is driven by its own CitySimulator, with water and parking stepping).
        WhatIfOptions o;
        o.minutes = 20;
        const WhatIfResult r = runWhatIf(m_fork, o);
        QCOMPARE(r.minutes, 20);

        CitySimulator live(m_scenario, demoSimulatorOptions(kAfternoon, RainScenario::None, 1.0, 5));
        std::vector<Reading> out;
        live.advanceTo(kAfternoon + 60 * kMinute, out);
        TrafficKpiMeter kpi(live.traffic().network());
        for (int m = 1; m <= 20; ++m) {
            out.clear();
            live.advanceTo(kAfternoon + (60 + m) * kMinute, out);
            kpi.add(out, 60.0, live.traffic().account().inQueues);
        }
        QVERIFY(r.fixed.speedKmh > 5.0);
        QCOMPARE(r.fixed.speedKmh, kpi.averageSpeedKmh());
        QCOMPARE(r.fixed.delayVehH, kpi.delayVehH());
        QCOMPARE(r.fixed.stops, kpi.stops());
        QCOMPARE(static_cast<int>(r.fixed.speedSeries.size()), 4);
    }

    void adaptiveBeatsTheFixedPlansFromTheSameState()
    {
        WhatIfOptions o;
        o.minutes = 45;
        int calls = 0;
        double last = -1;
        bool monotonic = true;
        const WhatIfResult r = runWhatIf(m_fork, o, [&](double p) {
            monotonic = monotonic && p >= last;
            last = p;
            ++calls;
            return true;
        });
        qInfo("demo city 17:00 + 45 min: fixed %.1f km/h, delay %.0f veh-h, %.0f stops; adaptive %.1f km/h, %.0f veh-h, %.0f stops (%.1f s)",
              r.fixed.speedKmh, r.fixed.delayVehH, r.fixed.stops, r.adaptive.speedKmh, r.adaptive.delayVehH,
              r.adaptive.stops, r.wallS);
        QVERIFY(monotonic);
        QCOMPARE(calls, 90);
        QCOMPARE(last, 1.0);
        QVERIFY(r.fixed.stops > 0);
        // Issue 8's demo-city floor is +15 % over a whole peak; from a queued mid-peak state, 45 min ahead
        // must already show a clear gain in speed and less delay.
        QVERIFY2(r.adaptive.speedKmh > 1.05 * r.fixed.speedKmh, "adaptive control does not beat the fixed plans");
        QVERIFY(r.adaptive.delayVehH < r.fixed.delayVehH);
        QCOMPARE(r.adaptive.linkSpeedKmh.size(), m_scenario->links.size());
    }

    void roadsPredictedImpassableCutTheTraffic()
    {
        // The busiest fifth of the links (by vehicles now) predicted impassable 10 min ahead.
        std::vector<std::pair<double, std::size_t>> load;
        for (std::size_t l = 0; l < m_fork.ctmLinkOf.size(); ++l)
            if (m_fork.ctmLinkOf[l] != kNoIndex)
                load.emplace_back(m_sim->traffic().linkVehicles(m_fork.ctmLinkOf[l]), l);
        std::sort(load.rbegin(), load.rend());
        WhatIfOptions dry, wet;
        dry.minutes = wet.minutes = 30;
        wet.impassableAtS.assign(m_scenario->links.size(), -1.0);
        wet.dangerousAtS.assign(m_scenario->links.size(), -1.0);
        for (std::size_t k = 0; k < load.size() / 5; ++k)
            wet.impassableAtS[load[k].second] = 600.0;
        const WhatIfResult a = runWhatIf(m_fork, dry), b = runWhatIf(m_fork, wet);
        QCOMPARE(a.roadsCutByFlood, 0);
        QCOMPARE(b.roadsCutByFlood, static_cast<int>(load.size() / 5));
        QVERIFY(b.fixed.speedKmh < 0.9 * a.fixed.speedKmh);
        QVERIFY(b.fixed.exited < a.fixed.exited);
        // The first 10 minutes are untouched.
        QCOMPARE(b.fixed.speedSeries.front(), a.fixed.speedSeries.front());
    }

    void cancelledRunReturnsNothing()
    {
        WhatIfOptions o;
        o.minutes = 30;
        const WhatIfResult r = runWhatIf(m_fork, o, [](double p) { return p < 0.2; });
        QCOMPARE(r.minutes, 0);
        QVERIFY(r.fixed.speedSeries.empty() || r.adaptive.speedSeries.empty());
    }

private:
    std::shared_ptr<const Scenario> m_scenario;
    std::unique_ptr<CitySimulator> m_sim;
    TrafficFork m_fork;
};

QTEST_GUILESS_MAIN(TestWhatIf)
#include "tst_whatif.moc"
