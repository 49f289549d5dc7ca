// The 2D surface-water scheme on analytic cases: still water stays still, volume is conserved, water
// runs downhill and ponds in the lowest cells first, inlets and infiltration take what they can.
#include "sim/rainfall.h"
#include "sim/random.h"
#include "sim/surfacewater.h"

#include <QtTest>

#include <numeric>

using namespace cityops::core;

namespace {
constexpr double kMmph = 1.0 / 3.6e6;
}

class TestSurfaceWater : public QObject {
    Q_OBJECT

private slots:
    void stillWaterStaysStill()
    {
        // A lake over rough ground with a flat surface at 10 m: nothing may move.
        const int n = 40;
        Random random(3);
        std::vector<double> z(n * n), h(n * n);
        for (int i = 0; i < n * n; ++i) {
            z[i] = 8.0 + 1.5 * random.uniform();
            h[i] = 10.0 - z[i];
        }
        SurfaceWater sw(n, n, 20.0, 20.0, z);
        sw.setDepths(h);
        sw.advance(3600.0, 0.0);
        double maxChange = 0;
        for (int i = 0; i < n * n; ++i)
            maxChange = std::max(maxChange, std::abs(sw.depth(i) - h[i]));
        QVERIFY2(maxChange < 1e-9, qPrintable(QString::number(maxChange)));
        QVERIFY(sw.maxDischarge() < 1e-9);
        QVERIFY(sw.steps() > 100);
    }

    void volumeIsConserved()
    {
        // Rough terrain, a rain pulse, closed edges, no losses: stored = fallen.
        const int cols = 60, rows = 45;
        Random random(7);
        std::vector<double> z(cols * rows);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                z[r * cols + c] = 0.02 * c + 0.01 * r + 0.3 * random.uniform();
        SurfaceWater sw(cols, rows, 25.0, 30.0, z);
        sw.advance(1800.0, 80.0 * kMmph);
        sw.advance(5400.0, 0.0);
        const double fallen = 80.0 * kMmph * 1800.0 * cols * rows * 25.0 * 30.0;
        QVERIFY(std::abs(sw.balance().rain - fallen) / fallen < 1e-12);
        QVERIFY2(std::abs(sw.balance().stored() - fallen) / fallen < 1e-9,
                 qPrintable(QString("stored %1 of %2").arg(sw.balance().stored()).arg(fallen)));
        QVERIFY(sw.balance().relativeError() < 1e-9);
        for (double d : sw.depths())
            QVERIFY(d >= 0.0);
    }

    void lossesAreAccounted()
    {
        const int n = 30;
        std::vector<double> z(n * n);
        for (int i = 0; i < n * n; ++i)
            z[i] = 0.05 * (i % n);
        SurfaceWater sw(n, n, 40.0, 40.0, z);
        sw.setInfiltrationCapacity(std::vector<double>(n * n, 10.0 * kMmph));
        std::vector<double> drains(n * n, 0.0);
        drains[n * n / 2] = 2000.0 * kMmph;
        sw.setDrainageCapacity(drains);
        sw.advance(3600.0, 60.0 * kMmph);
        const auto &b = sw.balance();
        QVERIFY(b.infiltrated > 0 && b.drained > 0);
        // Infiltration cannot exceed its capacity over the area and time.
        QVERIFY(b.infiltrated <= 10.0 * kMmph * 3600.0 * n * n * 1600.0 * (1 + 1e-12));
        QVERIFY2(b.relativeError() < 1e-9, qPrintable(QString::number(b.relativeError())));
    }

    void pondsInTheLowestCellsFirst()
    {
        // A tilted plane (falling east) with a bowl in the middle and a shallower dip near the west edge.
        const int n = 50;
        std::vector<double> z(n * n);
        for (int r = 0; r < n; ++r)
            for (int c = 0; c < n; ++c) {
                const double bowl = 1.2 * std::exp(-((c - 30.0) * (c - 30.0) + (r - 25.0) * (r - 25.0)) / 30.0);
                const double dip = 0.3 * std::exp(-((c - 8.0) * (c - 8.0) + (r - 20.0) * (r - 20.0)) / 10.0);
                z[r * n + c] = 5.0 - 0.02 * c - bowl - dip;
            }
        SurfaceWater sw(n, n, 30.0, 30.0, z);
        const std::size_t lowest = static_cast<std::size_t>(std::min_element(z.begin(), z.end()) - z.begin());
        std::size_t first = z.size();
        for (int minute = 0; minute < 240 && first == z.size(); ++minute) {
            sw.advance(60.0, 40.0 * kMmph);
            for (std::size_t i = 0; i < z.size(); ++i)
                if (sw.depth(i) > 0.10) {
                    first = i;
                    break;
                }
        }
        QVERIFY2(first != z.size(), "no cell ever ponded");
        // The first cell to reach 10 cm is the bowl's bottom or right beside it.
        const int dc = int(first % n) - int(lowest % n), dr = int(first / n) - int(lowest / n);
        QVERIFY2(std::abs(dc) <= 1 && std::abs(dr) <= 1, qPrintable(QString("first pond at %1,%2").arg(first % n).arg(first / n)));
    }

    void waterRunsDownhill()
    {
        // All rain on a plane tilted east ends up against the east edge.
        const int cols = 40, rows = 5;
        std::vector<double> z(cols * rows);
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                z[r * cols + c] = 0.01 * (cols - c) * 30.0;
        SurfaceWater sw(cols, rows, 30.0, 30.0, z);
        sw.advance(600.0, 100.0 * kMmph);
        sw.advance(4.0 * 3600.0, 0.0);
        double west = 0, east = 0;
        for (int r = 0; r < rows; ++r) {
            west += sw.depth(r * cols + 2);
            east += sw.depth(r * cols + cols - 1);
        }
        QVERIFY2(east > 50 * west, qPrintable(QString("east %1 west %2").arg(east).arg(west)));
    }

    void extremeHyetographMatchesPublishedAnchors()
    {
        const auto hours = hyetograph(RainScenario::Extreme);
        QCOMPARE(hours.size(), 24u);
        QCOMPARE(hours[peakHour(RainScenario::Extreme)], 201.9);
        QVERIFY(std::abs(std::accumulate(hours.begin(), hours.end(), 0.0) - 552.5) < 1e-9);
        QCOMPARE(rainRateMmph(RainScenario::Extreme, 20.5 * 3600), 201.9);
        QCOMPARE(rainRateMmph(RainScenario::Extreme, -1), 0.0);
        QCOMPARE(rainRateMmph(RainScenario::Extreme, 24 * 3600 + 1), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestSurfaceWater)
#include "tst_surfacewater.moc"
