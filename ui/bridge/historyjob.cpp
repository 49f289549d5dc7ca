#include "historyjob.h"

#include <QMetaObject>
#include <QPointer>

#include <chrono>

namespace cityops::ui {

HistoryJob::HistoryJob(QString recordingPath, std::vector<HistoryRequest> requests, std::int64_t t0Ns,
                       std::int64_t t1Ns, std::size_t maxPoints, QObject *parent)
    : QObject(parent)
    , m_path(std::move(recordingPath))
    , m_requests(std::move(requests))
    , m_t0(t0Ns)
    , m_t1(t1Ns)
    , m_maxPoints(maxPoints)
{
}

HistoryJob::~HistoryJob()
{
    m_cancel = true;
    if (m_thread.joinable())
        m_thread.join();
}

void HistoryJob::start()
{
    if (m_thread.joinable())
        return;
    m_thread = std::thread([this] { run(); });
}

void HistoryJob::cancel()
{
    m_cancel = true;
}

void HistoryJob::run()
{
    const auto started = std::chrono::steady_clock::now();
    std::string error;
    std::vector<HistorySeries> result;
    int done = 0;
    const int total = static_cast<int>(m_requests.size());
    if (auto reader = core::RecordingReader::open(m_path.toStdString(), error)) {
        for (const HistoryRequest &r : m_requests) {
            if (m_cancel)
                break;
            HistorySeries series{r, {}};
            if (!reader->history(r.entity, r.measurement, r.field, m_t0, m_t1, m_maxPoints, series.points, error, &m_cancel))
                break;
            result.push_back(std::move(series));
            ++done;
            QMetaObject::invokeMethod(this, [this, done, total] { Q_EMIT progress(done, total); }, Qt::QueuedConnection);
        }
    }
    m_elapsedMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    m_result = std::move(result);
    m_error = m_cancel ? tr("Cancelled.") : QString::fromStdString(error);
    m_done = true;
    // Delivered on the GUI thread; the job lives there and outlives this call (the destructor joins).
    QMetaObject::invokeMethod(this, [this] { Q_EMIT finished(); }, Qt::QueuedConnection);
}

} // namespace cityops::ui
