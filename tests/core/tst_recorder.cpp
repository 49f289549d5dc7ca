// The recorder and the recording reader on real SQLite files: round trip, history downsampling,
// events, and clear errors for files that are not (or no longer) good recordings.
#include "feed/syntheticload.h"
#include "model/syntheticcity.h"
#include "store/recorder.h"
#include "store/recordingreader.h"
#include "store/schema.h"

#include <QtTest>

#include <QTemporaryDir>

#include <sqlite3.h>

#include <algorithm>
#include <fstream>

using namespace cityops::core;

namespace {
constexpr std::int64_t kT0 = 1'700'000'000'000'000'000LL;
constexpr std::int64_t kMinute = 60'000'000'000LL;

bool byEntityThenTime(const Reading &a, const Reading &b)
{
    if (a.entity != b.entity) return a.entity < b.entity;
    if (a.measurement != b.measurement) return a.measurement < b.measurement;
    return a.timeNs < b.timeNs;
}
} // namespace

class TestRecorder : public QObject {
    Q_OBJECT

private slots:
    void init() { QVERIFY(m_dir.isValid()); }
    void roundTripExact();
    void historyDownsamples();
    void events();
    void badFiles();
    void newerSchemaIsRefused();

private:
    std::string path(const char *name) const { return m_dir.filePath(name).toStdString(); }
    QTemporaryDir m_dir;
};

void TestRecorder::roundTripExact()
{
    auto model = makeSyntheticCity({200, 20, 10, 5, 5, 5});
    std::string error;
    auto load = makeSyntheticLoad(*model, 50'000, kT0, kMinute, 11);
    {
        RecorderOptions options;
        options.commitInterval = std::chrono::milliseconds(50);
        auto recorder = Recorder::create(path("rt.cityops"), *model, options, error);
        QVERIFY2(recorder, error.c_str());
        // Hand over in uneven slices, as listeners do.
        for (std::size_t k = 0; k < load.size(); k += 777)
            QCOMPARE(recorder->append(std::span(load).subspan(k, std::min<std::size_t>(777, load.size() - k))), 0u);
        recorder->flush();
        const auto stats = recorder->stats();
        QCOMPARE(stats.committed, load.size());
        QCOMPARE(stats.dropped, 0u);
        QVERIFY(stats.commits >= 1);
    }
    auto reader = RecordingReader::open(path("rt.cityops"), error);
    QVERIFY2(reader, error.c_str());
    QCOMPARE(reader->readingCount(), load.size());
    std::vector<Reading> back;
    QVERIFY2(reader->allReadings(back, error), error.c_str());
    std::stable_sort(load.begin(), load.end(), byEntityThenTime);
    std::stable_sort(back.begin(), back.end(), byEntityThenTime);
    QCOMPARE(back.size(), load.size());
    QVERIFY(back == load); // every value bit for bit
    const auto entities = reader->entities();
    QCOMPARE(entities.size(), model->size());
    QCOMPARE(entities[7].id, model->entity(7).id);
}

void TestRecorder::historyDownsamples()
{
    auto model = makeSyntheticCity({3, 0, 0, 0, 0, 0});
    std::string error;
    std::vector<Reading> readings;
    for (int k = 0; k < 1440; ++k) { // one day, one reading a minute, speed = minute of day % 100
        Reading r;
        r.entity = 1;
        r.timeNs = kT0 + k * kMinute;
        r.values[0] = k % 100;
        r.fieldMask = 1;
        readings.push_back(r);
    }
    {
        auto recorder = Recorder::create(path("h.cityops"), *model, {}, error);
        QVERIFY2(recorder, error.c_str());
        // Two commits, the second with the first half of the day: chunks overlap and arrive out of order.
        recorder->append(std::span(readings).subspan(720));
        recorder->flush();
        recorder->append(std::span(readings).subspan(0, 720));
    }
    auto reader = RecordingReader::open(path("h.cityops"), error);
    QVERIFY2(reader, error.c_str());
    std::vector<HistoryPoint> points;
    QVERIFY2(reader->history(1, Measurement::Traffic, 0, kT0, kT0 + 1440 * kMinute - 1, 24, points, error), error.c_str());
    QCOMPARE(points.size(), 24u);
    for (int h = 0; h < 24; ++h) {
        double sum = 0, lo = 1e9, hi = -1e9;
        for (int m = 0; m < 60; ++m) {
            const double v = (h * 60 + m) % 100;
            sum += v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        QCOMPARE(points[h].count, 60u);
        QCOMPARE(points[h].mean, sum / 60);
        QCOMPARE(points[h].min, lo);
        QCOMPARE(points[h].max, hi);
        QCOMPARE(points[h].timeNs, kT0 + h * 60 * kMinute);
    }
    // A sub-range returns only readings inside it, in time order.
    std::vector<Reading> raw;
    QVERIFY(reader->readings(1, Measurement::Traffic, kT0 + 700 * kMinute, kT0 + 740 * kMinute, raw, error));
    QCOMPARE(raw.size(), 41u);
    QVERIFY(std::is_sorted(raw.begin(), raw.end(), [](auto &a, auto &b) { return a.timeNs < b.timeNs; }));
    QVERIFY(reader->history(2, Measurement::Traffic, 0, kT0, kT0 + kMinute, 10, points, error));
    QVERIFY(points.empty());
}

void TestRecorder::events()
{
    auto model = makeSyntheticCity({3, 0, 0, 0, 0, 0});
    std::string error;
    {
        auto recorder = Recorder::create(path("e.cityops"), *model, {}, error);
        QVERIFY2(recorder, error.c_str());
        recorder->appendEvent({kT0 + 5, "alarm.acknowledged", 2, 3, "operator li", R"({"alarm":7})"});
        recorder->appendEvent({kT0 + 1, "alarm.raised", -1, 2, "engine", "{}"});
        recorder->flush();
        QCOMPARE(recorder->stats().eventsCommitted, 2u);
    }
    auto reader = RecordingReader::open(path("e.cityops"), error);
    const auto events = reader->events(kT0, kT0 + 10);
    QCOMPARE(events.size(), 2u);
    QCOMPARE(events[0].kind, std::string("alarm.raised"));
    QCOMPARE(events[0].entity, -1);
    QCOMPARE(events[1].actor, std::string("operator li"));
    QCOMPARE(events[1].entity, 2);
}

void TestRecorder::badFiles()
{
    std::string error;
    QVERIFY(!RecordingReader::open(path("missing.cityops"), error));
    QVERIFY2(error.find("does not exist") != std::string::npos, error.c_str());

    { std::ofstream(path("garbage.cityops")) << std::string(5000, 'x'); }
    error.clear();
    QVERIFY(!RecordingReader::open(path("garbage.cityops"), error));
    QVERIFY2(error.find("not a CityOps recording") != std::string::npos, error.c_str());

    { std::ofstream(path("empty.cityops")); }
    error.clear();
    QVERIFY(!RecordingReader::open(path("empty.cityops"), error));
    QVERIFY2(!error.empty(), "an empty file opened as a recording");

    // Another application's SQLite file.
    sqlite3 *db = nullptr;
    sqlite3_open(path("foreign.sqlite").c_str(), &db);
    sqlite3_exec(db, "CREATE TABLE t(x)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    error.clear();
    QVERIFY(!RecordingReader::open(path("foreign.sqlite"), error));
    QVERIFY2(error.find("not a CityOps recording") != std::string::npos, error.c_str());
    // ... and the recorder refuses to write into it.
    auto model = makeSyntheticCity({3, 0, 0, 0, 0, 0});
    error.clear();
    QVERIFY(!Recorder::create(path("foreign.sqlite"), *model, {}, error));

    // A truncated recording: opening or reading fails with a message, never a crash.
    {
        auto recorder = Recorder::create(path("full.cityops"), *makeSyntheticCity({300, 0, 0, 0, 0, 0}), {}, error);
        QVERIFY(recorder);
        recorder->append(makeSyntheticLoad(*makeSyntheticCity({300, 0, 0, 0, 0, 0}), 100'000, kT0, kMinute, 5));
    }
    sqlite3_open(path("full.cityops").c_str(), &db); // fold the WAL into the main file
    sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    QFile::copy(m_dir.filePath("full.cityops"), m_dir.filePath("cut.cityops"));
    QFile cut(m_dir.filePath("cut.cityops"));
    QVERIFY(cut.resize(cut.size() / 2));
    error.clear();
    auto reader = RecordingReader::open(path("cut.cityops"), error);
    if (reader) {
        std::vector<Reading> all;
        QVERIFY2(!reader->allReadings(all, error), "a truncated recording read back as complete");
        QVERIFY(!error.empty());
    } else {
        QVERIFY(!error.empty());
    }
    // Corrupt bytes in the middle of the file.
    QFile::copy(m_dir.filePath("full.cityops"), m_dir.filePath("corrupt.cityops"));
    {
        QFile f(m_dir.filePath("corrupt.cityops"));
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(f.size() / 3);
        f.write(QByteArray(64 * 1024, '\xA5'));
    }
    error.clear();
    reader = RecordingReader::open(path("corrupt.cityops"), error);
    if (reader) {
        std::vector<Reading> all;
        QVERIFY2(!reader->allReadings(all, error), "a corrupt recording read back as complete");
        QVERIFY(!error.empty());
    }
}

void TestRecorder::newerSchemaIsRefused()
{
    auto model = makeSyntheticCity({3, 0, 0, 0, 0, 0});
    std::string error;
    { auto recorder = Recorder::create(path("new.cityops"), *model, {}, error); QVERIFY(recorder); }
    sqlite3 *db = nullptr;
    sqlite3_open(path("new.cityops").c_str(), &db);
    sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
    sqlite3_close(db);
    QVERIFY(!RecordingReader::open(path("new.cityops"), error));
    QVERIFY2(error.find("newer CityOps") != std::string::npos, error.c_str());
    error.clear();
    QVERIFY(!Recorder::create(path("new.cityops"), *model, {}, error));
    QVERIFY2(error.find("schema 99") != std::string::npos, error.c_str());
}

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
