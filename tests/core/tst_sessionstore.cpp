// Session files: every run gets its own file in the session folder; retention deletes the oldest first
// until the folder is within the maximum age and size, never the file being recorded, and never a file
// that is not a session file.
#include "replay/sessionstore.h"

#include <QtTest>

#include <QTemporaryDir>

#include <chrono>
#include <filesystem>
#include <fstream>

using namespace cityops::core;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kSecond = 1'000'000'000LL;

std::int64_t nowNs()
{
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void writeFile(const std::string &path, std::size_t bytes, std::int64_t ageS)
{
    std::ofstream(path, std::ios::binary) << std::string(bytes, 'x');
    fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::seconds(ageS));
}

} // namespace

class TestSessionStore : public QObject {
    Q_OBJECT

private slots:
    void namesAreNewAndSorted();
    void deletesOldestFirstBySize();
    void deletesByAgeButNeverTheOpenOne();
};

void TestSessionStore::namesAreNewAndSorted()
{
    QTemporaryDir dir;
    SessionStore store((fs::path(dir.path().toStdString()) / "sessions" / "deep").string());
    std::string a, b, error;
    const std::int64_t t = 1626764400LL * kSecond; // 2021-07-20 07:00:00 UTC
    QVERIFY2(store.newSessionPath(t, "replay", a, error), error.c_str());
    QVERIFY(fs::is_directory(store.folder()));
    QCOMPARE(fs::path(a).filename().string(), std::string("session-20210720-070000-replay.cityops"));
    std::ofstream(a) << "x";
    QVERIFY(store.newSessionPath(t, "replay", b, error));
    QVERIFY(a != b); // same second: a distinct file
    std::ofstream(b) << "y";
    QCOMPARE(store.list().size(), std::size_t{2});
    QVERIFY(!SessionStore("/proc/no/such/place").newSessionPath(t, "", a, error));
    QVERIFY(!error.empty());
}

void TestSessionStore::deletesOldestFirstBySize()
{
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    // Five sessions of 1000 bytes, 5 .. 1 hours old, one with a WAL companion; and a file that is not ours.
    for (int k = 0; k < 5; ++k)
        writeFile(folder + "/session-2026010" + std::to_string(k + 1) + "-000000.cityops", 1000, (5 - k) * 3600);
    writeFile(folder + "/session-20260101-000000.cityops-wal", 500, 5 * 3600);
    writeFile(folder + "/notes.txt", 100000, 100 * 86400);
    SessionStore store(folder, RetentionPolicy{0, 3000});
    const auto before = store.list();
    QCOMPARE(before.size(), std::size_t{5});
    QCOMPARE(before.front().bytes, std::uint64_t{1500});
    const auto report = store.enforce("", nowNs());
    QVERIFY(report.errors.empty());
    // 5500 bytes: the two oldest go (1500 + 1000), leaving 3000.
    QCOMPARE(report.deleted.size(), std::size_t{2});
    QVERIFY(report.deleted[0].find("session-20260101") != std::string::npos);
    QVERIFY(report.deleted[1].find("session-20260102") != std::string::npos);
    QCOMPARE(report.bytesFreed, std::uint64_t{2500});
    QCOMPARE(report.bytesKept, std::uint64_t{3000});
    QVERIFY(!fs::exists(folder + "/session-20260101-000000.cityops-wal"));
    QVERIFY(fs::exists(folder + "/notes.txt"));
    QCOMPARE(store.list().size(), std::size_t{3});
}

void TestSessionStore::deletesByAgeButNeverTheOpenOne()
{
    QTemporaryDir dir;
    const std::string folder = dir.path().toStdString();
    const std::string open = folder + "/session-20260101-000000.cityops";
    writeFile(open, 1000, 40 * 86400);                                   // oldest, but being recorded
    writeFile(folder + "/session-20260102-000000.cityops", 1000, 35 * 86400); // too old
    writeFile(folder + "/session-20260103-000000.cityops", 1000, 2 * 86400);  // young enough
    SessionStore store(folder, RetentionPolicy{30 * 86400, 0});
    const auto report = store.enforce(open, nowNs());
    QCOMPARE(report.deleted.size(), std::size_t{1});
    QVERIFY(report.deleted[0].find("20260102") != std::string::npos);
    QVERIFY(fs::exists(open));
    // Size pressure does not touch the open file either.
    store.setPolicy(RetentionPolicy{0, 500});
    const auto second = store.enforce(open, nowNs());
    QCOMPARE(second.deleted.size(), std::size_t{1});
    QVERIFY(fs::exists(open));
    QCOMPARE(store.list().size(), std::size_t{1});
}

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"
