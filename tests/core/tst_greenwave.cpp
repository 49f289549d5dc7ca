// Green wave (core/optimize/greenwave.h): arterial chains are found from the network alone, platoons are
// timed from the upstream green, and on a generated corridor in the CTM simulator a platoon released
// upstream finds the downstream through phase green on arrival more often with coordination than without.
//
// Arrival on green is measured the way signal engineers do it from advance detectors (Purdue coordination
// diagrams): every vehicle entering a chain link is projected to the downstream stop line at free-flow
// speed, and counts as arriving on green if the downstream through phase is green at that moment.
#include "optimize/adaptivecontroller.h"
#include "optimize/greenwave.h"
#include "sim/ctm.h"
#include "sim/demand.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace cityops::core;

namespace {

struct Corridor {
    std::shared_ptr<const CtmNetwork> net;
    std::vector<std::uint32_t> arterialEast, arterialWest; ///< links between consecutive signals
    std::vector<std::uint32_t> entriesMain, entriesSide;
};

// A main road of `signalCount` signalised intersections `spacingM` apart (2 lanes each way), each crossed by a
// one-lane side street; two phases per signal (0: main road, 1: side street).
Corridor makeCorridor(int signalCount, double spacingM)
{
    CtmNetworkBuilder b;
    Corridor c;
    const double mainCap = 3600, sideCap = 1800;
    const std::uint32_t west = b.addNode({"W", -300, 0});
    std::vector<std::uint32_t> sig;
    for (int i = 0; i < signalCount; ++i)
        sig.push_back(b.addNode({"S" + std::to_string(i), i * spacingM, 0}));
    const std::uint32_t east = b.addNode({"E", (signalCount - 1) * spacingM + 300, 0});
    auto road = [&](std::uint32_t a, std::uint32_t z, const std::string &id, int lanes, double cap, double len) {
        const std::uint32_t f = b.addLink({id + "f", a, z, len, lanes, 50, cap});
        const std::uint32_t r = b.addLink({id + "r", z, a, len, lanes, 50, cap});
        b.setReverse(f, r);
        return std::pair{f, r};
    };
    const auto [w0, w0r] = road(west, sig[0], "W0", 2, mainCap, 300);
    c.entriesMain.push_back(w0);
    std::vector<std::pair<std::uint32_t, std::uint32_t>> mains;
    for (int i = 0; i + 1 < signalCount; ++i) {
        mains.push_back(road(sig[i], sig[i + 1], "M" + std::to_string(i), 2, mainCap, spacingM));
        c.arterialEast.push_back(mains.back().first);
        c.arterialWest.push_back(mains.back().second);
    }
    const auto [e0, e0r] = road(east, sig.back(), "E0", 2, mainCap, 300);
    c.entriesMain.push_back(e0);
    std::vector<std::uint32_t> signalIdx;
    std::vector<std::vector<std::uint32_t>> sideIn(static_cast<std::size_t>(signalCount));
    for (int i = 0; i < signalCount; ++i) {
        const std::uint32_t n = b.addNode({"N" + std::to_string(i), i * spacingM, 250});
        const std::uint32_t s = b.addNode({"So" + std::to_string(i), i * spacingM, -250});
        const auto [ni, no] = road(n, sig[i], "N" + std::to_string(i), 1, sideCap, 250);
        const auto [si, so] = road(s, sig[i], "So" + std::to_string(i), 1, sideCap, 250);
        sideIn[i] = {ni, si};
        c.entriesSide.push_back(ni);
        c.entriesSide.push_back(si);
    }
    for (int i = 0; i < signalCount; ++i) {
        const std::uint32_t sg = b.addSignal(sig[i], {{8, 50, 3, 2}, {8, 50, 3, 2}});
        const std::uint32_t fromWest = i == 0 ? w0 : mains[i - 1].first;
        const std::uint32_t fromEast = i + 1 == signalCount ? e0 : mains[i].second;
        b.greenLink(sg, 0, fromWest);
        b.greenLink(sg, 0, fromEast);
        for (std::uint32_t l : sideIn[i])
            b.greenLink(sg, 1, l);
    }
    c.net = b.build();
    return c;
}

struct RunResult {
    double arrivalsOnGreen = 0; ///< share of projected arrivals on chain links that find the through phase green
    double arrivals = 0;
    double delayVehH = 0;
};

RunResult runCorridor(const Corridor &c, double waveLeadS, std::uint64_t seed)
{
    const CtmNetwork &net = *c.net;
    DemandConfig demand;
    demand.profile = DailyProfile::flat(1.0);
    demand.peakLoad = 0;              // absolute rates, set per entry below
    demand.meanTripLinks = 1000;      // through traffic: almost nobody ends a trip inside the corridor
    demand.commuteBias = 0;
    demand.turnWeightRight = 0.15;
    demand.turnWeightLeft = 0.1;
    DemandModel model(c.net, demand);
    for (std::uint32_t l = 0; l < net.linkCount(); ++l)
        model.setRatesVph(l, 0, 0);
    for (std::uint32_t l : c.entriesMain)
        model.setRatesVph(l, 1100, 0);
    for (std::uint32_t l : c.entriesSide)
        model.setRatesVph(l, 280, 0);
    CtmConfig cfg;
    cfg.dtS = 1.0;
    const std::int64_t start = 1'700'000'000LL * 1'000'000'000LL;
    CtmSimulator sim(c.net, std::move(model), cfg, seed, start);
    CityOpsTuning tuning;
    tuning.waveLeadS = waveLeadS;
    sim.setController(std::make_unique<AdaptiveSignalController>(net, true, tuning));

    // Chain links found by the wave (checked separately) with the movements that feed them.
    const std::vector<WaveLink> chain = arterialLinks(net);
    std::vector<std::vector<std::uint32_t>> feeding(chain.size());
    for (std::size_t k = 0; k < chain.size(); ++k)
        for (std::uint32_t m = 0; m < net.movementCount(); ++m)
            if (net.movement(m).to == chain[k].link)
                feeding[k].push_back(m);
    const int warmupS = 900, runS = 3600;
    const int total = warmupS + runS + 120;
    std::vector<std::vector<std::uint8_t>> green(chain.size(), std::vector<std::uint8_t>(static_cast<std::size_t>(total) + 1, 0));
    std::vector<std::vector<double>> inflow(chain.size(), std::vector<double>(static_cast<std::size_t>(total) + 1, 0));
    std::vector<double> lastCum(chain.size(), 0);
    TrafficKpiMeter kpi(net, cfg.jamDensityPerLaneKm);
    std::vector<Reading> readings;
    for (int t = 1; t <= total; ++t) {
        readings.clear();
        sim.advanceTo(start + static_cast<std::int64_t>(t) * 1'000'000'000LL, &readings);
        if (t > warmupS && t <= warmupS + runS) {
            double queued = 0;
            for (std::uint32_t l : c.entriesMain)
                queued += sim.sourceQueue(l);
            for (std::uint32_t l : c.entriesSide)
                queued += sim.sourceQueue(l);
            kpi.add(readings, cfg.readingIntervalS, readings.empty() ? 0.0 : queued);
        }
        for (std::size_t k = 0; k < chain.size(); ++k) {
            const std::uint32_t s = chain[k].downSignal;
            const int ph = sim.signalPhase(s);
            green[k][static_cast<std::size_t>(t)] = sim.signalStage(s) == SignalStage::Green && (chain[k].downPhases >> ph & 1u);
            double cum = 0;
            for (std::uint32_t m : feeding[k])
                cum += sim.movementVehicles(m);
            inflow[k][static_cast<std::size_t>(t)] = cum - lastCum[k];
            lastCum[k] = cum;
        }
    }
    RunResult r;
    double onGreen = 0;
    for (std::size_t k = 0; k < chain.size(); ++k)
        for (int t = warmupS; t < warmupS + runS; ++t) {
            const int arrive = t + static_cast<int>(std::lround(chain[k].travelS));
            const double v = inflow[k][static_cast<std::size_t>(t)];
            r.arrivals += v;
            onGreen += v * green[k][static_cast<std::size_t>(std::min(arrive, total))];
        }
    r.arrivalsOnGreen = r.arrivals > 0 ? onGreen / r.arrivals : 0;
    r.delayVehH = kpi.delayVehH();
    return r;
}

} // namespace

class TstGreenWave : public QObject {
    Q_OBJECT

private slots:
    // The chains are the main road's links between consecutive signals, both ways, and nothing else.
    void findsArterialChains()
    {
        const Corridor c = makeCorridor(5, 400);
        const std::vector<WaveLink> chain = arterialLinks(*c.net);
        std::vector<std::uint32_t> expected = c.arterialEast;
        expected.insert(expected.end(), c.arterialWest.begin(), c.arterialWest.end());
        std::sort(expected.begin(), expected.end());
        std::vector<std::uint32_t> found;
        for (const WaveLink &w : chain) {
            found.push_back(w.link);
            QCOMPARE(w.upPhases, 1u);   // the main-road phase releases it
            QCOMPARE(w.downPhases, 1u); // and serves it downstream
            QVERIFY(std::abs(w.travelS - 400 / (50 / 3.6)) < 1e-9);
            QCOMPARE(c.net->signalAt(c.net->link(w.link).from), w.upSignal);
            QCOMPARE(c.net->signalAt(c.net->link(w.link).to), w.downSignal);
        }
        QCOMPARE(found, expected);
        // A grid of equal roads has no main road, so no chain.
        GridNetworkSpec spec;
        spec.rows = 3;
        spec.cols = 3;
        spec.arterialEvery = 0;
        const auto grid = makeGridNetwork(spec);
        QCOMPARE(arterialLinks(*grid).size(), std::size_t(0));
        // With arterial rows and columns, a plain road crossing an arterial is no chain link there.
        spec.rows = 5;
        spec.cols = 5;
        spec.arterialEvery = 2;
        const auto mixed = makeGridNetwork(spec);
        const std::vector<WaveLink> mixedChain = arterialLinks(*mixed);
        QVERIFY(!mixedChain.empty());
        for (const WaveLink &w : mixedChain) {
            const CtmLink &l = mixed->link(w.link);
            for (std::uint32_t k = 0; k < mixed->linkCount(); ++k)
                if (mixed->link(k).from == l.from || mixed->link(k).to == l.to)
                    QVERIFY(mixed->link(k).capacityVph <= l.capacityVph * 1.0101);
        }
    }

    // Platoon timing: head one travel time after the upstream through green starts, for at most platoonS.
    void timesPlatoons()
    {
        WaveLink w;
        w.upSignal = 0;
        w.upPhases = 0b01;
        w.downSignal = 1;
        w.downPhases = 0b10;
        w.travelS = 30;
        GreenWave wave({w}, 2, 20);
        QCOMPARE(wave.coordinatedSignals(), std::size_t(1));
        QCOMPARE(wave.platoonDueS(1, 1, 0), GreenWave::kNever); // nothing released yet
        wave.observe(0, 1, 0);                                   // side phase upstream: no platoon
        QCOMPARE(wave.platoonDueS(1, 1, 5), GreenWave::kNever);
        wave.observe(0, -1, 10);
        wave.observe(0, 0, 100);                                 // through green upstream at 100 s
        wave.observe(0, 0, 105);                                 // still the same green: no restart
        QCOMPARE(wave.platoonDueS(1, 1, 110), 20.0);             // head at 130 s
        QCOMPARE(wave.platoonDueS(1, 0, 110), GreenWave::kNever); // not this phase's traffic
        QCOMPARE(wave.platoonDueS(1, 1, 135), 0.0);              // arriving
        QCOMPARE(wave.platoonDueS(1, 1, 151), GreenWave::kNever); // platoon (20 s) has passed
        wave.observe(0, -1, 108);                                // a short green: the platoon is short too
        QCOMPARE(wave.platoonDueS(1, 1, 137), 0.0);
        QCOMPARE(wave.platoonDueS(1, 1, 139), GreenWave::kNever);
        QCOMPARE(wave.platoonDueS(0, 0, 139), GreenWave::kNever); // signal 0 is nobody's downstream
    }

    // The corridor under adaptive control, with and without coordination: more arrivals on green with it.
    void coordinationRaisesArrivalsOnGreen()
    {
        const Corridor c = makeCorridor(5, 400);
        double withSum = 0, withoutSum = 0;
        for (std::uint64_t seed : {11u, 12u, 13u}) {
            const RunResult off = runCorridor(c, 0, seed);
            const RunResult on = runCorridor(c, 10, seed);
            qInfo("seed %llu: arrivals on green %.3f without, %.3f with coordination (%.0f / %.0f arrivals); "
                  "delay %.1f / %.1f veh-h",
                  static_cast<unsigned long long>(seed), off.arrivalsOnGreen, on.arrivalsOnGreen, off.arrivals,
                  on.arrivals, off.delayVehH, on.delayVehH);
            QVERIFY(off.arrivals > 1000);
            QVERIFY(on.arrivals > 1000);
            QVERIFY2(on.arrivalsOnGreen > off.arrivalsOnGreen,
                     qPrintable(QString("seed %1: %2 with <= %3 without").arg(seed).arg(on.arrivalsOnGreen).arg(off.arrivalsOnGreen)));
            withSum += on.arrivalsOnGreen;
            withoutSum += off.arrivalsOnGreen;
        }
        QVERIFY(withSum / 3 > withoutSum / 3 + 0.02);
    }
};

QTEST_APPLESS_MAIN(TstGreenWave)
#include "tst_greenwave.moc"
