// ParkingLayer: a square per car park, sized by capacity, coloured by occupancy (viridis classes,
// mapstyle.h); car parks over 95 % full get a pulsing white ring.
// Threading: see maplayer.h.
#pragma once

#include "symbollayer.h"

namespace cityops::ui {

class ParkingLayer : public SymbolLayer {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Layers belong to a CityMap")

public:
    explicit ParkingLayer(CityMap *map, QQuickItem *parent = nullptr);

protected:
    float baseSize(const core::Entity &e) const override;
    QRgb fill(const core::Entity &e, const core::EntityState *s, bool &highlight) const override;
    QRgb predictedFill(const core::Entity &e, double value, bool &highlight) const override;
    void updateLegend() override;
};

} // namespace cityops::ui
