#include "parkingguidancepanel.h"

#include "display.h"
#include "parkingwatch.h"

#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

namespace cityops::ui {

namespace {

enum Column { NameColumn, FreeNowColumn, FreeOnArrivalColumn, DriveColumn, WalkColumn, ScoreColumn, ColumnCount };

} // namespace

ParkingGuidancePanel::ParkingGuidancePanel(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("parkingGuidancePanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_status = new QLabel(tr("Click \u201cPick on the map\u201d, then where the driver is and where they are going."), this);
    m_status->setObjectName(QStringLiteral("guidanceStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);
    auto *buttons = new QHBoxLayout;
    m_pick = new QPushButton(tr("&Pick on the map"), this);
    m_pick->setObjectName(QStringLiteral("guidancePick"));
    m_pick->setToolTip(tr("Ctrl+Shift+P"));
    m_again = new QPushButton(tr("Ran&k again"), this);
    m_again->setEnabled(false);
    buttons->addWidget(m_pick);
    buttons->addWidget(m_again);
    buttons->addStretch(1);
    layout->addLayout(buttons);
    m_view = new QTreeWidget(this);
    m_view->setObjectName(QStringLiteral("guidanceView"));
    m_view->setRootIsDecorated(false);
    m_view->setColumnCount(ColumnCount);
    m_view->setHeaderLabels({tr("Car park"), tr("Free now"), tr("Free on arrival"), tr("Drive"), tr("Walk"), tr("Cost")});
    m_view->headerItem()->setToolTip(ScoreColumn, tr("Generalised cost in minutes: drive + 2 \u00d7 walk + 20 \u00d7 the risk of "
                                                     "finding it full. Lower is better."));
    m_view->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);

    connect(m_pick, &QPushButton::clicked, this, &ParkingGuidancePanel::startPicking);
    connect(m_again, &QPushButton::clicked, this, &ParkingGuidancePanel::rank);
    auto show = [this](QTreeWidgetItem *item) {
        if (item)
            Q_EMIT showOnMapRequested(item->data(NameColumn, Qt::UserRole).toInt());
    };
    connect(m_view, &QTreeWidget::itemActivated, this, show);
}

ParkingGuidancePanel::~ParkingGuidancePanel() = default;

void ParkingGuidancePanel::setScenario(std::shared_ptr<const core::Scenario> scenario)
{
    m_scenario = std::move(scenario);
    m_guidance = m_scenario ? std::make_unique<core::ParkingGuidance>(*m_scenario) : nullptr;
    m_origin.reset();
    m_destination.reset();
    m_options.clear();
    m_step = Step::Idle;
    m_view->clear();
    m_again->setEnabled(false);
}

void ParkingGuidancePanel::startPicking()
{
    if (!m_guidance)
        return;
    m_step = Step::Origin;
    m_status->setText(tr("Click where the driver is now."));
}

void ParkingGuidancePanel::pick(QPointF lonLat)
{
    const core::GeoPoint p{lonLat.x(), lonLat.y()};
    if (m_step == Step::Origin) {
        m_origin = p;
        m_step = Step::Destination;
        m_status->setText(tr("Now click where the driver is going."));
    } else if (m_step == Step::Destination) {
        m_destination = p;
        m_step = Step::Idle;
        rank();
    }
}

int ParkingGuidancePanel::entityOf(const std::string &id) const
{
    if (!m_scenario)
        return -1;
    const auto &city = *m_scenario->city;
    for (std::uint32_t e = 0; e < city.size(); ++e)
        if (city.entity(e).kind == core::EntityKind::Parking && city.entity(e).id == id)
            return static_cast<int>(e);
    return -1;
}

void ParkingGuidancePanel::rank()
{
    if (!m_guidance || !m_origin || !m_destination)
        return;
    const auto &city = *m_scenario->city;
    // The roads at their speeds now.
    if (m_snapshot && m_snapshot->entities.size() == city.size()) {
        std::vector<double> speeds(m_scenario->links.size(), 0.0);
        for (std::size_t l = 0; l < speeds.size(); ++l) {
            const core::EntityState &s = m_snapshot->entities[m_scenario->links[l].entity];
            if (s.freshness == core::Freshness::Fresh && s.has(0))
                speeds[l] = s.values[0];
        }
        m_guidance->setLinkSpeeds(speeds);
    }
    // The car parks with their free spaces now and forecast (held flat where there is no forecast yet).
    const ParkingOutlookPtr outlook = m_watch ? m_watch->outlook() : nullptr;
    std::vector<core::ParkingCandidate> candidates;
    bool forecast = false;
    if (outlook)
        for (const CarParkOutlook &o : outlook->carParks) {
            const core::Entity &e = city.entity(o.entity);
            core::ParkingCandidate c{e.id, {e.lon, e.lat}, o.capacity, o.freeSpaces(outlook->horizonsMin)};
            if (c.freeForecast.empty())
                continue;
            forecast = forecast || c.freeForecast.size() > 1;
            candidates.push_back(std::move(c));
        }
    m_options = m_guidance->rank(*m_origin, *m_destination, candidates);
    showOptions();
    if (candidates.empty())
        m_status->setText(tr("No car park has reported yet."));
    else if (m_options.empty())
        m_status->setText(tr("No car park within walking distance (1.5 km) of the destination."));
    else
        m_status->setText(forecast ? tr("%n car park(s) ranked by the free spaces forecast for the arrival, the walk and the drive.",
                                        nullptr, static_cast<int>(m_options.size()))
                                   : tr("%n car park(s) ranked by the free spaces now (the forecast needs a whole day "
                                        "of readings), the walk and the drive.", nullptr, static_cast<int>(m_options.size())));
    m_again->setEnabled(true);
}

void ParkingGuidancePanel::showOptions()
{
    m_view->clear();
    const QLocale locale;
    const ParkingOutlookPtr outlook = m_watch ? m_watch->outlook() : nullptr;
    for (const core::ParkingOption &o : m_options) {
        const int entity = entityOf(o.id);
        auto *item = new QTreeWidgetItem(m_view);
        QString name = QString::fromStdString(o.id);
        if (entity >= 0) {
            const core::Entity &e = m_scenario->city->entity(static_cast<std::uint32_t>(entity));
            const QString label = Display::entityName(e);
            if (!label.isEmpty())
                name += QStringLiteral(" ") + label;
        }
        item->setText(NameColumn, name);
        item->setData(NameColumn, Qt::UserRole, entity);
        const CarParkOutlook *c = outlook && entity >= 0 ? outlook->find(static_cast<std::uint32_t>(entity)) : nullptr;
        item->setText(FreeNowColumn, c ? locale.toString(c->capacity - c->occupied, 'f', 0) : QString());
        item->setText(FreeOnArrivalColumn, locale.toString(o.freeOnArrival, 'f', 0));
        item->setText(DriveColumn, std::isfinite(o.driveMin) ? tr("%1 min").arg(locale.toString(o.driveMin, 'f', 0)) : tr("unreachable"));
        item->setText(WalkColumn, tr("%1 m").arg(locale.toString(o.walkM, 'f', 0)));
        item->setText(ScoreColumn, locale.toString(o.score, 'f', 1));
        for (int c = FreeNowColumn; c < ColumnCount; ++c)
            item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    }
    if (m_view->topLevelItemCount() > 0)
        m_view->setCurrentItem(m_view->topLevelItem(0));
}

} // namespace cityops::ui
