// Service load: the arrivals forecast, the service time read back from counter readings, overload
// detection, and the staffing recommendation checked in the service simulator (core/sim/servicesim).
#include "predict/serviceload.h"
#include "predict/servicestaffing.h"
#include "sim/servicesim.h"

#include <QProcess>
#include <QtTest>

#include <boost/json.hpp>

#include <cmath>

using namespace cityops::core;

namespace {

Entity centre(const char *id, const char *kind, int counters)
{
    Entity e;
    e.id = id;
    e.kind = EntityKind::ServiceCenter;
    e.category = kind;
    e.capacity = counters;
    return e;
}

struct History {
    std::vector<double> arrivals, served, waiting;
};

History simulateDays(const Entity &e, int days, std::uint64_t seed)
{
    CityModel city;
    city.add(e);
    ServiceSim sim(city, seed);
    History h;
    std::vector<Reading> r;
    for (int m = 0; m < days * 1440; ++m) {
        sim.advanceMinute((m % 1440) / 60.0);
        r.clear();
        sim.emitReadings(0, r);
        h.waiting.push_back(r[0].values[0]);
        h.arrivals.push_back(r[0].values[1]);
        h.served.push_back(r[0].values[2]);
    }
    return h;
}

} // namespace

class TestServiceLoad : public QObject {
    Q_OBJECT

private slots:
    void serviceTimeFromReadings()
    {
        for (const auto &[kind, nominal] : {std::pair{"admin_hall", 9.0}, std::pair{"hospital", 4.0}}) {
            const History h = simulateDays(centre("S1", kind, 12), 4, 3);
            const auto est = estimateServiceMinutes(h.arrivals, h.served, h.waiting);
            QVERIFY(est.has_value());
            // The simulator ends each service with probability 1 - exp(-1/s) once a minute, so a service
            // lasts 1 / (1 - exp(-1/s)) minutes on average (9.51 for s = 9).
            const double truth = 1.0 / (1.0 - std::exp(-1.0 / nominal));
            QVERIFY2(std::abs(*est - truth) < 0.04 * truth, qPrintable(QString("%1: %2 vs %3").arg(kind).arg(*est).arg(truth)));
        }
        QVERIFY(!estimateServiceMinutes({0, 0}, {0, 0}, {0, 0}).has_value());
    }

    void arrivalsForecast()
    {
        const Entity e = centre("S1", "admin_hall", 10);
        const History h = simulateDays(e, 6, 5);
        ServiceArrivalForecaster f(30, 60, 20.0);
        f.fit({h.arrivals});
        CityModel city;
        city.add(e);
        const ServiceSim sim(city, 1);
        // The learned profile is the simulator's arrival rate (per minute), averaged over the bin.
        for (int bin : {19, 20, 21, 29, 30}) { // 09:30 .. 15:30
            double truth = 0;
            for (int m = 0; m < 30; ++m)
                truth += sim.arrivalRate(0, (bin * 30 + m + 0.5) / 60.0) / 60.0 / 30.0;
            QVERIFY2(std::abs(f.profilePerMin(0, bin * 30) - truth) < 0.12 * truth,
                     qPrintable(QString("bin %1: %2 vs %3").arg(bin).arg(f.profilePerMin(0, bin * 30)).arg(truth)));
        }
        QCOMPARE(f.profilePerMin(0, 3 * 60), 0.0); // closed at night: no arrivals forecast
        // A busy morning (twice the usual arrivals in the last hour) lifts the forecast, shrunk towards 1.
        const int now = 10 * 60;
        const double expected = f.expectedRecent(0, now);
        const double level = f.level(0, now, 2 * expected);
        QVERIFY(std::abs(level - (2 * expected + 20.0) / (expected + 20.0)) < 1e-12);
        QVERIFY(level > 1.5 && level < 2.0);
        QVERIFY(std::abs(f.forecastPerMin(0, now, 2 * expected, 60) - level * f.profilePerMin(0, now + 60)) < 1e-12);
    }

    void overloadDetection()
    {
        // 2 arrivals a minute, 5 min service = 10 Erlangs.
        ServiceAssessment a = assessService(2.0, 5.0, 10, 10.0, 30);
        QVERIFY(a.overloaded);
        QCOMPARE(a.reason, std::string("unstable (rho>=1)"));
        QVERIFY(a.recommendedCounters && *a.recommendedCounters >= 12); // rho <= 0.9 needs 12
        a = assessService(2.0, 5.0, 11, 1.0, 30); // stable, Wq = C / (11/5 - 2) well above 1 min
        QVERIFY(a.overloaded);
        QCOMPARE(a.reason, std::string("wait above target"));
        QVERIFY(a.queue.meanWaitMin > 1.0 && std::isfinite(a.queue.meanWaitMin));
        a = assessService(2.0, 5.0, 16, 1.0, 30);
        QVERIFY(!a.overloaded);
        QVERIFY(a.reason.empty());
        QVERIFY(*a.recommendedCounters <= 16);
        a = assessService(2.0, 5.0, 16, 1.0, 11); // the centre has 11 counters: cannot meet the target
        QVERIFY(!a.recommendedCounters.has_value());
    }

    void staffingMeetsTheTargetInTheSimulator_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("counters");
        QTest::addColumn<double>("hour");
        QTest::addColumn<double>("target");
        QTest::newRow("hall 6, 10:00, 5 min") << "admin_hall" << 6 << 10.0 << 5.0;
        QTest::newRow("hall 6, 10:00, 1 min") << "admin_hall" << 6 << 10.0 << 1.0;
        QTest::newRow("hall 12, 15:00, 2 min") << "admin_hall" << 12 << 15.0 << 2.0;
        QTest::newRow("hospital 8, 09:00, 3 min") << "hospital" << 8 << 9.0 << 3.0;
        QTest::newRow("hospital 20, 14:30, 0.5 min") << "hospital" << 20 << 14.5 << 0.5;
    }

    void staffingMeetsTheTargetInTheSimulator()
    {
        QFETCH(QString, kind);
        QFETCH(int, counters);
        QFETCH(double, hour);
        QFETCH(double, target);
        const Entity e = centre("S1", kind.toStdString().c_str(), counters);
        CityModel city;
        city.add(e);
        const ServiceSim probe(city, 1);
        const double lambda = probe.arrivalRate(0, hour) / 60.0;
        // The service time as an operator would know it: read back from a week of the centre's readings.
        const History h = simulateDays(e, 3, 17);
        const double service = *estimateServiceMinutes(h.arrivals, h.served, h.waiting);
        const StaffingCheck c = checkStaffing(e, hour, lambda, service, target, 500, 1.0, 41, 40000);
        QVERIFY(c.recommended.has_value());
        qInfo("%s: %d counters, rho %.2f, Erlang Wq %.2f, simulated %.2f; one fewer: Erlang %.2f, simulated %.2f",
              qPrintable(kind), *c.recommended, lambda * service / *c.recommended, c.erlangWaitMin, c.simWaitMin,
              c.erlangWaitFewerMin, c.simWaitFewerMin);
        QVERIFY2(c.meets, qPrintable(QString("simulated %1 min > target %2").arg(c.simWaitMin).arg(target)));
        QVERIFY(c.waitBinds);
        // The simulator runs on a one-minute clock (a counter freed during a minute serves that minute's
        // arrivals) with geometric service times, and its queue waits less than M/M/c predicts: measured
        // 0.4-0.9 x the Erlang C wait. Erlang C is on the safe side there, so "one counter fewer misses the
        // target" is only asserted where Erlang C puts that wait at more than twice the target.
        QVERIFY2(c.simWaitMin <= 1.1 * c.erlangWaitMin + 0.05 && c.simWaitMin >= 0.3 * c.erlangWaitMin,
                 qPrintable(QString("%1 vs %2").arg(c.simWaitMin).arg(c.erlangWaitMin)));
        if (c.fewerApplicable && c.erlangWaitFewerMin > 2 * target)
            QVERIFY2(c.fewerMisses, qPrintable(QString("one fewer: simulated %1 min").arg(c.simWaitFewerMin)));
    }

    void cliChecksTheDemoCity()
    {
        QProcess p;
        p.start(CITYOPS_CLI, {"eval", "service", "--json", "--minutes", "4000", "--days", "4"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const auto v = boost::json::parse(p.readAllStandardOutput().toStdString()).as_object();
        const auto &st = v.at("staffing").as_object();
        QCOMPARE(st.at("centres").as_int64(), 40);
        QCOMPARE(st.at("checked").as_int64(), 40);
        QCOMPARE(st.at("meets_target").as_int64(), 40);
        QCOMPARE(v.at("centres").as_array().size(), std::size_t(40));
        p.start(CITYOPS_CLI, {"eval", "service", "--scenario", "/nonexistent"});
        QVERIFY(p.waitForFinished(10000));
        QVERIFY(p.exitCode() != 0);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    }
};

QTEST_GUILESS_MAIN(TestServiceLoad)
#include "tst_serviceload.moc"
