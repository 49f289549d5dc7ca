// DataView: the list view every panel of the workstation uses: a flat QTreeView with uniform rows, cells
// padded so neighbouring numbers never run together, and a line of text in place of an empty list
// ("No rejected lines yet ...") so an empty panel reads as a state, not as a fault. GUI thread only.
#pragma once

#include <QStyledItemDelegate>
#include <QTreeView>

namespace cityops::ui {

/// Adds horizontal room to every cell; views that size columns to contents get it between columns.
class PaddedDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    static constexpr int kPadding = 16;
    using QStyledItemDelegate::QStyledItemDelegate;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

class DataView : public QTreeView {
    Q_OBJECT

public:
    explicit DataView(QWidget *parent = nullptr);

    /// Shown in the middle of the view while the model has no rows.
    void setEmptyText(const QString &text);
    QString emptyText() const { return m_emptyText; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString m_emptyText;
};

} // namespace cityops::ui
