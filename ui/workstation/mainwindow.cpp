#include "mainwindow.h"

#include "engine/engine.h"

#include "alarmpanel.h"
#include "alarmsmodel.h"
#include "citymap.h"
#include "csvexport.h"
#include "dataview.h"
#include "incidentreport.h"
#include "inspectorpanel.h"
#include "kpichartspanel.h"
#include "kpihistory.h"
#include "mapwidget.h"
#include "display.h"
#include "enginebridge.h"
#include "floodwatch.h"
#include "parkingguidancepanel.h"
#include "parkingwatch.h"
#include "servicewatch.h"
#include "speedwatch.h"
#include "whatifpanel.h"
#include "freshnessdelegate.h"
#include "readingsfiltermodel.h"
#include "readingsmodel.h"
#include "rejectionsmodel.h"
#include "simulationcontroller.h"
#include "sourcesmodel.h"
#include "stalesensorsmodel.h"

#include "model/citymodel.h"
#include "replay/recording.h"
#include "store/recordingreader.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QInputDialog>
#include <QPushButton>
#include <QTabWidget>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateTime>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPainter>
#include <QPixmap>
#include <QPolygonF>
#include <QProcess>
#include <QSettings>
#include <QShowEvent>
#include <QStandardPaths>
#include <QStatusBar>
#include <QToolBar>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <span>
#include <cmath>

namespace cityops::ui {

namespace {

DataView *makeView(const QString &objectName, QWidget *parent)
{
    auto *view = new DataView(parent);
    view->setObjectName(objectName);
    return view;
}

/// Width for a column that must show `samples` (and its header) without truncation.
int columnWidth(const QTreeView *view, const QStringList &samples, int column)
{
    const QFontMetrics body(view->font());
    const QFontMetrics head(view->header()->font());
    int width = head.horizontalAdvance(view->model()->headerData(column, Qt::Horizontal).toString()) + 36;
    for (const QString &s : samples)
        width = std::max(width, body.horizontalAdvance(s) + 24);
    return width;
}

/// A play (triangle) or pause (two bars) icon in `color`: the style's own are black, unreadable on the
/// dark theme.
QIcon mediaIcon(bool play, const QColor &color)
{
    QIcon icon;
    for (int size : {16, 24, 32, 48}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        const qreal m = size * 0.2, w = size - 2 * m;
        if (play) {
            painter.drawPolygon(QPolygonF({QPointF(m + w * 0.1, m), QPointF(m + w * 0.1, m + w), QPointF(m + w, m + w / 2)}));
        } else {
            painter.drawRect(QRectF(m + w * 0.05, m, w * 0.3, w));
            painter.drawRect(QRectF(m + w * 0.65, m, w * 0.3, w));
        }
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QStringList kindSamples()
{
    QStringList out;
    for (int k = 0; k < core::kEntityKindCount; ++k)
        out << Display::kind(static_cast<core::EntityKind>(k));
    return out;
}

QStringList freshnessSamples()
{
    return {Display::freshness(core::Freshness::Fresh), Display::freshness(core::Freshness::Stale),
            Display::freshness(core::Freshness::NoData)};
}

QStringList reasonSamples()
{
    QStringList out;
    for (int r = 0; r < core::kRejectReasonCount; ++r)
        out << Display::rejectReason(static_cast<core::RejectReason>(r));
    return out;
}

} // namespace

MainWindow::MainWindow(EngineBridge *bridge, QWidget *parent)
    : QMainWindow(parent)
    , m_bridge(bridge)
    , m_sources(new SourcesModel(this))
    , m_readings(new ReadingsModel(this))
    , m_readingsFilter(new ReadingsFilterModel(this))
    , m_stale(new StaleSensorsModel(this))
    , m_rejections(new RejectionsModel(this))
    , m_alarms(new AlarmsModel(this))
    , m_kpiHistory(new KpiHistory(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    m_readingsFilter->setSourceModel(m_readings);
    m_stale->setSourceModel(m_readings);

    createViews();
    createActions();
    createStatusBar();
    applyDefaultLayout();

    connect(m_bridge, &EngineBridge::snapshotChanged, this, &MainWindow::onSnapshot);
    connect(m_bridge, &EngineBridge::runningChanged, this, &MainWindow::updatePorts);
    if (auto snapshot = m_bridge->latestSnapshot())
        onSnapshot(snapshot);
    updatePorts();
    updateTitles();
}

MainWindow::~MainWindow() = default;

void MainWindow::createViews()
{
    // The map is the centre; the latest readings are a dock among the feeds.
    m_map = new MapWidget(this);
    setCentralWidget(m_map);
    connect(m_map, &MapWidget::entityClicked, this, &MainWindow::selectEntity);

    m_readingsDock = new QDockWidget(this);
    m_readingsDock->setObjectName(QStringLiteral("readingsDock"));
    auto *central = new QWidget(m_readingsDock);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(6, 6, 6, 0);
    auto *titleRow = new QHBoxLayout;
    m_readingsTitle = new QLabel(central);
    QFont titleFont = m_readingsTitle->font();
    titleFont.setBold(true);
    m_readingsTitle->setFont(titleFont);
    m_filter = new QLineEdit(central);
    m_filter->setObjectName(QStringLiteral("readingsFilter"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setPlaceholderText(tr("Filter by kind, ID or name (Ctrl+F)"));
    m_filter->setMinimumWidth(QFontMetrics(m_filter->font()).horizontalAdvance(m_filter->placeholderText()) + 48);
    titleRow->addWidget(m_readingsTitle);
    titleRow->addStretch(1);
    titleRow->addWidget(m_filter, 1);
    layout->addLayout(titleRow);

    auto *delegate = new FreshnessDelegate(this);
    m_readingsView = makeView(QStringLiteral("readingsView"), central);
    m_readingsView->setModel(m_readingsFilter);
    m_readingsView->setItemDelegate(delegate);
    m_readingsView->setSortingEnabled(true);
    m_readingsView->sortByColumn(ReadingsModel::IdColumn, Qt::AscendingOrder);
    m_readingsView->sortByColumn(ReadingsModel::KindColumn, Qt::AscendingOrder);
    layout->addWidget(m_readingsView, 1);
    m_readingsDock->setWidget(central);
    addDockWidget(Qt::BottomDockWidgetArea, m_readingsDock);
    connect(m_readingsView, &QTreeView::activated, this, [this](const QModelIndex &index) {
        selectEntity(m_readingsFilter->mapToSource(index).row());
    });
    connect(m_filter, &QLineEdit::textChanged, m_readingsFilter, &ReadingsFilterModel::setFilterText);
    auto updateEmptyText = [this] {
        const QString text = m_filter->text().trimmed();
        m_readingsView->setEmptyText(text.isEmpty() ? tr("Waiting for the engine's first snapshot...")
                                                    : tr("No kind, ID or name contains \u201c%1\u201d.").arg(text));
    };
    connect(m_filter, &QLineEdit::textChanged, this, updateEmptyText);
    updateEmptyText();
    connect(m_readingsFilter, &ReadingsFilterModel::countChanged, this, &MainWindow::updateTitles);

    auto *header = m_readingsView->header();
    header->resizeSection(ReadingsModel::KindColumn, columnWidth(m_readingsView, kindSamples(), ReadingsModel::KindColumn));
    header->resizeSection(ReadingsModel::IdColumn, columnWidth(m_readingsView, {QStringLiteral("W00000000")}, ReadingsModel::IdColumn));
    header->resizeSection(ReadingsModel::NameColumn, columnWidth(m_readingsView, {QStringLiteral("Jinshui Road East 000")}, ReadingsModel::NameColumn));
    header->resizeSection(ReadingsModel::AgeColumn, columnWidth(m_readingsView, {Display::age(23LL * 3600 * 1'000'000'000 + 59LL * 60 * 1'000'000'000), ReadingsModel::tr("never")}, ReadingsModel::AgeColumn));
    header->resizeSection(ReadingsModel::FreshnessColumn, columnWidth(m_readingsView, freshnessSamples(), ReadingsModel::FreshnessColumn));
    header->setSectionResizeMode(ReadingsModel::ValuesColumn, QHeaderView::Stretch);
    header->setMinimumSectionSize(QFontMetrics(m_readingsView->font()).horizontalAdvance(QStringLiteral("0000")));

    // Sources: few rows, so sizing to contents is cheap and never truncates a counter.
    m_sourcesDock = new QDockWidget(this);
    m_sourcesDock->setObjectName(QStringLiteral("sourcesDock"));
    m_sourcesView = makeView(QStringLiteral("sourcesView"), m_sourcesDock);
    m_sourcesView->setModel(m_sources);
    m_sourcesView->setEmptyText(tr("No feed has connected yet. Send InfluxDB line protocol to the TCP or UDP port "
                                   "shown in the status bar."));
    m_sourcesView->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_sourcesView->header()->setSectionResizeMode(SourcesModel::NameColumn, QHeaderView::Stretch);
    m_sourcesDock->setWidget(m_sourcesView);
    addDockWidget(Qt::TopDockWidgetArea, m_sourcesDock);
    connect(m_sources, &SourcesModel::countChanged, this, &MainWindow::updateTitles);

    // Stale sensors: the readings that stopped, longest silent first. Their last values stay in the
    // readings view; here what matters is who and since when.
    m_staleDock = new QDockWidget(this);
    m_staleDock->setObjectName(QStringLiteral("staleDock"));
    m_staleView = makeView(QStringLiteral("staleView"), m_staleDock);
    m_staleView->setModel(m_stale);
    m_staleView->setEmptyText(tr("Every sensor is reporting."));
    m_staleView->setItemDelegate(delegate);
    m_staleView->setSortingEnabled(true);
    m_staleView->sortByColumn(ReadingsModel::AgeColumn, Qt::DescendingOrder);
    // The age says it all here ("5 min", or "never" for a sensor that has not reported yet).
    m_staleView->setColumnHidden(ReadingsModel::ValuesColumn, true);
    m_staleView->setColumnHidden(ReadingsModel::FreshnessColumn, true);
    auto *staleHeader = m_staleView->header();
    staleHeader->resizeSection(ReadingsModel::KindColumn, header->sectionSize(ReadingsModel::KindColumn));
    staleHeader->resizeSection(ReadingsModel::IdColumn, header->sectionSize(ReadingsModel::IdColumn));
    staleHeader->resizeSection(ReadingsModel::AgeColumn, header->sectionSize(ReadingsModel::AgeColumn));
    staleHeader->setSectionResizeMode(ReadingsModel::NameColumn, QHeaderView::Stretch);
    m_staleDock->setWidget(m_staleView);
    addDockWidget(Qt::RightDockWidgetArea, m_staleDock);
    connect(m_stale, &StaleSensorsModel::countChanged, this, &MainWindow::updateTitles);

    m_rejectionsDock = new QDockWidget(this);
    m_rejectionsDock->setObjectName(QStringLiteral("rejectionsDock"));
    m_rejectionsView = makeView(QStringLiteral("rejectionsView"), m_rejectionsDock);
    m_rejectionsView->setModel(m_rejections);
    m_rejectionsView->setEmptyText(tr("No rejected lines. Lines that do not parse, name an unknown sensor or carry "
                                      "an impossible value appear here, newest first."));
    auto *rejectionsHeader = m_rejectionsView->header();
    rejectionsHeader->resizeSection(RejectionsModel::TimeColumn, columnWidth(m_rejectionsView, {QStringLiteral("00:00:00")}, RejectionsModel::TimeColumn));
    rejectionsHeader->resizeSection(RejectionsModel::SourceColumn, columnWidth(m_rejectionsView, {QStringLiteral("tcp 127.0.0.1")}, RejectionsModel::SourceColumn));
    rejectionsHeader->resizeSection(RejectionsModel::ReasonColumn, columnWidth(m_rejectionsView, reasonSamples(), RejectionsModel::ReasonColumn));
    rejectionsHeader->setSectionResizeMode(RejectionsModel::LineColumn, QHeaderView::Stretch);
    m_rejectionsDock->setWidget(m_rejectionsView);
    addDockWidget(Qt::BottomDockWidgetArea, m_rejectionsDock);
    connect(m_rejections, &RejectionsModel::countChanged, this, &MainWindow::updateTitles);

    // Alarms: the table operators work from.
    m_alarmsDock = new QDockWidget(this);
    m_alarmsDock->setObjectName(QStringLiteral("alarmsDock"));
    m_alarmPanel = new AlarmPanel(m_alarms, m_alarmsDock);
    m_alarmsDock->setWidget(m_alarmPanel);
    addDockWidget(Qt::BottomDockWidgetArea, m_alarmsDock);
    connect(m_alarms, &AlarmsModel::countChanged, this, &MainWindow::updateTitles);
    connect(m_alarmPanel, &AlarmPanel::acknowledgeRequested, this, &MainWindow::acknowledge);
    connect(m_alarmPanel, &AlarmPanel::showOnMapRequested, this, &MainWindow::showOnMap);
    connect(m_alarms, &AlarmsModel::newCritical, this, [this] {
        m_alarmsDock->show();
        m_alarmsDock->raise();
    });

    // Inspector and daily KPI charts on the right.
    m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    m_inspectorDock->setObjectName(QStringLiteral("inspectorDock"));
    m_inspector = new InspectorPanel(m_inspectorDock);
    m_historyPath = m_bridge->recordPath();
    m_inspector->setRecordingPath(m_historyPath);
    m_inspectorDock->setWidget(m_inspector);
    connect(m_inspector, &InspectorPanel::acknowledgeHereRequested, this, &MainWindow::acknowledgeAt);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    m_chartsDock = new QDockWidget(tr("KPI charts"), this);
    m_chartsDock->setObjectName(QStringLiteral("chartsDock"));
    m_kpiCharts = new KpiChartsPanel(m_kpiHistory, m_chartsDock);
    m_chartsDock->setWidget(m_kpiCharts);
    addDockWidget(Qt::RightDockWidgetArea, m_chartsDock);

    // Parking guidance, tabbed with the inspector: two clicks on the map, the car parks ranked.
    m_guidanceDock = new QDockWidget(tr("Parking guidance"), this);
    m_guidanceDock->setObjectName(QStringLiteral("guidanceDock"));
    m_guidance = new ParkingGuidancePanel(m_guidanceDock);
    m_guidanceDock->setWidget(m_guidance);
    addDockWidget(Qt::RightDockWidgetArea, m_guidanceDock);
    connect(m_guidance, &ParkingGuidancePanel::showOnMapRequested, this, &MainWindow::showOnMap);
    connect(m_map, &MapWidget::placeClicked, this, [this](QPointF lonLat) {
        if (m_guidance->picking())
            m_guidance->pick(lonLat);
    });

    createLayersPanel();

    // The bottom docks span the width under the map; the side docks run beside the map only.
    setCorner(Qt::TopRightCorner, Qt::RightDockWidgetArea);
    setCorner(Qt::TopLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
}

void MainWindow::createLayersPanel()
{
    m_layersDock = new QDockWidget(tr("Layers"), this);
    m_layersDock->setObjectName(QStringLiteral("layersDock"));
    m_layersPanel = new QWidget(m_layersDock);
    m_layersPanel->setObjectName(QStringLiteral("layersPanel"));
    auto *layout = new QVBoxLayout(m_layersPanel);
    const QString names[] = {tr("&Traffic speed"), tr("&Parking occupancy"), tr("&Flood depth"), tr("&Service load"),
                             tr("&Context (districts, water, names)")};
    const char *keys[] = {"traffic", "parking", "flood", "service", "context"};
    QSettings settings;
    for (int k = 0; k < 5; ++k) {
        auto *box = new QCheckBox(names[k], m_layersPanel);
        box->setObjectName(QStringLiteral("layer_%1").arg(QLatin1String(keys[k])));
        box->setChecked(settings.value(QStringLiteral("map/layer/%1").arg(QLatin1String(keys[k])), true).toBool());
        layout->addWidget(box);
        m_layerBoxes << box;
        connect(box, &QCheckBox::toggled, this, [this, k, key = QString::fromLatin1(keys[k])](bool on) {
            QSettings().setValue(QStringLiteral("map/layer/%1").arg(key), on);
            CityMap *map = m_map ? m_map->map() : nullptr;
            if (!map)
                return;
            switch (k) {
            case 0: map->setTrafficVisible(on); break;
            case 1: map->setParkingVisible(on); break;
            case 2: map->setFloodVisible(on); break;
            case 3: map->setServiceVisible(on); break;
            case 4: map->setContextVisible(on); break;
            }
        });
    }
    // What the traffic and flood layers show: now, or a forecast ahead (each choice persists).
    auto horizonCombo = [&](const QString &label, const QString &name, const QString &now, std::span<const int> minutes,
                            void (MainWindow::*refresh)()) {
        auto *title = new QLabel(label, m_layersPanel);
        auto *combo = new QComboBox(m_layersPanel);
        combo->setObjectName(name);
        combo->addItem(now);
        for (int m : minutes)
            combo->addItem(tr("Predicted in %1 min").arg(m));
        const QString key = QStringLiteral("map/%1").arg(name);
        combo->setCurrentIndex(std::clamp(settings.value(key, 0).toInt(), 0, combo->count() - 1));
        title->setBuddy(combo);
        layout->addSpacing(6);
        layout->addWidget(title);
        layout->addWidget(combo);
        connect(combo, &QComboBox::currentIndexChanged, this, [this, key, refresh](int index) {
            QSettings().setValue(key, index);
            (this->*refresh)();
        });
        return combo;
    };
    static constexpr int kSpeedHorizons[] = {15, 30, 60};
    m_speedHorizonCombo = horizonCombo(tr("&Road speed shown:"), QStringLiteral("speedHorizon"), tr("Now"), kSpeedHorizons,
                                       &MainWindow::showSpeedPrediction);
    static constexpr auto kFloodHorizons = core::FloodPredictorOptions{}.horizonsMin;
    m_floodHorizonCombo = horizonCombo(tr("&Water depth shown:"), QStringLiteral("floodHorizon"),
                                       tr("Now (estimated from the rain gauges)"), kFloodHorizons, &MainWindow::showFloodDepths);
    static constexpr int kSymbolHorizons[] = {30, 60};
    m_parkingHorizonCombo = horizonCombo(tr("&Car parks shown:"), QStringLiteral("parkingHorizon"), tr("Now"), kSymbolHorizons,
                                         &MainWindow::showSymbolPredictions);
    m_serviceHorizonCombo = horizonCombo(tr("Service &queues shown:"), QStringLiteral("serviceHorizon"), tr("Now"),
                                         kSymbolHorizons, &MainWindow::showSymbolPredictions);
    layout->addSpacing(12);
    auto *fitLabel = new QLabel(tr("Fit the view to:"), m_layersPanel);
    m_districtCombo = new QComboBox(m_layersPanel);
    m_districtCombo->setObjectName(QStringLiteral("districtCombo"));
    fitLabel->setBuddy(m_districtCombo);
    layout->addWidget(fitLabel);
    layout->addWidget(m_districtCombo);
    connect(m_districtCombo, &QComboBox::activated, this, [this](int index) {
        CityMap *map = m_map ? m_map->map() : nullptr;
        if (!map)
            return;
        const QString id = m_districtCombo->itemData(index).toString();
        if (id.isEmpty() || !map->fitToDistrict(id))
            map->fitAll();
    });
    layout->addStretch(1);
    m_layersDock->setWidget(m_layersPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_layersDock);
}

void MainWindow::createActions()
{
    auto *fileMenu = menuBar()->addMenu(tr("&File"));
    auto *open = fileMenu->addAction(tr("&Open recording..."), this, [this] { openRecording(); });
    open->setObjectName(QStringLiteral("openRecording"));
    open->setShortcut(QKeySequence::Open);
    fileMenu->addSeparator();
    auto *mapPng = fileMenu->addAction(tr("Export &map as PNG..."), this, &MainWindow::exportMapPng);
    mapPng->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    auto *csv = fileMenu->addAction(tr("Export selection as &CSV..."), this, &MainWindow::exportCsv);
    csv->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    auto *report = fileMenu->addAction(tr("Incident &report (PDF)..."), this, &MainWindow::exportReport);
    report->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Operator name..."), this, &MainWindow::askOperatorName);
    fileMenu->addSeparator();
    auto *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setShortcutContext(Qt::ApplicationShortcut);

    auto *viewMenu = menuBar()->addMenu(tr("&View"));
    const struct {
        QString text;
        View view;
        Qt::Key key;
    } views[] = {
        {tr("&Sources"), View::Sources, Qt::Key_1},
        {tr("Latest &readings"), View::Readings, Qt::Key_2},
        {tr("S&tale sensors"), View::Stale, Qt::Key_3},
        {tr("Recent re&jections"), View::Rejections, Qt::Key_4},
        {tr("&Alarms"), View::Alarms, Qt::Key_5},
        {tr("&Inspector"), View::Inspector, Qt::Key_6},
        {tr("KPI &charts"), View::Charts, Qt::Key_7},
        {tr("La&yers"), View::Layers, Qt::Key_8},
        {tr("&Parking guidance"), View::Guidance, Qt::Key_9},
    };
    for (const auto &v : views) {
        auto *action = viewMenu->addAction(v.text, this, [this, view = v.view] { showView(view); });
        action->setShortcut(QKeySequence(Qt::CTRL | v.key));
        action->setShortcutContext(Qt::ApplicationShortcut);
    }
    viewMenu->addSeparator();
    auto *find = viewMenu->addAction(tr("&Filter readings"), this, [this] {
        showView(View::Readings);
        m_filter->setFocus(Qt::ShortcutFocusReason);
        m_filter->selectAll();
    });
    find->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    find->setShortcutContext(Qt::ApplicationShortcut);
    auto *fullScreen = viewMenu->addAction(tr("F&ull screen"), this, &MainWindow::toggleFullScreen);
    fullScreen->setShortcut(QKeySequence(Qt::Key_F11));
    fullScreen->setShortcutContext(Qt::ApplicationShortcut);
    viewMenu->addSeparator();
    viewMenu->addAction(tr("Reset &layout"), this, &MainWindow::applyDefaultLayout);

    auto *mapMenu = menuBar()->addMenu(tr("&Map"));
    auto *fitAll = mapMenu->addAction(tr("&Whole city"), this, [this] {
        if (m_map && m_map->map())
            m_map->map()->fitAll();
    });
    fitAll->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    auto *zoomIn = mapMenu->addAction(tr("Zoom &in"), this, [this] {
        if (m_map && m_map->map())
            m_map->map()->zoomIn();
    });
    zoomIn->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up));
    auto *zoomOut = mapMenu->addAction(tr("Zoom &out"), this, [this] {
        if (m_map && m_map->map())
            m_map->map()->zoomOut();
    });
    zoomOut->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down));
    auto *guide = mapMenu->addAction(tr("&Parking guidance: pick a trip"), this, [this] {
        m_guidanceDock->show();
        m_guidanceDock->raise();
        m_guidance->startPicking();
    });
    guide->setObjectName(QStringLiteral("parkingGuidanceAction"));
    guide->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    mapMenu->addSeparator();
    for (int k = 0; k < m_layerBoxes.size(); ++k) {
        QCheckBox *box = m_layerBoxes[k];
        auto *toggle = mapMenu->addAction(box->text(), box, &QCheckBox::toggle);
        toggle->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | static_cast<Qt::Key>(Qt::Key_1 + k)));
        toggle->setShortcutContext(Qt::ApplicationShortcut);
    }

    auto *alarmMenu = menuBar()->addMenu(tr("&Alarms"));
    auto *ack = alarmMenu->addAction(tr("&Acknowledge selected"), m_alarmPanel, &AlarmPanel::acknowledgeSelected);
    ack->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    ack->setShortcutContext(Qt::ApplicationShortcut);
    auto *ackHere = alarmMenu->addAction(tr("Acknowledge alarms at the selected &place"), this, [this] {
        acknowledgeAt(m_inspector->entity());
    });
    ackHere->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    ackHere->setShortcutContext(Qt::ApplicationShortcut);
    auto *next = alarmMenu->addAction(tr("&Next open alarm"), this, [this] {
        auto *view = m_alarmPanel->view();
        const int rows = view->model()->rowCount();
        if (rows == 0)
            return;
        showView(View::Alarms);
        const int row = (view->currentIndex().row() + 1) % rows;
        view->setCurrentIndex(view->model()->index(row, 0));
        view->selectionModel()->select(view->currentIndex(), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        showOnMap(view->currentIndex().data(AlarmsModel::EntityRole).toInt());
    });
    next->setShortcut(QKeySequence(Qt::Key_F8));
    next->setShortcutContext(Qt::ApplicationShortcut);
    auto *sound = alarmMenu->addAction(tr("&Sound on a new critical alarm"));
    sound->setCheckable(true);
    sound->setChecked(m_alarmPanel->soundEnabled());
    connect(sound, &QAction::toggled, m_alarmPanel, &AlarmPanel::setSoundEnabled);

    auto *languageMenu = m_languageMenu = menuBar()->addMenu(tr("&Language"));
    auto *group = new QActionGroup(this);
    const QString current = QSettings().value(QLatin1String(kLanguageKey)).toString();
    // Language names stay in their own language, so anyone can find theirs.
    const std::pair<QString, QString> languages[] = {
        {QString(), tr("System language")},
        {QStringLiteral("en"), QStringLiteral("English")},
        {QStringLiteral("zh_CN"), QStringLiteral("简体中文")},
    };
    for (const auto &[code, name] : languages) {
        auto *action = languageMenu->addAction(name, this, [this, code = code] { chooseLanguage(code); });
        action->setCheckable(true);
        action->setChecked(code == current);
        group->addAction(action);
    }

    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->addAction(tr("&About CityOps"), this, [this] {
        QMessageBox::about(this, tr("About CityOps"),
                           tr("<h3>CityOps %1</h3><p>Digital twin of a city operations centre.</p>"
                              "<p>Feeds: InfluxDB line protocol over TCP and UDP.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::createStatusBar()
{
    auto *bar = statusBar();
    m_simulationLabel = new QLabel(bar);
    m_simulationLabel->setObjectName(QStringLiteral("simulationLabel"));
    m_simulationLabel->setStyleSheet(QStringLiteral("QLabel { background: #ffb300; color: #000000; padding: 1px 8px; font-weight: bold; }"));
    m_simulationLabel->setVisible(false);
    bar->addWidget(m_simulationLabel);
    m_noticeLabel = new QLabel(bar);
    m_noticeLabel->setObjectName(QStringLiteral("noticeLabel"));
    m_noticeLabel->setVisible(false);
    bar->addWidget(m_noticeLabel, 1);

    m_freshnessLabel = new QLabel(bar);
    m_freshnessLabel->setObjectName(QStringLiteral("freshnessLabel"));
    m_portsLabel = new QLabel(bar);
    m_portsLabel->setObjectName(QStringLiteral("portsLabel"));
    m_recorderLabel = new QLabel(bar);
    m_recorderLabel->setObjectName(QStringLiteral("recorderLabel"));
    m_timeLabel = new QLabel(bar);
    m_timeLabel->setObjectName(QStringLiteral("engineTimeLabel"));
    for (QLabel *label : {m_freshnessLabel, m_portsLabel, m_recorderLabel, m_timeLabel}) {
        label->setContentsMargins(8, 0, 8, 0);
        bar->addPermanentWidget(label);
    }
}

void MainWindow::applyDefaultLayout()
{
    const QList<QDockWidget *> docks = {m_alarmsDock, m_readingsDock, m_sourcesDock, m_staleDock, m_rejectionsDock,
                                        m_inspectorDock, m_chartsDock, m_layersDock};
    for (QDockWidget *dock : docks) {
        dock->setFloating(false);
        dock->show();
    }
    // Bottom: alarms first, the feeds tabbed behind them. Right: inspector over the KPI charts. Left: layers.
    for (QDockWidget *dock : {m_alarmsDock, m_readingsDock, m_sourcesDock, m_staleDock, m_rejectionsDock})
        addDockWidget(Qt::BottomDockWidgetArea, dock);
    tabifyDockWidget(m_alarmsDock, m_readingsDock);
    tabifyDockWidget(m_readingsDock, m_sourcesDock);
    tabifyDockWidget(m_sourcesDock, m_staleDock);
    tabifyDockWidget(m_staleDock, m_rejectionsDock);
    addDockWidget(Qt::RightDockWidgetArea, m_inspectorDock);
    addDockWidget(Qt::RightDockWidgetArea, m_chartsDock);
    tabifyDockWidget(m_inspectorDock, m_chartsDock);
    m_guidanceDock->setFloating(false);
    m_guidanceDock->show();
    addDockWidget(Qt::RightDockWidgetArea, m_guidanceDock);
    tabifyDockWidget(m_chartsDock, m_guidanceDock);
    if (m_whatIfDock) {
        m_whatIfDock->setFloating(false);
        m_whatIfDock->show();
        addDockWidget(Qt::RightDockWidgetArea, m_whatIfDock);
        tabifyDockWidget(m_chartsDock, m_whatIfDock);
    }
    addDockWidget(Qt::LeftDockWidgetArea, m_layersDock);
    m_alarmsDock->raise();
    m_inspectorDock->raise();
    const int row = QFontMetrics(m_sourcesView->font()).height() + 8;
    resizeDocks({m_alarmsDock}, {row * 9 + 60}, Qt::Vertical);
    resizeDocks({m_inspectorDock, m_layersDock}, {std::max(460, width() * 3 / 10), std::max(200, width() / 9)}, Qt::Horizontal);
}

void MainWindow::restoreLayout()
{
    if (!m_persistLayout)
        return;
    QSettings settings;
    if (const auto geometry = settings.value(QStringLiteral("window/geometry")).toByteArray(); !geometry.isEmpty())
        m_layoutRestored = restoreGeometry(geometry);
    if (const auto state = settings.value(QStringLiteral("window/state")).toByteArray(); !state.isEmpty())
        m_layoutRestored = restoreState(state) && m_layoutRestored;
    const std::pair<const char *, QTreeView *> views[] = {
        {"views/sources", m_sourcesView}, {"views/readings", m_readingsView},
        {"views/stale", m_staleView}, {"views/rejections", m_rejectionsView},
        {"views/alarms", m_alarmPanel->view()}};
    for (const auto &[key, view] : views)
        if (const auto state = settings.value(QLatin1String(key)).toByteArray(); !state.isEmpty())
            view->header()->restoreState(state);
}

void MainWindow::saveLayout() const
{
    if (!m_persistLayout)
        return;
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    const std::pair<const char *, QTreeView *> views[] = {
        {"views/sources", m_sourcesView}, {"views/readings", m_readingsView},
        {"views/stale", m_staleView}, {"views/rejections", m_rejectionsView},
        {"views/alarms", m_alarmPanel->view()}};
    for (const auto &[key, view] : views)
        settings.setValue(QLatin1String(key), view->header()->saveState());
}

void MainWindow::setPersistLayout(bool persist)
{
    const bool restore = persist && !m_persistLayout;
    m_persistLayout = persist;
    if (restore)
        restoreLayout();
}

void MainWindow::setSimulation(SimulationController *simulation)
{
    if (m_simulation || !simulation)
        return;
    m_simulation = simulation;

    // The operator's choices persist; a speed or rain given on the command line does not.
    auto chooseSpeed = [this](double speed) {
        m_simulation->setSpeed(speed);
        QSettings().setValue(QLatin1String(kSpeedKey), m_simulation->speed());
    };
    auto chooseRain = [this](core::RainScenario rain) {
        m_simulation->setRain(rain);
        QSettings().setValue(QLatin1String(kRainKey), QString::fromUtf8(core::rainScenarioName(rain)));
    };

    auto *menu = new QMenu(tr("&Simulation"), this);
    menu->setObjectName(QStringLiteral("simulationMenu"));
    menuBar()->insertMenu(m_languageMenu->menuAction(), menu);
    m_pauseAction = menu->addAction(tr("&Pause"), m_simulation, &SimulationController::togglePause);
    m_pauseAction->setObjectName(QStringLiteral("pauseAction"));
    m_pauseAction->setShortcut(QKeySequence(Qt::Key_Space));
    auto *faster = menu->addAction(tr("&Faster"), this, [this, chooseSpeed] {
        const double before = m_simulation->speed();
        m_simulation->stepSpeed(+1);
        if (m_simulation->speed() != before)
            chooseSpeed(m_simulation->speed());
    });
    faster->setShortcuts({QKeySequence(Qt::CTRL | Qt::Key_Plus), QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    auto *slower = menu->addAction(tr("S&lower"), this, [this, chooseSpeed] {
        const double before = m_simulation->speed();
        m_simulation->stepSpeed(-1);
        if (m_simulation->speed() != before)
            chooseSpeed(m_simulation->speed());
    });
    slower->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Minus));
    menu->addSeparator();
    m_speedGroup = new QActionGroup(this);
    for (double speed : SimulationController::speedSteps()) {
        auto *action = menu->addAction(Display::speed(speed), this, [chooseSpeed, speed] { chooseSpeed(speed); });
        action->setCheckable(true);
        action->setData(speed);
        m_speedGroup->addAction(action);
    }
    menu->addSeparator();
    auto *rainMenu = menu->addMenu(tr("&Rain"));
    m_rainGroup = new QActionGroup(this);
    for (auto rain : {core::RainScenario::None, core::RainScenario::Light, core::RainScenario::Heavy,
                      core::RainScenario::Extreme}) {
        auto *action = rainMenu->addAction(Display::rainScenario(rain), this, [chooseRain, rain] { chooseRain(rain); });
        action->setCheckable(true);
        action->setData(static_cast<int>(rain));
        action->setToolTip(tr("Restarts the simulation with this rain; its heaviest hour begins an hour later."));
        m_rainGroup->addAction(action);
    }
    rainMenu->setToolTipsVisible(true);
    // Signal control: the whole city or any district, fixed-time plans or the adaptive controller.
    auto *signalMenu = menu->addMenu(tr("Adaptive &signal control"));
    signalMenu->setObjectName(QStringLiteral("signalMenu"));
    auto addSwitch = [this, signalMenu](const QString &label, const QString &district) {
        auto *action = signalMenu->addAction(label);
        action->setCheckable(true);
        action->setData(district);
        connect(action, &QAction::toggled, this, [this, district](bool on) {
            const int count = m_simulation->setDistrictAdaptive(district, on);
            statusBar()->showMessage(on ? tr("%n signal(s) under adaptive control", nullptr, count)
                                        : tr("%n signal(s) back on their fixed-time plans", nullptr, count), 6000);
        });
    };
    addSwitch(tr("Whole city"), QString());
    signalMenu->addSeparator();
    if (m_scenario)
        for (const core::District &d : m_scenario->districts)
            if (d.kind == "district" && m_simulation->signalsIn(QString::fromStdString(d.id)) > 0)
                addSwitch(QString::fromStdString(m_language.startsWith(QLatin1String("zh")) && !d.nameZh.empty() ? d.nameZh : d.nameEn),
                          QString::fromStdString(d.id));
    // The ticks follow the controller (a whole-city switch sets every district's).
    connect(m_simulation, &SimulationController::signalControlChanged, signalMenu, [this, signalMenu] {
        for (QAction *a : signalMenu->actions())
            if (a->isCheckable()) {
                const QSignalBlocker block(a);
                a->setChecked(m_simulation->districtAdaptive(a->data().toString()));
            }
    });
    menu->addAction(tr("Re&start simulation"), m_simulation, &SimulationController::restart);

    // What-if: the live traffic forward under both controls, side by side; also the dashboard's effect of
    // adaptive control against the fixed-time plans. Tabbed with the inspector and the KPI charts.
    m_inspector->setSimulation(m_simulation);
    m_whatIfDock = new QDockWidget(tr("What-if"), this);
    m_whatIfDock->setObjectName(QStringLiteral("whatIfDock"));
    m_whatIf = new WhatIfPanel(m_simulation, m_whatIfDock);
    m_whatIf->setFloodWatch(m_floodWatch.get());
    if (const auto city = m_bridge->cityModel())
        m_whatIf->setTimeZone(Display::cityZone(*city));
    m_whatIfDock->setWidget(m_whatIf);
    // The dashboard's line on adaptive control comes from the newest what-if, kept fresh while it is shown.
    m_whatIf->setWanted([this] { return m_kpiCharts->isVisible(); });
    connect(m_whatIf, &WhatIfPanel::resultChanged, this, [this] {
        const auto r = m_whatIf->result();
        auto change = [](double from, double to) { return from != 0 ? (to - from) / from : 0.0; };
        m_kpiCharts->setSignalEffect(change(r->fixed.speedKmh, r->adaptive.speedKmh), change(r->fixed.delayVehH, r->adaptive.delayVehH),
                                     change(r->fixed.stops, r->adaptive.stops), r->minutes);
    });
    if (!restoreDockWidget(m_whatIfDock)) {
        addDockWidget(Qt::RightDockWidgetArea, m_whatIfDock);
        tabifyDockWidget(m_chartsDock, m_whatIfDock);
        m_inspectorDock->raise();
    }
    if (m_shown && !m_layoutRestored)
        applyDefaultLayout();
    auto *whatIf = menu->addAction(tr("&What-if: fixed-time vs adaptive"), this, [this] {
        m_whatIfDock->show();
        m_whatIfDock->raise();
        m_whatIf->run();
    });
    whatIf->setObjectName(QStringLiteral("whatIfAction"));
    whatIf->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W));

    // The toolbar: pause, the speed, and the rain the city is in.
    m_simulationBar = new QToolBar(tr("Simulation"), this);
    m_simulationBar->setObjectName(QStringLiteral("simulationToolBar"));
    m_simulationBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_simulationBar->setMovable(false);
    m_simulationBar->addAction(m_pauseAction);
    auto *speedLabel = new QLabel(tr("Speed"), m_simulationBar);
    speedLabel->setContentsMargins(12, 0, 6, 0);
    m_simulationBar->addWidget(speedLabel);
    m_speedCombo = new QComboBox(m_simulationBar);
    m_speedCombo->setObjectName(QStringLiteral("speedCombo"));
    m_speedCombo->setFocusPolicy(Qt::NoFocus); // Space is the pause key, not the combo's
    m_speedCombo->setToolTip(tr("Simulated time per real second (Ctrl+Plus / Ctrl+Minus)"));
    m_speedCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    speedLabel->setBuddy(m_speedCombo);
    m_simulationBar->addWidget(m_speedCombo);
    connect(m_speedCombo, &QComboBox::activated, this, [this, chooseSpeed](int index) {
        chooseSpeed(m_speedCombo->itemData(index).toDouble());
    });
    m_rainLabel = new QLabel(m_simulationBar);
    m_rainLabel->setObjectName(QStringLiteral("rainLabel"));
    m_rainLabel->setContentsMargins(18, 0, 6, 0);
    m_simulationBar->addWidget(m_rainLabel);
    addToolBar(Qt::TopToolBarArea, m_simulationBar);

    connect(m_simulation, &SimulationController::restarted, this, &MainWindow::updateSimulation);
    connect(m_simulation, &SimulationController::speedChanged, this, &MainWindow::updateSimulation);
    connect(m_simulation, &SimulationController::pausedChanged, this, &MainWindow::updateSimulation);
    connect(m_simulation, &SimulationController::rainChanged, this, &MainWindow::updateSimulation);
    connect(m_simulation, &SimulationController::actualSpeedChanged, this, &MainWindow::updateSimulation);
    m_simulationLabel->setVisible(true);
    updateSimulation();
}

void MainWindow::updateSimulation()
{
    if (!m_simulation)
        return;
    const double speed = m_simulation->speed();
    const bool paused = m_simulation->paused();
    m_pauseAction->setText(paused ? tr("&Resume") : tr("&Pause"));
    // Without the mnemonic, which the toolbar button would show as "(P)" in Chinese.
    m_pauseAction->setIconText(paused ? tr("Resume") : tr("Pause"));
    m_pauseAction->setIcon(mediaIcon(paused, palette().color(QPalette::ButtonText)));
    m_pauseAction->setToolTip(paused ? tr("Resume the simulation (Space)") : tr("Pause the simulation (Space)"));

    // The combo lists the steps, plus a speed from the command line that is not one of them.
    QList<double> speeds = SimulationController::speedSteps();
    if (!speeds.contains(speed)) {
        speeds.append(speed);
        std::sort(speeds.begin(), speeds.end());
    }
    if (m_speedCombo->count() != speeds.size()) {
        m_speedCombo->clear();
        for (double s : speeds)
            m_speedCombo->addItem(Display::speed(s), s);
    }
    m_speedCombo->setCurrentIndex(m_speedCombo->findData(speed));
    for (QAction *action : m_speedGroup->actions())
        action->setChecked(action->data().toDouble() == speed);
    for (QAction *action : m_rainGroup->actions())
        action->setChecked(action->data().toInt() == static_cast<int>(m_simulation->rain()));

    const QTimeZone zone = Display::cityZone(*m_bridge->cityModel());
    const core::RainScenario rain = m_simulation->rain();
    if (rain == core::RainScenario::None || m_simulation->rainPeakNs() == 0) {
        m_rainLabel->setText(tr("Rain: %1").arg(Display::rainScenario(rain)));
        m_rainLabel->setToolTip(QString());
    } else {
        const auto hourMinute = [&zone](std::int64_t ns) {
            return QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, zone).toString(QStringLiteral("HH:mm"));
        };
        const std::int64_t peak = m_simulation->rainPeakNs();
        m_rainLabel->setText(tr("Rain: %1 · heaviest hour %2–%3")
                                 .arg(Display::rainScenario(rain), hourMinute(peak), hourMinute(peak + 3'600'000'000'000LL)));
        m_rainLabel->setToolTip(tr("The heaviest hour of the storm begins at %1 (engine time). Change the rain "
                                   "in the Simulation menu.")
                                    .arg(Display::dateTime(m_simulation->rainPeakNs(), zone)));
    }

    // The badge: readings come from the simulator in this process, not from the city's sensors.
    const double actual = m_simulation->actualSpeed();
    QString badge;
    if (paused)
        badge = tr("SIMULATED CITY · PAUSED");
    else if (actual > 0.0 && actual < 0.8 * speed)
        badge = tr("SIMULATED CITY · %1 (actual %2)").arg(Display::speed(speed), Display::speed(std::round(actual)));
    else
        badge = tr("SIMULATED CITY · %1").arg(Display::speed(speed));
    m_simulationLabel->setText(badge);
    QString tip = tr("Readings come from the city simulator running inside CityOps, not from real sensors. "
                     "Engine time runs at %1 real time. Rain: %2.")
                      .arg(Display::speed(speed), Display::rainScenario(rain));
    if (!paused && actual > 0.0 && actual < 0.8 * speed)
        tip += QLatin1Char('\n') + tr("The simulator cannot keep up with this speed just now; the clock waits for it.");
    m_simulationLabel->setToolTip(tip);
}

void MainWindow::setNotice(const QString &text)
{
    m_noticeLabel->setText(text);
    m_noticeLabel->setToolTip(text);
    m_noticeLabel->setVisible(!text.isEmpty());
}

void MainWindow::showView(View view)
{
    QWidget *target = nullptr;
    QDockWidget *dock = nullptr;
    switch (view) {
    case View::Sources: target = m_sourcesView; dock = m_sourcesDock; break;
    case View::Readings: target = m_readingsView; dock = m_readingsDock; break;
    case View::Stale: target = m_staleView; dock = m_staleDock; break;
    case View::Rejections: target = m_rejectionsView; dock = m_rejectionsDock; break;
    case View::Alarms: target = m_alarmPanel->view(); dock = m_alarmsDock; break;
    case View::Inspector: target = m_inspector->chartView(); dock = m_inspectorDock; break;
    case View::Charts: target = m_kpiCharts; dock = m_chartsDock; break;
    case View::Layers: target = m_layerBoxes.value(0); dock = m_layersDock; break;
    case View::Guidance: target = m_guidance->view(); dock = m_guidanceDock; break;
    }
    if (dock) {
        dock->show();
        dock->raise();
    }
    if (!target)
        return;
    target->setFocus(Qt::ShortcutFocusReason);
    if (auto *tree = qobject_cast<QTreeView *>(target))
        if (!tree->currentIndex().isValid() && tree->model()->rowCount() > 0)
            tree->setCurrentIndex(tree->model()->index(0, 0));
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // Dock proportions need the real window size, known only now.
    if (!m_shown && !m_layoutRestored)
        applyDefaultLayout();
    m_shown = true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::onSnapshot(const core::SnapshotPtr &snapshot)
{
    if (!snapshot)
        return;
    m_sources->applySnapshot(snapshot);
    m_readings->applySnapshot(snapshot);
    m_rejections->applySnapshot(snapshot);
    m_alarms->applySnapshot(snapshot);
    m_kpiHistory->applySnapshot(snapshot);
    m_inspector->applySnapshot(snapshot);
    m_guidance->applySnapshot(snapshot);
    captureMap(snapshot->timeNs);
    if (snapshot->model && snapshot->model != m_sizedFor) {
        m_sizedFor = snapshot->model;
        if (!m_layoutRestored)
            fitNameColumns(*snapshot->model);
    }

    const QTimeZone zone = snapshot->model ? Display::cityZone(*snapshot->model) : QTimeZone::systemTimeZone();
    m_timeLabel->setText(tr("Engine time %1").arg(Display::dateTime(snapshot->timeNs, zone)));
    m_timeLabel->setToolTip(tr("Time zone: %1").arg(QString::fromUtf8(zone.id())));

    const auto &rec = snapshot->recorder;
    if (rec.path.empty()) {
        m_recorderLabel->setText(tr("Not recording"));
    } else {
        m_recorderLabel->setText(tr("Recorded %1 · dropped %2").arg(Display::count(rec.committed), Display::count(rec.dropped)));
        QString tip = tr("Recording: %1").arg(QString::fromStdString(rec.path));
        if (!rec.error.empty())
            tip += QLatin1Char('\n') + tr("Write error: %1").arg(QString::fromStdString(rec.error));
        m_recorderLabel->setToolTip(tip);
    }
    const bool trouble = rec.dropped > 0 || !rec.error.empty();
    m_recorderLabel->setStyleSheet(trouble ? QStringLiteral("QLabel { color: #ff6b6b; font-weight: bold; }") : QString());

    const std::size_t noData = snapshot->entities.size() - snapshot->freshCount - snapshot->staleCount;
    m_freshnessLabel->setText(tr("Fresh %1 · stale %2 · no data %3")
                                  .arg(Display::count(snapshot->freshCount), Display::count(snapshot->staleCount),
                                       Display::count(noData)));
    if (snapshot->model) {
        const QString city = QString::fromStdString(snapshot->model->name);
        const QString title = tr("CityOps — %1").arg(city);
        if (windowTitle() != title)
            setWindowTitle(title);
    }
}

void MainWindow::fitNameColumns(const core::CityModel &city)
{
    // The latest values come first: the name gets what is left, up to its longest (longer ones elide and
    // show in full as a tooltip).
    const QFontMetrics metrics(m_readingsView->font());
    int widest = 0, widestId = 0;
    for (const core::Entity &e : city.entities()) {
        widest = std::max(widest, metrics.horizontalAdvance(Display::entityName(e)));
        widestId = std::max(widestId, metrics.horizontalAdvance(QString::fromStdString(e.id)));
    }
    auto *header = m_readingsView->header();
    const int padding = PaddedDelegate::kPadding + 8;
    const int idWidth = std::max(widestId + padding, columnWidth(m_readingsView, {}, ReadingsModel::IdColumn));
    header->resizeSection(ReadingsModel::IdColumn, idWidth);
    m_staleView->header()->resizeSection(ReadingsModel::IdColumn, idWidth);
    int valuesWidth = 0;
    core::EntityState sample;
    sample.fieldMask = 0xf;
    std::fill(std::begin(sample.values), std::end(sample.values), 8888.0);
    for (int k = 0; k < core::kEntityKindCount; ++k)
        valuesWidth = std::max(valuesWidth, metrics.horizontalAdvance(Display::values(static_cast<core::EntityKind>(k), sample)));
    int others = 0;
    for (int column : {ReadingsModel::KindColumn, ReadingsModel::IdColumn, ReadingsModel::AgeColumn, ReadingsModel::FreshnessColumn})
        others += header->sectionSize(column);
    const int room = m_readingsView->viewport()->width() - others - valuesWidth - padding;
    const int minimum = metrics.horizontalAdvance(QStringLiteral("M")) * 8;
    header->resizeSection(ReadingsModel::NameColumn, std::max(minimum, std::min(widest + padding, room)));
}

void MainWindow::updateTitles()
{
    const int total = m_readings->count();
    const int shown = m_readingsFilter->count();
    m_readingsTitle->setText(shown == total ? tr("Latest readings (%1)").arg(Display::count(static_cast<std::uint64_t>(total)))
                                            : tr("Latest readings (%1 of %2)")
                                                  .arg(Display::count(static_cast<std::uint64_t>(shown)),
                                                       Display::count(static_cast<std::uint64_t>(total))));
    m_sourcesDock->setWindowTitle(tr("Sources (%1)").arg(m_sources->count()));
    m_staleDock->setWindowTitle(tr("Stale sensors (%1)").arg(Display::count(static_cast<std::uint64_t>(m_stale->count()))));
    m_rejectionsDock->setWindowTitle(tr("Recent rejections (%1)").arg(m_rejections->count()));
    m_readingsDock->setWindowTitle(tr("Readings (%1)").arg(Display::count(static_cast<std::uint64_t>(total))));
    m_alarmsDock->setWindowTitle(tr("Alarms (%1 open)").arg(m_alarms->openCount()));
}

void MainWindow::updatePorts()
{
    if (!m_bridge->running()) {
        m_portsLabel->setText(tr("Engine stopped"));
        return;
    }
    const QString address = m_bridge->bindAddress();
    auto describe = [&](const QString &protocol, quint16 port, int requested, bool fellBack) {
        if (port == 0)
            return tr("%1 off").arg(protocol);
        QString text = QStringLiteral("%1 %2:%3").arg(protocol, address).arg(port);
        if (fellBack)
            text += QLatin1Char(' ') + tr("(%1 was busy)").arg(requested);
        return text;
    };
    const auto &config = m_bridge->config();
    m_portsLabel->setText(tr("Listening %1 · %2")
                              .arg(describe(QStringLiteral("TCP"), m_bridge->tcpPort(), config.tcpPort, m_bridge->tcpFellBack()),
                                   describe(QStringLiteral("UDP"), m_bridge->udpPort(), config.udpPort, m_bridge->udpFellBack())));
    const bool fellBack = m_bridge->tcpFellBack() || m_bridge->udpFellBack();
    m_portsLabel->setStyleSheet(fellBack ? QStringLiteral("QLabel { color: #ffb300; font-weight: bold; }") : QString());
    m_portsLabel->setToolTip(tr("Send InfluxDB line protocol to these ports"));
}

void MainWindow::chooseLanguage(const QString &code)
{
    QSettings().setValue(QLatin1String(kLanguageKey), code);
    QMessageBox::information(this, tr("Language"), tr("The new language applies the next time CityOps starts."));
}

void MainWindow::toggleFullScreen()
{
    setWindowState(windowState() ^ Qt::WindowFullScreen);
}

void MainWindow::setScenario(std::shared_ptr<const core::Scenario> scenario, const QString &language)
{
    if (!scenario)
        return;
    m_scenario = scenario;
    m_language = language;
    if (!m_map->setScenario(scenario, language)) {
        setNotice(m_map->errorString());
        return;
    }
    m_map->attach(m_bridge);
    // The layer switches as the operator left them.
    for (QCheckBox *box : m_layerBoxes)
        Q_EMIT box->toggled(box->isChecked());
    m_districtCombo->clear();
    m_districtCombo->addItem(tr("Whole city"), QString());
    const bool zh = language.startsWith(QLatin1String("zh"));
    for (const core::District &d : scenario->districts)
        m_districtCombo->addItem(QString::fromStdString(zh && !d.nameZh.empty() ? d.nameZh : d.nameEn), QString::fromStdString(d.id));
    m_kpiCharts->setTimeZone(Display::cityZone(*scenario->city));
    // The models that follow the snapshots, for this city (the inspector lets go of the last city's first).
    m_inspector->setSpeedWatch(nullptr);
    m_inspector->setFloodWatch(nullptr);
    m_inspector->setServiceWatch(nullptr);
    m_inspector->setParkingWatch(nullptr);
    m_guidance->setParkingWatch(nullptr);
    if (m_whatIf)
        m_whatIf->setFloodWatch(nullptr);
    m_speedWatch.reset();
    m_floodWatch.reset();
    m_serviceWatch.reset();
    m_parkingWatch.reset();
    const auto utcOffsetS = Display::cityZone(*scenario->city).offsetFromUtc(QDateTime::currentDateTimeUtc());
    m_serviceWatch = std::make_unique<ServiceWatch>(scenario, utcOffsetS, ServiceWatch::Options{});
    m_serviceWatch->attach(m_bridge);
    m_inspector->setServiceWatch(m_serviceWatch.get());
    // Forecasts come every engine minute (ten a second at 600x): the map recolours at most once a second.
    if (!m_symbolCoalesce) {
        m_symbolCoalesce = new QTimer(this);
        m_symbolCoalesce->setSingleShot(true);
        m_symbolCoalesce->setInterval(1000);
        connect(m_symbolCoalesce, &QTimer::timeout, this, &MainWindow::showSymbolPredictions);
    }
    auto coalesce = [this] {
        if (!m_symbolCoalesce->isActive())
            m_symbolCoalesce->start();
    };
    connect(m_serviceWatch.get(), &ServiceWatch::outlookChanged, this, coalesce);
    m_parkingWatch = std::make_unique<ParkingWatch>(scenario, utcOffsetS);
    m_parkingWatch->attach(m_bridge);
    m_inspector->setParkingWatch(m_parkingWatch.get());
    m_guidance->setScenario(scenario);
    m_guidance->setParkingWatch(m_parkingWatch.get());
    connect(m_parkingWatch.get(), &ParkingWatch::outlookChanged, this, coalesce);
    m_speedWatch = std::make_unique<SpeedWatch>(scenario, utcOffsetS, SpeedWatch::Options{});
    m_speedWatch->attach(m_bridge);
    connect(m_speedWatch.get(), &SpeedWatch::outlookChanged, this, &MainWindow::showSpeedPrediction);
    m_inspector->setSpeedWatch(m_speedWatch.get());
    if (!scenario->terrain.empty()) {
        m_floodWatch = std::make_unique<FloodWatch>(scenario);
        m_floodWatch->attach(m_bridge);
        setRaisesFloodAlarms(m_floodAlarms);
        connect(m_floodWatch.get(), &FloodWatch::nowChanged, this, [this] {
            if (m_floodHorizonCombo->currentIndex() == 0 || !m_floodWatch->outlook())
                showFloodDepths();
        });
        connect(m_floodWatch.get(), &FloodWatch::outlookChanged, this, &MainWindow::showFloodDepths);
        m_inspector->setFloodWatch(m_floodWatch.get());
        if (m_whatIf)
            m_whatIf->setFloodWatch(m_floodWatch.get());
    }
}

void MainWindow::setRaisesFloodAlarms(bool raise)
{
    m_floodAlarms = raise;
    if (!m_floodWatch)
        return;
    core::Engine *engine = m_bridge->engine();
    if (raise && engine)
        m_floodWatch->setForecastSink([engine](std::int64_t basisNs, std::vector<core::RoadFloodAlarmInput> roads) {
            engine->postFloodForecast(basisNs, std::move(roads));
        });
    else
        m_floodWatch->setForecastSink(nullptr);
}

void MainWindow::showSpeedPrediction()
{
    const int index = m_speedHorizonCombo->currentIndex();
    const SpeedOutlookPtr outlook = m_speedWatch ? m_speedWatch->outlook() : nullptr;
    if (index <= 0 || !outlook) { // until the first forecast (the forecaster is still learning): live speeds
        m_map->mapData()->setTrafficPrediction(0, {});
        return;
    }
    const auto h = static_cast<std::size_t>(index - 1);
    std::vector<float> speeds(outlook->links);
    for (std::size_t l = 0; l < outlook->links; ++l)
        speeds[l] = static_cast<float>(outlook->at(h, l).value);
    m_map->mapData()->setTrafficPrediction(outlook->horizonsMin[h], std::move(speeds));
}

void MainWindow::showSymbolPredictions()
{
    MapData *mapData = m_map->mapData();
    const std::size_t entities = m_scenario ? m_scenario->city->size() : 0;
    constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
    // Car parks: the forecast occupancy rate (until the forecaster has a day behind it: live).
    const ParkingOutlookPtr parking = m_parkingWatch ? m_parkingWatch->outlook() : nullptr;
    const int p = m_parkingHorizonCombo->currentIndex() - 1;
    if (p >= 0 && parking && parking->daysFitted > 0 && entities > 0) {
        std::vector<float> rates(entities, kNaN);
        for (const CarParkOutlook &o : parking->carParks)
            rates[o.entity] = static_cast<float>(o.rate[static_cast<std::size_t>(p)]);
        mapData->setSymbolPrediction(core::EntityKind::Parking, parking->horizonsMin[static_cast<std::size_t>(p)], std::move(rates));
    } else {
        mapData->setSymbolPrediction(core::EntityKind::Parking, 0, {});
    }
    // Service centres: people waiting per open counter, from the forecast arrivals (Erlang C's Lq).
    const ServiceOutlookPtr service = m_serviceWatch ? m_serviceWatch->outlook() : nullptr;
    const int q = m_serviceHorizonCombo->currentIndex() - 1;
    if (q >= 0 && service && entities > 0 && std::any_of(service->centres.begin(), service->centres.end(),
                                                          [](const CentreOutlook &c) { return c.forecast; })) {
        std::vector<float> waiting(entities, kNaN);
        for (const CentreOutlook &c : service->centres) {
            if (!c.forecast)
                continue;
            const auto &queue = c.ahead[static_cast<std::size_t>(q)].queue;
            waiting[c.entity] = queue.stable() ? static_cast<float>(queue.meanQueue / std::max(1, c.countersOpen))
                                               : std::numeric_limits<float>::infinity();
        }
        mapData->setSymbolPrediction(core::EntityKind::ServiceCenter, service->horizonsMin[static_cast<std::size_t>(q)],
                                  std::move(waiting));
    } else {
        mapData->setSymbolPrediction(core::EntityKind::ServiceCenter, 0, {});
    }
}

void MainWindow::showFloodDepths()
{
    if (!m_floodWatch)
        return;
    // Until the first prediction is in, a chosen horizon shows the water now (the legend says which).
    const DepthGridPtr grid = m_floodWatch->grid(m_floodHorizonCombo->currentIndex());
    m_map->showDepths(grid ? grid : m_floodWatch->now());
}

bool MainWindow::openRecording(QString path)
{
    if (path.isEmpty()) {
        const QString folder = QSettings().value(QStringLiteral("recordings/folder"),
                                                 QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                                     + QStringLiteral("/recordings")).toString();
        path = QFileDialog::getOpenFileName(this, tr("Open recording"), folder,
                                            tr("CityOps recordings (*.cityops);;All files (*)"));
        if (path.isEmpty())
            return false;
    }
    std::string error;
    if (!core::Recording::open(QFile::encodeName(path).toStdString(), error)) {
        QMessageBox::warning(this, tr("Open recording"), tr("Cannot open %1: %2").arg(path, QString::fromStdString(error)));
        return false;
    }
    const QStringList arguments = {QStringLiteral("--replay"), path, QStringLiteral("--lang"),
                                   m_language.startsWith(QLatin1String("zh")) ? QStringLiteral("zh_CN") : QStringLiteral("en")};
    const Launcher launch = m_launcher ? m_launcher : [](const QString &program, const QStringList &args) {
        return QProcess::startDetached(program, args);
    };
    if (!launch(QCoreApplication::applicationFilePath(), arguments)) {
        QMessageBox::warning(this, tr("Open recording"), tr("Cannot start the replay of %1.").arg(path));
        return false;
    }
    statusBar()->showMessage(tr("Opening the replay of %1 in a new window.").arg(QFileInfo(path).fileName()), 8000);
    return true;
}

void MainWindow::setHistoryPath(const QString &path)
{
    m_historyPath = path;
    m_inspector->setRecordingPath(path);
}

QImage MainWindow::grabWithMap()
{
    QImage image = grab().toImage();
    if (m_map && m_map->view() && m_map->isVisible()) {
        const QImage map = m_map->grabImage();
        if (!map.isNull()) {
            QPainter painter(&image);
            const QPoint at = m_map->mapTo(this, QPoint(0, 0)) * image.devicePixelRatio();
            painter.drawImage(QRect(at, map.size()), map);
        }
    }
    return image;
}

QString MainWindow::operatorName()
{
    const QString saved = QSettings().value(QLatin1String(kOperatorKey)).toString().trimmed();
    if (!saved.isEmpty())
        return saved;
    const QString login = qEnvironmentVariable("USER", qEnvironmentVariable("USERNAME"));
    return login.isEmpty() ? QStringLiteral("operator") : login;
}

void MainWindow::askOperatorName()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Operator name"),
                                               tr("Acknowledgements are recorded under this name:"), QLineEdit::Normal,
                                               operatorName(), &ok);
    if (ok && !name.trimmed().isEmpty())
        QSettings().setValue(QLatin1String(kOperatorKey), name.trimmed());
}

int MainWindow::acknowledge(const QList<quint64> &ids)
{
    const QString user = operatorName();
    int done = 0;
    for (quint64 id : ids)
        done += m_bridge->acknowledgeAlarm(id, user) ? 1 : 0;
    statusBar()->showMessage(tr("%n alarm(s) acknowledged by %1", nullptr, done).arg(user), 5000);
    return done;
}

int MainWindow::acknowledgeAt(int entity)
{
    QList<quint64> ids;
    for (int row = 0; row < m_alarms->count(); ++row)
        if (static_cast<int>(m_alarms->alarm(row).entity) == entity && m_alarms->alarm(row).state == core::AlarmState::Active)
            ids << m_alarms->alarm(row).id;
    return ids.isEmpty() ? 0 : acknowledge(ids);
}

void MainWindow::selectEntity(int entity)
{
    if (entity < 0)
        return;
    if (m_map && m_map->map() && m_map->map()->selectedEntity() != entity)
        m_map->map()->setSelectedEntity(entity);
    m_inspector->setEntity(entity);
    m_inspectorDock->show();
    m_inspectorDock->raise();
}

bool MainWindow::selectEntityById(const QString &id)
{
    const auto snapshot = m_bridge->latestSnapshot();
    const auto model = snapshot && snapshot->model ? snapshot->model : m_bridge->cityModel();
    if (!model)
        return false;
    for (int k = 0; k < core::kEntityKindCount; ++k) {
        if (const auto index = model->find(static_cast<core::EntityKind>(k), id.toStdString())) {
            showOnMap(static_cast<int>(*index));
            return true;
        }
    }
    return false;
}

void MainWindow::showOnMap(int entity)
{
    if (entity < 0)
        return;
    if (CityMap *map = m_map ? m_map->map() : nullptr) {
        const QPointF at = map->entityPosition(entity);
        map->panBy(map->width() / 2 - at.x(), map->height() / 2 - at.y());
    }
    selectEntity(entity);
}

void MainWindow::captureMap(std::int64_t timeNs)
{
    constexpr std::int64_t kEveryNs = kMapPictureEveryMin * 60'000'000'000LL;
    if (!m_map || !m_map->map() || timeNs <= 0 || !isVisible())
        return;
    const std::int64_t slot = timeNs / kEveryNs * kEveryNs;
    if (!m_mapPictures.empty() && m_mapPictures.rbegin()->first >= slot)
        return;
    const QImage image = m_map->grabImage();
    if (image.isNull())
        return;
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    image.scaledToWidth(std::min(image.width(), 1280), Qt::SmoothTransformation).save(&buffer, "JPEG", 85);
    m_mapPictures[timeNs] = jpeg;
    while (!m_mapPictures.empty() && m_mapPictures.begin()->first < timeNs - 24 * 3'600'000'000'000LL)
        m_mapPictures.erase(m_mapPictures.begin());
}

QImage MainWindow::mapPictureNear(std::int64_t timeNs, std::int64_t *takenNs) const
{
    if (m_mapPictures.empty())
        return {};
    const auto after = m_mapPictures.lower_bound(timeNs);
    auto it = after;
    if (after == m_mapPictures.end())
        it = std::prev(after);
    else if (after != m_mapPictures.begin() && timeNs - std::prev(after)->first <= after->first - timeNs)
        it = std::prev(after);
    if (takenNs)
        *takenNs = it->first;
    return QImage::fromData(it->second, "JPEG");
}

void MainWindow::exportMapPng()
{
    const QImage image = m_map ? m_map->grabImage() : QImage();
    if (image.isNull()) {
        QMessageBox::information(this, tr("Export map"), tr("There is no map to export."));
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, tr("Export map as PNG"), QStringLiteral("map.png"), tr("PNG images (*.png)"));
    if (!path.isEmpty() && !image.save(path, "PNG"))
        QMessageBox::warning(this, tr("Export map"), tr("Could not write %1.").arg(path));
}

void MainWindow::exportCsv()
{
    if (m_inspector->entity() < 0) {
        QMessageBox::information(this, tr("Export CSV"), tr("Select an entity on the map or in the readings first; "
                                                            "pinned entities are exported with it."));
        return;
    }
    m_inspector->exportCsv();
}

bool MainWindow::writeIncidentReport(const QString &path, std::int64_t t0Ns, std::int64_t t1Ns, QString &error)
{
    IncidentReportData d;
    d.title = tr("Incident report");
    d.cityName = m_scenario ? QString::fromStdString(m_scenario->city->name) : QString();
    d.t0Ns = t0Ns;
    d.t1Ns = t1Ns;
    if (auto snapshot = m_bridge->latestSnapshot(); snapshot && snapshot->model)
        d.zone = Display::cityZone(*snapshot->model);
    d.kpis = m_kpiHistory->between(t0Ns, t1Ns);
    d.mapStart = mapPictureNear(t0Ns, &d.mapStartNs);
    d.mapPeak = mapPictureNear(IncidentReport::peakTime(d.kpis, t0Ns), &d.mapPeakNs);
    if (d.mapPeak.isNull() && m_map) {
        d.mapPeak = m_map->grabImage();
        d.mapPeakNs = t1Ns;
    }
    m_kpiCharts->redraw();
    const QSize chartSize(1600, 560);
    for (QChartView *view : {m_kpiCharts->trafficChart(), m_kpiCharts->servicesChart()}) {
        QImage image(chartSize, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        view->render(&painter, QRectF(QPointF(0, 0), QSizeF(chartSize)));
        painter.end();
        d.charts << image;
    }
    if (m_inspector->entity() >= 0)
        d.charts << m_inspector->chartImage(chartSize);
    std::string readError;
    if (auto reader = core::RecordingReader::open(m_historyPath.toStdString(), readError)) {
        for (core::Event &e : reader->events(t0Ns, t1Ns))
            if (e.kind.rfind("alarm.", 0) == 0)
                d.events.push_back(std::move(e));
    }
    d.author = operatorName();
    return IncidentReport::write(d, path, error);
}

void MainWindow::exportReport()
{
    const auto snapshot = m_bridge->latestSnapshot();
    if (!snapshot) {
        QMessageBox::information(this, tr("Incident report"), tr("The engine has not published anything yet."));
        return;
    }
    bool ok = false;
    const int hours = QInputDialog::getInt(this, tr("Incident report"), tr("Hours of engine time up to now to cover:"),
                                           2, 1, 24, 1, &ok);
    if (!ok)
        return;
    const QString path = QFileDialog::getSaveFileName(this, tr("Save incident report"), QStringLiteral("incident-report.pdf"),
                                                      tr("PDF documents (*.pdf)"));
    if (path.isEmpty())
        return;
    QString error;
    const std::int64_t t1 = snapshot->timeNs;
    if (!writeIncidentReport(path, t1 - hours * 3'600'000'000'000LL, t1, error))
        QMessageBox::warning(this, tr("Incident report"), error);
    else
        statusBar()->showMessage(tr("Wrote %1").arg(path), 5000);
}

} // namespace cityops::ui
