// Parking and service-centre simulators: bounded occupancy and queues, daily profiles, determinism.
#include "model/syntheticcity.h"
#include "sim/parkingsim.h"
#include "sim/servicesim.h"

#include <QtTest>

using namespace cityops::core;

class TestParkingService : public QObject {
    Q_OBJECT

private slots:
    void parkingFollowsTheDay()
    {
        auto city = makeSyntheticCity({0, 0, 120, 0, 0, 0});
        ParkingSim sim(*city, 5);
        std::vector<double> occupancyByHour(24, 0.0);
        for (int minute = 0; minute < 24 * 60 * 2; ++minute) { // two days; the second is measured
            const double hour = (minute % 1440) / 60.0;
            sim.advanceMinute(hour);
            for (std::size_t f = 0; f < sim.size(); ++f) {
                QVERIFY(sim.occupied(f) >= 0 && sim.occupied(f) <= sim.capacity(f));
                QVERIFY(sim.queue(f) >= 0 && sim.queue(f) <= ParkingSim::kMaxQueue);
            }
            if (minute >= 1440 && minute % 60 == 30) {
                double occ = 0, cap = 0;
                for (std::size_t f = 0; f < sim.size(); ++f)
                    if (sim.landUse(f) == LandUse::Office) {
                        occ += double(sim.occupied(f));
                        cap += double(sim.capacity(f));
                    }
                occupancyByHour[minute % 1440 / 60] = occ / cap;
            }
        }
        // Offices: full at 11:00, nearly empty at 03:00, and the simulated level follows the profile.
        QVERIFY2(occupancyByHour[11] > 0.7, qPrintable(QString::number(occupancyByHour[11])));
        QVERIFY2(occupancyByHour[3] < 0.2, qPrintable(QString::number(occupancyByHour[3])));
        QVERIFY(std::abs(occupancyByHour[11] - parkingProfile(LandUse::Office, 11.5)) < 0.12);
    }

    void fullCarParksQueueAndTurnAway()
    {
        auto city = makeSyntheticCity({0, 0, 3, 0, 0, 0});
        ParkingSim sim(*city, 9);
        for (std::size_t f = 0; f < sim.size(); ++f)
            sim.setDemandFactor(f, 6.0); // a concert next door
        std::int64_t turnedAway = 0;
        for (int minute = 0; minute < 600; ++minute)
            sim.advanceMinute(8.0 + minute / 60.0);
        for (std::size_t f = 0; f < sim.size(); ++f) {
            turnedAway += sim.turnedAway(f);
            QCOMPARE(sim.occupied(f) <= sim.capacity(f), true);
        }
        QVERIFY(turnedAway > 0);
    }

    void serviceQueues()
    {
        auto city = makeSyntheticCity({0, 0, 0, 0, 0, 40});
        ServiceSim sim(*city, 3);
        std::int64_t arrivals = 0, served = 0;
        std::vector<Reading> out;
        double expected = 0;
        for (int minute = 0; minute < 1440; ++minute) {
            const double hour = minute / 60.0;
            sim.advanceMinute(hour);
            out.clear();
            sim.emitReadings(minute, out);
            QCOMPARE(out.size(), sim.size());
            for (std::size_t c = 0; c < sim.size(); ++c) {
                arrivals += std::int64_t(out[c].values[1]);
                served += std::int64_t(out[c].values[2]);
                expected += sim.arrivalRate(c, hour) / 60.0;
                QVERIFY(out[c].values[0] >= 0);
                QCOMPARE(out[c].values[3], double(sim.countersOpen(c)));
            }
        }
        // Poisson arrivals add up to their expected count, and the staffing plan serves nearly everyone.
        QVERIFY2(std::abs(arrivals - expected) < 4 * std::sqrt(expected), qPrintable(QString("%1 vs %2").arg(arrivals).arg(expected)));
        QVERIFY2(served > 0.9 * arrivals, qPrintable(QString("%1 of %2").arg(served).arg(arrivals)));
        // Halls are closed at night.
        sim.advanceMinute(3.0);
        for (std::size_t c = 0; c < sim.size(); ++c)
            if (sim.kind(c) == ServiceKind::AdminHall)
                QCOMPARE(sim.countersOpen(c), 0);
    }

    void deterministic()
    {
        auto city = makeSyntheticCity({0, 0, 30, 0, 0, 10});
        auto run = [&](std::uint64_t seed) {
            ParkingSim p(*city, seed);
            ServiceSim s(*city, seed);
            std::vector<Reading> out;
            for (int minute = 0; minute < 600; ++minute) {
                p.advanceMinute(7 + minute / 60.0);
                s.advanceMinute(7 + minute / 60.0);
                p.emitReadings(minute, out);
                s.emitReadings(minute, out);
            }
            return out;
        };
        QVERIFY(run(1) == run(1));
        QVERIFY(run(1) != run(2));
    }
};

QTEST_GUILESS_MAIN(TestParkingService)
#include "tst_parkingservice.moc"
