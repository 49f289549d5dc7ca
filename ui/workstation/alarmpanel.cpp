#include "alarmpanel.h"

#include "alarmsmodel.h"
#include "dataview.h"

#include <QApplication>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTimer>
#include <QVBoxLayout>

namespace cityops::ui {

void AlarmsFilterModel::setOpenOnly(bool on)
{
    if (on == m_openOnly)
        return;
    m_openOnly = on;
    invalidateFilter();
}

bool AlarmsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_openOnly && index.data(AlarmsModel::StateRole).toInt() == static_cast<int>(core::AlarmState::Cleared))
        return false;
    const QString text = filterRegularExpression().pattern();
    if (text.isEmpty())
        return true;
    for (int c = 0; c < AlarmsModel::ColumnCount; ++c)
        if (sourceModel()->index(sourceRow, c, sourceParent).data().toString().contains(text, Qt::CaseInsensitive))
            return true;
    return false;
}

AlarmPanel::AlarmPanel(AlarmsModel *model, QWidget *parent)
    : QWidget(parent)
    , m_model(model)
    , m_filter(new AlarmsFilterModel(this))
{
    setObjectName(QStringLiteral("alarmPanel"));
    m_filter->setSourceModel(model);
    m_filter->setSortRole(AlarmsModel::SortRole);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("criticalBanner"));
    m_banner->setVisible(false);
    m_banner->setWordWrap(true);
    layout->addWidget(m_banner);
    m_flash = new QTimer(this);
    m_flash->setInterval(400);
    connect(m_flash, &QTimer::timeout, this, [this] {
        const bool bright = (m_flashes++ % 2) == 0;
        m_banner->setStyleSheet(bright ? QStringLiteral("QLabel { background: #d32f2f; color: white; font-weight: bold; padding: 6px; }")
                                       : QStringLiteral("QLabel { background: #5a1010; color: white; font-weight: bold; padding: 6px; }"));
        if (m_flashes >= 10) {
            m_flash->stop();
            m_banner->setStyleSheet(QStringLiteral("QLabel { background: #d32f2f; color: white; font-weight: bold; padding: 6px; }"));
        }
    });

    auto *row = new QHBoxLayout;
    m_text = new QLineEdit(this);
    m_text->setObjectName(QStringLiteral("alarmFilter"));
    m_text->setClearButtonEnabled(true);
    m_text->setPlaceholderText(tr("Filter alarms by kind, place or state"));
    m_openOnly = new QCheckBox(tr("&Open only"), this);
    m_openOnly->setObjectName(QStringLiteral("alarmOpenOnly"));
    m_openOnly->setChecked(QSettings().value(QLatin1String(kOpenOnlyKey), true).toBool());
    m_filter->setOpenOnly(m_openOnly->isChecked());
    m_ack = new QPushButton(tr("&Acknowledge (Ctrl+K)"), this);
    m_ack->setObjectName(QStringLiteral("acknowledgeButton"));
    m_show = new QPushButton(tr("Show on &map"), this);
    m_show->setObjectName(QStringLiteral("showOnMapButton"));
    row->addWidget(m_text, 1);
    row->addWidget(m_openOnly);
    row->addWidget(m_show);
    row->addWidget(m_ack);
    layout->addLayout(row);

    m_view = new DataView(this);
    m_view->setObjectName(QStringLiteral("alarmsView"));
    m_view->setModel(m_filter);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AlarmsModel::RaisedColumn, Qt::DescendingOrder);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEmptyText(tr("No open alarms."));
    auto *header = m_view->header();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(AlarmsModel::PlaceColumn, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);

    connect(m_text, &QLineEdit::textChanged, m_filter, [this](const QString &t) { m_filter->setFilterFixedString(t.trimmed()); });
    connect(m_openOnly, &QCheckBox::toggled, this, [this](bool on) {
        m_filter->setOpenOnly(on);
        QSettings().setValue(QLatin1String(kOpenOnlyKey), on);
        m_view->setEmptyText(on ? tr("No open alarms.") : tr("No alarms."));
    });
    connect(m_ack, &QPushButton::clicked, this, &AlarmPanel::acknowledgeSelected);
    auto showSelected = [this] {
        const QModelIndex current = m_view->currentIndex();
        if (current.isValid())
            Q_EMIT showOnMapRequested(current.data(AlarmsModel::EntityRole).toInt());
    };
    connect(m_show, &QPushButton::clicked, this, showSelected);
    connect(m_view, &QTreeView::activated, this, showSelected);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &AlarmPanel::updateButtons);
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &AlarmPanel::updateButtons);
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &AlarmPanel::updateButtons);
    connect(model, &AlarmsModel::newCritical, this, &AlarmPanel::onNewCritical);
    m_sound = QSettings().value(QLatin1String(kSoundKey), false).toBool();
    updateButtons();
}

QList<quint64> AlarmPanel::selectedIds() const
{
    QList<quint64> ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        ids << index.data(AlarmsModel::AlarmIdRole).value<quint64>();
    return ids;
}

void AlarmPanel::setSoundEnabled(bool on)
{
    m_sound = on;
    QSettings().setValue(QLatin1String(kSoundKey), on);
}

void AlarmPanel::acknowledgeSelected()
{
    QList<quint64> ids;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        if (index.data(AlarmsModel::StateRole).toInt() == static_cast<int>(core::AlarmState::Active))
            ids << index.data(AlarmsModel::AlarmIdRole).value<quint64>();
    if (!ids.isEmpty())
        Q_EMIT acknowledgeRequested(ids);
    m_banner->setVisible(false);
    m_flash->stop();
}

void AlarmPanel::onNewCritical(quint64 /*id*/, const QString &text)
{
    m_banner->setText(tr("New critical alarm: %1").arg(text));
    m_banner->setVisible(true);
    m_flashes = 0;
    m_flash->start();
    if (m_sound)
        QApplication::beep();
}

void AlarmPanel::updateButtons()
{
    bool anyActive = false;
    const auto rows = m_view->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        anyActive |= index.data(AlarmsModel::StateRole).toInt() == static_cast<int>(core::AlarmState::Active);
    m_ack->setEnabled(anyActive);
    m_show->setEnabled(m_view->currentIndex().isValid());
}

} // namespace cityops::ui
