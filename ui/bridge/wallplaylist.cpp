#include "wallplaylist.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>
#include <QVariantMap>

#include <algorithm>

namespace cityops::ui {

namespace {

QVariantMap view(const QString &name, const QString &district, const QStringList &layers)
{
    return {{QStringLiteral("name"), name}, {QStringLiteral("district"), district}, {QStringLiteral("layers"), layers}};
}

} // namespace

const QStringList &WallPlaylist::layerNames()
{
    static const QStringList names = {QStringLiteral("traffic"), QStringLiteral("parking"), QStringLiteral("flood"),
                                      QStringLiteral("service"), QStringLiteral("context")};
    return names;
}

QVariantList WallPlaylist::defaults(const core::Scenario &scenario, bool zh)
{
    QVariantList out;
    out << view(tr("Whole city"), {}, layerNames());
    for (const core::District &d : scenario.districts) {
        if (d.kind != "district")
            continue;
        const QString name = QString::fromStdString(zh && !d.nameZh.empty() ? d.nameZh : d.nameEn);
        out << view(tr("%1: traffic and parking").arg(name), QString::fromStdString(d.id),
                    {QStringLiteral("traffic"), QStringLiteral("parking"), QStringLiteral("context")});
    }
    out << view(tr("Flood risk"), {}, {QStringLiteral("flood"), QStringLiteral("traffic"), QStringLiteral("context")});
    out << view(tr("Service load"), {}, {QStringLiteral("service"), QStringLiteral("context")});
    return out;
}

QVariantList WallPlaylist::parse(const QByteArray &json, const core::Scenario &scenario, QString &error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        error = tr("the wall playlist is not valid JSON: %1").arg(parseError.errorString());
        return {};
    }
    if (!doc.isArray() || doc.array().isEmpty()) {
        error = tr("the wall playlist must be a non-empty JSON array of views");
        return {};
    }
    QVariantList out;
    int index = 0;
    for (const QJsonValue &value : doc.array()) {
        ++index;
        const QJsonObject o = value.toObject();
        const QString name = o.value(QStringLiteral("name")).toString();
        const QString district = o.value(QStringLiteral("district")).toString();
        if (name.isEmpty()) {
            error = tr("view %1 of the wall playlist has no name").arg(index);
            return {};
        }
        if (!district.isEmpty()
            && std::none_of(scenario.districts.begin(), scenario.districts.end(),
                            [&](const core::District &d) { return QString::fromStdString(d.id) == district; })) {
            error = tr("view \u201c%1\u201d of the wall playlist names an unknown district \u201c%2\u201d").arg(name, district);
            return {};
        }
        QStringList layers;
        for (const QJsonValue &layer : o.value(QStringLiteral("layers")).toArray()) {
            if (!layerNames().contains(layer.toString())) {
                error = tr("view \u201c%1\u201d of the wall playlist names an unknown layer \u201c%2\u201d (known: %3)")
                            .arg(name, layer.toString(), layerNames().join(QStringLiteral(", ")));
                return {};
            }
            layers << layer.toString();
        }
        out << view(name, district, layers);
    }
    return out;
}

QVariantList WallPlaylist::fromSettings(const core::Scenario &scenario, bool zh, QString &error)
{
    const QByteArray json = QSettings().value(QLatin1String(kPlaylistKey)).toByteArray();
    if (!json.isEmpty()) {
        QVariantList list = parse(json, scenario, error);
        if (!list.isEmpty())
            return list;
    }
    return defaults(scenario, zh);
}

int WallPlaylist::intervalFromSettings()
{
    return std::max(3, QSettings().value(QLatin1String(kIntervalKey), kDefaultIntervalS).toInt());
}

} // namespace cityops::ui
