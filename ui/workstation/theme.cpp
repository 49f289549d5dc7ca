#include "theme.h"

#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QFont>
#include <QFontDatabase>
#include <QPalette>
#include <QStyleFactory>

#include <algorithm>

namespace cityops::ui {

void applyTheme(QApplication &app, const ThemeOptions &options)
{
    // Fusion looks the same on every desktop and under Xvfb, so screenshots show what operators see.
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);

    QFont font = QApplication::font();
    font.setPointSizeF(std::max(options.minimumPointSize, font.pointSizeF()));
    // Fontconfig usually finds a CJK fallback by itself; naming the Debian CJK fonts makes it certain.
    QStringList families{font.family()};
    for (const char *cjk : {"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC"}) {
        const QString family = QString::fromLatin1(cjk);
        if (QFontDatabase::hasFamily(family))
            families << family;
    }
    font.setFamilies(families);
    QApplication::setFont(font);

    QPalette p;
    const QColor window(0x1b, 0x1d, 0x21), base(0x10, 0x12, 0x14), alternate(0x1c, 0x20, 0x25);
    const QColor text(0xf2, 0xf2, 0xf2), dim(0x80, 0x80, 0x80), button(0x2b, 0x2f, 0x36);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::ToolTipBase, button);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa8, 0xa8, 0xa8));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::Link, QColor(0x6c, 0xb6, 0xff));
    p.setColor(QPalette::Light, QColor(0x3a, 0x3f, 0x47));
    p.setColor(QPalette::Midlight, QColor(0x33, 0x37, 0x3e));
    p.setColor(QPalette::Mid, QColor(0x26, 0x29, 0x2f));
    p.setColor(QPalette::Dark, QColor(0x12, 0x13, 0x16));
    p.setColor(QPalette::Shadow, QColor(0x00, 0x00, 0x00));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, dim);
    QApplication::setPalette(p);
    Q_UNUSED(app);
}

QChart *themedChart()
{
    auto *chart = new QChart;
    chart->setTheme(QChart::ChartThemeDark);
    chart->setBackgroundBrush(QColor(0x1b, 0x20, 0x26));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

} // namespace cityops::ui
