// cityops: the desktop front end. Runs the engine in-process (listening for line protocol on TCP and UDP,
// recording the session) and shows the workstation window. By default the engine runs the demo city: the
// city simulator feeds it on a virtual clock that starts now and runs at the chosen speed (1x to 600x).
// With --no-simulator the engine runs on system time and takes readings from real feeds only.
//
//   cityops [--wall [--screen N]] [--scenario DIR | --replay FILE] [--speed X] [--rain none|light|heavy|extreme]
//           [--no-simulator] [--tcp-port P] [--udp-port P] [--record FILE] [--lang en|zh_CN]
//           [--screenshot PNG --screenshot-after-s S]
//
// The scenario: --scenario DIR, else $CITYOPS_SCENARIO, else the demo city installed next to the program
// (<prefix>/share/cityops/scenarios/zhengzhou), else the one in the source tree it was built from.
#include "enginebridge.h"
#include "floodwatch.h"
#include "mainwindow.h"
#include "mapwidget.h"
#include "replaytimeline.h"
#include "simulationcontroller.h"
#include "display.h"
#include "theme.h"
#include "wallkpis.h"
#include "wallplaylist.h"

#include "mapdata.h"

#include "engine/clock.h"
#include "model/scenarioloader.h"
#include "replay/recording.h"
#include "replay/replaycontroller.h"
#include "replay/sessionstore.h"
#include "timelinebar.h"
#include "sim/rainfall.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLibraryInfo>
#include <QLocale>
#include <QMessageBox>
#include <QQuickView>
#include <QtQml/qqmlextensionplugin.h>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <QTranslator>

#include <algorithm>
#include <cstdio>
#include <memory>

Q_IMPORT_QML_PLUGIN(CityOps_MapPlugin)

namespace {

using cityops::ui::MainWindow;

struct Tr {
    Q_DECLARE_TR_FUNCTIONS(cityops::app::Main)
};

/// "en", "zh_CN" or "" for anything else.
QString normaliseLanguage(QString code)
{
    code.replace(QLatin1Char('-'), QLatin1Char('_'));
    if (code.startsWith(QLatin1String("zh"), Qt::CaseInsensitive))
        return QStringLiteral("zh_CN");
    if (code.startsWith(QLatin1String("en"), Qt::CaseInsensitive) || code == QLatin1String("C"))
        return QStringLiteral("en");
    return {};
}

// --lang must be known before the option descriptions are translated, so look for it first.
QString languageFromArguments(const QStringList &arguments)
{
    for (qsizetype k = 1; k < arguments.size(); ++k) {
        const QString &a = arguments[k];
        if (a == QLatin1String("--lang") && k + 1 < arguments.size())
            return arguments[k + 1];
        if (a.startsWith(QLatin1String("--lang=")))
            return a.mid(7);
    }
    return {};
}

QString chooseLanguage(const QString &requested)
{
    if (!requested.isEmpty())
        return normaliseLanguage(requested);
    const QString saved = QSettings().value(QLatin1String(MainWindow::kLanguageKey)).toString();
    if (!saved.isEmpty())
        return normaliseLanguage(saved);
    for (const QString &ui : QLocale::system().uiLanguages())
        if (const QString code = normaliseLanguage(ui); !code.isEmpty())
            return code;
    return QStringLiteral("en");
}

void installTranslations(QApplication &app, const QString &language)
{
    const QLocale locale(language == QLatin1String("zh_CN") ? QLocale(QLocale::Chinese, QLocale::China)
                                                            : QLocale(QLocale::English, QLocale::UnitedStates));
    QLocale::setDefault(locale);
    auto *ours = new QTranslator(&app);
    if (ours->load(QStringLiteral(":/i18n/cityops_%1.qm").arg(language)))
        QApplication::installTranslator(ours);
    // Qt's own strings (standard dialogs, context menus).
    auto *qt = new QTranslator(&app);
    if (language != QLatin1String("en")
        && qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
}

bool parsePort(const QCommandLineParser &parser, const QCommandLineOption &option, int &port, QString &error)
{
    if (!parser.isSet(option))
        return true;
    bool ok = false;
    const int value = parser.value(option).toInt(&ok);
    if (!ok || value < -1 || value > 65535) {
        error = Tr::tr("--%1 must be a port number (0 picks a free port, -1 disables)").arg(option.names().constFirst());
        return false;
    }
    port = value;
    return true;
}

/// A new session file in the sessions folder (setting "recordings/folder", default under the application
/// data folder), after applying the retention policy (settings "recordings/maxAgeDays", default 30, and
/// "recordings/maxTotalGiB", default 20): oldest sessions go first, never the one being recorded.
QString defaultRecordingPath(QString &notice)
{
    QSettings settings;
    const QString folder = settings.value(QStringLiteral("recordings/folder"),
                                          QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/recordings")).toString();
    QDir().mkpath(folder);
    cityops::core::RetentionPolicy policy;
    policy.maxAgeS = static_cast<std::int64_t>(settings.value(QStringLiteral("recordings/maxAgeDays"), 30).toDouble() * 86400);
    policy.maxTotalBytes = static_cast<std::uint64_t>(settings.value(QStringLiteral("recordings/maxTotalGiB"), 20).toDouble() * (1ULL << 30));
    cityops::core::SessionStore store(QFile::encodeName(folder).toStdString(), policy);
    std::string path, error;
    const std::int64_t now = cityops::core::Clock::systemNowNs();
    if (!store.newSessionPath(now, "session", path, error)) {
        notice = Tr::tr("Sessions folder %1: %2").arg(folder, QString::fromStdString(error));
        return QDir(folder).filePath(QStringLiteral("session-%1.cityops").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    }
    store.enforce(path, now);
    return QString::fromStdString(path);
}

/// The scenario folder to load: the one asked for (--scenario, then CITYOPS_SCENARIO), else the first
/// default that holds a scenario.json. Empty, with the places looked at in `tried`, if there is none.
QString findScenario(const QString &requested, QStringList &tried)
{
    if (!requested.isEmpty())
        return requested;
    if (const QString env = qEnvironmentVariable("CITYOPS_SCENARIO"); !env.isEmpty())
        return env;
    const QString installed = QDir(QCoreApplication::applicationDirPath())
                                  .absoluteFilePath(QStringLiteral("../share/cityops/scenarios/zhengzhou"));
    const QString source = QStringLiteral(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
    for (const QString &candidate : {installed, source}) {
        const QString folder = QDir::cleanPath(candidate);
        tried << QDir::toNativeSeparators(folder);
        if (QFileInfo::exists(folder + QStringLiteral("/scenario.json")))
            return folder;
    }
    return {};
}

int fail(const QString &message, bool interactive)
{
    std::fprintf(stderr, "cityops: %s\n", qPrintable(message));
    if (interactive)
        QMessageBox::critical(nullptr, Tr::tr("CityOps"), message);
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CityOps"));
    QApplication::setApplicationName(QStringLiteral("cityops"));
    QApplication::setApplicationVersion(QStringLiteral(CITYOPS_VERSION));

    const QString requestedLanguage = languageFromArguments(QApplication::arguments());
    const QString language = chooseLanguage(requestedLanguage);
    installTranslations(app, language.isEmpty() ? QStringLiteral("en") : language);

    QCommandLineParser parser;
    parser.setApplicationDescription(Tr::tr("CityOps: digital twin of a city operations centre."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption wallOption(QStringLiteral("wall"), Tr::tr("Wall display mode (full screen, larger text)."));
    const QCommandLineOption screenOption(QStringLiteral("screen"), Tr::tr("Screen for the wall display, counting from 0 (default: the primary screen)."), Tr::tr("N"));
    const QCommandLineOption scenarioOption(QStringLiteral("scenario"), Tr::tr("Load the city from a scenario folder."), Tr::tr("DIR"));
    const QCommandLineOption replayOption(QStringLiteral("replay"), Tr::tr("Replay a recorded session."), Tr::tr("FILE"));
    const QCommandLineOption tcpOption(QStringLiteral("tcp-port"), Tr::tr("TCP port for line protocol (default 8094)."), Tr::tr("PORT"));
    const QCommandLineOption udpOption(QStringLiteral("udp-port"), Tr::tr("UDP port for line protocol (default 8094)."), Tr::tr("PORT"));
    const QCommandLineOption recordOption(QStringLiteral("record"), Tr::tr("Record the session to FILE (default: a new file under the application data folder)."), Tr::tr("FILE"));
    const QCommandLineOption langOption(QStringLiteral("lang"), Tr::tr("Interface language: en or zh_CN (default: the saved choice, else the system language)."), Tr::tr("LANG"));
    const QCommandLineOption speedOption(QStringLiteral("speed"), Tr::tr("Simulation speed, times real time, up to 600 (default: the last one chosen, else 60)."), Tr::tr("X"));
    const QCommandLineOption rainOption(QStringLiteral("rain"), Tr::tr("Rain in the simulated city: none, light, heavy or extreme, with its heaviest hour an hour after the start (default: the last one chosen, else heavy)."), Tr::tr("RAIN"));
    const QCommandLineOption noSimulatorOption(QStringLiteral("no-simulator"), Tr::tr("Do not simulate the city: run on system time and take readings from real feeds only."));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"), Tr::tr("Render the window to PNG after a delay, then exit."), Tr::tr("PNG"));
    const QCommandLineOption selectOption(QStringLiteral("select"), Tr::tr("Select an entity by its ID at start (the inspector shows it)."), Tr::tr("ID"));
    const QCommandLineOption screenshotAfterOption(QStringLiteral("screenshot-after-s"), Tr::tr("Delay before the screenshot, in seconds (default 3)."), Tr::tr("S"));
    parser.addOptions({wallOption, screenOption, scenarioOption, replayOption, tcpOption, udpOption, recordOption, langOption,
                       speedOption, rainOption, noSimulatorOption, screenshotOption, screenshotAfterOption, selectOption});

    parser.process(app); // exits on --help, --version and unknown options

    const bool screenshot = parser.isSet(screenshotOption);
    const bool interactive = !screenshot;
    if (!requestedLanguage.isEmpty() && language.isEmpty())
        return fail(Tr::tr("--lang must be en or zh_CN"), false);
    double screenshotAfter = 3.0;
    if (parser.isSet(screenshotAfterOption)) {
        bool ok = false;
        screenshotAfter = parser.value(screenshotAfterOption).toDouble(&ok);
        if (!ok || screenshotAfter < 0)
            return fail(Tr::tr("--screenshot-after-s must be a number of seconds"), false);
    }
    const bool wall = parser.isSet(wallOption);
    QScreen *wallScreen = QGuiApplication::primaryScreen();
    if (parser.isSet(screenOption)) {
        bool ok = false;
        const int index = parser.value(screenOption).toInt(&ok);
        const auto screens = QGuiApplication::screens();
        if (!ok || index < 0 || index >= screens.size())
            return fail(Tr::tr("--screen must be a screen number from 0 to %1").arg(screens.size() - 1), false);
        wallScreen = screens[index];
    }
    cityops::ui::applyTheme(app, {wall ? 14.0 : 11.0});

    cityops::core::EngineConfig config;
    QString error;
    if (!parsePort(parser, tcpOption, config.tcpPort, error) || !parsePort(parser, udpOption, config.udpPort, error))
        return fail(error, false);

    // Screenshots without --record keep their recording in a temporary folder, not among the sessions.
    QTemporaryDir scratch;
    if (parser.isSet(recordOption))
        config.recordPath = parser.value(recordOption).toStdString();
    else if (screenshot && scratch.isValid())
        config.recordPath = scratch.filePath(QStringLiteral("screenshot.cityops")).toStdString();
    QString sessionNotice;
    if (!parser.isSet(recordOption) && !(screenshot && scratch.isValid()))
        config.recordPath = defaultRecordingPath(sessionNotice).toStdString();

    // The simulation's speed and rain: the command line, else the operator's last choice, else the defaults.
    using cityops::ui::SimulationController;
    const bool simulate = !parser.isSet(noSimulatorOption);
    QSettings settings;
    double speed = SimulationController::kDefaultSpeed;
    if (parser.isSet(speedOption)) {
        bool ok = false;
        speed = parser.value(speedOption).toDouble(&ok);
        if (!ok || !(speed > 0.0 && speed <= 600.0))
            return fail(Tr::tr("--speed must be a number above 0 and at most 600"), false);
    } else if (const double saved = settings.value(QLatin1String(MainWindow::kSpeedKey)).toDouble(); saved > 0.0 && saved <= 600.0) {
        speed = saved;
    }
    cityops::core::RainScenario rain = SimulationController::kDefaultRain;
    if (parser.isSet(rainOption)) {
        if (!cityops::core::parseRainScenario(parser.value(rainOption).toStdString(), rain))
            return fail(Tr::tr("--rain must be none, light, heavy or extreme"), false);
    } else if (const QString saved = settings.value(QLatin1String(MainWindow::kRainKey)).toString(); !saved.isEmpty()) {
        if (!cityops::core::parseRainScenario(saved.toStdString(), rain))
            rain = SimulationController::kDefaultRain;
    }

    QStringList tried;
    const QString folder = findScenario(parser.value(scenarioOption), tried);
    if (folder.isEmpty())
        return fail(Tr::tr("No city scenario found. Looked in:\n%1\nName one with --scenario DIR or the "
                           "environment variable CITYOPS_SCENARIO.")
                        .arg(tried.join(QLatin1Char('\n'))),
                    interactive);
    const auto loaded = cityops::core::loadScenario(QFile::encodeName(folder).toStdString());
    if (!loaded.ok()) {
        const QString why = loaded.problems.empty()
            ? Tr::tr("scenario.json could not be read")
            : QString::fromStdString(cityops::core::formatProblem(loaded.problems.front()));
        return fail(Tr::tr("The scenario %1 has %n problem(s); the first: %2", nullptr,
                           std::max(1, static_cast<int>(loaded.problems.size())))
                        .arg(QDir::toNativeSeparators(folder), why),
                    interactive);
    }
    const auto city = loaded.scenario->city;

    QStringList notices;
    if (!sessionNotice.isEmpty())
        notices << sessionNotice;
    // A replay runs the recording through the engine on its own clock, paused at the recording's start.
    const bool replay = parser.isSet(replayOption);
    std::shared_ptr<const cityops::core::CityModel> engineModel = city;
    std::int64_t replayStartNs = 0;
    bool mapMatches = true;
    if (replay) {
        std::string openError;
        const auto recording = cityops::core::Recording::open(QFile::encodeName(parser.value(replayOption)).toStdString(), openError);
        if (!recording)
            return fail(Tr::tr("Cannot replay %1: %2").arg(parser.value(replayOption), QString::fromStdString(openError)), interactive);
        engineModel = recording->model();
        replayStartNs = recording->startNs();
        config = cityops::core::replayEngineConfig(config);
        // The map shows the recording only if it was made from this scenario (same entities, same order).
        mapMatches = engineModel->size() == city->size();
        for (std::uint32_t i = 0; mapMatches && i < city->size(); ++i)
            mapMatches = engineModel->entity(i).id == city->entity(i).id;
        if (!mapMatches)
            notices << Tr::tr("The recording is not of the scenario %1: no map.").arg(QDir::toNativeSeparators(folder));
    }
    for (const QString &notice : notices)
        std::fprintf(stderr, "cityops: %s\n", qPrintable(notice));

    // The simulated city runs on a virtual clock that starts now; real feeds only, on system time.
    auto clock = replay     ? std::make_shared<cityops::core::Clock>(replayStartNs, 0.0)
                 : simulate ? std::make_shared<cityops::core::Clock>(cityops::core::Clock::systemNowNs(), speed)
                            : nullptr;
    cityops::ui::EngineBridge bridge(engineModel, config, clock);
    // Fall back to a free port only for the defaults; a port asked for explicitly must be that port.
    bridge.setPortFallback(!parser.isSet(tcpOption) && !parser.isSet(udpOption));
    if (!bridge.start())
        return fail(Tr::tr("The engine could not start: %1").arg(bridge.errorString()), interactive);

    SimulationController simulation(&bridge, loaded.scenario);
    simulation.setSpeed(speed);
    simulation.setRain(rain);
    if (simulate && !replay)
        simulation.start();
    std::unique_ptr<cityops::core::ReplayController> replayer;
    if (replay) {
        std::string attachError;
        replayer = cityops::core::ReplayController::attach(*bridge.engine(), QFile::encodeName(parser.value(replayOption)).toStdString(), {}, attachError);
        if (!replayer)
            return fail(Tr::tr("Cannot replay %1: %2").arg(parser.value(replayOption), QString::fromStdString(attachError)), interactive);
    }

    // The wall display: a full-screen QML view (map, KPI tiles, alarms, clock); else the workstation.
    std::unique_ptr<cityops::ui::MainWindow> window;
    std::unique_ptr<cityops::ui::MapData> mapData;
    std::unique_ptr<cityops::ui::WallKpis> kpis;
    std::unique_ptr<QQuickView> view;
    std::unique_ptr<cityops::ui::FloodWatch> floodWatch;
    std::unique_ptr<cityops::ui::ReplayTimeline> wallTimeline;
    if (wall) {
        mapData = std::make_unique<cityops::ui::MapData>();
        mapData->setScenario(loaded.scenario);
        mapData->attach(&bridge);
        // The flood layer: the engine's estimate of the water now (the workstation can also show its forecast).
        if (!loaded.scenario->terrain.empty()) {
            floodWatch = std::make_unique<cityops::ui::FloodWatch>(loaded.scenario);
            floodWatch->attach(&bridge);
            // Live, its predictions raise alarms with their lead time; a replay replays the recorded ones.
            if (!replay)
                floodWatch->setForecastSink([engine = bridge.engine()](std::int64_t basisNs, auto roads) {
                    engine->postFloodForecast(basisNs, std::move(roads));
                });
            QObject::connect(floodWatch.get(), &cityops::ui::FloodWatch::nowChanged, mapData.get(),
                             [w = floodWatch.get(), d = mapData.get()] {
                                 d->setFloodField(cityops::ui::MapWidget::floodFieldOf(*w->now()));
                             });
        }
        kpis = std::make_unique<cityops::ui::WallKpis>();
        kpis->attach(&bridge);
        view = std::make_unique<QQuickView>();
        view->setColor(QColor(0x05, 0x08, 0x0c));
        QString playlistError;
        const QVariantList playlist =
            cityops::ui::WallPlaylist::fromSettings(*loaded.scenario, language == QLatin1String("zh_CN"), playlistError);
        if (!playlistError.isEmpty())
            std::fprintf(stderr, "cityops: %s; showing the default views\n", qPrintable(playlistError));
        if (replay) {
            // The wall's timeline; it starts playing at the chosen speed (60x unless --speed says otherwise).
            wallTimeline = std::make_unique<cityops::ui::ReplayTimeline>(replayer.get(), cityops::ui::Display::cityZone(*engineModel));
            wallTimeline->setRate(parser.isSet(speedOption) ? speed : 60.0);
            wallTimeline->togglePlay();
            QObject::connect(wallTimeline.get(), &cityops::ui::ReplayTimeline::previewSnapshot, mapData.get(),
                             &cityops::ui::MapData::setPreview);
        }
        view->setInitialProperties({{QStringLiteral("mapData"), QVariant::fromValue(mapData.get())},
                                    {QStringLiteral("timeline"), QVariant::fromValue(static_cast<QObject *>(wallTimeline.get()))},
                                    {QStringLiteral("kpis"), QVariant::fromValue(static_cast<QObject *>(kpis.get()))},
                                    {QStringLiteral("language"), language == QLatin1String("zh_CN") ? QStringLiteral("zh") : QStringLiteral("en")},
                                    {QStringLiteral("playlist"), playlist},
                                    {QStringLiteral("playlistIntervalS"), cityops::ui::WallPlaylist::intervalFromSettings()}});
        view->setResizeMode(QQuickView::SizeRootObjectToView);
        view->setSource(QUrl(QStringLiteral("qrc:/qt-project.org/imports/CityOps/Map/WallDisplay.qml")));
        if (view->status() != QQuickView::Ready) {
            QStringList errors;
            for (const auto &e : view->errors())
                errors << e.toString();
            return fail(Tr::tr("The wall display could not load: %1").arg(errors.join(QLatin1Char('\n'))), interactive);
        }
        view->setFlags(view->flags() | Qt::FramelessWindowHint);
        view->setScreen(wallScreen);
        // Also size it to the screen: without a window manager (a bare X server) nothing else would.
        view->setGeometry(wallScreen->geometry());
        view->showFullScreen();
    } else {
        window = std::make_unique<cityops::ui::MainWindow>(&bridge);
        if (!screenshot)
            window->setPersistLayout(true);
        window->setNotice(notices.join(QLatin1Char(' ')));
        if (mapMatches)
            window->setScenario(loaded.scenario, language == QLatin1String("zh_CN") ? QStringLiteral("zh") : QStringLiteral("en"));
        if (replay) {
            window->setRaisesFloodAlarms(false);
            window->setHistoryPath(parser.value(replayOption));
            notices << Tr::tr("Replaying %1").arg(QFileInfo(parser.value(replayOption)).fileName());
            window->setNotice(notices.join(QLatin1Char(' ')));
            auto *timeline = new cityops::ui::TimelineBar(replayer.get(), cityops::ui::Display::cityZone(*engineModel), window.get());
            timeline->setOperatorName(cityops::ui::MainWindow::operatorName());
            // Dragging the track previews that moment on the map.
            QObject::connect(timeline->timeline(), &cityops::ui::ReplayTimeline::previewSnapshot, window->mapWidget()->mapData(),
                             &cityops::ui::MapData::setPreview);
            window->addToolBar(Qt::BottomToolBarArea, timeline);
        } else if (simulate) {
            window->setSimulation(&simulation);
        }
        if (screenshot) {
            // Screenshots show the whole screen's worth (1920x1080 under the documented Xvfb).
            window->setGeometry(window->screen()->availableGeometry());
        } else if (!window->layoutRestored()) {
            const QRect available = window->screen()->availableGeometry();
            window->resize(std::min(1680, available.width()), std::min(980, available.height()));
        }
        window->show();
        if (parser.isSet(selectOption)) {
            const QString id = parser.value(selectOption);
            QTimer::singleShot(1500, window.get(), [w = window.get(), id] {
                if (!w->selectEntityById(id))
                    std::fprintf(stderr, "cityops: --select: no entity with the ID %s\n", qPrintable(id));
            });
        }
    }

    if (screenshot) {
        const QString path = parser.value(screenshotOption);
        QTimer::singleShot(static_cast<int>(screenshotAfter * 1000), &app, [&] {
            const QImage image = view ? view->grabWindow() : window->grabWithMap();
            if (image.isNull() || !image.save(path, "PNG")) {
                std::fprintf(stderr, "cityops: cannot write the screenshot to %s\n", qPrintable(path));
                QApplication::exit(1);
                return;
            }
            std::printf("screenshot %s %dx%d\n", qPrintable(path), image.width(), image.height());
            std::fflush(stdout);
            QApplication::exit(0);
        });
    }

    const int code = QApplication::exec();
    // The replay detaches its source from the engine, which must still exist: it goes before the engine.
    window.reset();
    view.reset();
    wallTimeline.reset();
    floodWatch.reset();
    replayer.reset();
    bridge.stop();
    return code;
}
