// CityMap: the city map item. Owns the view (MapViewport) and its five layers, stacked bottom to top:
// context (water, districts, names), flood, traffic, service centres, car parks. It is fed by a MapData
// (scenario, snapshots, depth field) that several maps may share, and handles the interaction: drag to pan,
// wheel / pinch (touch or touchpad) to zoom, keys (+ - arrows, Home fits all), hover (hoverText) and click
// (selectedEntity).
//
//     CityMap { anchors.fill: parent; mapData: cityMapData; language: "zh" }
//
// Caching: the layers and the names sit in a cache item that Qt Quick renders into a texture (the item
// layer) and draws again unchanged while only the view's centre moves. The cache is the map plus
// kCacheMarginPx on every side, drawn for an anchor view (cacheViewport()); a pan moves the item by whole
// pixels, and only a zoom, a resize, a pan past the margin or a change in what the layers show renders
// them again. The pulsing rings round symbols are drawn live above it. At 50,000 links this turns a panned
// frame from ~100,000 triangles through a software rasteriser into one textured quad.
//
// Threading: GUI thread; the layers render on the scene graph's thread (see maplayer.h).
#pragma once

#include "contextlayer.h"
#include "floodlayer.h"
#include "mapdata.h"
#include "mapviewport.h"
#include "parkinglayer.h"
#include "servicelayer.h"
#include "trafficlayer.h"

#include <QColor>
#include <QPointer>
#include <QQuickItem>
#include <QtQml/qqmlregistration.h>

namespace cityops::ui {

class CityMap : public QQuickItem {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(cityops::ui::MapData *mapData READ mapData WRITE setMapData NOTIFY mapDataChanged)
    Q_PROPERTY(cityops::ui::MapViewport *viewport READ viewport CONSTANT)
    Q_PROPERTY(cityops::ui::ContextLayer *contextLayer READ contextLayer CONSTANT)
    Q_PROPERTY(cityops::ui::FloodLayer *floodLayer READ floodLayer CONSTANT)
    Q_PROPERTY(cityops::ui::TrafficLayer *trafficLayer READ trafficLayer CONSTANT)
    Q_PROPERTY(cityops::ui::ServiceLayer *serviceLayer READ serviceLayer CONSTANT)
    Q_PROPERTY(cityops::ui::ParkingLayer *parkingLayer READ parkingLayer CONSTANT)
    Q_PROPERTY(bool contextVisible READ contextVisible WRITE setContextVisible NOTIFY layerVisibilityChanged)
    Q_PROPERTY(bool floodVisible READ floodVisible WRITE setFloodVisible NOTIFY layerVisibilityChanged)
    Q_PROPERTY(bool trafficVisible READ trafficVisible WRITE setTrafficVisible NOTIFY layerVisibilityChanged)
    Q_PROPERTY(bool serviceVisible READ serviceVisible WRITE setServiceVisible NOTIFY layerVisibilityChanged)
    Q_PROPERTY(bool parkingVisible READ parkingVisible WRITE setParkingVisible NOTIFY layerVisibilityChanged)
    /// "zh" or "en": names of districts and water, legends and tooltips. Defaults to the system locale.
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(QColor backgroundColor READ backgroundColor WRITE setBackgroundColor NOTIFY backgroundColorChanged)
    Q_PROPERTY(bool interactive READ interactive WRITE setInteractive NOTIFY interactiveChanged)
    Q_PROPERTY(QString hoverText READ hoverText NOTIFY hoverChanged)
    Q_PROPERTY(QPointF hoverPosition READ hoverPosition NOTIFY hoverChanged)
    Q_PROPERTY(int hoverEntity READ hoverEntity NOTIFY hoverChanged)
    Q_PROPERTY(int selectedEntity READ selectedEntity WRITE setSelectedEntity NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedId READ selectedId NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedKind READ selectedKind NOTIFY selectionChanged)
    Q_PROPERTY(QString selectedText READ selectedText NOTIFY selectedTextChanged)
    Q_PROPERTY(QStringList districtIds READ districtIds NOTIFY scenarioChanged)

public:
    explicit CityMap(QQuickItem *parent = nullptr);
    ~CityMap() override;

    MapData *mapData() const { return m_data; }
    void setMapData(MapData *data);
    MapViewport *viewport() { return &m_viewport; }
    const MapViewport *viewport() const { return &m_viewport; }
    /// The anchor view the cached layers are drawn for, in the cache item's pixels (see Caching above).
    const MapViewport &cacheViewport() const { return m_cacheViewport; }
    /// How many times the cache's anchor view was taken again: tests check that a small pan does not.
    int cacheAnchorChanges() const { return m_cacheAnchorChanges; }
    static constexpr double kCacheMarginPx = 256;
    ContextLayer *contextLayer() const { return m_context; }
    FloodLayer *floodLayer() const { return m_flood; }
    TrafficLayer *trafficLayer() const { return m_traffic; }
    ServiceLayer *serviceLayer() const { return m_service; }
    ParkingLayer *parkingLayer() const { return m_parking; }

    bool contextVisible() const { return m_context->isVisible(); }
    bool floodVisible() const { return m_flood->isVisible(); }
    bool trafficVisible() const { return m_traffic->isVisible(); }
    bool serviceVisible() const { return m_service->isVisible(); }
    bool parkingVisible() const { return m_parking->isVisible(); }
    void setContextVisible(bool on) { setLayerVisible(m_context, on); }
    void setFloodVisible(bool on) { setLayerVisible(m_flood, on); }
    void setTrafficVisible(bool on) { setLayerVisible(m_traffic, on); }
    void setServiceVisible(bool on) { setLayerVisible(m_service, on); }
    void setParkingVisible(bool on) { setLayerVisible(m_parking, on); }

    QString language() const { return m_language; }
    void setLanguage(const QString &language);
    bool chinese() const { return m_language.startsWith(QLatin1String("zh")); }
    QColor backgroundColor() const { return m_background; }
    void setBackgroundColor(const QColor &c);
    bool interactive() const { return m_interactive; }
    void setInteractive(bool on);

    QString hoverText() const { return m_hoverText; }
    QPointF hoverPosition() const { return m_hoverPos; }
    int hoverEntity() const { return m_hoverEntity; }
    int selectedEntity() const { return m_selected; }
    void setSelectedEntity(int entity);
    QString selectedId() const;
    QString selectedKind() const;
    QString selectedText() const { return m_selectedText; }
    QStringList districtIds() const;

    Q_INVOKABLE void fitAll();
    Q_INVOKABLE bool fitToDistrict(const QString &id);
    Q_INVOKABLE void zoomIn() { zoomAt(1.5, {width() / 2, height() / 2}); }
    Q_INVOKABLE void zoomOut() { zoomAt(1 / 1.5, {width() / 2, height() / 2}); }
    Q_INVOKABLE void zoomAt(double factor, QPointF anchorPx) { m_viewport.zoomAt(factor, anchorPx); }
    Q_INVOKABLE void panBy(double dxPx, double dyPx) { m_viewport.panByPixels({dxPx, dyPx}); }
    /// The entity (model index) drawn at a point, topmost layer first; -1 if none.
    Q_INVOKABLE int entityAt(QPointF px) const;
    /// Where an entity is drawn now (link middle, facility symbol); (-1, -1) if it is not on the map.
    Q_INVOKABLE QPointF entityPosition(int entity) const;
    /// Model index of an entity by kind name ("link", "parking", "service_center", ...) and id; -1 if none.
    Q_INVOKABLE int entityIndex(const QString &kind, const QString &id) const;
    /// Kind, id, name and live values of an entity, as the tooltip shows them.
    Q_INVOKABLE QString describeEntity(int entity) const;
    /// What the tooltip would say at a point (entity, else water depth, else empty).
    Q_INVOKABLE QString describeAt(QPointF px) const;

Q_SIGNALS:
    void mapDataChanged();
    void layerVisibilityChanged();
    void languageChanged();
    void backgroundColorChanged();
    void interactiveChanged();
    void hoverChanged();
    void selectionChanged();
    void selectedTextChanged();
    void scenarioChanged();
    /// A click on the map: the entity under it (-1 for empty map).
    void clicked(int entity);
    /// The same click's place on the map: x longitude, y latitude (WGS84).
    void clickedAt(QPointF lonLat);

protected:
    void geometryChange(const QRectF &newGeometry, const QRectF &oldGeometry) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void hoverEnterEvent(QHoverEvent *event) override;
    void hoverMoveEvent(QHoverEvent *event) override;
    void hoverLeaveEvent(QHoverEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void touchEvent(QTouchEvent *event) override;
    bool event(QEvent *event) override;

private:
    void setLayerVisible(MapLayer *layer, bool on);
    void onScenarioChanged();
    void onSnapshotApplied();
    void onViewChanged();
    /// Moves the cache for the view on screen, or takes that view as its new anchor; true if it did the latter.
    bool placeCache();
    void updateHover(QPointF px);
    void refreshTexts();
    QRectF scenarioWorld() const;

    MapViewport m_viewport;
    MapViewport m_cacheViewport;
    QQuickItem *m_cache;
    int m_cacheAnchorChanges = 0;
    QPointer<MapData> m_data;
    QList<QMetaObject::Connection> m_dataConnections;
    ContextLayer *m_context;
    QQuickItem *m_contextLabels;
    FloodLayer *m_flood;
    TrafficLayer *m_traffic;
    ServiceLayer *m_service;
    ParkingLayer *m_parking;
    QString m_language;
    QColor m_background = QColor::fromRgba(mapstyle::kBackground);
    bool m_interactive = true;
    bool m_fitPending = true;

    QString m_hoverText;
    QPointF m_hoverPos;
    bool m_hovering = false;
    int m_hoverEntity = -1;
    int m_selected = -1;
    QString m_selectedText;

    // Drag and pinch.
    QPointF m_pressPos, m_lastPos;
    bool m_dragging = false;
    double m_lastPinchDistance = 0;
    QPointF m_lastPinchCentre;
};

} // namespace cityops::ui
