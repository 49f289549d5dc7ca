#include "freshnessdelegate.h"

#include "readingsmodel.h"
#include "state/snapshot.h"

namespace cityops::ui {

QColor FreshnessDelegate::staleColor()
{
    return {0xff, 0xb3, 0x00};
}

QColor FreshnessDelegate::noDataColor()
{
    return {0xa0, 0xa4, 0xab};
}

void FreshnessDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    PaddedDelegate::initStyleOption(option, index);
    const auto freshness = static_cast<core::Freshness>(index.data(ReadingsModel::FreshnessRole).toInt());
    if (freshness == core::Freshness::Stale)
        option->palette.setColor(QPalette::Text, staleColor());
    else if (freshness == core::Freshness::NoData)
        option->palette.setColor(QPalette::Text, noDataColor());
}

} // namespace cityops::ui
