#include "snapshotfollower.h"

#include <QMetaObject>

namespace cityops::ui {

SnapshotFollower::SnapshotFollower(const QString &threadName)
{
    m_thread.setObjectName(threadName);
    moveToThread(&m_thread);
    m_thread.start(QThread::LowPriority);
}

SnapshotFollower::~SnapshotFollower()
{
    stop();
}

void SnapshotFollower::stop()
{
    m_thread.quit();
    m_thread.wait();
}

void SnapshotFollower::post(core::SnapshotPtr snapshot)
{
    {
        std::lock_guard lock(m_mutex);
        const bool wake = !m_pending;
        m_pending = std::move(snapshot);
        if (!wake)
            return;
    }
    QMetaObject::invokeMethod(this, [this] {
        core::SnapshotPtr next;
        {
            std::lock_guard lock(m_mutex);
            next = std::move(m_pending);
            m_pending.reset();
        }
        if (next)
            onSnapshot(next);
    }, Qt::QueuedConnection);
}

void SnapshotFollower::publish(QObject *receiver, std::function<void()> f)
{
    QMetaObject::invokeMethod(receiver, std::move(f), Qt::QueuedConnection);
}

} // namespace cityops::ui
