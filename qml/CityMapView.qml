// The city map as the wall display and the workstation show it: the CityMap item with its legend and the
// hover tooltip. The embedder sets `mapData` (a MapData fed from the EngineBridge) and may set `language`
// ("zh" or "en"), `legendFontPixelSize` (larger on the wall) and the layer switches on `map`.
// No qsTr here: every visible string comes from the map (mapstyle.h), in the map's language.
import QtQuick
import CityOps.Map

Item {
    id: root

    property MapData mapData: null
    property alias map: map
    property alias language: map.language
    property bool legendVisible: true
    property int legendFontPixelSize: 14

    CityMap {
        id: map
        anchors.fill: parent
        mapData: root.mapData
        focus: true
    }

    // Names stay clear of the legend.
    Binding {
        target: map.contextLayer
        property: "reservedRect"
        value: legend.visible ? Qt.rect(legend.x, legend.y, legend.width, legend.height) : Qt.rect(0, 0, 0, 0)
    }

    Rectangle {
        id: legend
        visible: root.legendVisible && legendColumn.height > 0
        anchors { right: parent.right; bottom: parent.bottom; margins: 12 }
        width: legendColumn.width + 24
        height: legendColumn.height + 20
        radius: 6
        color: "#e0101418"
        border.color: "#40ffffff"

        Column {
            id: legendColumn
            x: 12
            y: 10
            spacing: root.legendFontPixelSize * 0.6

            Repeater {
                model: [map.trafficLayer, map.floodLayer, map.parkingLayer, map.serviceLayer]
                delegate: Column {
                    required property var modelData
                    readonly property bool shown: modelData.visible && modelData.legend.count > 0
                                                  && (modelData !== map.floodLayer || map.floodLayer.hasField)
                    visible: shown
                    height: shown ? implicitHeight : 0
                    spacing: 3

                    Text {
                        text: modelData.legend.title
                        color: "#f2f2f2"
                        font.pixelSize: root.legendFontPixelSize
                        font.bold: true
                    }
                    Repeater {
                        model: modelData.legend
                        delegate: Row {
                            id: entry
                            required property string label
                            required property color color
                            required property color outline
                            required property string shape
                            spacing: 8
                            Item {
                                width: root.legendFontPixelSize * 1.4
                                height: root.legendFontPixelSize * 1.2
                                Rectangle {
                                    anchors.centerIn: parent
                                    width: entry.shape === "line" ? parent.width : parent.height * 0.8
                                    height: entry.shape === "line" ? Math.max(4, parent.height * 0.3) : parent.height * 0.8
                                    rotation: entry.shape === "diamond" ? 45 : 0
                                    radius: entry.shape === "triangle" ? 2 : 0
                                    color: entry.color
                                    border.color: entry.outline.a > 0 ? entry.outline : "#0b0e11"
                                    border.width: entry.outline.a > 0 ? 2
                                                  : (entry.shape === "line" || entry.shape === "area" ? 0 : 1)
                                }
                            }
                            Text {
                                text: entry.label
                                color: "#dfe3e8"
                                font.pixelSize: root.legendFontPixelSize
                                anchors.verticalCenter: parent.verticalCenter
                            }
                        }
                    }
                }
            }
        }
    }

    Rectangle {
        id: tooltip
        visible: map.hoverText !== ""
        x: Math.min(map.hoverPosition.x + 18, root.width - width - 4)
        y: Math.min(map.hoverPosition.y + 18, root.height - height - 4)
        width: tipText.implicitWidth + 16
        height: tipText.implicitHeight + 12
        radius: 4
        color: "#f0202830"
        border.color: "#60ffffff"
        Text {
            id: tipText
            x: 8
            y: 6
            text: map.hoverText
            color: "#ffffff"
            font.pixelSize: root.legendFontPixelSize
        }
    }
}
