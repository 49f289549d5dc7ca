// The wall display: full-screen, dark and high contrast, readable from 5 m on a 1080p wall. The map
// (CityMapView, not interactive), KPI tiles, the newest open alarms, the engine clock and data freshness.
// The embedder sets `mapData` (a MapData), `kpis` (a cityops::ui::WallKpis) and `language` ("zh" or "en"),
// and may set `playlist` (views from cityops::ui::WallPlaylist: {name, district, layers}) and
// `playlistIntervalS`: the map then cycles through the views. Only the map changes; the window, which the
// embedder made full screen and frameless, is never touched. Replaying a recording, the embedder also sets
// `timeline` (a cityops::ui::ReplayTimeline): a timeline bar under the map then plays, pauses, changes speed,
// steps, jumps between alarms and seeks (dragging previews the place on the map), by touch, mouse or keys
// (Space, Left/Right a minute, PgUp/PgDown an alarm, S speed).
// No qsTr here: every visible string comes from WallKpis (C++, translated) or the map.
import QtQuick
import CityOps.Map

Rectangle {
    id: root

    property MapData mapData: null
    property QtObject kpis: null
    property string language: "en"
    property var playlist: []
    property int playlistIntervalS: 20
    property int playlistIndex: -1
    property QtObject timeline: null
    readonly property string viewName: playlistIndex >= 0 && playlistIndex < playlist.length
                                       ? playlist[playlistIndex].name : ""
    property alias map: mapView.map

    function showView(index) {
        if (index < 0 || index >= playlist.length)
            return
        const view = playlist[index]
        const on = name => view.layers.indexOf(name) >= 0
        map.trafficVisible = on("traffic")
        map.parkingVisible = on("parking")
        map.floodVisible = on("flood")
        map.serviceVisible = on("service")
        map.contextVisible = on("context")
        if (!view.district || !map.fitToDistrict(view.district))
            map.fitAll()
        playlistIndex = index
    }

    onPlaylistChanged: Qt.callLater(showView, 0)

    Timer {
        id: playlistTimer
        interval: Math.max(1, root.playlistIntervalS) * 1000
        running: root.playlist.length > 1
        repeat: true
        onTriggered: root.showView((root.playlistIndex + 1) % root.playlist.length)
    }

    readonly property int labelPx: 24
    readonly property int valuePx: 52
    readonly property color textColor: "#ffffff"
    readonly property color dimColor: "#c8d2dc"
    readonly property color tileColor: "#121a24"
    readonly property color alertColor: "#ff5a4e"
    readonly property color warnColor: "#ffc83c"
    readonly property color okColor: "#5ee07a"

    color: "#05080c"

    // Top bar: title, freshness, engine clock.
    Item {
        id: topBar
        anchors { left: parent.left; right: parent.right; top: parent.top }
        height: 96

        Row {
            anchors { left: parent.left; leftMargin: 28; verticalCenter: parent.verticalCenter }
            spacing: 24
            Text {
                id: title
                text: root.kpis ? root.kpis.title : ""
                color: root.textColor
                font { pixelSize: 44; bold: true }
            }
            Text {
                objectName: "viewName"
                anchors.baseline: title.baseline
                visible: root.viewName.length > 0
                text: root.playlist.length > 1 ? root.viewName + "  " + (root.playlistIndex + 1) + "/" + root.playlist.length
                                               : root.viewName
                color: "#7cc4ff"
                font { pixelSize: 32; bold: true }
            }
        }
        Text {
            anchors { right: clockRow.left; rightMargin: 48; verticalCenter: parent.verticalCenter }
            text: root.kpis ? root.kpis.freshnessText : ""
            color: root.kpis && root.kpis.staleCount > 0 ? root.warnColor : root.dimColor
            font.pixelSize: 28
        }
        Row {
            id: clockRow
            anchors { right: parent.right; rightMargin: 28; verticalCenter: parent.verticalCenter }
            spacing: 20
            Text {
                anchors.baseline: clock.baseline
                text: root.kpis ? root.kpis.dateText : ""
                color: root.dimColor
                font.pixelSize: 28
            }
            Text {
                id: clock
                text: root.kpis ? root.kpis.clockText : ""
                color: root.textColor
                font { pixelSize: 60; bold: true; family: "monospace" }
            }
        }
    }

    // Right: KPI tiles and the alarm ticker.
    Column {
        id: panel
        anchors { right: parent.right; top: topBar.bottom; bottom: parent.bottom; margins: 20; topMargin: 0 }
        width: 560
        spacing: 12

        component Tile: Rectangle {
            property string label
            property string value
            property string detail
            property string detail2
            property color valueColor: root.textColor
            width: panel.width
            height: tileColumn.implicitHeight + 24
            radius: 8
            color: root.tileColor
            border { color: "#2a3846"; width: 2 }
            Column {
                id: tileColumn
                x: 20
                y: 12
                width: parent.width - 40
                spacing: 2
                Text {
                    width: parent.width
                    text: label
                    color: root.dimColor
                    font.pixelSize: root.labelPx
                    elide: Text.ElideRight
                }
                Row {
                    spacing: 18
                    Text {
                        id: valueText
                        text: value
                        color: valueColor
                        font { pixelSize: root.valuePx; bold: true }
                    }
                    Text {
                        anchors.baseline: valueText.baseline
                        visible: detail.length > 0
                        text: detail
                        color: root.dimColor
                        font.pixelSize: root.labelPx
                    }
                }
                Text {
                    width: parent.width
                    visible: detail2.length > 0
                    text: detail2
                    color: root.dimColor
                    font.pixelSize: root.labelPx
                    elide: Text.ElideRight
                }
            }
        }

        Tile {
            label: root.kpis ? root.kpis.averageSpeedLabel : ""
            value: root.kpis ? root.kpis.averageSpeedText : ""
            detail: root.kpis ? root.kpis.freeFlowText : ""
            detail2: root.kpis ? root.kpis.yesterdayText : ""
            valueColor: !root.kpis ? root.textColor
                        : root.kpis.freeFlowRatio < 0.5 ? root.alertColor
                        : root.kpis.freeFlowRatio < 0.75 ? root.warnColor : root.okColor
        }
        Tile {
            label: root.kpis ? root.kpis.congestionLabel : ""
            value: root.kpis ? root.kpis.congestionText : ""
            valueColor: !root.kpis ? root.textColor
                        : root.kpis.congestionIndex > 0.3 ? root.alertColor
                        : root.kpis.congestionIndex > 0.1 ? root.warnColor : root.okColor
        }
        Tile {
            label: root.kpis ? root.kpis.freeParkingLabel : ""
            value: root.kpis ? root.kpis.freeParkingText : ""
        }
        Tile {
            label: root.kpis ? root.kpis.floodAlertsLabel : ""
            value: root.kpis ? root.kpis.floodAlertsText : ""
            valueColor: root.kpis && root.kpis.activeFloodAlerts > 0 ? root.alertColor : root.okColor
        }
        Tile {
            label: root.kpis ? root.kpis.longestWaitLabel : ""
            value: root.kpis ? root.kpis.longestWaitText : ""
            valueColor: root.kpis && root.kpis.longestWaitMin > 60 ? root.warnColor : root.textColor
        }

        // The ticker: newest open alarms first.
        Rectangle {
            width: panel.width
            height: panel.height - y
            radius: 8
            color: root.tileColor
            border { color: "#2a3846"; width: 2 }
            clip: true
            Column {
                x: 20
                y: 12
                width: parent.width - 40
                spacing: 6
                Text {
                    text: root.kpis ? root.kpis.tickerLabel : ""
                    color: root.dimColor
                    font.pixelSize: root.labelPx
                }
                Text {
                    visible: root.kpis !== null && root.kpis.ticker.length === 0
                    text: root.kpis ? root.kpis.noAlarmsText : ""
                    color: root.okColor
                    font.pixelSize: 28
                }
                Repeater {
                    model: root.kpis ? root.kpis.ticker : []
                    delegate: Text {
                        required property string modelData
                        width: parent.width
                        text: modelData
                        color: root.warnColor
                        font.pixelSize: 26
                        elide: Text.ElideRight
                    }
                }
            }
        }
    }

    // Left: the map.
    CityMapView {
        id: mapView
        anchors { left: parent.left; right: panel.left; top: topBar.bottom; margins: 20; topMargin: 0 }
        anchors.bottom: root.timeline ? timelineBar.top : parent.bottom
        anchors.bottomMargin: root.timeline ? 12 : 20
        mapData: root.mapData
        language: root.language
        legendFontPixelSize: 20
        Component.onCompleted: map.interactive = false
    }

    // The replay's timeline (only when replaying).
    Rectangle {
        id: timelineBar
        objectName: "wallTimeline"
        visible: root.timeline !== null
        anchors { left: parent.left; right: panel.left; bottom: parent.bottom; margins: 20 }
        height: 84
        radius: 8
        color: root.tileColor
        readonly property var t: root.timeline
        readonly property var texts: t ? t.texts : ({})

        component WallButton: Rectangle {
            property string label
            signal clicked
            width: Math.max(84, buttonText.implicitWidth + 28)
            height: 60
            radius: 6
            color: buttonArea.pressed ? "#2a3a4e" : "#1c2836"
            border.color: "#3c5068"
            Text {
                id: buttonText
                anchors.centerIn: parent
                text: parent.label
                color: root.textColor
                font.pixelSize: 24
            }
            MouseArea {
                id: buttonArea
                anchors.fill: parent
                onClicked: parent.clicked()
            }
        }

        Row {
            id: buttons
            anchors { left: parent.left; leftMargin: 12; verticalCenter: parent.verticalCenter }
            spacing: 10
            WallButton {
                objectName: "wallPlay"
                label: timelineBar.t && timelineBar.t.playing ? "❚❚ " + timelineBar.texts.pause : "▶ " + timelineBar.texts.play
                onClicked: timelineBar.t.togglePlay()
            }
            WallButton {
                objectName: "wallSpeed"
                label: timelineBar.t ? timelineBar.t.rateText : ""
                onClicked: timelineBar.t.cycleRate()
            }
            WallButton { label: timelineBar.texts.back || ""; onClicked: timelineBar.t.stepMinutes(-1) }
            WallButton { label: timelineBar.texts.on || ""; onClicked: timelineBar.t.stepMinutes(1) }
            WallButton { label: "◀ ⚠"; onClicked: timelineBar.t.previousAlarm() }
            WallButton { label: "⚠ ▶"; onClicked: timelineBar.t.nextAlarm() }
        }

        Text {
            id: timeText
            objectName: "wallTimelineTime"
            anchors { right: parent.right; rightMargin: 16; verticalCenter: parent.verticalCenter }
            horizontalAlignment: Text.AlignRight
            text: timelineBar.t ? timelineBar.t.clockText : ""
            color: timelineBar.t && timelineBar.t.previewing ? root.warnColor : root.textColor
            font { pixelSize: 28; family: "monospace" }
        }

        // The track: gaps (grey), alarms (red ticks above), bookmarks (cyan ticks below), the position.
        Item {
            id: track
            objectName: "wallTrack"
            anchors { left: buttons.right; leftMargin: 20; right: timeText.left; rightMargin: 16; verticalCenter: parent.verticalCenter }
            height: 60
            Rectangle {
                id: groove
                anchors { left: parent.left; right: parent.right; verticalCenter: parent.verticalCenter }
                height: 16
                radius: 4
                color: "#2c3a4a"
            }
            Repeater {
                model: timelineBar.t ? timelineBar.t.gapMarks : []
                delegate: Rectangle {
                    required property var modelData
                    x: modelData.from * track.width
                    width: Math.max(2, (modelData.to - modelData.from) * track.width)
                    anchors.verticalCenter: groove.verticalCenter
                    height: groove.height
                    color: "#9e9e9e"
                }
            }
            Repeater {
                model: timelineBar.t ? timelineBar.t.alarmMarks : []
                delegate: Rectangle {
                    required property var modelData
                    x: modelData * track.width - 1
                    y: 0
                    width: 3
                    height: groove.y
                    color: root.alertColor
                }
            }
            Repeater {
                model: timelineBar.t ? timelineBar.t.bookmarks : []
                delegate: Rectangle {
                    required property var modelData
                    visible: !modelData.automatic
                    x: modelData.fraction * track.width - 2
                    y: groove.y + groove.height
                    width: 4
                    height: track.height - y
                    color: "#40c4ff"
                }
            }
            Rectangle {
                objectName: "wallHandle"
                width: 14
                height: track.height
                radius: 4
                x: (timelineBar.t ? timelineBar.t.position : 0) * track.width - width / 2
                color: timelineBar.t && timelineBar.t.previewing ? root.warnColor : root.textColor
            }
            MouseArea {
                anchors.fill: parent
                function fraction(mouseX) { return Math.max(0, Math.min(1, mouseX / track.width)) }
                onPressed: mouse => timelineBar.t.previewFraction(fraction(mouse.x))
                onPositionChanged: mouse => { if (pressed) timelineBar.t.previewFraction(fraction(mouse.x)) }
                onReleased: mouse => timelineBar.t.seekFraction(fraction(mouse.x))
            }
        }

        Shortcut { enabled: timelineBar.visible; sequence: "Space"; onActivated: timelineBar.t.togglePlay() }
        Shortcut { enabled: timelineBar.visible; sequence: "Left"; onActivated: timelineBar.t.stepMinutes(-1) }
        Shortcut { enabled: timelineBar.visible; sequence: "Right"; onActivated: timelineBar.t.stepMinutes(1) }
        Shortcut { enabled: timelineBar.visible; sequence: "PgUp"; onActivated: timelineBar.t.previousAlarm() }
        Shortcut { enabled: timelineBar.visible; sequence: "PgDown"; onActivated: timelineBar.t.nextAlarm() }
        Shortcut { enabled: timelineBar.visible; sequence: "S"; onActivated: timelineBar.t.cycleRate() }
    }
}
