// MapStyle: every colour class the map draws, in one place, with its legend text in English and Chinese.
//
// Choices (all classes are discrete, so the legend names exactly what is on screen):
// - Traffic: ColorBrewer RdYlBu, 5 classes (Brewer & Harrower, colorbrewer2.org marks it colour-blind safe):
//   red = stopped, yellow = slow, blue = free flow, by speed / speed limit. Red-to-blue reads correctly with
//   protanopia and deuteranopia, unlike the usual red-to-green. Stale links turn light grey (the colour no
//   longer means anything), links that never reported dark grey.
// - Parking and service centres: on the dark map "brighter is worse". Parking occupancy uses viridis,
//   service wait per open counter uses plasma (both perceptually uniform, monotonic in lightness, so they
//   survive every colour-vision deficiency and greyscale).
// - Flood depth: translucent blues, darker and more opaque with depth, and a violet for water that is
//   dangerous (> 0.3 m), so the two thresholds operators act on (0.15 m: cars stop, 0.3 m: people at risk)
//   are the two strongest steps.
//
// Labels are bilingual tables rather than tr(): the map's `language` property picks the district-name
// language for the wall display independently of the workstation's UI language.
// Threading: constant data and pure functions; any thread.
#pragma once

#include <QColor>
#include <QString>

#include <array>

namespace cityops::ui::mapstyle {

struct Text {
    const char *en;
    const char *zh;
    QString in(bool chinese) const { return QString::fromUtf8(chinese ? zh : en); }
};

struct ColorClass {
    QRgb color; ///< non-premultiplied ARGB
    Text label;
};

inline constexpr QRgb kBackground = 0xff14181d;

// Traffic (speed / speed limit), from slowest to free flow.
inline constexpr std::array<ColorClass, 5> kTraffic = {{
    {0xffd7191c, {"under 20 % of limit: stopped", "低于限速20%：停滞"}},
    {0xfffdae61, {"20-40 %: heavy", "20-40%：严重拥堵"}},
    {0xffffffbf, {"40-60 %: slow", "40-60%：缓行"}},
    {0xffabd9e9, {"60-80 %: moderate", "60-80%：基本畅通"}},
    {0xff2c7bb6, {"over 80 %: free flow", "高于80%：畅通"}},
}};
inline constexpr ColorClass kTrafficStale = {0xff9a9a9a, {"stale (no recent reading)", "数据过期"}};
inline constexpr ColorClass kTrafficNoData = {0xff454c55, {"no data", "无数据"}};
inline constexpr ColorClass kIncident = {0xffffffff, {"incident", "事件"}};
int trafficClass(double speedRatio);

// Parking occupancy (occupied / capacity).
inline constexpr std::array<ColorClass, 4> kParking = {{
    {0xff3b528b, {"under 50 % occupied", "占用低于50%"}},
    {0xff21918c, {"50-80 %", "50-80%"}},
    {0xff5ec962, {"80-95 %", "80-95%"}},
    {0xfffde725, {"over 95 %: full", "高于95%：已满"}},
}};
inline constexpr ColorClass kParkingNoData = {0xff7a7f86, {"no data", "无数据"}};
inline constexpr double kParkingFull = 0.95;
int parkingClass(double occupancy);

// Service centres: people waiting per open counter.
inline constexpr std::array<ColorClass, 4> kService = {{
    {0xff7e03a8, {"under 2 waiting per counter", "每窗口等候少于2人"}},
    {0xffcc4778, {"2-5 per counter", "每窗口2-5人"}},
    {0xfff89540, {"5-10 per counter", "每窗口5-10人"}},
    {0xfff0f921, {"over 10 per counter", "每窗口超过10人"}},
}};
inline constexpr ColorClass kServiceNoData = {0xff7a7f86, {"no data", "无数据"}};
int serviceClass(double waitingPerCounter);

// Flood depth classes; depths below kFloodMinDepthM stay transparent.
inline constexpr double kFloodMinDepthM = 0.05;
inline constexpr double kFloodImpassableM = 0.15;
inline constexpr double kFloodDangerousM = 0.3;
inline constexpr std::array<ColorClass, 3> kFlood = {{
    {0x408fc4e8, {"0.05-0.15 m: shallow water", "0.05-0.15米：浅积水"}},
    {0xb02f7fd0, {"over 0.15 m: impassable for cars", "超过0.15米：车辆无法通行"}},
    {0xd88a3ffc, {"over 0.3 m: dangerous", "超过0.3米：危险"}},
}};
/// -1 below kFloodMinDepthM (transparent), else an index into kFlood.
int floodClass(double depthM);

// Context.
inline constexpr QRgb kWaterFill = 0xff1d3a55;
inline constexpr QRgb kWaterEdge = 0xff2f5b80;
inline constexpr QRgb kDistrictEdge = 0xb0b7a6d6; // dashed, a muted violet: never a road colour
inline constexpr QRgb kZoneEdge = 0x8090a8b8;
inline constexpr QRgb kDistrictLabel = 0xffd9dee4;
inline constexpr QRgb kWaterLabel = 0xff8fbde6;

/// Premultiplied RGBA bytes of an ARGB colour, as QSGGeometry::ColoredPoint2D wants them.
struct Rgba8 {
    unsigned char r, g, b, a;
};
Rgba8 premultiplied(QRgb argb);

} // namespace cityops::ui::mapstyle
