// The cell transmission model (core/sim/ctm): vehicle conservation, the fundamental diagram, signals,
// incidents, determinism and speed. Every network is built here through CtmNetworkBuilder; expected values
// come from the triangular fundamental diagram of the link's own parameters.
#include "model/citymodel.h"
#include "model/scenario.h"
#include "sim/ctm.h"
#include "sim/demand.h"
#include "sim/signalplan.h"

#include <QtTest>

#include <chrono>
#include <cmath>
#include <cstring>

using namespace cityops::core;

namespace {

constexpr std::int64_t kSecondNs = 1'000'000'000LL;
constexpr std::int64_t kMinuteNs = 60 * kSecondNs;
constexpr std::int64_t kMidnightLocal = 1'709'481'600LL * kSecondNs; // 2024-03-04 00:00 Asia/Shanghai

std::int64_t atLocalHour(double hour)
{
    return kMidnightLocal + static_cast<std::int64_t>(hour * 3600.0) * kSecondNs;
}

/// A rows x cols grid of two-phase signalised nodes with entry/exit stubs on the border.
struct TestGrid {
    std::shared_ptr<const CtmNetwork> net;
    std::vector<std::uint32_t> entries;
};

TestGrid buildGrid(int rows, int cols, double spacing, bool signalised, PhaseTiming timing = {15, 45, 3, 2})
{
    CtmNetworkBuilder b;
    auto node = [&](int r, int c) { return static_cast<std::uint32_t>(r * cols + c); };
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c)
            b.addNode({"n" + std::to_string(r) + "_" + std::to_string(c), c * spacing, -r * spacing});
    struct Approach {
        std::uint32_t link, toNode;
        bool northSouth;
    };
    std::vector<Approach> approaches;
    TestGrid grid;
    auto road = [&](std::uint32_t a, std::uint32_t z, double length, int lanes, bool vertical, bool aIsStub) {
        CtmLink l;
        l.from = a;
        l.to = z;
        l.lengthM = length;
        l.lanes = lanes;
        l.speedKmh = 50;
        l.capacityVph = 1800.0 * lanes;
        const std::uint32_t az = b.addLink(l);
        std::swap(l.from, l.to);
        const std::uint32_t za = b.addLink(l);
        b.setReverse(az, za);
        if (aIsStub)
            grid.entries.push_back(az);
        approaches.push_back({az, z, vertical});
        approaches.push_back({za, a, vertical});
    };
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c + 1 < cols; ++c)
            road(node(r, c), node(r, c + 1), spacing, r % 2 ? 1 : 2, false, false);
    for (int c = 0; c < cols; ++c)
        for (int r = 0; r + 1 < rows; ++r)
            road(node(r, c), node(r + 1, c), spacing, c % 2 ? 1 : 2, true, false);
    auto stub = [&](int r, int c, double dx, double dy) {
        const std::uint32_t outside = b.addNode({{}, c * spacing + dx * 250, -r * spacing + dy * 250});
        road(outside, node(r, c), 250, 2, dx == 0, true);
    };
    for (int c = 0; c < cols; ++c) {
        stub(0, c, 0, 1);
        stub(rows - 1, c, 0, -1);
    }
    for (int r = 0; r < rows; ++r) {
        stub(r, 0, -1, 0);
        stub(r, cols - 1, 1, 0);
    }
    if (signalised) {
        std::vector<std::uint32_t> signalOf(static_cast<std::size_t>(rows * cols));
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c)
                signalOf[node(r, c)] = b.addSignal(node(r, c), {timing, timing});
        // Grid nodes come first, so a to-node below rows*cols is a signalised one.
        for (const Approach &a : approaches)
            if (a.toNode < static_cast<std::uint32_t>(rows * cols))
                b.greenLink(signalOf[a.toNode], a.northSouth ? 0 : 1, a.link);
    }
    grid.net = b.build();
    return grid;
}

DemandConfig quietDemand()
{
    DemandConfig d;
    d.profile = DailyProfile::flat(1.0);
    d.peakLoad = 0; // absolute rates, all zero: each test sets its own
    d.meanTripLinks = 0;
    d.stochastic = false;
    return d;
}

std::uint64_t hashReadings(const std::vector<Reading> &readings)
{
    std::uint64_t h = 1469598103934665603ULL;
    auto mix = [&h](const void *p, std::size_t n) {
        const auto *bytes = static_cast<const unsigned char *>(p);
        for (std::size_t i = 0; i < n; ++i) {
            h ^= bytes[i];
            h *= 1099511628211ULL;
        }
    };
    for (const Reading &r : readings) {
        mix(&r.timeNs, sizeof r.timeNs);
        mix(&r.entity, sizeof r.entity);
        mix(&r.measurement, sizeof r.measurement);
        mix(&r.fieldMask, sizeof r.fieldMask);
        mix(r.values, sizeof r.values);
    }
    return h;
}

/// Averages of one link's readings (entity == link index) with timeNs in (from, to].
struct LinkAverage {
    double speed = 0, flow = 0, occupancy = 0;
    int count = 0;
};
LinkAverage average(const std::vector<Reading> &readings, std::uint32_t entity, std::int64_t from, std::int64_t to)
{
    LinkAverage a;
    for (const Reading &r : readings)
        if (r.measurement == Measurement::Traffic && r.entity == entity && r.timeNs > from && r.timeNs <= to) {
            a.speed += r.values[0];
            a.flow += r.values[1];
            a.occupancy += r.values[2];
            ++a.count;
        }
    if (a.count > 0) {
        a.speed /= a.count;
        a.flow /= a.count;
        a.occupancy /= a.count;
    }
    return a;
}

/// A straight road: `lengths.size()` links in a row, the last one a sink.
std::shared_ptr<const CtmNetwork> corridor(const std::vector<double> &lengths, int lanes, double speedKmh,
                                           double capacityVph)
{
    CtmNetworkBuilder b;
    double x = 0;
    b.addNode({"n0", 0, 0});
    for (std::size_t k = 0; k < lengths.size(); ++k) {
        x += lengths[k];
        b.addNode({"n" + std::to_string(k + 1), x, 0});
        CtmLink l;
        l.id = "c" + std::to_string(k);
        l.from = static_cast<std::uint32_t>(k);
        l.to = static_cast<std::uint32_t>(k + 1);
        l.lengthM = lengths[k];
        l.lanes = lanes;
        l.speedKmh = speedKmh;
        l.capacityVph = capacityVph;
        b.addLink(l);
    }
    return b.build();
}

} // namespace

class TestCtm : public QObject {
    Q_OBJECT

private slots:
    void builderAndTurns();
    void conservationOnSignalisedGrid();
    void fundamentalDiagram();
    void longerGreenRaisesThroughput();
    void incidentBlocksLanes();
    void determinism();
    void readingsAndSignals();
    void customController();
    void demandProfile();
    void fromScenario();
    void speedSanity();
};

void TestCtm::builderAndTurns()
{
    // A four-way junction: movements for every pair but U-turns, turns from geometry (y north).
    CtmNetworkBuilder b;
    const auto c = b.addNode({"c", 0, 0});
    const auto n = b.addNode({"n", 0, 100});
    const auto s = b.addNode({"s", 0, -100});
    const auto e = b.addNode({"e", 100, 0});
    const auto w = b.addNode({"w", -100, 0});
    auto link = [&](std::uint32_t from, std::uint32_t to) {
        CtmLink l;
        l.from = from;
        l.to = to;
        return b.addLink(l);
    };
    const auto sIn = link(s, c), cN = link(c, n), cE = link(c, e), cW = link(c, w), cS = link(c, s);
    link(n, c);
    link(e, c);
    link(w, c);
    b.setReverse(sIn, cS);
    auto net = b.build();
    QCOMPARE(net->movementCount(), std::size_t(12));
    QVERIFY(net->isEntry(sIn));
    QVERIFY(net->isExit(cN));
    auto turnOf = [&](std::uint32_t from, std::uint32_t to) {
        for (std::uint32_t m : net->movementsFrom(from))
            if (net->movement(m).to == to)
                return net->movement(m).turn;
        return Turn::UTurn;
    };
    QCOMPARE(turnOf(sIn, cN), Turn::Through); // northbound straight on
    QCOMPARE(turnOf(sIn, cW), Turn::Left);
    QCOMPARE(turnOf(sIn, cE), Turn::Right);
    QCOMPARE(turnOf(sIn, cS), Turn::UTurn); // absent: no U-turn movement
    QCOMPARE(net->movementsAt(c).size(), std::size_t(12));

    CtmNetworkBuilder bad;
    bad.addNode({});
    CtmLink l;
    l.from = 0;
    l.to = 1; // no node 1
    bad.addLink(l);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, bad.build());
}

void TestCtm::conservationOnSignalisedGrid()
{
    const TestGrid grid = buildGrid(4, 4, 350, true);
    DemandConfig demand;
    demand.peakLoad = 0.25; // heavy: queues at the signals and spill-back
    CtmSimulator sim(grid.net, DemandModel(grid.net, demand), {}, 7, atLocalHour(6.0));

    const auto storage = sim.cellStorage();
    double worst = 0, maxOccupancy = 0;
    std::vector<Reading> readings;
    for (int minute = 1; minute <= 5 * 60; ++minute) {
        if (minute == 90)
            sim.setIncident(grid.entries[3], 2, 0.5); // a full closure: demand backs up into the queue
        if (minute == 150)
            sim.clearIncident(grid.entries[3]);
        if (minute == 120)
            sim.setCapacityFactor(5, 0.3);
        sim.advanceTo(atLocalHour(6.0) + minute * kMinuteNs, &readings);
        const VehicleAccount a = sim.account();
        worst = std::max(worst, a.relativeError());
        QVERIFY2(a.relativeError() < 1e-9, qPrintable(QString("minute %1: generated %2 exited %3 cells %4 queues %5")
                                                         .arg(minute)
                                                         .arg(a.generated, 0, 'g', 17)
                                                         .arg(a.exited, 0, 'g', 17)
                                                         .arg(a.inCells, 0, 'g', 17)
                                                         .arg(a.inQueues, 0, 'g', 17)));
        // The second identity: what entered the cells and has not left is in the cells.
        QVERIFY(std::abs(a.entered - a.exited - a.inCells) <= 1e-9 * std::max(1.0, a.entered));
        const auto cells = sim.cellVehicles();
        for (std::size_t c = 0; c < cells.size(); ++c) {
            QVERIFY(cells[c] >= -1e-9);
            QVERIFY(cells[c] <= storage[c] * (1 + 1e-9));
        }
        for (std::uint32_t l = 0; l < grid.net->linkCount(); ++l)
            maxOccupancy = std::max(maxOccupancy, sim.linkOccupancy(l));
    }
    const VehicleAccount a = sim.account();
    qInfo("conservation: generated %.1f, exited %.1f, in cells %.1f, queued %.1f; worst relative error %.3g",
          a.generated, a.exited, a.inCells, a.inQueues, worst);
    QVERIFY(a.generated > 5000); // the run carried real traffic
    QVERIFY(a.exited > 0.7 * a.generated);
    QVERIFY(maxOccupancy > 0.3); // and queues formed (signals, the closure)
    QCOMPARE(readings.size(), std::size_t(300) * (grid.net->linkCount() + grid.net->signalCount()));
}

void TestCtm::fundamentalDiagram()
{
    const int lanes = 2;
    const double vf = 60, cap = 3600, kJam = 150.0 * lanes; // per the default config
    const double kCrit = cap / vf, w = cap / (kJam - kCrit);
    // Link 0 is measured; link 1 is a short downstream link whose capacity factor makes a bottleneck.
    auto net = corridor({2010, 200}, lanes, vf, cap);

    struct Point {
        double demand, bottleneck, k, q, speed, queue, error;
        int minutes;
    };
    std::vector<Point> points;
    auto measure = [&](double demandVph, double bottleneck) {
        CtmSimulator sim(net, DemandModel(net, quietDemand()), {}, 1, kMidnightLocal);
        sim.demand().setRatesVph(0, demandVph, 0);
        sim.setCapacityFactor(1, bottleneck);
        std::vector<Reading> readings;
        sim.advanceTo(kMidnightLocal + 50 * kMinuteNs, &readings);
        const LinkAverage a = average(readings, 0, kMidnightLocal + 40 * kMinuteNs, kMidnightLocal + 50 * kMinuteNs);
        points.push_back({demandVph, bottleneck, a.occupancy * kJam, a.flow, a.speed, sim.sourceQueue(0),
                          sim.account().relativeError(), a.count});
    };
    // Free-flow branch: flow follows demand, q = v_f k.
    for (double share : {0.15, 0.35, 0.55, 0.75, 0.9})
        measure(share * cap, 1.0);
    // Capacity: more demand than capacity queues outside; the link carries Q at k_crit.
    measure(1.3 * cap, 1.0);
    measure(1.8 * cap, 1.0);
    // Congested branch: a downstream bottleneck of capacity f Q; the queue fills the link.
    for (double f : {0.25, 0.45, 0.65})
        measure(1.2 * cap, f);

    for (const Point &p : points) {
        qInfo("demand %6.0f  bottleneck %.2f  ->  k %6.1f veh/km  q %6.0f veh/h  v %5.1f km/h  queue %.0f", p.demand,
              p.bottleneck, p.k, p.q, p.speed, p.queue);
        QCOMPARE(p.minutes, 10);
        QVERIFY(p.error < 1e-9);
        QVERIFY(p.demand < cap ? p.queue < 1.0 : p.queue > 100); // demand above capacity waits outside
        const double expectedQ = std::min({p.demand, cap, p.bottleneck * cap});
        QVERIFY2(std::abs(p.q - expectedQ) <= 0.02 * expectedQ, "flow off the expected value");
        // The measured point lies on the triangular diagram q = min(v_f k, Q, w (k_jam - k)).
        const double fd = std::min({vf * p.k, cap, w * (kJam - p.k)});
        QVERIFY2(std::abs(p.q - fd) <= 0.03 * cap, "point off the fundamental diagram");
        if (p.bottleneck < 1) {
            QVERIFY(p.k > kCrit * 1.5);                                         // congested side
            QVERIFY(std::abs(p.k - (kJam - p.q / w)) <= 0.03 * kJam);           // on the w branch
            QVERIFY(p.speed < 0.8 * vf);
        } else if (p.demand < cap) {
            QVERIFY(std::abs(p.speed - vf) <= 0.02 * vf);                       // slope of the free-flow branch
            QVERIFY(std::abs(p.k - p.q / vf) <= 0.03 * p.k + 0.5);
        } else {
            QVERIFY(std::abs(p.k - kCrit) <= 0.05 * kCrit);                     // capacity point
        }
    }
    // The congested branch falls: more bottleneck capacity, less density.
    QVERIFY(points[7].k > points[8].k && points[8].k > points[9].k);
    // Least squares slope of the free-flow points through the origin is v_f.
    double kq = 0, kk = 0;
    for (int i = 0; i < 5; ++i) {
        kq += points[static_cast<std::size_t>(i)].k * points[static_cast<std::size_t>(i)].q;
        kk += points[static_cast<std::size_t>(i)].k * points[static_cast<std::size_t>(i)].k;
    }
    QVERIFY(std::abs(kq / kk - vf) <= 0.02 * vf);
}

void TestCtm::longerGreenRaisesThroughput()
{
    // One junction, four approaches from the compass points, all exits sinks. Phase 0 north-south.
    CtmNetworkBuilder b;
    const auto c = b.addNode({"c", 0, 0});
    const std::pair<double, double> dirs[4] = {{0, 1}, {0, -1}, {1, 0}, {-1, 0}};
    std::uint32_t in[4], out[4];
    for (int d = 0; d < 4; ++d) {
        const auto far = b.addNode({{}, dirs[d].first * 600, dirs[d].second * 600});
        CtmLink l;
        l.lengthM = 600;
        l.lanes = 2;
        l.capacityVph = 3600;
        l.from = far;
        l.to = c;
        in[d] = b.addLink(l);
        l.from = c;
        l.to = far;
        out[d] = b.addLink(l);
        b.setReverse(in[d], out[d]);
    }
    const std::uint32_t signal = b.addSignal(c, {{10, 60, 3, 2}, {10, 60, 3, 2}});
    for (int d = 0; d < 4; ++d)
        b.greenLink(signal, d < 2 ? 0 : 1, in[d]);
    auto net = b.build();

    struct Served {
        double ns, ew, error, appliedNs, appliedEw;
    };
    auto run = [&](double greenNs, double greenEw) {
        CtmSimulator sim(net, DemandModel(net, quietDemand()), {}, 3, kMidnightLocal);
        for (int d = 0; d < 4; ++d)
            sim.demand().setRatesVph(in[d], 2600, 0);
        const double appliedNs = sim.fixedTimeController()->setGreen(signal, 0, greenNs);
        const double appliedEw = sim.fixedTimeController()->setGreen(signal, 1, greenEw);
        sim.advanceTo(kMidnightLocal + 10 * kMinuteNs); // warm up: queues build at the stop lines
        auto served = [&](int from, int to) {
            double sum = 0;
            for (int d = from; d < to; ++d)
                for (std::uint32_t m : net->movementsFrom(in[d]))
                    sum += sim.movementVehicles(m);
            return sum;
        };
        const double ns0 = served(0, 2), ew0 = served(2, 4);
        sim.advanceTo(kMidnightLocal + 70 * kMinuteNs);
        return Served{served(0, 2) - ns0, served(2, 4) - ew0, sim.account().relativeError(), appliedNs, appliedEw};
    };
    const Served a = run(30, 30), b2 = run(50, 30);
    QCOMPARE(a.appliedNs, 30.0);
    QCOMPARE(b2.appliedNs, 50.0);
    QCOMPARE(b2.appliedEw, 30.0);
    QVERIFY(a.error < 1e-9 && b2.error < 1e-9);
    const double nsA = a.ns, ewA = a.ew, nsB = b2.ns, ewB = b2.ew;
    qInfo("north-south served in 1 h: %.0f (green 30 s) vs %.0f (green 50 s); east-west %.0f vs %.0f", nsA, nsB, ewA,
          ewB);
    QVERIFY(nsB > nsA * 1.1);
    QVERIFY(ewB < ewA);
    // Saturated approaches discharge at capacity for green + amber: the ratio follows the green shares.
    const double shareA = 33.0 / 70.0, shareB = 53.0 / 90.0;
    QVERIFY(std::abs(nsB / nsA - shareB / shareA) <= 0.05 * shareB / shareA);
}

void TestCtm::incidentBlocksLanes()
{
    auto net = corridor({1000, 1000, 500}, 2, 50, 3600);
    auto run = [&](bool incident) {
        CtmSimulator sim(net, DemandModel(net, quietDemand()), {}, 5, kMidnightLocal);
        sim.demand().setRatesVph(0, 2400, 0);
        std::vector<Reading> readings;
        sim.advanceTo(kMidnightLocal + 15 * kMinuteNs, &readings);
        if (incident)
            sim.setIncident(1, 1, 0.5); // one of two lanes: the middle link's capacity halves there
        sim.advanceTo(kMidnightLocal + 55 * kMinuteNs, &readings);
        const LinkAverage down = average(readings, 2, kMidnightLocal + 45 * kMinuteNs, kMidnightLocal + 55 * kMinuteNs);
        const LinkAverage up = average(readings, 0, kMidnightLocal + 45 * kMinuteNs, kMidnightLocal + 55 * kMinuteNs);
        double recovered = 0;
        if (incident) {
            sim.clearIncident(1);
            sim.advanceTo(kMidnightLocal + 60 * kMinuteNs, &readings);
            recovered = average(readings, 2, kMidnightLocal + 56 * kMinuteNs, kMidnightLocal + 60 * kMinuteNs).flow;
        }
        return std::tuple{down.flow, up.occupancy, recovered, sim.account().relativeError()};
    };
    const auto [flowBase, occBase, unused, errBase] = run(false);
    const auto [flowInc, occInc, flowAfter, errInc] = run(true);
    QVERIFY(errBase < 1e-9 && errInc < 1e-9);
    qInfo("downstream flow %.0f -> %.0f veh/h; upstream occupancy %.3f -> %.3f; after clearing %.0f veh/h", flowBase,
          flowInc, occBase, occInc, flowAfter);
    QVERIFY(std::abs(flowBase - 2400) < 0.02 * 2400);
    QVERIFY(std::abs(flowInc - 1800) < 0.03 * 1800); // one lane's share of the capacity
    QVERIFY(occInc > 2.5 * occBase);
    QVERIFY(flowAfter > 2400); // the queue discharges at capacity once cleared
}

void TestCtm::determinism()
{
    const TestGrid grid = buildGrid(4, 5, 300, true);
    auto run = [&](std::uint64_t seed, bool sliced) {
        CtmSimulator sim(grid.net, DemandModel(grid.net, DemandConfig{}), {}, seed, atLocalHour(7.0));
        std::vector<Reading> readings;
        if (sliced) {
            // Irregular slices must not change anything: time comes only from the caller.
            std::int64_t t = atLocalHour(7.0);
            for (int k = 0; t < atLocalHour(9.0); ++k) {
                t = std::min<std::int64_t>(atLocalHour(9.0), t + (k % 7 + 1) * 3 * kSecondNs + 500'000'000LL);
                sim.advanceTo(t, &readings);
            }
        } else {
            sim.advanceTo(atLocalHour(9.0), &readings);
        }
        return hashReadings(readings);
    };
    const std::uint64_t a = run(42, false), b = run(42, true), c = run(43, false);
    QCOMPARE(a, b);
    QVERIFY(a != c);

    // A snapshot taken mid-run and restored reproduces the rest exactly.
    CtmSimulator sim(grid.net, DemandModel(grid.net, DemandConfig{}), {}, 9, atLocalHour(7.0));
    sim.advanceTo(atLocalHour(7.5));
    const CtmState saved = sim.snapshot();
    std::vector<Reading> first, second;
    sim.advanceTo(atLocalHour(8.0), &first);
    sim.restore(saved);
    QCOMPARE(sim.timeNs(), atLocalHour(7.5));
    sim.advanceTo(atLocalHour(8.0), &second);
    QVERIFY(!first.empty());
    QCOMPARE(hashReadings(first), hashReadings(second));
}

void TestCtm::readingsAndSignals()
{
    const TestGrid grid = buildGrid(3, 3, 300, true, {20, 40, 3, 2});
    CtmSimulator sim(grid.net, DemandModel(grid.net, DemandConfig{}), {}, 11, atLocalHour(8.0));
    std::vector<Reading> readings;
    sim.advanceTo(atLocalHour(8.0) + 10 * kMinuteNs + 30 * kSecondNs, &readings);
    const std::size_t perMinute = grid.net->linkCount() + grid.net->signalCount();
    QCOMPARE(readings.size(), 10 * perMinute);
    const double fixedCycle = sim.fixedTimeController()->cycleS(0);
    QCOMPARE(fixedCycle, 2 * (30.0 + 3 + 2)); // midpoint greens
    bool sawBothPhases[2] = {false, false};
    for (std::size_t i = 0; i < readings.size(); ++i) {
        const Reading &r = readings[i];
        QCOMPARE(r.timeNs, atLocalHour(8.0) + static_cast<std::int64_t>(i / perMinute + 1) * kMinuteNs);
        if (r.measurement == Measurement::Traffic) {
            QCOMPARE(int(r.fieldMask), 0b111);
            QVERIFY(r.entity < grid.net->linkCount());
            QVERIFY(r.values[0] > 0 && r.values[0] <= grid.net->link(r.entity).speedKmh + 1e-9);
            QVERIFY(r.values[1] >= 0 && r.values[1] <= grid.net->link(r.entity).capacityVph * 1.0001);
            QVERIFY(r.values[2] >= 0 && r.values[2] <= 1);
        } else {
            QCOMPARE(r.measurement, Measurement::Signal);
            QCOMPARE(int(r.fieldMask), 0b11);
            QVERIFY(r.values[0] == 0 || r.values[0] == 1);
            sawBothPhases[static_cast<int>(r.values[0])] = true;
            QVERIFY(std::abs(r.values[1] - fixedCycle) <= sim.config().dtS + 1e-9); // measured cycle
        }
    }
    QVERIFY(sawBothPhases[0] && sawBothPhases[1]);
    QCOMPARE(sim.signalCycleS(0), fixedCycle);
}

void TestCtm::customController()
{
    // A controller that holds phase 0 for 20 s and phase 1 for 40 s, counting its calls.
    class Uneven final : public SignalController {
    public:
        SignalDecision decide(const SignalNodeState &s) override
        {
            ++calls;
            complete = complete && s.sim != nullptr && s.plan != nullptr && s.phaseCount == 2;
            const double green = s.phase == 0 ? 20 : 40;
            return s.greenElapsedS < green ? SignalDecision::hold(green - s.greenElapsedS)
                                           : SignalDecision::switchTo(1 - s.phase);
        }
        int calls = 0;
        bool complete = true;
    };
    const TestGrid grid = buildGrid(2, 2, 300, true, {10, 60, 3, 2});
    CtmSimulator sim(grid.net, DemandModel(grid.net, DemandConfig{}), {}, 1, atLocalHour(8.0));
    auto controller = std::make_unique<Uneven>();
    Uneven *uneven = controller.get();
    sim.setController(std::move(controller));
    QVERIFY(sim.fixedTimeController() == nullptr);
    int greenSteps[2] = {0, 0};
    for (int k = 0; k < 900; ++k) {
        sim.advanceTo(sim.timeNs() + sim.dtNs());
        if (sim.signalStage(0) == SignalStage::Green)
            ++greenSteps[sim.signalPhase(0)];
    }
    QVERIFY(uneven->calls > 0);
    QVERIFY(uneven->complete);
    QCOMPARE(sim.signalCycleS(0), 20.0 + 40 + 2 * (3 + 2));
    QVERIFY(std::abs(double(greenSteps[1]) / greenSteps[0] - 2.0) < 0.15);
    QVERIFY(sim.phaseQueueVeh(0, 0) >= 0);
    QVERIFY(std::isfinite(sim.phasePressure(0, 1)));
}

void TestCtm::demandProfile()
{
    const DailyProfile p = DailyProfile::commuter();
    for (double h : {7.0, 7.5, 8.0, 8.5, 17.0, 17.5, 18.0, 18.5})
        QVERIFY2(p.at(h * 3600) >= 0.9, "peak hours are high");
    for (double h : {2.0, 3.0, 12.0, 14.0, 22.0})
        QVERIFY(p.at(h * 3600) < 0.7);
    QVERIFY(DemandModel::commute(8 * 3600) > 0.99 && DemandModel::commute(18 * 3600) < -0.99);
    QCOMPARE(DemandModel::commute(13 * 3600), 0.0);

    // On a grid the morning peak carries several times the night's traffic, and sends it towards the centre.
    const TestGrid grid = buildGrid(5, 5, 300, true);
    DemandModel demand(grid.net, DemandConfig{});
    QVERIFY(demand.internalShare() > 0.05 && demand.internalShare() < 0.95);
    std::vector<double> night(grid.net->linkCount()), peak(grid.net->linkCount());
    demand.ratesAt(atLocalHour(3.0), night);
    demand.ratesAt(atLocalHour(8.0), peak);
    double sumNight = 0, sumPeak = 0;
    for (std::size_t l = 0; l < night.size(); ++l) {
        sumNight += night[l];
        sumPeak += peak[l];
    }
    QVERIFY(sumPeak > 5 * sumNight);
    // At the north-west corner node (0,0), the centre lies south-east: in the morning more turn that way.
    std::vector<double> betaAm(grid.net->movementCount()), betaPm(grid.net->movementCount()), exits(grid.net->linkCount());
    demand.turningAt(atLocalHour(8.0), betaAm, exits);
    demand.turningAt(atLocalHour(18.0), betaPm, exits);
    int inward = 0, checked = 0;
    for (std::uint32_t m : grid.net->movementsAt(0)) {
        const CtmLink &out = grid.net->link(grid.net->movement(m).to);
        if (out.to < 25) { // into the grid, not out through a stub
            ++checked;
            inward += betaAm[m] > betaPm[m] ? 1 : 0;
        }
    }
    QVERIFY(checked > 0);
    QCOMPARE(inward, checked);
    for (std::uint32_t l = 0; l < grid.net->linkCount(); ++l) {
        double sum = exits[l];
        for (std::uint32_t m : grid.net->movementsFrom(l))
            sum += betaPm[m];
        QVERIFY(std::abs(sum - 1.0) < 1e-12);
    }
}

void TestCtm::fromScenario()
{
    // A tiny scenario by hand: one signalised cross with two phases that list their links.
    auto city = std::make_shared<CityModel>();
    Scenario sc;
    const double lon0 = 113.6, lat0 = 34.75, d = 0.004; // ~ 370 m / 445 m
    const std::pair<const char *, GeoPoint> outer[4] = {
        {"N", {lon0, lat0 + d}}, {"S", {lon0, lat0 - d}}, {"E", {lon0 + d, lat0}}, {"W", {lon0 - d, lat0}}};
    Intersection centre;
    centre.id = "X";
    centre.position = {lon0, lat0};
    centre.signalized = true;
    sc.intersections.push_back(centre);
    for (const auto &[id, pos] : outer) {
        Intersection i;
        i.id = id;
        i.position = pos;
        sc.intersections.push_back(i);
    }
    for (std::size_t k = 0; k < sc.intersections.size(); ++k)
        sc.intersectionIndex.emplace(sc.intersections[k].id, k);
    auto addLink = [&](const std::string &from, const std::string &to, const std::string &reverse) {
        Entity e;
        e.id = from + to;
        e.kind = EntityKind::Link;
        e.fromNode = from;
        e.toNode = to;
        e.lanes = 2;
        e.capacityVph = 3600;
        e.speedLimitKmh = 50;
        LinkGeometry g;
        g.entity = *city->add(e);
        g.points = {sc.intersections[sc.intersectionIndex[from]].position,
                    sc.intersections[sc.intersectionIndex[to]].position};
        g.reverseLink = reverse;
        Entity other; // an unrelated entity in between: link entities are not 0..n-1
        other.id = "P" + e.id;
        other.kind = EntityKind::Parking;
        city->add(other);
        sc.links.push_back(g);
        auto &node = sc.intersections[sc.intersectionIndex[to]];
        node.incoming.push_back(e.id);
        sc.intersections[sc.intersectionIndex[from]].outgoing.push_back(e.id);
    };
    for (const auto &[id, pos] : outer) {
        addLink(id, "X", std::string("X") + id);
        addLink("X", id, std::string(id) + "X");
    }
    Entity signal;
    signal.id = "X";
    signal.kind = EntityKind::Signal;
    const std::uint32_t signalEntity = *city->add(signal);
    SignalPhase ns, ew;
    ns.links = {"NX", "SX"};
    ew.links = {"EX", "WX"};
    ew.movements = {{"EX", "XW", "through"}, {"WX", "XE", "through"}}; // no turns for east-west
    sc.intersections[0].phases = {ns, ew};
    sc.city = city;

    auto net = CtmNetwork::fromScenario(sc);
    QCOMPARE(net->linkCount(), std::size_t(8));
    QCOMPARE(net->signalCount(), std::size_t(1));
    QCOMPARE(net->signal(0).entity, signalEntity);
    const std::uint32_t nx = net->findLink("NX"), xs = net->findLink("XS"), xe = net->findLink("XE"),
                        ex = net->findLink("EX"), xn = net->findLink("XN"), xw = net->findLink("XW");
    QVERIFY(nx != kNoIndex && xs != kNoIndex && ex != kNoIndex);
    auto find = [&](std::uint32_t from, std::uint32_t to) -> const CtmMovement * {
        for (std::uint32_t m : net->movementsFrom(from))
            if (net->movement(m).to == to)
                return &net->movement(m);
        return nullptr;
    };
    QVERIFY(find(nx, xs) && find(nx, xs)->turn == Turn::Through && find(nx, xs)->phaseMask == 1u);
    QVERIFY(find(nx, xe) && find(nx, xe)->turn == Turn::Left); // southbound turning east
    QVERIFY(find(ex, xw) && find(ex, xw)->phaseMask == 2u);
    QVERIFY(find(ex, xn) && find(ex, xn)->phaseMask == CtmMovement::kAlwaysOpen); // right on red
    QVERIFY(find(ex, xs) == nullptr);                                              // left from east: no phase
    QVERIFY(find(nx, net->findLink("XN")) == nullptr);                             // no U-turns
    QVERIFY(!net->problems().empty());
    (void)xw;

    CtmSimulator sim(net, DemandModel(net, DemandConfig{}), {}, 2, atLocalHour(8.0));
    std::vector<Reading> readings;
    sim.advanceTo(atLocalHour(8.0) + kMinuteNs, &readings);
    QCOMPARE(readings.size(), std::size_t(9));
    QCOMPARE(readings[0].entity, *city->find(EntityKind::Link, net->link(0).id));
    QCOMPARE(readings.back().entity, signalEntity);
}

void TestCtm::speedSanity()
{
    GridNetworkSpec spec;
    spec.rows = spec.cols = 27;
    auto net = makeGridNetwork(spec);
    QVERIFY(net->linkCount() > 2900 && net->linkCount() < 3200);
    CtmSimulator sim(net, DemandModel(net, DemandConfig{}), {}, 1, atLocalHour(7.5));
    std::vector<Reading> readings;
    readings.reserve(61 * (net->linkCount() + net->signalCount()));
    const auto t0 = std::chrono::steady_clock::now();
    sim.advanceTo(atLocalHour(8.5), &readings);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double factor = 3600.0 / wall;
    const VehicleAccount a = sim.account();
    qInfo("grid: %zu links, %zu cells, %zu signals; 1 simulated hour in %.3f s wall: %.0fx real time; "
          "%.0f vehicles generated, conservation error %.2g",
          net->linkCount(), sim.totalCells(), net->signalCount(), wall, factor, a.generated, a.relativeError());
    QVERIFY(a.relativeError() < 1e-9);
    QCOMPARE(readings.size(), 60 * (net->linkCount() + net->signalCount()));
#if defined(NDEBUG) && !defined(__SANITIZE_ADDRESS__)
    QVERIFY2(factor > 200, "the simulator must run at least 200x real time in an optimised build");
#endif
}

QTEST_GUILESS_MAIN(TestCtm)
#include "tst_ctm.moc"
