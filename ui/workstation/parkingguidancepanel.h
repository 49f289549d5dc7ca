// ParkingGuidancePanel: "One Network for Parking" at the operator's desk. Pick where the driver is and
// where they are going on the map (two clicks); the car parks within walking distance of the destination
// are ranked by the free spaces predicted for when the driver gets there (ParkingWatch's forecast,
// interpolated to the drive time), the walk to the destination and the drive through the road network at
// the speeds measured now (core::ParkingGuidance). Enter or a double click shows a car park on the map.
//
// Threading: GUI thread.
#pragma once

#include "model/scenario.h"
#include "predict/parkingguidance.h"
#include "state/snapshot.h"

#include <QPointF>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace cityops::ui {

class ParkingWatch;

class ParkingGuidancePanel : public QWidget {
    Q_OBJECT

public:
    explicit ParkingGuidancePanel(QWidget *parent = nullptr);
    ~ParkingGuidancePanel() override;

    void setScenario(std::shared_ptr<const core::Scenario> scenario);
    void setParkingWatch(const ParkingWatch *watch) { m_watch = watch; }
    /// The live speeds the drive times use (the newest snapshot).
    void applySnapshot(const core::SnapshotPtr &snapshot) { m_snapshot = snapshot; }

    /// Starts picking: the next map click is the driver's position, the one after it the destination.
    void startPicking();
    bool picking() const { return m_step != Step::Idle; }
    /// A place clicked on the map (x longitude, y latitude) while picking.
    void pick(QPointF lonLat);
    /// Ranks again for the same trip (with the newest forecast and speeds).
    void rank();

    const std::vector<core::ParkingOption> &options() const { return m_options; }
    /// The model entity of a ranked car park, -1 if unknown.
    int entityOf(const std::string &id) const;
    QTreeWidget *view() const { return m_view; }

Q_SIGNALS:
    void showOnMapRequested(int entity);

private:
    enum class Step { Idle, Origin, Destination };
    void showOptions();

    std::shared_ptr<const core::Scenario> m_scenario;
    std::unique_ptr<core::ParkingGuidance> m_guidance;
    const ParkingWatch *m_watch = nullptr;
    core::SnapshotPtr m_snapshot;
    Step m_step = Step::Idle;
    std::optional<core::GeoPoint> m_origin, m_destination;
    std::vector<core::ParkingOption> m_options;
    QLabel *m_status;
    QPushButton *m_pick;
    QPushButton *m_again;
    QTreeWidget *m_view;
};

} // namespace cityops::ui
