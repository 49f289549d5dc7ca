// The flood predictor: its solver on the analytic and benchmark-style cases of `cityops-cli eval flood`,
// the rain nowcast, and a small lead-time check on a synthetic valley whose "truth" is the simulator's own
// hydrology (HydrologySim: a different solver, a random storm pattern, pipes that fill) under the heavy
// storm: the predictor, fed only the live depths, the station levels and the gauges' readings so far,
// must warn about the road in the valley bottom at least 30 min before the water there reaches 0.15 m,
// and never about the road on the ridge.
#include "predict/floodcases.h"
#include "predict/floodpredictor.h"
#include "predict/floodsolver.h"
#include "sim/hydrology.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <map>

using namespace cityops::core;

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
constexpr double kLon0 = 113.60, kLat0 = 34.70, kCell = 0.0004;

// A 60 x 40 valley: slopes falling towards a hollow around column 30, row 20 (1.2 m deep), a ridge along
// the north edge. Roads: one through the hollow, one along the ridge; an underground car park by the hollow.
std::shared_ptr<const Scenario> valleyScenario()
{
    auto s = std::make_shared<Scenario>();
    s->name = "valley";
    const int cols = 60, rows = 40;
    s->terrain = AsciiGrid(cols, rows, kLon0, kLat0, kCell, 0.0);
    s->imperviousness = AsciiGrid(cols, rows, kLon0, kLat0, kCell, 0.8);
    s->drainageCapacity = AsciiGrid(cols, rows, kLon0, kLat0, kCell, 20.0);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const double d2 = (c - 30.0) * (c - 30.0) + (r - 20.0) * (r - 20.0);
            s->terrain.at(c, r) = 100.0 + 0.004 * std::sqrt(d2) * 40.0 - 1.2 * std::exp(-d2 / 30.0) + (r < 3 ? 2.0 : 0.0);
        }
    auto city = std::make_shared<CityModel>();
    auto lonOf = [&](double c) { return kLon0 + (c + 0.5) * kCell; };
    auto latOf = [&](double r) { return kLat0 + (rows - r - 0.5) * kCell; };
    auto addLink = [&](const char *id, double r, double c0, double c1) {
        Entity e;
        e.kind = EntityKind::Link;
        e.id = id;
        e.lon = lonOf((c0 + c1) / 2);
        e.lat = latOf(r);
        const auto idx = city->add(e);
        LinkGeometry g;
        g.entity = *idx;
        g.points = {{lonOf(c0), latOf(r)}, {lonOf(c1), latOf(r)}};
        s->links.push_back(g);
    };
    addLink("valley", 20, 5, 55);
    addLink("ridge", 1, 5, 55);
    Entity gauge;
    gauge.kind = EntityKind::RainGauge;
    gauge.id = "G1";
    gauge.lon = lonOf(30);
    gauge.lat = latOf(20);
    city->add(gauge);
    gauge.id = "G2";
    gauge.lon = lonOf(5);
    gauge.lat = latOf(35);
    city->add(gauge);
    Entity station;
    station.kind = EntityKind::WaterStation;
    station.id = "W1";
    station.category = "pipe";
    station.warningLevelM = 2.0;
    station.lon = lonOf(40);
    station.lat = latOf(30);
    city->add(station);
    Entity park;
    park.kind = EntityKind::Parking;
    park.id = "P1";
    park.underground = true;
    park.capacity = 200;
    park.lon = lonOf(31);
    park.lat = latOf(21);
    city->add(park);
    s->city = city;
    return s;
}

} // namespace

class TestFlood : public QObject {
    Q_OBJECT

private slots:
    void analyticCases_data()
    {
        QTest::addColumn<QString>("name");
        for (const std::string &n : floodCaseNames())
            QTest::newRow(n.c_str()) << QString::fromStdString(n);
    }

    void analyticCases()
    {
        QFETCH(QString, name);
        FloodCaseResult r;
        QVERIFY(runFloodCase(name.toStdString(), r));
        for (const FloodCaseMetric &m : r.metrics)
            qInfo("%s: %s = %.4g (%s %.4g)", r.name.c_str(), m.name.c_str(), m.value, m.atLeast ? ">=" : "<=", m.threshold);
        QVERIFY2(r.passed, r.note.c_str());
        QVERIFY(!runFloodCase("no-such-case", r));
    }

    void solverMatchesTheSimulatorsModel()
    {
        // The same rain on the same rough ground: the fast float solver and the simulator's double
        // SurfaceWater must agree on where the water ends up (both are local-inertial schemes).
        const int cols = 50, rows = 40;
        std::vector<double> z(cols * rows);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                z[r * cols + c] = 0.01 * c + 0.5 * std::sin(c * 0.3) * std::cos(r * 0.25);
        FloodSolver fast(cols, rows, 30.0, 30.0, z);
        fast.theta = 1.0; // Bates et al. as in SurfaceWater
        SurfaceWater ref(cols, rows, 30.0, 30.0, z);
        const double rain = 60.0 / 3.6e6;
        fast.advance(3600.0, rain);
        ref.advance(3600.0, rain);
        double diff = 0, total = 0;
        for (int i = 0; i < cols * rows; ++i) {
            diff += std::abs(fast.depth(i) - ref.depth(i));
            total += ref.depth(i);
        }
        qInfo("mean |difference| %.3g of mean depth %.3g", diff / (cols * rows), total / (cols * rows));
        QVERIFY2(diff < 0.05 * total, qPrintable(QString::number(diff / total)));
        QVERIFY(std::abs(fast.maxDepth() - ref.maxDepth()) < 0.05 * ref.maxDepth());
    }

    void nowcastFollowsTheGauges()
    {
        RainNowcaster n(2);
        const std::int64_t t0 = 1000 * kMinuteNs;
        // 40 min at 10 / 20 mm/h, then 10 min at 30 / 60 mm/h: a rising storm, gauge 2 twice as wet.
        for (int m = 1; m <= 50; ++m) {
            const double base = m <= 40 ? 10.0 : 30.0;
            const std::vector<double> r = {base, 2 * base};
            n.observe(t0 + m * kMinuteNs, r);
        }
        const RainNowcast fc = n.nowcast(t0 + 50 * kMinuteNs, 7200.0);
        QCOMPARE(fc.meanMmph.size(), std::size_t(120));
        QCOMPARE(fc.meanMmph.front() >= 45.0, true); // now 45 mm/h on average, rising
        QVERIFY(fc.meanMmph[60] > fc.meanMmph[0]);
        QVERIFY(fc.meanMmph[119] <= 2 * 45.0 + 1e-9); // capped
        QCOMPARE(fc.meanMmph[119], fc.meanMmph[100]); // the trend is held after an hour
        QVERIFY(std::abs(fc.gaugeFactor[1] / fc.gaugeFactor[0] - 2.0) < 1e-9);
        // Missing readings are skipped, not read as zero.
        RainNowcaster gaps(1);
        for (int m = 1; m <= 20; ++m) {
            const std::vector<double> r = {m % 2 ? 12.0 : std::numeric_limits<double>::quiet_NaN()};
            gaps.observe(t0 + m * kMinuteNs, r);
        }
        QCOMPARE(gaps.nowcast(t0 + 20 * kMinuteNs, 600).meanMmph.front(), 12.0);
        QCOMPARE(RainNowcast::fromSeries(0, 60, {1, 2, 3}).rateAt(1e6), 3.0);
    }

private:
    // From the simulator's live depths (`tracked` false) or from the engine's own FloodTracker fed
    // only with the gauges' readings (`tracked` true).
    void leadTimeInTheValley(bool tracked)
    {
        auto scenario = valleyScenario();
        HydrologyOptions ho;
        ho.scenario = RainScenario::Heavy;
        const std::int64_t start = 1'600'000'000LL * 1'000'000'000LL / kMinuteNs * kMinuteNs;
        ho.eventStartNs = start;
        HydrologySim truth(scenario, ho, 5);
        FloodPredictor predictor(scenario);
        FloodTracker tracker(predictor);
        QCOMPARE(predictor.gaugeEntities().size(), std::size_t(2));
        std::map<std::uint32_t, std::size_t> gaugeOf;
        for (std::size_t g = 0; g < predictor.gaugeEntities().size(); ++g)
            gaugeOf[predictor.gaugeEntities()[g]] = g;
        RainNowcaster nowcaster(2);
        std::vector<double> levels(predictor.stationEntities().size(), std::numeric_limits<double>::quiet_NaN());
        double alarm[2] = {-1, -1}, truthCross[2] = {-1, -1}, parkAlarm = -1;
        double capacityAtAlarm = 1;
        std::vector<Reading> out;
        for (int m = 0; m < 6 * 60; ++m) {
            truth.advanceMinute(start + m * kMinuteNs);
            const std::int64_t now = start + (m + 1) * kMinuteNs;
            out.clear();
            truth.emitReadings(now, out);
            std::vector<double> rates(2, std::numeric_limits<double>::quiet_NaN());
            for (const Reading &r : out) {
                if (r.measurement == Measurement::Rain)
                    rates[gaugeOf.at(r.entity)] = r.values[0];
                else if (r.measurement == Measurement::Water)
                    levels[0] = r.values[0];
            }
            nowcaster.observe(now, rates);
            if (tracked)
                tracker.observeMinute(now, rates);
            for (int l = 0; l < 2; ++l)
                if (truthCross[l] < 0 && truth.linkDepth(l) >= kImpassableDepthM)
                    truthCross[l] = m + 1;
            if ((m + 1) % 5 != 0)
                continue;
            FloodState state;
            if (tracked) {
                state = tracker.state();
                QCOMPARE(state.timeNs, now);
            } else {
                state.timeNs = now;
                state.depthM.assign(truth.surface().depths().begin(), truth.surface().depths().end());
            }
            state.stationLevelM = levels;
            const FloodForecast fc = predictor.predict(state, nowcaster.nowcast(now, 7200));
            QCOMPARE(fc.roads.size(), std::size_t(2));
            QVERIFY2(fc.massError < 1e-3, qPrintable(QString::number(fc.massError)));
            for (int l = 0; l < 2; ++l)
                if (alarm[l] < 0 && truthCross[l] < 0 && fc.roads[l].impassableInS > 0) {
                    alarm[l] = m + 1;
                    if (l == 0)
                        capacityAtAlarm = fc.capacityFactors(fc.roads[0].impassableInS + 60)[0];
                }
            for (const SiteFloodForecast &site : fc.sites)
                if (site.kind == SiteFloodForecast::Kind::UndergroundParking && site.impassableInS >= 0 && parkAlarm < 0)
                    parkAlarm = m + 1;
        }
        qInfo("%s: valley road: alarm at %.0f min, 0.15 m reached at %.0f min (lead %.0f min); ridge road: alarm %.0f, "
              "reached %.0f; car park flagged at %.0f min",
              tracked ? "tracked from the gauges" : "from the live depths", alarm[0], truthCross[0], truthCross[0] - alarm[0], alarm[1], truthCross[1], parkAlarm);
        QVERIFY2(truthCross[0] > 0, "the heavy storm never flooded the valley road");
        QVERIFY2(alarm[0] > 0 && truthCross[0] - alarm[0] >= 30.0, "no alarm 30 min ahead for the valley road");
        QVERIFY2(alarm[1] < 0 && truthCross[1] < 0, "the ridge road was alarmed or flooded");
        QVERIFY(capacityAtAlarm < 0.5);
        QVERIFY2(parkAlarm > 0 && parkAlarm <= truthCross[0], "the underground car park by the hollow was not flagged");
    }

private slots:
    void warnsAheadOfTheWater() { leadTimeInTheValley(false); }
    void warnsAheadFromTheGaugesAlone() { leadTimeInTheValley(true); }
};

QTEST_GUILESS_MAIN(TestFlood)
#include "tst_flood.moc"
