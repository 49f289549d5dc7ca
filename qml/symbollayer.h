// SymbolLayer: one screen-sized symbol per entity of a kind (car parks, service centres), its fill from the
// snapshot, a dark outline to keep it readable over roads, and a pulsing ring around the ones that need
// attention (a full car park). Symbols keep their pixel size at every zoom, so positions are rewritten
// when the view they are drawn for changes (a few thousand quads) and colours when a snapshot arrives; the
// buffers are reallocated only when the scenario changes. The symbols are cached with the map
// (maplayer.h); the rings pulse, so they are drawn live above the cache by the layer's companion.
//
// Threading: see maplayer.h.
#pragma once

#include "maplayer.h"
#include "mapstyle.h"
#include "model/citymodel.h"
#include "state/snapshot.h"

#include <QPointF>
#include <QTimer>

#include <cstdint>
#include <vector>

namespace cityops::ui {

class SymbolLayer : public MapLayer {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Layers belong to a CityMap")
    Q_PROPERTY(int symbolCount READ symbolCount NOTIFY symbolsChanged)
    Q_PROPERTY(int highlightedCount READ highlightedCount NOTIFY symbolsChanged)
    Q_PROPERTY(bool pulse READ pulse WRITE setPulse NOTIFY pulseChanged)

public:
    enum class Shape { Square, Diamond };
    SymbolLayer(CityMap *map, core::EntityKind kind, Shape shape, QQuickItem *parent = nullptr);

    int symbolCount() const { return static_cast<int>(m_symbols.size()); }
    int highlightedCount() const;
    bool pulse() const { return m_pulse; }
    void setPulse(bool on);
    /// Screen position of the i-th symbol (in scenario order of its kind).
    Q_INVOKABLE QPointF symbolScreenPosition(int i) const;
    /// Screen position of the symbol of a model entity; (-1, -1) if this layer has none.
    QPointF entityScreenPosition(int entity) const;

    Hit hitTest(QPointF px) const override;
    void scenarioChanged() override;
    void snapshotApplied() override;
    void viewChanged() override;
    void screenViewChanged() override;
    void languageChanged() override { updateLegend(); }

Q_SIGNALS:
    void symbolsChanged();
    void pulseChanged();

protected:
    /// Side (square) or diagonal (diamond) in pixels at a 1:1 zoom factor.
    virtual float baseSize(const core::Entity &e) const = 0;
    /// Fill colour for the entity's state (null state: no snapshot); `highlight` asks for the ring.
    virtual QRgb fill(const core::Entity &e, const core::EntityState *s, bool &highlight) const = 0;
    /// Fill colour for a predicted value (MapData::setSymbolPrediction; NaN: none).
    virtual QRgb predictedFill(const core::Entity &e, double value, bool &highlight) const = 0;
    virtual void updateLegend() = 0;
    /// Minutes ahead the layer shows (0: live).
    int predictionHorizon() const;
    void refresh();

    QSGNode *updatePaintNode(QSGNode *old, UpdatePaintNodeData *) override;
    /// The pulsing rings, in the companion (maplayer.h) the map stacks live above its cache: a pulse step
    /// redraws a few rings, not the cache.
    QSGNode *paintCompanion(QSGNode *old) override;

private:
    struct Symbol {
        std::uint32_t entity = 0;
        QPointF world;
        float size = 10;
    };
    float zoomFactor() const;
    void onPulseTick();

    core::EntityKind m_kind;
    Shape m_shape;
    std::vector<Symbol> m_symbols;
    std::vector<mapstyle::Rgba8> m_fill;
    std::vector<std::uint8_t> m_highlight;
    bool m_buffersDirty = false, m_coloursDirty = false;
    bool m_showsPrediction = false;
    bool m_pulse = true;
    QTimer m_pulseTimer;
    int m_pulseStep = 0;
};

} // namespace cityops::ui
