// Theme: the look the control room needs: high contrast (light text on a dark ground, readable on a wall
// display across the room), body text at least 11 pt, and a CJK font in the fallback chain so Chinese
// never renders as boxes. Call once on the GUI thread after QApplication exists.
#pragma once

class QApplication;
class QChart;

namespace cityops::ui {

struct ThemeOptions {
    double minimumPointSize = 11.0; ///< body text; the wall display uses more
};

void applyTheme(QApplication &app, const ThemeOptions &options = {});

/// A chart in the theme's colours (dark, the legend below, small margins); the caller owns it.
QChart *themedChart();

} // namespace cityops::ui
