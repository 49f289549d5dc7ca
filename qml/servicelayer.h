// ServiceLayer: a diamond per service centre (administrative hall, hospital), sized by its counters,
// coloured by the expected wait: people waiting per open counter (plasma classes, mapstyle.h). A centre
// with people waiting and no counter open is the worst class and gets the ring.
// Threading: see maplayer.h.
#pragma once

#include "symbollayer.h"

namespace cityops::ui {

class ServiceLayer : public SymbolLayer {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Layers belong to a CityMap")

public:
    explicit ServiceLayer(CityMap *map, QQuickItem *parent = nullptr);
    /// People waiting per open counter; infinity when people wait and no counter is open, -1 without data.
    static double waitingPerCounter(const core::EntityState &s);

protected:
    float baseSize(const core::Entity &e) const override;
    QRgb fill(const core::Entity &e, const core::EntityState *s, bool &highlight) const override;
    QRgb predictedFill(const core::Entity &e, double value, bool &highlight) const override;
    void updateLegend() override;
};

} // namespace cityops::ui
