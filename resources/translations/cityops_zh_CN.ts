<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>QObject</name>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>cityops::app::Main</name>
    <message>
        <source>--%1 must be a port number (0 picks a free port, -1 disables)</source>
        <translation>--%1 必须是端口号（0 表示自动选择空闲端口，-1 表示禁用）</translation>
    </message>
    <message>
        <source>CityOps</source>
        <translation>CityOps</translation>
    </message>
    <message>
        <source>CityOps: digital twin of a city operations centre.</source>
        <translation>CityOps：城市运行管理中心数字孪生。</translation>
    </message>
    <message>
        <source>Wall display mode (full screen, larger text).</source>
        <translation>大屏模式（全屏，较大字号）。</translation>
    </message>
    <message>
        <source>Load the city from a scenario folder.</source>
        <translation>从场景文件夹加载城市。</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>目录</translation>
    </message>
    <message>
        <source>Replay a recorded session.</source>
        <translation>回放已录制的会话。</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>TCP port for line protocol (default 8094).</source>
        <translation>行协议 TCP 端口（默认 8094）。</translation>
    </message>
    <message>
        <source>PORT</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>UDP port for line protocol (default 8094).</source>
        <translation>行协议 UDP 端口（默认 8094）。</translation>
    </message>
    <message>
        <source>Record the session to FILE (default: a new file under the application data folder).</source>
        <translation>将会话录制到“文件”（默认：应用数据目录下的新文件）。</translation>
    </message>
    <message>
        <source>Interface language: en or zh_CN (default: the saved choice, else the system language).</source>
        <translation>界面语言：en 或 zh_CN（默认：已保存的选择，否则跟随系统语言）。</translation>
    </message>
    <message>
        <source>LANG</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Render the window to PNG after a delay, then exit.</source>
        <translation>延时后将窗口渲染为 PNG，然后退出。</translation>
    </message>
    <message>
        <source>PNG</source>
        <translation>PNG</translation>
    </message>
    <message>
        <source>Delay before the screenshot, in seconds (default 3).</source>
        <translation>截图前的延时，单位为秒（默认 3）。</translation>
    </message>
    <message>
        <source>S</source>
        <translation>秒数</translation>
    </message>
    <message>
        <source>--lang must be en or zh_CN</source>
        <translation>--lang 必须是 en 或 zh_CN</translation>
    </message>
    <message>
        <source>--screenshot-after-s must be a number of seconds</source>
        <translation>--screenshot-after-s 必须是秒数</translation>
    </message>
    <message>
        <source>The engine could not start: %1</source>
        <translation>引擎无法启动：%1</translation>
    </message>
    <message>
        <source>scenario.json could not be read</source>
        <translation>无法读取 scenario.json</translation>
    </message>
    <message numerus="yes">
        <source>The scenario %1 has %n problem(s); the first: %2</source>
        <translation>
            <numerusform>场景 %1 有 %n 个问题，第一个：%2</numerusform>
        </translation>
    </message>
    <message>
        <source>Simulation speed, times real time, up to 600 (default: the last one chosen, else 60).</source>
        <translation>模拟速度，为实际时间的倍数，最高 600（默认：上次选择的速度，否则为 60）。</translation>
    </message>
    <message>
        <source>X</source>
        <translation>X</translation>
    </message>
    <message>
        <source>Rain in the simulated city: none, light, heavy or extreme, with its heaviest hour an hour after the start (default: the last one chosen, else heavy).</source>
        <translation>模拟城市的降雨：none（无雨）、light（小雨）、heavy（暴雨）或 extreme（特大暴雨），最强的一小时在开始后一小时（默认：上次选择的降雨，否则为 heavy）。</translation>
    </message>
    <message>
        <source>RAIN</source>
        <translation>RAIN</translation>
    </message>
    <message>
        <source>Do not simulate the city: run on system time and take readings from real feeds only.</source>
        <translation>不模拟城市：按系统时间运行，只接收真实数据源的读数。</translation>
    </message>
    <message>
        <source>--speed must be a number above 0 and at most 600</source>
        <translation>--speed 必须是大于 0 且不超过 600 的数</translation>
    </message>
    <message>
        <source>--rain must be none, light, heavy or extreme</source>
        <translation>--rain 必须是 none、light、heavy 或 extreme</translation>
    </message>
    <message>
        <source>No city scenario found. Looked in:
%1
Name one with --scenario DIR or the environment variable CITYOPS_SCENARIO.</source>
        <translation>找不到城市场景。已查找：
%1
请用 --scenario DIR 或环境变量 CITYOPS_SCENARIO 指定一个。</translation>
    </message>
    <message>
        <source>Screen for the wall display, counting from 0 (default: the primary screen).</source>
        <translation>大屏显示所用的屏幕，从 0 开始编号（默认：主屏幕）。</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>--screen must be a screen number from 0 to %1</source>
        <translation>--screen 必须是 0 到 %1 之间的屏幕编号</translation>
    </message>
    <message>
        <source>The wall display could not load: %1</source>
        <translation>无法加载大屏显示：%1</translation>
    </message>
    <message>
        <source>Select an entity by its ID at start (the inspector shows it).</source>
        <translation>启动时按编号选中一个对象（在检查器中显示）。</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Sessions folder %1: %2</source>
        <translation>会话文件夹 %1：%2</translation>
    </message>
    <message>
        <source>Cannot replay %1: %2</source>
        <translation>无法回放 %1：%2</translation>
    </message>
    <message>
        <source>The recording is not of the scenario %1: no map.</source>
        <translation>该录制文件不属于场景 %1：不显示地图。</translation>
    </message>
    <message>
        <source>Replaying %1</source>
        <translation>正在回放 %1</translation>
    </message>
</context>
<context>
    <name>cityops::ui::AlarmPanel</name>
    <message>
        <source>Filter alarms by kind, place or state</source>
        <translation>按类型、地点或状态筛选告警</translation>
    </message>
    <message>
        <source>&amp;Open only</source>
        <translation>仅未关闭(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Acknowledge (Ctrl+K)</source>
        <translation>确认(&amp;A)（Ctrl+K）</translation>
    </message>
    <message>
        <source>Show on &amp;map</source>
        <translation>在地图上显示(&amp;M)</translation>
    </message>
    <message>
        <source>No open alarms.</source>
        <translation>没有未关闭的告警。</translation>
    </message>
    <message>
        <source>No alarms.</source>
        <translation>没有告警。</translation>
    </message>
    <message>
        <source>New critical alarm: %1</source>
        <translation>新的严重告警：%1</translation>
    </message>
</context>
<context>
    <name>cityops::ui::AlarmsModel</name>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Cleared</source>
        <translation>已解除</translation>
    </message>
    <message>
        <source>Slow traffic</source>
        <translation>交通缓慢</translation>
    </message>
    <message>
        <source>Car park full</source>
        <translation>停车场已满</translation>
    </message>
    <message>
        <source>High water</source>
        <translation>高水位</translation>
    </message>
    <message>
        <source>Water on road</source>
        <translation>道路积水</translation>
    </message>
    <message>
        <source>Service wait</source>
        <translation>办事等候</translation>
    </message>
    <message>
        <source>Stale sensor</source>
        <translation>传感器停报</translation>
    </message>
    <message>
        <source>%1 km/h (alarm below %2)</source>
        <translation>%1 公里/小时（低于 %2 告警）</translation>
    </message>
    <message>
        <source>%1% full (limit %2%)</source>
        <translation>已占 %1%（上限 %2%）</translation>
    </message>
    <message>
        <source>%1 m deep (impassable over %2 m)</source>
        <translation>积水 %1 米（超过 %2 米不可通行）</translation>
    </message>
    <message>
        <source>%1 m (warning %2 m)</source>
        <translation>%1 米（警戒 %2 米）</translation>
    </message>
    <message>
        <source>%1 min (target %2 min)</source>
        <translation>%1 分钟（目标 %2 分钟）</translation>
    </message>
    <message>
        <source>silent for %1</source>
        <translation>已停报 %1</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>发生时间</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Suspected incident</source>
        <translation>疑似事件</translation>
    </message>
    <message>
        <source>%1 km/h here (alarm below %2), flowing downstream</source>
        <translation>此处 %1 公里/小时（低于 %2 告警），下游通畅</translation>
    </message>
    <message>
        <source>Road predicted impassable</source>
        <translation>预测道路将无法通行</translation>
    </message>
    <message>
        <source>over %1 m now (flood prediction)</source>
        <translation>当前已超过 %1 米（积水预测）</translation>
    </message>
    <message>
        <source>over %1 m in %2 min (flood prediction)</source>
        <translation>%2 分钟后超过 %1 米（积水预测）</translation>
    </message>
</context>
<context>
    <name>cityops::ui::Display</name>
    <message>
        <source>Road link</source>
        <translation>路段</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>信号灯</translation>
    </message>
    <message>
        <source>Car park</source>
        <translation>停车场</translation>
    </message>
    <message>
        <source>Rain gauge</source>
        <translation>雨量计</translation>
    </message>
    <message>
        <source>Water level</source>
        <translation>水位站</translation>
    </message>
    <message>
        <source>Service centre</source>
        <translation>服务中心</translation>
    </message>
    <message>
        <source>no data</source>
        <translation>无数据</translation>
    </message>
    <message>
        <source>fresh</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>stale</source>
        <translation>已停报</translation>
    </message>
    <message>
        <source>syntax error</source>
        <translation>语法错误</translation>
    </message>
    <message>
        <source>bad encoding</source>
        <translation>编码错误</translation>
    </message>
    <message>
        <source>line too long</source>
        <translation>行过长</translation>
    </message>
    <message>
        <source>too many tags or fields</source>
        <translation>标签或字段过多</translation>
    </message>
    <message>
        <source>wrong value type</source>
        <translation>值类型错误</translation>
    </message>
    <message>
        <source>number out of range</source>
        <translation>数值超出范围</translation>
    </message>
    <message>
        <source>not a finite number</source>
        <translation>非有限数值</translation>
    </message>
    <message>
        <source>unknown measurement</source>
        <translation>未知测量类型</translation>
    </message>
    <message>
        <source>missing entity tag</source>
        <translation>缺少实体标签</translation>
    </message>
    <message>
        <source>unknown entity</source>
        <translation>未知实体</translation>
    </message>
    <message>
        <source>unknown field</source>
        <translation>未知字段</translation>
    </message>
    <message>
        <source>no known field</source>
        <translation>无已知字段</translation>
    </message>
    <message>
        <source>impossible value</source>
        <translation>不可能的数值</translation>
    </message>
    <message>
        <source>time in the future</source>
        <translation>时间超前</translation>
    </message>
    <message>
        <source>time too old</source>
        <translation>时间过旧</translation>
    </message>
    <message>
        <source>dropped (recorder full)</source>
        <translation>已丢弃（录制队列已满）</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>车速</translation>
    </message>
    <message>
        <source>flow</source>
        <translation>流量</translation>
    </message>
    <message>
        <source>occupancy</source>
        <translation>占有率</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>相位</translation>
    </message>
    <message>
        <source>cycle</source>
        <translation>周期</translation>
    </message>
    <message>
        <source>occupied</source>
        <translation>已占用</translation>
    </message>
    <message>
        <source>capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>rain</source>
        <translation>雨强</translation>
    </message>
    <message>
        <source>level</source>
        <translation>水位</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等候</translation>
    </message>
    <message>
        <source>arrivals</source>
        <translation>到达</translation>
    </message>
    <message>
        <source>served</source>
        <translation>已服务</translation>
    </message>
    <message>
        <source>counters open</source>
        <translation>开放窗口</translation>
    </message>
    <message>
        <source>severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <source>lanes blocked</source>
        <translation>封闭车道</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>km/h</translation>
    </message>
    <message>
        <source>veh/h</source>
        <translation>辆/时</translation>
    </message>
    <message>
        <source>mm/h</source>
        <translation>mm/h</translation>
    </message>
    <message>
        <source>s</source>
        <comment>unit: seconds</comment>
        <translation>秒</translation>
    </message>
    <message>
        <source>m</source>
        <comment>unit: metres</comment>
        <translation>米</translation>
    </message>
    <message>
        <source>%1 s</source>
        <comment>age in seconds</comment>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <comment>age in minutes</comment>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <comment>age in hours and minutes</comment>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 d</source>
        <comment>age in days</comment>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>%1x</source>
        <comment>simulation speed, times real time</comment>
        <translation>%1 倍速</translation>
    </message>
    <message>
        <source>No rain</source>
        <translation>无雨</translation>
    </message>
    <message>
        <source>Light rain</source>
        <translation>小雨</translation>
    </message>
    <message>
        <source>Heavy storm</source>
        <translation>暴雨</translation>
    </message>
    <message>
        <source>Extreme storm (like 20 July 2021)</source>
        <translation>特大暴雨（参照 2021 年 7 月 20 日）</translation>
    </message>
    <message>
        <source>simulator</source>
        <comment>the in-process city simulator as a feed source</comment>
        <translation>城市模拟器</translation>
    </message>
</context>
<context>
    <name>cityops::ui::HistoryJob</name>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>cityops::ui::IncidentReport</name>
    <message>
        <source>raised</source>
        <translation>发生</translation>
    </message>
    <message>
        <source>acknowledged</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>cleared</source>
        <translation>解除</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>CityOps incident report · page %1</source>
        <translation>CityOps 事件报告 · 第 %1 页</translation>
    </message>
    <message>
        <source>%1: %2 to %3 (%4)</source>
        <translation>%1：%2 至 %3（%4）</translation>
    </message>
    <message>
        <source>Prepared by %1 on %2</source>
        <translation>由 %1 于 %2 编制</translation>
    </message>
    <message>
        <source>Lowest network average speed: %1 km/h</source>
        <translation>路网平均车速最低：%1 公里/小时</translation>
    </message>
    <message>
        <source>Highest congestion index: %1%</source>
        <translation>拥堵指数最高：%1%</translation>
    </message>
    <message>
        <source>Fewest free parking spaces: %1</source>
        <translation>空闲停车位最少：%1</translation>
    </message>
    <message>
        <source>Longest service wait: %1 min</source>
        <translation>最长办事等候：%1 分钟</translation>
    </message>
    <message>
        <source>Most open alarms at once: %1; alarms raised: %2; acknowledged: %3</source>
        <translation>同时未关闭告警最多：%1；发生告警：%2；已确认：%3</translation>
    </message>
    <message>
        <source>Key figures over the window</source>
        <translation>时段内关键指标</translation>
    </message>
    <message>
        <source>No map picture was taken at this time.</source>
        <translation>该时刻没有地图截图。</translation>
    </message>
    <message>
        <source>Map at the start (%1)</source>
        <translation>开始时的地图（%1）</translation>
    </message>
    <message>
        <source>Map at the peak (%1)</source>
        <translation>高峰时的地图（%1）</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>No chart data over this window.</source>
        <translation>该时段没有图表数据。</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>告警</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Value / threshold</source>
        <translation>数值 / 阈值</translation>
    </message>
    <message>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message numerus="yes">
        <source>Alarm log (%n event(s))</source>
        <translation>
            <numerusform>告警日志（%n 条事件）</numerusform>
        </translation>
    </message>
    <message>
        <source>No alarm was raised, acknowledged or cleared in this window.</source>
        <translation>该时段内没有告警发生、确认或解除。</translation>
    </message>
</context>
<context>
    <name>cityops::ui::InspectorPanel</name>
    <message>
        <source>Nothing selected. Click a road, car park, station or centre on the map, or an alarm.</source>
        <translation>未选中任何对象。请在地图上点击道路、停车场、监测站或服务中心，或点击一条告警。</translation>
    </message>
    <message numerus="yes">
        <source>Last %n hour(s)</source>
        <translation>
            <numerusform>最近 %n 小时</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Pin to compare</source>
        <translation>固定以对比(&amp;P)</translation>
    </message>
    <message>
        <source>C&amp;lear pinned</source>
        <translation>清除固定(&amp;L)</translation>
    </message>
    <message>
        <source>Export &amp;CSV...</source>
        <translation>导出 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Export chart P&amp;NG...</source>
        <translation>导出图表 PNG(&amp;N)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>No reading yet.</source>
        <translation>尚无读数。</translation>
    </message>
    <message>
        <source>%1
%2, %3 ago</source>
        <translation>%1
%2，%3前</translation>
    </message>
    <message numerus="yes">
        <source>%n pinned: select another of the same kind to compare.</source>
        <translation>
            <numerusform>已固定 %n 个：再选择同类对象进行对比。</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading history...</source>
        <translation>正在加载历史数据…</translation>
    </message>
    <message>
        <source>Time (city)</source>
        <translation>时间（城市当地）</translation>
    </message>
    <message>
        <source>%1 min-max</source>
        <translation>%1 最小–最大</translation>
    </message>
    <message numerus="yes">
        <source>%n point(s) in %1 ms</source>
        <translation>
            <numerusform>%n 个点，用时 %1 毫秒</numerusform>
        </translation>
    </message>
    <message>
        <source>No recorded readings in this range yet.</source>
        <translation>该时段尚无录制的读数。</translation>
    </message>
    <message>
        <source>Export chart as PNG</source>
        <translation>将图表导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Export chart</source>
        <translation>导出图表</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Export readings as CSV</source>
        <translation>将读数导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n row(s) to %1.</source>
        <translation>
            <numerusform>已向 %1 写入 %n 行。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Acknowledge %n active alarm(s) here (Ctrl+Shift+K)</source>
        <translation>
            <numerusform>确认此处 %n 条活动告警（Ctrl+Shift+K）</numerusform>
        </translation>
    </message>
    <message>
        <source>forecast</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>forecast 10-90 %</source>
        <translation>预测 10-90% 区间</translation>
    </message>
    <message>
        <source>Underground car park at risk</source>
        <translation>地下停车场有积水风险</translation>
    </message>
    <message>
        <source>Tunnel at risk</source>
        <translation>隧道有积水风险</translation>
    </message>
    <message>
        <source>Underpass at risk</source>
        <translation>下穿通道有积水风险</translation>
    </message>
    <message>
        <source>%1: water over 0.15 m in %2 min, %3 m deep within %4 min</source>
        <translation>%1：%2 分钟后积水超过0.15米，%4 分钟内最深 %3 米</translation>
    </message>
    <message>
        <source>%1: %2 m deep within %3 min</source>
        <translation>%1：%3 分钟内最深 %2 米</translation>
    </message>
    <message>
        <source>Flooded now: %1 m of water, impassable for cars</source>
        <translation>当前已积水：%1 米，车辆无法通行</translation>
    </message>
    <message>
        <source>Predicted impassable in %1 min, dangerous (over 0.3 m) in %2 min</source>
        <translation>预测 %1 分钟后无法通行，%2 分钟后危险（超过0.3米）</translation>
    </message>
    <message>
        <source>Predicted impassable for cars in %1 min (over 0.15 m)</source>
        <translation>预测 %1 分钟后车辆无法通行（超过0.15米）</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>growing without end</source>
        <translation>持续增长</translation>
    </message>
    <message numerus="yes">
        <source>%n counter(s) keep it under %1 min</source>
        <translation>
            <numerusform>开 %n 个窗口可保持在 %1 分钟以内</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>even all %n counter(s) cannot keep it under %1 min</source>
        <translation>
            <numerusform>即使全部 %n 个窗口也无法保持在 %1 分钟以内</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Arrivals %1/min over the last hour, service %2 min each: expected wait %3 with %n counter(s) open</source>
        <translation>
            <numerusform>最近一小时到达 %1 人/分钟，每人办理 %2 分钟：开放 %n 个窗口时预计等候 %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Overloaded: %1</source>
        <translation>超负荷：%1</translation>
    </message>
    <message>
        <source>In %1 min: %2 arrivals/min expected, wait %3; %4</source>
        <translation>%1 分钟后：预计到达 %2 人/分钟，等候 %3；%4</translation>
    </message>
    <message>
        <source>Phase %1</source>
        <translation>相位 %1</translation>
    </message>
    <message>
        <source>Now: %1 green for %2 s, about %3 s more.</source>
        <translation>当前：%1 绿灯已 %2 秒，约还剩 %3 秒。</translation>
    </message>
    <message>
        <source>Now: %1 green for %2 s, ready to change.</source>
        <translation>当前：%1 绿灯已 %2 秒，可随时切换。</translation>
    </message>
    <message>
        <source>Now: %1 for %2 s more, then %3.</source>
        <translation>当前：%1 还剩 %2 秒，之后为 %3。</translation>
    </message>
    <message>
        <source>amber</source>
        <translation>黄灯</translation>
    </message>
    <message>
        <source>all-red</source>
        <translation>全红</translation>
    </message>
    <message>
        <source>Signal %1 · %2</source>
        <translation>信号灯 %1 · %2</translation>
    </message>
    <message>
        <source>adaptive control</source>
        <translation>自适应控制</translation>
    </message>
    <message>
        <source>fixed-time plan</source>
        <translation>定时方案</translation>
    </message>
    <message>
        <source>Last cycle %1 s.</source>
        <translation>上一周期 %1 秒。</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>相位</translation>
    </message>
    <message>
        <source>Last green</source>
        <translation>上次绿灯</translation>
    </message>
    <message>
        <source>Planned green</source>
        <translation>计划绿灯</translation>
    </message>
    <message>
        <source>Min–max green</source>
        <translation>最短–最长绿灯</translation>
    </message>
    <message>
        <source>Amber + all-red</source>
        <translation>黄灯 + 全红</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>排队</translation>
    </message>
    <message>
        <source>%1 veh</source>
        <translation>%1 辆</translation>
    </message>
    <message>
        <source>Availability forecast: after a whole day has been followed.</source>
        <translation>空位预测：需先跟踪满一整天。</translation>
    </message>
    <message>
        <source>in %1 min: %2 free (%3% full)</source>
        <translation>%1 分钟后：空位 %2（已占 %3%）</translation>
    </message>
    <message>
        <source>Now %1 free; %2</source>
        <translation>当前空位 %1；%2</translation>
    </message>
</context>
<context>
    <name>cityops::ui::KpiChartsPanel</name>
    <message>
        <source>Today (since midnight in the city)</source>
        <translation>今天（自城市当地零点起）</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>最近 24 小时</translation>
    </message>
    <message>
        <source>Last 48 hours</source>
        <translation>最近 48 小时</translation>
    </message>
    <message>
        <source>Average speed (km/h)</source>
        <translation>平均车速（公里/小时）</translation>
    </message>
    <message>
        <source>Congestion index (%)</source>
        <translation>拥堵指数（%）</translation>
    </message>
    <message>
        <source>Free parking spaces (thousands)</source>
        <translation>空闲停车位（千个）</translation>
    </message>
    <message>
        <source>Longest service wait (min)</source>
        <translation>最长办事等候（分钟）</translation>
    </message>
    <message>
        <source>Open alarms</source>
        <translation>未关闭告警</translation>
    </message>
    <message>
        <source>Traffic</source>
        <translation>交通</translation>
    </message>
    <message>
        <source>Parking, services and alarms</source>
        <translation>停车、办事与告警</translation>
    </message>
    <message>
        <source>Adaptive signal control: no what-if yet (Simulation &gt; What-if).</source>
        <translation>自适应信号控制：尚未推演（模拟 &gt; 推演）。</translation>
    </message>
    <message>
        <source>Adaptive signal control over the next %1 min, against the fixed-time plans: average speed %2, delay %3, stops %4.</source>
        <translation>自适应信号控制在未来 %1 分钟内相对定时方案：平均车速 %2，延误 %3，停车次数 %4。</translation>
    </message>
</context>
<context>
    <name>cityops::ui::MainWindow</name>
    <message>
        <source>Filter by kind, ID or name (Ctrl+F)</source>
        <translation>按类型、编号或名称筛选（Ctrl+F）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Sources</source>
        <translation>数据源(&amp;S)</translation>
    </message>
    <message>
        <source>Latest &amp;readings</source>
        <translation>最新读数(&amp;R)</translation>
    </message>
    <message>
        <source>S&amp;tale sensors</source>
        <translation>停报传感器(&amp;T)</translation>
    </message>
    <message>
        <source>Recent re&amp;jections</source>
        <translation>最近拒收(&amp;J)</translation>
    </message>
    <message>
        <source>&amp;Filter readings</source>
        <translation>筛选读数(&amp;F)</translation>
    </message>
    <message>
        <source>F&amp;ull screen</source>
        <translation>全屏(&amp;U)</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>重置布局(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About CityOps</source>
        <translation>关于 CityOps(&amp;A)</translation>
    </message>
    <message>
        <source>About CityOps</source>
        <translation>关于 CityOps</translation>
    </message>
    <message>
        <source>&lt;h3&gt;CityOps %1&lt;/h3&gt;&lt;p&gt;Digital twin of a city operations centre.&lt;/p&gt;&lt;p&gt;Feeds: InfluxDB line protocol over TCP and UDP.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;CityOps %1&lt;/h3&gt;&lt;p&gt;城市运行管理中心数字孪生。&lt;/p&gt;&lt;p&gt;数据接入：通过 TCP 和 UDP 的 InfluxDB 行协议。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Engine time %1</source>
        <translation>引擎时间 %1</translation>
    </message>
    <message>
        <source>Time zone: %1</source>
        <translation>时区：%1</translation>
    </message>
    <message>
        <source>Not recording</source>
        <translation>未录制</translation>
    </message>
    <message>
        <source>Recorded %1 · dropped %2</source>
        <translation>已录制 %1 · 丢弃 %2</translation>
    </message>
    <message>
        <source>Recording: %1</source>
        <translation>录制文件：%1</translation>
    </message>
    <message>
        <source>Write error: %1</source>
        <translation>写入错误：%1</translation>
    </message>
    <message>
        <source>Fresh %1 · stale %2 · no data %3</source>
        <translation>正常 %1 · 停报 %2 · 无数据 %3</translation>
    </message>
    <message>
        <source>CityOps — %1</source>
        <translation>CityOps — %1</translation>
    </message>
    <message>
        <source>Latest readings (%1)</source>
        <translation>最新读数（%1）</translation>
    </message>
    <message>
        <source>Latest readings (%1 of %2)</source>
        <translation>最新读数（%1 / %2）</translation>
    </message>
    <message>
        <source>Sources (%1)</source>
        <translation>数据源（%1）</translation>
    </message>
    <message>
        <source>Stale sensors (%1)</source>
        <translation>停报传感器（%1）</translation>
    </message>
    <message>
        <source>Recent rejections (%1)</source>
        <translation>最近拒收（%1）</translation>
    </message>
    <message>
        <source>Engine stopped</source>
        <translation>引擎已停止</translation>
    </message>
    <message>
        <source>%1 off</source>
        <translation>%1 已关闭</translation>
    </message>
    <message>
        <source>(%1 was busy)</source>
        <translation>（%1 被占用）</translation>
    </message>
    <message>
        <source>Listening %1 · %2</source>
        <translation>监听 %1 · %2</translation>
    </message>
    <message>
        <source>Send InfluxDB line protocol to these ports</source>
        <translation>向这些端口发送 InfluxDB 行协议数据</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The new language applies the next time CityOps starts.</source>
        <translation>新语言将在下次启动 CityOps 时生效。</translation>
    </message>
    <message>
        <source>Waiting for the engine&apos;s first snapshot...</source>
        <translation>正在等待引擎的第一份快照……</translation>
    </message>
    <message>
        <source>No kind, ID or name contains “%1”.</source>
        <translation>没有类型、编号或名称包含“%1”。</translation>
    </message>
    <message>
        <source>No feed has connected yet. Send InfluxDB line protocol to the TCP or UDP port shown in the status bar.</source>
        <translation>尚无数据源接入。请向状态栏所示的 TCP 或 UDP 端口发送 InfluxDB 行协议数据。</translation>
    </message>
    <message>
        <source>Every sensor is reporting.</source>
        <translation>所有传感器均在正常上报。</translation>
    </message>
    <message>
        <source>No rejected lines. Lines that do not parse, name an unknown sensor or carry an impossible value appear here, newest first.</source>
        <translation>暂无拒收的行。无法解析、指向未知传感器或数值不可能的行将显示在这里，最新的在最前。</translation>
    </message>
    <message>
        <source>&amp;Simulation</source>
        <translation>模拟(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Faster</source>
        <translation>加快(&amp;F)</translation>
    </message>
    <message>
        <source>S&amp;lower</source>
        <translation>减慢(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Rain</source>
        <translation>降雨(&amp;R)</translation>
    </message>
    <message>
        <source>Restarts the simulation with this rain; its heaviest hour begins an hour later.</source>
        <translation>以此降雨重新开始模拟；最强的一小时在一小时后开始。</translation>
    </message>
    <message>
        <source>Re&amp;start simulation</source>
        <translation>重新开始模拟(&amp;T)</translation>
    </message>
    <message>
        <source>Simulation</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Simulated time per real second (Ctrl+Plus / Ctrl+Minus)</source>
        <translation>每实际一秒的模拟时间（Ctrl+加号 / Ctrl+减号）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Resume the simulation (Space)</source>
        <translation>继续模拟（空格键）</translation>
    </message>
    <message>
        <source>Pause the simulation (Space)</source>
        <translation>暂停模拟（空格键）</translation>
    </message>
    <message>
        <source>Rain: %1</source>
        <translation>降雨：%1</translation>
    </message>
    <message>
        <source>The heaviest hour of the storm begins at %1 (engine time). Change the rain in the Simulation menu.</source>
        <translation>暴雨最强的一小时于 %1（引擎时间）开始。可在“模拟”菜单中更改降雨。</translation>
    </message>
    <message>
        <source>SIMULATED CITY · PAUSED</source>
        <translation>模拟城市 · 已暂停</translation>
    </message>
    <message>
        <source>SIMULATED CITY · %1 (actual %2)</source>
        <translation>模拟城市 · %1（实际 %2）</translation>
    </message>
    <message>
        <source>SIMULATED CITY · %1</source>
        <translation>模拟城市 · %1</translation>
    </message>
    <message>
        <source>Readings come from the city simulator running inside CityOps, not from real sensors. Engine time runs at %1 real time. Rain: %2.</source>
        <translation>读数来自 CityOps 内运行的城市模拟器，而非真实传感器。引擎时间以 %1运行。降雨：%2。</translation>
    </message>
    <message>
        <source>The simulator cannot keep up with this speed just now; the clock waits for it.</source>
        <translation>模拟器目前跟不上此速度；时钟会等待它。</translation>
    </message>
    <message>
        <source>Rain: %1 · heaviest hour %2–%3</source>
        <translation>降雨：%1 · 最强时段 %2–%3</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>KPI charts</source>
        <translation>指标图表</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>&amp;Traffic speed</source>
        <translation>道路车速(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Parking occupancy</source>
        <translation>停车占用(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Flood depth</source>
        <translation>积水深度(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Service load</source>
        <translation>办事负荷(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Context (districts, water, names)</source>
        <translation>底图（行政区、水系、名称）(&amp;C)</translation>
    </message>
    <message>
        <source>Fit the view to:</source>
        <translation>视图范围：</translation>
    </message>
    <message>
        <source>Export &amp;map as PNG...</source>
        <translation>将地图导出为 PNG(&amp;M)…</translation>
    </message>
    <message>
        <source>Export selection as &amp;CSV...</source>
        <translation>将所选对象导出为 CSV(&amp;C)…</translation>
    </message>
    <message>
        <source>Incident &amp;report (PDF)...</source>
        <translation>事件报告（PDF）(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Operator name...</source>
        <translation>操作员姓名(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Alarms</source>
        <translation>告警(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Inspector</source>
        <translation>检查器(&amp;I)</translation>
    </message>
    <message>
        <source>KPI &amp;charts</source>
        <translation>指标图表(&amp;C)</translation>
    </message>
    <message>
        <source>La&amp;yers</source>
        <translation>图层(&amp;Y)</translation>
    </message>
    <message>
        <source>&amp;Map</source>
        <translation>地图(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Whole city</source>
        <translation>全市(&amp;W)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Acknowledge selected</source>
        <translation>确认所选告警(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Next open alarm</source>
        <translation>下一条未关闭告警(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Sound on a new critical alarm</source>
        <translation>新的严重告警时发出声音(&amp;S)</translation>
    </message>
    <message>
        <source>Readings (%1)</source>
        <translation>读数（%1）</translation>
    </message>
    <message>
        <source>Alarms (%1 open)</source>
        <translation>告警（%1 条未关闭）</translation>
    </message>
    <message>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>操作员姓名</translation>
    </message>
    <message>
        <source>Acknowledgements are recorded under this name:</source>
        <translation>告警确认将以此姓名记录：</translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s) acknowledged by %1</source>
        <translation>
            <numerusform>%1 已确认 %n 条告警</numerusform>
        </translation>
    </message>
    <message>
        <source>Export map</source>
        <translation>导出地图</translation>
    </message>
    <message>
        <source>There is no map to export.</source>
        <translation>没有可导出的地图。</translation>
    </message>
    <message>
        <source>Export map as PNG</source>
        <translation>将地图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Could not write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>导出 CSV</translation>
    </message>
    <message>
        <source>Select an entity on the map or in the readings first; pinned entities are exported with it.</source>
        <translation>请先在地图或读数列表中选中一个对象；已固定的对象会一并导出。</translation>
    </message>
    <message>
        <source>Incident report</source>
        <translation>事件报告</translation>
    </message>
    <message>
        <source>The engine has not published anything yet.</source>
        <translation>引擎尚未发布任何数据。</translation>
    </message>
    <message>
        <source>Hours of engine time up to now to cover:</source>
        <translation>覆盖到当前为止的引擎时间小时数：</translation>
    </message>
    <message>
        <source>Save incident report</source>
        <translation>保存事件报告</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>已写入 %1</translation>
    </message>
    <message>
        <source>Acknowledge alarms at the selected &amp;place</source>
        <translation>确认所选地点的告警(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Water depth shown:</source>
        <translation>显示积水深度(&amp;W)：</translation>
    </message>
    <message>
        <source>Now (estimated from the rain gauges)</source>
        <translation>当前（由雨量站推算）</translation>
    </message>
    <message>
        <source>Predicted in %1 min</source>
        <translation>预测 %1 分钟后</translation>
    </message>
    <message>
        <source>&amp;Open recording...</source>
        <translation>打开录制文件(&amp;O)…</translation>
    </message>
    <message>
        <source>Open recording</source>
        <translation>打开录制文件</translation>
    </message>
    <message>
        <source>CityOps recordings (*.cityops);;All files (*)</source>
        <translation>CityOps 录制文件 (*.cityops);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <source>Cannot start the replay of %1.</source>
        <translation>无法启动 %1 的回放。</translation>
    </message>
    <message>
        <source>Opening the replay of %1 in a new window.</source>
        <translation>正在新窗口中打开 %1 的回放。</translation>
    </message>
    <message>
        <source>&amp;Road speed shown:</source>
        <translation>显示道路车速(&amp;R)：</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>Adaptive &amp;signal control</source>
        <translation>自适应信号控制(&amp;S)</translation>
    </message>
    <message numerus="yes">
        <source>%n signal(s) under adaptive control</source>
        <translation>
            <numerusform>%n 个信号灯改为自适应控制</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n signal(s) back on their fixed-time plans</source>
        <translation>
            <numerusform>%n 个信号灯恢复定时方案</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;What-if: fixed-time vs adaptive</source>
        <translation>推演：定时与自适应对比(&amp;W)</translation>
    </message>
    <message>
        <source>Parking guidance</source>
        <translation>停车诱导</translation>
    </message>
    <message>
        <source>&amp;Car parks shown:</source>
        <translation>显示停车场(&amp;C)：</translation>
    </message>
    <message>
        <source>Service &amp;queues shown:</source>
        <translation>显示办事排队(&amp;Q)：</translation>
    </message>
    <message>
        <source>&amp;Parking guidance: pick a trip</source>
        <translation>停车诱导：选择行程(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Parking guidance</source>
        <translation>停车诱导(&amp;P)</translation>
    </message>
    <message>
        <source>What-if</source>
        <translation>推演</translation>
    </message>
</context>
<context>
    <name>cityops::ui::MapWidget</name>
    <message>
        <source>No city map: the engine runs without a scenario.</source>
        <translation>没有城市地图：引擎未加载场景。</translation>
    </message>
    <message>
        <source>The map could not load: %1</source>
        <translation>地图无法加载：%1</translation>
    </message>
</context>
<context>
    <name>cityops::ui::ParkingGuidancePanel</name>
    <message>
        <source>Click “Pick on the map”, then where the driver is and where they are going.</source>
        <translation>点击“在地图上选择”，再依次点击驾驶人当前位置和目的地。</translation>
    </message>
    <message>
        <source>&amp;Pick on the map</source>
        <translation>在地图上选择(&amp;P)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Ran&amp;k again</source>
        <translation>重新排序(&amp;K)</translation>
    </message>
    <message>
        <source>Car park</source>
        <translation>停车场</translation>
    </message>
    <message>
        <source>Free now</source>
        <translation>当前空位</translation>
    </message>
    <message>
        <source>Free on arrival</source>
        <translation>到达时空位</translation>
    </message>
    <message>
        <source>Drive</source>
        <translation>驾车</translation>
    </message>
    <message>
        <source>Walk</source>
        <translation>步行</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>综合代价</translation>
    </message>
    <message>
        <source>Generalised cost in minutes: drive + 2 × walk + 20 × the risk of finding it full. Lower is better.</source>
        <translation>以分钟计的综合代价：驾车 + 2 × 步行 + 20 × 车位已满的风险。越低越好。</translation>
    </message>
    <message>
        <source>Click where the driver is now.</source>
        <translation>请点击驾驶人当前位置。</translation>
    </message>
    <message>
        <source>Now click where the driver is going.</source>
        <translation>请点击驾驶人的目的地。</translation>
    </message>
    <message>
        <source>No car park has reported yet.</source>
        <translation>尚无停车场上报数据。</translation>
    </message>
    <message>
        <source>No car park within walking distance (1.5 km) of the destination.</source>
        <translation>目的地步行范围（1.5 公里）内没有停车场。</translation>
    </message>
    <message numerus="yes">
        <source>%n car park(s) ranked by the free spaces forecast for the arrival, the walk and the drive.</source>
        <translation>
            <numerusform>已按到达时预测空位、步行距离和驾车时间对 %n 个停车场排序。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n car park(s) ranked by the free spaces now (the forecast needs a whole day of readings), the walk and the drive.</source>
        <translation>
            <numerusform>已按当前空位（预测需一整天的数据）、步行距离和驾车时间对 %n 个停车场排序。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>无法到达</translation>
    </message>
    <message>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
</context>
<context>
    <name>cityops::ui::ReadingsModel</name>
    <message>
        <source>Last reading at %1</source>
        <translation>最近读数时间 %1</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Latest values</source>
        <translation>最新数值</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>距今</translation>
    </message>
    <message>
        <source>Freshness</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未上报</translation>
    </message>
</context>
<context>
    <name>cityops::ui::RejectionsModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>原始行</translation>
    </message>
</context>
<context>
    <name>cityops::ui::ReplayTimeline</name>
    <message>
        <source>Seek to %1</source>
        <translation>跳转到 %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>-1 min</source>
        <translation>−1 分钟</translation>
    </message>
    <message>
        <source>+1 min</source>
        <translation>+1 分钟</translation>
    </message>
    <message>
        <source>Previous alarm</source>
        <translation>上一条告警</translation>
    </message>
    <message>
        <source>Next alarm</source>
        <translation>下一条告警</translation>
    </message>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>The seek failed: %1</source>
        <translation>跳转失败：%1</translation>
    </message>
    <message>
        <source>No preview while dragging: %1</source>
        <translation>拖动时无法预览：%1</translation>
    </message>
    <message>
        <source>The bookmark could not be saved: %1</source>
        <translation>书签无法保存：%1</translation>
    </message>
</context>
<context>
    <name>cityops::ui::SourcesModel</name>
    <message>
        <source>Open TCP connections from this source</source>
        <translation>来自该数据源的 TCP 连接数</translation>
    </message>
    <message>
        <source>Non-blank lines received</source>
        <translation>收到的非空行数</translation>
    </message>
    <message>
        <source>Readings accepted into the live state</source>
        <translation>进入实时状态的读数</translation>
    </message>
    <message>
        <source>Lines rejected (see Recent rejections)</source>
        <translation>被拒收的行数（见“最近拒收”）</translation>
    </message>
    <message>
        <source>Engine time of the last line from this source</source>
        <translation>该数据源最后一行的引擎时间</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已拒收</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最后接收</translation>
    </message>
</context>
<context>
    <name>cityops::ui::TimelineBar</name>
    <message>
        <source>Replay</source>
        <translation>回放</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Replay speed, times real time</source>
        <translation>回放速度（实际时间的倍数）</translation>
    </message>
    <message>
        <source>-1 min</source>
        <translation>−1 分钟</translation>
    </message>
    <message>
        <source>+1 min</source>
        <translation>+1 分钟</translation>
    </message>
    <message>
        <source>Previous alarm</source>
        <translation>上一条告警</translation>
    </message>
    <message>
        <source>Next alarm</source>
        <translation>下一条告警</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Bookmark...</source>
        <translation>添加书签…</translation>
    </message>
    <message>
        <source>Bookmarks</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Bookmark</source>
        <translation>书签</translation>
    </message>
    <message>
        <source>Note for %1:</source>
        <translation>%1 的备注：</translation>
    </message>
    <message>
        <source>Alarm: %1</source>
        <translation>告警：%1</translation>
    </message>
    <message>
        <source>No bookmarks yet</source>
        <translation>暂无书签</translation>
    </message>
</context>
<context>
    <name>cityops::ui::WallKpis</name>
    <message>
        <source>%1 km/h</source>
        <translation>%1 公里/小时</translation>
    </message>
    <message>
        <source>%1% of free flow</source>
        <translation>为畅行速度的 %1%</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>Sensors: %1 fresh, %2 stale</source>
        <translation>传感器：正常 %1 · 停报 %2</translation>
    </message>
    <message>
        <source>City operations</source>
        <translation>城市运行</translation>
    </message>
    <message>
        <source>Network average speed</source>
        <translation>路网平均车速</translation>
    </message>
    <message>
        <source>Congestion index (links below half their limit)</source>
        <translation>拥堵指数（车速低于限速一半的路段）</translation>
    </message>
    <message>
        <source>Free parking spaces</source>
        <translation>空闲停车位</translation>
    </message>
    <message>
        <source>Active flood alerts</source>
        <translation>当前内涝警报</translation>
    </message>
    <message>
        <source>Longest service wait</source>
        <translation>最长办事等候</translation>
    </message>
    <message>
        <source>Newest open alarms</source>
        <translation>最新未关闭告警</translation>
    </message>
    <message>
        <source>No open alarms</source>
        <translation>无未关闭告警</translation>
    </message>
    <message>
        <source>Same time yesterday: no data yet</source>
        <translation>昨日同时段：暂无数据</translation>
    </message>
    <message>
        <source>Same as this time yesterday</source>
        <translation>与昨日同时段持平</translation>
    </message>
    <message>
        <source>%1 km/h faster than this time yesterday</source>
        <translation>比昨日同时段快 %1 公里/小时</translation>
    </message>
    <message>
        <source>%1 km/h slower than this time yesterday</source>
        <translation>比昨日同时段慢 %1 公里/小时</translation>
    </message>
</context>
<context>
    <name>cityops::ui::WallPlaylist</name>
    <message>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <source>%1: traffic and parking</source>
        <translation>%1：交通与停车</translation>
    </message>
    <message>
        <source>Flood risk</source>
        <translation>内涝风险</translation>
    </message>
    <message>
        <source>Service load</source>
        <translation>办事负荷</translation>
    </message>
    <message>
        <source>the wall playlist is not valid JSON: %1</source>
        <translation>大屏轮播列表不是有效的 JSON：%1</translation>
    </message>
    <message>
        <source>the wall playlist must be a non-empty JSON array of views</source>
        <translation>大屏轮播列表必须是非空的视图 JSON 数组</translation>
    </message>
    <message>
        <source>view %1 of the wall playlist has no name</source>
        <translation>大屏轮播列表的第 %1 个视图没有名称</translation>
    </message>
    <message>
        <source>view “%1” of the wall playlist names an unknown district “%2”</source>
        <translation>大屏轮播列表的视图“%1”指定了未知行政区“%2”</translation>
    </message>
    <message>
        <source>view “%1” of the wall playlist names an unknown layer “%2” (known: %3)</source>
        <translation>大屏轮播列表的视图“%1”指定了未知图层“%2”（可用：%3）</translation>
    </message>
</context>
<context>
    <name>cityops::ui::WhatIfJob</name>
    <message>
        <source>The simulation is not running.</source>
        <translation>模拟未在运行。</translation>
    </message>
</context>
<context>
    <name>cityops::ui::WhatIfPanel</name>
    <message>
        <source>The live traffic run forward twice from now: under the fixed-time plans and under adaptive signal control. Roads the flood prediction closes lose their capacity in both.</source>
        <translation>从当前实时交通状态向前推演两次：一次按定时方案，一次按自适应信号控制。积水预测判定将封闭的道路在两次推演中均失去通行能力。</translation>
    </message>
    <message>
        <source>&amp;Ahead:</source>
        <translation>推演时长(&amp;A)：</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Run what-if</source>
        <translation>运行推演(&amp;R)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation>Ctrl+Shift+W</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Refresh every 15 engine minutes</source>
        <translation>每 15 个引擎分钟自动刷新</translation>
    </message>
    <message>
        <source>Simulating… %p %</source>
        <translation>正在模拟… %p %</translation>
    </message>
    <message>
        <source>No what-if yet.</source>
        <translation>尚未推演。</translation>
    </message>
    <message>
        <source>Fixed-time</source>
        <translation>定时</translation>
    </message>
    <message>
        <source>Adaptive</source>
        <translation>自适应</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Average speed (km/h)</source>
        <translation>平均车速（公里/小时）</translation>
    </message>
    <message>
        <source>Delay (vehicle-hours)</source>
        <translation>延误（车·小时）</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>停车次数</translation>
    </message>
    <message>
        <source>Vehicles arrived</source>
        <translation>到达车辆</translation>
    </message>
    <message>
        <source>Network speed over the run (km/h)</source>
        <translation>推演期间路网车速（公里/小时）</translation>
    </message>
    <message>
        <source>Cancelled; the last outcome is still shown.</source>
        <translation>已取消；仍显示上一次结果。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message numerus="yes">
        <source>From %1, %n min ahead, computed in %2 s.</source>
        <translation>
            <numerusform>自 %1 起向前 %n 分钟，计算用时 %2 秒。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n road(s) closed by the flood prediction in both runs.</source>
        <translation>
            <numerusform>两次推演中均有 %n 条道路因积水预测而封闭。</numerusform>
        </translation>
    </message>
    <message>
        <source>minutes from now</source>
        <translation>距现在的分钟数</translation>
    </message>
    <message>
        <source>Fixed-time plans</source>
        <translation>定时方案</translation>
    </message>
    <message>
        <source>Adaptive control</source>
        <translation>自适应控制</translation>
    </message>
</context>
</TS>
