// Record and replay on the demo city: a recorded run (extreme rain, a staged incident, a simulated
// operator acknowledging alarms) replays through the same engine with identical per-minute state hashes
// and alarm events; a tampered copy is caught; a clip replays on its own; seeks land on the recorded
// states; stepping, next/previous alarm, bookmarks and gaps work on real files. Flood forecasts posted
// to a live engine replay with the same alarms (issue 9), and the state codec keeps them (format 3) and
// still reads format 2.
#include "engine/engine.h"
#include "engine/pipeline.h"
#include "model/syntheticcity.h"
#include "replay/clip.h"
#include "replay/recording.h"
#include "replay/replaycontroller.h"
#include "replay/statecodec.h"
#include "replay/verify.h"
#include "store/chunkcodec.h"
#include "store/sqlite.h"

#include <QtTest>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <cstring>
#include <random>

using namespace cityops::core;

namespace {

constexpr std::int64_t kMinute = 60'000'000'000LL;

struct CliResult {
    int code = -1;
    bool crashed = false;
    QByteArray out, err;
};

CliResult cli(const QStringList &arguments, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QStringLiteral(CITYOPS_CLI), arguments);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.crashed = p.exitStatus() == QProcess::CrashExit;
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// Changes one value of one traffic reading in the middle of the recording (re-encoding its chunk).
bool tamperOneReading(const std::string &path, std::string &what)
{
    sql::Database db;
    std::string error;
    if (!db.open(path, false, false, error))
        return false;
    sql::Statement q;
    // A traffic chunk (measurement 0) in the middle of the file.
    if (!q.prepare(db, "SELECT id, entity, t0, n, data FROM chunks WHERE measurement=0 AND n > 3 "
                       "ORDER BY t0 LIMIT 1 OFFSET (SELECT count(*) / 2 FROM chunks WHERE measurement=0 AND n > 3)") ||
        q.step() != SQLITE_ROW)
        return false;
    const std::int64_t id = q.int64(0), t0 = q.int64(2), n = q.int64(3);
    std::vector<Reading> readings;
    if (!decodeChunk(q.blob(4), q.bytes(4), t0, static_cast<std::uint32_t>(q.int64(1)), Measurement::Traffic, n, readings))
        return false;
    readings[static_cast<std::size_t>(n / 2)].values[0] *= 0.3; // speed: a plausible, different value
    what = "entity " + std::to_string(q.int64(1)) + " at " + std::to_string(readings[static_cast<std::size_t>(n / 2)].timeNs);
    std::string blob;
    encodeChunk(readings, t0, blob);
    sql::Statement u;
    if (!u.prepare(db, "UPDATE chunks SET data=? WHERE id=?"))
        return false;
    u.bindBlob(1, blob.data(), blob.size());
    u.bind(2, id);
    return u.step() == SQLITE_DONE;
}

} // namespace

class TestReplay : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void replayIsIdentical();
    void tamperedReadingIsCaught();
    void tamperedEventIsCaught();
    void clipReplaysOnItsOwn();
    void seeksLandOnRecordedStates();
    void stepAndAlarmJumps();
    void bookmarksAreStored();
    void gapsShowMissingData();
    void floodForecastReplays();
    void stateCodecKeepsTheFloodForecast();

private:
    std::string path(const char *name) const { return m_dir.filePath(name).toStdString(); }
    QTemporaryDir m_dir;
    std::string m_recording;
};

void TestReplay::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(!qEnvironmentVariableIsSet("CITYOPS_KEEP_TEST_FILES")); // for a look at the files
    m_recording = path("run.cityops");
    // 40 minutes of the demo city with the storm's wettest hour starting 10 minutes in, an incident
    // from minute 8 to 28, and an operator acknowledging every other alarm after 3 minutes.
    const auto r = cli({"record", "--scenario", CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou", "--duration", "40m",
                        "--seed", "7", "--rain", "extreme", "--rain-peak-in", "0.17", "--incident", "L00017@8m+20m:2",
                        "--ack-after", "3", "--out", QString::fromStdString(m_recording), "--json"});
    QVERIFY2(r.code == 0 && !r.crashed, r.err.constData());
    QVERIFY2(r.out.contains("\"alarms_raised\""), r.out.constData());
}

void TestReplay::replayIsIdentical()
{
    std::string error;
    auto rec = Recording::open(m_recording, error);
    QVERIFY2(rec, error.c_str());
    QCOMPARE(rec->endNs() - rec->startNs(), 40 * kMinute);
    QCOMPARE(rec->marks().size(), std::size_t{40});
    // The run must have something to reproduce: alarms raised, some acknowledged, the incident reported.
    QVERIFY(rec->alarmTimes().size() >= 3);
    const auto events = rec->events(rec->startNs(), rec->endNs());
    const auto acks = std::count_if(events.begin(), events.end(), [](const Event &e) { return e.kind == "alarm.acknowledged"; });
    QVERIFY2(acks >= 1, "the simulated operator acknowledged nothing");
    std::vector<Reading> incidents;
    QVERIFY(rec->reader().readingsBetween(rec->startNs(), rec->endNs(), incidents, error));
    QCOMPARE(std::count_if(incidents.begin(), incidents.end(), [](const Reading &r) { return r.measurement == Measurement::Incident; }), 2);

    const VerifyResult v = verifyRecording(m_recording);
    QVERIFY2(v.ran, v.error.c_str());
    QCOMPARE(v.statesRecorded, std::uint64_t{40});
    QCOMPARE(v.statesReplayed, std::uint64_t{40});
    QCOMPARE(v.statesDiffering, std::uint64_t{0});
    QVERIFY2(v.alarmEventsDiffering == 0, v.firstEventDifference.c_str());
    QCOMPARE(v.alarmEventsReplayed, v.alarmEventsRecorded);
    QVERIFY(v.identical);

    const auto r = cli({"replay", QString::fromStdString(m_recording), "--verify", "--json"});
    QVERIFY2(r.code == 0, r.err.constData());
    QVERIFY2(r.out.contains("\"identical\":true"), r.out.constData());
}

void TestReplay::tamperedReadingIsCaught()
{
    const std::string copy = path("tampered.cityops");
    QVERIFY(QFile::copy(QString::fromStdString(m_recording), QString::fromStdString(copy)));
    std::string what;
    QVERIFY(tamperOneReading(copy, what));
    const VerifyResult v = verifyRecording(copy);
    QVERIFY2(v.ran, v.error.c_str());
    QVERIFY2(!v.identical, what.c_str());
    QVERIFY(v.statesDiffering >= 1);
    const auto r = cli({"replay", QString::fromStdString(copy), "--verify"});
    QVERIFY(!r.crashed);
    QCOMPARE(r.code, 4);
    QVERIFY(r.out.contains("DIFFERS"));
}

void TestReplay::tamperedEventIsCaught()
{
    const std::string copy = path("tampered-event.cityops");
    QVERIFY(QFile::copy(QString::fromStdString(m_recording), QString::fromStdString(copy)));
    {
        sql::Database db;
        std::string error;
        QVERIFY(db.open(copy, false, false, error));
        QVERIFY(db.exec("DELETE FROM events WHERE id = (SELECT max(id) FROM events WHERE kind='alarm.raised')", error));
    }
    const auto r = cli({"replay", QString::fromStdString(copy), "--verify", "--json"});
    QVERIFY(!r.crashed);
    QCOMPARE(r.code, 4);
    QVERIFY2(r.out.contains("replayed but not recorded"), r.out.constData());
}

void TestReplay::clipReplaysOnItsOwn()
{
    std::string error;
    auto rec = Recording::open(m_recording, error);
    QVERIFY2(rec, error.c_str());
    const std::int64_t start = rec->startNs();
    const std::string clip = path("clip.cityops");
    const ClipResult c = cutClip(m_recording, clip, start + 13 * kMinute, start + 31 * kMinute);
    QVERIFY2(c.ok, c.error.c_str());
    QCOMPARE(c.startNs, start + 10 * kMinute); // the snapshot at or before the window
    QCOMPARE(c.endNs, start + 31 * kMinute);
    QVERIFY(c.readings > 0);

    auto clipRec = Recording::open(clip, error);
    QVERIFY2(clipRec, error.c_str());
    QVERIFY(clipRec->info().hasInitialSnapshot);
    QCOMPARE(clipRec->startNs(), start + 10 * kMinute);
    QCOMPARE(clipRec->endNs(), start + 31 * kMinute);
    QVERIFY(clipRec->info().bytes < rec->info().bytes);

    const VerifyResult v = verifyRecording(clip);
    QVERIFY2(v.ran, v.error.c_str());
    QVERIFY(v.initialStateMatches);
    QCOMPARE(v.statesRecorded, std::uint64_t{21});
    QVERIFY2(v.identical, v.firstEventDifference.c_str());
    // The clip's alarms are the full recording's alarms of that window.
    std::size_t inWindow = 0;
    for (auto t : rec->alarmTimes())
        inWindow += t > c.startNs && t <= c.endNs;
    QCOMPARE(clipRec->alarmTimes().size(), inWindow);

    const auto r = cli({"replay", QString::fromStdString(clip), "--verify"});
    QVERIFY2(r.code == 0, r.err.constData());
    // And through the CLI, a clip of the clip.
    const auto r2 = cli({"replay", QString::fromStdString(clip), "--clip-from", "5m", "--clip-to", "15m", "--out",
                         QString::fromStdString(path("clip2.cityops"))});
    QVERIFY2(r2.code == 0, r2.err.constData());
    QCOMPARE(cli({"replay", QString::fromStdString(path("clip2.cityops")), "--verify"}).code, 0);
}

void TestReplay::seeksLandOnRecordedStates()
{
    std::string error;
    auto replay = ReplayController::openOffline(m_recording, {}, error);
    QVERIFY2(replay, error.c_str());
    auto full = ReplayController::openOffline(m_recording, {}, error);
    QVERIFY2(full, error.c_str());
    const std::int64_t start = replay->startNs();
    // The recorded hash of a grid time is taken before the operator actions of that time; a seek lands
    // after them. Compare where nobody acted.
    const auto events = replay->recording().events(start, replay->endNs());
    auto actedAt = [&](std::int64_t t) {
        return std::any_of(events.begin(), events.end(), [&](const Event &e) { return e.timeNs == t && e.actor != "engine"; });
    };
    std::mt19937 rng(3);
    int compared = 0;
    for (int k = 0; k < 16; ++k) {
        const std::int64_t minute = 1 + static_cast<std::int64_t>(rng() % 39);
        const std::int64_t target = start + minute * kMinute + static_cast<std::int64_t>(rng() % 59) * 1'000'000'000LL;
        const auto snapshot = replay->seek(target, &error);
        QVERIFY2(snapshot, error.c_str());
        QCOMPARE(replay->timeNs(), target);
        QCOMPARE(snapshot->timeNs, target);
        const auto recorded = replay->recording().hashAt(start + minute * kMinute);
        QVERIFY(recorded);
        if (actedAt(start + minute * kMinute))
            continue;
        QCOMPARE(replay->engine().stateHash(), *recorded);
        ++compared;
    }
    QVERIFY(compared >= 4);
    // The rolling windows after a seek equal those of a replay from the start.
    const std::int64_t target = start + 37 * kMinute;
    QVERIFY(replay->seek(target, &error));
    QVERIFY(replay->lastSeek().fromSnapshotNs == start + 30 * kMinute);
    full->runTo(target);
    compared = 0;
    for (std::uint32_t e = 0; e < replay->recording().model()->size(); e += 97) {
        std::vector<WindowPoint> a, b;
        replay->engine().run([&] { a = replay->engine().pipeline().state().window(e); });
        full->engine().run([&] { b = full->engine().pipeline().state().window(e); });
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].timeNs, b[i].timeNs);
            QCOMPARE(a[i].value, b[i].value);
        }
        compared += a.empty() ? 0 : 1;
    }
    QVERIFY(compared > 10);
    QCOMPARE(replay->engine().stateHash(), full->engine().stateHash());
}

void TestReplay::stepAndAlarmJumps()
{
    std::string error;
    auto replay = ReplayController::openOffline(m_recording, {}, error);
    QVERIFY2(replay, error.c_str());
    const std::int64_t start = replay->startNs();
    QCOMPARE(replay->timeNs(), start);
    QVERIFY(replay->step(5 * kMinute));
    QCOMPARE(replay->timeNs(), start + 5 * kMinute);
    QCOMPARE(replay->engine().stateHash(), *replay->recording().hashAt(start + 5 * kMinute));
    QVERIFY(replay->step(-2 * kMinute));
    QCOMPARE(replay->timeNs(), start + 3 * kMinute);

    const auto &alarms = replay->recording().alarmTimes();
    QVERIFY(!alarms.empty());
    auto snapshot = replay->nextAlarm(&error);
    QVERIFY2(snapshot, error.c_str());
    const std::int64_t first = *std::upper_bound(alarms.begin(), alarms.end(), start + 3 * kMinute);
    QCOMPARE(replay->timeNs(), first);
    // The alarm is there in the snapshot at its time.
    QVERIFY(std::any_of(snapshot->alarms.begin(), snapshot->alarms.end(), [&](const Alarm &a) { return a.raisedNs == first; }));
    QVERIFY(replay->seek(replay->endNs()));
    QVERIFY(replay->atEnd());
    QVERIFY(replay->previousAlarm(&error));
    QCOMPARE(replay->timeNs(), *std::prev(std::lower_bound(alarms.begin(), alarms.end(), replay->endNs())));
}

void TestReplay::bookmarksAreStored()
{
    const std::string copy = path("bookmarks.cityops");
    QVERIFY(QFile::copy(QString::fromStdString(m_recording), QString::fromStdString(copy)));
    std::string error;
    std::int64_t id = 0, start = 0;
    {
        auto rec = Recording::open(copy, error);
        QVERIFY2(rec, error.c_str());
        start = rec->startNs();
        const auto automatic = rec->bookmarks(1);
        QCOMPARE(automatic.size(), rec->alarmTimes().size());
        id = rec->addBookmark(start + 12 * kMinute, "water over the kerb at the underpass", "analyst", error);
        QVERIFY2(id > 0, error.c_str());
    }
    auto rec = Recording::open(copy, error); // stored in the file
    QVERIFY2(rec, error.c_str());
    const auto marks = rec->bookmarks(1);
    const auto manual = std::find_if(marks.begin(), marks.end(), [](const Bookmark &b) { return !b.automatic; });
    QVERIFY(manual != marks.end());
    QCOMPARE(manual->id, id);
    QCOMPARE(manual->timeNs, start + 12 * kMinute);
    QCOMPARE(manual->note, std::string("water over the kerb at the underpass"));
    QVERIFY(std::is_sorted(marks.begin(), marks.end(), [](const Bookmark &a, const Bookmark &b) { return a.timeNs < b.timeNs; }));
    QVERIFY(rec->removeBookmark(id, error));
    QCOMPARE(rec->bookmarks(1).size(), marks.size() - 1);
    // Adding a bookmark changes nothing the replay compares.
    QVERIFY(verifyRecording(copy).identical);
}

namespace {
/// Readings for every sensor of a small synthetic city each minute, except in a silent stretch.
class GappySource : public ReadingSource {
public:
    GappySource(std::shared_ptr<const CityModel> model, std::int64_t start, std::int64_t silentFrom, std::int64_t silentTo)
        : m_model(std::move(model)), m_time(start), m_silentFrom(silentFrom), m_silentTo(silentTo) {}
    void advanceTo(std::int64_t t, std::vector<Reading> &out) override
    {
        while (m_time + kMinute <= t) {
            m_time += kMinute;
            if (m_time > m_silentFrom && m_time <= m_silentTo)
                continue;
            for (std::uint32_t e = 0; e < m_model->size(); ++e) {
                Reading r;
                r.timeNs = m_time;
                r.entity = e;
                r.fieldMask = 1;
                r.values[0] = 10.0 + e % 7;
                switch (m_model->entity(e).kind) {
                case EntityKind::Link: r.measurement = Measurement::Traffic; r.values[0] = 40.0; break;
                case EntityKind::Signal: r.measurement = Measurement::Signal; break;
                case EntityKind::Parking: r.measurement = Measurement::Parking; break;
                case EntityKind::RainGauge: r.measurement = Measurement::Rain; break;
                case EntityKind::WaterStation: r.measurement = Measurement::Water; r.values[0] = 0.1; break;
                case EntityKind::ServiceCenter: r.measurement = Measurement::Service; break;
                }
                out.push_back(r);
            }
        }
    }
    std::int64_t timeNs() const override { return m_time; }

private:
    std::shared_ptr<const CityModel> m_model;
    std::int64_t m_time, m_silentFrom, m_silentTo;
};
} // namespace

void TestReplay::gapsShowMissingData()
{
    auto model = makeSyntheticCity({60, 10, 10, 5, 5, 5});
    const std::int64_t start = 1'700'000'040LL * 1'000'000'000LL / kMinute * kMinute;
    const std::string file = path("gappy.cityops");
    {
        EngineConfig config;
        config.tcpPort = config.udpPort = -1;
        config.recordPath = file;
        auto clock = std::make_shared<Clock>(start, 0.0);
        Engine engine(model, clock, config);
        std::string error;
        QVERIFY2(engine.start(error), error.c_str());
        engine.attachSource(std::make_shared<GappySource>(model, start, start + 20 * kMinute, start + 27 * kMinute), "test",
                            std::chrono::hours(1));
        engine.pumpSource(start + 45 * kMinute);
        engine.flush();
        engine.stop();
    }
    std::string error;
    auto rec = Recording::open(file, error);
    QVERIFY2(rec, error.c_str());
    const auto gaps = rec->gaps();
    QCOMPARE(gaps.size(), std::size_t{1});
    QCOMPARE(gaps[0].fromNs, start + 20 * kMinute);
    QCOMPARE(gaps[0].toNs, start + 27 * kMinute);
    QCOMPARE(gaps[0].coverage, 0.0);
    // The silence raised stale-sensor alarms, which the replay reproduces.
    QVERIFY(!rec->alarmTimes().empty());
    const VerifyResult v = verifyRecording(file);
    QVERIFY2(v.identical, v.firstEventDifference.c_str());
}

namespace {
/// Traffic on every link every 30 s (so that actions can fall between alarm-grid times), speeds varying
/// by link and time.
class HalfMinuteSource : public ReadingSource {
public:
    HalfMinuteSource(std::shared_ptr<const CityModel> model, std::int64_t start) : m_model(std::move(model)), m_time(start) {}
    void advanceTo(std::int64_t t, std::vector<Reading> &out) override
    {
        constexpr std::int64_t kStep = kMinute / 2;
        while (m_time + kStep <= t) {
            m_time += kStep;
            for (std::uint32_t e = 0; e < m_model->size(); ++e) {
                Reading r;
                r.timeNs = m_time;
                r.entity = e;
                r.measurement = Measurement::Traffic;
                r.fieldMask = 1;
                r.values[0] = 30.0 + static_cast<double>((e * 13 + static_cast<std::uint64_t>(m_time / kStep)) % 30);
                out.push_back(r);
            }
        }
    }
    std::int64_t timeNs() const override { return m_time; }

private:
    std::shared_ptr<const CityModel> m_model;
    std::int64_t m_time;
};

bool isFloodAlarm(const Event &e)
{
    return e.kind.rfind("alarm.", 0) == 0 && e.payload.find("\"kind\":\"flood_forecast\"") != std::string::npos;
}
} // namespace

void TestReplay::floodForecastReplays()
{
    auto model = makeSyntheticCity({60, 0, 0, 0, 0, 0});
    const std::int64_t start = 1'700'000'400LL * 1'000'000'000LL; // on the 10-minute grid of state snapshots
    const std::string file = path("forecast.cityops");
    const std::int64_t posted1 = start + 10 * kMinute + kMinute / 2, posted2 = start + 25 * kMinute + kMinute / 2;
    std::vector<Event> live;
    {
        EngineConfig config;
        config.tcpPort = config.udpPort = -1;
        config.recordPath = file;
        Engine engine(model, std::make_shared<Clock>(start, 0.0), config);
        std::string error;
        QVERIFY2(engine.start(error), error.c_str());
        engine.attachSource(std::make_shared<HalfMinuteSource>(model, start), "test", std::chrono::hours(1));
        engine.setEventObserver([&](const Event &e) { live.push_back(e); });
        // Forecasts made from the state of a whole minute, posted half a minute later (between grid times).
        engine.pumpSource(posted1);
        const std::int64_t basis1 = posted1 - kMinute / 2;
        engine.postFloodForecast(basis1, {{3, basis1 + 40 * kMinute, basis1 + 55 * kMinute, 0.41f},
                                          {8, basis1 + 150 * kMinute, 0, 0.2f},
                                          {11, basis1 - 5 * kMinute, 0, 0.16f},
                                          {5000, basis1, 0, 0.3f}}); // not in the model: left out
        engine.pumpSource(posted2);
        const std::int64_t basis2 = posted2 - kMinute / 2;
        engine.postFloodForecast(basis2, {{8, basis2 + 100 * kMinute, basis2 + 130 * kMinute, 0.35f},
                                          {20, basis2 + 2 * kMinute + 20'000'000'000LL, 0, 0.2f}});
        engine.pumpSource(start + 45 * kMinute);
        engine.flush();
        engine.stop();
    }
    std::string error;
    auto rec = Recording::open(file, error);
    QVERIFY2(rec, error.c_str());
    const auto recordedAll = rec->events(rec->startNs(), rec->endNs());
    std::vector<Event> forecasts, flood;
    for (const Event &e : recordedAll) {
        if (e.kind == "flood.forecast")
            forecasts.push_back(e);
        if (isFloodAlarm(e))
            flood.push_back(e);
    }
    // Recorded as actions of the flood model at the engine's time, the roads in the payload.
    QCOMPARE(forecasts.size(), std::size_t{2});
    QCOMPARE(forecasts[0].timeNs, posted1);
    QCOMPARE(forecasts[1].timeNs, posted2);
    QCOMPARE(forecasts[0].actor, std::string("flood model"));
    QVERIFY2(forecasts[0].payload.find("\"entity\":[3,8,11]") != std::string::npos, forecasts[0].payload.c_str());
    // Live: roads 3 and 11 at the first grid time after the first forecast, roads 8 (now within 120 min)
    // and 20 after the second, which clears 3 and 11.
    QCOMPARE(flood.size(), std::size_t{6});
    auto at = [&](std::size_t k, const char *kind, std::int64_t entity, std::int64_t timeNs) {
        return flood[k].kind == kind && flood[k].entity == entity && flood[k].timeNs == timeNs;
    };
    QVERIFY(at(0, "alarm.raised", 3, start + 11 * kMinute) && at(1, "alarm.raised", 11, start + 11 * kMinute));
    QVERIFY2(flood[0].payload.find("\"value\":39,") != std::string::npos, flood[0].payload.c_str());
    QVERIFY(at(2, "alarm.raised", 8, start + 26 * kMinute) && at(3, "alarm.raised", 20, start + 26 * kMinute));
    QVERIFY(at(4, "alarm.cleared", 3, start + 26 * kMinute) && at(5, "alarm.cleared", 11, start + 26 * kMinute));
    QCOMPARE(flood[2].severity, int(AlarmSeverity::Critical));
    QVERIFY2(flood[3].payload.find("\"value\":1.33333,") != std::string::npos, flood[3].payload.c_str());
    std::erase_if(live, [](const Event &e) { return !isFloodAlarm(e); });
    QCOMPARE(live.size(), flood.size());
    for (std::size_t k = 0; k < flood.size(); ++k)
        QCOMPARE(live[k].payload, flood[k].payload);

    // Replayed: the same alarm events (ids, times, values in the payloads), the same hashes.
    auto replay = ReplayController::openOffline(file, {}, error);
    QVERIFY2(replay, error.c_str());
    std::vector<Event> replayed;
    replay->engine().setEventObserver([&](const Event &e) {
        if (isFloodAlarm(e))
            replayed.push_back(e);
    });
    replay->runTo(replay->endNs());
    QCOMPARE(replayed.size(), flood.size());
    for (std::size_t k = 0; k < flood.size(); ++k) {
        QCOMPARE(replayed[k].timeNs, flood[k].timeNs);
        QCOMPARE(replayed[k].kind, flood[k].kind);
        QCOMPARE(replayed[k].severity, flood[k].severity);
        QCOMPARE(replayed[k].payload, flood[k].payload);
    }
    const VerifyResult v = verifyRecording(file);
    QVERIFY2(v.identical, (v.error + v.firstEventDifference).c_str());
    QCOMPARE(v.statesDiffering, std::uint64_t{0});

    // A seek restores the forecast with the state: from the snapshot at minute 30 to 33:10.
    const std::int64_t target = start + 33 * kMinute + 10'000'000'000LL;
    auto seeker = ReplayController::openOffline(file, {}, error);
    QVERIFY2(seeker, error.c_str());
    const auto snapshot = seeker->seek(target, &error);
    QVERIFY2(snapshot, error.c_str());
    QCOMPARE(seeker->lastSeek().fromSnapshotNs, start + 30 * kMinute);
    QCOMPARE(seeker->engine().stateHash(), *rec->hashAt(start + 33 * kMinute));
    seeker->engine().run([&] { QCOMPARE(seeker->engine().alarmEngine().floodForecast().size(), std::size_t{2}); });
    const auto road8 = std::find_if(snapshot->alarms.begin(), snapshot->alarms.end(), [](const Alarm &a) {
        return a.kind == AlarmKind::FloodForecast && a.entity == 8 && a.state == AlarmState::Active;
    });
    QVERIFY(road8 != snapshot->alarms.end());
    QCOMPARE(road8->value, 92.0); // the crossing at basis2 + 100 min, seen from minute 33

    // Live feeds without a source run the rules a little behind the clock: a forecast posted after a
    // grid time whose rules have not run yet is stamped just before it, so a replay applies it before
    // that evaluation too, as the live run did.
    {
        EngineConfig config;
        config.tcpPort = config.udpPort = -1;
        auto clock = std::make_shared<Clock>(start, 0.0);
        Engine engine(model, clock, config); // not started: runs inline
        std::vector<Event> seen;
        engine.setEventObserver([&](const Event &e) { seen.push_back(e); });
        clock->setTime(start + kMinute + 3'000'000'000LL);
        engine.postFloodForecast(start, {{3, start + 10 * kMinute, 0, 0.2f}});
        QCOMPARE(seen.size(), std::size_t{1});
        QCOMPARE(seen[0].kind, std::string("flood.forecast"));
        QCOMPARE(seen[0].timeNs, start + kMinute - 1);
        clock->setTime(start + kMinute + 30'000'000'000LL);
        engine.postFloodForecast(start, {});
        QCOMPARE(seen.size(), std::size_t{2});
        QCOMPARE(seen[1].timeNs, start + kMinute - 1);
        engine.run([&] { QVERIFY(engine.alarmEngine().floodForecast().empty()); });
    }

    // Without the second forecast the replay must differ: the recorded forecast is what it re-applies.
    const std::string copy = path("forecast-tampered.cityops");
    QVERIFY(QFile::copy(QString::fromStdString(file), QString::fromStdString(copy)));
    {
        sql::Database db;
        QVERIFY(db.open(copy, false, false, error));
        QVERIFY(db.exec("DELETE FROM events WHERE kind='flood.forecast' AND t=" + std::to_string(posted2), error));
    }
    const VerifyResult tampered = verifyRecording(copy);
    QVERIFY(tampered.ran);
    QVERIFY(!tampered.identical);
    QVERIFY(tampered.alarmEventsDiffering > 0);
}

namespace {
/// Writes a state blob by hand in the layout of format 2 (the format before flood forecasts): no
/// forecast, conditions for 7 alarm kinds per entity.
class Format2Writer {
public:
    template <class T>
    void put(T v)
    {
        char bytes[sizeof(T)];
        std::memcpy(bytes, &v, sizeof(T));
        out.append(bytes, sizeof(T));
    }
    std::string out;
};
} // namespace

void TestReplay::stateCodecKeepsTheFloodForecast()
{
    auto model = makeSyntheticCity({6, 0, 1, 0, 0, 0});
    const std::int64_t t0 = 1'700'000'040LL * 1'000'000'000LL / kMinute * kMinute;
    // Format 3 round trip: the forecast and its open alarms come back, and serialize again byte for byte.
    LiveState state(model);
    AlarmEngine alarms(model);
    std::vector<Event> events;
    for (std::uint32_t e = 0; e < model->size(); ++e) {
        Reading r;
        r.timeNs = t0;
        r.entity = e;
        r.measurement = e < 6 ? Measurement::Traffic : Measurement::Parking;
        r.values[0] = 40;
        r.fieldMask = 1;
        state.apply(r);
    }
    const std::vector<RoadFloodAlarmInput> forecast{{1, t0 + 30 * kMinute, t0 + 42 * kMinute, 0.37f},
                                                    {4, t0 + 200 * kMinute, 0, 0.16f}};
    alarms.setFloodForecast(t0 - kMinute, forecast);
    alarms.evaluate(state, t0, events);
    QCOMPARE(alarms.openCount(), std::size_t{1});
    const std::string blob = StateCodec::serialize(state, alarms, t0 + kMinute);
    LiveState state2(model);
    AlarmEngine alarms2(model);
    std::int64_t grid = 0;
    std::string error;
    QVERIFY2(StateCodec::restore(blob, state2, alarms2, grid, error), error.c_str());
    QCOMPARE(grid, t0 + kMinute);
    QVERIFY(alarms2.floodForecast() == forecast);
    QCOMPARE(alarms2.floodForecastBasisNs(), t0 - kMinute);
    QCOMPARE(StateCodec::serialize(state2, alarms2, grid), blob);
    // The restored engine goes on as the original: the alarm (not raised twice) counts down, and a
    // different forecast gives a different hash.
    std::vector<Event> events1, events2;
    alarms.evaluate(state, t0 + kMinute, events1);
    alarms2.evaluate(state2, t0 + kMinute, events2);
    QVERIFY(events1.empty() && events2.empty());
    QCOMPARE(alarms2.alarms()[0].value, 29.0);
    QCOMPARE(StateCodec::hash(state2, alarms2, grid), StateCodec::hash(state, alarms, grid));
    alarms2.setFloodForecast(t0 - kMinute, {forecast[0]});
    QVERIFY(StateCodec::hash(state2, alarms2, grid) != StateCodec::hash(state, alarms, grid));
    // A damaged forecast section is refused.
    QVERIFY(!StateCodec::restore(blob.substr(0, blob.size() - 3), state2, alarms2, grid, error));
    QVERIFY(!StateCodec::restore(blob + "x", state2, alarms2, grid, error));

    // Format 2, written by hand: link 2 has an open slow-traffic alarm (id 5), link 3 a raise streak of
    // 2. Condition indices were entity * 7 + kind then; they must land on this build's entity * 8 + kind.
    Format2Writer w;
    w.put(std::uint32_t{0x54535943});
    w.put(std::uint32_t{2});
    w.put(std::int64_t{t0 + kMinute});
    w.put(static_cast<std::uint32_t>(model->size()));
    for (std::uint32_t e = 0; e < model->size(); ++e) {
        w.put(std::int64_t{t0});      // time
        w.put(std::uint8_t{1});       // field mask
        w.put(std::uint64_t{10});     // readings
        w.put(e == 2 ? 12.0 : 40.0);  // value 0
    }
    w.put(std::uint32_t{0});          // incidents
    w.put(std::uint64_t{6});          // next alarm id
    w.put(std::uint32_t{1});          // alarms
    w.put(std::uint64_t{5});
    w.put(std::uint8_t{0});           // SlowTraffic
    w.put(std::uint32_t{2});
    w.put(std::uint8_t{3});           // Critical
    w.put(std::uint8_t{0});           // Active
    w.put(std::int64_t{t0 - 5 * kMinute});
    w.put(std::int64_t{0});
    w.put(std::int64_t{0});
    w.put(std::uint32_t{0});          // acknowledged by: ""
    w.put(12.0);
    w.put(25.0);
    w.put(static_cast<std::uint32_t>(model->size() * 7));
    w.put(std::uint32_t{2});          // busy conditions
    w.put(std::uint32_t{2 * 7 + 0});
    w.put(std::int8_t{0});
    w.put(std::uint64_t{5});
    w.put(std::uint32_t{3 * 7 + 0});
    w.put(std::int8_t{2});
    w.put(std::uint64_t{0});
    w.put(static_cast<std::uint32_t>(model->size() * AlarmEngine::kNormalsPerEntity));
    for (std::uint32_t e = 0; e < 6; ++e)
        for (std::size_t k = 0; k < AlarmEngine::kNormalsPerEntity; ++k)
            w.put(k < 24 ? 50.0f : 0.1f);
    LiveState state3(model);
    AlarmEngine alarms3(model);
    alarms3.setFloodForecast(t0, forecast); // replaced by the blob's (empty) forecast
    QVERIFY2(StateCodec::restore(w.out, state3, alarms3, grid, error), error.c_str());
    QCOMPARE(grid, t0 + kMinute);
    QVERIFY(alarms3.floodForecast().empty());
    QCOMPARE(alarms3.alarms().size(), std::size_t{1});
    QCOMPARE(alarms3.alarms()[0].id, std::uint64_t{5});
    QCOMPARE(alarms3.normalSpeed(3, t0), 50.0);
    // Link 2 flows again (three evaluations clear its alarm 5); link 3 slows once more (its streak
    // reaches 3: raised as alarm 6). Misplaced conditions would do neither.
    events.clear();
    for (int m = 1; m <= 3; ++m) {
        const std::int64_t t = t0 + m * kMinute;
        for (std::uint32_t e = 0; e < 6; ++e) {
            Reading r;
            r.timeNs = t;
            r.entity = e;
            r.measurement = Measurement::Traffic;
            r.values[0] = e == 3 ? 10.0 : 45.0;
            r.fieldMask = 1;
            state3.apply(r);
        }
        alarms3.evaluate(state3, t, events);
        if (m == 1) {
            QCOMPARE(events.size(), std::size_t{1});
            QCOMPARE(events[0].kind, std::string("alarm.raised"));
            QCOMPARE(events[0].entity, std::int64_t{3});
            QVERIFY(events[0].payload.find("\"alarm\":6,") != std::string::npos);
        }
    }
    QCOMPARE(events.size(), std::size_t{2});
    QCOMPARE(events[1].kind, std::string("alarm.cleared"));
    QCOMPARE(events[1].entity, std::int64_t{2});
    QVERIFY(events[1].payload.find("\"alarm\":5,") != std::string::npos);
    // Re-serialized, it is format 3; a format this build does not know is refused with a clear error.
    const std::string again = StateCodec::serialize(state3, alarms3, grid);
    std::uint32_t format = 0;
    std::memcpy(&format, again.data() + 4, 4);
    QCOMPARE(format, StateCodec::kFormat);
    QCOMPARE(format, std::uint32_t{3});
    std::string future = again;
    const std::uint32_t four = 4;
    std::memcpy(future.data() + 4, &four, 4);
    QVERIFY(!StateCodec::restore(future, state3, alarms3, grid, error));
    QVERIFY2(error.find("format 4") != std::string::npos, error.c_str());
}

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
