// Crash safety: `cityops-cli serve` records under load from a real TCP client and is killed with
// SIGKILL. The file must pass PRAGMA integrity_check, reopen, and hold every reading the recorder
// reported committed before the kill.
#include "engine/clock.h"
#include "feed/linewriter.h"
#include "feed/syntheticload.h"
#include "model/syntheticcity.h"
#include "store/recordingreader.h"

#include <QtTest>

#include <QProcess>
#include <QTemporaryDir>

#include <utility>
#include <boost/asio.hpp>

#include <sqlite3.h>
#include <csignal>
#include <thread>

using namespace cityops::core;
namespace asio = boost::asio;

class TestCrashSafety : public QObject {
    Q_OBJECT

private slots:
    void killDuringRecording();
};

void TestCrashSafety::killDuringRecording()
{
    QTemporaryDir dir;
    const QString file = dir.filePath("crash.cityops");
    QProcess serve;
    serve.setProgram(QStringLiteral(CITYOPS_CLI));
    serve.setArguments({"serve", "--synthetic", "--record", file, "--tcp-port", "0", "--udp-port", "-1",
                        "--commit-ms", "200", "--print-commits", "--stats-interval", "0"});
    serve.setProcessChannelMode(QProcess::SeparateChannels);
    serve.start();
    QVERIFY2(serve.waitForStarted(10000), qPrintable(serve.errorString()));

    // "listening tcp=PORT ..." comes first.
    quint16 port = 0;
    QByteArray out;
    for (int k = 0; k < 100 && !port; ++k) {
        serve.waitForReadyRead(100);
        out += serve.readAllStandardOutput();
        const int at = out.indexOf("listening tcp=");
        if (at >= 0 && out.indexOf('\n', at) > 0)
            port = static_cast<quint16>(out.mid(at + 14, out.indexOf(' ', at + 14) - at - 14).toUInt());
    }
    QVERIFY2(port, out.constData());

    // A client that floods until told to stop (or the server is gone).
    auto model = makeSyntheticCity();
    std::atomic<bool> stop{false};
    std::atomic<std::uint64_t> linesSent{0};
    std::thread client([&] {
        asio::io_context io;
        asio::ip::tcp::socket socket(io);
        boost::system::error_code ec;
        socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
        std::int64_t t = Clock::systemNowNs() - 24LL * 3600 * 1'000'000'000;
        std::uint64_t seed = 1;
        while (!stop && !ec) {
            const auto load = makeSyntheticLoad(*model, 20'000, t, 1'000'000, seed++);
            t += 20'000'000'000LL;
            std::string text;
            for (const auto &r : load)
                appendLine(*model, r, text);
            asio::write(socket, asio::buffer(text), ec);
            if (!ec)
                linesSent += load.size();
        }
    });

    // Let several commits happen, then kill without warning.
    std::uint64_t lastCommitted = 0;
    int commits = 0;
    QByteArray pending = out;
    QElapsedTimer timer;
    timer.start();
    while (commits < 8 && timer.elapsed() < 60000) {
        serve.waitForReadyRead(200);
        pending += serve.readAllStandardOutput();
        int nl;
        while ((nl = pending.indexOf('\n')) >= 0) {
            const QByteArray line = pending.left(nl);
            pending.remove(0, nl + 1);
            if (line.startsWith("committed ")) {
                lastCommitted = line.mid(10).toULongLong();
                ++commits;
            }
        }
    }
    QVERIFY2(commits >= 8, "the server did not report commits under load");
    ::kill(static_cast<pid_t>(serve.processId()), SIGKILL);
    serve.waitForFinished(10000);
    QCOMPARE(serve.exitStatus(), QProcess::CrashExit);
    // Anything printed between the last read and the kill still counts as reported.
    pending += serve.readAllStandardOutput();
    for (const QByteArray &line : pending.split('\n'))
        if (line.startsWith("committed "))
            lastCommitted = line.mid(10).toULongLong();
    stop = true;
    client.join();
    QVERIFY(lastCommitted > 0);
    QVERIFY2(linesSent > lastCommitted, "the load did not outrun the commits: the kill hit an idle server");

    // The file opens as any SQLite tool would open it, and is intact.
    sqlite3 *db = nullptr;
    QCOMPARE(sqlite3_open(file.toUtf8().constData(), &db), SQLITE_OK);
    sqlite3_stmt *stmt = nullptr;
    QCOMPARE(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr), SQLITE_OK);
    QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
    const QString verdict = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    QCOMPARE(verdict, QStringLiteral("ok"));

    std::string error;
    auto reader = RecordingReader::open(file.toStdString(), error);
    QVERIFY2(reader, error.c_str());
    const std::uint64_t recorded = reader->readingCount();
    QVERIFY2(recorded >= lastCommitted,
             qPrintable(QStringLiteral("recorded %1 < reported committed %2").arg(recorded).arg(lastCommitted)));
    std::vector<Reading> all;
    QVERIFY2(reader->allReadings(all, error), error.c_str());
    QCOMPARE(all.size(), recorded);
    qInfo("killed after %d commits: %llu reported committed, %llu in the file, %llu lines sent", commits,
          static_cast<unsigned long long>(lastCommitted), static_cast<unsigned long long>(recorded),
          static_cast<unsigned long long>(linesSent.load()));
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
