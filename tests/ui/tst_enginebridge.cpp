// EngineBridge and the models it feeds: real snapshots from a running engine on loopback (ephemeral ports)
// under QAbstractItemModelTester, diffs instead of resets, and the coalescing of snapshots on their way to a
// busy GUI thread.
#include "loopbackclient.h"

#include "enginebridge.h"
#include "readingsfiltermodel.h"
#include "readingsmodel.h"
#include "rejectionsmodel.h"
#include "sourcesmodel.h"
#include "stalesensorsmodel.h"

#include "feed/syntheticload.h"
#include "model/syntheticcity.h"

#include <QAbstractItemModelTester>
#include <QEvent>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <thread>

using namespace cityops;
using ui::EngineBridge;
using ui::ReadingsModel;
using ui::RejectionsModel;
using ui::SourcesModel;

namespace {

std::shared_ptr<const core::CityModel> smallCity()
{
    return core::makeSyntheticCity({40, 6, 6, 4, 4, 4});
}

int rowOf(const QAbstractItemModel &model, int role, const QString &value)
{
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data(role).toString() == value)
            return r;
    return -1;
}

int rowStartingWith(const QAbstractItemModel &model, int role, const QString &prefix)
{
    for (int r = 0; r < model.rowCount(); ++r)
        if (model.index(r, 0).data(role).toString().startsWith(prefix))
            return r;
    return -1;
}

std::string nsText(std::int64_t ns)
{
    return std::to_string(ns);
}

// Counts the queued calls (QEvent::MetaCall) that reach an object.
class MetaCallCounter : public QObject {
public:
    int count = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::MetaCall)
            ++count;
        return QObject::eventFilter(watched, event);
    }
};

core::Rejection rejection(const std::string &line)
{
    core::Rejection r;
    r.timeNs = 1'700'000'000'000'000'000;
    r.source = "tcp 127.0.0.1";
    r.reason = core::RejectReason::UnknownEntity;
    r.line = line;
    return r;
}

} // namespace

class TestEngineBridge : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void liveEngineFeedsModelsAsDiffs();
    void coalescesWhileGuiThreadIsBlocked();
    void coalescesRealEngineSnapshots();
    void rejectionsWindowSlidesWithoutReset();
    void sourcesAppendRows();
};

void TestEngineBridge::liveEngineFeedsModelsAsDiffs()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    core::EngineConfig config;
    config.tcpPort = 0;
    config.udpPort = 0;
    config.snapshotHz = 25;
    config.recordPath = dir.filePath(QStringLiteral("session.cityops")).toStdString();
    const auto city = smallCity();
    EngineBridge bridge(city, config);
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    QVERIFY(bridge.tcpPort() != 0);
    QVERIFY(bridge.udpPort() != 0);

    SourcesModel sources;
    ReadingsModel readings;
    RejectionsModel rejections;
    ui::ReadingsFilterModel filtered;
    ui::StaleSensorsModel stale;
    filtered.setSourceModel(&readings);
    stale.setSourceModel(&readings);
    filtered.setFilterText(QStringLiteral(" l0000 ")); // trimmed, case-insensitive: links L00000..L00009
    filtered.sort(ReadingsModel::AgeColumn, Qt::DescendingOrder);
    stale.sort(ReadingsModel::AgeColumn, Qt::DescendingOrder);
    const auto mode = QAbstractItemModelTester::FailureReportingMode::QtTest;
    QAbstractItemModelTester t1(&sources, mode), t2(&readings, mode), t3(&rejections, mode), t4(&filtered, mode),
        t5(&stale, mode);

    int wrongThread = 0;
    connect(&bridge, &EngineBridge::snapshotChanged, this, [&](const core::SnapshotPtr &s) {
        if (QThread::currentThread() != thread())
            ++wrongThread;
        sources.applySnapshot(s);
        readings.applySnapshot(s);
        rejections.applySnapshot(s);
    });
    QSignalSpy resets1(&sources, &QAbstractItemModel::modelReset), resets2(&readings, &QAbstractItemModel::modelReset),
        resets3(&rejections, &QAbstractItemModel::modelReset);

    QTRY_COMPARE(readings.count(), static_cast<int>(city->size()));
    QCOMPARE(stale.count(), static_cast<int>(city->size())); // nobody has reported yet

    // An in-process feed for everyone but three sensors.
    const auto silentLink = *city->find(core::EntityKind::Link, "L00003");
    const auto silentSignal = *city->find(core::EntityKind::Signal, "S00001");
    const auto silentGauge = *city->find(core::EntityKind::RainGauge, "R00001");
    auto load = core::makeSyntheticLoad(*city, city->size(), bridge.engineTimeNs(), 0, 7);
    std::erase_if(load, [&](const core::Reading &r) {
        return r.entity == silentLink || r.entity == silentSignal || r.entity == silentGauge;
    });
    bridge.ingestReadings(QStringLiteral("test feed"), load);
    QTRY_COMPARE(stale.count(), 3);
    QCOMPARE(filtered.count(), 10);

    // Real clients: good and bad lines over TCP and UDP.
    test::TcpLineClient tcp(bridge.tcpPort());
    tcp.send("traffic,link=L00001 speed_kmh=42.5,flow_vph=900,occupancy=0.25\n"
             "traffic,link=L00002 speed_kmh=30,flow_vph=700,occupancy=0.3\n"
             "parking,facility=P00001 occupied=120i,capacity=300i\n"
             "traffic,link=NOPE speed_kmh=-3\n"
             "this is not line protocol\n");
    test::sendUdp(bridge.udpPort(), "water,station=W00001 level_m=1.25\nrain,gauge=R00002 rate_mmph=-1\n");
    QTRY_COMPARE(sources.count(), 3);
    const int tcpRow = rowStartingWith(sources, SourcesModel::NameRole, QStringLiteral("tcp 127.0.0.1"));
    const int udpRow = rowStartingWith(sources, SourcesModel::NameRole, QStringLiteral("udp 127.0.0.1"));
    QVERIFY(tcpRow >= 0 && udpRow >= 0);
    QTRY_COMPARE(sources.index(tcpRow, 0).data(SourcesModel::AcceptedRole).toULongLong(), 3ull);
    QTRY_COMPARE(sources.index(tcpRow, 0).data(SourcesModel::RejectedRole).toULongLong(), 2ull);
    QCOMPARE(sources.index(tcpRow, 0).data(SourcesModel::ConnectionsRole).toInt(), 1);
    QCOMPARE(sources.index(tcpRow, SourcesModel::LinesColumn).data().toString(), QStringLiteral("5"));
    QTRY_COMPARE(sources.index(udpRow, 0).data(SourcesModel::RejectedRole).toULongLong(), 1ull);
    QTRY_COMPARE(rejections.count(), 3);
    QVERIFY(rowOf(rejections, RejectionsModel::LineRole, QStringLiteral("traffic,link=NOPE speed_kmh=-3")) >= 0);
    const int badRain = rowOf(rejections, RejectionsModel::LineRole, QStringLiteral("rain,gauge=R00002 rate_mmph=-1"));
    QVERIFY(badRain >= 0);
    QCOMPARE(rejections.index(badRain, 0).data(RejectionsModel::ReasonRole).toInt(),
             static_cast<int>(core::RejectReason::ImpossibleValue));

    const int l1 = static_cast<int>(*city->find(core::EntityKind::Link, "L00001"));
    QTRY_VERIFY(readings.index(l1, 0).data(ReadingsModel::ValuesRole).toString().contains(QStringLiteral("42.5 km/h")));
    QVERIFY(readings.index(l1, 0).data(ReadingsModel::ValuesRole).toString().contains(QStringLiteral("25%")));

    // A gauge whose only reading is ten minutes old is stale (three missed 60 s intervals), not "no data".
    const int r1 = static_cast<int>(silentGauge);
    QCOMPARE(readings.index(r1, 0).data(ReadingsModel::FreshnessRole).toInt(), static_cast<int>(core::Freshness::NoData));
    const std::int64_t tenMinutesAgo = bridge.engineTimeNs() - 600LL * 1'000'000'000;
    tcp.send("rain,gauge=R00001 rate_mmph=1.5 " + nsText(tenMinutesAgo) + "\n");
    QTRY_COMPARE(readings.index(r1, 0).data(ReadingsModel::FreshnessRole).toInt(), static_cast<int>(core::Freshness::Stale));
    QCOMPARE(stale.count(), 3);
    QVERIFY(readings.index(r1, 0).data(ReadingsModel::AgeSecondsRole).toDouble() >= 600.0);
    // Longest silent first; sensors that never reported count as the oldest of all.
    QCOMPARE(stale.index(2, 0).data(ReadingsModel::EntityIdRole).toString(), QStringLiteral("R00001"));

    // More rejections than the engine keeps: the window slides, newest on top.
    std::string burst;
    for (int k = 0; k < 250; ++k)
        burst += "traffic,link=NOPE" + std::to_string(k) + " speed_kmh=1\n";
    tcp.send(burst);
    QTRY_COMPARE(rejections.index(0, 0).data(RejectionsModel::LineRole).toString(),
                 QStringLiteral("traffic,link=NOPE249 speed_kmh=1"));
    QCOMPARE(rejections.count(), 200);
    QCOMPARE(rejections.index(199, 0).data(RejectionsModel::LineRole).toString(),
             QStringLiteral("traffic,link=NOPE50 speed_kmh=1"));

    // One reading changes exactly one row (the age column changes separately, with its roles named).
    const int l20 = static_cast<int>(*city->find(core::EntityKind::Link, "L00020"));
    QTest::qWait(200);
    QSignalSpy changes(&readings, &QAbstractItemModel::dataChanged);
    tcp.send("traffic,link=L00020 speed_kmh=12.5,flow_vph=100,occupancy=0.9\n");
    QTRY_VERIFY(readings.index(l20, 0).data(ReadingsModel::ValuesRole).toString().contains(QStringLiteral("12.5 km/h")));
    int rowSignals = 0;
    for (const auto &args : changes) {
        const auto roles = args.at(2).value<QList<int>>();
        if (!roles.isEmpty()) {
            QVERIFY(roles.contains(ReadingsModel::AgeRole));
            QVERIFY(!roles.contains(ReadingsModel::ValuesRole));
            continue;
        }
        ++rowSignals;
        QCOMPARE(args.at(0).toModelIndex().row(), l20);
        QCOMPARE(args.at(1).toModelIndex().row(), l20);
    }
    QCOMPARE(rowSignals, 1);

    QCOMPARE(resets1.count(), 0);
    QCOMPARE(resets2.count(), 0);
    QCOMPARE(resets3.count(), 0);
    QCOMPARE(wrongThread, 0);
    tcp.close();
    bridge.stop();
    QVERIFY(!bridge.running());
}

void TestEngineBridge::coalescesWhileGuiThreadIsBlocked()
{
    EngineBridge bridge(smallCity(), {});
    QSignalSpy spy(&bridge, &EngineBridge::snapshotChanged);
    MetaCallCounter queued;
    bridge.installEventFilter(&queued);
    // The producer plays the engine's io thread; the GUI thread is blocked in join() all along.
    std::thread producer([&] {
        for (std::uint64_t k = 1; k <= 1000; ++k) {
            auto s = std::make_shared<core::CitySnapshot>();
            s->sequence = k;
            bridge.publishFromEngine(s);
        }
    });
    producer.join();
    QCOMPARE(spy.count(), 0);
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 1);
    QCOMPARE(queued.count, 1); // one queued call for 1000 snapshots: the GUI's event queue never grows
    QCOMPARE(spy.at(0).at(0).value<core::SnapshotPtr>()->sequence, 1000u);
    QCOMPARE(bridge.latestSnapshot()->sequence, 1000u);
    QCoreApplication::processEvents();
    QCOMPARE(spy.count(), 1); // nothing left queued

    // After a delivery the next snapshot gets through again.
    std::thread again([&] {
        auto s = std::make_shared<core::CitySnapshot>();
        s->sequence = 1001;
        bridge.publishFromEngine(s);
    });
    again.join();
    QTRY_COMPARE(spy.count(), 2);
    QCOMPARE(spy.at(1).at(0).value<core::SnapshotPtr>()->sequence, 1001u);
}

void TestEngineBridge::coalescesRealEngineSnapshots()
{
    core::EngineConfig config;
    config.tcpPort = -1;
    config.udpPort = -1;
    config.snapshotHz = 500;
    EngineBridge bridge(smallCity(), config);
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    QSignalSpy spy(&bridge, &EngineBridge::snapshotChanged);
    QTRY_VERIFY(spy.count() > 0);
    QCoreApplication::processEvents();
    spy.clear();

    const std::uint64_t before = bridge.engine()->latestSnapshot()->sequence;
    QThread::msleep(1000); // a GUI thread busy for a second
    const std::uint64_t newest = bridge.engine()->latestSnapshot()->sequence;
    QVERIFY2(newest - before >= 100, qPrintable(QString::number(newest - before)));
    QCoreApplication::processEvents();
    QVERIFY2(spy.count() >= 1 && spy.count() <= 3, qPrintable(QString::number(spy.count())));
    // The one delivered is the newest there was (the engine may publish it a hair after latestSnapshot()).
    QVERIFY(spy.at(0).at(0).value<core::SnapshotPtr>()->sequence + 1 >= newest);
    bridge.stop();
}

void TestEngineBridge::rejectionsWindowSlidesWithoutReset()
{
    RejectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted), removed(&model, &QAbstractItemModel::rowsRemoved),
        resets(&model, &QAbstractItemModel::modelReset);

    auto snapshot = std::make_shared<core::CitySnapshot>();
    for (int k = 0; k < 200; ++k)
        snapshot->recentRejections.push_back(rejection("r" + std::to_string(k)));
    model.applySnapshot(snapshot);
    QCOMPARE(model.count(), 200);
    QCOMPARE(model.index(0, RejectionsModel::LineColumn).data().toString(), QStringLiteral("r199"));
    QCOMPARE(inserted.count(), 1);

    // Ten new ones push the ten oldest out.
    auto next = std::make_shared<core::CitySnapshot>();
    for (int k = 10; k < 210; ++k)
        next->recentRejections.push_back(rejection("r" + std::to_string(k)));
    model.applySnapshot(next);
    QCOMPARE(model.count(), 200);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 190);
    QCOMPARE(removed.at(0).at(2).toInt(), 199);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 0);
    QCOMPARE(inserted.at(1).at(2).toInt(), 9);
    QCOMPARE(model.index(0, 0).data(RejectionsModel::LineRole).toString(), QStringLiteral("r209"));
    QCOMPARE(model.index(199, 0).data(RejectionsModel::LineRole).toString(), QStringLiteral("r10"));

    // The same window again changes nothing; identical lines are told apart by position.
    model.applySnapshot(next);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(removed.count(), 1);
    auto repeated = std::make_shared<core::CitySnapshot>(*next);
    repeated->recentRejections.erase(repeated->recentRejections.begin());
    repeated->recentRejections.push_back(repeated->recentRejections.back());
    model.applySnapshot(repeated);
    QCOMPARE(model.count(), 200);
    QCOMPARE(model.index(0, 0).data(RejectionsModel::LineRole).toString(), QStringLiteral("r209"));
    QCOMPARE(model.index(1, 0).data(RejectionsModel::LineRole).toString(), QStringLiteral("r209"));
    QCOMPARE(model.index(199, 0).data(RejectionsModel::LineRole).toString(), QStringLiteral("r11"));
    QCOMPARE(resets.count(), 0);
}

void TestEngineBridge::sourcesAppendRows()
{
    SourcesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted), changed(&model, &QAbstractItemModel::dataChanged),
        resets(&model, &QAbstractItemModel::modelReset);
    auto s1 = std::make_shared<core::CitySnapshot>();
    s1->sources.resize(2);
    s1->sources[0].name = "tcp 127.0.0.1";
    s1->sources[1].name = "udp 127.0.0.1";
    model.applySnapshot(s1);
    QCOMPARE(model.count(), 2);

    auto s2 = std::make_shared<core::CitySnapshot>(*s1);
    s2->sources[1].accepted = 5;
    s2->sources.emplace_back().name = "sim";
    model.applySnapshot(s2);
    QCOMPARE(model.count(), 3);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
    QCOMPARE(model.index(1, SourcesModel::AcceptedColumn).data().toString(), QStringLiteral("5"));
    QCOMPARE(resets.count(), 0);
}

QTEST_GUILESS_MAIN(TestEngineBridge)
#include "tst_enginebridge.moc"
