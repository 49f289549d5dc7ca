// ReadingsFilterModel: the readings with a text filter (matches kind, id or name, case-insensitive) and
// sorting by any column. Works on a ReadingsModel (or a proxy of one).
//
// Threading: GUI thread only.
#pragma once

#include <QSortFilterProxyModel>

namespace cityops::ui {

class ReadingsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QString filterText READ filterText WRITE setFilterText NOTIFY filterTextChanged)

public:
    explicit ReadingsFilterModel(QObject *parent = nullptr);

    int count() const { return rowCount(); }
    QString filterText() const { return m_filterText; }
    void setFilterText(const QString &text);

Q_SIGNALS:
    void countChanged();
    void filterTextChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void updateCount();

    int m_lastCount = 0;
    QString m_filterText;
};

} // namespace cityops::ui
