// ServiceWatch on the demo city: the simulator's service centres (ServiceSim, the part of the city
// simulator that runs them) (Poisson arrivals by time of day, each
// centre with its own mean service time) make the readings; the watch sees only the snapshots. Its arrival
// rate is checked against the readings themselves, its service time against the simulator's own parameter
// (which it never sees), its staffing advice against Erlang C, and after a whole day its +60 min arrivals
// forecast against what then arrived, beside the last hour's rate.
#include "inspectorpanel.h"
#include "servicewatch.h"
#include "simsnapshots.h"

#include "model/scenarioloader.h"
#include "predict/erlang.h"
#include "sim/servicesim.h"

#include <QTest>

#include <cmath>
#include <map>

using namespace cityops;

class TestServiceWatch : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadWaitAndStaffing();
};

void TestServiceWatch::loadWaitAndStaffing()
{
    constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    const auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    QVERIFY(loaded.ok());
    const auto scenario = loaded.scenario;
    const std::int64_t midnight = 1626624000LL * 1'000'000'000LL; // 2021-07-19 00:00 +08:00
    core::ServiceSim sim(*scenario->city, 21);
    ui::ServiceWatch::Options options;
    ui::ServiceWatch watch(scenario, 8 * 3600, options);

    std::vector<std::uint32_t> centres;
    for (std::uint32_t e = 0; e < scenario->city->size(); ++e)
        if (scenario->city->entity(e).kind == core::EntityKind::ServiceCenter)
            centres.push_back(e);
    QVERIFY(centres.size() >= 10);
    std::vector<core::EntityState> state(scenario->city->size());
    std::vector<core::Reading> readings;
    std::map<std::uint32_t, std::vector<double>> arrivals; // per centre, per minute since midnight
    double errForecast = 0, errLastHour = 0;
    int scored = 0, checkedNow = 0;
    const int minutes = 36 * 60; // a day to learn, then the second day's morning and afternoon
    std::map<std::pair<std::uint32_t, int>, std::pair<double, double>> due; // (centre, minute) -> (forecast, last hour)
    for (int m = 0; m <= minutes; ++m) {
        const std::int64_t now = midnight + m * kMinuteNs;
        readings.clear();
        sim.advanceMinute(std::fmod(m / 60.0, 24.0)); // local hours: the day starts at local midnight
        sim.emitReadings(now, readings);
        for (const auto &r : readings)
            if (r.measurement == core::Measurement::Service && r.has(1))
                arrivals[r.entity].resize(static_cast<std::size_t>(m) + 1, 0.0), arrivals[r.entity][static_cast<std::size_t>(m)] = r.values[1];
        watch.applySnapshot(testing::snapshotOf(*scenario, now, readings, state));
        QVERIFY(testing::waitFor([&] { return watch.outlook() && watch.outlook()->timeNs == now; }));
        const auto outlook = watch.outlook();
        QCOMPARE(outlook->centres.size(), centres.size());
        if (m % 97 == 0 && m >= 120) {
            // Now: the last hour's rate is the readings' own; the service time the simulator's parameter.
            for (std::size_t c = 0; c < centres.size(); ++c) {
                const ui::CentreOutlook *o = outlook->find(centres[c]);
                QVERIFY(o);
                const auto &a = arrivals[centres[c]];
                double sum = 0;
                int n = 0;
                for (int k = std::max(0, m - 59); k <= m && static_cast<std::size_t>(k) < a.size(); ++k, ++n)
                    sum += a[static_cast<std::size_t>(k)];
                QVERIFY2(std::abs(o->arrivalsPerMin - sum / std::max(1, n)) < 0.05 + 0.05 * o->arrivalsPerMin,
                         qPrintable(QStringLiteral("%1 vs %2").arg(o->arrivalsPerMin).arg(sum / std::max(1, n))));
                if (o->now.queue.stable() && o->now.recommendedCounters) {
                    // The advice meets the target by Erlang C, and one counter fewer would not (or would run hot).
                    const int k = *o->now.recommendedCounters;
                    QVERIFY(core::mmcQueue(k, o->arrivalsPerMin, o->serviceMin).meanWaitMin <= options.targetWaitMin + 1e-9);
                    if (k > 1 && o->arrivalsPerMin > 0) {
                        const auto fewer = core::mmcQueue(k - 1, o->arrivalsPerMin, o->serviceMin);
                        QVERIFY(fewer.meanWaitMin > options.targetWaitMin || fewer.utilisation > 0.9);
                    }
                }
                ++checkedNow;
            }
        }
        // The day after the first: each centre's +60 min forecast, scored an hour later against the arrivals
        // of the 10 minutes around that time.
        if (m >= 1440 + 6 * 60 && m % 30 == 0) {
            for (std::uint32_t e : centres) {
                const ui::CentreOutlook *o = outlook->find(e);
                QVERIFY(o && o->forecast);
                due[{e, m + 60}] = {o->forecastPerMin[1], o->arrivalsPerMin};
            }
        }
        for (std::uint32_t e : centres)
            if (auto it = due.find({e, m - 5}); it != due.end() && m - 5 <= minutes - 5) {
                const auto &a = arrivals[e];
                double sum = 0;
                for (int k = m - 10; k <= m; ++k)
                    sum += a[static_cast<std::size_t>(k)];
                const double actual = sum / 11.0;
                errForecast += std::abs(it->second.first - actual);
                errLastHour += std::abs(it->second.second - actual);
                ++scored;
                due.erase(it);
            }
    }
    // The service time, once the watch has seen a day of completions: the simulator's own, within 15 %.
    int close = 0;
    for (std::size_t c = 0; c < centres.size(); ++c) {
        const ui::CentreOutlook *o = watch.outlook()->find(centres[c]);
        QCOMPARE(sim.entity(c), centres[c]);
        close += std::abs(o->serviceMin - sim.meanServiceMin(c)) <= 0.15 * sim.meanServiceMin(c);
    }
    qInfo("service time within 15 %% of the simulator's at %d of %zu centres; +60 min arrivals MAE %.3f/min "
          "(last hour's rate %.3f) over %d forecasts", close, centres.size(), errForecast / std::max(1, scored),
          errLastHour / std::max(1, scored), scored);
    QVERIFY(checkedNow > 100);
    QVERIFY(close >= static_cast<int>(centres.size()) * 8 / 10);
    QVERIFY(scored > 200);
    QVERIFY2(errForecast < errLastHour, "the forecast beats carrying the last hour's rate forward");

    // The inspector shows a centre's load, wait, advice and forecast.
    ui::InspectorPanel inspector;
    inspector.applySnapshot(testing::snapshotOf(*scenario, midnight + minutes * kMinuteNs, {}, state));
    inspector.setServiceWatch(&watch);
    inspector.setEntity(static_cast<int>(centres.front()));
    const QString text = inspector.serviceText();
    QVERIFY2(text.contains(QStringLiteral("expected wait")) && text.contains(QStringLiteral("In 60 min"))
                 && text.contains(QStringLiteral("counter")), qPrintable(text));
    inspector.setEntity(static_cast<int>(scenario->links.front().entity));
    QVERIFY(inspector.serviceText().isEmpty());
}

QTEST_MAIN(TestServiceWatch)
#include "tst_servicewatch.moc"
