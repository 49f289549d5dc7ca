// Adaptive signal control (core/optimize): safety under random detector input. Whatever the detectors
// report and whatever a controller asks for, no green is shorter than its minimum and no amber or all-red
// is skipped or cut short. Checked twice: on the SUMO-style program machine (TlsMachine, the state string
// shown to SUMO, link by link, against the programs' own amber durations written out here) and in the CTM
// simulator with the adaptive controller (stage sampled every second).
#include "optimize/adaptivecontroller.h"
#include "optimize/phasechooser.h"
#include "optimize/tlsprogram.h"
#include "sim/ctm.h"
#include "sim/demand.h"

#include <QtTest>

#include <random>

using namespace cityops::core;

namespace {

struct TestProgram {
    const char *name;
    std::vector<TlsPhaseDef> phases;
    double amberS;   ///< every amber of the program (written here, not derived)
    double allRedS;  ///< every all-red of the program
    double minGreenS;
};

// Programs in the shape of real ones: cologne1's (actuated, minDur 5), an all-red program, a grid program
// whose ambers keep some links green, and a pedestrian-style program with one long phase.
std::vector<TestProgram> programs()
{
    return {
        {"cologne-like",
         {{"rrrrrGGGggrrrrrGGGgg", 29, 5, 50}, {"rrrrryyyggrrrrryyygg", 5}, {"rrrrrrrrGGrrrrrrrrGG", 6, 5, 50},
          {"rrrrrrrryyrrrrrrrryy", 5}, {"GGGggrrrrrGGGggrrrrr", 29, 5, 50}, {"yyyggrrrrryyyggrrrrr", 5},
          {"rrrGGrrrrrrrrGGrrrrr", 6, 5, 50}, {"rrryyrrrrrrrryyrrrrr", 5}},
         5, 0, 5},
        {"all-red",
         {{"GGrrGGrr", 30}, {"yyrryyrr", 3}, {"rrrrrrrr", 2}, {"rrGGrrGG", 30}, {"rryyrryy", 3}, {"rrrrrrrr", 2}},
         3, 2, 5},
        {"grid-like",
         {{"GGGrrrGGGrrr", 10}, {"yyyrrryyyrrr", 3}, {"rrrGGGrrrGGG", 10}, {"rrryyyrrryyy", 3},
          {"GGGGGGrrrrrr", 10}, {"yyyyyyrrrrrr", 3}},
         3, 0, 5},
    };
}

// Checks a shown sequence (one state per step of dt) against the program's rules. Returns "" or a failure.
QString checkSequence(const TestProgram &p, const std::vector<std::string> &shown, double dt)
{
    std::vector<std::string> greens;
    for (const TlsPhaseDef &ph : p.phases)
        if (ph.state.find_first_of("Gg") != std::string::npos && ph.state.find('y') == std::string::npos)
            greens.push_back(ph.state);
    const auto isGreenState = [&](const std::string &s) {
        return std::find(greens.begin(), greens.end(), s) != greens.end();
    };
    // Runs of identical states: every green phase lasts its minimum (the last run may be cut by the end).
    std::size_t start = 0;
    for (std::size_t t = 1; t <= shown.size(); ++t) {
        if (t < shown.size() && shown[t] == shown[start])
            continue;
        const double len = static_cast<double>(t - start) * dt;
        if (t < shown.size() && start > 0 && isGreenState(shown[start]) && len + 1e-9 < p.minGreenS)
            return QString("green %1 lasted %2 s < %3 s at step %4").arg(shown[start].c_str()).arg(len).arg(p.minGreenS).arg(start);
        start = t;
    }
    // Link by link: green never turns red directly; every amber lasts the program's amber; and after an
    // amber the link stays red for the program's all-red before anything turns green.
    const std::size_t links = shown.front().size();
    for (std::size_t l = 0; l < links; ++l) {
        std::size_t amberRun = 0;
        bool afterAmber = false;
        std::size_t redRun = 0;
        for (std::size_t t = 0; t < shown.size(); ++t) {
            const char c = shown[t][l];
            const char prev = t ? shown[t - 1][l] : c;
            const bool green = c == 'G' || c == 'g', prevGreen = prev == 'G' || prev == 'g';
            if (prevGreen && (c == 'r' || c == 's'))
                return QString("link %1: green to red without amber at step %2").arg(l).arg(t);
            if (c == 'y') {
                ++amberRun;
                continue;
            }
            if (amberRun > 0) {
                if (static_cast<double>(amberRun) * dt + 1e-9 < p.amberS)
                    return QString("link %1: amber of %2 s < %3 s ending at step %4").arg(l).arg(amberRun * dt).arg(p.amberS).arg(t);
                if (green)
                    return QString("link %1: amber back to green at step %2").arg(l).arg(t);
                afterAmber = true;
                redRun = 0;
                amberRun = 0;
            }
            if (afterAmber) {
                if (!green) {
                    ++redRun;
                } else {
                    // Any green after an amber: the whole junction had its all-red first.
                    if (static_cast<double>(redRun) * dt + 1e-9 < p.allRedS)
                        return QString("link %1: red of %2 s after amber < all-red %3 s").arg(l).arg(redRun * dt).arg(p.allRedS);
                    afterAmber = false;
                }
            }
        }
    }
    return {};
}

} // namespace

class TstSignalController : public QObject {
    Q_OBJECT

private slots:
    void programAnalysis()
    {
        const auto ps = programs();
        const TlsProgram cologne = TlsProgram::fromPhases(ps[0].phases);
        QCOMPARE(cologne.greens().size(), std::size_t(4));
        QCOMPARE(cologne.greens()[0].minGreenS, 5.0);
        QCOMPARE(cologne.greens()[0].maxGreenS, 50.0);
        QCOMPARE(cologne.greens()[0].amberS, 5.0);
        QCOMPARE(cologne.greens()[0].allRedS, 0.0);
        // A change between two greens the program never joins: links green in both stay green.
        QCOMPARE(cologne.amberState(0, 1), std::string("rrrrryyyggrrrrryyygg"));
        const TlsProgram allRed = TlsProgram::fromPhases(ps[1].phases);
        QCOMPARE(allRed.greens()[0].allRedS, 2.0);
        QCOMPARE(allRed.greens()[0].amberS, 3.0);
        QCOMPARE(allRed.allRedState(0, 1), std::string("rrrrrrrr"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, TlsProgram::fromPhases({{"rrrr", 10}, {"yyyy", 3}}));
        // A static program's durations are its plan, not its limits (TraCI reports minDur = maxDur = duration).
        const TlsProgram grid = TlsProgram::fromPhases({{"GGrr", 10, 10, 10}, {"yyrr", 3, 3, 3}, {"rrGG", 10, 10, 10}, {"rryy", 3, 3, 3}});
        QCOMPARE(grid.greens()[0].minGreenS, 5.0);
        QCOMPARE(grid.greens()[0].maxGreenS, 60.0);
    }

    // Random detector input and random (also hostile) switch requests, 20,000 steps per program.
    void machineNeverBreaksSafety()
    {
        std::mt19937_64 rng(20261128);
        const double dt = 1.0;
        for (const TestProgram &p : programs()) {
            const TlsProgram program = TlsProgram::fromPhases(p.phases);
            const std::size_t n = program.greens().size();
            std::vector<PhaseBounds> bounds;
            for (const auto &g : program.greens())
                bounds.push_back({g.minGreenS, g.maxGreenS});
            TlsMachine m(&program, 0);
            std::vector<std::string> shown;
            std::vector<PhaseDemand> demand(n);
            int switches = 0;
            std::uniform_real_distribution<double> q(0, 30);
            for (int t = 0; t < 20000; ++t) {
                for (auto &d : demand) {
                    d.queueVeh = rng() % 4 == 0 ? 0 : q(rng);
                    d.approachVeh = q(rng);
                    d.exitVeh = q(rng);
                    d.exitQueueVeh = rng() % 3 == 0 ? q(rng) : 0;
                    d.blockedShare = rng() % 5 == 0 ? 1.0 : 0.0;
                }
                const auto policy = static_cast<PhasePolicy>(rng() % 3);
                int next = choosePhase(policy, m.green(), m.greenElapsedS(), bounds, demand);
                if (rng() % 7 == 0)
                    next = static_cast<int>(rng() % n); // a hostile controller asks anything at any time
                if (next >= 0 && m.requestSwitch(next))
                    ++switches;
                shown.push_back(m.state());
                m.tick(dt);
            }
            QVERIFY2(switches > 200, p.name);
            const QString failure = checkSequence(p, shown, dt);
            QVERIFY2(failure.isEmpty(), qPrintable(QString(p.name) + ": " + failure));
        }
    }

    // The checker itself must catch a skipped amber and a short green.
    void checkerCatchesViolations()
    {
        const TestProgram p = programs()[1];
        std::vector<std::string> bad;
        for (int k = 0; k < 10; ++k) bad.push_back("GGrrGGrr");
        bad.push_back("rrrrrrrr");
        for (int k = 0; k < 10; ++k) bad.push_back("rrGGrrGG");
        QVERIFY(!checkSequence(p, bad, 1.0).isEmpty());
        std::vector<std::string> shortGreen;
        for (int k = 0; k < 10; ++k) shortGreen.push_back("GGrrGGrr");
        for (int k = 0; k < 3; ++k) shortGreen.push_back("yyrryyrr");
        for (int k = 0; k < 2; ++k) shortGreen.push_back("rrrrrrrr");
        for (int k = 0; k < 2; ++k) shortGreen.push_back("rrGGrrGG"); // 2 s < 5 s minimum
        for (int k = 0; k < 3; ++k) shortGreen.push_back("rryyrryy");
        for (int k = 0; k < 2; ++k) shortGreen.push_back("rrrrrrrr");
        for (int k = 0; k < 10; ++k) shortGreen.push_back("GGrrGGrr");
        QVERIFY(!checkSequence(p, shortGreen, 1.0).isEmpty());
    }

    // The CTM simulator under the adaptive controller: stage order and durations sampled each second.
    void ctmAdaptiveKeepsMinimumGreenAndClearances()
    {
        GridNetworkSpec spec;
        spec.rows = 4;
        spec.cols = 4;
        spec.timing = {12, 40, 3, 2};
        const auto net = makeGridNetwork(spec);
        std::mt19937_64 rng(7);
        for (int run = 0; run < 3; ++run) {
            DemandConfig demand;
            demand.profile = DailyProfile::flat(1.0);
            demand.peakLoad = 0.05 + 0.25 * static_cast<double>(rng() % 100) / 100.0; // random load, light to heavy
            CtmConfig cfg;
            cfg.dtS = 1.0;
            const std::int64_t start = 1'700'000'000LL * 1'000'000'000LL;
            CtmSimulator sim(net, DemandModel(net, demand), cfg, rng(), start);
            CityOpsTuning tuning;
            tuning.waveLeadS = run == 1 ? 8.0 : 0.0; // one run with the green wave holding greens
            auto owned = std::make_unique<AdaptiveSignalController>(*net, true, tuning);
            AdaptiveSignalController *controller = owned.get();
            if (run == 1)
                QVERIFY(!controller->greenWave().empty());
            sim.setController(std::move(owned));
            const std::size_t signalTotal = net->signalCount();
            std::vector<SignalStage> lastStage(signalTotal, SignalStage::Green);
            std::vector<int> lastPhase(signalTotal, 0), runLength(signalTotal, 0), changes(signalTotal, 0);
            std::vector<std::uint8_t> first(signalTotal, 1);
            for (int t = 1; t <= 3 * 3600; ++t) {
                if (t == 5400 && run == 0)
                    for (std::uint32_t s = 0; s < signalTotal; s += 2)
                        controller->setAdaptive(s, false); // half the city back to fixed time mid-run
                sim.advanceTo(start + static_cast<std::int64_t>(t) * 1'000'000'000LL);
                for (std::uint32_t s = 0; s < signalTotal; ++s) {
                    const SignalStage st = sim.signalStage(s);
                    const int ph = sim.signalPhase(s);
                    if (st == lastStage[s] && ph == lastPhase[s]) {
                        ++runLength[s];
                        continue;
                    }
                    // Allowed order: Green -> Amber -> AllRed -> Green (of another phase).
                    const SignalStage prev = lastStage[s];
                    const bool ok = (prev == SignalStage::Green && st == SignalStage::Amber)
                        || (prev == SignalStage::Amber && st == SignalStage::AllRed)
                        || (prev == SignalStage::AllRed && st == SignalStage::Green);
                    QVERIFY2(ok, qPrintable(QString("signal %1: stage %2 -> %3 at %4 s").arg(s).arg(int(prev)).arg(int(st)).arg(t)));
                    const double len = runLength[s];
                    const double need = prev == SignalStage::Green ? spec.timing.minGreenS
                        : prev == SignalStage::Amber ? spec.timing.amberS : spec.timing.allRedS;
                    if (!first[s] || prev != SignalStage::Green)
                        QVERIFY2(len + 1e-9 >= need, qPrintable(QString("signal %1: stage %2 lasted %3 s < %4 s at %5 s")
                                                                     .arg(s).arg(int(prev)).arg(len).arg(need).arg(t)));
                    first[s] = 0;
                    ++changes[s];
                    lastStage[s] = st;
                    lastPhase[s] = ph;
                    runLength[s] = 1;
                }
            }
            int switching = 0;
            for (int c : changes)
                switching += c > 30 ? 1 : 0;
            QVERIFY(switching * 4 >= static_cast<int>(signalTotal) * 3); // the signalTotal really cycle
            // The inspector's view agrees with the simulator.
            const SignalTimingView v = signalTiming(sim, controller, 0);
            QCOMPARE(v.phase, sim.signalPhase(0));
            QCOMPARE(v.phases.size(), std::size_t(2));
            QVERIFY(v.phases[0].plannedGreenS >= spec.timing.minGreenS - 1e-9);
        }
    }

    // Adaptive control must serve a one-sided demand better than the fixed plan does (queue-driven greens).
    void adaptiveFollowsDemand()
    {
        const std::vector<PhaseBounds> bounds{{5, 60}, {5, 60}};
        std::vector<PhaseDemand> d(2);
        d[0].queueVeh = 0;
        d[1].queueVeh = 12;
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 11, bounds, d), 1); // gap-out: nothing left to serve
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 4, bounds, d), -1); // before the minimum green
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 5.5, bounds, d), -1); // before the policy's 6 s floor
        d[0].queueVeh = 10;
        d[0].approachLanes = 2;
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 20, bounds, d), -1); // queue hold: 5 veh/lane still to discharge
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 26, bounds, d), 1);  // after the hold, the longer queue wins
        d[0].approachLanes = 4;
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 20, bounds, d), 1);  // 2.5 veh/lane: no hold
        d[0].approachLanes = 2;
        const std::vector<PhaseBounds> shortMax{{5, 15}, {5, 60}};
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 15, shortMax, d), 1); // the hold never passes max green
        d[1].queueVeh = 9;
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 30, bounds, d), -1); // still serving more than the other
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 60, bounds, d), 1);  // maximum green
        d[1].queueVeh = 12;
        d[1].blockedShare = 1.0; // the other phase's exits are full: green there moves nobody
        QCOMPARE(choosePhase(PhasePolicy::CityOps, 0, 60, bounds, d), -1);
        QCOMPARE(choosePhase(PhasePolicy::LongestQueue, 0, 20, bounds, d), 1);
    }
};

QTEST_APPLESS_MAIN(TstSignalController)
#include "tst_signalcontroller.moc"
