#include "predict/serviceload.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cityops::core {

ServiceArrivalForecaster::ServiceArrivalForecaster(int binMin, int windowMin, double priorArrivals)
    : m_bin(binMin), m_window(windowMin), m_prior(priorArrivals)
{
    if (binMin <= 0 || 1440 % binMin != 0 || windowMin <= 0 || priorArrivals < 0)
        throw std::invalid_argument("ServiceArrivalForecaster: the bin must divide a day; window and prior positive");
}

void ServiceArrivalForecaster::fit(const std::vector<std::vector<double>> &minuteArrivals)
{
    const std::size_t bins = static_cast<std::size_t>(1440 / m_bin);
    m_profile.assign(minuteArrivals.size(), std::vector<double>(bins, 0.0));
    for (std::size_t c = 0; c < minuteArrivals.size(); ++c) {
        const std::vector<double> &a = minuteArrivals[c];
        const std::size_t days = a.size() / 1440;
        if (days == 0)
            continue;
        for (std::size_t i = 0; i < days * 1440; ++i)
            m_profile[c][(i % 1440) / static_cast<std::size_t>(m_bin)] += a[i];
        for (double &v : m_profile[c])
            v /= double(days) * m_bin;
    }
}

double ServiceArrivalForecaster::profilePerMin(std::size_t c, int minuteOfDay) const
{
    const int m = ((minuteOfDay % 1440) + 1440) % 1440;
    return m_profile[c][static_cast<std::size_t>(m / m_bin)];
}

double ServiceArrivalForecaster::expectedRecent(std::size_t c, int minuteOfDay) const
{
    double sum = 0;
    for (int m = std::max(0, minuteOfDay - m_window); m < minuteOfDay; ++m)
        sum += profilePerMin(c, m);
    return sum;
}

double ServiceArrivalForecaster::level(std::size_t c, int nowMinuteOfDay, double recentArrivals) const
{
    const double expected = expectedRecent(c, nowMinuteOfDay);
    return (recentArrivals + m_prior) / (expected + m_prior);
}

double ServiceArrivalForecaster::forecastPerMin(std::size_t c, int nowMinuteOfDay, double recentArrivals, int horizonMin) const
{
    return profilePerMin(c, nowMinuteOfDay + horizonMin) * level(c, nowMinuteOfDay, recentArrivals);
}

std::optional<double> estimateServiceMinutes(const std::vector<double> &arrivals, const std::vector<double> &served,
                                             const std::vector<double> &waiting)
{
    double completions = 0, busy = 0, inService = 0, waitingBefore = 0;
    const std::size_t n = std::min({arrivals.size(), served.size(), waiting.size()});
    for (std::size_t m = 0; m < n; ++m) {
        // Completions in minute m come from those in service at its start.
        busy += inService;
        completions += served[m];
        const double started = waitingBefore + arrivals[m] - waiting[m];
        inService = std::max(0.0, inService - served[m] + started); // a gap in the data must not go negative
        waitingBefore = waiting[m];
    }
    if (completions <= 0 || busy <= 0)
        return std::nullopt;
    return busy / completions;
}

ServiceAssessment assessService(double arrivalPerMin, double serviceMin, int countersOpen, double targetWaitMin,
                                int maxCounters, double maxUtilisation)
{
    ServiceAssessment a;
    a.queue = mmcQueue(countersOpen, arrivalPerMin, serviceMin);
    a.maxCounters = maxCounters;
    a.targetWaitMin = targetWaitMin;
    a.recommendedCounters = recommendServers(arrivalPerMin, serviceMin, targetWaitMin, maxCounters, maxUtilisation);
    if (arrivalPerMin > 0 && !a.queue.stable()) {
        a.overloaded = true;
        a.reason = "unstable (rho>=1)";
    } else if (a.queue.meanWaitMin > targetWaitMin) {
        a.overloaded = true;
        a.reason = "wait above target";
    }
    return a;
}

} // namespace cityops::core
