// HistoryJob: a history query against the recording, off the GUI thread, in the manner of
// QgsMapRendererJob: start() returns at once, progress() reports entity by entity, finished() delivers the
// result on the GUI thread, and cancel() always works (the reader polls the flag between chunks). Each
// series is downsampled to at most `maxPoints` buckets (mean, min and max per bucket).
//
// Threading: create, start, cancel and destroy on the GUI thread; the query runs on its own std::thread,
// which opens its own read-only connection (RecordingReader), so it never blocks the recorder.
#pragma once

#include "feed/reading.h"
#include "store/recordingreader.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace cityops::ui {

struct HistoryRequest {
    std::uint32_t entity = 0;
    core::Measurement measurement{};
    int field = 0;
};

struct HistorySeries {
    HistoryRequest request;
    std::vector<core::HistoryPoint> points;
};

class HistoryJob : public QObject {
    Q_OBJECT

public:
    HistoryJob(QString recordingPath, std::vector<HistoryRequest> requests, std::int64_t t0Ns, std::int64_t t1Ns,
               std::size_t maxPoints, QObject *parent = nullptr);
    ~HistoryJob() override; ///< cancels and joins

    void start();
    void cancel();
    bool isRunning() const { return m_thread.joinable() && !m_done; }
    bool wasCancelled() const { return m_cancel; }

    const std::vector<HistorySeries> &result() const { return m_result; }
    QString errorString() const { return m_error; }
    std::int64_t t0Ns() const { return m_t0; }
    std::int64_t t1Ns() const { return m_t1; }
    double elapsedMs() const { return m_elapsedMs; }

Q_SIGNALS:
    void progress(int done, int total);
    /// Always sent once, also after cancel() or an error (then errorString() says why).
    void finished();

private:
    void run();

    QString m_path;
    std::vector<HistoryRequest> m_requests;
    std::int64_t m_t0, m_t1;
    std::size_t m_maxPoints;
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_done{false};
    std::thread m_thread;
    std::vector<HistorySeries> m_result; // written by the worker, read after finished()
    QString m_error;
    double m_elapsedMs = 0;
};

} // namespace cityops::ui
