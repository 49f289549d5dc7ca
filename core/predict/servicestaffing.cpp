#include "predict/servicestaffing.h"

#include "predict/erlang.h"
#include "sim/servicesim.h"

#include <array>

namespace cityops::core {

SimulatedQueue simulateCentre(const Entity &centre, int counters, double hour, std::uint64_t seed, int warmupMin,
                              int minutes)
{
    CityModel city;
    Entity e = centre;
    e.kind = EntityKind::ServiceCenter;
    city.add(e);
    ServiceSim sim(city, seed);
    std::array<int, 24> plan{};
    plan.fill(counters);
    sim.setStaffing(0, plan);
    std::vector<Reading> readings;
    SimulatedQueue q;
    double waitingSum = 0;
    for (int m = 0; m < warmupMin + minutes; ++m) {
        sim.advanceMinute(hour);
        if (m < warmupMin)
            continue;
        readings.clear();
        sim.emitReadings(0, readings);
        waitingSum += readings.front().values[0];
        q.arrivals += readings.front().values[1];
    }
    q.meanWaiting = minutes > 0 ? waitingSum / minutes : 0.0;
    q.meanWaitMin = q.arrivals > 0 ? waitingSum / q.arrivals : 0.0;
    return q;
}

StaffingCheck checkStaffing(const Entity &centre, double hour, double arrivalPerMin, double serviceMin,
                            double targetWaitMin, int maxCounters, double maxUtilisation, std::uint64_t seed,
                            int minutes)
{
    StaffingCheck c;
    c.centre = centre.id;
    c.hour = hour;
    c.arrivalPerMin = arrivalPerMin;
    c.serviceMin = serviceMin;
    c.targetWaitMin = targetWaitMin;
    c.maxUtilisation = maxUtilisation;
    c.recommended = recommendServers(arrivalPerMin, serviceMin, targetWaitMin, maxCounters, maxUtilisation);
    if (!c.recommended || *c.recommended <= 0)
        return c;
    const int n = *c.recommended;
    constexpr int kWarmup = 600;
    c.erlangWaitMin = mmcQueue(n, arrivalPerMin, serviceMin).meanWaitMin;
    c.simWaitMin = simulateCentre(centre, n, hour, seed, kWarmup, minutes).meanWaitMin;
    c.meets = c.simWaitMin <= targetWaitMin;
    // One fewer counter only says something about Erlang C when the wait target (not the ceiling) set n.
    c.waitBinds = recommendServers(arrivalPerMin, serviceMin, targetWaitMin, maxCounters, 1.0) == n;
    c.fewerApplicable = n - 1 >= 1 && c.waitBinds;
    if (c.fewerApplicable) {
        c.erlangWaitFewerMin = mmcQueue(n - 1, arrivalPerMin, serviceMin).meanWaitMin;
        c.simWaitFewerMin = simulateCentre(centre, n - 1, hour, seed, kWarmup, minutes).meanWaitMin;
        c.fewerMisses = c.simWaitFewerMin > targetWaitMin;
    }
    return c;
}

} // namespace cityops::core
