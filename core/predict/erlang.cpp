#include "predict/erlang.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cityops::core {

double erlangB(int servers, double load)
{
    if (servers <= 0)
        return 1.0;
    if (load <= 0.0)
        return 0.0;
    double b = 1.0;
    for (int k = 1; k <= servers; ++k)
        b = load * b / (k + load * b);
    return b;
}

double erlangC(int servers, double load)
{
    if (servers <= 0 || load >= servers)
        return 1.0;
    if (load <= 0.0)
        return 0.0;
    const double b = erlangB(servers, load);
    const double rho = load / servers;
    return b / (1.0 - rho * (1.0 - b));
}

QueueFigures mmcQueue(int servers, double arrivalPerMin, double serviceMin)
{
    QueueFigures q;
    q.servers = servers;
    q.arrivalPerMin = arrivalPerMin;
    q.serviceMin = serviceMin;
    q.load = arrivalPerMin * serviceMin;
    if (servers <= 0) {
        q.utilisation = arrivalPerMin > 0 ? std::numeric_limits<double>::infinity() : 0.0;
        q.waitProbability = arrivalPerMin > 0 ? 1.0 : 0.0;
        q.meanWaitMin = arrivalPerMin > 0 ? std::numeric_limits<double>::infinity() : 0.0;
        q.meanQueue = q.meanWaitMin;
        return q;
    }
    q.utilisation = q.load / servers;
    q.waitProbability = erlangC(servers, q.load);
    if (q.utilisation >= 1.0) {
        q.meanWaitMin = std::numeric_limits<double>::infinity();
        q.meanQueue = q.meanWaitMin;
        return q;
    }
    const double mu = 1.0 / serviceMin;
    q.meanWaitMin = arrivalPerMin > 0 ? q.waitProbability / (servers * mu - arrivalPerMin) : 0.0;
    q.meanQueue = arrivalPerMin * q.meanWaitMin;
    return q;
}

std::optional<int> recommendServers(double arrivalPerMin, double serviceMin, double targetWaitMin, int maxServers,
                                    double maxUtilisation)
{
    if (arrivalPerMin <= 0.0)
        return 0;
    // Wq falls monotonically with c once the queue is stable, so the first c that meets the target is it.
    const int first = std::max(1, static_cast<int>(std::floor(arrivalPerMin * serviceMin)) + 1);
    for (int c = first; c <= maxServers; ++c) {
        const QueueFigures q = mmcQueue(c, arrivalPerMin, serviceMin);
        if (q.meanWaitMin <= targetWaitMin && q.utilisation <= maxUtilisation)
            return c;
    }
    return std::nullopt;
}

} // namespace cityops::core
