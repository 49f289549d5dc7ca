// Incident detection (core/predict/incidentdetector, incidentevaluation).
// - On hand-made detector data: a blockage is raised after persistMinutes, cleared after clearMinutes;
//   a queue that spills back from downstream is reported where it starts, not on every link it reaches;
//   a quiet stretch with ordinary noise raises nothing.
// - In the simulated demo city (a short window of the morning): incidents that close a road are found
//   within minutes, and false alarms stay under the target rate.
#include "model/scenarioloader.h"
#include "predict/incidentdetector.h"
#include "predict/incidentevaluation.h"

#include <QtTest>

#include <random>

using namespace cityops::core;

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;

/// Links 0 -> 1 -> 2 (a chain). One normal day: speed 50 +- 2, occupancy 0.10 +- 0.01.
IncidentDetector trainedChain(std::mt19937_64 &rng)
{
    IncidentDetector d(3, {{1}, {2}, {}});
    std::normal_distribution<double> noise(0.0, 1.0);
    for (int m = 0; m < 1440; ++m) {
        std::vector<double> speed(3), occ(3);
        for (int l = 0; l < 3; ++l) {
            speed[static_cast<std::size_t>(l)] = 50 + 2 * noise(rng);
            occ[static_cast<std::size_t>(l)] = 0.10 + 0.01 * noise(rng);
        }
        d.learn(m * 60.0, speed, occ);
    }
    d.finishLearning();
    return d;
}

} // namespace

class TestIncidentDetector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void raisesPersistentBlockageAndClears();
    void spillbackIsReportedWhereItStarts();
    void quietStretchRaisesNothing();
    void simulatedCityFindsClosures();
};

void TestIncidentDetector::raisesPersistentBlockageAndClears()
{
    std::mt19937_64 rng(1);
    IncidentDetector d = trainedChain(rng);
    QVERIFY(std::abs(d.expectedSpeed(0, 600 * 60.0) - 50) < 1.0);
    std::vector<IncidentEvent> events;
    const int start = 600; // 10:00
    for (int m = start; m < start + 20; ++m) {
        const bool blocked = m >= start + 2 && m < start + 10;
        const std::vector<double> speed{blocked ? 8.0 : 50.0, 50.0, 50.0};
        const std::vector<double> occ{blocked ? 0.6 : 0.1, 0.1, 0.1};
        d.observe(static_cast<std::int64_t>(m + 1) * kMinuteNs, m * 60.0, speed, occ, events);
    }
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[0].kind, IncidentEvent::Kind::Raised);
    QCOMPARE(events[0].link, 0u);
    // Anomalous from minute start+2; the third anomalous minute (start+4) raises, stamped at its end.
    QCOMPARE(events[0].timeNs, static_cast<std::int64_t>(start + 5) * kMinuteNs);
    QVERIFY(events[0].expectedSpeed > 45 && events[0].speed < 10);
    QCOMPARE(events[1].kind, IncidentEvent::Kind::Cleared);
    QCOMPARE(events[1].timeNs, static_cast<std::int64_t>(start + 15) * kMinuteNs); // five normal minutes
    QVERIFY(!d.active(0));

    // Shorter than persistMinutes: nothing.
    events.clear();
    for (int m = 700; m < 710; ++m) {
        const bool blocked = m == 703 || m == 704;
        const std::vector<double> speed{blocked ? 8.0 : 50.0, 50.0, 50.0};
        const std::vector<double> occ{0.1, 0.1, 0.1};
        d.observe(static_cast<std::int64_t>(m + 1) * kMinuteNs, m * 60.0, speed, occ, events);
    }
    QVERIFY(events.empty());
}

void TestIncidentDetector::spillbackIsReportedWhereItStarts()
{
    std::mt19937_64 rng(2);
    IncidentDetector d = trainedChain(rng);
    std::vector<IncidentEvent> events;
    // A blockage on link 2 whose queue reaches links 1 and 0: only link 2 has no anomalous link downstream.
    for (int m = 800; m < 810; ++m) {
        const std::vector<double> speed{10.0, 9.0, 5.0};
        const std::vector<double> occ{0.5, 0.6, 0.8};
        d.observe(static_cast<std::int64_t>(m + 1) * kMinuteNs, m * 60.0, speed, occ, events);
    }
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].link, 2u);
    // Without the check every link would raise.
    IncidentDetectorConfig cfg;
    cfg.downstreamCheck = false;
    IncidentDetector plain(3, {{1}, {2}, {}}, cfg);
    for (int m = 0; m < 1440; ++m)
        plain.learn(m * 60.0, std::vector<double>{50, 50, 50}, std::vector<double>{0.1, 0.1, 0.1});
    plain.finishLearning();
    events.clear();
    for (int m = 800; m < 810; ++m)
        plain.observe(static_cast<std::int64_t>(m + 1) * kMinuteNs, m * 60.0, std::vector<double>{10.0, 9.0, 5.0},
                      std::vector<double>{0.5, 0.6, 0.8}, events);
    QCOMPARE(events.size(), std::size_t(3));
}

void TestIncidentDetector::quietStretchRaisesNothing()
{
    std::mt19937_64 rng(3);
    IncidentDetector d = trainedChain(rng);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<IncidentEvent> events;
    for (int m = 0; m < 1440; ++m) { // a whole new day of the same kind of noise
        std::vector<double> speed(3), occ(3);
        for (std::size_t l = 0; l < 3; ++l) {
            speed[l] = 50 + 2 * noise(rng);
            occ[l] = 0.10 + 0.01 * noise(rng);
        }
        d.observe(static_cast<std::int64_t>(1440 + m + 1) * kMinuteNs, m * 60.0, speed, occ, events);
    }
    QVERIFY2(events.empty(), qPrintable(QString::number(events.size())));
}

void TestIncidentDetector::simulatedCityFindsClosures()
{
    const auto loaded = loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    QVERIFY(loaded.ok());
    IncidentEvalOptions opt;
    opt.seed = 5;
    opt.incidents = 4;
    opt.learnDays = 1;
    opt.warmupHours = 0.5;
    opt.evalStartHour = 7.5;
    opt.evalHours = 1.5;
    opt.minDurationMin = 15;
    opt.maxDurationMin = 25;
    opt.clearanceMinutes = 10;
    opt.fullClosure = true;
    const IncidentEvalResult r = evaluateIncidents(loaded.scenario, opt);
    QCOMPARE(r.incidents.size(), std::size_t(4));
    QCOMPARE(r.links, loaded.scenario->links.size());
    QVERIFY2(r.detected >= 3, qPrintable(QString::number(r.detected)));
    QVERIFY2(r.meanTimeToDetectS > 0 && r.meanTimeToDetectS <= 420, qPrintable(QString::number(r.meanTimeToDetectS)));
    QVERIFY2(r.falseAlarmsPer100DetectorHours <= 1.0,
             qPrintable(QString("%1 false alarms in %2 detector-hours").arg(r.falseAlarms).arg(r.detectorHours)));
    for (const IncidentOutcome &o : r.incidents)
        QVERIFY(o.lanesBlocked == o.lanes);
}

QTEST_GUILESS_MAIN(TestIncidentDetector)
#include "tst_incidentdetector.moc"
