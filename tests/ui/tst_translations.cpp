// The Simplified Chinese translation is complete: no message unfinished or empty, placeholders kept, and
// every string the sources mark for translation today (a fresh lupdate run) is in the file, translated.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {

struct Message {
    QString context;
    QString source;
    QString comment;
    QString translation;
    QStringList numerusForms;
    QString type; ///< the translation's type attribute: "", "unfinished", "vanished", "obsolete"
    bool numerus = false;
};

QList<Message> readTs(const QString &path, QString &error)
{
    QList<Message> out;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = file.errorString();
        return out;
    }
    QXmlStreamReader xml(&file);
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("context")) {
            context.clear();
        } else if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message{};
            current.context = context;
            current.numerus = xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes");
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            current.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (current.numerus) {
                while (xml.readNextStartElement())
                    current.numerusForms << xml.readElementText();
            } else {
                current.translation = xml.readElementText();
            }
            out << current;
        }
    }
    if (xml.hasError())
        error = xml.errorString();
    return out;
}

QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression re(QStringLiteral("%(\\d+|n)"));
    QSet<QString> out;
    for (auto it = re.globalMatch(text); it.hasNext();)
        out.insert(it.next().captured(0));
    return out;
}

QString key(const Message &m)
{
    return m.context + QChar(0) + m.source + QChar(0) + m.comment;
}

const QString kTsFile = QStringLiteral(CITYOPS_SOURCE_DIR "/resources/translations/cityops_zh_CN.ts");

} // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void chineseIsComplete();
    void chineseCoversEveryCurrentString();
};

void TestTranslations::chineseIsComplete()
{
    QString error;
    const auto messages = readTs(kTsFile, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // The window alone has more than this many strings: an empty or truncated file fails here.
    QVERIFY2(messages.size() >= 80, qPrintable(QString::number(messages.size())));
    QStringList problems;
    for (const auto &m : messages) {
        const QString where = m.context + QLatin1String(": \"") + m.source + QLatin1Char('"');
        if (!m.type.isEmpty())
            problems << where + QLatin1String(" is ") + m.type;
        const QStringList forms = m.numerus ? m.numerusForms : QStringList{m.translation};
        for (const QString &form : forms) {
            if (form.trimmed().isEmpty())
                problems << where + QLatin1String(" has an empty translation");
            else if (placeholders(form) != placeholders(m.source))
                problems << where + QLatin1String(" changes the placeholders: ") + form;
        }
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
}

void TestTranslations::chineseCoversEveryCurrentString()
{
    // lupdate reads the sources as they are now; the committed file must translate all of it.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fresh = dir.filePath(QStringLiteral("fresh_zh_CN.ts"));
    QProcess lupdate;
    lupdate.setProcessChannelMode(QProcess::MergedChannels);
    lupdate.start(QStringLiteral(CITYOPS_LUPDATE),
                  {QStringLiteral(CITYOPS_SOURCE_DIR "/ui"), QStringLiteral(CITYOPS_SOURCE_DIR "/app/cityops"),
                   QStringLiteral(CITYOPS_SOURCE_DIR "/qml"), QStringLiteral("-extensions"),
                   QStringLiteral("cpp,h,qml"), QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("-ts"), fresh});
    QVERIFY(lupdate.waitForFinished(120000));
    QVERIFY2(lupdate.exitCode() == 0, lupdate.readAll().constData());

    QString error;
    const auto current = readTs(fresh, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(current.size() >= 80);
    const auto committed = readTs(kTsFile, error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> translated;
    for (const auto &m : committed)
        if (m.type.isEmpty())
            translated.insert(key(m));
    QStringList missing;
    for (const auto &m : current)
        if (!translated.contains(key(m)))
            missing << m.context + QLatin1String(": \"") + m.source + QLatin1Char('"');
    QVERIFY2(missing.isEmpty(), qPrintable(QLatin1String("not translated (run `ninja update_translations` and "
                                                         "translate):\n") + missing.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
