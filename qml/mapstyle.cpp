#include "mapstyle.h"

namespace cityops::ui::mapstyle {

int trafficClass(double r)
{
    if (r < 0.2) return 0;
    if (r < 0.4) return 1;
    if (r < 0.6) return 2;
    if (r < 0.8) return 3;
    return 4;
}

int parkingClass(double occupancy)
{
    if (occupancy < 0.5) return 0;
    if (occupancy < 0.8) return 1;
    if (occupancy <= kParkingFull) return 2;
    return 3;
}

int serviceClass(double w)
{
    if (w < 2) return 0;
    if (w < 5) return 1;
    if (w < 10) return 2;
    return 3;
}

int floodClass(double d)
{
    if (!(d >= kFloodMinDepthM)) return -1;
    if (d <= kFloodImpassableM) return 0;
    if (d <= kFloodDangerousM) return 1;
    return 2;
}

Rgba8 premultiplied(QRgb c)
{
    const int a = qAlpha(c);
    auto mul = [a](int v) { return static_cast<unsigned char>((v * a + 127) / 255); };
    return {mul(qRed(c)), mul(qGreen(c)), mul(qBlue(c)), static_cast<unsigned char>(a)};
}

} // namespace cityops::ui::mapstyle
