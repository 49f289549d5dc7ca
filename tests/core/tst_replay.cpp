// Record and replay on the demo city: a recorded run (extreme rain, a staged incident, a simulated
// operator acknowledging alarms) replays through the same engine with identical per-minute state hashes
// and alarm events; a tampered copy is caught; a clip replays on its own; seeks land on the recorded
// states; stepping, next/previous alarm, bookmarks and gaps work on real files.
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

QTEST_GUILESS_MAIN(TestReplay)
#include "tst_replay.moc"
