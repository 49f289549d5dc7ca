#include "store/recorder.h"

#include "model/citymodel.h"
#include "store/chunkcodec.h"
#include "store/schema.h"
#include "store/sqlite.h"

#include <algorithm>

namespace cityops::core {

struct Recorder::Impl {
    RecorderOptions options;
    std::string path;
    std::size_t bucketCount = 0; // entities x measurements

    sql::Database db;
    sql::Statement insertChunk, insertEvent, insertState, insertMeta, begin, commit;

    mutable std::mutex mutex;
    std::condition_variable wake;       // recorder thread: work, flush or stop
    std::condition_variable room;       // appenders: pending shrank
    std::condition_variable committedCv;
    std::vector<Reading> pending;
    std::vector<Event> pendingEvents;
    std::vector<StateRecord> pendingStates;
    std::vector<std::pair<std::string, std::string>> pendingMeta;
    std::uint64_t extrasAppended = 0, extrasCommitted = 0; // states and meta
    std::int64_t maxChunkSpanNs = -1;                       // written to meta when it grows
    std::uint64_t appended = 0;
    std::uint64_t committed = 0;
    bool flushRequested = false;
    std::uint64_t eventsAppended = 0, eventsCommitted = 0;
    std::atomic<std::uint64_t> dropped{0};
    std::uint64_t lostOnWrite = 0; // part of `dropped`: appended, but the write failed
    std::uint64_t commits = 0;
    std::string error;
    bool stopping = false;
    std::function<void(std::uint64_t)> onCommit;

    // Writer-thread scratch, reused between commits.
    std::vector<Reading> work;
    std::vector<Event> workEvents;
    std::vector<StateRecord> workStates;
    std::vector<std::pair<std::string, std::string>> workMeta;
    std::vector<std::uint32_t> bucketStart;
    std::vector<Reading> sorted;
    std::string blob;

    std::thread thread;

    void run();
    bool write();
};

Recorder::Recorder(std::unique_ptr<Impl> impl) : m_impl(std::move(impl))
{
    m_impl->thread = std::thread([this] { m_impl->run(); });
}

std::unique_ptr<Recorder> Recorder::create(const std::string &path, const CityModel &model,
                                           RecorderOptions options, std::string &error)
{
    auto impl = std::make_unique<Impl>();
    impl->options = options;
    impl->path = path;
    impl->bucketCount = model.size() * kMeasurementCount;
    if (!openRecording(impl->db, path, OpenMode::Create, error))
        return nullptr;
    if (!writeEntities(impl->db, model, error))
        return nullptr;
    if (!impl->insertChunk.prepare(impl->db, "INSERT INTO chunks(entity, measurement, t0, t1, n, data) VALUES(?,?,?,?,?,?)") ||
        !impl->insertEvent.prepare(impl->db, "INSERT INTO events(t, kind, entity, severity, actor, payload) VALUES(?,?,?,?,?,?)") ||
        !impl->insertState.prepare(impl->db, "INSERT OR REPLACE INTO snapshots(t, hash, readings, stale, state) VALUES(?,?,?,?,?)") ||
        !impl->insertMeta.prepare(impl->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?,?)") ||
        !impl->begin.prepare(impl->db, "BEGIN") || !impl->commit.prepare(impl->db, "COMMIT")) {
        error = "cannot prepare the recorder's statements: " + impl->db.errorMessage();
        return nullptr;
    }
    // Appending to an existing file: readers bound their chunk lookups by the longest chunk so far.
    {
        sql::Statement span;
        if (span.prepare(impl->db, "SELECT value FROM meta WHERE key='max_chunk_span_ns'") && span.step() == SQLITE_ROW)
            impl->maxChunkSpanNs = std::stoll("0" + span.text(0));
    }
    return std::unique_ptr<Recorder>(new Recorder(std::move(impl)));
}

Recorder::~Recorder()
{
    {
        std::lock_guard lock(m_impl->mutex);
        m_impl->stopping = true;
    }
    m_impl->wake.notify_all();
    m_impl->thread.join();
}

std::size_t Recorder::append(std::span<const Reading> readings)
{
    if (readings.empty())
        return 0;
    Impl &d = *m_impl;
    std::unique_lock lock(d.mutex);
    if (d.pending.size() + readings.size() > d.options.maxPendingReadings) {
        d.wake.notify_one();
        const bool roomMade = d.room.wait_for(lock, d.options.maxAppendWait, [&] {
            return d.stopping || d.pending.size() + readings.size() <= d.options.maxPendingReadings;
        });
        if (!roomMade || d.stopping) {
            d.dropped += readings.size();
            return readings.size();
        }
    }
    d.pending.insert(d.pending.end(), readings.begin(), readings.end());
    d.appended += readings.size();
    return 0;
}

void Recorder::appendEvent(Event event)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->pendingEvents.push_back(std::move(event));
    ++m_impl->eventsAppended;
}

void Recorder::appendState(StateRecord record)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->pendingStates.push_back(std::move(record));
    ++m_impl->extrasAppended;
}

void Recorder::setMeta(std::string key, std::string value)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->pendingMeta.emplace_back(std::move(key), std::move(value));
    ++m_impl->extrasAppended;
}

void Recorder::flush()
{
    Impl &d = *m_impl;
    std::unique_lock lock(d.mutex);
    const std::uint64_t target = d.appended;
    const std::uint64_t eventTarget = d.eventsAppended;
    const std::uint64_t extrasTarget = d.extrasAppended;
    d.flushRequested = true;
    d.wake.notify_one();
    d.committedCv.wait(lock, [&] {
        // A failed write counts its readings as dropped, so committed + dropped always reaches target.
        return d.committed + d.lostOnWrite >= target && d.eventsCommitted >= eventTarget &&
               d.extrasCommitted >= extrasTarget;
    });
}

RecorderStats Recorder::stats() const
{
    const Impl &d = *m_impl;
    std::lock_guard lock(d.mutex);
    RecorderStats s;
    s.appended = d.appended;
    s.committed = d.committed;
    s.dropped = d.dropped.load();
    s.commits = d.commits;
    s.eventsCommitted = d.eventsCommitted;
    s.path = d.path;
    s.error = d.error;
    return s;
}

void Recorder::setCommitCallback(std::function<void(std::uint64_t)> callback)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->onCommit = std::move(callback);
}

void Recorder::Impl::run()
{
    std::unique_lock lock(mutex);
    auto deadline = std::chrono::steady_clock::now() + options.commitInterval;
    for (;;) {
        wake.wait_until(lock, deadline, [&] {
            return stopping || flushRequested || pending.size() >= options.maxPendingReadings / 2;
        });
        const bool due = std::chrono::steady_clock::now() >= deadline || stopping || flushRequested ||
                         pending.size() >= options.maxPendingReadings / 2;
        flushRequested = false;
        const bool anything = !pending.empty() || !pendingEvents.empty() || !pendingStates.empty() || !pendingMeta.empty();
        if (due && anything) {
            work.swap(pending);
            workEvents.swap(pendingEvents);
            workStates.swap(pendingStates);
            workMeta.swap(pendingMeta);
            const std::uint64_t extras = workStates.size() + workMeta.size(); // write() may add its own meta
            room.notify_all();
            lock.unlock();
            const bool ok = write();
            auto callback = onCommit;
            lock.lock();
            if (ok) {
                committed += work.size();
                eventsCommitted += workEvents.size();
                extrasCommitted += extras;
                ++commits;
                if (callback) {
                    const std::uint64_t total = committed;
                    lock.unlock();
                    callback(total);
                    lock.lock();
                }
            } else {
                // The readings are lost to the file; count them so that nobody takes silence for success.
                dropped += work.size();
                lostOnWrite += work.size();
                eventsCommitted += workEvents.size();
                extrasCommitted += extras;
            }
            work.clear();
            workEvents.clear();
            workStates.clear();
            workMeta.clear();
            committedCv.notify_all();
        }
        if (due)
            deadline = std::chrono::steady_clock::now() + options.commitInterval;
        if (stopping && pending.empty() && pendingEvents.empty() && pendingStates.empty() && pendingMeta.empty())
            break;
    }
    committedCv.notify_all();
}

bool Recorder::Impl::write()
{
    // Group by (entity, measurement) with a counting sort: linear, and readings of one sensor keep
    // their arrival order, which is nearly always time order.
    bucketStart.assign(bucketCount + 1, 0);
    for (const Reading &r : work)
        ++bucketStart[r.entity * kMeasurementCount + static_cast<std::size_t>(r.measurement) + 1];
    for (std::size_t b = 1; b <= bucketCount; ++b)
        bucketStart[b] += bucketStart[b - 1];
    sorted.resize(work.size());
    {
        std::vector<std::uint32_t> next(bucketStart.begin(), bucketStart.end() - 1);
        for (const Reading &r : work)
            sorted[next[r.entity * kMeasurementCount + static_cast<std::size_t>(r.measurement)]++] = r;
    }

    auto fail = [&](const char *what) {
        std::string message = std::string(what) + ": " + db.errorMessage();
        std::string ignored;
        db.exec("ROLLBACK", ignored);
        std::lock_guard lock(mutex);
        error = message;
        return false;
    };

    begin.reset();
    if (begin.step() != SQLITE_DONE)
        return fail("cannot begin a transaction");
    for (std::size_t b = 0; b < bucketCount; ++b) {
        const std::uint32_t from = bucketStart[b], to = bucketStart[b + 1];
        if (from == to)
            continue;
        auto first = sorted.begin() + from, last = sorted.begin() + to;
        if (!std::is_sorted(first, last, [](const Reading &a, const Reading &c) { return a.timeNs < c.timeNs; }))
            std::stable_sort(first, last, [](const Reading &a, const Reading &c) { return a.timeNs < c.timeNs; });
        const std::int64_t t0 = first->timeNs, t1 = (last - 1)->timeNs;
        if (t1 - t0 > maxChunkSpanNs) {
            maxChunkSpanNs = t1 - t0;
            workMeta.emplace_back("max_chunk_span_ns", std::to_string(maxChunkSpanNs));
        }
        blob.clear();
        encodeChunk(std::span<const Reading>(&*first, to - from), t0, blob);
        insertChunk.reset();
        insertChunk.bind(1, static_cast<std::int64_t>(first->entity));
        insertChunk.bind(2, static_cast<std::int64_t>(first->measurement));
        insertChunk.bind(3, t0);
        insertChunk.bind(4, t1);
        insertChunk.bind(5, static_cast<std::int64_t>(to - from));
        insertChunk.bindBlob(6, blob.data(), blob.size());
        if (insertChunk.step() != SQLITE_DONE)
            return fail("cannot write readings");
    }
    for (const Event &e : workEvents) {
        insertEvent.reset();
        insertEvent.bind(1, e.timeNs);
        insertEvent.bind(2, std::string_view(e.kind));
        if (e.entity >= 0) insertEvent.bind(3, e.entity); else insertEvent.bindNull(3);
        insertEvent.bind(4, static_cast<std::int64_t>(e.severity));
        insertEvent.bind(5, std::string_view(e.actor));
        insertEvent.bind(6, std::string_view(e.payload));
        if (insertEvent.step() != SQLITE_DONE)
            return fail("cannot write events");
    }
    for (const StateRecord &s : workStates) {
        insertState.reset();
        insertState.bind(1, s.timeNs);
        insertState.bind(2, static_cast<std::int64_t>(s.hash));
        insertState.bind(3, static_cast<std::int64_t>(s.readings));
        insertState.bind(4, static_cast<std::int64_t>(s.stale));
        if (s.state.empty()) insertState.bindNull(5); else insertState.bindBlob(5, s.state.data(), s.state.size());
        if (insertState.step() != SQLITE_DONE)
            return fail("cannot write state snapshots");
    }
    for (const auto &[key, value] : workMeta) {
        insertMeta.reset();
        insertMeta.bind(1, std::string_view(key));
        insertMeta.bind(2, std::string_view(value));
        if (insertMeta.step() != SQLITE_DONE)
            return fail("cannot write meta");
    }
    commit.reset();
    if (commit.step() != SQLITE_DONE)
        return fail("cannot commit");
    {
        std::lock_guard lock(mutex);
        error.clear();
    }
    return true;
}

} // namespace cityops::core
