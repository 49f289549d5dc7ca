// WallPlaylist: the views the wall display cycles through, each a region (the whole city or a district)
// and a set of map layers. An operator's own playlist is a JSON array in the setting `wall/playlist`:
//   [{"name": "Jinshui traffic", "district": "410105", "layers": ["traffic", "parking", "context"]}, ...]
// Anything wrong in it (not JSON, an unknown district or layer) is reported and the default playlist is
// used instead, so a typo never leaves the wall blank. The default: the whole city with every layer,
// then traffic and parking district by district, then flood risk and service load city-wide.
// Threading: GUI thread.
#pragma once

#include "model/scenario.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QVariantList>

namespace cityops::ui {

class WallPlaylist {
    Q_DECLARE_TR_FUNCTIONS(cityops::ui::WallPlaylist)

public:
    static constexpr const char *kPlaylistKey = "wall/playlist";
    static constexpr const char *kIntervalKey = "wall/playlistIntervalS";
    static constexpr int kDefaultIntervalS = 20;
    /// The map's layer names.
    static const QStringList &layerNames();

    /// The default playlist for a scenario (names in the interface language; `zh` picks district names).
    static QVariantList defaults(const core::Scenario &scenario, bool zh);
    /// Parses a JSON playlist; on any problem returns an empty list and says why in `error`.
    static QVariantList parse(const QByteArray &json, const core::Scenario &scenario, QString &error);
    /// The operator's playlist from QSettings, else the default (with the problem in `error`, if any).
    static QVariantList fromSettings(const core::Scenario &scenario, bool zh, QString &error);
    /// Seconds per view from QSettings (at least 3 s).
    static int intervalFromSettings();
};

} // namespace cityops::ui
