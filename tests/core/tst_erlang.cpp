// Erlang B/C and the M/M/c staffing rule against references computed independently: textbook closed forms
// for one and two servers, and a direct summation of the Erlang C formula in long double (powers and
// factorials, no recurrence) for up to 500 servers.
#include "predict/erlang.h"

#include <QtTest>

#include <cmath>

using namespace cityops::core;

namespace {

// C(c, a) = (a^c / c!) (c / (c - a)) / (sum_{k<c} a^k / k! + (a^c / c!) (c / (c - a)))
long double directErlangC(int c, long double a)
{
    long double sum = 0;
    for (int k = 0; k < c; ++k)
        sum += std::pow(a, static_cast<long double>(k)) / std::tgamma(static_cast<long double>(k + 1));
    const long double top = std::pow(a, static_cast<long double>(c)) / std::tgamma(static_cast<long double>(c + 1)) *
                            (c / (c - a));
    return top / (sum + top);
}

long double directErlangB(int c, long double a)
{
    long double sum = 0;
    for (int k = 0; k <= c; ++k)
        sum += std::pow(a, static_cast<long double>(k)) / std::tgamma(static_cast<long double>(k + 1));
    return std::pow(a, static_cast<long double>(c)) / std::tgamma(static_cast<long double>(c + 1)) / sum;
}

} // namespace

class TestErlang : public QObject {
    Q_OBJECT

private slots:
    void textbookValues()
    {
        // M/M/1: P(wait) = rho, Wq = rho / (mu - lambda). lambda = 1/min, mu = 2/min -> Wq = 0.5 min.
        QueueFigures q = mmcQueue(1, 1.0, 0.5);
        QVERIFY(std::abs(q.waitProbability - 0.5) < 1e-12);
        QVERIFY(std::abs(q.meanWaitMin - 0.5) < 1e-12);
        QVERIFY(std::abs(q.meanQueue - 0.5) < 1e-12);
        // M/M/2 with lambda = mu = 1: C = 2 rho^2 / (1 + rho) = 1/3, Wq = C / (2 mu - lambda) = 1/3.
        q = mmcQueue(2, 1.0, 1.0);
        QVERIFY(std::abs(q.waitProbability - 1.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(q.meanWaitMin - 1.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(q.utilisation - 0.5) < 1e-12);
        // M/M/2, lambda = 1.5, mu = 1 (rho = 0.75): C = 2 * 0.5625 / 1.75 = 9/14, Wq = (9/14) / 0.5.
        q = mmcQueue(2, 1.5, 1.0);
        QVERIFY(std::abs(q.waitProbability - 9.0 / 14.0) < 1e-12);
        QVERIFY(std::abs(q.meanWaitMin - 9.0 / 7.0) < 1e-12);
        // The classic Erlang B table entry: 10 trunks, 5 Erlangs -> 1.84 % blocked.
        QVERIFY(std::abs(erlangB(10, 5.0) - 0.018385) < 5e-6);
    }

    void matchesDirectSummation_data()
    {
        QTest::addColumn<int>("servers");
        QTest::addColumn<double>("load");
        QTest::newRow("c3 a2.5") << 3 << 2.5;
        QTest::newRow("c10 a7") << 10 << 7.0;
        QTest::newRow("c20 a19.5") << 20 << 19.5;
        QTest::newRow("c50 a45") << 50 << 45.0;
        QTest::newRow("c80 a60") << 80 << 60.0;
        QTest::newRow("c150 a140") << 150 << 140.0;
        QTest::newRow("c500 a480") << 500 << 480.0;
        QTest::newRow("c500 a300") << 500 << 300.0;
    }

    void matchesDirectSummation()
    {
        QFETCH(int, servers);
        QFETCH(double, load);
        const long double refC = directErlangC(servers, load);
        const long double refB = directErlangB(servers, load);
        const double c = erlangC(servers, load);
        const double b = erlangB(servers, load);
        QVERIFY(std::isfinite(c) && c > 0 && c < 1);
        QVERIFY2(std::abs(c - double(refC)) <= 1e-10 * std::max(1.0, double(refC)) + 1e-13,
                 qPrintable(QString("C %1 vs %2").arg(c, 0, 'g', 15).arg(double(refC), 0, 'g', 15)));
        QVERIFY2(std::abs(b - double(refB)) <= 1e-10 * double(refB) + 1e-15,
                 qPrintable(QString("B %1 vs %2").arg(b, 0, 'g', 15).arg(double(refB), 0, 'g', 15)));
        // Wq = C / (c mu - lambda) with mu = 1 / serviceMin.
        const double serviceMin = 4.0, lambda = load / serviceMin;
        const QueueFigures q = mmcQueue(servers, lambda, serviceMin);
        const double refWq = double(refC) / (servers / serviceMin - lambda);
        QVERIFY(std::abs(q.meanWaitMin - refWq) <= 1e-9 * refWq + 1e-12);
    }

    void unstableQueues()
    {
        QCOMPARE(erlangC(5, 5.0), 1.0);
        QCOMPARE(erlangC(5, 7.0), 1.0);
        const QueueFigures q = mmcQueue(5, 2.0, 3.0); // a = 6 > 5
        QVERIFY(!q.stable());
        QVERIFY(std::isinf(q.meanWaitMin));
        QCOMPARE(mmcQueue(3, 0.0, 5.0).meanWaitMin, 0.0);
    }

    void recommendationIsTheSmallestThatMeetsTheTarget()
    {
        for (double lambda : {0.1, 0.8, 2.5, 6.0, 20.0})
            for (double service : {2.0, 4.0, 9.0})
                for (double target : {0.5, 2.0, 10.0, 20.0}) {
                    const auto c = recommendServers(lambda, service, target, 2000);
                    QVERIFY(c.has_value());
                    QVERIFY(mmcQueue(*c, lambda, service).meanWaitMin <= target);
                    if (*c > 1)
                        QVERIFY(mmcQueue(*c - 1, lambda, service).meanWaitMin > target);
                    // A utilisation ceiling can only add counters, and then it is what binds.
                    const auto capped = recommendServers(lambda, service, target, 2000, 0.85);
                    QVERIFY(capped && *capped >= *c);
                    QVERIFY(lambda * service / *capped <= 0.85 + 1e-12);
                    if (*capped > *c)
                        QVERIFY(lambda * service / (*capped - 1) > 0.85);
                }
        QCOMPARE(recommendServers(0.0, 5.0, 1.0, 10), std::optional<int>(0));
        QVERIFY(!recommendServers(10.0, 9.0, 1.0, 50).has_value()); // 90 Erlangs cannot be served by 50
    }
};

QTEST_GUILESS_MAIN(TestErlang)
#include "tst_erlang.moc"
