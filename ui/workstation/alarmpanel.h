// AlarmPanel: the alarm table operators work from: filter by text, show open alarms only or all, sort by
// any column (newest first by default), acknowledge the selected alarms (Ctrl+K, or the button), and show
// the alarm's place on the map (double-click or Enter). A new critical alarm flashes the panel's banner
// and, if the operator turned it on, sounds the system bell.
//
// Threading: GUI thread.
#pragma once

#include <QSortFilterProxyModel>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

namespace cityops::ui {

class AlarmsModel;
class DataView;

/// Open-only and text filtering over an AlarmsModel.
class AlarmsFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setOpenOnly(bool on);
    bool openOnly() const { return m_openOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    bool m_openOnly = true;
};

class AlarmPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr const char *kSoundKey = "alarms/sound";
    static constexpr const char *kOpenOnlyKey = "alarms/openOnly";

    AlarmPanel(AlarmsModel *model, QWidget *parent = nullptr);

    DataView *view() const { return m_view; }
    AlarmsFilterModel *filterModel() const { return m_filter; }
    /// The alarm ids of the selected rows.
    QList<quint64> selectedIds() const;
    void setSoundEnabled(bool on);
    bool soundEnabled() const { return m_sound; }

Q_SIGNALS:
    void acknowledgeRequested(const QList<quint64> &ids);
    void showOnMapRequested(int entity);

public Q_SLOTS:
    void acknowledgeSelected();
    void onNewCritical(quint64 id, const QString &text);

private:
    void updateButtons();

    AlarmsModel *m_model;
    AlarmsFilterModel *m_filter;
    DataView *m_view;
    QLineEdit *m_text;
    QCheckBox *m_openOnly;
    QPushButton *m_ack;
    QPushButton *m_show;
    QLabel *m_banner;
    QTimer *m_flash;
    int m_flashes = 0;
    bool m_sound = false;
};

} // namespace cityops::ui
