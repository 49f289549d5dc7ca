// The demo city's simulator on the committed Zhengzhou scenario: determinism of the whole reading
// stream, the water balance over the extreme (7.20-shaped) storm, ponding in the lowest cells first, and
// flooded roads losing capacity in the traffic model.
#include "model/scenarioloader.h"
#include "sim/citysimulator.h"

#include <QtTest>

#include <QCryptographicHash>

using namespace cityops::core;

namespace {
constexpr std::int64_t kMinute = 60'000'000'000LL;
constexpr std::int64_t kHour = 60 * kMinute;
// 2021-07-19 20:00 local (12:00 UTC): the extreme event's 24 hours start here.
constexpr std::int64_t kEventStart = 1626696000LL * 1'000'000'000LL;

QByteArray hashOf(const std::vector<Reading> &readings)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const Reading &r : readings)
        h.addData(QByteArrayView(reinterpret_cast<const char *>(&r.timeNs), sizeof r.timeNs))
            , h.addData(QByteArrayView(reinterpret_cast<const char *>(&r.entity), sizeof r.entity))
            , h.addData(QByteArrayView(reinterpret_cast<const char *>(r.values), sizeof r.values));
    return h.result().toHex();
}
} // namespace

class TestCitySimulator : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        auto result = loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
        QVERIFY2(result.ok(), "the demo scenario does not load");
        m_scenario = result.scenario;
    }

    void sameSeedSameStream()
    {
        auto run = [&](std::uint64_t seed, std::int64_t slice) {
            SimulatorOptions options;
            options.seed = seed;
            options.startNs = kEventStart + 18 * kHour; // 14:00 local, rain rising
            options.hydrology.scenario = RainScenario::Extreme;
            options.hydrology.eventStartNs = kEventStart;
            CitySimulator sim(m_scenario, options);
            std::vector<Reading> out;
            for (std::int64_t t = options.startNs; t <= options.startNs + 40 * kMinute; t += slice)
                sim.advanceTo(t, out);
            sim.advanceTo(options.startNs + 40 * kMinute, out);
            return out;
        };
        const auto a = run(7, kMinute), b = run(7, 13 * kMinute + 17), c = run(8, kMinute);
        QVERIFY(a.size() > 40 * 3000);
        // Every link, signal, car park, gauge, station and centre reports every minute.
        const std::size_t perMinute = m_scenario->city->size();
        QCOMPARE(a.size(), 40 * perMinute);
        QCOMPARE(hashOf(a), hashOf(b)); // however time is sliced
        QVERIFY(hashOf(a) != hashOf(c));
    }

    void extremeStormWaterBalanceAndPonding()
    {
        SimulatorOptions options;
        options.hydrology.scenario = RainScenario::Extreme;
        options.hydrology.eventStartNs = kEventStart;
        HydrologySim hydro(m_scenario, options.hydrology, 1);
        const SurfaceWater &surface = hydro.surface();
        const std::size_t cells = surface.depths().size();
        std::vector<int> firstWet(cells, -1);
        int minutesWithImpassableRoads = 0;
        for (int minute = 0; minute < 24 * 60; ++minute) {
            hydro.advanceMinute(kEventStart + minute * kMinute);
            for (std::size_t i = 0; i < cells; ++i)
                if (firstWet[i] < 0 && surface.depth(i) > 0.15)
                    firstWet[i] = minute;
            bool impassable = false;
            for (std::size_t l = 0; l < m_scenario->links.size() && !impassable; ++l)
                impassable = HydrologySim::capacityFactorForDepth(hydro.linkDepth(l)) < 0.2;
            minutesWithImpassableRoads += impassable ? 1 : 0;
        }
        const HydrologyBalance b = hydro.balance();
        qInfo("rain %.4g m3: infiltrated %.3g, outfall %.3g, surface %.3g, pipes %.3g; relative error %.2e",
              b.rain, b.infiltrated, b.outfall, b.surface, b.pipes, b.relativeError());
        QVERIFY(b.rain > 0);
        QVERIFY2(b.relativeError() < 1e-3, qPrintable(QString::number(b.relativeError())));
        QVERIFY(b.outfall > 0 && b.infiltrated > 0);
        QVERIFY2(minutesWithImpassableRoads > 0, "the 7.20 storm flooded no road");

        // The first cells to pond are low ground: each lies lower than almost all cells around it.
        int first = INT32_MAX;
        for (int m : firstWet)
            if (m >= 0)
                first = std::min(first, m);
        QVERIFY2(first != INT32_MAX, "nothing ever ponded");
        const int cols = surface.cols(), rows = surface.rows();
        int checked = 0;
        for (std::size_t i = 0; i < cells; ++i) {
            if (firstWet[i] != first)
                continue;
            const int c = int(i % cols), r = int(i / cols);
            int higher = 0, total = 0;
            for (int dr = -12; dr <= 12; ++dr)
                for (int dc = -12; dc <= 12; ++dc) {
                    const int cc = c + dc, rr = r + dr;
                    if (cc < 0 || rr < 0 || cc >= cols || rr >= rows || (dc == 0 && dr == 0))
                        continue;
                    ++total;
                    higher += surface.terrain(std::size_t(rr) * cols + cc) > surface.terrain(i) ? 1 : 0;
                }
            QVERIFY2(higher >= 0.9 * total, qPrintable(QString("cell %1,%2 ponded first but is not low ground (%3 of %4 higher)")
                                                           .arg(c).arg(r).arg(higher).arg(total)));
            ++checked;
        }
        qInfo("first ponding (> 0.15 m) after %d min in %d cells", first, checked);
    }

    void floodedRoadsLoseCapacity()
    {
        SimulatorOptions options;
        options.startNs = kEventStart + 19 * kHour;
        options.hydrology.scenario = RainScenario::Extreme;
        options.hydrology.eventStartNs = kEventStart;
        // Start from the storm's state at 15:00 so that the peak hour floods roads within the run.
        CitySimulator sim(m_scenario, options);
        std::vector<Reading> out;
        sim.advanceTo(options.startNs + 2 * kHour, out);
        int cut = 0;
        for (std::size_t l = 0; l < m_scenario->links.size(); ++l)
            if (sim.ctmLink(l) != kNoIndex && sim.traffic().capacityFactor(sim.ctmLink(l)) < 1.0)
                ++cut;
        qInfo("%d links with flood-reduced capacity after the peak hour", cut);
        QVERIFY(cut > 0);
    }

private:
    std::shared_ptr<const Scenario> m_scenario;
};

QTEST_GUILESS_MAIN(TestCitySimulator)
#include "tst_citysimulator.moc"
