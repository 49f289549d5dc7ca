// The line-protocol parser against a corpus of valid and invalid lines, one verdict per line.
#include "feed/lineprotocol.h"

#include <QtTest>

#include <atomic>
#include <cstdlib>
#include <new>

using namespace cityops::core;

// Counts heap allocations so that the hot path's "no allocation per line" is measured, not assumed.
static std::atomic<long> g_allocations{0};
void *operator new(std::size_t n)
{
    ++g_allocations;
    if (void *p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

Q_DECLARE_METATYPE(cityops::core::RejectReason)

class TestLineProtocol : public QObject {
    Q_OBJECT

private slots:
    void rejects_data();
    void rejects();
    void parsesTypesAndEscapes();
    void blankAndComments();
    void timestampPrecision();
    void noAllocationPerLine();
};

void TestLineProtocol::rejects_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<RejectReason>("reason");
    using R = RejectReason;
    // Grammar
    QTest::newRow("no fields") << QByteArray("traffic,link=L1") << R::Syntax;
    QTest::newRow("no fields, trailing space") << QByteArray("traffic,link=L1 ") << R::Syntax;
    QTest::newRow("empty measurement") << QByteArray(",link=L1 speed_kmh=1") << R::Syntax;
    QTest::newRow("tag without value") << QByteArray("traffic,link= speed_kmh=1") << R::Syntax;
    QTest::newRow("tag without =") << QByteArray("traffic,link speed_kmh=1") << R::Syntax;
    QTest::newRow("empty tag key") << QByteArray("traffic,=L1 speed_kmh=1") << R::Syntax;
    QTest::newRow("field without value") << QByteArray("traffic,link=L1 speed_kmh=") << R::Syntax;
    QTest::newRow("field without =") << QByteArray("traffic,link=L1 speed_kmh") << R::Syntax;
    QTest::newRow("empty field key") << QByteArray("traffic,link=L1 =3") << R::Syntax;
    QTest::newRow("trailing comma") << QByteArray("traffic,link=L1 speed_kmh=3,") << R::Syntax;
    QTest::newRow("number with junk") << QByteArray("traffic,link=L1 speed_kmh=12x") << R::Syntax;
    QTest::newRow("leading plus") << QByteArray("traffic,link=L1 speed_kmh=+12") << R::Syntax;
    QTest::newRow("integer with junk") << QByteArray("traffic,link=L1 phase=1.5i") << R::Syntax;
    QTest::newRow("unterminated string") << QByteArray("traffic,link=L1 note=\"abc") << R::Syntax;
    QTest::newRow("junk after string") << QByteArray("traffic,link=L1 note=\"abc\"x") << R::Syntax;
    QTest::newRow("timestamp not a number") << QByteArray("traffic,link=L1 speed_kmh=1 12:00") << R::Syntax;
    QTest::newRow("timestamp float") << QByteArray("traffic,link=L1 speed_kmh=1 1.5") << R::Syntax;
    QTest::newRow("two timestamps") << QByteArray("traffic,link=L1 speed_kmh=1 1 2") << R::Syntax;
    // Numbers
    QTest::newRow("int64 overflow") << QByteArray("traffic,link=L1 phase=9223372036854775808i") << R::Overflow;
    QTest::newRow("int64 underflow") << QByteArray("traffic,link=L1 phase=-9223372036854775809i") << R::Overflow;
    QTest::newRow("uint64 overflow") << QByteArray("traffic,link=L1 n=18446744073709551616u") << R::Overflow;
    QTest::newRow("float overflow") << QByteArray("traffic,link=L1 speed_kmh=1e999") << R::Overflow;
    QTest::newRow("timestamp overflow") << QByteArray("traffic,link=L1 speed_kmh=1 99999999999999999999") << R::Overflow;
    QTest::newRow("nan") << QByteArray("traffic,link=L1 speed_kmh=nan") << R::NotFinite;
    QTest::newRow("NaN") << QByteArray("traffic,link=L1 speed_kmh=NaN") << R::NotFinite;
    QTest::newRow("inf") << QByteArray("traffic,link=L1 speed_kmh=inf") << R::NotFinite;
    QTest::newRow("-Infinity") << QByteArray("traffic,link=L1 speed_kmh=-Infinity") << R::NotFinite;
    // Encoding
    QTest::newRow("NUL byte") << (QByteArray("traffic,link=L1 speed_kmh=1") + QByteArray(1, '\0')) << R::BadEncoding;
    QTest::newRow("NUL in tag") << (QByteArray("traffic,link=L") + QByteArray(1, '\0') + QByteArray(" speed_kmh=1")) << R::BadEncoding;
    QTest::newRow("invalid byte") << QByteArray("traffic,link=L\xff speed_kmh=1") << R::BadEncoding;
    QTest::newRow("overlong encoding") << QByteArray("traffic,link=L\xc0\x80 speed_kmh=1") << R::BadEncoding;
    QTest::newRow("surrogate") << QByteArray("traffic,link=L\xed\xa0\x80 speed_kmh=1") << R::BadEncoding;
    QTest::newRow("truncated sequence") << QByteArray("traffic,link=L1 speed_kmh=1 \xe4\xb8") << R::BadEncoding;
    QTest::newRow("beyond U+10FFFF") << QByteArray("traffic,link=L\xf4\x90\x80\x80 speed_kmh=1") << R::BadEncoding;
    // Size
    QByteArray manyTags("traffic");
    for (int k = 0; k < ParsedLine::kMaxTags + 1; ++k)
        manyTags += ",t" + QByteArray::number(k) + "=v";
    QTest::newRow("too many tags") << (manyTags + " speed_kmh=1") << R::TooManyTokens;
}

void TestLineProtocol::rejects()
{
    QFETCH(QByteArray, line);
    QFETCH(RejectReason, reason);
    LineParser parser;
    ParsedLine parsed;
    ParseResult result;
    RejectReason got = RejectReason::Dropped;
    QVERIFY2(!parser.parse(std::string_view(line.constData(), static_cast<std::size_t>(line.size())), parsed, result, got),
             "an invalid line was accepted");
    QCOMPARE(rejectReasonName(got), rejectReasonName(reason));
}

void TestLineProtocol::parsesTypesAndEscapes()
{
    LineParser parser;
    ParsedLine p;
    ParseResult result;
    RejectReason reason;
    const std::string line = R"(my\ meas\,x,tag\,key=va\=l\ ue,host=a field\ key="say \"hi\" \\ ok",i=-42i,u=7u,f=-1.5e3,b=t,B=FALSE 1700000000000000000)";
    QVERIFY(parser.parse(line, p, result, reason));
    QCOMPARE(p.measurement, std::string_view("my meas,x"));
    QCOMPARE(p.tagCount, 2);
    QCOMPARE(p.tags[0].key, std::string_view("tag,key"));
    QCOMPARE(p.tags[0].value, std::string_view("va=l ue"));
    QCOMPARE(p.tag("host"), std::string_view("a"));
    QCOMPARE(p.fieldCount, 6);
    QCOMPARE(p.fields[0].key, std::string_view("field key"));
    QCOMPARE(int(p.fields[0].value.type), int(FieldType::String));
    QCOMPARE(p.fields[0].value.s, std::string_view(R"(say "hi" \ ok)"));
    QCOMPARE(int(p.fields[1].value.type), int(FieldType::Integer));
    QCOMPARE(p.fields[1].value.i, -42);
    QCOMPARE(int(p.fields[2].value.type), int(FieldType::Unsigned));
    QCOMPARE(p.fields[2].value.u, 7u);
    QCOMPARE(p.fields[3].value.f, -1500.0);
    QCOMPARE(int(p.fields[4].value.type), int(FieldType::Boolean));
    QVERIFY(p.fields[4].value.b);
    QVERIFY(!p.fields[5].value.b);
    QVERIFY(p.hasTimestamp);
    QCOMPARE(p.timestampNs, 1700000000000000000LL);

    // A string field may hold spaces, commas and equals signs; CRLF endings are fine.
    QVERIFY(parser.parse("m,t=1 s=\"a, b=c d\",x=1 5\r", p, result, reason));
    QCOMPARE(p.fields[0].value.s, std::string_view("a, b=c d"));
    QCOMPARE(p.fields[1].value.f, 1.0);
    QCOMPARE(p.timestampNs, 5);

    // Non-ASCII UTF-8 in tags (Chinese entity names) is valid.
    QVERIFY(parser.parse("parking,facility=二七广场 occupied=3i", p, result, reason));
    QCOMPARE(p.tag("facility"), std::string_view("二七广场"));
    QVERIFY(!p.hasTimestamp);

    // Negative timestamps (before 1970) are valid line protocol.
    QVERIFY(parser.parse("m f=1 -5", p, result, reason));
    QCOMPARE(p.timestampNs, -5);
}

void TestLineProtocol::blankAndComments()
{
    LineParser parser;
    ParsedLine p;
    ParseResult result;
    RejectReason reason;
    for (const char *line : {"", "   ", "\r", "# a comment", "  # indented comment"}) {
        QVERIFY(parser.parse(line, p, result, reason));
        QCOMPARE(int(result), int(ParseResult::Blank));
    }
}

void TestLineProtocol::timestampPrecision()
{
    ParsedLine p;
    ParseResult result;
    RejectReason reason;
    const struct { TimePrecision precision; std::int64_t factor; } cases[] = {
        {TimePrecision::Nanoseconds, 1}, {TimePrecision::Microseconds, 1000},
        {TimePrecision::Milliseconds, 1000000}, {TimePrecision::Seconds, 1000000000}};
    for (const auto &c : cases) {
        LineParser parser(c.precision);
        QVERIFY(parser.parse("m f=1 1700000000", p, result, reason));
        QCOMPARE(p.timestampNs, 1700000000LL * c.factor);
    }
    // Seconds that overflow once scaled to nanoseconds.
    LineParser seconds(TimePrecision::Seconds);
    QVERIFY(!seconds.parse("m f=1 9300000000000", p, result, reason));
    QCOMPARE(int(reason), int(RejectReason::Overflow));
    TimePrecision tp;
    QVERIFY(parseTimePrecision("ms", tp));
    QCOMPARE(int(tp), int(TimePrecision::Milliseconds));
    QVERIFY(!parseTimePrecision("minutes", tp));
}

void TestLineProtocol::noAllocationPerLine()
{
    LineParser parser;
    ParsedLine p;
    ParseResult result;
    RejectReason reason;
    const std::string lines[] = {
        "traffic,link=L00001 speed_kmh=42.5,flow_vph=1200,occupancy=0.25 1700000000000000000",
        R"(traffic,link=L\ 2,host=gw speed_kmh=40 1700000000000000001)",
        R"(service,center=C00001 waiting=12i,arrivals=3i,served=2i,counters_open=4i,note="a \"b\"")",
        "traffic,link=L1 speed_kmh=nan",
    };
    // Warm up: the scratch buffer grows to the longest line once.
    for (const auto &l : lines)
        parser.parse(l, p, result, reason);
    const long before = g_allocations.load();
    for (int k = 0; k < 10000; ++k)
        parser.parse(lines[k % 4], p, result, reason);
    QCOMPARE(g_allocations.load() - before, 0L);
}

QTEST_GUILESS_MAIN(TestLineProtocol)
#include "tst_lineprotocol.moc"
