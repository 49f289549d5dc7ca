#include "citymap.h"

#include "feed/feedschema.h"

#include <QLocale>
#include <QNativeGestureEvent>
#include <QSGSimpleRectNode>

#include <algorithm>
#include <cmath>

namespace cityops::ui {

namespace {

constexpr double kWheelStep = 1.25; // zoom per wheel notch
constexpr double kKeyPanFraction = 0.15;
constexpr double kMaxScale = 12.0;  // px per metre: a lane is tens of pixels wide
constexpr double kFitMarginPx = 24;

QString number(double v, int decimals = 0)
{
    return QLocale().toString(v, 'f', decimals);
}

// The cache item (see "Caching" in citymap.h): the map's background, under the cached layers, so that the
// texture is opaque and is drawn without blending.
class MapCache : public QQuickItem {
public:
    explicit MapCache(QQuickItem *parent)
        : QQuickItem(parent)
    {
        setFlag(ItemHasContents, true);
    }
    void setColor(const QColor &c)
    {
        m_color = c;
        m_dirty = true;
        update();
    }

protected:
    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *) override
    {
        auto *node = static_cast<QSGSimpleRectNode *>(old);
        if (!node)
            node = new QSGSimpleRectNode;
        if (node->rect() != boundingRect())
            node->setRect(boundingRect());
        if (m_dirty || !old) {
            node->setColor(m_color);
            m_dirty = false;
        }
        return node;
    }

private:
    QColor m_color;
    bool m_dirty = true;
};

} // namespace

CityMap::CityMap(QQuickItem *parent)
    : QQuickItem(parent)
    , m_language(QLocale().language() == QLocale::Chinese ? QStringLiteral("zh") : QStringLiteral("en"))
{
    setFlag(ItemIsFocusScope, true);
    setActiveFocusOnTab(true);
    setClip(true);
    setAcceptedMouseButtons(Qt::LeftButton);
    setAcceptHoverEvents(true);
    setAcceptTouchEvents(true);
    // Created here, bottom to top; each layer is a child the size of the map, or of its cache.
    m_cache = new MapCache(this);
    static_cast<MapCache *>(m_cache)->setColor(m_background);
    // Qt Quick's item layer (QML's `layer.enabled`): a texture rendered again only when a node inside changes.
    if (auto *layer = m_cache->property("layer").value<QObject *>())
        layer->setProperty("enabled", true);
    m_cacheViewport.setScaleLimits(1e-12, 1e12); // it copies the view, already limited
    m_context = new ContextLayer(this, m_cache);
    m_flood = new FloodLayer(this, m_cache);
    m_traffic = new TrafficLayer(this, m_cache);
    m_contextLabels = m_context->createCompanion(m_cache); // names above the roads, below the symbols
    m_service = new ServiceLayer(this, m_cache);
    m_parking = new ParkingLayer(this, m_cache);
    // Live above the cache: the pulsing rings round the symbols that need attention.
    m_service->createCompanion(this);
    m_parking->createCompanion(this);
    connect(&m_viewport, &MapViewport::viewChanged, this, &CityMap::onViewChanged);
}

CityMap::~CityMap() = default;

void CityMap::setMapData(MapData *data)
{
    if (data == m_data)
        return;
    for (const auto &c : m_dataConnections)
        disconnect(c);
    m_dataConnections.clear();
    m_data = data;
    if (m_data) {
        m_dataConnections << connect(m_data, &MapData::scenarioChanged, this, &CityMap::onScenarioChanged)
                          << connect(m_data, &MapData::snapshotApplied, this, &CityMap::onSnapshotApplied)
                          << connect(m_data, &MapData::floodFieldChanged, this, [this] {
                                 m_flood->floodFieldChanged();
                                 refreshTexts();
                             })
                          << connect(m_data, &MapData::trafficPredictionChanged, this, [this] {
                                 m_traffic->snapshotApplied();
                                 refreshTexts();
                             })
                          << connect(m_data, &MapData::symbolPredictionChanged, this, [this] {
                                 m_parking->snapshotApplied();
                                 m_service->snapshotApplied();
                                 refreshTexts();
                             })
                          << connect(m_data, &QObject::destroyed, this, [this] { setMapData(nullptr); });
    }
    onScenarioChanged();
    Q_EMIT mapDataChanged();
}

QRectF CityMap::scenarioWorld() const
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    if (!s)
        return {};
    if (s->bounds.valid())
        return m_viewport.projectBox(s->bounds.minLon, s->bounds.minLat, s->bounds.maxLon, s->bounds.maxLat);
    QRectF r;
    for (const auto &l : s->links)
        for (const auto &p : l.points)
            r |= QRectF(m_viewport.project(p.lon, p.lat), QSizeF(1e-3, 1e-3));
    return r;
}

void CityMap::onScenarioChanged()
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    if (s) {
        // Origin: the middle of the city, so float vertex positions stay precise.
        double lon0 = 0, lat0 = 0;
        if (s->bounds.valid()) {
            lon0 = (s->bounds.minLon + s->bounds.maxLon) / 2;
            lat0 = (s->bounds.minLat + s->bounds.maxLat) / 2;
        } else if (!s->links.empty() && !s->links.front().points.empty()) {
            lon0 = s->links.front().points.front().lon;
            lat0 = s->links.front().points.front().lat;
        }
        m_viewport.setOrigin(lon0, lat0);
        m_cacheViewport.setOrigin(lon0, lat0);
    }
    m_selected = m_hoverEntity = -1;
    m_hoverText.clear();
    for (MapLayer *layer : {static_cast<MapLayer *>(m_context), static_cast<MapLayer *>(m_flood),
                            static_cast<MapLayer *>(m_traffic), static_cast<MapLayer *>(m_service),
                            static_cast<MapLayer *>(m_parking)})
        layer->scenarioChanged();
    m_fitPending = true;
    if (width() > 0 && height() > 0)
        fitAll();
    Q_EMIT scenarioChanged();
    Q_EMIT selectionChanged();
    Q_EMIT hoverChanged();
    refreshTexts();
}

void CityMap::onSnapshotApplied()
{
    m_traffic->snapshotApplied();
    m_service->snapshotApplied();
    m_parking->snapshotApplied();
    refreshTexts();
}

bool CityMap::placeCache()
{
    const double s = m_viewport.scale();
    const QSizeF size(m_viewport.size().width() + 2 * kCacheMarginPx, m_viewport.size().height() + 2 * kCacheMarginPx);
    const QPointF c = m_viewport.center(), a = m_cacheViewport.center();
    // Where the anchor view's top left sits on the map now (same scale): minus the margin, plus the pan since.
    const double dx = (a.x() - c.x()) * s, dy = (c.y() - a.y()) * s;
    if (m_cacheAnchorChanges > 0 && m_cacheViewport.scale() == s && m_cacheViewport.size() == size
        && std::abs(dx) <= kCacheMarginPx && std::abs(dy) <= kCacheMarginPx) {
        m_cache->setPosition(QPointF(std::round(dx) - kCacheMarginPx, std::round(dy) - kCacheMarginPx));
        return false;
    }
    m_cacheViewport.setSize(size);
    m_cacheViewport.setView(c, s);
    m_cache->setPosition(QPointF(-kCacheMarginPx, -kCacheMarginPx));
    m_cache->setSize(size);
    for (QQuickItem *layer : m_cache->childItems())
        layer->setSize(size);
    ++m_cacheAnchorChanges;
    return true;
}

void CityMap::onViewChanged()
{
    const bool anchorMoved = placeCache();
    for (MapLayer *layer : {static_cast<MapLayer *>(m_context), static_cast<MapLayer *>(m_flood),
                            static_cast<MapLayer *>(m_traffic), static_cast<MapLayer *>(m_service),
                            static_cast<MapLayer *>(m_parking)}) {
        if (anchorMoved)
            layer->viewChanged();
        layer->screenViewChanged();
    }
    if (m_hovering)
        updateHover(m_hoverPos);
}

void CityMap::refreshTexts()
{
    if (m_hovering)
        updateHover(m_hoverPos);
    const QString selected = m_selected >= 0 ? describeEntity(m_selected) : QString();
    if (selected != m_selectedText) {
        m_selectedText = selected;
        Q_EMIT selectedTextChanged();
    }
}

void CityMap::setLayerVisible(MapLayer *layer, bool on)
{
    if (layer->isVisible() == on)
        return;
    layer->setVisible(on);
    Q_EMIT layerVisibilityChanged();
    refreshTexts();
}

void CityMap::setLanguage(const QString &language)
{
    if (language == m_language)
        return;
    m_language = language;
    for (MapLayer *layer : {static_cast<MapLayer *>(m_context), static_cast<MapLayer *>(m_flood),
                            static_cast<MapLayer *>(m_traffic), static_cast<MapLayer *>(m_service),
                            static_cast<MapLayer *>(m_parking)})
        layer->languageChanged();
    Q_EMIT languageChanged();
    refreshTexts();
}

void CityMap::setBackgroundColor(const QColor &c)
{
    if (c == m_background)
        return;
    m_background = c;
    static_cast<MapCache *>(m_cache)->setColor(c);
    Q_EMIT backgroundColorChanged();
}

void CityMap::setInteractive(bool on)
{
    if (on == m_interactive)
        return;
    m_interactive = on;
    setAcceptedMouseButtons(on ? Qt::LeftButton : Qt::NoButton);
    setAcceptHoverEvents(on);
    setAcceptTouchEvents(on);
    Q_EMIT interactiveChanged();
}

void CityMap::setSelectedEntity(int entity)
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    if (!s || entity < 0 || static_cast<std::size_t>(entity) >= s->city->size())
        entity = -1;
    if (entity == m_selected)
        return;
    m_selected = entity;
    Q_EMIT selectionChanged();
    refreshTexts();
}

QString CityMap::selectedId() const
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    return s && m_selected >= 0 ? QString::fromStdString(s->city->entity(m_selected).id) : QString();
}

QString CityMap::selectedKind() const
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    return s && m_selected >= 0 ? QString::fromUtf8(core::entityKindName(s->city->entity(m_selected).kind).data())
                                : QString();
}

QStringList CityMap::districtIds() const
{
    QStringList out;
    if (const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr)
        for (const auto &district : s->districts)
            out << QString::fromStdString(district.id);
    return out;
}

void CityMap::fitAll()
{
    const QRectF world = scenarioWorld();
    if (world.isEmpty() || width() < 1 || height() < 1) {
        m_fitPending = true;
        return;
    }
    m_fitPending = false;
    m_viewport.setSize(size());
    // Zooming out further than a quarter of the whole city only loses it.
    const double fit = std::min((width() - 2 * kFitMarginPx) / world.width(), (height() - 2 * kFitMarginPx) / world.height());
    m_viewport.setScaleLimits(std::max(1e-6, fit / 4), kMaxScale);
    m_viewport.fitWorld(world, kFitMarginPx);
}

bool CityMap::fitToDistrict(const QString &id)
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    if (!s)
        return false;
    const std::string key = id.toStdString();
    for (const auto &district : s->districts) {
        if (district.id != key)
            continue;
        QRectF r;
        for (const auto &poly : district.polygons)
            for (const auto &p : poly.outer)
                r |= QRectF(m_viewport.project(p.lon, p.lat), QSizeF(1e-3, 1e-3));
        if (r.isEmpty())
            return false;
        m_viewport.fitWorld(r, kFitMarginPx);
        return true;
    }
    return false;
}

int CityMap::entityAt(QPointF px) const
{
    // Topmost first: symbols over roads.
    for (const MapLayer *layer : {static_cast<const MapLayer *>(m_parking), static_cast<const MapLayer *>(m_service)}) {
        const auto hit = layer->hitTest(px);
        if (hit.entity >= 0)
            return hit.entity;
    }
    return m_traffic->hitTest(px).entity;
}

QPointF CityMap::entityPosition(int entity) const
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    if (!s || entity < 0 || static_cast<std::size_t>(entity) >= s->city->size())
        return {-1, -1};
    const auto &e = s->city->entity(entity);
    switch (e.kind) {
    case core::EntityKind::Link: return m_traffic->linkScreenPosition(m_traffic->linkOfEntity(entity));
    case core::EntityKind::Parking: return m_parking->entityScreenPosition(entity);
    case core::EntityKind::ServiceCenter: return m_service->entityScreenPosition(entity);
    default: return m_viewport.lonLatToScreen(e.lon, e.lat);
    }
}

int CityMap::entityIndex(const QString &kind, const QString &id) const
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    if (!s)
        return -1;
    for (int k = 0; k < core::kEntityKindCount; ++k) {
        const auto ek = static_cast<core::EntityKind>(k);
        if (kind == QLatin1String(core::entityKindName(ek).data(), static_cast<qsizetype>(core::entityKindName(ek).size()))) {
            const auto found = s->city->find(ek, id.toStdString());
            return found ? static_cast<int>(*found) : -1;
        }
    }
    return -1;
}

QString CityMap::describeEntity(int entity) const
{
    const core::Scenario *s = m_data ? m_data->scenario().get() : nullptr;
    if (!s || entity < 0 || static_cast<std::size_t>(entity) >= s->city->size())
        return {};
    const bool zh = chinese();
    const auto &e = s->city->entity(entity);
    const core::CitySnapshot *snap = m_data->snapshot().get();
    const core::EntityState *st = snap && static_cast<std::size_t>(entity) < snap->entities.size()
                                      ? &snap->entities[entity] : nullptr;
    const QString name = QString::fromStdString(zh && !e.nameZh.empty() ? e.nameZh : e.name);
    const QString id = QString::fromStdString(e.id);
    QString kindText;
    switch (e.kind) {
    case core::EntityKind::Link: kindText = zh ? QStringLiteral("路段") : QStringLiteral("Road link"); break;
    case core::EntityKind::Parking: kindText = zh ? QStringLiteral("停车场") : QStringLiteral("Car park"); break;
    case core::EntityKind::ServiceCenter:
        kindText = e.category == "hospital" ? (zh ? QStringLiteral("医院") : QStringLiteral("Hospital"))
                                            : (zh ? QStringLiteral("政务服务中心") : QStringLiteral("Service centre"));
        break;
    default: kindText = QString::fromUtf8(core::entityKindName(e.kind).data()); break;
    }
    QStringList lines;
    lines << QStringLiteral("%1 %2").arg(kindText, id) + (name.isEmpty() ? QString() : QStringLiteral(" · ") + name);
    const bool noData = !st || st->freshness == core::Freshness::NoData;
    if (noData) {
        lines << (zh ? QStringLiteral("无数据") : QStringLiteral("no data"));
    } else {
        switch (e.kind) {
        case core::EntityKind::Link: {
            const double limit = std::max(1.0, e.speedLimitKmh);
            if (st->has(0))
                lines << (zh ? QStringLiteral("车速 %1 km/h（限速 %2，%3%）") : QStringLiteral("%1 km/h of %2 (%3 %)"))
                                 .arg(number(st->values[0]), number(limit), number(100 * st->values[0] / limit));
            QStringList more;
            if (st->has(1))
                more << (zh ? QStringLiteral("流量 %1 辆/时") : QStringLiteral("%1 veh/h")).arg(number(st->values[1]));
            if (st->has(2))
                more << (zh ? QStringLiteral("占有率 %1%") : QStringLiteral("occupancy %1 %")).arg(number(100 * st->values[2]));
            if (!more.isEmpty())
                lines << more.join(QStringLiteral(", "));
            break;
        }
        case core::EntityKind::Parking: {
            const double capacity = st->has(1) && st->values[1] > 0 ? st->values[1] : std::max(1, e.capacity);
            lines << (zh ? QStringLiteral("已占用 %1 / %2（%3%）") : QStringLiteral("%1 of %2 occupied (%3 %)"))
                         .arg(number(st->values[0]), number(capacity), number(100 * st->values[0] / capacity));
            break;
        }
        case core::EntityKind::ServiceCenter: {
            const double w = ServiceLayer::waitingPerCounter(*st);
            lines << (zh ? QStringLiteral("等候 %1 人，开放窗口 %2") : QStringLiteral("%1 waiting, %2 counters open"))
                         .arg(number(st->values[0]), number(st->has(3) ? st->values[3] : 0));
            if (w >= 0 && std::isfinite(w))
                lines << (zh ? QStringLiteral("每窗口 %1 人") : QStringLiteral("%1 per counter")).arg(number(w, 1));
            break;
        }
        default: break;
        }
        if (st->freshness == core::Freshness::Stale)
            lines << (zh ? QStringLiteral("数据过期") : QStringLiteral("stale: no recent reading"));
    }
    if (e.kind == core::EntityKind::Link && snap)
        for (const auto &inc : snap->incidents)
            if (static_cast<int>(inc.link) == entity && inc.kindCode >= 1 && inc.kindCode <= core::kIncidentKinds.size()) {
                const auto kind = core::kIncidentKinds[inc.kindCode - 1];
                lines << (zh ? QStringLiteral("事件：%1，严重度 %2，封闭车道 %3") : QStringLiteral("incident: %1, severity %2, %3 lanes blocked"))
                             .arg(QString::fromUtf8(kind.data(), static_cast<qsizetype>(kind.size())))
                             .arg(inc.severity)
                             .arg(inc.lanesBlocked);
            }
    return lines.join(QLatin1Char('\n'));
}

QString CityMap::describeAt(QPointF px) const
{
    const int entity = entityAt(px);
    if (entity >= 0)
        return describeEntity(entity);
    if (m_flood->isVisible()) {
        const double depth = m_flood->depthAt(px);
        const int cls = mapstyle::floodClass(depth);
        if (cls >= 0)
            return (chinese() ? QStringLiteral("积水 %1 米\n%2") : QStringLiteral("Water %1 m deep\n%2"))
                .arg(number(depth, 2), mapstyle::kFlood[cls].label.in(chinese()));
    }
    return {};
}

void CityMap::updateHover(QPointF px)
{
    const int entity = entityAt(px);
    const QString text = describeAt(px);
    if (entity == m_hoverEntity && text == m_hoverText && px == m_hoverPos)
        return;
    m_hoverEntity = entity;
    m_hoverText = text;
    m_hoverPos = px;
    Q_EMIT hoverChanged();
}

void CityMap::geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry)
{
    QQuickItem::geometryChange(newGeometry, oldGeometry);
    // The cached layers are sized by placeCache(); the live items above the cache here.
    for (QQuickItem *item : childItems())
        if (item != m_cache)
            item->setSize(newGeometry.size());
    if (newGeometry.width() >= 1 && newGeometry.height() >= 1) {
        m_viewport.setSize(newGeometry.size());
        if (m_fitPending)
            fitAll();
    }
    update();
}

void CityMap::mousePressEvent(QMouseEvent *event)
{
    m_pressPos = m_lastPos = event->position();
    m_dragging = false;
    forceActiveFocus(Qt::MouseFocusReason);
    event->accept();
}

void CityMap::mouseMoveEvent(QMouseEvent *event)
{
    const QPointF p = event->position();
    if (!m_dragging && (p - m_pressPos).manhattanLength() >= 4)
        m_dragging = true;
    if (m_dragging) {
        m_viewport.panByPixels(p - m_lastPos);
        m_lastPos = p;
    }
    event->accept();
}

void CityMap::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_dragging) {
        const int entity = entityAt(event->position());
        setSelectedEntity(entity);
        Q_EMIT clicked(entity);
        Q_EMIT clickedAt(m_viewport.screenToLonLat(event->position()));
    }
    m_dragging = false;
    event->accept();
}

void CityMap::wheelEvent(QWheelEvent *event)
{
    const double notches = event->angleDelta().y() / 120.0;
    if (notches != 0)
        m_viewport.zoomAt(std::pow(kWheelStep, notches), event->position());
    event->accept();
}

void CityMap::hoverEnterEvent(QHoverEvent *event)
{
    hoverMoveEvent(event);
}

void CityMap::hoverMoveEvent(QHoverEvent *event)
{
    m_hovering = true;
    updateHover(event->position());
}

void CityMap::hoverLeaveEvent(QHoverEvent *)
{
    m_hovering = false;
    if (m_hoverEntity != -1 || !m_hoverText.isEmpty()) {
        m_hoverEntity = -1;
        m_hoverText.clear();
        Q_EMIT hoverChanged();
    }
}

void CityMap::keyPressEvent(QKeyEvent *event)
{
    const double dx = width() * kKeyPanFraction, dy = height() * kKeyPanFraction;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); break;
    case Qt::Key_Minus:
    case Qt::Key_Underscore: zoomOut(); break;
    case Qt::Key_Left: panBy(dx, 0); break;   // the view moves left: the map slides right
    case Qt::Key_Right: panBy(-dx, 0); break;
    case Qt::Key_Up: panBy(0, dy); break;
    case Qt::Key_Down: panBy(0, -dy); break;
    case Qt::Key_Home: fitAll(); break;
    case Qt::Key_Escape: setSelectedEntity(-1); break;
    default: event->ignore(); return;
    }
    event->accept();
}

void CityMap::touchEvent(QTouchEvent *event)
{
    const auto &points = event->points();
    if (points.size() >= 2) {
        const QPointF a = points[0].position(), b = points[1].position();
        const QPointF centre = (a + b) / 2;
        const double distance = std::hypot(a.x() - b.x(), a.y() - b.y());
        const bool started = std::any_of(points.begin(), points.end(),
                                         [](const QEventPoint &p) { return p.state() == QEventPoint::Pressed; });
        if (!started && m_lastPinchDistance > 0 && distance > 0) {
            m_viewport.panByPixels(centre - m_lastPinchCentre);
            m_viewport.zoomAt(distance / m_lastPinchDistance, centre);
        }
        m_lastPinchDistance = distance;
        m_lastPinchCentre = centre;
    } else if (points.size() == 1) {
        const QPointF p = points[0].position();
        if (points[0].state() == QEventPoint::Pressed) {
            m_pressPos = m_lastPos = p;
            m_dragging = false;
        } else if (points[0].state() == QEventPoint::Updated) {
            if (!m_dragging && (p - m_pressPos).manhattanLength() >= 8)
                m_dragging = true;
            if (m_dragging)
                m_viewport.panByPixels(p - m_lastPos);
            m_lastPos = p;
        } else if (points[0].state() == QEventPoint::Released && !m_dragging) {
            const int entity = entityAt(p);
            setSelectedEntity(entity);
            Q_EMIT clicked(entity);
        }
        m_lastPinchDistance = 0;
    }
    if (event->type() == QEvent::TouchEnd || event->type() == QEvent::TouchCancel)
        m_lastPinchDistance = 0;
    event->accept();
}

bool CityMap::event(QEvent *event)
{
    if (event->type() == QEvent::NativeGesture && m_interactive) {
        auto *g = static_cast<QNativeGestureEvent *>(event);
        if (g->gestureType() == Qt::ZoomNativeGesture) {
            m_viewport.zoomAt(1.0 + g->value(), g->position());
            return true;
        }
    }
    return QQuickItem::event(event);
}

} // namespace cityops::ui
