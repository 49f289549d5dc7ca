// WhatIfJob: the digital twin's what-if, off the GUI thread. It asks the simulator for a copy of the live
// traffic (taken on the simulator's own thread at its next turn), then runs it forward twice on a thread
// of its own, under the fixed-time plans and under adaptive control (core::runWhatIf). If a flood
// prediction is given, the roads it expects to become impassable lose their capacity at the predicted time
// in both runs. Like HistoryJob: start() returns at once, progress() reports, finished() always comes once
// on the GUI thread, and cancel() always works.
//
// Threading: create, start, cancel and destroy on the GUI thread (the destructor cancels and joins).
#pragma once

#include "floodwatch.h"
#include "optimize/whatif.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

namespace cityops::ui {

class SimulationController;

class WhatIfJob : public QObject {
    Q_OBJECT

public:
    explicit WhatIfJob(SimulationController *simulation, QObject *parent = nullptr);
    ~WhatIfJob() override;

    /// Starts a run `minutes` ahead from the live state; `flood` may be null. False if one is running.
    bool start(int minutes, FloodOutlookPtr flood = {});
    void cancel();
    bool isRunning() const { return m_thread.joinable() && !m_done; }

    /// The last finished run (null if none, or if the last was cancelled or failed).
    std::shared_ptr<const core::WhatIfResult> result() const { return m_result; }
    QString errorString() const { return m_error; }

Q_SIGNALS:
    void progress(double fraction);
    /// Always sent once per start(), also after cancel() or an error (then errorString() says why).
    void finished();

private:
    void join();

    QPointer<SimulationController> m_simulation;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_done{false};
    std::thread m_thread;
    std::shared_ptr<const core::WhatIfResult> m_result;
    QString m_error;
};

} // namespace cityops::ui
