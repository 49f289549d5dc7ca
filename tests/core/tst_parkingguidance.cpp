// Parking guidance on the demo city: the drive times are shortest paths (checked against the optimality
// conditions on every link of the scenario), and the ranking weighs free spaces on arrival, walking and
// driving as documented.
#include "model/scenarioloader.h"
#include "predict/parkingguidance.h"

#include <QtTest>

#include <cmath>

using namespace cityops::core;

class TestParkingGuidance : public QObject {
    Q_OBJECT

    std::shared_ptr<const Scenario> m_scenario;
    std::vector<ParkingCandidate> m_parks;

    std::vector<ParkingCandidate> candidates(double freeShare) const
    {
        std::vector<ParkingCandidate> out = m_parks;
        for (ParkingCandidate &c : out)
            c.freeForecast = {{0.0, c.capacity * freeShare}};
        return out;
    }

private slots:
    void initTestCase()
    {
        const ScenarioLoadResult r = loadScenario(std::string(CITYOPS_SOURCE_DIR) + "/resources/scenarios/zhengzhou");
        QVERIFY(r.scenario && r.scenario->city);
        m_scenario = r.scenario;
        for (const Entity &e : m_scenario->city->entities())
            if (e.kind == EntityKind::Parking)
                m_parks.push_back({e.id, {e.lon, e.lat}, double(e.capacity), {}});
        QCOMPARE(m_parks.size(), std::size_t(120));
    }

    void driveTimesAreShortestPaths()
    {
        ParkingGuidance g(*m_scenario);
        const Scenario &s = *m_scenario;
        const GeoPoint origin = s.intersections[s.intersections.size() / 3].position;
        std::vector<double> minutes, metres;
        g.driveTimes(origin, minutes, metres);
        const auto start = static_cast<std::size_t>(g.nearestNode(origin));
        QCOMPARE(minutes[start], 0.0);
        // Bellman's conditions on every link: no link offers a shortcut, and every reached node but the
        // start is reached through some link exactly.
        std::vector<bool> tight(s.intersections.size(), false);
        std::size_t reached = 0;
        for (const Entity &e : s.city->entities()) {
            if (e.kind != EntityKind::Link)
                continue;
            const std::size_t u = s.intersectionIndex.at(e.fromNode), v = s.intersectionIndex.at(e.toNode);
            if (!std::isfinite(minutes[u]))
                continue;
            const double via = minutes[u] + e.lengthM / (e.speedLimitKmh / 0.06);
            QVERIFY2(minutes[v] <= via + 1e-9, e.id.c_str());
            if (std::abs(minutes[v] - via) <= 1e-9)
                tight[v] = true;
        }
        for (std::size_t n = 0; n < minutes.size(); ++n)
            if (std::isfinite(minutes[n])) {
                ++reached;
                QVERIFY(n == start || tight[n]);
            }
        QVERIFY2(reached > minutes.size() * 9 / 10, qPrintable(QString::number(reached)));

        // Congestion: every link at 10 km/h makes every trip slower, in proportion for the network part.
        g.setLinkSpeeds(std::vector<double>(s.links.size(), 10.0));
        std::vector<double> slow, slowM;
        g.driveTimes(origin, slow, slowM);
        for (std::size_t n = 0; n < minutes.size(); ++n)
            if (std::isfinite(minutes[n]) && n != start)
                QVERIFY(slow[n] > minutes[n]);
        // ... and the link speed setter by id is honoured.
        QVERIFY(g.setLinkSpeed(s.city->entity(s.links.front().entity).id, 30.0));
        QVERIFY(!g.setLinkSpeed("no-such-link", 30.0));
    }

    void rankingWeighsTheThreeComponents()
    {
        ParkingGuidance g(*m_scenario);
        const Scenario &s = *m_scenario;
        const GeoPoint origin = s.intersections.front().position;
        const ParkingCandidate &target = m_parks[57];
        const GeoPoint destination{target.position.lon + 0.0005, target.position.lat + 0.0003};
        GuidanceWeights w;
        auto ranked = g.rank(origin, destination, candidates(0.5), w);
        QVERIFY(!ranked.empty());
        QVERIFY(ranked.size() <= w.maxResults);
        for (std::size_t i = 0; i < ranked.size(); ++i) {
            const ParkingOption &o = ranked[i];
            QVERIFY(std::isfinite(o.driveMin) && o.driveMin > 0);
            QVERIFY(o.walkM <= w.maxWalkM);
            QVERIFY(std::abs(o.walkMin - o.walkM / (ParkingGuidance::kWalkKmh / 0.06)) < 1e-9);
            const double pFull = std::clamp(1.0 - o.freeOnArrival / w.spareSpaces, 0.0, 1.0);
            QVERIFY(std::abs(o.score - (o.driveMin + w.walkWeight * o.walkMin + w.fullPenaltyMin * pFull)) < 1e-9);
            if (i > 0)
                QVERIFY(ranked[i - 1].score <= o.score);
        }
        // Plenty of space everywhere: the car park next to the destination wins (walking weighs double).
        QCOMPARE(ranked.front().id, target.id);

        // Predicted full on arrival: it drops behind, and the guidance says why.
        auto cands = candidates(0.5);
        for (ParkingCandidate &c : cands)
            if (c.id == target.id)
                c.freeForecast = {{0.0, 80.0}, {2.0, 0.0}}; // filling fast: full two minutes from now
        ranked = g.rank(origin, destination, cands, w);
        QVERIFY(ranked.front().id != target.id);
        const auto it = std::find_if(ranked.begin(), ranked.end(), [&](const ParkingOption &o) { return o.id == target.id; });
        if (it != ranked.end()) {
            QVERIFY(it->driveMin > 2.0); // arrives after it fills up
            QCOMPARE(it->freeOnArrival, 0.0);
        }
    }

    void freeSpacesOnArrivalAreInterpolated()
    {
        ParkingGuidance g(*m_scenario);
        const Scenario &s = *m_scenario;
        const GeoPoint origin = s.intersections.back().position;
        ParkingCandidate c = m_parks[3];
        c.freeForecast = freeSpaceForecast(c.capacity, c.capacity - 100, {{30.0, 1.0 - 40.0 / c.capacity}, {60.0, 1.0 - 10.0 / c.capacity}});
        QCOMPARE(c.freeForecast.size(), std::size_t(3));
        GuidanceWeights w;
        w.maxWalkM = 1e9;
        const auto ranked = g.rank(origin, c.position, {c}, w);
        QCOMPARE(ranked.size(), std::size_t(1));
        const double t = ranked.front().driveMin;
        const double expected = t <= 30 ? 100 - 60 * t / 30 : t <= 60 ? 40 - 30 * (t - 30) / 30 : 10;
        QVERIFY2(std::abs(ranked.front().freeOnArrival - expected) < 1e-6,
                 qPrintable(QString("%1 min: %2 vs %3").arg(t).arg(ranked.front().freeOnArrival).arg(expected)));
        QVERIFY(ranked.front().walkM < 1.0);
    }
};

QTEST_GUILESS_MAIN(TestParkingGuidance)
#include "tst_parkingguidance.moc"
