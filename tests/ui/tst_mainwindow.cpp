// MainWindow as an operator sees it (under Xvfb): lines sent over a real TCP socket to the engine show up
// in the sources view and the rejections view; the filter, the shortcuts, the status bar, the layout that
// persists, and fonts that are big enough and can draw Chinese. On the demo city with its simulator (as
// cityops runs by default): the simulator's readings arrive next to a TCP feed, and the simulation's
// controls (Space, Ctrl+Plus / Ctrl+Minus, the speed combo, the rain menu) reach the engine's clock, show
// in the status bar badge and persist.
#include "loopbackclient.h"
#include "recordcity.h"

#include "display.h"
#include "enginebridge.h"
#include "mainwindow.h"
#include "readingsmodel.h"
#include "rejectionsmodel.h"
#include "simulationcontroller.h"
#include "sourcesmodel.h"
#include "theme.h"

#include "engine/clock.h"
#include "feed/syntheticload.h"
#include "model/scenarioloader.h"
#include "model/syntheticcity.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFontDatabase>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QElapsedTimer>
#include <QProcess>
#include <QRegularExpression>

#include "alarmpanel.h"
#include "alarmsmodel.h"
#include "dataview.h"
#include "inspectorpanel.h"
#include "kpichartspanel.h"
#include "whatifpanel.h"

#include <QChart>
#include <QCheckBox>
#include <QChartView>
#include <QTableWidget>
#include <QTimeZone>

using namespace cityops;
using ui::MainWindow;

namespace {

QString cell(const QTreeView *view, int row, int column)
{
    return view->model()->index(row, column).data().toString();
}

int rowStartingWith(const QTreeView *view, int column, const QString &prefix)
{
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (cell(view, r, column).startsWith(prefix))
            return r;
    return -1;
}

core::EngineConfig loopbackConfig(const QTemporaryDir &dir)
{
    core::EngineConfig config;
    config.tcpPort = 0;
    config.udpPort = 0;
    config.snapshotHz = 20;
    config.recordPath = dir.filePath(QStringLiteral("session.cityops")).toStdString();
    return config;
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void linesOverTcpShowInSourcesAndRejections();
    void staleSensorsAndStatusBar();
    void layoutPersists();
    void simulatedCityControls();
    void whatIfAndSignalTiming();
    void fontsAreReadableAndDrawChinese();
    void acknowledgeFromTheTableAndReport();
    void openRecordingChecksTheFileAndStartsAReplay();

private:
    QTemporaryDir m_dir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(QStringLiteral("settings")));
    QCoreApplication::setOrganizationName(QStringLiteral("CityOpsTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    ui::applyTheme(*qApp);
}

void TestMainWindow::linesOverTcpShowInSourcesAndRejections()
{
    QTemporaryDir dir;
    const auto city = core::makeSyntheticCity({60, 6, 6, 4, 4, 4});
    ui::EngineBridge bridge(city, loopbackConfig(dir));
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    MainWindow window(&bridge);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *sourcesView = window.findChild<QTreeView *>(QStringLiteral("sourcesView"));
    auto *rejectionsView = window.findChild<QTreeView *>(QStringLiteral("rejectionsView"));
    auto *readingsView = window.findChild<QTreeView *>(QStringLiteral("readingsView"));
    auto *filter = window.findChild<QLineEdit *>(QStringLiteral("readingsFilter"));
    QVERIFY(sourcesView && rejectionsView && readingsView && filter);
    QTRY_COMPARE(readingsView->model()->rowCount(), static_cast<int>(city->size()));

    test::TcpLineClient tcp(bridge.tcpPort());
    tcp.send("traffic,link=L00001 speed_kmh=42.5,flow_vph=900,occupancy=0.25\n"
             "traffic,link=L00002 speed_kmh=30,flow_vph=700,occupancy=0.3\n"
             "water,station=W00001 level_m=1.25\n"
             "traffic,link=NOPE speed_kmh=-3\n");

    using S = ui::SourcesModel;
    QTRY_VERIFY(rowStartingWith(sourcesView, S::NameColumn, QStringLiteral("tcp 127.0.0.1")) >= 0);
    const int row = rowStartingWith(sourcesView, S::NameColumn, QStringLiteral("tcp 127.0.0.1"));
    QTRY_COMPARE(cell(sourcesView, row, S::AcceptedColumn), QStringLiteral("3"));
    QTRY_COMPARE(cell(sourcesView, row, S::RejectedColumn), QStringLiteral("1"));
    QCOMPARE(cell(sourcesView, row, S::LinesColumn), QStringLiteral("4"));
    QCOMPARE(cell(sourcesView, row, S::ConnectionsColumn), QStringLiteral("1"));
    QVERIFY(!cell(sourcesView, row, S::LastSeenColumn).isEmpty());

    using R = ui::RejectionsModel;
    QTRY_COMPARE(rejectionsView->model()->rowCount(), 1);
    QCOMPARE(cell(rejectionsView, 0, R::LineColumn), QStringLiteral("traffic,link=NOPE speed_kmh=-3"));
    QCOMPARE(cell(rejectionsView, 0, R::ReasonColumn), ui::Display::rejectReason(core::RejectReason::UnknownEntity));
    QCOMPARE(cell(rejectionsView, 0, R::SourceColumn), QStringLiteral("tcp 127.0.0.1"));
    auto *rejectionsDock = window.findChild<QDockWidget *>(QStringLiteral("rejectionsDock"));
    QTRY_VERIFY(rejectionsDock->windowTitle().contains(QStringLiteral("(1)")));

    // The rows are really drawn: the line is visible in the rejections view's viewport (its tab raised).
    window.showView(MainWindow::View::Rejections);
    const QRect lineRect = rejectionsView->visualRect(rejectionsView->model()->index(0, R::LineColumn));
    QVERIFY(rejectionsView->viewport()->rect().intersects(lineRect));

    // The text filter narrows the readings to the link typed in, with its values and units.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), filter);
    QTest::keyClicks(filter, QStringLiteral("l00001"));
    QTRY_COMPARE(readingsView->model()->rowCount(), 1);
    QTRY_VERIFY(cell(readingsView, 0, ui::ReadingsModel::ValuesColumn).contains(QStringLiteral("42.5 km/h")));
    QCOMPARE(cell(readingsView, 0, ui::ReadingsModel::FreshnessColumn), ui::Display::freshness(core::Freshness::Fresh));

    // Ctrl+1..4 switch views.
    QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), rejectionsView);
    QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), sourcesView);
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    QTRY_COMPARE(QApplication::focusWidget(), readingsView);
    tcp.close();
    QTRY_COMPARE(cell(sourcesView, row, S::ConnectionsColumn), QStringLiteral("0"));
}

void TestMainWindow::staleSensorsAndStatusBar()
{
    QTemporaryDir dir;
    const auto city = core::makeSyntheticCity({30, 4, 4, 4, 4, 4});
    ui::EngineBridge bridge(city, loopbackConfig(dir));
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    MainWindow window(&bridge);
    window.setNotice(QStringLiteral("a notice"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto load = core::makeSyntheticLoad(*city, city->size(), bridge.engineTimeNs(), 0, 3);
    const auto silent = *city->find(core::EntityKind::WaterStation, "W00002");
    std::erase_if(load, [&](const core::Reading &r) { return r.entity == silent; });
    bridge.ingestReadings(QStringLiteral("test"), load);

    auto *staleView = window.findChild<QTreeView *>(QStringLiteral("staleView"));
    QTRY_COMPARE(staleView->model()->rowCount(), 1);
    QCOMPARE(cell(staleView, 0, ui::ReadingsModel::IdColumn), QStringLiteral("W00002"));
    QVERIFY(staleView->isColumnHidden(ui::ReadingsModel::ValuesColumn));

    auto label = [&](const char *name) { return window.findChild<QLabel *>(QLatin1String(name)); };
    QTRY_VERIFY(label("portsLabel")->text().contains(QString::number(bridge.tcpPort())));
    QVERIFY(label("portsLabel")->text().contains(QString::number(bridge.udpPort())));
    QTRY_VERIFY(label("recorderLabel")->text().contains(QString::number(city->size() - 1)));
    QVERIFY(label("engineTimeLabel")->text().contains(QString::number(QDate::currentDate().year())));
    // A live engine without the simulator: no badge, no simulation controls.
    QVERIFY(!label("simulationLabel")->isVisible());
    QVERIFY(!window.findChild<QComboBox *>(QStringLiteral("speedCombo")));
    QCOMPARE(label("noticeLabel")->text(), QStringLiteral("a notice"));
    QVERIFY(label("noticeLabel")->isVisible());
    bridge.stop();
}

void TestMainWindow::openRecordingChecksTheFileAndStartsAReplay()
{
    QTemporaryDir dir;
    const QString good = dir.filePath(QStringLiteral("short.cityops"));
    QCOMPARE(testing::recordDemoCity(good, QStringLiteral("5m"), 3, false), 0);
    const QString garbage = dir.filePath(QStringLiteral("garbage.cityops"));
    {
        QFile f(garbage);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
    }

    ui::EngineBridge bridge(core::makeSyntheticCity({10, 1, 1, 1, 1, 1}), loopbackConfig(dir));
    MainWindow window(&bridge);
    QStringList launched;
    window.setLauncher([&](const QString &program, const QStringList &arguments) {
        launched = QStringList{program} + arguments;
        return true;
    });
    QVERIFY(window.findChild<QAction *>(QStringLiteral("openRecording")));
    // A file that is no recording: the reason, and nothing started.
    QString warning;
    QTimer::singleShot(300, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            warning = box->text();
            box->close();
        }
    });
    QVERIFY(!window.openRecording(garbage));
    QVERIFY2(warning.contains(QStringLiteral("Cannot open")), qPrintable(warning));
    QVERIFY(launched.isEmpty());
    // A recording: this program again, replaying it.
    QVERIFY(window.openRecording(good));
    QCOMPARE(launched.value(0), QCoreApplication::applicationFilePath());
    QCOMPARE(launched.mid(1, 2), (QStringList{QStringLiteral("--replay"), good}));
}

void TestMainWindow::layoutPersists()
{
    QTemporaryDir dir;
    ui::EngineBridge bridge(core::makeSyntheticCity({10, 1, 1, 1, 1, 1}), loopbackConfig(dir));
    int idWidth = 0;
    {
        MainWindow window(&bridge);
        window.setPersistLayout(true);
        QVERIFY(!window.layoutRestored());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *header = window.findChild<QTreeView *>(QStringLiteral("readingsView"))->header();
        idWidth = header->sectionSize(ui::ReadingsModel::IdColumn) + 37;
        header->resizeSection(ui::ReadingsModel::IdColumn, idWidth);
        window.findChild<QDockWidget *>(QStringLiteral("staleDock"))->hide();
        window.close();
    }
    MainWindow again(&bridge);
    again.setPersistLayout(true);
    QVERIFY(again.layoutRestored());
    again.show();
    QVERIFY(QTest::qWaitForWindowExposed(&again));
    QCOMPARE(again.findChild<QTreeView *>(QStringLiteral("readingsView"))->header()->sectionSize(ui::ReadingsModel::IdColumn),
             idWidth);
    QVERIFY(!again.findChild<QDockWidget *>(QStringLiteral("staleDock"))->isVisible());
    QVERIFY(again.findChild<QDockWidget *>(QStringLiteral("rejectionsDock"))->isVisible());
}

void TestMainWindow::simulatedCityControls()
{
    const auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    QVERIFY(loaded.ok());
    QTemporaryDir dir;
    const auto clock = std::make_shared<core::Clock>(core::Clock::systemNowNs(), 60.0);
    ui::EngineBridge bridge(loaded.scenario->city, loopbackConfig(dir), clock);
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    ui::SimulationController simulation(&bridge, loaded.scenario);
    simulation.setRain(core::RainScenario::None);
    simulation.setSpeed(60);
    simulation.start();
    MainWindow window(&bridge);
    window.setSimulation(&simulation);
    window.resize(1600, 950);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));

    auto *badge = window.findChild<QLabel *>(QStringLiteral("simulationLabel"));
    auto *combo = window.findChild<QComboBox *>(QStringLiteral("speedCombo"));
    auto *sourcesView = window.findChild<QTreeView *>(QStringLiteral("sourcesView"));
    auto *readingsView = window.findChild<QTreeView *>(QStringLiteral("readingsView"));
    QVERIFY(badge && combo && sourcesView && readingsView);
    QVERIFY(badge->isVisible());
    QCOMPARE(badge->text(), QStringLiteral("SIMULATED CITY · 60x"));
    QCOMPARE(combo->currentText(), QStringLiteral("60x"));
    QCOMPARE(combo->count(), 5);

    // The simulator's readings arrive as the source "simulator", next to a real TCP feed.
    using S = ui::SourcesModel;
    QTRY_VERIFY_WITH_TIMEOUT(rowStartingWith(sourcesView, S::NameColumn, QStringLiteral("simulator")) >= 0, 15000);
    const int simRow = rowStartingWith(sourcesView, S::NameColumn, QStringLiteral("simulator"));
    QTRY_VERIFY(sourcesView->model()->index(simRow, 0).data(S::AcceptedRole).toULongLong() >= loaded.scenario->city->size());
    test::TcpLineClient tcp(bridge.tcpPort());
    tcp.send("traffic,link=NOPE speed_kmh=3\n");
    QTRY_VERIFY(rowStartingWith(sourcesView, S::NameColumn, QStringLiteral("tcp 127.0.0.1")) >= 0);
    QCOMPARE(readingsView->model()->rowCount(), static_cast<int>(loaded.scenario->city->size()));

    // Space pauses and resumes, from the readings view too.
    readingsView->setFocus();
    QTest::keyClick(readingsView, Qt::Key_Space);
    QVERIFY(simulation.paused());
    QCOMPARE(badge->text(), QStringLiteral("SIMULATED CITY · PAUSED"));
    QTRY_COMPARE(clock->rate(), 0.0);
    QTest::keyClick(&window, Qt::Key_Space);
    QVERIFY(!simulation.paused());
    QTRY_COMPARE(clock->rate(), 60.0);
    // ...but a space typed into the filter is a space.
    auto *filter = window.findChild<QLineEdit *>(QStringLiteral("readingsFilter"));
    filter->setFocus();
    QTest::keyClicks(filter, QStringLiteral("a b"));
    QCOMPARE(filter->text(), QStringLiteral("a b"));
    QVERIFY(!simulation.paused());
    filter->clear();
    readingsView->setFocus();

    // Ctrl+Plus and Ctrl+Minus step the speed; the badge, the combo and the clock follow; the choice persists.
    QTest::keyClick(&window, Qt::Key_Plus, Qt::ControlModifier);
    QCOMPARE(simulation.speed(), 300.0);
    QCOMPARE(badge->text(), QStringLiteral("SIMULATED CITY · 300x"));
    QCOMPARE(combo->currentText(), QStringLiteral("300x"));
    QTRY_COMPARE(clock->rate(), 300.0);
    QCOMPARE(QSettings().value(QLatin1String(MainWindow::kSpeedKey)).toDouble(), 300.0);
    QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(&window, Qt::Key_Minus, Qt::ControlModifier);
    QCOMPARE(simulation.speed(), 10.0);
    QTRY_COMPARE(clock->rate(), 10.0);
    QCOMPARE(QSettings().value(QLatin1String(MainWindow::kSpeedKey)).toDouble(), 10.0);

    // The combo sets the speed.
    combo->showPopup();
    QAbstractItemView *popup = combo->view();
    QTRY_VERIFY(popup->isVisible());
    const QModelIndex item = popup->model()->index(combo->findText(QStringLiteral("600x")), 0);
    popup->setCurrentIndex(item);
    QTest::keyClick(popup, Qt::Key_Return);
    QTRY_VERIFY(!popup->isVisible());
    QCOMPARE(simulation.speed(), 600.0);
    QTRY_COMPARE(clock->rate(), 600.0);

    // The rain menu restarts the simulation with that rain, and the choice persists.
    QMenu *menu = window.findChild<QMenu *>(QStringLiteral("simulationMenu"));
    QVERIFY(menu);
    QAction *extreme = nullptr;
    for (QAction *action : menu->findChildren<QAction *>())
        if (action->isCheckable() && action->text() == ui::Display::rainScenario(core::RainScenario::Extreme))
            extreme = action;
    QVERIFY(extreme);
    const int restarts = simulation.restarts();
    extreme->trigger();
    QCOMPARE(simulation.rain(), core::RainScenario::Extreme);
    QCOMPARE(simulation.restarts(), restarts + 1);
    QVERIFY(extreme->isChecked());
    QCOMPARE(QSettings().value(QLatin1String(MainWindow::kRainKey)).toString(), QStringLiteral("extreme"));
    auto *rainLabel = window.findChild<QLabel *>(QStringLiteral("rainLabel"));
    QVERIFY(rainLabel->text().contains(ui::Display::rainScenario(core::RainScenario::Extreme)));
    QVERIFY(badge->toolTip().contains(ui::Display::rainScenario(core::RainScenario::Extreme)));
    tcp.close();
    window.close();
    bridge.stop();
}

void TestMainWindow::whatIfAndSignalTiming()
{
    const auto loaded = core::loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    QVERIFY(loaded.ok());
    QTemporaryDir dir;
    // 17:00 in the city today: the evening peak builds up.
    const QDateTime evening(QDate::currentDate(), QTime(17, 0), QTimeZone("Asia/Shanghai"));
    const auto clock = std::make_shared<core::Clock>(evening.toMSecsSinceEpoch() * 1'000'000LL, 600.0);
    ui::EngineBridge bridge(loaded.scenario->city, loopbackConfig(dir), clock);
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    ui::SimulationController simulation(&bridge, loaded.scenario);
    simulation.setRain(core::RainScenario::None);
    simulation.setSpeed(600);
    simulation.start();
    MainWindow window(&bridge);
    window.setSimulation(&simulation);
    window.resize(1600, 950);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTRY_VERIFY_WITH_TIMEOUT(simulation.simulatedTimeNs() >= simulation.startNs() + 20 * 60'000'000'000LL, 30000);

    // Ctrl+Shift+W shows the what-if and runs it: both outcomes side by side, and the change.
    ui::WhatIfPanel *panel = window.whatIfPanel();
    QVERIFY(panel);
    panel->findChild<QCheckBox *>(QStringLiteral("whatIfAuto"))->setChecked(false);
    QTRY_VERIFY_WITH_TIMEOUT(!panel->running(), 60000); // a refresh that started on its own
    const auto before = panel->result();
    panel->findChild<QComboBox *>(QStringLiteral("whatIfHorizon"))->setCurrentIndex(0); // 30 min
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(panel->isVisible());
    QVERIFY(panel->running());
    QTRY_VERIFY_WITH_TIMEOUT(panel->result() != before, 60000);
    const auto result = panel->result();
    QCOMPARE(result->minutes, 30);
    QVERIFY(result->startNs >= simulation.startNs() + 20 * 60'000'000'000LL);
    QVERIFY(result->fixed.speedKmh > 5 && result->adaptive.speedKmh > 5);
    QTableWidget *table = panel->table();
    QCOMPARE(table->item(0, 0)->text(), QLocale().toString(result->fixed.speedKmh, 'f', 1));
    QCOMPARE(table->item(0, 1)->text(), QLocale().toString(result->adaptive.speedKmh, 'f', 1));
    QVERIFY(table->item(1, 2)->text().endsWith(QStringLiteral(" %")));
    auto *chart = panel->findChild<QChartView *>(QStringLiteral("whatIfChart"));
    QCOMPARE(chart->chart()->series().size(), 2);
    QCOMPARE(QSettings().value(QStringLiteral("whatif/minutes")).toInt(), 30);
    // The dashboard says it too.
    const double speedGain = (result->adaptive.speedKmh - result->fixed.speedKmh) / result->fixed.speedKmh * 100.0;
    QVERIFY2(window.kpiCharts()->signalEffectText().contains(
                 QStringLiteral("average speed %1%2 %").arg(speedGain >= 0 ? QStringLiteral("+") : QString()).arg(speedGain, 0, 'f', 1)),
             qPrintable(window.kpiCharts()->signalEffectText()));

    // The inspector shows an intersection's phases: the plan's greens under fixed-time control, the greens
    // adaptive control gave once the city is switched.
    auto *inspector = window.findChild<ui::InspectorPanel *>();
    QVERIFY(inspector);
    int signal = -1;
    for (std::uint32_t e = 0; e < loaded.scenario->city->size() && signal < 0; ++e)
        if (loaded.scenario->city->entity(e).kind == core::EntityKind::Signal)
            signal = static_cast<int>(e);
    QTRY_VERIFY(bridge.latestSnapshot() != nullptr);
    inspector->setEntity(signal);
    QTRY_VERIFY_WITH_TIMEOUT(inspector->signalText().contains(QStringLiteral("fixed-time plan")), 10000);
    QVERIFY(inspector->signalText().contains(QStringLiteral("Phase 1<")));
    QVERIFY(inspector->signalText().contains(QStringLiteral("Planned green")));
    simulation.setDistrictAdaptive(QString(), true);
    QTRY_VERIFY_WITH_TIMEOUT(inspector->signalText().contains(QStringLiteral("adaptive control")), 15000);
    if (const QByteArray shots = qgetenv("CITYOPS_SCREENSHOT_DIR"); !shots.isEmpty())
        window.grab().save(QString::fromLocal8Bit(shots) + QStringLiteral("/whatif.png"));
    window.close();
    bridge.stop();
}

void TestMainWindow::fontsAreReadableAndDrawChinese()
{
    const QFont font = QApplication::font();
    QVERIFY2(font.pointSizeF() >= 11.0, qPrintable(QString::number(font.pointSizeF())));
    bool cjk = false;
    for (const QString &family : font.families())
        cjk = cjk || QFontDatabase::writingSystems(family).contains(QFontDatabase::SimplifiedChinese);
    QVERIFY2(cjk, qPrintable(font.families().join(QLatin1Char(','))));
}

// An operator selects an alarm in the table and presses Ctrl+K: it is acknowledged in the operator's name.
// Then the incident report over the window is a real PDF (pdfinfo reads it) with the charts and the log.
void TestMainWindow::acknowledgeFromTheTableAndReport()
{
    QTemporaryDir dir;
    const auto city = core::makeSyntheticCity({20, 2, 2, 2, 4, 2});
    std::uint32_t station = 0;
    while (city->entity(station).kind != core::EntityKind::WaterStation)
        ++station;
    std::uint32_t station2 = station + 1;
    while (city->entity(station2).kind != core::EntityKind::WaterStation)
        ++station2;
    auto clock = std::make_shared<core::Clock>(core::Clock::systemNowNs(), 300.0);
    auto config = loopbackConfig(dir);
    ui::EngineBridge bridge(city, config, clock);
    QVERIFY2(bridge.start(), qPrintable(bridge.errorString()));
    QSettings().setValue(QLatin1String(MainWindow::kOperatorKey), QStringLiteral("tester"));
    MainWindow window(&bridge);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const std::int64_t startNs = bridge.engineTimeNs();

    // Water at three times a station's warning level, now.
    auto flood = [&](std::uint32_t s) {
        core::Reading r;
        r.timeNs = bridge.engineTimeNs();
        r.entity = s;
        r.measurement = core::Measurement::Water;
        r.fieldMask = 1;
        r.values[0] = city->entity(s).warningLevelM * 3.0;
        bridge.ingestReadings(QStringLiteral("test"), {r});
    };
    auto *view = window.alarmPanel()->view();
    QElapsedTimer timer;
    timer.start();
    while (view->model()->rowCount() == 0 && timer.elapsed() < 15000) {
        flood(station);
        QTest::qWait(30);
    }
    QCOMPARE(view->model()->rowCount(), 1);
    window.showView(MainWindow::View::Alarms);
    view->selectionModel()->select(view->model()->index(0, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier);
    QTRY_COMPARE(view->model()->index(0, ui::AlarmsModel::StateColumn).data().toString(),
                 ui::AlarmsModel::stateText(core::AlarmState::Acknowledged));
    QVERIFY(view->model()->index(0, ui::AlarmsModel::AckColumn).data().toString().startsWith(QStringLiteral("tester")));
    // From the map's side: the selected place's active alarms, acknowledged in one go (Ctrl+Shift+K).
    auto *alarms = window.alarmsModel();
    auto rowFor = [&](std::uint32_t entity) {
        for (int row = 0; row < alarms->count(); ++row)
            if (alarms->alarm(row).entity == entity)
                return row;
        return -1;
    };
    QElapsedTimer again;
    again.start();
    while (rowFor(station2) < 0 && again.elapsed() < 15000) {
        flood(station);
        flood(station2);
        QTest::qWait(30);
    }
    QVERIFY(rowFor(station2) >= 0);
    QCOMPARE(alarms->alarm(rowFor(station2)).state, core::AlarmState::Active);
    QVERIFY(window.selectEntityById(QString::fromStdString(city->entity(station2).id)));
    QTest::keyClick(&window, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(alarms->alarm(rowFor(station2)).state, core::AlarmState::Acknowledged);
    QCOMPARE(alarms->alarm(rowFor(station2)).acknowledgedBy, std::string("tester"));
    QTest::qWait(1500); // a few engine minutes of KPIs, and the recording's commit

    const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
    QString error;
    QVERIFY2(window.writeIncidentReport(pdf, startNs, bridge.engineTimeNs(), error), qPrintable(error));
    QProcess info;
    info.start(QStringLiteral("pdfinfo"), {pdf});
    QVERIFY(info.waitForFinished(30000));
    QCOMPARE(info.exitCode(), 0);
    const QString out = QString::fromUtf8(info.readAllStandardOutput());
    const QRegularExpressionMatch pages = QRegularExpression(QStringLiteral("Pages:\\s+(\\d+)")).match(out);
    QVERIFY2(pages.hasMatch(), qPrintable(out));
    QVERIFY2(pages.captured(1).toInt() >= 3, qPrintable(out)); // figures and maps, charts, alarm log
    QProcess text;
    text.start(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
    QVERIFY(text.waitForFinished(30000));
    const QString body = QString::fromUtf8(text.readAllStandardOutput());
    QVERIFY2(body.contains(QStringLiteral("Incident report")), qPrintable(body.left(400)));
    QVERIFY2(body.contains(QStringLiteral("tester")), qPrintable(body.right(800)));
    QVERIFY(body.contains(QString::fromStdString(city->entity(station).id)));
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
