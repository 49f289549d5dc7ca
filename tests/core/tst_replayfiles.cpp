// Bad recordings given to replay: corrupt, truncated, not SQLite at all, another SQLite file, empty, and
// from a newer schema. Each gives a clear one-line error from the core API and from `cityops-cli replay`
// (exit 1), and nothing crashes.
#include "engine/engine.h"
#include "model/syntheticcity.h"
#include "replay/recording.h"
#include "replay/replaycontroller.h"
#include "replay/verify.h"

#include <QtTest>

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <fstream>

using namespace cityops::core;

namespace {

constexpr std::int64_t kMinute = 60'000'000'000LL;

class SteadySource : public ReadingSource {
public:
    SteadySource(std::shared_ptr<const CityModel> model, std::int64_t start) : m_model(std::move(model)), m_time(start) {}
    void advanceTo(std::int64_t t, std::vector<Reading> &out) override
    {
        while (m_time + kMinute <= t) {
            m_time += kMinute;
            for (std::uint32_t e = 0; e < m_model->size(); ++e)
                if (m_model->entity(e).kind == EntityKind::Link) {
                    Reading r;
                    r.timeNs = m_time;
                    r.entity = e;
                    r.measurement = Measurement::Traffic;
                    r.fieldMask = 0b111;
                    r.values[0] = 20.0 + static_cast<double>((e * 7 + static_cast<std::uint64_t>(m_time / kMinute)) % 40);
                    r.values[1] = 900;
                    r.values[2] = 0.2;
                    out.push_back(r);
                }
        }
    }
    std::int64_t timeNs() const override { return m_time; }

private:
    std::shared_ptr<const CityModel> m_model;
    std::int64_t m_time;
};

} // namespace

class TestReplayFiles : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void goodFileReplays();
    void badFiles_data();
    void badFiles();

private:
    std::string path(const char *name) const { return m_dir.filePath(name).toStdString(); }
    QTemporaryDir m_dir;
    std::string m_good;
};

void TestReplayFiles::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_good = path("good.cityops");
    auto model = makeSyntheticCity({2000, 10, 10, 5, 5, 5});
    const std::int64_t start = 1'700'000'000LL * 1'000'000'000LL / kMinute * kMinute;
    EngineConfig config;
    config.tcpPort = config.udpPort = -1;
    config.recordPath = m_good;
    Engine engine(model, std::make_shared<Clock>(start, 0.0), config);
    std::string error;
    QVERIFY2(engine.start(error), error.c_str());
    engine.attachSource(std::make_shared<SteadySource>(model, start), "test", std::chrono::hours(1));
    for (int m = 10; m <= 60; m += 10) {
        engine.pumpSource(start + m * kMinute);
        engine.flush();
    }
    engine.stop();
}

void TestReplayFiles::goodFileReplays()
{
    const VerifyResult v = verifyRecording(m_good);
    QVERIFY2(v.ran && v.identical, v.error.c_str());
    QCOMPARE(v.statesRecorded, std::uint64_t{60});
}

void TestReplayFiles::badFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected"); // a word the error must contain
    QTest::newRow("corrupt") << "corrupt" << "damaged";
    QTest::newRow("truncated") << "truncated" << "damaged";
    QTest::newRow("not sqlite") << "text" << "not a CityOps recording";
    QTest::newRow("foreign sqlite") << "foreign" << "not a CityOps recording";
    QTest::newRow("empty") << "empty" << "empty";
    QTest::newRow("newer schema") << "newer" << "newer CityOps";
    QTest::newRow("missing") << "missing" << "does not exist";
}

void TestReplayFiles::badFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    const std::string file = path(("bad-" + kind.toStdString() + ".cityops").c_str());
    QFile::remove(QString::fromStdString(file));
    const auto size = std::filesystem::file_size(m_good);
    if (kind == "corrupt" || kind == "truncated" || kind == "newer") {
        QVERIFY(QFile::copy(QString::fromStdString(m_good), QString::fromStdString(file)));
        QFile f(QString::fromStdString(file));
        QVERIFY(f.open(QIODevice::ReadWrite));
        if (kind == "corrupt") {
            // Garbage over the pages after the schema: b-tree pages of the chunks and indexes.
            std::mt19937 rng(5);
            QByteArray junk(static_cast<int>(size / 2), '\0');
            for (auto &c : junk)
                c = static_cast<char>(rng());
            f.seek(static_cast<qint64>(size / 4));
            f.write(junk);
        } else if (kind == "truncated") {
            QVERIFY(f.resize(static_cast<qint64>(size / 3)));
        }
        f.close();
        if (kind == "newer") {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
            sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr);
            sqlite3_close(db);
        }
    } else if (kind == "text") {
        std::ofstream(file) << "time,sensor,value\n1,L1,33.5\n";
    } else if (kind == "foreign") {
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(file.c_str(), &db), SQLITE_OK);
        sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES(1);", nullptr, nullptr, nullptr);
        sqlite3_close(db);
    } else if (kind == "empty") {
        std::ofstream(file).flush();
    }

    // Core: open, or the replay itself, fails with one line that says what is wrong.
    const VerifyResult v = verifyRecording(file);
    QVERIFY(!v.ran);
    QVERIFY(!v.error.empty());
    QVERIFY2(v.error.find('\n') == std::string::npos, v.error.c_str());
    QVERIFY2(QString::fromStdString(v.error).contains(expected), v.error.c_str());

    // CLI: exit 1 (not 0, not a crash), one line on stderr.
    QProcess p;
    p.start(QStringLiteral(CITYOPS_CLI), {"replay", QString::fromStdString(file), "--verify"});
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 1);
    const QByteArray err = p.readAllStandardError().trimmed();
    QVERIFY2(!err.isEmpty() && !err.contains('\n'), err.constData());
    QVERIFY2(err.contains(expected.toUtf8()), err.constData());
}

QTEST_GUILESS_MAIN(TestReplayFiles)
#include "tst_replayfiles.moc"
