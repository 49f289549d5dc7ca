// MapWidget: the shared city map (qml/CityMapView.qml, the same component the wall display shows) inside a
// Widgets window: a QQuickView in QWidget::createWindowContainer, which renders about twice as fast as
// QQuickWidget under llvmpipe (see the design's platform facts). Until a scenario is set it shows a
// placeholder that says why there is no map.
//
// Threading: GUI thread. The view's scene graph renders on Qt Quick's render thread as usual.
#pragma once

#include "floodwatch.h"
#include "mapdata.h"

#include "model/scenario.h"

#include <QImage>
#include <QWidget>

#include <memory>

class QLabel;
class QQuickView;
class QStackedLayout;

namespace cityops::ui {

class CityMap;

class MapWidget : public QWidget {
    Q_OBJECT

public:
    explicit MapWidget(QWidget *parent = nullptr);
    ~MapWidget() override;

    /// Loads the map for a scenario; false (and the placeholder says why) if the QML could not load.
    bool setScenario(std::shared_ptr<const core::Scenario> scenario, const QString &language);
    /// Follows a bridge's snapshots (anything with snapshotChanged(SnapshotPtr) and latestSnapshot()).
    template <class Bridge>
    void attach(const Bridge *bridge) { m_data->attach(bridge); }

    CityMap *map() const { return m_map; }
    MapData *mapData() const { return m_data.get(); }
    QQuickView *view() const { return m_view; }
    /// The map as drawn now (a real render of the scene graph); null without a map.
    QImage grabImage() const;
    QString errorString() const { return m_error; }
    /// The map's flood layer shows these depths (null: none).
    void showDepths(const DepthGridPtr &grid);
    /// A depth grid as the map's flood field.
    static FloodField floodFieldOf(const DepthGrid &grid);

Q_SIGNALS:
    /// An entity clicked on the map (model index), or -1 for empty space.
    void entityClicked(int entity);
    /// The place clicked: x longitude, y latitude.
    void placeClicked(QPointF lonLat);

private:
    std::unique_ptr<MapData> m_data;
    QQuickView *m_view = nullptr;
    QWidget *m_container = nullptr;
    QLabel *m_placeholder = nullptr;
    QStackedLayout *m_stack = nullptr;
    CityMap *m_map = nullptr;
    QString m_error;
};

} // namespace cityops::ui

