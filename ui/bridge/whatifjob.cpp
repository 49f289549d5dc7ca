#include "whatifjob.h"

#include "simulationcontroller.h"

#include <chrono>

namespace cityops::ui {

WhatIfJob::WhatIfJob(SimulationController *simulation, QObject *parent) : QObject(parent), m_simulation(simulation) {}

WhatIfJob::~WhatIfJob()
{
    cancel();
    join();
}

void WhatIfJob::join()
{
    if (m_thread.joinable())
        m_thread.join();
}

void WhatIfJob::cancel()
{
    m_cancel = true;
}

bool WhatIfJob::start(int minutes, FloodOutlookPtr flood)
{
    if (isRunning())
        return false;
    join();
    m_cancel = false;
    m_done = false;
    m_error.clear();
    if (!m_simulation || !m_simulation->started() || minutes < 1) {
        m_result.reset();
        m_error = tr("The simulation is not running.");
        m_done = true;
        QMetaObject::invokeMethod(this, &WhatIfJob::finished, Qt::QueuedConnection);
        return true;
    }
    auto future = m_simulation->forkTraffic();
    m_thread = std::thread([this, minutes, flood = std::move(flood), future = std::move(future)]() mutable {
        std::shared_ptr<const core::TrafficFork> fork;
        QString error;
        try {
            // The copy comes at the simulator's next turn (50 ms); poll so that cancel() is prompt.
            while (future.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready)
                if (m_cancel)
                    break;
            if (!m_cancel)
                fork = future.get();
        } catch (const std::future_error &) {
            // The engine stopped before it took the copy.
        }
        std::shared_ptr<const core::WhatIfResult> result;
        if (!m_cancel && !fork) {
            error = tr("The simulation is not running.");
        } else if (fork) {
            core::WhatIfOptions options;
            options.minutes = minutes;
            if (flood && !flood->forecast.roads.empty()) {
                // The prediction's times count from its own start; the fork is later by this much.
                const double sinceS = static_cast<double>(fork->state.timeNs - flood->timeNs) / 1e9;
                const auto &roads = flood->forecast.roads;
                options.impassableAtS.resize(roads.size());
                options.dangerousAtS.resize(roads.size());
                for (std::size_t l = 0; l < roads.size(); ++l) {
                    options.impassableAtS[l] = roads[l].impassableInS < 0 ? -1.0 : std::max(0.0, roads[l].impassableInS - sinceS);
                    options.dangerousAtS[l] = roads[l].dangerousInS < 0 ? -1.0 : std::max(0.0, roads[l].dangerousInS - sinceS);
                }
            }
            int lastPercent = -1;
            auto r = core::runWhatIf(*fork, options, [this, &lastPercent](double p) {
                const int percent = static_cast<int>(p * 100);
                if (percent != lastPercent) {
                    lastPercent = percent;
                    QMetaObject::invokeMethod(this, [this, p] { Q_EMIT progress(p); }, Qt::QueuedConnection);
                }
                return !m_cancel.load();
            });
            if (r.minutes > 0)
                result = std::make_shared<const core::WhatIfResult>(std::move(r));
        }
        // Delivered on the GUI thread; the job outlives this call (its destructor joins).
        QMetaObject::invokeMethod(this, [this, result, error] {
            m_result = result;
            m_error = error;
            m_done = true;
            Q_EMIT finished();
        }, Qt::QueuedConnection);
    });
    return true;
}

} // namespace cityops::ui
