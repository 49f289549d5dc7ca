// SnapshotFollower: runs a model beside the engine on a thread of its own, fed with the engine's snapshots.
// Snapshots come several times a second and a model's step may take longer: post() keeps only the newest
// one and wakes the thread once for however many arrive while it is busy, so the model always works on the
// latest state and never builds a queue. Subclasses implement onSnapshot() (on the follower's thread) and
// hand their results to the GUI thread with publish().
//
// SnapshotWatch is the GUI-thread face of such a model (FloodWatch, SpeedWatch, ServiceWatch): attach() it
// to a bridge, or call applySnapshot(), and each snapshot goes to its follower.
//
// Threading: construct, post() and destroy on the GUI thread; onSnapshot() runs on the follower's thread.
// The destructor of a subclass must call stop() first (the thread must not call into a half-destroyed
// object).
#pragma once

#include "snapshotmetatype.h"

#include <QObject>
#include <QThread>

#include <functional>
#include <memory>
#include <mutex>

namespace cityops::ui {

class SnapshotFollower : public QObject {
public:
    explicit SnapshotFollower(const QString &threadName);
    ~SnapshotFollower() override;

    /// Any thread: the newest snapshot to work on.
    void post(core::SnapshotPtr snapshot);
    /// Ends the thread (waits for the step in progress). Idempotent.
    void stop();

protected:
    virtual void onSnapshot(const core::SnapshotPtr &snapshot) = 0;
    /// Runs `f` on the thread of `receiver` (the GUI thread's owner object), unless it is gone by then.
    static void publish(QObject *receiver, std::function<void()> f);

private:
    QThread m_thread;
    std::mutex m_mutex;
    core::SnapshotPtr m_pending;
};

class SnapshotWatch : public QObject {
    Q_OBJECT

public:
    /// Follows an EngineBridge's snapshots (a template so that this header does not need the bridge).
    template <class Bridge>
    void attach(const Bridge *bridge)
    {
        connect(bridge, &Bridge::snapshotChanged, this, &SnapshotWatch::applySnapshot);
    }

public Q_SLOTS:
    void applySnapshot(const std::shared_ptr<const cityops::core::CitySnapshot> &snapshot)
    {
        if (m_follower)
            m_follower->post(snapshot);
    }

protected:
    using QObject::QObject;
    /// The subclass's constructor hands over its follower; destroying the watch stops it.
    void follow(std::unique_ptr<SnapshotFollower> follower) { m_follower = std::move(follower); }

private:
    std::unique_ptr<SnapshotFollower> m_follower;
};

} // namespace cityops::ui
