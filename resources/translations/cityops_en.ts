<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::app::Main</name>
    <message>
        <source>--%1 must be a port number (0 picks a free port, -1 disables)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityOps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityOps: digital twin of a city operations centre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wall display mode (full screen, larger text).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the city from a scenario folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DIR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay a recorded session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TCP port for line protocol (default 8094).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UDP port for line protocol (default 8094).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Record the session to FILE (default: a new file under the application data folder).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interface language: en or zh_CN (default: the saved choice, else the system language).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LANG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Render the window to PNG after a delay, then exit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay before the screenshot, in seconds (default 3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--lang must be en or zh_CN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screenshot-after-s must be a number of seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scenario.json could not be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The scenario %1 has %n problem(s); the first: %2</source>
        <translation>
            <numerusform>The scenario %1 has %n problem; the first: %2</numerusform>
            <numerusform>The scenario %1 has %n problems; the first: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Simulation speed, times real time, up to 600 (default: the last one chosen, else 60).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>X</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rain in the simulated city: none, light, heavy or extreme, with its heaviest hour an hour after the start (default: the last one chosen, else heavy).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RAIN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not simulate the city: run on system time and take readings from real feeds only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--speed must be a number above 0 and at most 600</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--rain must be none, light, heavy or extreme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No city scenario found. Looked in:
%1
Name one with --scenario DIR or the environment variable CITYOPS_SCENARIO.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen for the wall display, counting from 0 (default: the primary screen).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--screen must be a screen number from 0 to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The wall display could not load: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an entity by its ID at start (the inspector shows it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions folder %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot replay %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The recording is not of the scenario %1: no map.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replaying %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::AlarmPanel</name>
    <message>
        <source>Filter alarms by kind, place or state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Acknowledge (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show on &amp;map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open alarms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No alarms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New critical alarm: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::AlarmsModel</name>
    <message>
        <source>Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slow traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Car park full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High water</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Water on road</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stale sensor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 km/h (alarm below %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% full (limit %2%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 m deep (impassable over %2 m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 m (warning %2 m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min (target %2 min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>silent for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspected incident</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 km/h here (alarm below %2), flowing downstream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Road predicted impassable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over %1 m now (flood prediction)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>over %1 m in %2 min (flood prediction)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::Display</name>
    <message>
        <source>Road link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Car park</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rain gauge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Water level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service centre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>syntax error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bad encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line too long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many tags or fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrong value type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>number out of range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a finite number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown measurement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing entity tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown entity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no known field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>impossible value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time in the future</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>time too old</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>dropped (recorder full)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>occupancy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cycle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>occupied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>arrivals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>served</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counters open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lanes blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>km/h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>veh/h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mm/h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>s</source>
        <comment>unit: seconds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>m</source>
        <comment>unit: metres</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <comment>age in seconds</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <comment>age in minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <comment>age in hours and minutes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <comment>age in days</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1x</source>
        <comment>simulation speed, times real time</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light rain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heavy storm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extreme storm (like 20 July 2021)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>simulator</source>
        <comment>the in-process city simulator as a feed source</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::HistoryJob</name>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::IncidentReport</name>
    <message>
        <source>raised</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cleared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityOps incident report · page %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 to %3 (%4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prepared by %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lowest network average speed: %1 km/h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highest congestion index: %1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fewest free parking spaces: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest service wait: %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most open alarms at once: %1; alarms raised: %2; acknowledged: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key figures over the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No map picture was taken at this time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map at the start (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Map at the peak (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No chart data over this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value / threshold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Alarm log (%n event(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No alarm was raised, acknowledged or cleared in this window.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::InspectorPanel</name>
    <message>
        <source>Nothing selected. Click a road, car park, station or centre on the map, or an alarm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Last %n hour(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Pin to compare</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lear pinned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart P&amp;NG...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No reading yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2, %3 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pinned: select another of the same kind to compare.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Loading history...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time (city)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min-max</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) in %1 ms</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No recorded readings in this range yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export readings as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n row(s) to %1.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %n active alarm(s) here (Ctrl+Shift+K)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>forecast</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forecast 10-90 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underground car park at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tunnel at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underpass at risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: water over 0.15 m in %2 min, %3 m deep within %4 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 m deep within %3 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flooded now: %1 m of water, impassable for cars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted impassable in %1 min, dangerous (over 0.3 m) in %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted impassable for cars in %1 min (over 0.15 m)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>growing without end</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n counter(s) keep it under %1 min</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>even all %n counter(s) cannot keep it under %1 min</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Arrivals %1/min over the last hour, service %2 min each: expected wait %3 with %n counter(s) open</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Overloaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In %1 min: %2 arrivals/min expected, wait %3; %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: %1 green for %2 s, about %3 s more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: %1 green for %2 s, ready to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now: %1 for %2 s more, then %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>amber</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>all-red</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signal %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>adaptive control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fixed-time plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last cycle %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last green</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Planned green</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Min–max green</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amber + all-red</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 veh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Availability forecast: after a whole day has been followed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1 min: %2 free (%3% full)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now %1 free; %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::KpiChartsPanel</name>
    <message>
        <source>Today (since midnight in the city)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 48 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average speed (km/h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Congestion index (%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free parking spaces (thousands)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest service wait (min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parking, services and alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptive signal control: no what-if yet (Simulation &gt; What-if).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptive signal control over the next %1 min, against the fixed-time plans: average speed %2, delay %3, stops %4.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::MainWindow</name>
    <message>
        <source>Filter by kind, ID or name (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest &amp;readings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;tale sensors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent re&amp;jections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter readings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;ull screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About CityOps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About CityOps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;CityOps %1&lt;/h3&gt;&lt;p&gt;Digital twin of a city operations centre.&lt;/p&gt;&lt;p&gt;Feeds: InfluxDB line protocol over TCP and UDP.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine time %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time zone: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recorded %1 · dropped %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recording: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fresh %1 · stale %2 · no data %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityOps — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest readings (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest readings (%1 of %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sources (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stale sensors (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent rejections (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(%1 was busy)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listening %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send InfluxDB line protocol to these ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language applies the next time CityOps starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the engine&apos;s first snapshot...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No kind, ID or name contains “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No feed has connected yet. Send InfluxDB line protocol to the TCP or UDP port shown in the status bar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every sensor is reporting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rejected lines. Lines that do not parse, name an unknown sensor or carry an impossible value appear here, newest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Faster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;lower</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Rain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts the simulation with this rain; its heaviest hour begins an hour later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;start simulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulated time per real second (Ctrl+Plus / Ctrl+Minus)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume the simulation (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the simulation (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rain: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The heaviest hour of the storm begins at %1 (engine time). Change the rain in the Simulation menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIMULATED CITY · PAUSED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIMULATED CITY · %1 (actual %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SIMULATED CITY · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readings come from the city simulator running inside CityOps, not from real sensors. Engine time runs at %1 real time. Rain: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The simulator cannot keep up with this speed just now; the clock waits for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rain: %1 · heaviest hour %2–%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KPI charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Traffic speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Parking occupancy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Flood depth</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Service load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Context (districts, water, names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit the view to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;map as PNG...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export selection as &amp;CSV...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident &amp;report (PDF)...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Operator name...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KPI &amp;charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>La&amp;yers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Whole city</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Acknowledge selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Next open alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sound on a new critical alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readings (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarms (%1 open)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole city</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledgements are recorded under this name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) acknowledged by %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Export map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no map to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export map as PNG</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an entity on the map or in the readings first; pinned entities are exported with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The engine has not published anything yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hours of engine time up to now to cover:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save incident report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acknowledge alarms at the selected &amp;place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Water depth shown:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now (estimated from the rain gauges)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Predicted in %1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open recording...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open recording</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CityOps recordings (*.cityops);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start the replay of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening the replay of %1 in a new window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Road speed shown:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptive &amp;signal control</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n signal(s) under adaptive control</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n signal(s) back on their fixed-time plans</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;What-if: fixed-time vs adaptive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parking guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Car parks shown:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service &amp;queues shown:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Parking guidance: pick a trip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Parking guidance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What-if</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::MapWidget</name>
    <message>
        <source>No city map: the engine runs without a scenario.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The map could not load: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::ParkingGuidancePanel</name>
    <message>
        <source>Click “Pick on the map”, then where the driver is and where they are going.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pick on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ran&amp;k again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Car park</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free on arrival</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Walk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generalised cost in minutes: drive + 2 × walk + 20 × the risk of finding it full. Lower is better.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click where the driver is now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Now click where the driver is going.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No car park has reported yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No car park within walking distance (1.5 km) of the destination.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n car park(s) ranked by the free spaces forecast for the arrival, the walk and the drive.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n car park(s) ranked by the free spaces now (the forecast needs a whole day of readings), the walk and the drive.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::ReadingsModel</name>
    <message>
        <source>Last reading at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Latest values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Age</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freshness</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::RejectionsModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::ReplayTimeline</name>
    <message>
        <source>Seek to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The seek failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No preview while dragging: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bookmark could not be saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::SourcesModel</name>
    <message>
        <source>Open TCP connections from this source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Non-blank lines received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Readings accepted into the live state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines rejected (see Recent rejections)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine time of the last line from this source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::TimelineBar</name>
    <message>
        <source>Replay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay speed, times real time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next alarm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookmark...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bookmark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note for %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alarm: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No bookmarks yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::WallKpis</name>
    <message>
        <source>%1 km/h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1% of free flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sensors: %1 fresh, %2 stale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>City operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network average speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Congestion index (links below half their limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free parking spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active flood alerts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Longest service wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Newest open alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No open alarms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same time yesterday: no data yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as this time yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 km/h faster than this time yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 km/h slower than this time yesterday</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::WallPlaylist</name>
    <message>
        <source>Whole city</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: traffic and parking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flood risk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wall playlist is not valid JSON: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the wall playlist must be a non-empty JSON array of views</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>view %1 of the wall playlist has no name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>view “%1” of the wall playlist names an unknown district “%2”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>view “%1” of the wall playlist names an unknown layer “%2” (known: %3)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::WhatIfJob</name>
    <message>
        <source>The simulation is not running.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cityops::ui::WhatIfPanel</name>
    <message>
        <source>The live traffic run forward twice from now: under the fixed-time plans and under adaptive signal control. Roads the flood prediction closes lose their capacity in both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ahead:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Run what-if</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh every 15 engine minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simulating… %p %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No what-if yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed-time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average speed (km/h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delay (vehicle-hours)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stops</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vehicles arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network speed over the run (km/h)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled; the last outcome is still shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>From %1, %n min ahead, computed in %2 s.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n road(s) closed by the flood prediction in both runs.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>minutes from now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fixed-time plans</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adaptive control</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
