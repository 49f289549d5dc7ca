// The replay timeline on a real recording: cityops-cli records 40 minutes of the demo city in the storm, the
// timeline drives a ReplayController attached to an EngineBridge's engine. Next alarm lands on the first
// recorded alarm, a seek lands where asked (and the engine's snapshots follow), step moves a minute and
// pauses, play advances engine time at the chosen speed, and the track carries a mark per alarm.
#include "enginebridge.h"
#include "timelinebar.h"

#include "engine/clock.h"
#include "replay/recording.h"
#include "replay/replaycontroller.h"

#include <QAction>
#include <QApplication>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace cityops;

class TestTimelineBar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void drivesTheReplay()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("storm.cityops"));
        QProcess record;
        record.start(QStringLiteral(CITYOPS_CLI),
                     {QStringLiteral("record"), QStringLiteral("--scenario"), QStringLiteral(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou"),
                      QStringLiteral("--duration"), QStringLiteral("40m"), QStringLiteral("--seed"), QStringLiteral("2"),
                      QStringLiteral("--rain"), QStringLiteral("extreme"), QStringLiteral("--out"), file});
        QVERIFY(record.waitForFinished(120000));
        QCOMPARE(record.exitCode(), 0);

        std::string error;
        auto recording = core::Recording::open(file.toStdString(), error);
        QVERIFY2(recording, error.c_str());
        QVERIFY(!recording->alarmTimes().empty());
        ui::EngineBridge bridge(recording->model(), core::replayEngineConfig(),
                                std::make_shared<core::Clock>(recording->startNs(), 0.0));
        QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
        auto replay = core::ReplayController::attach(*bridge.engine(), file.toStdString(), {}, error);
        QVERIFY2(replay, error.c_str());

        ui::TimelineBar bar(replay.get(), QTimeZone::utc());
        QCOMPARE(replay->timeNs(), recording->startNs());

        // The first alarm.
        QAction *next = nullptr;
        for (QAction *a : bar.actions())
            if (a->text() == ui::TimelineBar::tr("Next alarm"))
                next = a;
        QVERIFY(next);
        next->trigger();
        const std::int64_t firstAlarm = recording->alarmTimes().front();
        QVERIFY2(replay->timeNs() >= firstAlarm && replay->timeNs() <= firstAlarm + 60'000'000'000LL,
                 qPrintable(QStringLiteral("%1 vs %2").arg(replay->timeNs()).arg(firstAlarm)));

        // A seek to the middle; the engine's snapshots follow.
        const std::int64_t middle = recording->startNs() + (recording->endNs() - recording->startNs()) / 2;
        bar.seekTo(middle);
        QVERIFY(std::llabs(replay->timeNs() - middle) <= 60'000'000'000LL);
        QTRY_VERIFY(bridge.latestSnapshot() && std::llabs(bridge.latestSnapshot()->timeNs - middle) <= 60'000'000'000LL);
        QVERIFY(std::abs(bar.slider()->value() - ui::TimelineBar::kSteps / 2) <= ui::TimelineBar::kSteps / 40);

        // Play at 600x for a second: about 10 minutes of engine time.
        bar.setRate(600.0);
        const std::int64_t before = replay->timeNs();
        bar.togglePlay();
        QTest::qWait(1000);
        bar.togglePlay();
        const std::int64_t played = replay->timeNs() - before;
        QVERIFY2(played >= 3 * 60'000'000'000LL && played <= 20 * 60'000'000'000LL, qPrintable(QString::number(played / 1e9)));
        // The replay detaches from the engine as it goes, so it goes before the bridge (declaration order).
    }
};

QTEST_MAIN(TestTimelineBar)
#include "tst_timelinebar.moc"
