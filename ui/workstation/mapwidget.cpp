#include "mapwidget.h"

#include "citymap.h"

#include <QLabel>
#include <QQmlError>
#include <QQuickItem>
#include <QQuickView>
#include <QStackedLayout>

namespace cityops::ui {

MapWidget::MapWidget(QWidget *parent)
    : QWidget(parent)
    , m_data(std::make_unique<MapData>())
{
    setObjectName(QStringLiteral("mapWidget"));
    m_stack = new QStackedLayout(this);
    m_stack->setContentsMargins(0, 0, 0, 0);
    m_placeholder = new QLabel(tr("No city map: the engine runs without a scenario."), this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_stack->addWidget(m_placeholder);
    setMinimumSize(320, 240);
}

MapWidget::~MapWidget()
{
    // The view's items point at the map data; the view goes first.
    delete m_container;
    m_container = nullptr;
}

bool MapWidget::setScenario(std::shared_ptr<const core::Scenario> scenario, const QString &language)
{
    if (!scenario)
        return false;
    m_data->setScenario(std::move(scenario));
    if (!m_view) {
        m_view = new QQuickView;
        m_view->setColor(QColor(0x0b, 0x0e, 0x11));
        m_view->setResizeMode(QQuickView::SizeRootObjectToView);
        m_view->setInitialProperties({{QStringLiteral("mapData"), QVariant::fromValue(m_data.get())},
                                      {QStringLiteral("language"), language}});
        m_view->setSource(QUrl(QStringLiteral("qrc:/qt-project.org/imports/CityOps/Map/CityMapView.qml")));
        if (m_view->status() != QQuickView::Ready) {
            QStringList errors;
            for (const QQmlError &e : m_view->errors())
                errors << e.toString();
            m_error = tr("The map could not load: %1").arg(errors.join(QLatin1Char('\n')));
            m_placeholder->setText(m_error);
            delete m_view;
            m_view = nullptr;
            return false;
        }
        m_map = m_view->rootObject()->property("map").value<CityMap *>();
        m_container = QWidget::createWindowContainer(m_view, this); // takes ownership of the view
        m_container->setObjectName(QStringLiteral("mapContainer"));
        m_container->setFocusPolicy(Qt::StrongFocus);
        m_container->setMinimumSize(320, 240);
        m_stack->addWidget(m_container);
        m_stack->setCurrentWidget(m_container);
        if (m_map) {
            connect(m_map, &CityMap::clicked, this, &MapWidget::entityClicked);
            connect(m_map, &CityMap::clickedAt, this, &MapWidget::placeClicked);
        }
    }
    return m_map != nullptr;
}

FloodField MapWidget::floodFieldOf(const DepthGrid &grid)
{
    FloodField f{grid.cols, grid.rows, grid.xllCorner, grid.yllCorner, grid.cellSize, grid.depthM};
    f.horizonMin = grid.horizonMin;
    return f;
}

void MapWidget::showDepths(const DepthGridPtr &grid)
{
    m_data->setFloodField(grid ? floodFieldOf(*grid) : FloodField{});
}

QImage MapWidget::grabImage() const
{
    return m_view && m_view->isExposed() ? m_view->grabWindow() : QImage();
}

} // namespace cityops::ui
