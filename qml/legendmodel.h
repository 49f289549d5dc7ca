// LegendModel: the colour classes of one map layer, for a QML legend or a Widgets view.
// Rows change only when the language changes (dataChanged) or a layer's classes do (reset).
// Threading: GUI thread only.
#pragma once

#include <QAbstractListModel>
#include <QColor>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <vector>

namespace cityops::ui {

class LegendModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Each map layer owns its legend")
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString title READ title NOTIFY titleChanged)

public:
    enum Roles {
        LabelRole = Qt::UserRole + 1,
        ColorRole,   ///< fill colour (QColor, may be translucent)
        OutlineRole, ///< outline colour; transparent when the symbol has none
        ShapeRole,   ///< "line", "square", "diamond", "area", "triangle"
    };
    Q_ENUM(Roles)

    struct Entry {
        QString label;
        QColor color;
        QColor outline;
        QString shape;
        friend bool operator==(const Entry &, const Entry &) = default;
    };

    explicit LegendModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_entries.size()); }
    QString title() const { return m_title; }
    const std::vector<Entry> &entries() const { return m_entries; }

    void setTitle(const QString &title);
    void setEntries(std::vector<Entry> entries);

Q_SIGNALS:
    void countChanged();
    void titleChanged();

private:
    QString m_title;
    std::vector<Entry> m_entries;
};

} // namespace cityops::ui
