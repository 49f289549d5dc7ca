// FreshnessDelegate: draws the rows of reading views in the colour of their freshness (stale in amber,
// no data dimmed), reading ReadingsModel::FreshnessRole through any proxy. GUI thread only.
#pragma once

#include "dataview.h"

namespace cityops::ui {

class FreshnessDelegate : public PaddedDelegate {
    Q_OBJECT

public:
    using PaddedDelegate::PaddedDelegate;

    static QColor staleColor();
    static QColor noDataColor();

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace cityops::ui
