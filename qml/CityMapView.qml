// Placeholder for the city map (a later issue): keeps the CityOps.Map module and its loading path alive.
import QtQuick

Rectangle {
    color: "#101214"

    Text {
        anchors.centerIn: parent
        width: parent.width - 48
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.WordWrap
        color: "#f2f2f2"
        font.pointSize: 14
        text: qsTr("The city map arrives in a later release.")
    }
}
